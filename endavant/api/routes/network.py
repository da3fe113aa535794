"""The closed user group's public figures and the procurement groupings, as the public network
and grouping pages show them (groups under the minimum size withheld; no order of a member)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.http import Http404, HttpRequest
from ninja import Router

from endavant.api import schemas
from endavant.api.main import responses
from endavant.api.routes.common import Id, Slug, programme_or_404
from endavant.network import selectors
from endavant.network.models import Grouping, GroupingMember

router = Router(tags=["Network and procurement"])


@router.get(
    "/programmes/{slug}/network",
    response=responses(schemas.Network, not_found=True),
    url_name="network",
)
def network_detail(request: HttpRequest, slug: Slug) -> dict[str, Any]:
    """The network's figures, computed when it changes: members, links, communes connected,
    isolated communes connected, growth year by year, costs."""
    network = selectors.network_of(programme_or_404(slug))
    if network is None:
        raise Http404
    figures = selectors.network_figures(network)
    return {
        "name": network.name,
        "description": network.description,
        "is_example": network.is_example,
        "as_of": figures.as_of,
        "members": figures.members,
        "links_in_service": figures.links_in_service,
        "communes_connected": figures.communes_connected,
        "bandwidth_mbps": figures.bandwidth_mbps,
        "by_technology": [{"label": k, "count": n} for k, n in figures.by_technology],
        "by_status": [{"label": k, "count": n} for k, n in figures.by_status],
        "isolation": [
            {
                "key": line.key,
                "label": line.label,
                "communes": line.communes,
                "connected": line.connected,
                "share": line.share,
                "withheld": line.withheld,
            }
            for line in figures.isolation
        ],
        "growth": [
            {
                "year": row["year"],
                "members": row["members"],
                "links": row["links"],
                "communes": row["communes"],
                "isolated_communes": row["isolated_communes"],
            }
            for row in figures.growth
        ],
        "cost_total": figures.cost_total,
        "cost_links": figures.cost_links,
        "annual_cost_total": figures.annual_cost_total,
        "min_group_size": figures.min_group,
    }


def grouping_data(grouping: Grouping, members: int) -> dict[str, Any]:
    return {
        "id": grouping.pk,
        "name": grouping.name,
        "description": grouping.description,
        "coordinator": grouping.coordinator.name if grouping.coordinator else None,
        "created_on": grouping.created_on,
        "members": members,
        "is_example": grouping.is_example,
    }


@router.get(
    "/programmes/{slug}/groupings",
    response=responses(list[schemas.Grouping], not_found=True),
    url_name="groupings",
)
def grouping_list(request: HttpRequest, slug: Slug) -> list[dict[str, Any]]:
    """The programme's procurement groupings with their numbers of current members."""
    found = selectors.groupings(programme_or_404(slug))
    members = dict(
        GroupingMember.objects.filter(grouping__in=found, left_on__isnull=True)
        .values_list("grouping")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [grouping_data(g, members.get(g.pk, 0)) for g in found]


@router.get(
    "/groupings/{int:pk}",
    response=responses(schemas.GroupingDetail, not_found=True),
    url_name="grouping",
)
def grouping_detail(request: HttpRequest, pk: Id) -> dict[str, Any]:
    """One grouping: its members, framework contracts with their lots, ceilings and amounts
    ordered, and the orders by kind of member."""
    grouping = Grouping.objects.select_related("coordinator", "programme").filter(pk=pk).first()
    if grouping is None:
        raise Http404
    members = selectors.current_members(grouping)
    kinds = selectors.kind_breakdown(grouping)
    return {
        **grouping_data(grouping, len(members)),
        "programme": grouping.programme.slug,
        "contracts": [
            {
                "reference": c.reference,
                "title": c.title,
                "supplier": c.supplier,
                "starts_on": c.starts_on,
                "ends_on": c.ends_on,
                "lots": [
                    {
                        "number": lot.number,
                        "title": lot.title,
                        "ceiling": lot.ceiling,
                        "ordered": lot.ordered,
                        "remaining": lot.remaining,
                        "orders": getattr(lot, "live_orders", 0),
                    }
                    for lot in c.lots.all()
                ],
            }
            for c in selectors.contracts_with_lots(grouping)
        ],
        "by_kind": [
            {
                "label": line.label,
                "members": None if line.withheld else line.members,
                "orders": line.orders,
                "amount": line.amount,
                "withheld": line.withheld,
            }
            for line in kinds
        ],
        "min_group_size": selectors.min_group_size(),
        "current_members": [
            {"name": m.organisation.name, "joined_on": m.joined_on} for m in members
        ],
    }
