"""Demo closed user group and procurement grouping of the Numérique 66 kind (all « Exemple »).

The research talk says the programme adapted its organisation with a closed user group network
(GFU) linking public sites through intersite links, and a public-procurement grouping "à
commande spécifique"; both are facts. The sites below sit in real communes of the
Pyrénées-Orientales, but which of them joined, the links, their technologies, dates and costs,
the contracts, lots, ceilings and orders are invented and labelled « Exemple ». No open table of
town-hall coordinates was available: every demo site is placed at its commune's centroid, and
the pages say so. Everything goes through the services, so the audit log says the platform
("system") wrote it.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any, TextIO

from django.db import transaction

from endavant.actors.models import Organisation
from endavant.actors.services import organisation_save
from endavant.core.services import SYSTEM
from endavant.network import services
from endavant.network.models import Link, Network
from endavant.programmes.models import Programme
from endavant.roadmap import services as roadmap_services
from endavant.roadmap.models import Action, ActionOrigin
from endavant.territory.models import Commune, PublicSite
from endavant.territory.selectors import communes_with_isolation

SLUG = "numerique-66"
HUB_COMMUNE = "66136"  # Perpignan, seat of the Département
GFU_ACTION = "Création d'un Groupement Fermé d'Utilisateurs (GFU)"
TEN_TOWN_HALLS = "Exemple : relier dix mairies au GFU"
GROUPING_ACTION = "Groupement de marché public « à commande spécifique »"
SCHOOL_ACTION = "Exemple : liaisons intersites mairie – école"

# (months after September 2018 when the town hall joins, technology, Mbit/s, status)
TOWN_HALLS: tuple[tuple[int, str, int, str], ...] = (
    (0, "fibre", 100, "in_service"),
    (2, "radio", 30, "in_service"),
    (4, "radio", 30, "in_service"),
    (6, "fibre", 100, "in_service"),
    (8, "satellite", 20, "in_service"),
    (10, "radio", 50, "in_service"),
    (12, "fibre", 100, "in_service"),
    (15, "copper", 10, "in_service"),
    (18, "radio", 30, "in_service"),
    (22, "fibre", 100, "ordered"),
    (26, "fibre", 100, "planned"),
    (28, "radio", 50, "planned"),
)
SCHOOLS = (0, 1, 3, 6, 8)  # towns whose school is linked to the town hall
LIBRARIES = (2, 5)

# (contract reference, title, supplier, start, end, lots: (number, title, ceiling))
CONTRACTS: tuple[tuple[str, str, str, date, date, tuple[tuple[int, str, str], ...]], ...] = (
    (
        "EX-2019-01",
        "Exemple : équipements réseau et postes de travail",
        "Exemple : fournisseur informatique",
        date(2019, 1, 1),
        date(2022, 12, 31),
        ((1, "Routeurs et commutateurs", "150000"), (2, "Postes de travail", "200000")),
    ),
    (
        "EX-2020-02",
        "Exemple : visioconférence et travail à distance",
        "Exemple : éditeur de logiciels",
        date(2020, 4, 1),
        date(2023, 3, 31),
        ((1, "Licences de visioconférence", "60000"), (2, "Webcams et casques", "30000")),
    ),
)
# (member index, contract index, lot number, date, lines, status)
ORDERS: tuple[tuple[int, int, int, date, tuple[tuple[str, str, str], ...], str], ...] = (
    (
        0,
        0,
        1,
        date(2019, 3, 11),
        (("Routeur", "1", "1800"), ("Commutateur 24 ports", "1", "650")),
        "invoiced",
    ),
    (1, 0, 1, date(2019, 4, 2), (("Routeur", "1", "1800"),), "invoiced"),
    (2, 0, 2, date(2019, 5, 20), (("Poste de travail", "4", "780"),), "invoiced"),
    (
        3,
        0,
        1,
        date(2019, 6, 17),
        (("Routeur", "1", "1800"), ("Point d'accès wifi", "2", "240")),
        "invoiced",
    ),
    (
        4,
        0,
        2,
        date(2019, 9, 9),
        (("Poste de travail", "2", "780"), ("Écran", "2", "160")),
        "delivered",
    ),
    (5, 0, 1, date(2019, 11, 4), (("Routeur", "1", "1800"),), "invoiced"),
    (6, 0, 2, date(2020, 1, 13), (("Poste de travail", "6", "760"),), "invoiced"),
    (
        0,
        1,
        1,
        date(2020, 4, 20),
        (("Licence annuelle de visioconférence", "10", "180"),),
        "invoiced",
    ),
    (1, 1, 2, date(2020, 4, 21), (("Webcam", "5", "75"), ("Casque", "5", "45")), "invoiced"),
    (
        2,
        1,
        1,
        date(2020, 4, 27),
        (("Licence annuelle de visioconférence", "6", "180"),),
        "invoiced",
    ),
    (7, 1, 2, date(2020, 5, 4), (("Webcam", "3", "75"),), "delivered"),
    (
        8,
        1,
        1,
        date(2020, 5, 11),
        (("Licence annuelle de visioconférence", "4", "180"),),
        "invoiced",
    ),
    (3, 0, 2, date(2020, 9, 14), (("Poste de travail", "3", "760"),), "cancelled"),
    (9, 0, 1, date(2020, 10, 5), (("Routeur", "1", "1750"),), "delivered"),
    (10, 1, 1, date(2021, 1, 18), (("Licence annuelle de visioconférence", "8", "175"),), "placed"),
    (11, 0, 2, date(2021, 3, 8), (("Poste de travail", "2", "760"),), "placed"),
)


def _communes() -> list[Commune]:
    """Twelve real communes of the 66 with a centroid, isolated ones first."""
    communes = list(
        communes_with_isolation(
            Commune.objects.filter(departement__code="66", centroid_longitude__isnull=False)
            .exclude(code=HUB_COMMUNE)
            .order_by("code")
        )
    )
    isolated = [c for c in communes if getattr(c, "is_isolated", None)]
    others = [c for c in communes if not getattr(c, "is_isolated", None)]
    return (isolated[:8] + others[:4] + communes)[: len(TOWN_HALLS)]


def _commune_organisation(commune: Commune) -> Organisation | None:
    found = list(
        Organisation.objects.filter(kind=Organisation.Kind.COMMUNE, communes_served=commune)[:2]
    )
    return found[0] if len(found) == 1 else None


def _organisation(name: str, kind: str, description: str) -> Organisation:
    found = Organisation.objects.filter(name=name, kind=kind).first()
    if found is not None:
        return found
    return organisation_save(
        actor=SYSTEM, name=name, kind=kind, description=description, is_fictional=True
    )


def _site(name: str, kind: str, commune: Commune, owner: Organisation | None) -> PublicSite:
    found = PublicSite.objects.filter(name=name, commune=commune).first()
    if found is not None:
        return found
    return services.site_save(
        actor=SYSTEM,
        kind=kind,
        name=name,
        commune=commune,
        is_example=True,
        source="Exemple (démonstration) : site placé au centroïde de la commune",
        owner=owner,
    )


def _actions(programme: Programme) -> dict[str, Action]:
    found = {
        a.title: a
        for a in Action.objects.filter(
            orientation__programme=programme,
            title__in=[GFU_ACTION, TEN_TOWN_HALLS, GROUPING_ACTION, SCHOOL_ACTION],
        )
    }
    if SCHOOL_ACTION not in found and GFU_ACTION in found:
        action = roadmap_services.action_save(
            actor=SYSTEM,
            orientation=found[GFU_ACTION].orientation,
            title=SCHOOL_ACTION,
            description="Action fictive : relier l'école à la mairie par le GFU.",
            is_example=True,
            due_on=date(2021, 6, 30),
            indicator_name="Écoles reliées",
            indicator_target=Decimal("5"),
        )
        roadmap_services.action_origin_add(
            actor=SYSTEM,
            action=action,
            kind=ActionOrigin.Kind.STEERING,
            label="Exemple : comité de pilotage",
        )
        found[SCHOOL_ACTION] = action
    return found


def _month(start: date, months: int) -> date:
    year, month = divmod(start.month - 1 + months, 12)
    return date(start.year + year, month + 1, min(start.day, 28))


@transaction.atomic
def load(stdout: TextIO) -> None:
    """Load the example network and grouping (a second run changes nothing)."""
    programme = Programme.objects.filter(slug=SLUG).first()
    if programme is None or Network.objects.filter(programme=programme).exists():
        return
    communes = _communes()
    hub_commune = Commune.objects.filter(code=HUB_COMMUNE, centroid_longitude__isnull=False).first()
    if len(communes) < len(TOWN_HALLS) or hub_commune is None:
        stdout.write("network: communes of the 66 not loaded; examples skipped.\n")
        return
    actions = _actions(programme)
    network = services.network_save(
        actor=SYSTEM,
        programme=programme,
        name="Exemple : GFU Numérique 66",
        description="Exemple : réseau fictif reliant des sites publics de communes réelles, "
        "pour montrer le suivi du réseau.",
        is_example=True,
    )
    operator = _organisation(
        "Exemple : opérateur du réseau",
        Organisation.Kind.NETWORK_OPERATOR,
        "Exemple fictif : l'opérateur des liaisons de la démonstration.",
    )
    department = _organisation(
        "Exemple : service numérique du Département",
        Organisation.Kind.DEPARTEMENT_SERVICE,
        "Exemple fictif : le coordonnateur de la démonstration.",
    )
    start = date(2018, 9, 3)
    hub = _site(
        "Exemple : Hôtel du Département",
        PublicSite.Kind.DEPARTEMENT_SERVICE,
        hub_commune,
        department,
    )
    services.membership_add(actor=SYSTEM, network=network, site=hub, joined_on=start)
    links = 0
    for n, (months, technology, bandwidth, status) in enumerate(TOWN_HALLS):
        commune = communes[n]
        joined = _month(start, months)
        owner = _commune_organisation(commune)
        town_hall = _site(
            f"Exemple : mairie de {commune.name}", PublicSite.Kind.TOWN_HALL, commune, owner
        )
        services.membership_add(actor=SYSTEM, network=network, site=town_hall, joined_on=joined)
        dates: dict[str, Any] = {}
        if status != "planned":
            dates["ordered_on"] = joined + timedelta(days=14)
        if status == "in_service":
            dates["in_service_on"] = joined + timedelta(days=120)
        cost = Decimal(
            {"fibre": 18000, "radio": 9000, "copper": 2500, "satellite": 6000}[technology]
        )
        chosen = [a for a in (actions.get(GFU_ACTION), actions.get(TEN_TOWN_HALLS)) if a]
        services.link_save(
            actor=SYSTEM,
            network=network,
            site_a=hub,
            site_b=town_hall,
            technology=technology,
            bandwidth_mbps=bandwidth,
            operator=operator,
            status=status,
            cost=cost,
            annual_cost=Decimal(1200 if technology != "satellite" else 2400),
            actions=chosen,
            is_example=True,
            **dates,
        )
        links += 1
        if technology == "copper":
            # The copper link gives way to fibre: retired the day the fibre goes into service.
            replaced = dates["in_service_on"] + timedelta(days=300)
            services.link_save(
                actor=SYSTEM,
                network=network,
                site_a=hub,
                site_b=town_hall,
                technology=Link.Technology.FIBRE,
                bandwidth_mbps=100,
                operator=operator,
                status=Link.Status.IN_SERVICE,
                ordered_on=replaced - timedelta(days=90),
                in_service_on=replaced,
                cost=Decimal(18000),
                actions=chosen,
                is_example=True,
            )
            old = network.links.get(site_b=town_hall, technology=Link.Technology.COPPER)
            services.link_save(
                actor=SYSTEM,
                link=old,
                status=Link.Status.RETIRED,
                retired_on=replaced,
                reason="Exemple : remplacée par la fibre",
            )
            links += 1
        if n in SCHOOLS:
            school = _site(
                f"Exemple : école de {commune.name}", PublicSite.Kind.SCHOOL, commune, owner
            )
            services.membership_add(
                actor=SYSTEM, network=network, site=school, joined_on=joined + timedelta(days=60)
            )
            school_action = actions.get(SCHOOL_ACTION)
            services.link_save(
                actor=SYSTEM,
                network=network,
                site_a=town_hall,
                site_b=school,
                technology=Link.Technology.FIBRE,
                bandwidth_mbps=100,
                operator=operator,
                status=Link.Status.IN_SERVICE if n < 6 else Link.Status.ORDERED,
                ordered_on=joined + timedelta(days=75),
                in_service_on=joined + timedelta(days=200) if n < 6 else None,
                cost=Decimal(6500),
                actions=[school_action] if school_action else [],
                is_example=True,
            )
            links += 1
        if n in LIBRARIES:
            library = _site(
                f"Exemple : médiathèque de {commune.name}",
                PublicSite.Kind.MEDIA_CENTRE,
                commune,
                owner,
            )
            services.membership_add(
                actor=SYSTEM, network=network, site=library, joined_on=joined + timedelta(days=90)
            )
    orders = _grouping(programme, communes, department, actions)
    stdout.write(
        f"network: example GFU with {links} links and a grouping with {orders} orders loaded "
        "(« Exemple »)\n"
    )


def _grouping(
    programme: Programme,
    communes: list[Commune],
    coordinator: Organisation,
    actions: dict[str, Action],
) -> int:
    grouping = services.grouping_save(
        actor=SYSTEM,
        programme=programme,
        name="Exemple : groupement de commandes Numérique 66",
        description="Exemple : groupement « à commande spécifique » fictif ; chaque membre "
        "passe ses propres commandes.",
        coordinator=coordinator,
        created_on=date(2018, 12, 3),
        is_example=True,
    )
    members = []
    for n, commune in enumerate(communes):
        organisation = _commune_organisation(commune)
        if organisation is None:
            continue
        services.member_add(
            actor=SYSTEM,
            grouping=grouping,
            organisation=organisation,
            joined_on=date(2018, 12, 10) + timedelta(days=21 * n),
        )
        members.append(organisation)
    lots = {}
    for index, (reference, title, supplier, starts, ends, contract_lots) in enumerate(CONTRACTS):
        contract = services.contract_save(
            actor=SYSTEM,
            grouping=grouping,
            reference=reference,
            title=title,
            supplier=supplier,
            starts_on=starts,
            ends_on=ends,
            is_example=True,
        )
        for number, lot_title, ceiling in contract_lots:
            lots[(index, number)] = services.lot_save(
                actor=SYSTEM,
                contract=contract,
                number=number,
                title=lot_title,
                ceiling=Decimal(ceiling),
            )
    chosen = [a for a in (actions.get(GROUPING_ACTION),) if a]
    placed = 0
    for member_index, contract_index, lot_number, ordered_on, lines, status in ORDERS:
        if member_index >= len(members):
            continue
        order = services.order_place(
            actor=SYSTEM,
            lot=lots[(contract_index, lot_number)],
            member=members[member_index],
            ordered_on=ordered_on,
            reference=f"EX-BC-{ordered_on:%Y}-{placed + 1:03d}",
            lines=[services.OrderLine(d, Decimal(q), Decimal(p)) for d, q, p in lines],
            actions=chosen,
            is_example=True,
        )
        placed += 1
        if status in ("delivered", "invoiced"):
            services.order_set_status(
                actor=SYSTEM, order=order, status="delivered", on=ordered_on + timedelta(days=30)
            )
        if status == "invoiced":
            services.order_set_status(actor=SYSTEM, order=order, status="invoiced")
        if status == "cancelled":
            services.order_set_status(
                actor=SYSTEM,
                order=order,
                status="cancelled",
                reason="Exemple : besoin reporté à l'exercice suivant",
            )
    return placed
