"""Background jobs of the platform itself (run by the worker: ``endavant db_worker``)."""

from __future__ import annotations

from django_tasks import task

from endavant.core.jobs import services


@task()
def jobs_purge() -> dict[str, int]:
    """Delete finished jobs past their keeping time (30 days, 90 for failed ones)."""
    return {"deleted": services.jobs_purge()}
