"""Who may reach the core pages, the language switcher and the admin."""

from django.utils import timezone

from endavant.core.registry import BACK_OFFICE, ROLES, Access, method_refused, read_only

# Roles that hold at least one back-office permission see the hub; the others are refused.
BACKOFFICE_STATUS = {
    "anonymous": 302,
    "participant": 403,
    "jury": 403,
    "moderator": 403,
}
ADMIN_ONLY = {role: 302 for role in ROLES if role != "administrator"}


def _failed_job() -> str:
    """A failed run of the purge job (harmless to run again), and its retry address."""
    from django_tasks_db.models import DBTaskResult

    from endavant.core.jobs.tasks import jobs_purge

    row = DBTaskResult.objects.create(
        status="FAILED",
        args_kwargs={"args": [], "kwargs": {}},
        task_path=jobs_purge.module_path,
        backend_name="default",
        run_after=timezone.now(),
        exception_class_path="builtins.RuntimeError",
        traceback="RuntimeError: sample failure",
    )
    return f"/gestion/taches/{row.pk}/relancer/"


ACCESS = [
    *read_only("core:home", "/", public=True),
    *read_only("core:legal_notice", "/mentions-legales/", public=True),
    *read_only("core:accessibility", "/accessibilite/", public=True),
    *read_only("core:personal_data", "/donnees-personnelles/", public=True),
    # The back-office hub lists the staff pages a role may use; who has none is refused.
    *read_only("core:backoffice", "/gestion/", expected=BACKOFFICE_STATUS),
    # The language switcher: a POST stores the choice; a GET is redirected back, for everyone.
    Access("set_language", "/langue/setlang/", default=302, public=True),
    Access(
        "set_language",
        "/langue/setlang/",
        method="POST",
        data={"language": "en", "next": "/"},
        default=302,
        public=True,
    ),
    # Background jobs: the programme team sees them and retries a failed one (then comes back to
    # the list); retrying is a POST only.
    *read_only("core:jobs", "/gestion/taches/", expected=BACK_OFFICE),
    Access("core:job_retry", _failed_job, method="POST", expected=BACK_OFFICE, default=302),
    method_refused("core:job_retry", _failed_job, method="GET"),
    # Django's admin: the platform administrator only; everyone else goes to its login page.
    Access("admin:index", "/admin/", expected=ADMIN_ONLY),
    Access("admin:index", "/admin/", method="POST", expected=ADMIN_ONLY),
]
