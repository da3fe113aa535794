"""The jury: members, declared conflicts of interest, scores, the team's decisions."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from endavant.calls.models import (
    Call,
    Conflict,
    JuryMember,
    Project,
    Score,
)
from endavant.core.services import (
    ApplicationError,
    write,
)


@transaction.atomic
def jury_member_add(*, actor: Any, call: Call, member: Any) -> JuryMember:
    """Seat ``member`` on the jury of ``call``."""
    if JuryMember.objects.filter(call=call, member=member).exists():
        raise ApplicationError(_("This person is already on the jury."), code="already")
    return write(
        actor=actor, instance=JuryMember(), fields={"call": call, "member": member}, action="juror"
    )


def _juror(actor: Any, call: Call) -> JuryMember:
    juror = JuryMember.objects.filter(call=call, member_id=getattr(actor, "pk", None)).first()
    if juror is None:
        raise ApplicationError(_("You are not a member of this jury."), code="not_juror")
    return juror


@transaction.atomic
def conflict_declare(*, actor: Any, project: Project, reason: str) -> Conflict:
    """A jury member declares a conflict of interest with a project; their scores of it go."""
    juror = _juror(actor, project.call)
    reason = reason.strip()
    if not reason:
        raise ApplicationError(_("Describe the conflict of interest."), code="reason")
    if Conflict.objects.filter(juror=juror, project=project).exists():
        raise ApplicationError(_("This conflict is already declared."), code="already")
    Score.objects.filter(juror=juror, project=project).delete()
    return write(
        actor=actor,
        instance=Conflict(),
        fields={"juror": juror, "project": project, "reason": reason},
        action="conflict",
    )


@transaction.atomic
def score_record(
    *,
    actor: Any,
    project: Project,
    scores: Mapping[int, tuple[int, str]],
    at: datetime | None = None,
) -> list[Score]:
    """A jury member scores a project: criterion id -> (0 to 10, comment). Refused on a
    project they declared a conflict with, and after the jury review."""
    call = project.call
    juror = _juror(actor, call)
    if Conflict.objects.filter(juror=juror, project=project).exists():
        raise ApplicationError(
            _("You declared a conflict of interest with this project: you cannot score it."),
            code="conflict",
        )
    if project.status != Project.Status.SUBMITTED:
        raise ApplicationError(_("Only submitted projects are scored."), code="not_submitted")
    if (at or timezone.now()) >= call.jury_closes_at:
        raise ApplicationError(_("The jury review is over."), code="closed")
    criteria = {c.pk: c for c in call.criteria.all()}
    if set(scores) - set(criteria):
        raise ApplicationError(_("Unknown criterion."), code="criterion")
    saved = []
    for criterion_id, (value, comment) in scores.items():
        if not 0 <= value <= 10:
            raise ApplicationError(_("A score is between 0 and 10."), code="value")
        score = Score.objects.filter(juror=juror, project=project, criterion_id=criterion_id)
        saved.append(
            write(
                actor=actor,
                instance=score.first()
                or Score(juror=juror, project=project, criterion=criteria[criterion_id]),
                fields={"value": value, "comment": comment.strip()[:2000]},
                action="score",
            )
        )
    return saved


@transaction.atomic
def project_decide(*, actor: Any, project: Project, decision: str, reason: str) -> Project:
    """The programme team records its decision on a project, with the reason."""
    if decision not in (Project.Decision.SELECTED, Project.Decision.REJECTED):
        raise ApplicationError(_("Choose selected or not selected."), code="decision")
    reason = reason.strip()
    if not reason:
        raise ApplicationError(_("Give the reason of the decision."), code="reason")
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.status != Project.Status.SUBMITTED:
        raise ApplicationError(_("Only submitted projects are decided."), code="not_submitted")
    return write(
        actor=actor,
        instance=project,
        fields={"decision": decision, "decision_reason": reason, "decided_at": timezone.now()},
        action="project",
        reason=reason,
    )


# --- Allocation ----------------------------------------------------------------------------
