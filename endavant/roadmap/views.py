"""Public roadmap and ballot pages, and the programme team's back-office. Views stay thin."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from endavant.core import registry
from endavant.core.services import ApplicationError
from endavant.programmes.context import with_programme
from endavant.roadmap import display, forms, selectors, services
from endavant.roadmap.models import (
    Action,
    Commitment,
    Competency,
    FunctionalDomain,
    Milestone,
    Orientation,
)


def _id_filter(raw: str) -> str:
    """An id filter as given, or empty when it is not a number (the page says so)."""
    return raw if raw.isdigit() and len(raw) < 12 else ""


# --- Public pages --------------------------------------------------------------------------


@require_safe
@with_programme
def roadmap_index(request: HttpRequest, programme: Any) -> HttpResponse:
    """The public accountability view: progress by orientation, filters, bottom-up share."""
    context: dict[str, Any] = {"programme": programme, "statuses": Action.Status.choices}
    if programme is not None:
        given = {
            k: request.GET.get(k, "").strip()[:50]
            for k in ("orientation", "domain", "commune", "status")
        }
        filters = dict(given)
        filters["orientation"] = _id_filter(given["orientation"])
        filters["domain"] = _id_filter(given["domain"])
        if given["status"] and given["status"] not in Action.Status.values:
            filters["status"] = ""
        if filters != given:
            context["filter_notice"] = _(
                "A filter was not understood and has been left out: the list is not filtered by it."
            )
        context.update(
            filters=filters,
            progress=selectors.roadmap_overview(programme, filters),
            share=selectors.origin_balance(programme),
            orientations=list(programme.orientations.all()),
            domains=list(programme.domains.select_related("competency")),
            versions=selectors.versions(programme),
        )
    return render(request, "roadmap/index.html", context)


@require_safe
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One action: target, realisation, milestones, commitments and origins."""
    try:
        action = selectors.action_detail(pk)
    except Action.DoesNotExist as error:
        raise Http404 from error
    # Later modules say what they realised for the action (links, orders...) through the
    # ACTION_SECTIONS registry, as for the home and commune pages.
    sections = registry.sections("ACTION_SECTIONS", request, action)
    return render(request, "roadmap/action.html", {"action": action, "sections": sections})


@require_safe
@with_programme
def versions(request: HttpRequest, programme: Any) -> HttpResponse:
    """Prescribed vs realised between two frozen versions (``?de=1&a=2``)."""
    all_versions = selectors.versions(programme) if programme else []
    comparison = None
    try:
        first = int(request.GET.get("de", "")[:9] or 0)
        second = int(request.GET.get("a", "")[:9] or 0)
    except ValueError:
        first = second = 0
    if not first and len(all_versions) >= 2:
        first, second = all_versions[0].number, all_versions[-1].number
    rows: list[tuple[Any, list[str]]] = []
    if programme and first and second:
        comparison = selectors.version_comparison(programme, first, second)
        if comparison is not None:
            rows = [
                (row, [display.change_text(change) for change in row.changes])
                for row in comparison[2].rows
            ]
    return render(
        request,
        "roadmap/versions.html",
        {
            "programme": programme,
            "versions": all_versions,
            "first": first,
            "second": second,
            "comparison": comparison,
            "rows": rows,
        },
    )


@require_safe
@with_programme
def commitments(request: HttpRequest, programme: Any) -> HttpResponse:
    """The explicit political commitments and the actions that honour them."""
    items = selectors.commitments(programme) if programme else []
    return render(request, "roadmap/commitments.html", {"programme": programme, "items": items})


@require_safe
@with_programme
def domains(request: HttpRequest, programme: Any) -> HttpResponse:
    """The département's competencies and the programme's functional domains, with the latest
    priority each domain received in a ballot."""
    items = selectors.competencies_with_domains(programme) if programme else []
    return render(request, "roadmap/domains.html", {"programme": programme, "items": items})


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


@require_safe
@manage_required
@with_programme
def manage(request: HttpRequest, programme: Any) -> HttpResponse:
    """The programme team's dashboard."""
    context: dict[str, Any] = {"programme": programme}
    if programme is not None:
        context.update(
            orientations=list(programme.orientations.prefetch_related("actions")),
            domains=list(programme.domains.select_related("competency")),
            competencies=list(Competency.objects.all()),
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
    #: The page title for a new one, whole (French agrees "Nouvelle action", "Nouveau jalon").
    new_title: Any = ""


KINDS: dict[str, Kind] = {
    "competence": Kind(
        gettext_lazy("competency"),
        Competency,
        forms.CompetencyForm,
        services.competency_save,
        "competency",
        gettext_lazy("New competency"),
    ),
    "domaine": Kind(
        gettext_lazy("functional domain"),
        FunctionalDomain,
        forms.DomainForm,
        services.domain_save,
        "domain",
        gettext_lazy("New functional domain"),
    ),
    "orientation": Kind(
        gettext_lazy("orientation"),
        Orientation,
        forms.OrientationForm,
        services.orientation_save,
        "orientation",
        gettext_lazy("New orientation"),
    ),
    "action": Kind(
        gettext_lazy("action"),
        Action,
        forms.ActionForm,
        services.action_save,
        "action",
        gettext_lazy("New action"),
    ),
    "jalon": Kind(
        gettext_lazy("milestone"),
        Milestone,
        forms.MilestoneForm,
        services.milestone_save,
        "milestone",
        gettext_lazy("New milestone"),
    ),
    "engagement": Kind(
        gettext_lazy("commitment"),
        Commitment,
        forms.CommitmentForm,
        services.commitment_save,
        "commitment",
        gettext_lazy("New commitment"),
    ),
    "origine": Kind(
        gettext_lazy("origin"), Action, forms.OriginForm, None, "", gettext_lazy("New origin")
    ),
}

#: Back-office kinds that moved to their own app: old addresses redirect there for good.
MOVED = {"scrutin": "ballots:manage", "programme": "programmes:manage"}


def _save_kind(
    request: HttpRequest, kind: str, spec: Kind, programme: Any, form: Any, instance: Any
) -> Any:
    data = dict(form.cleaned_data)
    if kind == "origine":
        ballot = data.pop("ballot")
        return services.action_origin_add(actor=request.user, source=ballot, **data)
    if kind == "action":
        data["communes"] = data.pop("commune_codes")
    if kind == "engagement":
        data["actions"] = list(data.pop("actions"))
    if kind in ("domaine", "orientation", "engagement"):
        data["programme"] = programme
    assert spec.save is not None
    return spec.save(actor=request.user, **{spec.instance_arg: instance}, **data)


def _instance(kind: str, spec: Kind, programme: Any, pk: int) -> models.Model:
    """The object to edit, only within the request's programme (competencies are shared)."""
    scoped = {
        "domaine": {"programme": programme},
        "orientation": {"programme": programme},
        "engagement": {"programme": programme},
        "action": {"orientation__programme": programme},
        "jalon": {"action__orientation__programme": programme},
    }
    return get_object_or_404(spec.model, pk=pk, **scoped.get(kind, {}))


@manage_required
@with_programme
def manage_edit(
    request: HttpRequest, kind: str, programme: Any, pk: int | None = None
) -> HttpResponse:
    """Create or edit one back-office object through its service."""
    if kind in MOVED:
        return redirect(MOVED[kind], permanent=True)
    spec = KINDS.get(kind)
    if spec is None or (kind == "origine" and pk is not None):
        raise Http404
    if programme is None and kind != "competence":
        messages.error(request, _("Create a programme first."))
        return redirect("programmes:manage")
    instance = _instance(kind, spec, programme, pk) if pk is not None else None
    kwargs: dict[str, Any] = {}
    if issubclass(spec.form, django_forms.ModelForm):
        kwargs["instance"] = instance
    if kind in ("action", "jalon", "origine"):
        kwargs["programme"] = programme
    form = spec.form(request.POST or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            _save_kind(request, kind, spec, programme, form, instance)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("roadmap:manage")
    return render(
        request,
        "roadmap/manage/edit.html",
        {
            "form": form,
            "kind_label": spec.label,
            "new_title": spec.new_title,
            "instance": instance,
        },
        status=400 if request.method == "POST" else 200,
    )


@manage_required
@with_programme
def manage_freeze(request: HttpRequest, programme: Any) -> HttpResponse:
    """Freeze the current roadmap as a new version (baseline or re-plan)."""
    if programme is None:
        raise Http404
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
