"""Majority judgment (Balinski & Laraki) computed on grade tallies.

Every option is described by its *tally*: how many ballots gave it each grade, from the worst
grade (index 0) to the best one. Nothing here expands tallies into individual ballots, so the
cost of ranking does not depend on the number of voters.

Vocabulary (Balinski & Laraki, *Majority Judgment*, MIT Press, 2011):

* **majority grade**: the lower median grade. With ``n`` ballots sorted from worst to best, it is
  the grade at position ``(n + 1) // 2`` (1-based), i.e. the best grade that at least half of the
  ballots reach or exceed.
* **majority gauge**: ``p`` is the share of ballots strictly above the majority grade, ``q`` the
  share strictly below.
* **majority value**: the sequence of majority grades obtained by removing one ballot carrying
  the current majority grade, then taking the majority grade of what remains, and so on until no
  ballot is left. Options are ranked by comparing their majority values lexicographically.

How the majority value is compared without building it: write the sorted grades
``r_1 <= ... <= r_n`` and ``m = (n + 1) // 2``. Removing medians one by one walks outwards from
``r_m``: the *lower side* ``L = r_m, r_(m-1), ..., r_1`` and the *upper side*
``U = r_(m+1), ..., r_n`` are consumed alternately. For odd ``n`` the majority value is
``L0, L1, U0, L2, U1, L3, ...`` and for even ``n`` it is ``L0, U0, L1, U1, ...``. Since two
compared options hold the same number of ballots, ``L_k`` (or ``U_k``) sits at the same position
in both sequences, so the first difference between two majority values is the earlier of the
first difference between their lower sides and the first difference between their upper sides.
Both sides are monotone runs of grades read straight off the counts, so a comparison costs
``O(number of grades)`` whatever the number of ballots.
"""

from __future__ import annotations

import operator
from array import array
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cmp_to_key
from types import MappingProxyType
from typing import Any, Generic, TypeVar

from endavant.voting._ranking import competition_ranks

K = TypeVar("K", bound=Hashable)

#: The standard French majority-judgment scale, ordered **from worst to best** like tallies, so
#: ``MJ_GRADES_FR[grade_index]`` names a grade index returned by this module.
MJ_GRADES_FR: tuple[str, ...] = (
    "À rejeter",
    "Insuffisant",
    "Passable",
    "Assez bien",
    "Bien",
    "Très bien",
    "Excellent",
)

# A run of equal grades inside one side of a majority value: (grade index, how many in a row).
_Run = tuple[int, int]


@dataclass(frozen=True)
class MajorityGauge:
    """Balinski–Laraki majority gauge of one option, kept as exact counts.

    ``above`` and ``below`` count the ballots strictly above and strictly below the majority
    grade; ``total`` is the number of ballots. ``p`` and ``q`` are the corresponding shares.
    """

    above: int
    below: int
    total: int

    @property
    def p(self) -> float:
        """Share of ballots strictly above the majority grade."""
        return self.above / self.total

    @property
    def q(self) -> float:
        """Share of ballots strictly below the majority grade."""
        return self.below / self.total

    @property
    def sign(self) -> int:
        """``+1`` when more ballots sit above than below the majority grade, ``-1`` when fewer,
        ``0`` when they balance exactly.

        Among options sharing a majority grade, a ``+1`` option with a larger ``p`` is better and
        a ``-1`` option with a larger ``q`` is worse; the exact ranking still comes from the
        majority value, which settles every case the gauge leaves open.
        """
        return (self.above > self.below) - (self.above < self.below)


@dataclass(frozen=True)
class OptionMerit(Generic[K]):
    """Majority-judgment details for one option (its "merit profile")."""

    option: K
    #: Ballot counts per grade, worst to best (after padding, if padding was requested).
    tally: tuple[int, ...]
    #: Index of the lower median grade (``0`` = worst grade).
    majority_grade: int
    gauge: MajorityGauge
    #: Competition rank, 1 = best; options with identical tallies share a rank.
    rank: int
    _lower: tuple[_Run, ...] = field(repr=False, compare=False)
    _upper: tuple[_Run, ...] = field(repr=False, compare=False)

    @property
    def total(self) -> int:
        """Number of ballots counted for this option."""
        return self.gauge.total

    def majority_value(self, limit: int | None = None) -> tuple[int, ...]:
        """The Balinski–Laraki majority value (grade indices), or its first ``limit`` terms.

        The full sequence has one term per ballot; pass ``limit`` when displaying large votes.
        """
        size = self.total if limit is None else max(0, min(limit, self.total))
        lower, upper = _expand(self._lower), _expand(self._upper)
        # Odd totals start with an extra lower-side term (the median itself), then both layouts
        # alternate lower, upper, lower, ... (see the module docstring).
        sources = [lower, upper]
        terms: list[int] = []
        if self.total % 2 == 1 and size > 0:
            terms.append(next(lower))
        turn = 0
        while len(terms) < size:
            terms.append(next(sources[turn]))
            turn ^= 1
        return tuple(terms)


@dataclass(frozen=True)
class MajorityJudgmentResult(Generic[K]):
    """Outcome of :func:`majority_judgment`."""

    #: Options best first; options that tie keep the order in which they were given.
    ranking: tuple[K, ...]
    #: Option -> competition rank (1 = best; identical tallies share a rank: 1, 1, 3).
    ranks: Mapping[K, int]
    #: Groups of tied options, best group first.
    tiers: tuple[tuple[K, ...], ...]
    #: Option -> per-option details.
    merits: Mapping[K, OptionMerit[K]]
    #: Number of grades on the scale.
    n_grades: int
    #: Number of ballots per option (after padding, if padding was requested).
    total: int
    #: Grade labels, worst to best, when they were given.
    grades: tuple[str, ...] | None = None

    def grade_label(self, grade: int) -> str | None:
        """Label of a grade index, or ``None`` when the vote was counted without labels."""
        return None if self.grades is None else self.grades[grade]


class PairReason(StrEnum):
    """Why one option precedes another (codes for the UI to translate)."""

    #: Their majority grades differ (step 0).
    MAJORITY_GRADE = "majority_grade"
    #: Same majority grade; they part after ``step`` median ballots were set aside.
    TIE_BREAK = "tie_break"
    #: Identical tallies: an exact tie.
    IDENTICAL = "identical"


@dataclass(frozen=True)
class PairExplanation(Generic[K]):
    """Structured reason for the relative order of two options.

    ``step`` is the number of leading majority-value terms the two options share, i.e. how many
    median ballots had to be set aside, one at a time, before their majority grades differ;
    ``grade_a`` and ``grade_b`` are the grade indices reached at that step. A UI can say, for
    instance: "after setting aside *step* median judgments common to both, *a* is rated
    *grade_a* and *b* *grade_b*". All three are ``None`` for an exact tie.
    """

    a: K
    b: K
    #: The better of the two, or ``None`` for an exact tie.
    winner: K | None
    reason: PairReason
    step: int | None
    grade_a: int | None
    grade_b: int | None


def majority_judgment(
    tallies: Mapping[K, Sequence[int]],
    grades: Sequence[str] | None = None,
    *,
    pad_with_worst: bool = False,
) -> MajorityJudgmentResult[K]:
    """Rank options by majority judgment (Balinski–Laraki majority-value ranking).

    ``tallies`` maps each option to its ballot counts per grade, **from worst to best**. Every
    option must use the same number of grades. ``grades`` optionally labels the grades (worst to
    best, e.g. :data:`MJ_GRADES_FR`) and must then have that many entries.

    All options must have been judged by the same number of ballots; otherwise a
    :class:`ValueError` is raised, because silently comparing unequal totals would let a barely
    known option win on a handful of enthusiastic judgments. Pass ``pad_with_worst=True`` to count
    every missing judgment as the worst grade instead (the usual rule when a voter leaves an
    option blank), which pads each tally up to the largest total.

    Raises :class:`ValueError` for empty tallies, unequal numbers of grades, negative counts,
    mismatched grade labels, unequal totals (without padding) and votes without any ballot.
    """
    if not tallies:
        raise ValueError("tallies is empty: majority judgment needs at least one option")
    counts: dict[K, tuple[int, ...]] = {}
    for option, tally in tallies.items():
        values = tuple(operator.index(c) for c in tally)
        for grade, count in enumerate(values):
            if count < 0:
                raise ValueError(
                    f"negative count {count} for option {option!r} at grade index {grade}"
                )
        counts[option] = values

    sizes = {len(values) for values in counts.values()}
    if len(sizes) > 1:
        detail = ", ".join(f"{option!r}: {len(values)}" for option, values in counts.items())
        raise ValueError(f"every option must have the same number of grades; got {detail}")
    n_grades = sizes.pop()
    if n_grades == 0:
        raise ValueError("tallies must have at least one grade")
    labels = None if grades is None else tuple(grades)
    if labels is not None and len(labels) != n_grades:
        raise ValueError(f"{len(labels)} grade labels given for tallies of {n_grades} grades")

    totals = {option: sum(values) for option, values in counts.items()}
    total = max(totals.values())
    if min(totals.values()) != total:
        if not pad_with_worst:
            detail = ", ".join(f"{option!r}: {n}" for option, n in totals.items())
            raise ValueError(
                "every option must be judged by the same number of ballots; got "
                f"{detail} (pass pad_with_worst=True to count missing judgments as the worst "
                "grade)"
            )
        counts = {
            option: (values[0] + total - totals[option], *values[1:])
            for option, values in counts.items()
        }
    if total == 0:
        raise ValueError("no ballot to count: every tally is zero")

    profiles = {option: _profile(values, total) for option, values in counts.items()}

    def compare(a: K, b: K) -> int:
        # Sorting puts the best first, so the better option must compare as "smaller".
        difference = _first_difference(profiles[a], profiles[b], total)
        if difference is None:
            return 0
        _, grade_a, grade_b = difference
        return -1 if grade_a > grade_b else 1

    # Python's sort is stable: tied options keep the caller's order, which keeps output
    # reproducible without inventing a tie-break.
    ordered = sorted(counts, key=cmp_to_key(compare))
    tiers: list[list[K]] = []
    for option in ordered:
        if tiers and counts[tiers[-1][0]] == counts[option]:
            tiers[-1].append(option)
        else:
            tiers.append([option])
    frozen_tiers = tuple(tuple(tier) for tier in tiers)
    ranks = competition_ranks(frozen_tiers)

    merits: dict[K, OptionMerit[K]] = {}
    for option in ordered:
        median, lower, upper = profiles[option]
        values = counts[option]
        below = sum(values[:median])
        merits[option] = OptionMerit(
            option=option,
            tally=values,
            majority_grade=median,
            gauge=MajorityGauge(above=total - below - values[median], below=below, total=total),
            rank=ranks[option],
            _lower=lower,
            _upper=upper,
        )
    return MajorityJudgmentResult(
        ranking=tuple(ordered),
        ranks=ranks,
        tiers=frozen_tiers,
        merits=MappingProxyType(merits),
        n_grades=n_grades,
        total=total,
        grades=labels,
    )


def explain_pair(result: MajorityJudgmentResult[K], a: K, b: K) -> PairExplanation[K]:
    """Explain why ``a`` and ``b`` are ordered as they are in ``result``.

    Returns data only (reason code, step, grade indices) so that the UI chooses the wording and
    the language. Raises :class:`KeyError` if either option is not part of ``result``.
    """
    for option in (a, b):
        if option not in result.merits:
            raise KeyError(f"option {option!r} is not part of this result")
    merit_a, merit_b = result.merits[a], result.merits[b]
    difference = _first_difference(
        (merit_a.majority_grade, merit_a._lower, merit_a._upper),
        (merit_b.majority_grade, merit_b._lower, merit_b._upper),
        result.total,
    )
    if difference is None:
        return PairExplanation(a, b, None, PairReason.IDENTICAL, None, None, None)
    step, grade_a, grade_b = difference
    return PairExplanation(
        a=a,
        b=b,
        winner=a if grade_a > grade_b else b,
        reason=PairReason.MAJORITY_GRADE if step == 0 else PairReason.TIE_BREAK,
        step=step,
        grade_a=grade_a,
        grade_b=grade_b,
    )


def tally_grades(
    ballots: bytes | bytearray | memoryview | array[int] | Iterable[Sequence[int]],
    n_options: int,
    n_grades: int,
) -> list[list[int]]:
    """Count grade judgments: return ``counts[option_index][grade_index]`` (worst grade first).

    ``ballots`` is either

    * a flat **bytes-like buffer** (``bytes``, ``bytearray``, ``memoryview``, ``array.array``, a
      C-contiguous NumPy array...) holding ``n_ballots * n_options`` grade indices ballot after
      ballot (cell ``(ballot i, option j)`` at ``i * n_options + j``). Buffers of one-byte items
      are counted at C speed (strided slices and ``bytes.count``), which is the fast path for big
      votes: a million 20-option ballots take well under a second. Wider integer items are
      accepted but first copied into bytes; or
    * any **iterable of sequences** of ``n_options`` grade indices (one sequence per ballot),
      counted by a plain Python loop: fine for thousands of ballots, slow for millions.

    Every grade index must be an integer in ``[0, n_grades)``; otherwise :class:`ValueError`.
    Missing judgments are not representable here: map them to the worst grade (0) beforehand,
    which is what :func:`majority_judgment` does with ``pad_with_worst=True``.
    """
    if n_options < 1:
        raise ValueError(f"n_options must be at least 1, got {n_options}")
    if n_grades < 1:
        raise ValueError(f"n_grades must be at least 1, got {n_grades}")
    try:
        view = memoryview(ballots)  # type: ignore[arg-type]
    except TypeError:
        return _tally_iterable(ballots, n_options, n_grades)  # type: ignore[arg-type]
    with view:
        data = _grade_bytes(view, n_grades)
    if len(data) % n_options:
        raise ValueError(
            f"buffer holds {len(data)} grades, which is not a multiple of n_options={n_options}"
        )
    n_ballots = len(data) // n_options
    counts: list[list[int]] = []
    for option in range(n_options):
        # One strided copy per option (C speed), then one C-speed scan per grade: about
        # n_options * (n_grades + 1) passes over n_ballots bytes, no Python-level loop per cell.
        column = data[option::n_options]
        option_counts = [column.count(grade) for grade in range(n_grades)]
        if sum(option_counts) != n_ballots:
            raise ValueError(
                f"grade indices for option {option} must be integers in [0, {n_grades})"
            )
        counts.append(option_counts)
    return counts


def _grade_bytes(view: memoryview, n_grades: int) -> bytes:
    """Flatten a buffer of grade indices into ``bytes`` (one byte per grade)."""
    if view.itemsize == 1:
        # Signed bytes become >= 128 here, so negative grades are caught by the range check.
        return view.tobytes()
    if n_grades > 256:
        raise ValueError("buffers of wide integers need n_grades <= 256")
    if view.ndim > 2:
        raise ValueError("buffers of grade indices must have one or two dimensions")
    # typeshed types tolist() as list[int], but a 2-D view yields one list per row.
    cells: list[Any] = view.tolist()
    if view.ndim == 2:
        cells = [cell for row in cells for cell in row]
    try:
        return bytes(cells)
    except (ValueError, TypeError) as error:
        raise ValueError(f"grade indices must be integers in [0, {n_grades})") from error


def _tally_iterable(
    ballots: Iterable[Sequence[int]], n_options: int, n_grades: int
) -> list[list[int]]:
    counts = [[0] * n_grades for _ in range(n_options)]
    for number, ballot in enumerate(ballots):
        if len(ballot) != n_options:
            raise ValueError(
                f"ballot {number} has {len(ballot)} judgments, expected n_options={n_options}"
            )
        for option, grade in enumerate(ballot):
            if not 0 <= grade < n_grades:
                raise ValueError(
                    f"ballot {number}, option {option}: grade {grade!r} is not in [0, {n_grades})"
                )
            counts[option][grade] += 1
    return counts


_Profile = tuple[int, tuple[_Run, ...], tuple[_Run, ...]]


def _profile(counts: Sequence[int], total: int) -> _Profile:
    """Majority grade plus the lower and upper sides of the majority value, as runs."""
    median_position = (total + 1) // 2  # 1-based position of the lower median
    below = 0
    median = 0
    for grade, count in enumerate(counts):
        if below + count >= median_position:
            median = grade
            break
        below += count
    lower: list[_Run] = [(median, median_position - below)]
    lower += [(g, counts[g]) for g in range(median - 1, -1, -1) if counts[g]]
    upper: list[_Run] = []
    first_upper = below + counts[median] - median_position
    if first_upper:
        upper.append((median, first_upper))
    upper += [(g, counts[g]) for g in range(median + 1, len(counts)) if counts[g]]
    return median, tuple(lower), tuple(upper)


def _first_run_difference(a: Sequence[_Run], b: Sequence[_Run]) -> tuple[int, int, int] | None:
    """First index where two run-encoded sequences of equal length differ, with both values."""
    index_a = index_b = used_a = used_b = position = 0
    while index_a < len(a) and index_b < len(b):
        grade_a, length_a = a[index_a]
        grade_b, length_b = b[index_b]
        if grade_a != grade_b:
            return position, grade_a, grade_b
        step = min(length_a - used_a, length_b - used_b)
        position += step
        used_a += step
        used_b += step
        if used_a == length_a:
            index_a, used_a = index_a + 1, 0
        if used_b == length_b:
            index_b, used_b = index_b + 1, 0
    return None


def _first_difference(a: _Profile, b: _Profile, total: int) -> tuple[int, int, int] | None:
    """First position where two majority values differ, and the grades there (or ``None``)."""
    odd = total % 2 == 1
    best: tuple[int, int, int] | None = None
    lower = _first_run_difference(a[1], b[1])
    if lower is not None:
        k, grade_a, grade_b = lower
        # Where the k-th lower-side term lands in the majority value (module docstring).
        position = (0 if k == 0 else 2 * k - 1) if odd else 2 * k
        best = (position, grade_a, grade_b)
    upper = _first_run_difference(a[2], b[2])
    if upper is not None:
        k, grade_a, grade_b = upper
        position = 2 * k + 2 if odd else 2 * k + 1
        if best is None or position < best[0]:
            best = (position, grade_a, grade_b)
    return best


def _expand(runs: Iterable[_Run]) -> Iterator[int]:
    for grade, length in runs:
        for _ in range(length):
            yield grade
