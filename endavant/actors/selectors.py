"""Reads of the directory: audiences, the public directory, staff lists. Bounded queries."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone

from endavant.actors.models import Membership, Person
from endavant.core.audiences import Audience
from endavant.territory.models import Commune

# Directory roles that give an audience, most significant first: a mayor who also runs a business
# is counted as an elected official.
AUDIENCE_BY_ROLE: tuple[tuple[str, str], ...] = (
    (Membership.Role.ELECTED_OFFICIAL, Audience.ELECTED_OFFICIAL),
    (Membership.Role.EMPLOYEE, Audience.EMPLOYEE),
    (Membership.Role.ASSOCIATION_MEMBER, Audience.ASSOCIATION),
    (Membership.Role.BUSINESS_OWNER, Audience.BUSINESS),
    (Membership.Role.RESIDENT, Audience.RESIDENT),
)


def current_memberships_q(today: datetime.date | None = None, prefix: str = "") -> Q:
    """The condition "started and not ended on ``today``" for memberships (under ``prefix``)."""
    day = today or timezone.localdate()
    return (Q(**{f"{prefix}start_date__isnull": True}) | Q(**{f"{prefix}start_date__lte": day})) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": day})
    )


def audience_for_roles(roles: set[str]) -> str:
    """The audience that a set of directory roles puts a person in (``unknown`` when none)."""
    for role, audience in AUDIENCE_BY_ROLE:
        if role in roles:
            return str(audience)
    return str(Audience.UNKNOWN)


def audience_for_user(user: Any, *, today: datetime.date | None = None) -> str:
    """The ``core.audiences.Audience`` value of ``user``, from their current memberships.

    Elected official > employee > association > business > resident; ``unknown`` for an
    anonymous visitor or a person with no current membership. One query.
    """
    if user is None or not getattr(user, "is_authenticated", False):
        return str(Audience.UNKNOWN)
    roles = set(
        Membership.objects.filter(current_memberships_q(today), person__user=user).values_list(
            "role", flat=True
        )
    )
    return audience_for_roles(roles)


def commune_for_user(user: Any) -> Commune | None:
    """The home commune of ``user``: the account's, else the directory person's, else None."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if user.home_commune_id:
        return Commune.objects.filter(pk=user.home_commune_id).first()
    return Commune.objects.filter(
        pk__in=Person.objects.filter(user=user).values("home_commune")
    ).first()
