"""Two web servers and one job worker on one PostgreSQL database and one Redis: what a person
does on one server holds on the other (session, login throttle, cache), and a job enqueued
through one server is run by the worker.

Real processes (gunicorn, ``endavant db_worker``) on the test database: PostgreSQL only (SQLite's
test database lives in the test process's memory), skipped with the reason elsewhere or when
Redis does not answer on ``ENDAVANT_TEST_REDIS_URL`` (default redis://127.0.0.1:6379/0).
"""

from __future__ import annotations

import datetime
import os
import re
import secrets
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.db import connection
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from endavant.accounts.roles import make_user_with_role
from endavant.core.jobs.tasks import jobs_purge
from endavant.core.testing.servers import db_worker, gunicorn, manage

REDIS_URL = os.environ.get("ENDAVANT_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
PASSWORD = "a long and correct passphrase"

httpx = pytest.importorskip("httpx")


def _redis_answers() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except Exception:
        return False


def _database_url() -> str:
    s = connection.settings_dict
    credentials = quote(s["USER"] or "") + (":" + quote(s["PASSWORD"]) if s["PASSWORD"] else "")
    return f"postgres://{credentials}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """Two gunicorn servers and a worker sharing the test database and Redis."""
    if connection.vendor != "postgresql":
        pytest.skip("several servers need a database server (PostgreSQL); SQLite's is in memory")
    if not _redis_answers():
        pytest.skip(f"Redis does not answer on {REDIS_URL}")
    env = {
        "DATABASE_URL": _database_url(),
        "ENDAVANT_DATA_DIR": str(tmp_path),
        "ENDAVANT_SECRET_KEY": secrets.token_urlsafe(50),
        "ENDAVANT_CACHE_URL": REDIS_URL,
        "ENDAVANT_CACHE_KEY_PREFIX": f"test-servers-{secrets.token_hex(4)}",
        "ENDAVANT_BENCH_VIEWS": "1",
        "ENDAVANT_LOG_LEVEL": "WARNING",
        "ENDAVANT_STATIC_ROOT": str(tmp_path / "static"),
    }
    manage(env, "collectstatic", "--noinput", "-v0")
    with (
        gunicorn(env, workers=1, log=tmp_path / "a.log") as first,
        gunicorn(env, workers=1, log=tmp_path / "b.log") as second,
        db_worker(env),
    ):
        yield first, second


def _csrf(client: httpx.Client, url: str) -> str:
    client.get(url)
    return client.cookies["csrftoken"]


def _log_in(client: httpx.Client, base: str, email: str, password: str) -> httpx.Response:
    token = _csrf(client, base + "/compte/connexion/")
    return client.post(
        base + "/compte/connexion/",
        data={"csrfmiddlewaretoken": token, "username": email, "password": password},
    )


def _user(email: str, role: str = "participant"):  # type: ignore[no-untyped-def]
    user = make_user_with_role(role, email=email)
    # The servers run the production settings (Argon2), not the tests' fast hasher.
    hasher = Argon2PasswordHasher()
    user.password = hasher.encode(PASSWORD, hasher.salt())
    user.save(update_fields=["password"])
    return user


@pytest.mark.django_db(transaction=True)
def test_two_servers_share_sessions_throttles_cache_and_jobs(servers) -> None:  # type: ignore[no-untyped-def]
    first, second = servers
    team = _user("team@example.org", "programme_team")
    _user("resident@example.org")
    # The same browser, sent to one server then the other (cookies are per host, not per port).
    with httpx.Client(timeout=30) as browser:
        # 1. A session opened on the first server is honoured by the second.
        assert _log_in(browser, first, team.email, PASSWORD).status_code == 302
        profile = browser.get(second + "/compte/")
        assert profile.status_code == 200, profile.headers.get("location")
        assert team.email in profile.text

        # 2. A cache entry set through one server is read, then deleted, through the other.
        token = browser.cookies["csrftoken"]
        cache_a, cache_b = first + "/_bench/cache/shared/", second + "/_bench/cache/shared/"
        browser.post(cache_a, data={"csrfmiddlewaretoken": token, "value": "from A"})
        assert browser.get(cache_b).json()["value"] == "from A"
        browser.post(cache_b, data={"csrfmiddlewaretoken": token, "delete": "1"})
        assert browser.get(cache_a).json()["value"] is None

        # 3. A job enqueued through the first server is run by the worker: the team retries a
        # failed purge, which deletes a finished job past its keeping time.
        old = DBTaskResult.objects.create(
            status=TaskResultStatus.SUCCESSFUL,
            args_kwargs={"args": [], "kwargs": {}},
            task_path=jobs_purge.module_path,
            backend_name="default",
            run_after=timezone.now(),
            finished_at=timezone.now() - datetime.timedelta(days=40),
        )
        failed = DBTaskResult.objects.create(
            status=TaskResultStatus.FAILED,
            args_kwargs={"args": [], "kwargs": {}},
            task_path=jobs_purge.module_path,
            backend_name="default",
            run_after=timezone.now(),
            finished_at=timezone.now(),
            exception_class_path="builtins.ConnectionError",
            traceback="ConnectionError: database restarting",
        )
        jobs_page = browser.get(second + "/gestion/taches/")
        assert str(failed.pk) in jobs_page.text
        token = browser.cookies["csrftoken"]
        retry = browser.post(
            f"{first}/gestion/taches/{failed.pk}/relancer/", data={"csrfmiddlewaretoken": token}
        )
        assert retry.status_code == 302
        again = DBTaskResult.objects.exclude(pk__in=[old.pk, failed.pk]).get()
        deadline = time.monotonic() + 30
        while again.status != TaskResultStatus.SUCCESSFUL and time.monotonic() < deadline:
            time.sleep(0.3)
            again.refresh_from_db()
        assert again.status == TaskResultStatus.SUCCESSFUL, again.traceback
        assert not DBTaskResult.objects.filter(pk=old.pk).exists()

    # 4. Failures counted on the first server lock the account on the second, even with the
    # right password (5 failures per account by default).
    with httpx.Client(timeout=30) as stranger:
        for _ in range(5):
            wrong = _log_in(stranger, first, "resident@example.org", "not the password")
            assert wrong.status_code == 200
        refused = _log_in(stranger, second, "resident@example.org", PASSWORD)
        assert refused.status_code == 200
        assert "sessionid" not in refused.cookies
        assert re.search(r"minutes", refused.text)
        assert stranger.get(second + "/compte/").status_code == 302
