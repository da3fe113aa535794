"""Throttling kept in the database, so that every server process shares the counts.

Logins: failures are counted per e-mail address tried and per client IP over a sliding window;
beyond the limit, logins are refused with a message saying how long to wait, even with the right
password. Sign-up and password-reset requests (each sends an e-mail) are limited the same way,
per address and per IP. Settings are read at call time.

Each attempt is written *before* the password is checked or the e-mail sent, then counted:
of several simultaneous attempts, the one whose row is committed (limit + 1)-th sees at least
limit + 1 rows and is refused, so no more than the limit ever get through, and no lock is held
while a password is hashed. A refused attempt takes its row back. (Inside a transaction the row is
only visible to others at commit: callers run outside one, as Django's views do.)
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from endavant.accounts.models import AccountRequest, LoginFailure
from endavant.core.services import ApplicationError

#: Rows older than this (or than the window, when longer) are purged as new ones come.
KEEP = datetime.timedelta(days=1)


def _limits() -> tuple[int, int, datetime.timedelta]:
    per_account = int(getattr(settings, "ENDAVANT_LOGIN_MAX_FAILURES_PER_ACCOUNT", 5))
    per_ip = int(getattr(settings, "ENDAVANT_LOGIN_MAX_FAILURES_PER_IP", 20))
    minutes = int(getattr(settings, "ENDAVANT_LOGIN_LOCKOUT_MINUTES", 15))
    return per_account, per_ip, datetime.timedelta(minutes=minutes)


def _normalised(email: str | None) -> str:
    return (email or "").strip().lower()[:254]


def lockout_minutes() -> int:
    """How long, in minutes, a blocked address or account waits."""
    return int(_limits()[2].total_seconds() // 60)


def _over(recent: QuerySet, limit: int, **keys: str | None) -> bool:
    """True when, for any of ``keys`` that has a value, more than ``limit`` rows are recent."""
    return any(
        value and recent.filter(**{name: value}).count() > limit for name, value in keys.items()
    )


def login_attempt_begin(*, email: str, ip: str | None) -> LoginFailure | None:
    """Count a login attempt as a failure before its password is checked.

    Returns the row, to keep if the password is wrong (a success clears it with the others), or
    ``None`` when the account or the IP already has too many recent failures: then the password
    must not be checked at all.
    """
    per_account, per_ip, window = _limits()
    now = timezone.now()
    LoginFailure.objects.filter(at__lt=now - max(window, KEEP)).delete()
    attempt = LoginFailure.objects.create(email=_normalised(email), ip=ip or None, at=now)
    recent = LoginFailure.objects.filter(at__gte=now - window)
    if _over(recent, per_account, email=attempt.email) or _over(recent, per_ip, ip=attempt.ip):
        attempt.delete()
        return None
    return attempt


def login_success_record(*, email: str) -> None:
    """A successful login clears the failures counted against the account."""
    LoginFailure.objects.filter(email=_normalised(email)).delete()


def _request_limits() -> tuple[int, int, datetime.timedelta]:
    per_address = int(getattr(settings, "ENDAVANT_ACCOUNT_REQUESTS_MAX_PER_ADDRESS", 5))
    per_ip = int(getattr(settings, "ENDAVANT_ACCOUNT_REQUESTS_MAX_PER_IP", 20))
    minutes = int(getattr(settings, "ENDAVANT_ACCOUNT_REQUESTS_WINDOW_MINUTES", 60))
    return per_address, per_ip, datetime.timedelta(minutes=minutes)


def address_key(email: str) -> str:
    """The address as the request counter keeps it: a keyed hash, never the address itself."""
    return salted_hmac(
        "endavant.accounts.throttle.address", _normalised(email), algorithm="sha256"
    ).hexdigest()


def account_request_allow(*, kind: str, email: str, ip: str | None) -> None:
    """Count one sign-up or password-reset request (``AccountRequest.Kind``) for ``email`` from
    ``ip``; raise :class:`ApplicationError` (``rate_limited``) beyond the limits.

    The limits are the same whether or not the address has an account, so that being refused
    tells nothing about it.
    """
    per_address, per_ip, window = _request_limits()
    now = timezone.now()
    AccountRequest.objects.filter(at__lt=now - max(window, KEEP)).delete()
    request = AccountRequest.objects.create(
        kind=kind, address_key=address_key(email), ip=ip or None, at=now
    )
    recent = AccountRequest.objects.filter(kind=kind, at__gte=now - window)
    if _over(recent, per_address, address_key=request.address_key) or _over(
        recent, per_ip, ip=request.ip
    ):
        request.delete()
        minutes = int(window.total_seconds() // 60)
        raise ApplicationError(
            _(
                "Too many requests for this e-mail address or from your connection. Try again "
                "in %(minutes)s minutes."
            )
            % {"minutes": minutes},
            code="rate_limited",
        )


def client_ip(meta: dict[str, str]) -> str | None:
    """The client address as the web server saw it (REMOTE_ADDR; proxies must set it right)."""
    return meta.get("REMOTE_ADDR") or None
