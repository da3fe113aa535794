"""Approval voting: counting, ties, weights and errors."""

from __future__ import annotations

import pytest

from endavant.voting import approval


def test_counts_and_ranks_with_shared_rank() -> None:
    """Five ballots: B is approved 4 times, A and C twice each (tie), D never.

    Ranks use competition ranking: B 1, A and C share 2, D gets 4.
    """
    ballots = [{"A", "B"}, {"B"}, {"B", "C"}, {"A", "B", "C"}, set()]
    result = approval(ballots, ["A", "B", "C", "D"])
    assert dict(result.scores) == {"A": 2, "B": 4, "C": 2, "D": 0}
    assert result.total == 5
    assert result.ranking == ("B", "A", "C", "D")
    assert dict(result.ranks) == {"B": 1, "A": 2, "C": 2, "D": 4}
    assert result.tiers == (("B",), ("A", "C"), ("D",))
    assert result.share("B") == pytest.approx(0.8)


def test_counts_weight_ballots_and_duplicates_count_once() -> None:
    """``counts`` multiplies ballots; approving an option twice on one ballot counts once."""
    result = approval([["A", "A"], ["B"]], ["A", "B"], counts=[3, 2])
    assert dict(result.scores) == {"A": 3, "B": 2}
    assert result.total == 5


def test_no_ballot() -> None:
    """Without ballots every option scores 0 and shares rank 1."""
    result = approval([], ["A", "B"])
    assert dict(result.ranks) == {"A": 1, "B": 1}
    assert result.share("A") == 0.0


@pytest.mark.parametrize(
    ("ballots", "options", "counts", "message"),
    [
        ([{"A"}], [], None, "options is empty"),
        ([{"A"}], ["A", "A"], None, "options must be distinct"),
        ([{"A"}, {"Z"}], ["A"], None, "ballot 1 approves unknown option 'Z'"),
        ([{"A"}], ["A"], [1, 1], "2 counts given for 1 ballots"),
        ([{"A"}], ["A"], [-1], "must not be negative"),
    ],
)
def test_invalid_input(
    ballots: list[set[str]], options: list[str], counts: list[int] | None, message: str
) -> None:
    """Bad options, ballots or counts raise ValueError with a clear message."""
    with pytest.raises(ValueError, match=message):
        approval(ballots, options, counts=counts)
