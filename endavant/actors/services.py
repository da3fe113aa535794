"""Writes to the directory. Every staff change is recorded in the audit log (before/after)."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.forms.models import model_to_dict
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from endavant.actors.models import Consent, LinkRequest, Membership, Organisation, Person, Tag
from endavant.actors.text import siren_valid
from endavant.core.services import ApplicationError, audit_record
from endavant.core.text import search_key
from endavant.territory.models import Commune


def _snapshot(instance: Any, fields: list[str]) -> dict[str, Any]:
    data = model_to_dict(instance, fields=fields)
    for key, value in list(data.items()):
        if isinstance(value, list):
            data[key] = sorted(str(getattr(item, "pk", item)) for item in value)
        elif isinstance(value, datetime.date):
            data[key] = value.isoformat()
        elif hasattr(value, "pk"):
            data[key] = value.pk
    return data


ORGANISATION_FIELDS = [
    "name",
    "kind",
    "siren",
    "description",
    "website",
    "communes_served",
    "competencies",
    "expectations",
    "competencies_text",
    "expectations_text",
    "is_fictional",
]
PERSON_FIELDS = [
    "full_name",
    "email",
    "phone",
    "home_commune",
    "competencies",
    "expectations",
    "competencies_text",
    "expectations_text",
    "is_fictional",
    "user",
]
MEMBERSHIP_FIELDS = [
    "person",
    "organisation",
    "role",
    "title",
    "start_date",
    "end_date",
    "is_public",
]


def tags_get_or_create(names: list[str]) -> list[Tag]:
    """The tags with these names (accents and case ignored when matching), created if needed."""
    tags = []
    for name in names:
        clean = " ".join(name.split())[:80]
        if not clean:
            continue
        key = search_key(clean)
        tag = Tag.objects.filter(normalised=key).first()
        if tag is None:
            try:
                with transaction.atomic():
                    tag = Tag.objects.create(name=clean, normalised=key)
            except IntegrityError:
                # Created meanwhile by a simultaneous import or edit: use that one.
                tag = Tag.objects.get(normalised=key)
        tags.append(tag)
    return tags


def _check_siren(siren: str) -> None:
    if siren and not siren_valid(siren):
        raise ApplicationError(
            _("A SIREN is nine digits with a valid check digit (Luhn)."), code="siren"
        )


def _check_website(website: str) -> None:
    # The model field's validators (http/https only, 200 characters): .save() does not run them.
    try:
        Organisation._meta.get_field("website").clean(website, None)
    except ValidationError as error:
        raise ApplicationError(" ".join(error.messages), code="website") from error


@transaction.atomic
def organisation_save(
    *,
    actor: Any,
    organisation: Organisation | None = None,
    name: str,
    kind: str,
    siren: str = "",
    description: str = "",
    website: str = "",
    communes_served: list[Commune] | None = None,
    competencies: list[str] | None = None,
    expectations: list[str] | None = None,
    competencies_text: str = "",
    expectations_text: str = "",
    is_fictional: bool = False,
) -> Organisation:
    """Create or update an organisation and record the change."""
    _check_siren(siren)
    _check_website(website)
    if kind not in Organisation.Kind.values:
        raise ApplicationError(_("Unknown kind of organisation."), code="kind")
    creating = organisation is None
    before = None if creating else _snapshot(organisation, ORGANISATION_FIELDS)
    org = organisation or Organisation()
    org.name, org.kind, org.siren = name.strip(), kind, siren
    org.description, org.website = description, website
    org.competencies_text, org.expectations_text = competencies_text, expectations_text
    org.is_fictional = is_fictional
    org.search_text = search_key(org.name)[:200]
    org.updated_at = timezone.now()
    try:
        with transaction.atomic():
            org.save()
    except IntegrityError:
        # The unique key on (kind, search_text); checking first would not see a row that a
        # simultaneous import is writing.
        if not (
            Organisation.objects.filter(kind=org.kind, search_text=org.search_text)
            .exclude(pk=org.pk)
            .exists()
        ):
            raise
        raise ApplicationError(
            _("This organisation is already in the directory."), code="duplicate"
        ) from None
    if communes_served is not None:
        org.communes_served.set(communes_served)
    if competencies is not None:
        org.competencies.set(tags_get_or_create(competencies))
    if expectations is not None:
        org.expectations.set(tags_get_or_create(expectations))
    audit_record(
        actor=actor,
        action="organisation.create" if creating else "organisation.update",
        target=org,
        before=before,
        after=_snapshot(org, ORGANISATION_FIELDS),
    )
    return org


@transaction.atomic
def organisation_delete(*, actor: Any, organisation: Organisation) -> None:
    """Delete an organisation and its memberships, recording what it was."""
    before = _snapshot(organisation, ORGANISATION_FIELDS)
    audit_record(actor=actor, action="organisation.delete", target=organisation, before=before)
    organisation.delete()


@transaction.atomic
def person_save(
    *,
    actor: Any,
    person: Person | None = None,
    full_name: str,
    email: str = "",
    phone: str = "",
    home_commune: Commune | None = None,
    competencies: list[str] | None = None,
    expectations: list[str] | None = None,
    competencies_text: str = "",
    expectations_text: str = "",
    is_fictional: bool = False,
) -> Person:
    """Create or update a person of the directory and record the change."""
    creating = person is None
    before = None if creating else _snapshot(person, PERSON_FIELDS)
    row = person or Person()
    row.full_name, row.email, row.phone = full_name.strip(), email, phone
    row.home_commune = home_commune
    row.competencies_text, row.expectations_text = competencies_text, expectations_text
    row.is_fictional = is_fictional
    row.search_text = search_key(row.full_name)[:150]
    row.save()
    if competencies is not None:
        row.competencies.set(tags_get_or_create(competencies))
    if expectations is not None:
        row.expectations.set(tags_get_or_create(expectations))
    audit_record(
        actor=actor,
        action="person.create" if creating else "person.update",
        target=row,
        before=before,
        after=_snapshot(row, PERSON_FIELDS),
    )
    return row


@transaction.atomic
def membership_add(
    *,
    actor: Any,
    person: Person,
    role: str,
    organisation: Organisation | None = None,
    title: str = "",
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
    is_public: bool = False,
) -> Membership:
    """Give a person a role (in an organisation or not) between two dates."""
    if role not in Membership.Role.values:
        raise ApplicationError(_("Unknown role."), code="role")
    if start_date and end_date and end_date < start_date:
        raise ApplicationError(_("The end date comes before the start date."), code="dates")
    membership = Membership.objects.create(
        person=person,
        organisation=organisation,
        role=role,
        title=title,
        start_date=start_date,
        end_date=end_date,
        is_public=is_public,
    )
    audit_record(
        actor=actor,
        action="membership.add",
        target=membership,
        after=_snapshot(membership, MEMBERSHIP_FIELDS),
    )
    return membership


@transaction.atomic
def membership_end(*, actor: Any, membership: Membership, end_date: datetime.date) -> Membership:
    """Close a membership on ``end_date`` (kept for history)."""
    if membership.start_date and end_date < membership.start_date:
        raise ApplicationError(_("The end date comes before the start date."), code="dates")
    before = _snapshot(membership, MEMBERSHIP_FIELDS)
    membership.end_date = end_date
    membership.save(update_fields=["end_date"])
    audit_record(
        actor=actor,
        action="membership.end",
        target=membership,
        before=before,
        after=_snapshot(membership, MEMBERSHIP_FIELDS),
    )
    return membership


@transaction.atomic
def membership_delete(*, actor: Any, membership: Membership) -> None:
    """Remove a membership entered by mistake."""
    audit_record(
        actor=actor,
        action="membership.delete",
        target=membership,
        before=_snapshot(membership, MEMBERSHIP_FIELDS),
    )
    membership.delete()


# --- One identity: an account and a directory person -------------------------------------------


def _linkable(person: Person, user: Any) -> None:
    if person.user_id is not None and person.user_id != user.pk:
        raise ApplicationError(
            _("This person is already linked to another account."), code="person_linked"
        )
    other = Person.objects.filter(user=user).exclude(pk=person.pk).first()
    if other is not None:
        raise ApplicationError(
            _("This account is already linked to another person: %(name)s.")
            % {"name": other.full_name},
            code="account_linked",
        )
    if person.user_id == user.pk:
        raise ApplicationError(_("They are already linked."), code="already")


@transaction.atomic
def person_link(*, actor: Any, person: Person, user: Any, reason: str = "") -> Person:
    """Link a directory person and an account: at most one account per person and one person
    per account (the one-to-one field holds it in the database, even when two requests race)."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    _linkable(person, user)
    person.user = user
    try:
        with transaction.atomic():
            person.save(update_fields=["user"])
    except IntegrityError as error:
        raise ApplicationError(
            _("This account was linked to another person meanwhile."), code="account_linked"
        ) from error
    audit_record(
        actor=actor,
        action="person.link",
        target=person,
        before={"user": None},
        after={"user": user.pk},
        reason=reason,
    )
    return person


@transaction.atomic
def person_unlink(*, actor: Any, person: Person, reason: str = "") -> Person:
    """Undo a link made by mistake; the person and the account both stay."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.user_id is None:
        raise ApplicationError(_("This person is not linked to an account."), code="not_linked")
    before = person.user_id
    person.user = None
    person.save(update_fields=["user"])
    audit_record(
        actor=actor,
        action="person.unlink",
        target=person,
        before={"user": before},
        after={"user": None},
        reason=reason,
    )
    return person


def person_link_confirmed_email(*, user: Any) -> Person | None:
    """When an account confirms its e-mail address, link it to the directory person the team
    pre-registered with that address, if exactly one such person is not linked yet."""
    if not user.email or Person.objects.filter(user=user).exists():
        return None
    people = list(Person.objects.filter(email__iexact=user.email, user__isnull=True)[:2])
    if len(people) != 1:
        return None
    return person_link(
        actor=user,
        person=people[0],
        user=user,
        reason="pre-registered address confirmed by the account",
    )


@transaction.atomic
def link_request_create(*, user: Any, message: str) -> LinkRequest:
    """A participant asks the team to link their account to their record in the directory."""
    message = " ".join((message or "").split())
    if not message:
        raise ApplicationError(_("Say who you are in the directory."), code="empty")
    if Person.objects.filter(user=user).exists():
        raise ApplicationError(
            _("Your account is already linked to the directory."), code="account_linked"
        )
    try:
        with transaction.atomic():
            request = LinkRequest.objects.create(user=user, message=message[:1000])
    except IntegrityError as error:
        raise ApplicationError(
            _("You have already asked; the programme team will answer."), code="pending"
        ) from error
    audit_record(actor=user, action="link_request.create", target=request)
    return request


def _notify(request: LinkRequest) -> None:
    email = request.user.email
    if not email:
        return
    context = {
        "request": request,
        "programme_name": getattr(settings, "ENDAVANT_PROGRAMME_NAME", ""),
    }
    transaction.on_commit(
        lambda: send_mail(
            subject=_("Your request to be linked to the directory"),
            message=render_to_string("actors/email/link_decided.txt", context),
            from_email=None,
            recipient_list=[email],
        )
    )


def _pending(request: LinkRequest) -> LinkRequest:
    request = LinkRequest.objects.select_for_update().select_related("user").get(pk=request.pk)
    if request.status != LinkRequest.Status.PENDING:
        raise ApplicationError(_("This request has already been answered."), code="decided")
    return request


@transaction.atomic
def link_request_approve(*, actor: Any, request: LinkRequest, person: Person) -> LinkRequest:
    """Link the requester to ``person`` and tell them by e-mail."""
    request = _pending(request)
    person_link(actor=actor, person=person, user=request.user, reason="link request approved")
    request.status = LinkRequest.Status.APPROVED
    request.person = person
    request.decided_at = timezone.now()
    request.decided_by = actor
    request.save(update_fields=["status", "person", "decided_at", "decided_by"])
    audit_record(
        actor=actor,
        action="link_request.approve",
        target=request,
        after={"person": person.pk},
    )
    _notify(request)
    return request


@transaction.atomic
def link_request_refuse(*, actor: Any, request: LinkRequest, reason: str) -> LinkRequest:
    """Refuse a link request with a reason the participant reads (page and e-mail)."""
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Give the reason, for the participant."), code="reason")
    request = _pending(request)
    request.status = LinkRequest.Status.REFUSED
    request.reason = reason[:2000]
    request.decided_at = timezone.now()
    request.decided_by = actor
    request.save(update_fields=["status", "reason", "decided_at", "decided_by"])
    audit_record(
        actor=actor,
        action="link_request.refuse",
        target=request,
        after={"reason": request.reason},
    )
    _notify(request)
    return request


# --- Consents ----------------------------------------------------------------------------------


@transaction.atomic
def consent_withdraw(*, actor: Any, consent: Consent) -> Consent:
    """Withdraw a consent. Withdrawing "appearing in the directory" also takes the person's
    roles out of the public directory. The account consent is withdrawn by erasing the account
    (``accounts.privacy.account_erase``), not here."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_at is not None:
        raise ApplicationError(_("This consent is already withdrawn."), code="withdrawn")
    if consent.purpose == Consent.Purpose.ACCOUNT:
        raise ApplicationError(
            _("To withdraw your consent to having an account, erase your account."),
            code="account",
        )
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["withdrawn_at"])
    hidden = 0
    if consent.purpose == Consent.Purpose.DIRECTORY:
        people = Person.objects.filter(pk=consent.person_id or 0) | Person.objects.filter(
            user_id=consent.user_id or 0
        )
        hidden = Membership.objects.filter(person__in=people, is_public=True).update(
            is_public=False
        )
    audit_record(
        actor=actor,
        action="consent.withdraw",
        target=consent,
        after={"purpose": consent.purpose, "public_roles_hidden": hidden},
    )
    return consent
