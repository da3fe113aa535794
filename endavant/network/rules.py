"""Permissions of the network app.

The public sees the network's map, its figures and the grouping's aggregates. Details of links
(bandwidth, operator, cost) and orders are shared with the programme team and with the people
who work for a member (a site owner of the network or a member of the grouping).
"""

from __future__ import annotations

from typing import Any

import rules

from endavant.accounts.rules import is_programme_team
from endavant.network import selectors


@rules.predicate
def is_member(user: Any) -> bool:
    """The person works for a member of the network or of the procurement grouping."""
    return selectors.is_member(user)


@rules.predicate
def orders_for_a_member(user: Any) -> bool:
    """The person works for a current member of a procurement grouping."""
    return bool(selectors.ordering_organisations(user))


rules.add_perm("network.manage", is_programme_team)
rules.add_perm("network.view_details", is_programme_team | is_member)
rules.add_perm("network.place_order", is_programme_team | orders_for_a_member)
