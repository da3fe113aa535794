"""Factories for the network app: through the services, as the team would enter the data."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal
from typing import Any

from endavant.actors.models import Organisation
from endavant.actors.services import organisation_save
from endavant.core.services import SYSTEM
from endavant.network import services
from endavant.network.models import Contract, Grouping, Link, Lot, Network
from endavant.territory.models import Commune, PublicSite

_n = itertools.count()


def network(programme: Any, **fields: Any) -> Network:
    values = {"name": "GFU test", **fields}
    return services.network_save(actor=SYSTEM, programme=programme, **values)


def site(commune: Commune, kind: str = PublicSite.Kind.TOWN_HALL, **fields: Any) -> PublicSite:
    """A site of ``commune`` at its own coordinates unless told otherwise."""
    values: dict[str, Any] = {"name": f"Site {next(_n)}", "longitude": 2.5, "latitude": 42.6}
    values.update(fields)
    return services.site_save(actor=SYSTEM, kind=kind, commune=commune, **values)


def member_site(net: Network, commune: Commune, joined_on: date = date(2019, 1, 1), **fields: Any):
    made = site(commune, **fields)
    services.membership_add(actor=SYSTEM, network=net, site=made, joined_on=joined_on)
    return made


def link(net: Network, a: PublicSite, b: PublicSite, **fields: Any) -> Link:
    values: dict[str, Any] = {
        "technology": Link.Technology.FIBRE,
        "bandwidth_mbps": 100,
        "status": Link.Status.IN_SERVICE,
        "ordered_on": date(2019, 2, 1),
        "in_service_on": date(2019, 6, 1),
    }
    values.update(fields)
    return services.link_save(actor=SYSTEM, network=net, site_a=a, site_b=b, **values)


def organisation(name: str | None = None, kind: str = Organisation.Kind.COMMUNE) -> Organisation:
    return organisation_save(actor=SYSTEM, name=name or f"Organisation {next(_n)}", kind=kind)


def grouping(programme: Any, **fields: Any) -> Grouping:
    return services.grouping_save(
        actor=SYSTEM, programme=programme, **{"name": "Groupement test", **fields}
    )


def contract(group: Grouping, **fields: Any) -> Contract:
    values: dict[str, Any] = {
        "reference": f"AC-{next(_n)}",
        "title": "Équipements",
        "supplier": "Fournisseur",
        "starts_on": date(2019, 1, 1),
        "ends_on": date(2030, 12, 31),
    }
    values.update(fields)
    return services.contract_save(actor=SYSTEM, grouping=group, **values)


def lot(parent: Contract, ceiling: str = "10000", number: int = 1) -> Lot:
    return services.lot_save(
        actor=SYSTEM, contract=parent, number=number, title="Routeurs", ceiling=Decimal(ceiling)
    )


def member(group: Grouping, org: Organisation | None = None, joined_on: date = date(2019, 1, 1)):
    org = org or organisation()
    services.member_add(actor=SYSTEM, grouping=group, organisation=org, joined_on=joined_on)
    return org


def order(parent: Lot, org: Organisation, amount: str = "1000", **fields: Any):
    values: dict[str, Any] = {"ordered_on": date(2020, 1, 6)}
    values.update(fields)
    return services.order_place(
        actor=SYSTEM,
        lot=parent,
        member=org,
        lines=[services.OrderLine("Routeur", Decimal("1"), Decimal(amount))],
        **values,
    )
