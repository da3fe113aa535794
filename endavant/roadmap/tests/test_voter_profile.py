"""A vote takes its audience and isolation from the real directory and territory, not stand-ins."""

from __future__ import annotations

import datetime

import pytest
from freezegun import freeze_time

from endavant.accounts.models import User
from endavant.actors.models import Membership, Person
from endavant.actors.tests.factories import CommuneFactory
from endavant.core.models import ParticipationEvent
from endavant.roadmap import services
from endavant.territory.models import IndicatorValue

pytestmark = pytest.mark.django_db


def _isolated(commune, value: float) -> None:
    IndicatorValue.objects.create(
        commune=commune,
        indicator=IndicatorValue.ISOLATED,
        value=value,
        vintage="AAV 2020 (COG 2022)",
        method="proxy_aav2020",
        source="INSEE",
    )


def test_vote_records_the_directory_audience_and_the_isolation_of_the_home_commune(
    open_ballot_factory,
):
    """An elected official living in an isolated commune votes; the vote and its event say so."""
    commune = CommuneFactory(code="66001", name="L'Albère")
    _isolated(commune, 1.0)
    mayor = User.objects.create_user(email="maire@example.org", home_commune=commune)
    person = Person.objects.create(user=mayor, full_name="Maire (exemple fictif)")
    Membership.objects.create(
        person=person,
        role=Membership.Role.ELECTED_OFFICIAL,
        start_date=datetime.date(2020, 7, 1),
    )
    ballot = open_ballot_factory(audiences=["elected_official"])
    values = dict.fromkeys(ballot.options.values_list("pk", flat=True), 4)
    with freeze_time("2024-03-02"):
        vote = services.vote_cast(voter=mayor, ballot=ballot, values=values)
    assert (vote.audience, vote.commune_code, vote.commune_isolated) == (
        "elected_official",
        "66001",
        True,
    )
    event = ParticipationEvent.objects.get(kind="ballot.vote")
    assert (event.audience, event.commune_code) == ("elected_official", "66001")


def test_resident_without_directory_role_is_refused_from_an_officials_ballot(open_ballot_factory):
    """Without a current elected-official role the audience is unknown: the ballot refuses."""
    commune = CommuneFactory(code="66002", name="Alénya")
    _isolated(commune, 0.0)
    resident = User.objects.create_user(email="habitante@example.org", home_commune=commune)
    ballot = open_ballot_factory(audiences=["elected_official"])
    values = dict.fromkeys(ballot.options.values_list("pk", flat=True), 4)
    with freeze_time("2024-03-02"), pytest.raises(services.ApplicationError):
        services.vote_cast(voter=resident, ballot=ballot, values=values)
