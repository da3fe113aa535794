"""What every address under ``/api/`` does around its view: read-only methods, CORS, HEAD,
validators (ETag and 304) and JSON errors.

Applied to each URL pattern of the API (``endavant.api.urls``), so that it holds for the
operations django-ninja routes, the OpenAPI document, the reference page and unknown addresses
alike:

* only GET, HEAD and OPTIONS are answered; any other method gets a JSON 405 with ``Allow``
  (nothing is written through the API, so there is no token and no CSRF to check);
* OPTIONS is the CORS preflight: 204 with the methods and headers allowed;
* every answer carries ``Access-Control-Allow-Origin: *`` and never
  ``Access-Control-Allow-Credentials``: a page on another site may read the API, never with the
  visitor's session;
* a successful GET carries a strong ``ETag`` (a hash of the body): a client that sends it back in
  ``If-None-Match`` gets a 304 without the body. No ``Last-Modified``: most records keep no
  modification time, and a made-up one would mislead caches;
* HEAD is answered as GET without the body.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.translation import gettext as _

READ_METHODS = ("GET", "HEAD", "OPTIONS")
ALLOW = ", ".join(READ_METHODS)
#: How long a public client or proxy may reuse an answer without asking again.
MAX_AGE = 60

CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag, Retry-After, Content-Language",
}
PREFLIGHT_HEADERS = {
    "Access-Control-Allow-Methods": ALLOW,
    "Access-Control-Allow-Headers": "Accept, Accept-Language, If-None-Match",
    "Access-Control-Max-Age": "86400",
}


def error_response(
    status: int, code: str, message: str, errors: list[dict[str, Any]] | None = None
) -> JsonResponse:
    """The one shape of every error of the API (``endavant.api.schemas.Error``)."""
    return JsonResponse(
        {"status": status, "code": code, "message": message, "errors": errors or []},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


def _with_cors(response: HttpResponseBase) -> HttpResponseBase:
    for name, value in CORS_HEADERS.items():
        response.headers[name] = value
    return response


def _is_json(response: HttpResponseBase) -> bool:
    return response.get("Content-Type", "").startswith("application/json")


def api_view(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Wrap one view of the API with the behaviour described in this module."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        method = request.method or "GET"
        if method not in READ_METHODS:
            response: HttpResponseBase = error_response(
                405,
                "method_not_allowed",
                _("The API only reads: use GET, HEAD or OPTIONS."),
            )
            response["Allow"] = ALLOW
            return _with_cors(response)
        if method == "OPTIONS":
            response = _with_cors(HttpResponse(status=204))
            for name, value in PREFLIGHT_HEADERS.items():
                response[name] = value
            response["Allow"] = ALLOW
            return response
        # HEAD is GET without the body: the operations are declared for GET.
        request.method = "GET"
        try:
            response = view(request, *args, **kwargs)
        finally:
            request.method = method
        if response.status_code == 200 and not response.streaming:
            content = response.content  # type: ignore[attr-defined]
            response["ETag"] = f'"{hashlib.sha256(content).hexdigest()[:32]}"'
            patch_cache_control(response, public=True, max_age=MAX_AGE)
            conditional = get_conditional_response(
                request,
                etag=response["ETag"],
                response=response,  # type: ignore[arg-type]
            )
            if conditional is not None:
                response = conditional
        elif response.status_code in (404, 405) and not _is_json(response):
            response = error_response(404, "not_found", _("Nothing is published at this address."))
        if method == "HEAD" and not response.streaming:
            length = len(response.content)  # type: ignore[attr-defined]
            response.content = b""  # type: ignore[attr-defined]
            response["Content-Length"] = str(length)
        return _with_cors(response)

    return wrapped
