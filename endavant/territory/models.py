"""Départements, intercommunalities and communes, keyed by their official codes."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Departement(models.Model):
    """A French département (COG code: "66", "2A", "971"...)."""

    code = models.CharField(_("code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=100)
    region_code = models.CharField(_("region code"), max_length=3, blank=True)

    class Meta:
        verbose_name = _("département")
        verbose_name_plural = _("départements")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Intercommunality(models.Model):
    """An EPCI (intercommunality), identified by its SIREN."""

    siren = models.CharField(_("SIREN"), max_length=9, unique=True)
    name = models.CharField(_("name"), max_length=200)
    nature = models.CharField(_("legal form"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("intercommunality")
        verbose_name_plural = _("intercommunalities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Commune(models.Model):
    """A commune, identified by its INSEE code in the geography of its vintage (COG)."""

    code = models.CharField(_("INSEE code"), max_length=5, unique=True)
    name = models.CharField(_("name"), max_length=100)
    departement = models.ForeignKey(
        Departement,
        verbose_name=_("département"),
        on_delete=models.PROTECT,
        related_name="communes",
    )
    intercommunality = models.ForeignKey(
        Intercommunality,
        verbose_name=_("intercommunality"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="communes",
    )

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["name", "code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def get_absolute_url(self) -> str:
        return reverse("territory:commune", args=[self.code])
