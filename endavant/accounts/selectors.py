"""Reads for accounts: commune lookup, role holders, the audit log."""

from __future__ import annotations

import re

from django.contrib.auth.models import Group
from django.db.models import Prefetch, Q, QuerySet
from django.db.models.functions import Length

from endavant.accounts.models import User
from endavant.accounts.roles import Role
from endavant.core.models import AuditEntry
from endavant.core.text import search_key
from endavant.territory.models import Commune

#: Abbreviations people type for commune names ("st cyprien"), expanded before comparing.
ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}

#: An INSEE code or a postcode: five digits, or Corsica's 2A/2B and three digits.
FIVE_CHARACTER_CODE = re.compile(r"^(\d{5}|2[ABab]\d{3})$")


def commune_name_key(text: str) -> str:
    """The search key of a commune name, abbreviations expanded: "St-Cyprien" -> "saint cyprien"."""
    return " ".join(ABBREVIATIONS.get(word, word) for word in search_key(text).split())


def is_code_like(text: str) -> bool:
    """Whether ``text`` is five digits (or 2A/2B and three): an INSEE code *or* a postcode."""
    return bool(FIVE_CHARACTER_CODE.match((text or "").strip()))


def communes_named(text: str, *, limit: int = 10) -> list[Commune]:
    """Communes whose name matches ``text`` with accents, case, hyphens and "St"/"Ste" ignored.

    The indexed ``search_name`` first, then (rows imported without it) names of about the same
    length compared in Python; bounded queries, at most ``limit`` communes.
    """
    wanted = commune_name_key(text)
    if not wanted:
        return []
    base = Commune.objects.select_related("departement").order_by("name", "code")
    found = list(base.filter(search_name=wanted)[:limit])
    if found:
        return found
    near = base.annotate(name_length=Length("name")).filter(
        name_length__gte=len(wanted) - 2, name_length__lte=len(wanted) + 1
    )
    matches: list[Commune] = [c for c in near if commune_name_key(c.name) == wanted]
    return matches[:limit]


def communes_starting(text: str, *, limit: int = 10) -> list[Commune]:
    """Communes whose name starts like ``text`` (suggestions when no name matches exactly)."""
    wanted = commune_name_key(text)
    if len(wanted) < 3:
        return []
    return list(
        Commune.objects.select_related("departement")
        .filter(search_name__startswith=wanted)
        .order_by("name", "code")[:limit]
    )


def communes_for_code(code: str) -> list[Commune]:
    """The communes a five-digit number may stand for: the commune with this INSEE code and the
    communes where public sites have this postcode (the only postcodes the platform holds)."""
    value = code.strip().upper()
    by_insee = list(Commune.objects.select_related("departement").filter(code=value))
    by_postcode = list(
        Commune.objects.select_related("departement")
        .filter(public_sites__postcode=value)
        .exclude(code=value)
        .distinct()
        .order_by("name")[:10]
    )
    return by_insee + by_postcode


def commune_lookup(text: str) -> list[Commune]:
    """Communes matching an INSEE code or a name, accents and case ignored (at most 10).

    For staff filters that take a code; forms where a person gives their own commune use
    ``accounts.forms.CommuneField``, which never takes a bare number (it may be a postcode).
    """
    value = (text or "").strip()
    if not value:
        return []
    if is_code_like(value):
        found = list(Commune.objects.select_related("departement").filter(code=value.upper()))
        if found:
            return found
    name = value.rsplit("(", 1)[0].strip() if value.endswith(")") else value
    exact = list(Commune.objects.select_related("departement").filter(name__iexact=name)[:10])
    return exact or communes_named(name)


def users_with_roles() -> list[User]:
    """Accounts holding a platform role or administrator status, groups prefetched (2 queries)."""
    return list(
        User.objects.filter(Q(groups__name__in=Role.values) | Q(is_superuser=True))
        .distinct()
        .prefetch_related(Prefetch("groups", queryset=Group.objects.order_by("name")))
        .order_by("email", "pk")
    )


def audit_entries(*, action: str = "") -> QuerySet[AuditEntry]:
    """The audit log, newest first, optionally for one action."""
    entries = AuditEntry.objects.select_related("content_type")
    if action:
        entries = entries.filter(action=action)
    return entries.order_by("-at", "-id")


def communes_to_review() -> QuerySet[User]:
    """Active accounts whose home commune was set before names were required (oldest first)."""
    return (
        User.objects.filter(home_commune_source=User.CommuneSource.TO_REVIEW)
        .select_related("home_commune__departement")
        .order_by("date_joined", "pk")
    )
