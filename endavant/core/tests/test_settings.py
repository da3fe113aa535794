"""Settings come from the environment, with safe embedded defaults."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PRODUCTION_ENV = {
    "ENDAVANT_SECRET_KEY": "x" * 64 + "-production-secret-not-a-real-one",
    "ENDAVANT_ALLOWED_HOSTS": "endavant.example.org",
    "ENDAVANT_SECURE": "1",
    "DATABASE_URL": "sqlite:////tmp/endavant-check.sqlite3",
}


def _run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("ENDAVANT_", "DJANGO_"))}
    base.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "endavant", *args],
        env={**base, **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _settings_value(expression: str, env: dict[str, str], cwd: Path) -> str:
    code = f"from django.conf import settings; print({expression})"
    result = _run(["shell", "--no-imports", "-c", code], env, cwd)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_check_deploy_passes_with_the_documented_production_variables(tmp_path):
    """`endavant check --deploy` reports no issue with the README's production variables."""
    result = _run(["check", "--deploy", "--fail-level", "WARNING"], PRODUCTION_ENV, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_embedded_defaults(tmp_path):
    """No variables: SQLite under ./var, console e-mail, French, debug off, Argon2 first."""
    assert _settings_value("settings.DATABASES['default']['NAME']", {}, tmp_path) == str(
        tmp_path / "var" / "endavant.sqlite3"
    )
    assert _settings_value("settings.EMAIL_BACKEND", {}, tmp_path).endswith("console.EmailBackend")
    assert _settings_value("settings.LANGUAGE_CODE", {}, tmp_path) == "fr"
    assert _settings_value("settings.DEBUG", {}, tmp_path) == "False"
    assert _settings_value("settings.PASSWORD_HASHERS[0]", {}, tmp_path).endswith(
        "Argon2PasswordHasher"
    )


def test_secret_key_is_generated_once_and_kept(tmp_path):
    """Without ENDAVANT_SECRET_KEY a key is written on first run (mode 600) and reused."""
    first = _settings_value("settings.SECRET_KEY", {}, tmp_path)
    second = _settings_value("settings.SECRET_KEY", {}, tmp_path)
    key_file = tmp_path / "var" / "secret_key"
    assert first == second == key_file.read_text().strip()
    assert len(first) >= 50
    assert key_file.stat().st_mode & 0o777 == 0o600


def test_database_url_selects_postgresql(tmp_path):
    """DATABASE_URL switches the engine to PostgreSQL."""
    env = {"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/endavant"}
    engine = _settings_value("settings.DATABASES['default']['ENGINE']", env, tmp_path)
    assert engine == "django.db.backends.postgresql"


@pytest.mark.parametrize("command", ["migrate", "createsuperuser", "load_defaults", "check"])
def test_console_script_exposes_management_commands(command, tmp_path):
    """`endavant <command> --help` works for Django's and the platform's commands."""
    result = _run([command, "--help"], {}, tmp_path)
    assert result.returncode == 0, result.stderr
