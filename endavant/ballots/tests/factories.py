"""Factories for ballots: a ballot opened through the service, in March 2024."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from endavant.ballots import services
from endavant.ballots.models import Ballot
from endavant.core.services import SYSTEM

OPENS = datetime(2024, 3, 1, tzinfo=UTC)
CLOSES = datetime(2024, 3, 31, tzinfo=UTC)


def open_ballot(
    programme: Any, method: str = "majority_judgment", options: Any = ("A", "B", "C"), **extra: Any
) -> Ballot:
    """A ballot on ``options`` open through March 2024 (freeze the clock to vote on it)."""
    fields: dict[str, Any] = {
        "title": "Priorités",
        "question": "Quelles priorités ?",
        "opens_at": OPENS,
        "closes_at": CLOSES,
    }
    fields.update(extra)
    return services.ballot_open(
        actor=extra.pop("actor", SYSTEM),
        programme=programme,
        method=method,
        options=list(options),
        **{k: v for k, v in fields.items() if k != "actor"},
    )
