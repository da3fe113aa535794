"""Départements, intercommunalities and communes, keyed by their official codes, with the
zonings, population, broadband coverage, public sites and indicator values the diagnosis needs."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from endavant.core.fields import HttpURLField


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

    def get_absolute_url(self) -> str:
        return reverse("territory:departement", args=[self.code])


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
    """A commune, identified by its INSEE code in the geography of its vintage (COG).

    Zonings are stored with their vintage next to their codes: the AAV 2020 zoning comes from
    the COG 2022 membership table, the ZAU 2010 zoning from the COG 2019 one. The centroid is
    the polygon centroid of the IGN outline; it is *not* the town hall.
    """

    code = models.CharField(_("INSEE code"), max_length=5, unique=True)
    name = models.CharField(_("name"), max_length=100)
    search_name = models.CharField(
        _("search name"), max_length=100, blank=True, db_index=True, editable=False
    )
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
    cog_vintage = models.CharField(_("geography vintage"), max_length=20, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(_("population year"), null=True, blank=True)
    area_km2 = models.FloatField(_("area (km²)"), null=True, blank=True)
    aav2020_code = models.CharField(_("urban attraction area 2020"), max_length=3, blank=True)
    aav2020_name = models.CharField(_("urban attraction area name"), max_length=100, blank=True)
    aav2020_category = models.CharField(
        _("category in the urban attraction areas"), max_length=2, blank=True
    )
    aav2020_vintage = models.CharField(_("AAV zoning vintage"), max_length=20, blank=True)
    au2010_code = models.CharField(_("urban area 2010"), max_length=3, blank=True)
    au2010_name = models.CharField(_("urban area name"), max_length=100, blank=True)
    au2010_category = models.CharField(_("category in the urban areas"), max_length=3, blank=True)
    au2010_vintage = models.CharField(_("ZAU zoning vintage"), max_length=20, blank=True)
    centroid_longitude = models.FloatField(_("centroid longitude"), null=True, blank=True)
    centroid_latitude = models.FloatField(_("centroid latitude"), null=True, blank=True)

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["name", "code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def get_absolute_url(self) -> str:
        return reverse("territory:commune", args=[self.code])


class CoverageObservation(models.Model):
    """FttH coverage of a commune at the end of a quarter (ARCEP observatory)."""

    commune = models.ForeignKey(
        Commune, verbose_name=_("commune"), on_delete=models.CASCADE, related_name="coverage"
    )
    quarter = models.CharField(_("quarter"), max_length=6, help_text='e.g. "2018T1"')
    quarter_end = models.DateField(_("end of quarter"))
    premises_connectable = models.PositiveIntegerField(_("premises that can be connected"))
    premises_total = models.PositiveIntegerField(_("premises in total"))
    source = models.CharField(_("source"), max_length=200)

    class Meta:
        verbose_name = _("coverage observation")
        verbose_name_plural = _("coverage observations")
        ordering = ["commune", "quarter_end"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "quarter"], name="territory_coverage_commune_quarter"
            )
        ]

    def __str__(self) -> str:
        return f"{self.commune_id} {self.quarter}"

    @property
    def share(self) -> float | None:
        """Share of premises that can be connected, capped at 1 (None without premises)."""
        if not self.premises_total:
            return None
        return min(1.0, self.premises_connectable / self.premises_total)


class PublicSite(models.Model):
    """A real public site (town hall, school, library, health centre...) located in a commune.

    Commune centroids are *not* public sites: they are stored on :class:`Commune`. Sites come
    from the national directory of public services (Annuaire de l'administration,
    Service-Public.fr / DILA, Licence Ouverte), identified there by ``directory_id``, or are
    entered by hand. A site whose coordinates are unknown is placed at its commune's centroid
    and says so (``at_centroid``): pages and downloads tell it apart from a located site.
    """

    class Kind(models.TextChoices):
        TOWN_HALL = "town_hall", _("town hall")
        SCHOOL = "school", _("school")
        LIBRARY = "library", _("library")
        MEDIA_CENTRE = "media_centre", _("media centre")
        HEALTH_CENTRE = "health_centre", _("health centre")
        FRANCE_SERVICES = "france_services", _("France services")
        SOCIAL_SERVICES = "social_services", _("social services (CCAS)")
        INTERCOMMUNALITY = "intercommunality", _("intercommunality offices")
        DEPARTEMENT_SERVICE = "departement_service", _("département service")
        OTHER = "other", _("other")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200, blank=True)
    commune = models.ForeignKey(
        Commune, verbose_name=_("commune"), on_delete=models.CASCADE, related_name="public_sites"
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    longitude = models.FloatField(
        _("longitude"), validators=[MinValueValidator(-180.0), MaxValueValidator(180.0)]
    )
    latitude = models.FloatField(
        _("latitude"), validators=[MinValueValidator(-90.0), MaxValueValidator(90.0)]
    )
    #: No coordinates were known: the site is drawn at the centroid of its commune's outline.
    at_centroid = models.BooleanField(_("placed at the commune centroid"), default=False)
    #: The record's ``id`` in the national directory of public services (empty: entered by hand).
    directory_id = models.CharField(_("identifier in the directory"), max_length=64, blank=True)
    #: The directory's ``type_service_local`` (``mairie``, ``france_services``...).
    directory_type = models.CharField(_("type in the directory"), max_length=60, blank=True)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True)
    phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    email = models.EmailField(_("contact e-mail"), blank=True)
    website = HttpURLField(_("website"), blank=True)
    source = models.CharField(_("source"), max_length=200)
    is_example = models.BooleanField(_("example (fictional)"), default=False)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("public site")
        verbose_name_plural = _("public sites")
        ordering = ["commune", "kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["directory_id"],
                condition=~models.Q(directory_id=""),
                name="territory_publicsite_unique_directory_id",
            )
        ]

    def __str__(self) -> str:
        return self.name or f"{self.get_kind_display()} ({self.commune_id})"


class IndicatorValue(models.Model):
    """The value of an indicator for a commune, with the method and source that produced it.

    Indicators used here: ``isolated`` (1 = isolated, 0 = not isolated) and
    ``urban_work_share`` (share of employed residents working in an urban-area commune).
    """

    ISOLATED = "isolated"
    URBAN_WORK_SHARE = "urban_work_share"

    commune = models.ForeignKey(
        Commune, verbose_name=_("commune"), on_delete=models.CASCADE, related_name="indicators"
    )
    indicator = models.CharField(_("indicator"), max_length=50)
    value = models.FloatField(_("value"))
    vintage = models.CharField(_("vintage"), max_length=50)
    method = models.CharField(_("method"), max_length=50)
    source = models.CharField(_("source"), max_length=300)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["commune", "indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "indicator"], name="territory_indicator_commune_indicator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.commune_id} {self.indicator}={self.value}"


class DatasetLoad(models.Model):
    """Which version of an embedded or imported dataset was last loaded (a marker for re-runs)."""

    name = models.CharField(_("dataset"), max_length=50, unique=True)
    version = models.CharField(_("version"), max_length=50)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now=True)

    class Meta:
        verbose_name = _("dataset load")
        verbose_name_plural = _("dataset loads")

    def __str__(self) -> str:
        return f"{self.name} {self.version}"
