"""Figures kept in the cache until the data behind them changes.

Every write of the platform goes through an audited service (``core.services``) and every act of
participation is a ``ParticipationEvent``: the latest audit row and the latest event (their ids and
timestamps) form a *data version*. A figure computed for a programme,
filters and language is cached under that version, so it is served again only while nothing was
written since; any write gives a new version and the figures are computed afresh. Reading the
version costs two indexed queries, where a page's figures cost several scans of the events.

``ENDAVANT_OBSERVATORY_CACHE_SECONDS`` bounds how long a version is kept (0 turns the cache off);
with several servers the shared cache (``ENDAVANT_CACHE_URL``) serves them all.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max
from django.utils import translation

from endavant.core.models import AuditEntry, ParticipationEvent

T = TypeVar("T")


def data_version() -> str:
    """Changes whenever an audited write or an act of participation is recorded."""
    audit = AuditEntry.objects.aggregate(last=Max("pk"), at=Max("at"))
    events = ParticipationEvent.objects.aggregate(last=Max("pk"), at=Max("occurred_at"))
    stamps = [value.isoformat() if value else "" for value in (audit["at"], events["at"])]
    return f"{audit['last']}:{events['last']}:{':'.join(stamps)}"


def cached_figures(kind: str, programme_pk: int, query: str, compute: Callable[[], T]) -> T:
    """``compute()``, or its value cached for this programme, query, language and data version."""
    seconds = int(getattr(settings, "ENDAVANT_OBSERVATORY_CACHE_SECONDS", 600))
    if seconds <= 0:
        return compute()
    raw = f"{kind}|{programme_pk}|{query}|{translation.get_language()}|{data_version()}"
    key = "observatory:" + hashlib.sha256(raw.encode()).hexdigest()
    value: Any = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    return value
