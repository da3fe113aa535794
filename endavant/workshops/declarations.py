"""What the workshops app declares to the core registries."""

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
    *entity_actions("workshop", _("workshop")),
    *entity_actions("minutes", _("minutes of a workshop")),
    *entity_actions("contribution", _("contribution")),
    AuditAction("workshop.attendance", _("attendance recorded")),
    AuditAction("registration.cancel", _("registration cancelled")),
    AuditAction("registration.promote", _("moved from the waiting list to registered")),
]

EVENT_KINDS = [
    EventKind("workshop.register", _("Registered for a workshop"), module="workshops"),
    EventKind(
        "workshop.wait",
        _("On a workshop's waiting list"),
        module="workshops",
        counts_as_participation=False,
    ),
    EventKind("workshop.attend", _("Came to a workshop"), module="workshops"),
    EventKind("workshop.contribute", _("Contributed at a workshop"), module="workshops"),
]

_KEPT = _("Kept, attached to the anonymised account, so that attendance figures do not change.")

PERSONAL_DATA = [
    PersonalData(
        "workshops.Registration",
        owner="participant",
        export=("id", "workshop__title", "mode", "status", "requested_at", "attended", "channel"),
        erase="keep",
        why=_KEPT,
        table="workshop_registrations",
    ),
    PersonalData(
        "workshops.Registration",
        owner="entered_by",
        export=("id", "workshop__title", "requested_at"),
        erase="keep",
        why=_("A registration made by a mediator stays valid after the mediator leaves."),
        table="workshop_registrations_i_entered",
    ),
    PersonalData(
        "workshops.Contribution",
        owner="author",
        export=("id", "workshop__title", "text", "created_at", "is_anonymous"),
        erase="keep",
        why=_("Contributions stay, without a name, as part of the public record."),
        table="workshop_contributions",
    ),
    PersonalData(
        "workshops.Contribution",
        owner="entered_by",
        export=("id", "workshop__title", "created_at"),
        erase="keep",
        why=_(
            "A contribution entered for someone else stays after the person who entered it leaves."
        ),
        table="workshop_contributions_i_entered",
    ),
    PersonalData(
        "workshops.WorkshopChange",
        owner="by",
        export=("id", "workshop__title", "at", "reason"),
        erase="keep",
        why=_("The history of a workshop stays public."),
        table="workshop_changes_i_made",
    ),
]


def _rows(programme: Any) -> Iterator[Sequence[Any]]:
    from django.db.models import Count, Q, Sum

    from endavant.workshops.models import Workshop

    items = (
        Workshop.objects.filter(programme=programme)
        .select_related("commune")
        .annotate(
            registered=Count(
                "registrations", filter=Q(registrations__status="registered"), distinct=True
            ),
            came=Count("registrations", filter=Q(registrations__attended=True), distinct=True),
            others=Sum("attendance_counts__count"),
        )
        .order_by("starts_at", "pk")
    )
    for w in items.iterator(chunk_size=500):
        yield (
            w.pk,
            w.title,
            w.starts_at,
            w.ends_at,
            w.format,
            w.status,
            w.commune.code if w.commune else "",
            "|".join(w.audiences),
            w.registered,
            w.came,
            w.others or 0,
            w.is_example,
        )


DATASETS = [
    Dataset(
        slug="ateliers",
        title=_("Workshops"),
        description=_(
            "Every workshop of the programme: when, format, commune, audience, registrations "
            "and attendance (numbers only)."
        ),
        columns=(
            Column("id", "integer", _("Identifier of the workshop")),
            Column("title", "string", _("Title")),
            Column("starts_at", "datetime", _("Start")),
            Column("ends_at", "datetime", _("End")),
            Column("format", "string", _("Format (in_person, online, hybrid)")),
            Column("status", "string", _("Status (planned, confirmed, moved, cancelled, held)")),
            Column("commune", "string", _("INSEE code of the commune where it takes place")),
            Column(
                "audiences",
                "string",
                _("Audiences it is reserved for, separated by | (empty: everyone)"),
            ),
            Column("registered", "integer", _("People registered")),
            Column("registered_who_came", "integer", _("Registered people who came")),
            Column("came_unregistered", "integer", _("People who came without registering")),
            Column("is_example", "boolean", _("Fictional example (demo data)")),
        ),
        rows=_rows,
        source=_("Entered by the programme team on this platform"),
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
    from endavant.actors.selectors import commune_for_user
    from endavant.workshops.selectors import upcoming

    programme = _programme_of(request)
    if programme is None:
        return None
    near = commune_for_user(request.user) if request.user.is_authenticated else None
    return {"items": upcoming(programme, near=near), "near": near, "programme": programme}


def _commune(request: Any, commune: Any) -> dict[str, Any] | None:
    from endavant.workshops.selectors import commune_workshops

    programme = _programme_of(request, commune)
    if programme is None:
        return None
    return {"commune": commune, **commune_workshops(programme, commune)}


HOME_SECTIONS = [Section("workshops", "workshops/_home.html", _home, order=10)]
COMMUNE_SECTIONS = [Section("workshops", "workshops/_commune.html", _commune, order=10)]
