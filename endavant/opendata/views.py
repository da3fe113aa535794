"""The open-data catalogue (/donnees/), its downloads and the pseudonymised research exports."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from endavant.accounts.permissions import require_perm
from endavant.ballots.selectors import min_group_size
from endavant.core import registry
from endavant.core.csv import csv_streaming_response
from endavant.opendata import catalogue, research
from endavant.programmes.context import with_programme


def _plain(value: Any) -> Any:
    """JSON for what ``json`` cannot write: dates in ISO 8601, decimals and the rest as text."""
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return str(value)


def _json_stream(
    names: Sequence[str], rows: Iterable[Sequence[Any]], language: str | None
) -> Iterator[str]:
    """A JSON array of objects, one row at a time (the view's language kept while streaming)."""
    with translation.override(language):
        yield "["
        for n, row in enumerate(rows):
            record = dict(zip(names, row, strict=True))
            yield ("," if n else "") + json.dumps(record, ensure_ascii=False, default=_plain)
        yield "]"


def stream(fmt: str, stem: str, names: Sequence[str], rows: Iterable[Sequence[Any]]) -> Any:
    """A streamed CSV (the shared writer) or JSON download of ``rows``."""
    if fmt == "csv":
        return csv_streaming_response(f"{stem}.csv", names, rows)
    response = StreamingHttpResponse(
        _json_stream(names, rows, translation.get_language()),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = content_disposition_header(True, f"{stem}.json")
    return response


@require_safe
@with_programme
def catalogue_page(request: HttpRequest, programme: Any) -> HttpResponse:
    """Every open dataset: what it holds, its licence and columns, its downloads."""
    datasets = [
        {
            "dataset": dataset,
            "licence": catalogue.licence_descriptor(dataset.licence),
            "downloads": {
                f: catalogue.download_path(dataset, f, programme) for f in catalogue.FORMATS
            },
        }
        for dataset in catalogue.visible(programme)
    ]
    return render(
        request,
        "opendata/catalogue.html",
        {
            "programme": programme,
            "datasets": datasets,
            "today": timezone.localdate(),
            "research": request.user.has_perm("opendata.research_export"),
        },
    )


def _dataset_or_404(slug: str, programme: Any) -> registry.Dataset:
    dataset = registry.datasets().get(slug)
    if dataset is None or (dataset.per_programme and programme is None):
        raise Http404
    return dataset


@require_safe
@with_programme
def dataset_page(request: HttpRequest, slug: str, programme: Any) -> HttpResponse:
    """One dataset: description, source, licence, columns, number of rows, downloads."""
    dataset = _dataset_or_404(slug, programme)
    return render(
        request,
        "opendata/dataset.html",
        {
            "programme": programme,
            "dataset": dataset,
            "licence": catalogue.licence_descriptor(dataset.licence),
            "count": catalogue.count_rows(dataset, programme),
            "downloads": {
                f: catalogue.download_path(dataset, f, programme) for f in catalogue.FORMATS
            },
            "today": timezone.localdate(),
        },
    )


@require_safe
@with_programme
def download(request: HttpRequest, slug: str, fmt: str, programme: Any) -> HttpResponse:
    """One declared dataset (of the request's programme when it has one), streamed."""
    dataset = _dataset_or_404(slug, programme)
    if fmt not in catalogue.FORMATS:
        raise Http404
    names = [column.name for column in dataset.columns]
    rows = dataset.rows(programme if dataset.per_programme else None)
    return stream(fmt, catalogue.file_stem(dataset, programme), names, rows)


@require_safe
@with_programme
def datapackage(request: HttpRequest, programme: Any) -> HttpResponse:
    """The catalogue as a Frictionless Data Package (datapackage.json)."""
    descriptor = catalogue.data_package(programme, request.build_absolute_uri)
    return JsonResponse(descriptor, json_dumps_params={"ensure_ascii": False, "indent": 1})


@require_safe
@require_perm("opendata.research_export")
@with_programme
def research_page(request: HttpRequest, programme: Any) -> HttpResponse:
    """The pseudonymised exports, with the rules they follow."""
    return render(
        request,
        "opendata/research.html",
        {
            "programme": programme,
            "exports": list(research.EXPORTS.values()),
            "minimum": min_group_size(),
        },
    )


@require_safe
@require_perm("opendata.research_export")
@with_programme
def research_download(request: HttpRequest, slug: str, fmt: str, programme: Any) -> HttpResponse:
    """One pseudonymised export of the programme, streamed with a key drawn for it."""
    export = research.EXPORTS.get(slug)
    if export is None or programme is None or fmt not in catalogue.FORMATS:
        raise Http404
    names = [column.name for column in export.columns]
    stem = f"recherche-{slug}-{programme.slug}"
    return stream(fmt, stem, names, export.rows(programme))
