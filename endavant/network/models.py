"""The organisational adaptation of a programme: the closed user group network (GFU) linking
public sites through intersite links, and the public-procurement grouping "à commande
spécifique" whose members place their own orders under shared framework contracts.

Public sites themselves are ``territory.PublicSite`` (a fact of the territory, imported from the
national directory of public services); this app says which organisation of the directory of
actors owns them, which belong to the network and when, and how they are linked.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from endavant.actors.models import validate_siren
from endavant.core.fields import HttpURLField

ZERO = Decimal("0")


class Network(models.Model):
    """The closed user group (GFU) of a programme: a private network linking public sites."""

    programme = models.OneToOneField(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="network",
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    is_example = models.BooleanField(_("example (fictional)"), default=False)
    #: Figures of the public page (totals, growth, isolated communes connected), recomputed by
    #: the services after each change rather than on each visit.
    stats = models.JSONField(_("figures"), default=dict, editable=False)
    stats_at = models.DateTimeField(_("figures computed at"), null=True, editable=False)

    class Meta:
        verbose_name = _("closed user group network")
        verbose_name_plural = _("closed user group networks")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("network:index") + f"?programme={self.programme.slug}"


class SiteOwner(models.Model):
    """The organisation of the directory of actors that owns a public site."""

    site = models.OneToOneField(
        "territory.PublicSite",
        verbose_name=_("public site"),
        on_delete=models.CASCADE,
        related_name="network_owner",
    )
    organisation = models.ForeignKey(
        "actors.Organisation",
        verbose_name=_("owning organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("owner of a public site")
        verbose_name_plural = _("owners of public sites")

    def __str__(self) -> str:
        return f"{self.site_id} → {self.organisation_id}"


class SiteMembership(models.Model):
    """A public site's membership of the closed user group, between two dates."""

    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="memberships"
    )
    site = models.ForeignKey(
        "territory.PublicSite",
        verbose_name=_("public site"),
        on_delete=models.PROTECT,
        related_name="network_memberships",
    )
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("membership of the network")
        verbose_name_plural = _("memberships of the network")
        ordering = ["joined_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="network_membership_leaves_after_joining",
            ),
            models.UniqueConstraint(
                fields=["network", "site"],
                condition=Q(left_on__isnull=True),
                name="network_one_open_membership_per_site",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.site_id} ∈ {self.network_id} ({self.joined_on})"


class Link(models.Model):
    """An intersite link of the network between two public sites."""

    class Technology(models.TextChoices):
        FIBRE = "fibre", _("Fibre")
        RADIO = "radio", _("Radio")
        COPPER = "copper", _("Copper")
        SATELLITE = "satellite", _("Satellite")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ORDERED = "ordered", _("Ordered")
        IN_SERVICE = "in_service", _("In service")
        RETIRED = "retired", _("Retired")

    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="links"
    )
    site_a = models.ForeignKey(
        "territory.PublicSite",
        verbose_name=_("site A"),
        on_delete=models.PROTECT,
        related_name="network_links_a",
    )
    site_b = models.ForeignKey(
        "territory.PublicSite",
        verbose_name=_("site B"),
        on_delete=models.PROTECT,
        related_name="network_links_b",
    )
    technology = models.CharField(_("technology"), max_length=10, choices=Technology.choices)
    bandwidth_mbps = models.PositiveIntegerField(
        _("bandwidth (Mbit/s)"), validators=[MinValueValidator(1), MaxValueValidator(100_000)]
    )
    operator = models.ForeignKey(
        "actors.Organisation",
        verbose_name=_("operator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    ordered_on = models.DateField(_("ordered on"), null=True, blank=True)
    in_service_on = models.DateField(_("in service since"), null=True, blank=True)
    retired_on = models.DateField(_("retired on"), null=True, blank=True)
    cost = models.DecimalField(
        _("set-up cost (€ excl. VAT)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
        max_digits=14,
        decimal_places=2,
    )
    annual_cost = models.DecimalField(
        _("annual cost (€ excl. VAT)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
        max_digits=14,
        decimal_places=2,
    )
    actions = models.ManyToManyField(
        "roadmap.Action",
        verbose_name=_("roadmap actions"),
        blank=True,
        related_name="network_links",
    )
    note = models.TextField(_("note"), blank=True, max_length=2000)
    is_example = models.BooleanField(_("example (fictional)"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("intersite link")
        verbose_name_plural = _("intersite links")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(site_a=F("site_b")), name="network_link_two_different_sites"
            ),
            models.CheckConstraint(
                condition=Q(cost__isnull=True) | Q(cost__gte=0), name="network_link_cost_positive"
            ),
            models.CheckConstraint(
                condition=Q(annual_cost__isnull=True) | Q(annual_cost__gte=0),
                name="network_link_annual_cost_positive",
            ),
            models.CheckConstraint(
                condition=Q(ordered_on__isnull=True)
                | Q(in_service_on__isnull=True)
                | Q(in_service_on__gte=F("ordered_on")),
                name="network_link_in_service_after_order",
            ),
            models.CheckConstraint(
                condition=Q(in_service_on__isnull=True)
                | Q(retired_on__isnull=True)
                | Q(retired_on__gte=F("in_service_on")),
                name="network_link_retired_after_service",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.site_a} – {self.site_b}"


class Grouping(models.Model):
    """A public-procurement grouping "à commande spécifique": each member orders for itself."""

    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="groupings",
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    coordinator = models.ForeignKey(
        "actors.Organisation",
        verbose_name=_("coordinator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_on = models.DateField(_("created on"), null=True, blank=True)
    is_example = models.BooleanField(_("example (fictional)"), default=False)

    class Meta:
        verbose_name = _("procurement grouping")
        verbose_name_plural = _("procurement groupings")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class GroupingMember(models.Model):
    """An organisation's accession to a procurement grouping (and its withdrawal)."""

    grouping = models.ForeignKey(
        Grouping, verbose_name=_("grouping"), on_delete=models.CASCADE, related_name="members"
    )
    organisation = models.ForeignKey(
        "actors.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="procurement_memberships",
    )
    joined_on = models.DateField(_("accession date"))
    left_on = models.DateField(_("withdrawal date"), null=True, blank=True)

    class Meta:
        verbose_name = _("member of a grouping")
        verbose_name_plural = _("members of a grouping")
        ordering = ["joined_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="network_member_leaves_after_joining",
            ),
            models.UniqueConstraint(
                fields=["grouping", "organisation"],
                condition=Q(left_on__isnull=True),
                name="network_one_open_accession_per_member",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} ∈ {self.grouping_id} ({self.joined_on})"


class Contract(models.Model):
    """A framework contract of the grouping, divided into lots."""

    grouping = models.ForeignKey(
        Grouping, verbose_name=_("grouping"), on_delete=models.CASCADE, related_name="contracts"
    )
    reference = models.CharField(_("reference"), max_length=50)
    title = models.CharField(_("title"), max_length=200)
    supplier = models.CharField(_("supplier"), max_length=200)
    supplier_siren = models.CharField(
        _("SIREN of the supplier"), max_length=9, blank=True, validators=[validate_siren]
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    notice_url = HttpURLField(_("award notice"), blank=True)
    is_example = models.BooleanField(_("example (fictional)"), default=False)

    class Meta:
        verbose_name = _("framework contract")
        verbose_name_plural = _("framework contracts")
        ordering = ["starts_on", "reference", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["grouping", "reference"], name="network_contract_unique_reference"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="network_contract_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"


class Lot(models.Model):
    """A lot of a framework contract, with the ceiling its orders may never exceed.

    ``ordered`` is the sum of the lot's orders that are not cancelled, kept by the services
    while the lot's row is locked; the database refuses a value above the ceiling.
    """

    contract = models.ForeignKey(
        Contract, verbose_name=_("contract"), on_delete=models.CASCADE, related_name="lots"
    )
    number = models.PositiveSmallIntegerField(
        _("lot number"), validators=[MinValueValidator(1), MaxValueValidator(999)]
    )
    title = models.CharField(_("title"), max_length=200)
    ceiling = models.DecimalField(
        _("ceiling (€ excl. VAT)"),
        validators=[MinValueValidator(Decimal("0.01"))],
        max_digits=14,
        decimal_places=2,
    )
    ordered = models.DecimalField(
        _("ordered (€ excl. VAT)"), default=ZERO, editable=False, max_digits=14, decimal_places=2
    )

    class Meta:
        verbose_name = _("lot")
        verbose_name_plural = _("lots")
        ordering = ["contract", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "number"], name="network_lot_unique_number"
            ),
            models.CheckConstraint(condition=Q(ceiling__gt=0), name="network_lot_ceiling_positive"),
            models.CheckConstraint(
                condition=Q(ordered__gte=0) & Q(ordered__lte=F("ceiling")),
                name="network_lot_never_above_ceiling",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contract.reference} – lot {self.number} {self.title}"

    @property
    def remaining(self) -> Decimal:
        return self.ceiling - self.ordered


class Order(models.Model):
    """An order placed by a member of the grouping under one lot of a framework contract."""

    class Status(models.TextChoices):
        PLACED = "placed", _("Placed")
        DELIVERED = "delivered", _("Delivered")
        INVOICED = "invoiced", _("Invoiced")
        CANCELLED = "cancelled", _("Cancelled")

    lot = models.ForeignKey(
        Lot, verbose_name=_("lot"), on_delete=models.PROTECT, related_name="orders"
    )
    member = models.ForeignKey(
        "actors.Organisation",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="procurement_orders",
    )
    reference = models.CharField(_("member's order reference"), max_length=50, blank=True)
    ordered_on = models.DateField(_("ordered on"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLACED
    )
    amount = models.DecimalField(
        _("amount (€ excl. VAT)"), editable=False, max_digits=14, decimal_places=2
    )
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    actions = models.ManyToManyField(
        "roadmap.Action",
        verbose_name=_("roadmap actions"),
        blank=True,
        related_name="procurement_orders",
    )
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("placed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    is_example = models.BooleanField(_("example (fictional)"), default=False)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["ordered_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="network_order_amount_positive")
        ]

    def __str__(self) -> str:
        return f"{self.reference or self.pk} ({self.ordered_on})"


class OrderItem(models.Model):
    """A line of an order: what, how many, at what unit price."""

    order = models.ForeignKey(
        Order, verbose_name=_("order"), on_delete=models.CASCADE, related_name="items"
    )
    description = models.CharField(_("item"), max_length=200)
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    unit_price = models.DecimalField(
        _("unit price (€ excl. VAT)"),
        validators=[MinValueValidator(ZERO)],
        max_digits=14,
        decimal_places=2,
    )
    amount = models.DecimalField(_("amount (€ excl. VAT)"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0) & Q(unit_price__gte=0),
                name="network_item_quantity_and_price_positive",
            )
        ]

    def __str__(self) -> str:
        return self.description
