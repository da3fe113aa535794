"""Input shapes of the network pages; the services own the rules."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from endavant.actors.models import Organisation
from endavant.core.fields import BoundedFileField, HttpURLFormField
from endavant.core.text import search_key
from endavant.network.models import Link, Lot, Order, SiteMembership
from endavant.network.services import OrderLine
from endavant.roadmap.models import Action
from endavant.territory.models import Commune, PublicSite

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _is_id(value: Any) -> bool:
    text = str(value).strip()
    return text.isdigit() and int(text) < 2**31


class IdChoiceField(forms.ModelChoiceField):
    """A record chosen by its id; anything but a plausible id is an invalid choice (a huge
    number would overflow the database's integer before Django could say so)."""

    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values and not _is_id(value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Records chosen by their ids (see :class:`IdChoiceField`)."""

    def _check_values(self, value: Any) -> Any:
        for pk in value:
            if not _is_id(pk):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": str(pk)[:20]},
                )
        return super()._check_values(value)  # type: ignore[misc]


class CommuneCodeField(forms.CharField):
    """A commune given by its INSEE code."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=5, **kwargs)

    def clean(self, value: Any) -> Commune | None:
        code = (super().clean(value) or "").strip().upper()
        if not code:
            return None
        commune = Commune.objects.filter(code=code).first()
        if commune is None:
            raise forms.ValidationError(_("Unknown INSEE code."))
        return commune


class OrganisationNameField(forms.CharField):
    """An organisation of the directory of actors, given by its name."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=200, **kwargs)

    def clean(self, value: Any) -> Organisation | None:
        name = " ".join((super().clean(value) or "").split())
        if not name:
            return None
        found = list(Organisation.objects.filter(search_text=search_key(name)[:200])[:2])
        if len(found) != 1:
            raise forms.ValidationError(
                _("No single organisation of the directory has this name.")
                if not found
                else _("Several organisations have this name: add it to the directory first.")
            )
        return found[0]


#: The kinds of public site, with their labels. They are ``territory.PublicSite.Kind``; the kinds
#: this app added are spelt out here so that its catalogue carries their translations.
SITE_KINDS = [
    *[(value, label) for value, label in PublicSite.Kind.choices if value != "other"][:4],
    (PublicSite.Kind.HEALTH_CENTRE.value, _("health centre")),
    (PublicSite.Kind.FRANCE_SERVICES.value, _("France services")),
    (PublicSite.Kind.SOCIAL_SERVICES.value, _("social services (CCAS)")),
    (PublicSite.Kind.INTERCOMMUNALITY.value, _("intercommunality offices")),
    (PublicSite.Kind.DEPARTEMENT_SERVICE.value, _("département service")),
    (PublicSite.Kind.OTHER.value, PublicSite.Kind.OTHER.label),
]


class SiteForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=SITE_KINDS)
    name = forms.CharField(label=_("Name"), max_length=200)
    commune = CommuneCodeField(label=_("Commune (INSEE code)"))
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    postcode = forms.RegexField(label=_("Postcode"), regex=r"^\d{5}$", max_length=5, required=False)
    longitude = forms.FloatField(
        label=_("Longitude (WGS 84)"), min_value=-180, max_value=180, required=False
    )
    latitude = forms.FloatField(
        label=_("Latitude (WGS 84)"),
        min_value=-90,
        max_value=90,
        required=False,
        help_text=_("Leave both empty to place the site at the commune's centroid."),
    )
    owner = OrganisationNameField(
        label=_("Owning organisation (name in the directory of actors)"), required=False
    )
    phone = forms.CharField(label=_("Contact phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("Contact e-mail"), required=False)
    website = HttpURLFormField(label=_("Website"), required=False)
    siret = forms.RegexField(label=_("SIRET"), regex=r"^\d{14}$", max_length=14, required=False)
    is_example = forms.BooleanField(label=_("Example (fictional)"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("longitude") is None) != (data.get("latitude") is None):
            raise forms.ValidationError(_("Give both the longitude and the latitude, or neither."))
        return data


class ImportForm(forms.Form):
    file = BoundedFileField(label=_("CSV export of the directory of public services"))
    departement = forms.RegexField(
        label=_("Only the communes of the département (code, optional)"),
        regex=r"^(\d{2,3}|2A|2B)$",
        max_length=3,
        required=False,
    )
    only_valid = forms.BooleanField(label=_("Import only the valid rows"), required=False)


class NetworkForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea, required=False, max_length=5000
    )
    is_example = forms.BooleanField(label=_("Example (fictional)"), required=False)


class JoinForm(forms.Form):
    joined_on = forms.DateField(label=_("Joins the network on"), widget=DATE)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class LeaveForm(forms.Form):
    membership = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    left_on = forms.DateField(label=_("Leaves the network on"), widget=DATE)


class LinkForm(forms.Form):
    site_a: IdChoiceField = IdChoiceField(label=_("Site A"), queryset=PublicSite.objects.none())
    site_b: IdChoiceField = IdChoiceField(label=_("Site B"), queryset=PublicSite.objects.none())
    technology = forms.ChoiceField(label=_("Technology"), choices=Link.Technology.choices)
    bandwidth_mbps = forms.IntegerField(
        label=_("Bandwidth (Mbit/s)"), min_value=1, max_value=100_000
    )
    operator = OrganisationNameField(
        label=_("Operator (name in the directory of actors)"), required=False
    )
    status = forms.ChoiceField(label=_("Status"), choices=Link.Status.choices)
    ordered_on = forms.DateField(label=_("Ordered on"), widget=DATE, required=False)
    in_service_on = forms.DateField(label=_("In service since"), widget=DATE, required=False)
    retired_on = forms.DateField(label=_("Retired on"), widget=DATE, required=False)
    cost = forms.DecimalField(
        label=_("Set-up cost (€ excl. VAT)"),
        required=False,
        max_digits=14,
        decimal_places=2,
        min_value=Decimal("0"),
    )
    annual_cost = forms.DecimalField(
        label=_("Annual cost (€ excl. VAT)"),
        required=False,
        max_digits=14,
        decimal_places=2,
        min_value=Decimal("0"),
    )
    actions: IdMultipleChoiceField = IdMultipleChoiceField(
        label=_("Roadmap actions it realises"),
        queryset=Action.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea, required=False, max_length=2000)
    is_example = forms.BooleanField(label=_("Example (fictional)"), required=False)

    def __init__(self, *args: Any, network: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = PublicSite.objects.filter(
            pk__in=SiteMembership.objects.filter(network=network).values("site")
        ).select_related("commune")
        for name in ("site_a", "site_b"):
            self.fields[name].queryset = members  # type: ignore[attr-defined]
            self.fields[name].label_from_instance = (  # type: ignore[attr-defined]
                lambda site: f"{site.name} ({site.commune.name})"
            )
        self.fields["actions"].queryset = Action.objects.filter(  # type: ignore[attr-defined]
            orientation__programme=network.programme
        )


class GroupingForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea, required=False, max_length=5000
    )
    coordinator = OrganisationNameField(
        label=_("Coordinator (name in the directory of actors)"), required=False
    )
    created_on = forms.DateField(label=_("Created on"), widget=DATE, required=False)
    is_example = forms.BooleanField(label=_("Example (fictional)"), required=False)


class MemberForm(forms.Form):
    organisation = OrganisationNameField(
        label=_("Organisation (name in the directory of actors)"), required=True
    )
    joined_on = forms.DateField(label=_("Accession date"), widget=DATE)


class MemberEndForm(forms.Form):
    member = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    left_on = forms.DateField(label=_("Withdrawal date"), widget=DATE)


class ContractForm(forms.Form):
    reference = forms.CharField(label=_("Reference"), max_length=50)
    title = forms.CharField(label=_("Title"), max_length=200)
    supplier = forms.CharField(label=_("Supplier"), max_length=200)
    supplier_siren = forms.RegexField(
        label=_("SIREN of the supplier"), regex=r"^\d{9}$", max_length=9, required=False
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE)
    notice_url = HttpURLFormField(label=_("Award notice (web address)"), required=False)
    is_example = forms.BooleanField(label=_("Example (fictional)"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The contract must end after it starts."))
        return data


class LotForm(forms.Form):
    number = forms.IntegerField(label=_("Lot number"), min_value=1, max_value=999)
    title = forms.CharField(label=_("Title"), max_length=200)
    ceiling = forms.DecimalField(
        label=_("Ceiling (€ excl. VAT)"),
        max_digits=14,
        decimal_places=2,
        min_value=Decimal("0.01"),
    )


#: Lines of the order form (an order may have up to ``services.MAX_ORDER_LINES`` through the
#: service; the form offers this many).
FORM_LINES = 8


class OrderForm(forms.Form):
    member: IdChoiceField = IdChoiceField(label=_("Member"), queryset=Organisation.objects.none())
    lot: IdChoiceField = IdChoiceField(label=_("Lot"), queryset=Lot.objects.none())
    ordered_on = forms.DateField(label=_("Order date"), widget=DATE)
    reference = forms.CharField(label=_("Member's order reference"), max_length=50, required=False)
    actions: IdMultipleChoiceField = IdMultipleChoiceField(
        label=_("Roadmap actions it realises"),
        queryset=Action.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, members: Any, lots: Any, programme: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members  # type: ignore[attr-defined]
        self.fields["lot"].queryset = lots  # type: ignore[attr-defined]
        self.fields["actions"].queryset = Action.objects.filter(  # type: ignore[attr-defined]
            orientation__programme=programme
        )
        for n in range(FORM_LINES):
            self.fields[f"line_{n}_description"] = forms.CharField(
                label=_("Line %(n)s: item") % {"n": n + 1}, max_length=200, required=False
            )
            self.fields[f"line_{n}_quantity"] = forms.DecimalField(
                label=_("Line %(n)s: quantity") % {"n": n + 1},
                max_digits=10,
                decimal_places=2,
                min_value=Decimal("0.01"),
                required=False,
            )
            self.fields[f"line_{n}_unit_price"] = forms.DecimalField(
                label=_("Line %(n)s: unit price (€ excl. VAT)") % {"n": n + 1},
                required=False,
                max_digits=14,
                decimal_places=2,
                min_value=Decimal("0"),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lines = []
        for n in range(FORM_LINES):
            description = (data.get(f"line_{n}_description") or "").strip()
            quantity = data.get(f"line_{n}_quantity")
            price = data.get(f"line_{n}_unit_price")
            if not description and quantity is None and price is None:
                continue
            if not description or quantity is None or price is None:
                self.add_error(
                    f"line_{n}_description",
                    _("Give the item, the quantity and the unit price of this line."),
                )
                continue
            lines.append(OrderLine(description, quantity, price))
        if not lines and not self.errors:
            raise forms.ValidationError(_("Add at least one line to the order."))
        data["lines"] = lines
        return data

    def line_rows(self) -> list[tuple[Any, Any, Any]]:
        """The bound fields of each line, for the template."""
        return [
            (
                self[f"line_{n}_description"],
                self[f"line_{n}_quantity"],
                self[f"line_{n}_unit_price"],
            )
            for n in range(FORM_LINES)
        ]


class OrderStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("New status"),
        choices=[(v, label) for v, label in Order.Status.choices if v != Order.Status.PLACED],
    )
    on = forms.DateField(label=_("Delivery date"), widget=DATE, required=False)
    reason = forms.CharField(label=_("Reason (to cancel)"), max_length=300, required=False)
