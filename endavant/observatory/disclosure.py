"""Small groups are never shown, directly or by difference (plain Python, no Django).

A breakdown (by commune, audience, channel...) is a list of groups with their number of people
and of acts, under a total. A group of fewer than ``k`` people (5 by default) is *primary*
suppressed: the page says "fewer than 5" and hides its acts and rates too. A total minus the
groups shown would give back a single suppressed group, so one more group is hidden
(*complementary* suppression) until the hidden groups hold at least ``k`` people together. When
no group is left to hide, the total is hidden too; a total under ``k`` hides everything.

People can belong to several groups (one person votes on the web and on paper), so the people
of several hidden groups cannot be added up: the caller gives ``union`` to count them, once.
Adding any shown group (``k`` people or more) always reaches ``k``, so ``union`` is called at
most once per breakdown.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Group:
    """One line of a breakdown before suppression."""

    key: Hashable
    people: int
    acts: int


@dataclass(frozen=True)
class Suppression:
    """Which groups are hidden, and whether the total is."""

    hidden: frozenset[Hashable]
    total_hidden: bool

    def shows(self, key: Hashable) -> bool:
        return key not in self.hidden


def suppress(
    groups: Sequence[Group],
    total_people: int,
    k: int,
    union: Callable[[list[Hashable]], int] | None = None,
) -> Suppression:
    """Decide what ``groups`` (under a total of ``total_people`` people) may show.

    Groups with no act at all (a commune where nobody took part) are not groups of people and
    stay visible as zeros. ``union(keys)`` counts the distinct people of several groups; without
    it the groups are taken as disjoint (each act in one group, each person in one group).
    """
    if total_people < k:
        return Suppression(frozenset(g.key for g in groups), True)
    primary = [g for g in groups if g.acts > 0 and g.people < k]
    if not primary:
        return Suppression(frozenset(), False)
    hidden = {g.key for g in primary}
    if len(primary) == 1:
        together = primary[0].people
    elif union is not None:
        together = union([g.key for g in primary])
    else:
        together = sum(g.people for g in primary)
    total_hidden = False
    if together < k:
        shown = sorted(
            (g for g in groups if g.key not in hidden and g.acts > 0),
            key=lambda g: (g.people, g.acts),
        )
        if shown:
            hidden.add(shown[0].key)
        else:
            total_hidden = True
    return Suppression(frozenset(hidden), total_hidden)
