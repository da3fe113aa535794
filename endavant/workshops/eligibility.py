"""Who may register for a workshop, written once for the rule and the service."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from endavant.actors.selectors import participant_profile
from endavant.core.audiences import Audience
from endavant.core.services import ApplicationError
from endavant.workshops.models import Workshop


def audience_labels(workshop: Workshop) -> list[str]:
    """The audiences the workshop is reserved for, as people read them (empty: everyone)."""
    return [str(Audience(a).label) for a in workshop.audiences if a in Audience.values]


def registration_refusal(
    user: Any, workshop: Workshop, *, at: datetime | None = None, audience: str | None = None
) -> ApplicationError | None:
    """Why ``user`` may not register for ``workshop`` now, or ``None`` when they may.

    Codes: ``login``, ``inactive``, ``cancelled``, ``past``, ``audience``.
    """
    if user is None or not getattr(user, "is_authenticated", False):
        return ApplicationError(_("Log in to register."), code="login")
    if not getattr(user, "is_active", True):
        return ApplicationError(_("This account is not active."), code="inactive")
    if workshop.is_cancelled:
        return ApplicationError(_("This workshop is cancelled."), code="cancelled")
    if workshop.starts_at <= (at or timezone.now()):
        return ApplicationError(
            _("This workshop has started: registrations are closed."), code="past"
        )
    if workshop.audiences:
        if audience is None:
            audience = participant_profile(user).audience
        if audience not in workshop.audiences:
            return ApplicationError(
                _("This workshop is reserved for: %(audiences)s.")
                % {"audiences": ", ".join(audience_labels(workshop))},
                code="audience",
            )
    return None
