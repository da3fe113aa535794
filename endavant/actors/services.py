"""Writes to the directory. Every staff change is recorded in the audit log (before/after)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.translation import gettext as _

from endavant.actors.models import Membership, Organisation, Person, Tag
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
