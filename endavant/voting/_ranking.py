"""Shared helpers for turning ordered tiers of options into competition ranks."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from types import MappingProxyType
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


def competition_ranks(tiers: Sequence[Sequence[K]]) -> MappingProxyType[K, int]:
    """Map each option to its rank, given tiers of equally placed options, best tier first.

    Ranks follow "standard competition ranking" (1, 1, 3): an option's rank is one plus the number
    of options placed strictly above it, so a shared first place is still "1" for everyone in it
    and nobody after them can claim "2".
    """
    ranks: dict[K, int] = {}
    placed = 0
    for tier in tiers:
        for option in tier:
            ranks[option] = placed + 1
        placed += len(tier)
    # Read-only view: results are frozen dataclasses and must not be mutated through a field.
    return MappingProxyType(ranks)


def check_options(options: Sequence[K]) -> tuple[K, ...]:
    """Return ``options`` as a tuple after checking it is non-empty and free of duplicates."""
    result = tuple(options)
    if not result:
        raise ValueError("options is empty: at least one option is required")
    if len(set(result)) != len(result):
        seen: set[K] = set()
        duplicates: list[K] = []
        for option in result:
            if option in seen:
                duplicates.append(option)
            seen.add(option)
        raise ValueError(f"options must be distinct; duplicated: {duplicates!r}")
    return result
