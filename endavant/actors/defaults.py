"""Demo data: the communes of the Pyrénées-Orientales as organisations, and fictional people.

The communes are real (names from the territory's official data); each one serves itself. The
people and the association are invented and say so ("Exemple fictif"). Idempotent: a second run
only checks that the rows are there.
"""

from __future__ import annotations

from typing import TextIO

from django.db import transaction

from endavant.actors.models import Membership, Organisation, Person
from endavant.actors.services import membership_add, organisation_save, person_save
from endavant.core.services import SYSTEM, audit_record
from endavant.core.text import search_key
from endavant.territory.models import Commune

DEPARTEMENT = "66"

FICTIONAL_PEOPLE = (
    # (name, role, organisation kind to attach to, title)
    ("Camille Exemple (exemple fictif)", Membership.Role.DIGITAL_MEDIATOR, "Exemple fictif"),
    ("Jordi Exemple (exemple fictif)", Membership.Role.ASSOCIATION_MEMBER, "Exemple fictif"),
    ("Marie Exemple (exemple fictif)", Membership.Role.ELECTED_OFFICIAL, ""),
)
FICTIONAL_ASSOCIATION = "Association Exemple fictif pour le numérique"


@transaction.atomic
def load(stdout: TextIO) -> None:
    """Create the commune organisations and the fictional examples that are missing."""
    communes = list(Commune.objects.filter(departement__code=DEPARTEMENT).order_by("code"))
    if not communes:
        stdout.write("actors: no commune of the Pyrénées-Orientales loaded; skipped.\n")
        return
    already = set(
        Organisation.objects.filter(
            kind=Organisation.Kind.COMMUNE, communes_served__in=communes
        ).values_list("communes_served__code", flat=True)
    )
    missing = [commune for commune in communes if commune.code not in already]
    created = Organisation.objects.bulk_create(
        Organisation(
            name=commune.name, kind=Organisation.Kind.COMMUNE, search_text=search_key(commune.name)
        )
        for commune in missing
    )
    through = Organisation.communes_served.through
    through.objects.bulk_create(
        through(organisation_id=org.pk, commune_id=commune.pk)
        for org, commune in zip(created, missing, strict=True)
    )
    if created:
        # One audit row for the whole batch, as for an import.
        audit_record(
            actor=SYSTEM,
            action="organisation.import",
            after={"communes_as_organisations": len(created), "departement": DEPARTEMENT},
        )
    if Person.objects.filter(is_fictional=True).exists():
        stdout.write(f"actors: {len(missing)} commune organisation(s) added.\n")
        return
    first = communes[0]
    association = organisation_save(
        actor=SYSTEM,
        name=FICTIONAL_ASSOCIATION,
        kind=Organisation.Kind.ASSOCIATION,
        description="Exemple fictif : une association inventée pour montrer l'annuaire.",
        communes_served=[first],
        competencies=["Médiation numérique", "Accès aux droits"],
        expectations=["Couverture mobile"],
        is_fictional=True,
    )
    mairie = Organisation.objects.filter(
        kind=Organisation.Kind.COMMUNE, communes_served=first
    ).first()
    for name, role, where in FICTIONAL_PEOPLE:
        person = person_save(
            actor=SYSTEM,
            full_name=name,
            email="",
            home_commune=first,
            competencies=["Accompagnement"] if role == Membership.Role.DIGITAL_MEDIATOR else [],
            is_fictional=True,
        )
        membership_add(
            actor=SYSTEM,
            person=person,
            role=role,
            organisation=association if where else mairie,
            is_public=True,
        )
    stdout.write(
        f"actors: {len(missing)} commune organisation(s) and {len(FICTIONAL_PEOPLE)} fictional "
        "people added.\n"
    )
