"""Writes of the network app: public sites (by hand or imported from the national directory),
the closed user group (memberships and intersite links), and the procurement grouping
(members, framework contracts, lots and orders). Each one validates, writes its rows and its
audit row in one transaction.

"Never above the ceiling" holds under parallel orders: the lot's row is locked while its
running total is read and raised, and the database refuses a total above the ceiling.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from endavant.actors.models import Organisation
from endavant.core.services import ApplicationError, audit_record, delete, write
from endavant.network import directory, selectors
from endavant.network.models import (
    Contract,
    Grouping,
    GroupingMember,
    Link,
    Lot,
    Network,
    Order,
    OrderItem,
    SiteMembership,
    SiteOwner,
)
from endavant.territory.models import Commune, PublicSite

#: Lists a person can grow are bounded.
MAX_SITES_PER_NETWORK = 5000
MAX_LINKS_PER_NETWORK = 5000
MAX_MEMBERS_PER_GROUPING = 2000
MAX_CONTRACTS_PER_GROUPING = 200
MAX_LOTS_PER_CONTRACT = 50
MAX_ORDER_LINES = 50
MAX_ORDERS_PER_LOT = 20_000
MAX_IMPORT_ROWS = 5000
MAX_AMOUNT = Decimal("999999999999.99")
CENT = Decimal("0.01")

DIRECTORY_SOURCE = (
    "Annuaire de l'administration – Base de données locales (Service-Public.fr, DILA), "
    "Licence Ouverte 2.0"
)
MANUAL_SOURCE = "Saisie par l'équipe du programme"

_UNSET: Any = object()


def euros(value: Decimal) -> str:
    """An amount as people read it in the current language (``12 345,00``)."""
    return formats.number_format(value, 2, use_l10n=True, force_grouping=True)


def _today() -> date:
    return timezone.localdate()


def _programme_check(actions: Iterable[Any] | None, programme_id: int) -> list[Any] | None:
    if actions is None:
        return None
    chosen = list(actions)
    for action in chosen:
        if action.orientation.programme_id != programme_id:
            raise ApplicationError(
                _("This roadmap action belongs to another programme."), code="programme"
            )
    return chosen


# --- Public sites ---------------------------------------------------------------------------

SITE_FIELDS = frozenset(
    {
        "kind",
        "name",
        "commune",
        "address",
        "postcode",
        "longitude",
        "latitude",
        "phone",
        "email",
        "website",
        "siret",
        "source",
        "directory_id",
        "directory_type",
        "is_example",
    }
)


def _place(fields: dict[str, Any], site: PublicSite | None) -> None:
    """Exact coordinates when both are given; else the commune's centroid, said so."""
    given = "longitude" in fields or "latitude" in fields
    lon, lat = fields.get("longitude"), fields.get("latitude")
    if given and (lon is None) != (lat is None):
        raise ApplicationError(
            _("Give both the longitude and the latitude, or neither."), code="position"
        )
    if given and lon is not None:
        fields["at_centroid"] = False
        return
    commune = fields.get("commune") or (site.commune if site is not None else None)
    keep = site is not None and not site.at_centroid and "commune" not in fields
    if not given and keep:
        return
    if commune is None:
        return
    if commune.centroid_longitude is None or commune.centroid_latitude is None:
        raise ApplicationError(
            _(
                "No coordinates were given and the commune %(commune)s has no known centroid: "
                "give the site's coordinates."
            )
            % {"commune": commune.name},
            code="no_position",
        )
    fields["longitude"] = commune.centroid_longitude
    fields["latitude"] = commune.centroid_latitude
    fields["at_centroid"] = True


@transaction.atomic
def site_save(
    *, actor: Any, site: PublicSite | None = None, owner: Any = _UNSET, **fields: Any
) -> PublicSite:
    """Create or edit a public site by hand; ``owner`` is an organisation of the directory of
    actors (``None`` removes it). Without coordinates the site goes to its commune's centroid
    and is marked so."""
    unknown = set(fields) - SITE_FIELDS
    if unknown:
        raise ApplicationError(_("Unknown field of a site."), code="fields")
    if site is None and fields.get("commune") is None:
        raise ApplicationError(_("Say in which commune the site is."), code="commune")
    siret = fields.get("siret", "")
    if siret and not (siret.isdigit() and len(siret) == 14):
        raise ApplicationError(_("A SIRET is fourteen digits."), code="siret")
    _place(fields, site)
    if site is None:
        fields.setdefault("source", MANUAL_SOURCE)
    fields["updated_at"] = timezone.now()
    saved = write(actor=actor, instance=site or PublicSite(), fields=fields, action="public_site")
    if owner is not _UNSET:
        site_owner_set(actor=actor, site=saved, organisation=owner)
    return saved


@transaction.atomic
def site_owner_set(*, actor: Any, site: PublicSite, organisation: Organisation | None) -> None:
    """Say which organisation of the directory owns ``site`` (``None``: nobody known)."""
    current = SiteOwner.objects.filter(site=site).first()
    if organisation is None:
        if current is not None:
            delete(actor=actor, instance=current, action="site_owner")
        return
    write(
        actor=actor,
        instance=current or SiteOwner(site=site),
        fields={"organisation": organisation},
        action="site_owner",
    )


# Messages of the directory reader's codes.
_FILE_ERRORS = {
    "binary": gettext_lazy("The file contains NUL bytes: it is not a CSV text file."),
    "empty": gettext_lazy("The file is empty."),
    "not_csv": gettext_lazy("Line %(line)s cannot be read as CSV."),
    "columns": gettext_lazy(
        "Missing column(s): %(columns)s. The directory's export has id, nom and code_insee_commune."
    ),
    "too_many": gettext_lazy("The file has more than %(max)s rows: split it."),
}
_ROW_ERRORS = {
    "cells": gettext_lazy("Expected %(expected)s cells, found %(found)s."),
    "no_id": gettext_lazy("The identifier (id) is empty."),
    "no_name": gettext_lazy("The name (nom) is empty."),
    "insee": gettext_lazy("The INSEE code “%(code)s” is not five characters."),
    "siret": gettext_lazy("The SIRET “%(siret)s” is not fourteen digits."),
    "coordinates": gettext_lazy("Coordinates out of range: %(lon)s, %(lat)s."),
}


@dataclass
class ImportedRow:
    """One row of an import, with its problems and what it would become."""

    line: int
    name: str
    commune_code: str
    errors: list[str] = field(default_factory=list)
    at_centroid: bool = False
    owner: str = ""
    existing: bool = False
    values: dict[str, Any] = field(default_factory=dict, repr=False)
    site: PublicSite | None = field(default=None, repr=False)
    organisation: Organisation | None = field(default=None, repr=False)


@dataclass
class SiteImportReport:
    rows: list[ImportedRow] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    outside: int = 0
    created: int = 0
    updated: int = 0

    @property
    def bad_rows(self) -> list[ImportedRow]:
        return [row for row in self.rows if row.errors]

    @property
    def good_rows(self) -> list[ImportedRow]:
        return [row for row in self.rows if not row.errors]

    @property
    def imported(self) -> int:
        return self.created + self.updated


def _owners(
    rows: Sequence[directory.DirectoryRow], communes: dict[str, Commune]
) -> tuple[dict[str, Organisation], dict[int, Organisation]]:
    """Owners the directory of actors knows: by SIREN (exactly one organisation), and for
    town halls the one commune organisation serving the commune."""
    sirens = {row.siren for row in rows if row.siren}
    by_siren: dict[str, list[Organisation]] = {}
    for org in Organisation.objects.filter(siren__in=sirens):
        by_siren.setdefault(org.siren, []).append(org)
    commune_ids = [c.pk for c in communes.values()]
    by_commune: dict[int, list[Organisation]] = {}
    serving = Organisation.communes_served.through.objects.filter(
        commune_id__in=commune_ids, organisation__kind=Organisation.Kind.COMMUNE
    ).select_related("organisation")
    for link in serving:
        by_commune.setdefault(link.commune_id, []).append(link.organisation)
    return (
        {siren: found[0] for siren, found in by_siren.items() if len(found) == 1},
        {pk: found[0] for pk, found in by_commune.items() if len(found) == 1},
    )


def sites_validate(
    text: str, *, departement: str = "", max_rows: int | None = MAX_IMPORT_ROWS
) -> SiteImportReport:
    """Check every row of a directory export against the territory; nothing is written.

    With ``departement`` ("66"), rows of other départements are left out (counted).
    """
    report = SiteImportReport()
    try:
        parsed = list(directory.read(text, max_rows=max_rows))
    except directory.DirectoryFormatError as error:
        report.file_errors.append(str(_FILE_ERRORS[error.code]) % error.params)
        return report
    if departement:
        kept = [row for row in parsed if row.commune_code.startswith(departement)]
        report.outside = len(parsed) - len(kept)
        parsed = kept
    if not parsed:
        report.file_errors.append(_("The file has no data row."))
        return report
    codes = {row.commune_code for row in parsed}
    communes = {c.code: c for c in Commune.objects.filter(code__in=codes)}
    existing = {
        s.directory_id: s
        for s in PublicSite.objects.filter(directory_id__in={row.directory_id for row in parsed})
    }
    by_siren, by_commune = _owners(parsed, communes)
    seen: set[str] = set()
    for row in parsed:
        result = ImportedRow(line=row.line, name=row.name, commune_code=row.commune_code)
        result.errors = [str(_ROW_ERRORS[code]) % params for code, params in row.errors]
        if row.directory_id in seen:
            result.errors.append(_("This identifier appears twice in the file."))
        seen.add(row.directory_id)
        commune = communes.get(row.commune_code)
        if commune is None:
            result.errors.append(
                _("Unknown INSEE code: %(code)s.") % {"code": row.commune_code[:10]}
            )
            report.rows.append(result)
            continue
        values: dict[str, Any] = {
            "kind": row.kind,
            "name": row.name,
            "commune": commune,
            "address": row.address,
            "postcode": row.postcode,
            "phone": row.phone,
            "email": row.email,
            "website": row.website,
            "siret": row.siret,
            "directory_id": row.directory_id,
            "directory_type": row.directory_type,
            "source": DIRECTORY_SOURCE,
        }
        if row.longitude is not None and row.latitude is not None:
            values.update(longitude=row.longitude, latitude=row.latitude, at_centroid=False)
        elif commune.centroid_longitude is not None and commune.centroid_latitude is not None:
            values.update(
                longitude=commune.centroid_longitude,
                latitude=commune.centroid_latitude,
                at_centroid=True,
            )
        else:
            result.errors.append(
                _("No coordinates, and the commune has no known centroid to place the site at.")
            )
        site = existing.get(row.directory_id) or PublicSite()
        result.existing = site.pk is not None
        for name, value in values.items():
            setattr(site, name, value)
        site.updated_at = timezone.now()
        if not result.errors:
            try:
                site.full_clean(validate_unique=False, validate_constraints=False)
            except ValidationError as error:
                result.errors.extend(error.messages)
        result.values, result.site = values, site
        result.at_centroid = bool(values.get("at_centroid"))
        owner = by_siren.get(row.siren) if row.siren else None
        if owner is None and row.kind == PublicSite.Kind.TOWN_HALL:
            owner = by_commune.get(commune.pk)
        result.organisation = owner
        result.owner = owner.name if owner is not None else ""
        report.rows.append(result)
    return report


@transaction.atomic
def sites_import(
    *,
    actor: Any,
    text: str,
    only_valid: bool = False,
    departement: str = "",
    max_rows: int | None = MAX_IMPORT_ROWS,
) -> SiteImportReport:
    """Import (create or update, by the directory's identifier) the sites of a directory export.

    Every row is checked first; with one bad row nothing is written unless ``only_valid``. A
    site without coordinates is placed at its commune's centroid and marked so. The owner is
    set when the directory of actors knows it (SIREN, or the commune for a town hall). One
    audit row for the whole import.
    """
    report = sites_validate(text, departement=departement, max_rows=max_rows)
    if report.file_errors or (report.bad_rows and not only_valid):
        return report
    good = report.good_rows
    if not good:
        return report
    ids = []
    for row in good:
        assert row.site is not None
        if row.existing:
            report.updated += 1
        else:
            report.created += 1
        row.site.save()
        ids.append(row.site.pk)
        if row.organisation is not None:
            SiteOwner.objects.update_or_create(
                site=row.site, defaults={"organisation": row.organisation}
            )
    audit_record(
        actor=actor,
        action="public_site.import",
        after={
            "created": report.created,
            "updated": report.updated,
            "at_centroid": sum(1 for row in good if row.at_centroid),
            "owners_found": sum(1 for row in good if row.organisation is not None),
            "skipped_lines": [row.line for row in report.bad_rows],
            "source": DIRECTORY_SOURCE,
        },
    )
    return report


# --- The closed user group network ----------------------------------------------------------


def _lock_network(network: Network) -> Network:
    return Network.objects.select_for_update().get(pk=network.pk)


def network_stats_refresh(*, network: Network) -> Network:
    """Recompute the figures of the network's public page (called after each change)."""
    stats = selectors.compute_network_stats(network)
    Network.objects.filter(pk=network.pk).update(stats=stats, stats_at=timezone.now())
    network.stats = stats
    return network


@transaction.atomic
def network_save(*, actor: Any, network: Network | None = None, **fields: Any) -> Network:
    """Create the programme's closed user group, or edit its name and description."""
    if network is None:
        programme = fields.get("programme")
        if programme is not None and Network.objects.filter(programme=programme).exists():
            raise ApplicationError(
                _("This programme already has its closed user group network."), code="already"
            )
    saved = write(actor=actor, instance=network or Network(), fields=fields, action="network")
    return network_stats_refresh(network=saved)


@transaction.atomic
def membership_add(
    *, actor: Any, network: Network, site: PublicSite, joined_on: date, note: str = ""
) -> SiteMembership:
    """A site joins the closed user group on ``joined_on`` (not while it is already a member)."""
    network = _lock_network(network)
    if joined_on is None:
        raise ApplicationError(_("Give the date the site joins."), code="date")
    overlapping = network.memberships.filter(site=site).filter(
        Q(left_on__isnull=True) | Q(left_on__gt=joined_on)
    )
    if overlapping.exists():
        raise ApplicationError(
            _("This site is already a member of the network at that date."), code="already"
        )
    if network.memberships.count() >= MAX_SITES_PER_NETWORK:
        raise ApplicationError(
            _("The network has reached its limit of %(n)s memberships.")
            % {"n": MAX_SITES_PER_NETWORK},
            code="limit",
        )
    try:
        with transaction.atomic():
            membership = write(
                actor=actor,
                instance=SiteMembership(),
                fields={"network": network, "site": site, "joined_on": joined_on, "note": note},
                action="site_membership",
            )
    except IntegrityError as error:
        raise ApplicationError(
            _("This site is already a member of the network at that date."), code="already"
        ) from error
    network_stats_refresh(network=network)
    return membership


@transaction.atomic
def membership_end(*, actor: Any, membership: SiteMembership, left_on: date) -> SiteMembership:
    """A site leaves the closed user group on ``left_on``."""
    network = _lock_network(membership.network)
    membership = SiteMembership.objects.select_for_update().get(pk=membership.pk)
    if membership.left_on is not None:
        raise ApplicationError(_("This membership has already ended."), code="ended")
    if left_on is None or left_on < membership.joined_on:
        raise ApplicationError(_("A site leaves the network after it joined."), code="dates")
    write(actor=actor, instance=membership, fields={"left_on": left_on}, action="site_membership")
    network_stats_refresh(network=network)
    return membership


LINK_FIELDS = frozenset(
    {
        "site_a",
        "site_b",
        "technology",
        "bandwidth_mbps",
        "operator",
        "status",
        "ordered_on",
        "in_service_on",
        "retired_on",
        "cost",
        "annual_cost",
        "note",
        "is_example",
    }
)


def _check_link(network: Network, values: dict[str, Any], link: Link | None) -> None:
    site_a, site_b = values.get("site_a"), values.get("site_b")
    if site_a is None or site_b is None:
        raise ApplicationError(_("A link joins two sites."), code="sites")
    if site_a.pk == site_b.pk:
        raise ApplicationError(_("A link joins two different sites."), code="same_site")
    members = set(
        network.memberships.filter(site__in=[site_a, site_b]).values_list("site_id", flat=True)
    )
    if {site_a.pk, site_b.pk} - members:
        raise ApplicationError(
            _("Both sites must be members of the closed user group: add them first."),
            code="not_member",
        )
    status = values.get("status") or Link.Status.PLANNED
    ordered, in_service, retired = (
        values.get("ordered_on"),
        values.get("in_service_on"),
        values.get("retired_on"),
    )
    needed = {
        Link.Status.ORDERED: (ordered, _("An ordered link needs its order date.")),
        Link.Status.IN_SERVICE: (in_service, _("A link in service needs its date of service.")),
        Link.Status.RETIRED: (retired, _("A retired link needs its date of retirement.")),
    }
    if status in needed and needed[status][0] is None:
        raise ApplicationError(str(needed[status][1]), code="status_date")
    if status in (Link.Status.PLANNED, Link.Status.ORDERED) and (in_service or retired):
        raise ApplicationError(
            _("A link that is not in service yet has no date of service or retirement."),
            code="status_date",
        )
    if status == Link.Status.IN_SERVICE and retired:
        raise ApplicationError(
            _("A link in service has no date of retirement."), code="status_date"
        )
    dates = [d for d in (ordered, in_service, retired) if d is not None]
    if dates != sorted(dates):
        raise ApplicationError(
            _("The dates must follow each other: ordered, in service, retired."), code="dates"
        )
    today = _today()
    if any(d > today for d in (in_service, retired) if d is not None):
        raise ApplicationError(
            _("A date of service or retirement cannot be in the future."), code="future"
        )
    for name in ("cost", "annual_cost"):
        amount = values.get(name)
        if amount is not None and not (0 <= amount <= MAX_AMOUNT):
            raise ApplicationError(_("A cost is a positive amount."), code="cost")
    if status != Link.Status.RETIRED:
        twins = (
            network.links.exclude(status=Link.Status.RETIRED)
            .filter(technology=values.get("technology"))
            .filter(Q(site_a=site_a, site_b=site_b) | Q(site_a=site_b, site_b=site_a))
        )
        if link is not None:
            twins = twins.exclude(pk=link.pk)
        if twins.exists():
            raise ApplicationError(
                _("These two sites already have a link of this technology."), code="duplicate"
            )


@transaction.atomic
def link_save(
    *,
    actor: Any,
    network: Network | None = None,
    link: Link | None = None,
    actions: Iterable[Any] | None = None,
    reason: str = "",
    **fields: Any,
) -> Link:
    """Create or edit an intersite link (status and its dates checked together)."""
    unknown = set(fields) - LINK_FIELDS
    if unknown:
        raise ApplicationError(_("Unknown field of a link."), code="fields")
    if network is None and link is None:
        raise ApplicationError(_("Say which network the link belongs to."), code="network")
    network = _lock_network(network or link.network)  # type: ignore[union-attr]
    if link is not None:
        link = Link.objects.select_for_update().get(pk=link.pk, network=network)
    elif network.links.count() >= MAX_LINKS_PER_NETWORK:
        raise ApplicationError(
            _("The network has reached its limit of %(n)s links.") % {"n": MAX_LINKS_PER_NETWORK},
            code="limit",
        )
    values = {name: getattr(link, name) for name in LINK_FIELDS} if link is not None else {}
    values.update(fields)
    _check_link(network, values, link)
    chosen = _programme_check(actions, network.programme_id)
    saved = write(
        actor=actor,
        instance=link or Link(network=network),
        fields=fields,
        action="link",
        m2m=None if chosen is None else {"actions": chosen},
        reason=reason,
    )
    network_stats_refresh(network=network)
    return saved


# --- The procurement grouping ---------------------------------------------------------------


@transaction.atomic
def grouping_save(*, actor: Any, grouping: Grouping | None = None, **fields: Any) -> Grouping:
    """Create or edit a procurement grouping."""
    return write(actor=actor, instance=grouping or Grouping(), fields=fields, action="grouping")


@transaction.atomic
def member_add(
    *, actor: Any, grouping: Grouping, organisation: Organisation, joined_on: date
) -> GroupingMember:
    """An organisation of the directory accedes to the grouping on ``joined_on``."""
    grouping = Grouping.objects.select_for_update().get(pk=grouping.pk)
    if joined_on is None:
        raise ApplicationError(_("Give the accession date."), code="date")
    overlapping = grouping.members.filter(organisation=organisation).filter(
        Q(left_on__isnull=True) | Q(left_on__gt=joined_on)
    )
    if overlapping.exists():
        raise ApplicationError(
            _("This organisation is already a member of the grouping at that date."),
            code="already",
        )
    if grouping.members.count() >= MAX_MEMBERS_PER_GROUPING:
        raise ApplicationError(
            _("The grouping has reached its limit of %(n)s members.")
            % {"n": MAX_MEMBERS_PER_GROUPING},
            code="limit",
        )
    try:
        with transaction.atomic():
            return write(
                actor=actor,
                instance=GroupingMember(),
                fields={"grouping": grouping, "organisation": organisation, "joined_on": joined_on},
                action="grouping_member",
            )
    except IntegrityError as error:
        raise ApplicationError(
            _("This organisation is already a member of the grouping at that date."),
            code="already",
        ) from error


@transaction.atomic
def member_end(*, actor: Any, member: GroupingMember, left_on: date) -> GroupingMember:
    """A member withdraws from the grouping on ``left_on``."""
    member = GroupingMember.objects.select_for_update().get(pk=member.pk)
    if member.left_on is not None:
        raise ApplicationError(_("This member has already withdrawn."), code="ended")
    if left_on is None or left_on < member.joined_on:
        raise ApplicationError(_("A member withdraws after its accession."), code="dates")
    return write(
        actor=actor, instance=member, fields={"left_on": left_on}, action="grouping_member"
    )


@transaction.atomic
def contract_save(
    *, actor: Any, grouping: Grouping | None = None, contract: Contract | None = None, **fields: Any
) -> Contract:
    """Create or edit a framework contract of the grouping."""
    if contract is None:
        if grouping is None:
            raise ApplicationError(
                _("Say which grouping the contract belongs to."), code="grouping"
            )
        if grouping.contracts.count() >= MAX_CONTRACTS_PER_GROUPING:
            raise ApplicationError(
                _("The grouping has reached its limit of %(n)s contracts.")
                % {"n": MAX_CONTRACTS_PER_GROUPING},
                code="limit",
            )
        fields["grouping"] = grouping
    starts = fields.get("starts_on", contract.starts_on if contract else None)
    ends = fields.get("ends_on", contract.ends_on if contract else None)
    if starts and ends and ends < starts:
        raise ApplicationError(_("The contract must end after it starts."), code="dates")
    if contract is not None and starts and ends:
        outside = Order.objects.filter(lot__contract=contract).exclude(
            ordered_on__gte=starts, ordered_on__lte=ends
        )
        if outside.exists():
            raise ApplicationError(
                _("Orders were placed outside these dates: the contract cannot be shortened so."),
                code="orders_outside",
            )
    return write(actor=actor, instance=contract or Contract(), fields=fields, action="contract")


@transaction.atomic
def lot_save(
    *, actor: Any, contract: Contract | None = None, lot: Lot | None = None, **fields: Any
) -> Lot:
    """Create or edit a lot; its ceiling never goes below what was already ordered."""
    if lot is not None:
        lot = Lot.objects.select_for_update().get(pk=lot.pk)
        ceiling = fields.get("ceiling", lot.ceiling)
        if ceiling is not None and ceiling < lot.ordered:
            raise ApplicationError(
                _("%(ordered)s € excl. VAT are already ordered: the ceiling cannot be lower.")
                % {"ordered": euros(lot.ordered)},
                code="below_ordered",
            )
    else:
        if contract is None:
            raise ApplicationError(_("Say which contract the lot belongs to."), code="contract")
        if contract.lots.count() >= MAX_LOTS_PER_CONTRACT:
            raise ApplicationError(
                _("A contract has at most %(n)s lots.") % {"n": MAX_LOTS_PER_CONTRACT},
                code="limit",
            )
        fields["contract"] = contract
    ceiling = fields.get("ceiling")
    if ceiling is not None and not (0 < ceiling <= MAX_AMOUNT):
        raise ApplicationError(_("A ceiling is a positive amount."), code="ceiling_value")
    return write(actor=actor, instance=lot or Lot(), fields=fields, action="lot")


@dataclass(frozen=True)
class OrderLine:
    """One line of an order being placed."""

    description: str
    quantity: Decimal
    unit_price: Decimal

    @property
    def amount(self) -> Decimal:
        return (self.quantity * self.unit_price).quantize(CENT, rounding=ROUND_HALF_UP)


def _check_lines(lines: Sequence[OrderLine]) -> Decimal:
    if not lines:
        raise ApplicationError(_("Add at least one line to the order."), code="empty")
    if len(lines) > MAX_ORDER_LINES:
        raise ApplicationError(
            _("An order has at most %(n)s lines.") % {"n": MAX_ORDER_LINES}, code="lines"
        )
    total = Decimal("0")
    for line in lines:
        if not line.description.strip() or len(line.description) > 200:
            raise ApplicationError(
                _("Each line says what is ordered (200 characters at most)."), code="line"
            )
        try:
            if not (Decimal("0") < line.quantity <= Decimal("99999999.99")):
                raise ApplicationError(_("A quantity is more than zero."), code="quantity")
            if not (Decimal("0") <= line.unit_price <= MAX_AMOUNT):
                raise ApplicationError(_("A unit price is a positive amount."), code="price")
            total += line.amount
        except InvalidOperation as error:
            raise ApplicationError(_("An amount is not a number."), code="line") from error
    if total <= 0:
        raise ApplicationError(_("The order's amount is zero."), code="zero")
    if total > MAX_AMOUNT:
        raise ApplicationError(_("The order's amount is too large."), code="too_large")
    return total


def member_is_active(grouping_id: int, organisation: Organisation, on: date) -> bool:
    """Whether ``organisation`` belongs to the grouping on ``on``."""
    return (
        GroupingMember.objects.filter(
            grouping_id=grouping_id, organisation=organisation, joined_on__lte=on
        )
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=on))
        .exists()
    )


@transaction.atomic
def order_place(
    *,
    actor: Any,
    lot: Lot,
    member: Organisation,
    ordered_on: date,
    lines: Sequence[OrderLine],
    reference: str = "",
    actions: Iterable[Any] | None = None,
    is_example: bool = False,
) -> Order:
    """A member places an order under a lot. Refused (code ``ceiling``) when it would take the
    lot's orders above its ceiling: the lot's row is locked while its total is checked and
    raised, so parallel orders never exceed it."""
    amount = _check_lines(lines)
    if ordered_on is None:
        raise ApplicationError(_("Give the order date."), code="date")
    if ordered_on > _today():
        raise ApplicationError(_("An order date cannot be in the future."), code="future")
    lot = Lot.objects.select_for_update().select_related("contract__grouping").get(pk=lot.pk)
    contract = lot.contract
    if not contract.starts_on <= ordered_on <= contract.ends_on:
        raise ApplicationError(
            _("The contract %(ref)s runs from %(start)s to %(end)s: the order date is outside.")
            % {
                "ref": contract.reference,
                "start": formats.date_format(contract.starts_on, "SHORT_DATE_FORMAT"),
                "end": formats.date_format(contract.ends_on, "SHORT_DATE_FORMAT"),
            },
            code="contract_dates",
        )
    if not member_is_active(contract.grouping_id, member, ordered_on):
        raise ApplicationError(
            _("%(member)s is not a member of the grouping on that date.") % {"member": member},
            code="not_member",
        )
    if lot.orders.count() >= MAX_ORDERS_PER_LOT:
        raise ApplicationError(_("This lot has too many orders."), code="limit")
    chosen = _programme_check(actions, contract.grouping.programme_id)
    remaining = lot.ceiling - lot.ordered
    if amount > remaining:
        raise ApplicationError(
            _(
                "This order (%(amount)s € excl. VAT) would exceed the ceiling of lot %(lot)s of "
                "contract %(ref)s: %(remaining)s € excl. VAT remain out of %(ceiling)s €."
            )
            % {
                "amount": euros(amount),
                "lot": lot.number,
                "ref": contract.reference,
                "remaining": euros(remaining),
                "ceiling": euros(lot.ceiling),
            },
            code="ceiling",
        )
    order = write(
        actor=actor,
        instance=Order(),
        fields={
            "lot": lot,
            "member": member,
            "reference": reference.strip()[:50],
            "ordered_on": ordered_on,
            "amount": amount,
            "placed_by": actor if getattr(actor, "is_authenticated", False) else None,
            "is_example": is_example,
        },
        action="order",
        m2m=None if chosen is None else {"actions": chosen},
    )
    OrderItem.objects.bulk_create(
        OrderItem(
            order=order,
            description=line.description.strip(),
            quantity=line.quantity,
            unit_price=line.unit_price,
            amount=line.amount,
        )
        for line in lines
    )
    try:
        with transaction.atomic():
            Lot.objects.filter(pk=lot.pk).update(ordered=F("ordered") + amount)
    except IntegrityError as error:  # the database's own guard: never above the ceiling
        raise ApplicationError(
            _("This order would exceed the ceiling of the lot."), code="ceiling"
        ) from error
    return order


TRANSITIONS = {
    Order.Status.PLACED: {Order.Status.DELIVERED, Order.Status.CANCELLED},
    Order.Status.DELIVERED: {Order.Status.INVOICED},
    Order.Status.INVOICED: set(),
    Order.Status.CANCELLED: set(),
}


@transaction.atomic
def order_set_status(
    *, actor: Any, order: Order, status: str, on: date | None = None, reason: str = ""
) -> Order:
    """Move an order on: placed → delivered → invoiced, or placed → cancelled (with a reason;
    the amount goes back under the lot's ceiling)."""
    lot = Lot.objects.select_for_update().get(pk=order.lot_id)
    order = Order.objects.select_for_update().get(pk=order.pk)
    if status not in TRANSITIONS.get(order.status, set()):  # type: ignore[call-overload]
        raise ApplicationError(
            _("An order that is “%(now)s” cannot become “%(next)s”.")
            % {
                "now": order.get_status_display(),
                "next": dict(Order.Status.choices).get(status, status),
            },
            code="transition",
        )
    fields: dict[str, Any] = {"status": status}
    if status == Order.Status.DELIVERED:
        if on is None or on < order.ordered_on or on > _today():
            raise ApplicationError(
                _("Give the delivery date: after the order, not in the future."), code="date"
            )
        fields["delivered_on"] = on
    if status == Order.Status.CANCELLED:
        if not reason.strip():
            raise ApplicationError(_("Say why the order is cancelled."), code="reason")
        fields["cancel_reason"] = reason.strip()[:300]
    write(actor=actor, instance=order, fields=fields, action="order", reason=reason.strip())
    if status == Order.Status.CANCELLED:
        Lot.objects.filter(pk=lot.pk).update(ordered=F("ordered") - order.amount)
    return order
