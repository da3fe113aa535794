"""Who a voter is, as the directory of actors and the territory say, at the moment of voting.

The directory (``endavant.actors.selectors``) and the territory (``endavant.territory.selectors``)
publish the answers; until they are installed, the account's home commune is used and the
audience is "not stated".
"""

from __future__ import annotations

import importlib
from typing import Any

from endavant.core.audiences import Audience


def _selector(module: str, name: str) -> Any:
    try:
        return getattr(importlib.import_module(module), name, None)
    except ModuleNotFoundError:
        return None


def voter_audience(user: Any) -> str:
    """The voter's audience (an ``Audience`` value)."""
    audience_for_user = _selector("endavant.actors.selectors", "audience_for_user")
    if audience_for_user is not None:
        return str(audience_for_user(user) or Audience.UNKNOWN)
    return str(Audience.UNKNOWN)


def voter_commune(user: Any) -> Any:
    """The voter's commune (a ``territory.Commune`` or ``None``)."""
    commune_for_user = _selector("endavant.actors.selectors", "commune_for_user")
    if commune_for_user is not None:
        return commune_for_user(user)
    return getattr(user, "home_commune", None)


def commune_isolated(commune: Any) -> bool | None:
    """Whether ``commune`` is isolated, or ``None`` when unknown."""
    if commune is None:
        return None
    is_isolated = _selector("endavant.territory.selectors", "commune_is_isolated")
    if is_isolated is None:
        return None
    value = is_isolated(commune)
    return None if value is None else bool(value)
