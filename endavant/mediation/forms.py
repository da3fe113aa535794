"""Input shapes of the mediation pages; the services own the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from endavant.core.audiences import Audience
from endavant.core.fields import BoundedFileField, HttpURLFormField
from endavant.core.forms import (
    BoundedModelMultipleChoiceField,
    BoundedTextMixin,
    SeparatedListField,
)
from endavant.mediation.extraction import ACCEPTED
from endavant.mediation.models import Document
from endavant.mediation.services import MAX_PASTED_TEXT
from endavant.roadmap.models import Action, FunctionalDomain

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DocumentForm(BoundedTextMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Type"), choices=Document.Kind.choices)
    published_on = forms.DateField(label=_("Date of publication"), widget=DATE)
    audiences = forms.MultipleChoiceField(
        label=_("Audiences it was written for"),
        choices=Audience.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    communes = SeparatedListField(
        label=_(
            "Communes it concerns (INSEE codes separated by commas; empty: the whole territory)"
        ),
        max_items=1000,
        max_item_length=5,
        separators=", ;",
    )
    domains = BoundedModelMultipleChoiceField(
        label=_("Functional domains"),
        queryset=FunctionalDomain.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    actions = BoundedModelMultipleChoiceField(
        label=_("Roadmap actions it announces or commits to"),
        queryset=Action.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    language = forms.ChoiceField(label=_("Language"), choices=Document.Language.choices)
    source = forms.CharField(
        label=_("Source (who published it, where it was found)"), max_length=300
    )
    source_url = HttpURLFormField(label=_("Address of the original (web page)"), required=False)
    summary = forms.CharField(
        label=_("Summary"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
    file = BoundedFileField(
        label=_("File (%(formats)s, or a web page saved as HTML)") % {"formats": ACCEPTED},
        required=False,
    )
    text = forms.CharField(
        label=_("Or the text of the document"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        max_length=MAX_PASTED_TEXT,
    )
    is_example = forms.BooleanField(label=_("Example (fictional)"), required=False)

    def __init__(self, *args: Any, programme: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.editing = editing
        self.fields["domains"].queryset = programme.domains.all()  # type: ignore[attr-defined]
        self.fields["actions"].queryset = Action.objects.filter(  # type: ignore[attr-defined]
            orientation__programme=programme
        )
        if editing:
            self.fields["file"].label = _("Replace the file")
            self.fields["text"].label = _("Text of the document (edit it, or leave as it is)")

    def clean_communes(self) -> list[Any]:
        from endavant.territory.models import Commune

        codes = [c.upper() for c in self.cleaned_data["communes"]]
        found = list(Commune.objects.filter(code__in=codes))
        unknown = sorted(set(codes) - {c.code for c in found})
        if unknown:
            raise forms.ValidationError(
                _("Unknown INSEE code: %(codes)s.") % {"codes": ", ".join(unknown[:10])}
            )
        return found

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        missing = not data.get("file") and not (data.get("text") or "").strip()
        if not self.editing and missing and "file" not in self.errors:
            self.add_error("file", _("Give a file or the text of the document."))
        return data


class JargonTermForm(forms.Form):
    term = forms.CharField(label=_("Technical term to count as jargon"), max_length=100)


class DeleteForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (kept in the journal)"), max_length=500, required=False
    )
