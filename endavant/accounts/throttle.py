"""Login throttling kept in the database, so that every server process shares the counts.

Failures are counted per e-mail address tried and per client IP over a sliding window; beyond
the limit, logins are refused with a message saying how long to wait, even with the right
password. Settings are read at call time.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone

from endavant.accounts.models import LoginFailure


def _limits() -> tuple[int, int, datetime.timedelta]:
    per_account = int(getattr(settings, "ENDAVANT_LOGIN_MAX_FAILURES_PER_ACCOUNT", 5))
    per_ip = int(getattr(settings, "ENDAVANT_LOGIN_MAX_FAILURES_PER_IP", 20))
    minutes = int(getattr(settings, "ENDAVANT_LOGIN_LOCKOUT_MINUTES", 15))
    return per_account, per_ip, datetime.timedelta(minutes=minutes)


def lockout_minutes() -> int:
    """How long, in minutes, a blocked address or account waits."""
    return int(_limits()[2].total_seconds() // 60)


def login_blocked(*, email: str, ip: str | None) -> bool:
    """True when the account or the IP has failed too often within the window."""
    per_account, per_ip, window = _limits()
    since = timezone.now() - window
    recent = LoginFailure.objects.filter(at__gte=since)
    if email and recent.filter(email=email.strip().lower()).count() >= per_account:
        return True
    return bool(ip) and recent.filter(ip=ip).count() >= per_ip


def login_failure_record(*, email: str, ip: str | None) -> None:
    """Count one failed login; forget failures older than a day while at it."""
    LoginFailure.objects.filter(at__lt=timezone.now() - datetime.timedelta(days=1)).delete()
    LoginFailure.objects.create(email=(email or "").strip().lower()[:254], ip=ip or None)


def login_success_record(*, email: str) -> None:
    """A successful login clears the failures counted against the account."""
    LoginFailure.objects.filter(email=(email or "").strip().lower()).delete()


def client_ip(meta: dict[str, str]) -> str | None:
    """The client address as the web server saw it (REMOTE_ADDR; proxies must set it right)."""
    return meta.get("REMOTE_ADDR") or None
