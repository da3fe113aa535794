"""Workshops of a programme, filtered by dates, commune, audience, format or domain, and one
workshop with its places, minutes, contributions and changes (never who registered, never the
online meeting address, which only registered people get)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any, Literal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router
from pydantic import model_validator

from endavant.api import schemas
from endavant.api.main import responses
from endavant.api.pagination import PageParams, page_of, paginate
from endavant.api.routes.common import COMMUNE_PATTERN, MAX_ID, Id, Slug, programme_or_404
from endavant.core.audiences import Audience
from endavant.roadmap.models import ActionOrigin
from endavant.workshops import selectors
from endavant.workshops.models import Contribution, Registration, Workshop

router = Router(tags=["Workshops"])

Format = Literal["in_person", "online", "hybrid"]
AudienceValue = Literal[tuple(Audience.values)]  # type: ignore[valid-type]
EARLIEST = datetime.date(1900, 1, 1)
LATEST = datetime.date(2999, 12, 31)


class WorkshopFilters(PageParams):
    start: datetime.date | None = Field(
        None, ge=EARLIEST, le=LATEST, description="Workshops ending on or after this day."
    )
    end: datetime.date | None = Field(
        None, ge=EARLIEST, le=LATEST, description="Workshops starting on or before this day."
    )
    commune: str | None = Field(None, pattern=COMMUNE_PATTERN, description="INSEE code.")
    audience: AudienceValue | None = Field(  # type: ignore[valid-type]
        None, description="Open to this audience (or to everyone)."
    )
    format: Format | None = None
    domain: int | None = Field(None, ge=1, le=MAX_ID, description="Functional domain id.")

    @model_validator(mode="after")
    def _dates_in_order(self) -> WorkshopFilters:
        if self.start and self.end and self.start > self.end:
            raise ValueError("start must not be after end")
        return self


def _commune(commune: Any) -> dict[str, str] | None:
    return None if commune is None else {"code": commune.code, "name": commune.name}


def workshop_data(workshop: Workshop, registered: int) -> dict[str, Any]:
    return {
        "id": workshop.pk,
        "title": workshop.title,
        "status": workshop.status,
        "status_label": str(workshop.get_status_display()),
        "format": workshop.format,
        "starts_at": workshop.starts_at,
        "ends_at": workshop.ends_at,
        "time_zone": workshop.time_zone,
        "commune": _commune(workshop.commune),
        "place": workshop.place,
        "audiences": list(workshop.audiences or []),
        "capacity_room": workshop.capacity_room,
        "capacity_online": workshop.capacity_online,
        "registered": registered,
        "is_example": workshop.is_example,
        "url": workshop.get_absolute_url(),
    }


@router.get(
    "/programmes/{slug}/workshops",
    response=responses(page_of(schemas.Workshop), not_found=True),
    url_name="workshops",
)
def workshop_list(
    request: HttpRequest, slug: Slug, filters: Query[WorkshopFilters]
) -> dict[str, Any]:
    """The programme's workshops, by start time."""
    programme = programme_or_404(slug)
    found = selectors.workshops(
        programme,
        selectors.WorkshopFilters(
            commune=filters.commune or "",
            audience=filters.audience or "",
            format=filters.format or "",
            domain=filters.domain,
            start=filters.start,
            end=filters.end,
        ),
    ).order_by("starts_at", "pk")
    return paginate(request, found, filters, lambda w: workshop_data(w, w.registered))


def _became(contributions: list[Contribution]) -> dict[int, list[int]]:
    """The actions each contribution became, in one query for all of them."""
    if not contributions:
        return {}
    found: dict[int, list[int]] = defaultdict(list)
    rows = ActionOrigin.objects.filter(
        content_type=ContentType.objects.get_for_model(Contribution),
        object_id__in=[str(c.pk) for c in contributions],
    ).values_list("object_id", "action_id")
    for object_id, action_id in rows.order_by("action_id").distinct():
        found[int(object_id)].append(action_id)
    return found


@router.get(
    "/workshops/{int:pk}",
    response=responses(schemas.WorkshopDetail, not_found=True),
    url_name="workshop",
)
def workshop_detail(request: HttpRequest, pk: Id) -> dict[str, Any]:
    """One workshop (a fixed number of queries, whatever its contributions)."""
    workshop = (
        Workshop.objects.select_related("commune", "organiser", "programme", "minutes")
        .prefetch_related("domains", "actions", "changes")
        .filter(pk=pk)
        .first()
    )
    if workshop is None:
        raise Http404
    counts: dict[tuple[str, str], int] = {
        (row["mode"], row["status"]): row["n"]
        for row in workshop.registrations.exclude(status=Registration.Status.CANCELLED)
        .values("mode", "status")
        .annotate(n=Count("pk"))
        .order_by()
    }
    registered = Registration.Status.REGISTERED
    places = [
        {
            "mode": mode,
            "capacity": workshop.capacity(mode),
            "registered": counts.get((mode, registered), 0),
            "waiting": counts.get((mode, Registration.Status.WAITING), 0),
        }
        for mode in workshop.modes()
    ]
    # Selected with the workshop: a missing one raises an AttributeError, without a query.
    minutes = getattr(workshop, "minutes", None)
    contributions = list(
        workshop.contributions.select_related("domain").order_by("created_at", "pk")
    )
    became = _became(contributions)
    return {
        **workshop_data(workshop, sum(counts.get((m, registered), 0) for m in workshop.modes())),
        "programme": workshop.programme.slug,
        "description": workshop.description,
        "agenda": workshop.agenda,
        "accessibility": workshop.accessibility,
        "organiser": workshop.organiser.name if workshop.organiser else None,
        "domains": [{"id": d.pk, "name": d.name} for d in workshop.domains.all()],
        "actions": [{"id": a.pk, "name": a.title} for a in workshop.actions.all()],
        "places": places,
        "minutes": {
            "summary": minutes.summary,
            "decisions": minutes.decisions,
            "updated_at": minutes.updated_at,
        }
        if minutes
        else None,
        "contributions": [
            {
                "id": c.pk,
                "text": c.text,
                "created_at": c.created_at,
                "domain": {"id": c.domain.pk, "name": c.domain.name} if c.domain else None,
                "is_example": c.is_example,
                "became": became.get(c.pk, []),
            }
            for c in contributions
        ],
        "changes": [
            {"at": change.at, "kinds": list(change.kinds or []), "reason": change.reason}
            for change in workshop.changes.all()
        ],
    }
