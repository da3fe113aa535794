"""Writes about background jobs: progress, automatic retries with backoff, the team's retry.

A long job reports its progress through :class:`Progress`; a job that may fail for a passing
reason (an SMTP server down, a file store briefly unreachable) is wrapped in :func:`retrying`,
which enqueues it again after a growing delay, up to a number of attempts, and then leaves it
failed, visible on ``/gestion/taches/`` where the team can retry it (:func:`job_retry`).
"""

from __future__ import annotations

import contextvars
import datetime
import functools
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus
from django_tasks.base import Task, TaskContext
from django_tasks_db.models import DBTaskResult

from endavant.core.models import JobProgress
from endavant.core.services import ApplicationError, audit_record

P = ParamSpec("P")
#: (attempt, attempts allowed, previous job id) of a retry being enqueued by this thread.
_NEXT_ATTEMPT: contextvars.ContextVar[tuple[int, int, str] | None] = contextvars.ContextVar(
    "endavant_next_attempt", default=None
)
R = TypeVar("R")

#: Finished jobs older than this are purged by :func:`jobs_purge` (failed ones are kept longer).
KEEP_SUCCESSFUL = datetime.timedelta(days=30)
KEEP_FAILED = datetime.timedelta(days=90)


class Progress:
    """What a running job says about itself, stored on its :class:`JobProgress` row.

    Writes are throttled (at most one every ``every`` seconds, plus the last one) so that a job
    looping over 35,000 rows does not write 35,000 times.
    """

    def __init__(self, context: TaskContext, *, every: float = 1.0) -> None:
        self.result_id = str(context.task_result.id)
        self.task_name = context.task_result.task.name
        self.every = datetime.timedelta(seconds=every)
        self._last: datetime.datetime | None = None
        JobProgress.objects.get_or_create(
            task_result_id=self.result_id, defaults={"task_name": self.task_name}
        )

    def report(self, done: int, total: int | None = None, message: str = "") -> None:
        """Say that ``done`` of ``total`` steps are done (written at most every ``every`` s)."""
        now = timezone.now()
        finished = total is not None and done >= total
        if self._last is not None and now - self._last < self.every and not finished:
            return
        self._last = now
        JobProgress.objects.filter(task_result_id=self.result_id).update(
            done=done, total=total, message=message[:200], updated_at=now
        )


def retrying(
    max_attempts: int = 3, backoff_seconds: float = 60.0
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Wrap a job function (declared with ``@task(takes_context=True)``) so that a failure
    enqueues it again after ``backoff_seconds`` × 2^(attempt - 1), up to ``max_attempts``.

    The failed attempt stays failed (its error is kept and shown) and links to the next one;
    the last failed attempt is left for the team to see and retry.
    """

    def decorator(function: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(function)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            context = args[0]
            if not isinstance(context, TaskContext):
                raise TypeError("retrying() needs a job declared with takes_context=True")
            pending = _NEXT_ATTEMPT.get()
            if pending is not None:
                # Run at once by the backend that enqueued it (the immediate backend of tests):
                # say which attempt this is before it can fail again.
                _NEXT_ATTEMPT.set(None)
                attempt, allowed, retry_of = pending
                JobProgress.objects.update_or_create(
                    task_result_id=str(context.task_result.id),
                    defaults={
                        "task_name": context.task_result.task.name,
                        "attempt": attempt,
                        "max_attempts": allowed,
                        "retry_of": retry_of,
                    },
                )
            try:
                return function(*args, **kwargs)
            except Exception:
                _schedule_retry(context, max_attempts, backoff_seconds)
                raise

        return wrapper

    return decorator


def _schedule_retry(context: TaskContext, max_attempts: int, backoff_seconds: float) -> None:
    result = context.task_result
    current, _created = JobProgress.objects.get_or_create(
        task_result_id=str(result.id), defaults={"task_name": result.task.name}
    )
    if current.attempt >= max_attempts:
        JobProgress.objects.filter(pk=current.pk).update(max_attempts=max_attempts)
        return
    delay = datetime.timedelta(seconds=backoff_seconds * 2 ** (current.attempt - 1))
    task = result.task
    if task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + delay)
    else:
        task = task.using()
    # A worker can only take the next attempt once this transaction commits, with its progress
    # row; a backend that runs it inside enqueue() learns its attempt from _NEXT_ATTEMPT.
    token = _NEXT_ATTEMPT.set((current.attempt + 1, max_attempts, str(result.id)))
    try:
        with transaction.atomic():
            following = task.enqueue(*result.args, **result.kwargs)
            _link(result, following.id, current, max_attempts)
    finally:
        _NEXT_ATTEMPT.reset(token)


def _link(result: Any, following_id: str, current: JobProgress, max_attempts: int) -> None:
    """Write the next attempt's progress row and point the failed attempt at it."""
    JobProgress.objects.update_or_create(
        task_result_id=str(following_id),
        defaults={
            "task_name": result.task.name,
            "attempt": current.attempt + 1,
            "max_attempts": max_attempts,
            "retry_of": str(result.id),
        },
    )
    JobProgress.objects.filter(pk=current.pk).update(
        next_attempt=str(following_id), max_attempts=max_attempts
    )


def _task_of(row: DBTaskResult) -> Task[Any, Any]:
    task = import_string(row.task_path)
    if not isinstance(task, Task):
        raise ApplicationError(_("This job can no longer be run."), code="invalid")
    return task.using(priority=row.priority, queue_name=row.queue_name)


def job_retry(*, actor: Any, result_id: str) -> str:
    """Enqueue a failed job again with its arguments; returns the new job's id. Audited.

    Only a failed job that was not already retried (automatically or by someone) may be. The
    new job's row, the link to it and the audit row are written in one transaction.
    """
    with transaction.atomic():
        row = DBTaskResult.objects.select_for_update().filter(pk=result_id).first()
        if row is None:
            raise ApplicationError(_("This job does not exist."), code="not_found")
        if row.status != TaskResultStatus.FAILED:
            raise ApplicationError(_("Only a failed job can be retried."), code="invalid")
        progress = JobProgress.objects.filter(task_result_id=str(row.pk)).first()
        if progress is not None and progress.next_attempt:
            raise ApplicationError(_("This job has already been retried."), code="retried")
        task = _task_of(row)
        args = row.args_kwargs.get("args", [])
        kwargs = row.args_kwargs.get("kwargs", {})
        if progress is None:
            progress = JobProgress.objects.create(task_result_id=str(row.pk), task_name=task.name)
        following = task.enqueue(*args, **kwargs)
        JobProgress.objects.update_or_create(
            task_result_id=str(following.id),
            defaults={
                "task_name": task.name,
                "retry_of": str(row.pk),
                "retried_by": (getattr(actor, "email", "") or "")[:254],
            },
        )
        JobProgress.objects.filter(pk=progress.pk).update(next_attempt=str(following.id))
        audit_record(
            actor=actor,
            action="job.retry",
            before={"job": str(row.pk), "task": row.task_path, "status": row.status},
            after={"job": str(following.id), "args": args, "kwargs": kwargs},
        )
    return str(following.id)


def jobs_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete finished jobs past their keeping time (and their progress rows)."""
    now = now or timezone.now()
    old = DBTaskResult.objects.filter(
        status=TaskResultStatus.SUCCESSFUL, finished_at__lt=now - KEEP_SUCCESSFUL
    ) | DBTaskResult.objects.filter(
        status=TaskResultStatus.FAILED, finished_at__lt=now - KEEP_FAILED
    )
    ids = [str(pk) for pk in old.values_list("pk", flat=True)]
    JobProgress.objects.filter(task_result_id__in=ids).delete()
    deleted, _details = DBTaskResult.objects.filter(pk__in=ids).delete()
    return deleted
