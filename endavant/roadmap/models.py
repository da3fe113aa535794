"""The roadmap of a programme: competencies, domains, orientations, actions, versions, origins."""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from endavant.core.fields import HttpURLField


class Competency(models.Model):
    """A competency of the département (mandatory or voluntary): the taxonomy domains hang on."""

    class Kind(models.TextChoices):
        MANDATORY = "mandatory", _("Mandatory")
        VOLUNTARY = "voluntary", _("Voluntary")

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        ordering = ["kind", "order", "name"]

    def __str__(self) -> str:
        return self.name


class FunctionalDomain(models.Model):
    """A field of public action where digital uses are developed, tied to one competency."""

    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="domains",
    )
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    competency = models.ForeignKey(
        Competency, verbose_name=_("competency"), on_delete=models.PROTECT, related_name="domains"
    )

    class Meta:
        verbose_name = _("functional domain")
        verbose_name_plural = _("functional domains")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Orientation(models.Model):
    """A strategic line of the roadmap."""

    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="orientations",
    )
    title = models.CharField(pgettext_lazy("name of a roadmap item", "title"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("orientation")
        verbose_name_plural = _("orientations")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title


class Action(models.Model):
    """An action of the roadmap: its prescribed target and its realisation."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        LATE = "late", _("Late")
        DROPPED = "dropped", _("Dropped")

    orientation = models.ForeignKey(
        Orientation,
        verbose_name=_("orientation"),
        on_delete=models.PROTECT,
        related_name="actions",
    )
    title = models.CharField(pgettext_lazy("name of a roadmap item", "title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    domain = models.ForeignKey(
        FunctionalDomain,
        verbose_name=_("functional domain"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
    )
    communes = models.ManyToManyField(
        "territory.Commune", verbose_name=_("communes"), blank=True, related_name="+"
    )
    # Text until the directory of actors publishes its organisations.
    lead_organisation = models.CharField(_("lead organisation"), max_length=200, blank=True)
    is_example = models.BooleanField(_("example (fictional)"), default=False)
    # Prescribed target.
    due_on = models.DateField(_("due date"), null=True, blank=True)
    budget = models.DecimalField(
        _("budget (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    indicator_name = models.CharField(_("indicator"), max_length=200, blank=True)
    indicator_target = models.DecimalField(
        _("target value"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    # Realisation.
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    started_on = models.DateField(_("actual start"), null=True, blank=True)
    ended_on = models.DateField(_("actual end"), null=True, blank=True)
    indicator_value = models.DecimalField(
        _("value reached"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    evidence = models.TextField(_("evidence"), blank=True)
    evidence_url = HttpURLField(_("evidence address"), blank=True)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["orientation__order", "orientation_id", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("roadmap:action", args=[self.pk])

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        """Past its due date and not realised, whatever its recorded status (or marked late)."""
        if self.status in (self.Status.DONE, self.Status.DROPPED):
            return False
        day = today or timezone.localdate()
        return self.status == self.Status.LATE or (self.due_on is not None and self.due_on < day)

    def has_no_due_date(self) -> bool:
        """Still to do with no due date: neither "on time" nor "late"."""
        return self.due_on is None and self.status not in (self.Status.DONE, self.Status.DROPPED)


class Milestone(models.Model):
    """A dated step of an action."""

    action = models.ForeignKey(
        Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(pgettext_lazy("name of a roadmap item", "title"), max_length=200)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        """Past its due date and not done."""
        day = today or timezone.localdate()
        return self.done_on is None and self.due_on is not None and self.due_on < day


class Commitment(models.Model):
    """An explicit political commitment, tracked through the actions that honour it."""

    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="commitments",
    )
    text = models.TextField(_("commitment"))
    source_document = models.CharField(_("source document"), max_length=300, blank=True)
    source_date = models.DateField(_("source date"), null=True, blank=True)
    actions = models.ManyToManyField(
        Action, verbose_name=_("actions"), blank=True, related_name="commitments"
    )
    is_example = models.BooleanField(_("example (fictional)"), default=False)

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text[:80]


class RoadmapVersion(models.Model):
    """A frozen snapshot of the roadmap (baseline or re-plan), with the reason for it."""

    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="versions",
    )
    number = models.PositiveIntegerField(_("number"))
    label = models.CharField(_("label"), max_length=200)
    reason = models.TextField(_("reason"), blank=True)
    frozen_at = models.DateTimeField(_("frozen at"), default=timezone.now)
    snapshot = models.JSONField(_("snapshot"))

    class Meta:
        verbose_name = _("roadmap version")
        verbose_name_plural = _("roadmap versions")
        ordering = ["programme", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "number"], name="roadmap_version_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.label}"


class ActionOrigin(models.Model):
    """Where an action came from: a steering decision (top-down) or a bottom-up source."""

    class Kind(models.TextChoices):
        STEERING = "steering", _("Steering decision")
        CONTRIBUTION = "contribution", _("Participant's contribution")
        BALLOT = "ballot", _("Ballot result")
        PROJECT = "project", _("Selected project")

    BOTTOM_UP = (Kind.CONTRIBUTION, Kind.BALLOT, Kind.PROJECT)

    action = models.ForeignKey(
        Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="origins"
    )
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices)
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    object_id = models.CharField(_("source id"), max_length=64, blank=True)
    source = GenericForeignKey("content_type", "object_id")
    label = models.CharField(_("source"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    date = models.DateField(_("date"), null=True, blank=True)

    class Meta:
        verbose_name = _("action origin")
        verbose_name_plural = _("action origins")
        ordering = ["date", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.label}"

    @property
    def is_bottom_up(self) -> bool:
        return self.kind in self.BOTTOM_UP
