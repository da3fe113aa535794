"""Past programmes imported for analysis: where they came from, their items and reference
series. Authors are stored as pseudonyms only (no names, no source account ids)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from endavant.core.fields import HttpURLField


class ImportedProgramme(models.Model):
    """The mark of a programme created by an import: an archived programme of another platform."""

    class Platform(models.TextChoices):
        DECIDIM = "decidim", "Decidim"
        CONSUL = "consul", "CONSUL"
        GRAND_DEBAT = "granddebat", _("Grand Débat National 2019 (aggregates)")

    programme = models.OneToOneField(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="import_record",
    )
    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices)
    source = models.TextField(_("source"))
    source_url = HttpURLField(_("source address"), blank=True)
    licence = models.CharField(_("licence"), max_length=300)
    #: Key of the authors' pseudonyms (HMAC-SHA256): kept so that a re-run gives the same
    #: pseudonym to the same author; never shown.
    pseudonym_key = models.CharField(max_length=64, editable=False)
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now)

    class Meta:
        verbose_name = _("imported programme")
        verbose_name_plural = _("imported programmes")

    def __str__(self) -> str:
        return f"{self.programme} ({self.get_platform_display()})"


class ImportedItem(models.Model):
    """A proposal, debate or comment of an imported programme, as the source published it."""

    class Kind(models.TextChoices):
        PROPOSAL = "proposal", _("Proposal")
        DEBATE = "debate", _("Debate")
        COMMENT = "comment", _("Comment")

    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    #: The file the item came from and its id there ("proposals.csv:457").
    source_id = models.CharField(_("id in the source"), max_length=80)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    author = models.CharField(_("author (pseudonym)"), max_length=16, blank=True)
    created_at = models.DateTimeField(_("created at"))
    title = models.CharField(_("title"), max_length=300, blank=True)
    body = models.TextField(_("text"), blank=True)
    supports = models.IntegerField(_("supports"), null=True, blank=True)
    url = HttpURLField(_("address in the source"), max_length=500, blank=True)
    extra = models.JSONField(_("other fields of the source"), default=dict, blank=True)

    class Meta:
        verbose_name = _("imported item")
        verbose_name_plural = _("imported items")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "kind", "source_id"], name="imports_item_once"
            )
        ]
        indexes = [models.Index(fields=["programme", "kind", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.source_id}"


class ReferenceSeries(models.Model):
    """A published series used as a reference (Grand Débat 2019 participants per département)."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.TextField(_("source"))
    licence = models.CharField(_("licence"), max_length=300)
    caveat = models.TextField(_("caveat"), blank=True)
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now)

    class Meta:
        verbose_name = _("reference series")
        verbose_name_plural = _("reference series")

    def __str__(self) -> str:
        return self.title


class ParticipantsByDepartement(models.Model):
    """Grand Débat 2019: participants of one theme's online questionnaire, by month, region,
    kind of author and département, as ``participants_par_departement.csv`` gives them."""

    series = models.ForeignKey(ReferenceSeries, on_delete=models.CASCADE, related_name="values")
    theme = models.CharField(_("theme"), max_length=40)
    month = models.CharField(_("month"), max_length=20)
    region = models.CharField(_("region"), max_length=80)
    author_type = models.CharField(_("kind of author"), max_length=80, blank=True)
    departement = models.CharField(_("département"), max_length=3)
    participants = models.PositiveIntegerField(_("participants"))

    class Meta:
        verbose_name = _("participants by département")
        verbose_name_plural = _("participants by département")
        constraints = [
            models.UniqueConstraint(
                fields=["series", "theme", "month", "region", "author_type", "departement"],
                name="imports_reference_value_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.theme} {self.month} {self.departement}: {self.participants}"
