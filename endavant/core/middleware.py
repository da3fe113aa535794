"""Security headers on every response the platform builds.

Django's SecurityMiddleware already sends ``Referrer-Policy`` (``SECURE_REFERRER_POLICY``),
``X-Content-Type-Options`` and ``Cross-Origin-Opener-Policy``, and the clickjacking middleware
``X-Frame-Options``; this one adds what Django 5.2 lacks. Static files never reach it: WhiteNoise,
placed before it, answers them with its own long caching.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.http.response import HttpResponseBase

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


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy everywhere; ``no-store`` on private pages."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if is_private(request):
            # Replace, not merge: a view's "public, max-age" must not survive on a private page.
            response.headers["Cache-Control"] = "no-store"
            response.headers.pop("Expires", None)
        return response
