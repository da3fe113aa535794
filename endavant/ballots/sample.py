"""Small sample data for the access matrix and the browser suite (not demo data)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from django.utils import timezone

from endavant.ballots.models import Ballot, BallotOption, Vote, VoteItem
from endavant.ballots.services import ballot_recount
from endavant.core.services import SYSTEM
from endavant.programmes.models import Programme


def programme() -> Programme:
    programme, _created = Programme.objects.get_or_create(
        slug="programme-test", defaults={"name": "Programme test"}
    )
    return programme


def closed_ballot(n_voters: int = 3) -> Ballot:
    """A closed majority-judgment ballot with a few votes, to show results."""
    from endavant.accounts.models import User

    now = timezone.now()
    ballot = Ballot.objects.create(
        programme=programme(),
        title="Exemple : priorités",
        question="Quelles priorités ?",
        method="majority_judgment",
        opens_at=now - timedelta(days=10),
        closes_at=now - timedelta(days=1),
        is_example=True,
    )
    options = [
        BallotOption.objects.create(ballot=ballot, label=label, order=i)
        for i, label in enumerate(["Option A", "Option B", "Option C"])
    ]
    for n in range(n_voters):
        voter = User.objects.create_user(email=f"sample-voter-{ballot.pk}-{n}@example.org")
        vote = Vote.objects.create(
            ballot=ballot, voter=voter, audience="resident", commune_isolated=n % 2 == 0
        )
        VoteItem.objects.bulk_create(
            VoteItem(vote=vote, option=o, value=(n + 2 * i) % 7) for i, o in enumerate(options)
        )
    # Votes written directly (not through the vote service): count their tallies.
    ballot_recount(actor=SYSTEM, ballot=ballot)
    return ballot


def open_ballot(audiences: Sequence[str] = ()) -> Ballot:
    """A majority-judgment ballot open for a week, reserved for ``audiences`` (empty: everyone)."""
    now = timezone.now()
    ballot = Ballot.objects.create(
        programme=programme(),
        title="Exemple : vote ouvert",
        question="Quelles priorités ?",
        method="majority_judgment",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=7),
        audiences=list(audiences),
        is_example=True,
    )
    for i, label in enumerate(["Option A", "Option B"]):
        BallotOption.objects.create(ballot=ballot, label=label, order=i)
    return ballot
