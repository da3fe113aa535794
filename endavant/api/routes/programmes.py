"""Programmes: every programme of the installation, archived ones included (flagged)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from endavant.api import schemas
from endavant.api.main import responses
from endavant.api.pagination import PageParams, page_of, paginate
from endavant.api.routes.common import Slug, programme_or_404
from endavant.programmes.models import Programme

router = Router(tags=["Programmes"])


def programme_data(programme: Programme) -> dict[str, Any]:
    territory = programme.territory
    return {
        "slug": programme.slug,
        "name": programme.name,
        "description": programme.description,
        "territory": territory.code if territory is not None else None,
        "starts_on": programme.starts_on,
        "ends_on": programme.ends_on,
        "archived": programme.is_archived,
        "url": programme.get_absolute_url(),
    }


@router.get("/programmes", response=responses(page_of(schemas.Programme)), url_name="programmes")
def programme_list(request: HttpRequest, page: Query[PageParams]) -> dict[str, Any]:
    """The programmes, by name."""
    found = Programme.objects.select_related("territory").order_by("name", "pk")
    return paginate(request, found, page, programme_data)


@router.get(
    "/programmes/{slug}",
    response=responses(schemas.Programme, not_found=True),
    url_name="programme",
)
def programme_detail(request: HttpRequest, slug: Slug) -> dict[str, Any]:
    """One programme."""
    return programme_data(programme_or_404(slug))
