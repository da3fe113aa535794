"""Sending the e-mails owed to registrants (``Notice`` rows), with their .ics attachment.

Notices are written in the transaction of what they announce, so none is lost; once it commits,
a background job (``workshops.tasks.send_notices``, run by the worker) sends them, and schedules
itself again a few minutes later when some fail, up to a bounded number of attempts.
``endavant workshops send-notices`` does the same from the command line. The team sees failures in
the back-office.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from endavant.workshops import ics
from endavant.workshops.models import Notice, Registration

MAX_ATTEMPTS = 5


def site_url() -> str:
    """Where links in e-mails point (``ENDAVANT_SITE_URL``)."""
    return str(getattr(settings, "ENDAVANT_SITE_URL", "http://127.0.0.1:8000")).rstrip("/")


def send_after_commit() -> None:
    """Queue the sending job once the current transaction has committed."""
    from endavant.workshops.tasks import send_notices

    transaction.on_commit(send_notices.enqueue)


SUBJECTS = {
    Notice.Kind.CONFIRMED: "Inscription confirmée : %(t)s",
    Notice.Kind.WAITING: "Liste d'attente : %(t)s",
    Notice.Kind.PROMOTED: "Une place s'est libérée : vous êtes inscrit·e à %(t)s",
    Notice.Kind.CHANGED: "Changement : %(t)s",
    Notice.Kind.CANCELLED: "Annulation : %(t)s",
    Notice.Kind.REGISTRATION_CANCELLED: "Désinscription confirmée : %(t)s",
}


def _message(notice: Notice) -> EmailMessage:
    registration = notice.registration
    workshop = registration.workshop
    with translation.override("fr"):
        when = formats.date_format(
            timezone.localtime(workshop.starts_at), "DATETIME_FORMAT", use_l10n=True
        )
        lines = [
            f"{workshop.title}",
            _("When: %(when)s") % {"when": when},
        ]
        if workshop.place or workshop.commune:
            where = ", ".join(p for p in (workshop.place, str(workshop.commune or "")) if p)
            lines.append(_("Where: %(where)s") % {"where": where})
        if (
            workshop.online_url
            and registration.status == Registration.Status.REGISTERED
            and registration.mode == Registration.Mode.ONLINE
        ):
            lines.append(_("Online link: %(url)s") % {"url": workshop.online_url})
        if notice.change is not None:
            lines.append(_("Reason: %(reason)s") % {"reason": notice.change.reason})
        lines.append(site_url() + workshop.get_absolute_url())
        if registration.status != Registration.Status.CANCELLED and not workshop.is_cancelled:
            cancel = reverse("workshops:cancel_by_link", args=[registration.token])
            lines.append(_("To cancel your registration: %(url)s") % {"url": site_url() + cancel})
        subject = SUBJECTS[Notice.Kind(notice.kind)] % {"t": workshop.title}
    message = EmailMessage(
        subject=subject[:200],
        body="\n\n".join(lines),
        to=[registration.participant.email or ""],
    )
    invited = registration.status == Registration.Status.REGISTERED
    cancelled = workshop.is_cancelled or registration.status == Registration.Status.CANCELLED
    if invited or cancelled:
        message.attach(
            "atelier.ics",
            ics.invitation(workshop, site_url(), cancel=cancelled),
            "text/calendar; method=%s; charset=utf-8" % ("CANCEL" if cancelled else "REQUEST"),
        )
    return message


def send_pending(limit: int = 200) -> tuple[int, int]:
    """Send pending notices (and retry failed ones); returns (sent, failed)."""
    sent = failed = 0
    queue = (
        Notice.objects.filter(
            status__in=[Notice.Status.PENDING, Notice.Status.FAILED], attempts__lt=MAX_ATTEMPTS
        )
        .select_related("registration__workshop__commune", "registration__participant", "change")
        .order_by("created_at", "pk")[:limit]
    )
    for notice in list(queue):
        # Claim the notice: another worker that read it too loses this update and skips it.
        claimed = Notice.objects.filter(
            pk=notice.pk, attempts=notice.attempts, status=notice.status
        ).update(attempts=F("attempts") + 1)
        if not claimed:
            continue
        if not notice.registration.participant.email:
            Notice.objects.filter(pk=notice.pk).update(status=Notice.Status.NO_ADDRESS)
            continue
        try:
            _message(notice).send()
        except Exception as error:  # any failure of the mail server: keep it and retry later
            Notice.objects.filter(pk=notice.pk).update(
                status=Notice.Status.FAILED, last_error=str(error)[:2000]
            )
            failed += 1
        else:
            Notice.objects.filter(pk=notice.pk).update(
                status=Notice.Status.SENT, sent_at=timezone.now(), last_error=""
            )
            sent += 1
    return sent, failed
