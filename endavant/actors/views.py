"""The public directory (/acteurs/) and its back-office (/gestion/acteurs/)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from endavant.accounts.permissions import require_perm
from endavant.actors import csv_import, forms, selectors, services
from endavant.actors.models import Membership, Organisation, Person
from endavant.core.csv import csv_streaming_response
from endavant.core.services import ApplicationError

PAGE_SIZE = 25


def _filters(request: HttpRequest) -> tuple[forms.DirectoryFilterForm, selectors.DirectoryFilters]:
    form = forms.DirectoryFilterForm(
        request.GET or None, options=selectors.directory_filter_options()
    )
    filters = selectors.DirectoryFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.DirectoryFilters(
            q=data["q"],
            commune=data["commune"],
            intercommunality=data["intercommunality"],
            isolation=data["isolation"],
            kind=data["kind"],
            role=data["role"],
            tag=data["tag"],
        )
    return form, filters


def _filtered(request: HttpRequest) -> tuple[forms.DirectoryFilterForm, Any]:
    form, filters = _filters(request)
    return form, selectors.public_directory(filters)


@require_safe
def directory(request: HttpRequest) -> HttpResponse:
    """The public directory: organisations and public roles, filtered and paginated."""
    form, organisations = _filtered(request)
    page = Paginator(organisations, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "actors/directory.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@require_safe
def directory_csv(request: HttpRequest) -> HttpResponseBase:
    """The same filtered list as /acteurs/ (every page), as CSV with the columns shown."""
    filters = _filters(request)[1]
    header = [
        _("Name"),
        _("Kind"),
        _("SIREN"),
        _("Communes served"),
        _("Public roles"),
        _("Competencies"),
        _("Expectations"),
        _("Fictional example"),
    ]
    kinds = dict(Organisation.Kind.choices)
    roles = dict(Membership.Role.choices)
    rows = (
        [
            row.name,
            kinds.get(row.kind, row.kind),
            row.siren,
            ", ".join(row.communes),
            ", ".join(f"{roles.get(role, role)}: {name}" for role, name in row.public_roles),
            ", ".join(row.competencies),
            ", ".join(row.expectations),
            _("yes") if row.is_fictional else "",
        ]
        for row in selectors.directory_rows(filters)
    )
    # Semicolons: what spreadsheets set to French expect, and the cells hold commas.
    return csv_streaming_response("acteurs.csv", header, rows, delimiter=";")


@require_safe
def organisation(request: HttpRequest, pk: int) -> HttpResponse:
    """An organisation: description, communes served, public roles (all roles and contact
    details for authorised staff)."""
    with_private = request.user.has_perm("actors.view_contact_details")
    try:
        org = selectors.organisation_detail(pk, with_private=with_private)
    except Organisation.DoesNotExist as error:
        raise Http404 from error
    return render(request, "actors/organisation.html", {"org": org, "with_private": with_private})


# Back-office -----------------------------------------------------------------------------------


@require_safe
@require_perm("actors.manage_directory")
def manage(request: HttpRequest) -> HttpResponse:
    """The people of the directory, with contact details, for the programme team."""
    q = request.GET.get("q", "").strip()
    page = Paginator(selectors.people_for_staff(q), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "actors/manage/index.html", {"page": page, "q": q, "query": f"q={q}" if q else ""}
    )


def _actor(request: HttpRequest) -> Any:
    return request.user


@require_perm("actors.manage_directory")
def organisation_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Create or change an organisation."""
    org = get_object_or_404(Organisation, pk=pk) if pk else None
    initial = {}
    if org is not None:
        initial = {
            "name": org.name,
            "kind": org.kind,
            "siren": org.siren,
            "communes_served": list(org.communes_served.all()),
            "description": org.description,
            "website": org.website,
            "competencies": [t.name for t in org.competencies.all()],
            "expectations": [t.name for t in org.expectations.all()],
            "competencies_text": org.competencies_text,
            "expectations_text": org.expectations_text,
            "is_fictional": org.is_fictional,
        }
    form = forms.OrganisationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            org = services.organisation_save(
                actor=_actor(request), organisation=org, **form.cleaned_data
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The organisation is saved."))
            return redirect(org.get_absolute_url())
    return render(request, "actors/manage/organisation_form.html", {"form": form, "org": org})


@require_perm("actors.manage_directory")
def person_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Create or change a person; on an existing person, list and add memberships."""
    person = get_object_or_404(Person, pk=pk) if pk else None
    initial = {}
    if person is not None:
        initial = {
            "full_name": person.full_name,
            "email": person.email,
            "phone": person.phone,
            "home_commune": person.home_commune,
            "competencies": [t.name for t in person.competencies.all()],
            "expectations": [t.name for t in person.expectations.all()],
            "competencies_text": person.competencies_text,
            "expectations_text": person.expectations_text,
            "is_fictional": person.is_fictional,
        }
    form = forms.PersonForm(request.POST or None, initial=initial, prefix="person")
    if request.method == "POST" and form.is_valid():
        person = services.person_save(actor=_actor(request), person=person, **form.cleaned_data)
        messages.success(request, _("The person is saved."))
        return redirect("actors:person_edit", pk=person.pk)
    memberships = (
        person.memberships.select_related("organisation").order_by("start_date", "pk")
        if person
        else []
    )
    return render(
        request,
        "actors/manage/person_form.html",
        {
            "form": form,
            "person": person,
            "memberships": memberships,
            "membership_form": forms.MembershipForm(prefix="membership"),
            "today": timezone.localdate(),
        },
    )


@require_perm("actors.manage_directory")
def membership_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a role to a person (POST from the person's page)."""
    person = get_object_or_404(Person, pk=pk)
    form = forms.MembershipForm(request.POST or None, prefix="membership")
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_add(actor=_actor(request), person=person, **form.cleaned_data)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The role is added."))
            return redirect("actors:person_edit", pk=person.pk)
    return render(request, "actors/manage/membership_form.html", {"form": form, "person": person})


@require_POST
@require_perm("actors.manage_directory")
def membership_end(request: HttpRequest, pk: int) -> HttpResponse:
    """End a membership today, keeping it for history (POST from the person's page)."""
    membership = get_object_or_404(Membership, pk=pk)
    try:
        services.membership_end(
            actor=_actor(request), membership=membership, end_date=timezone.localdate()
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The role is ended."))
    return redirect("actors:person_edit", pk=membership.person_id)


@require_perm("actors.import_directory")
def import_csv(request: HttpRequest) -> HttpResponse:
    """Import organisations from a CSV file; show the validation report."""
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        text = csv_import.decode(form.cleaned_data["file"].read())
        report = csv_import.directory_import(
            actor=_actor(request), text=text, only_valid=form.cleaned_data["only_valid"]
        )
        if report.imported:
            messages.success(
                request,
                _("%(count)s organisation(s) imported.") % {"count": report.imported},
            )
    return render(
        request,
        "actors/manage/import.html",
        {"form": form, "report": report, "columns": csv_import.COLUMNS},
    )
