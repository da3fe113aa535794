"""Reads of the workshops app, in a bounded number of queries."""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from endavant.roadmap.selectors import actions_from_source
from endavant.workshops.models import (
    AttendanceCount,
    Contribution,
    Notice,
    Registration,
    Workshop,
)


@dataclass(frozen=True)
class WorkshopFilters:
    """What a visitor filters the calendar by (all optional)."""

    commune: str = ""
    audience: str = ""
    format: str = ""
    domain: int | None = None
    start: date | None = None
    end: date | None = None


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def workshops(programme: Any, filters: WorkshopFilters) -> QuerySet[Workshop]:
    """The programme's workshops matching ``filters``, with their counts (one query)."""
    found = Workshop.objects.filter(programme=programme).select_related("commune")
    if filters.commune:
        found = found.filter(commune__code=filters.commune)
    if filters.audience:
        # Reserved for that audience, or open to everyone. (JSON "contains" does not exist on
        # SQLite: the lists are short, read them.)
        matching = [
            pk
            for pk, audiences in found.values_list("pk", "audiences")
            if not audiences or filters.audience in audiences
        ]
        found = found.filter(pk__in=matching)
    if filters.format:
        found = found.filter(format=filters.format)
    if filters.domain:
        found = found.filter(domains=filters.domain)
    if filters.start:
        found = found.filter(ends_at__gte=_aware(filters.start))
    if filters.end:
        found = found.filter(starts_at__lt=_aware(filters.end + timedelta(days=1)))
    return found.annotate(
        registered=Count("registrations", filter=Q(registrations__status="registered"))
    ).distinct()


def upcoming(programme: Any, *, near: Any = None, limit: int = 5) -> list[Workshop]:
    """The next workshops (those in ``near``'s commune first when a commune is given)."""
    found = (
        Workshop.objects.filter(programme=programme, starts_at__gte=timezone.now())
        .exclude(status=Workshop.Status.CANCELLED)
        .select_related("commune")
    )
    if near is not None:
        local = list(found.filter(commune=near)[:limit])
        others = list(found.exclude(commune=near)[: limit - len(local)])
        return local + others
    return list(found[:limit])


@dataclass
class MonthView:
    year: int
    month: int
    weeks: list[list[tuple[date | None, list[Workshop]]]]

    @property
    def previous(self) -> tuple[int, int]:
        return (self.year - 1, 12) if self.month == 1 else (self.year, self.month - 1)

    @property
    def next(self) -> tuple[int, int]:
        return (self.year + 1, 1) if self.month == 12 else (self.year, self.month + 1)

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)


def month_view(items: QuerySet[Workshop], year: int, month: int) -> MonthView:
    """The workshops of one month laid out week by week (Monday first)."""
    first = date(year, month, 1)
    last = date(year, month, calendar.monthrange(year, month)[1])
    by_day: dict[date, list[Workshop]] = defaultdict(list)
    in_month = items.filter(
        starts_at__gte=_aware(first), starts_at__lt=_aware(last + timedelta(days=1))
    )
    for workshop in in_month:
        by_day[timezone.localtime(workshop.starts_at).date()].append(workshop)
    weeks = [
        [(day if day.month == month else None, by_day.get(day, [])) for day in week]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    ]
    return MonthView(year, month, weeks)


@dataclass
class WorkshopDetail:
    workshop: Workshop
    registered: dict[str, int]
    waiting: dict[str, int]
    mine: Registration | None
    contributions: list[Contribution]
    became: dict[int, list[Any]] = field(default_factory=dict)


def workshop_detail(pk: int, user: Any) -> WorkshopDetail:
    """One workshop with what its page shows (raises ``Workshop.DoesNotExist``)."""
    workshop = (
        Workshop.objects.select_related("commune", "organiser", "programme")
        .prefetch_related("domains", "actions", "changes", "attendance_counts")
        .get(pk=pk)
    )
    counts = (
        workshop.registrations.exclude(status=Registration.Status.CANCELLED)
        .values("mode", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    registered: dict[str, int] = defaultdict(int)
    waiting: dict[str, int] = defaultdict(int)
    for row in counts:
        target = registered if row["status"] == Registration.Status.REGISTERED else waiting
        target[row["mode"]] += row["n"]
    mine = None
    if getattr(user, "is_authenticated", False):
        mine = (
            workshop.registrations.filter(participant=user)
            .exclude(status=Registration.Status.CANCELLED)
            .first()
        )
    contributions = list(
        workshop.contributions.select_related("domain").order_by("created_at", "pk")
    )
    became = {c.pk: actions_from_source(c) for c in contributions}
    return WorkshopDetail(workshop, dict(registered), dict(waiting), mine, contributions, became)


def my_registrations(user: Any) -> list[Registration]:
    return list(
        Registration.objects.filter(participant=user)
        .exclude(status=Registration.Status.CANCELLED)
        .select_related("workshop")
        .order_by("workshop__starts_at")
    )


def failed_notices(programme: Any) -> list[Notice]:
    """Notices that could not be sent (the team follows them up)."""
    return list(
        Notice.objects.filter(
            registration__workshop__programme=programme,
            status__in=[Notice.Status.FAILED, Notice.Status.NO_ADDRESS],
        ).select_related("registration__workshop", "registration__participant")[:200]
    )


def registrations_for_team(workshop: Workshop) -> list[Registration]:
    return list(
        workshop.registrations.select_related("participant", "entered_by").order_by(
            "status", "requested_at"
        )
    )


def attendance_totals(workshop: Workshop) -> dict[str, int]:
    registered_who_came = workshop.registrations.filter(attended=True).count()
    others = AttendanceCount.objects.filter(workshop=workshop).aggregate(n=Sum("count"))["n"] or 0
    return {"registered": registered_who_came, "not_registered": others}


def commune_workshops(programme: Any, commune: Any) -> dict[str, Any]:
    """The next workshops held in ``commune`` and how many were held there (two queries)."""
    here = Workshop.objects.filter(programme=programme, commune=commune).exclude(
        status=Workshop.Status.CANCELLED
    )
    now = timezone.now()
    return {
        "upcoming": list(here.filter(starts_at__gte=now).order_by("starts_at")[:5]),
        "held": here.filter(starts_at__lt=now).count(),
    }
