"""Schulze method: Markus Schulze's published worked examples, ballot formats and errors."""

from __future__ import annotations

from collections.abc import Collection

import pytest

from endavant.voting import pairwise_preferences, schulze, strongest_paths


def parse(text: str) -> tuple[list[list[str | Collection[str]]], list[int]]:
    """Parse ``A > B = C > D * 3`` lines (``=`` ties, ``* n`` voters) into ballots and counts."""
    ballots: list[list[str | Collection[str]]] = []
    counts: list[int] = []
    for line in text.strip().splitlines():
        spec, count = line.split("*")
        ballot: list[str | Collection[str]] = []
        for level in spec.split(">"):
            names = [name.strip() for name in level.split("=")]
            ballot.append(names[0] if len(names) == 1 else set(names))
        ballots.append(ballot)
        counts.append(int(count))
    return ballots, counts


WIKIPEDIA_45 = """
A > C > B > E > D * 5
A > D > E > C > B * 5
B > E > D > A > C * 8
C > A > B > E > D * 3
C > A > E > B > D * 7
C > B > A > D > E * 2
D > C > E > B > A * 7
E > B > A > D > C * 8
"""


def test_schulze_45_voter_example() -> None:
    """The 45-voter example of Schulze's paper used by Wikipedia ("Schulze method", Example).

    The matrices are those published on Markus Schulze's Wikipedia user page
    "User:MarkusSchulze/Schulze method examples", Example 1 (read through the mirror
    pinocchiopedia.com/wiki/User:MarkusSchulze/Schulze_method_examples and the Wikipedia mirror
    liquisearch.com/schulze_method/example): winner E and full order E > A > C > B > D.
    """
    ballots, counts = parse(WIKIPEDIA_45)
    result = schulze(ballots, list("ABCDE"), counts=counts)

    assert result.d == (
        (0, 20, 26, 30, 22),
        (25, 0, 16, 33, 18),
        (19, 29, 0, 17, 24),
        (15, 12, 28, 0, 14),
        (23, 27, 21, 31, 0),
    )
    assert result.p == (
        (0, 28, 28, 30, 24),
        (25, 0, 28, 33, 24),
        (25, 29, 0, 29, 24),
        (25, 28, 28, 0, 24),
        (25, 28, 28, 31, 0),
    )
    assert result.winners == ("E",)
    assert result.ranking == ("E", "A", "C", "B", "D")
    assert dict(result.ranks) == {"E": 1, "A": 2, "C": 3, "B": 4, "D": 5}
    assert result.preference("A", "B") == 20
    assert result.path_strength("A", "C") == 28  # A-(30)-D-(28)-C beats the direct 26


def test_schulze_tie_example_nine_voters() -> None:
    """Example with two potential winners from Schulze's paper (Social Choice and Welfare 36,
    2011), as transcribed in the CondorcetPHP test suite (julien-boudry/Condorcet,
    Tests/src/Algo/Methods/Schulze/SchulzeTest.php, ``testSchulzeOfficialExampleResult_2``,
    winners B and D; ``testResult_2`` ranks [B, D] then [A, C]). Unranked options come last.

    Worked by hand: d[A,B]=5, d[A,C]=5, d[A,D]=3, d[B,C]=7, d[B,D]=5, d[C,D]=5 out of 9, so the
    links are A->B 5, A->C 5, D->A 6, B->C 7, B->D 5, C->D 5. Strongest paths: p[B,D] = 5 and
    p[D,B] = 5 (D-A-B), p[A,C] = 5 = p[C,A] (C-D-A), while p[D,A] = 6 > 5 = p[A,D] and
    p[B,C] = 7 > 5 = p[C,B]. B and D are beaten by no one: tier 1 = {B, D}; then A and C tie.
    """
    ballots, counts = parse(
        """
        A > B > C * 3
        C > B > D * 2
        D > A > B * 2
        D > B > C * 2
        """
    )
    result = schulze(ballots, list("ABCD"), counts=counts)
    assert result.d == ((0, 5, 5, 3), (4, 0, 7, 5), (4, 2, 0, 5), (6, 4, 4, 0))
    assert result.p == ((0, 5, 5, 5), (5, 0, 7, 5), (5, 5, 0, 5), (6, 5, 5, 0))
    assert result.winners == ("B", "D")
    assert result.tiers == (("B", "D"), ("A", "C"))
    assert dict(result.ranks) == {"B": 1, "D": 1, "A": 3, "C": 3}


# Further examples of Schulze's paper with their winners (winning votes), as transcribed in
# CondorcetPHP's SchulzeTest.php ("testSchulzeOfficialExampleResult_N"). Example 7 includes
# ballots with ties ("A = C > D") and truncated ballots ("B").
PAPER_EXAMPLES = {
    "example 1": (
        "A > C > D * 8\nB > A > D * 2\nC > D > B * 4\nD > B > A * 4\nD > C > B * 3",
        "ABCD",
        ("D",),
    ),
    "example 3": (
        "A > B > C * 12\nA > D > B * 6\nB > C > D * 9\nC > D > A * 15\nD > B > A * 21",
        "ABCD",
        ("D",),
    ),
    "example 4 (tie)": (
        "A > C > D * 6\nB > A > D * 1\nC > B > D * 3\nD > B > A * 3\nD > C > B * 2",
        "ABCD",
        ("A", "D"),
    ),
    "example 5, situation 1": (
        "A > D > E > B > C * 3\nB > F > E > C > D * 3\nC > A > B > F > D * 4\n"
        "D > B > C > E > F * 1\nD > E > F > A > B * 4\nE > C > B > D > F * 2\n"
        "F > A > C > D > B * 2",
        "ABCDEF",
        ("A",),
    ),
    "example 5, situation 2": (
        "A > D > E > B > C * 3\nB > F > E > C > D * 3\nC > A > B > F > D * 4\n"
        "D > B > C > E > F * 1\nD > E > F > A > B * 4\nE > C > B > D > F * 2\n"
        "F > A > C > D > B * 2\nA > E > F > C > B * 2",
        "ABCDEF",
        ("D",),
    ),
    "example 6, situation 1": (
        "A > B > D * 3\nA > D > B * 5\nA > D > C * 1\nB > A > D * 2\nB > D > C * 2\n"
        "C > A > B * 4\nC > B > A * 6\nD > B > C * 2\nD > C > A * 5",
        "ABCD",
        ("A",),
    ),
    "example 6, situation 2": (
        "A > B > D > E * 3\nA > D > E > B * 5\nA > D > E > C * 1\nB > A > D > E * 2\n"
        "B > D > E > C * 2\nC > A > B > D * 4\nC > B > A > D * 6\nD > B > E > C * 2\n"
        "D > E > C > A * 5",
        "ABCDE",
        ("B",),
    ),
    "example 7 (ties on ballots)": (
        "A > B > C > D * 6\nA = B * 8\nA = C * 8\nA = C > D * 18\nA = C = D * 8\nB * 40\n"
        "C > B > D * 4\nC > D > A * 9\nC = D * 8\nD > A > B * 14\nD > B > C * 11\n"
        "D > C > A * 4",
        "ABCD",
        ("D",),
    ),
    "example 8": (
        "A > D > B > E * 9\nB > C > A > D * 6\nB > C > D > E * 5\nC > D > B > E * 2\n"
        "D > E > C > B * 6\nE > A > C > B * 14\nE > C > A > B * 2\nE > D > A > C * 1",
        "ABCDE",
        ("B",),
    ),
    "example 9": (
        "A > D > B > E * 9\nB > A > C > E * 1\nC > B > A > D * 6\nC > D > B > E * 2\n"
        "C > D > E > A * 5\nD > E > C > A * 6\nE > B > A > C * 14\nE > B > C > A * 2",
        "ABCDE",
        ("E",),
    ),
}


@pytest.mark.parametrize(
    ("text", "options", "winners"), PAPER_EXAMPLES.values(), ids=PAPER_EXAMPLES.keys()
)
def test_schulze_paper_examples(text: str, options: str, winners: tuple[str, ...]) -> None:
    """Each published example elects the published winner(s)."""
    ballots, counts = parse(text)
    assert schulze(ballots, list(options), counts=counts).winners == winners


def test_pairwise_mapping_input_gives_the_same_result() -> None:
    """Passing the pairwise counts instead of ballots reproduces the ballot-based result."""
    ballots, counts = parse(WIKIPEDIA_45)
    options = list("ABCDE")
    d = pairwise_preferences(ballots, options, counts=counts)
    mapping = {
        (x, y): d[i][j] for i, x in enumerate(options) for j, y in enumerate(options) if i != j
    }
    from_mapping = schulze(mapping, options)
    from_ballots = schulze(ballots, options, counts=counts)
    assert from_mapping == from_ballots
    assert strongest_paths(d) == from_ballots.p


def test_counts_equal_repeated_ballots() -> None:
    """A ballot with count n weighs exactly like n copies of it; count 0 weighs nothing."""
    repeated = [["A", "B", "C"]] * 3 + [["C", "A", "B"]] * 2
    weighted = schulze(
        [["A", "B", "C"], ["C", "A", "B"], ["B", "C", "A"]], list("ABC"), counts=[3, 2, 0]
    )
    assert weighted == schulze(repeated, list("ABC"))


def test_tie_groups_and_unranked_options() -> None:
    """A set on a ballot ties its options; options left off a ballot tie for last place."""
    result = schulze([["A", {"B", "C"}]], list("ABCD"))
    index = {o: i for i, o in enumerate("ABCD")}
    d = result.d
    assert d[index["A"]] == (0, 1, 1, 1)  # A above everyone
    assert d[index["B"]][index["C"]] == d[index["C"]][index["B"]] == 0  # tied
    assert d[index["B"]][index["D"]] == 1  # ranked B above unranked D
    assert result.tiers == (("A",), ("B", "C"), ("D",))
    # Options that are tuples stay options, not tie groups.
    pairs = schulze([[("x", 1), ("y", 2)]], [("x", 1), ("y", 2)])
    assert pairs.ranking == (("x", 1), ("y", 2))


def test_no_ballot_ties_everyone() -> None:
    """Without ballots nobody beats anybody: a single tier sharing rank 1."""
    result = schulze([], list("ABC"))
    assert result.tiers == (("A", "B", "C"),)
    assert set(result.ranks.values()) == {1}


@pytest.mark.parametrize(
    ("ballots", "options", "counts", "message"),
    [
        ([["A"]], [], None, "options is empty"),
        ([["A"]], ["A", "A"], None, "options must be distinct"),
        ([["A", "Z"]], ["A", "B"], None, "ballot 0 names unknown option 'Z'"),
        ([["A", {"B", "Z"}]], ["A", "B"], None, "ballot 0 names unknown option 'Z'"),
        ([["A", "B", "A"]], ["A", "B"], None, "ballot 0 ranks option 'A' more than once"),
        ([["A"], ["B"]], ["A", "B"], [1], "1 counts given for 2 ballots"),
        ([["A"]], ["A", "B"], [-1], "must not be negative"),
    ],
)
def test_invalid_ballots(
    ballots: list[list[str | set[str]]],
    options: list[str],
    counts: list[int] | None,
    message: str,
) -> None:
    """Bad options, ballots or counts raise ValueError with a clear message."""
    with pytest.raises(ValueError, match=message):
        schulze(ballots, options, counts=counts)


@pytest.mark.parametrize(
    ("pairwise", "message"),
    [
        ({("A", "Z"): 1}, "unknown option"),
        ({("A", "A"): 1}, "with itself"),
        ({("A", "B"): -2}, "negative"),
    ],
)
def test_invalid_pairwise_mapping(pairwise: dict[tuple[str, str], int], message: str) -> None:
    """A pairwise mapping must name known, distinct options and hold non-negative counts."""
    with pytest.raises(ValueError, match=message):
        schulze(pairwise, ["A", "B"])
    with pytest.raises(ValueError, match="counts only applies to ballots"):
        schulze({("A", "B"): 1}, ["A", "B"], counts=[1])
