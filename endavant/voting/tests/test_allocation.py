"""Participatory budgeting allocation: greedy and the Method of Equal Shares (MES).

The worked examples come from published sources, cited in each docstring, with their published
outcomes. The property tests (hypothesis) check invariants of the rules and that the fast
floating-point runs take exactly the decisions of exact arithmetic.
"""

from __future__ import annotations

import math
import random
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from endavant.voting import AllocationResult, allocation, equal_shares, greedy
from endavant.voting.allocation import (
    NO_SUPPORT,
    NOT_AFFORDABLE,
    OVER_BUDGET,
    PHASE_EQUAL_SHARES,
    PHASE_GREEDY,
    ZERO_COST,
    exact_amount,
)

# --- equalshares.net, "Explanation of the Method of Equal Shares" --------------------------------

EXPLANATION_PROJECTS = {"bike": 700, "gym": 400, "park": 250, "playground": 200, "library": 100}
# One ballot per voter, the 11 columns of the table of Example 1, left to right.
EXAMPLE_1 = [
    {"bike", "gym"},
    {"bike", "gym", "park"},
    {"bike", "gym"},
    {"bike", "gym", "park"},
    {"bike", "gym", "park"},
    {"bike", "gym"},
    {"park", "playground", "library"},
    {"playground"},
    {"playground", "library"},
    {"park", "playground", "library"},
    {"bike"},
]
# Example 2: "the right-most voter votes for the outdoor gym instead of the bike path".
EXAMPLE_2 = [*EXAMPLE_1[:10], {"gym"}]


@pytest.mark.parametrize("arithmetic", ["exact", "float"])
def test_equalshares_net_example_1(arithmetic: str) -> None:
    """equalshares.net/explanation, Example 1 (budget 1100, 11 voters, share 100 each).

    Published outcome: "the Method of Equal Shares will select the bike path, then the new
    playground, and then the library for kids". The 7 bike supporters pay 100 each; the 4
    playground supporters pay 50 each; the 3 library supporters "can each pay 33.3". Effective
    vote counts: 7, then 4, then 3.
    """
    result = equal_shares(
        EXPLANATION_PROJECTS, EXAMPLE_1, 1100, completion=None, arithmetic=arithmetic
    )
    assert result.selected == ("bike", "playground", "library")
    assert result.cost == 1000
    assert result.voter_budget == 100
    bike, playground, library = (result.details[k] for k in result.selected)
    assert (bike.max_payment, bike.full_payers, bike.effective_votes) == (100, 7, 7)
    assert (playground.max_payment, playground.full_payers, playground.effective_votes) == (
        50,
        4,
        4,
    )
    assert library.max_payment == pytest.approx(100 / 3)
    assert library.full_payers == 3
    assert library.effective_votes == pytest.approx(3)
    if arithmetic == "exact":
        assert library.max_payment == Fraction(100, 3)
    # "None of the remaining projects can be afforded using the budgets of their supporters."
    assert result.details["gym"].reason == NOT_AFFORDABLE
    assert result.details["park"].reason == NOT_AFFORDABLE


def test_equalshares_net_example_1_add1_stops_at_exhaustive_outcome() -> None:
    """equalshares.net/implementation/completion: Add1 stops at an exhaustive outcome.

    Example 1's outcome spends 1000 of 1100; the two projects left cost 400 and 250, so no
    project fits: the outcome is exhaustive and the share is not raised.
    """
    result = equal_shares(EXPLANATION_PROJECTS, EXAMPLE_1, 1100)
    assert result.selected == ("bike", "playground", "library")
    assert result.voter_budget == 100
    assert result.add1_steps == 0


def test_equalshares_net_example_1_greedy() -> None:
    """equalshares.net/explanation, Example 1, the method "most cities use".

    Published: "they would select the bike path (with 7 votes), and then the outdoor gym (with 6
    votes), and then stop because the budget is exhausted".
    """
    result = greedy(EXPLANATION_PROJECTS, EXAMPLE_1, 1100)
    assert result.selected == ("bike", "gym")
    assert result.cost == 1100
    assert result.details["park"].reason == OVER_BUDGET
    assert result.details["bike"].votes == 7


@pytest.mark.parametrize("arithmetic", ["exact", "float"])
def test_equalshares_net_example_2(arithmetic: str) -> None:
    """equalshares.net/explanation, Example 2 (the last voter votes for the gym, not the bike).

    Published: the outdoor gym first (each of its 7 supporters pays 400/7 = 57.14); the bike path
    is then unaffordable (6 x 43 < 700); the new park is selected with "an effective vote count"
    of 4.1, three supporters paying their remaining 43 and two paying 60.5; then the new
    playground "obtaining an effective vote count of 3.2"; then no project is affordable. The
    page rounds budgets to the euro (43 for 300/7), hence 60.5 for the exact 425/7 = 60.71, and
    truncates effective vote counts to one decimal.
    """
    result = equal_shares(
        EXPLANATION_PROJECTS, EXAMPLE_2, 1100, completion=None, arithmetic=arithmetic
    )
    assert result.selected == ("gym", "park", "playground")
    gym, park, playground = (result.details[k] for k in result.selected)
    assert gym.max_payment == pytest.approx(57.14, abs=0.005)
    assert gym.effective_votes == pytest.approx(7)
    assert (park.full_payers, park.partial_payers) == (2, 3)
    assert park.max_payment == pytest.approx(60.5, abs=0.25)
    assert math.floor(float(park.effective_votes or 0) * 10) == 41
    assert math.floor(float(playground.effective_votes or 0) * 10) == 32
    assert result.details["bike"].reason == NOT_AFFORDABLE
    assert result.details["library"].reason == NOT_AFFORDABLE


# --- pabutools test suite (COMSOC-Community/pabutools, tests/rules/test_rule.py) ---------------


def test_pabutools_approval_example_2() -> None:
    """pabutools tests/rules/test_rule.py, "Approval example 2" (costs 1, 0.9, 2, 1.09; budget 4).

    Published: method_of_equal_shares with Cost_Sat -> [p0, p2]; with a voter budget increment of
    1/10 ("mes_iterated") -> [p0, p1, p2].
    """
    projects = {"p0": 1, "p1": Fraction("0.9"), "p2": 2, "p3": Fraction("1.09")}
    ballots = [{"p0"}, {"p1", "p2", "p3"}, {"p1", "p2", "p3"}, {"p2"}]
    assert set(equal_shares(projects, ballots, 4, completion=None).selected) == {"p0", "p2"}
    iterated = equal_shares(projects, ballots, 4, increment=Fraction(1, 10))
    assert set(iterated.selected) == {"p0", "p1", "p2"}


def test_pabutools_approval_example_4_zero_cost_project() -> None:
    """pabutools tests/rules/test_rule.py, "Approval example 4 - With project with cost 0".

    Published, with cost satisfaction: method_of_equal_shares -> [] and, with a voter budget
    increment of 1/10, -> [p2]. The free project brings no cost utility, so MES never funds it.
    """
    projects = {"p0": 0, "p1": 1, "p2": 2}
    ballots = [{"p0"}, {"p0", "p1", "p2"}, {"p2"}]
    plain = equal_shares(projects, ballots, 2, completion=None)
    assert plain.selected == ()
    assert plain.details["p0"].reason == ZERO_COST
    assert equal_shares(projects, ballots, 2, increment=Fraction(1, 10)).selected == ("p2",)


LACKNER_SKOWRON = [
    *[{"a", "b"}] * 3,
    *[{"a", "c"}] * 3,
    *[{"a", "d"}] * 2,
    {"b", "c", "f"},
    {"e"},
    {"f"},
    {"g"},
]


def test_lackner_skowron_running_example() -> None:
    """Running example of Lackner & Skowron, "Multi-Winner Voting with Approval Preferences"
    (Springer 2023), as used in pabutools tests/rules/test_rule.py: 7 projects of cost 1, budget 4.

    Published: MES with cost satisfaction -> [a]; exhaustion_by_budget_increase with a total
    budget step of 1/24 (1/288 per voter) -> {a, b, c, d}; with a total step of 5 -> [a].
    """
    projects = dict.fromkeys("abcdefg", 1)
    assert equal_shares(projects, LACKNER_SKOWRON, 4, completion=None).selected == ("a",)
    fine = equal_shares(projects, LACKNER_SKOWRON, 4, increment=Fraction(1, 24 * 12))
    assert set(fine.selected) == {"a", "b", "c", "d"}
    coarse = equal_shares(projects, LACKNER_SKOWRON, 4, increment=Fraction(5, 12))
    assert coarse.selected == ("a",)


def test_pabutools_completion_example_mes_part() -> None:
    """pabutools tests/rules/test_rule.py, test_completion: MES with cost satisfaction -> [a].

    (The published greedy completion of this example breaks a vote tie by project name, not by
    the lower cost as equalshares.net recommends, so it is not reused here.)
    """
    projects = {"a": 1, "b": 2, "c": 2, "d": 1, "e": 1, "f": 1}
    ballots = [
        *[{"a", "b"}] * 2,
        {"a"},
        *[{"a", "c"}] * 3,
        *[{"a", "d"}] * 2,
        {"f"},
        {"e"},
    ]
    assert equal_shares(projects, ballots, 5, completion=None).selected == ("a",)


# --- tie-breaking rule of equalshares.net ("Tie breaking") -----------------------------------


def test_tie_goes_to_lower_cost_then_more_votes() -> None:
    """equalshares.net/implementation/tie-breaking: on equal effective vote counts, "the project
    with the lowest cost is selected", then "the (lowest-cost) project with the highest initial
    vote count". Profiles built for the rule (not from the page's illustrative tables).
    """
    # 200 supporters each, everyone rich: equal rho = 1/200; the cheaper one wins.
    ballots = [{"p1", "p2"}] * 200 + [set()] * 100
    result = equal_shares({"p2": 700, "p1": 600}, ballots, 3000, completion=None)
    assert result.selected[0] == "p1"
    # Share 10. "x" (250 supporters, cost 2500) goes first and takes everything from its
    # supporters, 100 of whom also back "big". Then "big" (200 votes, 100 with money left) and
    # "small" (100 votes) both split 600 as 6 each among 100 voters: same cost, same effective
    # vote count, and "big" has more initial votes.
    ballots = [{"x", "big"}] * 100 + [{"x"}] * 150 + [{"big"}] * 100 + [{"small"}] * 100
    projects = {"x": 2500, "small": 600, "big": 600}
    result = equal_shares(projects, ballots, 4500, completion=None)
    assert result.selected == ("x", "big", "small")
    assert result.details["big"].effective_votes == result.details["small"].effective_votes


# --- behaviour and explanations ------------------------------------------------------------


def test_reason_codes_and_greedy_completion() -> None:
    """Each rejected project says why; the greedy completion fills what MES left."""
    projects = {"a": 60, "b": 50, "nobody": 10, "free": 0}
    ballots = [{"a"}] * 6 + [{"b", "free"}] * 4
    mes = equal_shares(projects, ballots, 100, completion=None)
    assert mes.selected == ("a",)
    assert mes.details["b"].reason == NOT_AFFORDABLE
    assert mes.details["nobody"].reason == NO_SUPPORT
    assert mes.details["free"].reason == ZERO_COST
    assert mes.details["a"].phase == PHASE_EQUAL_SHARES
    filled = equal_shares(projects, ballots, 100, completion="greedy")
    assert filled.selected == ("a", "free")
    assert filled.details["free"].phase == PHASE_GREEDY
    assert filled.details["b"].reason == OVER_BUDGET
    assert filled.leftover == 40
    assert filled.rejected() == ("b", "nobody")


def test_add1_greedy_fills_after_add1() -> None:
    """``add1_greedy`` runs Add1, then funds by votes what still fits."""
    projects = {"a": 60, "b": 30, "c": 10}
    ballots = [{"a"}] * 6 + [{"b"}] * 3 + [{"c"}]
    add1 = equal_shares(projects, ballots, 100)
    both = equal_shares(projects, ballots, 100, completion="add1_greedy")
    assert set(add1.selected) <= set(both.selected)
    assert both.cost <= 100
    assert all(p.phase == PHASE_GREEDY for k, p in both.details.items() if k not in add1.selected)


def test_counts_weigh_ballots() -> None:
    """``counts`` is the same as repeating ballots; empty ballots still get a share."""
    ballots = EXAMPLE_1 * 2 + [set()] * 3
    counts = [2] * 11 + [3]
    for completion in ("add1", None):
        repeated = equal_shares(EXPLANATION_PROJECTS, ballots, 2200, completion=completion)
        weighted = equal_shares(
            EXPLANATION_PROJECTS, [*EXAMPLE_1, set()], 2200, counts=counts, completion=completion
        )
        assert repeated.selected == weighted.selected
        assert repeated.voter_budget == weighted.voter_budget
        assert weighted.voters == 25
    assert weighted.voter_budget == Fraction(2200, 25)


def test_no_voters_or_no_projects() -> None:
    """Degenerate inputs give empty outcomes, not errors."""
    assert equal_shares({"a": 10}, [], 100).selected == ()
    assert equal_shares({}, [set()], 100).selected == ()
    assert greedy({}, [], 100).selected == ()


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: equal_shares({"a": -1}, [], 10), "must not be negative"),
        (lambda: equal_shares({"a": 1}, [{"z"}], 10), "ballot 0 approves unknown project 'z'"),
        (lambda: equal_shares({"a": 1}, [{"a"}], 10, completion="x"), "unknown completion"),
        (lambda: equal_shares({"a": 1}, [{"a"}], 10, increment=0), "increment must be positive"),
        (lambda: equal_shares({"a": 1}, [{"a"}], 10, counts=[1, 2]), "2 counts given for 1"),
        (lambda: greedy({"a": 1}, {"b": 3}, 10), "scores given for unknown projects"),
        (lambda: greedy({"a": True}, [], 10), "must be a number"),
        (lambda: greedy({"a": float("nan")}, [], 10), "must be finite"),
    ],
)
def test_invalid_input(call: object, message: str) -> None:
    """Bad costs, ballots or options raise ValueError with a clear message."""
    with pytest.raises(ValueError, match=message):
        call()  # type: ignore[operator]


def test_amounts_are_exact() -> None:
    """Floats are read as their shortest decimal form; Decimals and Fractions stay exact."""
    from decimal import Decimal

    assert exact_amount(0.1) == Fraction(1, 10)
    assert exact_amount(Decimal("2500.25")) == Fraction(250025, 100)
    assert exact_amount(Fraction(4, 2)) == 2
    assert isinstance(exact_amount(4000.0), int)


def test_greedy_scores_and_ties() -> None:
    """Scores rank projects; ties go to the lower cost, then to the earlier project."""
    projects = {"a": 50, "b": 40, "c": 40, "d": 10}
    result = greedy(projects, {"a": 5, "b": 5, "c": 5, "d": -1}, 90)
    assert result.selected == ("b", "c")
    assert result.details["a"].reason == OVER_BUDGET
    assert result.details["d"].reason == NO_SUPPORT


# --- properties (hypothesis) ---------------------------------------------------------------


@st.composite
def profiles(
    draw: st.DrawFn, max_projects: int = 6, max_voters: int = 12, min_cost: int = 0
) -> tuple[dict[str, int], list[list[str]], int]:
    """Small random profiles: costs, approval ballots and a budget."""
    n_projects = draw(st.integers(1, max_projects))
    ids = [f"p{i}" for i in range(n_projects)]
    costs = {k: draw(st.sampled_from([min_cost, 1, 2, 3, 5, 8, 10, 15, 20, 30])) for k in ids}
    ballots = draw(
        st.lists(st.lists(st.sampled_from(ids), unique=True), min_size=0, max_size=max_voters)
    )
    budget = draw(st.integers(0, 80))
    return costs, ballots, budget


COMPLETIONS = st.sampled_from(["add1", "add1_greedy", "greedy", None])


@given(profiles(), COMPLETIONS)
def test_never_exceeds_budget(
    profile: tuple[dict[str, int], list[list[str]], int], completion: str | None
) -> None:
    """No rule, no completion ever spends more than the budget."""
    costs, ballots, budget = profile
    result = equal_shares(costs, ballots, budget, completion=completion)  # type: ignore[arg-type]
    assert result.cost == sum(costs[k] for k in result.selected) <= budget
    assert len(set(result.selected)) == len(result.selected)
    assert greedy(costs, ballots, budget).cost <= budget


@given(profiles())
def test_greedy_is_maximal(profile: tuple[dict[str, int], list[list[str]], int]) -> None:
    """Greedy skips a supported project only if it no longer fits, so none fits at the end."""
    costs, ballots, budget = profile
    result = greedy(costs, ballots, budget)
    for project, outcome in result.details.items():
        if not outcome.selected and outcome.reason != NO_SUPPORT:
            assert costs[project] > result.leftover


@given(profiles(min_cost=1), st.integers(1, 20), st.sampled_from(["add1", None]))
def test_one_voter_group_equals_greedy(
    profile: tuple[dict[str, int], list[list[str]], int], voters: int, completion: str | None
) -> None:
    """With identical ballots, every supporter pays the equal split, every approved project has
    the same rho, and ties go to the lower cost: MES is greedy by cost utility (cheapest first,
    skipping what does not fit)."""
    costs, ballots, budget = profile
    ballot = ballots[0] if ballots else list(costs)
    mes = equal_shares(costs, [ballot] * voters, budget, completion=completion)  # type: ignore[arg-type]
    assert mes.selected == greedy(costs, [ballot] * voters, budget).selected


@given(profiles(max_projects=7, max_voters=25), st.sampled_from(["add1", None]))
@settings(max_examples=150)
def test_float_runs_take_exact_decisions(
    profile: tuple[dict[str, int], list[list[str]], int], completion: str | None
) -> None:
    """The floating-point runs (with their exact fallback) select exactly what fractions do,
    down to the share kept by Add1."""
    costs, ballots, budget = profile
    exact = equal_shares(costs, ballots, budget, completion=completion, arithmetic="exact")  # type: ignore[arg-type]
    fast = equal_shares(costs, ballots, budget, completion=completion, arithmetic="float")  # type: ignore[arg-type]
    assert fast.selected == exact.selected
    assert fast.voter_budget == exact.voter_budget
    assert fast.add1_steps == exact.add1_steps


@given(profiles(max_voters=20))
@settings(max_examples=60)
def test_add1_keeps_the_last_share_within_budget(
    profile: tuple[dict[str, int], list[list[str]], int],
) -> None:
    """Add1's kept share ``b`` reproduces the outcome; unless that outcome is exhaustive (or the
    share reached the total cost, or nothing is fundable: then nothing can change), the share
    ``b + 1`` overspends.
    Plain MES at share ``b`` is MES with budget ``b`` times the number of voters."""
    costs, ballots, budget = profile
    if not ballots:
        return
    result = equal_shares(costs, ballots, budget)
    share = result.voter_budget
    assert share is not None
    voters = len(ballots)
    again = equal_shares(costs, ballots, share * voters, completion=None)
    assert again.selected == result.selected
    exhaustive = all(costs[k] > result.leftover for k in costs if k not in result.selected)
    # With no project both costly and supported, MES can fund nothing whatever the share.
    fundable = any(costs[k] > 0 for ballot in ballots for k in ballot)
    if fundable and not exhaustive and share < sum(costs.values()):
        following = equal_shares(costs, ballots, (share + 1) * voters, completion=None)
        assert following.cost > budget


@given(profiles(), st.randoms(use_true_random=False))
def test_ballot_order_does_not_matter(
    profile: tuple[dict[str, int], list[list[str]], int], rnd: random.Random
) -> None:
    """The outcome depends on the ballots, not on the order they are given in."""
    costs, ballots, budget = profile
    shuffled = [list(b) for b in ballots]
    rnd.shuffle(shuffled)
    for b in shuffled:
        rnd.shuffle(b)
    assert (
        equal_shares(costs, ballots, budget).selected
        == equal_shares(costs, shuffled, budget).selected
    )


def test_float_path_on_larger_profiles() -> None:
    """Profiles large enough to exercise the float path's shortcuts (exhausted voters dropped from
    the gathers, partial payers rebuilt from their ballots) still match exact arithmetic."""
    rng = random.Random(5)
    for _ in range(3):
        ids = [f"p{i}" for i in range(12)]
        weights = [rng.lognormvariate(0, 1) for _ in ids]
        costs = {k: rng.randint(5, 60) * 100 for k in ids}
        ballots = [
            tuple(sorted(set(rng.choices(ids, weights, k=rng.randint(1, 4))))) for _ in range(900)
        ]
        budget = sum(costs.values()) // 3
        exact = equal_shares(costs, ballots, budget, arithmetic="exact")
        fast = equal_shares(costs, ballots, budget, arithmetic="float")
        assert fast.selected == exact.selected
        assert fast.voter_budget == exact.voter_budget
        assert not fast.exact


@pytest.fixture
def without_numpy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Floating-point runs in plain Python lists, as on an installation without NumPy."""
    monkeypatch.setattr(allocation, "NUMPY", False)


@pytest.mark.skipif(not allocation.NUMPY, reason="NumPy is not installed")
@given(profiles(max_projects=7, max_voters=25), st.sampled_from(["add1", None]))
@settings(max_examples=150)
def test_numpy_runs_match_plain_python_runs(
    profile: tuple[dict[str, int], list[list[str]], int], completion: str | None
) -> None:
    """The NumPy floating-point runs fund the same projects in the same order, at the same
    share, as the plain-Python floating-point runs (and so as exact arithmetic)."""
    costs, ballots, budget = profile
    fast = equal_shares(costs, ballots, budget, completion=completion, arithmetic="float")  # type: ignore[arg-type]
    allocation.NUMPY = False
    try:
        plain = equal_shares(costs, ballots, budget, completion=completion, arithmetic="float")  # type: ignore[arg-type]
    finally:
        allocation.NUMPY = True
    assert fast.selected == plain.selected
    assert fast.voter_budget == plain.voter_budget
    assert fast.add1_steps == plain.add1_steps
    # Both paths fall back to exact arithmetic on the same (ambiguous) runs, or neither does.
    assert fast.exact == plain.exact


@pytest.mark.parametrize("use_numpy", [True, False], ids=["numpy", "plain"])
def test_both_float_paths_on_a_city_sized_profile(use_numpy: bool, monkeypatch) -> None:
    """3,000 voters over 40 projects with weighted (identical) ballots: both float paths, with
    their shortcuts (exhausted voters dropped, partial payers rebuilt from their ballots), give
    the exact outcome and the same payments."""
    if use_numpy and not allocation.NUMPY:
        pytest.skip("NumPy is not installed")
    monkeypatch.setattr(allocation, "NUMPY", use_numpy)
    rng = random.Random(11)
    ids = [f"p{i}" for i in range(40)]
    weights = [rng.lognormvariate(0, 1) for _ in ids]
    costs = {k: rng.randint(5, 80) * 100 for k in ids}
    ballots = [
        tuple(sorted(set(rng.choices(ids, weights, k=rng.randint(1, 6))))) for _ in range(3000)
    ]
    budget = sum(costs.values()) // 4
    exact = equal_shares(costs, ballots, budget, arithmetic="exact")
    fast = equal_shares(costs, ballots, budget, arithmetic="float")
    assert fast.selected == exact.selected
    assert fast.voter_budget == exact.voter_budget
    assert not fast.exact, "the float run fell back to exact arithmetic"
    for project in exact.selected:
        assert fast.details[project].full_payers == exact.details[project].full_payers
        assert fast.details[project].partial_payers == exact.details[project].partial_payers
        assert fast.details[project].max_payment == pytest.approx(
            float(exact.details[project].max_payment), rel=1e-12
        )


def test_plain_float_path_on_larger_profiles(without_numpy: None) -> None:
    """The plain-Python float path still matches exact arithmetic without NumPy."""
    test_float_path_on_larger_profiles()


def test_plateau_is_skipped_with_proof() -> None:
    """An outcome that stays the same over many increments is crossed in a few certified runs.

    Two projects both affordable at once; a third, unsupported, always fits in what is left, so
    no outcome is ever exhaustive and Add1 must go on until the share reaches the total cost.
    """
    projects = {"a": 300, "b": 200, "unsupported": 1}
    ballots = [{"a"}] * 3 + [{"b"}] * 2
    result = equal_shares(projects, ballots, 1000)
    assert result.selected == ("a", "b")
    # Raised from 1000 / 5 = 200 up to the total cost of the projects, 501.
    assert result.voter_budget == 501
    assert result.add1_steps == 301
    assert result.runs < 30


# --- cross-check with pabutools (optional dependency) --------------------------------------


def test_matches_pabutools_on_random_profiles() -> None:
    """pabutools' method_of_equal_shares (Cost_Sat) and exhaustion_by_budget_increase with a step
    of one currency unit per voter agree with equal_shares, given the same tie-breaking."""
    pytest.importorskip("pabutools")
    from pabutools.election import ApprovalBallot, ApprovalProfile, Cost_Sat, Instance, Project
    from pabutools.rules import exhaustion_by_budget_increase, method_of_equal_shares
    from pabutools.tiebreaking import TieBreakingRule

    rng = random.Random(11)
    for _ in range(60):
        costs = {f"p{i}": rng.choice([0, 1, 2, 3, 5, 8, 13, 20]) for i in range(rng.randint(1, 6))}
        ids = list(costs)
        ballots = [rng.sample(ids, rng.randint(0, len(ids))) for _ in range(rng.randint(1, 10))]
        budget = rng.randint(0, 50)
        projects = {k: Project(k, c) for k, c in costs.items()}
        instance = Instance(projects.values(), budget_limit=budget)
        profile = ApprovalProfile(
            [ApprovalBallot([projects[k] for k in b]) for b in ballots], instance=instance
        )
        position = {k: i for i, k in enumerate(ids)}
        ties = TieBreakingRule(
            lambda _i, prof, p, position=position: (
                p.cost,
                -prof.approval_score(p),
                position[p.name],
            )
        )
        plain = method_of_equal_shares(instance, profile, sat_class=Cost_Sat, tie_breaking=ties)
        assert sorted(p.name for p in plain) == sorted(
            equal_shares(costs, ballots, budget, completion=None).selected
        )
        add1 = exhaustion_by_budget_increase(
            instance,
            profile,
            method_of_equal_shares,
            {"sat_class": Cost_Sat, "tie_breaking": ties},
            budget_step=len(ballots),
        )
        assert sorted(p.name for p in add1) == sorted(equal_shares(costs, ballots, budget).selected)


def test_result_type() -> None:
    """Results are frozen dataclasses with read-only details."""
    result = greedy({"a": 1}, [{"a"}], 1)
    assert isinstance(result, AllocationResult)
    with pytest.raises(AttributeError):
        result.cost = 0  # type: ignore[misc]
    with pytest.raises(TypeError):
        result.details["a"] = None  # type: ignore[index]
