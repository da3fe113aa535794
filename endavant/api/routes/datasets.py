"""The open-data catalogue (the opendata app's): each dataset with its columns, licence and
download addresses."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from endavant.api import schemas
from endavant.api.main import responses
from endavant.api.routes.common import Slug, programme_or_404
from endavant.opendata import catalogue

router = Router(tags=["Open data"])


@router.get(
    "/programmes/{slug}/datasets",
    response=responses(list[schemas.Dataset], not_found=True),
    url_name="datasets",
)
def dataset_list(request: HttpRequest, slug: Slug) -> list[dict[str, Any]]:
    """The datasets published for the programme (and those of every programme), by title."""
    programme = programme_or_404(slug)
    return [
        {
            "slug": dataset.slug,
            "title": str(dataset.title),
            "description": str(dataset.description),
            "licence": dataset.licence,
            "source": str(dataset.source),
            "per_programme": dataset.per_programme,
            "columns": [
                {"name": c.name, "type": c.type, "description": str(c.description)}
                for c in dataset.columns
            ],
            "downloads": {
                fmt: catalogue.download_path(dataset, fmt, programme) for fmt in catalogue.FORMATS
            },
        }
        for dataset in catalogue.visible(programme)
    ]
