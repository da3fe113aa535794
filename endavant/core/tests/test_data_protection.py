"""Accounts are erased, never deleted: tallies and journals survive; the personal-data export
holds the person's own data and nobody else's e-mail address."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.contrib.messages import get_messages
from django.db.models import ProtectedError
from django.utils import translation
from freezegun import freeze_time

from endavant.accounts.models import LoginFailure, User
from endavant.accounts.privacy import account_erase, is_erased, personal_data
from endavant.accounts.roles import make_user_with_role
from endavant.accounts.services import role_grant
from endavant.actors.services import person_save
from endavant.actors.tests.factories import PersonFactory
from endavant.ballots import selectors, services
from endavant.ballots.models import Vote, VoteItem
from endavant.ballots.tests.factories import open_ballot
from endavant.core.models import AuditEntry, ParticipationEvent
from endavant.core.services import SYSTEM, audit_record, participation_record

pytestmark = pytest.mark.django_db

STAFF_EMAIL = "chef.equipe@numerique66.example"


@pytest.fixture
def ballot(programme):
    return open_ballot(programme, method="majority_judgment", options=("A", "B", "C"))


@pytest.fixture
def voters(ballot, make_participant):
    """Six residents (above the minimum group size) who voted on ``ballot``."""
    people = [make_participant(audience="resident", isolated=n % 2 == 0) for n in range(6)]
    a, b, c = ballot.options.values_list("pk", flat=True)
    with freeze_time("2024-03-10 12:00"):
        for n, voter in enumerate(people):
            services.vote_cast(voter=voter, ballot=ballot, values={a: n % 7, b: 3, c: 6 - n % 7})
    return people


def _counts() -> tuple[int, int, int, int]:
    return (
        User.objects.count(),
        Vote.objects.count(),
        VoteItem.objects.count(),
        ParticipationEvent.objects.count(),
    )


def test_admin_cannot_delete_a_user_who_voted(client, voters):
    """The delete page and the "delete selected" action delete nothing and answer no 500:
    the page points to the erasure instead."""
    client.force_login(make_user_with_role("administrator", email=STAFF_EMAIL))
    voter = voters[0]
    before = _counts()

    page = client.get(f"/admin/accounts/user/{voter.pk}/delete/")
    assert page.status_code == 302
    assert page["Location"] == f"/admin/accounts/user/{voter.pk}/change/"
    assert any("account_erase" in str(m) for m in get_messages(page.wsgi_request))
    assert (
        client.post(f"/admin/accounts/user/{voter.pk}/delete/", {"post": "yes"}).status_code == 302
    )

    changelist = client.get("/admin/accounts/user/")
    assert changelist.status_code == 200
    assert changelist.context["action_form"] is None  # no action at all, so no bulk delete
    assert "delete_selected" not in changelist.content.decode()
    bulk = client.post(
        "/admin/accounts/user/",
        {"action": "delete_selected", "_selected_action": [v.pk for v in voters], "post": "yes"},
    )
    assert bulk.status_code in {200, 302}

    change = client.get(f"/admin/accounts/user/{voter.pk}/change/")
    assert change.status_code == 200
    assert f"/admin/accounts/user/{voter.pk}/delete/" not in change.content.decode()
    assert _counts() == before


def test_admin_delete_page_of_an_unknown_user_goes_back_to_the_list(client):
    """An old link to a user that does not exist is no 404 page of the delete view, nor a 500."""
    client.force_login(make_user_with_role("administrator"))
    page = client.get("/admin/accounts/user/999999/delete/")
    assert page.status_code == 302
    assert page["Location"] == "/admin/accounts/user/"


def test_deleting_a_voter_is_refused_by_the_database_layer(voters):
    """``User.delete()`` raises ProtectedError for a voter: the votes would change the tally."""
    with pytest.raises(ProtectedError):
        voters[0].delete()
    assert Vote.objects.filter(voter=voters[0]).exists()


@pytest.mark.parametrize("link", ["participation_event", "audit_entry_as_actor"])
def test_deleting_a_user_with_journal_rows_is_refused(link):
    """A user who took part or acted cannot be deleted: the journals are never rewritten
    (SET_NULL would be an UPDATE of an append-only row)."""
    user = User.objects.create_user(email="someone@example.org", password="x-Long-pass-1")
    if link == "participation_event":
        participation_record(kind="ballot.vote", participant=user, commune_code="66149")
    else:
        audit_record(actor=user, action="account.confirm", target=user)
    journal_before = (AuditEntry.objects.count(), ParticipationEvent.objects.count())
    with pytest.raises(ProtectedError):
        user.delete()
    assert User.objects.filter(pk=user.pk).exists()
    assert (AuditEntry.objects.count(), ParticipationEvent.objects.count()) == journal_before


def test_erasing_a_voter_keeps_the_ballot_results(ballot, voters):
    """Erasure pseudonymises the voter and removes their directory record; every result, overall
    and by segment, is the same before and after."""
    before = selectors.ballot_results(ballot)
    counts = _counts()
    erased = account_erase(user=voters[0], actor=SYSTEM, reason="test")
    after = selectors.ballot_results(ballot)
    assert is_erased(erased)
    assert after.voters == before.voters == 6
    assert after.overall == before.overall
    assert after.by_audience == before.by_audience
    assert after.by_isolation == before.by_isolation
    assert _counts() == counts
    assert Vote.objects.filter(voter=erased).count() == 1


def test_the_export_holds_votes_and_login_failures(client, ballot, voters):
    """The zip has the person's votes and the failed logins on their address."""
    voter = voters[0]
    LoginFailure.objects.create(email=voter.email, ip="192.0.2.7")
    client.force_login(voter)
    archive = zipfile.ZipFile(io.BytesIO(client.get("/compte/mes-donnees/").content))
    data = json.loads(archive.read("data.json"))
    assert [row["ballot__title"] for row in data["votes"]] == [ballot.title]
    assert [row["ip"] for row in data["login_failures"]] == ["192.0.2.7"]
    assert "192.0.2.7" in archive.read("login_failures.csv").decode("utf-8-sig")


def test_the_export_names_no_other_person_s_address(client):
    """A staff member who granted a role and edited the directory record is "the programme
    team" in the person's export; their address appears nowhere, not even inside a snapshot."""
    staff = make_user_with_role("programme_team", email=STAFF_EMAIL)
    person_user = make_user_with_role("participant", email="nuria@example.org")
    person = PersonFactory(user=person_user, full_name="Núria", email="nuria.contact@example.org")
    role_grant(actor=make_user_with_role("administrator"), user=person_user, role="moderator")
    person_save(actor=staff, person=person, full_name="Núria Exemple", email=person.email)
    audit_record(
        actor=staff,
        action="person.update",
        target=person,
        before={"contact": f"{STAFF_EMAIL} (#{staff.pk})"},
        after={"contact": f"Ask {STAFF_EMAIL.upper()} or nuria@example.org"},
    )
    audit_record(actor=SYSTEM, action="account.confirm", target=person_user)
    audit_record(actor=person_user, action="account.confirm", target=person_user)

    client.force_login(person_user)
    response = client.get("/compte/mes-donnees/")
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    everything = "\n".join(
        archive.read(name).decode("utf-8-sig") for name in archive.namelist()
    ).lower()
    assert STAFF_EMAIL not in everything
    assert "administrator@example.org" not in everything
    assert "nuria@example.org" in everything  # the person's own addresses stay
    assert "nuria.contact@example.org" in everything

    with translation.override("en"):
        rows = personal_data(person_user)["audit_entries_about_me"]
    assert "actor_label" not in rows[0]
    by_action = {(row["action"], row["by"]) for row in rows}
    assert ("person.update", "Programme team") in by_action
    assert ("role.grant", "Programme team") in by_action
    assert ("account.confirm", "Platform") in by_action
    assert ("account.confirm", "You") in by_action


def test_a_staff_member_s_export_hides_the_addresses_of_the_people_they_acted_on():
    """What a staff member did is theirs; the addresses of the accounts they acted on are not."""
    staff = make_user_with_role("programme_team", email=STAFF_EMAIL)
    target = make_user_with_role("participant", email="someone.else@example.org")
    role_grant(actor=staff, user=target, role="moderator")
    exported = json.dumps(personal_data(staff), default=str)
    assert "someone.else@example.org" not in exported
    assert STAFF_EMAIL in exported
