"""Workshop pages: calendar, iCalendar feeds, a page per workshop, registration, history and the
analysis; and the programme team's back-office. Views stay thin."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from endavant.accounts.permissions import require_perm
from endavant.core.audiences import Audience
from endavant.core.csv import csv_streaming_response
from endavant.core.services import ApplicationError
from endavant.programmes.context import with_programme
from endavant.workshops import analysis, forms, ics, notices, selectors, services
from endavant.workshops.eligibility import audience_labels, registration_refusal
from endavant.workshops.models import Registration, Workshop
from endavant.workshops.services import Headcount


def _date(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw[:10]) if raw else None
    except ValueError:
        return None


def _filters(request: HttpRequest) -> tuple[selectors.WorkshopFilters, bool]:
    get = request.GET
    domain_raw = get.get("domaine", "")[:12]
    audience = get.get("public", "")[:30]
    fmt = get.get("format", "")[:12]
    commune = get.get("commune", "")[:5]
    start_raw, end_raw = get.get("du", ""), get.get("au", "")
    filters = selectors.WorkshopFilters(
        commune=commune if commune.isalnum() else "",
        audience=audience if audience in Audience.values else "",
        format=fmt if fmt in Workshop.Format.values else "",
        domain=int(domain_raw) if domain_raw.isdigit() else None,
        start=_date(start_raw),
        end=_date(end_raw),
    )
    understood = (
        (not audience or filters.audience)
        and (not fmt or filters.format)
        and (not domain_raw or filters.domain)
        and (not start_raw or filters.start)
        and (not end_raw or filters.end)
        and (not commune or filters.commune)
    )
    return filters, not understood


@require_GET
@with_programme
def workshop_list(request: HttpRequest, programme: Any) -> HttpResponse:
    """The calendar as a list, or by month (``?mois=2020-03``), with filters."""
    if programme is None:
        return render(request, "workshops/list.html", {"programme": None})
    filters, misunderstood = _filters(request)
    items = selectors.workshops(programme, filters)
    month = None
    month_raw = request.GET.get("mois", "")[:7]
    if month_raw:
        parsed = _date(month_raw + "-01")
        if parsed is not None:
            month = selectors.month_view(items, parsed.year, parsed.month)
        else:
            misunderstood = True
    query = request.GET.copy()
    query.pop("mois", None)
    today = timezone.localdate()
    return render(
        request,
        "workshops/list.html",
        {
            "programme": programme,
            "items": items if month is None else None,
            "month": month,
            "filters": filters,
            "misunderstood": misunderstood,
            "formats": Workshop.Format.choices,
            "audiences": Audience.choices,
            "domains": list(programme.domains.all()),
            "query": query.urlencode(),
            "this_month": f"{today:%Y-%m}",
        },
    )


@require_GET
@with_programme
def feed(request: HttpRequest, programme: Any) -> HttpResponse:
    """The workshops as an iCalendar feed (the same filters as the list)."""
    if programme is None:
        raise Http404
    filters, _misunderstood = _filters(request)
    body = ics.feed(selectors.workshops(programme, filters), notices.site_url())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="ateliers-{programme.slug}.ics"'
    return response


@require_GET
def workshop_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """One workshop as an .ics file (without the online link, which registrants get by e-mail)."""
    workshop = get_object_or_404(Workshop.objects.select_related("commune"), pk=pk)
    body = ics.feed([workshop], notices.site_url())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="atelier-{workshop.pk}.ics"'
    return response


@require_GET
def workshop_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A workshop: what, when, where, for whom, places left; registration; minutes and
    contributions once held."""
    try:
        detail = selectors.workshop_detail(pk, request.user)
    except Workshop.DoesNotExist as error:
        raise Http404 from error
    workshop = detail.workshop
    refusal = registration_refusal(request.user, workshop) if detail.mine is None else None
    places = []
    for mode in workshop.modes():
        capacity = workshop.capacity(mode)
        taken = detail.registered.get(mode, 0)
        places.append(
            {
                "mode": Registration.Mode(mode).label,
                "capacity": capacity,
                "left": None if capacity is None else max(capacity - taken, 0),
                "waiting": detail.waiting.get(mode, 0),
            }
        )
    return render(
        request,
        "workshops/detail.html",
        {
            "detail": detail,
            "workshop": workshop,
            "places": places,
            "refusal": refusal,
            "register_form": forms.RegisterForm(workshop=workshop),
            "contribution_form": forms.ContributionForm(workshop=workshop),
            "audience_labels": audience_labels(workshop),
            "can_contribute": request.user.is_authenticated
            and workshop.starts_at <= timezone.now(),
        },
    )


@require_POST
def register(request: HttpRequest, pk: int) -> HttpResponse:
    """Register oneself (no JavaScript: a plain form)."""
    workshop = get_object_or_404(Workshop, pk=pk)
    if not request.user.is_authenticated:
        return redirect_to_login(workshop.get_absolute_url())
    form = forms.RegisterForm(request.POST, workshop=workshop)
    if not form.is_valid():
        messages.error(request, _("Choose how you will take part."))
        return redirect(workshop)
    try:
        registration = services.registration_create(
            actor=request.user,
            workshop=workshop,
            participant=request.user,
            mode=form.cleaned_data["mode"],
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        if registration.status == Registration.Status.WAITING:
            messages.success(
                request,
                _("The workshop is full: you are on the waiting list. You will get an e-mail "
                  "if a place frees up."),
            )  # fmt: skip
        else:
            messages.success(
                request, _("You are registered. A confirmation with the invitation is on its way.")
            )
    return redirect(workshop)


@require_http_methods(["GET", "HEAD", "POST"])
@require_perm("workshops.register_others")
def register_resident(request: HttpRequest, pk: int) -> HttpResponse:
    """A digital mediator registers a resident they help, with the resident's consent."""
    from endavant.accounts.models import User

    workshop = get_object_or_404(Workshop, pk=pk)
    form = forms.RegisterForResidentForm(request.POST or None, workshop=workshop)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["email"]:
            resident = User.objects.filter(email__iexact=data["email"], is_active=True).first()
        else:
            resident = User.objects.filter(pk=data["number"], email__isnull=True).first()
        if resident is None or resident.pk == request.user.pk:
            form.add_error(None, _("No resident's account matches."))
        else:
            try:
                registration = services.registration_create(
                    actor=request.user,
                    workshop=workshop,
                    participant=resident,
                    mode=data["mode"],
                    consent=True,
                )
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                waiting = registration.status == Registration.Status.WAITING
                done = (
                    _("%(name)s is on the waiting list.")
                    if waiting
                    else _("%(name)s is registered.")
                )
                messages.success(request, done % {"name": str(resident)})
                return redirect("workshops:register_resident", workshop.pk)
    return render(
        request,
        "workshops/register_resident.html",
        {"workshop": workshop, "form": form},
        status=400 if request.method == "POST" and not form.is_valid() else 200,
    )


@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancel one's own registration."""
    workshop = get_object_or_404(Workshop, pk=pk)
    if not request.user.is_authenticated:
        return redirect_to_login(workshop.get_absolute_url())
    registration = (
        workshop.registrations.filter(participant=request.user)
        .exclude(status=Registration.Status.CANCELLED)
        .first()
    )
    if registration is None:
        messages.error(request, _("You are not registered for this workshop."))
    else:
        services.registration_cancel(actor=request.user, registration=registration)
        messages.success(request, _("Your registration is cancelled."))
    return redirect(workshop)


@require_http_methods(["GET", "HEAD", "POST"])
def cancel_by_link(request: HttpRequest, token: str) -> HttpResponse:
    """Cancel a registration from the link in the e-mail (confirmed by a button, so that a mail
    scanner following links cancels nothing)."""
    registration = (
        Registration.objects.select_related("workshop", "participant").filter(token=token).first()
    )
    if registration is None:
        raise Http404
    if request.method == "POST" and registration.status != Registration.Status.CANCELLED:
        services.registration_cancel(actor=registration.participant, registration=registration)
        messages.success(request, _("Your registration is cancelled."))
        return redirect(registration.workshop)
    return render(request, "workshops/cancel_by_link.html", {"registration": registration})


@require_POST
def contribute(request: HttpRequest, pk: int) -> HttpResponse:
    """A participant writes a contribution about a workshop that has started."""
    workshop = get_object_or_404(Workshop.objects.select_related("programme"), pk=pk)
    if not request.user.is_authenticated:
        return redirect_to_login(workshop.get_absolute_url())
    form = forms.ContributionForm(request.POST, workshop=workshop)
    if workshop.starts_at > timezone.now():
        messages.error(request, _("Contributions open when the workshop starts."))
    elif form.is_valid():
        try:
            services.contribution_add(
                actor=request.user,
                workshop=workshop,
                text=form.cleaned_data["text"],
                domain=form.cleaned_data["domain"],
                author=request.user,
                anonymous=form.cleaned_data["anonymous"],
                channel="web",
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Thank you: your contribution is published."))
    else:
        messages.error(request, _("Write your contribution (5,000 characters at most)."))
    return redirect(workshop)


@require_GET
def history(request: HttpRequest, pk: int) -> HttpResponse:
    """Every change of a workshop, with its reason."""
    workshop = get_object_or_404(Workshop, pk=pk)
    return render(
        request,
        "workshops/history.html",
        {"workshop": workshop, "changes": list(workshop.changes.all())},
    )


@require_perm("accounts.use_account")
def my_registrations(request: HttpRequest) -> HttpResponse:
    """The workshops one is registered for, with a way to cancel."""
    return render(
        request,
        "workshops/mine.html",
        {"registrations": selectors.my_registrations(request.user)},
    )


@require_GET
@with_programme
def analysis_page(request: HttpRequest, programme: Any) -> HttpResponse:
    """Frequency, content, target, format, geography and turnout of the workshops of a period
    (``?du=2018-01-01&au=2021-12-31``); ``?serie=<key>&format=csv`` downloads one table."""
    if programme is None:
        return render(request, "workshops/analysis.html", {"programme": None})
    start, end = _date(request.GET.get("du", "")), _date(request.GET.get("au", ""))
    result = analysis.workshop_analysis(programme, start, end)
    key = request.GET.get("serie", "")[:30]
    if request.GET.get("format") == "csv":
        chosen = next((s for s in result.series if s.key == key), None)
        if chosen is None:
            raise Http404
        return csv_streaming_response(  # type: ignore[return-value]
            f"ateliers-{chosen.key}-{programme.slug}.csv",
            [_("Label"), chosen.unit],
            chosen.rows,
        )
    return render(
        request,
        "workshops/analysis.html",
        {"programme": programme, "analysis": result, "period": request.GET.urlencode()},
    )


# --- Back-office ---------------------------------------------------------------------------

MANAGE = "workshops.manage_workshops"


@require_perm(MANAGE)
@with_programme
def manage(request: HttpRequest, programme: Any) -> HttpResponse:
    """The programme's workshops, and the notices that could not be sent."""
    if programme is None:
        return redirect("programmes:manage")
    return render(
        request,
        "workshops/manage/index.html",
        {
            "programme": programme,
            "items": selectors.workshops(programme, selectors.WorkshopFilters()),
            "failed": selectors.failed_notices(programme),
        },
    )


def _workshop_initial(workshop: Workshop) -> dict[str, Any]:
    return {
        "title": workshop.title,
        "description": workshop.description,
        "format": workshop.format,
        "commune": workshop.commune.code if workshop.commune else "",
        "place": workshop.place,
        "accessibility": workshop.accessibility,
        "online_url": workshop.online_url,
        "starts_at": timezone.localtime(workshop.starts_at),
        "ends_at": timezone.localtime(workshop.ends_at),
        "capacity_room": workshop.capacity_room,
        "capacity_online": workshop.capacity_online,
        "audiences": workshop.audiences,
        "agenda": workshop.agenda,
        "is_example": workshop.is_example,
        "organiser_name": workshop.organiser.name if workshop.organiser else "",
        "domains": list(workshop.domains.all()),
        "actions": list(workshop.actions.all()),
    }


@require_perm(MANAGE)
@with_programme
def manage_edit(request: HttpRequest, programme: Any, pk: int | None = None) -> HttpResponse:
    """Create a workshop, or edit it (time, place and format: through "change")."""
    if programme is None:
        return redirect("programmes:manage")
    workshop = get_object_or_404(Workshop, pk=pk, programme=programme) if pk else None
    form = forms.WorkshopForm(
        request.POST or None,
        initial=_workshop_initial(workshop) if workshop else None,
        programme=programme,
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.workshop_save(
                actor=request.user,
                workshop=workshop,
                **({"programme": programme} if workshop is None else {}),
                **form.cleaned_data,
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("workshops:manage_registrations", saved.pk)
    return render(
        request,
        "workshops/manage/edit.html",
        {"form": form, "workshop": workshop, "programme": programme},
        status=400 if request.method == "POST" else 200,
    )


@require_perm(MANAGE)
@with_programme
def manage_change(request: HttpRequest, programme: Any, pk: int) -> HttpResponse:
    """Move a workshop (online, another time or place) or cancel it, with a reason."""
    workshop = get_object_or_404(Workshop, pk=pk, programme=programme)
    initial = _workshop_initial(workshop)
    change_form = forms.ChangeForm(
        request.POST if request.POST.get("do") == "change" else None, initial=initial
    )
    cancel_form = forms.CancelForm(request.POST if request.POST.get("do") == "cancel" else None)
    if request.method == "POST":
        try:
            if request.POST.get("do") == "cancel" and cancel_form.is_valid():
                services.workshop_cancel(
                    actor=request.user, workshop=workshop, reason=cancel_form.cleaned_data["reason"]
                )
                messages.success(request, _("The workshop is cancelled; everyone is notified."))
                return redirect("workshops:manage")
            if request.POST.get("do") == "change" and change_form.is_valid():
                data = dict(change_form.cleaned_data)
                reason = data.pop("reason")
                services.workshop_change(
                    actor=request.user, workshop=workshop, reason=reason, **data
                )
                messages.success(request, _("The workshop is changed; everyone is notified."))
                return redirect("workshops:manage_registrations", workshop.pk)
        except ApplicationError as error:
            (cancel_form if request.POST.get("do") == "cancel" else change_form).add_error(
                None, error.message
            )
    return render(
        request,
        "workshops/manage/change.html",
        {"workshop": workshop, "change_form": change_form, "cancel_form": cancel_form},
        status=400 if request.method == "POST" else 200,
    )


#: Rows of the "came without registering" table: one per audience, commune and channel.
HEADCOUNT_ROWS = 12
ATTENDANCE_CHANNELS = {"workshop", "web"}


def _headcounts(request: HttpRequest) -> list[Headcount]:
    """The people who came without registering, row by row (audience, commune, channel)."""
    from endavant.territory.models import Commune
    from endavant.territory.selectors import commune_is_isolated

    counts = []
    for row in range(HEADCOUNT_ROWS):
        raw = request.POST.get(f"count-{row}", "").strip()[:7]
        if not raw:
            continue
        if not raw.isdigit():
            raise ApplicationError(_("Counts are whole numbers."), code="count")
        audience = request.POST.get(f"audience-{row}", "")[:30]
        channel = request.POST.get(f"channel-{row}", "workshop")[:20]
        if channel not in ATTENDANCE_CHANNELS:
            raise ApplicationError(_("Unknown channel."), code="channel")
        code = request.POST.get(f"commune-{row}", "").strip()[:5]
        commune = Commune.objects.filter(code=code).first() if code else None
        if code and commune is None:
            raise ApplicationError(_("Unknown INSEE code."), code="commune")
        counts.append(
            Headcount(
                audience=audience,
                count=int(raw),
                commune_code=code,
                commune_isolated=commune_is_isolated(commune) if commune else None,
                channel=channel,
            )
        )
    return counts


def _headcount_rows(workshop: Workshop) -> list[dict[str, Any]]:
    """What was recorded, then empty rows, up to ``HEADCOUNT_ROWS``."""
    rows: list[dict[str, Any]] = [
        {"audience": c.audience, "commune": c.commune_code, "channel": c.channel, "count": c.count}
        for c in workshop.attendance_counts.all()[:HEADCOUNT_ROWS]
    ]
    while len(rows) < HEADCOUNT_ROWS:
        rows.append({"audience": "", "commune": "", "channel": "workshop", "count": ""})
    return rows


@require_perm(MANAGE)
@with_programme
def manage_registrations(request: HttpRequest, programme: Any, pk: int) -> HttpResponse:
    """Registrations, waiting list and attendance of a workshop; its minutes and contributions."""
    workshop = get_object_or_404(Workshop, pk=pk, programme=programme)
    error = None
    if request.method == "POST":
        action = request.POST.get("do", "")
        try:
            if action == "attendance":
                attended = [
                    int(v) for v in request.POST.getlist("attended")[:10_000] if v.isdigit()
                ]
                services.attendance_record(
                    actor=request.user,
                    workshop=workshop,
                    attended=attended,
                    headcounts=_headcounts(request),
                )
                messages.success(request, _("Attendance recorded."))
            elif action == "minutes":
                minutes_form = forms.MinutesForm(request.POST, request.FILES)
                if not minutes_form.is_valid():
                    raise ApplicationError(_("Write the summary."), code="invalid")
                services.minutes_save(
                    actor=request.user,
                    workshop=workshop,
                    summary=minutes_form.cleaned_data["summary"],
                    decisions=minutes_form.cleaned_data["decisions"],
                    attachment=minutes_form.cleaned_data["attachment"],
                )
                messages.success(request, _("Minutes saved."))
            elif action == "contribution":
                contribution_form = forms.ContributionForm(request.POST, workshop=workshop)
                if not contribution_form.is_valid():
                    raise ApplicationError(_("Write the contribution."), code="invalid")
                services.contribution_add(
                    actor=request.user,
                    workshop=workshop,
                    text=contribution_form.cleaned_data["text"],
                    domain=contribution_form.cleaned_data["domain"],
                    channel=request.POST.get("channel", "workshop")[:20]
                    if request.POST.get("channel") in ("workshop", "paper", "web")
                    else "workshop",
                )
                messages.success(request, _("Contribution recorded."))
            elif action == "link":
                link_form = forms.LinkActionForm(request.POST, workshop=workshop)
                if not link_form.is_valid():
                    raise ApplicationError(_("Choose an action."), code="invalid")
                contribution = get_object_or_404(
                    workshop.contributions, pk=link_form.cleaned_data["contribution"]
                )
                services.contribution_link_action(
                    actor=request.user,
                    contribution=contribution,
                    action=link_form.cleaned_data["action"],
                )
                messages.success(request, _("The contribution is linked to the action."))
            else:
                raise ApplicationError(_("Unknown request."), code="invalid")
        except ApplicationError as failure:
            error = failure.message
        else:
            return redirect("workshops:manage_registrations", workshop.pk)
    detail = selectors.workshop_detail(workshop.pk, request.user)
    minutes = getattr(workshop, "minutes", None)
    return render(
        request,
        "workshops/manage/registrations.html",
        {
            "workshop": workshop,
            "detail": detail,
            "registrations": selectors.registrations_for_team(workshop),
            "headcount_rows": _headcount_rows(workshop),
            "audiences": Audience.choices,
            "totals": selectors.attendance_totals(workshop),
            "minutes_form": forms.MinutesForm(
                initial={"summary": minutes.summary, "decisions": minutes.decisions}
                if minutes
                else None
            ),
            "contribution_form": forms.ContributionForm(workshop=workshop),
            "link_form": forms.LinkActionForm(workshop=workshop),
            "error": error,
        },
        status=400 if error else 200,
    )
