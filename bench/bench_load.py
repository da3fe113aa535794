"""Load test: the Locust scenario (``locustfile.py``) run headless against gunicorn + PostgreSQL.

Run from the repository root:  python bench/bench_load.py [--users 60] [--seconds 60]

Residents (20 for 1 team member) browse the home page, a commune, the ballots and the
workshops, vote and register for a workshop; the programme team opens the back-office and
publishes a workshop. The script makes its own PostgreSQL database (dropped at the end), loads
the defaults (the national territory and the demo programme), creates the accounts, an open
ballot when the demo has none, starts gunicorn (4 workers) and a job worker (registrations send
e-mails through jobs) with Redis as the shared cache when it answers, then runs Locust for a
bounded time and records requests per second, the median and 95th-percentile latency of all
requests and the errors (goal 0). Locust, the servers and the database share the machine.
"""

from __future__ import annotations

import argparse
import csv
import json
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

from common import record  # type: ignore[import-not-found]
from harness import django_setup, redis_reachable, scratch_database  # type: ignore[import-not-found]

HERE = Path(__file__).resolve().parent
PASSWORD = "load-test passphrase, not a real one"
GUNICORN_WORKERS = 4


def _prepare(residents: int) -> dict[str, object]:
    """Accounts, an open ballot and the plan the locustfile reads."""
    from datetime import timedelta

    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from endavant.accounts.models import User
    from endavant.accounts.roles import make_user_with_role
    from endavant.ballots import sample
    from endavant.ballots.models import Ballot
    from endavant.programmes.models import Programme
    from endavant.territory.models import Commune
    from endavant.workshops.models import Workshop

    now = timezone.now()
    programme = Programme.objects.active().first()
    assert programme is not None, "load_defaults made no active programme"
    ballots = list(
        Ballot.objects.filter(
            programme=programme, opens_at__lte=now, closes_at__gt=now + timedelta(hours=1)
        )
    )
    ballots = [b for b in ballots if not b.audiences]
    if not ballots:
        ballot = sample.open_ballot()
        Ballot.objects.filter(pk=ballot.pk).update(programme=programme)
        Programme.objects.filter(slug="programme-test").delete()  # one programme: chosen by default
        ballots = [ballot]
    password = make_password(PASSWORD)  # hashed once, shared by the fictional accounts
    User.objects.bulk_create(
        User(email=f"load-resident-{n}@example.org", password=password) for n in range(residents)
    )
    team = make_user_with_role("programme_team", email="load-team@example.org")
    team.password = password
    team.save(update_fields=["password"])
    workshops = Workshop.objects.filter(
        programme=programme, starts_at__gt=now, status__in=["planned", "confirmed"]
    )[:5]
    communes = list(
        Commune.objects.filter(departement__code="66").values_list("code", flat=True)[:50]
    )
    return {
        "password": PASSWORD,
        "residents": [f"load-resident-{n}@example.org" for n in range(residents)],
        "team": team.email,
        "ballots": [
            {"id": b.pk, "options": list(b.options.values_list("pk", flat=True))} for b in ballots
        ],
        "workshops": [
            {"id": w.pk, "mode": "room" if (w.capacity_room or 0) > 0 else "online"}
            for w in workshops
        ],
        "communes": communes,
    }


def _aggregated(stats_csv: Path) -> dict[str, float]:
    with stats_csv.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["Name"] == "Aggregated":
                return {
                    "requests": float(row["Request Count"]),
                    "failures": float(row["Failure Count"]),
                    "p50": float(row["50%"]),
                    "p95": float(row["95%"]),
                    "rps": float(row["Requests/s"]),
                }
    raise SystemExit(f"no Aggregated row in {stats_csv}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=60, help="simulated people at once")
    parser.add_argument("--seconds", type=int, default=60)
    args = parser.parse_args()

    from endavant.core.testing.servers import db_worker, gunicorn, manage

    work = Path(tempfile.mkdtemp(prefix="endavant-bench-load-"))
    with scratch_database("endavant_bench_load") as database_url:
        extra = {"ENDAVANT_STATIC_ROOT": str(work / "static"), "ENDAVANT_LOG_LEVEL": "WARNING"}
        if redis_reachable():
            extra["ENDAVANT_CACHE_URL"] = "redis://127.0.0.1:6379/0"
            extra["ENDAVANT_CACHE_KEY_PREFIX"] = f"bench-load-{secrets.token_hex(4)}"
        env = django_setup(database_url, **extra)
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "collectstatic", "--noinput", "-v0")
        manage(env, "load_defaults")
        plan = _prepare(residents=max(args.users * 2, 50))
        plan_file = work / "plan.json"
        plan_file.write_text(json.dumps(plan), encoding="utf-8")
        with (
            gunicorn(env, workers=GUNICORN_WORKERS, log=work / "gunicorn.log") as base,
            db_worker(env),
        ):
            result = subprocess.run(
                [
                    str(Path(sys.executable).parent / "locust"),
                    "-f",
                    str(HERE / "locustfile.py"),
                    "--headless",
                    "--users",
                    str(args.users),
                    "--spawn-rate",
                    str(max(1, args.users // 5)),
                    "--run-time",
                    f"{args.seconds}s",
                    "--host",
                    base,
                    "--csv",
                    str(work / "load"),
                    "--only-summary",
                    "--exit-code-on-error",
                    "0",
                    "--loglevel",
                    "WARNING",
                ],
                env={**env, "ENDAVANT_LOAD_PLAN": str(plan_file)},
                capture_output=True,
                text=True,
                check=False,
            )
    print(result.stdout[-3000:])
    if result.returncode != 0:
        raise SystemExit(f"locust failed ({result.returncode}):\n{result.stderr[-3000:]}")
    figures = _aggregated(work / "load_stats.csv")
    failures = work / "load_failures.csv"
    if failures.exists() and figures["failures"]:
        print(failures.read_text(encoding="utf-8")[:3000])
    note = (
        f"{args.users} simulated people for {args.seconds} s, gunicorn x{GUNICORN_WORKERS}, "
        f"PostgreSQL; {int(figures['requests'])} requests"
    )
    record("load_requests_per_s", figures["rps"], "req/s", None, note=note)
    record("load_p50_ms", figures["p50"], "ms", None, note=note)
    record("load_p95_ms", figures["p95"], "ms", None, note=note)
    record("load_errors", figures["failures"], "requests", 0, note=note)


if __name__ == "__main__":
    main()
