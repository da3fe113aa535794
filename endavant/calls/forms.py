"""Input shapes of the calls pages; the services own the rules."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from endavant.calls.models import Call, LedgerEntry, Project
from endavant.core.fields import BoundedFileField, HttpURLFormField
from endavant.roadmap.models import Action, FunctionalDomain
from endavant.territory.models import Commune

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONEY = {"min_value": Decimal("0"), "max_value": Decimal("9999999999.99"), "decimal_places": 2}


def _clean_text(value: str) -> None:
    if "\x00" in value:
        raise forms.ValidationError(_("This text contains a forbidden character."))


class CallForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    rules = forms.CharField(label=_("Rules"), widget=forms.Textarea, max_length=20_000)
    budget = forms.DecimalField(label=_("Budget (€)"), **MONEY)  # type: ignore[arg-type]
    max_amount = forms.DecimalField(
        label=_("Largest amount per project (€)"),
        required=False,
        **MONEY,  # type: ignore[arg-type]
    )
    holders = forms.MultipleChoiceField(
        label=_("Who may submit (leave empty for everyone)"),
        choices=Call.Holder.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    territory_only = forms.BooleanField(label=_("Restricted to the territory"), required=False)
    submission_opens_at = forms.DateTimeField(label=_("Submission opens at"), widget=DATETIME)
    submission_closes_at = forms.DateTimeField(label=_("Submission closes at"), widget=DATETIME)
    participation = forms.ChoiceField(
        label=_("Public participation"), choices=Call.Participation.choices
    )
    vote_method = forms.ChoiceField(label=_("Vote method"), choices=Call.VoteMethod.choices)
    participation_opens_at = forms.DateTimeField(
        label=_("Support or vote opens at"), widget=DATETIME
    )
    participation_closes_at = forms.DateTimeField(
        label=_("Support or vote closes at"), widget=DATETIME
    )
    jury_closes_at = forms.DateTimeField(label=_("Jury review ends at"), widget=DATETIME)
    selection_on = forms.DateField(label=_("Selection announced on"), widget=DATE)
    realisation_until = forms.DateField(label=_("Projects realised by"), widget=DATE)
    rule = forms.ChoiceField(label=_("Allocation rule"), choices=Call.Rule.choices)
    results_explanation = forms.CharField(
        label=_("How results are explained"), widget=forms.Textarea, required=False,
        max_length=10_000,
    )  # fmt: skip
    website = HttpURLFormField(label=_("Web page"), required=False)
    is_example = forms.BooleanField(label=_("Example (fictional)"), required=False)


class CriterionForm(forms.Form):
    name = forms.CharField(label=_("Criterion"), max_length=200)
    weight = forms.DecimalField(
        label=_("Weight"), min_value=Decimal("0.01"), max_value=Decimal("1000"), decimal_places=2
    )


class CommuneCodesField(forms.CharField):
    """Communes given by their INSEE codes, separated by commas or spaces."""

    def clean(self, value: Any) -> list[Commune]:
        text = (super().clean(value) or "").replace(",", " ")
        codes = list(dict.fromkeys(text.split()))
        if len(codes) > 50:
            raise forms.ValidationError(_("At most 50 communes."))
        if any(len(code) > 5 or not code.isalnum() for code in codes):
            raise forms.ValidationError(_("Unknown INSEE code."))
        communes = list(Commune.objects.filter(code__in=codes))
        if len(communes) != len(codes):
            raise forms.ValidationError(_("Unknown INSEE code."))
        return communes


class ProjectForm(forms.Form):
    holder_kind = forms.ChoiceField(label=_("You submit as"), choices=Call.Holder.choices)
    holder_name = forms.CharField(
        label=_("Name of the association, commune or business"), max_length=200, required=False
    )
    title = forms.CharField(label=_("Title"), max_length=200, validators=[_clean_text])
    summary = forms.CharField(label=_("Summary"), max_length=500, validators=[_clean_text])
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea, max_length=20_000, validators=[_clean_text]
    )
    communes = CommuneCodesField(
        label=_("Communes (INSEE codes, separated by spaces)"), max_length=400, required=False
    )
    domain: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Functional domain"), queryset=FunctionalDomain.objects.none(), required=False
    )
    requested_amount = forms.DecimalField(
        label=_("Requested amount (€)"), min_value=Decimal("0.01"),
        max_value=Decimal("9999999999.99"), decimal_places=2,
    )  # fmt: skip
    partners = forms.CharField(
        label=_("Partners"), widget=forms.Textarea, max_length=2000, required=False
    )
    attachment = BoundedFileField(label=_("Attachment (PDF, PNG or JPEG)"), required=False)

    def __init__(self, *args: Any, call: Call, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["domain"].queryset = call.programme.domains.all()  # type: ignore[attr-defined]
        if call.holders:
            self.fields["holder_kind"].choices = [  # type: ignore[attr-defined]
                (v, label) for v, label in Call.Holder.choices if v in call.holders
            ]


class OnBehalfForm(forms.Form):
    """A mediator submits for a resident."""

    holder_email = forms.EmailField(label=_("E-mail of the resident (account)"), required=False)
    holder_number = forms.IntegerField(
        label=_("Or the account number of a resident without e-mail"),
        help_text=_("The number given when the resident was registered by a mediator."),
        required=False,
        min_value=1,
        max_value=2**31 - 1,
    )
    consent = forms.BooleanField(label=_("The resident has given consent"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("holder_email") and data.get("holder_number"):
            raise forms.ValidationError(_("Give the e-mail or the account number, not both."))
        return data


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"), widget=forms.Textarea, max_length=3000, validators=[_clean_text]
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, validators=[_clean_text])


class LedgerForm(forms.Form):
    project = forms.IntegerField(label=_("Project (number)"), min_value=1)
    kind = forms.ChoiceField(label=_("Kind"), choices=LedgerEntry.Kind.choices)
    amount = forms.DecimalField(
        label=_("Amount (€)"), min_value=Decimal("0.01"), max_value=Decimal("9999999999.99"),
        decimal_places=2,
    )  # fmt: skip
    on = forms.DateField(label=_("Date"), widget=DATE)
    evidence = forms.CharField(label=_("Evidence (reference)"), max_length=300, required=False)
    evidence_url = HttpURLFormField(label=_("Evidence (address)"), required=False)
    evidence_file = BoundedFileField(label=_("Evidence (PDF or image)"), required=False)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class DecisionForm(forms.Form):
    project = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (Project.Decision.SELECTED, _("Selected")),
            (Project.Decision.REJECTED, _("Not selected")),
        ],
    )
    reason = forms.CharField(label=_("Reason"), max_length=5000)


class RealisationForm(forms.Form):
    project = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    realisation = forms.ChoiceField(label=_("Realisation"), choices=Project.Realisation.choices)
    note = forms.CharField(label=_("Note"), max_length=5000, required=False)
    roadmap_action: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Roadmap action that realises it"), queryset=Action.objects.none(), required=False
    )

    def __init__(self, *args: Any, call: Call, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["roadmap_action"].queryset = Action.objects.filter(  # type: ignore[attr-defined]
            orientation__programme=call.programme
        )
