"""Writes of projects: drafts, submission before the deadline, withdrawal, attachments."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from endavant.actors.selectors import ParticipantProfile, participant_profile
from endavant.calls.eligibility import submission_refusal
from endavant.calls.models import (
    Attachment,
    Call,
    Project,
)
from endavant.calls.services._common import (
    MAX_ATTACHMENTS,
    MAX_COMMUNES,
    MAX_PROJECTS_PER_HOLDER,
    SIGNATURES,
)
from endavant.core.services import (
    ApplicationError,
    participation_record,
    write,
)
from endavant.territory.models import Commune


def _check_project(call: Call, fields: Mapping[str, Any], communes: Sequence[Any]) -> None:
    amount = fields.get("requested_amount")
    if amount is not None:
        if Decimal(amount) <= 0:
            raise ApplicationError(_("The requested amount must be positive."), code="amount")
        if call.max_amount is not None and Decimal(amount) > call.max_amount:
            raise ApplicationError(
                _("This call funds at most %(n)s € per project.") % {"n": call.max_amount},
                code="amount",
            )
        if Decimal(amount) > call.budget:
            raise ApplicationError(
                _("The requested amount exceeds the budget of the call."), code="amount"
            )
    if len(communes) > MAX_COMMUNES:
        raise ApplicationError(
            _("A project names at most %(n)s communes.") % {"n": MAX_COMMUNES}, code="communes"
        )
    if call.territory_only:
        outside = [c for c in communes if c.departement_id != call.programme.territory_id]
        if outside:
            raise ApplicationError(
                _("This commune is outside the territory of the call: %(c)s.")
                % {"c": outside[0].name},
                code="territory",
            )
    domain = fields.get("domain")
    if domain is not None and domain.programme_id != call.programme_id:
        raise ApplicationError(_("This domain belongs to another programme."), code="domain")


def is_own_project(user: Any, project: Project) -> bool:
    """Whether ``user`` holds ``project`` or entered it for its holder (never for a visitor, nor
    for the projects of an imported past call, which have neither)."""
    pk = getattr(user, "pk", None)
    return pk is not None and pk in (project.holder_id, project.entered_by_id)


def _may_edit(actor: Any, project: Project) -> bool:
    return is_own_project(actor, project)


@transaction.atomic
def project_save(
    *,
    actor: Any,
    call: Call,
    project: Project | None = None,
    holder: Any = None,
    communes: Iterable[Any] | None = None,
    consent: bool = False,
    profile: ParticipantProfile | None = None,
    at: datetime | None = None,
    **fields: Any,
) -> Project:
    """Create a draft, or edit a project (draft or submitted) until the submission deadline.

    A mediator may create a project for a resident (``holder`` is not the actor): the resident's
    consent is required and the channel is ``mediator``.
    """
    call = Call.objects.select_related("programme").get(pk=call.pk)
    communes_list = list(communes) if communes is not None else None
    if project is None:
        holder = holder or actor
        acting_for_other = getattr(actor, "pk", None) != getattr(holder, "pk", None)
        if acting_for_other:
            if not getattr(actor, "has_perm", lambda *_: False)("calls.submit_for_others"):
                raise ApplicationError(_("You may only submit for yourself."), code="forbidden")
            if not consent:
                raise ApplicationError(
                    _("Record the person's consent before submitting for them."), code="consent"
                )
        profile = profile or participant_profile(holder)
        refusal = submission_refusal(
            holder, call, holder_kind=fields.get("holder_kind"), at=at, profile=profile
        )
        if refusal is not None:
            raise refusal
        mine = Project.objects.filter(call=call, holder=holder).count()
        if mine >= MAX_PROJECTS_PER_HOLDER:
            raise ApplicationError(
                _("At most %(n)s projects per person in a call.") % {"n": MAX_PROJECTS_PER_HOLDER},
                code="too_many",
            )
        now = at or timezone.now()
        fields.update(
            call=call,
            holder=holder,
            channel="mediator" if acting_for_other else fields.get("channel", "web"),
            entered_by=actor if acting_for_other else None,
            consent_at=now if acting_for_other else None,
            audience=profile.audience,
            commune_code=profile.commune_code,
            commune_isolated=profile.commune_isolated,
            created_at=now,
        )
        instance = Project()
    else:
        instance = Project.objects.select_for_update().get(pk=project.pk)
        if not _may_edit(actor, instance):
            raise ApplicationError(
                _("Only the project holder edits this project."), code="forbidden"
            )
        if instance.status == Project.Status.WITHDRAWN:
            raise ApplicationError(_("This project was withdrawn."), code="withdrawn")
        refusal = submission_refusal(
            instance.holder,
            call,
            holder_kind=fields.get("holder_kind", instance.holder_kind),
            at=at,
            profile=profile,
        )
        if refusal is not None:
            raise refusal
        for name in ("call", "holder", "status", "entered_by", "channel", "decision"):
            fields.pop(name, None)
    _check_project(call, fields, communes_list or [])
    m2m = {"communes": communes_list} if communes_list is not None else None
    return write(actor=actor, instance=instance, fields=fields, action="project", m2m=m2m)


@transaction.atomic
def project_submit(*, actor: Any, project: Project, at: datetime | None = None) -> Project:
    """Submit a draft before the deadline (checked here, on the server)."""
    project = (
        Project.objects.select_for_update().select_related("call__programme").get(pk=project.pk)
    )
    if not _may_edit(actor, project):
        raise ApplicationError(_("Only the project holder submits this project."), code="forbidden")
    if project.status != Project.Status.DRAFT:
        raise ApplicationError(_("This project is not a draft."), code="not_draft")
    # The territory is checked against the profile recorded with the draft.
    commune = Commune.objects.filter(code=project.commune_code).first()
    profile = ParticipantProfile(project.audience, commune, project.commune_isolated)
    refusal = submission_refusal(
        project.holder, project.call, holder_kind=project.holder_kind, at=at, profile=profile
    )
    if refusal is not None:
        raise refusal
    now = at or timezone.now()
    write(
        actor=actor,
        instance=project,
        fields={"status": Project.Status.SUBMITTED, "submitted_at": now},
        action="project",
    )
    participation_record(
        kind="call.submit",
        participant=project.holder,
        commune_code=project.commune_code,
        audience=project.audience,
        channel=project.channel,
        target=project,
        occurred_at=now,
    )
    return project


@transaction.atomic
def project_withdraw(*, actor: Any, project: Project, reason: str = "") -> Project:
    """The holder withdraws a project (before any money is committed to it)."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if not _may_edit(actor, project):
        raise ApplicationError(
            _("Only the project holder withdraws this project."), code="forbidden"
        )
    if project.status == Project.Status.WITHDRAWN:
        raise ApplicationError(_("This project is already withdrawn."), code="withdrawn")
    if project.ledger.exists():
        raise ApplicationError(
            _("Money is committed to this project: ask the programme team."), code="committed"
        )
    return write(
        actor=actor,
        instance=project,
        fields={"status": Project.Status.WITHDRAWN, "withdrawn_at": timezone.now()},
        action="project",
        reason=reason,
    )


def check_upload(upload: UploadedFile) -> str:
    """The content type of an accepted attachment (PDF, PNG or JPEG, within the size limit),
    read from its first bytes; ``ApplicationError`` with a clear message otherwise."""
    from django.conf import settings

    limit = int(settings.ENDAVANT_MAX_UPLOAD_BYTES)
    if upload.size is None or upload.size > limit:
        raise ApplicationError(
            _("The file is too large (at most %(mb)s MB).") % {"mb": limit // (1024 * 1024)},
            code="too_large",
        )
    head = upload.read(16)
    upload.seek(0)
    for content_type, signatures in SIGNATURES.items():
        if any(head.startswith(s) for s in signatures):
            return content_type
    raise ApplicationError(
        _("Attach a PDF, PNG or JPEG file: this file is none of them."), code="file_type"
    )


@transaction.atomic
def attachment_add(*, actor: Any, project: Project, upload: UploadedFile) -> Attachment:
    """Attach a file to a project, until the submission deadline."""
    project = Project.objects.select_for_update().select_related("call").get(pk=project.pk)
    if not _may_edit(actor, project):
        raise ApplicationError(_("Only the project holder adds files."), code="forbidden")
    if not project.call.submission_open():
        raise ApplicationError(_("Submissions to this call are closed."), code="closed")
    if project.attachments.count() >= MAX_ATTACHMENTS:
        raise ApplicationError(
            _("A project has at most %(n)s attachments.") % {"n": MAX_ATTACHMENTS},
            code="too_many",
        )
    content_type = check_upload(upload)
    name = (upload.name or "piece")[-200:]
    return write(
        actor=actor,
        instance=Attachment(project=project),
        fields={"file": upload, "name": name, "content_type": content_type, "size": upload.size},
        action="attachment",
    )


# --- Comments and moderation ---------------------------------------------------------------
