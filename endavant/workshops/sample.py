"""Small sample data for the access matrix and the browser suite (not demo data)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from endavant.programmes.models import Programme
from endavant.workshops.models import Workshop


def programme() -> Programme:
    programme, _created = Programme.objects.get_or_create(
        slug="programme-test", defaults={"name": "Programme test"}
    )
    return programme


def workshop(days: int = 10) -> Workshop:
    """A hybrid workshop ``days`` from now (negative: in the past)."""
    start = timezone.now() + timedelta(days=days)
    return Workshop.objects.create(
        programme=programme(),
        title="Exemple : atelier test",
        format=Workshop.Format.HYBRID,
        place="Salle des fêtes",
        online_url="https://visio.example.org/atelier",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        capacity_room=10,
        capacity_online=10,
        is_example=True,
    )
