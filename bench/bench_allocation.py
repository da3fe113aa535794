"""Benchmark of endavant.voting.allocation: Equal Shares with Add1, and greedy, on 100,000 voters.

Run from the repository root:  python bench/bench_allocation.py [--voters N] [--repeat R]

Goal (issue): the Method of Equal Shares, including its Add1 completion, on 100,000 approval
ballots over 200 projects in under two seconds. The instance is generated first (not timed),
seeded, and shaped like a city's participatory budget: project popularity is skewed (log-normal
weights), each voter approves 1 to 10 projects (most approve few, with a bump at 3), costs are
log-normal around 20,000 (rounded to 100) and the budget is a quarter of the total cost. With
100,000 voters that gives each voter an initial share of about 12 currency units, the scale of the
example on equalshares.net (1,000,000 for 100,000 voters). The Add1 completion needs one MES run
per currency unit added to the share (minus the increments it proves it can skip), so the time
grows with the share: ``--share-scale`` multiplies the budget and every cost to show it.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

# Allow ``python bench/bench_allocation.py`` from a checkout without installing the package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from common import record

from endavant.voting import AllocationResult, allocation, equal_shares, greedy

N_PROJECTS = 200
BALLOT_LENGTHS = range(1, 11)
# Share of voters approving 1, 2, ... 10 projects: many approve one or two, a bump at three (a
# common "choose up to 3" habit), then a long tail.
LENGTH_WEIGHTS = (30, 16, 18, 10, 8, 6, 4, 3, 3, 2)


def generate_instance(
    n_voters: int, seed: int = 2024, scale: int = 1
) -> tuple[dict[str, int], list[tuple[str, ...]], int]:
    """Projects (id -> cost), approval ballots and budget of a synthetic city-wide vote."""
    rng = random.Random(seed)
    ids = [f"p{i:03d}" for i in range(N_PROJECTS)]
    popularity = list(itertools.accumulate(rng.lognormvariate(0, 1) for _ in ids))
    costs = {
        k: scale * max(2_000, min(300_000, 100 * round(rng.lognormvariate(9.9, 0.8) / 100)))
        for k in ids
    }
    ballots = []
    for _ in range(n_voters):
        size = rng.choices(BALLOT_LENGTHS, LENGTH_WEIGHTS)[0]
        chosen: set[int] = set()
        while len(chosen) < size:
            chosen.add(bisect.bisect(popularity, rng.random() * popularity[-1]))
        ballots.append(tuple(ids[i] for i in sorted(chosen)))
    budget = sum(costs.values()) // 4
    return costs, ballots, budget


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


def describe(result: AllocationResult[str]) -> str:
    spent = result.cost / result.budget
    share = f", share {float(result.voter_budget):.2f}" if result.voter_budget is not None else ""
    steps = f", {result.add1_steps} Add1 steps in {result.runs} MES runs" if result.runs else ""
    return f"{len(result.selected)} projects, {spent:.1%} of the budget{share}{steps}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voters", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--share-scale", type=int, default=1, help="multiply budget and costs (more Add1 steps)"
    )
    parser.add_argument(
        "--toulouse",
        action="store_true",
        help="time Add1 on the three real Toulouse votes shipped in endavant/calls/data/pabulib",
    )
    args = parser.parse_args()
    if args.toulouse:
        toulouse(args.repeat)
        return

    print(f"Python {sys.version.split()[0]} on {sys.platform}")
    start = time.perf_counter()
    projects, ballots, budget = generate_instance(args.voters, scale=args.share_scale)
    approvals = sum(map(len, ballots))
    print(
        f"Generated {len(ballots):,} ballots x {len(projects)} projects ({approvals:,} approvals, "
        f"{len(set(ballots)):,} distinct ballots), budget {budget:,} = "
        f"{budget / len(ballots):.2f} per voter, in {time.perf_counter() - start:.2f} s "
        "(not timed below)"
    )

    print("Method of Equal Shares:")
    results: dict[str, AllocationResult[str]] = {}

    def mes(completion: str | None) -> Callable[[], object]:
        def run() -> None:
            results[str(completion)] = equal_shares(
                projects,
                ballots,
                budget,
                completion=completion,  # type: ignore[arg-type]
            )

        return run

    add1_runs = timed(mes("add1"), args.repeat)
    report("Equal Shares + Add1 (the goal: < 2 s)", add1_runs)
    print(f"    {describe(results['add1'])}")
    report("Equal Shares, no completion", timed(mes(None), args.repeat))
    print(f"    {describe(results['None'])}")
    record(
        f"equal_shares_add1_{args.voters // 1000}k_s",
        statistics.median(add1_runs),
        "s",
        2.0,
        runs=add1_runs,
        note=f"{len(ballots):,} voters x {len(projects)} projects, NumPy: {allocation.NUMPY}",
    )
    if allocation.NUMPY:
        # Side by side in the same run: the plain-Python floating-point path (no NumPy).
        allocation.NUMPY = False
        try:
            plain_runs = timed(mes("add1"), args.repeat)
        finally:
            allocation.NUMPY = True
        report("Equal Shares + Add1 without NumPy", plain_runs)
        ratio = statistics.median(plain_runs) / statistics.median(add1_runs)
        print(f"    NumPy speed-up: {ratio:.1f}x")

    print("Greedy:")
    greedy_result: list[AllocationResult[str]] = []
    greedy_runs = timed(lambda: greedy_result.append(greedy(projects, ballots, budget)), 3)
    report("greedy by votes", greedy_runs)
    print(f"    {describe(greedy_result[-1])}")


def toulouse(repeat: int) -> None:
    """Equal Shares with Add1 on the real Toulouse votes (2019, 2022, 2024): few voters but a
    share of 700 to 1,800 EUR per voter, so Add1 needs hundreds to thousands of MES runs."""
    from endavant.voting import pabulib

    data = Path(__file__).resolve().parents[1] / "endavant" / "calls" / "data" / "pabulib"
    for year in ("2019", "2022", "2024"):
        instance = pabulib.read_pabulib(data / f"France_Toulouse_{year}.pb")
        outcomes: list[AllocationResult[str]] = []
        runs = timed(lambda i=instance, o=outcomes: o.append(pabulib.allocate(i)), repeat)
        report(f"Toulouse {year}, Equal Shares + Add1", runs)
        print(f"    {describe(outcomes[-1])}")
        record(
            f"equal_shares_add1_toulouse_{year}_s", statistics.median(runs), "s", None, runs=runs
        )


if __name__ == "__main__":
    main()
