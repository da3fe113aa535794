"""The open-data catalogue as data: the declared datasets, their Table Schemas and the
Frictionless Data Package that describes them all (https://specs.frictionlessdata.io/)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from endavant.core import registry
from endavant.core.registry import Dataset

#: Licences we can name with their Open Definition identifier; any other is given by its title.
LICENCES: dict[str, dict[str, str]] = {
    "Licence Ouverte / Etalab 2.0": {
        "name": "etalab-2.0",
        "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
        "title": "Licence Ouverte / Open Licence 2.0",
    },
    "ODbL": {
        "name": "ODbL-1.0",
        "path": "https://opendatacommons.org/licenses/odbl/1-0/",
        "title": "Open Data Commons Open Database License 1.0",
    },
}

#: How many rows the page of a dataset counts at most (counting reads the rows).
ROW_COUNT_CAP = 10_000

FORMATS = ("csv", "json")


def licence_descriptor(licence: str) -> dict[str, str]:
    """A Data Package ``licenses`` entry for ``licence`` ("notspecified" when we cannot name it)."""
    known = LICENCES.get(licence)
    if known is not None:
        return dict(known)
    return {"name": "notspecified", "title": licence}


def field_descriptor(column: registry.Column) -> dict[str, Any]:
    """One Table Schema field. Date-times are written as Python prints them (ISO 8601 with a
    space), which the default format of the spec does not read: the format is "any"."""
    field: dict[str, Any] = {
        "name": column.name,
        "type": column.type,
        "description": str(column.description),
    }
    if column.type == "datetime":
        field["format"] = "any"
    return field


def table_schema(dataset: Dataset) -> dict[str, Any]:
    """The Table Schema of a dataset: its typed, described columns."""
    return {"fields": [field_descriptor(c) for c in dataset.columns], "missingValues": [""]}


def visible(programme: Any) -> list[Dataset]:
    """The datasets a visitor can download with ``programme`` (or none) chosen, by title."""
    found = [
        d for d in registry.datasets().values() if programme is not None or not d.per_programme
    ]
    return sorted(found, key=lambda d: str(d.title))


def download_path(dataset: Dataset, fmt: str, programme: Any) -> str:
    """The address of a download, naming the programme for per-programme datasets."""
    path = reverse("opendata:download", args=[dataset.slug, fmt])
    if dataset.per_programme and programme is not None:
        path += "?" + urlencode({"programme": programme.slug})
    return path


def file_stem(dataset: Dataset, programme: Any) -> str:
    return f"{dataset.slug}-{programme.slug}" if dataset.per_programme else dataset.slug


def resource(dataset: Dataset, programme: Any, absolute: Any) -> dict[str, Any]:
    """The Data Package resource of one dataset (its CSV download)."""
    return {
        "name": dataset.slug,
        "title": str(dataset.title),
        "description": str(dataset.description),
        "path": absolute(download_path(dataset, "csv", programme)),
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": {"delimiter": ",", "header": True},
        "schema": table_schema(dataset),
        "sources": [{"title": str(dataset.source)}],
        "licenses": [licence_descriptor(dataset.licence)],
    }


def data_package(programme: Any, absolute: Any) -> dict[str, Any]:
    """The Frictionless Data Package of every dataset visible with ``programme``.

    ``absolute`` turns a path into a full URL (``request.build_absolute_uri``).
    """
    datasets = visible(programme)
    name = f"endavant-{programme.slug}" if programme is not None else "endavant"
    licences = {d.licence for d in datasets} or {"Licence Ouverte / Etalab 2.0"}
    return {
        "profile": "data-package",
        "name": name,
        "title": f"Endavant · {programme.name}" if programme is not None else "Endavant",
        "homepage": absolute(reverse("opendata:catalogue")),
        "created": timezone.now().replace(microsecond=0).isoformat(),
        "licenses": [licence_descriptor(licence) for licence in sorted(licences)],
        "resources": [resource(d, programme, absolute) for d in datasets],
    }


@dataclass(frozen=True)
class RowCount:
    """How many rows a dataset has, or at least how many (``capped``)."""

    value: int
    capped: bool


def count_rows(dataset: Dataset, programme: Any, cap: int = ROW_COUNT_CAP) -> RowCount:
    """Count the rows of a dataset by reading them as a download would, up to ``cap``."""
    rows: Iterator[Sequence[Any]] = iter(dataset.rows(programme if dataset.per_programme else None))
    counted = sum(1 for _row in islice(rows, cap + 1))
    close = getattr(rows, "close", None)
    if close is not None:
        close()
    return RowCount(min(counted, cap), counted > cap)
