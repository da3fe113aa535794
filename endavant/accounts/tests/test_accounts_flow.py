"""Sign-up with e-mail confirmation, throttled login, password reset, profile, mediated sign-up."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import override_settings
from freezegun import freeze_time

from endavant.accounts.models import LoginFailure, User
from endavant.accounts.roles import make_user_with_role
from endavant.actors.models import Consent, Person
from endavant.actors.tests.factories import CommuneFactory
from endavant.core.models import AuditEntry

pytestmark = pytest.mark.django_db

PASSWORD = "a-Long-pass-phrase-1"


def _sign_up(client, django_capture_on_commit_callbacks, **extra):
    data = {
        "email": "lea@example.org",
        "full_name": "Léa",
        "password1": "Une phrase de passe solide",
        "password2": "Une phrase de passe solide",
        "consent": "on",
        **extra,
    }
    with django_capture_on_commit_callbacks(execute=True):
        return client.post("/compte/inscription/", data)


def test_sign_up_sends_a_link_and_the_account_works_only_after_it(
    client, django_capture_on_commit_callbacks
):
    """The account is inactive until the e-mailed link is followed; the link works once."""
    commune = CommuneFactory(name="Prades", code="66149")
    response = _sign_up(client, django_capture_on_commit_callbacks, home_commune="prades")
    assert response.status_code == 302
    user = User.objects.get(email="lea@example.org")
    assert not user.is_active
    assert user.home_commune == commune
    assert Consent.objects.filter(user=user, purpose="account").exists()
    assert not client.login(email="lea@example.org", password="Une phrase de passe solide")
    link = re.search(r"http://testserver(/compte/confirmer/\S+)", mail.outbox[0].body).group(1)
    assert client.get(link).status_code == 302
    user.refresh_from_db()
    assert user.is_active
    assert client.get(link).status_code == 200  # second use: "this link does not work"
    assert "ne fonctionne pas" in client.get(link).content.decode()


def _page(client, path: str) -> str:
    """The page without its CSRF token (a new one each time)."""
    return re.sub(
        r'name="csrfmiddlewaretoken" value="[^"]*"', "", client.get(path).content.decode()
    )


def test_sign_up_refuses_mismatched_passwords(client, django_capture_on_commit_callbacks):
    """Errors are shown on the form, in French, and nothing is created."""
    response = _sign_up(client, django_capture_on_commit_callbacks, password2="autre chose 123")
    assert response.status_code == 200
    assert "Les deux mots de passe diffèrent" in response.content.decode()
    assert not User.objects.exists()


def test_sign_up_with_a_used_address_answers_the_same_and_warns_the_owner(
    client, django_capture_on_commit_callbacks
):
    """Same redirect and page as for a new address; nothing is created or changed, and the owner
    of the address is told by e-mail, with the links to log in and to reset the password."""
    new = _sign_up(client, django_capture_on_commit_callbacks, email="nouvelle@example.org")
    owner = User.objects.create_user(email="lea@example.org", password=PASSWORD)
    used = _sign_up(client, django_capture_on_commit_callbacks)
    assert (used.status_code, used["Location"]) == (new.status_code, new["Location"])
    assert _page(client, used["Location"]) == _page(client, new["Location"])
    assert User.objects.count() == 2
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)
    assert not AuditEntry.objects.filter(action="account.sign_up", object_id=str(owner.pk))
    notice = mail.outbox[-1]
    assert notice.to == ["lea@example.org"]
    assert "http://testserver/compte/connexion/" in notice.body
    assert "http://testserver/compte/mot-de-passe/" in notice.body


def test_ambiguous_commune_name_asks_for_the_insee_code(client):
    """Two communes with the same name: the form lists both codes instead of guessing."""
    CommuneFactory(name="Villeneuve", code="66230")
    CommuneFactory(name="Villeneuve", code="66231")
    user = make_user_with_role("participant")
    client.force_login(user)
    response = client.post("/compte/", {"full_name": "X", "home_commune": "villeneuve"})
    assert "66230" in response.content.decode()
    assert "66231" in response.content.decode()
    response = client.post("/compte/", {"full_name": "X", "home_commune": "Villeneuve (66231)"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.home_commune.code == "66231"


def test_commune_lookup_ignores_accents_and_case(client):
    """Typing "ille-sur-tet" finds Ille-sur-Têt."""
    CommuneFactory(name="Ille-sur-Têt", code="66088")
    client.force_login(make_user_with_role("participant"))
    client.post("/compte/", {"full_name": "X", "home_commune": "ille-sur-tet"})
    assert User.objects.get(email="participant@example.org").home_commune.code == "66088"


@override_settings(ENDAVANT_LOGIN_MAX_FAILURES_PER_ACCOUNT=3)
def test_login_is_blocked_after_repeated_failures_even_with_the_right_password(client):
    """After 3 failures the account is blocked with a clear message; 15 minutes later it works."""
    User.objects.create_user(email="anna@example.org", password=PASSWORD)
    with freeze_time("2026-03-01 10:00"):
        for _attempt in range(3):
            response = client.post(
                "/compte/connexion/", {"username": "anna@example.org", "password": "wrong"}
            )
            assert response.status_code == 200
        response = client.post(
            "/compte/connexion/", {"username": "anna@example.org", "password": PASSWORD}
        )
        assert response.status_code == 200
        assert "Trop de tentatives" in response.content.decode()
        assert LoginFailure.objects.count() == 3
    with freeze_time("2026-03-01 10:16"):
        response = client.post(
            "/compte/connexion/", {"username": "anna@example.org", "password": PASSWORD}
        )
        assert response.status_code == 302
        assert response["Location"] == "/compte/"
    assert not LoginFailure.objects.filter(email="anna@example.org").exists()


@override_settings(ENDAVANT_LOGIN_MAX_FAILURES_PER_IP=4)
def test_login_is_blocked_per_address_across_accounts(client):
    """Trying many accounts from one IP is blocked too."""
    User.objects.create_user(email="zoe@example.org", password=PASSWORD)
    for index in range(4):
        client.post(
            "/compte/connexion/", {"username": f"x{index}@example.org", "password": "wrong"}
        )
    response = client.post(
        "/compte/connexion/", {"username": "zoe@example.org", "password": PASSWORD}
    )
    assert "Trop de tentatives" in response.content.decode()


def test_password_reset_sends_a_french_link_that_sets_a_new_password(client):
    """Django's reset flow, on the platform's pages and French e-mail."""
    User.objects.create_user(email="reset@example.org", password=PASSWORD)
    response = client.post("/compte/mot-de-passe/", {"email": "reset@example.org"})
    assert response["Location"] == "/compte/mot-de-passe/envoye/"
    assert "nouveau mot de passe" in mail.outbox[0].body
    path = re.search(r"http://testserver(/compte/mot-de-passe/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(path, follow=True)
    new = "Encore une autre phrase longue"
    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert response["Location"] == "/compte/mot-de-passe/termine/"
    assert client.login(email="reset@example.org", password=new)


def test_logout_is_a_post(client):
    """GET does not log out; POST does and goes home."""
    client.force_login(make_user_with_role("participant"))
    assert client.get("/compte/deconnexion/").status_code == 405
    assert client.post("/compte/deconnexion/")["Location"] == "/"
    assert client.get("/compte/").status_code == 302


def test_mediator_registers_a_resident_without_email_with_consent_recorded(client):
    """The account has no e-mail or password; consents and the audit row name the mediator."""
    mediator = make_user_with_role("mediator")
    client.force_login(mediator)
    commune = CommuneFactory(code="66149", name="Prades")
    response = client.post(
        "/gestion/comptes/resident/",
        {
            "full_name": "Joan Exemple",
            "home_commune": "Prades",
            "purposes": ["account", "directory"],
        },
    )
    assert response.status_code == 302
    user = User.objects.get(full_name="Joan Exemple")
    assert user.email is None
    assert not user.has_usable_password()
    assert Person.objects.get(user=user).home_commune == commune
    consents = Consent.objects.filter(user=user)
    assert {c.purpose for c in consents} == {"account", "directory"}
    assert all(c.recorded_by == mediator and c.text_version for c in consents)
    entry = AuditEntry.objects.get(action="account.register_resident")
    assert entry.actor == mediator
    assert entry.after["consents"] == ["account", "directory"]


def test_resident_account_needs_the_account_consent(client):
    """Without the "account" consent nothing is created and the form says why."""
    client.force_login(make_user_with_role("mediator"))
    response = client.post(
        "/gestion/comptes/resident/", {"full_name": "Joan", "purposes": ["directory"]}
    )
    assert response.status_code == 200
    assert not User.objects.filter(full_name="Joan").exists()
