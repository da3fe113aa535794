"""Benchmark of the big downloads: peak memory while a download is consumed through its view, at
N and 10 N rows, side by side (medians of several runs).

Run from the repository root:  python bench/bench_exports.py [--rows 1000] [--runs 3]

Goal (issue 16): every download streams, so its peak memory does not grow with its rows:
``export_peak_memory_ratio_10x`` (the worst ratio peak(10 N) / peak(N) over the downloads) ≤ 1.10.
A fresh SQLite database is made in a temporary folder (or DATABASE_URL is used: it must be an
empty database you created for it). Memory is Python's, traced with tracemalloc.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import record  # type: ignore[import-not-found]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    os.environ["ENDAVANT_DATA_DIR"] = tempfile.mkdtemp(prefix="endavant-bench-exports-")
    # Test settings: static files from the finders (no collectstatic), fast password hashing.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "endavant.test_settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from endavant.accounts.models import User
    from endavant.actors.models import Membership, Organisation, Person
    from endavant.ballots.models import Ballot, BallotOption, Vote, VoteItem
    from endavant.programmes.models import Programme
    from endavant.territory.models import Commune, Departement
    from endavant.workshops.models import Workshop

    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}")
    dep, _ = Departement.objects.get_or_create(code="66", defaults={"name": "Pyrénées-Orientales"})
    communes = [
        Commune.objects.get_or_create(
            code=f"66{900 + i:03d}", defaults={"name": f"Commune {i}", "departement": dep}
        )[0]
        for i in range(10)
    ]
    programme, _ = Programme.objects.get_or_create(slug="bench", defaults={"name": "Bench"})
    now = timezone.now()
    ballot = Ballot.objects.create(
        programme=programme, title="Bench", question="?", method="approval", opens_at=now,
        closes_at=now,
    )  # fmt: skip
    options = [BallotOption.objects.create(ballot=ballot, label=x, order=i) for i, x in
               enumerate("ABC")]  # fmt: skip
    team = User.objects.create_superuser(email="bench@example.org", password="x-Long-pass-1")

    def grow(start: int, count: int) -> None:
        orgs = Organisation.objects.bulk_create(
            Organisation(name=f"Org {i}", kind="association", search_text=f"org {i:07d}")
            for i in range(start, start + count)
        )
        through = Organisation.communes_served.through
        through.objects.bulk_create(
            through(organisation_id=o.pk, commune_id=communes[i % 10].pk)
            for i, o in enumerate(orgs)
        )
        people = Person.objects.bulk_create(
            Person(full_name=f"P {i}", search_text=f"p {i}") for i in range(start, start + count)
        )
        Membership.objects.bulk_create(
            Membership(person=p, organisation=o, role="resident", is_public=True)
            for p, o in zip(people, orgs, strict=True)
        )
        Workshop.objects.bulk_create(
            Workshop(programme=programme, title=f"Atelier {i}", format="in_person",
                     starts_at=now + timedelta(days=i % 300),
                     ends_at=now + timedelta(days=i % 300, hours=2))
            for i in range(start, start + count)
        )  # fmt: skip
        voters = User.objects.bulk_create(
            User(email=f"v{i}@example.org") for i in range(start, start + count)
        )
        votes = Vote.objects.bulk_create(
            Vote(ballot=ballot, voter=u, audience="resident", commune_code=communes[i % 10].code)
            for i, u in enumerate(voters)
        )
        VoteItem.objects.bulk_create(
            VoteItem(vote=v, option=o, value=1) for v in votes for o in options
        )

    client = Client(HTTP_HOST="localhost")
    client.force_login(team)
    downloads = {
        "directory_csv": "/acteurs.csv",
        "dataset_ateliers_csv": "/donnees/ateliers.csv?programme=bench",
        "dataset_ateliers_json": "/donnees/ateliers.json?programme=bench",
        "research_votes_csv": "/donnees/recherche/votes.csv?programme=bench",
        "research_events_csv": "/donnees/recherche/evenements.csv?programme=bench",
    }

    def measure(path: str) -> tuple[float, float, int, int]:
        peaks, times = [], []
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as queries:
                tracemalloc.start()
                start = time.perf_counter()
                response = client.get(path)
                assert response.streaming, (path, response.status_code)
                size = sum(len(chunk) for chunk in response.streaming_content)
                times.append(time.perf_counter() - start)
                peaks.append(tracemalloc.get_traced_memory()[1])
                tracemalloc.stop()
        return statistics.median(peaks), statistics.median(times), size, len(queries)

    n = args.rows
    grow(0, n)
    for path in downloads.values():
        measure(path)  # warm-up
    small = {name: measure(path) for name, path in downloads.items()}
    grow(n, 9 * n)
    large = {name: measure(path) for name, path in downloads.items()}
    worst = 0.0
    print(f"{'download':24} {'peak N':>10} {'peak 10N':>10} {'ratio':>6} {'queries':>8} "
          f"{'s at 10N':>8}")  # fmt: skip
    for name in downloads:
        ratio = large[name][0] / small[name][0]
        worst = max(worst, ratio)
        print(
            f"{name:24} {small[name][0] / 1024:9.0f}K {large[name][0] / 1024:9.0f}K "
            f"{ratio:6.2f} {small[name][3]:>3}/{large[name][3]:<4} {large[name][1]:8.2f}"
        )
        record(f"export_{name}_peak_10x", large[name][0] / 1024, "KiB", None,
               note=f"{10 * n} rows; ratio {ratio:.3f}")  # fmt: skip
    record(
        "export_peak_memory_ratio_10x", worst, "×", 1.10,
        note=f"worst peak(10 N)/peak(N) over {len(downloads)} downloads, N = {n}",
    )  # fmt: skip


if __name__ == "__main__":
    main()
