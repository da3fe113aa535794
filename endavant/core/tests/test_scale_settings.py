"""Settings for several servers: the shared cache, shared sessions and shared media come from
the environment (README, "Deployment with several servers")."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

CODE = (
    "import json; from django.conf import settings; from django.core.files.storage import "
    "storages; print(json.dumps({'cache': settings.CACHES['default']['BACKEND'], "
    "'location': settings.CACHES['default'].get('LOCATION'), 'session': settings.SESSION_ENGINE, "
    "'media': type(storages['default']).__name__, "
    "'bucket': getattr(storages['default'], 'bucket_name', None), "
    "'endpoint': getattr(storages['default'], 'endpoint_url', None)}))"
)


def _settings(env: dict[str, str], cwd: Path) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("ENDAVANT_", "DJANGO_"))}
    base = {k: v for k, v in base.items() if not k.startswith("AWS_") and k != "DATABASE_URL"}
    result = subprocess.run(
        [sys.executable, "-m", "endavant", "shell", "--no-imports", "-c", CODE],
        env={**base, **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_one_process_by_default(tmp_path: Path) -> None:
    """No variables: local-memory cache, sessions in the database, media in a local folder."""
    found = _settings({}, tmp_path)
    assert found["cache"].endswith("LocMemCache")
    assert found["session"] == "django.contrib.sessions.backends.db"
    assert found["media"] == "FileSystemStorage"


def test_several_servers_share_redis_sessions_and_object_storage(tmp_path: Path) -> None:
    """ENDAVANT_CACHE_URL → Django's RedisCache and sessions read through it (kept in the
    database); ENDAVANT_S3_* → private media on S3-compatible storage."""
    found = _settings(
        {
            "ENDAVANT_CACHE_URL": "redis://cache.internal:6379/1",
            "ENDAVANT_S3_BUCKET": "endavant-media",
            "ENDAVANT_S3_ENDPOINT_URL": "https://s3.example.org",
        },
        tmp_path,
    )
    assert found["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert found["location"] == "redis://cache.internal:6379/1"
    assert found["session"] == "django.contrib.sessions.backends.cached_db"
    assert (found["media"], found["bucket"]) == ("S3Storage", "endavant-media")
    assert found["endpoint"] == "https://s3.example.org"


def test_a_cache_url_that_is_not_redis_is_refused(tmp_path: Path) -> None:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("ENDAVANT_", "DJANGO_"))}
    result = subprocess.run(
        [sys.executable, "-m", "endavant", "check"],
        env={**base, "ENDAVANT_CACHE_URL": "memcached://cache:11211"},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "ENDAVANT_CACHE_URL" in result.stderr
