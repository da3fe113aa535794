"""Writes of the workshops app. Each one validates, writes its rows, its audit row and (for acts
of participation) its participation event in one transaction; e-mails are owed as ``Notice``
rows in the same transaction and sent after commit (and retried by
``endavant workshops send-notices``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from endavant.actors.selectors import ParticipantProfile, participant_profile
from endavant.core.audiences import Audience
from endavant.core.services import (
    ApplicationError,
    audit_record,
    participation_record,
    readable,
    write,
)
from endavant.roadmap.models import ActionOrigin
from endavant.roadmap.services import action_origin_add
from endavant.workshops import notices
from endavant.workshops.eligibility import registration_refusal
from endavant.workshops.models import (
    AttendanceCount,
    Contribution,
    Minutes,
    Notice,
    Registration,
    Workshop,
    WorkshopChange,
)

#: Fields whose change registrants must be told about, with a reason.
CHANGE_FIELDS = {
    "format": WorkshopChange.Kind.FORMAT,
    "starts_at": WorkshopChange.Kind.TIME,
    "ends_at": WorkshopChange.Kind.TIME,
    "commune": WorkshopChange.Kind.PLACE,
    "place": WorkshopChange.Kind.PLACE,
    "online_url": WorkshopChange.Kind.PLACE,
}
MAX_ATTENDANCE_COUNT = 10_000


def _check(fields: dict[str, Any], workshop: Workshop | None) -> None:
    def value(name: str) -> Any:
        return fields.get(name, getattr(workshop, name) if workshop else None)

    starts, ends = value("starts_at"), value("ends_at")
    if starts and ends and ends <= starts:
        raise ApplicationError(_("The workshop must end after it starts."), code="window")
    if "audiences" in fields:
        unknown = sorted(set(fields["audiences"]) - set(Audience.values))
        if unknown:
            raise ApplicationError(
                _("Unknown audience: %(names)s.") % {"names": ", ".join(unknown)},
                code="audience",
            )
        fields["audiences"] = sorted(set(fields["audiences"]))
    fmt = value("format")
    if fmt in (Workshop.Format.IN_PERSON, Workshop.Format.HYBRID) and not (
        value("commune") or value("place")
    ):
        raise ApplicationError(
            _("A workshop in the room needs a commune or an address."), code="place"
        )


@transaction.atomic
def workshop_save(
    *,
    actor: Any,
    workshop: Workshop | None = None,
    domains: Iterable[Any] | None = None,
    actions: Iterable[Any] | None = None,
    **fields: Any,
) -> Workshop:
    """Create a workshop, or edit what registrants need not be told about.

    Time, place and format of a workshop that has registrations change through
    :func:`workshop_change`, which needs a reason and notifies them.
    """
    if workshop is not None and workshop.pk:
        stored = Workshop.objects.select_for_update().get(pk=workshop.pk)
        changed = [
            name
            for name in CHANGE_FIELDS
            if name in fields and fields[name] != getattr(stored, name)
        ]
        live = stored.registrations.exclude(status=Registration.Status.CANCELLED)
        if changed and live.exists():
            raise ApplicationError(
                _("People are registered: change the time, place or format with a reason."),
                code="needs_change",
            )
    _check(fields, workshop)
    m2m: dict[str, Iterable[Any]] = {}
    if domains is not None:
        m2m["domains"] = domains
    if actions is not None:
        m2m["actions"] = actions
    return write(
        actor=actor, instance=workshop or Workshop(), fields=fields, action="workshop", m2m=m2m
    )


def _owed(registrations: Iterable[Registration], kind: str, change: Any = None) -> list[Notice]:
    return Notice.objects.bulk_create(
        Notice(registration=r, kind=kind, change=change) for r in registrations
    )


def _live(workshop: Workshop) -> Any:
    return workshop.registrations.exclude(status=Registration.Status.CANCELLED)


@transaction.atomic
def workshop_change(*, actor: Any, workshop: Workshop, reason: str, **fields: Any) -> Workshop:
    """Move a workshop (online, another time or place): reason required, kept in its history,
    and every registered or waiting person is notified with an updated invitation."""
    if not reason.strip():
        raise ApplicationError(_("Say why the workshop changes."), code="reason")
    workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
    if workshop.is_cancelled:
        raise ApplicationError(_("This workshop is cancelled."), code="cancelled")
    unknown = set(fields) - set(CHANGE_FIELDS)
    if unknown:
        raise ApplicationError(_("Only time, place and format change here."), code="fields")
    changed = {k: v for k, v in fields.items() if getattr(workshop, k) != v}
    if not changed:
        raise ApplicationError(_("Nothing changes."), code="no_change")
    _check(dict(changed), workshop)
    change = WorkshopChange.objects.create(
        workshop=workshop,
        kinds=sorted({str(CHANGE_FIELDS[k]) for k in changed}),
        reason=reason,
        before={k: readable(getattr(workshop, k)) for k in changed},
        after={k: readable(v) for k, v in changed.items()},
        by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    changed["sequence"] = workshop.sequence + 1
    changed["status"] = Workshop.Status.MOVED
    write(actor=actor, instance=workshop, fields=changed, action="workshop", reason=reason)
    if Workshop.Format(workshop.format) != Workshop.Format.HYBRID:
        # A registration whose mode the new format no longer offers moves to the one it offers.
        workshop.registrations.exclude(mode__in=workshop.modes()).update(mode=workshop.modes()[0])
    _owed(_live(workshop), Notice.Kind.CHANGED, change)
    notices.send_after_commit()
    return workshop


@transaction.atomic
def workshop_cancel(*, actor: Any, workshop: Workshop, reason: str) -> Workshop:
    """Cancel a workshop: reason required; everyone registered or waiting gets METHOD:CANCEL."""
    if not reason.strip():
        raise ApplicationError(_("Say why the workshop is cancelled."), code="reason")
    workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
    if workshop.is_cancelled:
        raise ApplicationError(_("This workshop is already cancelled."), code="cancelled")
    change = WorkshopChange.objects.create(
        workshop=workshop,
        kinds=[WorkshopChange.Kind.CANCELLED],
        reason=reason,
        before={"status": workshop.status},
        after={"status": Workshop.Status.CANCELLED},
        by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    write(
        actor=actor,
        instance=workshop,
        fields={"status": Workshop.Status.CANCELLED, "sequence": workshop.sequence + 1},
        action="workshop",
        reason=reason,
    )
    _owed(_live(workshop), Notice.Kind.CANCELLED, change)
    notices.send_after_commit()
    return workshop


@transaction.atomic
def registration_create(
    *,
    actor: Any,
    workshop: Workshop,
    participant: Any,
    mode: str | None = None,
    channel: str = "web",
    consent: bool = False,
    profile: ParticipantProfile | None = None,
    at: datetime | None = None,
    notify: bool = True,
) -> Registration:
    """Register ``participant`` (or put them on the waiting list when the mode is full).

    A mediator may register a resident (``actor`` is not the participant): the resident's
    consent must have been given (``consent``), and the channel says ``mediator``. The workshop
    row is locked while places are counted, so parallel registrations never overbook. ``at``
    and ``profile`` are for registrations entered after the fact (demo data, paper lists).
    """
    acting_for_other = getattr(actor, "pk", None) != getattr(participant, "pk", None)
    if acting_for_other:
        if not getattr(actor, "has_perm", lambda *_: False)("workshops.register_others"):
            raise ApplicationError(_("You may only register yourself."), code="forbidden")
        if not consent:
            raise ApplicationError(
                _("Record the person's consent before registering them."), code="consent"
            )
        channel = channel if channel != "web" else "mediator"
    workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
    profile = profile or participant_profile(participant)
    refusal = registration_refusal(participant, workshop, at=at, audience=profile.audience)
    if refusal is not None:
        raise refusal
    modes = workshop.modes()
    mode = mode or modes[0]
    if mode not in modes:
        raise ApplicationError(_("This workshop does not take place that way."), code="mode")
    capacity = workshop.capacity(mode)
    taken = workshop.registrations.filter(mode=mode, status=Registration.Status.REGISTERED).count()
    full = capacity is not None and taken >= capacity
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                workshop=workshop,
                participant=participant,
                mode=mode,
                status=Registration.Status.WAITING if full else Registration.Status.REGISTERED,
                channel=channel,
                entered_by=actor if acting_for_other else None,
                audience=profile.audience,
                commune_code=profile.commune_code,
                commune_isolated=profile.commune_isolated,
                **({"requested_at": at} if at is not None else {}),
            )
    except IntegrityError as error:
        raise ApplicationError(
            _("This person is already registered for this workshop."), code="already"
        ) from error
    if notify:
        _owed([registration], Notice.Kind.WAITING if full else Notice.Kind.CONFIRMED)
    participation_record(
        kind="workshop.wait" if full else "workshop.register",
        participant=participant,
        commune_code=profile.commune_code,
        audience=profile.audience,
        channel=channel,
        target=workshop,
        occurred_at=at,
    )
    if notify:
        notices.send_after_commit()
    return registration


@transaction.atomic
def registration_cancel(*, actor: Any, registration: Registration) -> Registration:
    """Cancel a registration; the first person waiting for the same mode takes the place."""
    workshop = Workshop.objects.select_for_update().get(pk=registration.workshop_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == Registration.Status.CANCELLED:
        raise ApplicationError(_("This registration is already cancelled."), code="cancelled")
    freed = registration.status == Registration.Status.REGISTERED
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    audit_record(
        actor=actor,
        action="registration.cancel",
        target=registration,
        after={"workshop": str(workshop), "freed_a_place": freed},
    )
    _owed([registration], Notice.Kind.REGISTRATION_CANCELLED)
    if freed and not workshop.is_cancelled:
        waiting = (
            workshop.registrations.select_for_update()
            .filter(mode=registration.mode, status=Registration.Status.WAITING)
            .order_by("requested_at", "pk")
            .first()
        )
        if waiting is not None:
            waiting.status = Registration.Status.REGISTERED
            waiting.save(update_fields=["status"])
            audit_record(actor=actor, action="registration.promote", target=waiting)
            _owed([waiting], Notice.Kind.PROMOTED)
    notices.send_after_commit()
    return registration


@dataclass(frozen=True)
class Headcount:
    """People who came without registering: how many, of which audience, commune, channel."""

    audience: str
    count: int
    commune_code: str = ""
    commune_isolated: bool | None = None
    channel: str = "workshop"


@transaction.atomic
def attendance_record(
    *,
    actor: Any,
    workshop: Workshop,
    attended: Iterable[int],
    headcounts: Sequence[Headcount] = (),
) -> Workshop:
    """Record who came (registrations by id) and the people who came without registering.

    Replaces what was recorded before. Each person who came is one participation event
    ``workshop.attend`` (through the channel "in the room" or "online").
    """
    workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
    if workshop.starts_at > timezone.now():
        raise ApplicationError(
            _("Attendance is recorded once the workshop has started."), code="not_started"
        )
    if workshop.is_cancelled:
        raise ApplicationError(_("This workshop is cancelled."), code="cancelled")
    came = set(attended)
    live = list(_live(workshop))
    unknown = came - {r.pk for r in live}
    if unknown:
        raise ApplicationError(_("Unknown registration."), code="unknown_registration")
    for headcount in headcounts:
        if headcount.audience not in Audience.values:
            raise ApplicationError(_("Unknown audience."), code="audience")
        if not 0 <= headcount.count <= MAX_ATTENDANCE_COUNT:
            raise ApplicationError(
                _("A count is between 0 and %(n)s.") % {"n": MAX_ATTENDANCE_COUNT}, code="count"
            )
    already = {r.pk for r in live if r.attended}
    for registration in live:
        registration.attended = registration.pk in came
    Registration.objects.bulk_update(live, ["attended"])
    workshop.attendance_counts.all().delete()
    AttendanceCount.objects.bulk_create(
        AttendanceCount(
            workshop=workshop,
            audience=h.audience,
            commune_code=h.commune_code,
            commune_isolated=h.commune_isolated,
            channel=h.channel,
            count=h.count,
        )
        for h in headcounts
        if h.count
    )
    for registration in live:
        if registration.pk in came and registration.pk not in already:
            participation_record(
                kind="workshop.attend",
                participant=registration.participant,
                commune_code=registration.commune_code,
                audience=registration.audience,
                channel="workshop" if registration.mode == Registration.Mode.ROOM else "web",
                target=workshop,
                occurred_at=workshop.starts_at,
            )
    if workshop.status != Workshop.Status.HELD:
        workshop.status = Workshop.Status.HELD
        workshop.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="workshop.attendance",
        target=workshop,
        after={
            "registered_who_came": len(came),
            "not_registered": sum(h.count for h in headcounts),
        },
    )
    return workshop


def _check_pdf(upload: UploadedFile) -> None:
    limit = int(getattr(settings, "ENDAVANT_MAX_UPLOAD_BYTES", 10 * 1024 * 1024))
    if upload.size is None or upload.size > limit:
        raise ApplicationError(
            _("The file is too large (at most %(mb)s MB).") % {"mb": limit // (1024 * 1024)},
            code="too_large",
        )
    head = upload.read(5)
    upload.seek(0)
    if head != b"%PDF-":
        raise ApplicationError(_("The attachment must be a PDF file."), code="not_pdf")


@transaction.atomic
def minutes_save(
    *,
    actor: Any,
    workshop: Workshop,
    summary: str,
    decisions: str = "",
    attachment: UploadedFile | None = None,
) -> Minutes:
    """Write or rewrite the minutes of a workshop, with an optional PDF (checked by content)."""
    if attachment is not None:
        _check_pdf(attachment)
    minutes = Minutes.objects.filter(workshop=workshop).first() or Minutes(workshop=workshop)
    fields: dict[str, Any] = {
        "summary": summary,
        "decisions": decisions,
        "updated_at": timezone.now(),
    }
    if attachment is not None:
        fields["attachment"] = attachment
    return write(actor=actor, instance=minutes, fields=fields, action="minutes")


@transaction.atomic
def contribution_add(
    *,
    actor: Any,
    workshop: Workshop,
    text: str,
    author: Any = None,
    anonymous: bool = False,
    domain: Any = None,
    channel: str = "workshop",
    is_example: bool = False,
    profile: ParticipantProfile | None = None,
    at: datetime | None = None,
) -> Contribution:
    """Record a contribution (said in the room, written online or on paper)."""
    text = text.strip()
    if not text:
        raise ApplicationError(_("Write the contribution."), code="empty")
    if domain is not None and domain.programme_id != workshop.programme_id:
        raise ApplicationError(_("This domain belongs to another programme."), code="domain")
    if author is not None:
        profile = profile or participant_profile(author)
    profile = profile or ParticipantProfile(str(Audience.UNKNOWN), None, None)
    contribution = write(
        actor=actor,
        instance=Contribution(),
        fields={
            "workshop": workshop,
            "text": text,
            "domain": domain,
            "author": author,
            "is_anonymous": anonymous or author is None,
            "channel": channel,
            "entered_by": actor
            if getattr(actor, "pk", None) != getattr(author, "pk", None)
            and getattr(actor, "is_authenticated", False)
            else None,
            "audience": profile.audience,
            "commune_code": profile.commune_code,
            "commune_isolated": profile.commune_isolated,
            "is_example": is_example,
            **({"created_at": at} if at is not None else {}),
        },
        action="contribution",
    )
    participation_record(
        kind="workshop.contribute",
        participant=author,
        commune_code=profile.commune_code,
        audience=profile.audience,
        channel=channel,
        target=contribution,
        occurred_at=at,
    )
    return contribution


@transaction.atomic
def contribution_link_action(*, actor: Any, contribution: Contribution, action: Any) -> Any:
    """Say that ``action`` comes from ``contribution`` (the traceability chain)."""
    if action.orientation.programme_id != contribution.workshop.programme_id:
        raise ApplicationError(_("This action belongs to another programme."), code="programme")
    already = ActionOrigin.objects.filter(
        action=action, object_id=str(contribution.pk), kind=ActionOrigin.Kind.CONTRIBUTION
    ).exists()
    if already:
        raise ApplicationError(_("This link already exists."), code="already")
    return action_origin_add(
        actor=actor,
        action=action,
        kind=ActionOrigin.Kind.CONTRIBUTION,
        source=contribution,
        label=_("Contribution at the workshop “%(w)s”") % {"w": contribution.workshop.title},
        date=contribution.created_at.date(),
    )
