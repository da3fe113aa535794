"""What the roadmap app declares to the core registries."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.utils.translation import gettext_lazy as _

from endavant.core.registry import (
    AuditAction,
    Column,
    Dataset,
    OptionSource,
    Section,
    TraceLink,
    entity_actions,
)

AUDIT_ACTIONS = [
    *entity_actions("competency", _("competency")),
    *entity_actions("domain", _("functional domain")),
    *entity_actions("orientation", _("orientation")),
    *entity_actions("action", _("action")),
    *entity_actions("milestone", _("milestone")),
    *entity_actions("commitment", _("commitment")),
    *entity_actions("action_origin", _("origin of an action")),
    AuditAction("roadmap.freeze", _("roadmap version frozen")),
]


def _domains(programme: Any) -> Any:
    from endavant.roadmap.models import FunctionalDomain

    return FunctionalDomain.objects.filter(programme=programme).select_related("competency")


def _actions(programme: Any) -> Any:
    from endavant.roadmap.models import Action

    return Action.objects.filter(orientation__programme=programme)


OPTION_SOURCES = [
    OptionSource("domain", _("Functional domains"), _domains),
    OptionSource("action", _("Roadmap actions"), _actions),
]


def _actions_from(record: Any) -> list[TraceLink]:
    from endavant.roadmap.selectors import actions_from_source

    return [
        TraceLink(a.title, a.get_absolute_url(), str(a.get_status_display()))
        for a in actions_from_source(record)
    ]


TRACE_PROVIDERS = [_actions_from]


def _action_rows(programme: Any) -> Iterator[Sequence[Any]]:
    from endavant.roadmap.models import Action, ActionOrigin

    actions = (
        Action.objects.filter(orientation__programme=programme)
        .select_related("orientation", "domain")
        .prefetch_related("origins")
        .order_by("orientation__order", "pk")
    )
    for a in actions.iterator(chunk_size=500):
        kinds = sorted({o.kind for o in a.origins.all()})
        yield (
            a.pk,
            a.orientation.title,
            a.title,
            a.domain.name if a.domain else "",
            a.status,
            a.due_on,
            a.budget,
            a.started_on,
            a.ended_on,
            "|".join(kinds),
            any(k in ActionOrigin.BOTTOM_UP for k in kinds),
            a.is_example,
        )


DATASETS = [
    Dataset(
        slug="actions-feuille-de-route",
        title=_("Roadmap actions"),
        description=_(
            "Every action of the programme's roadmap: its prescribed target, its realisation and "
            "where it came from (top-down steering or bottom-up participation)."
        ),
        columns=(
            Column("id", "integer", _("Identifier of the action")),
            Column("orientation", "string", _("Orientation of the roadmap")),
            Column("title", "string", _("Title")),
            Column("domain", "string", _("Functional domain")),
            Column("status", "string", _("Status (planned, in_progress, done, late, dropped)")),
            Column("due_on", "date", _("Prescribed due date")),
            Column("budget_eur", "number", _("Prescribed budget in euros")),
            Column("started_on", "date", _("Actual start")),
            Column("ended_on", "date", _("Actual end")),
            Column("origins", "string", _("Kinds of origin, separated by |")),
            Column("bottom_up", "boolean", _("At least one origin from participants")),
            Column("is_example", "boolean", _("Fictional example (demo data)")),
        ),
        rows=_action_rows,
        source=_("Entered by the programme team on this platform"),
    ),
]


def _home(request: Any, _subject: Any) -> dict[str, Any] | None:
    from endavant.programmes.context import programme_for
    from endavant.roadmap.selectors import latest_realised, origin_balance

    programme = programme_for(request)
    if programme is None:
        return None
    return {
        "programme": programme,
        "realised": latest_realised(programme),
        "share": origin_balance(programme),
    }


def _commune(request: Any, commune: Any) -> dict[str, Any] | None:
    from endavant.roadmap.models import Action

    actions = list(
        Action.objects.filter(communes=commune)
        .select_related("orientation__programme")
        .order_by("-due_on", "pk")[:10]
    )
    return {"actions": actions} if actions else None


HOME_SECTIONS = [Section("roadmap", "roadmap/_home.html", _home, order=30)]
COMMUNE_SECTIONS = [Section("roadmap", "roadmap/_commune.html", _commune, order=30)]
