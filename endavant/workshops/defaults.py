"""Demo workshops of the Numérique 66 kind (all labelled « Exemple »).

The research talk says the programme held workshops with employees and elected officials, and in
person with service users across the territory, and that under COVID they moved online ("agile
regulation"). The workshops below follow that shape over 2019–2020; their titles, dates, places,
numbers, minutes and contributions are invented and labelled as examples. They go through the
services, so the audit log says the platform ("system") wrote them.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, TextIO

from django.db import transaction
from django.utils import timezone

from endavant.accounts.models import User
from endavant.actors.selectors import ParticipantProfile
from endavant.core.audiences import Audience
from endavant.core.services import SYSTEM, audit_record
from endavant.programmes.models import Programme
from endavant.roadmap.models import Action, FunctionalDomain
from endavant.territory.models import Commune
from endavant.territory.selectors import communes_with_isolation
from endavant.workshops import services
from endavant.workshops.models import Workshop
from endavant.workshops.services import Headcount

SLUG = "numerique-66"

# (days after 2019-01-14, title, format, audiences, commune index, room, online, domain index)
PLAN: tuple[tuple[int, str, str, list[str], int | None, int | None, int | None, int], ...] = (
    (0, "Exemple : les agents et la fibre entre mairie et école", "in_person",
     ["employee"], 0, 20, None, 0),
    (35, "Exemple : élus, quels usages du très haut débit ?", "in_person",
     ["elected_official"], 1, 25, None, 0),
    (70, "Exemple : démarches en ligne, atelier usagers", "in_person", [], 2, 15, None, 1),
    (105, "Exemple : médiation numérique à la médiathèque", "in_person", [], 3, 12, None, 1),
    (140, "Exemple : patrimoine et visite numérique", "in_person", [], 4, 20, None, 2),
    (210, "Exemple : agents, messagerie et visio", "in_person", ["employee"], 0, 20, None, 0),
    (260, "Exemple : élus, bilan d'étape", "hybrid", ["elected_official"], 1, 15, 30, 0),
    (300, "Exemple : collèges connectés", "in_person", [], 5, 20, None, 3),
    (425, "Exemple : démarches en ligne pendant le confinement", "online", [], None, None, 40, 1),
    (455, "Exemple : agents, télétravail et GFU", "online", ["employee"], None, None, 40, 0),
    (490, "Exemple : tourisme et culture en ligne", "online", [], None, None, 40, 2),
    (530, "Exemple : élus, reprise des ateliers", "hybrid", ["elected_official"], 1, 10, 30, 0),
)  # fmt: skip

CONTRIBUTIONS = (
    "Exemple : relier l'école à la mairie pour partager l'imprimante et les logiciels.",
    "Exemple : une permanence numérique le samedi matin à la médiathèque.",
    "Exemple : des tutoriels imprimés pour les démarches en ligne.",
    "Exemple : un parcours patrimonial avec des QR codes.",
)


def _communes() -> list[Commune]:
    """Six real communes of the 66 (isolated ones first), for the places of the examples."""
    communes = list(
        communes_with_isolation(Commune.objects.filter(departement__code="66")).order_by("code")
    )
    isolated = [c for c in communes if getattr(c, "is_isolated", None)]
    others = [c for c in communes if not getattr(c, "is_isolated", None)]
    return (isolated[:4] + others[:2] + communes)[:6]


def _people(n: int) -> list[User]:
    people = []
    for i in range(n):
        user, created = User.objects.get_or_create(
            email=f"exemple-participant-{i + 1:02d}@example.org",
            defaults={"full_name": f"Exemple participant·e {i + 1}"},
        )
        if created:
            audit_record(
                actor=SYSTEM,
                action="account.create",
                target=user,
                reason="Compte fictif de la démonstration",
            )
        people.append(user)
    return people


@transaction.atomic
def load(stdout: TextIO) -> None:
    """Load a year and a half of example workshops (a second run changes nothing)."""
    programme = Programme.objects.filter(slug=SLUG).first()
    if programme is None or Workshop.objects.filter(programme=programme).exists():
        return
    communes = _communes()
    if len(communes) < 6:
        stdout.write("workshops: communes of the 66 not loaded; examples skipped.\n")
        return
    domains = list(FunctionalDomain.objects.filter(programme=programme).order_by("pk"))
    actions = list(
        Action.objects.filter(orientation__programme=programme, is_example=True).order_by("pk")
    )
    people = _people(24)
    tz = timezone.get_current_timezone()
    first = datetime(2019, 1, 14, 14, 0, tzinfo=tz)
    audiences = [Audience.EMPLOYEE, Audience.ELECTED_OFFICIAL, Audience.RESIDENT]
    for n, (days, title, fmt, reserved, commune_index, room, online, domain_index) in enumerate(
        PLAN
    ):
        start = first + timedelta(days=days)
        commune = communes[commune_index] if commune_index is not None else None
        workshop = services.workshop_save(
            actor=SYSTEM,
            programme=programme,
            title=title,
            description="Exemple : atelier fictif pour montrer le fonctionnement de la plateforme.",
            format=fmt,
            commune=commune,
            place="Exemple : salle du conseil" if commune else "",
            online_url="https://visio.example.org/atelier" if fmt != "in_person" else "",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            capacity_room=room,
            capacity_online=online,
            audiences=reserved,
            is_example=True,
            domains=domains[domain_index : domain_index + 1],
            actions=actions[domain_index : domain_index + 1],
        )
        audience = reserved[0] if reserved else str(audiences[n % 3])
        registered = []
        for k in range(6 + n % 5):
            person = people[(3 * n + k) % len(people)]
            registration = services.registration_create(
                actor=person,
                workshop=workshop,
                participant=person,
                mode=workshop.modes()[k % len(workshop.modes())],
                profile=ParticipantProfile(
                    audience, commune, getattr(commune, "is_isolated", None) if commune else None
                ),
                at=start - timedelta(days=7),
                notify=False,
            )
            registered.append(registration)
        services.attendance_record(
            actor=SYSTEM,
            workshop=workshop,
            attended=[r.pk for r in registered[: len(registered) - 1]],
            headcounts=[Headcount(audience, 2 + n % 4)],
        )
        services.minutes_save(
            actor=SYSTEM,
            workshop=workshop,
            summary="Exemple : compte rendu fictif. Les participants ont présenté leurs usages "
            "et leurs attentes.",
            decisions="Exemple : poursuivre avec un atelier de suivi.",
        )
        if n % 3 == 0:
            contribution = services.contribution_add(
                actor=SYSTEM,
                workshop=workshop,
                text=CONTRIBUTIONS[(n // 3) % len(CONTRIBUTIONS)],
                author=registered[0].participant,
                domain=domains[domain_index] if domain_index < len(domains) else None,
                is_example=True,
                at=start + timedelta(hours=1),
            )
            if actions:
                services.contribution_link_action(
                    actor=SYSTEM, contribution=contribution, action=actions[n % len(actions)]
                )
    # The COVID switch, as the programme lived it: a workshop planned in the room moved online.
    moved = _covid_switch(programme, communes[2], tz)
    stdout.write(
        f"workshops: {len(PLAN) + 1} example workshops loaded (« {moved.title} » moved online)\n"
    )


def _covid_switch(programme: Any, commune: Commune, tz: Any) -> Workshop:
    start = datetime(2020, 3, 26, 14, 0, tzinfo=tz)
    workshop = services.workshop_save(
        actor=SYSTEM,
        programme=programme,
        title="Exemple : usagers, services publics en ligne",
        format="in_person",
        commune=commune,
        place="Exemple : salle polyvalente",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        capacity_room=15,
        is_example=True,
    )
    services.workshop_change(
        actor=SYSTEM,
        workshop=workshop,
        reason="Exemple : confinement (COVID-19), l'atelier passe à distance.",
        format="online",
        online_url="https://visio.example.org/atelier",
    )
    return workshop
