"""Reads about background jobs for the back-office: recent jobs with their progress."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import pgettext_lazy
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from endavant.core.models import JobProgress

#: How many jobs the back-office lists, newest first.
RECENT = 100

#: The queue's statuses as the team reads them.
STATUS_LABELS = {
    TaskResultStatus.READY: pgettext_lazy("job", "Waiting"),
    TaskResultStatus.RUNNING: pgettext_lazy("job", "Running"),
    TaskResultStatus.FAILED: pgettext_lazy("job", "Failed"),
    TaskResultStatus.SUCCESSFUL: pgettext_lazy("job", "Done"),
}


def status_choices() -> list[tuple[str, str]]:
    """(value, label) of every status, for the filter."""
    return [(str(value), str(label)) for value, label in STATUS_LABELS.items()]


@dataclass(frozen=True)
class JobRow:
    """One job as the team reads it."""

    id: str
    name: str
    status: str
    status_label: str
    enqueued_at: datetime.datetime | None
    started_at: datetime.datetime | None
    finished_at: datetime.datetime | None
    run_after: datetime.datetime | None
    workers: int
    error: str
    progress: JobProgress | None

    @property
    def failed(self) -> bool:
        return self.status == TaskResultStatus.FAILED

    @property
    def can_retry(self) -> bool:
        """A failed job nobody (and no retry policy) has run again yet."""
        return self.failed and not (self.progress and self.progress.next_attempt)


def error_summary(exception_class_path: str, traceback: str, limit: int = 300) -> str:
    """The exception's class and message: the last line of the traceback, shortened."""
    lines = [line for line in traceback.strip().splitlines() if line.strip()]
    summary = lines[-1].strip() if lines else exception_class_path
    return summary if len(summary) <= limit else summary[: limit - 1] + "…"


def _name(task_path: str) -> str:
    return task_path.removeprefix("endavant.")


def recent_jobs(*, status: str = "", limit: int = RECENT) -> list[JobRow]:
    """The ``limit`` most recently enqueued jobs (of ``status`` when it is one), in two queries."""
    rows = DBTaskResult.objects.order_by("-enqueued_at").only(
        "id",
        "status",
        "task_path",
        "enqueued_at",
        "started_at",
        "finished_at",
        "run_after",
        "worker_ids",
        "exception_class_path",
        "traceback",
    )
    if status in TaskResultStatus.values:
        rows = rows.filter(status=status)
    results = list(rows[:limit])
    progress = {
        p.task_result_id: p
        for p in JobProgress.objects.filter(task_result_id__in=[str(r.pk) for r in results])
    }
    labels = {str(value): label for value, label in STATUS_LABELS.items()}
    return [
        JobRow(
            id=str(r.pk),
            name=_name(r.task_path),
            status=r.status,
            status_label=str(labels.get(r.status, r.status)),
            enqueued_at=r.enqueued_at,
            started_at=r.started_at,
            finished_at=r.finished_at,
            # django-tasks-db stores "no date" as the year 9999.
            run_after=r.run_after if r.run_after and r.run_after.year < 9999 else None,
            workers=len(r.worker_ids or []),
            error=error_summary(r.exception_class_path, r.traceback)
            if r.status == TaskResultStatus.FAILED
            else "",
            progress=progress.get(str(r.pk)),
        )
        for r in results
    ]


def status_counts() -> dict[str, int]:
    """How many jobs are in each status (ready, running, failed, successful)."""
    from django.db.models import Count

    counts = dict(
        DBTaskResult.objects.order_by()
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return {value: counts.get(value, 0) for value in TaskResultStatus.values}
