"""Forms of the directory: input shape only; services hold the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from endavant.accounts.forms import ChoiceByNameInput, CommuneField
from endavant.accounts.selectors import commune_lookup
from endavant.actors.models import Membership, Organisation, validate_siren
from endavant.actors.selectors import ISOLATION_CHOICES
from endavant.core.fields import BoundedFileField, HttpURLFormField
from endavant.core.forms import BoundedTextMixin, SeparatedListField
from endavant.core.text import search_key
from endavant.territory.models import Commune

#: How many tags one field may hold, and how many communes an organisation may serve (the
#: largest département has fewer than 900).
MAX_TAGS = 30
MAX_COMMUNES = 1_000


class TagsField(SeparatedListField):
    """Tags typed as a comma-separated list (each as long as a tag may be)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", _("Separate the tags with commas."))
        super().__init__(max_items=MAX_TAGS, max_item_length=80, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return ", ".join(str(item) for item in value)
        return value


class CommunesField(SeparatedListField):
    """INSEE codes separated by commas or spaces."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", _("INSEE codes separated by commas, e.g. 66136, 66049."))
        super().__init__(
            max_items=MAX_COMMUNES, max_item_length=10, separators=", \t\r\n", **kwargs
        )

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return ", ".join(getattr(item, "code", str(item)) for item in value)
        return value

    def clean(self, value: Any) -> list[Any]:
        from endavant.territory.models import Commune

        codes = super().clean(value)
        found = {c.code: c for c in Commune.objects.filter(code__in=codes)}
        unknown = [code for code in codes if code not in found]
        if unknown:
            raise forms.ValidationError(
                _("Unknown INSEE code(s): %(codes)s."), params={"codes": ", ".join(unknown)}
            )
        return [found[code] for code in codes]


class DirectoryFilterForm(BoundedTextMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    commune = forms.CharField(label=_("Commune served"), required=False, max_length=120)
    intercommunality = forms.ChoiceField(label=_("Intercommunality"), required=False)
    isolation = forms.ChoiceField(
        label=_("Isolation"),
        required=False,
        choices=[
            ("", _("All communes")),
            (ISOLATION_CHOICES[0], _("Serving an isolated commune")),
            (ISOLATION_CHOICES[1], _("Serving a non-isolated commune")),
        ],
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Organisation.Kind.choices]
    )
    role = forms.ChoiceField(
        label=_("Public role"),
        required=False,
        choices=[("", _("All roles")), *Membership.Role.choices],
    )
    tag = forms.ChoiceField(label=_("Competency or expectation"), required=False)

    def __init__(self, *args: Any, options: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["intercommunality"].choices = [  # type: ignore[attr-defined]
            ("", _("All intercommunalities")),
            *options["intercommunalities"],
        ]
        self.fields["tag"].choices = [  # type: ignore[attr-defined]
            ("", _("All tags")),
            *[(tag, tag) for tag in options["tags"]],
        ]

    def clean_commune(self) -> Any:
        text = self.cleaned_data.get("commune", "").strip()
        if not text:
            return None
        code = text.rsplit("(", 1)[1].rstrip(")") if text.endswith(")") and "(" in text else text
        found = commune_lookup(code)
        if len(found) != 1:
            raise forms.ValidationError(_("Type the exact name or the INSEE code of one commune."))
        return found[0]


class OrganisationForm(BoundedTextMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Organisation.Kind.choices)
    siren = forms.CharField(
        label=_("SIREN (optional)"), max_length=9, required=False, validators=[validate_siren]
    )
    communes_served = CommunesField(label=_("Communes served"))
    description = forms.CharField(
        label=_("Public description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    website = HttpURLFormField(label=_("Website"), required=False)
    competencies = TagsField(label=_("Competencies (tags)"))
    competencies_text = forms.CharField(
        label=_("Competencies (text)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    expectations = TagsField(label=_("Expectations (tags)"))
    expectations_text = forms.CharField(
        label=_("Expectations (text)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    is_fictional = forms.BooleanField(label=_("Fictional example (demo data)"), required=False)


class PersonForm(BoundedTextMixin, forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("Contact e-mail"), required=False)
    phone = forms.CharField(label=_("Contact phone"), max_length=30, required=False)
    home_commune = CommuneField(label=_("Home commune"), required=False)
    competencies = TagsField(label=_("Competencies (tags)"))
    competencies_text = forms.CharField(
        label=_("Competencies (text)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    expectations = TagsField(label=_("Expectations (tags)"))
    expectations_text = forms.CharField(
        label=_("Expectations (text)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    is_fictional = forms.BooleanField(label=_("Fictional example (demo data)"), required=False)


class OrganisationInput(ChoiceByNameInput):
    legend = _("Choose the organisation")


def organisation_label(org: Organisation) -> str:
    """ "Mairie de Prades – Commune – Prades (66149)": the name, the kind and where it acts."""
    communes = ", ".join(f"{c.name} ({c.code})" for c in list(org.communes_served.all())[:3])
    parts = [org.name, str(org.get_kind_display())] + ([communes] if communes else [])
    return " – ".join(parts)


class OrganisationField(forms.CharField):
    """An organisation of the directory chosen by its name (accents and case ignored).

    Several organisations matching the name are offered to choose from, each with its kind and
    communes; the choice sends "name (n° id)", taken only when the name is that organisation's.
    """

    widget = OrganisationInput
    LIMIT = 15

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 220)
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Organisation):
            return f"{value.name} (n° {value.pk})"
        return value

    def clean(self, value: Any) -> Organisation | None:
        text = super().clean(value)
        if not text:
            return None
        orgs = Organisation.objects.prefetch_related(
            Prefetch("communes_served", queryset=Commune.objects.order_by("name"))
        )
        if text.endswith(")") and "(n° " in text:
            name, _sep, number = text[:-1].rpartition("(n° ")
            org = orgs.filter(pk=int(number)).first() if number.strip().isdigit() else None
            if org is not None and search_key(org.name) == search_key(name):
                return org
            text = name.strip()
        words = search_key(text).split()
        if not words:
            raise forms.ValidationError(_("Type the name of the organisation."), code="empty")
        exact = list(orgs.filter(search_text=" ".join(words))[: self.LIMIT])
        found = exact
        if not exact:
            matching = orgs
            for word in words[:8]:
                matching = matching.filter(search_text__contains=word)
            found = list(matching[: self.LIMIT])
        if len(found) == 1:
            return found[0]
        if not found:
            raise forms.ValidationError(
                _("No organisation of the directory has this name."), code="unknown"
            )
        self.widget.candidates = [(f"{o.name} (n° {o.pk})", organisation_label(o)) for o in found]
        raise forms.ValidationError(
            _("Several organisations match: choose one below."), code="ambiguous"
        )


class MembershipForm(BoundedTextMixin, forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)
    organisation = OrganisationField(
        label=_("Organisation (optional)"),
        required=False,
        help_text=_("Type its name; if several match, you choose among them."),
    )
    title = forms.CharField(
        label=pgettext_lazy("job title of a person", "Title (optional)"),
        max_length=150,
        required=False,
    )
    start_date = forms.DateField(
        label=_("Start date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end_date = forms.DateField(
        label=_("End date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    is_public = forms.BooleanField(label=_("Shown in the public directory"), required=False)


class ImportForm(BoundedTextMixin, forms.Form):
    file = BoundedFileField(label=_("CSV file"))
    only_valid = forms.BooleanField(
        label=_("Import only the valid rows (skip the bad ones)"), required=False
    )
