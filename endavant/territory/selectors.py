"""Reads of the territory: communes with their isolation status, départements, coverage.

Other apps use :func:`commune_is_isolated` and :func:`communes_with_isolation` for their
"isolated vs other communes" breakdowns.
"""

from __future__ import annotations

from django.db.models import (
    BooleanField,
    Case,
    F,
    FilteredRelation,
    Q,
    QuerySet,
    Value,
    When,
)

from endavant.territory.models import Commune, IndicatorValue


def commune_is_isolated(commune: Commune) -> bool | None:
    """Whether ``commune`` is isolated, by the best method available; None when unknown.

    One query (none if the commune came from :func:`communes_with_isolation`).
    """
    annotated = getattr(commune, "is_isolated", _MISSING)
    if annotated is not _MISSING:
        return annotated  # type: ignore[no-any-return]
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
