"""Approval voting: each ballot approves any number of options; most approvals wins."""

from __future__ import annotations

import operator
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Generic, TypeVar

from endavant.voting._ranking import check_options, competition_ranks

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class ApprovalResult(Generic[K]):
    """Outcome of :func:`approval`."""

    #: Option -> number of approvals.
    scores: Mapping[K, int]
    #: Number of ballots counted (weighted by ``counts``), including empty ballots.
    total: int
    #: Options best first; options with equal scores keep the order of ``options``.
    ranking: tuple[K, ...]
    #: Option -> competition rank (1 = best; equal scores share a rank: 1, 1, 3).
    ranks: Mapping[K, int]
    #: Groups of options with equal scores, best group first.
    tiers: tuple[tuple[K, ...], ...]

    def share(self, option: K) -> float:
        """Share of ballots approving ``option`` (0.0 when no ballot was cast)."""
        return self.scores[option] / self.total if self.total else 0.0


def approval(
    ballots: Iterable[Iterable[K]],
    options: Sequence[K],
    *,
    counts: Sequence[int] | None = None,
) -> ApprovalResult[K]:
    """Count approval ballots and rank ``options`` by number of approvals.

    Each ballot is the collection of options it approves; approving the same option twice on one
    ballot counts once (a ballot is a set of approvals). ``counts`` optionally gives how many
    voters cast each ballot.

    Raises :class:`ValueError` for empty or duplicated options, unknown options, negative counts
    or ``counts`` not matching the ballots.
    """
    known = check_options(options)
    scores = dict.fromkeys(known, 0)
    ballot_list = list(ballots)
    if counts is None:
        weights = [1] * len(ballot_list)
    else:
        weights = [operator.index(c) for c in counts]
        if len(weights) != len(ballot_list):
            raise ValueError(f"{len(weights)} counts given for {len(ballot_list)} ballots")
        if any(w < 0 for w in weights):
            raise ValueError("ballot counts must not be negative")
    for number, (ballot, weight) in enumerate(zip(ballot_list, weights, strict=True)):
        for option in set(ballot):
            if option not in scores:
                raise ValueError(f"ballot {number} approves unknown option {option!r}")
            scores[option] += weight

    # Stable sort: equal scores keep the caller's order instead of an invented tie-break.
    ordered = sorted(known, key=lambda option: -scores[option])
    tiers: list[list[K]] = []
    for option in ordered:
        if tiers and scores[tiers[-1][0]] == scores[option]:
            tiers[-1].append(option)
        else:
            tiers.append([option])
    frozen_tiers = tuple(tuple(tier) for tier in tiers)
    return ApprovalResult(
        scores=MappingProxyType(scores),
        total=sum(weights),
        ranking=tuple(ordered),
        ranks=competition_ranks(frozen_tiers),
        tiers=frozen_tiers,
    )
