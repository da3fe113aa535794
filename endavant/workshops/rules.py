"""Permissions of the workshops app."""

from __future__ import annotations

from typing import Any

import rules

from endavant.accounts.rules import is_mediator, is_programme_team
from endavant.workshops.eligibility import registration_refusal


@rules.predicate
def may_register(user: Any, workshop: Any) -> bool:
    """The person may register for this workshop now."""
    return workshop is not None and registration_refusal(user, workshop) is None


rules.add_perm("workshops.manage_workshops", is_programme_team)
rules.add_perm("workshops.register", may_register)
# A digital mediator registers a resident (with consent) or enters a contribution for them.
rules.add_perm("workshops.register_others", is_mediator)
