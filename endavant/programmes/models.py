"""Programmes: one installation serves several (one per territory), each page says which."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ProgrammeQuerySet(models.QuerySet["Programme"]):
    def active(self) -> ProgrammeQuerySet:
        """Programmes that are not archived (the ones visitors can choose)."""
        return self.filter(archived_at__isnull=True)


class Programme(models.Model):
    """A digital programme of a territory (e.g. Numérique 66)."""

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    territory = models.ForeignKey(
        "territory.Departement",
        verbose_name=_("territory"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    starts_on = models.DateField(_("start of period"), null=True, blank=True)
    ends_on = models.DateField(_("end of period"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("team"), blank=True, related_name="+"
    )
    #: Set when the programme is archived: it stays readable by its address, leaves the chooser.
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programmes:detail", args=[self.slug])

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None
