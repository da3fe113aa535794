"""Benchmark of ballot pages and votes at national scale on PostgreSQL.

Run from the repository root:

    createdb -h 127.0.0.1 -U postgres endavant_bench_ballots
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/endavant_bench_ballots \\
        python bench/bench_ballots.py [--quick] [--rebuild] [--runs 7]

Goals (issue 16), every page measured through the view with Django's test client (database ->
selector -> view -> template, the path users take), medians of several runs:

* ``ballot_page_1m_mj_pg_ms``: the page of a closed majority-judgment ballot with 1,000,000
  ballots x 20 options (20 M vote items), counted and ranked from the database: < 200 ms;
* ``ballot_schulze_20k_pg_ms``: the page of a Schulze ballot with 20,000 rankings of 20 options;
* ``ballot_list_pg_ms``: the ballot list of a programme at national size (100,000 users, 500
  roadmap actions, 130,000 votes, 2.4 M vote items over 24 ballots): < 50 ms;
* ``vote_queries`` / ``vote_change_queries``: SQL statements of one vote through the page by a
  logged-in participant on a 20-option ballot, session, authentication and transaction
  statements included: <= 6.

For scale it also times ``ballot_count_from_votes_1m_pg_ms``: the GROUP BY over the vote items
that the page ran before tallies existed (what a page load would cost without them).

The data is generated inside PostgreSQL (``INSERT ... SELECT`` over ``generate_series``), then
the tallies are built with the ``ballots recount`` service, as after a data import: generation is
not timed. The database is kept between runs (``--rebuild`` starts again); ``--quick`` is a
small smoke run (its figures are not the goals' sizes). Without a PostgreSQL ``DATABASE_URL``
the script says so and stops.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import median_of, record

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/endavant_bench_ballots"

FULL = {
    "users": 1_000_000,
    "mj_votes": 1_000_000,
    "schulze_votes": 20_000,
    "list_votes": 130_000,
    "list_ballots": 24,
    "actions": 500,
}
QUICK = {
    "users": 20_000,
    "mj_votes": 20_000,
    "schulze_votes": 2_000,
    "list_votes": 5_000,
    "list_ballots": 6,
    "actions": 50,
}
N_OPTIONS = 20
AUDIENCES = (
    "ARRAY['resident','resident','resident','employee','elected_official','association','business']"
)
CHANNELS = "ARRAY['web','web','web','web','web','web','assisted','paper','workshop']"


def _setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("ENDAVANT_DATA_DIR", tempfile.mkdtemp(prefix="endavant-bench-ballots-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "endavant.settings")
    import django
    from django.conf import settings

    django.setup()
    # Pages render their static links without a collectstatic manifest; nothing else changes.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def _defaults_sql(model: Any, given: dict[str, str]) -> tuple[list[str], list[str], list[Any]]:
    """Column names, SQL expressions and parameters for an ``INSERT ... SELECT`` into ``model``:
    the ``given`` expressions, and every other column's model default (or NULL)."""
    from django.db import connection
    from django.db.models import NOT_PROVIDED

    columns, expressions, params = [], [], []
    for field in model._meta.concrete_fields:
        if field.primary_key and field.column not in given:
            continue
        columns.append(connection.ops.quote_name(field.column))
        if field.column in given:
            expressions.append(given[field.column])
        elif field.default is not NOT_PROVIDED:
            expressions.append("%s")
            params.append(field.get_db_prep_save(field.get_default(), connection))
        else:
            expressions.append("NULL")
    return columns, expressions, params


def _insert_select(model: Any, given: dict[str, str], tail: str, params: list[Any]) -> None:
    from django.db import connection

    columns, expressions, default_params = _defaults_sql(model, given)
    # Given expressions come first in the SELECT list, defaults are parameters: order them.
    ordered_params: list[Any] = []
    defaults = iter(default_params)
    given_params = iter(params)
    for expression in expressions:
        if expression == "%s":
            ordered_params.append(next(defaults))
    sql = (
        f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({', '.join(columns)}) "
        f"SELECT {', '.join(expressions)} {tail}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, ordered_params + list(given_params))


def _votes(
    ballot: Any,
    n_votes: int,
    first_user: int,
    options: list[int],
    ranked: bool,
    approvals: bool = False,
) -> None:
    """``n_votes`` votes on ``ballot`` by consecutive users, with their items, in SQL."""
    from django.db import connection

    from endavant.ballots.models import Vote

    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM ballots_vote")
        base = cursor.fetchone()[0]
    cast = datetime(2024, 3, 10, tzinfo=UTC)
    columns, expressions, default_params = _defaults_sql(
        Vote,
        {
            "id": f"{base} + g",
            "ballot_id": str(ballot.pk),
            "voter_id": f"{first_user} + g - 1",
            "audience": f"({AUDIENCES})[1 + mod(g, 7)]",
            "commune_code": "'66' || lpad(mod(g, 226)::text, 3, '0')",
            "commune_isolated": "CASE mod(g, 3) WHEN 0 THEN TRUE WHEN 1 THEN FALSE END",
            "channel": f"({CHANNELS})[1 + mod(g, 9)]",
            "cast_at": "CAST(%(cast)s AS timestamptz)",
            "updated_at": "CAST(%(cast)s AS timestamptz)",
        },
    )
    named = {"cast": cast, "n": n_votes}
    for i, value in enumerate(default_params):
        named[f"d{i}"] = value
    counter = iter(range(len(default_params)))
    expressions = [f"%(d{next(counter)})s" if e == "%s" else e for e in expressions]
    with connection.cursor() as cursor:
        # Bulk load: the rows are consistent by construction, so the per-row foreign-key
        # triggers are skipped for this transaction (superuser only, as createdb's owner is).
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(
            f"INSERT INTO ballots_vote ({', '.join(columns)}) "
            f"SELECT {', '.join(expressions)} FROM generate_series(1, %(n)s) AS g",
            named,
        )
        option_array = "ARRAY[" + ",".join(map(str, options)) + "]"
        if ranked:
            # A random order of the options, the first 3 to 20 of them ranked 1, 2, 3...
            # Option k is drawn forward with a weight that grows with k, so rankings agree
            # somewhat and the Schulze order has real work to do.
            cursor.execute(
                f"""
                INSERT INTO ballots_voteitem (vote_id, option_id, value)
                SELECT v, option_id, rank FROM (
                    SELECT v, option_id,
                           row_number() OVER (PARTITION BY v ORDER BY random() * (k + 5)) AS rank,
                           3 + mod(v, 18) AS depth
                    FROM generate_series({base} + 1, {base} + %(n)s) AS v,
                         unnest({option_array}) WITH ORDINALITY AS o(option_id, k)
                ) ranked WHERE rank <= depth
                """,
                {"n": n_votes},
            )
        elif approvals:
            # Option k is approved by 20 % to 90 % of the voters.
            cursor.execute(
                f"""
                INSERT INTO ballots_voteitem (vote_id, option_id, value)
                SELECT v, option_id, 1
                FROM generate_series({base} + 1, {base} + %(n)s) AS v,
                     unnest({option_array}) WITH ORDINALITY AS o(option_id, k)
                WHERE random() < 0.2 + 0.7 * mod(k * 37, 11) / 10.0
                """,
                {"n": n_votes},
            )
        else:
            # Grade of option k: a random grade pulled towards a per-option centre.
            cursor.execute(
                f"""
                INSERT INTO ballots_voteitem (vote_id, option_id, value)
                SELECT v, option_id,
                       LEAST(6, GREATEST(0, floor(random() * 4 + mod(k, 5))::int))
                FROM generate_series({base} + 1, {base} + %(n)s) AS v,
                     unnest({option_array}) WITH ORDINALITY AS o(option_id, k)
                """,
                {"n": n_votes},
            )


def _ballot(
    programme: Any, title: str, method: str, n_options: int, closed: bool, sources=()
) -> Any:
    from endavant.ballots import services
    from endavant.core.services import SYSTEM

    now = datetime.now(UTC)
    opens = datetime(2024, 3, 1, tzinfo=UTC) if closed else now - timedelta(days=1)
    closes = datetime(2024, 3, 31, tzinfo=UTC) if closed else now + timedelta(days=30)
    options: list[Any] = list(sources)[:n_options] or [f"Option {i + 1}" for i in range(n_options)]
    return services.ballot_open(
        actor=SYSTEM, programme=programme, title=title, question="Exemple de banc d'essai ?",
        method=method, opens_at=opens, closes_at=closes, options=options, is_example=True,
    )  # fmt: skip


def build(size: dict[str, int]) -> dict[str, Any]:
    """Generate the national-scale data (not timed) and return what the measures need."""
    from django.db import connection

    from endavant.accounts.models import User

    started = time.perf_counter()
    # Each part is skipped when an earlier, interrupted run made it.
    existing = User.objects.filter(email="bench-voter-1@example.org").first()
    if existing is not None:
        first_user = existing.pk
        return _build_rest(size, first_user, started)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM accounts_user")
        first_user = cursor.fetchone()[0] + 1
    _insert_select(
        User,
        {
            "email": "'bench-voter-' || g || '@example.org'",
            "full_name": "'Votant·e fictif·ve ' || g",
            "password": "'!'",
        },
        "FROM generate_series(1, %s) AS g",
        [size["users"]],
    )
    print(f"  {size['users']:,} users in {time.perf_counter() - started:.1f} s")
    return _build_rest(size, first_user, started)


def _build_rest(size: dict[str, int], first_user: int, started: float) -> dict[str, Any]:
    from django.db import transaction

    from endavant.ballots.models import Ballot
    from endavant.programmes.models import Programme
    from endavant.roadmap.models import Action, Orientation

    scale, _created = Programme.objects.get_or_create(
        slug="banc-echelle", defaults={"name": "Banc grande échelle"}
    )
    step = time.perf_counter()
    if not Ballot.objects.filter(programme=scale, title__startswith="1 000 000").exists():
        with transaction.atomic():
            mj = _ballot(scale, "1 000 000 bulletins, jugement majoritaire", "majority_judgment",
                         N_OPTIONS, closed=True)  # fmt: skip
            _votes(mj, size["mj_votes"], first_user, [o.pk for o in mj.options.all()], False)
        print(f"  {size['mj_votes']:,} majority-judgment votes in "
              f"{time.perf_counter() - step:.1f} s")  # fmt: skip

    step = time.perf_counter()
    if not Ballot.objects.filter(programme=scale, title="Classement Schulze").exists():
        with transaction.atomic():
            ranked = _ballot(scale, "Classement Schulze", "schulze", N_OPTIONS, closed=True)
            options = [o.pk for o in ranked.options.all()]
            _votes(ranked, size["schulze_votes"], first_user, options, True)
        print(f"  {size['schulze_votes']:,} Schulze rankings in "
              f"{time.perf_counter() - step:.1f} s")  # fmt: skip

    if Ballot.objects.filter(programme__slug="banc-national").exists():
        return _recount_missing(started)
    national, _created = Programme.objects.get_or_create(
        slug="banc-national", defaults={"name": "Banc national"}
    )
    orientation, _created = Orientation.objects.get_or_create(
        programme=national, title="Orientation du banc"
    )
    actions = list(Action.objects.filter(orientation=orientation).order_by("pk"))
    if not actions:
        actions = Action.objects.bulk_create(
            Action(orientation=orientation, title=f"Action {n + 1}") for n in range(size["actions"])
        )

    # The national programme: 24 ballots over the roadmap's actions, 20 to 30 options each,
    # 130,000 votes in all, about 18.5 items per vote (2.4 M items).
    step = time.perf_counter()
    per_ballot = size["list_votes"] // size["list_ballots"]
    listed = []
    with transaction.atomic():
        for n in range(size["list_ballots"]):
            n_options = 20 + (n * 5) % 11
            sources = actions[(n * 20) % len(actions) :][:n_options]
            method = ("majority_judgment", "majority_judgment", "approval", "schulze")[n % 4]
            ballot = _ballot(national, f"Priorités {n + 1}", method, n_options, closed=n % 4 != 0,
                             sources=sources)  # fmt: skip
            _votes(ballot, per_ballot, first_user + n * 1000, [o.pk for o in ballot.options.all()],
                   ranked=method == "schulze", approvals=method == "approval")  # fmt: skip
            listed.append(ballot)
    print(f"  {per_ballot * size['list_ballots']:,} votes on the list's ballots in "
          f"{time.perf_counter() - step:.1f} s")  # fmt: skip

    return _recount_missing(started)


def _recount_missing(started: float) -> dict[str, Any]:
    """Tallies for the generated ballots that have none yet (as after a data import)."""
    from django.db import connection

    from endavant.ballots import services
    from endavant.ballots.models import Ballot, Tally
    from endavant.core.services import SYSTEM

    step = time.perf_counter()
    with connection.cursor() as cursor:
        # Votes were given their ids: move the sequence past them.
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('ballots_vote', 'id'), MAX(id)) FROM ballots_vote"
        )
        cursor.execute("ANALYZE")
    for ballot in Ballot.objects.filter(programme__slug__startswith="banc-").order_by("pk"):
        if not Tally.objects.filter(ballot=ballot).exists():
            services.ballot_recount(actor=SYSTEM, ballot=ballot)
    print(f"  tallies recounted in {time.perf_counter() - step:.1f} s")
    print(f"  data built in {time.perf_counter() - started:.1f} s")
    return locate()


def locate() -> dict[str, Any]:
    from endavant.ballots.models import Ballot
    from endavant.programmes.models import Programme

    scale = Programme.objects.get(slug="banc-echelle")
    return {
        "mj": Ballot.objects.get(programme=scale, title__startswith="1 000 000"),
        "schulze": Ballot.objects.get(programme=scale, title="Classement Schulze"),
        "national": Programme.objects.get(slug="banc-national"),
    }


def _count_from_votes(ballot: Any) -> None:
    """The GROUP BY the page ran before tallies (for scale only)."""
    from django.db.models import Count

    from endavant.ballots.models import VoteItem

    list(
        VoteItem.objects.filter(vote__ballot=ballot)
        .values("vote__audience", "vote__commune_isolated", "option_id", "value")
        .annotate(n=Count("pk"))
        .order_by()
    )


def _vote_queries() -> tuple[int, int]:
    """Statements of a first vote and of a change through the page, on an open 20-option
    majority-judgment ballot, by a participant with a directory record and a home commune."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from endavant.accounts.models import User
    from endavant.actors.models import Membership, Person
    from endavant.programmes.models import Programme
    from endavant.territory.models import Commune

    programme = Programme.objects.get(slug="banc-echelle")
    ballot = _ballot(programme, "Vote ouvert", "majority_judgment", N_OPTIONS, closed=False)
    stamp = int(time.time() * 1000)
    user = User.objects.create_user(email=f"bench-live-{stamp}@example.org")
    commune = Commune.objects.first()
    person = Person.objects.create(full_name="Votant·e du banc", user=user, home_commune=commune)
    Membership.objects.create(person=person, role=Membership.Role.RESIDENT)
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    ids = list(ballot.options.values_list("pk", flat=True))
    counts = []
    for shift in (0, 3):
        data = {f"option-{pk}": str((i + shift) % 7) for i, pk in enumerate(ids)}
        with CaptureQueriesContext(connection) as queries:
            response = client.post(ballot.get_absolute_url(), data)
        assert response.status_code == 302, response.status_code
        counts.append(len(queries.captured_queries))
    return counts[0], counts[1]


def measure(found: dict[str, Any], runs: int, baseline: bool) -> None:
    from django.test import Client

    client = Client(HTTP_HOST="localhost")

    def page(url: str, expect: str) -> Any:
        def get() -> None:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            assert expect in response.content.decode(), expect

        return get

    mj, ranked, national = found["mj"], found["schulze"], found["national"]
    voters = mj.votes.count()
    print(f"majority-judgment ballot: {voters:,} votes; Schulze: {ranked.votes.count():,} votes")
    value, times = median_of(page(mj.get_absolute_url(), "merit-title"), runs=runs)
    record("ballot_page_1m_mj_pg_ms", value * 1000, "ms", 200, runs=[t * 1000 for t in times],
           note=f"{voters:,} ballots x {N_OPTIONS} options, through the view")  # fmt: skip
    value, times = median_of(page(ranked.get_absolute_url(), "Schulze"), runs=runs)
    record("ballot_schulze_20k_pg_ms", value * 1000, "ms", None, runs=[t * 1000 for t in times],
           note=f"{ranked.votes.count():,} rankings x {N_OPTIONS} options")  # fmt: skip
    url = f"/priorites/?programme={national.slug}"
    value, times = median_of(page(url, "Priorités 1"), runs=runs)
    record("ballot_list_pg_ms", value * 1000, "ms", 50, runs=[t * 1000 for t in times],
           note="24 ballots, 130,000 votes, 2.4 M items")  # fmt: skip
    first, change = _vote_queries()
    record("vote_queries", first, "queries", 6, note="first vote, 20 options, through the view")
    record("vote_change_queries", change, "queries", 6, note="change of every grade")
    if baseline:
        value, times = median_of(lambda: _count_from_votes(mj), runs=3, warmup=0)
        record("ballot_count_from_votes_1m_pg_ms", value * 1000, "ms", None,
               runs=[t * 1000 for t in times],
               note="the GROUP BY a page ran before tallies (for scale)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small smoke run")
    parser.add_argument("--rebuild", action="store_true", help="generate the data again")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-baseline", action="store_true", help="skip the GROUP BY timing")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    if not url.startswith(("postgres://", "postgresql://")):
        print("bench_ballots: needs a PostgreSQL DATABASE_URL (see the docstring); skipped.")
        return
    try:
        import psycopg

        psycopg.connect(url.replace("postgres://", "postgresql://", 1), connect_timeout=3).close()
    except Exception as error:
        print(f"bench_ballots: cannot connect to {url} ({error}); skipped.")
        return
    _setup(url)
    from django.core.management import call_command
    from django.db import connection

    size = QUICK if args.quick else FULL
    if args.rebuild:
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    call_command("migrate", verbosity=0)
    print(f"database: {connection.settings_dict['NAME']} ({'quick' if args.quick else 'full'})")
    from endavant.ballots.models import Ballot, Tally

    generated = Ballot.objects.filter(programme__slug__startswith="banc-", is_example=True)
    complete = (
        generated.filter(programme__slug="banc-national").exists()
        and not generated.exclude(pk__in=Tally.objects.values("ballot"))
        .filter(closes_at__lt=datetime.now(UTC))
        .exists()
    )
    found = locate() if complete else build(size)
    measure(found, args.runs, baseline=not args.no_baseline)


if __name__ == "__main__":
    main()
