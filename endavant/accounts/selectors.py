"""Reads for accounts: commune lookup, role holders, the audit log."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db.models import Prefetch, Q, QuerySet
from django.db.models.functions import Length

from endavant.accounts.models import User
from endavant.accounts.roles import Role
from endavant.core.models import AuditEntry
from endavant.core.text import search_key
from endavant.territory.models import Commune


def commune_lookup(text: str) -> list[Commune]:
    """Communes matching an INSEE code or a name, accents and case ignored (at most 10).

    With some 35,000 communes this replaces a giant select: an exact code first, then an exact
    name, then names of the same length compared without accents (bounded, indexed queries).
    """
    value = (text or "").strip()
    if not value:
        return []
    base = Commune.objects.select_related("departement")
    if len(value) == 5 and value[:2].isalnum() and value[2:].isdigit():
        found = list(base.filter(code=value.upper()))
        if found:
            return found
    name = value.rsplit("(", 1)[0].strip() if value.endswith(")") else value
    exact = list(base.filter(name__iexact=name)[:10])
    if exact:
        return exact
    wanted = search_key(name)
    same_length = base.annotate(name_length=Length("name")).filter(name_length=len(name))
    matches: list[Commune] = [c for c in same_length if search_key(c.name) == wanted]
    return matches[:10]


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
