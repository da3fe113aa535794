"""Writes of the programme and its roadmap. Each one leaves an audit or a participation row."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from endavant.core.services import ApplicationError, audit_record, readable, write
from endavant.programmes.models import Programme
from endavant.roadmap.models import (
    Action,
    ActionOrigin,
    Commitment,
    Competency,
    FunctionalDomain,
    Milestone,
    Orientation,
    RoadmapVersion,
)

#: The prescribed target of an action: changing it once a version is frozen is a re-plan, and
#: a re-plan says why.
PRESCRIBED_FIELDS = (
    "title",
    "orientation",
    "due_on",
    "budget",
    "indicator_name",
    "indicator_target",
)


@transaction.atomic
def competency_save(
    *, actor: Any, competency: Competency | None = None, **fields: Any
) -> Competency:
    """Create or edit a competency of the taxonomy."""
    return write(
        actor=actor, instance=competency or Competency(), fields=fields, action="competency"
    )


@transaction.atomic
def domain_save(
    *, actor: Any, domain: FunctionalDomain | None = None, **fields: Any
) -> FunctionalDomain:
    """Create or edit a functional domain (tied to one competency)."""
    return write(actor=actor, instance=domain or FunctionalDomain(), fields=fields, action="domain")


@transaction.atomic
def orientation_save(
    *, actor: Any, orientation: Orientation | None = None, **fields: Any
) -> Orientation:
    """Create or edit an orientation of the roadmap."""
    return write(
        actor=actor, instance=orientation or Orientation(), fields=fields, action="orientation"
    )


@transaction.atomic
def action_save(
    *,
    actor: Any,
    action: Action | None = None,
    communes: Iterable[Any] | None = None,
    reason: str = "",
    **fields: Any,
) -> Action:
    """Create or edit an action (prescribed target and realisation).

    Once the programme has a frozen version, changing an action's prescribed target is a
    re-plan: ``reason`` is then required and kept in the audit row.
    """
    if fields.get("status") == Action.Status.DONE and not (
        fields.get("ended_on") or (action and action.ended_on)
    ):
        raise ApplicationError(_("A done action needs its actual end date."), code="end_date")
    if action is not None and action.pk and not reason.strip():
        stored = Action.objects.select_related("orientation").get(pk=action.pk)
        replanned = [
            name
            for name in PRESCRIBED_FIELDS
            if name in fields and fields[name] != getattr(stored, name)
        ]
        if (
            replanned
            and RoadmapVersion.objects.filter(programme_id=stored.orientation.programme_id).exists()
        ):
            raise ApplicationError(
                _("The roadmap has a frozen version: say why its prescribed target changes."),
                code="replan_reason",
            )
    return write(
        actor=actor,
        instance=action or Action(),
        fields=fields,
        action="action",
        m2m=None if communes is None else {"communes": communes},
        reason=reason,
    )


@transaction.atomic
def milestone_save(*, actor: Any, milestone: Milestone | None = None, **fields: Any) -> Milestone:
    """Create or edit a milestone of an action."""
    return write(actor=actor, instance=milestone or Milestone(), fields=fields, action="milestone")


@transaction.atomic
def commitment_save(
    *,
    actor: Any,
    commitment: Commitment | None = None,
    actions: Iterable[Action] | None = None,
    **fields: Any,
) -> Commitment:
    """Create or edit a political commitment and the actions that honour it."""
    return write(
        actor=actor,
        instance=commitment or Commitment(),
        fields=fields,
        action="commitment",
        m2m=None if actions is None else {"actions": actions},
    )


@transaction.atomic
def action_origin_add(
    *,
    actor: Any,
    action: Action,
    kind: str,
    source: models.Model | None = None,
    label: str = "",
    description: str = "",
    date: date | None = None,
) -> ActionOrigin:
    """Record where ``action`` came from, linking the source when it exists in the database."""
    if source is None and not label:
        raise ApplicationError(
            _("Name the source of this origin, or link it to a record."), code="origin_source"
        )
    origin = ActionOrigin(
        action=action,
        kind=kind,
        label=label or str(source),
        description=description,
        date=date,
    )
    if source is not None:
        origin.source = source
    return write(actor=actor, instance=origin, fields={}, action="action_origin")


def roadmap_snapshot(programme: Programme, *, as_of: date | None = None) -> dict[str, Any]:
    """The roadmap as plain data: orientations and actions with targets and statuses."""
    orientations = list(programme.orientations.all())
    actions = Action.objects.filter(orientation__programme=programme).select_related(
        "orientation", "domain"
    )
    return {
        "as_of": (as_of or timezone.localdate()).isoformat(),
        "orientations": [{"id": o.pk, "title": o.title, "order": o.order} for o in orientations],
        "actions": [
            {
                "id": a.pk,
                "title": a.title,
                "orientation": a.orientation.title,
                "domain": a.domain.name if a.domain else "",
                "is_example": a.is_example,
                "due_on": readable(a.due_on),
                "budget": readable(a.budget),
                "indicator_name": a.indicator_name,
                "indicator_target": readable(a.indicator_target),
                "status": a.status,
                "started_on": readable(a.started_on),
                "ended_on": readable(a.ended_on),
                "indicator_value": readable(a.indicator_value),
            }
            for a in actions
        ],
    }


@transaction.atomic
def roadmap_freeze(
    *,
    actor: Any,
    programme: Programme,
    label: str,
    reason: str = "",
    as_of: date | None = None,
    frozen_at: datetime | None = None,
) -> RoadmapVersion:
    """Freeze the current roadmap as a new numbered version (a baseline or a re-plan).

    ``as_of`` is the date the version describes (today by default), which lateness is measured
    against when versions are compared.
    """
    if not label.strip():
        raise ApplicationError(_("Give the version a label."), code="label")
    # Lock the programme row: two simultaneous freezes get consecutive numbers.
    Programme.objects.select_for_update().filter(pk=programme.pk).first()
    previous = programme.versions.order_by("-number").values_list("number", flat=True).first()
    if previous is not None and not reason.strip():
        raise ApplicationError(_("Say why the roadmap is re-planned."), code="replan_reason")
    version = RoadmapVersion.objects.create(
        programme=programme,
        number=(previous or 0) + 1,
        label=label,
        reason=reason,
        snapshot=roadmap_snapshot(programme, as_of=as_of),
        **({"frozen_at": frozen_at} if frozen_at is not None else {}),
    )
    audit_record(
        actor=actor,
        action="roadmap.freeze",
        target=version,
        after={"number": version.number, "label": label},
        reason=reason,
    )
    return version
