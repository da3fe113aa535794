"""Small sample data for the access matrix and the browser suite (not demo data), written
through the services."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from endavant.actors.models import Organisation
from endavant.actors.services import organisation_save
from endavant.core.services import SYSTEM
from endavant.network import services
from endavant.network.models import Grouping, Link, Network, Order
from endavant.programmes.models import Programme
from endavant.roadmap import sample as roadmap_sample
from endavant.territory.models import Commune, PublicSite


def programme() -> Programme:
    return roadmap_sample.programme()


def _commune(code: str, name: str, lon: float, lat: float) -> Commune:
    found = Commune.objects.filter(code=code).first()
    if found is not None:
        return found
    # Test-only data: loading the whole embedded territory for each matrix cell is too slow.
    from endavant.territory.tests.factories import CommuneFactory

    made: Any = CommuneFactory(code=code, name=name, centroid_longitude=lon, centroid_latitude=lat)
    return Commune.objects.get(pk=made.pk)


def _site(name: str, kind: str, commune: Commune, **position: Any) -> PublicSite:
    found = PublicSite.objects.filter(name=name, commune=commune).first()
    if found is not None:
        return found
    return services.site_save(
        actor=SYSTEM, kind=kind, name=name, commune=commune, is_example=True, **position
    )


def network() -> Network:
    """A network with two member sites (one at its commune's centroid) and a link in service."""
    prog = programme()
    found = Network.objects.filter(programme=prog).first()
    if found is not None:
        return found
    net = services.network_save(
        actor=SYSTEM, programme=prog, name="Exemple : GFU test", is_example=True
    )
    town_hall = _site(
        "Exemple : mairie test",
        PublicSite.Kind.TOWN_HALL,
        _commune("66901", "Exemple-Commune-A", 2.40, 42.60),
        longitude=2.41,
        latitude=42.61,
    )
    school = _site(
        "Exemple : école test",
        PublicSite.Kind.SCHOOL,
        _commune("66902", "Exemple-Commune-B", 2.55, 42.55),
    )
    for site in (town_hall, school):
        services.membership_add(actor=SYSTEM, network=net, site=site, joined_on=date(2019, 1, 7))
    services.link_save(
        actor=SYSTEM,
        network=net,
        site_a=town_hall,
        site_b=school,
        technology=Link.Technology.FIBRE,
        bandwidth_mbps=100,
        status=Link.Status.IN_SERVICE,
        ordered_on=date(2019, 2, 1),
        in_service_on=date(2019, 6, 3),
        cost=Decimal("12000"),
        actions=[roadmap_sample.action()],
        is_example=True,
    )
    return Network.objects.get(pk=net.pk)


def site_pk() -> int:
    return network().memberships.order_by("pk").first().site_id  # type: ignore[union-attr]


def link_pk() -> int:
    return network().links.order_by("pk").first().pk  # type: ignore[union-attr]


def grouping() -> Grouping:
    """A grouping with one member, a contract with one lot and one order."""
    prog = programme()
    found = Grouping.objects.filter(programme=prog).first()
    if found is not None:
        return found
    member = Organisation.objects.filter(name="Exemple : commune membre").first()
    if member is None:
        member = organisation_save(
            actor=SYSTEM,
            name="Exemple : commune membre",
            kind=Organisation.Kind.COMMUNE,
            is_fictional=True,
        )
    group = services.grouping_save(
        actor=SYSTEM, programme=prog, name="Exemple : groupement test", is_example=True
    )
    services.member_add(
        actor=SYSTEM, grouping=group, organisation=member, joined_on=date(2019, 1, 1)
    )
    contract = services.contract_save(
        actor=SYSTEM,
        grouping=group,
        reference="EX-2019-01",
        title="Exemple : équipements réseau",
        supplier="Exemple : fournisseur",
        starts_on=date(2019, 1, 1),
        ends_on=date(2022, 12, 31),
        is_example=True,
    )
    lot = services.lot_save(
        actor=SYSTEM, contract=contract, number=1, title="Routeurs", ceiling=Decimal("50000")
    )
    services.order_place(
        actor=SYSTEM,
        lot=lot,
        member=member,
        ordered_on=date(2019, 3, 4),
        lines=[services.OrderLine("Routeur", Decimal("2"), Decimal("800"))],
        actions=[roadmap_sample.action()],
        is_example=True,
    )
    return group


def contract_pk() -> int:
    return grouping().contracts.order_by("pk").first().pk  # type: ignore[union-attr]


def order_pk() -> int:
    return Order.objects.filter(lot__contract__grouping=grouping()).order_by("pk").first().pk  # type: ignore[union-attr]
