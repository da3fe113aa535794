"""Benchmark of the national territory import, on SQLite and on PostgreSQL, side by side.

Run from the repository root:  python bench/bench_territory_import.py [--runs 3]

Goal (issue 16): ``endavant territory import all`` (every French commune: 34,955 communes with
their zonings, population and centroids, 104,859 FttH observations, the isolation proxy, then
ANALYZE) takes under 10 s on each database, and ``endavant load_defaults`` run again on a loaded
database is quick (it finds the dataset version already loaded).

Each database is measured in its own process (Django binds one database per process): a fresh
SQLite file in a temporary directory, and a PostgreSQL database made for the run and dropped at
the end (``ENDAVANT_BENCH_PG``, see ``harness.py``). Per run, the territory tables are emptied,
then the cold import and the second (idempotent) import are timed; medians are recorded.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from common import record  # type: ignore[import-not-found]  # noqa: E402


def _measure(runs: int) -> dict[str, list[float]]:
    """In this process's database: cold and second import times, and load_defaults re-runs."""
    import django

    django.setup()
    from django.core.management import call_command

    from endavant.territory import services
    from endavant.territory.models import (
        Commune,
        CoverageObservation,
        DatasetLoad,
        Departement,
        IndicatorValue,
        Intercommunality,
    )

    call_command("migrate", verbosity=0)
    times: dict[str, list[float]] = {"cold": [], "again": [], "load_defaults": []}
    for _ in range(runs):
        for model in (IndicatorValue, CoverageObservation, Commune, Intercommunality, Departement):
            model.objects.all().delete()
        DatasetLoad.objects.all().delete()
        for label in ("cold", "again"):
            out = StringIO()
            start = time.perf_counter()
            call_command("territory", "import", "all", "--quiet", stdout=out)
            times[label].append(time.perf_counter() - start)
    assert Commune.objects.count() == 34_955, Commune.objects.count()
    isolated = IndicatorValue.objects.filter(indicator="isolated", value=1).count()
    assert isolated == 8_928, isolated
    assert CoverageObservation.objects.count() == 104_859
    assert DatasetLoad.objects.filter(version=services.EMBEDDED_VERSION).exists()
    try:
        call_command("load_defaults", stdout=StringIO())  # the other apps' defaults, once
        for _ in range(runs + 2):
            start = time.perf_counter()
            call_command("load_defaults", stdout=StringIO())
            times["load_defaults"].append(time.perf_counter() - start)
    except Exception as error:  # another app's defaults failing is reported, not fatal
        print(f"load_defaults failed: {type(error).__name__}: {error}", file=sys.stderr)
    return times


def _child(database_url: str, runs: int) -> dict[str, list[float]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ENDAVANT_BENCH_RESULTS")}
    env.update(
        DATABASE_URL=database_url,
        ENDAVANT_DATA_DIR=tempfile.mkdtemp(prefix="endavant-bench-territory-"),
        DJANGO_SETTINGS_MODULE="endavant.settings",
        ENDAVANT_LOG_LEVEL="WARNING",
    )
    result = subprocess.run(
        [sys.executable, __file__, "--child", "--runs", str(runs)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"the {database_url.split(':')[0]} run failed:\n{result.stderr}")
    if "load_defaults failed" in result.stderr:
        print(result.stderr.strip().splitlines()[-1])
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        sys.path.insert(0, str(HERE.parent))
        print(json.dumps(_measure(args.runs)))
        return

    from harness import scratch_database  # type: ignore[import-not-found]

    sqlite_dir = tempfile.mkdtemp(prefix="endavant-bench-territory-sqlite-")
    results = {"sqlite": _child(f"sqlite:///{sqlite_dir}/endavant.sqlite3", args.runs)}
    with scratch_database("endavant_bench_territory") as database_url:
        results["pg"] = _child(database_url, args.runs)
    for vendor, times in results.items():
        print(
            f"{vendor}: cold {', '.join(f'{t:.2f}' for t in times['cold'])} s; "
            f"again {', '.join(f'{t:.2f}' for t in times['again'])} s; "
            f"load_defaults again {', '.join(f'{t * 1000:.0f}' for t in times['load_defaults'])} ms"
        )
    note = "34,955 communes, 104,859 FttH rows, proxy, ANALYZE; median of the runs"
    for vendor in ("pg", "sqlite"):
        times = results[vendor]
        record(
            f"territory_import_{vendor}_s",
            statistics.median(times["cold"]),
            "s",
            10,
            runs=times["cold"],
            note=note,
        )
        record(
            f"territory_reimport_{vendor}_s",
            statistics.median(times["again"]),
            "s",
            None,
            runs=times["again"],
            note="second import: compares every row, writes nothing",
        )
    if not (results["sqlite"]["load_defaults"] and results["pg"]["load_defaults"]):
        raise SystemExit("load_defaults_rerun_s not measured: load_defaults failed (above)")
    record(
        "load_defaults_rerun_s",
        statistics.median(results["sqlite"]["load_defaults"]),
        "s",
        1,
        runs=results["sqlite"]["load_defaults"],
        note="SQLite (make run); every app's defaults already loaded",
    )
    record(
        "load_defaults_rerun_pg_s",
        statistics.median(results["pg"]["load_defaults"]),
        "s",
        1,
        runs=results["pg"]["load_defaults"],
    )


if __name__ == "__main__":
    main()
