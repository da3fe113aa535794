"""The platform's user model.

People log in with their e-mail address. A digital mediator may register a resident who has no
e-mail address: such an account has ``email`` empty (NULL, so that uniqueness holds for the
others) and cannot log in by itself.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    """Creates users keyed by e-mail address."""

    use_in_migrations = True

    def _create(self, email: str | None, password: str | None, **extra: Any) -> User:
        email = self.normalize_email(email) if email else None
        user = self.model(email=email, **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(
        self, email: str | None = None, password: str | None = None, **extra: Any
    ) -> User:
        """Create an ordinary account."""
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        """Create a platform administrator (used by ``endavant createsuperuser``)."""
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        if not extra["is_staff"] or not extra["is_superuser"]:
            raise ValueError("A superuser must have is_staff and is_superuser set.")
        return self._create(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account on the platform."""

    class CommuneSource(models.TextChoices):
        """How the home commune was set: a five-digit number may be a postcode as well as an
        INSEE code, so a commune set from one is reviewed by the team."""

        NONE = "", _("not set")
        BY_NAME = "by_name", _("chosen by name")
        TO_REVIEW = "to_review", _("set before names were required: to review")
        REVIEWED = "reviewed", _("checked by the programme team")

    email = models.EmailField(_("e-mail address"), unique=True, null=True, blank=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    home_commune = models.ForeignKey(
        "territory.Commune",
        verbose_name=_("home commune"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    home_commune_source = models.CharField(
        _("how the home commune was set"),
        max_length=20,
        choices=CommuneSource.choices,
        default=CommuneSource.NONE,
        # Also a database default: code (or a migration test) that inserts users without this
        # column still gets a valid row.
        db_default=CommuneSource.NONE,
        blank=True,
        db_index=True,
    )
    is_staff = models.BooleanField(
        _("administration site access"),
        default=False,
        help_text=_("Lets the person use the Django administration site."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.email or _("Account #%(id)s") % {"id": self.pk}

    def get_full_name(self) -> str:
        return self.full_name or (self.email or "")

    def get_short_name(self) -> str:
        return (self.full_name.split(" ")[0] if self.full_name else "") or (self.email or "")


class LoginFailure(models.Model):
    """One failed login, kept in the database so that every server sees the same count.

    ``email`` is the normalised address that was tried (whether or not an account has it), ``ip``
    the client address; the throttle counts recent rows for either.
    """

    email = models.CharField(_("e-mail tried"), max_length=254, db_index=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True, db_index=True)
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("failed login")
        verbose_name_plural = _("failed logins")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.email} {self.ip or ''}"


class AccountRequest(models.Model):
    """One sign-up or password-reset request, counted to limit the e-mails that one address or
    one IP can make the platform send.

    The address is kept only as a keyed hash (``throttle.address_key``); rows are purged after a
    day as new ones come.
    """

    class Kind(models.TextChoices):
        SIGN_UP = "sign_up", _("sign-up")
        PASSWORD_RESET = "password_reset", _("password reset")
        CLAIM = "claim", _("account claim with a code")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    address_key = models.CharField(_("address (keyed hash)"), max_length=64, db_index=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True, db_index=True)
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("account request")
        verbose_name_plural = _("account requests")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind} {self.ip or ''}"


class ClaimCode(models.Model):
    """A one-time code a mediator prints for a resident registered without e-mail, so that the
    resident can later take the account over with an address and a password of their own.

    The code is ``<id>-<secret>``: only a hash of the secret is kept, it expires, it works once,
    and issuing a new code for the account withdraws the previous one.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="claim_codes")
    secret_hash = models.CharField(_("hash of the secret"), max_length=128)
    created_by = models.ForeignKey(
        User,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("issued at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("claim code")
        verbose_name_plural = _("claim codes")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d}"
