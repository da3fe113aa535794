"""Benchmark of endavant.voting: count and rank one million majority-judgment ballots.

Run from the repository root:  python bench/bench_voting.py [--ballots N] [--repeat R]

Goal (issue): counting 1,000,000 ballots over 20 options graded on 7 grades AND ranking them in
under one second. Ballots are generated first (not timed) as one flat ``bytearray`` of
20,000,000 grade indices, ballot after ballot, the layout a vote export or a database dump would
produce; the timed part is ``tally_grades`` + ``majority_judgment`` on that buffer. Schulze and
approval timings are printed for scale.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

# Allow ``python bench/bench_voting.py`` from a checkout without installing the package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from endavant.voting import (
    MJ_GRADES_FR,
    approval,
    majority_judgment,
    schulze,
    strongest_paths,
    tally_grades,
)

N_OPTIONS = 20
N_GRADES = len(MJ_GRADES_FR)


def generate_ballots(n_ballots: int, seed: int = 2024) -> bytearray:
    """Random ballots, each option with its own grade distribution, as one flat buffer."""
    rng = random.Random(seed)
    data = bytearray(n_ballots * N_OPTIONS)
    for option in range(N_OPTIONS):
        # A per-option table mapping 256 random byte values to grades skews each option
        # differently, so the ranking has real work to do; translate() runs at C speed.
        weights = [rng.uniform(0.2, 1.0) for _ in range(N_GRADES)]
        scale = 256 / sum(weights)
        bounds, acc = [], 0.0
        for weight in weights:
            acc += weight * scale
            bounds.append(acc)
        table = bytes(
            next(g for g, b in enumerate(bounds) if v < b or g == N_GRADES - 1) for v in range(256)
        )
        column = rng.randbytes(n_ballots).translate(table)
        data[option::N_OPTIONS] = column  # C-speed strided assignment
    return data


def timed(function: Callable[[], object], repeat: int) -> list[float]:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        runs.append(time.perf_counter() - start)
    return runs


def report(label: str, runs: list[float]) -> None:
    print(
        f"  {label:<44} best {min(runs) * 1000:8.1f} ms   "
        f"median {statistics.median(runs) * 1000:8.1f} ms   ({len(runs)} runs)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ballots", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    names = [f"option-{i:02d}" for i in range(N_OPTIONS)]

    print(f"Python {sys.version.split()[0]} on {sys.platform}")
    start = time.perf_counter()
    data = generate_ballots(args.ballots)
    print(
        f"Generated {args.ballots:,} ballots x {N_OPTIONS} options = {len(data):,} grade "
        f"indices in {time.perf_counter() - start:.2f} s (not timed below)"
    )

    print("Majority judgment:")
    counts: list[list[int]] = []

    def count() -> None:
        counts[:] = tally_grades(data, N_OPTIONS, N_GRADES)

    def rank() -> None:
        majority_judgment(dict(zip(names, counts, strict=True)), MJ_GRADES_FR)

    def count_and_rank() -> None:
        tallies = tally_grades(data, N_OPTIONS, N_GRADES)
        majority_judgment(dict(zip(names, tallies, strict=True)), MJ_GRADES_FR)

    report("tally_grades (count)", timed(count, args.repeat))
    report("majority_judgment (rank)", timed(rank, args.repeat))
    total_runs = timed(count_and_rank, args.repeat)
    report("count + rank (the goal: < 1 s)", total_runs)
    result = majority_judgment(dict(zip(names, counts, strict=True)), MJ_GRADES_FR)
    top = result.merits[result.ranking[0]]
    print(
        f"  winner {top.option}: majority grade {MJ_GRADES_FR[top.majority_grade]!r}, "
        f"p={top.gauge.p:.4f} q={top.gauge.q:.4f}"
    )
    verdict = "OK" if min(total_runs) < 1.0 else "TOO SLOW"
    print(f"  goal < 1 s for {args.ballots:,} ballots: {verdict}")

    print("Schulze:")
    rng = random.Random(7)
    letters = [f"c{i}" for i in range(N_OPTIONS)]
    ballots = [rng.sample(letters, len(letters)) for _ in range(10_000)]
    report("10,000 distinct rankings, 20 options", timed(lambda: schulze(ballots, letters), 3))
    big = [[rng.randrange(1000) for _ in range(100)] for _ in range(100)]
    report("strongest paths, 100 options", timed(lambda: strongest_paths(big), 3))

    print("Approval:")
    approvals = [set(rng.sample(letters, rng.randint(0, 6))) for _ in range(100_000)]
    report("100,000 ballots, 20 options", timed(lambda: approval(approvals, letters), 3))


if __name__ == "__main__":
    main()
