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
from endavant.accounts.selectors import commune_lookup
from endavant.actors.models import Consent
from endavant.territory.models import Commune


class CommuneField(forms.CharField):
    """A text input taking an INSEE code or a commune name, resolved on the server."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 120)
        kwargs.setdefault(
            "help_text", _("The name of the commune or its INSEE code (for example 66136).")
        )
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Commune):
            return f"{value.name} ({value.code})"
        if isinstance(value, int):
            commune = Commune.objects.filter(pk=value).first()
            return f"{commune.name} ({commune.code})" if commune else ""
        return value

    def clean(self, value: Any) -> Commune | None:
        text = super().clean(value)
        if not text:
            return None
        if text.endswith(")") and "(" in text:
            code = text.rsplit("(", 1)[1].rstrip(")").strip()
            found = commune_lookup(code)
        else:
            found = commune_lookup(text)
        if not found:
            raise ValidationError(_("No commune has this name or INSEE code."), code="unknown")
        if len(found) > 1:
            choices = ", ".join(f"{c.name} ({c.code})" for c in found)
            raise ValidationError(
                _("Several communes have this name; type the INSEE code: %(choices)s."),
                params={"choices": choices},
                code="ambiguous",
            )
        return found[0]


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
