"""Factories for the roadmap: rows written through the services, as the team would."""

from __future__ import annotations

from typing import Any

from endavant.core.services import SYSTEM
from endavant.roadmap import services
from endavant.roadmap.models import Action, Competency, FunctionalDomain, Orientation


def orientation(programme: Any, title: str = "Liaisons intersites", order: int = 1) -> Orientation:
    return services.orientation_save(actor=SYSTEM, programme=programme, title=title, order=order)


def action(orientation: Orientation, title: str = "Action", **fields: Any) -> Action:
    return services.action_save(actor=SYSTEM, orientation=orientation, title=title, **fields)


def domain(programme: Any, name: str = "Culture", code: str = "culture") -> FunctionalDomain:
    competency, _created = Competency.objects.get_or_create(
        code=code, defaults={"name": code, "kind": Competency.Kind.MANDATORY}
    )
    return services.domain_save(actor=SYSTEM, programme=programme, name=name, competency=competency)
