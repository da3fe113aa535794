"""Rates, proportions and their 95 % intervals (plain Python and SciPy, no Django).

- A count of people over a population is a rate: its interval is the exact Poisson interval of
  Garwood (1936), in its closed form with the chi-square quantile ``χ²``::

      lower = χ²(α/2; 2k) / 2        upper = χ²(1 − α/2; 2k + 2) / 2

  (lower = 0 when k = 0), divided by the population. The quantiles come from SciPy
  (``scipy.stats.chi2.ppf``), the reference implementation of the field: the bounds agree with
  the published tables (0 → [0; 3.689], 1 → [0.0253; 5.572], 10 → [4.795; 18.39]).
- The difference between two rates gets the MOVER interval (Zou & Donner, 2008, "Construction
  of confidence limits about effect measures: a general approach", Statistics in Medicine 27):
  it recombines the two exact intervals, so it stays sound for small counts, where the usual
  normal (Wald) interval is too narrow.
- A share (k out of n) gets the Wilson score interval (Wilson, 1927), with the normal quantile
  from SciPy: unlike the Wald interval it never leaves [0; 1] and behaves at 0 and n.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy.stats import chi2, norm

CONFIDENCE = 0.95


@dataclass(frozen=True)
class Estimate:
    """A value with the bounds of its interval, all in the same unit."""

    value: float
    low: float
    high: float


def poisson_interval(count: int, confidence: float = CONFIDENCE) -> tuple[float, float]:
    """Exact (Garwood) interval of the mean of a Poisson count observed as ``count``."""
    if count < 0:
        raise ValueError("A count cannot be negative.")
    alpha = 1 - confidence
    low = 0.0 if count == 0 else float(chi2.ppf(alpha / 2, 2 * count)) / 2
    high = float(chi2.ppf(1 - alpha / 2, 2 * count + 2)) / 2
    return low, high


def rate(
    count: int, population: int, per: int = 1000, confidence: float = CONFIDENCE
) -> Estimate | None:
    """``count`` per ``per`` inhabitants with its exact interval (``None`` without population)."""
    if not population or population <= 0:
        return None
    low, high = poisson_interval(count, confidence)
    scale = per / population
    return Estimate(count * scale, low * scale, high * scale)


def rate_difference(
    first: tuple[int, int],
    second: tuple[int, int],
    per: int = 1000,
    confidence: float = CONFIDENCE,
) -> Estimate | None:
    """Rate of ``first`` minus rate of ``second`` (each ``(count, population)``), MOVER interval."""
    a = rate(*first, per=per, confidence=confidence)
    b = rate(*second, per=per, confidence=confidence)
    if a is None or b is None:
        return None
    difference = a.value - b.value
    return Estimate(
        difference,
        difference - math.hypot(a.value - a.low, b.high - b.value),
        difference + math.hypot(a.high - a.value, b.value - b.low),
    )


def wilson_interval(successes: int, total: int, confidence: float = CONFIDENCE) -> Estimate | None:
    """The share ``successes / total`` with its Wilson score interval (``None`` when total = 0)."""
    if total <= 0:
        return None
    if not 0 <= successes <= total:
        raise ValueError("The successes must lie between 0 and the total.")
    z = float(norm.ppf(1 - (1 - confidence) / 2))
    p = successes / total
    denominator = 1 + z * z / total
    centre = (p + z * z / (2 * total)) / denominator
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / denominator
    return Estimate(p, max(0.0, centre - half), min(1.0, centre + half))
