"""Platform roles: what a person may do on the platform (not their roles in the directory).

A role is held through a Django group of the same slug; the platform administrator is a
superuser. Permission predicates (``endavant.accounts.rules``) read these roles, and the access
matrix test (``endavant.core.registry.ROLES``) walks every URL for every role.
"""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _

from endavant.accounts.models import User


class Role(models.TextChoices):
    """Roles held through groups. "participant" is any active account without another role."""

    PROGRAMME_TEAM = "programme_team", _("Programme team")
    MODERATOR = "moderator", _("Moderator")
    JURY = "jury", _("Jury member")
    MEDIATOR = "mediator", _("Digital mediator")
    RESEARCHER = "researcher", _("Researcher")


def role_group(role: str) -> Group:
    """The group that carries ``role``, created on first use."""
    group, _created = Group.objects.get_or_create(name=role)
    return group


def make_user_with_role(role: str, email: str | None = None) -> User:
    """Create an active user holding ``role`` (one of ``endavant.core.registry.ROLES``).

    For tests and demo data; the back-office grants roles through the accounts services.
    """
    email = email or f"{role}@example.org"
    if role == "administrator":
        return User.objects.create_superuser(email=email, password="a-Long-pass-phrase-1")
    user = User.objects.create_user(email=email, password="a-Long-pass-phrase-1")
    if role != "participant":
        user.groups.add(role_group(Role(role)))
    return user
