"""Which programme a request is about: named in the URL (``?programme=<slug>``), or chosen
earlier and remembered in a cookie, or the only active one. Never "the first programme": with
several programmes and no choice, pages ask the visitor to choose."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.validators import slug_re
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from endavant.programmes.models import Programme

COOKIE = "endavant_programme"
PARAM = "programme"
_UNSET = object()


def _by_slug(slug: str, *, active_only: bool) -> Programme | None:
    # Whatever a URL or a cookie says: only something shaped like a slug reaches the database.
    if not slug or len(slug) > 80 or not slug_re.fullmatch(slug):
        return None
    found = Programme.objects.select_related("territory").filter(slug=slug)
    if active_only:
        found = found.active()
    return found.first()


def programme_for(request: HttpRequest) -> Programme | None:
    """The programme ``request`` is about, or ``None`` when it cannot be told (cached)."""
    cached = getattr(request, "_endavant_programme", _UNSET)
    if cached is not _UNSET:
        return cached  # type: ignore[return-value]
    programme = _by_slug(request.GET.get(PARAM, ""), active_only=False)
    if programme is not None:
        request._endavant_programme_chosen = programme.slug  # type: ignore[attr-defined]
    else:
        programme = _by_slug(request.COOKIES.get(COOKIE, ""), active_only=True)
    if programme is None:
        only = list(Programme.objects.select_related("territory").active()[:2])
        programme = only[0] if len(only) == 1 else None
    request._endavant_programme = programme  # type: ignore[attr-defined]
    return programme


def remember(response: HttpResponse, slug: str) -> HttpResponse:
    """Remember the visitor's choice of programme for a year (no personal data in it)."""
    response.set_cookie(COOKIE, slug, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response


class ProgrammeMiddleware:
    """Keeps a programme named in the URL as the visitor's choice for the next pages."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        chosen = getattr(request, "_endavant_programme_chosen", None)
        if chosen and request.COOKIES.get(COOKIE) != chosen:
            remember(response, chosen)
        return response


def choose_page(request: HttpRequest) -> HttpResponse:
    """The page that asks which programme to show, coming back to the same address."""
    return render(
        request,
        "programmes/choose.html",
        {"programmes": list(Programme.objects.active()), "next": request.get_full_path()},
    )


def with_programme(
    view: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    """Call ``view(request, *args, programme=..., **kwargs)`` with the request's programme.

    When several programmes exist and none is chosen, the visitor is asked to choose. When
    there is no programme at all, the view gets ``None`` and says so.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        programme = programme_for(request)
        if programme is None and Programme.objects.active().exists():
            return choose_page(request)
        return view(request, *args, programme=programme, **kwargs)

    return wrapped
