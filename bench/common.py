"""What every benchmark shares: medians over several runs and one results file.

Each ``bench_*.py`` calls :func:`record` for every measurement it makes. ``make bench`` sets
``ENDAVANT_BENCH_RESULTS`` to a JSON-lines file, runs the scripts, then ``bench/report.py``
turns that file into ``bench/results.json`` and prints the table. Run alone, a script prints its
measurements and writes nothing.
"""

from __future__ import annotations

import json
import os
import statistics
import time
from collections.abc import Callable
from typing import Any


def median_of(func: Callable[[], Any], runs: int = 5, warmup: int = 1) -> tuple[float, list[float]]:
    """Median wall time of ``func`` in seconds over ``runs`` runs (after ``warmup`` untimed ones),
    with every run's time."""
    for _ in range(warmup):
        func()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


def record(
    name: str,
    value: float,
    unit: str,
    goal: float | None,
    *,
    lower_is_better: bool = True,
    runs: list[float] | None = None,
    note: str = "",
) -> dict[str, Any]:
    """One measurement: its value against its goal (``met`` is None when there is no goal)."""
    met = None if goal is None else (value <= goal if lower_is_better else value >= goal)
    entry = {
        "name": name,
        "value": round(value, 4),
        "unit": unit,
        "goal": goal,
        "goal_is": "max" if lower_is_better else "min",
        "met": met,
        "runs": [round(r, 4) for r in runs] if runs else None,
        "note": note,
    }
    verdict = "" if met is None else ("  met" if met else "  NOT MET")
    goal_text = "" if goal is None else f" (goal {'≤' if lower_is_better else '≥'} {goal} {unit})"
    print(f"  {name}: {value:.4g} {unit}{goal_text}{verdict}")
    target = os.environ.get("ENDAVANT_BENCH_RESULTS")
    if target:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry) + "\n")
    return entry
