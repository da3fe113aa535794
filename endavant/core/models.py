"""The audit log and the participation events: two append-only journals every module writes to."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete a journal row."""


class AppendOnlyQuerySet(models.QuerySet):
    """A queryset that refuses bulk updates and deletes."""

    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("Journal rows cannot be updated.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Journal rows cannot be deleted.")


class AppendOnlyModel(models.Model):
    """A row that can be created once and never changed or deleted through the ORM."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("Journal rows cannot be updated.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Journal rows cannot be deleted.")


class AuditEntry(AppendOnlyModel):
    """Who did what to which object, when, with the state before and after."""

    # PROTECT: deleting the account would rewrite the journal (SET_NULL is an UPDATE, which the
    # append-only queryset refuses). Accounts are erased (pseudonymised), never deleted.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Kept as text so the entry still says who acted after the account is erased.
    actor_label = models.CharField(_("actor label"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=100, db_index=True)
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"


class ParticipationEvent(AppendOnlyModel):
    """One act of participation, as the observatory counts it.

    The commune is stored as the INSEE code in force when the act happened: communes merge and
    change codes, and a historical record must say where the person was at the time.
    """

    class Channel(models.TextChoices):
        WEB = "web", _("Web")
        WORKSHOP = "workshop", _("Workshop")
        PAPER = "paper", _("Paper")
        ASSISTED = "assisted", _("Assisted by a mediator")

    kind = models.CharField(_("kind"), max_length=60, db_index=True)
    # PROTECT, as for the audit log: participation figures never change when an account goes.
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    commune_code = models.CharField(_("commune (INSEE code)"), max_length=5, blank=True)
    audience = models.CharField(_("audience"), max_length=40, blank=True, db_index=True)
    channel = models.CharField(
        _("channel"), max_length=20, choices=Channel.choices, default=Channel.WEB
    )
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    occurred_at = models.DateTimeField(_("occurred at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("participation event")
        verbose_name_plural = _("participation events")
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["commune_code", "occurred_at"])]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d} {self.kind} {self.commune_code}"


class JobProgress(models.Model):
    """What the team sees of a background job beyond its queue row: how far it is, which
    attempt it is, and which job retried it (``endavant.core.jobs``).

    Keyed by the id of django-tasks' result row (``DBTaskResult``), which lives in another app
    and is purged apart: a plain text key, not a foreign key.
    """

    task_result_id = models.CharField(_("job id"), max_length=64, unique=True)
    task_name = models.CharField(_("job"), max_length=200)
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=1)
    max_attempts = models.PositiveSmallIntegerField(_("attempts allowed"), default=1)
    retry_of = models.CharField(_("retry of job"), max_length=64, blank=True)
    next_attempt = models.CharField(_("retried as job"), max_length=64, blank=True)
    retried_by = models.CharField(_("retried by"), max_length=254, blank=True)
    done = models.PositiveIntegerField(_("steps done"), default=0)
    total = models.PositiveIntegerField(_("steps in total"), null=True, blank=True)
    message = models.CharField(_("message"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("job progress")
        verbose_name_plural = _("job progress")

    def __str__(self) -> str:
        return f"{self.task_name} {self.task_result_id}"

    @property
    def percent(self) -> int | None:
        """Share of the steps done, in percent (None when the job gave no total)."""
        if not self.total:
            return None
        return min(100, round(100 * self.done / self.total))
