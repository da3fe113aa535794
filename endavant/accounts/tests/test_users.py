"""The user model: e-mail login, accounts without e-mail for mediated residents."""

from __future__ import annotations

import pytest

from endavant.accounts.models import User

pytestmark = pytest.mark.django_db


def test_user_logs_in_with_email(client):
    """A user created with an e-mail and password can log in with them."""
    User.objects.create_user(email="Anna@Example.org", password="correct horse battery")
    assert client.login(email="Anna@example.org", password="correct horse battery")


def test_several_accounts_without_email_can_exist():
    """Residents registered by a mediator have no e-mail and no usable password."""
    first = User.objects.create_user(full_name="Resident one")
    second = User.objects.create_user(full_name="Resident two")
    assert first.email is None
    assert second.email is None
    assert not first.has_usable_password()
    assert str(first) == "Resident one"
