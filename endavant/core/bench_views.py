"""Views for the benchmarks and the several-servers test, mounted under ``/_bench/`` only when
``ENDAVANT_BENCH_VIEWS=1`` (never in production).

``ping`` is the smallest authenticated, CSRF-checked POST the stack can answer: the vote
throughput is measured against it in the same run. ``cache`` reads, sets or deletes a key of
the configured cache, to show that several servers share it.
"""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, JsonResponse
from django.urls import path
from django.views.decorators.http import require_http_methods, require_POST

app_name = "bench"

KEY_PREFIX = "endavant-bench:"


@require_POST
def ping(request: HttpRequest) -> HttpResponse:
    """204 for a logged-in person (session read, user loaded, CSRF token checked)."""
    if not request.user.is_authenticated:
        return HttpResponseForbidden()
    return HttpResponse(status=204)


@require_http_methods(["GET", "POST"])
def cache_key(request: HttpRequest, key: str) -> HttpResponse:
    """GET: the value of ``key`` (null when absent); POST ``value=...`` sets it, ``delete=1``
    deletes it."""
    if not request.user.is_authenticated:
        return HttpResponseForbidden()
    name = KEY_PREFIX + key[:50]
    if request.method == "POST":
        if request.POST.get("delete"):
            cache.delete(name)
        else:
            cache.set(name, request.POST.get("value", "")[:200], 300)
    return JsonResponse({"key": key, "value": cache.get(name)})


urlpatterns = [
    path("ping/", ping, name="ping"),
    path("cache/<slug:key>/", cache_key, name="cache"),
]
