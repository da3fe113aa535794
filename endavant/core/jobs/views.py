"""The back-office page of background jobs (``/gestion/taches/``) and its "retry" button."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django_tasks import TaskResultStatus

from endavant.core.jobs import selectors, services
from endavant.core.services import ApplicationError

#: The named permission of the page (``core/rules.py``).
MANAGE_JOBS = "core.manage_jobs"


def _refuse(request: HttpRequest) -> HttpResponse:
    """Visitors go to the login page; logged-in people without the permission get 403."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("accounts:login"))
    raise PermissionDenied


@require_safe
def jobs(request: HttpRequest) -> HttpResponse:
    """Recent background jobs, newest first, with their progress and errors (read-only)."""
    if not request.user.has_perm(MANAGE_JOBS):
        return _refuse(request)
    status = request.GET.get("statut", "")[:20]
    if status not in TaskResultStatus.values:
        status = ""
    return render(
        request,
        "core/jobs.html",
        {
            "jobs": selectors.recent_jobs(status=status),
            "counts": selectors.status_counts(),
            "status": status,
            "statuses": selectors.status_choices(),
        },
    )


@require_POST
def job_retry(request: HttpRequest, result_id: uuid.UUID) -> HttpResponse:
    """Enqueue a failed job again (audited), then come back to the list."""
    if not request.user.has_perm(MANAGE_JOBS):
        return _refuse(request)
    try:
        services.job_retry(actor=request.user, result_id=str(result_id))
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The job has been enqueued again."))
    return redirect("core:jobs")
