"""Factories for calls and projects, through the services."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from endavant.calls import services
from endavant.calls.models import Call, Project
from endavant.core.services import SYSTEM


def call(programme: Any, **fields: Any) -> Call:
    """A call open for submissions and supports now (budget 100,000 €)."""
    now = timezone.now()
    values: dict[str, Any] = {
        "title": "Imagine le numérique",
        "rules": "Règlement de l'appel.",
        "budget": Decimal("100000"),
        "territory_only": False,
        "submission_opens_at": now - timedelta(days=10),
        "submission_closes_at": now + timedelta(days=10),
        "participation_opens_at": now - timedelta(days=10),
        "participation_closes_at": now + timedelta(days=20),
        "jury_closes_at": now + timedelta(days=30),
        "selection_on": (now + timedelta(days=35)).date(),
        "realisation_until": (now + timedelta(days=400)).date(),
    }
    values.update(fields)
    return services.call_save(actor=SYSTEM, programme=programme, **values)


def project(
    the_call: Call, holder: Any, amount: str = "10000", submit: bool = True, **fields: Any
) -> Project:
    """A project of ``holder`` (submitted unless ``submit`` is false)."""
    values: dict[str, Any] = {
        "holder_kind": Call.Holder.RESIDENT,
        "title": "Un tiers-lieu",
        "summary": "Un lieu pour apprendre.",
        "description": "Description.",
        "requested_amount": Decimal(amount),
    }
    values.update(fields)
    draft = services.project_save(actor=holder, call=the_call, **values)
    if not submit:
        return draft
    return services.project_submit(actor=holder, project=draft)
