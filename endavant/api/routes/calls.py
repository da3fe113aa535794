"""Calls for projects and their public projects, read through the calls app's selectors (the
same visibility as the public pages: drafts never appear, hidden comments never appear)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router

from endavant.api import schemas
from endavant.api.main import responses
from endavant.api.pagination import PageParams, page_of, paginate
from endavant.api.routes.common import Id, Slug, programme_or_404
from endavant.calls import selectors
from endavant.calls.models import Call, Comment, Project

router = Router(tags=["Calls for projects"])


def call_data(call: Call, projects: int) -> dict[str, Any]:
    return {
        "id": call.pk,
        "title": call.title,
        "phase": call.phase(),
        "budget": call.budget,
        "max_amount": call.max_amount,
        "holders": list(call.holders or []),
        "territory_only": call.territory_only,
        "participation": call.participation,
        "submission_opens_at": call.submission_opens_at,
        "submission_closes_at": call.submission_closes_at,
        "participation_opens_at": call.participation_opens_at,
        "participation_closes_at": call.participation_closes_at,
        "jury_closes_at": call.jury_closes_at,
        "selection_on": call.selection_on,
        "realisation_until": call.realisation_until,
        "projects": projects,
        "is_example": call.is_example,
        "url": call.get_absolute_url(),
    }


@router.get(
    "/programmes/{slug}/calls",
    response=responses(page_of(schemas.Call), not_found=True),
    url_name="calls",
)
def call_list(request: HttpRequest, slug: Slug, page: Query[PageParams]) -> dict[str, Any]:
    """The programme's calls for projects, newest first."""
    found = selectors.calls(programme_or_404(slug))
    return paginate(request, found, page, lambda call: call_data(call, call.n_projects))


def _call_or_404(pk: int) -> Call:
    call = Call.objects.select_related("programme").filter(pk=pk).first()
    if call is None:
        raise Http404
    return call


@router.get(
    "/calls/{int:pk}", response=responses(schemas.CallDetail, not_found=True), url_name="call"
)
def call_detail(request: HttpRequest, pk: Id) -> dict[str, Any]:
    """One call: its phases, rules, criteria and the result of its last allocation run."""
    call = _call_or_404(pk)
    projects = selectors.public_projects(call)
    outcome = selectors.results(call)
    results = None
    if outcome is not None:
        results = {
            "ran_at": outcome.run.ran_at,
            "rule": outcome.run.rule,
            "about": str(outcome.about),
            "lines": [
                {
                    "project": line.project.pk,
                    "title": line.project.title,
                    "selected": bool(line.selected),
                    "votes": str(line.votes),
                    "explanation": str(line.explanation),
                    "committed": line.committed,
                }
                for line in outcome.lines
                if line.project.is_public
            ],
        }
    return {
        **call_data(call, projects.count()),
        "programme": call.programme.slug,
        "rules": call.rules,
        "rule": call.rule,
        "phases": [
            {"key": key, "label": label, "starts_at": start, "ends_at": end}
            for key, label, start, end in call.phases()
        ],
        "criteria": [
            {"name": c.name, "description": c.description, "weight": c.weight}
            for c in call.criteria.all()
        ],
        "results": results,
    }


def project_data(project: Project, supports: int) -> dict[str, Any]:
    domain = project.domain
    return {
        "id": project.pk,
        "call": project.call_id,
        "title": project.title,
        "summary": project.summary,
        "holder_kind": project.holder_kind,
        "holder_name": project.holder_name,
        "requested_amount": project.requested_amount,
        "status": project.status,
        "decision": project.decision,
        "realisation": project.realisation,
        "domain": {"id": domain.pk, "name": domain.name} if domain else None,
        "communes": [{"code": c.code, "name": c.name} for c in project.communes.all()],
        "supports": supports,
        "is_example": project.is_example,
        "url": project.get_absolute_url(),
    }


@router.get(
    "/calls/{int:pk}/projects",
    response=responses(page_of(schemas.Project), not_found=True),
    url_name="call_projects",
)
def project_list(request: HttpRequest, pk: Id, page: Query[PageParams]) -> dict[str, Any]:
    """The call's public projects (submitted or withdrawn), most supported first."""
    found = selectors.public_projects(_call_or_404(pk))
    return paginate(request, found, page, lambda p: project_data(p, p.n_supports))


def _comment(comment: Comment) -> dict[str, Any]:
    return {
        "id": comment.pk,
        "parent": comment.parent_id,
        "text": comment.text,
        "created_at": comment.created_at,
        "reinstated": comment.appeal == Comment.Appeal.REINSTATED,
        "is_example": comment.is_example,
    }


@router.get(
    "/projects/{int:pk}",
    response=responses(schemas.ProjectDetail, not_found=True),
    url_name="project",
)
def project_detail(request: HttpRequest, pk: Id) -> dict[str, Any]:
    """One public project with its supports, visible comments and what it became."""
    try:
        detail = selectors.project_detail(pk, None)
    except Project.DoesNotExist:
        raise Http404 from None
    project = detail.project
    comments = [
        reply
        for thread in detail.threads
        for reply in (thread, *thread.replies.all())
        if reply.status == Comment.Status.VISIBLE
    ]
    return {
        **project_data(project, detail.supports),
        "description": project.description,
        "partners": project.partners,
        "decision_reason": project.decision_reason if project.decision else "",
        "realisation_note": project.realisation_note
        if project.decision == Project.Decision.SELECTED
        else "",
        "support_breakdown": [{"audience": label, "supports": n} for label, n in detail.breakdown],
        "attachments": [{"name": a.name, "url": a.file.url} for a in project.attachments.all()],
        "comments": [_comment(c) for c in comments],
        "became": [{"id": a.pk, "name": a.title} for a in detail.became],
    }
