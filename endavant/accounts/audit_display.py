"""The audit journal as people read it: the action's label, and for each changed field its
label with the values formatted in the reader's language (dates, amounts, yes/no, choices).

Administrators see who acted and the values; researchers (read-only) see what changed, on which
kind of record, without names, addresses or values.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from endavant.core import registry
from endavant.core.models import AuditEntry

#: A value longer than this is cut in the journal (the full value stays in the row).
MAX_VALUE_LENGTH = 160


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class JournalRow:
    at: datetime.datetime
    who: str
    action: str
    record: str
    reason: str
    changes: list[Change]


def _model_field(model: type[models.Model] | None, name: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None


def _date(value: str) -> str:
    try:
        if "T" in value or len(value) > 10:
            moment = datetime.datetime.fromisoformat(value)
            return formats.date_format(moment, "SHORT_DATETIME_FORMAT")
        return formats.date_format(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT")
    except ValueError:
        return value


def readable_value(field: models.Field[Any, Any] | None, value: Any) -> str:
    """One stored value as text for people ("—" when empty)."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(readable_value(None, item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {readable_value(None, item)}" for key, item in value.items())
    if field is not None and field.choices:
        labels = {str(key): label for key, label in field.flatchoices}
        if str(value) in labels:
            return str(labels[str(value)])
    if isinstance(field, models.DateTimeField | models.DateField) and isinstance(value, str):
        return _date(value)
    if isinstance(field, models.DecimalField | models.FloatField | models.IntegerField):
        try:
            number = formats.number_format(Decimal(str(value)), use_l10n=True, force_grouping=True)
        except InvalidOperation:
            number = str(value)
        return number
    text = str(value)
    return text if len(text) <= MAX_VALUE_LENGTH else text[: MAX_VALUE_LENGTH - 1] + "…"


def _field_label(model: type[models.Model] | None, name: str) -> str:
    field = _model_field(model, name)
    return str(capfirst(field.verbose_name)) if field is not None else name.replace("_", " ")


def _changes(entry: AuditEntry, *, with_values: bool) -> list[Change]:
    model = entry.content_type.model_class() if entry.content_type is not None else None
    before = entry.before if isinstance(entry.before, dict) else {}
    after = entry.after if isinstance(entry.after, dict) else {}
    names = [n for n in after if before.get(n) != after[n]] + [n for n in before if n not in after]
    if not before and not isinstance(entry.after, dict) and entry.after is not None:
        return [Change(_("value"), "", readable_value(None, entry.after) if with_values else "")]
    rows = []
    for name in names:
        field = _model_field(model, name)
        rows.append(
            Change(
                _field_label(model, name),
                readable_value(field, before.get(name)) if with_values and before else "",
                readable_value(field, after.get(name)) if with_values else "",
            )
        )
    return rows


def _who(entry: AuditEntry) -> str:
    if entry.actor_id is None:
        return _("Platform") if entry.actor_label in ("", "system") else entry.actor_label
    return _("Programme team")


def journal_rows(entries: list[AuditEntry], *, with_details: bool) -> list[JournalRow]:
    """The journal page's rows; without details, no names, addresses or values."""
    actions = registry.audit_actions()
    rows = []
    for entry in entries:
        declared = actions.get(entry.action)
        model = entry.content_type.model_class() if entry.content_type is not None else None
        kind = str(capfirst(model._meta.verbose_name)) if model is not None else ""
        if with_details:
            record = entry.object_repr or kind
            who = entry.actor_label or _("Platform")
        else:
            record = f"{kind} n° {entry.object_id}" if entry.object_id else kind
            who = _who(entry)
        rows.append(
            JournalRow(
                at=entry.at,
                who=who,
                action=str(capfirst(str(declared.label))) if declared else entry.action,
                record=record,
                reason=entry.reason if with_details else "",
                changes=_changes(entry, with_values=with_details),
            )
        )
    return rows
