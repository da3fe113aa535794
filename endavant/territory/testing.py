"""Test and demonstration helpers: load the real embedded data of one département."""

from __future__ import annotations

from endavant.territory import services
from endavant.territory.models import Commune


def load_departement_66() -> None:
    """Import the embedded data of the Pyrénées-Orientales (226 communes) unless present."""
    if Commune.objects.filter(code="66136", population__isnull=False).exists():
        return
    services.embedded_import(departement="66")
