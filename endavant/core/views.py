"""The home page, the legal pages and the error pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_safe

from endavant.core import registry
from endavant.core.navigation import backoffice_navigation


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The programme at a glance: what the modules declare as home sections (next workshops
    nearby, open ballots, latest realised actions, key figures)."""
    return render(
        request, "core/home.html", {"sections": registry.sections("HOME_SECTIONS", request)}
    )


@require_safe
def legal_notice(request: HttpRequest) -> HttpResponse:
    """Mentions légales: who publishes and hosts the platform."""
    return render(request, "core/legal_notice.html")


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    """Déclaration d'accessibilité (RGAA)."""
    return render(request, "core/accessibility.html")


@require_safe
def personal_data(request: HttpRequest) -> HttpResponse:
    """Données personnelles: what is collected, why, and the rights of each person."""
    return render(request, "core/personal_data.html")


@require_safe
@login_required
def backoffice(request: HttpRequest) -> HttpResponse:
    """The back-office hub: the staff pages this person may use, from every app."""
    links = backoffice_navigation(request.user)
    if not links:
        raise PermissionDenied
    return render(request, "core/backoffice.html", {"links": links})


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    """Render the 500 page without the context processors, which may be what failed."""
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"request_path": request.path}))
