"""Background jobs for the team: progress, automatic retries with backoff, the jobs page and
its audited "retry" button."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks.base import TaskContext
from django_tasks_db.models import DBTaskResult

from endavant.accounts.roles import make_user_with_role
from endavant.core.jobs import selectors, services
from endavant.core.jobs.tasks import jobs_purge
from endavant.core.models import AuditEntry, JobProgress

pytestmark = pytest.mark.django_db

CALLS: list[str] = []


@task(takes_context=True)
@services.retrying(max_attempts=3, backoff_seconds=30)
def always_fails(context: TaskContext, label: str) -> None:
    CALLS.append(label)
    raise ConnectionError(f"SMTP server down for {label}")


@task(takes_context=True)
@services.retrying(max_attempts=3, backoff_seconds=30)
def fails_once(context: TaskContext, label: str) -> str:
    CALLS.append(label)
    if len(CALLS) == 1:
        raise ConnectionError("passing failure")
    return label


@task(takes_context=True)
def counts_to(context: TaskContext, total: int) -> int:
    progress = services.Progress(context, every=0)
    for done in range(1, total + 1):
        progress.report(done, total, message=f"row {done}")
    return total


@pytest.fixture(autouse=True)
def _calls() -> None:
    CALLS.clear()


@pytest.fixture
def database_backend(settings: Any) -> None:
    """Jobs go to the database queue, as in production, and run only when a worker takes them."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _failed_row(task_path: str = jobs_purge.module_path, **kwargs: Any) -> DBTaskResult:
    return DBTaskResult.objects.create(
        status=TaskResultStatus.FAILED,
        args_kwargs={"args": [], "kwargs": kwargs},
        task_path=task_path,
        backend_name="default",
        run_after=timezone.now(),
        finished_at=timezone.now(),
        exception_class_path="smtplib.SMTPServerDisconnected",
        traceback='Traceback (most recent call last):\n  File "x"\n'
        "smtplib.SMTPServerDisconnected: Connection unexpectedly closed\n",
    )


def test_a_failing_job_is_tried_again_up_to_its_limit_then_left_failed() -> None:
    """Three attempts in all, each linked to the next; the last one stays failed, not retried."""
    always_fails.enqueue("notice-7")
    assert CALLS == ["notice-7"] * 3
    attempts = list(JobProgress.objects.order_by("attempt"))
    assert [p.attempt for p in attempts] == [1, 2, 3]
    assert {p.max_attempts for p in attempts} == {3}
    assert attempts[0].next_attempt == attempts[1].task_result_id
    assert attempts[1].next_attempt == attempts[2].task_result_id
    assert attempts[2].retry_of == attempts[1].task_result_id
    assert attempts[2].next_attempt == ""


def test_a_passing_failure_is_retried_once_and_succeeds() -> None:
    result = fails_once.enqueue("export")
    assert result.status == TaskResultStatus.FAILED
    assert CALLS == ["export", "export"]
    second = JobProgress.objects.get(attempt=2)
    assert second.retry_of == str(result.id)


# The worker closes its database connections when it stops: the test cannot run inside a
# transaction of its own (PostgreSQL would lose it), so it commits and the tables are flushed.
@pytest.mark.django_db(transaction=True)
def test_the_retry_waits_longer_at_each_attempt_on_the_database_queue(database_backend) -> None:
    """On the real queue the next attempt is deferred by the backoff (30 s, then 60 s)."""
    always_fails.enqueue("notice-8")
    before = timezone.now()
    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*", verbosity=0)
    failed = DBTaskResult.objects.get(status=TaskResultStatus.FAILED)
    waiting = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert "SMTP server down for notice-8" in failed.traceback
    delay = waiting.run_after - before
    assert datetime.timedelta(seconds=25) < delay < datetime.timedelta(seconds=40)
    assert JobProgress.objects.get(task_result_id=str(waiting.pk)).attempt == 2
    assert CALLS == ["notice-8"]


def test_a_long_job_reports_its_progress() -> None:
    result = counts_to.enqueue(40)
    progress = JobProgress.objects.get(task_result_id=str(result.id))
    assert (progress.done, progress.total, progress.percent) == (40, 40, 100)
    assert progress.message == "row 40"


def test_the_team_sees_recent_jobs_with_errors_and_progress(client, django_assert_max_num_queries):
    failed = _failed_row()
    JobProgress.objects.create(
        task_result_id=str(failed.pk), task_name="jobs_purge", done=3, total=12, message="lot 3"
    )
    client.force_login(make_user_with_role("programme_team"))
    with django_assert_max_num_queries(12):
        response = client.get("/gestion/taches/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "core.jobs.tasks.jobs_purge" in page
    assert "SMTPServerDisconnected: Connection unexpectedly closed" in page
    assert 'max="12" value="3"' in page
    assert f"/gestion/taches/{failed.pk}/relancer/" in page
    only_done = client.get("/gestion/taches/?statut=SUCCESSFUL").content.decode()
    assert str(failed.pk) not in only_done


def test_a_participant_cannot_see_or_retry_jobs(client) -> None:
    failed = _failed_row()
    client.force_login(make_user_with_role("participant"))
    assert client.get("/gestion/taches/").status_code == 403
    assert client.post(f"/gestion/taches/{failed.pk}/relancer/").status_code == 403
    assert not AuditEntry.objects.filter(action="job.retry").exists()


@pytest.mark.django_db(transaction=True)  # the worker closes its connections (see above)
def test_the_team_retries_a_failed_job_once_and_it_is_audited(client, database_backend) -> None:
    """The job is enqueued again with its arguments, linked to the failed one, and audited; a
    second press of the button enqueues nothing more."""
    failed = _failed_row()
    team = make_user_with_role("programme_team")
    client.force_login(team)
    response = client.post(f"/gestion/taches/{failed.pk}/relancer/")
    assert response.status_code == 302
    again = DBTaskResult.objects.exclude(pk=failed.pk).get()
    assert again.status == TaskResultStatus.READY
    assert again.task_path == failed.task_path
    link = JobProgress.objects.get(task_result_id=str(again.pk))
    assert (link.retry_of, link.retried_by) == (str(failed.pk), team.email)
    entry = AuditEntry.objects.get(action="job.retry")
    assert entry.actor == team
    assert entry.before["job"] == str(failed.pk)
    client.post(f"/gestion/taches/{failed.pk}/relancer/")
    assert DBTaskResult.objects.count() == 2
    assert AuditEntry.objects.filter(action="job.retry").count() == 1
    # The worker runs the retried job.
    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*", verbosity=0)
    again.refresh_from_db()
    assert again.status == TaskResultStatus.SUCCESSFUL


def test_only_a_failed_job_can_be_retried(client, database_backend) -> None:
    result = jobs_purge.enqueue()
    client.force_login(make_user_with_role("programme_team"))
    response = client.post(f"/gestion/taches/{result.id}/relancer/", follow=True)
    assert "Only a failed job can be retried." in response.content.decode() or (
        "Seule une tâche" in response.content.decode()
    )
    assert DBTaskResult.objects.count() == 1
    assert not AuditEntry.objects.filter(action="job.retry").exists()


def test_purge_keeps_recent_and_unfinished_jobs() -> None:
    old = _failed_row()
    DBTaskResult.objects.filter(pk=old.pk).update(
        finished_at=timezone.now() - datetime.timedelta(days=100)
    )
    JobProgress.objects.create(task_result_id=str(old.pk), task_name="jobs_purge")
    recent = _failed_row()
    assert services.jobs_purge() == 1
    assert list(DBTaskResult.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not JobProgress.objects.filter(task_result_id=str(old.pk)).exists()


def test_error_summary_is_the_last_line_shortened() -> None:
    assert selectors.error_summary("x.Y", "Traceback\n  at\nx.Y: boom\n") == "x.Y: boom"
    assert selectors.error_summary("x.Y", "") == "x.Y"
    assert len(selectors.error_summary("x.Y", "E: " + "a" * 500)) == 300
