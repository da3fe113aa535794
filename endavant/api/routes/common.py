"""Path parameters and look-ups shared by the route modules."""

from __future__ import annotations

from typing import Annotated

from django.http import Http404
from ninja import Path

from endavant.programmes.models import Programme

#: Largest value a primary key can hold (64-bit); anything above is refused before the query.
MAX_ID = 2**63 - 1

Id = Annotated[int, Path(..., ge=1, le=MAX_ID, description="The record's id.")]
Slug = Annotated[
    str,
    Path(
        ...,
        max_length=80,
        pattern=r"^[-a-zA-Z0-9_]+$",
        description="The programme's slug (see /api/programmes).",
    ),
]
CommuneCode = Annotated[
    str,
    Path(..., pattern=r"^[0-9][0-9AB][0-9]{3}$", description="INSEE code of the commune."),
]
DepartementCode = Annotated[
    str, Path(..., pattern=r"^([0-9]{2,3}|2[AB])$", description="Code of the département.")
]
#: Query filters: a commune's INSEE code, a département's code.
COMMUNE_PATTERN = r"^[0-9][0-9AB][0-9]{3}$"
DEPARTEMENT_PATTERN = r"^([0-9]{2,3}|2[AB])$"


def programme_or_404(slug: str) -> Programme:
    """The programme with this slug (archived ones too: their address stays readable)."""
    found = Programme.objects.select_related("territory").filter(slug=slug).first()
    if found is None:
        raise Http404
    return found


def text(value: object) -> str:
    """A lazy translation or any label as plain text."""
    return str(value)
