"""Small sample data for the access matrix, the browser suite and the tests (not demo data)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from endavant.roadmap.models import (
    Action,
    Ballot,
    BallotOption,
    Competency,
    FunctionalDomain,
    Orientation,
    Programme,
    Vote,
    VoteItem,
)


def programme() -> Programme:
    """A programme with one orientation, one domain and one action (created once)."""
    found = Programme.objects.order_by("pk").first()
    if found is not None:
        return found
    prog = Programme.objects.create(name="Programme test", slug="programme-test")
    competency, _created = Competency.objects.get_or_create(
        code="culture", defaults={"name": "Culture", "kind": Competency.Kind.MANDATORY}
    )
    domain = FunctionalDomain.objects.create(programme=prog, name="Culture", competency=competency)
    orientation = Orientation.objects.create(programme=prog, title="Orientation test", order=1)
    Action.objects.create(
        orientation=orientation,
        title="Exemple : action test",
        domain=domain,
        is_example=True,
        due_on=date(2020, 6, 30),
        budget=Decimal("1000"),
    )
    return prog


def action() -> Action:
    programme()
    return Action.objects.order_by("pk").first()  # type: ignore[return-value]


def closed_ballot(n_voters: int = 3) -> Ballot:
    """A closed majority-judgment ballot with a few votes, to show results."""
    from endavant.accounts.models import User

    prog = programme()
    now = timezone.now()
    ballot = Ballot.objects.create(
        programme=prog,
        title="Exemple : priorités",
        question="Quelles priorités ?",
        method=Ballot.Method.MAJORITY_JUDGMENT,
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
    return ballot
