"""Pseudonymised research exports: no names, e-mails or account ids; a pseudonym stable within
one file and different in the next; small (commune, audience) groups generalised, then
suppressed; for researchers and the programme team only."""

from __future__ import annotations

import csv
import io

import pytest

from endavant.accounts.models import User
from endavant.accounts.roles import make_user_with_role
from endavant.ballots.models import Ballot, BallotOption, Vote, VoteItem
from endavant.core.models import ParticipationEvent
from endavant.opendata.research import PlaceRule, departement_of

pytestmark = pytest.mark.django_db


def _ballot(programme, voters):
    from django.utils import timezone

    now = timezone.now()
    ballot = Ballot.objects.create(
        programme=programme, title="B", question="?", method="approval", opens_at=now,
        closes_at=now,
    )  # fmt: skip
    options = [BallotOption.objects.create(ballot=ballot, label=x, order=i) for i, x in
               enumerate("AB")]  # fmt: skip
    for n, (commune, audience) in enumerate(voters):
        user = User.objects.create_user(email=f"voter{ballot.pk}-{n}@example.org")
        vote = Vote.objects.create(
            ballot=ballot, voter=user, audience=audience, commune_code=commune,
            commune_isolated=True,
        )  # fmt: skip
        for option in options:
            VoteItem.objects.create(vote=vote, option=option, value=1)
        ParticipationEvent.objects.create(
            kind="ballot.vote", participant=user, commune_code=commune, audience=audience,
            content_type_id=_ct(Ballot), object_id=str(ballot.pk),
        )  # fmt: skip
    return ballot


def _ct(model):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(model).pk


def _rows(client, path):
    response = client.get(path)
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return text, list(csv.DictReader(io.StringIO(text)))


VOTERS = (
    [("66136", "resident")] * 6  # Perpignan: a group of 6, shown
    + [("66001", "resident")] * 2  # two small communes of the 66: together 3 more residents
    + [("66002", "resident")]
    + [("11069", "elected_official")]  # alone in the Aude: suppressed
)


def test_votes_export_pseudonymises_and_applies_the_minimum_group(client, programme):
    _ballot(programme, VOTERS)
    client.force_login(make_user_with_role("researcher"))
    text, rows = _rows(client, "/donnees/recherche/votes.csv")
    assert len(rows) == 20
    assert "@" not in text
    assert "voter" not in text
    ids = {str(pk) for pk in User.objects.values_list("pk", flat=True)}
    assert not {r["person"] for r in rows} & ids
    assert len({r["person"] for r in rows}) == 10
    places = {(r["place"], r["place_level"]) for r in rows}
    assert places == {("66136", "commune"), ("66", "departement"), ("", "suppressed")}
    assert {r["commune_isolated"] for r in rows if r["place_level"] != "commune"} == {""}
    # A new file, new pseudonyms: two files cannot be joined.
    _text, again = _rows(client, "/donnees/recherche/votes.csv")
    assert not {r["person"] for r in rows} & {r["person"] for r in again}


def test_events_export_keeps_the_programme_events_only(client, programme, make_programme):
    _ballot(programme, VOTERS)
    other = make_programme(slug="autre")
    _ballot(other, [("66136", "resident")] * 3)
    client.force_login(make_user_with_role("programme_team"))
    _text, rows = _rows(client, f"/donnees/recherche/evenements.csv?programme={programme.slug}")
    assert len(rows) == 10
    assert {r["kind"] for r in rows} == {"ballot.vote"}
    assert {r["target_type"] for r in rows} == {"ballot"}
    persons = [r["person"] for r in rows]
    assert len(set(persons)) == 10
    assert all(len(p) == 16 for p in persons)


@pytest.mark.parametrize("role", ["participant", "mediator", "moderator", "jury"])
def test_other_roles_are_refused(client, programme, role):
    client.force_login(make_user_with_role(role))
    assert client.get("/donnees/recherche/votes.csv").status_code == 403
    assert client.get("/donnees/recherche/").status_code == 403


def test_anonymous_visitors_go_to_the_login_page(client, programme):
    assert client.get("/donnees/recherche/votes.csv").status_code == 302


def test_place_rule_and_departements():
    assert departement_of("97105") == "971"
    assert departement_of("2A004") == "2A"
    rule = PlaceRule(5, {("66001", "r"): 5, ("66002", "r"): 1}, {("66", "r"): 6})
    assert rule.place("66001", "r") == ("66001", "commune")
    assert rule.place("66002", "r") == ("66", "departement")
    assert rule.place("66002", "x") == ("", "suppressed")
    assert rule.place("", "r") == ("", "")
