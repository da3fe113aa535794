from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from endavant.core.forms import BoundedTextMixin
from endavant.programmes.models import Programme

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProgrammeForm(BoundedTextMixin, forms.ModelForm):
    class Meta:
        model = Programme
        fields = ["name", "slug", "territory", "starts_on", "ends_on", "description"]
        widgets = {"starts_on": DATE, "ends_on": DATE}


class ArchiveForm(BoundedTextMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=1000, required=False)
