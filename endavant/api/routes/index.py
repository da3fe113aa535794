"""The API's home: where its documentation and its resources are."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import NinjaAPI

from endavant.api.schemas import Error, Index

RESOURCES = [
    ("programmes", "/api/programmes"),
    ("departements", "/api/departements"),
    ("communes", "/api/communes"),
]


def register(api: NinjaAPI) -> None:
    """Add the home operation to ``api``."""

    @api.get(
        "/",
        response={200: Index, 304: None, 429: Error},
        url_name="index",
        tags=["API"],
        summary="Where to start",
    )
    def index(request: HttpRequest) -> dict[str, object]:
        """The documentation, the OpenAPI document and the top-level lists."""
        from endavant.api.main import VERSION

        return {
            "name": "Endavant API",
            "version": VERSION,
            "documentation": "/api/docs",
            "openapi": "/api/openapi.json",
            "licence": "Licence Ouverte / Etalab 2.0",
            "resources": [{"name": name, "href": href} for name, href in RESOURCES],
        }
