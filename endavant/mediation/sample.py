"""Small sample data for the access matrix and the browser suite (not demo data)."""

from __future__ import annotations

from datetime import date

from endavant.core.services import SYSTEM
from endavant.mediation import services
from endavant.mediation.models import Document
from endavant.programmes.models import Programme

TEXT = (
    "Exemple : la fibre optique arrive dans votre commune. Le réseau d'initiative publique "
    "relie chaque village. Votre logement est raccordable quand le point de branchement "
    "optique (PBO) est posé près de chez vous.\n\nLe raccordement est fait par l'opérateur "
    "commercial que vous choisissez."
)


def programme() -> Programme:
    programme, _created = Programme.objects.get_or_create(
        slug="programme-test", defaults={"name": "Programme test"}
    )
    return programme


def document(year: int = 2021, kind: str = Document.Kind.FLYER) -> Document:
    """A short example flyer about fibre, written through the service."""
    return services.document_save(
        actor=SYSTEM,
        programme=programme(),
        title=f"Exemple : la fibre arrive ({year})",
        kind=kind,
        published_on=date(year, 3, 1),
        audiences=["resident"],
        source="Exemple : Département",
        text=TEXT,
        is_example=True,
    )


def commune_with_coverage() -> str:
    """A commune of the 66 with two quarters of coverage; returns its INSEE code."""
    from endavant.territory.models import Commune, CoverageObservation, Departement

    departement, _created = Departement.objects.get_or_create(
        code="66", defaults={"name": "Pyrénées-Orientales"}
    )
    commune, created = Commune.objects.get_or_create(
        code="66171",
        defaults={
            "name": "Saint-Cyprien",
            "search_name": "saint cyprien",
            "departement": departement,
        },
    )
    if created:
        for quarter, end, connectable in (
            ("2017T3", date(2017, 9, 30), 120),
            ("2018T1", date(2018, 3, 31), 860),
        ):
            CoverageObservation.objects.create(
                commune=commune,
                quarter=quarter,
                quarter_end=end,
                premises_connectable=connectable,
                premises_total=1000,
                source="Exemple : ARCEP",
            )
    return commune.code
