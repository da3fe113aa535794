"""The one audited write path, and the two journals.

Every state change of every app goes through :func:`write` (create or edit a row),
:func:`delete` or, for writes that touch many rows at once (imports, bulk entry), an explicit
:func:`audit_record` in the same transaction. Each leaves an audit row saying who did it (a
person, or :data:`SYSTEM` for default data, imports and jobs), what changed, before and after in
readable form, and the reason when one is given. Acts of participation are recorded with
:func:`participation_record`. Audit actions and participation kinds must be declared by the app
that uses them (``<app>/declarations.py``): recording an undeclared one raises.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar
from uuid import UUID

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.fields.files import FieldFile

from endavant.core import registry
from endavant.core.models import AuditEntry, ParticipationEvent

M = TypeVar("M", bound=models.Model)


class ApplicationError(Exception):
    """A rule of the platform was broken; the message is meant for the person who acted.

    ``code`` names the rule (``closed``, ``audience``, ``invalid``...): code reads it, tests
    assert it, people read the message.
    """

    def __init__(self, message: str, *, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class SystemActor:
    """The platform itself, as the author of default data, imports and background jobs."""

    is_authenticated = False
    pk = None
    label = "system"

    def __str__(self) -> str:
        return self.label


#: Pass as ``actor`` for writes nobody in particular did.
SYSTEM = SystemActor()


def _actor_label(actor: Any) -> str:
    if isinstance(actor, SystemActor):
        return actor.label
    if actor is None or not getattr(actor, "is_authenticated", False):
        return ""
    return str(getattr(actor, "email", "") or actor.pk)


def readable(value: Any) -> Any:
    """``value`` as JSON that a person can read in the audit journal."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    if isinstance(value, models.Model):
        return f"{value} (#{value.pk})"
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, list | tuple | set | frozenset):
        return [readable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): readable(v) for k, v in value.items()}
    return value


#: Never copied into the audit log.
SECRET_FIELDS = frozenset({"password", "token"})


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The concrete fields of ``instance`` by field name, readable (related rows by label).

    Secrets (password hashes) are left out.
    """
    state: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.primary_key or field.name in SECRET_FIELDS:
            continue
        if field.is_relation:
            related_id = getattr(instance, field.attname)
            state[field.name] = (
                None if related_id is None else readable(getattr(instance, field.name))
            )
        else:
            state[field.name] = readable(getattr(instance, field.attname))
    return state


def changed_fields(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> list[str]:
    """Names of the fields whose value differs between two snapshots."""
    before, after = before or {}, after or {}
    return [name for name in after if before.get(name, None) != after[name]]


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
    registry.audit_action(action)  # raises for an undeclared action
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


def write(
    *,
    actor: Any,
    instance: M,
    fields: Mapping[str, Any],
    action: str,
    m2m: Mapping[str, Iterable[Any]] | None = None,
    reason: str = "",
) -> M:
    """Set ``fields`` on ``instance``, validate, save, set many-to-many, write the audit row.

    ``action`` is the entity's name (``"action"``); the audit row says ``action.create`` or
    ``action.update``. Validation errors become an :class:`ApplicationError`. Call inside the
    caller's transaction.
    """
    before = None
    if instance.pk is not None and not instance._state.adding:
        # Read "before" from the database: a ModelForm has already set the new values on
        # ``instance`` by the time the service runs.
        stored = instance._meta.model._default_manager.get(pk=instance.pk)
        before = snapshot(stored)
        for name in m2m or {}:
            before[name] = sorted(readable(list(getattr(stored, name).all())))
    for name, value in fields.items():
        setattr(instance, name, value)
    try:
        instance.full_clean()
    except ValidationError as error:
        raise ApplicationError("; ".join(error.messages), code="invalid") from error
    instance.save()
    after = snapshot(instance)
    for name, values in (m2m or {}).items():
        values = list(values)
        getattr(instance, name).set(values)
        after[name] = sorted(readable(values))
    if before is not None and not changed_fields(before, after) and not reason:
        return instance  # nothing changed: no audit row for a no-op save
    audit_record(
        actor=actor,
        action=f"{action}.{'create' if before is None else 'update'}",
        target=instance,
        before=before,
        after=after,
        reason=reason,
    )
    return instance


def delete(*, actor: Any, instance: models.Model, action: str, reason: str = "") -> None:
    """Delete ``instance`` and write the audit row ``<action>.delete`` with what it was."""
    before = snapshot(instance)
    audit_record(
        actor=actor, action=f"{action}.delete", target=instance, before=before, reason=reason
    )
    instance.delete()


def participation_record(
    *,
    kind: str,
    participant: Any = None,
    commune_code: str = "",
    audience: str = "",
    channel: str = ParticipationEvent.Channel.WEB,
    target: models.Model | None = None,
    occurred_at: datetime | None = None,
) -> ParticipationEvent:
    """Append a participation event that the observatory will count (``kind`` declared)."""
    event = participation_event(
        kind=kind,
        participant=participant,
        commune_code=commune_code,
        audience=audience,
        channel=channel,
        target=target,
        occurred_at=occurred_at,
    )
    event.save(force_insert=True)
    return event


def participation_event(
    *,
    kind: str,
    participant: Any = None,
    commune_code: str = "",
    audience: str = "",
    channel: str = ParticipationEvent.Channel.WEB,
    target: models.Model | None = None,
    occurred_at: datetime | None = None,
) -> ParticipationEvent:
    """The checked, unsaved event that :func:`participation_record` saves (for a service that
    writes it in the same statement as its own rows, e.g. a vote)."""
    declared = registry.event_kind(kind)  # raises for an undeclared kind
    if declared.channels and channel not in declared.channels:
        raise ValueError(f"Participation kind {kind!r} is not recorded through {channel!r}.")
    user = participant if getattr(participant, "is_authenticated", False) else None
    return ParticipationEvent(
        kind=kind,
        participant=user,
        commune_code=commune_code,
        audience=audience,
        channel=channel,
        content_type=ContentType.objects.get_for_model(target) if target is not None else None,
        object_id=str(target.pk) if target is not None else "",
        **({"occurred_at": occurred_at} if occurred_at is not None else {}),
    )
