"""A resident registered by a mediator takes the account over with a printed one-time code."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from endavant.accounts import services
from endavant.accounts.models import ClaimCode, User
from endavant.core.models import AuditEntry
from endavant.core.services import ApplicationError

pytestmark = pytest.mark.django_db

PASSWORD = "un mot de passe solide 66"


@pytest.fixture
def mediator(role_user):
    return role_user("mediator")


@pytest.fixture
def resident(mediator):
    return services.account_register_resident(
        actor=mediator, full_name="Jeanne Habitante", home_commune=None, purposes=["account"]
    )


def _claim(client, code, email="jeanne@example.org", password=PASSWORD):
    return client.post(
        "/compte/reclamer/",
        {"code": code, "email": email, "password1": password, "password2": password},
    )


def test_the_mediator_prints_a_code_and_the_resident_takes_the_account(client, mediator, resident):
    client.force_login(mediator)
    page = client.post(f"/gestion/comptes/resident/{resident.pk}/code/")
    assert page.status_code == 200
    code = page.context["code"]
    assert code.startswith(f"{ClaimCode.objects.get().pk}-")
    # Only a hash is kept.
    secret = code.split("-", 1)[1].replace("-", "")
    assert secret not in ClaimCode.objects.get().secret_hash
    client.logout()

    response = _claim(client, code.lower().replace("-", " - "))
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.email == "jeanne@example.org"
    assert resident.check_password(PASSWORD)
    assert client.login(email="jeanne@example.org", password=PASSWORD)
    assert AuditEntry.objects.filter(action="account.claim").count() == 1
    # The code works once.
    client.logout()
    again = _claim(client, code, email="other@example.org")
    assert again.status_code == 200
    assert "pas valable" in again.content.decode()
    assert User.objects.filter(email="other@example.org").count() == 0


def test_expired_withdrawn_or_wrong_codes_are_refused_alike(mediator, resident):
    first = services.claim_code_issue(actor=mediator, user=resident)
    second = services.claim_code_issue(actor=mediator, user=resident)
    for code in (first, second[:-1] + ("A" if second[-1] != "A" else "B"), "12-nonsense", ""):
        with pytest.raises(ApplicationError) as error:
            services.account_claim(code=code, email="j@example.org", password=PASSWORD, ip=None)
        assert error.value.code == "claim_invalid"
    ClaimCode.objects.filter(withdrawn_at__isnull=True).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    with pytest.raises(ApplicationError) as error:
        services.account_claim(code=second, email="j@example.org", password=PASSWORD, ip=None)
    assert error.value.code == "claim_invalid"
    resident.refresh_from_db()
    assert resident.email is None


def test_a_taken_address_or_a_weak_password_loses_nothing(mediator, resident, django_user_model):
    django_user_model.objects.create_user(email="taken@example.org", password=PASSWORD)
    code = services.claim_code_issue(actor=mediator, user=resident)
    with pytest.raises(ApplicationError) as error:
        services.account_claim(code=code, email="TAKEN@example.org", password=PASSWORD, ip=None)
    assert error.value.code == "email_taken"
    with pytest.raises(ApplicationError) as error:
        services.account_claim(code=code, email="new@example.org", password="1234", ip=None)
    assert error.value.code == "password"
    # The code still works after those refusals.
    user = services.account_claim(code=code, email="new@example.org", password=PASSWORD, ip=None)
    assert user.pk == resident.pk


def test_guessing_codes_is_throttled(mediator, resident):
    code = services.claim_code_issue(actor=mediator, user=resident)
    wrong = code[:-1] + ("A" if code[-1] != "A" else "B")
    codes = set()
    for _ in range(30):
        with pytest.raises(ApplicationError) as error:
            services.account_claim(
                code=wrong, email="j@example.org", password=PASSWORD, ip="10.0.0.9"
            )
        codes.add(error.value.code)
        if error.value.code == "rate_limited":
            break
    assert "rate_limited" in codes


def test_an_account_with_an_email_gets_no_code(mediator, django_user_model):
    person = django_user_model.objects.create_user(email="has@example.org", password=PASSWORD)
    with pytest.raises(ApplicationError) as error:
        services.claim_code_issue(actor=mediator, user=person)
    assert error.value.code == "has_email"
