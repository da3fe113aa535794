"""Requests per client, counted in Django's cache by django-ninja's sliding-window throttle.

The client is the address the web server saw (``REMOTE_ADDR``, as for logins: the reverse proxy
must set it right); an ``X-Forwarded-For`` header sent by the client is not trusted, or anyone
could give themselves a fresh allowance on each request. Logged-in people are counted by address
too: the API is the same for everyone.

The rate (``ENDAVANT_API_RATE_LIMIT``, "300/min" by default) and the cache
(``ENDAVANT_API_CACHE``, a key of ``CACHES``, "default" by default) are read at each request.
With the default in-memory cache each server process counts apart; several processes should
share a cache (database, Redis or Memcached) for the limit to hold across them.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest
from ninja.throttling import SimpleRateThrottle

DEFAULT_RATE = "300/min"


def rate() -> str:
    """The allowance of one client, as ``requests/period`` (``300/min``)."""
    return str(getattr(settings, "ENDAVANT_API_RATE_LIMIT", DEFAULT_RATE))


class ClientRateThrottle(SimpleRateThrottle):
    """Ninja's throttle, with its rate and cache looked up per request."""

    scope = "endavant_api"

    def __init__(self) -> None:
        super().__init__(rate=DEFAULT_RATE)

    def get_ident(self, request: HttpRequest) -> str | None:
        return request.META.get("REMOTE_ADDR") or "unknown"

    def get_cache_key(self, request: HttpRequest) -> str | None:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def allow_request(self, request: HttpRequest) -> bool:
        self.rate = rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        self.cache: Any = caches[getattr(settings, "ENDAVANT_API_CACHE", "default")]
        return super().allow_request(request)
