"""Ballot counting for Endavant: majority judgment, Schulze and approval voting.

Plain Python (standard library only, no Django) so that it can be tested, benchmarked and reused
on its own. Options can be any hashable values (ids, slugs, model primary keys...). Every result
is a frozen dataclass with the same three views of the outcome:

* ``ranking``: options best first (tied options keep the order in which they were given);
* ``ranks``: option -> rank, 1 = best, ties share a rank and the next rank skips (1, 1, 3);
* ``tiers``: groups of tied options, best group first.

Majority judgment (Balinski & Laraki)
    ``majority_judgment(tallies, grades=None, *, pad_with_worst=False)`` ranks options from their
    grade tallies (counts per grade, **worst grade first**) by the Balinski–Laraki majority value,
    computed on the counts without expanding ballots. ``result.merits[option]`` gives the
    majority grade (lower median), the majority gauge (``p``, ``q``, ``sign``) and
    ``majority_value(limit)``. Unequal numbers of ballots raise ``ValueError`` unless
    ``pad_with_worst=True`` counts missing judgments as the worst grade.
    ``explain_pair(result, a, b)`` returns a :class:`PairExplanation` (reason code, removal step,
    grade of each option at that step) for the UI to phrase in French.
    ``MJ_GRADES_FR`` is the standard French scale ordered worst to best, like tallies.
    ``tally_grades(ballots, n_options, n_grades)`` turns raw ballots (a flat bytes-like buffer of
    grade indices, counted at C speed, or an iterable of per-ballot sequences) into tallies.

Schulze
    ``schulze(ballots_or_pairwise, options, *, counts=None)`` ranks options from ranked ballots
    (best first, tie groups as sets/tuples, unranked options last) or from a pairwise mapping
    ``{(x, y): voters preferring x to y}``. The result carries the pairwise matrix ``d`` and the
    strongest-path matrix ``p`` for display; ``winners`` is the first tier.
    ``pairwise_preferences`` and ``strongest_paths`` expose the two steps.

Approval
    ``approval(ballots, options, *, counts=None)`` counts approvals per option.

Participatory budgeting allocation (``endavant.voting.allocation``)
    ``greedy(projects, approvals_or_scores, budget)`` funds projects by decreasing votes while
    they fit; ``equal_shares(projects, ballots, budget, *, completion="add1")`` is the Method of
    Equal Shares with cost utilities and its Add1 completion, as published at equalshares.net.
    Both return an :class:`AllocationResult`: ``selected`` in selection order, ``cost`` and, per
    project, a :class:`ProjectOutcome` (step, ``rho``, payments, or a reason code for rejected
    projects). Costs and budgets are exact (ints or fractions).

Pabulib files (``endavant.voting.pabulib``, imported on its own so that it can run as a script)
    ``read_pabulib``/``parse_pabulib`` and ``write_pabulib``/``format_pabulib`` read and write the
    ``.pb`` format (META, PROJECTS, VOTES sections) as a ``PabulibInstance``;
    ``python -m endavant.voting.pabulib allocate FILE.pb --rule equal-shares`` prints the funded
    projects.
"""

from endavant.voting.allocation import (
    AllocationResult,
    ProjectOutcome,
    equal_shares,
    greedy,
)
from endavant.voting.approval import ApprovalResult, approval
from endavant.voting.majority import (
    MJ_GRADES_FR,
    MajorityGauge,
    MajorityJudgmentResult,
    OptionMerit,
    PairExplanation,
    PairReason,
    explain_pair,
    majority_judgment,
    tally_grades,
)
from endavant.voting.schulze import (
    RankedBallot,
    SchulzeResult,
    pairwise_preferences,
    schulze,
    strongest_paths,
)

__all__ = [
    "MJ_GRADES_FR",
    "AllocationResult",
    "ApprovalResult",
    "MajorityGauge",
    "MajorityJudgmentResult",
    "OptionMerit",
    "PairExplanation",
    "PairReason",
    "ProjectOutcome",
    "RankedBallot",
    "SchulzeResult",
    "approval",
    "equal_shares",
    "explain_pair",
    "greedy",
    "majority_judgment",
    "pairwise_preferences",
    "schulze",
    "strongest_paths",
    "tally_grades",
]
