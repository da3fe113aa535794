"""Background jobs of the calls app (run by the worker: ``endavant db_worker``)."""

from __future__ import annotations

from django_tasks import task

from endavant.calls import services
from endavant.calls.models import Call
from endavant.core.services import SYSTEM


@task()
def run_allocation(call_id: int, rule: str) -> dict[str, object]:
    """Run ``rule`` on a call: Equal Shares with Add1 on a city-sized vote can take a minute, so
    the demo's past calls are counted by the worker rather than while the platform starts."""
    call = Call.objects.get(pk=call_id)
    run = services.allocation_run(actor=SYSTEM, call=call, rule=rule)
    return {"call": call_id, "rule": rule, "selected": len(run.selected)}
