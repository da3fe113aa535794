"""Personal-data rights (export, erasure, retention) and platform roles with their audit trail."""

from __future__ import annotations

import datetime
import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from freezegun import freeze_time

from endavant.accounts.models import User
from endavant.accounts.privacy import ANONYMOUS_NAME
from endavant.accounts.roles import make_user_with_role
from endavant.actors.models import Consent, Membership, Person
from endavant.actors.tests.factories import MembershipFactory, PersonFactory
from endavant.core.models import AuditEntry, ParticipationEvent
from endavant.core.services import participation_record

pytestmark = pytest.mark.django_db


def _person_with_everything(user: User) -> Person:
    person = PersonFactory(user=user, full_name="Núria Exemple", phone="0600000000")
    MembershipFactory(person=person, role=Membership.Role.ELECTED_OFFICIAL)
    Consent.objects.create(user=user, person=person, purpose="directory", text_version="v1")
    participation_record(kind="ballot.vote", participant=user, commune_code="66149")
    return person


def test_my_data_is_a_zip_of_json_and_csv_with_everything_about_me(client):
    """Account, person, memberships, consents, participation events, in JSON and CSV."""
    user = make_user_with_role("participant")
    _person_with_everything(user)
    client.force_login(user)
    response = client.get("/compte/mes-donnees/")
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert {"data.json", "account.csv", "memberships.csv", "consents.csv"} <= set(
        archive.namelist()
    )
    data = json.loads(archive.read("data.json"))
    assert data["account"][0]["email"] == "participant@example.org"
    assert data["person"][0]["phone"] == "0600000000"
    assert data["memberships"][0]["role"] == "elected_official"
    assert data["participation_events"][0]["commune_code"] == "66149"
    assert "Núria Exemple" in archive.read("person.csv").decode()


def test_erasure_pseudonymises_and_keeps_counts(client):
    """After erasure: no e-mail, anonymous name, no login, no directory data; events remain."""
    user = make_user_with_role("moderator")
    _person_with_everything(user)
    client.force_login(user)
    assert client.get("/compte/supprimer/").status_code == 200
    response = client.post("/compte/supprimer/", {})
    assert response.status_code == 200  # confirmation box not ticked: nothing happens
    response = client.post("/compte/supprimer/", {"confirm": "on"})
    assert response["Location"] == "/"
    user.refresh_from_db()
    assert user.email is None
    assert user.full_name == ANONYMOUS_NAME
    assert not user.is_active
    assert not user.has_usable_password()
    assert not user.groups.exists()
    assert not Person.objects.exists()
    assert not Membership.objects.exists()
    assert not Consent.objects.exists()
    assert ParticipationEvent.objects.filter(participant=user).count() == 1
    entry = AuditEntry.objects.get(action="account.erase")
    assert entry.before is None
    assert "Núria" not in str(entry.after)
    assert client.get("/compte/").status_code == 302


@override_settings(ENDAVANT_INACTIVE_ACCOUNT_RETENTION_DAYS=30)
def test_purge_erases_accounts_unused_beyond_the_retention_setting():
    """The command reads the setting at call time; --dry-run changes nothing; admins are kept."""
    with freeze_time("2026-01-01"):
        old = User.objects.create_user(email="old@example.org", password="x-Long-pass-1")
        make_user_with_role("administrator", email="admin@example.org")
    with freeze_time("2026-02-15"):
        recent = User.objects.create_user(email="new@example.org", password="x-Long-pass-1")
        out = io.StringIO()
        call_command("purge_inactive_accounts", "--dry-run", stdout=out)
        assert "1 account(s)" in out.getvalue()
        old.refresh_from_db()
        assert old.email == "old@example.org"
        call_command("purge_inactive_accounts", stdout=io.StringIO())
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.email is None
    assert old.full_name == ANONYMOUS_NAME
    assert recent.email == "new@example.org"
    assert User.objects.get(email="admin@example.org").is_active


def test_recent_login_keeps_an_old_account():
    """An account created long ago but used recently is not purged."""
    with freeze_time("2020-01-01"):
        user = User.objects.create_user(email="faithful@example.org", password="x-Long-pass-1")
    user.last_login = timezone.now() - datetime.timedelta(days=10)
    user.save()
    call_command("purge_inactive_accounts", stdout=io.StringIO())
    user.refresh_from_db()
    assert user.email == "faithful@example.org"


def test_programme_team_grants_and_revokes_roles_with_audit(client):
    """Granting and revoking a role are recorded with the roles before and after."""
    team = make_user_with_role("programme_team")
    target = make_user_with_role("participant")
    client.force_login(team)
    response = client.post("/gestion/roles/", {"email": target.email, "role": "moderator"})
    assert response.status_code == 302
    assert target.has_perm("accounts.use_account")
    assert target.groups.filter(name="moderator").exists()
    grant = AuditEntry.objects.get(action="role.grant")
    assert grant.before == {"roles": []}
    assert grant.after == {"roles": ["moderator"]}
    assert grant.actor == team
    page = client.get("/gestion/roles/").content.decode()
    assert target.email in page
    client.post(f"/gestion/roles/{target.pk}/moderator/retirer/")
    assert not target.groups.filter(name="moderator").exists()
    assert AuditEntry.objects.get(action="role.revoke").after == {"roles": []}


def test_only_administrators_grant_the_programme_team_role(client):
    """The programme team cannot co-opt members; an administrator can."""
    target = make_user_with_role("participant")
    client.force_login(make_user_with_role("programme_team"))
    response = client.post("/gestion/roles/", {"email": target.email, "role": "programme_team"})
    assert response.status_code == 200
    assert not target.groups.exists()
    client.force_login(make_user_with_role("administrator"))
    client.post("/gestion/roles/", {"email": target.email, "role": "programme_team"})
    assert target.groups.filter(name="programme_team").exists()


def test_audit_log_lists_entries_for_administrators(client, django_assert_max_num_queries):
    """The administrators' viewer shows who did what, filterable by action, in few queries."""
    team = make_user_with_role("programme_team")
    for index in range(30):
        target = make_user_with_role("participant", email=f"p{index}@example.org")
        from endavant.accounts.services import role_grant

        role_grant(actor=team, user=target, role="jury")
    client.force_login(make_user_with_role("administrator"))
    with django_assert_max_num_queries(8):
        response = client.get("/gestion/journal/?action=role.grant")
    content = response.content.decode()
    assert '<option value="role.grant" selected>' in content
    assert "Rôle sur la plateforme attribué" in content
    assert "programme_team@example.org" in content
    assert AuditEntry.objects.count() == 30


def test_account_writes_leave_audit_rows_without_secrets(client):
    """Sign-up, confirmation and profile changes are audited; no password hash is copied."""
    from endavant.accounts import services as account_services

    user = account_services.account_sign_up(
        email="audit@example.org",
        password="a long enough passphrase",
        full_name="Ada",
        home_commune=None,
        site_url="http://testserver",
    )
    assert AuditEntry.objects.filter(action="account.sign_up", actor=user).exists()
    account_services.account_update_profile(user=user, full_name="Ada L.", home_commune=None)
    entry = AuditEntry.objects.get(action="account.update")
    assert (entry.before["full_name"], entry.after["full_name"]) == ("Ada", "Ada L.")
    assert "password" not in entry.after
