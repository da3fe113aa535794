"""Input shapes of the workshops pages; the services own the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from endavant.actors.models import Organisation
from endavant.core.audiences import Audience
from endavant.core.fields import BoundedFileField, HttpURLFormField
from endavant.core.text import search_key
from endavant.roadmap.models import Action, FunctionalDomain
from endavant.territory.models import Commune
from endavant.workshops.models import Registration, Workshop

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CommuneCodeField(forms.CharField):
    """A commune given by its INSEE code."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=5, required=False, **kwargs)

    def clean(self, value: Any) -> Commune | None:
        code = (super().clean(value) or "").strip()
        if not code:
            return None
        commune = Commune.objects.filter(code=code).first()
        if commune is None:
            raise forms.ValidationError(_("Unknown INSEE code."))
        return commune


class WorkshopForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea, required=False, max_length=10_000
    )
    format = forms.ChoiceField(label=_("Format"), choices=Workshop.Format.choices)
    commune = CommuneCodeField(label=_("Commune (INSEE code)"))
    place = forms.CharField(label=_("Address"), max_length=300, required=False)
    accessibility = forms.CharField(
        label=_("Accessibility"), widget=forms.Textarea, required=False, max_length=2000
    )
    online_url = HttpURLFormField(label=_("Online meeting address"), required=False)
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=DATETIME)
    capacity_room = forms.IntegerField(
        label=_("Places in the room"), min_value=0, max_value=100_000, required=False
    )
    capacity_online = forms.IntegerField(
        label=_("Places online"), min_value=0, max_value=100_000, required=False
    )
    audiences = forms.MultipleChoiceField(
        label=_("Reserved for (leave empty for everyone)"),
        choices=Audience.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    agenda = forms.CharField(
        label=_("Agenda"), widget=forms.Textarea, required=False, max_length=10_000
    )
    organiser_name = forms.CharField(
        label=_("Organiser (name of an organisation of the directory)"),
        max_length=200,
        required=False,
    )
    domains: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Functional domains"),
        queryset=FunctionalDomain.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    actions: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Roadmap actions it serves"),
        queryset=Action.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    is_example = forms.BooleanField(label=_("Example (fictional)"), required=False)

    def __init__(self, *args: Any, programme: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["domains"].queryset = programme.domains.all()  # type: ignore[attr-defined]
        self.fields["actions"].queryset = Action.objects.filter(  # type: ignore[attr-defined]
            orientation__programme=programme
        )

    def clean_organiser_name(self) -> Organisation | None:
        name = " ".join(self.cleaned_data["organiser_name"].split())
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

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("The workshop must end after it starts."))
        if "organiser_name" in data:
            data["organiser"] = data.pop("organiser_name")
        return data


class ChangeForm(forms.Form):
    """Move a workshop: what changes, and why."""

    format = forms.ChoiceField(label=_("Format"), choices=Workshop.Format.choices)
    commune = CommuneCodeField(label=_("Commune (INSEE code)"))
    place = forms.CharField(label=_("Address"), max_length=300, required=False)
    online_url = HttpURLFormField(label=_("Online meeting address"), required=False)
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=DATETIME)
    reason = forms.CharField(
        label=_("Reason (sent to everyone registered)"), widget=forms.Textarea, max_length=2000
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to everyone registered)"), widget=forms.Textarea, max_length=2000
    )


class RegisterForm(forms.Form):
    mode = forms.ChoiceField(label=_("How will you take part?"), choices=Registration.Mode.choices)

    def __init__(self, *args: Any, workshop: Workshop, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        modes = workshop.modes()
        self.fields["mode"].choices = [  # type: ignore[attr-defined]
            (value, label) for value, label in Registration.Mode.choices if value in modes
        ]
        self.fields["mode"].initial = modes[0]
        if len(modes) == 1:
            self.fields["mode"].widget = forms.HiddenInput()


class RegisterForResidentForm(RegisterForm):
    """A digital mediator registers a resident they help (found by e-mail or account number)."""

    email = forms.EmailField(label=_("E-mail of the resident (account)"), required=False)
    number = forms.IntegerField(
        label=_("Or the account number of a resident without e-mail"),
        required=False,
        min_value=1,
        max_value=2**31 - 1,
    )
    consent = forms.BooleanField(
        label=_("The resident agrees to be registered and to their data being used for it"),
        required=True,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("email")) == bool(data.get("number")):
            raise forms.ValidationError(_("Give the resident's e-mail or account number (one)."))
        return data


class ContributionForm(forms.Form):
    text = forms.CharField(label=_("Your contribution"), widget=forms.Textarea, max_length=5000)
    domain: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Functional domain"), queryset=FunctionalDomain.objects.none(), required=False
    )
    anonymous = forms.BooleanField(label=_("Publish without my name"), required=False)

    def __init__(self, *args: Any, workshop: Workshop, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["domain"].queryset = workshop.programme.domains.all()  # type: ignore[attr-defined]


class MinutesForm(forms.Form):
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea, max_length=20_000)
    decisions = forms.CharField(
        label=_("Decisions"), widget=forms.Textarea, required=False, max_length=20_000
    )
    attachment = BoundedFileField(label=_("Attachment (PDF)"), required=False)


class LinkActionForm(forms.Form):
    contribution = forms.IntegerField(widget=forms.HiddenInput)
    action: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Roadmap action"), queryset=Action.objects.none()
    )

    def __init__(self, *args: Any, workshop: Workshop, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].queryset = Action.objects.filter(  # type: ignore[attr-defined]
            orientation__programme=workshop.programme
        )
