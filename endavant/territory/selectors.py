"""Reads of the territory: communes with their isolation status, départements, coverage.

Other apps use :func:`commune_is_isolated` and :func:`communes_with_isolation` for their
"isolated vs other communes" breakdowns.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Case,
    Count,
    F,
    FilteredRelation,
    FloatField,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce

from endavant.core.text import search_key
from endavant.territory.models import Commune, CoverageObservation, Departement, IndicatorValue


def commune_is_isolated(commune: Commune) -> bool | None:
    """Whether ``commune`` is isolated, by the best method available; None when unknown.

    One query (none if the commune came from :func:`communes_with_isolation`).
    """
    annotated = getattr(commune, "is_isolated", _MISSING)
    if annotated is not _MISSING:
        return annotated if annotated is None else bool(annotated)
    value = (
        IndicatorValue.objects.filter(commune=commune, indicator=IndicatorValue.ISOLATED)
        .values_list("value", flat=True)
        .first()
    )
    return None if value is None else value >= 0.5


_MISSING = object()


def communes_with_isolation(queryset: QuerySet[Commune] | None = None) -> QuerySet[Commune]:
    """Annotate communes with ``is_isolated`` (True/False/None) and ``isolation_method`` (slug).

    Adds subqueries, not extra queries: a page listing communes stays at one query. The method
    slug names an entry of :data:`endavant.territory.methods.METHODS`.
    """
    if queryset is None:
        queryset = Commune.objects.all()
    # One LEFT JOIN: (commune, indicator) is unique, so the join adds at most one row.
    return queryset.annotate(
        _isolation=FilteredRelation(
            "indicators", condition=Q(indicators__indicator=IndicatorValue.ISOLATED)
        )
    ).annotate(
        isolation_value=F("_isolation__value"),
        isolation_method=F("_isolation__method"),
        is_isolated=Case(
            When(_isolation__value__gte=0.5, then=Value(True)),
            When(_isolation__value__lt=0.5, then=Value(False)),
            default=Value(None),
            output_field=BooleanField(null=True),
        ),
    )


# --- Pages --------------------------------------------------------------------------------

FTTH_LATEST_QUARTER = "2018T1"


@dataclass
class DepartementSummary:
    """Isolation in one département: communes, isolated communes and their population."""

    code: str
    name: str
    communes: int
    isolated: int
    population: int
    isolated_population: int

    @property
    def share(self) -> float | None:
        """Share of the communes that are isolated."""
        return self.isolated / self.communes if self.communes else None

    @property
    def population_share(self) -> float | None:
        """Share of the population living in an isolated commune."""
        return self.isolated_population / self.population if self.population else None


def national_summary() -> tuple[list[DepartementSummary], list[str]]:
    """Isolation by département and the isolation methods that produced it (two queries)."""
    rows = (
        communes_with_isolation(Commune.objects.order_by())
        .values("departement__code", "departement__name")
        .annotate(
            n=Count("pk"),
            n_isolated=Count("pk", filter=Q(_isolation__value__gte=0.5)),
            pop=Coalesce(Sum("population"), 0),
            pop_isolated=Coalesce(Sum("population", filter=Q(_isolation__value__gte=0.5)), 0),
        )
        .order_by("departement__code")
    )
    summaries = []
    for row in rows:
        summaries.append(
            DepartementSummary(
                row["departement__code"],
                row["departement__name"],
                row["n"],
                row["n_isolated"],
                row["pop"],
                row["pop_isolated"],
            )
        )
    return summaries, isolation_methods()


def isolation_methods(departement: Departement | None = None) -> list[str]:
    """The slugs of the methods behind the stored isolation values (one query)."""
    rows = IndicatorValue.objects.filter(indicator=IndicatorValue.ISOLATED)
    if departement is not None:
        rows = rows.filter(commune__departement=departement)
    return sorted(set(rows.order_by().values_list("method", flat=True).distinct()))


SORTS = {
    "nom": ("search_name", "code"),
    "-nom": ("-search_name", "-code"),
    "code": ("code",),
    "population": ("population", "code"),
    "-population": ("-population", "code"),
    "isolement": ("-isolation_value", "search_name"),
    "fibre": ("ftth_share", "search_name"),
    "-fibre": ("-ftth_share", "search_name"),
}


def departement_communes(
    departement: Departement,
    *,
    query: str = "",
    isolated_only: bool = False,
    sort: str = "nom",
) -> QuerySet[Commune]:
    """The communes of a département with isolation and the latest FttH share (one query)."""
    queryset = communes_with_isolation(departement.communes.all()).annotate(
        _ftth=FilteredRelation("coverage", condition=Q(coverage__quarter=FTTH_LATEST_QUARTER)),
    )
    queryset = queryset.annotate(
        ftth_connectable=F("_ftth__premises_connectable"),
        ftth_total=F("_ftth__premises_total"),
        ftth_share=Case(
            When(
                _ftth__premises_total__gt=0,
                then=Cast(F("_ftth__premises_connectable"), FloatField())
                / Cast(F("_ftth__premises_total"), FloatField()),
            ),
            default=Value(None),
            output_field=FloatField(null=True),
        ),
    )
    if query:
        key = search_key(query)
        queryset = queryset.filter(Q(search_name__contains=key) | Q(code__startswith=query.strip()))
    if isolated_only:
        queryset = queryset.filter(Q(isolation_value__gte=0.5))
    return queryset.order_by(*SORTS.get(sort, SORTS["nom"]))


def search_communes(query: str, limit: int = 50) -> list[Commune]:
    """Communes whose name contains the query (accent-insensitive) or whose code starts with it."""
    text = query.strip()
    if not text:
        return []
    condition = Q(search_name__contains=search_key(text))
    if text.isalnum() and len(text) <= 5:
        condition |= Q(code__startswith=text.upper())
    queryset = Commune.objects.filter(condition).select_related("departement")
    # Exact matches first, then names starting with the query, then the rest, by population.
    key = search_key(text)
    queryset = queryset.annotate(
        rank=Case(
            When(Q(code=text.upper()) | Q(search_name=key), then=Value(0)),
            When(search_name__startswith=key, then=Value(1)),
            default=Value(2),
        )
    )
    return list(queryset.order_by("rank", F("population").desc(nulls_last=True), "code")[:limit])


def commune_detail(code: str) -> Commune | None:
    """One commune with its département, intercommunality and isolation (one query)."""
    return (
        communes_with_isolation(Commune.objects.select_related("departement", "intercommunality"))
        .filter(code=code)
        .first()
    )


def commune_coverage(commune: Commune) -> list[CoverageObservation]:
    """The FttH observations of a commune, oldest first."""
    return list(commune.coverage.order_by("quarter_end"))


def neighbours(commune: Commune, count: int = 8) -> list[tuple[Commune, float]]:
    """The ``count`` communes whose centroids are nearest to this commune's (distance in km).

    Nearest centroids, not shared borders: it works the same for every commune of France,
    including those whose outlines are simplified. One query within a box of about 30 km.
    """
    lon, lat = commune.centroid_longitude, commune.centroid_latitude
    if lon is None or lat is None:
        return []
    box = 0.3
    candidates = communes_with_isolation(
        Commune.objects.filter(
            centroid_latitude__range=(lat - box, lat + box),
            centroid_longitude__range=(lon - box * 1.4, lon + box * 1.4),
        ).exclude(pk=commune.pk)
    )
    scored = [
        (other, _distance_km(lon, lat, other.centroid_longitude, other.centroid_latitude))
        for other in candidates
    ]
    return sorted(scored, key=lambda pair: pair[1])[:count]


def _distance_km(lon1: float, lat1: float, lon2: float | None, lat2: float | None) -> float:
    assert lon2 is not None
    assert lat2 is not None
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dlmb / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))
