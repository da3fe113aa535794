"""Input shapes of the back-office; the services own the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from endavant.ballots.models import Ballot
from endavant.core.fields import HttpURLFormField
from endavant.core.forms import (
    BoundedModelMultipleChoiceField,
    BoundedTextMixin,
    SeparatedListField,
)
from endavant.roadmap.models import (
    Action,
    ActionOrigin,
    Commitment,
    Competency,
    FunctionalDomain,
    Milestone,
    Orientation,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
#: An action may concern every commune of a département, not more.
MAX_COMMUNES = 1_000


class CompetencyForm(BoundedTextMixin, forms.ModelForm):
    class Meta:
        model = Competency
        fields = ["code", "name", "kind", "order"]


class DomainForm(BoundedTextMixin, forms.ModelForm):
    class Meta:
        model = FunctionalDomain
        fields = ["name", "description", "competency"]


class OrientationForm(BoundedTextMixin, forms.ModelForm):
    class Meta:
        model = Orientation
        fields = ["title", "order", "description"]


class ActionForm(BoundedTextMixin, forms.ModelForm):
    commune_codes = SeparatedListField(
        label=_("Communes (INSEE codes, separated by commas)"),
        max_items=MAX_COMMUNES,
        max_item_length=10,
    )
    evidence_url = HttpURLFormField(label=_("Evidence address"), required=False)
    reason = forms.CharField(
        label=_("Reason for the change (required to change the target of a frozen roadmap)"),
        widget=forms.Textarea,
        required=False,
        max_length=2000,
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

    def __init__(self, *args: Any, programme: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if programme is not None:
            self.fields["orientation"].queryset = programme.orientations.all()  # type: ignore[attr-defined]
            self.fields["domain"].queryset = programme.domains.all()  # type: ignore[attr-defined]
        if self.instance.pk:
            self.initial["commune_codes"] = ", ".join(c.code for c in self.instance.communes.all())

    def clean_commune_codes(self) -> list[Any]:
        from endavant.territory.models import Commune

        codes = self.cleaned_data["commune_codes"]
        found = list(Commune.objects.filter(code__in=codes))
        missing = set(codes) - {c.code for c in found}
        if missing:
            raise forms.ValidationError(
                _("Unknown INSEE codes: %(codes)s") % {"codes": ", ".join(sorted(missing))}
            )
        return found


class MilestoneForm(BoundedTextMixin, forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["action", "title", "due_on", "done_on"]
        widgets = {"due_on": DATE, "done_on": DATE}

    def __init__(self, *args: Any, programme: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].queryset = Action.objects.filter(  # type: ignore[attr-defined]
            orientation__programme=programme
        )


class CommitmentForm(BoundedTextMixin, forms.ModelForm):
    class Meta:
        model = Commitment
        fields = ["text", "source_document", "source_date", "actions", "is_example"]
        widgets = {"source_date": DATE, "actions": forms.CheckboxSelectMultiple}
        field_classes = {"actions": BoundedModelMultipleChoiceField}


class OriginForm(BoundedTextMixin, forms.Form):
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

    def __init__(self, *args: Any, programme: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].queryset = Action.objects.filter(  # type: ignore[attr-defined]
            orientation__programme=programme
        )
        self.fields["ballot"].queryset = Ballot.objects.filter(  # type: ignore[attr-defined]
            programme=programme
        )


class FreezeForm(BoundedTextMixin, forms.Form):
    label = forms.CharField(label=_("Label"), max_length=200)
    reason = forms.CharField(
        label=_("Reason (required for a re-plan)"), widget=forms.Textarea, required=False
    )
