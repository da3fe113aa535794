"""What the directory of actors declares to the core registries."""

from django.utils.translation import gettext_lazy as _

from endavant.core.registry import AuditAction, PersonalData, entity_actions

AUDIT_ACTIONS = [
    *entity_actions("organisation", _("organisation")),
    *entity_actions("person", _("person")),
    AuditAction("organisation.import", _("organisations imported")),
    AuditAction("membership.add", _("role given")),
    AuditAction("membership.end", _("role ended")),
    AuditAction("membership.delete", _("role removed")),
    AuditAction("person.link", _("person linked to an account")),
    AuditAction("person.unlink", _("person unlinked from an account")),
    AuditAction("link_request.create", _("link to the directory asked")),
    AuditAction("link_request.approve", _("link to the directory approved")),
    AuditAction("link_request.refuse", _("link to the directory refused")),
    AuditAction("consent.withdraw", _("consent withdrawn")),
]


PERSONAL_DATA = [
    PersonalData(
        "actors.Person",
        owner="user",
        export=(
            "id",
            "full_name",
            "email",
            "phone",
            "home_commune__code",
            "competencies_text",
            "expectations_text",
        ),
        erase="delete",
        table="person",
    ),
    PersonalData(
        "actors.Membership",
        owner="person__user",
        export=("id", "organisation__name", "role", "title", "start_date", "end_date", "is_public"),
        erase="delete",
        table="memberships",
    ),
    PersonalData(
        "actors.Consent",
        owner="user",
        export=("id", "purpose", "text_version", "given_at", "withdrawn_at"),
        erase="delete",
        table="consents",
    ),
    PersonalData(
        "actors.Consent",
        owner="person__user",
        export=("id", "purpose", "text_version", "given_at", "withdrawn_at"),
        erase="delete",
        table="consents_as_directory_person",
    ),
    PersonalData(
        "actors.Consent",
        owner="recorded_by",
        export=("id", "purpose", "given_at"),
        erase="keep",
        why=_("A consent recorded by a mediator stays valid after the mediator leaves."),
        table="consents_i_recorded",
    ),
    PersonalData(
        "actors.LinkRequest",
        owner="user",
        export=("id", "message", "status", "reason", "created_at", "decided_at"),
        erase="delete",
        table="directory_link_requests",
    ),
    PersonalData(
        "actors.LinkRequest",
        owner="person__user",
        export=("id", "status", "created_at", "decided_at"),
        erase="delete",
        table="link_requests_about_my_record",
    ),
    PersonalData(
        "actors.LinkRequest",
        owner="decided_by",
        export=("id", "status", "decided_at"),
        erase="keep",
        why=_("A decision on a link request stays after the team member leaves."),
        table="link_requests_i_decided",
    ),
]
