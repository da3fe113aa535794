"""Accounts under attack: login throttling that parallel requests cannot outrun, the admin login
under the same throttle, sign-up and password reset limited per address and per IP, sign-up that
does not reveal who has an account, and a password reset that lifts the lockout."""

from __future__ import annotations

import re
import threading
import time

import pytest
from django.core import mail
from django.test import Client, override_settings
from freezegun import freeze_time

from endavant.accounts.models import LoginFailure, User
from endavant.core.models import AuditEntry
from endavant.core.testing.concurrency import errors, run_in_parallel, skip_without_parallel_writes

PASSWORD = "a-Long-pass-phrase-1"
THROTTLED = "Trop de tentatives"
LIMITED = "Trop de demandes"
ANNA = "anna@example.org"
LEA = "lea@example.org"


@pytest.fixture
def counted_password_checks(monkeypatch):
    """Count the password checks, each slowed to the pace of a real hasher (Argon2)."""
    calls: list[str] = []
    lock = threading.Lock()
    original = User.check_password

    def check_password(user, raw_password):
        with lock:
            calls.append(user.email)
        time.sleep(0.05)
        return original(user, raw_password)

    monkeypatch.setattr(User, "check_password", check_password)
    return calls


def _login(client: Client, password: str, path: str = "/compte/connexion/", email: str = ANNA):
    return client.post(path, {"username": email, "password": password})


@pytest.mark.django_db(transaction=True)
def test_parallel_wrong_passwords_cannot_test_more_than_the_limit(counted_password_checks):
    """Twenty wrong passwords for one account at the same instant: at most five are checked
    (each counted as a failure), the others are refused without checking anything; the
    attempts that follow, one by one, never bring the total above five, and then even the right
    password is refused unchecked."""
    skip_without_parallel_writes()
    User.objects.create_user(email=ANNA, password=PASSWORD)

    def attempt(n: int):
        return lambda: _login(Client(), f"wrong-{n}")

    outcomes = run_in_parallel([attempt(n) for n in range(20)])
    assert not errors(outcomes)
    pages = [outcome.result.content.decode() for outcome in outcomes]
    checked = len(counted_password_checks)
    assert checked <= 5
    assert LoginFailure.objects.filter(email=ANNA).count() == checked
    assert sum(THROTTLED in page for page in pages) == 20 - checked
    client = Client()
    for n in range(10):
        _login(client, f"again-{n}")
    response = _login(client, PASSWORD)
    assert THROTTLED in response.content.decode()
    assert len(counted_password_checks) == 5


@override_settings(ENDAVANT_LOGIN_MAX_FAILURES_PER_ACCOUNT=3)
@pytest.mark.django_db
def test_a_post_without_password_neither_counts_nor_clears_the_failures(client):
    """Sending the form with an empty password checks nothing, so it must not reset the count
    (it used to: two failures, an empty post, two more failures and the account was not
    blocked)."""
    User.objects.create_user(email=ANNA, password=PASSWORD)
    for password in ("wrong-1", "wrong-2", "", "wrong-3"):
        _login(client, password)
    assert LoginFailure.objects.filter(email=ANNA).count() == 3
    assert THROTTLED in _login(client, PASSWORD).content.decode()


@pytest.mark.django_db
def test_the_admin_login_shares_the_throttle_of_the_site(client):
    """Three failures on the site and two on the admin block both, even with the right
    password; the admin says why."""
    User.objects.create_user(email=ANNA, password=PASSWORD, is_staff=True, is_superuser=True)
    for n in range(3):
        _login(client, f"wrong-{n}")
    for n in range(2):
        response = _login(client, f"wrong-admin-{n}", path="/admin/login/")
        assert response.status_code == 200
    admin = _login(client, PASSWORD, path="/admin/login/?next=/admin/")
    assert admin.status_code == 200
    assert THROTTLED in admin.content.decode()
    assert THROTTLED in _login(client, PASSWORD).content.decode()
    assert LoginFailure.objects.filter(email=ANNA).count() == 5


@pytest.mark.django_db
def test_the_admin_login_still_works_and_clears_the_failures(client):
    """Below the limit, the right password opens the admin and forgets the failures."""
    User.objects.create_user(email=ANNA, password=PASSWORD, is_staff=True, is_superuser=True)
    _login(client, "wrong", path="/admin/login/")
    response = _login(client, PASSWORD, path="/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert not LoginFailure.objects.exists()


def _sign_up(client: Client, email: str, ip: str = "192.0.2.1"):
    data = {
        "email": email,
        "full_name": "Léa",
        "password1": "Une phrase de passe solide",
        "password2": "Une phrase de passe solide",
        "consent": "on",
    }
    return client.post("/compte/inscription/", data, REMOTE_ADDR=ip)


def _reset(client: Client, email: str, ip: str = "192.0.2.1"):
    return client.post("/compte/mot-de-passe/", {"email": email}, REMOTE_ADDR=ip)


@override_settings(
    ENDAVANT_ACCOUNT_REQUESTS_MAX_PER_ADDRESS=2, ENDAVANT_ACCOUNT_REQUESTS_MAX_PER_IP=3
)
@pytest.mark.django_db
def test_sign_up_is_limited_per_address_and_per_ip(client, django_capture_on_commit_callbacks):
    """Two requests per address and three per IP within the hour (here): beyond, the form says
    to wait and nothing is sent; an hour later it works again."""
    with freeze_time("2026-03-01 10:00"), django_capture_on_commit_callbacks(execute=True):
        assert _sign_up(client, LEA).status_code == 302
        assert _sign_up(client, LEA, ip="192.0.2.2").status_code == 302
        refused = _sign_up(client, LEA, ip="192.0.2.3")
        assert refused.status_code == 200
        assert LIMITED in refused.content.decode()
        assert _sign_up(client, "autre@example.org").status_code == 302
        assert _sign_up(client, "encore@example.org").status_code == 302
        assert LIMITED in _sign_up(client, "une-de-plus@example.org").content.decode()
    assert len(mail.outbox) == 4
    assert not User.objects.filter(email="une-de-plus@example.org").exists()
    with freeze_time("2026-03-01 11:01"), django_capture_on_commit_callbacks(execute=True):
        assert _sign_up(client, "une-de-plus@example.org").status_code == 302


@override_settings(
    ENDAVANT_ACCOUNT_REQUESTS_MAX_PER_ADDRESS=2, ENDAVANT_ACCOUNT_REQUESTS_MAX_PER_IP=3
)
@pytest.mark.django_db
def test_password_reset_is_limited_per_address_and_per_ip(client):
    """The same limits for reset links, whether or not the address has an account."""
    User.objects.create_user(email=ANNA, password=PASSWORD)
    assert _reset(client, ANNA).status_code == 302
    assert _reset(client, ANNA, ip="192.0.2.2").status_code == 302
    assert LIMITED in _reset(client, ANNA, ip="192.0.2.3").content.decode()
    assert len(mail.outbox) == 2
    assert _reset(client, "personne@example.org").status_code == 302
    assert _reset(client, "quelquun@example.org").status_code == 302
    assert LIMITED in _reset(client, "une-de-plus@example.org").content.decode()


@pytest.mark.django_db(transaction=True)
def test_parallel_reset_requests_send_no_more_than_the_limit():
    """Twelve reset requests for one address at the same instant, from twelve IPs: at most five
    links are sent (the limit per address), and every other request is told to wait."""
    skip_without_parallel_writes()
    User.objects.create_user(email=ANNA, password=PASSWORD)
    outcomes = run_in_parallel(
        [lambda n=n: _reset(Client(), ANNA, ip=f"192.0.2.{n + 1}") for n in range(12)]
    )
    assert not errors(outcomes)
    sent = [outcome.result for outcome in outcomes if outcome.result.status_code == 302]
    assert len(sent) <= 5
    assert len(mail.outbox) == len(sent)
    refused = [outcome.result for outcome in outcomes if outcome.result.status_code == 200]
    assert len(refused) == 12 - len(sent)
    assert all(LIMITED in response.content.decode() for response in refused)


@pytest.mark.django_db
def test_nobody_can_claim_an_address_with_a_password_of_their_own(
    client, django_capture_on_commit_callbacks
):
    """Someone signs up with Léa's address and their own password; when Léa signs up she gets
    the same answer and a link to choose her password, which confirms the account. The
    intruder's password no longer works, nor does the first confirmation link."""
    with django_capture_on_commit_callbacks(execute=True):
        _sign_up(client, LEA)  # the intruder, with "Une phrase de passe solide"
    first_link = _link(mail.outbox[0].body, "/compte/confirmer/")
    with django_capture_on_commit_callbacks(execute=True):
        assert _sign_up(client, LEA)["Location"] == "/compte/inscription/envoyee/"
    assert User.objects.filter(email=LEA).count() == 1
    notice = mail.outbox[1]
    assert notice.to == [LEA]
    choose = client.get(_link(notice.body, "/compte/mot-de-passe/"), follow=True)
    mine = "Ma propre phrase de passe"
    done = client.post(choose.redirect_chain[-1][0], {"new_password1": mine, "new_password2": mine})
    assert done["Location"] == "/compte/mot-de-passe/termine/"
    lea = User.objects.get(email=LEA)
    assert lea.is_active
    assert lea.check_password(mine)
    assert not lea.check_password("Une phrase de passe solide")
    assert "ne fonctionne pas" in client.get(first_link).content.decode()
    entry = AuditEntry.objects.get(action="account.password_reset")
    assert entry.after == {"login_failures_cleared": 0, "confirmed": True}


@pytest.mark.django_db
def test_a_password_reset_lifts_the_lockout(client):
    """Blocked after five failures, the person resets the password by e-mail and can log in at
    once: the failures of the address are deleted, and the audit log says so."""
    user = User.objects.create_user(email=ANNA, password=PASSWORD)
    for n in range(5):
        _login(client, f"wrong-{n}")
    assert THROTTLED in _login(client, PASSWORD).content.decode()
    _reset(client, ANNA)
    form = client.get(_link(mail.outbox[0].body, "/compte/mot-de-passe/"), follow=True)
    new = "Encore une autre phrase longue"
    client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert not LoginFailure.objects.filter(email=ANNA).exists()
    assert _login(client, new)["Location"] == "/compte/"
    entry = AuditEntry.objects.get(action="account.password_reset", object_id=str(user.pk))
    assert entry.after == {"login_failures_cleared": 5, "confirmed": False}


def _link(body: str, prefix: str) -> str:
    return re.search(rf"http://testserver({prefix}\S+)", body).group(1)
