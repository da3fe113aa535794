"""Input shapes of the ballots back-office; the services own the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from endavant.ballots import methods
from endavant.ballots.services import MAX_OPTIONS
from endavant.core import registry
from endavant.core.audiences import Audience
from endavant.core.forms import BoundedModelMultipleChoiceField, BoundedTextMixin

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class BallotForm(BoundedTextMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    question = forms.CharField(label=_("Question"), widget=forms.Textarea, max_length=5000)
    method = forms.ChoiceField(label=_("Method"))
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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["method"].choices = methods.choices()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The ballot must close after it opens."))
        return data


class OptionsForm(BoundedTextMixin, forms.Form):
    """The options of a ballot: records of the programme, and free labels."""

    labels = forms.CharField(
        label=_("Other options, one per line"),
        widget=forms.Textarea,
        required=False,
        max_length=MAX_OPTIONS * 201,
    )

    def __init__(self, *args: Any, programme: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sources = registry.option_sources()
        for key, source in self.sources.items():
            self.fields[f"source_{key}"] = BoundedModelMultipleChoiceField(
                label=source.label,
                queryset=source.candidates(programme),
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )

    def options(self) -> list[Any]:
        """The chosen records, then the free labels, in that order."""
        chosen: list[Any] = []
        for key in self.sources:
            chosen.extend(self.cleaned_data.get(f"source_{key}") or [])
        labels = [line.strip() for line in self.cleaned_data["labels"].splitlines()]
        return chosen + [label for label in labels if label]
