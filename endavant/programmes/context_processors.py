"""The programme a page shows, for the header of every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from endavant.programmes.context import programme_for
from endavant.programmes.models import Programme


def programme(request: HttpRequest) -> dict[str, Any]:
    """``current_programme`` (lazy) and whether the visitor can choose another one."""
    current = SimpleLazyObject(lambda: programme_for(request) or "")
    return {
        "current_programme": current,
        "several_programmes": SimpleLazyObject(lambda: Programme.objects.active().count() > 1),
    }
