"""The audiences that participation is broken down by, shared by every module.

A person's audience comes from their roles in the directory of actors
(``endavant.actors.selectors.audience_for_user``); workshops, ballots and the observatory count by
these values.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    RESIDENT = "resident", _("Residents and service users")
    ELECTED_OFFICIAL = "elected_official", _("Elected officials")
    EMPLOYEE = "employee", _("Public employees")
    ASSOCIATION = "association", _("Associations")
    BUSINESS = "business", _("Businesses")
    PROGRAMME_TEAM = "programme_team", _("Programme team")
    UNKNOWN = "unknown", _("Not stated")
