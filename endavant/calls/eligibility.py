"""Who may submit to a call, support a project and comment, written once for the rules and the
services."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from endavant.actors.selectors import ParticipantProfile, participant_profile
from endavant.calls.models import Call, Project
from endavant.core.services import ApplicationError


def holder_labels(call: Call) -> list[str]:
    """Who may submit, as people read it (empty: everyone)."""
    return [str(Call.Holder(h).label) for h in call.holders if h in Call.Holder.values]


def _person(user: Any) -> ApplicationError | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return ApplicationError(_("Log in first."), code="login")
    if not getattr(user, "is_active", True):
        return ApplicationError(_("This account is not active."), code="inactive")
    return None


def _territory(call: Call, profile: ParticipantProfile) -> ApplicationError | None:
    if not call.territory_only:
        return None
    commune = profile.commune
    if commune is None or commune.departement_id != call.programme.territory_id:
        return ApplicationError(
            _("This call is open to people of the territory: add your commune to your profile."),
            code="territory",
        )
    return None


def submission_refusal(
    user: Any,
    call: Call,
    *,
    holder_kind: str | None = None,
    at: datetime | None = None,
    profile: ParticipantProfile | None = None,
) -> ApplicationError | None:
    """Why ``user`` may not submit (or edit) a project in ``call`` now, or ``None``.

    Codes: ``login``, ``inactive``, ``closed``, ``holder``, ``territory``.
    """
    refusal = _person(user)
    if refusal is not None:
        return refusal
    if not call.submission_open(at):
        return ApplicationError(
            _("Submissions to this call are closed (or not open yet)."), code="closed"
        )
    if holder_kind is not None and call.holders and holder_kind not in call.holders:
        return ApplicationError(
            _("This call is open to: %(holders)s.") % {"holders": ", ".join(holder_labels(call))},
            code="holder",
        )
    return _territory(call, profile or participant_profile(user))


def support_refusal(
    user: Any,
    project: Project,
    *,
    at: datetime | None = None,
    profile: ParticipantProfile | None = None,
) -> ApplicationError | None:
    """Why ``user`` may not support ``project`` now, or ``None``.

    Codes: ``login``, ``inactive``, ``vote`` (the call uses a ballot), ``not_submitted``,
    ``closed``, ``territory``.
    """
    refusal = _person(user)
    if refusal is not None:
        return refusal
    call = project.call
    if call.uses_vote:
        return ApplicationError(_("This call is decided by a vote, not by supports."), code="vote")
    if project.status != Project.Status.SUBMITTED:
        return ApplicationError(_("This project cannot be supported."), code="not_submitted")
    if not call.participation_open(at):
        return ApplicationError(_("Supports are closed (or not open yet)."), code="closed")
    return _territory(call, profile or participant_profile(user))


def comment_refusal(user: Any, project: Project) -> ApplicationError | None:
    """Why ``user`` may not comment on ``project``, or ``None``."""
    refusal = _person(user)
    if refusal is not None:
        return refusal
    if project.status != Project.Status.SUBMITTED:
        return ApplicationError(_("Comments are closed on this project."), code="not_submitted")
    return None
