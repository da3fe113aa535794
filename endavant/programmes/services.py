"""Writes of programmes: create, edit, archive, restore."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from endavant.core.services import ApplicationError, write
from endavant.programmes.models import Programme


@transaction.atomic
def programme_save(
    *,
    actor: Any,
    programme: Programme | None = None,
    team: Iterable[Any] | None = None,
    **fields: Any,
) -> Programme:
    """Create or edit a programme and its team."""
    starts_on = fields.get("starts_on", programme.starts_on if programme else None)
    ends_on = fields.get("ends_on", programme.ends_on if programme else None)
    if starts_on and ends_on and ends_on < starts_on:
        raise ApplicationError(_("The programme must end after it starts."), code="dates")
    return write(
        actor=actor,
        instance=programme or Programme(),
        fields=fields,
        action="programme",
        m2m=None if team is None else {"team": team},
    )


@transaction.atomic
def programme_archive(*, actor: Any, programme: Programme, reason: str = "") -> Programme:
    """Archive a programme: it leaves the chooser, its pages stay readable by their address."""
    if programme.is_archived:
        raise ApplicationError(_("This programme is already archived."), code="archived")
    return write(
        actor=actor,
        instance=programme,
        fields={"archived_at": timezone.now()},
        action="programme",
        reason=reason,
    )


@transaction.atomic
def programme_restore(*, actor: Any, programme: Programme, reason: str = "") -> Programme:
    """Bring an archived programme back."""
    if not programme.is_archived:
        raise ApplicationError(_("This programme is not archived."), code="not_archived")
    return write(
        actor=actor, instance=programme, fields={"archived_at": None}, action="programme",
        reason=reason,
    )  # fmt: skip
