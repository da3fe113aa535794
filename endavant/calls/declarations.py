"""What the calls app declares to the core registries."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.utils.translation import gettext_lazy as _

from endavant.core.registry import (
    AuditAction,
    Column,
    Dataset,
    EventKind,
    PersonalData,
    Section,
    entity_actions,
)

AUDIT_ACTIONS = [
    *entity_actions("call", _("call for projects")),
    *entity_actions("criterion", _("evaluation criterion")),
    *entity_actions("project", _("project")),
    *entity_actions("attachment", _("attachment of a project")),
    *entity_actions("comment", _("comment on a project")),
    *entity_actions("juror", _("jury member")),
    *entity_actions("conflict", _("conflict of interest")),
    *entity_actions("score", _("jury score")),
    *entity_actions("ledger_entry", _("entry of the support fund")),
    AuditAction("comment.report", _("comment reported")),
    AuditAction("allocation.run", _("allocation rule run")),
    AuditAction("call.paper_vote", _("paper ballot entered")),
    AuditAction("call.import", _("past call imported from open data")),
]

EVENT_KINDS = [
    EventKind("call.submit", _("Submitted a project"), module="calls"),
    EventKind("call.support", _("Supported a project"), module="calls"),
    EventKind("call.comment", _("Commented on a project"), module="calls"),
]

_KEPT = _("Kept, attached to the anonymised account, so that the public record does not change.")

PERSONAL_DATA = [
    PersonalData(
        "calls.Project",
        owner="holder",
        export=("id", "call__title", "title", "status", "requested_amount", "created_at"),
        erase="keep",
        why=_KEPT,
        table="projects",
    ),
    PersonalData(
        "calls.Project",
        owner="entered_by",
        export=("id", "call__title", "title", "created_at"),
        erase="keep",
        why=_("A project entered for a resident stays after the mediator leaves."),
        table="projects_i_entered",
    ),
    PersonalData(
        "calls.Comment",
        owner="author",
        export=("id", "project__title", "text", "created_at", "status"),
        erase="keep",
        why=_KEPT,
        table="project_comments",
    ),
    PersonalData(
        "calls.Comment",
        owner="moderated_by",
        export=("id", "project__title", "moderated_at", "moderation_reason"),
        erase="keep",
        why=_("Moderation decisions stay on record."),
        table="project_comments_i_moderated",
    ),
    PersonalData(
        "calls.Report",
        owner="reporter",
        export=("id", "comment__text", "reason", "created_at"),
        erase="delete",
        table="comment_reports",
    ),
    PersonalData(
        "calls.Support",
        owner="supporter",
        export=("id", "project__title", "created_at", "channel"),
        erase="keep",
        why=_("Supports stay, attached to the anonymised account, so that counts do not change."),
        table="project_supports",
    ),
    PersonalData(
        "calls.Support",
        owner="entered_by",
        export=("id", "project__title", "created_at"),
        erase="keep",
        why=_("A support entered for a resident stays after the mediator leaves."),
        table="project_supports_i_entered",
    ),
    PersonalData(
        "calls.JuryMember",
        owner="member",
        export=("id", "call__title"),
        erase="keep",
        why=_("The jury's scores stay part of the record of the call."),
        table="jury_seats",
    ),
    PersonalData(
        "calls.AllocationRun",
        owner="ran_by",
        export=("id", "call__title", "ran_at", "rule"),
        erase="keep",
        why=_("Allocation runs stay part of the record of the call."),
        table="allocation_runs",
    ),
    PersonalData(
        "calls.LedgerEntry",
        owner="recorded_by",
        export=("id", "call__title", "kind", "amount", "recorded_at"),
        erase="keep",
        why=_("The fund's accounts are kept."),
        table="ledger_entries",
    ),
]


def _rows(programme: Any) -> Iterator[Sequence[Any]]:
    from django.db.models import Count

    from endavant.calls.models import Project

    projects = (
        Project.objects.filter(call__programme=programme)
        .exclude(status=Project.Status.DRAFT)
        .select_related("call")
        .annotate(n_supports=Count("supports"))
        .order_by("call_id", "pk")
    )
    for p in projects.iterator(chunk_size=500):
        yield (
            p.pk,
            p.call_id,
            p.call.title,
            p.title,
            p.status,
            p.holder_kind,
            p.requested_amount,
            p.n_supports,
            p.decision,
            p.realisation,
            p.is_example,
        )


DATASETS = [
    Dataset(
        slug="projets",
        title=_("Projects of the calls for projects"),
        description=_(
            "Every submitted project: call, kind of holder, requested amount, supports, the "
            "team's decision and how far it has been realised."
        ),
        columns=(
            Column("id", "integer", _("Identifier of the project")),
            Column("call_id", "integer", _("Identifier of the call")),
            Column("call", "string", _("Title of the call")),
            Column("title", "string", _("Title of the project")),
            Column("status", "string", _("Status (submitted, withdrawn)")),
            Column("holder_kind", "string", _("Holder (resident, association, commune, business)")),
            Column("requested_amount", "number", _("Requested amount in euros")),
            Column("supports", "integer", _("Number of supports")),
            Column("decision", "string", _("Decision (selected, rejected, empty)")),
            Column("realisation", "string", _("Realisation (not_started, in_progress, done...)")),
            Column("is_example", "boolean", _("Fictional example (demo data)")),
        ),
        rows=_rows,
        source=_("Entered by project holders and the programme team on this platform"),
    ),
]


def _programme_of(request: Any, commune: Any = None) -> Any:
    from endavant.programmes.context import programme_for
    from endavant.programmes.models import Programme

    chosen = programme_for(request)
    if commune is None:
        return chosen
    if chosen is not None and chosen.territory_id == commune.departement_id:
        return chosen
    return Programme.objects.active().filter(territory_id=commune.departement_id).first()


def _home(request: Any, _subject: Any) -> dict[str, Any] | None:
    from endavant.calls.selectors import open_calls

    programme = _programme_of(request)
    if programme is None:
        return None
    return {"items": open_calls(programme), "programme": programme}


def _commune(request: Any, commune: Any) -> dict[str, Any] | None:
    from endavant.calls.selectors import commune_projects

    programme = _programme_of(request, commune)
    if programme is None:
        return None
    return {"commune": commune, "items": commune_projects(programme, commune)}


HOME_SECTIONS = [Section("calls", "calls/_home.html", _home, order=15)]
COMMUNE_SECTIONS = [Section("calls", "calls/_commune.html", _commune, order=15)]
