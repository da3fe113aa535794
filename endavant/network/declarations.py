"""What the network app declares to the core registries."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.utils.translation import gettext_lazy as _

from endavant.core.registry import (
    AuditAction,
    Column,
    Dataset,
    PersonalData,
    Section,
    entity_actions,
)

AUDIT_ACTIONS = [
    *entity_actions("public_site", _("public site")),
    AuditAction("public_site.import", _("public sites imported from the directory")),
    *entity_actions("site_owner", _("owner of a public site")),
    *entity_actions("network", _("closed user group network")),
    *entity_actions("site_membership", _("membership of the network")),
    *entity_actions("link", _("intersite link")),
    *entity_actions("grouping", _("procurement grouping")),
    *entity_actions("grouping_member", _("member of a procurement grouping")),
    *entity_actions("contract", _("framework contract")),
    *entity_actions("lot", _("lot of a framework contract")),
    *entity_actions("order", _("order of a grouping member")),
]

PERSONAL_DATA = [
    PersonalData(
        "network.Order",
        owner="placed_by",
        export=("id", "ordered_on", "member__name", "reference", "amount", "status"),
        erase="keep",
        why=_(
            "An order is a public-procurement record of the member organisation: it stays, "
            "attached to the anonymised account."
        ),
        table="procurement_orders_i_placed",
    ),
]


def _site_rows(programme: Any) -> Iterator[Sequence[Any]]:
    from endavant.network.models import SiteMembership

    memberships = (
        SiteMembership.objects.filter(network__programme=programme)
        .select_related("site__commune")
        .order_by("site__commune__code", "site_id", "joined_on")
    )
    for m in memberships.iterator(chunk_size=500):
        yield (
            m.site_id,
            m.site.name,
            m.site.kind,
            m.site.commune.code,
            round(m.site.longitude, 6),
            round(m.site.latitude, 6),
            m.site.at_centroid,
            m.joined_on,
            m.left_on,
            m.site.directory_id,
            m.site.is_example,
        )


def _link_rows(programme: Any) -> Iterator[Sequence[Any]]:
    from endavant.network.models import Link

    found = (
        Link.objects.filter(network__programme=programme)
        .select_related("site_a__commune", "site_b__commune")
        .order_by("pk")
    )
    for link in found.iterator(chunk_size=500):
        yield (
            link.pk,
            link.site_a_id,
            link.site_b_id,
            link.site_a.commune.code,
            link.site_b.commune.code,
            link.technology,
            link.status,
            link.ordered_on,
            link.in_service_on,
            link.retired_on,
            link.is_example,
        )


def _lot_rows(programme: Any) -> Iterator[Sequence[Any]]:
    from django.db.models import Count, Q

    from endavant.network.models import Lot

    lots = (
        Lot.objects.filter(contract__grouping__programme=programme)
        .select_related("contract__grouping")
        .annotate(live_orders=Count("orders", filter=~Q(orders__status="cancelled")))
        .order_by("contract__grouping__name", "contract__reference", "number")
    )
    for lot in lots.iterator(chunk_size=500):
        contract = lot.contract
        yield (
            contract.grouping.name,
            contract.reference,
            contract.title,
            contract.supplier,
            contract.starts_on,
            contract.ends_on,
            lot.number,
            lot.title,
            lot.ceiling,
            lot.ordered,
            lot.ceiling - lot.ordered,
            lot.live_orders,
            contract.is_example,
        )


DATASETS = [
    Dataset(
        slug="reseau-sites",
        title=_("Sites of the closed user group network"),
        description=_(
            "Every membership of a public site in the programme's closed user group network "
            "(GFU), with the site's position and whether it is only the commune's centroid."
        ),
        columns=(
            Column("site_id", "integer", _("Identifier of the public site")),
            Column("name", "string", _("Name of the site")),
            Column("kind", "string", _("Kind of site (town_hall, school, library...)")),
            Column("commune", "string", _("INSEE code of the commune")),
            Column("longitude", "number", _("Longitude (WGS 84)")),
            Column("latitude", "number", _("Latitude (WGS 84)")),
            Column("at_centroid", "boolean", _("No coordinates known: placed at the centroid")),
            Column("joined_on", "date", _("Joined the network on")),
            Column("left_on", "date", _("Left the network on (empty: still a member)")),
            Column("directory_id", "string", _("Identifier in the directory of public services")),
            Column("is_example", "boolean", _("Fictional example (demo data)")),
        ),
        rows=_site_rows,
        source=_(
            "Sites: Annuaire de l'administration (Service-Public.fr, DILA) or entered by the "
            "programme team; memberships entered by the programme team"
        ),
    ),
    Dataset(
        slug="reseau-liaisons",
        title=_("Intersite links of the closed user group network"),
        description=_(
            "Every intersite link of the network: the two sites, the technology, the status "
            "and its dates (bandwidth, operator and costs are shared with members only)."
        ),
        columns=(
            Column("id", "integer", _("Identifier of the link")),
            Column("site_a", "integer", _("Identifier of the first site")),
            Column("site_b", "integer", _("Identifier of the second site")),
            Column("commune_a", "string", _("INSEE code of the first site's commune")),
            Column("commune_b", "string", _("INSEE code of the second site's commune")),
            Column("technology", "string", _("Technology (fibre, radio, copper, satellite)")),
            Column("status", "string", _("Status (planned, ordered, in_service, retired)")),
            Column("ordered_on", "date", _("Ordered on")),
            Column("in_service_on", "date", _("In service since")),
            Column("retired_on", "date", _("Retired on")),
            Column("is_example", "boolean", _("Fictional example (demo data)")),
        ),
        rows=_link_rows,
        source=_("Entered by the programme team on this platform"),
    ),
    Dataset(
        slug="achats-groupes-lots",
        title=_("Procurement grouping: lots and ceilings"),
        description=_(
            "The framework contracts of the programme's procurement groupings, lot by lot: "
            "ceiling, amount ordered by the members, what remains, number of orders."
        ),
        columns=(
            Column("grouping", "string", _("Procurement grouping")),
            Column("contract", "string", _("Reference of the framework contract")),
            Column("contract_title", "string", _("Title of the contract")),
            Column("supplier", "string", _("Supplier")),
            Column("starts_on", "date", _("Start of the contract")),
            Column("ends_on", "date", _("End of the contract")),
            Column("lot", "integer", _("Lot number")),
            Column("lot_title", "string", _("Title of the lot")),
            Column("ceiling_eur", "number", _("Ceiling in euros excluding VAT")),
            Column("ordered_eur", "number", _("Ordered in euros excluding VAT")),
            Column("remaining_eur", "number", _("Remaining under the ceiling, in euros")),
            Column("orders", "integer", _("Orders not cancelled")),
            Column("is_example", "boolean", _("Fictional example (demo data)")),
        ),
        rows=_lot_rows,
        source=_("Entered by the programme team on this platform"),
    ),
]


def _commune(request: Any, commune: Any) -> dict[str, Any] | None:
    from endavant.network.selectors import commune_section

    found = commune_section(commune)
    if not found["sites"] and not found["links"]:
        return None
    return {"commune": commune, **found}


def _action(request: Any, action: Any) -> dict[str, Any] | None:
    from endavant.network.selectors import action_section

    return action_section(action, details=request.user.has_perm("network.view_details"))


COMMUNE_SECTIONS = [Section("network", "network/_commune.html", _commune, order=20)]
#: Read by the roadmap's action page: what the network and the grouping realised for it.
ACTION_SECTIONS = [Section("network", "network/_action.html", _action, order=10)]
