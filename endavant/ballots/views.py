"""Public ballot pages and the programme team's ballot back-office. Views stay thin: the
method's registry entry parses and draws, the services decide."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from endavant.accounts.permissions import require_perm
from endavant.ballots import eligibility, forms, methods, selectors, services
from endavant.ballots.models import Ballot
from endavant.core import registry
from endavant.core.services import ApplicationError
from endavant.programmes.context import with_programme


@require_safe
@with_programme
def ballot_list(request: HttpRequest, programme: Any) -> HttpResponse:
    """The programme's ballots, with who may vote on each."""
    items = selectors.ballot_list(programme) if programme else []
    for ballot in items:
        ballot.method_entry = methods.get(ballot.method)  # type: ignore[attr-defined]
        ballot.audience_labels = eligibility.audience_labels(ballot)  # type: ignore[attr-defined]
    return render(request, "ballots/list.html", {"programme": programme, "items": items})


def _submitted(request: HttpRequest, options: list[Any]) -> dict[int, str]:
    return {option.pk: request.POST.get(f"option-{option.pk}", "")[:20] for option in options}


@require_http_methods(["GET", "HEAD", "POST"])
def ballot_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A ballot: its voting form during the window, its results when visible."""
    try:
        # The ballot, its options and the visitor's vote in one query.
        context = selectors.ballot_for_voter(pk, request.user)
    except Ballot.DoesNotExist as missing:
        raise Http404 from missing
    ballot, options = context.ballot, context.options
    method = methods.get(ballot.method)
    error = None
    checking = request.method == "POST" and bool(request.POST.get("check"))
    if request.method == "POST" and not checking:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            values = services.parse_vote(ballot, _submitted(request, options))
            services.vote_cast(voter=request.user, ballot=ballot, values=values, context=context)
        except ApplicationError as failure:
            error = failure.message
        else:
            messages.success(
                request,
                _("Your vote has been recorded. You can change it until the ballot closes."),
            )
            return redirect(ballot.get_absolute_url())
    current = context.current
    if request.method == "POST":
        try:
            current = method.parse(_submitted(request, options))
        except ApplicationError:
            current = {}
    refusal = eligibility.vote_refusal(request.user, ballot)
    # Budget ballots show the running total of the ticked options; "check the total" posts the
    # form back and recomputes it without voting (no JavaScript needed).
    summary = getattr(method, "budget_summary", None)
    return render(
        request,
        "ballots/ballot.html",
        {
            "ballot": ballot,
            "method": method,
            "options": options,
            "choices": method.choices(len(options)),
            "current": current,
            "refusal": refusal,
            "error": error,
            "results": (
                selectors.ballot_results(ballot, options) if ballot.results_visible() else None
            ),
            "audience_labels": eligibility.audience_labels(ballot),
            "became": registry.traces_from(ballot),
            "budget": summary(options, current) if summary and ballot.is_open() else None,
            "checking": checking,
        },
        status=400 if error else 200,
    )


# --- Back-office ---------------------------------------------------------------------------


@require_safe
@require_perm("ballots.manage_ballots")
@with_programme
def manage(request: HttpRequest, programme: Any) -> HttpResponse:
    """The programme's ballots, to create and edit."""
    items = selectors.ballot_list(programme) if programme else []
    return render(request, "ballots/manage/index.html", {"programme": programme, "items": items})


def _initial(ballot: Ballot) -> dict[str, Any]:
    return {
        "title": ballot.title,
        "question": ballot.question,
        "method": ballot.method,
        "opens_at": ballot.opens_at,
        "closes_at": ballot.closes_at,
        "audiences": ballot.audiences,
        "results_live": ballot.results_live,
        "is_example": ballot.is_example,
    }


@require_perm("ballots.manage_ballots")
@with_programme
def manage_edit(request: HttpRequest, programme: Any, pk: int | None = None) -> HttpResponse:
    """Create a ballot (then choose its options) or edit one."""
    if programme is None:
        messages.error(request, _("Create a programme first."))
        return redirect("programmes:manage")
    ballot = get_object_or_404(Ballot, pk=pk, programme=programme) if pk is not None else None
    form = forms.BallotForm(request.POST or None, initial=_initial(ballot) if ballot else None)
    if request.method == "POST" and form.is_valid():
        try:
            if ballot is None:
                ballot = services.ballot_open(
                    actor=request.user,
                    programme=programme,
                    options=[_("Option 1"), _("Option 2")],
                    **form.cleaned_data,
                )
                messages.success(request, _("Ballot created: now choose its options."))
                return redirect("ballots:manage_options", ballot.pk)
            services.ballot_update(actor=request.user, ballot=ballot, **form.cleaned_data)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("ballots:manage")
    return render(
        request,
        "ballots/manage/edit.html",
        {"form": form, "ballot": ballot, "programme": programme},
        status=400 if request.method == "POST" else 200,
    )


@require_perm("ballots.manage_ballots")
@with_programme
def manage_options(request: HttpRequest, programme: Any, pk: int) -> HttpResponse:
    """Choose a ballot's options among the programme's records, or write them; until the
    first vote."""
    ballot = get_object_or_404(Ballot, pk=pk, programme=programme)
    form = forms.OptionsForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            services.ballot_options_set(actor=request.user, ballot=ballot, options=form.options())
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The options are saved."))
            return redirect("ballots:manage")
    return render(
        request,
        "ballots/manage/options.html",
        {
            "form": form,
            "ballot": ballot,
            "options": list(ballot.options.all()),
            "locked": ballot.votes.exists(),
        },
        status=400 if request.method == "POST" else 200,
    )
