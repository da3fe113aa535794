"""Pages of the calls for projects: the calls, the projects with their comments and supports,
submission, the jury's page, and the programme team's back-office with the fund ledger. Views
stay thin: the services own the rules."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from endavant.accounts.models import User
from endavant.accounts.permissions import require_perm
from endavant.calls import forms, selectors, services
from endavant.calls.eligibility import holder_labels, submission_refusal, support_refusal
from endavant.calls.models import Call, Comment, Project
from endavant.core.csv import csv_streaming_response
from endavant.core.services import ApplicationError
from endavant.programmes.context import with_programme


@require_GET
@with_programme
def call_list(request: HttpRequest, programme: Any) -> HttpResponse:
    """The programme's calls for projects."""
    items = selectors.calls(programme) if programme is not None else []
    return render(request, "calls/list.html", {"programme": programme, "items": items})


@require_GET
def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A call: rules, phases, criteria, projects, results."""
    call = get_object_or_404(Call.objects.select_related("programme", "ballot"), pk=pk)
    return render(
        request,
        "calls/detail.html",
        {
            "call": call,
            "phase": call.phase(),
            "holder_labels": holder_labels(call),
            "criteria": list(call.criteria.all()),
            "projects": list(selectors.public_projects(call)[: selectors.PAGE_LIMIT]),
            "results": selectors.results(call),
            "comparison": selectors.rule_comparison(call),
            "mine": selectors.my_projects(call, request.user),
            "refusal": submission_refusal(request.user, call),
        },
    )


def _project_fields(data: dict[str, Any]) -> tuple[dict[str, Any], list[Any], Any]:
    fields = dict(data)
    communes = fields.pop("communes", [])
    attachment = fields.pop("attachment", None)
    return fields, communes, attachment


@require_http_methods(["GET", "HEAD", "POST"])
def project_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Start a project (a draft, submitted later); a mediator may act for a resident."""
    call = get_object_or_404(Call.objects.select_related("programme"), pk=pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    form = forms.ProjectForm(request.POST or None, request.FILES or None, call=call)
    behalf = forms.OnBehalfForm(request.POST or None)
    is_mediator = request.user.has_perm("calls.submit_for_others")
    if request.method == "POST" and form.is_valid() and behalf.is_valid():
        fields, communes, attachment = _project_fields(form.cleaned_data)
        holder: Any = request.user
        email = behalf.cleaned_data.get("holder_email") if is_mediator else ""
        number = behalf.cleaned_data.get("holder_number") if is_mediator else None
        try:
            if email:
                holder = User.objects.filter(email__iexact=email).first()
                if holder is None:
                    raise ApplicationError(_("No account has this e-mail."), code="holder")
            elif number:
                # Residents registered by a mediator have no e-mail: they are found by number.
                holder = User.objects.filter(pk=number, email__isnull=True, is_active=True).first()
                if holder is None:
                    raise ApplicationError(
                        _("No resident registered without e-mail has this number."),
                        code="holder",
                    )
            project = services.project_save(
                actor=request.user,
                call=call,
                holder=holder,
                communes=communes,
                consent=bool(behalf.cleaned_data.get("consent")),
                **fields,
            )
            if attachment is not None:
                services.attachment_add(actor=request.user, project=project, upload=attachment)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Draft saved. Submit it before the deadline."))
            return redirect("calls:project_edit", project.pk)
    return render(
        request,
        "calls/project_form.html",
        {"call": call, "form": form, "behalf": behalf if is_mediator else None, "project": None},
        status=400 if request.method == "POST" else 200,
    )


def _own_project(request: HttpRequest, pk: int) -> Project:
    project = get_object_or_404(Project.objects.select_related("call__programme"), pk=pk)
    if not services.is_own_project(request.user, project):
        raise Http404
    return project


@require_http_methods(["GET", "HEAD", "POST"])
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The holder edits their project (and adds files) until the deadline."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    project = _own_project(request, pk)
    call = project.call
    initial = {
        "holder_kind": project.holder_kind,
        "holder_name": project.holder_name,
        "title": project.title,
        "summary": project.summary,
        "description": project.description,
        "communes": " ".join(c.code for c in project.communes.all()),
        "domain": project.domain,
        "requested_amount": project.requested_amount,
        "partners": project.partners,
    }
    form = forms.ProjectForm(
        request.POST or None, request.FILES or None, call=call, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        fields, communes, attachment = _project_fields(form.cleaned_data)
        try:
            services.project_save(
                actor=request.user, call=call, project=project, communes=communes, **fields
            )
            if attachment is not None:
                services.attachment_add(actor=request.user, project=project, upload=attachment)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("calls:project_edit", project.pk)
    return render(
        request,
        "calls/project_form.html",
        {
            "call": call,
            "form": form,
            "project": project,
            "attachments": list(project.attachments.all()),
            "open": call.submission_open(),
        },
        status=400 if request.method == "POST" else 200,
    )


def _post_on_project(request: HttpRequest, pk: int, act: Any, done: str) -> HttpResponse:
    project = get_object_or_404(Project, pk=pk)
    if not request.user.is_authenticated:
        return redirect_to_login(project.get_absolute_url())
    try:
        act(project)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    if project.status == Project.Status.DRAFT and services.is_own_project(request.user, project):
        project.refresh_from_db()
        if project.status == Project.Status.DRAFT:
            return redirect("calls:project_edit", project.pk)
    return redirect(project)


@require_POST
def project_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _post_on_project(
        request,
        pk,
        lambda p: services.project_submit(actor=request.user, project=p),
        _("Your project is submitted."),
    )


@require_POST
def project_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _post_on_project(
        request,
        pk,
        lambda p: services.project_withdraw(
            actor=request.user, project=p, reason=request.POST.get("reason", "")[:2000]
        ),
        _("Your project is withdrawn."),
    )


@require_POST
def support(request: HttpRequest, pk: int) -> HttpResponse:
    """Support a project (one per person)."""
    return _post_on_project(
        request,
        pk,
        lambda p: services.support_add(actor=request.user, project=p),
        _("Thank you: your support is counted."),
    )


@require_POST
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish a comment or a reply."""
    form = forms.CommentForm(request.POST)

    def act(project: Project) -> None:
        if not form.is_valid():
            raise ApplicationError(_("Write your comment (3,000 characters at most)."))
        parent_id = form.cleaned_data.get("parent")
        parent = project.comments.filter(pk=parent_id).first() if parent_id else None
        if parent_id and parent is None:
            raise ApplicationError(_("This reply belongs to another project."), code="parent")
        services.comment_add(
            actor=request.user, project=project, text=form.cleaned_data["text"], parent=parent
        )

    return _post_on_project(request, pk, act, _("Your comment is published."))


def _post_on_comment(request: HttpRequest, pk: int, act: Any, done: str) -> HttpResponse:
    comment = get_object_or_404(Comment.objects.select_related("project"), pk=pk)
    if not request.user.is_authenticated:
        return redirect_to_login(comment.get_absolute_url())
    form = forms.ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise ApplicationError(_("Give a reason (2,000 characters at most)."))
        act(comment, form.cleaned_data["reason"])
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect(comment.get_absolute_url())


@require_POST
def report(request: HttpRequest, pk: int) -> HttpResponse:
    return _post_on_comment(
        request,
        pk,
        lambda c, r: services.comment_report(actor=request.user, comment=c, reason=r),
        _("Thank you: the moderators will look at this comment."),
    )


@require_POST
def appeal(request: HttpRequest, pk: int) -> HttpResponse:
    return _post_on_comment(
        request,
        pk,
        lambda c, r: services.comment_appeal(actor=request.user, comment=c, text=r),
        _("Your appeal is recorded: a moderator will decide."),
    )


@require_GET
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A project's public page: what, where, how much, supports, comments, decision and what it
    became."""
    try:
        detail = selectors.project_detail(pk, request.user)
    except Project.DoesNotExist as error:
        raise Http404 from error
    project = detail.project
    call = project.call
    return render(
        request,
        "calls/project.html",
        {
            "detail": detail,
            "project": project,
            "call": call,
            "refusal": None if detail.mine else support_refusal(request.user, project),
            "comment_form": forms.CommentForm(),
            "is_holder": services.is_own_project(request.user, project),
            "ledger": services.ledger_totals(call, project)
            if project.decision == Project.Decision.SELECTED
            else None,
        },
    )


# --- Jury ----------------------------------------------------------------------------------


@require_perm("calls.score")
@require_http_methods(["GET", "HEAD", "POST"])
def jury(request: HttpRequest, pk: int) -> HttpResponse:
    """A jury member declares conflicts and scores each project on each criterion."""
    call = get_object_or_404(Call, pk=pk)
    error = ""
    if request.method == "POST":
        project = get_object_or_404(call.projects, pk=_int(request.POST.get("project")))
        try:
            if request.POST.get("action") == "conflict":
                services.conflict_declare(
                    actor=request.user, project=project, reason=request.POST.get("reason", "")[:500]
                )
            else:
                scores = {}
                for criterion in call.criteria.all():
                    raw = request.POST.get(f"score-{criterion.pk}", "").strip()
                    if not raw:
                        continue
                    value = _int(raw)
                    if value is None:
                        raise ApplicationError(_("A score is between 0 and 10."), code="value")
                    comment = request.POST.get(f"comment-{criterion.pk}", "")[:2000]
                    scores[criterion.pk] = (value, comment)
                services.score_record(actor=request.user, project=project, scores=scores)
        except ApplicationError as failure:
            error = failure.message
        else:
            messages.success(request, _("Recorded."))
            return redirect("calls:jury", call.pk)
    page = selectors.jury_page(call, request.user)
    criteria = list(call.criteria.all())
    rows = [
        {
            "project": p,
            "conflict": p.pk in page.conflicts,
            "scores": [(c, page.mine.get((p.pk, c.pk))) for c in criteria],
        }
        for p in page.projects
    ]
    return render(
        request,
        "calls/jury.html",
        {"call": call, "page": page, "rows": rows, "error": error},
        status=400 if error else 200,
    )


def _int(raw: Any) -> int | None:
    text = str(raw or "").strip()
    return int(text) if text.isdigit() and len(text) < 10 else None


# --- Back-office ---------------------------------------------------------------------------

MANAGE = "calls.manage_calls"


@require_perm(MANAGE)
@with_programme
def manage(request: HttpRequest, programme: Any) -> HttpResponse:
    if programme is None:
        return redirect("programmes:manage")
    return render(
        request,
        "calls/manage/index.html",
        {"programme": programme, "items": selectors.calls(programme)},
    )


def _call_initial(call: Call) -> dict[str, Any]:
    names = list(forms.CallForm.base_fields)
    initial = {name: getattr(call, name) for name in names}
    for name in ("submission_opens_at", "submission_closes_at", "participation_opens_at",
                 "participation_closes_at", "jury_closes_at"):  # fmt: skip
        initial[name] = timezone.localtime(initial[name])
    return initial


@require_perm(MANAGE)
@with_programme
def manage_edit(request: HttpRequest, programme: Any, pk: int | None = None) -> HttpResponse:
    """Create or edit a call."""
    if programme is None:
        return redirect("programmes:manage")
    call = get_object_or_404(Call, pk=pk, programme=programme) if pk else None
    form = forms.CallForm(request.POST or None, initial=_call_initial(call) if call else None)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.call_save(
                actor=request.user,
                call=call,
                **({"programme": programme} if call is None else {}),
                **form.cleaned_data,
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("calls:manage_call", saved.pk)
    return render(
        request,
        "calls/manage/edit.html",
        {"form": form, "call": call, "programme": programme},
        status=400 if request.method == "POST" else 200,
    )


def _manage_post(request: HttpRequest, call: Call) -> str:
    action = request.POST.get("action", "")
    post = request.POST
    if action == "criterion":
        form = forms.CriterionForm(post)
        if not form.is_valid():
            raise ApplicationError(_("Name the criterion and give its weight."))
        services.criterion_save(actor=request.user, call=call, **form.cleaned_data)
        return _("Criterion added.")
    if action == "juror":
        member = User.objects.filter(email__iexact=post.get("email", "")[:254]).first()
        if member is None:
            raise ApplicationError(_("No account has this e-mail."), code="member")
        services.jury_member_add(actor=request.user, call=call, member=member)
        return _("Jury member added.")
    if action == "decide":
        decision = forms.DecisionForm(post)
        if not decision.is_valid():
            raise ApplicationError(_("Choose a decision and give its reason."))
        project = get_object_or_404(call.projects, pk=decision.cleaned_data["project"])
        services.project_decide(
            actor=request.user,
            project=project,
            decision=decision.cleaned_data["decision"],
            reason=decision.cleaned_data["reason"],
        )
        return _("Decision recorded.")
    if action == "realisation":
        realisation = forms.RealisationForm(post, call=call)
        if not realisation.is_valid():
            raise ApplicationError(_("Choose the state of realisation."))
        project = get_object_or_404(call.projects, pk=realisation.cleaned_data["project"])
        services.project_realisation_update(
            actor=request.user,
            project=project,
            realisation=realisation.cleaned_data["realisation"],
            note=realisation.cleaned_data["note"],
        )
        if realisation.cleaned_data["roadmap_action"] is not None:
            services.project_link_action(
                actor=request.user,
                project=project,
                action=realisation.cleaned_data["roadmap_action"],
            )
        return _("Realisation recorded.")
    if action == "allocate":
        services.allocation_run(actor=request.user, call=call)
        return _("Allocation computed.")
    if action == "ballot":
        services.call_ballot_open(actor=request.user, call=call)
        return _("The ballot is open.")
    if action == "paper":
        voter = User.objects.filter(email__iexact=post.get("email", "")[:254]).first()
        if voter is None:
            raise ApplicationError(_("No account has this e-mail."), code="voter")
        ids = [i for i in (_int(v) for v in post.getlist("projects")[:200]) if i]
        services.paper_vote_enter(
            actor=request.user,
            call=call,
            voter=voter,
            projects=list(call.projects.filter(pk__in=ids)),
        )
        return _("Paper ballot entered.")
    raise ApplicationError(_("Unknown request."), code="invalid")


@require_perm(MANAGE)
@require_http_methods(["GET", "HEAD", "POST"])
def manage_call(request: HttpRequest, pk: int) -> HttpResponse:
    """Criteria, jury, decisions, allocation, ballot and realisation of one call."""
    call = get_object_or_404(Call.objects.select_related("programme", "ballot"), pk=pk)
    error = ""
    if request.method == "POST":
        try:
            done = _manage_post(request, call)
        except ApplicationError as failure:
            error = failure.message
        else:
            messages.success(request, done)
            return redirect("calls:manage_call", call.pk)
    summary = selectors.jury_summary(call)
    projects = list(
        call.projects.filter(status=Project.Status.SUBMITTED)
        .prefetch_related("conflicts")
        .order_by("pk")[: selectors.PAGE_LIMIT]
    )
    return render(
        request,
        "calls/manage/call.html",
        {
            "call": call,
            "criteria": list(call.criteria.all()),
            "jury": list(call.jury.select_related("member")),
            "rows": [(p, summary.get(p.pk)) for p in projects],
            "results": selectors.results(call),
            "decision_choices": forms.DecisionForm.base_fields["decision"].choices,  # type: ignore[attr-defined]
            "realisation_form": forms.RealisationForm(call=call),
            "error": error,
        },
        status=400 if error else 200,
    )


@require_perm(MANAGE)
@require_http_methods(["GET", "HEAD", "POST"])
def ledger(request: HttpRequest, pk: int) -> HttpResponse:
    """The support fund of a call: committed, paid, remaining; entries with their evidence."""
    call = get_object_or_404(Call, pk=pk)
    form = forms.LedgerForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        project = call.projects.filter(pk=data.pop("project")).first()
        try:
            if project is None:
                raise ApplicationError(_("This project is not in this call."), code="project")
            services.ledger_record(actor=request.user, project=project, **data)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Entry recorded."))
            return redirect("calls:ledger", call.pk)
    return render(
        request,
        "calls/manage/ledger.html",
        {
            "call": call,
            "form": form,
            "totals": services.ledger_totals(call),
            "lines": selectors.ledger_lines(call),
            "entries": list(call.ledger.select_related("project").order_by("-on", "-pk")[:200]),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_perm(MANAGE)
@require_GET
def ledger_csv(request: HttpRequest, pk: int) -> Any:
    """Every entry of the fund as CSV, for finance."""
    call = get_object_or_404(Call, pk=pk)
    header = [_("Entry"), _("Date"), _("Kind"), _("Project number"), _("Project"),
              _("Amount (€)"), _("Evidence"), _("Evidence (address)"), _("Note"),
              _("Recorded at")]  # fmt: skip
    return csv_streaming_response(
        f"fonds-appel-{call.pk}.csv", header, selectors.ledger_csv_rows(call)
    )


@require_perm("calls.moderate")
@require_http_methods(["GET", "HEAD", "POST"])
def moderation(request: HttpRequest) -> HttpResponse:
    """Reported comments and pending appeals; each decision with its reason."""
    error = ""
    if request.method == "POST":
        comment = get_object_or_404(Comment, pk=_int(request.POST.get("comment")))
        reason = request.POST.get("reason", "")[:2000]
        action = request.POST.get("action", "")
        try:
            if action in ("hide", "show"):
                services.comment_moderate(
                    actor=request.user, comment=comment, hide=action == "hide", reason=reason
                )
            elif action in ("reinstate", "uphold"):
                services.comment_appeal_decide(
                    actor=request.user,
                    comment=comment,
                    reinstate=action == "reinstate",
                    reason=reason,
                )
            else:
                raise ApplicationError(_("Unknown request."), code="invalid")
        except ApplicationError as failure:
            error = failure.message
        else:
            messages.success(request, _("Decision recorded."))
            return redirect("calls:moderation")
    reported = list(
        Comment.objects.filter(reports__handled=False)
        .select_related("project", "author")
        .prefetch_related("reports")
        .distinct()
        .order_by("created_at")[:200]
    )
    appeals = list(
        Comment.objects.filter(appeal=Comment.Appeal.PENDING)
        .select_related("project")
        .order_by("created_at")[:200]
    )
    return render(
        request,
        "calls/manage/moderation.html",
        {"reported": reported, "appeals": appeals, "error": error},
        status=400 if error else 200,
    )
