"""Intervals against published values (plain Python, no database)."""

from __future__ import annotations

import pytest

from endavant.observatory import stats


@pytest.mark.parametrize(
    ("count", "low", "high"),
    [
        # Exact Poisson 95 % limits as tabulated (e.g. Ulm 1990, Am J Epidemiol 131:373).
        (0, 0.0, 3.689),
        (1, 0.0253, 5.572),
        (10, 4.795, 18.390),
    ],
)
def test_poisson_interval_matches_the_published_table(count, low, high):
    got_low, got_high = stats.poisson_interval(count)
    assert got_low == pytest.approx(low, abs=6e-4)
    assert got_high == pytest.approx(high, abs=6e-4)


def test_rate_per_1000_scales_the_count_and_its_interval():
    estimate = stats.rate(10, 2000)
    assert estimate is not None
    assert estimate.value == pytest.approx(5.0)
    assert estimate.low == pytest.approx(4.795 / 2, abs=1e-3)
    assert estimate.high == pytest.approx(18.390 / 2, abs=1e-3)
    assert stats.rate(3, 0) is None


def test_a_negative_count_is_refused():
    with pytest.raises(ValueError, match="negative"):
        stats.poisson_interval(-1)


@pytest.mark.parametrize(
    ("successes", "total", "low", "high"),
    [
        # Newcombe (1998), Statistics in Medicine 17:857, table I, Wilson score method.
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_interval_matches_newcombe(successes, total, low, high):
    estimate = stats.wilson_interval(successes, total)
    assert estimate is not None
    assert estimate.value == pytest.approx(successes / total)
    assert estimate.low == pytest.approx(low, abs=6e-5)
    assert estimate.high == pytest.approx(high, abs=6e-5)


def test_wilson_without_total_is_none_and_impossible_shares_are_refused():
    assert stats.wilson_interval(0, 0) is None
    with pytest.raises(ValueError, match="between 0 and the total"):
        stats.wilson_interval(5, 4)


def test_rate_difference_uses_the_mover_recombination_of_the_exact_limits():
    """10 per 1,000 against 1 per 1,000: by hand from the tabulated limits of 10 and of 1."""
    difference = stats.rate_difference((10, 1000), (1, 1000))
    assert difference is not None
    assert difference.value == pytest.approx(9.0)
    low = 9 - ((10 - 4.795) ** 2 + (5.572 - 1) ** 2) ** 0.5
    high = 9 + ((18.390 - 10) ** 2 + (1 - 0.0253) ** 2) ** 0.5
    assert difference.low == pytest.approx(low, abs=2e-3)  # 2.072
    assert difference.high == pytest.approx(high, abs=2e-3)  # 17.446
    assert stats.rate_difference((1, 0), (1, 10)) is None
