"""Account pages (/compte/) and the accounts back-office (/gestion/roles/, /gestion/journal/).

Denied logged-in users get 403; denied visitors are sent to the login page (302).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from endavant.accounts import audit_display, forms, privacy, selectors, services, throttle
from endavant.accounts.models import User
from endavant.accounts.permissions import require_perm
from endavant.accounts.roles import Role
from endavant.actors.models import Consent
from endavant.actors.services import consent_withdraw
from endavant.core import registry
from endavant.core.services import ApplicationError


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = forms.ThrottledAuthenticationForm

    def get_default_redirect_url(self) -> str:
        return reverse("accounts:profile")


class LogoutView(auth_views.LogoutView):
    next_page = "/"


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        try:
            services.account_password_reset_request(
                email=form.cleaned_data["email"], ip=throttle.client_ip(self.request.META)
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = forms.PasswordResetSetForm
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


def sign_up(request: HttpRequest) -> HttpResponse:
    """Create an account; it works once the link sent by e-mail has been followed.

    A new and an already used address get the same answer (the service e-mails the owner of a
    used one instead).
    """
    form = forms.SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.account_sign_up(
                email=data["email"],
                password=data["password1"],
                full_name=data["full_name"],
                home_commune=data["home_commune"],
                site_url=request.build_absolute_uri("/"),
                ip=throttle.client_ip(request.META),
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            return redirect("accounts:sign_up_sent")
    return render(request, "accounts/sign_up.html", {"form": form})


def claim(request: HttpRequest) -> HttpResponse:
    """A resident registered by a mediator takes the account over with the printed code."""
    form = forms.ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.account_claim(
                code=data["code"],
                email=data["email"],
                password=data["password1"],
                ip=throttle.client_ip(request.META),
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("The account is yours now: log in with your e-mail and password.")
            )
            return redirect("accounts:login")
    return render(request, "accounts/claim.html", {"form": form})


@require_POST
@require_perm("accounts.register_resident")
def claim_code(request: HttpRequest, user_id: int) -> HttpResponse:
    """Print a one-time code with which a resident without e-mail can take their account."""
    resident = get_object_or_404(User, pk=user_id, email__isnull=True, is_active=True)
    actor = request.user
    assert isinstance(actor, User)
    try:
        code = services.claim_code_issue(actor=actor, user=resident)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("accounts:register_resident")
    return render(
        request,
        "accounts/claim_code.html",
        {
            "resident": resident,
            "code": code,
            "days": services.CLAIM_CODE_DAYS,
            "claim_url": request.build_absolute_uri(reverse("accounts:claim")),
        },
    )


def sign_up_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/sign_up_sent.html")


def confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """Follow the e-mailed link: activate the account, or say the link is not valid."""
    user = services.account_confirm(uidb64=uidb64, token=token)
    if user is not None:
        messages.success(request, _("Your account is confirmed. You can log in."))
        return redirect("accounts:login")
    return render(request, "accounts/confirm_invalid.html")


@require_perm("accounts.use_account")
def profile(request: HttpRequest) -> HttpResponse:
    """One's own account: name, home commune, links to one's data and to erasure."""
    user = request.user
    assert isinstance(user, User)
    form = forms.ProfileForm(
        request.POST or None,
        initial={"full_name": user.full_name, "home_commune": user.home_commune},
    )
    if request.method == "POST" and form.is_valid():
        services.account_update_profile(
            user=user,
            full_name=form.cleaned_data["full_name"],
            home_commune=form.cleaned_data["home_commune"],
        )
        messages.success(request, _("Your profile is saved."))
        return redirect("accounts:profile")
    roles = [label for value, label in Role.choices if user.groups.filter(name=value).exists()]
    return render(request, "accounts/profile.html", {"form": form, "roles": roles})


@require_perm("accounts.use_account")
def my_data(request: HttpRequest) -> HttpResponse:
    """Download everything the platform holds about oneself (zip of JSON and CSV)."""
    user = request.user
    assert isinstance(user, User)
    response = HttpResponse(privacy.personal_data_zip(user), content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="mes-donnees-endavant.zip"'
    return response


@require_perm("accounts.use_account")
def erase(request: HttpRequest) -> HttpResponse:
    """Erase one's account after an explicit confirmation (POST)."""
    form = forms.EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        assert isinstance(user, User)
        privacy.account_erase(user=user, actor=user, reason="erasure requested by the person")
        logout(request)
        messages.success(request, _("Your personal data has been erased."))
        return redirect("core:home")
    return render(request, "accounts/erase.html", {"form": form})


def dpo_contact(request: HttpRequest) -> HttpResponse:
    """How to reach the data protection officer."""
    return render(
        request, "accounts/dpo_contact.html", {"dpo_email": settings.ENDAVANT_OPERATOR["dpo_email"]}
    )


@require_perm("accounts.register_resident")
def register_resident(request: HttpRequest) -> HttpResponse:
    """A mediator creates an account without e-mail for a resident, recording their consent."""
    form = forms.ResidentRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actor = request.user
        assert isinstance(actor, User)
        try:
            user = services.account_register_resident(
                actor=actor,
                full_name=data["full_name"],
                home_commune=data["home_commune"],
                phone=data["phone"],
                purposes=data["purposes"],
            )
        except ApplicationError as error:
            form.add_error("purposes", error.message)
        else:
            messages.success(
                request,
                _("The account of %(name)s is created (number %(id)s).")
                % {"name": user.full_name, "id": user.pk},
            )
            return redirect(f"{reverse('accounts:register_resident')}?cree={user.pk}")
    created = request.GET.get("cree", "")
    resident = (
        User.objects.filter(pk=int(created), email__isnull=True).first()
        if created.isdigit() and len(created) < 12
        else None
    )
    return render(
        request,
        "accounts/register_resident.html",
        {"form": form, "text_version": services.CONSENT_TEXT_VERSION, "created": resident},
    )


@require_perm("accounts.manage_roles")
def roles(request: HttpRequest) -> HttpResponse:
    """Who holds which platform role; grant a role to an account by its e-mail address."""
    form = forms.RoleGrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actor = request.user
        assert isinstance(actor, User)
        user = User.objects.filter(email__iexact=form.cleaned_data["email"]).first()
        if user is None:
            form.add_error("email", _("No account has this e-mail address."))
        else:
            try:
                services.role_grant(actor=actor, user=user, role=form.cleaned_data["role"])
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The role is granted."))
                return redirect("accounts:roles")
    holders = [
        (
            user,
            [
                (group.name, Role(group.name).label)
                for group in user.groups.all()
                if group.name in Role.values
            ],
        )
        for user in selectors.users_with_roles()
    ]
    return render(request, "accounts/roles.html", {"form": form, "holders": holders})


@require_POST
@require_perm("accounts.manage_roles")
def role_revoke(request: HttpRequest, user_id: int, role: str) -> HttpResponse:
    """Take a role away (POST from the roles page)."""
    actor = request.user
    assert isinstance(actor, User)
    user = get_object_or_404(User, pk=user_id)
    try:
        services.role_revoke(actor=actor, user=user, role=role)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The role is revoked."))
    return redirect("accounts:roles")


AUDIT_PAGE_SIZE = 50


@require_perm("accounts.view_audit_log")
def audit_log(request: HttpRequest) -> HttpResponse:
    """The append-only audit log, newest first, filterable by action, labelled and formatted.

    Administrators see who acted and the values; researchers see what changed on which kind of
    record, without names or values.
    """
    action = request.GET.get("action", "").strip()[:100]
    page = Paginator(selectors.audit_entries(action=action), AUDIT_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    with_details = request.user.has_perm("accounts.view_audit_details")
    return render(
        request,
        "accounts/audit_log.html",
        {
            "page": page,
            "rows": audit_display.journal_rows(list(page), with_details=with_details),
            "with_details": with_details,
            "action": action,
            "actions": sorted(
                ((key, str(a.label)) for key, a in registry.audit_actions().items()),
                key=lambda pair: pair[1],
            ),
            "base_url": reverse("accounts:audit_log"),
        },
    )


REVIEW_PAGE_SIZE = 50


@require_perm("accounts.manage_roles")
def communes_to_review(request: HttpRequest) -> HttpResponse:
    """Accounts whose home commune was set before it had to be chosen by name: the team checks
    each one (a five-digit number may have been a postcode read as an INSEE code)."""
    if request.method == "POST":
        actor = request.user
        assert isinstance(actor, User)
        raw = request.POST.get("user", "")
        user = User.objects.filter(pk=int(raw)).first() if raw.isdigit() and len(raw) < 12 else None
        try:
            if user is None:
                raise ApplicationError(_("Choose an account in the list."), code="user")
            services.account_commune_reviewed(actor=actor, user=user)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The commune is marked as checked."))
        return redirect("accounts:communes_to_review")
    page = Paginator(selectors.communes_to_review(), REVIEW_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "accounts/communes_to_review.html", {"page": page})


@require_perm("accounts.use_account")
def consents(request: HttpRequest) -> HttpResponse:
    """The consents one has given, each with a button to withdraw it and what that stops."""
    user = request.user
    assert isinstance(user, User)
    own = Consent.objects.filter(Q(user=user) | Q(person__user=user)).order_by("-given_at", "-pk")
    if request.method == "POST":
        raw = request.POST.get("consent", "")
        consent = own.filter(pk=int(raw)).first() if raw.isdigit() and len(raw) < 12 else None
        try:
            if consent is None:
                raise ApplicationError(_("Choose one of your consents."), code="consent")
            consent_withdraw(actor=user, consent=consent)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your consent is withdrawn."))
        return redirect("accounts:consents")
    return render(request, "accounts/consents.html", {"consents": list(own)})
