"""Closed audiences end to end, a mediator voting for a resident, paper ballots from a tally
sheet, and counts by channel that never show a group under the minimum size."""

from __future__ import annotations

import pytest
from django.test import override_settings
from freezegun import freeze_time

from endavant.accounts import services as account_services
from endavant.accounts.models import User
from endavant.accounts.roles import make_user_with_role
from endavant.actors.models import Consent, Membership
from endavant.actors.tests.factories import PersonFactory
from endavant.ballots.models import Vote
from endavant.ballots.tests.factories import open_ballot
from endavant.core.models import AuditEntry, ParticipationEvent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("programme")]
DURING = "2024-03-10 10:00"


def _grades(ballot, grade: int = 5) -> dict[str, str]:
    return {f"option-{o.pk}": str(grade) for o in ballot.options.all()}


@freeze_time(DURING)
def test_team_gives_the_role_then_the_elected_only_ballot_accepts_exactly_that_person(
    client, programme
):
    """Through the interface: the team adds the elected-official role to the person linked to
    an account; before, the account is refused; after, its vote counts as an elected official's.
    """
    ballot = open_ballot(programme, audiences=["elected_official"])
    official = User.objects.create_user(email="elue@example.org", password="a-Long-pass-phrase-1")
    person = PersonFactory(user=official, full_name="Élue Exemple")
    client.force_login(official)
    page = client.get(ballot.get_absolute_url()).content.decode()
    assert "réservé" in page
    assert client.post(ballot.get_absolute_url(), _grades(ballot)).status_code == 400
    client.force_login(make_user_with_role("programme_team"))
    response = client.post(
        f"/gestion/acteurs/personnes/{person.pk}/roles/nouveau/",
        {"membership-role": "elected_official"},
    )
    assert response.status_code == 302
    client.force_login(official)
    assert client.post(ballot.get_absolute_url(), _grades(ballot)).status_code == 302
    assert Vote.objects.get(ballot=ballot).audience == "elected_official"
    resident = User.objects.create_user(email="r@example.org", password="a-Long-pass-phrase-1")
    PersonFactory(user=resident).memberships.create(role=Membership.Role.RESIDENT)
    client.force_login(resident)
    assert client.post(ballot.get_absolute_url(), _grades(ballot)).status_code == 400
    assert Vote.objects.filter(ballot=ballot).count() == 1


@freeze_time(DURING)
def test_mediator_votes_then_changes_the_vote_of_a_resident_they_registered(client, programme):
    ballot = open_ballot(programme)
    mediator = make_user_with_role("mediator")
    resident = account_services.account_register_resident(
        actor=mediator, full_name="Joan Exemple", home_commune=None, purposes=["account"]
    )
    client.force_login(mediator)
    url = f"/gestion/scrutins/{ballot.pk}/pour-un-habitant/"
    page = client.get(url).content.decode()
    assert "Joan Exemple" in page
    # Without the consent ticked: refused, nothing saved.
    response = client.post(url, {"resident": resident.pk, **_grades(ballot)})
    assert response.status_code == 400
    assert not Vote.objects.exists()
    response = client.post(url, {"resident": resident.pk, "consent": "on", **_grades(ballot)})
    assert response.status_code == 302
    vote = Vote.objects.get(ballot=ballot, voter=resident)
    assert vote.channel == Vote.Channel.ASSISTED
    assert vote.entered_by == mediator
    assert Consent.objects.filter(
        user=resident, purpose=Consent.Purpose.ASSISTED, recorded_by=mediator
    ).exists()
    response = client.post(url, {"resident": resident.pk, "consent": "on", **_grades(ballot, 1)})
    assert response.status_code == 302
    assert set(Vote.objects.get(pk=vote.pk).items.values_list("value", flat=True)) == {1}
    events = ParticipationEvent.objects.filter(participant=resident)
    assert set(events.values_list("channel", flat=True)) == {"assisted"}
    # Someone else's resident cannot be chosen by number.
    other = make_user_with_role("mediator", email="other-mediator@example.org")
    client.force_login(other)
    response = client.post(url, {"resident": resident.pk, "consent": "on", **_grades(ballot)})
    assert response.status_code == 400


@freeze_time(DURING)
def test_paper_sheet_becomes_one_anonymous_vote_per_paper_entered_by_the_team(client, programme):
    ballot = open_ballot(programme)
    team = make_user_with_role("programme_team")
    client.force_login(team)
    url = f"/gestion/scrutins/{ballot.pk}/papier/"
    data = {"sheet": "Atelier de Prades, feuille 1", "copies": "7", "audience": "resident"}
    response = client.post(url, {**data, **_grades(ballot, 4)})
    assert response.status_code == 302
    votes = Vote.objects.filter(ballot=ballot)
    assert votes.count() == 7
    assert set(votes.values_list("channel", flat=True)) == {"paper"}
    assert set(votes.values_list("entered_by", flat=True)) == {team.pk}
    assert set(votes.values_list("audience", flat=True)) == {"resident"}
    assert len(set(votes.values_list("voter", flat=True))) == 7
    voter = votes.first().voter
    assert voter.email is None
    assert not voter.has_usable_password()
    assert AuditEntry.objects.filter(action="account.paper_voters").count() == 1
    # Bad input: nothing half-saved.
    before = User.objects.count()
    response = client.post(url, {**data, "copies": "0", **_grades(ballot)})
    assert response.status_code == 400
    response = client.post(url, {**data, "copies": "3"})  # no grades
    assert response.status_code == 400
    assert User.objects.count() == before
    assert Vote.objects.filter(ballot=ballot).count() == 7


@freeze_time(DURING)
def test_paper_papers_without_audience_do_not_enter_a_closed_ballot(client, programme):
    ballot = open_ballot(programme, audiences=["employee"])
    client.force_login(make_user_with_role("programme_team"))
    url = f"/gestion/scrutins/{ballot.pk}/papier/"
    data = {"sheet": "S", "copies": "2", "audience": "unknown", **_grades(ballot)}
    assert client.post(url, data).status_code == 400
    assert not Vote.objects.exists()
    assert not User.objects.filter(full_name__startswith="Bulletin papier").exists()


@override_settings(ENDAVANT_MIN_GROUP_SIZE=5)
def test_results_by_audience_and_channel_never_show_a_group_under_five(client, programme):
    with freeze_time(DURING):
        ballot = open_ballot(programme)
        client.force_login(make_user_with_role("programme_team"))
        url = f"/gestion/scrutins/{ballot.pk}/papier/"
        base = {"sheet": "S", **_grades(ballot, 3)}
        client.post(url, {**base, "copies": "6", "audience": "resident"})
        client.post(url, {**base, "copies": "2", "audience": "elected_official"})
        mediator = make_user_with_role("mediator")
        resident = account_services.account_register_resident(
            actor=mediator, full_name="R", home_commune=None, purposes=["account"]
        )
        client.force_login(mediator)
        client.post(
            f"/gestion/scrutins/{ballot.pk}/pour-un-habitant/",
            {"resident": resident.pk, "consent": "on", **_grades(ballot)},
        )
    with freeze_time("2024-04-02"):
        html = client.get(ballot.get_absolute_url()).content.decode()
    assert "9 personnes ont voté" in html or "9\u00a0personnes ont voté" in html
    assert "Papier — 8 votes" in html
    assert "— moins de 5" in html  # the assisted channel: 1 vote
    assert "moins de 5 votant" in html  # the elected officials: 2
    assert "Élu·es · 2" not in html
