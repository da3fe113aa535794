"""Majority judgment: hand-worked case, published reference cases, errors and tally_grades.

A note on the 2007 Orsay experiment (Balinski & Laraki, *Majority Judgment*, 2011, and their
working paper "Election by Majority Judgement: Experimental Evidence", 2007): the exact published
grade percentages could not be retrieved while writing these tests, so no Orsay case is included.
We refuse to type approximate "reference" numbers from memory; the book examples below are the
ones whose exact data could be checked (as transcribed by MieuxVoter's Python library).
"""

from __future__ import annotations

from array import array

import pytest

from endavant.voting import (
    MJ_GRADES_FR,
    PairReason,
    explain_pair,
    majority_judgment,
    tally_grades,
)


def tally(grades: list[int], n_grades: int) -> list[int]:
    """Counts per grade (worst first) of a list of individual grades."""
    counts = [0] * n_grades
    for grade in grades:
        counts[grade] += 1
    return counts


def test_french_scale_is_ordered_worst_to_best() -> None:
    """MJ_GRADES_FR follows tallies: index 0 is the worst grade, the last index the best."""
    assert MJ_GRADES_FR == (
        "À rejeter",
        "Insuffisant",
        "Passable",
        "Assez bien",
        "Bien",
        "Très bien",
        "Excellent",
    )


def test_hand_worked_example() -> None:
    """Three options, six ballots, grades 0 = reject, 1 = fair, 2 = good, 3 = excellent.

    X = [1, 2, 2, 1]  sorted grades 0 1 1 2 2 3
    Y = [0, 3, 3, 0]  sorted grades 1 1 1 2 2 2
    Z = [2, 0, 1, 3]  sorted grades 0 0 2 3 3 3

    Lower median = 3rd of 6 grades: X -> 1, Y -> 1, Z -> 2, so Z is first.
    Gauges: X has 3 ballots above 1 and 1 below (p = 1/2, q = 1/6); Y has 3 above, 0 below
    (p = 1/2, q = 0); Z has 3 above 2 and 2 below. Both X and Y lean upwards with the same p, so
    the gauge alone cannot separate them; the majority value does. Removing the median one
    ballot at a time:

    X: [0 1 1 2 2 3] -> 1, [0 1 2 2 3] -> 2, [0 1 2 3] -> 1, [0 2 3] -> 2, [0 3] -> 0, [3] -> 3
    Y: [1 1 1 2 2 2] -> 1, [1 1 2 2 2] -> 2, [1 1 2 2] -> 1, [1 2 2] -> 2, [1 2] -> 1, [2] -> 2
    Z: [0 0 2 3 3 3] -> 2, [0 0 3 3 3] -> 3, [0 0 3 3] -> 0, [0 3 3] -> 3, [0 3] -> 0, [3] -> 3

    X = (1, 2, 1, 2, 0, 3) and Y = (1, 2, 1, 2, 1, 2) first differ after 4 removals, where Y is
    graded 1 and X only 0: final order Z, Y, X.
    """
    result = majority_judgment({"X": [1, 2, 2, 1], "Y": [0, 3, 3, 0], "Z": [2, 0, 1, 3]})

    assert result.ranking == ("Z", "Y", "X")
    assert dict(result.ranks) == {"Z": 1, "Y": 2, "X": 3}
    assert result.total == 6
    assert result.n_grades == 4
    x, y, z = (result.merits[o] for o in "XYZ")
    assert (x.majority_grade, y.majority_grade, z.majority_grade) == (1, 1, 2)
    assert (x.gauge.above, x.gauge.below, x.gauge.sign) == (3, 1, 1)
    assert (y.gauge.above, y.gauge.below, y.gauge.sign) == (3, 0, 1)
    assert (z.gauge.above, z.gauge.below, z.gauge.sign) == (3, 2, 1)
    assert x.gauge.p == pytest.approx(1 / 2)
    assert x.gauge.q == pytest.approx(1 / 6)
    assert x.majority_value() == (1, 2, 1, 2, 0, 3)
    assert y.majority_value() == (1, 2, 1, 2, 1, 2)
    assert z.majority_value() == (2, 3, 0, 3, 0, 3)
    assert z.majority_value(limit=2) == (2, 3)

    why = explain_pair(result, "X", "Y")
    assert (why.winner, why.reason, why.step, why.grade_a, why.grade_b) == (
        "Y",
        PairReason.TIE_BREAK,
        4,
        0,
        1,
    )
    why = explain_pair(result, "Z", "Y")
    assert (why.winner, why.reason, why.step, why.grade_a, why.grade_b) == (
        "Z",
        PairReason.MAJORITY_GRADE,
        0,
        2,
        1,
    )


def test_mieuxvoter_python_readme_example() -> None:
    """MieuxVoter, majority-judgment-library-python, README "Example Usage".

    Four dishes graded 0..3 (higher is better) by ten voters; the library returns
    {'Chips': 0, 'Pasta': 1, 'Pizza': 2, 'Bread': 3}, i.e. Chips > Pasta > Pizza > Bread. The
    data is given per dish; zipping the columns gives one ballot per voter, which also exercises
    tally_grades on an iterable of ballots.
    """
    votes = {
        "Pizza": [0, 0, 0, 1, 1, 2, 2, 3, 3, 3],
        "Chips": [0, 0, 1, 1, 2, 2, 2, 2, 3, 3],
        "Pasta": [0, 0, 1, 1, 1, 2, 2, 3, 3, 3],
        "Bread": [0, 0, 1, 1, 1, 1, 2, 2, 2, 3],
    }
    counts = tally_grades(list(zip(*votes.values(), strict=True)), 4, 4)
    result = majority_judgment(dict(zip(votes, counts, strict=True)))
    assert result.ranking == ("Chips", "Pasta", "Pizza", "Bread")


def test_mieuxvoter_python_docstring_examples() -> None:
    """MieuxVoter, majority-judgment-library-python, ``majority_judgment`` doctests.

    * A = [3,3,3,0,0,0,1,1,2,2] vs B = [0,0,1,1,2,2,2,2,3,3] (higher is better): B wins.
    * With ``reverse=True`` (lower is better) A = [0, 4] vs B = [1, 2]: B wins. Mapping grade g to
      4 - g turns it into our higher-is-better convention.
    * Candidates 81 and 82, 37 voters each, grades 0..5: 82 wins.
    """
    a = tally([3, 3, 3, 0, 0, 0, 1, 1, 2, 2], 4)
    b = tally([0, 0, 1, 1, 2, 2, 2, 2, 3, 3], 4)
    assert majority_judgment({"A": a, "B": b}).ranking == ("B", "A")

    a = tally([4 - g for g in (0, 4)], 5)
    b = tally([4 - g for g in (1, 2)], 5)
    assert majority_judgment({"A": a, "B": b}).ranking == ("B", "A")

    c81 = [0, 1, 1, 1, 1, 1, 1, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3]
    c81 += [4, 4, 4, 4, 4, 4, 4, 4, 5, 5, 5, 5, 5, 5, 5, 5]
    c82 = [0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4]
    c82 += [5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5]
    assert len(c81) == len(c82) == 37
    assert majority_judgment({81: tally(c81, 6), 82: tally(c82, 6)}).ranking == (82, 81)


def test_balinski_laraki_book_majority_values() -> None:
    """Balinski & Laraki, *Majority Judgment* (2011), section 1.5, as quoted in MieuxVoter's
    majority-judgment-library-python (``compute_majority_values`` doctests).

    Grades [7, 11, 9, 9, 11] have majority value [9, 9, 11, 7, 11]; grades [8, 11, 9, 9, 10]
    have [9, 9, 10, 8, 11]. They first differ at the third term (11 > 10), so the first wins.
    """
    result = majority_judgment(
        {"first": tally([7, 11, 9, 9, 11], 12), "second": tally([8, 11, 9, 9, 10], 12)}
    )
    assert result.merits["first"].majority_value() == (9, 9, 11, 7, 11)
    assert result.merits["second"].majority_value() == (9, 9, 10, 8, 11)
    assert result.ranking == ("first", "second")
    why = explain_pair(result, "second", "first")
    assert (why.winner, why.step, why.grade_a, why.grade_b) == ("first", 2, 10, 11)


def test_mieuxvoter_go_readme_example_with_exact_tie() -> None:
    """MieuxVoter, majority-judgment-library-go, README "Usage" (and TestReadmeDemo).

    Tallies from worst to best grade, 10 judges; expected ranks A=4, B=1, C=2, D=3, E=4: A and E
    have identical tallies and share rank 4 (competition ranking).
    """
    result = majority_judgment(
        {
            "A": [2, 2, 2, 2, 2],
            "B": [2, 1, 1, 1, 5],
            "C": [2, 1, 1, 2, 4],
            "D": [2, 1, 5, 0, 2],
            "E": [2, 2, 2, 2, 2],
        }
    )
    assert dict(result.ranks) == {"A": 4, "B": 1, "C": 2, "D": 3, "E": 4}
    assert result.tiers == (("B",), ("C",), ("D",), ("A", "E"))
    assert explain_pair(result, "A", "E").reason is PairReason.IDENTICAL
    assert explain_pair(result, "A", "E").winner is None


def test_mieuxvoter_go_billions_of_participants() -> None:
    """MieuxVoter, majority-judgment-library-go, TestBunchOfWorkingScenarios "Billions of
    participants": 20 billion judges, [10e9, 10e9] ranks 2nd, [9999999999, 10000000001] 1st.

    The counts are never expanded into ballots, so this is instant.
    """
    result = majority_judgment({0: [10**10, 10**10], 1: [9_999_999_999, 10_000_000_001]})
    assert dict(result.ranks) == {0: 2, 1: 1}


def test_mieuxvoter_go_basic_scenario() -> None:
    """MieuxVoter, majority-judgment-library-go, "Basic 01": 3 judges, tallies [1,1,1], [1,2,0],
    [0,2,1] get ranks 2, 3, 1."""
    result = majority_judgment({0: [1, 1, 1], 1: [1, 2, 0], 2: [0, 2, 1]})
    assert [result.ranks[i] for i in range(3)] == [2, 3, 1]


def test_mieuxvoter_java_examples() -> None:
    """MieuxVoter, majority-judgment-library-java: ``src/test/resources/assertions.json``
    ("Few judgments": ranks 3, 1, 5, 4, 2), the README demo, the billions demo and the collect
    demo of ``MajorityJudgmentDeliberatorTest``.
    """
    few = [[1, 1, 1], [1, 0, 2], [3, 0, 0], [2, 0, 1], [0, 3, 0]]
    result = majority_judgment(dict(enumerate(few)))
    assert [result.ranks[i] for i in range(5)] == [3, 1, 5, 4, 2]

    demo = majority_judgment({0: [4, 5, 2, 1, 3, 1, 2], 1: [3, 6, 2, 1, 3, 1, 2]})
    assert [demo.ranks[i] for i in range(2)] == [2, 1]

    big = majority_judgment(
        {
            0: [11312415004, 21153652410, 24101523299, 18758623562],
            1: [11312415004, 21153652400, 24101523299, 18758623572],
        }
    )
    assert [big.ranks[i] for i in range(2)] == [2, 1]

    # collect(): reject=0, passable=1, good=2, excellent=3, eight judgments each.
    collected = majority_judgment({0: [2, 3, 0, 3], 1: [2, 0, 4, 2], 2: [2, 1, 3, 2]})
    assert [collected.ranks[i] for i in range(3)] == [3, 1, 2]


def test_padding_with_worst_grade() -> None:
    """MieuxVoter, majority-judgment-library-java, ``testWithStaticDefaultGrade``: with 3
    participants and the worst grade as default, [0, 0, 1] (1 judgment) ranks 2nd and [0, 3, 0]
    1st. Without ``pad_with_worst`` the unequal totals are refused."""
    tallies = {0: [0, 0, 1], 1: [0, 3, 0]}
    with pytest.raises(ValueError, match="same number of ballots"):
        majority_judgment(tallies)
    result = majority_judgment(tallies, pad_with_worst=True)
    assert [result.ranks[i] for i in range(2)] == [2, 1]
    assert result.merits[0].tally == (2, 0, 1)
    assert result.total == 3


def test_grade_labels() -> None:
    """Labels, when given, must match the number of grades and name grade indices."""
    result = majority_judgment({"a": [0, 0, 0, 1, 0, 0, 0]}, MJ_GRADES_FR)
    assert result.grade_label(result.merits["a"].majority_grade) == "Assez bien"
    assert majority_judgment({"a": [1]}).grade_label(0) is None
    with pytest.raises(ValueError, match="3 grade labels given for tallies of 7 grades"):
        majority_judgment({"a": [0, 0, 0, 1, 0, 0, 0]}, ["x", "y", "z"])


def test_ties_keep_input_order() -> None:
    """Tied options stay in the caller's order in ``ranking``; ranks skip after a tie."""
    result = majority_judgment({"b": [1, 1], "a": [1, 1], "c": [2, 0]})
    assert result.ranking == ("b", "a", "c")
    assert dict(result.ranks) == {"b": 1, "a": 1, "c": 3}


@pytest.mark.parametrize(
    ("tallies", "message"),
    [
        ({}, "tallies is empty"),
        ({"a": [1, 2], "b": [1, 2, 0]}, "same number of grades"),
        ({"a": [1, -1], "b": [0, 0]}, "negative count -1 for option 'a' at grade index 1"),
        ({"a": [1, 2], "b": [2, 2]}, "same number of ballots"),
        ({"a": [0, 0], "b": [0, 0]}, "no ballot"),
        ({"a": [], "b": []}, "at least one grade"),
    ],
)
def test_invalid_tallies(tallies: dict[str, list[int]], message: str) -> None:
    """Malformed tallies raise ValueError with a message naming the problem."""
    with pytest.raises(ValueError, match=message):
        majority_judgment(tallies)


def test_explain_pair_unknown_option() -> None:
    """Asking about an option that was not counted is a KeyError."""
    result = majority_judgment({"a": [1, 0]})
    with pytest.raises(KeyError, match="'z'"):
        explain_pair(result, "a", "z")


def test_tally_grades_buffers() -> None:
    """Every bytes-like layout gives the same counts as the per-ballot loop."""
    ballots = [[0, 2, 1], [2, 2, 0], [1, 0, 0], [2, 1, 2]]
    expected = [[1, 1, 2], [1, 1, 2], [2, 1, 1]]
    flat = [g for ballot in ballots for g in ballot]
    assert tally_grades(ballots, 3, 3) == expected
    assert tally_grades(bytes(flat), 3, 3) == expected
    assert tally_grades(bytearray(flat), 3, 3) == expected
    assert tally_grades(memoryview(bytes(flat)), 3, 3) == expected
    assert tally_grades(array("b", flat), 3, 3) == expected
    assert tally_grades(array("i", flat), 3, 3) == expected
    assert tally_grades(b"", 3, 3) == [[0, 0, 0]] * 3


def test_tally_grades_numpy() -> None:
    """NumPy arrays are optional inputs: 2-D uint8 via the buffer, wide ints via a copy."""
    np = pytest.importorskip("numpy")
    ballots = np.array([[0, 2, 1], [2, 2, 0], [1, 0, 0], [2, 1, 2]], dtype=np.uint8)
    expected = [[1, 1, 2], [1, 1, 2], [2, 1, 1]]
    assert tally_grades(ballots, 3, 3) == expected
    assert tally_grades(ballots.astype(np.int64), 3, 3) == expected


@pytest.mark.parametrize(
    ("ballots", "message"),
    [
        (bytes([0, 1, 3]), r"must be integers in \[0, 3\)"),
        (array("b", [0, -1, 2]), r"must be integers in \[0, 3\)"),
        (array("i", [0, 300, 2]), r"must be integers in \[0, 3\)"),
        (bytes([0, 1]), "not a multiple of n_options=3"),
        ([[0, 1]], "ballot 0 has 2 judgments, expected n_options=3"),
        ([[0, 1, 5]], r"ballot 0, option 2: grade 5 is not in \[0, 3\)"),
    ],
)
def test_tally_grades_rejects_bad_input(ballots: object, message: str) -> None:
    """Out-of-range grades and ragged input raise ValueError instead of miscounting."""
    with pytest.raises(ValueError, match=message):
        tally_grades(ballots, 3, 3)  # type: ignore[arg-type]


@pytest.mark.parametrize(("n_options", "n_grades"), [(0, 3), (3, 0)])
def test_tally_grades_rejects_bad_sizes(n_options: int, n_grades: int) -> None:
    """At least one option and one grade are needed."""
    with pytest.raises(ValueError, match="must be at least 1"):
        tally_grades(b"", n_options, n_grades)
