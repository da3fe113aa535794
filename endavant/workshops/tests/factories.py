"""Factories for workshops."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from endavant.core.services import SYSTEM
from endavant.workshops import services
from endavant.workshops.models import Workshop


def workshop(programme: Any, days: float = 10, **fields: Any) -> Workshop:
    """A workshop ``days`` from now (2 hours long), created through the service."""
    start = timezone.now() + timedelta(days=days)
    values: dict[str, Any] = {
        "title": "Atelier numérique",
        "format": Workshop.Format.IN_PERSON,
        "place": "Salle des fêtes",
        "starts_at": start,
        "ends_at": start + timedelta(hours=2),
    }
    values.update(fields)
    return services.workshop_save(actor=SYSTEM, programme=programme, **values)
