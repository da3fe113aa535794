"""The read API: one django-ninja instance, its error handlers and its routers.

Errors all have the shape of :class:`endavant.api.schemas.Error`. The throttle applies to every
operation; the responses every operation may give besides its 200 are declared once here
(:func:`responses`) so that the OpenAPI document tells integrators about them.
"""

from __future__ import annotations

import logging
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import HttpError, Throttled, ValidationError

from endavant.api.schemas import Error
from endavant.api.throttling import ClientRateThrottle
from endavant.api.web import error_response

logger = logging.getLogger(__name__)

VERSION = "1.0.0"

DESCRIPTION = """Read-only access to what the platform publishes: programmes, territories and
communes with their indicators, the roadmap, ballots and their results, workshops, calls for
projects and public projects, the network and the procurement grouping.

* Only GET (and HEAD, OPTIONS) is answered; any other method is a 405.
* Lists are paged: `page` from 1 and `page_size` up to 100 (more is a 422 error).
* Each answer carries an `ETag`: send it back in `If-None-Match` to get a 304 when nothing changed.
* Requests are limited per client address; over the limit, a 429 says in `Retry-After` how many
  seconds to wait.
* Any origin may read the API (CORS `Access-Control-Allow-Origin: *`, without credentials).
* Errors are JSON: `{"status", "code", "message", "errors"}`.
* Data under the Licence Ouverte / Etalab 2.0; results never show a group smaller than the
  minimum group size.
"""


class EndavantAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Any) -> str:
        """Operation ids are the URL names (``communes``, ``commune``...), stable and short."""
        return str(
            getattr(operation, "url_name", "") or super().get_openapi_operation_id(operation)
        )


api = EndavantAPI(
    title="Endavant API",
    version=VERSION,
    description=DESCRIPTION,
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url=None,
    throttle=[ClientRateThrottle()],
)


def responses(ok: Any, *, not_found: bool = False) -> dict[int, Any]:
    """The responses an operation declares: ``ok`` on 200, and the shared errors."""
    declared: dict[int, Any] = {200: ok, 304: None, 422: Error, 429: Error}
    if not_found:
        declared[404] = Error
    return declared


_LOCATIONS = {"query", "path", "header", "cookie", "body"}


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = []
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ())]
        where = location[0] if location and location[0] in _LOCATIONS else "query"
        name = next((part for part in reversed(location) if part not in _LOCATIONS), "")
        errors.append({"location": where, "field": name, "message": str(error.get("msg", ""))})
    return error_response(
        422, "invalid", _("A parameter has a value the API does not accept."), errors
    )


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(404, "not_found", _("Nothing is published at this address."))


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc, Throttled):
        return error_response(
            429, "throttled", _("Too many requests from your address: wait and try again.")
        )
    return error_response(exc.status_code, "error", str(exc))


@api.exception_handler(Exception)
def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("API error on %s", request.path, exc_info=exc)
    return error_response(500, "server_error", _("The server failed; the error is logged."))


def _register() -> None:
    from endavant.api.routes import (
        ballots,
        calls,
        datasets,
        documents,
        index,
        network,
        observatory,
        programmes,
        roadmap,
        territory,
        workshops,
    )

    index.register(api)
    for module in (
        programmes,
        territory,
        roadmap,
        ballots,
        workshops,
        calls,
        network,
        documents,
        observatory,
        datasets,
    ):
        api.add_router("", module.router)


_register()
