"""Writes for accounts: sign-up and confirmation, profile, mediated registration, roles.

Every staff action goes through here and is recorded in the audit log in the same transaction.
"""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import PasswordResetTokenGenerator, default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from endavant.accounts import throttle
from endavant.accounts.models import AccountRequest, ClaimCode, LoginFailure, User
from endavant.accounts.roles import Role, role_group
from endavant.actors.models import Consent, Person
from endavant.actors.services import person_link_confirmed_email
from endavant.core.services import ApplicationError, audit_record, write
from endavant.core.text import search_key
from endavant.territory.models import Commune

# The version of the texts people agree to; bump it when the wording changes, so that each
# consent row says which text was accepted.
CONSENT_TEXT_VERSION = "2026-11"


class AccountConfirmationTokenGenerator(PasswordResetTokenGenerator):
    """Signed, expiring tokens for e-mail confirmation; they stop working once the account is
    active, so a confirmation link works once."""

    key_salt = "endavant.accounts.AccountConfirmationTokenGenerator"

    def _make_hash_value(self, user: Any, timestamp: int) -> str:
        return f"{user.pk}{user.is_active}{user.email}{timestamp}"


confirmation_tokens = AccountConfirmationTokenGenerator()


def _send_confirmation(user: User, site_url: str) -> None:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    link = site_url.rstrip("/") + reverse(
        "accounts:confirm", args=[uid, confirmation_tokens.make_token(user)]
    )
    context = {"user": user, "link": link, "programme_name": settings.ENDAVANT_PROGRAMME_NAME}
    send_mail(
        subject=_("Confirm your account"),
        message=render_to_string("accounts/email/confirm_account.txt", context),
        from_email=None,
        recipient_list=[user.email or ""],
    )


def _is_pending(user: User) -> bool:
    # Signed up, never confirmed: nobody has shown that they read this address.
    return not user.is_active and user.last_login is None


def _send_sign_up_notice(user: User, site_url: str) -> None:
    root = site_url.rstrip("/")
    context = {
        "user": user,
        "programme_name": settings.ENDAVANT_PROGRAMME_NAME,
        "login_link": root + reverse("accounts:login"),
        "reset_link": root + reverse("accounts:password_reset"),
        "choose_link": "",
    }
    if _is_pending(user):
        # Django's reset form mails active accounts only; this link lets the owner of the
        # address choose the password, which confirms the account (account_password_reset).
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        context["choose_link"] = root + reverse(
            "accounts:password_reset_confirm", args=[uid, default_token_generator.make_token(user)]
        )
    send_mail(
        subject=_("Someone tried to create an account with your address"),
        message=render_to_string("accounts/email/sign_up_existing.txt", context),
        from_email=None,
        recipient_list=[user.email or ""],
    )


def account_sign_up(
    *,
    email: str,
    password: str,
    full_name: str,
    home_commune: Commune | None,
    site_url: str,
    ip: str | None = None,
) -> User | None:
    """Create an inactive account, record the account consent and send the confirmation link.

    The account can log in only after the link has been followed. When the address already has
    an account, nothing is created or changed: its owner gets a notice by e-mail instead, and the
    caller answers exactly as for a new address, so that the form tells nobody who has an account
    and nobody can claim someone else's address with a password of their own. Requests are
    limited per address and per IP (``throttle.account_request_allow``).
    """
    email = User.objects.normalize_email(email).strip()
    throttle.account_request_allow(kind=AccountRequest.Kind.SIGN_UP, email=email, ip=ip)
    existing = User.objects.filter(email__iexact=email).first()
    if existing is None:
        return _account_create(
            email=email,
            password=password,
            full_name=full_name,
            home_commune=home_commune,
            site_url=site_url,
        )
    # Hash the password anyway, so that the answer takes as long as when creating an account.
    make_password(password)
    _send_sign_up_notice(existing, site_url)
    return None


@transaction.atomic
def _account_create(
    *, email: str, password: str, full_name: str, home_commune: Commune | None, site_url: str
) -> User:
    user = User.objects.create_user(
        email=email,
        password=password,
        full_name=full_name,
        home_commune=home_commune,
        home_commune_source=_source(home_commune),
        is_active=False,
    )
    Consent.objects.create(
        user=user, purpose=Consent.Purpose.ACCOUNT, text_version=CONSENT_TEXT_VERSION
    )
    audit_record(
        actor=user,
        action="account.sign_up",
        target=user,
        after={"home_commune": home_commune.code if home_commune else None},
    )
    transaction.on_commit(lambda: _send_confirmation(user, site_url))
    return user


def account_password_reset_request(*, email: str, ip: str | None) -> None:
    """Count a request for a password-reset link; raise ``rate_limited`` beyond the limits.

    The link itself is sent by Django's reset form, to active accounts only, with the same
    answer whether or not the address has one.
    """
    throttle.account_request_allow(
        kind=AccountRequest.Kind.PASSWORD_RESET,
        email=User.objects.normalize_email(email).strip(),
        ip=ip,
    )


@transaction.atomic
def account_password_reset(*, user: User, password: str) -> User:
    """Set the password chosen through an e-mailed link and lift the login lockout of the address.

    Following the link proves the address: a pending (never confirmed) account is confirmed.
    """
    confirming = _is_pending(user)
    user.set_password(password)
    user.is_active = user.is_active or confirming
    user.save(update_fields=["password", "is_active"])
    cleared, _counts = LoginFailure.objects.filter(email=(user.email or "").lower()).delete()
    audit_record(
        actor=user,
        action="account.password_reset",
        target=user,
        after={"login_failures_cleared": cleared, "confirmed": confirming},
    )
    if confirming:
        person_link_confirmed_email(user=user)
    return user


@transaction.atomic
def account_confirm(*, uidb64: str, token: str) -> User | None:
    """Activate the account named by a confirmation link; None when the link is not valid."""
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None
    user = User.objects.filter(pk=pk, email__isnull=False).first()
    if user is None or user.is_active or not confirmation_tokens.check_token(user, token):
        return None
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit_record(actor=user, action="account.confirm", target=user)
    person_link_confirmed_email(user=user)
    return user


@transaction.atomic
def account_update_profile(*, user: User, full_name: str, home_commune: Commune | None) -> User:
    """Change the name and home commune of one's own account.

    The profile form shows the commune by name, so saving it confirms the commune by name (an
    account marked "to review" leaves the team's list).
    """
    return write(
        actor=user,
        instance=user,
        fields={
            "full_name": full_name,
            "home_commune": home_commune,
            "home_commune_source": _source(home_commune),
        },
        action="account",
    )


def _source(home_commune: Commune | None) -> str:
    # Every form that sets a commune resolves it by name (accounts.forms.CommuneField).
    return User.CommuneSource.BY_NAME if home_commune else User.CommuneSource.NONE


@transaction.atomic
def account_commune_reviewed(*, actor: User, user: User) -> User:
    """The team has checked an account's home commune (from the list of communes to review)."""
    if user.home_commune_source != User.CommuneSource.TO_REVIEW:
        raise ApplicationError(_("This commune is not waiting for a review."), code="not_pending")
    return write(
        actor=actor,
        instance=user,
        fields={"home_commune_source": User.CommuneSource.REVIEWED},
        action="account",
        reason="home commune checked by the programme team",
    )


@transaction.atomic
def account_register_resident(
    *,
    actor: User,
    full_name: str,
    home_commune: Commune | None,
    phone: str = "",
    purposes: list[str],
    text_version: str = CONSENT_TEXT_VERSION,
) -> User:
    """A mediator creates an account without e-mail for a resident, with their consent.

    The account has no usable password (the resident takes part through the mediator); the
    consent rows say who recorded them, when, and which text version was read to the person.
    """
    if Consent.Purpose.ACCOUNT not in purposes:
        raise ApplicationError(
            _("The person must agree to having an account before it is created."),
            code="consent_missing",
        )
    user = User.objects.create_user(
        email=None,
        full_name=full_name,
        home_commune=home_commune,
        home_commune_source=_source(home_commune),
    )
    person = Person.objects.create(
        user=user,
        full_name=full_name,
        phone=phone,
        home_commune=home_commune,
        search_text=search_key(full_name),
    )
    for purpose in purposes:
        Consent.objects.create(
            user=user,
            person=person,
            purpose=purpose,
            text_version=text_version,
            recorded_by=actor,
        )
    audit_record(
        actor=actor,
        action="account.register_resident",
        target=user,
        after={
            "home_commune": home_commune.code if home_commune else None,
            "consents": sorted(purposes),
            "text_version": text_version,
        },
    )
    return user


def _roles_of(user: User) -> list[str]:
    roles = sorted(user.groups.filter(name__in=Role.values).values_list("name", flat=True))
    return ["administrator", *roles] if user.is_superuser else roles


@transaction.atomic
def role_grant(*, actor: User, user: User, role: str) -> None:
    """Give ``user`` a platform role; only administrators may grant the programme-team role."""
    if role not in Role.values:
        raise ApplicationError(_("Unknown role."), code="unknown_role")
    if role == Role.PROGRAMME_TEAM and not actor.is_superuser:
        raise ApplicationError(
            _("Only an administrator may add someone to the programme team."), code="forbidden"
        )
    if not user.is_active:
        raise ApplicationError(_("This account is not active."), code="inactive")
    before = _roles_of(user)
    if role in before:
        raise ApplicationError(_("This person already holds this role."), code="already")
    user.groups.add(role_group(role))
    audit_record(
        actor=actor,
        action="role.grant",
        target=user,
        before={"roles": before},
        after={"roles": _roles_of(user)},
    )


@transaction.atomic
def role_revoke(*, actor: User, user: User, role: str) -> None:
    """Take a platform role away from ``user`` (same restriction as granting)."""
    if role == Role.PROGRAMME_TEAM and not actor.is_superuser:
        raise ApplicationError(
            _("Only an administrator may remove someone from the programme team."),
            code="forbidden",
        )
    before = _roles_of(user)
    if role not in before or role == "administrator":
        raise ApplicationError(_("This person does not hold this role."), code="absent")
    user.groups.remove(role_group(role))
    audit_record(
        actor=actor,
        action="role.revoke",
        target=user,
        before={"roles": before},
        after={"roles": _roles_of(user)},
    )


# --- Assisted participation ---------------------------------------------------------------------


@transaction.atomic
def assistance_consent_record(*, actor: User, resident: User) -> Consent:
    """Record that ``resident`` agreed to ``actor`` (a mediator) acting for them, unless an
    agreement not withdrawn is already on record; the act itself says who entered it."""
    consent = Consent.objects.filter(
        user=resident, purpose=Consent.Purpose.ASSISTED, withdrawn_at__isnull=True
    ).first()
    if consent is not None:
        return consent
    consent = Consent.objects.create(
        user=resident,
        purpose=Consent.Purpose.ASSISTED,
        text_version=CONSENT_TEXT_VERSION,
        recorded_by=actor,
    )
    audit_record(
        actor=actor, action="account.assistance_consent", target=resident, after={"consent": True}
    )
    return consent


#: At most this many papers are entered from one line of a tally sheet.
MAX_PAPERS_PER_ENTRY = 500
PAPER_VOTER_NAME = "Bulletin papier"


@transaction.atomic
def paper_voters_create(*, actor: User, count: int, sheet: str) -> list[User]:
    """One anonymous voter per paper ballot of a tally sheet (no e-mail, no password).

    A paper is one person's vote, and a ballot takes one vote per account: a single placeholder
    account per sheet could hold one vote only, and would merge distinct people. These accounts
    cannot log in and hold nothing personal; one audit row names the sheet and who entered it.
    """
    if not 1 <= count <= MAX_PAPERS_PER_ENTRY:
        raise ApplicationError(
            _("Enter between 1 and %(n)s papers at a time.") % {"n": MAX_PAPERS_PER_ENTRY},
            code="count",
        )
    sheet = " ".join((sheet or "").split())[:100]
    voters = [
        User(email=None, full_name=f"{PAPER_VOTER_NAME} ({sheet})"[:150], password="!")
        for _index in range(count)
    ]
    for voter in voters:
        voter.set_unusable_password()
    created = User.objects.bulk_create(voters)
    audit_record(
        actor=actor,
        action="account.paper_voters",
        target=None,
        after={"sheet": sheet, "papers": count, "first": created[0].pk, "last": created[-1].pk},
    )
    return created


# --- Claiming an account registered by a mediator ---------------------------------------------

#: Letters and digits that cannot be mistaken for one another when read from paper.
CLAIM_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CLAIM_SECRET_LENGTH = 12
#: How long a printed code stays valid.
CLAIM_CODE_DAYS = 60


def _claim_refused() -> ApplicationError:
    # One message for every wrong code (unknown, wrong secret, used, expired, withdrawn), so that
    # trying codes teaches nothing.
    return ApplicationError(
        _(
            "This code is not valid (mistyped, already used or expired). "
            "Ask your mediator for a new one."
        ),
        code="claim_invalid",
    )


@transaction.atomic
def claim_code_issue(*, actor: User, user: User) -> str:
    """A new one-time code for ``user`` (an account without e-mail), to print and hand over.

    Returns the code in clear, the only time it exists in clear: ``<id>-XXXX-XXXX-XXXX``. A code
    issued earlier for the same account is withdrawn."""
    if user.email:
        raise ApplicationError(
            _(
                "This account already has an e-mail address: its owner can log in or reset "
                "the password."
            ),
            code="has_email",
        )
    now = timezone.now()
    ClaimCode.objects.filter(user=user, used_at__isnull=True, withdrawn_at__isnull=True).update(
        withdrawn_at=now
    )
    secret = "".join(secrets.choice(CLAIM_ALPHABET) for _ in range(CLAIM_SECRET_LENGTH))
    code = ClaimCode.objects.create(
        user=user,
        secret_hash=make_password(secret),
        created_by=actor,
        expires_at=now + datetime.timedelta(days=CLAIM_CODE_DAYS),
    )
    audit_record(actor=actor, action="account.claim_code", target=user, after={"code": code.pk})
    groups = [secret[i : i + 4] for i in range(0, CLAIM_SECRET_LENGTH, 4)]
    return f"{code.pk}-{'-'.join(groups)}"


def _parse_claim(text: str) -> tuple[int, str] | None:
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum() or ch == "-")
    number, _sep, rest = cleaned.partition("-")
    secret = rest.replace("-", "")
    if not number.isdigit() or len(secret) != CLAIM_SECRET_LENGTH or len(number) > 12:
        return None
    return int(number), secret


def account_claim(*, code: str, email: str, password: str, ip: str | None) -> User:
    """Take over an account registered by a mediator with the printed ``code``: it gets
    ``email`` and ``password``, and the code stops working. Attempts are limited per code and
    per IP like sign-ups (``throttle.account_request_allow``)."""
    throttle.account_request_allow(kind=AccountRequest.Kind.CLAIM, email=code.strip()[:64], ip=ip)
    parsed = _parse_claim(code)
    if parsed is None:
        raise _claim_refused()
    email = User.objects.normalize_email(email).strip()
    with transaction.atomic():
        claim = (
            ClaimCode.objects.select_for_update()
            .select_related("user")
            .filter(pk=parsed[0])
            .first()
        )
        if (
            claim is None
            or claim.used_at is not None
            or claim.withdrawn_at is not None
            or claim.expires_at <= timezone.now()
            or not check_password(parsed[1], claim.secret_hash)
        ):
            raise _claim_refused()
        user = claim.user
        if user.email:
            raise _claim_refused()
        if User.objects.filter(email__iexact=email).exists():
            raise ApplicationError(
                _(
                    "This e-mail address already has an account: log in with it, or use "
                    "another address."
                ),
                code="email_taken",
            )
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise ApplicationError(" ".join(error.messages), code="password") from error
        user.email = email
        user.set_password(password)
        user.is_active = True
        user.save(update_fields=["email", "password", "is_active"])
        claim.used_at = timezone.now()
        claim.save(update_fields=["used_at"])
        audit_record(actor=user, action="account.claim", target=user, after={"code": claim.pk})
    return user
