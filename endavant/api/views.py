"""The API's pages outside django-ninja: its reference page and the answer to unknown
addresses under ``/api/``."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from endavant.api import reference
from endavant.api.pagination import MAX_PAGE_SIZE
from endavant.api.throttling import rate
from endavant.api.web import error_response


# Exempt from CSRF: nothing here writes, and other methods get the API's own JSON 405.
@csrf_exempt
def docs(request: HttpRequest) -> HttpResponse:
    """The API's reference, generated from its OpenAPI document."""
    info, sections = reference.sections()
    return render(
        request,
        "api/docs.html",
        {
            "info": info,
            "sections": sections,
            "max_page_size": MAX_PAGE_SIZE,
            "rate": rate(),
        },
    )


@csrf_exempt
def not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    """Any other address under /api/: a JSON 404, never the site's HTML page."""
    return error_response(404, "not_found", _("Nothing is published at this address."))
