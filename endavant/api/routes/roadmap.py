"""A programme's roadmap: orientations, actions with their milestones and origins, versions,
commitments and the balance of origins (top-down, bottom-up, co-constructed)."""

from __future__ import annotations

from typing import Any, Literal

from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest
from ninja import Field, Path, Query, Router

from endavant.api import schemas
from endavant.api.main import responses
from endavant.api.pagination import PageParams, page_of, paginate
from endavant.api.routes.common import COMMUNE_PATTERN, MAX_ID, Id, Slug, programme_or_404
from endavant.roadmap import selectors
from endavant.roadmap.models import Action, ActionOrigin

router = Router(tags=["Roadmap"])

Status = Literal["planned", "in_progress", "done", "late", "dropped"]


def _ref(record: Any, name: str = "name") -> dict[str, Any] | None:
    return None if record is None else {"id": record.pk, "name": getattr(record, name)}


def action_data(action: Action, *, bottom_up: bool) -> dict[str, Any]:
    return {
        "id": action.pk,
        "title": action.title,
        "orientation": _ref(action.orientation, "title"),
        "domain": _ref(action.domain),
        "status": action.status,
        "status_label": str(action.get_status_display()),
        "due_on": action.due_on,
        "started_on": action.started_on,
        "ended_on": action.ended_on,
        "budget": action.budget,
        "lead_organisation": action.lead_organisation,
        "bottom_up": bottom_up,
        "is_example": action.is_example,
        "url": action.get_absolute_url(),
    }


@router.get(
    "/programmes/{slug}/orientations",
    response=responses(list[schemas.Orientation], not_found=True),
    url_name="orientations",
)
def orientation_list(request: HttpRequest, slug: Slug) -> list[dict[str, Any]]:
    """The orientations of the roadmap, in order, with their actions counted by status."""
    programme = programme_or_404(slug)
    return [
        {
            "id": item.orientation.pk,
            "title": item.orientation.title,
            "order": item.orientation.order,
            "description": item.orientation.description,
            "actions": len(item.actions),
            "by_status": item.counts,
        }
        for item in selectors.roadmap_overview(programme, {})
    ]


class ActionFilters(PageParams):
    orientation: int | None = Field(None, ge=1, le=MAX_ID, description="Orientation id.")
    status: Status | None = None
    domain: int | None = Field(None, ge=1, le=MAX_ID, description="Functional domain id.")
    commune: str | None = Field(None, pattern=COMMUNE_PATTERN, description="INSEE code.")


@router.get(
    "/programmes/{slug}/actions",
    response=responses(page_of(schemas.Action), not_found=True),
    url_name="actions",
)
def action_list(request: HttpRequest, slug: Slug, filters: Query[ActionFilters]) -> dict[str, Any]:
    """The programme's actions, by orientation, filtered by orientation, status, functional
    domain or commune."""
    programme = programme_or_404(slug)
    found = (
        Action.objects.filter(orientation__programme=programme)
        .select_related("orientation", "domain")
        .annotate(
            from_participants=Exists(
                ActionOrigin.objects.filter(action=OuterRef("pk"), kind__in=ActionOrigin.BOTTOM_UP)
            )
        )
    )
    if filters.orientation:
        found = found.filter(orientation_id=filters.orientation)
    if filters.status:
        found = found.filter(status=filters.status)
    if filters.domain:
        found = found.filter(domain_id=filters.domain)
    if filters.commune:
        found = found.filter(communes__code=filters.commune).distinct()
    return paginate(
        request,
        found.order_by("orientation__order", "orientation_id", "pk"),
        filters,
        lambda action: action_data(action, bottom_up=action.from_participants),
    )


@router.get(
    "/actions/{int:pk}",
    response=responses(schemas.ActionDetail, not_found=True),
    url_name="action",
)
def action_detail(request: HttpRequest, pk: Id) -> dict[str, Any]:
    """One action: its target and realisation, milestones, communes, origins, commitments."""
    try:
        action = selectors.action_detail(pk)
    except Action.DoesNotExist:
        raise Http404 from None
    origins = list(action.origins.all())
    return {
        **action_data(action, bottom_up=any(o.is_bottom_up for o in origins)),
        "programme": action.orientation.programme.slug,
        "description": action.description,
        "indicator": {
            "name": action.indicator_name,
            "target": action.indicator_target,
            "value": action.indicator_value,
        },
        "evidence": action.evidence,
        "evidence_url": action.evidence_url,
        "communes": [{"code": c.code, "name": c.name} for c in action.communes.all()],
        "milestones": [
            {"id": m.pk, "title": m.title, "due_on": m.due_on, "done_on": m.done_on}
            for m in action.milestones.all()
        ],
        "origins": [
            {
                "kind": o.kind,
                "kind_label": str(o.get_kind_display()),
                "bottom_up": o.is_bottom_up,
                "label": o.label,
                "description": o.description,
                "date": o.date,
            }
            for o in origins
        ],
        "commitments": [c.pk for c in action.commitments.all()],
    }


@router.get(
    "/programmes/{slug}/origins",
    response=responses(schemas.OriginBalance, not_found=True),
    url_name="origins",
)
def origin_balance(request: HttpRequest, slug: Slug) -> dict[str, Any]:
    """How many actions, and how much budget, came from the top, from participants or both."""
    balance = selectors.origin_balance(programme_or_404(slug))
    return {
        "actions": balance.actions,
        "budget": balance.budget,
        "lines": [
            {
                "key": line.key,
                "label": line.label,
                "actions": line.actions,
                "budget": line.budget,
                "action_share": line.action_share,
                "budget_share": line.budget_share,
            }
            for line in balance.lines
        ],
    }


@router.get(
    "/programmes/{slug}/commitments",
    response=responses(list[schemas.Commitment], not_found=True),
    url_name="commitments",
)
def commitment_list(request: HttpRequest, slug: Slug) -> list[dict[str, Any]]:
    """The political commitments and the actions that honour them."""
    return [
        {
            "id": c.pk,
            "text": c.text,
            "source_document": c.source_document,
            "source_date": c.source_date,
            "actions": [a.pk for a in c.actions.all()],
            "is_example": c.is_example,
        }
        for c in selectors.commitments(programme_or_404(slug))
    ]


def _version_data(version: Any) -> dict[str, Any]:
    return {
        "number": version.number,
        "label": version.label,
        "reason": version.reason,
        "frozen_at": version.frozen_at,
    }


@router.get(
    "/programmes/{slug}/versions",
    response=responses(list[schemas.Version], not_found=True),
    url_name="versions",
)
def version_list(request: HttpRequest, slug: Slug) -> list[dict[str, Any]]:
    """The frozen versions of the roadmap (baseline and re-plans), oldest first."""
    return [_version_data(v) for v in selectors.versions(programme_or_404(slug))]


@router.get(
    "/programmes/{slug}/versions/{int:number}",
    response=responses(schemas.VersionDetail, not_found=True),
    url_name="version",
)
def version_detail(
    request: HttpRequest,
    slug: Slug,
    number: int = Path(..., ge=1, le=2**31 - 1, description="Version number."),
) -> dict[str, Any]:
    """One frozen version with its snapshot of the roadmap."""
    version = programme_or_404(slug).versions.filter(number=number).first()
    if version is None:
        raise Http404
    return {**_version_data(version), "snapshot": version.snapshot}
