"""What the server benchmarks share: a scratch PostgreSQL database made and dropped by the
script, Django set up against it, and the server processes of ``endavant.core.testing.servers``.

``ENDAVANT_BENCH_PG`` names the PostgreSQL server (default ``postgres://postgres@127.0.0.1:5432``,
the development machine's: trust authentication, user ``postgres``).
"""

from __future__ import annotations

import os
import sys
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PG_SERVER = os.environ.get("ENDAVANT_BENCH_PG", "postgres://postgres@127.0.0.1:5432")


def _admin_execute(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql)


@contextmanager
def scratch_database(prefix: str) -> Iterator[str]:
    """A new, empty PostgreSQL database for one run of a benchmark; dropped afterwards."""
    name = f"{prefix}_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    _admin_execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{PG_SERVER}/{name}"
    finally:
        from django.db import connections

        with suppress(Exception):
            connections.close_all()
        _admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def django_setup(database_url: str, **env: str) -> dict[str, str]:
    """Point this process's Django at ``database_url`` and set it up; returns the environment
    that servers started for the same database need."""
    data_dir = tempfile.mkdtemp(prefix="endavant-bench-")
    server_env = {
        "DATABASE_URL": database_url,
        "ENDAVANT_DATA_DIR": data_dir,
        "ENDAVANT_SECRET_KEY": "bench-" + uuid.uuid4().hex * 2,
        "ENDAVANT_ALLOWED_HOSTS": "127.0.0.1,localhost",
        **env,
    }
    os.environ.update(server_env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "endavant.settings")
    import django

    django.setup()
    return server_env


def redis_reachable(url: str = "redis://127.0.0.1:6379/0") -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except Exception:
        return False
