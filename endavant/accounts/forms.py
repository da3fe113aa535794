"""Forms for accounts: they check the shape of the input; services hold the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from endavant.accounts import services, throttle
from endavant.accounts.roles import Role
from endavant.accounts.selectors import (
    commune_name_key,
    communes_for_code,
    communes_named,
    communes_starting,
    is_code_like,
)
from endavant.actors.models import Consent
from endavant.territory.models import Commune


class ChoiceByNameInput(forms.TextInput):
    """A text input for a name; when the name is not enough, the records to choose from are
    drawn under it as radio buttons (named ``<field>_choice``), without JavaScript.

    The field sets ``candidates`` (value, label) on its widget before raising its error.
    """

    template_name = "accounts/widgets/choice_by_name.html"
    legend = _("Choose one")

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.candidates: list[tuple[str, str]] = []

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["candidates"] = self.candidates
        context["widget"]["choice_name"] = f"{name}_choice"
        context["widget"]["legend"] = self.legend
        return context

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        return data.get(f"{name}_choice") or data.get(name)


class CommuneInput(ChoiceByNameInput):
    legend = _("Choose your commune")


def commune_label(commune: Commune, *, with_departement: bool = False) -> str:
    """A commune as people read it: "Saint-Cyprien (66171)", with the département if asked."""
    if with_departement and commune.departement_id:
        return f"{commune.name} ({commune.code}, {commune.departement.name})"
    return f"{commune.name} ({commune.code})"


class CommuneField(forms.CharField):
    """A commune chosen by name, its INSEE code shown, resolved on the server.

    A five-digit number is never taken on its own: it may be an INSEE code or a postcode (66750
    is the postcode of Saint-Cyprien, 66171 its INSEE code; 66750 is no INSEE code but other
    numbers are both). The person then chooses among the communes by name. A name shared by
    several communes gives the same choice. ``Name (code)``, as the choice sends it, is taken
    only when the name is that commune's.
    """

    widget = CommuneInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 120)
        kwargs.setdefault(
            "help_text",
            _('The name of the commune, for example "Saint-Cyprien"; its INSEE code is shown.'),
        )
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Commune):
            return commune_label(value)
        if isinstance(value, int):
            commune = Commune.objects.filter(pk=value).first()
            return commune_label(commune) if commune else ""
        return value

    def _choose(self, candidates: list[Commune], message: Any, code: str, **params: Any) -> None:
        self.widget.candidates = [
            (commune_label(c), commune_label(c, with_departement=True)) for c in candidates
        ]
        raise ValidationError(message, code=code, params=params)

    def clean(self, value: Any) -> Commune | None:
        text = super().clean(value)
        if not text:
            return None
        if text.endswith(")") and "(" in text:
            name, _sep, inside = text[:-1].rpartition("(")
            code = inside.split(",")[0].strip().upper()
            commune = (
                Commune.objects.select_related("departement").filter(code=code).first()
                if is_code_like(code)
                else None
            )
            if commune is not None and commune_name_key(name) == commune_name_key(commune.name):
                return commune
            named = communes_named(name)
            candidates = named + [c for c in [commune] if c is not None and c not in named]
            if candidates:
                self._choose(
                    candidates,
                    _("This name and this code are not the same commune: choose yours below."),
                    "mismatch",
                )
            text = name.strip()
        if is_code_like(text):
            self._choose(
                communes_for_code(text),
                _(
                    "%(value)s may be a postcode or an INSEE code: type the name of your commune, "
                    "or choose it below."
                ),
                "code_ambiguous",
                value=text,
            )
        found = communes_named(text)
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            self._choose(
                found, _("Several communes have this name: choose yours below."), "ambiguous"
            )
        suggestions = communes_starting(text)
        if suggestions:
            self._choose(
                suggestions, _("No commune has exactly this name: choose yours below."), "unknown"
            )
        raise ValidationError(_("No commune has this name."), code="unknown")


THROTTLED = _(
    "Too many failed attempts. For your security, logging in is blocked for %(minutes)s "
    "minutes. You can reset your password meanwhile."
)


class LoginThrottleMixin(AuthenticationForm):
    """Counts every password check against the address and the IP, and refuses beyond the limit.

    The attempt is counted before the password is checked (see ``throttle``), so that parallel
    requests cannot test more passwords than the limit. A form without a password checks nothing
    and counts nothing (it must not clear the failures either).
    """

    def clean(self) -> dict[str, Any]:
        email = self.cleaned_data.get("username") or ""
        if not (email and self.cleaned_data.get("password")):
            return super().clean()
        ip = throttle.client_ip(self.request.META) if self.request else None
        if throttle.login_attempt_begin(email=email, ip=ip) is None:
            raise ValidationError(
                THROTTLED, code="throttled", params={"minutes": throttle.lockout_minutes()}
            )
        # A wrong password raises here and leaves the attempt counted as a failure.
        cleaned = super().clean()
        throttle.login_success_record(email=email)
        return cleaned


class ThrottledAuthenticationForm(LoginThrottleMixin):
    """Log in with e-mail; refuse for a while after too many failures (account or address)."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "This e-mail address and password do not match an active account. Check them, or "
            "confirm your account with the link you received by e-mail."
        ),
    }


class ThrottledAdminAuthenticationForm(LoginThrottleMixin, AdminAuthenticationForm):
    """The Django admin's login, under the same throttle and the same counts as the site's."""


class SignUpForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    full_name = forms.CharField(label=_("Name"), max_length=150)
    home_commune = CommuneField(label=_("Home commune"), required=False)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters, not too common, not only digits."),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    consent = forms.BooleanField(
        label=_("I have read how my personal data is processed and agree to having an account."),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            try:
                password_validation.validate_password(first)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=_("Name"), max_length=150)
    home_commune = CommuneField(label=_("Home commune"), required=False)


class ResidentRegistrationForm(forms.Form):
    full_name = forms.CharField(label=_("Name of the resident"), max_length=150)
    home_commune = CommuneField(label=_("Home commune"), required=False)
    phone = forms.CharField(label=_("Phone (optional)"), max_length=30, required=False)
    purposes = forms.MultipleChoiceField(
        label=_("Consents given by the person, after the notice was read to them"),
        choices=Consent.Purpose.choices,
        widget=forms.CheckboxSelectMultiple,
    )


class ClaimForm(forms.Form):
    """Take over an account a mediator registered, with the code they printed."""

    code = forms.CharField(
        label=_("Code printed by your mediator"),
        max_length=40,
        help_text=_("For example 12-ABCD-EFGH-JKLM; capitals and dashes do not matter."),
    )
    email = forms.EmailField(label=_("Your e-mail address"), max_length=254)
    password1 = forms.CharField(
        label=_("Choose a password"), widget=forms.PasswordInput, max_length=128, strip=False
    )
    password2 = forms.CharField(
        label=_("The same password again"), widget=forms.PasswordInput, max_length=128, strip=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


class RoleGrantForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the account"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that my personal data will be erased and that this is final.")
    )


class PasswordResetSetForm(SetPasswordForm):
    """The new password from an e-mailed link, saved by the service (it lifts the lockout)."""

    def save(self, commit: bool = True) -> Any:
        return services.account_password_reset(
            user=self.user, password=self.cleaned_data["new_password1"]
        )
