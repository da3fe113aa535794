"""Schulze method (beatpath) for ranked ballots, winning-votes variant.

Reference: Markus Schulze, "A new monotonic, clone-independent, reversal symmetric, and
Condorcet-consistent single-winner election method", *Social Choice and Welfare* 36 (2011)
267–303.

* ``d[x][y]`` is the number of voters who strictly prefer ``x`` to ``y``.
* A link ``x -> y`` exists when ``d[x][y] > d[y][x]`` and has strength ``d[x][y]``; the strength
  of a path is that of its weakest link, and ``p[x][y]`` is the strength of the strongest path
  from ``x`` to ``y`` (0 when there is none), computed Floyd–Warshall style in ``O(n³)``.
* ``x`` beats ``y`` when ``p[x][y] > p[y][x]``. Schulze proves this relation transitive, so the
  options can be layered: the first tier holds the options no one beats (the potential winners),
  the next tier those no remaining option beats, and so on. Inside a tier every pair has equal
  strongest paths both ways, so the options of a tier share a rank.
"""

from __future__ import annotations

import operator
from collections import Counter
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from endavant.voting._ranking import check_options, competition_ranks

K = TypeVar("K", bound=Hashable)

#: A ranked ballot: entries best first, each an option or a collection of options tied at that
#: level (a set, frozenset, list or tuple). Options missing from the ballot are ranked last,
#: tied with one another.
RankedBallot = Sequence[K | Collection[K]]

Matrix = tuple[tuple[int, ...], ...]


@dataclass(frozen=True)
class SchulzeResult(Generic[K]):
    """Outcome of :func:`schulze`. Matrices are indexed like ``options``."""

    options: tuple[K, ...]
    #: ``d[i][j]``: voters strictly preferring ``options[i]`` to ``options[j]``.
    d: Matrix
    #: ``p[i][j]``: strength of the strongest path from ``options[i]`` to ``options[j]``.
    p: Matrix
    #: Options best first; options sharing a rank keep the order of ``options``.
    ranking: tuple[K, ...]
    #: Option -> competition rank (1 = best; tied options share a rank: 1, 1, 3).
    ranks: Mapping[K, int]
    #: Groups of options sharing a rank, best group first.
    tiers: tuple[tuple[K, ...], ...]

    @property
    def winners(self) -> tuple[K, ...]:
        """The potential winners (first tier); a single option unless the vote is tied."""
        return self.tiers[0]

    def preference(self, a: K, b: K) -> int:
        """``d[a][b]``: how many voters strictly prefer ``a`` to ``b``."""
        return self.d[self.options.index(a)][self.options.index(b)]

    def path_strength(self, a: K, b: K) -> int:
        """``p[a][b]``: strength of the strongest path from ``a`` to ``b``."""
        return self.p[self.options.index(a)][self.options.index(b)]


def schulze(
    ballots_or_pairwise: Iterable[RankedBallot[K]] | Mapping[tuple[K, K], int],
    options: Sequence[K],
    *,
    counts: Sequence[int] | None = None,
) -> SchulzeResult[K]:
    """Rank ``options`` with the Schulze method.

    ``ballots_or_pairwise`` is either an iterable of ranked ballots (see :data:`RankedBallot`;
    ``counts`` then optionally gives how many voters cast each ballot) or an already computed
    pairwise mapping ``{(x, y): number of voters preferring x to y}``, missing pairs counting 0.

    Raises :class:`ValueError` for empty or duplicated options, unknown options, an option ranked
    twice on one ballot, negative counts, or ``counts`` not matching the ballots.
    """
    known = check_options(options)
    if isinstance(ballots_or_pairwise, Mapping):
        if counts is not None:
            raise ValueError("counts only applies to ballots, not to a pairwise mapping")
        d = _pairwise_from_mapping(ballots_or_pairwise, known)
    else:
        d = pairwise_preferences(ballots_or_pairwise, known, counts=counts)
    p = strongest_paths(d)

    n = len(known)
    remaining = list(range(n))
    tiers: list[tuple[K, ...]] = []
    while remaining:
        # Potential winners among the remaining options. The beat relation is transitive (hence
        # acyclic), so this tier is never empty and the loop always progresses.
        tier = [i for i in remaining if not any(p[j][i] > p[i][j] for j in remaining if j != i)]
        tiers.append(tuple(known[i] for i in tier))
        remaining = [i for i in remaining if i not in tier]
    frozen_tiers = tuple(tiers)
    return SchulzeResult(
        options=known,
        d=d,
        p=p,
        ranking=tuple(option for tier in frozen_tiers for option in tier),
        ranks=competition_ranks(frozen_tiers),
        tiers=frozen_tiers,
    )


def pairwise_preferences(
    ballots: Iterable[RankedBallot[K]],
    options: Sequence[K],
    *,
    counts: Sequence[int] | None = None,
) -> Matrix:
    """The pairwise matrix ``d`` of ranked ``ballots`` (see :func:`schulze` for the format)."""
    known = check_options(options)
    index = {option: i for i, option in enumerate(known)}
    ballot_list = list(ballots)
    if counts is None:
        weights = [1] * len(ballot_list)
    else:
        weights = [operator.index(c) for c in counts]
        if len(weights) != len(ballot_list):
            raise ValueError(f"{len(weights)} counts given for {len(ballot_list)} ballots")
        if any(w < 0 for w in weights):
            raise ValueError("ballot counts must not be negative")

    # Many voters cast the same ranking; folding identical ballots first keeps the O(n²) pairwise
    # update per distinct ranking instead of per voter.
    folded: Counter[tuple[int, ...]] = Counter()
    for number, (ballot, weight) in enumerate(zip(ballot_list, weights, strict=True)):
        folded[_levels(ballot, index, number)] += weight

    n = len(known)
    d = [[0] * n for _ in range(n)]
    for levels, weight in folded.items():
        if not weight:
            continue
        for i, level_i in enumerate(levels):
            row = d[i]
            for j, level_j in enumerate(levels):
                if level_i < level_j:  # lower level = preferred
                    row[j] += weight
    return tuple(tuple(row) for row in d)


def strongest_paths(d: Sequence[Sequence[int]]) -> Matrix:
    """Strongest-path strengths ``p`` for a pairwise matrix ``d`` (winning votes), in O(n³)."""
    n = len(d)
    p = [[d[i][j] if i != j and d[i][j] > d[j][i] else 0 for j in range(n)] for i in range(n)]
    for k in range(n):
        row_k = p[k]
        for i in range(n):
            strength_ik = p[i][k]
            if i == k or strength_ik == 0:
                # A path through k is never stronger than its first leg, and a 0 leg is no path.
                continue
            row_i = p[i]
            # No j == i / j == k test in this hot loop: j == k can only write min(p[i][k],
            # p[k][k]) <= p[i][k], and the diagonal p[i][i] that j == i may fill never feeds an
            # off-diagonal entry, so it is simply reset to 0 at the end.
            for j in range(n):
                through_k = min(strength_ik, row_k[j])
                if through_k > row_i[j]:
                    row_i[j] = through_k
    for i in range(n):
        p[i][i] = 0
    return tuple(tuple(row) for row in p)


def _levels(ballot: RankedBallot[K], index: Mapping[K, int], number: int) -> tuple[int, ...]:
    """Level of each option on one ballot (0 = top); unranked options share the last level."""
    unranked = len(ballot)
    levels = [unranked] * len(index)
    for level, entry in enumerate(ballot):
        for option in _group(entry, index, number):
            i = index[option]
            if levels[i] != unranked:
                raise ValueError(f"ballot {number} ranks option {option!r} more than once")
            levels[i] = level
    return tuple(levels)


def _group(entry: object, index: Mapping[K, int], number: int) -> Collection[K]:
    """The options at one ballot level: a single option or a tie group."""
    try:
        if entry in index:
            return (entry,)  # type: ignore[return-value]  # membership proves entry is a K
    except TypeError:
        pass  # unhashable entries (sets, lists) can only be tie groups
    if isinstance(entry, set | frozenset | list | tuple):
        for option in entry:
            if option not in index:
                raise ValueError(f"ballot {number} names unknown option {option!r}")
        return entry
    raise ValueError(f"ballot {number} names unknown option {entry!r}")


def _pairwise_from_mapping(pairwise: Mapping[tuple[K, K], int], options: tuple[K, ...]) -> Matrix:
    index = {option: i for i, option in enumerate(options)}
    d = [[0] * len(options) for _ in options]
    for pair, value in pairwise.items():
        x, y = pair
        if x not in index or y not in index:
            raise ValueError(f"pairwise entry {pair!r} names an unknown option")
        if x == y:
            raise ValueError(f"pairwise entry {pair!r} compares an option with itself")
        count = operator.index(value)
        if count < 0:
            raise ValueError(f"pairwise entry {pair!r} is negative: {count}")
        d[index[x]][index[y]] = count
    return tuple(tuple(row) for row in d)
