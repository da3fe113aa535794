"""Background jobs of the territory (run by the worker: ``endavant db_worker``)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django_tasks import task
from django_tasks.base import TaskContext

from endavant.core.jobs.services import Progress, retrying
from endavant.territory import services


class _FileProgress:
    """The import's per-file progress, reported on the job as rows read over rows in all."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.done = 0

    def __call__(self, rows: Iterable[Any], total: int) -> Iterator[Any]:
        for row in rows:
            self.done += 1
            if self.done % 1000 == 0:
                self.progress.report(self.done, message="reading the open-data files")
            yield row


@task(takes_context=True)
@retrying(max_attempts=2, backoff_seconds=300)
def embedded_import(context: TaskContext, departement: str = "") -> list[str]:
    """``endavant territory import all`` as a job: the rows read are shown as its progress."""
    progress = Progress(context)
    reader = _FileProgress(progress)
    report = services.embedded_import(progress=reader, departement=departement)
    progress.report(reader.done, reader.done, message="done")
    return report.lines()
