"""Permissions of the calls app."""

from __future__ import annotations

from typing import Any

import rules

from endavant.accounts.rules import is_jury, is_mediator, is_moderator, is_programme_team
from endavant.calls.eligibility import support_refusal


@rules.predicate
def may_support(user: Any, project: Any) -> bool:
    """The person may support this project now."""
    return project is not None and support_refusal(user, project) is None


rules.add_perm("calls.manage_calls", is_programme_team)
rules.add_perm("calls.moderate", is_moderator)
rules.add_perm("calls.score", is_jury | is_programme_team)
rules.add_perm("calls.support", may_support)
# A digital mediator submits a project for a resident, with the resident's consent.
rules.add_perm("calls.submit_for_others", is_mediator)
