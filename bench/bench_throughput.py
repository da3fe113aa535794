"""Vote submissions over HTTP against the smallest authenticated POST, in the same run.

Run from the repository root:  python bench/bench_throughput.py [--clients 200] [--rounds 3]

Goal (issue 16): the real vote view (``POST /priorites/<id>/``: session, CSRF, eligibility, the
vote and its audit/participation rows) answers at least half as many requests per second as a
minimal authenticated, CSRF-checked view (``POST /_bench/ping/``, mounted only with
``ENDAVANT_BENCH_VIEWS=1``) on the same servers: ``vote_post_throughput_ratio`` ≥ 0.5.

The script makes its own PostgreSQL database (dropped at the end), migrates it, creates the
voters and their sessions, starts gunicorn (4 workers; sessions through Redis when it answers
on 127.0.0.1:6379, as with several servers), then per round: 200 concurrent clients (httpx and
asyncio) send one ping per (voter, ballot) pair, then one vote per pair on new open ballots.
After each round it checks that every vote answered with success is stored once and nothing
else is (``vote_post_lost_or_doubled``, goal 0). Figures are medians over the rounds. The
clients run on the same machine as the servers and the database.
"""

from __future__ import annotations

import argparse
import asyncio
import http.cookiejar
import logging
import secrets
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from common import record  # type: ignore[import-not-found]
from harness import django_setup, redis_reachable, scratch_database  # type: ignore[import-not-found]

GUNICORN_WORKERS = 4


@dataclass
class Client:
    """One voter as a browser would be: its session cookie and CSRF token."""

    user_id: int
    headers: dict[str, str]
    csrf: str


@dataclass
class Outcome:
    elapsed: float
    statuses: Counter[int] = field(default_factory=Counter)
    succeeded: list[tuple[int, int]] = field(default_factory=list)

    @property
    def per_second(self) -> float:
        return sum(self.statuses.values()) / self.elapsed


def _clients(count: int) -> list[Client]:
    from django.conf import settings
    from django.contrib.sessions.backends.base import SessionBase
    from django.utils.module_loading import import_string

    from endavant.accounts.models import User

    store: type[SessionBase] = import_string(settings.SESSION_ENGINE + ".SessionStore")
    clients = []
    for n in range(count):
        user = User.objects.create_user(email=f"bench-voter-{n}@example.org")
        session = store()
        session["_auth_user_id"] = str(user.pk)
        session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
        session["_auth_user_hash"] = user.get_session_auth_hash()
        session.create()
        csrf = secrets.token_hex(16)  # 32 characters: Django takes an unmasked secret
        cookie = f"{settings.SESSION_COOKIE_NAME}={session.session_key}; csrftoken={csrf}"
        clients.append(Client(user.pk, {"Cookie": cookie}, csrf))
    return clients


def _no_cookie_jar() -> http.cookiejar.CookieJar:
    # Each request carries its own voter's cookies; nothing a response sets may leak to another.
    return http.cookiejar.CookieJar(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))


async def _drive(base: str, jobs: list[tuple[str, dict[str, str], Client, Any]], width: int):
    import httpx

    queue: asyncio.Queue[tuple[str, dict[str, str], Client, Any]] = asyncio.Queue()
    for job in jobs:
        queue.put_nowait(job)
    outcome = Outcome(elapsed=0.0)
    limits = httpx.Limits(max_connections=width, max_keepalive_connections=width)
    async with httpx.AsyncClient(
        base_url=base, limits=limits, timeout=120, cookies=_no_cookie_jar()
    ) as client:

        async def worker() -> None:
            while True:
                try:
                    path, data, voter, expected = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                response = await client.post(path, data=data, headers=voter.headers)
                outcome.statuses[response.status_code] += 1
                if (
                    expected is not None
                    and response.status_code == 302
                    and response.headers.get("location", "").endswith(path)
                ):
                    outcome.succeeded.append((expected, voter.user_id))

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(width)))
        outcome.elapsed = time.perf_counter() - start
    return outcome


def _round(base: str, clients: list[Client], ballots: int, width: int) -> tuple[Outcome, Outcome]:
    from endavant.ballots import sample

    opened = [sample.open_ballot() for _ in range(ballots)]
    options = {b.pk: list(b.options.values_list("pk", flat=True)) for b in opened}
    pings = [
        ("/_bench/ping/", {"csrfmiddlewaretoken": c.csrf}, c, None) for _ in opened for c in clients
    ]
    votes = []
    for ballot in opened:
        for n, c in enumerate(clients):
            data = {"csrfmiddlewaretoken": c.csrf}
            for i, option in enumerate(options[ballot.pk]):
                data[f"option-{option}"] = str((n + i) % 7)
            votes.append((f"/priorites/{ballot.pk}/", data, c, ballot.pk))
    ping = asyncio.run(_drive(base, pings, width))
    vote = asyncio.run(_drive(base, votes, width))
    return ping, vote


def _stored(ballot_ids: set[int]) -> tuple[int, int]:
    from endavant.ballots.models import Vote

    votes = Vote.objects.filter(ballot_id__in=ballot_ids)
    return votes.count(), votes.values("ballot_id", "voter_id").distinct().count()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=200, help="concurrent HTTP clients")
    parser.add_argument("--voters", type=int, default=400)
    parser.add_argument("--ballots", type=int, default=3, help="ballots per round")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    from endavant.core.testing.servers import gunicorn, manage

    with scratch_database("endavant_bench_throughput") as database_url:
        extra = {"ENDAVANT_BENCH_VIEWS": "1"}
        if redis_reachable():
            extra["ENDAVANT_CACHE_URL"] = "redis://127.0.0.1:6379/0"
            extra["ENDAVANT_CACHE_KEY_PREFIX"] = f"bench-throughput-{secrets.token_hex(4)}"
        env = django_setup(database_url, **extra)
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "collectstatic", "--noinput", "-v0")
        clients = _clients(args.voters)
        print(
            f"PostgreSQL, gunicorn x{GUNICORN_WORKERS}, {args.clients} clients, "
            f"{args.voters} voters x {args.ballots} ballots per round, "
            f"sessions: {'Redis + database' if 'ENDAVANT_CACHE_URL' in extra else 'database'}"
        )
        ratios, vote_rates, ping_rates, faults = [], [], [], []
        logging.getLogger("httpx").setLevel(logging.WARNING)
        with gunicorn(env, workers=GUNICORN_WORKERS) as base:
            # Untimed: every worker opens its database connection, every client its socket.
            warmup = [("/_bench/ping/", {"csrfmiddlewaretoken": c.csrf}, c, None) for c in clients]
            asyncio.run(_drive(base, warmup, args.clients))
            for n in range(args.rounds):
                ping, vote = _round(base, clients, args.ballots, args.clients)
                ballot_ids = {ballot for ballot, _voter in vote.succeeded}
                stored, distinct = _stored(ballot_ids)
                fault = abs(stored - len(vote.succeeded)) + (stored - distinct)
                failed = sum(c for s, c in vote.statuses.items() if s != 302)
                failed += sum(c for s, c in ping.statuses.items() if s != 204)
                faults.append(fault + failed)
                ratios.append(vote.per_second / ping.per_second)
                vote_rates.append(vote.per_second)
                ping_rates.append(ping.per_second)
                print(
                    f"  round {n + 1}: ping {ping.per_second:.0f}/s {dict(ping.statuses)}, "
                    f"vote {vote.per_second:.0f}/s {dict(vote.statuses)}, "
                    f"stored {stored} for {len(vote.succeeded)} successes"
                )
    note = f"{args.clients} concurrent clients, gunicorn x{GUNICORN_WORKERS}, PostgreSQL"
    record("vote_post_pg_per_s", statistics.median(vote_rates), "req/s", None, runs=vote_rates)
    record("ping_post_pg_per_s", statistics.median(ping_rates), "req/s", None, runs=ping_rates)
    record(
        "vote_post_throughput_ratio",
        statistics.median(ratios),
        "ratio",
        0.5,
        lower_is_better=False,
        runs=ratios,
        note=note,
    )
    record(
        "vote_post_lost_or_doubled",
        max(faults),
        "requests",
        0,
        runs=[float(f) for f in faults],
        note="votes lost, doubled or answered with an error, worst round",
    )


if __name__ == "__main__":
    main()
