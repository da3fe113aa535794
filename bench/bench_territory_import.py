"""Benchmark of the territory import: every French commune, cold and again (idempotent).

Run from the repository root:  python bench/bench_territory_import.py

Goal (issue 3): importing all ~35,000 communes must take well under a minute. The script creates
a fresh SQLite database in a temporary directory (or uses DATABASE_URL, e.g. a PostgreSQL
database you created for it: it must be empty), migrates it, then times
``endavant territory import all`` twice: the cold import (communes, population, ZAU 2010,
centroids, FttH, isolation proxy) and the second run, which must change nothing.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    data_dir = tempfile.mkdtemp(prefix="endavant-bench-territory-")
    os.environ["ENDAVANT_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "endavant.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from endavant.territory.models import Commune, CoverageObservation, IndicatorValue

    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
    for label in ("cold import", "second import (idempotent)"):
        out = StringIO()
        start = time.perf_counter()
        call_command("territory", "import", "all", "--quiet", stdout=out)
        elapsed = time.perf_counter() - start
        print(f"{label}: {elapsed:.2f} s")
        for line in out.getvalue().splitlines():
            print(f"    {line}")
    isolated = IndicatorValue.objects.filter(indicator="isolated", value=1).count()
    print(
        f"communes: {Commune.objects.count()}, "
        f"coverage rows: {CoverageObservation.objects.count()}, isolated (proxy): {isolated}"
    )


if __name__ == "__main__":
    main()
