"""Security headers on every response the platform builds, and the refusal of NUL bytes.

Django's SecurityMiddleware already sends ``Referrer-Policy`` (``SECURE_REFERRER_POLICY``),
``X-Content-Type-Options`` and ``Cross-Origin-Opener-Policy``, and the clickjacking middleware
``X-Frame-Options``; this one adds what Django 5.2 lacks. Static files never reach it: WhiteNoise,
placed before it, answers them with its own long caching.

It is also the first Endavant code every request meets, so it turns away a request that carries
a NUL byte (see :func:`holds_nul_byte`) before any view, form or context processor reads it.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBadRequest
from django.http.response import HttpResponseBase
from django.template import loader

# Nothing inline and nothing from elsewhere: the pages need no script, use one stylesheet per app
# and SVG maps served by the platform. Colours come from stylesheet classes or SVG ``fill``
# attributes (which style-src does not govern; see includes/swatch.html), never ``style=""``.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

# Powerful browser features the platform never uses, switched off for it and anything it embeds.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)

# Account and back-office pages are personal even before login (the login form holds a CSRF
# token); every page seen by a logged-in person may show their name or their data.
PRIVATE_PATH_PREFIXES = ("/compte/", "/gestion/", "/admin/")


def is_private(request: HttpRequest) -> bool:
    """Whether the response to ``request`` must never be stored by a browser or a proxy."""
    if request.path_info.startswith(PRIVATE_PATH_PREFIXES):
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def holds_nul_byte(request: HttpRequest) -> bool:
    """Whether the path, the query string, the form fields or the cookies hold a NUL byte.

    No text the platform takes may hold one: PostgreSQL refuses it in every text column (a
    query that compares a column with it fails), and Django's form fields already refuse it one
    by one. Refusing it here covers what a view, a context processor or the admin reads without a
    form (filters, the programme named in the URL or in a cookie, search boxes). Uploaded files
    are left to the import that reads them.
    """
    texts = [request.path_info, *request.COOKIES.keys(), *request.COOKIES.values()]
    queries = [request.GET, request.POST] if request.method == "POST" else [request.GET]
    for query in queries:
        for key, values in query.lists():
            texts += [key, *values]
    return any("\x00" in text for text in texts)


def bad_request(request: HttpRequest) -> HttpResponseBadRequest:
    """The 400 page, drawn without context processors (the request is refused before them);
    under /api/, the read API's JSON error instead of a page."""
    if request.path_info.startswith("/api/"):
        return HttpResponseBadRequest(
            json.dumps(
                {
                    "status": 400,
                    "code": "bad_request",
                    "message": "The request holds a NUL byte.",
                    "errors": [],
                }
            ),
            content_type="application/json",
        )
    return HttpResponseBadRequest(loader.render_to_string("400.html"))


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy everywhere; ``no-store`` on private pages;
    a 400 for any request that carries a NUL byte."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if holds_nul_byte(request):
            response: HttpResponseBase = bad_request(request)
        else:
            response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if is_private(request):
            # Replace, not merge: a view's "public, max-age" must not survive on a private page.
            response.headers["Cache-Control"] = "no-store"
            response.headers.pop("Expires", None)
        return response
