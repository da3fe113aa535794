"""How prescribed-vs-realised changes read on the page: labelled fields, French dates and euros."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from endavant.roadmap.compare import FieldChange

#: The prescribed fields of a snapshot, as people read them.
FIELD_LABELS = {
    "title": pgettext_lazy("name of a roadmap item", "Title"),
    "orientation": gettext_lazy("Orientation"),
    "due_on": gettext_lazy("Due date"),
    "budget": gettext_lazy("Budget"),
    "indicator_name": gettext_lazy("Indicator"),
    "indicator_target": gettext_lazy("Target value"),
}


def euros(value: Any) -> str:
    """12000.5 -> "12 000,50 €" (grouped, the locale's decimal mark, no-break spaces)."""
    amount = Decimal(str(value))
    places = 0 if amount == amount.to_integral_value() else 2
    number = formats.number_format(amount, decimal_pos=places, use_l10n=True, force_grouping=True)
    return f"{number}\u00a0€"


def readable_value(field: str, value: Any) -> str:
    """One snapshot value in the reader's language: a date, an amount, or the text ("—" if none)."""
    if value in (None, ""):
        return "—"
    try:
        if field == "due_on":
            return formats.date_format(datetime.date.fromisoformat(str(value)), "DATE_FORMAT")
        if field == "budget":
            return euros(value)
        if field == "indicator_target":
            return formats.number_format(Decimal(str(value)), use_l10n=True, force_grouping=True)
    except (ValueError, InvalidOperation):
        pass
    return str(value)


def change_text(change: FieldChange) -> str:
    """ "Échéance : 30 juin 2020 → 30 juin 2021"."""
    label = FIELD_LABELS.get(change.field, change.field)
    return _("%(field)s: %(old)s → %(new)s") % {
        "field": label,
        "old": readable_value(change.field, change.old),
        "new": readable_value(change.field, change.new),
    }
