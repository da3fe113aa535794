"""Writes to the platform journals. Call these inside the transaction of the change they record."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from endavant.core.models import AuditEntry, ParticipationEvent


class ApplicationError(Exception):
    """A rule of the platform was broken; the message is meant for the person who acted."""

    def __init__(self, message: str, *, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def _actor_label(actor: Any) -> str:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return ""
    return str(getattr(actor, "email", "") or actor.pk)


def audit_record(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEntry:
    """Append an audit row saying that ``actor`` did ``action`` to ``target``."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        actor=user,
        actor_label=_actor_label(actor),
        action=action,
        content_type=ContentType.objects.get_for_model(target) if target is not None else None,
        object_id=str(target.pk) if target is not None else "",
        object_repr=str(target)[:300] if target is not None else "",
        before=before,
        after=after,
        reason=reason,
    )


def participation_record(
    *,
    kind: str,
    participant: Any = None,
    commune_code: str = "",
    audience: str = "",
    channel: str = ParticipationEvent.Channel.WEB,
    target: models.Model | None = None,
) -> ParticipationEvent:
    """Append a participation event that the observatory will count."""
    user = participant if getattr(participant, "is_authenticated", False) else None
    return ParticipationEvent.objects.create(
        kind=kind,
        participant=user,
        commune_code=commune_code,
        audience=audience,
        channel=channel,
        content_type=ContentType.objects.get_for_model(target) if target is not None else None,
        object_id=str(target.pk) if target is not None else "",
    )
