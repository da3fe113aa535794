"""Who a voter is, as the directory of actors and the territory say, at the moment of voting."""

from __future__ import annotations

from typing import Any

from endavant.actors.selectors import audience_for_user, commune_for_user
from endavant.core.audiences import Audience
from endavant.territory.selectors import commune_is_isolated


def voter_audience(user: Any) -> str:
    """The voter's audience (an ``Audience`` value) from their current directory roles."""
    return str(audience_for_user(user) or Audience.UNKNOWN)


def voter_commune(user: Any) -> Any:
    """The voter's commune (a ``territory.Commune`` or ``None``)."""
    return commune_for_user(user)


def commune_isolated(commune: Any) -> bool | None:
    """Whether ``commune`` is isolated, or ``None`` when unknown."""
    if commune is None:
        return None
    return commune_is_isolated(commune)
