"""What the core declares: its journals hold personal data, kept for the record."""

from django.utils.translation import gettext_lazy as _

from endavant.core.registry import AuditAction, PersonalData

AUDIT_ACTIONS = [AuditAction("job.retry", _("Background job retried"))]

PERSONAL_DATA = [
    PersonalData(
        "core.AuditEntry",
        owner="actor",
        export=("id", "at", "action", "object_repr", "reason"),
        erase="keep",
        why=_("The audit log is append-only; its rows point at the anonymised account."),
        table="audit_entries_by_me",
    ),
    PersonalData(
        "core.ParticipationEvent",
        owner="participant",
        export=("id", "occurred_at", "kind", "commune_code", "audience", "channel"),
        erase="keep",
        why=_("Participation figures must not change when a person leaves."),
        table="participation_events",
    ),
]
