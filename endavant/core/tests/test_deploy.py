"""What production relies on: the README's production variables pass `check --deploy`, Gunicorn
is pinned and loads the application, CI's dependency audit fails on a vulnerability and only on
one, and every upload is refused above ENDAVANT_MAX_UPLOAD_BYTES before it is read."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from packaging.requirements import Requirement

from endavant.accounts.roles import make_user_with_role
from endavant.actors import csv_import
from endavant.actors.models import Organisation

ROOT = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent


def _readme_production_exports() -> str:
    """The ``export`` lines of the README's "Production" code block."""
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("### Production", 1)[1]
    block = section.split("```sh", 1)[1].split("```", 1)[0]
    return "\n".join(line for line in block.splitlines() if line.startswith("export "))


def _run_with_readme_variables(command: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """Run ``command`` in bash after the README's exports, with no other Endavant variable."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ENDAVANT_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["ENDAVANT_DATA_DIR"] = str(tmp_path)
    return subprocess.run(
        ["bash", "-c", f"set -e\n{_readme_production_exports()}\n{command}"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _pins(name: str) -> dict[str, str]:
    text = (ROOT / "requirements" / name).read_text(encoding="utf-8")
    return dict(re.findall(r"^([A-Za-z0-9._-]+)==(\S+)", text, flags=re.MULTILINE))


def _declared(extra: str | None = None) -> dict[str, Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    specs = project["optional-dependencies"][extra] if extra else project["dependencies"]
    return {(r := Requirement(spec)).name.lower(): r for spec in specs}


# --- Deployment ---------------------------------------------------------------------------


def test_readme_production_section_sets_the_variables_check_deploy_needs():
    """The README exports the four variables and recommends Gunicorn."""
    exports = _readme_production_exports()
    for name in (
        "DATABASE_URL",
        "ENDAVANT_SECRET_KEY",
        "ENDAVANT_ALLOWED_HOSTS",
        "ENDAVANT_SECURE",
    ):
        assert f"export {name}=" in exports
    assert "gunicorn endavant.wsgi" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_check_deploy_passes_with_the_readme_production_variables(tmp_path):
    """`endavant check --deploy --fail-level WARNING`, with the README's lines as written."""
    result = _run_with_readme_variables(
        f"{sys.executable} -m endavant check --deploy --fail-level WARNING", tmp_path
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_gunicorn_loads_the_application_with_the_production_variables(tmp_path):
    """`gunicorn endavant.wsgi` imports the application (``--check-config`` loads it)."""
    result = _run_with_readme_variables(
        f"{BIN / 'gunicorn'} --check-config endavant.wsgi", tmp_path
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_gunicorn_and_pip_audit_are_declared_with_a_range_and_pinned_exactly():
    """pyproject declares a range; the lock files pin one version inside it."""
    base, dev = _pins("base.txt"), _pins("dev.txt")
    gunicorn = _declared()["gunicorn"]
    assert gunicorn.specifier, "gunicorn needs a version range in pyproject.toml"
    assert base["gunicorn"] == dev["gunicorn"]
    assert gunicorn.specifier.contains(base["gunicorn"])
    pip_audit = _declared("dev")["pip-audit"]
    assert pip_audit.specifier.contains(dev["pip-audit"])
    assert "pip-audit" not in base  # a development tool, not installed in production


def test_the_lock_files_agree():
    """Every production pin is pinned at the same version for development."""
    base, dev = _pins("base.txt"), _pins("dev.txt")
    assert {name: dev.get(name) for name in base} == base


# --- The dependency audit in CI -------------------------------------------------------------

STUB = """#!{python}
import json, sys
args = sys.argv[1:]
report = args[args.index("-o") + 1]
mode = {mode!r}
if mode == "network":
    sys.stderr.write("requests.exceptions.ConnectionError: Max retries exceeded "
                     "(Failed to resolve 'pypi.org')\\n")
    sys.exit(1)
if mode == "crash":
    sys.stderr.write("pip_audit: error: unrecognized arguments\\n")
    sys.exit(2)
deps = {{
    "clean": [{{"name": "django", "version": "5.2.19", "vulns": []}}],
    "vulnerable": [
        {{"name": "django", "version": "5.2.19", "vulns": []}},
        {{"name": "gunicorn", "version": "20.0.0",
          "vulns": [{{"id": "PYSEC-TEST-1", "fix_versions": ["22.0.0"]}}]}},
    ],
    "unreachable": [
        {{"name": "django", "skip_reason": "Dependency not found on PyPI: django (5.2.19)"}},
    ],
}}[mode]
with open(report, "w") as handle:
    json.dump({{"dependencies": deps, "fixes": []}}, handle)
sys.exit(1 if mode == "vulnerable" else 0)
"""


@pytest.mark.parametrize(
    ("mode", "status", "message"),
    [
        ("clean", 0, "pip-audit: no known vulnerability in the 1 audited package(s)"),
        ("vulnerable", 1, "gunicorn 20.0.0: PYSEC-TEST-1 (fixed in 22.0.0)"),
        ("unreachable", 0, "pip-audit: vulnerability database not reachable, skipped"),
        ("network", 0, "pip-audit: vulnerability database not reachable, skipped"),
        ("crash", 2, "pip-audit: failed (exit code 2) without a report"),
    ],
)
def test_ci_audit_step_fails_on_a_vulnerability_and_skips_when_unreachable(
    tmp_path, mode, status, message
):
    """`.ci/run audit` fails on a found vulnerability or a broken tool, and only says "skipped"
    when the advisory service cannot answer."""
    stub = tmp_path / "pip-audit"
    stub.write_text(STUB.format(python=sys.executable, mode=mode), encoding="utf-8")
    stub.chmod(0o755)
    result = subprocess.run(
        ["bash", str(ROOT / ".ci" / "run"), "audit"],
        env={**os.environ, "PIP_AUDIT": str(stub)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == status, result.stdout + result.stderr
    assert message in result.stdout


# --- Upload limits --------------------------------------------------------------------------


def test_upload_limits_are_set():
    """A 10 MB default for files; what is bigger than the in-memory size goes to a temporary
    file; other request data is capped too."""
    assert settings.ENDAVANT_MAX_UPLOAD_BYTES == 10 * 1024 * 1024
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= settings.ENDAVANT_MAX_UPLOAD_BYTES
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE is not None


def test_every_form_file_field_is_checked_against_the_limit():
    """Forms take files only through ``core.fields.BoundedFileField``, which refuses a file
    above ENDAVANT_MAX_UPLOAD_BYTES from its size before it is read."""
    package = ROOT / "endavant"
    unchecked = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if "tests" not in path.parts
        and path.relative_to(package).as_posix() != "core/fields.py"
        and re.search(r"forms\.(File|Image)Field\(", path.read_text(encoding="utf-8"))
    ]
    assert not unchecked, unchecked


def _import(client, payload: bytes):
    return client.post(
        "/gestion/acteurs/import/", {"file": SimpleUploadedFile("big.csv", payload, "text/csv")}
    )


CSV = "name;kind\nClub numérique;association\n".encode()


@pytest.mark.django_db
@override_settings(ENDAVANT_MAX_UPLOAD_BYTES=len(CSV) - 1)
def test_an_oversized_import_is_refused_before_it_is_read(client, monkeypatch):
    """A file one byte over the limit: a form error naming the limit, nothing imported, no 500,
    and the content is never decoded."""

    def never(raw: bytes) -> str:
        raise AssertionError("the oversized file was read")

    monkeypatch.setattr(csv_import, "decode", never)
    client.force_login(make_user_with_role("programme_team"))
    response = _import(client, CSV)
    assert response.status_code == 200
    [error] = response.context["form"].errors["file"]
    assert str(len(CSV) - 1) in error
    assert response.context["report"] is None
    assert not Organisation.objects.exists()


@pytest.mark.django_db
@override_settings(ENDAVANT_MAX_UPLOAD_BYTES=len(CSV))
def test_a_file_at_the_limit_is_imported(client):
    """The limit itself is allowed."""
    client.force_login(make_user_with_role("programme_team"))
    response = _import(client, CSV)
    assert response.status_code == 200
    assert Organisation.objects.filter(name="Club numérique").exists()


@pytest.mark.django_db
@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_an_oversized_form_body_is_a_400(client):
    """Form data (not files) above DATA_UPLOAD_MAX_MEMORY_SIZE is a 400, not a 500."""
    client.force_login(make_user_with_role("programme_team"))
    response = client.post("/gestion/acteurs/import/", {"only_valid": "x" * 2000})
    assert response.status_code == 400
