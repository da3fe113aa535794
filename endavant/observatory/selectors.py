"""What the observatory reads, counted in the database (GROUP BY), a fixed number of queries
per page whatever the number of events.

Participation comes from the core journal of participation events; the roadmap's origins,
realisation and the traces from the domain tables. Nothing here writes.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    Expression,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, ExtractYear, TruncMonth, TruncQuarter, TruncYear
from django.utils import timezone

from endavant.ballots.selectors import min_group_size
from endavant.core import registry
from endavant.core.models import ParticipationEvent
from endavant.observatory.disclosure import Group
from endavant.observatory.filters import Filters, parse_period, period_key
from endavant.programmes.models import Programme
from endavant.roadmap.models import Action, ActionOrigin
from endavant.territory.models import Commune, IndicatorValue

__all__ = ["min_group_size"]

# --- Which programme an event belongs to ---------------------------------------------------

#: The record an event points at, and the path from that record to its programme. Events of
#: other records (a module that joins later) are counted for the programme whose territory and
#: period they fall in.
PROGRAMME_PATHS: dict[tuple[str, str], str] = {
    ("workshops", "workshop"): "programme",
    ("workshops", "contribution"): "workshop__programme",
    ("ballots", "ballot"): "programme",
    ("calls", "project"): "call__programme",
    ("calls", "comment"): "project__call__programme",
}


def counted_kinds() -> dict[str, str]:
    """The declared kinds that count as an act of participation, with their module."""
    return {
        key: kind.module
        for key, kind in registry.event_kinds().items()
        if kind.counts_as_participation
    }


def programme_events(programme: Programme) -> QuerySet[ParticipationEvent]:
    """The programme's acts of participation (kinds that do not count left out), unevaluated."""
    condition = Q()
    known: list[int] = []
    for (app_label, model_name), path in PROGRAMME_PATHS.items():
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:
            continue
        content_type = ContentType.objects.get_for_model(model)
        known.append(content_type.pk)
        keys = (
            model._default_manager.filter(**{path: programme})
            .annotate(key=Cast("pk", CharField()))
            .values("key")
        )
        condition |= Q(content_type=content_type, object_id__in=keys)
    elsewhere = Q(content_type__isnull=True) | ~Q(content_type__in=known)
    if programme.territory_id is not None:
        elsewhere &= Q(
            commune_code__in=Commune.objects.filter(departement_id=programme.territory_id).values(
                "code"
            )
        )
        if programme.starts_on:
            elsewhere &= Q(occurred_at__date__gte=programme.starts_on)
        if programme.ends_on:
            elsewhere &= Q(occurred_at__date__lte=programme.ends_on)
        condition |= elsewhere
    return ParticipationEvent.objects.filter(condition, kind__in=list(counted_kinds())).order_by()


def filtered_events(
    programme: Programme, filters: Filters, *, ignore: Iterable[str] = ()
) -> QuerySet[ParticipationEvent]:
    """The programme's events within ``filters`` (those named in ``ignore`` left aside)."""
    events = programme_events(programme)
    if filters.period and "period" not in ignore:
        start, end = filters.period.bounds()
        events = events.filter(occurred_at__gte=start, occurred_at__lt=end)
    if filters.commune and "commune" not in ignore:
        events = events.filter(commune_code=filters.commune)
    if filters.audience and "audience" not in ignore:
        events = events.filter(audience=filters.audience)
    if filters.channel and "channel" not in ignore:
        events = events.filter(channel=filters.channel)
    return events


# --- Territory -----------------------------------------------------------------------------


@dataclass(frozen=True)
class TerritoryCommune:
    code: str
    name: str
    population: int
    isolated: bool | None


def territory_communes(programme: Programme) -> dict[str, TerritoryCommune]:
    """The communes of the programme's territory with population and isolation (one query)."""
    if programme.territory_id is None:
        return {}
    rows = (
        Commune.objects.filter(departement_id=programme.territory_id)
        .annotate(
            isolation=Subquery(
                IndicatorValue.objects.filter(
                    commune=OuterRef("pk"), indicator=IndicatorValue.ISOLATED
                ).values("value")[:1]
            )
        )
        .values_list("code", "name", "population", "isolation")
        .order_by("name", "code")
    )
    return {
        code: TerritoryCommune(
            code, name, population or 0, None if isolation is None else isolation >= 0.5
        )
        for code, name, population, isolation in rows
    }


def _isolated_codes(programme: Programme, isolated: bool) -> Any:
    if programme.territory_id is None:
        return Commune.objects.none().values("code")
    condition = (Q(indicators__value__gte=0.5) if isolated else Q(indicators__value__lt=0.5)) & Q(
        indicators__indicator=IndicatorValue.ISOLATED
    )
    return Commune.objects.filter(condition, departement_id=programme.territory_id).values("code")


# --- Breakdowns ----------------------------------------------------------------------------

DIMENSIONS = ("commune", "audience", "channel", "module", "period", "isolation")


def _dimension(name: str, programme: Programme, step: str) -> Expression | F:
    if name == "commune":
        # Codes outside the programme's territory (or none) make one group.
        if programme.territory_id is None:
            return Value("", output_field=CharField())
        return Case(
            When(
                commune_code__in=Commune.objects.filter(
                    departement_id=programme.territory_id
                ).values("code"),
                then=F("commune_code"),
            ),
            default=Value(""),
            output_field=CharField(),
        )
    if name == "audience":
        return F("audience")
    if name == "channel":
        return F("channel")
    if name == "module":
        modules: dict[str, list[str]] = {}
        for kind, module in counted_kinds().items():
            modules.setdefault(module, []).append(kind)
        return Case(
            *(
                When(kind__in=kinds, then=Value(module))
                for module, kinds in sorted(modules.items())
            ),
            default=Value(""),
            output_field=CharField(),
        )
    if name == "period":
        trunc = {"year": TruncYear, "quarter": TruncQuarter, "month": TruncMonth}[step]
        return trunc("occurred_at")
    if name == "isolation":
        if programme.territory_id is None:
            return Value("unknown", output_field=CharField())
        return Case(
            When(commune_code__in=_isolated_codes(programme, True), then=Value("isolated")),
            When(commune_code__in=_isolated_codes(programme, False), then=Value("other")),
            When(
                commune_code__in=Commune.objects.filter(
                    departement_id=programme.territory_id
                ).values("code"),
                then=Value("unknown"),
            ),
            default=Value("outside"),
            output_field=CharField(),
        )
    raise ValueError(f"Unknown dimension {name!r}")


def _key(name: str, value: Any, step: str) -> Hashable:
    if name == "period":
        return period_key(timezone.localtime(value) if isinstance(value, datetime) else value, step)
    return value or ""


def breakdown(
    events: QuerySet[ParticipationEvent],
    dimension: str,
    programme: Programme,
    step: str = "quarter",
) -> list[Group]:
    """People (distinct accounts) and acts of ``events`` by ``dimension`` (one query)."""
    rows = (
        events.annotate(group=_dimension(dimension, programme, step))
        .values("group")
        .annotate(people=Count("participant", distinct=True), acts=Count("pk"))
        .order_by("group")
    )
    return [Group(_key(dimension, r["group"], step), r["people"], r["acts"]) for r in rows]


def union_people(
    events: QuerySet[ParticipationEvent],
    dimension: str,
    programme: Programme,
    keys: list[Hashable],
    step: str = "quarter",
) -> int:
    """Distinct people of several groups of a breakdown together (one query)."""
    if dimension == "period":
        wanted = [k for k in keys if isinstance(k, str)]
        condition = Q()
        for key in wanted:
            period = parse_period(key)
            if period is not None:
                start, end = period.bounds()
                condition |= Q(occurred_at__gte=start, occurred_at__lt=end)
        selected = events.filter(condition) if condition else events.none()
    else:
        selected = events.annotate(group=_dimension(dimension, programme, step)).filter(
            group__in=keys
        )
    return selected.aggregate(n=Count("participant", distinct=True))["n"]


def totals(events: QuerySet[ParticipationEvent]) -> tuple[int, int]:
    """Distinct people and acts of ``events`` (one query)."""
    figures = events.aggregate(people=Count("participant", distinct=True), acts=Count("pk"))
    return figures["people"], figures["acts"]


def event_span(events: QuerySet[ParticipationEvent]) -> tuple[date, date] | None:
    """The local dates of the first and last events (one query), ``None`` without events."""
    span = events.aggregate(first=Min("occurred_at"), last=Max("occurred_at"))
    if span["first"] is None:
        return None
    return timezone.localdate(span["first"]), timezone.localdate(span["last"])


# --- Roadmap: origins over time, realisation -----------------------------------------------


def _bottom_up() -> Exists:
    return Exists(
        ActionOrigin.objects.filter(action=OuterRef("pk"), kind__in=ActionOrigin.BOTTOM_UP)
    )


def _steering() -> Exists:
    return Exists(
        ActionOrigin.objects.filter(action=OuterRef("pk"), kind=ActionOrigin.Kind.STEERING)
    )


ORIGIN_CATEGORIES = ("top_down", "co_constructed", "bottom_up", "unknown")


def _category(steering: bool, bottom_up: bool) -> str:
    if steering and bottom_up:
        return "co_constructed"
    if steering:
        return "top_down"
    if bottom_up:
        return "bottom_up"
    return "unknown"


@dataclass(frozen=True)
class BalanceCell:
    actions: int
    budget: Decimal


def balance_by_year(programme: Programme) -> dict[int | None, dict[str, BalanceCell]]:
    """Actions (dropped ones left out) by the year of their earliest dated origin and by kind of
    origin, with their budget (one query). ``None``: no dated origin."""
    first_date = Subquery(
        ActionOrigin.objects.filter(action=OuterRef("pk"), date__isnull=False)
        .order_by("date")
        .values("date")[:1],
        output_field=DateField(),
    )
    rows = (
        Action.objects.filter(orientation__programme=programme)
        .exclude(status=Action.Status.DROPPED)
        .annotate(steering=_steering(), bottom_up=_bottom_up(), year=ExtractYear(first_date))
        .values("year", "steering", "bottom_up")
        .annotate(n=Count("pk"), budget=Sum("budget"))
        .order_by()
    )
    result: dict[int | None, dict[str, BalanceCell]] = {}
    for row in rows:
        cells = result.setdefault(row["year"], {})
        key = _category(row["steering"], row["bottom_up"])
        previous = cells.get(key, BalanceCell(0, Decimal(0)))
        cells[key] = BalanceCell(
            previous.actions + row["n"], previous.budget + (row["budget"] or Decimal(0))
        )
    return result


@dataclass(frozen=True)
class Realisation:
    done_on_time: int
    done_late: int
    open_on_time: int
    open_late: int
    no_due_date: int
    dropped: int
    budget_done: Decimal
    budget_total: Decimal

    @property
    def total(self) -> int:
        return (
            self.done_on_time
            + self.done_late
            + self.open_on_time
            + self.open_late
            + self.no_due_date
            + self.dropped
        )


def realisation(programme: Programme, today: date | None = None) -> Realisation:
    """Where the programme's actions stand today against their due dates (one query).

    Same rules as the roadmap's version comparison: an action done after its due date was done
    late; an open action past its due date, or marked late, is late.
    """
    today = today or timezone.localdate()
    done = Q(status=Action.Status.DONE)
    dropped = Q(status=Action.Status.DROPPED)
    open_ = ~done & ~dropped
    late_done = done & Q(due_on__isnull=False, ended_on__isnull=False, ended_on__gt=F("due_on"))
    late_open = open_ & (Q(due_on__lt=today) | Q(status=Action.Status.LATE))
    no_date = open_ & Q(due_on__isnull=True) & ~Q(status=Action.Status.LATE)
    figures = Action.objects.filter(orientation__programme=programme).aggregate(
        done_late=Count("pk", filter=late_done),
        done=Count("pk", filter=done),
        open_late=Count("pk", filter=late_open),
        no_date=Count("pk", filter=no_date),
        open=Count("pk", filter=open_),
        dropped=Count("pk", filter=dropped),
        budget_done=Sum("budget", filter=done),
        budget_total=Sum("budget", filter=~dropped),
    )
    return Realisation(
        done_on_time=figures["done"] - figures["done_late"],
        done_late=figures["done_late"],
        open_on_time=figures["open"] - figures["open_late"] - figures["no_date"],
        open_late=figures["open_late"],
        no_due_date=figures["no_date"],
        dropped=figures["dropped"],
        budget_done=figures["budget_done"] or Decimal(0),
        budget_total=figures["budget_total"] or Decimal(0),
    )


# --- Traceability --------------------------------------------------------------------------


@dataclass(frozen=True)
class TraceLine:
    """Records of one kind from participants, and how many became (part of) an action."""

    key: str
    records: int
    became_action: int


def _traced(model: Any, records: QuerySet[Any]) -> tuple[int, int]:
    content_type = ContentType.objects.get_for_model(model)
    # The Exists goes straight into the aggregate's filter: annotated first, Django 5.2 would
    # prune it from the subquery it builds and the filter would read a missing column.
    traced = Exists(
        ActionOrigin.objects.filter(
            content_type=content_type, object_id=Cast(OuterRef("pk"), CharField())
        )
    )
    figures = records.aggregate(n=Count("pk"), traced=Count("pk", filter=Q(traced)))
    return figures["n"], figures["traced"]


def traceability(programme: Programme) -> list[TraceLine]:
    """Contributions, submitted projects and participants' ballot options, and how many of
    each an action's origin points to (one query per kind, plus cached content types)."""
    lines: list[TraceLine] = []
    try:
        contribution = apps.get_model("workshops", "Contribution")
        n, traced = _traced(
            contribution, contribution.objects.filter(workshop__programme=programme)
        )
        lines.append(TraceLine("contributions", n, traced))
    except LookupError:
        pass
    try:
        project = apps.get_model("calls", "Project")
        n, traced = _traced(
            project, project.objects.filter(call__programme=programme, status="submitted")
        )
        lines.append(TraceLine("projects", n, traced))
    except LookupError:
        pass
    lines.append(_ballot_options(programme))
    return lines


def _ballot_options(programme: Programme) -> TraceLine:
    """Ballot options drawn from a participant's record (a contribution or a project): those
    an action comes from, through the option itself or through the record it was drawn from."""
    from endavant.ballots.models import BallotOption

    sources = []
    for app_label, model_name in (("workshops", "contribution"), ("calls", "project")):
        try:
            sources.append(ContentType.objects.get_for_model(apps.get_model(app_label, model_name)))
        except LookupError:
            continue
    option_type = ContentType.objects.get_for_model(BallotOption)
    traced = Exists(
        ActionOrigin.objects.filter(
            content_type=OuterRef("source_type"), object_id=OuterRef("source_id")
        )
    ) | Exists(
        ActionOrigin.objects.filter(
            content_type=option_type, object_id=Cast(OuterRef("pk"), CharField())
        )
    )
    figures = BallotOption.objects.filter(
        ballot__programme=programme, source_type__in=sources
    ).aggregate(n=Count("pk"), traced=Count("pk", filter=Q(traced)))
    return TraceLine("ballot_options", figures["n"], figures["traced"])


@dataclass(frozen=True)
class RealisedFromParticipants:
    realised: int
    from_participants: int


def realised_from_participants(programme: Programme) -> RealisedFromParticipants:
    """Realised (done) actions, and how many have an origin from participants (one query)."""
    figures = Action.objects.filter(
        orientation__programme=programme, status=Action.Status.DONE
    ).aggregate(n=Count("pk"), bottom_up=Count("pk", filter=Q(_bottom_up())))
    return RealisedFromParticipants(figures["n"], figures["bottom_up"])


def traced_examples(programme: Programme, limit: int = 5) -> list[tuple[Any, list[Any]]]:
    """A few of the latest contributions that became an action, with what they became, as the
    trace providers of every module say (``limit`` + 1 queries at most)."""
    try:
        contribution = apps.get_model("workshops", "Contribution")
    except LookupError:
        return []
    content_type = ContentType.objects.get_for_model(contribution)
    records = list(
        contribution.objects.filter(workshop__programme=programme)
        .filter(
            Exists(
                ActionOrigin.objects.filter(
                    content_type=content_type, object_id=Cast(OuterRef("pk"), CharField())
                )
            )
        )
        .select_related("workshop")
        .order_by("-created_at", "-pk")[:limit]
    )
    return [(record, registry.traces_from(record)) for record in records]
