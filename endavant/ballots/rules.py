"""Permissions of the ballots app: the vote rule is the one of ``ballots.eligibility``."""

from __future__ import annotations

from typing import Any

import rules

from endavant.accounts.rules import is_programme_team
from endavant.ballots.eligibility import vote_refusal


@rules.predicate
def may_vote(user: Any, ballot: Any) -> bool:
    """The person may vote on this ballot now (logged in, window open, in its audience)."""
    return ballot is not None and vote_refusal(user, ballot) is None


rules.add_perm("ballots.manage_ballots", is_programme_team)
rules.add_perm("ballots.vote", may_vote)
