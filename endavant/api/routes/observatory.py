"""The observatory's indicators, as its public pages compute them (without filters: the pages
and their CSV downloads take the period, commune, audience and channel filters). Groups under
the minimum size are hidden by the observatory itself (``hidden`` lines, no values)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Path, Router

from endavant.api import schemas
from endavant.api.main import responses
from endavant.api.routes.common import Slug, programme_or_404
from endavant.observatory import summary
from endavant.observatory.filters import Filters
from endavant.observatory.indicators import INDICATORS, Indicator

router = Router(tags=["Observatory"])


def indicator_data(spec: Indicator) -> dict[str, Any]:
    return {
        "slug": spec.slug,
        "title": str(spec.title),
        "summary": str(spec.summary),
        "method": [str(sentence) for sentence in spec.method],
        "url": reverse("observatory:indicator", args=[spec.slug]),
    }


@router.get(
    "/programmes/{slug}/indicators",
    response=responses(list[schemas.IndicatorSpec], not_found=True),
    url_name="indicators",
)
def indicator_list(request: HttpRequest, slug: Slug) -> list[dict[str, Any]]:
    """The observatory's indicators and how each is computed."""
    programme_or_404(slug)
    return [indicator_data(spec) for spec in INDICATORS.values()]


def _value(value: Any) -> Any:
    return value if value is None or isinstance(value, bool | int | float) else str(value)


@router.get(
    "/programmes/{slug}/indicators/{indicator}",
    response=responses(schemas.IndicatorFigures, not_found=True),
    url_name="indicator",
)
def indicator_detail(
    request: HttpRequest,
    slug: Slug,
    indicator: str = Path(..., max_length=50, pattern=r"^[-a-z0-9_]+$"),
) -> dict[str, Any]:
    """One indicator's tables for the programme (the figures behind its charts)."""
    spec = INDICATORS.get(indicator)
    if spec is None:
        raise Http404
    ctx = summary.context_for(programme_or_404(slug), Filters())
    return {
        **indicator_data(spec),
        "min_group_size": ctx.k,
        "figures": [
            {
                "key": figure.key,
                "title": str(figure.title),
                "notes": [str(note) for note in figure.notes],
                "caption": str(figure.table.caption),
                "columns": [str(column) for column in figure.table.columns],
                "lines": [
                    {
                        "key": line.key,
                        "label": str(line.label),
                        "hidden": line.hidden,
                        "total": line.total,
                        "values": [None if line.hidden else _value(c.value) for c in line.cells],
                        "texts": [c.text for c in line.cells],
                    }
                    for line in figure.table.lines
                ],
            }
            for figure in spec.build(ctx)
        ],
    }
