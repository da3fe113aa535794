"""Who may vote on a ballot, written once: the permission predicate and the vote service both
ask :func:`vote_refusal`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from endavant.actors.selectors import participant_profile
from endavant.ballots.models import Ballot
from endavant.core.audiences import Audience
from endavant.core.services import ApplicationError


def audience_allowed(ballot: Ballot, audience: str) -> bool:
    """Whether a person of ``audience`` may vote on ``ballot`` (empty restriction: everyone)."""
    return not ballot.audiences or audience in ballot.audiences


def audience_labels(ballot: Ballot) -> list[str]:
    """The audiences the ballot is reserved for, as people read them (empty: everyone)."""
    return [str(Audience(a).label) for a in ballot.audiences if a in Audience.values]


def vote_refusal(
    user: Any, ballot: Ballot, *, at: datetime | None = None, audience: str | None = None
) -> ApplicationError | None:
    """Why ``user`` may not vote on ``ballot`` now, or ``None`` when they may.

    The error's code says which rule refused: ``login``, ``inactive``, ``not_open``, ``closed``
    or ``audience``. ``audience`` may be passed when the caller has already read the profile.
    """
    if user is None or not getattr(user, "is_authenticated", False):
        return ApplicationError(_("Log in to vote."), code="login")
    if not getattr(user, "is_active", True):
        return ApplicationError(_("This account is not active."), code="inactive")
    now = at or timezone.now()
    if now < ballot.opens_at:
        return ApplicationError(_("This ballot is not open yet."), code="not_open")
    if now >= ballot.closes_at:
        return ApplicationError(
            _("This ballot is closed: votes can no longer be cast or changed."), code="closed"
        )
    if ballot.audiences:
        if audience is None:
            audience = participant_profile(user).audience
        if not audience_allowed(ballot, audience):
            return ApplicationError(
                _("This ballot is reserved for: %(audiences)s.")
                % {"audiences": ", ".join(audience_labels(ballot))},
                code="audience",
            )
    return None
