"""Background jobs seen by the programme team: progress reported by long jobs, a retry policy,
the back-office list of recent jobs (``/gestion/taches/``) and the team's "retry" button.

Jobs run on Django's tasks API (the ``django-tasks`` backport) with its database backend: each
enqueued job is a ``DBTaskResult`` row that any worker (``endavant db_worker``) may take. This
package adds what the team needs around those rows: :class:`~endavant.core.models.JobProgress`
(how far a long job is, which attempt it is) and the audited retry of a failed job.
"""
