"""Forms of assisted participation: a mediator votes for a resident; the team enters paper
ballots from a tally sheet. Input shape only; the services hold the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from endavant.accounts.forms import CommuneField
from endavant.accounts.services import MAX_PAPERS_PER_ENTRY
from endavant.core.audiences import Audience
from endavant.core.forms import BoundedTextMixin


class ResidentEmailForm(BoundedTextMixin, forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of a resident who is with you"), max_length=254, required=False
    )


class AssistedConsentForm(forms.Form):
    consent = forms.BooleanField(
        label=_(
            "The resident is with me (or on the phone), chose these answers and agrees to my "
            "entering them for them."
        )
    )


class PaperSheetForm(BoundedTextMixin, forms.Form):
    sheet = forms.CharField(
        label=_("Tally sheet (reference written on it)"),
        max_length=100,
        help_text=_("For example “Atelier de Prades, 12 mars, feuille 2”."),
    )
    copies = forms.IntegerField(
        label=_("Number of identical papers"),
        min_value=1,
        max_value=MAX_PAPERS_PER_ENTRY,
        initial=1,
    )
    audience = forms.ChoiceField(
        label=_("Audience of these voters, if the sheet says it"),
        choices=[(a, label) for a, label in Audience.choices if a != Audience.PROGRAMME_TEAM],
        initial=Audience.UNKNOWN,
    )
    commune = CommuneField(label=_("Their home commune, if the sheet says it"), required=False)
