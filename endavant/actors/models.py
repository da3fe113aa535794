"""The directory of local actors: organisations, people, their roles, competencies, consent.

A *membership* is one role a person holds, optionally in an organisation, between two dates; one
person may hold several at once. These roles describe a person on the territory (elected
official, employee...), not what they may do on the platform (see ``accounts.roles``).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from endavant.actors.text import siren_valid
from endavant.core.fields import HttpURLField


def validate_siren(value: str) -> None:
    """Refuse anything but nine digits passing the Luhn checksum."""
    if value and not siren_valid(value):
        raise ValidationError(
            _("A SIREN is nine digits with a valid check digit (Luhn)."), code="siren"
        )


class Tag(models.Model):
    """A competency or an expectation, shared between people and organisations."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    normalised = models.CharField(max_length=80, unique=True, editable=False)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["normalised"]

    def __str__(self) -> str:
        return self.name


class CompetenciesAndExpectations(models.Model):
    """What an actor can bring and what it expects, as shared tags plus free text."""

    competencies = models.ManyToManyField(
        Tag, verbose_name=_("competencies"), blank=True, related_name="+"
    )
    competencies_text = models.TextField(_("competencies (free text)"), blank=True)
    expectations = models.ManyToManyField(
        Tag, verbose_name=_("expectations"), blank=True, related_name="+"
    )
    expectations_text = models.TextField(_("expectations (free text)"), blank=True)

    class Meta:
        abstract = True


class Organisation(CompetenciesAndExpectations):
    """A body active on the territory: commune, association, business, state service..."""

    class Kind(models.TextChoices):
        COMMUNE = "commune", _("Commune")
        INTERCOMMUNALITY = "intercommunality", _("Intercommunality")
        DEPARTEMENT_SERVICE = "departement_service", _("Département service")
        STATE_SERVICE = "state_service", _("State service")
        ASSOCIATION = "association", _("Association")
        BUSINESS = "business", _("Business")
        NETWORK_OPERATOR = "network_operator", _("Network operator")
        SCHOOL = "school", _("School")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, db_index=True)
    siren = models.CharField(
        _("SIREN"), max_length=9, blank=True, validators=[validate_siren], db_index=True
    )
    communes_served = models.ManyToManyField(
        "territory.Commune", verbose_name=_("communes served"), blank=True, related_name="+"
    )
    description = models.TextField(_("public description"), blank=True)
    website = HttpURLField(_("website"), blank=True)
    is_fictional = models.BooleanField(
        _("fictional example"), default=False, help_text=_("Demo data, shown as such.")
    )
    # Accent-free, lower-case copy of the name for portable accent-insensitive search.
    search_text = models.CharField(max_length=200, editable=False, db_index=True, default="")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["search_text", "id"]
        constraints = [
            # "Already in the directory" is the same name (accents, case and separators
            # ignored) and the same kind; the database holds it even when two imports race.
            models.UniqueConstraint(
                fields=["kind", "search_text"], name="actors_organisation_unique_name_per_kind"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("actors:organisation", args=[self.pk])


class Person(CompetenciesAndExpectations):
    """A person of the territory, with or without an account on the platform."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    full_name = models.CharField(_("full name"), max_length=150)
    email = models.EmailField(_("contact e-mail"), blank=True)
    phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    home_commune = models.ForeignKey(
        "territory.Commune",
        verbose_name=_("home commune"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_fictional = models.BooleanField(_("fictional example"), default=False)
    search_text = models.CharField(max_length=150, editable=False, db_index=True, default="")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["search_text", "id"]

    def __str__(self) -> str:
        return self.full_name


class Membership(models.Model):
    """One role a person holds, optionally within an organisation, between two dates."""

    class Role(models.TextChoices):
        ELECTED_OFFICIAL = "elected_official", _("Elected official")
        EMPLOYEE = "employee", _("Employee")
        RESIDENT = "resident", _("Resident")
        ASSOCIATION_MEMBER = "association_member", _("Association member")
        BUSINESS_OWNER = "business_owner", _("Business owner")
        PROJECT_LEAD = "project_lead", _("Project lead")
        CONTRACTING_AUTHORITY_ASSISTANT = (
            "contracting_authority_assistant",
            _("Contracting-authority assistant"),
        )
        DIGITAL_MEDIATOR = "digital_mediator", _("Digital mediator")
        JURY_MEMBER = "jury_member", _("Jury member")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=40, choices=Role.choices, db_index=True)
    title = models.CharField(
        pgettext_lazy("job of a person in an organisation", "title"), max_length=150, blank=True
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    is_public = models.BooleanField(
        _("public"), default=False, help_text=_("Shown in the public directory.")
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["person__search_text", "start_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="actors_membership_end_after_start",
            )
        ]

    def __str__(self) -> str:
        where = f" – {self.organisation}" if self.organisation_id else ""
        return f"{self.person}: {self.get_role_display()}{where}"

    def is_current(self, today: datetime.date | None = None) -> bool:
        """True when the membership has started and not ended on ``today``."""
        day = today or timezone.localdate()
        return (self.start_date is None or self.start_date <= day) and (
            self.end_date is None or self.end_date >= day
        )


class Consent(models.Model):
    """A consent given for one purpose, with the version of the text the person agreed to."""

    class Purpose(models.TextChoices):
        ACCOUNT = "account", _("Keeping an account on the platform")
        DIRECTORY = "directory", _("Appearing in the directory of actors")
        CONTACT = "contact", _("Being contacted by the programme team")
        RESEARCH = "research", _("Pseudonymised use for research")
        ASSISTED = "assisted", _("A digital mediator acting for me on the platform")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="consents",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="consents",
    )
    purpose = models.CharField(_("purpose"), max_length=30, choices=Purpose.choices)
    text_version = models.CharField(_("text version"), max_length=40)
    given_at = models.DateTimeField(_("given at"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The staff member who recorded it for the person, if not the person."),
    )

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | models.Q(person__isnull=False),
                name="actors_consent_has_subject",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.text_version})"


class LinkRequest(models.Model):
    """A participant asks to be linked to their record in the directory; the team decides.

    The participant cannot see private records, so they say who they are (``message``); the team
    finds the record (or creates it) and links it on approval, or refuses with a reason that the
    participant reads on their page and receives by e-mail.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for the programme team")
        APPROVED = "approved", _("approved")
        REFUSED = "refused", _("refused")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="link_requests",
    )
    message = models.TextField(_("who I am in the directory"), max_length=1000)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person linked"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("reason given by the team"), blank=True)
    created_at = models.DateTimeField(_("asked at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("link request")
        verbose_name_plural = _("link requests")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status="pending"),
                name="actors_one_pending_link_request_per_account",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_status_display()})"
