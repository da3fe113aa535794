"""Input shapes of the back-office; the services own the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from endavant.core.audiences import Audience
from endavant.roadmap.models import (
    Action,
    ActionOrigin,
    Ballot,
    Commitment,
    Competency,
    FunctionalDomain,
    Milestone,
    Orientation,
    Programme,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = ["name", "slug", "territory", "starts_on", "ends_on", "description"]
        widgets = {"starts_on": DATE, "ends_on": DATE}


class CompetencyForm(forms.ModelForm):
    class Meta:
        model = Competency
        fields = ["code", "name", "kind", "order"]


class DomainForm(forms.ModelForm):
    class Meta:
        model = FunctionalDomain
        fields = ["name", "description", "competency"]


class OrientationForm(forms.ModelForm):
    class Meta:
        model = Orientation
        fields = ["title", "order", "description"]


class ActionForm(forms.ModelForm):
    commune_codes = forms.CharField(
        label=_("Communes (INSEE codes, separated by commas)"), required=False
    )
    evidence_url = forms.URLField(
        label=_("Evidence address"), required=False, assume_scheme="https"
    )

    class Meta:
        model = Action
        fields = [
            "orientation",
            "title",
            "description",
            "domain",
            "lead_organisation",
            "is_example",
            "due_on",
            "budget",
            "indicator_name",
            "indicator_target",
            "status",
            "started_on",
            "ended_on",
            "indicator_value",
            "evidence",
            "evidence_url",
        ]
        widgets = {"due_on": DATE, "started_on": DATE, "ended_on": DATE}

    def __init__(self, *args: Any, programme: Programme | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if programme is not None:
            self.fields["orientation"].queryset = programme.orientations.all()  # type: ignore[attr-defined]
            self.fields["domain"].queryset = programme.domains.all()  # type: ignore[attr-defined]
        if self.instance.pk:
            self.initial["commune_codes"] = ", ".join(c.code for c in self.instance.communes.all())

    def clean_commune_codes(self) -> list[Any]:
        from endavant.territory.models import Commune

        codes = [c.strip() for c in self.cleaned_data["commune_codes"].split(",") if c.strip()]
        found = list(Commune.objects.filter(code__in=codes))
        missing = set(codes) - {c.code for c in found}
        if missing:
            raise forms.ValidationError(
                _("Unknown INSEE codes: %(codes)s") % {"codes": ", ".join(sorted(missing))}
            )
        return found


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["action", "title", "due_on", "done_on"]
        widgets = {"due_on": DATE, "done_on": DATE}


class CommitmentForm(forms.ModelForm):
    class Meta:
        model = Commitment
        fields = ["text", "source_document", "source_date", "actions", "is_example"]
        widgets = {"source_date": DATE, "actions": forms.CheckboxSelectMultiple}


class OriginForm(forms.Form):
    action = forms.ModelChoiceField(label=_("Action"), queryset=Action.objects.all())
    kind = forms.ChoiceField(label=_("Kind of origin"), choices=ActionOrigin.Kind.choices)
    ballot = forms.ModelChoiceField(
        label=_("Ballot (when the origin is a ballot result)"),
        queryset=Ballot.objects.all(),
        required=False,
    )
    label = forms.CharField(label=_("Source"), max_length=300, required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    date = forms.DateField(label=_("Date"), required=False, widget=DATE)


class BallotForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    question = forms.CharField(label=_("Question"), widget=forms.Textarea)
    method = forms.ChoiceField(label=_("Method"), choices=Ballot.Method.choices)
    opens_at = forms.DateTimeField(label=_("Opens at"), widget=DATETIME)
    closes_at = forms.DateTimeField(label=_("Closes at"), widget=DATETIME)
    audiences = forms.MultipleChoiceField(
        label=_("Reserved for (leave empty for everyone)"),
        choices=Audience.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    results_live = forms.BooleanField(label=_("Show results while open"), required=False)
    is_example = forms.BooleanField(label=_("Example (fictional)"), required=False)
    options = forms.CharField(
        label=_("Options, one per line"),
        widget=forms.Textarea,
        required=False,
        help_text=_("Only used when the ballot is created."),
    )


class FreezeForm(forms.Form):
    label = forms.CharField(label=_("Label"), max_length=200)
    reason = forms.CharField(
        label=_("Reason (required for a re-plan)"), widget=forms.Textarea, required=False
    )
