"""Participatory workshops: in person, online or hybrid; registrations with a waiting list,
changes with their reasons and notices, attendance, minutes and contributions."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from endavant.core.fields import HttpURLField


class Workshop(models.Model):
    """One workshop of a programme."""

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        CONFIRMED = "confirmed", _("Confirmed")
        MOVED = "moved", _("Moved")
        CANCELLED = "cancelled", _("Cancelled")
        HELD = "held", _("Held")

    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="workshops",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=10_000)
    domains = models.ManyToManyField(
        "roadmap.FunctionalDomain", verbose_name=_("functional domains"), blank=True
    )
    actions = models.ManyToManyField(
        "roadmap.Action", verbose_name=_("roadmap actions"), blank=True, related_name="workshops"
    )
    #: ``core.audiences.Audience`` values the workshop is reserved for; empty means everyone.
    audiences = models.JSONField(_("audiences"), default=list, blank=True)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    commune = models.ForeignKey(
        "territory.Commune",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    place = models.CharField(_("place (address)"), max_length=300, blank=True)
    accessibility = models.TextField(_("accessibility"), blank=True, max_length=2000)
    #: Shown to registered people only.
    online_url = HttpURLField(_("online meeting address"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    time_zone = models.CharField(_("time zone"), max_length=50, default="Europe/Paris")
    capacity_room = models.PositiveIntegerField(_("places in the room"), null=True, blank=True)
    capacity_online = models.PositiveIntegerField(_("places online"), null=True, blank=True)
    agenda = models.TextField(_("agenda"), blank=True, max_length=10_000)
    organiser = models.ForeignKey(
        "actors.Organisation",
        verbose_name=_("organiser"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    is_example = models.BooleanField(_("example (fictional)"), default=False)
    #: iCalendar identity: the same UID for every update, SEQUENCE raised at each change.
    uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    sequence = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["programme", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("workshops:detail", args=[self.pk])

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    def is_past(self) -> bool:
        return self.ends_at <= timezone.now()

    def modes(self) -> list[str]:
        """How one can take part: in the room, online, or both."""
        room, online = str(Registration.Mode.ROOM), str(Registration.Mode.ONLINE)
        return {
            self.Format.IN_PERSON: [room],
            self.Format.ONLINE: [online],
            self.Format.HYBRID: [room, online],
        }[self.Format(self.format)]

    def capacity(self, mode: str) -> int | None:
        """Places for ``mode`` (``None``: no limit)."""
        return self.capacity_room if mode == Registration.Mode.ROOM else self.capacity_online


class Registration(models.Model):
    """A person's registration (or place on the waiting list) for one workshop."""

    class Mode(models.TextChoices):
        ROOM = "room", _("In the room")
        ONLINE = "online", _("Online")

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    workshop = models.ForeignKey(
        Workshop, verbose_name=_("workshop"), on_delete=models.CASCADE, related_name="registrations"
    )
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    #: Order on the waiting list (time of the request).
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    channel = models.CharField(_("channel"), max_length=20, default="web")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    audience = models.CharField(_("audience"), max_length=30, blank=True)
    commune_code = models.CharField(_("commune code"), max_length=5, blank=True)
    commune_isolated = models.BooleanField(_("isolated commune"), null=True, blank=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    #: Lets the person cancel from the e-mail without logging in.
    token = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "participant"],
                condition=~Q(status="cancelled"),
                name="workshops_one_live_registration_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.workshop_id}/{self.participant_id} {self.status}"


class WorkshopChange(models.Model):
    """A change of a workshop that its registrants are told about, with its reason."""

    class Kind(models.TextChoices):
        FORMAT = "format", _("Format changed")
        TIME = "time", _("Time changed")
        PLACE = "place", _("Place changed")
        CANCELLED = "cancelled", _("Cancelled")

    workshop = models.ForeignKey(
        Workshop, verbose_name=_("workshop"), on_delete=models.CASCADE, related_name="changes"
    )
    kinds = models.JSONField(_("what changed"), default=list)
    reason = models.TextField(_("reason"), max_length=2000)
    before = models.JSONField(_("before"), default=dict)
    after = models.JSONField(_("after"), default=dict)
    at = models.DateTimeField(_("at"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("workshop change")
        verbose_name_plural = _("workshop changes")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.workshop_id} {self.at:%Y-%m-%d}"


class Notice(models.Model):
    """An e-mail owed to a person (confirmation, change, cancellation, promotion): written in the
    same transaction as what it announces, sent after commit, retried until sent, visible to the
    team when it fails. Nothing is lost if the mail server is down."""

    class Kind(models.TextChoices):
        CONFIRMED = "confirmed", _("Registration confirmed")
        WAITING = "waiting", _("On the waiting list")
        PROMOTED = "promoted", _("Place freed: registered")
        CHANGED = "changed", _("Workshop changed")
        CANCELLED = "cancelled", _("Workshop cancelled")
        REGISTRATION_CANCELLED = "registration_cancelled", _("Registration cancelled")

    class Status(models.TextChoices):
        PENDING = "pending", _("To send")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed, will be retried")
        NO_ADDRESS = "no_address", _("No e-mail address: tell the person another way")

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    change = models.ForeignKey(
        WorkshopChange, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} → {self.registration_id} ({self.status})"


class AttendanceCount(models.Model):
    """People who came without being registered, counted by audience, commune and channel."""

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="attendance_counts"
    )
    audience = models.CharField(_("audience"), max_length=30)
    commune_code = models.CharField(_("commune code"), max_length=5, blank=True)
    commune_isolated = models.BooleanField(_("isolated commune"), null=True, blank=True)
    channel = models.CharField(_("channel"), max_length=20, default="workshop")
    count = models.PositiveIntegerField(_("number of people"))

    class Meta:
        verbose_name = _("attendance count")
        verbose_name_plural = _("attendance counts")

    def __str__(self) -> str:
        return f"{self.workshop_id} {self.audience} {self.count}"


class Minutes(models.Model):
    """The minutes of a workshop: summary, decisions, an attachment."""

    workshop = models.OneToOneField(Workshop, on_delete=models.CASCADE, related_name="minutes")
    summary = models.TextField(_("summary"), max_length=20_000)
    decisions = models.TextField(_("decisions"), blank=True, max_length=20_000)
    attachment = models.FileField(_("attachment (PDF)"), upload_to="workshops/minutes/", blank=True)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self) -> str:
        return f"{self.workshop}"


class Contribution(models.Model):
    """What a participant said or wrote at (or about) a workshop."""

    workshop = models.ForeignKey(
        Workshop, verbose_name=_("workshop"), on_delete=models.CASCADE, related_name="contributions"
    )
    text = models.TextField(_("contribution"), max_length=5000)
    domain = models.ForeignKey(
        "roadmap.FunctionalDomain",
        verbose_name=_("functional domain"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    channel = models.CharField(_("channel"), max_length=20, default="workshop")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    audience = models.CharField(_("audience"), max_length=30, blank=True)
    commune_code = models.CharField(_("commune code"), max_length=5, blank=True)
    commune_isolated = models.BooleanField(_("isolated commune"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    is_example = models.BooleanField(_("example (fictional)"), default=False)

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return reverse("workshops:detail", args=[self.workshop_id]) + f"#contribution-{self.pk}"
