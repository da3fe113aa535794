"""Page-number pagination with a bounded page size, shared by every list of the API.

A list answers ``{"count", "page", "page_size", "pages", "next", "previous", "results"}``. A
``page_size`` above :data:`MAX_PAGE_SIZE` (or a page below 1) is refused with a 422 error that
names the parameter: an integrator learns the limit at once instead of getting fewer rows than
asked without knowing why. A page after the last one is an empty list, not an error.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from pydantic import create_model

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
#: Far more pages than any list holds at the largest page size; bounds the offset sent to SQL.
MAX_PAGE = 100_000

T = TypeVar("T")


class PageParams(Schema):
    """The page asked for."""

    page: int = Field(1, ge=1, le=MAX_PAGE, description="Page number, from 1.")
    page_size: int = Field(
        DEFAULT_PAGE_SIZE,
        ge=1,
        le=MAX_PAGE_SIZE,
        description=f"Items per page, {MAX_PAGE_SIZE} at most (more is a 422 error).",
    )


class PageBase(Schema):
    count: int = Field(..., description="Items in the whole list (every page).")
    page: int
    page_size: int
    pages: int = Field(..., description="Number of pages (0 for an empty list).")
    next: str | None = Field(None, description="Address of the next page, if any.")
    previous: str | None = Field(None, description="Address of the previous page, if any.")


_PAGES: dict[type, type[PageBase]] = {}


def page_of(item: type[Schema]) -> type[PageBase]:
    """The page schema whose ``results`` are ``item`` objects (one class per item schema)."""
    if item not in _PAGES:
        _PAGES[item] = create_model(
            f"{item.__name__}Page",
            __base__=PageBase,
            __doc__=f"A page of {item.__name__} objects.",
            results=(list[item], ...),  # type: ignore[valid-type]
        )
    return _PAGES[item]


def _link(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return f"{request.path}?{urlencode(sorted(query.lists()), doseq=True)}"


def paginate(
    request: HttpRequest,
    items: QuerySet[Any] | Sequence[T],
    params: PageParams,
    serialise: Callable[[Any], dict[str, Any]],
) -> dict[str, Any]:
    """One page of ``items`` (a queryset is counted and sliced in the database: two queries,
    plus its prefetches), each item turned into a dict by ``serialise``."""
    count = items.count() if isinstance(items, QuerySet) else len(items)
    start = (params.page - 1) * params.page_size
    rows = list(items[start : start + params.page_size]) if start < count else []
    pages = math.ceil(count / params.page_size)
    return {
        "count": count,
        "page": params.page,
        "page_size": params.page_size,
        "pages": pages,
        "next": _link(request, params.page + 1) if params.page < pages else None,
        "previous": _link(request, max(1, min(params.page - 1, pages)))
        if params.page > 1
        else None,
        "results": [serialise(row) for row in rows],
    }
