"""Property-based tests (hypothesis) for the three counting methods."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from endavant.voting import approval, majority_judgment, schulze, tally_grades

# --- majority judgment ---------------------------------------------------------------------


@st.composite
def mj_tallies(draw: st.DrawFn, min_options: int = 1) -> dict[int, list[int]]:
    """Tallies of 1..6 options over 1..6 grades, every option judged by the same ballots."""
    n_grades = draw(st.integers(1, 6))
    n_ballots = draw(st.integers(1, 12))
    n_options = draw(st.integers(min_options, 6))
    tallies: dict[int, list[int]] = {}
    for option in range(n_options):
        grades = draw(
            st.lists(st.integers(0, n_grades - 1), min_size=n_ballots, max_size=n_ballots)
        )
        counts = [0] * n_grades
        for grade in grades:
            counts[grade] += 1
        tallies[option] = counts
    return tallies


def brute_force_majority_value(counts: list[int]) -> tuple[int, ...]:
    """Balinski–Laraki majority value by literally removing lower medians one at a time."""
    grades = sorted(grade for grade, count in enumerate(counts) for _ in range(count))
    value = []
    while grades:
        value.append(grades.pop((len(grades) + 1) // 2 - 1))
    return tuple(value)


@given(mj_tallies())
def test_mj_matches_brute_force_majority_values(tallies: dict[int, list[int]]) -> None:
    """The count-walking comparison agrees with expanding every ballot: each majority value is
    the brute-force one, and each rank is 1 + the number of strictly greater majority values."""
    result = majority_judgment(tallies)
    values = {option: brute_force_majority_value(c) for option, c in tallies.items()}
    for option in tallies:
        assert result.merits[option].majority_value() == values[option]
        better = sum(1 for other in tallies if values[other] > values[option])
        assert result.ranks[option] == better + 1


@given(mj_tallies(), st.data())
def test_mj_ballot_favouring_an_option_never_hurts_it(
    tallies: dict[int, list[int]], data: st.DataObject
) -> None:
    """Adding one ballot that gives option A the best grade and every other option the worst
    grade never makes A's rank worse."""
    favoured = data.draw(st.sampled_from(sorted(tallies)))
    before = majority_judgment(tallies).ranks[favoured]
    after_tallies = {
        option: [*counts[:-1], counts[-1] + 1]
        if option == favoured
        else [counts[0] + 1, *counts[1:]]
        for option, counts in tallies.items()
    }
    assert majority_judgment(after_tallies).ranks[favoured] <= before


@given(mj_tallies(), st.randoms(use_true_random=False))
def test_mj_invariant_under_option_order(tallies: dict[int, list[int]], rng: random.Random) -> None:
    """Listing the options in another order changes neither ranks nor tiers (as sets)."""
    shuffled_keys = list(tallies)
    rng.shuffle(shuffled_keys)
    original = majority_judgment(tallies)
    shuffled = majority_judgment({option: tallies[option] for option in shuffled_keys})
    assert dict(original.ranks) == dict(shuffled.ranks)
    assert [set(t) for t in original.tiers] == [set(t) for t in shuffled.tiers]


@given(mj_tallies())
def test_mj_ties_are_exact(tallies: dict[int, list[int]]) -> None:
    """Two options share a rank if and only if their tallies are identical; a copy of an option
    under another name always ties with it."""
    with_copy: dict[int | str, list[int]] = dict(tallies.items())
    with_copy["copy"] = list(tallies[0])
    result = majority_judgment(with_copy)
    assert result.ranks["copy"] == result.ranks[0]
    for a in with_copy:
        for b in with_copy:
            assert (result.ranks[a] == result.ranks[b]) == (with_copy[a] == with_copy[b])


@given(
    st.integers(1, 5),
    st.integers(1, 7),
    st.lists(st.lists(st.integers(0, 255), min_size=5, max_size=5), max_size=30),
)
def test_tally_grades_fast_path_matches_loop(
    n_options: int, n_grades: int, raw: list[list[int]]
) -> None:
    """The bytes fast path counts exactly like the per-ballot loop."""
    ballots = [[cell % n_grades for cell in row[:n_options]] for row in raw]
    flat = bytes(cell for ballot in ballots for cell in ballot)
    assert tally_grades(flat, n_options, n_grades) == tally_grades(ballots, n_options, n_grades)


# --- Schulze ---------------------------------------------------------------------------------

OPTIONS = ["A", "B", "C", "D", "E"]


@st.composite
def ranked_ballots(draw: st.DrawFn) -> tuple[list[str], list[list[str | frozenset[str]]]]:
    """Options and ballots ranking a subset of them, with occasional tie groups."""
    options = OPTIONS[: draw(st.integers(2, 5))]
    ballots: list[list[str | frozenset[str]]] = []
    for _ in range(draw(st.integers(0, 15))):
        order = draw(st.permutations(options))
        ranked = order[: draw(st.integers(0, len(options)))]
        ballot: list[str | frozenset[str]] = []
        i = 0
        while i < len(ranked):
            size = draw(st.integers(1, 2))
            group = ranked[i : i + size]
            ballot.append(group[0] if len(group) == 1 else frozenset(group))
            i += size
        ballots.append(ballot)
    return options, ballots


@given(ranked_ballots())
def test_schulze_condorcet_winner_is_ranked_first(
    case: tuple[list[str], list[list[str | frozenset[str]]]],
) -> None:
    """An option that beats every other one head to head is the single Schulze winner."""
    options, ballots = case
    result = schulze(ballots, options)
    n = len(options)
    for i, option in enumerate(options):
        if all(result.d[i][j] > result.d[j][i] for j in range(n) if j != i):
            assert result.winners == (option,)
            assert result.ranks[option] == 1


@given(ranked_ballots(), st.randoms(use_true_random=False))
def test_schulze_invariant_under_option_order(
    case: tuple[list[str], list[list[str | frozenset[str]]]], rng: random.Random
) -> None:
    """Reordering the options list permutes the matrices but leaves ranks unchanged."""
    options, ballots = case
    shuffled = list(options)
    rng.shuffle(shuffled)
    assert dict(schulze(ballots, options).ranks) == dict(schulze(ballots, shuffled).ranks)


@given(ranked_ballots())
def test_schulze_tiers_are_exact_ties(
    case: tuple[list[str], list[list[str | frozenset[str]]]],
) -> None:
    """Options sharing a tier have equal strongest paths both ways; an earlier tier is never
    beaten by a later one; tiers partition the options."""
    options, ballots = case
    result = schulze(ballots, options)
    index = {o: i for i, o in enumerate(options)}
    p = result.p
    assert sorted(o for tier in result.tiers for o in tier) == sorted(options)
    for t, tier in enumerate(result.tiers):
        for x in tier:
            for y in tier:
                assert p[index[x]][index[y]] == p[index[y]][index[x]] or x == y
            for later in result.tiers[t + 1 :]:
                for y in later:
                    assert p[index[y]][index[x]] <= p[index[x]][index[y]]


# --- approval --------------------------------------------------------------------------------


@given(
    st.lists(st.sets(st.sampled_from(OPTIONS)), max_size=20),
    st.sampled_from(OPTIONS),
    st.sets(st.sampled_from(OPTIONS)),
)
def test_approval_is_monotone(
    ballots: list[set[str]], favoured: str, also_approved: set[str]
) -> None:
    """Adding a ballot that approves A (whatever else it approves) never worsens A's rank and
    raises A's score by exactly one."""
    before = approval(ballots, OPTIONS)
    after = approval([*ballots, {favoured, *also_approved}], OPTIONS)
    assert after.ranks[favoured] <= before.ranks[favoured]
    assert after.scores[favoured] == before.scores[favoured] + 1


@given(st.lists(st.sets(st.sampled_from(OPTIONS)), max_size=20), st.permutations(OPTIONS))
def test_approval_invariant_under_option_order(
    ballots: list[set[str]], shuffled: list[str]
) -> None:
    """Ranks do not depend on the order in which options are listed."""
    assert dict(approval(ballots, OPTIONS).ranks) == dict(approval(ballots, shuffled).ranks)
