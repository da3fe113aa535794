"""Small sample data for the access matrix, the browser suite and the tests (not demo data)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from endavant.programmes.models import Programme
from endavant.roadmap.models import (
    Action,
    Commitment,
    Competency,
    FunctionalDomain,
    Milestone,
    Orientation,
)

SLUG = "programme-test"


def programme() -> Programme:
    """The sample programme with one orientation, one domain and one action (created once)."""
    found = Programme.objects.filter(slug=SLUG).first()
    if found is not None:
        return found
    prog = Programme.objects.create(name="Programme test", slug=SLUG)
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
    return Action.objects.filter(orientation__programme=programme()).order_by("pk").first()  # type: ignore[return-value]


def milestone() -> Milestone:
    """A milestone of the sample action."""
    return Milestone.objects.create(action=action(), title="Jalon test")


def commitment() -> Commitment:
    """A commitment of the sample programme."""
    return Commitment.objects.create(programme=programme(), text="Engagement test")
