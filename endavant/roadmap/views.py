"""Public roadmap and ballot pages, and the programme team's back-office. Views stay thin."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from endavant.core.audiences import Audience
from endavant.core.services import ApplicationError
from endavant.roadmap import forms, selectors, services
from endavant.roadmap.models import (
    Action,
    Ballot,
    Commitment,
    Competency,
    FunctionalDomain,
    Milestone,
    Orientation,
    Programme,
)
from endavant.voting import MJ_GRADES_FR


def _programme_or_404() -> Programme:
    programme = selectors.current_programme()
    if programme is None:
        raise Http404
    return programme


# --- Public pages --------------------------------------------------------------------------


def roadmap_index(request: HttpRequest) -> HttpResponse:
    """The public accountability view: progress by orientation, filters, bottom-up share."""
    programme = selectors.current_programme()
    context: dict[str, Any] = {"programme": programme, "statuses": Action.Status.choices}
    if programme is not None:
        filters = {
            k: request.GET.get(k, "").strip()
            for k in ("orientation", "domain", "commune", "status")
        }
        context.update(
            filters=filters,
            progress=selectors.roadmap_overview(programme, filters),
            share=selectors.bottom_up_share(programme),
            orientations=list(programme.orientations.all()),
            domains=list(programme.domains.select_related("competency")),
            versions=selectors.versions(programme),
        )
    return render(request, "roadmap/index.html", context)


def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One action: target, realisation, milestones, commitments and origins."""
    try:
        action = selectors.action_detail(pk)
    except Action.DoesNotExist as error:
        raise Http404 from error
    return render(request, "roadmap/action.html", {"action": action})


def versions(request: HttpRequest) -> HttpResponse:
    """Prescribed vs realised between two frozen versions (``?de=1&a=2``)."""
    programme = selectors.current_programme()
    all_versions = selectors.versions(programme) if programme else []
    comparison = None
    try:
        first = int(request.GET.get("de") or 0)
        second = int(request.GET.get("a") or 0)
    except ValueError:
        first = second = 0
    if not first and len(all_versions) >= 2:
        first, second = all_versions[0].number, all_versions[-1].number
    if programme and first and second:
        comparison = selectors.version_comparison(programme, first, second)
    return render(
        request,
        "roadmap/versions.html",
        {
            "programme": programme,
            "versions": all_versions,
            "first": first,
            "second": second,
            "comparison": comparison,
        },
    )


def commitments(request: HttpRequest) -> HttpResponse:
    """The explicit political commitments and the actions that honour them."""
    programme = selectors.current_programme()
    items = selectors.commitments(programme) if programme else []
    return render(request, "roadmap/commitments.html", {"programme": programme, "items": items})


def ballots(request: HttpRequest) -> HttpResponse:
    """The prioritisation ballots."""
    programme = selectors.current_programme()
    items = selectors.ballot_list(programme) if programme else []
    return render(request, "roadmap/ballots.html", {"programme": programme, "items": items})


def _vote_values(request: HttpRequest, ballot: Ballot) -> dict[int, int]:
    values: dict[int, int] = {}
    for option in ballot.options.all():
        raw = request.POST.get(f"option-{option.pk}", "")
        if raw == "" or raw == "on":
            if raw == "on":
                values[option.pk] = 1
            continue
        try:
            values[option.pk] = int(raw)
        except ValueError as error:
            raise ApplicationError(_("Choose one of the proposed values.")) from error
    return values


@require_http_methods(["GET", "HEAD", "POST"])
def ballot_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A ballot: its voting form during the window, its results when visible."""
    ballot = get_object_or_404(Ballot.objects.select_related("programme"), pk=pk)
    error = None
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            services.vote_cast(
                voter=request.user, ballot=ballot, values=_vote_values(request, ballot)
            )
        except ApplicationError as failure:
            error = failure.message
        else:
            messages.success(
                request,
                _("Your vote has been recorded. You can change it until the ballot closes."),
            )
            return redirect(ballot.get_absolute_url())
    options = list(ballot.options.all())
    current = selectors.vote_of(ballot, request.user)
    if request.method == "POST":
        current = {
            o.pk: int(v) for o in options if (v := request.POST.get(f"option-{o.pk}", "")).isdigit()
        }
    results = selectors.ballot_results(ballot) if ballot.results_visible() else None
    return render(
        request,
        "roadmap/ballot.html",
        {
            "ballot": ballot,
            "options": options,
            "current": current,
            "can_vote": request.user.has_perm("roadmap.vote", ballot),
            "error": error,
            "results": results,
            "grades": list(enumerate(MJ_GRADES_FR))[::-1],
            "ranks": range(1, len(options) + 1),
            "audience_labels": [
                Audience(a).label for a in ballot.audiences if a in Audience.values
            ],
            "became": selectors.actions_from_source(ballot),
        },
        status=400 if error else 200,
    )


# --- Back-office ---------------------------------------------------------------------------


def manage_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Programme team only: anonymous visitors go to the login page, others get a 403."""

    @login_required
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_perm("roadmap.manage_roadmap"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@manage_required
def manage(request: HttpRequest) -> HttpResponse:
    """The programme team's dashboard."""
    programme = selectors.current_programme()
    context: dict[str, Any] = {"programme": programme}
    if programme is not None:
        context.update(
            orientations=list(programme.orientations.prefetch_related("actions")),
            domains=list(programme.domains.select_related("competency")),
            competencies=list(Competency.objects.all()),
            ballots=list(programme.ballots.all()),
            commitments=list(programme.commitments.all()),
            versions=selectors.versions(programme),
            milestones=list(
                Milestone.objects.filter(action__orientation__programme=programme).select_related(
                    "action"
                )
            ),
        )
    return render(request, "roadmap/manage/index.html", context)


@dataclass(frozen=True)
class Kind:
    """One kind of back-office object: its model, form and save service."""

    label: Any
    model: type[models.Model]
    form: type[django_forms.BaseForm]
    save: Callable[..., Any] | None
    instance_arg: str


KINDS: dict[str, Kind] = {
    "programme": Kind(
        gettext_lazy("programme"),
        Programme,
        forms.ProgrammeForm,
        services.programme_save,
        "programme",
    ),
    "competence": Kind(
        gettext_lazy("competency"),
        Competency,
        forms.CompetencyForm,
        services.competency_save,
        "competency",
    ),
    "domaine": Kind(
        gettext_lazy("functional domain"),
        FunctionalDomain,
        forms.DomainForm,
        services.domain_save,
        "domain",
    ),
    "orientation": Kind(
        gettext_lazy("orientation"),
        Orientation,
        forms.OrientationForm,
        services.orientation_save,
        "orientation",
    ),
    "action": Kind(
        gettext_lazy("action"), Action, forms.ActionForm, services.action_save, "action"
    ),
    "jalon": Kind(
        gettext_lazy("milestone"),
        Milestone,
        forms.MilestoneForm,
        services.milestone_save,
        "milestone",
    ),
    "engagement": Kind(
        gettext_lazy("commitment"),
        Commitment,
        forms.CommitmentForm,
        services.commitment_save,
        "commitment",
    ),
    "origine": Kind(gettext_lazy("origin"), Action, forms.OriginForm, None, ""),
    "scrutin": Kind(gettext_lazy("ballot"), Ballot, forms.BallotForm, None, "ballot"),
}


def _initial(kind: str, instance: models.Model | None) -> dict[str, Any]:
    if kind == "scrutin" and isinstance(instance, Ballot):
        return {
            "title": instance.title,
            "question": instance.question,
            "method": instance.method,
            "opens_at": instance.opens_at,
            "closes_at": instance.closes_at,
            "audiences": instance.audiences,
            "results_live": instance.results_live,
            "is_example": instance.is_example,
        }
    return {}


def _save_kind(
    request: HttpRequest, kind: str, spec: Kind, programme: Programme, form: Any, instance: Any
) -> Any:
    data = dict(form.cleaned_data)
    if kind == "origine":
        ballot = data.pop("ballot")
        return services.action_origin_add(actor=request.user, source=ballot, **data)
    if kind == "scrutin":
        options = [line.strip() for line in data.pop("options").splitlines() if line.strip()]
        if instance is None:
            return services.ballot_open(
                actor=request.user, programme=programme, options=options, **data
            )
        return services.ballot_update(actor=request.user, ballot=instance, **data)
    if kind == "action":
        data["communes"] = data.pop("commune_codes")
    if kind == "engagement":
        data["actions"] = list(data.pop("actions"))
    if kind in ("domaine", "orientation", "engagement"):
        data["programme"] = programme
    assert spec.save is not None
    return spec.save(actor=request.user, **{spec.instance_arg: instance}, **data)


@manage_required
def manage_edit(request: HttpRequest, kind: str, pk: int | None = None) -> HttpResponse:
    """Create or edit one back-office object through its service."""
    spec = KINDS.get(kind)
    if spec is None or (kind == "origine" and pk is not None):
        raise Http404
    programme = selectors.current_programme()
    if programme is None and kind not in ("programme", "competence"):
        raise Http404
    instance = get_object_or_404(spec.model, pk=pk) if pk is not None else None
    kwargs: dict[str, Any] = {}
    if issubclass(spec.form, django_forms.ModelForm):
        kwargs["instance"] = instance
    else:
        kwargs["initial"] = _initial(kind, instance)
    if kind == "action":
        kwargs["programme"] = programme
    form = spec.form(request.POST or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            _save_kind(request, kind, spec, programme, form, instance)  # type: ignore[arg-type]
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("roadmap:manage")
    return render(
        request,
        "roadmap/manage/edit.html",
        {"form": form, "kind_label": spec.label, "instance": instance},
        status=400 if request.method == "POST" else 200,
    )


@manage_required
def manage_freeze(request: HttpRequest) -> HttpResponse:
    """Freeze the current roadmap as a new version (baseline or re-plan)."""
    programme = _programme_or_404()
    form = forms.FreezeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.roadmap_freeze(actor=request.user, programme=programme, **form.cleaned_data)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The roadmap version has been frozen."))
            return redirect("roadmap:manage")
    return render(
        request,
        "roadmap/manage/edit.html",
        {"form": form, "kind_label": _("roadmap version"), "instance": None},
        status=400 if request.method == "POST" else 200,
    )
