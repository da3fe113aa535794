"""Form pieces shared by every app, so that too much input is a form error, never a 500.

Text without a length of its own (a model ``TextField`` gives its form field none), lists typed
as text (tags, INSEE codes) and record ids are bounded here; a NUL byte never reaches a form
(see ``core.middleware.holds_nul_byte``).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

#: Free text that sets no maximum of its own (descriptions, evidence, reasons) stops here.
TEXT_MAX_LENGTH = 5_000


def limit_length(field: forms.CharField, max_length: int) -> None:
    """Give ``field`` a maximum length, checked on the server and announced to the browser."""
    field.max_length = max_length
    field.validators.append(MaxLengthValidator(max_length))
    field.widget.attrs |= field.widget_attrs(field.widget)


class BoundedTextMixin(forms.BaseForm):
    """Every text field of the form without a maximum length gets ``TEXT_MAX_LENGTH``.

    Put it first in the bases: ``class ActionForm(BoundedTextMixin, forms.ModelForm)``.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and field.max_length is None:
                limit_length(field, TEXT_MAX_LENGTH)


class SeparatedListField(forms.CharField):
    """A list typed as text, cleaned to its items: at most ``max_items`` items of at most
    ``max_item_length`` characters, separated by any of ``separators`` (the first is the one
    the help text shows)."""

    def __init__(
        self,
        *,
        max_items: int,
        max_item_length: int,
        separators: str = ",",
        **kwargs: Any,
    ) -> None:
        self.max_items = max_items
        self.max_item_length = max_item_length
        self.separators = separators
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", max_items * (max_item_length + 2))
        super().__init__(**kwargs)

    def split(self, text: str) -> list[str]:
        """The items of ``text``, stripped, empty ones left out."""
        for separator in self.separators[1:]:
            text = text.replace(separator, self.separators[0])
        return [item.strip() for item in text.split(self.separators[0]) if item.strip()]

    def clean(self, value: Any) -> Any:
        items = self.split(super().clean(value) or "")
        if len(items) > self.max_items:
            raise forms.ValidationError(
                _("At most %(max)s items, please (there are %(count)s)."),
                code="too_many_items",
                params={"max": self.max_items, "count": len(items)},
            )
        too_long = [item for item in items if len(item) > self.max_item_length]
        if too_long:
            raise forms.ValidationError(
                _("An item has at most %(max)s characters: “%(item)s…”."),
                code="item_too_long",
                params={"max": self.max_item_length, "item": too_long[0][:30]},
            )
        return items


#: A 64-bit primary key holds no larger number (and SQLite cannot compare a column with one).
_PK_LIMIT = 2**63


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, refusing an id that no integer primary key can hold before it queries:
    Django 5.2 sends ``pk__in`` such numbers as they are, and SQLite fails on them (500)."""

    def _check_values(self, value: Any) -> Any:
        key = self.to_field_name or "pk"
        model = self.queryset.model  # type: ignore[union-attr]
        target = model._meta.pk if key == "pk" else model._meta.get_field(key)
        if isinstance(target, models.IntegerField) and isinstance(value, list | tuple):
            for item in value:
                try:
                    number = int(str(item))
                except ValueError:
                    number = _PK_LIMIT
                if not -_PK_LIMIT <= number < _PK_LIMIT:
                    raise forms.ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": str(item)[:30]},
                    )
        return super()._check_values(value)  # type: ignore[misc]
