"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from endavant.core.navigation import backoffice_navigation, main_navigation


def platform(request: HttpRequest) -> dict[str, Any]:
    """Programme name, operator details and the main navigation."""
    return {
        "programme_name": settings.ENDAVANT_PROGRAMME_NAME,
        "operator": settings.ENDAVANT_OPERATOR,
        "main_navigation": main_navigation(request.path),
        # Lazy: only pages that show the back-office link evaluate the permission checks.
        "backoffice_links": SimpleLazyObject(lambda: backoffice_navigation(request.user)),
    }
