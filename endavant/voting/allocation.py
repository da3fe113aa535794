"""Participatory budgeting allocation rules: greedy by votes and the Method of Equal Shares.

Both rules take the projects as a mapping ``project id -> cost`` (its order is the last
tie-break) and a budget limit, and return an :class:`AllocationResult` that lists the selected
projects in selection order and explains, project by project, why each one was or was not
funded. Costs and budgets are read exactly: ``int``, :class:`~fractions.Fraction`,
:class:`~decimal.Decimal`, or ``float`` taken as its shortest decimal form (``0.1`` is 1/10).

Greedy (the "standard method" most cities use)
    :func:`greedy` ranks projects by approval count (or by given scores), then takes each one in
    that order if it still fits in what is left of the budget. Projects that no longer fit are
    skipped, not stopped at.

Method of Equal Shares (MES), approval ballots, cost utilities
    :func:`equal_shares` follows the reference implementation published at equalshares.net
    ("Implementation > Computation" and "Completion" pages; Peters & Skowron, "Proportionality
    and the limits of welfarism", EC 2020; Peters, Pierczyński & Skowron, "Proportional
    participatory budgeting with additive utilities", NeurIPS 2021). Each voter receives an equal
    share of the budget; a project is affordable when its supporters can pay its cost from what
    they have left; among affordable projects the one with the lowest ``rho`` is funded, where
    ``rho`` is the largest payment asked of a supporter divided by the utility of the project,
    and with cost utilities the utility of a project to each supporter is its cost (so ``1/rho``
    is the "effective vote count" that equalshares.net displays). The cost is split as equally as
    possible: supporters who cannot pay the common amount pay all they have left. Ties on
    ``rho`` go to the lower cost, then to the higher vote count, then to the earlier project in
    ``projects`` (equalshares.net, "Tie breaking").

    Completion (equalshares.net, "Completion"), chosen with ``completion=``:

    * ``"add1"`` (default): rerun MES with every voter's initial share raised by one currency unit
      (``increment``) at a time, as long as the outcome stays within the budget; stop at the first
      exhaustive outcome (no further project fits), or when the next share would overspend, and
      keep the last outcome within the budget.
    * ``"add1_greedy"``: ``"add1"``, then fund the remaining projects by vote count while they fit.
    * ``"greedy"``: plain MES, then fund the remaining projects by vote count while they fit.
    * ``None``: plain MES with the budget divided equally, which often leaves money unspent.

    Add1 also stops once the share reaches the total cost of all projects: from there on every
    supporter can always pay an equal split, so the outcome no longer changes.

    Speed. Voters with identical approval sets are counted once, with a weight. Each MES run
    re-evaluates only the projects whose previous ``rho`` could still win (``rho`` never
    decreases during a run: the trick described on the "Computation" page). Profiles beyond a
    few hundred approvals are counted in floating point, with two safeguards that keep the result
    that of exact arithmetic: the payment charged for each funded project is computed in
    high-precision fixed point from the exact budgets of its partial payers (so rounding errors
    never carry over from one voter to another), and every decision (affordability, who pays in
    full, which project wins, ties) is taken only when an error bound proves it is the exact
    decision; otherwise the run is redone in exact rational arithmetic. Add1 needs one MES run
    per increment that changes the outcome; where the outcome stays the same, it probes 2, 4,
    8... increments ahead and skips them when the probed run proves they all give the same
    outcome (see :func:`equal_shares`), which turns long plateaus into a few runs.
    With NumPy installed, the floating-point runs keep the budgets in an array and do the
    per-supporter work (gathering a project's budgets, charging a payment, finding the partial
    payers and what they paid before) with array operations: the same decisions under the same
    error bounds, about three times faster on 100,000 voters (see ``bench/bench_allocation.py``).

Every rejected project carries a reason code: :data:`NOT_AFFORDABLE` (its supporters could not
pay for it from their shares), :data:`OVER_BUDGET` (it did not fit in what was left of the
budget), :data:`NO_SUPPORT` (nobody voted for it) or :data:`ZERO_COST` (free projects carry no
cost utility, so MES ignores them; a greedy completion funds them).
"""

from __future__ import annotations

import math
import operator
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from itertools import accumulate, chain, compress, repeat
from types import MappingProxyType
from typing import Any, Generic, Literal, TypeAlias, TypeVar

try:  # NumPy makes the large floating-point runs several times faster; optional.
    import numpy as _np
except ImportError:  # pragma: no cover - exercised by the tests with NUMPY = False
    _np = None  # type: ignore[assignment]

#: Whether floating-point MES runs use NumPy arrays (when NumPy is installed).
NUMPY = _np is not None

K = TypeVar("K", bound=Hashable)

#: An amount of money as accepted on input.
Amount: TypeAlias = int | Fraction | Decimal | float
#: An amount of money as returned: exact.
Exact: TypeAlias = int | Fraction
#: Completion modes of :func:`equal_shares`.
Completion: TypeAlias = Literal["add1", "add1_greedy", "greedy"] | None
#: Arithmetic used by :func:`equal_shares` for its runs (decisions are exact in every mode).
Arithmetic: TypeAlias = Literal["auto", "exact", "float"]

#: The supporters of the project could not pay for it from what was left of their shares.
NOT_AFFORDABLE = "not_affordable"
#: The project did not fit in what was left of the budget.
OVER_BUDGET = "over_budget"
#: Nobody approved the project (or its score is not positive).
NO_SUPPORT = "no_support"
#: The project costs nothing: with cost utilities it brings no utility, so MES never funds it.
ZERO_COST = "zero_cost"

#: Phases in which a project can be funded.
PHASE_EQUAL_SHARES = "equal_shares"
PHASE_GREEDY = "greedy"

COMPLETIONS: tuple[Completion, ...] = ("add1", "add1_greedy", "greedy", None)

# Profiles with at most this many approvals (identical ballots counted once) are counted in
# exact arithmetic when ``arithmetic="auto"``: exact fractions cost far more per operation than
# floats, their denominators grow with every partial payment, and Add1 may need hundreds of runs,
# so they only pay off on small, hand-sized profiles (where exact explanations are welcome).
_EXACT_AUTO_LIMIT = 500


@dataclass(frozen=True)
class ProjectOutcome(Generic[K]):
    """What happened to one project, for display and audit."""

    project: K
    cost: Exact
    #: Number of approvals (weighted by ``counts``), or the score given to :func:`greedy`.
    votes: Exact
    selected: bool
    #: 1-based position in the selection order, ``None`` when not selected.
    step: int | None = None
    #: :data:`PHASE_EQUAL_SHARES` or :data:`PHASE_GREEDY` when selected, else ``None``.
    phase: str | None = None
    #: Reason code when not selected (:data:`NOT_AFFORDABLE`, :data:`OVER_BUDGET`,
    #: :data:`NO_SUPPORT`, :data:`ZERO_COST`), else ``None``.
    reason: str | None = None
    #: MES only: the largest payment asked of a supporter divided by the cost (lower wins).
    #: A Fraction when the run was exact, otherwise a float close to it.
    rho: Fraction | float | None = None
    #: MES only: the largest payment asked of a supporter (``rho * cost``).
    max_payment: Fraction | float | None = None
    #: MES only: supporters who paid ``max_payment`` in full.
    full_payers: int = 0
    #: MES only: supporters who paid everything they had left, less than ``max_payment``.
    partial_payers: int = 0
    #: MES only: supporters who had nothing left to pay with.
    exhausted_supporters: int = 0

    @property
    def effective_votes(self) -> Fraction | float | None:
        """``1/rho``: the "effective vote count" of equalshares.net (the votes when all pay)."""
        if self.rho is None or not self.rho:
            return None
        return 1 / self.rho


@dataclass(frozen=True)
class AllocationResult(Generic[K]):
    """Outcome of :func:`greedy` or :func:`equal_shares`."""

    #: ``"greedy"`` or ``"equal_shares"``.
    rule: str
    #: Completion mode used by :func:`equal_shares` (``None`` for greedy or plain MES).
    completion: Completion
    budget: Exact
    #: Selected project ids, in selection order.
    selected: tuple[K, ...]
    #: Total cost of the selected projects.
    cost: Exact
    #: Project id -> :class:`ProjectOutcome`, in the order of ``projects``.
    details: Mapping[K, ProjectOutcome[K]]
    #: MES only: the initial share of every voter in the run that produced the outcome
    #: (``budget / voters`` plus the Add1 increments). ``None`` for greedy.
    voter_budget: Fraction | None = None
    #: MES only: number of voters (including empty ballots) the budget was divided among.
    voters: int = 0
    #: MES only: number of Add1 increments applied to the initial share.
    add1_steps: int = 0
    #: MES only: number of MES runs computed (Add1 skips increments that cannot change anything).
    runs: int = 0
    #: MES only: True when ``rho`` and payments in ``details`` are exact fractions.
    exact: bool = True

    @property
    def leftover(self) -> Exact:
        """Budget left unspent."""
        return self.budget - self.cost

    def rejected(self) -> tuple[K, ...]:
        """Projects not selected, in the order of ``projects``."""
        return tuple(k for k, d in self.details.items() if not d.selected)


# --- input handling ---------------------------------------------------------------------------


def exact_amount(value: Amount, what: str = "amount") -> Exact:
    """Return ``value`` as an exact non-negative int or Fraction (floats via their repr)."""
    if isinstance(value, bool):
        raise ValueError(f"{what} must be a number, not {value!r}")
    if isinstance(value, int):
        result: Fraction | int = value
    elif isinstance(value, Fraction):
        result = value
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"{what} must be finite, got {value!r}")
        result = Fraction(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{what} must be finite, got {value!r}")
        # repr gives the shortest decimal that reads back as this float: 0.1 means 1/10, the
        # amount a person typed, not the binary approximation 3602879701896397/2**55.
        result = Fraction(repr(value))
    else:
        raise ValueError(f"{what} must be a number, not {value!r}")
    if result < 0:
        raise ValueError(f"{what} must not be negative, got {value!r}")
    if isinstance(result, Fraction) and result.denominator == 1:
        return result.numerator
    return result


def _check_projects(projects: Mapping[K, Amount]) -> tuple[list[K], list[Exact]]:
    ids = list(projects)
    costs = [exact_amount(projects[k], f"cost of project {k!r}") for k in ids]
    return ids, costs


def _weights(counts: Sequence[int] | None, n_ballots: int) -> list[int]:
    if counts is None:
        return [1] * n_ballots
    weights = [operator.index(c) for c in counts]
    if len(weights) != n_ballots:
        raise ValueError(f"{len(weights)} counts given for {n_ballots} ballots")
    if any(w < 0 for w in weights):
        raise ValueError("ballot counts must not be negative")
    return weights


def _group_ballots(
    ids: Sequence[K], ballots: Iterable[Iterable[K]], counts: Sequence[int] | None
) -> tuple[dict[frozenset[int], int], int]:
    """Merge identical approval sets: ``{frozenset of project indices: voters}``, total voters."""
    index = {k: i for i, k in enumerate(ids)}.__getitem__
    ballot_list = list(ballots)
    weights = _weights(counts, len(ballot_list))
    # Identical ballots are merged before being turned into sets of project indices, which is the
    # costly part; ballots that are not hashable (lists) are read as tuples.
    raw: Counter[tuple[K, ...]]
    if counts is None:
        raw = Counter(map(tuple, ballot_list))  # tuple() of a tuple is the tuple itself: free
    else:
        raw = Counter()
        for ballot, weight in zip(map(tuple, ballot_list), weights, strict=True):
            if weight:
                raw[ballot] += weight
    groups: dict[frozenset[int], int] = {}
    try:
        for ballot, weight in raw.items():
            key = frozenset(map(index, ballot))
            groups[key] = groups.get(key, 0) + weight
    except KeyError as error:
        unknown = error.args[0]
        number = next(n for n, b in enumerate(ballot_list) if unknown in b)
        raise ValueError(f"ballot {number} approves unknown project {unknown!r}") from None
    return groups, sum(weights)


# --- greedy -----------------------------------------------------------------------------------


def greedy(
    projects: Mapping[K, Amount],
    approvals_or_scores: Iterable[Iterable[K]] | Mapping[K, Amount],
    budget: Amount,
    *,
    counts: Sequence[int] | None = None,
) -> AllocationResult[K]:
    """Fund projects by decreasing votes (or scores) while they fit in the budget.

    ``approvals_or_scores`` is either approval ballots (each the collection of approved project
    ids, optionally weighted by ``counts``) or a mapping ``project id -> score`` (for example
    points of cumulative ballots); projects missing from the mapping score 0. Each project is
    taken in that order if its cost fits in what is left; projects that no longer fit are
    skipped (:data:`OVER_BUDGET`) and the next ones still get their chance. Projects without
    positive support are never funded (:data:`NO_SUPPORT`). Ties go to the lower cost, then to
    the earlier project in ``projects``.
    """
    ids, costs = _check_projects(projects)
    limit = exact_amount(budget, "budget")
    if isinstance(approvals_or_scores, Mapping):
        if counts is not None:
            raise ValueError("counts only applies to approval ballots")
        unknown = [k for k in approvals_or_scores if k not in projects]
        if unknown:
            raise ValueError(f"scores given for unknown projects: {unknown!r}")
        # Scores may be negative (scoring ballots); only their order matters, so they are read
        # exactly but not checked for sign here.
        votes: list[Exact] = [_exact_signed(approvals_or_scores.get(k, 0), k) for k in ids]
    else:
        groups, _ = _group_ballots(ids, approvals_or_scores, counts)
        tally = [0] * len(ids)
        for ballot, weight in groups.items():
            for j in ballot:
                tally[j] += weight
        votes = list(tally)
    order = sorted(range(len(ids)), key=lambda j: (-votes[j], costs[j], j))
    left: Exact = limit
    selected: list[int] = []
    details: dict[int, ProjectOutcome[K]] = {}
    for j in order:
        if votes[j] <= 0:
            details[j] = ProjectOutcome(ids[j], costs[j], votes[j], False, reason=NO_SUPPORT)
        elif costs[j] <= left:
            left -= costs[j]
            selected.append(j)
            details[j] = ProjectOutcome(
                ids[j], costs[j], votes[j], True, step=len(selected), phase=PHASE_GREEDY
            )
        else:
            details[j] = ProjectOutcome(ids[j], costs[j], votes[j], False, reason=OVER_BUDGET)
    return AllocationResult(
        rule="greedy",
        completion=None,
        budget=limit,
        selected=tuple(ids[j] for j in selected),
        cost=limit - left,
        details=MappingProxyType({ids[j]: details[j] for j in range(len(ids))}),
    )


def _exact_signed(value: Amount, project: object) -> Exact:
    if isinstance(value, int | float | Decimal | Fraction) and not isinstance(value, bool):
        if value < 0:
            return -exact_amount(-value, f"score of project {project!r}")
        return exact_amount(value, f"score of project {project!r}")
    raise ValueError(f"score of project {project!r} must be a number, not {value!r}")


# --- Method of Equal Shares: prepared instance ------------------------------------------------


class _Instance:
    """A profile prepared once for all the MES runs of one call (indices, groups, supporters)."""

    def __init__(
        self, costs: Sequence[Exact], groups: Mapping[frozenset[int], int], voters: int
    ) -> None:
        m = len(costs)
        self.costs = list(costs)
        self.costs_f = [float(c) for c in costs]
        self.voters = voters
        self.weights = list(groups.values())
        members: list[list[int]] = [[] for _ in range(m)]
        for g, ballot in enumerate(groups):
            for j in ballot:
                members[j].append(g)
        self.supporters = members
        self.ballots = [tuple(ballot) for ballot in groups]
        # Per project, one entry per voter: each group once, plus its extra identical voters.
        extra: list[list[int]] = [[] for _ in range(m)]
        for g, w in enumerate(self.weights):
            if w > 1:
                for j in self.ballots[g]:
                    extra[j].extend(repeat(g, w - 1))
        self.by_voter = [members[j] + extra[j] for j in range(m)]
        self.votes = list(map(len, self.by_voter))
        self._supporter_weights: list[list[int]] | None = None
        # Tie-break key, smaller wins: lower cost, then more votes, then earlier project.
        self.tie = [(self.costs[j], -self.votes[j], j) for j in range(m)]
        # A rank instead of the tuple keeps the comparisons in the hot loop cheap.
        order = sorted(range(m), key=self.tie.__getitem__)
        self.tie_rank = [0] * m
        for rank, j in enumerate(order):
            self.tie_rank[j] = rank
        #: Projects MES can fund: positive cost (so positive cost utility) and some support.
        self.selectable = [j for j in range(m) if self.costs[j] > 0 and self.votes[j] > 0]
        self.total_cost: Exact = sum(self.costs)
        self.approvals = sum(len(s) for s in members)
        self.max_ballot = max(map(len, groups), default=0)
        self.cost_denominator = math.lcm(*(Fraction(c).denominator for c in costs))
        self._getters: tuple[list[_Getter], list[_Getter]] | None = None
        self._arrays: _Arrays | None = None
        self._scaled_costs: dict[int, list[int]] = {}

    def scaled_costs(self, scale: int) -> list[int]:
        """Costs times ``scale`` (a multiple of every cost denominator), as integers."""
        cached = self._scaled_costs.get(scale)
        if cached is None:
            cached = [c.numerator * (scale // c.denominator) for c in map(Fraction, self.costs)]
            self._scaled_costs[scale] = cached
        return cached

    @property
    def arrays(self) -> _Arrays:
        """The profile as NumPy index arrays, for :func:`_run_float_np`."""
        if self._arrays is None:
            self._arrays = _Arrays(self)
        return self._arrays

    @property
    def supporter_weights(self) -> list[list[int]]:
        """Per project, the weight of each group in ``supporters`` (for exact runs)."""
        if self._supporter_weights is None:
            weight_of = self.weights.__getitem__
            self._supporter_weights = [list(map(weight_of, s)) for s in self.supporters]
        return self._supporter_weights

    @property
    def getters(self) -> tuple[list[_Getter], list[_Getter]]:
        """Per project, C-speed functions gathering the budgets of its supporters as a tuple.

        The first gathers one budget per group (to charge payments), the second one budget per
        voter (each group repeated by its weight), so that the comparisons that scan every
        supporter need no weights and run as plain ``sum``/``sorted`` over floats.
        """
        if self._getters is None:
            self._getters = (
                [_tuple_getter(s) for s in self.supporters],
                [_tuple_getter(s) for s in self.by_voter],
            )
        return self._getters


_Getter: TypeAlias = Callable[[Sequence[float]], tuple[float, ...]]


class _Arrays:
    """Per project, its supporting groups and its voters (each group repeated by its weight) as
    index arrays, and the ballots of all groups in compressed rows (``start``/``flat``)."""

    def __init__(self, inst: _Instance) -> None:
        self.supporters = [_np.array(s, dtype=_np.intp) for s in inst.supporters]
        self.by_voter = [_np.array(s, dtype=_np.intp) for s in inst.by_voter]
        lengths = _np.fromiter(map(len, inst.ballots), dtype=_np.intp, count=len(inst.ballots))
        self.length = lengths
        self.start = _np.concatenate(([0], _np.cumsum(lengths)))[:-1]
        self.flat = _np.fromiter(chain.from_iterable(inst.ballots), dtype=_np.intp)
        self.weights = _np.array(inst.weights, dtype=_np.int64)
        self.projects = len(inst.costs)

    def approvals_of(self, groups: Any) -> Any:
        """Per project, how many voters of ``groups`` (weighted) approved it."""
        lengths = self.length[groups]
        total = int(lengths.sum())
        # Positions of every ballot entry of the groups: each group's start, repeated by its
        # length, plus the offset inside the group.
        ends = _np.cumsum(lengths)
        offsets = _np.arange(total) - _np.repeat(ends - lengths, lengths)
        entries = self.flat[_np.repeat(self.start[groups], lengths) + offsets]
        weights = _np.repeat(self.weights[groups], lengths)
        return _np.bincount(entries, weights=weights, minlength=self.projects)


def _tuple_getter(indices: list[int]) -> _Getter:
    if len(indices) == 1:
        only = indices[0]
        return lambda values: (values[only],)
    if not indices:
        return lambda values: ()
    return operator.itemgetter(*indices)


@dataclass
class _Round:
    """One funded project of a run: who won, at which rho, and how its cost was split."""

    project: int
    rho: Fraction | float
    #: Rounding-error bound on ``rho`` (0 in exact runs).
    rho_err: float
    #: When positive, ``rho`` is exactly ``1/all_rich`` (all supporters with money paid equally).
    all_rich: int
    max_payment: Fraction | float
    full_payers: int
    partial_payers: int
    exhausted: int


@dataclass
class _Run:
    """Result of one MES run at a given initial share."""

    share: Fraction
    rounds: list[_Round]
    exact: bool
    #: Whether this run proved that every share from the base run's up to this one gives the same
    #: outcome (``None`` when no base run was given).
    certified: bool | None = None

    @property
    def order(self) -> list[int]:
        return [r.project for r in self.rounds]


# --- Method of Equal Shares: one run, exact arithmetic ----------------------------------------


def _run_exact(inst: _Instance, share: Fraction, base: _Run | None = None) -> _Run:
    """MES with every voter starting at ``share``, in exact rational arithmetic.

    With ``base`` (a run at a smaller share), also certify that every share between the two
    gives the same rounds: see :func:`_certify_round`.
    """
    budgets: list[Fraction | int] = [share] * len(inst.weights)
    costs, tie = inst.costs, inst.tie_rank
    supporters, weights = inst.supporters, inst.supporter_weights
    remaining = list(inst.selectable)
    # Lower bound of each project's rho, valid for the rest of the run: rho only rises.
    bound: dict[int, Fraction] = {j: Fraction(1, inst.votes[j]) for j in remaining}
    rounds: list[_Round] = []
    certifying = base is not None

    while remaining:
        remaining.sort(key=lambda j: (bound[j], tie[j]))
        threshold: tuple[Fraction, int] | None = None
        if certifying:
            assert base is not None
            if len(rounds) >= len(base.rounds):
                certifying = False  # this run funds more projects than the base run
            else:
                ref = base.rounds[len(rounds)]
                threshold = (Fraction(ref.rho), tie[ref.project])
        best: int | None = None
        best_key: tuple[Fraction, int] | None = None
        best_split: tuple[Fraction, int, int, int] | None = None
        evaluated: list[tuple[Fraction, int]] = []
        unaffordable: list[int] = []
        for j in remaining:
            key = (bound[j], tie[j])
            limit = best_key if threshold is None else max(best_key or threshold, threshold)
            if limit is not None and key > limit:
                break
            split = _split_exact(costs[j], [budgets[g] for g in supporters[j]], weights[j])
            if split is None:
                unaffordable.append(j)
                continue
            p, full, partial, exhausted = split
            rho = p / costs[j]
            bound[j] = rho
            key = (rho, tie[j])
            evaluated.append(key)
            if best_key is None or key < best_key:
                best, best_key, best_split = j, key, split
        for j in unaffordable:
            remaining.remove(j)
        if best is None:
            if certifying and base is not None and len(rounds) < len(base.rounds):
                certifying = False
            break
        assert best_key is not None
        assert best_split is not None
        if certifying and threshold is not None:
            certifying = _certify_round(best, base, len(rounds), evaluated, best_key, threshold)
        p, full, partial, exhausted = best_split
        for g in supporters[best]:
            budgets[g] -= min(budgets[g], p)
        remaining.remove(best)
        rounds.append(_Round(best, best_key[0], 0.0, 0, p, full, partial, exhausted))
    certified = None if base is None else (certifying and len(rounds) == len(base.rounds))
    return _Run(share, rounds, exact=True, certified=certified)


def _certify_round(
    winner: int,
    base: _Run | None,
    t: int,
    evaluated: list[tuple[Fraction, int]],
    best_key: tuple[Fraction, int],
    threshold: tuple[Fraction, int],
) -> bool:
    """Exact check of one round of the Add1 certificate (see :func:`equal_shares`)."""
    assert base is not None
    if winner != base.rounds[t].project:
        return False
    # Every other affordable project evaluated this round must lose to the base winner at the
    # base share: rho here > rho of the base winner there (or equal, with a worse tie rank).
    return all(key == best_key or key > threshold for key in evaluated)


def _split_exact(
    cost: Exact, budgets: list[Fraction | int], weights: list[int]
) -> tuple[Fraction, int, int, int] | None:
    """Split ``cost`` as equally as possible; None when the supporters cannot pay it.

    Returns the largest payment ``p`` and the weights of supporters paying ``p`` in full, paying
    all they have left (less than ``p``) and having nothing left.
    """
    pairs = sorted(zip(budgets, weights, strict=True))
    if sum(b * w for b, w in pairs) < cost:
        return None
    left = Fraction(cost)
    payers = sum(weights)
    partial = exhausted = 0
    for b, w in pairs:
        # Supporters are visited from the poorest: one who can pay the equal split of what is
        # left pays it, and so can everyone after; otherwise they pay everything they have.
        if b * payers >= left:
            break
        left -= b * w
        payers -= w
        if b:
            partial += w
        else:
            exhausted += w
    return left / payers, payers, partial, exhausted


# --- Method of Equal Shares: one run, floating point with proven decisions --------------------


class _AmbiguousError(Exception):
    """A floating-point run met a decision its error bound cannot settle; redo it exactly."""


# Unit roundoff of IEEE doubles, and the factor applied to error bounds when deciding. The bounds
# follow the standard a-priori analysis (each operation adds a relative error of at most u, a sum
# of k terms at most k*u of the sum of magnitudes); the factor covers the second-order terms that
# analysis drops, and costs nothing in practice: real decisions are far from those margins.
_U = 2.0**-53
_SAFETY = 16.0
# Fraction bits of the fixed-point payments of floating-point runs. Their error bound can grow
# from round to round (a partial payer's error enters the next payment), by at most a factor
# (1 + partial payers / full payers) per round; the run gives up (and is redone exactly) past
# 2**128 units, i.e. 2**-64 of the currency unit, far below the float budgets' own error. The
# bound reached 2**44 on the 100,000-voter benchmark and 2**40 on the Toulouse votes.
_FIX_BITS = 192


def _cmp_keys(
    v1: float, e1: float, a1: int, v2: float, e2: float, a2: int
) -> Literal[-1, 0, 1] | None:
    """Compare two rho values known as (float, error bound, exact 1/a marker); None if unsure."""
    if a1 and a2:
        # Both are exactly 1/a: compare the integers (1/a1 < 1/a2 iff a1 > a2).
        return -1 if a1 > a2 else (1 if a1 < a2 else 0)
    d = v1 - v2
    tol = _SAFETY * (e1 + e2)
    if d > tol:
        return 1
    if d < -tol:
        return -1
    return None


def _loses(v: float, e: float, a: int, tie: int, rv: float, re: float, ra: int, rtie: int) -> bool:
    """Whether rho ``(v, e, a)`` with tie rank ``tie`` surely loses to ``(rv, re, ra)``."""
    c = _cmp_keys(v, e, a, rv, re, ra)
    return c == 1 or (c == 0 and tie > rtie)


# (p, error bound of p, full, partial, exhausted, gap to the nearest positive budget, exact
# marker: p is exactly cost/full and every supporter with money pays it)
_FloatSplit: TypeAlias = tuple[float, float, int, int, int, float, bool]


def _run_float(inst: _Instance, share: Fraction, base: _Run | None = None) -> _Run:
    """Same rounds as :func:`_run_exact`, counted in floats; raises _AmbiguousError when unsure.

    Budgets are floats, for the comparisons that scan every supporter. The payment charged for a
    funded project is computed in fixed point (``share`` and costs scaled to integers, with
    ``_FIX_BITS`` fraction bits) from the partial payers' budgets, which are rebuilt exactly from
    their ballots: a voter with money left has paid in full for every funded project on their
    ballot, so their budget is the share minus those payments. The rounding of one float budget
    therefore never leaks into another voter's payment: a float budget is off by at most a few
    roundings per payment it made (``err`` below) plus the fixed-point error, which the run bounds
    (``err_fix``) and keeps negligible.
    """
    share_f = float(share)
    den = math.lcm(share.denominator, inst.cost_denominator)
    scale = den << _FIX_BITS
    share_fix = share.numerator * (scale // share.denominator)
    costs_fix = inst.scaled_costs(scale)
    n_groups = len(inst.weights)
    budgets = [share_f] * n_groups
    group_weight, ballots = inst.weights, inst.ballots
    paid_fix_of: dict[int, int] = {}  # funded project -> payment of a full payer, fixed point
    # A float budget starts with one rounding, and each payment adds at most two (the payment
    # converted to float, then the subtraction), each at most u times the share.
    err_float = _U * share_f * (1 + 3 * inst.max_ballot)
    err_fix = 0  # sum of the error bounds of all fixed-point payments so far
    costs_f, votes, tie = inst.costs_f, inst.votes, inst.tie_rank
    get_groups, get_voters = inst.getters
    supporters = inst.supporters
    # Per project, the voters still worth gathering: exhausted ones are dropped along the way
    # (``dropped`` counts them) since they can only ever pay nothing.
    get_voters = list(get_voters)
    voter_lists = list(inst.by_voter)
    dropped = [0] * len(get_voters)
    remaining = list(inst.selectable)
    # Lower bound of rho for each project as (value, error bound, exact-1/a marker).
    bound_v = {j: 1.0 / votes[j] for j in remaining}
    bound_e = {j: _U / votes[j] for j in remaining}
    bound_a = {j: votes[j] for j in remaining}
    max_bound_err = max(bound_e.values(), default=0.0)
    rounds: list[_Round] = []
    certifying = base is not None

    while remaining:
        if err_fix > den << (_FIX_BITS - 64):
            raise _AmbiguousError("fixed-point error grew too large")
        err = err_float + err_fix / scale
        remaining.sort(key=bound_v.__getitem__)
        ref: _Round | None = None
        ref_v = ref_e = 0.0
        ref_a = ref_tie = 0
        if certifying:
            assert base is not None
            if len(rounds) >= len(base.rounds):
                certifying = False
            else:
                ref = base.rounds[len(rounds)]
                ref_v = float(ref.rho)
                # float() of an exact base rho rounds once more.
                ref_e = ref.rho_err + _U * ref_v
                ref_a, ref_tie = ref.all_rich, tie[ref.project]
        best = -1
        bv = be = 0.0
        ba = 0
        best_split: _FloatSplit | None = None
        contenders: list[tuple[int, float, float, int]] = []
        unaffordable: list[int] = []
        for j in remaining:
            v = bound_v[j]
            if best >= 0:
                # A project is skipped when its lower bound surely loses to the current best (and,
                # while certifying, to the base winner too); the list is sorted by bound, so once
                # a bound is clearly above both, every later one is.
                floor = bv + _SAFETY * be
                if ref is not None:
                    floor = max(floor, ref_v + _SAFETY * ref_e)
                if v - _SAFETY * max_bound_err > floor:
                    break
                e, a, tj = bound_e[j], bound_a[j], tie[j]
                c = _cmp_keys(v, e, a, bv, be, ba)
                if (c == 1 or (c == 0 and tj > tie[best])) and (
                    ref is None or _loses(v, e, a, tj, ref_v, ref_e, ref_a, ref_tie)
                ):
                    continue
            vals = get_voters[j](budgets)
            zeros = vals.count(0.0)
            if zeros > 64 and 4 * zeros > len(vals):
                voter_lists[j] = list(compress(voter_lists[j], vals))
                get_voters[j] = _tuple_getter(voter_lists[j])
                dropped[j] += zeros
                vals = get_voters[j](budgets)
                zeros = 0
            cost = costs_f[j]
            total = sum(vals)
            slack = _SAFETY * votes[j] * (err + _U * total)
            split: _FloatSplit | None
            if abs(total - cost) > slack:
                if total < cost:
                    unaffordable.append(j)
                    continue
                split = _split_float(cost, vals, zeros, err, dropped[j])
            else:
                # Too close to call in floats. Untouched supporters (a paying voter's budget
                # always drops below the share) have exactly the share: decide in integers.
                if dropped[j] or vals.count(share_f) != len(vals):
                    raise _AmbiguousError(f"affordability of project {j}")
                if votes[j] * share_fix < costs_fix[j]:
                    unaffordable.append(j)
                    continue
                equal = cost / votes[j]
                split = (equal, 0.0, votes[j], 0, 0, share_f - equal, True)
            p, p_err, full, partial, exhausted, gap, all_rich = split
            a = full if all_rich else 0
            rho = 1.0 / a if a else p / cost
            rho_err = _U / a if a else (p_err / cost + 2 * _U * rho)
            bound_v[j], bound_e[j], bound_a[j] = rho, rho_err, a
            max_bound_err = max(max_bound_err, rho_err)
            contenders.append((j, rho, rho_err, a))
            if best < 0:
                best, bv, be, ba, best_split = j, rho, rho_err, a, split
                continue
            c = _cmp_keys(rho, rho_err, a, bv, be, ba)
            if c is None:
                raise _AmbiguousError(f"rho of projects {j} and {best}")
            if c < 0 or (c == 0 and tie[j] < tie[best]):
                best, bv, be, ba, best_split = j, rho, rho_err, a, split
        for j in unaffordable:
            remaining.remove(j)
        if best < 0:
            break
        assert best_split is not None
        if certifying and ref is not None:
            certifying = best == ref.project and all(
                j == best or _loses(rho, rho_err, a, tie[j], ref_v, ref_e, ref_a, ref_tie)
                for j, rho, rho_err, a in contenders
            )
        p_est, p_err, full, partial, exhausted, gap, all_rich = best_split
        vals = get_groups[best](budgets)
        cost_fix = costs_fix[best]
        # Twice the margin: supporters are sorted by p_est, then charged p computed below.
        if gap <= 2 * _SAFETY * (err + p_err):
            # Some supporter's budget is too close to the payment to tell whether they pay it in
            # full. Settled here only when every supporter is untouched and the cost is exactly
            # their shares (checked in integers): then each pays the whole share.
            if not (
                all_rich
                and not dropped[best]
                and vals.count(share_f) == len(vals)
                and votes[best] * share_fix == cost_fix
            ):
                raise _AmbiguousError(f"payments for project {best}")
            for g in supporters[best]:
                budgets[g] = 0.0
            paid_fix_of[best] = share_fix
            remaining.remove(best)
            rounds.append(_Round(best, bv, be, ba, share_f, full, 0, 0))
            continue
        # Charge the payment computed in fixed point from the partial payers' budgets rebuilt
        # from their ballots, so that float rounding does not carry over to everyone else.
        paid_fix = 0
        if partial:
            # Each partial payer has paid in full for every funded project on their ballot; sum
            # those payments over all partial payers at once, per funded project.
            below = compress(zip(supporters[best], vals, strict=True), map(p_est.__gt__, vals))
            poor = [g for g, b in below if b]
            funded = Counter(chain.from_iterable(map(ballots.__getitem__, poor)))
            for g in poor:
                if group_weight[g] != 1:
                    for s in ballots[g]:
                        funded[s] += group_weight[g] - 1
            paid_fix = partial * share_fix - sum(
                paid_fix_of[s] * n for s, n in funded.items() if s in paid_fix_of
            )
        p_fix, rest = divmod(cost_fix - paid_fix, full)
        p_fix_err = (partial * err_fix + full - 1) // full + (1 if rest or partial else 0)
        p = p_fix / scale
        # A payment below the share's last bits would leave a payer's float budget unchanged
        # (and looking untouched); the float estimate must agree with the fixed-point payment.
        if not p > share_f * 2.0**-50 or abs(p - p_est) > _SAFETY * (p_err + err):
            raise _AmbiguousError(f"payment of project {best}")
        for g, b in compress(zip(supporters[best], vals, strict=True), vals):
            # (compress skips the exhausted supporters: a zero budget is falsy)
            budgets[g] = b - p if b > p_est else 0.0
        paid_fix_of[best] = p_fix
        err_fix += p_fix_err
        remaining.remove(best)
        rounds.append(_Round(best, bv, be, ba, p, full, partial, exhausted))
    certified = None if base is None else (certifying and len(rounds) == len(base.rounds))
    return _Run(share, rounds, exact=False, certified=certified)


def _split_float(
    cost: float, vals: tuple[float, ...], zeros: int, err: float, dropped: int
) -> _FloatSplit:
    """Floating-point :func:`_split_exact` for an affordable project (see ``_FloatSplit``).

    ``vals`` holds one budget per supporter. Only budgets below the final payment ``p`` matter
    one by one, and ``p`` is rarely far above the equal split: so only the budgets under a
    cut-off are sorted (the cut-off widens in the rare case ``p`` exceeds it), and the first
    supporter able to pay the equal split of what is left is found by bisection on prefix sums.
    ``zeros`` of the budgets in ``vals`` are 0, and ``dropped`` more supporters, not in ``vals``,
    are known to have nothing left.
    """
    alive = len(vals) - zeros
    exhausted = zeros + dropped
    equal = cost / alive
    margin = _SAFETY * (err + 2 * _U * equal)
    cut = 1.5 * equal
    while True:
        low = sorted(filter(cut.__gt__, vals))
        low = low[zeros:]  # the zeros sort first
        if not low or low[0] - equal > margin:
            # Everyone with money can pay the equal split.
            lowest = low[0] if low else cut
            return equal, 0.0, alive, 0, exhausted, lowest - equal, True
        prefix = list(accumulate(low, initial=0.0))
        # Supporter i (0-based among those with money, poorest first) pays in full when the
        # equal split of what the poorer ones leave unpaid fits in their budget; this turns true
        # once and stays true, so bisect for the first i where it holds.
        lo, hi = 0, len(low)
        while lo < hi:
            mid = (lo + hi) // 2
            if low[mid] * (alive - mid) >= cost - prefix[mid]:
                hi = mid
            else:
                lo = mid + 1
        p = (cost - prefix[lo]) / (alive - lo)
        if p < cut or len(low) + zeros == len(vals):
            break
        cut = 2.0 * p
    nearest_full = low[lo] if lo < len(low) else cut
    gap = min(nearest_full - p, p - low[lo - 1] if lo else math.inf)
    p_err = (lo * err + (lo + 2) * _U * (cost + prefix[lo])) / (alive - lo) + _U * p
    return p, p_err, alive - lo, lo, exhausted, gap, False


# --- Method of Equal Shares: one run, floating point in NumPy arrays -------------------------


def _run_float_np(inst: _Instance, share: Fraction, base: _Run | None = None) -> _Run:
    """:func:`_run_float` with the budgets in a NumPy array: the same decisions, each taken
    under the same error bounds, with the per-supporter work (gathering budgets, charging
    payments, finding the partial payers) done by array operations instead of Python loops.
    Sums are NumPy's pairwise sums, whose rounding error is within the sequential sum's bound
    used for the decisions."""
    share_f = float(share)
    den = math.lcm(share.denominator, inst.cost_denominator)
    scale = den << _FIX_BITS
    share_fix = share.numerator * (scale // share.denominator)
    costs_fix = inst.scaled_costs(scale)
    n_groups = len(inst.weights)
    arrays = inst.arrays
    budgets = _np.full(n_groups, share_f)
    paid_fix_of: dict[int, int] = {}  # funded project -> payment of a full payer, fixed point
    # A float budget starts with one rounding, and each payment adds at most two (the payment
    # converted to float, then the subtraction), each at most u times the share.
    err_float = _U * share_f * (1 + 3 * inst.max_ballot)
    err_fix = 0  # sum of the error bounds of all fixed-point payments so far
    costs_f, votes, tie = inst.costs_f, inst.votes, inst.tie_rank
    group_idx = arrays.supporters
    # Per project, the voters still worth gathering: exhausted ones are dropped along the way
    # (``dropped`` counts them) since they can only ever pay nothing.
    voter_idx = list(arrays.by_voter)
    dropped = [0] * len(voter_idx)
    remaining = list(inst.selectable)
    # Lower bound of rho for each project as (value, error bound, exact-1/a marker).
    bound_v = {j: 1.0 / votes[j] for j in remaining}
    bound_e = {j: _U / votes[j] for j in remaining}
    bound_a = {j: votes[j] for j in remaining}
    max_bound_err = max(bound_e.values(), default=0.0)
    rounds: list[_Round] = []
    certifying = base is not None

    while remaining:
        if err_fix > den << (_FIX_BITS - 64):
            raise _AmbiguousError("fixed-point error grew too large")
        err = err_float + err_fix / scale
        remaining.sort(key=bound_v.__getitem__)
        ref: _Round | None = None
        ref_v = ref_e = 0.0
        ref_a = ref_tie = 0
        if certifying:
            assert base is not None
            if len(rounds) >= len(base.rounds):
                certifying = False
            else:
                ref = base.rounds[len(rounds)]
                ref_v = float(ref.rho)
                # float() of an exact base rho rounds once more.
                ref_e = ref.rho_err + _U * ref_v
                ref_a, ref_tie = ref.all_rich, tie[ref.project]
        best = -1
        bv = be = 0.0
        ba = 0
        best_split: _FloatSplit | None = None
        contenders: list[tuple[int, float, float, int]] = []
        unaffordable: list[int] = []
        for j in remaining:
            v = bound_v[j]
            if best >= 0:
                # A project is skipped when its lower bound surely loses to the current best (and,
                # while certifying, to the base winner too); the list is sorted by bound, so once
                # a bound is clearly above both, every later one is.
                floor = bv + _SAFETY * be
                if ref is not None:
                    floor = max(floor, ref_v + _SAFETY * ref_e)
                if v - _SAFETY * max_bound_err > floor:
                    break
                e, a, tj = bound_e[j], bound_a[j], tie[j]
                c = _cmp_keys(v, e, a, bv, be, ba)
                if (c == 1 or (c == 0 and tj > tie[best])) and (
                    ref is None or _loses(v, e, a, tj, ref_v, ref_e, ref_a, ref_tie)
                ):
                    continue
            vals = budgets[voter_idx[j]]
            zeros = vals.size - int(_np.count_nonzero(vals))
            if zeros > 64 and 4 * zeros > vals.size:
                alive = vals != 0.0
                voter_idx[j] = voter_idx[j][alive]
                dropped[j] += zeros
                vals = vals[alive]
                zeros = 0
            cost = costs_f[j]
            total = float(vals.sum())
            slack = _SAFETY * votes[j] * (err + _U * total)
            split: _FloatSplit | None
            if abs(total - cost) > slack:
                if total < cost:
                    unaffordable.append(j)
                    continue
                split = _split_float_np(cost, vals, zeros, err, dropped[j])
            else:
                # Too close to call in floats. Untouched supporters (a paying voter's budget
                # always drops below the share) have exactly the share: decide in integers.
                if dropped[j] or int(_np.count_nonzero(vals == share_f)) != vals.size:
                    raise _AmbiguousError(f"affordability of project {j}")
                if votes[j] * share_fix < costs_fix[j]:
                    unaffordable.append(j)
                    continue
                equal = cost / votes[j]
                split = (equal, 0.0, votes[j], 0, 0, share_f - equal, True)
            p, p_err, full, partial, exhausted, gap, all_rich = split
            a = full if all_rich else 0
            rho = 1.0 / a if a else p / cost
            rho_err = _U / a if a else (p_err / cost + 2 * _U * rho)
            bound_v[j], bound_e[j], bound_a[j] = rho, rho_err, a
            max_bound_err = max(max_bound_err, rho_err)
            contenders.append((j, rho, rho_err, a))
            if best < 0:
                best, bv, be, ba, best_split = j, rho, rho_err, a, split
                continue
            c = _cmp_keys(rho, rho_err, a, bv, be, ba)
            if c is None:
                raise _AmbiguousError(f"rho of projects {j} and {best}")
            if c < 0 or (c == 0 and tie[j] < tie[best]):
                best, bv, be, ba, best_split = j, rho, rho_err, a, split
        for j in unaffordable:
            remaining.remove(j)
        if best < 0:
            break
        assert best_split is not None
        if certifying and ref is not None:
            certifying = best == ref.project and all(
                j == best or _loses(rho, rho_err, a, tie[j], ref_v, ref_e, ref_a, ref_tie)
                for j, rho, rho_err, a in contenders
            )
        p_est, p_err, full, partial, exhausted, gap, all_rich = best_split
        groups = group_idx[best]
        vals = budgets[groups]
        cost_fix = costs_fix[best]
        # Twice the margin: supporters are sorted by p_est, then charged p computed below.
        if gap <= 2 * _SAFETY * (err + p_err):
            # Some supporter's budget is too close to the payment to tell whether they pay it in
            # full. Settled here only when every supporter is untouched and the cost is exactly
            # their shares (checked in integers): then each pays the whole share.
            if not (
                all_rich
                and not dropped[best]
                and int(_np.count_nonzero(vals == share_f)) == vals.size
                and votes[best] * share_fix == cost_fix
            ):
                raise _AmbiguousError(f"payments for project {best}")
            budgets[groups] = 0.0
            paid_fix_of[best] = share_fix
            remaining.remove(best)
            rounds.append(_Round(best, bv, be, ba, share_f, full, 0, 0))
            continue
        # Charge the payment computed in fixed point from the partial payers' budgets rebuilt
        # from their ballots, so that float rounding does not carry over to everyone else.
        paid_fix = 0
        if partial:
            # Each partial payer has paid in full for every funded project on their ballot; sum
            # those payments over all partial payers at once, per funded project.
            poor = groups[(vals < p_est) & (vals != 0.0)]
            funded = arrays.approvals_of(poor)
            paid_fix = partial * share_fix - sum(
                paid * int(funded[s]) for s, paid in paid_fix_of.items()
            )
        p_fix, rest = divmod(cost_fix - paid_fix, full)
        p_fix_err = (partial * err_fix + full - 1) // full + (1 if rest or partial else 0)
        p = p_fix / scale
        # A payment below the share's last bits would leave a payer's float budget unchanged
        # (and looking untouched); the float estimate must agree with the fixed-point payment.
        if not p > share_f * 2.0**-50 or abs(p - p_est) > _SAFETY * (p_err + err):
            raise _AmbiguousError(f"payment of project {best}")
        budgets[groups] = _np.where(vals > p_est, vals - p, 0.0)
        paid_fix_of[best] = p_fix
        err_fix += p_fix_err
        remaining.remove(best)
        rounds.append(_Round(best, bv, be, ba, p, full, partial, exhausted))
    certified = None if base is None else (certifying and len(rounds) == len(base.rounds))
    return _Run(share, rounds, exact=False, certified=certified)


def _split_float_np(cost: float, vals: Any, zeros: int, err: float, dropped: int) -> _FloatSplit:
    """:func:`_split_float` on a NumPy array of budgets (same steps, same error bound)."""
    alive = vals.size - zeros
    exhausted = zeros + dropped
    equal = cost / alive
    margin = _SAFETY * (err + 2 * _U * equal)
    cut = 1.5 * equal
    while True:
        low = _np.sort(vals[vals < cut])[zeros:]  # the zeros sort first
        if not low.size or float(low[0]) - equal > margin:
            lowest = float(low[0]) if low.size else cut
            return equal, 0.0, alive, 0, exhausted, lowest - equal, True
        # Running sums left to right, as itertools.accumulate: cumsum does not reassociate.
        prefix = _np.concatenate(([0.0], _np.cumsum(low)))
        lo, hi = 0, low.size
        while lo < hi:
            mid = (lo + hi) // 2
            if float(low[mid]) * (alive - mid) >= cost - float(prefix[mid]):
                hi = mid
            else:
                lo = mid + 1
        p = (cost - float(prefix[lo])) / (alive - lo)
        if p < cut or low.size + zeros == vals.size:
            break
        cut = 2.0 * p
    nearest_full = float(low[lo]) if lo < low.size else cut
    gap = min(nearest_full - p, p - float(low[lo - 1]) if lo else math.inf)
    p_err = (lo * err + (lo + 2) * _U * (cost + float(prefix[lo]))) / (alive - lo) + _U * p
    return p, p_err, alive - lo, lo, exhausted, gap, False


# --- Method of Equal Shares: Add1 and the public function -------------------------------------


def _run(inst: _Instance, share: Fraction, base: _Run | None, exact: bool) -> _Run:
    if exact:
        return _run_exact(inst, share, base)
    try:
        if NUMPY:
            return _run_float_np(inst, share, base)
        return _run_float(inst, share, base)
    except _AmbiguousError:
        # Rounding could decide this run differently from exact arithmetic: redo it exactly.
        run = _run_exact(inst, share, _exact_base(base))
        return run


def _exact_base(base: _Run | None) -> _Run | None:
    # A float base run's rho values are approximations; the exact certificate needs exact ones.
    if base is None or base.exact:
        return base
    return None


def _exhaustive(inst: _Instance, chosen: set[int], limit: Exact) -> bool:
    left = limit - sum(inst.costs[j] for j in chosen)
    return all(inst.costs[j] > left for j in range(len(inst.costs)) if j not in chosen)


def _add1(
    inst: _Instance, start: Fraction, increment: Fraction, limit: Exact, exact: bool
) -> tuple[_Run, int, int]:
    """Add1 completion: returns the kept run, the number of increments and of runs computed.

    Equivalent to trying ``start, start + increment, start + 2*increment...`` one by one
    (equalshares.net "Completion"): stop at an exhaustive outcome, or before an outcome that
    overspends. After an increment that leaves the outcome unchanged, the next probe jumps 2,
    then 4, 8... increments ahead, each jump taken only when the probed run certifies that every
    increment in between gives the same outcome (see :func:`equal_shares`); a failed probe falls
    back to the very next increment.
    """
    base = _run(inst, start, None, exact)
    runs = 1
    steps = 0
    # From a share of the total cost of all projects on, every supporter can pay an equal split of
    # anything at every round, so MES funds every fundable project by vote count: the outcome can
    # no longer change, and the loop must stop there.
    last_step = max(0, math.ceil((inst.total_cost - start) / increment))
    probe = 1
    while True:
        chosen = set(base.order)
        if _exhaustive(inst, chosen, limit) or steps >= last_step:
            return base, steps, runs
        probe = min(probe, last_step - steps)
        if probe == 1:
            # The very next increment is needed anyway: a plain run. Skipping further is only
            # tried after an increment that left the outcome unchanged (a plateau).
            run = _run(inst, start + (steps + 1) * increment, None, exact)
            runs += 1
            if sum(inst.costs[j] for j in run.order) > limit:
                return base, steps, runs
            steps += 1
            probe = 2 if set(run.order) == chosen else 1
            base = run
            continue
        run = _run(inst, start + (steps + probe) * increment, base, exact)
        runs += 1
        if run.certified:
            steps += probe
            base = run
            probe *= 2
        else:
            probe = 1


def equal_shares(
    projects: Mapping[K, Amount],
    ballots: Iterable[Iterable[K]],
    budget: Amount,
    *,
    counts: Sequence[int] | None = None,
    completion: Completion = "add1",
    increment: Amount = 1,
    arithmetic: Arithmetic = "auto",
) -> AllocationResult[K]:
    """Method of Equal Shares for approval ballots with cost utilities, with completion.

    ``ballots`` are the approval sets (collections of project ids), optionally weighted by
    ``counts``; empty ballots still receive a share. ``completion`` is described in the module
    docstring; ``increment`` is the Add1 step added to every voter's share (one currency unit).

    ``arithmetic``: ``"exact"`` counts with fractions throughout; ``"float"`` counts in floating
    point but takes every decision exactly (a run whose rounding error could matter is redone in
    fractions), so the selection is identical and only the ``rho``/payment figures in
    ``details`` are floats; ``"auto"`` picks exact for small profiles.

    Add1 skipping, proven equivalent to trying every increment. Write ``b`` for the current
    share and ``b' > b`` for a probed one. Along a fixed sequence of funded projects, every
    voter's budget at every round is a non-decreasing function of the initial share (a larger
    budget pays a payment level that is lower or equal, and keeps more), so every project's
    ``rho`` at a round is non-increasing in the share; within one run, budgets only shrink, so
    a project's ``rho`` only rises from round to round. The run at ``b'`` is certified when it
    funds the same projects in the same order as the run at ``b``, and at each round ``t`` every
    other project still affordable there has a ``rho`` (or a lower bound of it computed at an
    earlier round) above the base winner's ``rho`` at ``b`` (equal only with a worse tie-break
    rank). Then for any share ``s`` between, by induction over rounds: the base winner is
    affordable at ``s``, its ``rho`` at ``s`` is at most its ``rho`` at ``b``, every other project
    has at ``s`` a ``rho`` at least its ``rho`` at ``b'``, so the base winner wins round ``t`` at
    ``s`` too; projects unaffordable at ``b'`` are unaffordable at ``s``. So all increments
    between ``b`` and ``b'`` give this same outcome and can be skipped.
    """
    if completion not in COMPLETIONS:
        raise ValueError(f"unknown completion {completion!r}; expected one of {COMPLETIONS!r}")
    if arithmetic not in ("auto", "exact", "float"):
        raise ValueError(f"unknown arithmetic {arithmetic!r}")
    ids, costs = _check_projects(projects)
    limit = exact_amount(budget, "budget")
    step = Fraction(exact_amount(increment, "increment"))
    if step <= 0 and completion in ("add1", "add1_greedy"):
        raise ValueError("increment must be positive")
    groups, voters = _group_ballots(ids, ballots, counts)
    inst = _Instance(costs, groups, voters)
    exact = arithmetic == "exact" or (arithmetic == "auto" and inst.approvals <= _EXACT_AUTO_LIMIT)

    share = Fraction(limit, voters) if voters else Fraction(0)
    steps = 0
    runs = 0
    run = _Run(share, [], exact=True)
    if voters and inst.selectable:
        if completion in ("add1", "add1_greedy"):
            run, steps, runs = _add1(inst, share, step, limit, exact)
        else:
            run = _run(inst, share, None, exact)
            runs = 1

    details: dict[int, ProjectOutcome[K]] = {}
    order: list[int] = []
    for position, r in enumerate(run.rounds, start=1):
        j = r.project
        order.append(j)
        details[j] = ProjectOutcome(
            ids[j],
            costs[j],
            inst.votes[j],
            True,
            step=position,
            phase=PHASE_EQUAL_SHARES,
            rho=r.rho,
            max_payment=r.max_payment,
            full_payers=r.full_payers,
            partial_payers=r.partial_payers,
            exhausted_supporters=r.exhausted,
        )
    left: Exact = limit - sum(costs[j] for j in order)
    if completion in ("add1_greedy", "greedy"):
        # Fill what is left by vote count, like the greedy rule (equalshares.net, "Completion:
        # fund projects with the highest vote counts").
        rest = sorted(
            (j for j in range(len(ids)) if j not in details and inst.votes[j] > 0),
            key=lambda j: (-inst.votes[j], costs[j], j),
        )
        for j in rest:
            if costs[j] <= left:
                left -= costs[j]
                order.append(j)
                details[j] = ProjectOutcome(
                    ids[j], costs[j], inst.votes[j], True, step=len(order), phase=PHASE_GREEDY
                )
            else:
                details[j] = ProjectOutcome(
                    ids[j], costs[j], inst.votes[j], False, reason=OVER_BUDGET
                )
    for j in range(len(ids)):
        if j in details:
            continue
        if inst.votes[j] <= 0:
            reason = NO_SUPPORT
        elif costs[j] == 0:
            reason = ZERO_COST
        else:
            reason = NOT_AFFORDABLE
        details[j] = ProjectOutcome(ids[j], costs[j], inst.votes[j], False, reason=reason)
    return AllocationResult(
        rule="equal_shares",
        completion=completion,
        budget=limit,
        selected=tuple(ids[j] for j in order),
        cost=limit - left,
        details=MappingProxyType({ids[j]: details[j] for j in range(len(ids))}),
        voter_budget=run.share,
        voters=voters,
        add1_steps=steps,
        runs=runs,
        exact=run.exact,
    )
