"""Every write goes through a service (and so leaves its audit row): a module outside the
services that writes rows with the ORM fails this test, unless it is listed here with why."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from endavant.core.models import AuditEntry

PACKAGE = Path(__file__).resolve().parents[2]
WRITE = re.compile(
    r"\.(save|delete|bulk_create|bulk_update|update_or_create|get_or_create)\(|"
    r"objects\.create\(|\.update\("
)

#: Modules that write outside a ``services`` module, and why that is right.
ALLOWED = {
    "accounts/models.py": "the user manager's create_user, called by the services",
    "accounts/privacy.py": "the erasure service of personal-data rights (audited)",
    "accounts/throttle.py": "login-failure and account-request counters: security bookkeeping",
    "accounts/roles.py": "the platform-role groups, created on first use",
    "core/models.py": "the append-only journals themselves",
    "actors/defaults.py": "demo organisations in one batch, with one audit row by the system",
    "roadmap/defaults.py": "fictional demo voters, each audited as created by the system",
    "roadmap/views.py": "calls a service through the back-office kind table (spec.save)",
    "ballots/sample.py": "test data for the access matrix and the browser suite",
    "roadmap/sample.py": "test data for the access matrix and the browser suite",
    "programmes/access.py": "test data for the access matrix",
    "core/access.py": "a failed job row for the access matrix",
    "core/bench_views.py": "deletes a cache key (no row), benchmark-only views",
    "workshops/notices.py": "delivery bookkeeping of owed e-mails (status, attempts)",
    "workshops/defaults.py": "fictional demo participants, each audited as created by the system",
    "workshops/sample.py": "test data for the access matrix and the browser suite",
    "workshops/access.py": "test data for the access matrix",
    "mediation/sample.py": "test data for the access matrix and the browser suite",
}


def _writers() -> set[str]:
    found = set()
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE).as_posix()
        parts = path.parts
        if "tests" in parts or "migrations" in parts or "voting" in parts:
            continue
        if path.name == "services.py" or "services" in parts or "management" in parts:
            continue
        if WRITE.search(path.read_text(encoding="utf-8")):
            found.add(relative)
    return found


def test_writes_happen_in_services_only():
    """A new module that writes rows without a service fails here."""
    unexpected = sorted(_writers() - set(ALLOWED))
    assert not unexpected, f"Rows written outside a service (use core.services.write): {unexpected}"


def test_allowed_list_has_no_stale_entry():
    """The exceptions above still exist and still write."""
    assert set(ALLOWED) <= _writers(), set(ALLOWED) - _writers()


@pytest.mark.django_db
def test_default_data_is_audited_as_written_by_the_system():
    """Loading the demo leaves audit rows signed "system" for each app that writes."""
    from endavant.actors import defaults as actor_defaults
    from endavant.roadmap import defaults as roadmap_defaults
    from endavant.territory.tests.factories import CommuneFactory

    CommuneFactory(code="66136", name="Perpignan")
    actor_defaults.load(io.StringIO())
    roadmap_defaults.load(io.StringIO())
    by_system = set(
        AuditEntry.objects.filter(actor_label="system", actor__isnull=True).values_list(
            "action", flat=True
        )
    )
    assert {
        "organisation.import",
        "organisation.create",
        "programme.create",
        "action.create",
        "action.update",
        "roadmap.freeze",
        "ballot.create",
    } <= by_system
    replan = AuditEntry.objects.filter(action="action.update").exclude(reason="").first()
    assert replan is not None
    assert "COVID" in replan.reason
