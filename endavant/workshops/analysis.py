"""The workshop analysis of the research method: frequency, content, target, format over time,
geography and turnout, for any period. Every figure comes with the table behind it."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from endavant.core.audiences import Audience
from endavant.territory.models import Commune
from endavant.territory.selectors import communes_with_isolation
from endavant.workshops.models import Workshop


@dataclass
class Series:
    """One chart: labelled values (and the table behind it)."""

    key: str
    title: str
    unit: str
    rows: Sequence[tuple[str, float]]
    notes: list[str] = field(default_factory=list)
    stacked: dict[str, dict[str, int]] | None = None

    @property
    def maximum(self) -> float:
        return max((v for _label, v in self.rows), default=0) or 1

    def bars(self, width: int = 300) -> list[dict[str, Any]]:
        """Geometry of a horizontal bar chart, one 24-unit row per value."""
        return [
            {
                "label": label,
                "value": value,
                "y": 24 * i,
                "width": round(width * value / self.maximum, 1),
            }
            for i, (label, value) in enumerate(self.rows)
        ]

    @property
    def height(self) -> int:
        return 24 * len(self.rows) + 4


@dataclass
class Analysis:
    start: date | None
    end: date | None
    total: int
    series: list[Series]


def _number(value: float) -> float:
    return round(value, 2)


def workshop_analysis(programme: Any, start: date | None, end: date | None) -> Analysis:
    """Analyse the programme's workshops held or planned between ``start`` and ``end``."""
    items = Workshop.objects.filter(programme=programme).exclude(status=Workshop.Status.CANCELLED)
    if start:
        items = items.filter(starts_at__date__gte=start)
    if end:
        items = items.filter(starts_at__date__lte=end)
    rows = list(
        items.select_related("commune").annotate(
            registered=Count(
                "registrations", filter=Q(registrations__status="registered"), distinct=True
            ),
            came=Count("registrations", filter=Q(registrations__attended=True), distinct=True),
            others=Sum("attendance_counts__count"),
        )
    )
    by_month: Counter[str] = Counter()
    by_year: Counter[str] = Counter()
    formats: dict[str, Counter[str]] = defaultdict(Counter)
    audiences: Counter[str] = Counter()
    for w in rows:
        local = timezone.localtime(w.starts_at)
        by_month[f"{local:%Y-%m}"] += 1
        by_year[f"{local:%Y}"] += 1
        formats[f"{local:%Y}"][str(Workshop.Format(w.format).label)] += 1
        if w.audiences:
            for audience in w.audiences:
                audiences[str(Audience(audience).label)] += 1
        else:
            audiences[_("Everyone")] += 1
    ids = [w.pk for w in rows]
    domains = Counter(
        dict(
            Workshop.domains.through.objects.filter(workshop_id__in=ids)
            .values_list("functionaldomain__name")
            .annotate(n=Count("pk"))
            .order_by()
        )
    )
    actions = Counter(
        dict(
            Workshop.actions.through.objects.filter(workshop_id__in=ids)
            .values_list("action__title")
            .annotate(n=Count("pk"))
            .order_by()
        )
    )
    # Geography: workshops in the room per 1,000 inhabitants, isolated communes vs the others.
    commune_ids = {w.commune_id for w in rows if w.commune_id}
    isolation = {
        c.pk: getattr(c, "is_isolated", None)
        for c in communes_with_isolation(Commune.objects.filter(pk__in=commune_ids))
    }
    territory = programme.territory
    population: dict[bool, int] = {True: 0, False: 0}
    if territory is not None:
        for commune in communes_with_isolation(Commune.objects.filter(departement=territory)):
            flag = getattr(commune, "is_isolated", None)
            if flag is not None and commune.population:
                population[bool(flag)] += commune.population
    held_in: Counter[bool] = Counter()
    for w in rows:
        if w.commune_id and isolation.get(w.commune_id) is not None:
            held_in[bool(isolation[w.commune_id])] += 1
    geography = [
        (
            label,
            _number(1000 * held_in[flag] / population[flag]) if population[flag] else 0.0,
        )
        for flag, label in ((True, _("Isolated communes")), (False, _("Other communes")))
    ]
    registered = sum(w.registered for w in rows)
    came = sum(w.came for w in rows)
    others = sum(w.others or 0 for w in rows)
    series = [
        Series("per-month", _("Workshops per month"), _("workshops"), sorted(by_month.items())),
        Series("per-year", _("Workshops per year"), _("workshops"), sorted(by_year.items())),
        Series(
            "formats",
            _("Format by year: in person, online, hybrid"),
            _("workshops"),
            [
                (f"{year} · {fmt}", n)
                for year in sorted(formats)
                for fmt, n in sorted(formats[year].items())
            ],
            stacked={year: dict(formats[year]) for year in sorted(formats)},
        ),
        Series(
            "domains",
            _("Content: functional domains covered"),
            _("workshops"),
            domains.most_common(),
        ),
        Series(
            "actions", _("Content: roadmap actions served"), _("workshops"), actions.most_common()
        ),
        Series("audiences", _("Target: audiences"), _("workshops"), audiences.most_common()),
        Series(
            "geography",
            _("Workshops in the room per 1,000 inhabitants"),
            _("per 1,000 inhabitants"),
            geography,
            notes=[
                _(
                    "Inhabitants: population of the communes of the programme's territory whose "
                    "isolation is known (INSEE); workshops counted in the commune where they "
                    "were held."
                )
            ],
        ),
        Series(
            "turnout",
            _("Registrations and attendance"),
            _("people"),
            [
                (_("Registered"), registered),
                (_("Registered and came"), came),
                (_("Came without registering"), others),
            ],
        ),
    ]
    return Analysis(start, end, len(rows), series)
