"""Assisted participation in ballots: a digital mediator casts or changes a vote for a resident
(with the resident's consent recorded), the programme team enters paper ballots from a tally
sheet. Every vote records its channel and who entered it (``ballots.services.vote_cast``)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from endavant.accounts import services as account_services
from endavant.accounts.models import User
from endavant.accounts.permissions import require_perm
from endavant.actors.models import Consent
from endavant.actors.selectors import ParticipantProfile
from endavant.ballots import eligibility, methods, selectors, services
from endavant.ballots.forms_assisted import AssistedConsentForm, PaperSheetForm, ResidentEmailForm
from endavant.ballots.models import Ballot, Vote
from endavant.core.services import ApplicationError
from endavant.territory.selectors import commune_is_isolated

#: Residents registered by the mediator listed at once.
RESIDENTS_SHOWN = 50


def _submitted(request: HttpRequest, options: list[Any]) -> dict[int, str]:
    return {option.pk: request.POST.get(f"option-{option.pk}", "")[:20] for option in options}


def _registered_by(mediator: Any) -> list[User]:
    """Accounts the mediator created for residents (their consent rows name the mediator)."""
    ids = Consent.objects.filter(recorded_by=mediator, purpose=Consent.Purpose.ACCOUNT).values(
        "user_id"
    )
    return list(
        User.objects.filter(pk__in=ids, is_active=True)
        .select_related("home_commune")
        .order_by("full_name", "pk")[:RESIDENTS_SHOWN]
    )


def _resident(request: HttpRequest, registered: list[User]) -> User | None:
    """The resident chosen: one the mediator registered (by number), or one present whose
    e-mail the mediator types (the resident tells it)."""
    raw = (request.POST.get("resident") or request.GET.get("resident") or "")[:12]
    if raw.isdigit():
        return next((u for u in registered if u.pk == int(raw)), None)
    form = ResidentEmailForm(request.GET or None)
    if form.is_valid() and form.cleaned_data["email"]:
        return User.objects.filter(email__iexact=form.cleaned_data["email"], is_active=True).first()
    return None


def _ballot(pk: int) -> Ballot:
    ballot = Ballot.objects.select_related("programme").filter(pk=pk).first()
    if ballot is None:
        raise Http404
    return ballot


@require_http_methods(["GET", "HEAD", "POST"])
@require_perm("accounts.act_for_resident")
def assisted_vote(request: HttpRequest, pk: int) -> HttpResponse:
    """A mediator casts or changes a resident's vote, the resident's consent ticked and kept."""
    ballot = _ballot(pk)
    method = methods.get(ballot.method)
    registered = _registered_by(request.user)
    resident = _resident(request, registered)
    context = selectors.ballot_for_voter(ballot.pk, resident) if resident else None
    options = context.options if context else list(ballot.options.all())
    consent = AssistedConsentForm(request.POST or None)
    error = None
    if request.method == "POST":
        if resident is None:
            error = _("Choose the resident first.")
        elif not consent.is_valid():
            error = _("Tick the resident's consent before entering their vote.")
        else:
            try:
                values = services.parse_vote(ballot, _submitted(request, options))
                with transaction.atomic():
                    account_services.assistance_consent_record(
                        actor=request.user,  # type: ignore[arg-type]
                        resident=resident,
                    )
                    services.vote_cast(
                        voter=resident,
                        ballot=ballot,
                        values=values,
                        channel=Vote.Channel.ASSISTED,
                        entered_by=request.user,
                    )
            except ApplicationError as failure:
                error = failure.message
            else:
                messages.success(
                    request,
                    _("The vote of %(name)s is recorded; it can be changed until closing.")
                    % {"name": resident.full_name or resident.pk},
                )
                return redirect(f"{request.path}?resident={resident.pk}")
    current = context.current if context else {}
    refusal = eligibility.vote_refusal(resident, ballot) if resident else None
    return render(
        request,
        "ballots/assisted/vote.html",
        {
            "ballot": ballot,
            "method": method,
            "options": options,
            "choices": method.choices(len(options)),
            "current": current,
            "resident": resident,
            "registered": registered,
            "email_form": ResidentEmailForm(request.GET or None),
            "consent": consent,
            "refusal": refusal,
            "error": error,
        },
        status=400 if error else 200,
    )


def _paper_profile(form: PaperSheetForm) -> ParticipantProfile:
    commune = form.cleaned_data["commune"]
    return ParticipantProfile(
        audience=form.cleaned_data["audience"],
        commune=commune,
        commune_isolated=None if commune is None else commune_is_isolated(commune),
    )


@require_http_methods(["GET", "HEAD", "POST"])
@require_perm("ballots.manage_ballots")
def paper_entry(request: HttpRequest, pk: int) -> HttpResponse:
    """The team enters paper ballots from a tally sheet: N identical papers at a time, each a
    vote of its own anonymous voter, channel "paper", entered by the team member."""
    ballot = _ballot(pk)
    method = methods.get(ballot.method)
    options = list(ballot.options.all())
    form = PaperSheetForm(request.POST or None)
    error = None
    current: dict[int, int] = {}
    if request.method == "POST":
        try:
            current = method.parse(_submitted(request, options))
        except ApplicationError:
            current = {}
        if form.is_valid():
            try:
                values = services.parse_vote(ballot, _submitted(request, options))
                profile = _paper_profile(form)
                copies = form.cleaned_data["copies"]
                with transaction.atomic():
                    voters = account_services.paper_voters_create(
                        actor=request.user,  # type: ignore[arg-type]
                        count=copies,
                        sheet=form.cleaned_data["sheet"],
                    )
                    for voter in voters:
                        services.vote_cast(
                            voter=voter,
                            ballot=ballot,
                            values=values,
                            channel=Vote.Channel.PAPER,
                            entered_by=request.user,
                            profile=profile,
                        )
            except ApplicationError as failure:
                error = failure.message
            else:
                messages.success(
                    request,
                    ngettext("%(n)s paper ballot entered.", "%(n)s paper ballots entered.", copies)
                    % {"n": copies},
                )
                return redirect("ballots:paper_entry", pk=ballot.pk)
        else:
            error = _("Check the sheet's details below.")
    entered = Vote.objects.filter(ballot=ballot, channel=Vote.Channel.PAPER).count()
    return render(
        request,
        "ballots/assisted/paper.html",
        {
            "ballot": ballot,
            "method": method,
            "options": options,
            "choices": method.choices(len(options)),
            "current": current,
            "form": form,
            "error": error,
            "entered": entered,
            "open": ballot.is_open(),
        },
        status=400 if error else 200,
    )
