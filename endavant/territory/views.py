"""Territory pages and their downloads: thin views over the selectors and presenters."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from endavant.core import registry
from endavant.core.csv import csv_streaming_response
from endavant.territory import maps, presenters, selectors
from endavant.territory.labels import AAV2020_CATEGORIES, ZAU2010_CATEGORIES
from endavant.territory.methods import COG_SOURCE, FTTH_SOURCE, POPULATION_SOURCE
from endavant.territory.models import Commune, Departement


def _geojson(data: dict[str, Any], filename: str) -> HttpResponse:
    response = JsonResponse(
        data, json_dumps_params={"ensure_ascii": False, "separators": (",", ":")}
    )
    response["Content-Type"] = "application/geo+json"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _svg(text: str) -> HttpResponse:
    return HttpResponse(text, content_type="image/svg+xml; charset=utf-8")


# --- National ------------------------------------------------------------------------------


@require_safe
def national(request: HttpRequest) -> HttpResponse:
    """France: isolated communes by département, as a map and a table."""
    summaries, methods = selectors.national_summary()
    totals: dict[str, float | None] = {
        "communes": sum(s.communes for s in summaries),
        "isolated": sum(s.isolated for s in summaries),
        "population": sum(s.population for s in summaries),
        "isolated_population": sum(s.isolated_population for s in summaries),
    }
    communes, population = totals["communes"] or 0, totals["population"] or 0
    totals["share"] = (totals["isolated"] or 0) / communes if communes else None
    totals["population_share"] = (
        (totals["isolated_population"] or 0) / population if population else None
    )
    return render(
        request,
        "territory/national.html",
        {
            "summaries": summaries,
            "totals": totals,
            "methods": presenters.method_notes(methods),
            "population_source": POPULATION_SOURCE,
        },
    )


@require_safe
def national_csv(request: HttpRequest) -> HttpResponseBase:
    """The national table as CSV."""
    summaries, methods = selectors.national_summary()
    rows = presenters.national_rows(summaries, methods)
    return csv_streaming_response("territoires.csv", presenters.NATIONAL_HEADER, rows)


@require_safe
def national_geojson(request: HttpRequest) -> HttpResponse:
    """The national map as GeoJSON."""
    summaries, methods = selectors.national_summary()
    return _geojson(presenters.national_geojson(summaries, methods), "territoires.geojson")


@require_safe
def national_svg(request: HttpRequest) -> HttpResponse:
    """The national map as SVG."""
    summaries, methods = selectors.national_summary()
    return _svg(presenters.national_svg(summaries, methods))


# --- Département ---------------------------------------------------------------------------


def _departement_data(
    request: HttpRequest, code: str
) -> tuple[Departement, list[Commune], dict[str, Any]]:
    departement = get_object_or_404(Departement, code=code)
    sort = request.GET.get("tri", "nom")
    if sort not in selectors.SORTS:
        sort = "nom"
    options = {
        "query": request.GET.get("q", "").strip()[:100],
        "isolated_only": request.GET.get("isolees") == "1",
        "sort": sort,
    }
    communes = list(
        selectors.departement_communes(
            departement,
            query=str(options["query"]),
            isolated_only=bool(options["isolated_only"]),
            sort=sort,
        )
    )
    return departement, communes, options


@require_safe
def departement(request: HttpRequest, code: str) -> HttpResponse:
    """A département: isolation and FttH maps, and the filterable table of its communes."""
    dep, communes, options = _departement_data(request, code)
    methods = selectors.isolation_methods(dep)
    query = request.GET.copy()
    query.pop("tri", None)
    _outlines, detailed = presenters.geo.commune_outlines(dep.code)
    return render(
        request,
        "territory/departement.html",
        {
            "departement": dep,
            "communes": communes,
            "totals": presenters.departement_totals(communes),
            "options": options,
            "querystring": request.GET.urlencode(),
            "sort_base": query.urlencode(),
            "methods": presenters.method_notes(methods),
            "ftth_source": FTTH_SOURCE,
            "population_source": POPULATION_SOURCE,
            "detailed_outlines": detailed,
            "has_outlines": bool(_outlines),
        },
    )


@require_safe
def departement_csv(request: HttpRequest, code: str) -> HttpResponseBase:
    """The département's table as CSV, with the same filters and order as the page."""
    dep, communes, _options = _departement_data(request, code)
    rows = presenters.departement_rows(communes)
    return csv_streaming_response(f"{dep.code}.csv", presenters.DEPARTEMENT_HEADER, rows)


@require_safe
def departement_geojson(request: HttpRequest, code: str) -> HttpResponse:
    """The département's maps as GeoJSON (every commune, as on the maps)."""
    dep = get_object_or_404(Departement, code=code)
    communes = list(selectors.departement_communes(dep))
    methods = selectors.isolation_methods(dep)
    return _geojson(presenters.departement_geojson(dep, communes, methods), f"{dep.code}.geojson")


@require_safe
def departement_svg(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    """A département map (``isolement`` or ``fibre``) as SVG."""
    if kind not in {"isolement", "fibre"}:
        raise Http404
    dep = get_object_or_404(Departement, code=code)
    communes = list(selectors.departement_communes(dep))
    methods = selectors.isolation_methods(dep)
    return _svg(presenters.departement_svg(dep, communes, kind, methods))


# --- Communes ------------------------------------------------------------------------------


@require_safe
def commune_search(request: HttpRequest) -> HttpResponse:
    """Find a commune by name (accents ignored) or INSEE code."""
    query = request.GET.get("q", "").strip()[:100]
    results = selectors.search_communes(query) if query else []
    return render(request, "territory/search.html", {"query": query, "results": results})


def _coverage_rows(commune: Commune) -> list[dict[str, Any]]:
    rows = []
    for observation in selectors.commune_coverage(commune):
        rows.append(
            {
                "quarter": observation.quarter,
                "connectable": observation.premises_connectable,
                "total": observation.premises_total,
                "share": observation.share,
                "source": observation.source,
            }
        )
    return rows


@require_safe
def commune(request: HttpRequest, code: str) -> HttpResponse:
    """A commune: identity, zonings, population, isolation, FttH over time, neighbours."""
    item = selectors.commune_detail(code)
    if item is None:
        raise Http404
    coverage = _coverage_rows(item)
    chart = ""
    if coverage:
        chart = maps.render_line_chart(
            [(row["quarter"], row["share"] or 0.0) for row in coverage],
            title=presenters._("Share of premises that can be connected to fibre (FttH)"),
            description=presenters._("The table below gives the same figures."),
            source=FTTH_SOURCE,
        )
    method = presenters.method_notes([item.isolation_method] if item.isolation_method else [])  # type: ignore[attr-defined]
    return render(
        request,
        "territory/commune.html",
        {
            "commune": item,
            "density": (item.population / item.area_km2)
            if item.population and item.area_km2
            else None,
            "aav_category": AAV2020_CATEGORIES.get(item.aav2020_category, ""),
            "zau_category": ZAU2010_CATEGORIES.get(item.au2010_category, ""),
            "isolation": presenters.isolation_label(item.is_isolated),  # type: ignore[attr-defined]
            "method": method[0] if method else None,
            "coverage": coverage,
            "chart": chart,
            "neighbours": selectors.neighbours(item),
            "cog_source": COG_SOURCE,
            "population_source": POPULATION_SOURCE,
            "ftth_source": FTTH_SOURCE,
            "sections": registry.sections("COMMUNE_SECTIONS", request, item),
        },
    )


@require_safe
def commune_csv(request: HttpRequest, code: str) -> HttpResponseBase:
    """The commune's FttH table as CSV."""
    item = selectors.commune_detail(code)
    if item is None:
        raise Http404
    rows = [
        [
            row["quarter"],
            row["connectable"],
            row["total"],
            None if row["share"] is None else round(min(row["share"], 1), 4),
            row["source"],
        ]
        for row in _coverage_rows(item)
    ]
    header = ["trimestre", "locaux_raccordables_ftth", "locaux_total", "part_ftth", "source"]
    return csv_streaming_response(f"{item.code}.csv", header, rows)
