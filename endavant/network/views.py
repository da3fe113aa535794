"""Network pages: the closed user group's map, figures and tables with their downloads, a page
per public site, the procurement grouping's aggregates and the members' orders; and the
programme team's back-office. Views stay thin."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from endavant.accounts.permissions import require_perm
from endavant.actors.models import Organisation
from endavant.ballots.selectors import min_group_size
from endavant.core.csv import csv_streaming_response
from endavant.core.services import ApplicationError
from endavant.network import directory, forms, selectors, services
from endavant.network.models import Contract, Grouping, Link, Lot, Network, Order
from endavant.programmes.context import with_programme
from endavant.territory.models import PublicSite

MANAGE = "network.manage"
EDIT = ["GET", "HEAD", "POST"]


def _flag(value: bool) -> int:
    """1 / 0 in downloads, whatever the language of the page."""
    return int(value)


# --- The network, public --------------------------------------------------------------------


@require_safe
@with_programme
def index(request: HttpRequest, programme: Any) -> HttpResponse:
    """The closed user group: map, figures, growth, isolated communes connected, tables."""
    network = selectors.network_of(programme)
    context: dict[str, Any] = {"programme": programme, "network": network}
    if network is not None:
        memberships = selectors.current_memberships(network)
        shown = selectors.links(network)
        context |= {
            "figures": selectors.network_figures(network),
            "memberships": memberships,
            "links": shown,
            "at_centroid": sum(1 for m in memberships if m.site.at_centroid),
            # Built by the selector from escaped text and numbers only.
            "map": mark_safe(selectors.map_svg(network, memberships, shown)),
            "details": request.user.has_perm("network.view_details"),
            "limit": selectors.PAGE_ROWS,
        }
    return render(request, "network/index.html", context)


def _network_or_404(programme: Any) -> Network:
    network = selectors.network_of(programme)
    if network is None:
        raise Http404
    return network


def _features(network: Network) -> Iterator[str]:
    yield (
        '{"type":"FeatureCollection","metadata":'
        + json.dumps(
            {
                "network": network.name,
                "is_example": network.is_example,
                "licence": "Licence Ouverte / Etalab 2.0",
                "sources": [services.DIRECTORY_SOURCE, "IGN Admin Express COG 2018"],
                "note": "at_centroid = no coordinates known, the site is placed at its "
                "commune's centroid",
            },
            ensure_ascii=False,
        )
        + ',"features":['
    )
    separator = ""
    for m in selectors.membership_rows(network):
        site = m.site
        feature = {
            "type": "Feature",
            "geometry": {
                "type": "Point",
                "coordinates": [round(site.longitude, 6), round(site.latitude, 6)],
            },
            "properties": {
                "kind_of_feature": "site",
                "site_id": site.pk,
                "name": site.name,
                "kind": site.kind,
                "commune": site.commune.code,
                "at_centroid": site.at_centroid,
                "joined_on": m.joined_on.isoformat(),
                "left_on": m.left_on.isoformat() if m.left_on else None,
                "is_example": site.is_example,
            },
        }
        yield separator + json.dumps(feature, ensure_ascii=False, separators=(",", ":"))
        separator = ","
    for link in selectors.links_rows(network):
        feature = {
            "type": "Feature",
            "geometry": {
                "type": "LineString",
                "coordinates": [
                    [round(link.site_a.longitude, 6), round(link.site_a.latitude, 6)],
                    [round(link.site_b.longitude, 6), round(link.site_b.latitude, 6)],
                ],
            },
            "properties": {
                "kind_of_feature": "link",
                "link_id": link.pk,
                "site_a": link.site_a_id,
                "site_b": link.site_b_id,
                "technology": link.technology,
                "status": link.status,
                "ordered_on": link.ordered_on.isoformat() if link.ordered_on else None,
                "in_service_on": link.in_service_on.isoformat() if link.in_service_on else None,
                "retired_on": link.retired_on.isoformat() if link.retired_on else None,
                "is_example": link.is_example,
            },
        }
        yield separator + json.dumps(feature, ensure_ascii=False, separators=(",", ":"))
        separator = ","
    yield "]}"


@require_safe
@with_programme
def geojson(request: HttpRequest, programme: Any) -> HttpResponse:
    """Sites (points) and links (lines) of the network as GeoJSON, streamed."""
    network = _network_or_404(programme)
    response = StreamingHttpResponse(_features(network), content_type="application/geo+json")
    response["Content-Disposition"] = f'inline; filename="reseau-{network.programme.slug}.geojson"'
    return response  # type: ignore[return-value]


LINK_HEADER = (
    "id",
    "site_a",
    "site_a_name",
    "commune_a",
    "site_b",
    "site_b_name",
    "commune_b",
    "technology",
    "status",
    "ordered_on",
    "in_service_on",
    "retired_on",
    "is_example",
)


@require_safe
@with_programme
def links_csv(request: HttpRequest, programme: Any) -> HttpResponse:
    """The network's links as CSV (the public columns), streamed."""
    network = _network_or_404(programme)
    rows = (
        (
            link.pk,
            link.site_a_id,
            link.site_a.name,
            link.site_a.commune.code,
            link.site_b_id,
            link.site_b.name,
            link.site_b.commune.code,
            link.technology,
            link.status,
            link.ordered_on,
            link.in_service_on,
            link.retired_on,
            _flag(link.is_example),
        )
        for link in selectors.links_rows(network)
    )
    return csv_streaming_response(  # type: ignore[return-value]
        f"reseau-{network.programme.slug}.csv", LINK_HEADER, rows
    )


SITE_HEADER = (
    "site_id",
    "name",
    "kind",
    "commune",
    "address",
    "postcode",
    "longitude",
    "latitude",
    "at_centroid",
    "owner",
    "joined_on",
    "left_on",
    "directory_id",
    "is_example",
)


@require_safe
@with_programme
def sites_csv(request: HttpRequest, programme: Any) -> HttpResponse:
    """The network's memberships (sites with their dates) as CSV, streamed."""
    network = _network_or_404(programme)

    def rows() -> Iterator[tuple[Any, ...]]:
        for m in selectors.membership_rows(network):
            site = m.site
            owner = getattr(site, "network_owner", None)
            yield (
                site.pk,
                site.name,
                site.kind,
                site.commune.code,
                site.address,
                site.postcode,
                round(site.longitude, 6),
                round(site.latitude, 6),
                _flag(site.at_centroid),
                owner.organisation.name if owner else "",
                m.joined_on,
                m.left_on,
                site.directory_id,
                _flag(site.is_example),
            )

    return csv_streaming_response(  # type: ignore[return-value]
        f"reseau-sites-{network.programme.slug}.csv", SITE_HEADER, rows()
    )


@require_safe
def site(request: HttpRequest, pk: int) -> HttpResponse:
    """A public site: what, where (or the commune centroid, said so), owner, contact, network."""
    try:
        detail = selectors.site_detail(pk)
    except PublicSite.DoesNotExist as error:
        raise Http404 from error
    return render(
        request,
        "network/site.html",
        {
            "detail": detail,
            "site": detail.site,
            "details": request.user.has_perm("network.view_details"),
        },
    )


# --- The procurement grouping, public and for members ---------------------------------------


@require_safe
@with_programme
def grouping_index(request: HttpRequest, programme: Any) -> HttpResponse:
    """The programme's procurement groupings: members, contracts, lots and ceilings, and the
    orders by kind of member (small groups withheld)."""
    items = [
        {
            "grouping": grouping,
            "members": selectors.current_members(grouping),
            "contracts": selectors.contracts_with_lots(grouping),
            "kinds": selectors.kind_breakdown(grouping),
        }
        for grouping in selectors.groupings(programme)
    ]
    return render(
        request,
        "network/grouping.html",
        {
            "programme": programme,
            "items": items,
            "can_order": request.user.has_perm("network.place_order"),
            "min_group": min_group_size(),
        },
    )


def _grouping_choice(request: HttpRequest, programme: Any) -> Grouping | None:
    found = selectors.groupings(programme)
    raw = request.GET.get("groupement", "")[:10]
    if raw.isdigit():
        return next((g for g in found if g.pk == int(raw)), None) or (found[0] if found else None)
    return found[0] if found else None


@require_perm("network.place_order")
@require_http_methods(EDIT)
@with_programme
def orders(request: HttpRequest, programme: Any) -> HttpResponse:
    """Members place orders for their organisation and follow them, with the totals per member
    and lot and what remains under each ceiling; the team sees every member."""
    grouping = _grouping_choice(request, programme)
    if grouping is None:
        return render(request, "network/orders.html", {"programme": programme, "grouping": None})
    team = request.user.has_perm(MANAGE)
    organisations = None if team else selectors.ordering_organisations(request.user, grouping)
    if team:
        members = grouping.members.filter(left_on__isnull=True).values("organisation")
        member_choices = Organisation.objects.filter(pk__in=members)
        lots = Lot.objects.filter(contract__grouping=grouping).select_related("contract")
    else:
        member_choices = Organisation.objects.filter(pk__in=[o.pk for o in organisations or []])
        lots = selectors.open_lots(grouping)
    form = forms.OrderForm(
        request.POST or None, members=member_choices, lots=lots, programme=programme
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.order_place(
                actor=request.user,
                lot=data["lot"],
                member=data["member"],
                ordered_on=data["ordered_on"],
                lines=data["lines"],
                reference=data["reference"],
                actions=data["actions"],
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The order is placed."))
            return redirect(request.get_full_path())
    return render(
        request,
        "network/orders.html",
        {
            "programme": programme,
            "grouping": grouping,
            "groupings": selectors.groupings(programme),
            "team": team,
            "form": form,
            "orders": selectors.grouping_orders(grouping, organisations),
            "totals": selectors.member_lot_totals(grouping, organisations),
            "limit": selectors.PAGE_ROWS,
        },
        status=400 if request.method == "POST" else 200,
    )


# --- Back-office: the network ---------------------------------------------------------------


@require_perm(MANAGE)
@require_http_methods(EDIT)
@with_programme
def manage(request: HttpRequest, programme: Any) -> HttpResponse:
    """The programme's closed user group: its description, member sites and links."""
    if programme is None:
        return redirect("programmes:manage")
    network = selectors.network_of(programme)
    form = forms.NetworkForm(
        request.POST or None,
        initial={
            "name": network.name,
            "description": network.description,
            "is_example": network.is_example,
        }
        if network
        else {"name": _("Closed user group of %(programme)s") % {"programme": programme.name}},
    )
    if request.method == "POST" and form.is_valid():
        try:
            network = services.network_save(
                actor=request.user,
                network=network,
                **({"programme": programme} if network is None else {}),
                **form.cleaned_data,
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("network:manage")
    context: dict[str, Any] = {"programme": programme, "network": network, "form": form}
    if network is not None:
        context |= {
            "memberships": selectors.current_memberships(network),
            "links": selectors.links(network, retired=True),
            "limit": selectors.PAGE_ROWS,
        }
    return render(
        request,
        "network/manage/index.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


@require_perm(MANAGE)
@require_safe
def manage_sites(request: HttpRequest) -> HttpResponse:
    """Every public site (search by name or commune), to edit one or add it to the network."""
    query = request.GET.get("q", "")[:100].replace("\x00", "")
    commune = request.GET.get("commune", "")[:5]
    return render(
        request,
        "network/manage/sites.html",
        {
            "sites": selectors.sites_for_team(query, commune if commune.isalnum() else ""),
            "query": query,
            "commune": commune if commune.isalnum() else "",
            "limit": selectors.PAGE_ROWS,
        },
    )


def _site_initial(site: PublicSite) -> dict[str, Any]:
    owner = getattr(site, "network_owner", None)
    return {
        "kind": site.kind,
        "name": site.name,
        "commune": site.commune.code,
        "address": site.address,
        "postcode": site.postcode,
        "longitude": None if site.at_centroid else site.longitude,
        "latitude": None if site.at_centroid else site.latitude,
        "owner": owner.organisation.name if owner else "",
        "phone": site.phone,
        "email": site.email,
        "website": site.website,
        "siret": site.siret,
        "is_example": site.is_example,
    }


@require_perm(MANAGE)
@require_http_methods(EDIT)
@with_programme
def manage_site(request: HttpRequest, programme: Any, pk: int | None = None) -> HttpResponse:
    """Enter a site by hand or edit it; make it join or leave the programme's network."""
    site_obj = (
        get_object_or_404(PublicSite.objects.select_related("commune"), pk=pk) if pk else None
    )
    network = selectors.network_of(programme)
    action = request.POST.get("do", "save") if request.method == "POST" else ""
    form = forms.SiteForm(
        request.POST if action == "save" else None,
        initial=_site_initial(site_obj) if site_obj else None,
    )
    join_form = forms.JoinForm(request.POST if action == "join" else None)
    leave_form = forms.LeaveForm(request.POST if action == "leave" else None)
    error = None
    try:
        if action == "save" and form.is_valid():
            data = dict(form.cleaned_data)
            owner = data.pop("owner")
            if data["longitude"] is None:
                data.pop("longitude")
                data.pop("latitude")
            saved = services.site_save(actor=request.user, site=site_obj, owner=owner, **data)
            messages.success(request, _("Saved."))
            return redirect("network:manage_site", saved.pk)
        if action == "join" and site_obj and network and join_form.is_valid():
            services.membership_add(
                actor=request.user, network=network, site=site_obj, **join_form.cleaned_data
            )
            messages.success(request, _("The site is a member of the network."))
            return redirect("network:manage_site", site_obj.pk)
        if action == "leave" and site_obj and network and leave_form.is_valid():
            membership = get_object_or_404(
                network.memberships, pk=leave_form.cleaned_data["membership"], site=site_obj
            )
            services.membership_end(
                actor=request.user,
                membership=membership,
                left_on=leave_form.cleaned_data["left_on"],
            )
            messages.success(request, _("The site has left the network."))
            return redirect("network:manage_site", site_obj.pk)
        if action and action not in ("save", "join", "leave"):
            error = _("Unknown request.")
    except ApplicationError as failure:
        error = failure.message
    memberships = list(network.memberships.filter(site=site_obj)) if network and site_obj else []
    return render(
        request,
        "network/manage/site.html",
        {
            "site": site_obj,
            "network": network,
            "form": form,
            "join_form": join_form,
            "leave_form": leave_form,
            "memberships": memberships,
            "error": error,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_perm(MANAGE)
@require_http_methods(EDIT)
def manage_import(request: HttpRequest) -> HttpResponse:
    """Import sites from a CSV export of the national directory of public services."""
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        raw = form.cleaned_data["file"].read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")
        report = services.sites_import(
            actor=request.user,
            text=text,
            only_valid=form.cleaned_data["only_valid"],
            departement=form.cleaned_data["departement"] or "",
        )
        if report.imported:
            messages.success(
                request,
                _("%(created)s site(s) created, %(updated)s updated.")
                % {"created": report.created, "updated": report.updated},
            )
    return render(
        request,
        "network/manage/import.html",
        {
            "form": form,
            "report": report,
            "required": directory.REQUIRED,
            "optional": directory.OPTIONAL,
        },
        status=400 if request.method == "POST" and (report is None or not report.imported) else 200,
    )


def _link_initial(link: Link) -> dict[str, Any]:
    return {
        "site_a": link.site_a_id,
        "site_b": link.site_b_id,
        "technology": link.technology,
        "bandwidth_mbps": link.bandwidth_mbps,
        "operator": link.operator.name if link.operator else "",
        "status": link.status,
        "ordered_on": link.ordered_on,
        "in_service_on": link.in_service_on,
        "retired_on": link.retired_on,
        "cost": link.cost,
        "annual_cost": link.annual_cost,
        "actions": list(link.actions.all()),
        "note": link.note,
        "is_example": link.is_example,
    }


@require_perm(MANAGE)
@require_http_methods(EDIT)
@with_programme
def manage_link(request: HttpRequest, programme: Any, pk: int | None = None) -> HttpResponse:
    """Create or edit an intersite link (between two member sites)."""
    network = selectors.network_of(programme)
    if network is None:
        messages.error(request, _("Create the network first."))
        return redirect("network:manage")
    link = get_object_or_404(Link, pk=pk, network=network) if pk else None
    form = forms.LinkForm(
        request.POST or None, initial=_link_initial(link) if link else None, network=network
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        actions = data.pop("actions")
        try:
            saved = services.link_save(
                actor=request.user, network=network, link=link, actions=actions, **data
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("network:manage_link", saved.pk)
    return render(
        request,
        "network/manage/link.html",
        {"form": form, "link": link, "network": network},
        status=400 if request.method == "POST" else 200,
    )


# --- Back-office: the procurement grouping --------------------------------------------------


@require_perm(MANAGE)
@require_http_methods(EDIT)
@with_programme
def manage_grouping(request: HttpRequest, programme: Any) -> HttpResponse:
    """The programme's procurement groupings; create one."""
    if programme is None:
        return redirect("programmes:manage")
    form = forms.GroupingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            grouping = services.grouping_save(
                actor=request.user, programme=programme, **form.cleaned_data
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("network:manage_grouping_detail", grouping.pk)
    return render(
        request,
        "network/manage/groupings.html",
        {"programme": programme, "groupings": selectors.groupings(programme), "form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_perm(MANAGE)
@require_http_methods(EDIT)
@with_programme
def manage_grouping_detail(request: HttpRequest, programme: Any, pk: int) -> HttpResponse:
    """A grouping: its description, members (accession, withdrawal), contracts, orders."""
    grouping = get_object_or_404(Grouping, pk=pk, programme=programme)
    action = request.POST.get("do", "") if request.method == "POST" else ""
    form = forms.GroupingForm(
        request.POST if action == "save" else None,
        initial={
            "name": grouping.name,
            "description": grouping.description,
            "coordinator": grouping.coordinator.name if grouping.coordinator else "",
            "created_on": grouping.created_on,
            "is_example": grouping.is_example,
        },
    )
    member_form = forms.MemberForm(request.POST if action == "member" else None)
    end_form = forms.MemberEndForm(request.POST if action == "end" else None)
    contract_form = forms.ContractForm(request.POST if action == "contract" else None)
    error = None
    try:
        if action == "save" and form.is_valid():
            services.grouping_save(actor=request.user, grouping=grouping, **form.cleaned_data)
        elif action == "member" and member_form.is_valid():
            services.member_add(actor=request.user, grouping=grouping, **member_form.cleaned_data)
        elif action == "end" and end_form.is_valid():
            member = get_object_or_404(grouping.members, pk=end_form.cleaned_data["member"])
            services.member_end(
                actor=request.user, member=member, left_on=end_form.cleaned_data["left_on"]
            )
        elif action == "contract" and contract_form.is_valid():
            contract = services.contract_save(
                actor=request.user, grouping=grouping, **contract_form.cleaned_data
            )
            messages.success(request, _("Saved."))
            return redirect("network:manage_contract", contract.pk)
        elif action:
            error = _("Check the form: some values are missing or wrong.")
        if action and error is None:
            messages.success(request, _("Saved."))
            return redirect("network:manage_grouping_detail", grouping.pk)
    except ApplicationError as failure:
        error = failure.message
    return render(
        request,
        "network/manage/grouping.html",
        {
            "grouping": grouping,
            "form": form,
            "member_form": member_form,
            "end_form": end_form,
            "contract_form": contract_form,
            "members": selectors.all_members(grouping),
            "contracts": selectors.contracts_with_lots(grouping),
            "orders": selectors.grouping_orders(grouping),
            "error": error,
            "action": action,
            "limit": selectors.PAGE_ROWS,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_perm(MANAGE)
@require_http_methods(EDIT)
@with_programme
def manage_contract(request: HttpRequest, programme: Any, pk: int) -> HttpResponse:
    """A framework contract: its terms and its lots with their ceilings."""
    contract = get_object_or_404(
        Contract.objects.select_related("grouping"), pk=pk, grouping__programme=programme
    )
    action = request.POST.get("do", "") if request.method == "POST" else ""
    form = forms.ContractForm(
        request.POST if action == "save" else None,
        initial={
            "reference": contract.reference,
            "title": contract.title,
            "supplier": contract.supplier,
            "supplier_siren": contract.supplier_siren,
            "starts_on": contract.starts_on,
            "ends_on": contract.ends_on,
            "notice_url": contract.notice_url,
            "is_example": contract.is_example,
        },
    )
    lot_form = forms.LotForm(request.POST if action == "lot" else None)
    error = None
    try:
        if action == "save" and form.is_valid():
            services.contract_save(actor=request.user, contract=contract, **form.cleaned_data)
        elif action == "lot" and lot_form.is_valid():
            data = lot_form.cleaned_data
            existing = contract.lots.filter(number=data["number"]).first()
            services.lot_save(
                actor=request.user,
                contract=None if existing else contract,
                lot=existing,
                **data,
            )
        elif action:
            error = _("Check the form: some values are missing or wrong.")
        if action and error is None:
            messages.success(request, _("Saved."))
            return redirect("network:manage_contract", contract.pk)
    except ApplicationError as failure:
        error = failure.message
    return render(
        request,
        "network/manage/contract.html",
        {
            "contract": contract,
            "lots": list(contract.lots.all()),
            "form": form,
            "lot_form": lot_form,
            "error": error,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_perm(MANAGE)
@require_http_methods(EDIT)
@with_programme
def manage_order(request: HttpRequest, programme: Any, pk: int) -> HttpResponse:
    """An order: its lines, and moving it on (delivered, invoiced) or cancelling it."""
    order = get_object_or_404(
        Order.objects.select_related("member", "lot__contract__grouping", "placed_by"),
        pk=pk,
        lot__contract__grouping__programme=programme,
    )
    form = forms.OrderStatusForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.order_set_status(actor=request.user, order=order, **form.cleaned_data)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("network:manage_order", order.pk)
    return render(
        request,
        "network/manage/order.html",
        {"order": order, "items": list(order.items.all()), "form": form},
        status=400 if request.method == "POST" else 200,
    )


ORDER_LINES_HEADER = (
    "order_id",
    "ordered_on",
    "status",
    "member",
    "member_siren",
    "member_reference",
    "contract",
    "lot",
    "item",
    "quantity",
    "unit_price_eur",
    "line_amount_eur",
    "order_amount_eur",
    "delivered_on",
    "is_example",
)


@require_perm(MANAGE)
@require_safe
@with_programme
def orders_csv(request: HttpRequest, programme: Any, pk: int) -> HttpResponse:
    """Every order line of the grouping, for finance (streamed)."""
    grouping = get_object_or_404(Grouping, pk=pk, programme=programme)
    rows = (
        (
            item.order_id,
            item.order.ordered_on,
            item.order.status,
            item.order.member.name,
            item.order.member.siren,
            item.order.reference,
            item.order.lot.contract.reference,
            item.order.lot.number,
            item.description,
            item.quantity,
            item.unit_price,
            item.amount,
            item.order.amount,
            item.order.delivered_on,
            _flag(item.order.is_example),
        )
        for item in selectors.order_lines_rows(grouping)
    )
    return csv_streaming_response(  # type: ignore[return-value]
        f"commandes-groupement-{grouping.pk}.csv", ORDER_LINES_HEADER, rows
    )


TOTALS_HEADER = (
    "member",
    "member_siren",
    "contract",
    "lot",
    "lot_title",
    "orders",
    "amount_eur",
    "lot_ceiling_eur",
    "lot_ordered_eur",
    "lot_remaining_eur",
)


@require_perm(MANAGE)
@require_safe
@with_programme
def totals_csv(request: HttpRequest, programme: Any, pk: int) -> HttpResponse:
    """Totals per member and lot, with each lot's ceiling and what remains (for finance)."""
    grouping = get_object_or_404(Grouping, pk=pk, programme=programme)
    totals = selectors.member_lot_totals(grouping)
    rows = (
        (
            row["member__name"],
            row["member__siren"],
            row["lot__contract__reference"],
            row["lot__number"],
            row["lot__title"],
            row["orders"],
            row["amount"],
            row["lot__ceiling"],
            row["lot__ordered"],
            row["remaining"],
        )
        for row in totals.rows
    )
    return csv_streaming_response(  # type: ignore[return-value]
        f"totaux-groupement-{grouping.pk}.csv", TOTALS_HEADER, rows
    )
