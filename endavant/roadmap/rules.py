"""Permissions of the programme and roadmap app."""

from __future__ import annotations

from typing import Any

import rules

from endavant.accounts.rules import is_participant, is_programme_team


@rules.predicate
def ballot_is_open(user: Any, ballot: Any) -> bool:
    """The ballot accepts votes now."""
    return ballot is not None and ballot.is_open()


@rules.predicate
def in_ballot_audience(user: Any, ballot: Any) -> bool:
    """The person belongs to the audience the ballot is restricted to (if any)."""
    from endavant.roadmap import people

    if ballot is None:
        return False
    return not ballot.audiences or people.voter_audience(user) in ballot.audiences


rules.add_perm("roadmap.manage_roadmap", is_programme_team)
rules.add_perm("roadmap.vote", is_participant & ballot_is_open & in_ballot_audience)
