"""Public participation in a call: comments and their moderation, supports, ballots."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from endavant.actors.selectors import ParticipantProfile, participant_profile
from endavant.ballots import services as ballot_services
from endavant.ballots.models import Ballot, Vote
from endavant.calls.eligibility import comment_refusal, support_refusal
from endavant.calls.models import (
    Call,
    Comment,
    Project,
    Report,
    Support,
)
from endavant.calls.services._common import (
    user_or_none,
)
from endavant.core.services import (
    ApplicationError,
    audit_record,
    participation_record,
    write,
)


@transaction.atomic
def comment_add(
    *,
    actor: Any,
    project: Project,
    text: str,
    parent: Comment | None = None,
    channel: str = "web",
    profile: ParticipantProfile | None = None,
    at: datetime | None = None,
    is_example: bool = False,
) -> Comment:
    """Publish a comment (or a reply) on a project."""
    refusal = comment_refusal(actor, project)
    if refusal is not None:
        raise refusal
    text = text.replace("\x00", "").strip()
    if not text:
        raise ApplicationError(_("Write the comment."), code="empty")
    if parent is not None and parent.project_id != project.pk:
        raise ApplicationError(_("This reply belongs to another project."), code="parent")
    profile = profile or participant_profile(actor)
    comment = write(
        actor=actor,
        instance=Comment(),
        fields={
            "project": project,
            "parent": parent,
            "author": actor,
            "text": text,
            "channel": channel,
            "audience": profile.audience,
            "commune_code": profile.commune_code,
            "commune_isolated": profile.commune_isolated,
            "is_example": is_example,
            **({"created_at": at} if at is not None else {}),
        },
        action="comment",
    )
    participation_record(
        kind="call.comment",
        participant=actor,
        commune_code=profile.commune_code,
        audience=profile.audience,
        channel=channel,
        target=comment,
        occurred_at=at,
    )
    return comment


@transaction.atomic
def comment_report(*, actor: Any, comment: Comment, reason: str) -> Report:
    """A participant reports a comment to the moderators."""
    if user_or_none(actor) is None:
        raise ApplicationError(_("Log in first."), code="login")
    reason = reason.strip()
    if not reason:
        raise ApplicationError(_("Say why you report this comment."), code="reason")
    try:
        with transaction.atomic():
            report = Report.objects.create(comment=comment, reporter=actor, reason=reason[:500])
    except IntegrityError as error:
        raise ApplicationError(_("You already reported this comment."), code="already") from error
    audit_record(actor=actor, action="comment.report", target=comment, after={"reason": reason})
    return report


@transaction.atomic
def comment_moderate(*, actor: Any, comment: Comment, hide: bool, reason: str) -> Comment:
    """Hide a comment (a visible notice replaces it, with the reason) or show it again."""
    reason = reason.strip()
    if not reason:
        raise ApplicationError(_("Give the reason of the moderation."), code="reason")
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    status = Comment.Status.HIDDEN if hide else Comment.Status.VISIBLE
    comment.reports.update(handled=True)
    return write(
        actor=actor,
        instance=comment,
        fields={
            "status": status,
            "moderation_reason": reason,
            "moderated_by": user_or_none(actor),
            "moderated_at": timezone.now(),
        },
        action="comment",
        reason=reason,
    )


@transaction.atomic
def comment_appeal(*, actor: Any, comment: Comment, text: str) -> Comment:
    """The author appeals the moderation of their comment (once)."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if getattr(actor, "pk", None) != comment.author_id:
        raise ApplicationError(_("Only the author appeals."), code="forbidden")
    if comment.status != Comment.Status.HIDDEN:
        raise ApplicationError(_("This comment is not hidden."), code="not_hidden")
    if comment.appeal:
        raise ApplicationError(_("This comment has already been appealed."), code="already")
    text = text.strip()
    if not text:
        raise ApplicationError(_("Say why the comment should be shown."), code="reason")
    return write(
        actor=actor,
        instance=comment,
        fields={"appeal": Comment.Appeal.PENDING, "appeal_text": text},
        action="comment",
    )


@transaction.atomic
def comment_appeal_decide(*, actor: Any, comment: Comment, reinstate: bool, reason: str) -> Comment:
    """A moderator decides an appeal: the comment comes back, or the moderation stands."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.appeal != Comment.Appeal.PENDING:
        raise ApplicationError(_("No appeal is pending on this comment."), code="no_appeal")
    reason = reason.strip()
    if not reason:
        raise ApplicationError(_("Give the reason of the decision."), code="reason")
    fields: dict[str, Any] = {
        "appeal": Comment.Appeal.REINSTATED if reinstate else Comment.Appeal.UPHELD,
        "appeal_decision_reason": reason,
    }
    if reinstate:
        fields["status"] = Comment.Status.VISIBLE
    return write(actor=actor, instance=comment, fields=fields, action="comment", reason=reason)


# --- Supports and the ballot ---------------------------------------------------------------


@transaction.atomic
def support_add(
    *,
    actor: Any,
    project: Project,
    supporter: Any = None,
    channel: str = "web",
    consent: bool = False,
    profile: ParticipantProfile | None = None,
    at: datetime | None = None,
) -> Support:
    """Support a project: one support per person and project (a database constraint; a second
    click, even at the same instant, is a clear message, never a second support)."""
    supporter = supporter or actor
    acting_for_other = getattr(actor, "pk", None) != getattr(supporter, "pk", None)
    if acting_for_other:
        if not getattr(actor, "has_perm", lambda *_: False)("calls.submit_for_others"):
            raise ApplicationError(_("You may only support for yourself."), code="forbidden")
        if not consent:
            raise ApplicationError(
                _("Record the person's consent before acting for them."), code="consent"
            )
        channel = channel if channel != "web" else "mediator"
    project = Project.objects.select_related("call__programme").get(pk=project.pk)
    profile = profile or participant_profile(supporter)
    refusal = support_refusal(supporter, project, at=at, profile=profile)
    if refusal is not None:
        raise refusal
    try:
        with transaction.atomic():
            support = Support.objects.create(
                project=project,
                supporter=supporter,
                channel=channel,
                entered_by=actor if acting_for_other else None,
                audience=profile.audience,
                commune_code=profile.commune_code,
                commune_isolated=profile.commune_isolated,
                **({"created_at": at} if at is not None else {}),
            )
    except IntegrityError as error:
        raise ApplicationError(
            _("This person already supports this project."), code="already"
        ) from error
    participation_record(
        kind="call.support",
        participant=supporter,
        commune_code=profile.commune_code,
        audience=profile.audience,
        channel=channel,
        target=project,
        occurred_at=at,
    )
    return support


def _vote_method(call: Call) -> str:
    return "budget_approval" if call.vote_method == Call.VoteMethod.BUDGET_APPROVAL else "approval"


@transaction.atomic
def call_ballot_open(*, actor: Any, call: Call) -> Ballot:
    """Open the call's ballot: its options are the submitted projects (source: the project)."""
    call = Call.objects.select_for_update().get(pk=call.pk)
    if not call.uses_vote:
        raise ApplicationError(_("This call is decided by supports, not by a vote."), code="vote")
    if call.ballot_id is not None:
        raise ApplicationError(_("The ballot of this call is already open."), code="already")
    projects = list(call.projects.filter(status=Project.Status.SUBMITTED).order_by("pk"))
    ballot = ballot_services.ballot_open(
        actor=actor,
        programme=call.programme,
        title=call.title,
        question=_("Which projects should be funded?"),
        method=_vote_method(call),
        opens_at=call.participation_opens_at,
        closes_at=call.participation_closes_at,
        options=[(p.title, p) for p in projects],
        is_example=call.is_example,
    )
    write(actor=actor, instance=call, fields={"ballot": ballot}, action="call")
    return ballot


@transaction.atomic
def paper_vote_enter(
    *,
    actor: Any,
    call: Call,
    voter: Any,
    projects: Iterable[Project],
    profile: ParticipantProfile | None = None,
) -> Vote:
    """Staff enter a paper ballot for ``voter`` (channel "paper") through the ballots registry."""
    call = Call.objects.select_related("ballot").get(pk=call.pk)
    if call.ballot is None:
        raise ApplicationError(_("This call has no ballot."), code="no_ballot")
    wanted = {p.pk for p in projects}
    options = {
        int(o.source_id): o.pk
        for o in call.ballot.options.all()
        if o.source_id and o.source_id.isdigit()
    }
    unknown = wanted - set(options)
    if unknown:
        raise ApplicationError(_("This ballot has no such option."), code="unknown_option")
    vote = ballot_services.vote_cast(
        voter=voter,
        ballot=call.ballot,
        values={options[pk]: 1 for pk in wanted},
        channel="paper",
        profile=profile,
    )
    audit_record(
        actor=actor, action="call.paper_vote", target=call, after={"projects": sorted(wanted)}
    )
    return vote


# --- Jury ----------------------------------------------------------------------------------
