"""Formatting helpers for the territory pages."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def percent(value: float | None, digits: int = 1) -> str:
    """0.1234 -> "12,3 %" (localised); an en dash when unknown."""
    if value is None or value == "":
        return "–"
    return f"{number_format(float(value) * 100, digits)} %"


@register.filter
def thousands(value: int | float | None) -> str:
    """Localised number with thousands separators; an en dash when unknown."""
    if value is None or value == "":
        return "–"
    return number_format(value, force_grouping=True)
