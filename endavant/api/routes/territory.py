"""Départements and communes, with the isolation indicator, population and FttH coverage."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router

from endavant.api import schemas
from endavant.api.main import responses
from endavant.api.pagination import PageParams, page_of, paginate
from endavant.api.routes.common import DEPARTEMENT_PATTERN, CommuneCode, DepartementCode
from endavant.core.text import search_key
from endavant.territory import selectors
from endavant.territory.methods import FTTH_SOURCE
from endavant.territory.models import Commune

router = Router(tags=["Territory"])


def _departement_data(summary: selectors.DepartementSummary) -> dict[str, Any]:
    return {
        "code": summary.code,
        "name": summary.name,
        "communes": summary.communes,
        "isolated_communes": summary.isolated,
        "population": summary.population,
        "isolated_population": summary.isolated_population,
        "isolated_share": summary.share,
        "isolated_population_share": summary.population_share,
    }


@router.get(
    "/departements", response=responses(page_of(schemas.Departement)), url_name="departements"
)
def departement_list(request: HttpRequest, page: Query[PageParams]) -> dict[str, Any]:
    """Départements with their communes, isolated communes and population (by code)."""
    summaries, _methods = selectors.national_summary()
    return paginate(request, summaries, page, _departement_data)


@router.get(
    "/departements/{code}",
    response=responses(schemas.Departement, not_found=True),
    url_name="departement",
)
def departement_detail(request: HttpRequest, code: DepartementCode) -> dict[str, Any]:
    """One département's figures."""
    summaries, _methods = selectors.national_summary()
    for summary in summaries:
        if summary.code == code:
            return _departement_data(summary)
    raise Http404


class CommuneFilters(PageParams):
    departement: str | None = Field(
        None, pattern=DEPARTEMENT_PATTERN, description="Only the communes of this département."
    )
    isolated: bool | None = Field(
        None, description="true: isolated communes only; false: the others (known status)."
    )
    q: str | None = Field(
        None, max_length=100, description="Name contains (accents ignored) or code starts with."
    )


def commune_data(commune: Commune) -> dict[str, Any]:
    return {
        "code": commune.code,
        "name": commune.name,
        "departement": commune.departement.code,
        "population": commune.population,
        "population_year": commune.population_year,
        "isolated": selectors.commune_is_isolated(commune),
        "isolation_method": getattr(commune, "isolation_method", None),
        "aav2020_category": commune.aav2020_category,
        "au2010_category": commune.au2010_category,
        "longitude": commune.centroid_longitude,
        "latitude": commune.centroid_latitude,
        "url": commune.get_absolute_url(),
    }


@router.get("/communes", response=responses(page_of(schemas.Commune)), url_name="communes")
def commune_list(request: HttpRequest, filters: Query[CommuneFilters]) -> dict[str, Any]:
    """Communes by INSEE code, with their isolation status (two queries)."""
    found = selectors.communes_with_isolation(Commune.objects.select_related("departement"))
    if filters.departement:
        found = found.filter(departement__code=filters.departement)
    if filters.isolated is True:
        found = found.filter(Q(isolation_value__gte=0.5))
    elif filters.isolated is False:
        found = found.filter(Q(isolation_value__lt=0.5))
    text = (filters.q or "").strip()
    if text:
        found = found.filter(Q(search_name__contains=search_key(text)) | Q(code__startswith=text))
    return paginate(request, found.order_by("code"), filters, commune_data)


@router.get(
    "/communes/{code}",
    response=responses(schemas.CommuneDetail, not_found=True),
    url_name="commune",
)
def commune_detail(request: HttpRequest, code: CommuneCode) -> dict[str, Any]:
    """One commune with its indicators and its FttH coverage over time (three queries)."""
    commune = selectors.commune_detail(code)
    if commune is None:
        raise Http404
    group = commune.intercommunality
    return {
        **commune_data(commune),
        "intercommunality": {"siren": group.siren, "name": group.name} if group else None,
        "cog_vintage": commune.cog_vintage,
        "area_km2": commune.area_km2,
        "aav2020": {
            "code": commune.aav2020_code,
            "name": commune.aav2020_name,
            "category": commune.aav2020_category,
            "vintage": commune.aav2020_vintage,
        },
        "au2010": {
            "code": commune.au2010_code,
            "name": commune.au2010_name,
            "category": commune.au2010_category,
            "vintage": commune.au2010_vintage,
        },
        "indicators": [
            {
                "indicator": value.indicator,
                "value": value.value,
                "vintage": value.vintage,
                "method": value.method,
                "source": value.source,
            }
            for value in commune.indicators.order_by("indicator")
        ],
        "coverage": [
            {
                "quarter": row.quarter,
                "quarter_end": row.quarter_end,
                "premises_connectable": row.premises_connectable,
                "premises_total": row.premises_total,
                "share": row.share,
            }
            for row in selectors.commune_coverage(commune)
        ],
        "coverage_source": str(FTTH_SOURCE),
    }
