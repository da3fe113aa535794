from __future__ import annotations

import itertools
from datetime import UTC, datetime

import pytest

from endavant.accounts.models import User
from endavant.roadmap import people, services
from endavant.roadmap.models import Ballot, Competency, Orientation, Programme

UTC = UTC


@pytest.fixture
def programme(db):
    return Programme.objects.create(name="Numérique test", slug="numerique-test")


@pytest.fixture
def team(role_user):
    return role_user("programme_team")


@pytest.fixture
def orientation(programme):
    return Orientation.objects.create(programme=programme, title="Liaisons intersites", order=1)


@pytest.fixture
def profiles(monkeypatch):
    """Control each voter's audience and isolation (as the directory and territory would)."""
    table: dict[int, tuple[str, bool | None]] = {}

    monkeypatch.setattr(people, "voter_audience", lambda user: table.get(user.pk, ("unknown",))[0])
    monkeypatch.setattr(people, "voter_commune", lambda user: None)
    monkeypatch.setattr(
        people,
        "commune_isolated",
        lambda commune: None,
    )

    counter = itertools.count()

    def make(n: int, audience: str = "resident", isolated: bool | None = None) -> User:
        user = User.objects.create_user(email=f"voter{next(counter)}-{n}@example.org")
        table[user.pk] = (audience, isolated)
        return user

    original_cast = services.vote_cast

    def cast(**kwargs):
        vote = original_cast(**kwargs)
        isolated = table.get(kwargs["voter"].pk, ("", None))[1]
        if vote.commune_isolated is None and isolated is not None:
            type(vote).objects.filter(pk=vote.pk).update(commune_isolated=isolated)
        return vote

    make.cast = cast  # type: ignore[attr-defined]
    return make


@pytest.fixture
def open_ballot_factory(programme, team):
    def make(method=Ballot.Method.MAJORITY_JUDGMENT, options=("A", "B", "C"), **extra):
        return services.ballot_open(
            actor=team,
            programme=programme,
            title="Priorités",
            question="Quelles priorités ?",
            method=method,
            opens_at=datetime(2024, 3, 1, tzinfo=UTC),
            closes_at=datetime(2024, 3, 31, tzinfo=UTC),
            options=list(options),
            **extra,
        )

    return make


@pytest.fixture
def culture(db):
    return Competency.objects.get(code="culture")
