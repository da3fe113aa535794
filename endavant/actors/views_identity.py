"""One identity across accounts and the directory: the team links accounts and people, a
participant asks to be linked. Views stay thin; the rules are in ``actors.services``."""

from __future__ import annotations

from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from endavant.accounts.models import User
from endavant.accounts.permissions import require_perm
from endavant.actors import selectors, services
from endavant.actors.models import LinkRequest, Person
from endavant.core.forms import BoundedTextMixin
from endavant.core.services import ApplicationError

#: Pending requests shown at once (each with its candidates: one query per request).
REQUESTS_SHOWN = 20


class LinkRequestForm(BoundedTextMixin, django_forms.Form):
    message = django_forms.CharField(
        label=gettext_lazy("Who are you in the directory?"),
        help_text=gettext_lazy(
            "Your name as the programme team knows it, your role and organisation, for example "
            "“Marie Exemple, deputy mayor of Prades”."
        ),
        max_length=1000,
        widget=django_forms.Textarea(attrs={"rows": 3}),
    )


class RefuseForm(BoundedTextMixin, django_forms.Form):
    reason = django_forms.CharField(
        label=gettext_lazy("Reason (sent to the participant)"),
        max_length=2000,
        widget=django_forms.Textarea(attrs={"rows": 2}),
    )


def _number(raw: str | None) -> int:
    """A record number from the form, or 0 (no record has it) when it is not one."""
    return int(raw) if raw and raw.isdigit() and len(raw) < 12 else 0


@require_perm("actors.manage_directory")
def person_account(request: HttpRequest, pk: int) -> HttpResponse:
    """Link a directory person to an account found by name, e-mail or commune, or unlink it."""
    person = get_object_or_404(Person.objects.select_related("user", "home_commune"), pk=pk)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "unlink":
                services.person_unlink(actor=request.user, person=person)
                messages.success(request, _("The person is no longer linked to the account."))
            else:
                user = User.objects.filter(pk=_number(request.POST.get("user"))).first()
                if user is None:
                    raise ApplicationError(_("Choose an account in the list."), code="user")
                services.person_link(actor=request.user, person=person, user=user)
                messages.success(request, _("The person is linked to the account."))
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("actors:person_account", pk=person.pk)
        return redirect("actors:person_edit", pk=person.pk)
    q = request.GET.get("q", "").strip()[:100]
    return render(
        request,
        "actors/manage/person_account.html",
        {
            "person": person,
            "q": q,
            "accounts": selectors.accounts_for_linking(q) if q else [],
        },
    )


@require_perm("actors.manage_directory")
def link_requests(request: HttpRequest) -> HttpResponse:
    """Participants asking to be linked to the directory: approve with a person, or refuse."""
    if request.method == "POST":
        link = LinkRequest.objects.filter(pk=_number(request.POST.get("request"))).first()
        try:
            if link is None:
                raise ApplicationError(_("This request does not exist."), code="request")
            if request.POST.get("action") == "refuse":
                form = RefuseForm(request.POST)
                if not form.is_valid():
                    raise ApplicationError(
                        _("Give the reason, for the participant."), code="reason"
                    )
                services.link_request_refuse(
                    actor=request.user, request=link, reason=form.cleaned_data["reason"]
                )
                messages.success(request, _("The request is refused; the participant is told."))
            else:
                person = Person.objects.filter(pk=_number(request.POST.get("person"))).first()
                if person is None:
                    raise ApplicationError(_("Choose a person in the list."), code="person")
                services.link_request_approve(actor=request.user, request=link, person=person)
                messages.success(request, _("The account is linked; the participant is told."))
        except ApplicationError as error:
            messages.error(request, error.message)
        return redirect("actors:link_requests")
    searches = request.GET
    pending: list[dict[str, Any]] = []
    for link in selectors.pending_link_requests()[:REQUESTS_SHOWN]:
        q = searches.get(f"q{link.pk}", "").strip()[:100] or link.user.full_name
        pending.append(
            {
                "request": link,
                "q": q,
                "people": selectors.people_for_linking(q),
                "refuse": RefuseForm(),
            }
        )
    return render(request, "actors/manage/link_requests.html", {"pending": pending})


@require_perm("accounts.use_account")
def my_directory_link(request: HttpRequest) -> HttpResponse:
    """A participant's link to the directory: the record they are linked to, or a request."""
    user = request.user
    assert isinstance(user, User)
    person = Person.objects.filter(user=user).prefetch_related("memberships__organisation").first()
    last = LinkRequest.objects.filter(user=user).order_by("-created_at", "-pk").first()
    form = LinkRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.link_request_create(user=user, message=form.cleaned_data["message"])
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your request is sent to the programme team."))
            return redirect("actors:my_directory_link")
    return render(
        request,
        "actors/my_directory_link.html",
        {"person": person, "last": last, "form": form},
        status=400 if request.method == "POST" else 200,
    )
