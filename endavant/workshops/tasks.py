"""Background jobs of the workshops app (run by the worker: ``endavant db_worker``)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from endavant.workshops import notices

#: Minutes before a failed notice is tried again, growing with each attempt.
RETRY_MINUTES = 5


@task()
def send_notices() -> dict[str, int]:
    """Send the notices owed to registrants; when some fail, try again later."""
    sent, failed = notices.send_pending()
    if failed:
        send_notices.using(run_after=timezone.now() + timedelta(minutes=RETRY_MINUTES)).enqueue()
    return {"sent": sent, "failed": failed}
