"""Reads of the network app, in a bounded number of queries.

The public figures of the network (totals, growth, isolated communes connected) are computed by
:func:`compute_network_stats` when something changes, stored on the network, and read by the
pages (:func:`network_figures`), which count nothing on each visit.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from endavant.actors.models import Membership, Organisation
from endavant.actors.selectors import current_memberships_q
from endavant.ballots.selectors import min_group_size
from endavant.network import drawing
from endavant.network.models import (
    Contract,
    Grouping,
    GroupingMember,
    Link,
    Lot,
    Network,
    Order,
    SiteMembership,
    SiteOwner,
)
from endavant.territory import geo
from endavant.territory.maps import LegendItem
from endavant.territory.models import Commune, PublicSite
from endavant.territory.selectors import communes_with_isolation

#: Rows a page shows at most; downloads give everything.
PAGE_ROWS = 500


# --- Who is a member ------------------------------------------------------------------------


def user_organisations(user: Any) -> QuerySet[Organisation]:
    """Organisations in which ``user`` currently holds a role in the directory of actors."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    held = Membership.objects.filter(
        current_memberships_q(), person__user=user, organisation__isnull=False
    ).values("organisation")
    return Organisation.objects.filter(pk__in=held)


def is_member(user: Any) -> bool:
    """``user`` works for a current member of a grouping or for the owner of a site of a
    network: links and orders are shared with them."""
    orgs = user_organisations(user)
    if GroupingMember.objects.filter(organisation__in=orgs, left_on__isnull=True).exists():
        return True
    return SiteOwner.objects.filter(
        organisation__in=orgs, site__network_memberships__left_on__isnull=True
    ).exists()


def ordering_organisations(user: Any, grouping: Grouping | None = None) -> list[Organisation]:
    """The current grouping members ``user`` may place orders for."""
    members = GroupingMember.objects.filter(
        organisation__in=user_organisations(user), left_on__isnull=True
    )
    if grouping is not None:
        members = members.filter(grouping=grouping)
    return list(Organisation.objects.filter(pk__in=members.values("organisation")))


# --- The network ----------------------------------------------------------------------------


def network_of(programme: Any) -> Network | None:
    if programme is None:
        return None
    return (
        Network.objects.select_related("programme__territory").filter(programme=programme).first()
    )


def _member_sites(rows: Sequence[Mapping[str, Any]], day: datetime.date) -> set[int]:
    return {
        m["site_id"]
        for m in rows
        if m["joined_on"] <= day and (m["left_on"] is None or m["left_on"] > day)
    }


def _live(rows: Sequence[Mapping[str, Any]], day: datetime.date) -> list[Mapping[str, Any]]:
    return [
        link
        for link in rows
        if link["in_service_on"] is not None
        and link["in_service_on"] <= day
        and (link["retired_on"] is None or link["retired_on"] > day)
    ]


def _connected(
    memberships: Sequence[Mapping[str, Any]], links: Sequence[Mapping[str, Any]], day: datetime.date
) -> set[int]:
    """Communes with a member site at one end of a link in service on ``day``."""
    members = _member_sites(memberships, day)
    found = set()
    for link in _live(links, day):
        for side in ("a", "b"):
            if link[f"site_{side}_id"] in members:
                found.add(link[f"site_{side}__commune_id"])
    return found


def compute_network_stats(network: Network) -> dict[str, Any]:
    """Totals, growth by year and isolated communes connected, as JSON (three queries)."""
    today = timezone.localdate()
    memberships: list[Mapping[str, Any]] = list(
        SiteMembership.objects.filter(network=network).values(
            "site_id", "site__commune_id", "joined_on", "left_on"
        )
    )
    links: list[Mapping[str, Any]] = list(
        Link.objects.filter(network=network).values(
            "site_a_id",
            "site_b_id",
            "site_a__commune_id",
            "site_b__commune_id",
            "status",
            "technology",
            "bandwidth_mbps",
            "in_service_on",
            "retired_on",
            "cost",
            "annual_cost",
        )
    )
    territory_id = getattr(network.programme, "territory_id", None)
    if territory_id is not None:
        communes = Commune.objects.filter(departement_id=territory_id)
    else:
        communes = Commune.objects.filter(pk__in={m["site__commune_id"] for m in memberships})
    isolation = {
        c.pk: getattr(c, "is_isolated", None) for c in communes_with_isolation(communes).only("pk")
    }
    groups = {
        "isolated": {pk for pk, value in isolation.items() if value is True},
        "not_isolated": {pk for pk, value in isolation.items() if value is False},
        "unknown": {pk for pk, value in isolation.items() if value is None},
    }
    connected_now = _connected(memberships, links, today)
    starts = [m["joined_on"] for m in memberships] + [
        link["in_service_on"] for link in links if link["in_service_on"]
    ]
    growth = []
    if starts:
        for year in range(min(starts).year, today.year + 1):
            day = min(datetime.date(year, 12, 31), today)
            connected = _connected(memberships, links, day)
            growth.append(
                {
                    "year": year,
                    "members": len(_member_sites(memberships, day)),
                    "links": len(_live(links, day)),
                    "communes": len(connected),
                    "isolated_communes": len(connected & groups["isolated"]),
                }
            )
    live = _live(links, today)
    by_technology: dict[str, int] = defaultdict(int)
    for link in live:
        by_technology[link["technology"]] += 1
    by_status: dict[str, int] = defaultdict(int)
    for link in links:
        by_status[link["status"]] += 1
    costed = [link for link in links if link["status"] != "retired" and link["cost"] is not None]
    annual = [link for link in live if link["annual_cost"] is not None]
    return {
        "as_of": today.isoformat(),
        "members": len(_member_sites(memberships, today)),
        "links_in_service": len(live),
        "links_by_status": dict(by_status),
        "links_by_technology": dict(by_technology),
        "bandwidth_mbps": sum(link["bandwidth_mbps"] for link in live),
        "communes_connected": len(connected_now),
        "cost": {
            "links": len(costed),
            "total": str(sum((link["cost"] for link in costed), Decimal(0))),
        },
        "annual_cost": {
            "links": len(annual),
            "total": str(sum((link["annual_cost"] for link in annual), Decimal(0))),
        },
        "isolation": {
            key: {"communes": len(pks), "connected": len(pks & connected_now)}
            for key, pks in groups.items()
        },
        "growth": growth,
    }


@dataclass
class IsolationLine:
    key: str
    label: str
    communes: int
    connected: int | None
    share: float | None
    withheld: bool


@dataclass
class NetworkFigures:
    """The public figures of a network, with groups under the minimum size withheld."""

    as_of: datetime.date | None
    members: int
    links_in_service: int
    communes_connected: int
    bandwidth_mbps: int
    by_technology: list[tuple[str, int]]
    by_status: list[tuple[str, int]]
    isolation: list[IsolationLine]
    growth: list[dict[str, Any]]
    cost_total: Decimal | None
    cost_links: int
    annual_cost_total: Decimal | None
    min_group: int
    growth_svg: str = ""


def network_figures(network: Network) -> NetworkFigures:
    """What the public page says about the network, from its stored figures."""
    stats = network.stats or {}
    smallest = min_group_size()
    labels = {
        "isolated": _("Isolated communes"),
        "not_isolated": _("Other communes"),
        "unknown": _("Communes of unknown status"),
    }
    isolation = []
    for key, label in labels.items():
        group = stats.get("isolation", {}).get(key, {"communes": 0, "connected": 0})
        withheld = group["communes"] < smallest
        isolation.append(
            IsolationLine(
                key,
                label,
                group["communes"],
                None if withheld else group["connected"],
                None
                if withheld or not group["communes"]
                else group["connected"] / group["communes"],
                withheld,
            )
        )
    cost = stats.get("cost", {"links": 0, "total": "0"})
    annual = stats.get("annual_cost", {"links": 0, "total": "0"})
    technologies = dict(Link.Technology.choices)
    statuses = dict(Link.Status.choices)
    growth = stats.get("growth", [])
    figures = NetworkFigures(
        as_of=datetime.date.fromisoformat(stats["as_of"]) if stats.get("as_of") else None,
        members=stats.get("members", 0),
        links_in_service=stats.get("links_in_service", 0),
        communes_connected=stats.get("communes_connected", 0),
        bandwidth_mbps=stats.get("bandwidth_mbps", 0),
        by_technology=[
            (str(technologies[k]), stats.get("links_by_technology", {}).get(k, 0))
            for k in technologies
            if stats.get("links_by_technology", {}).get(k)
        ],
        by_status=[
            (str(statuses[k]), stats.get("links_by_status", {}).get(k, 0))
            for k in statuses
            if stats.get("links_by_status", {}).get(k)
        ],
        isolation=isolation,
        growth=growth,
        # A total of fewer links than the minimum group would show single links' costs.
        cost_total=Decimal(cost["total"]) if cost["links"] >= smallest else None,
        cost_links=cost["links"],
        annual_cost_total=Decimal(annual["total"]) if annual["links"] >= smallest else None,
        min_group=smallest,
    )
    if growth:
        figures.growth_svg = drawing.growth_chart(
            [str(row["year"]) for row in growth],
            [
                drawing.Series(_("Member sites"), [r["members"] for r in growth], "#1d4e89"),
                drawing.Series(
                    _("Links in service"), [r["links"] for r in growth], "#b35806", "6 3"
                ),
                drawing.Series(
                    _("Communes connected"), [r["communes"] for r in growth], "#1b7837", "2 3"
                ),
            ],
            title=_("Growth of the network, year by year"),
            description=_("Member sites, links in service and communes connected at the end of "
                          "each year; the table below gives the same figures."),
        )  # fmt: skip
    return figures


def current_memberships(network: Network, limit: int | None = PAGE_ROWS) -> list[SiteMembership]:
    """The sites that belong to the network now, by commune (one query)."""
    found = (
        SiteMembership.objects.filter(network=network, left_on__isnull=True)
        .select_related("site__commune", "site__network_owner__organisation")
        .order_by("site__commune__name", "site__name", "pk")
    )
    return list(found[:limit] if limit else found)


def links(network: Network, *, retired: bool = False, limit: int | None = PAGE_ROWS) -> list[Link]:
    """The network's links (without the retired ones unless asked), with their sites."""
    found = Link.objects.filter(network=network)
    if not retired:
        found = found.exclude(status=Link.Status.RETIRED)
    found = (
        found.select_related("site_a__commune", "site_b__commune", "operator")
        .prefetch_related("actions")
        .order_by("site_a__commune__name", "site_a__name", "pk")
    )
    return list(found[:limit] if limit else found)


def links_rows(network: Network) -> Iterator[Link]:
    """Every link of the network, for downloads (streamed in chunks)."""
    return (
        Link.objects.filter(network=network)
        .select_related("site_a__commune", "site_b__commune", "operator")
        .order_by("pk")
        .iterator(chunk_size=500)
    )


def membership_rows(network: Network) -> Iterator[SiteMembership]:
    """Every membership of the network (past ones too), for downloads."""
    return (
        SiteMembership.objects.filter(network=network)
        .select_related("site__commune", "site__network_owner__organisation")
        .order_by("site__commune__code", "site_id", "joined_on")
        .iterator(chunk_size=500)
    )


def map_svg(network: Network, memberships: Sequence[SiteMembership], shown: Sequence[Link]) -> str:
    """The map of the network over its département (the tables give the same information)."""
    territory = network.programme.territory
    departement = None
    isolated: list[dict[str, Any]] = []
    if territory is not None:
        departement = next(
            (
                f["geometry"]
                for f in geo.departement_outlines()
                if f["properties"]["code"] == territory.code
            ),
            None,
        )
        codes = {
            c.code
            for c in communes_with_isolation(Commune.objects.filter(departement=territory)).only(
                "pk", "code"
            )
            if getattr(c, "is_isolated", None)
        }
        outlines, _detailed = geo.commune_outlines(territory.code)
        isolated = [f["geometry"] for f in outlines if f["properties"]["code"] in codes]
    sites = [
        drawing.SitePoint(
            m.site.longitude,
            m.site.latitude,
            f"{m.site.name} ({m.site.commune.name})"
            + (" – " + _("placed at the commune centroid") if m.site.at_centroid else ""),
            m.site.at_centroid,
        )
        for m in memberships
    ]
    lines = [
        drawing.LinkLine(
            (link.site_a.longitude, link.site_a.latitude),
            (link.site_b.longitude, link.site_b.latitude),
            link.technology,
            link.status,
            f"{link.site_a.name} – {link.site_b.name}: {link.get_technology_display()}, "
            f"{link.get_status_display()}",
        )
        for link in shown
    ]
    legend = [
        LegendItem(colour, str(Link.Technology(key).label))
        for key, colour in drawing.TECHNOLOGY_COLOURS.items()
    ]
    legend += [
        LegendItem(drawing.ISOLATED_FILL, _("isolated commune")),
        LegendItem(drawing.SITE_COLOUR, _("site (filled: located; hollow: commune centroid)")),
    ]
    return drawing.network_map(
        departement=departement,
        isolated=isolated,
        sites=sites,
        links=lines,
        title=_("Map of the closed user group network"),
        description=_(
            "Member sites and their intersite links; solid lines are in service, dashed ones "
            "ordered, dotted ones planned. The tables below give the same information."
        ),
        legend=legend,
        source=_("Outlines: IGN Admin Express COG 2018; sites: directory of public services"),
    )


@dataclass
class SiteDetail:
    site: PublicSite
    owner: Organisation | None
    memberships: list[SiteMembership]
    links: list[Link]


def site_detail(pk: int) -> SiteDetail:
    """A public site with its owner, memberships and links (raises ``PublicSite.DoesNotExist``)."""
    site = PublicSite.objects.select_related("commune").get(pk=pk)
    owner = SiteOwner.objects.filter(site=site).select_related("organisation").first()
    memberships = list(
        SiteMembership.objects.filter(site=site).select_related("network__programme")
    )
    site_links = list(
        Link.objects.filter(Q(site_a=site) | Q(site_b=site))
        .select_related("site_a__commune", "site_b__commune", "operator", "network")
        .prefetch_related("actions")
        .order_by("status", "pk")[:PAGE_ROWS]
    )
    return SiteDetail(site, owner.organisation if owner else None, memberships, site_links)


def sites_for_team(query: str = "", commune: str = "", limit: int = PAGE_ROWS) -> list[PublicSite]:
    """Public sites for the back-office, filtered by name or commune code (bounded)."""
    found = PublicSite.objects.select_related("commune")
    if commune:
        found = found.filter(commune__code=commune)
    if query:
        found = found.filter(Q(name__icontains=query) | Q(commune__name__icontains=query))
    return list(found.order_by("commune__name", "name", "pk")[:limit])


def commune_section(commune: Commune, limit: int = 50) -> dict[str, Any]:
    """Public sites of ``commune`` and the links that reach it (one query without sites, two
    with)."""
    sites = list(
        PublicSite.objects.filter(commune=commune)
        .annotate(
            in_network=Exists(
                SiteMembership.objects.filter(site=OuterRef("pk"), left_on__isnull=True)
            )
        )
        .order_by("kind", "name")[:limit]
    )
    if not sites:
        # A link joins two sites: without a site here, no link reaches the commune.
        return {"sites": [], "links": []}
    reaching = list(
        Link.objects.filter(Q(site_a__commune=commune) | Q(site_b__commune=commune))
        .exclude(status=Link.Status.RETIRED)
        .select_related("site_a__commune", "site_b__commune")
        .order_by("status", "pk")[:limit]
    )
    return {"sites": sites, "links": reaching}


def action_section(action: Any, *, details: bool) -> dict[str, Any] | None:
    """What the network and the grouping realised for a roadmap action (None: nothing)."""
    attached = list(
        action.network_links.select_related("site_a__commune", "site_b__commune").order_by(
            "status", "pk"
        )[:PAGE_ROWS]
    )
    orders = Order.objects.filter(actions=action).exclude(status=Order.Status.CANCELLED)
    summary = orders.aggregate(n=Count("pk"), total=Sum("amount"))
    if not attached and not summary["n"]:
        return None
    statuses = dict(Link.Status.choices)
    counts: dict[str, int] = defaultdict(int)
    for link in attached:
        counts[link.status] += 1
    smallest = min_group_size()
    return {
        "links": attached,
        "link_counts": [(str(statuses[k]), counts[k]) for k in statuses if counts.get(k)],
        "orders": summary["n"] or 0,
        # An amount over fewer orders than the minimum group would show single orders.
        "orders_total": summary["total"] if details or (summary["n"] or 0) >= smallest else None,
        "order_list": list(orders.select_related("member", "lot__contract")[:50])
        if details
        else [],
        "details": details,
    }


# --- The procurement grouping ---------------------------------------------------------------


def groupings(programme: Any) -> list[Grouping]:
    if programme is None:
        return []
    return list(
        Grouping.objects.filter(programme=programme)
        .select_related("coordinator")
        .order_by("name", "pk")[:50]
    )


def current_members(grouping: Grouping, limit: int = PAGE_ROWS) -> list[GroupingMember]:
    return list(
        grouping.members.filter(left_on__isnull=True)
        .select_related("organisation")
        .order_by("organisation__search_text", "pk")[:limit]
    )


def all_members(grouping: Grouping, limit: int = PAGE_ROWS) -> list[GroupingMember]:
    return list(
        grouping.members.select_related("organisation").order_by(
            "left_on", "organisation__search_text", "pk"
        )[:limit]
    )


def contracts_with_lots(grouping: Grouping) -> list[Contract]:
    """The grouping's contracts with their lots, each lot counting its live orders."""
    lots = Lot.objects.annotate(
        live_orders=Count("orders", filter=~Q(orders__status=Order.Status.CANCELLED))
    ).order_by("number")
    from django.db.models import Prefetch

    return list(
        grouping.contracts.prefetch_related(Prefetch("lots", queryset=lots)).order_by(
            "starts_on", "reference"
        )[:200]
    )


@dataclass
class Totals:
    """Orders per member and lot, with each lot's ceiling and what remains."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    lots: list[Lot] = field(default_factory=list)


def member_lot_totals(
    grouping: Grouping, organisations: Sequence[Organisation] | None = None
) -> Totals:
    """Amounts ordered per member and lot (cancelled orders left out); two queries."""
    orders = Order.objects.filter(lot__contract__grouping=grouping).exclude(
        status=Order.Status.CANCELLED
    )
    if organisations is not None:
        orders = orders.filter(member__in=organisations)
    found = (
        orders.values(
            "member_id",
            "member__name",
            "member__siren",
            "lot_id",
            "lot__number",
            "lot__title",
            "lot__contract__reference",
            "lot__ceiling",
            "lot__ordered",
        )
        .annotate(orders=Count("pk"), amount=Sum("amount"))
        .order_by("member__name", "lot__contract__reference", "lot__number")[:5000]
    )
    rows: list[dict[str, Any]] = [
        {**row, "remaining": row["lot__ceiling"] - row["lot__ordered"]} for row in found
    ]
    lots = list(
        Lot.objects.filter(contract__grouping=grouping)
        .select_related("contract")
        .order_by("contract__reference", "number")[:1000]
    )
    return Totals(rows, lots)


@dataclass
class KindLine:
    label: str
    members: int
    orders: int | None
    amount: Decimal | None
    withheld: bool


def kind_breakdown(grouping: Grouping) -> list[KindLine]:
    """Orders by kind of member (commune, intercommunality...); a kind with fewer members than
    the minimum group size is withheld (two queries)."""
    smallest = min_group_size()
    members: dict[str, int] = defaultdict(int)
    for kind, n in (
        grouping.members.filter(left_on__isnull=True)
        .values_list("organisation__kind")
        .annotate(n=Count("organisation", distinct=True))
        .order_by()
    ):
        members[kind] += n
    ordered = {
        row["member__kind"]: row
        for row in Order.objects.filter(lot__contract__grouping=grouping)
        .exclude(status=Order.Status.CANCELLED)
        .values("member__kind")
        .annotate(n=Count("pk"), total=Sum("amount"))
        .order_by()
    }
    labels = dict(Organisation.Kind.choices)
    lines = []
    for kind, label in labels.items():
        count = members.get(kind, 0)
        if not count and kind not in ordered:
            continue
        withheld = count < smallest
        row: Mapping[str, Any] = ordered.get(kind, {})
        lines.append(
            KindLine(
                str(label),
                count,
                None if withheld else row.get("n", 0),
                None if withheld else row.get("total") or Decimal(0),
                withheld,
            )
        )
    return lines


def grouping_orders(
    grouping: Grouping,
    organisations: Sequence[Organisation] | None = None,
    limit: int | None = PAGE_ROWS,
) -> list[Order]:
    """The grouping's orders, newest first (only those of ``organisations`` when given)."""
    found = (
        Order.objects.filter(lot__contract__grouping=grouping)
        .select_related("member", "lot__contract")
        .prefetch_related("items", "actions")
        .order_by("-ordered_on", "-pk")
    )
    if organisations is not None:
        found = found.filter(member__in=organisations)
    return list(found[:limit] if limit else found)


def order_lines_rows(grouping: Grouping) -> Iterator[Any]:
    """Every order line of the grouping, for the finance export (streamed)."""
    from endavant.network.models import OrderItem

    return (
        OrderItem.objects.filter(order__lot__contract__grouping=grouping)
        .select_related("order__member", "order__lot__contract")
        .order_by("order__ordered_on", "order_id", "pk")
        .iterator(chunk_size=500)
    )


def open_lots(grouping: Grouping) -> QuerySet[Lot]:
    """Lots of contracts running today (for the order form)."""
    today = timezone.localdate()
    return (
        Lot.objects.filter(
            contract__grouping=grouping,
            contract__starts_on__lte=today,
            contract__ends_on__gte=today,
        )
        .select_related("contract")
        .order_by("contract__reference", "number")
    )
