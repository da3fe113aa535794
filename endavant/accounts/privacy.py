"""Personal-data rights: export everything about a person, erase it, purge inactive accounts.

Erasure keeps the user row (so that contributions from other modules keep their foreign keys
and every count stays true) but strips it: no e-mail, the name "Participant·e anonyme", an
unusable password, inactive, no roles. The directory person, memberships and consents go.
"""

from __future__ import annotations

import datetime
import io
import json
import zipfile
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from endavant.accounts.models import LoginFailure, User
from endavant.actors.models import Person
from endavant.core import registry
from endavant.core.csv import write_csv
from endavant.core.models import AuditEntry
from endavant.core.registry import PersonalData
from endavant.core.services import audit_record

ANONYMOUS_NAME = "Participant·e anonyme"
DEFAULT_RETENTION_DAYS = 3 * 365


def _rows(queryset: QuerySet[Any], fields: tuple[str, ...] | list[str]) -> list[dict[str, Any]]:
    return [dict(zip(fields, values, strict=True)) for values in queryset.values_list(*fields)]


def _owned(declaration: PersonalData, user: User) -> QuerySet[Any]:
    model = apps.get_model(declaration.model)
    return model._default_manager.filter(**{declaration.owner: user.pk}).order_by("pk")


def personal_data(user: User) -> dict[str, list[dict[str, Any]]]:
    """Everything the platform holds about ``user``, table by table, as the apps declare it
    in their ``declarations.PERSONAL_DATA`` (one query per table)."""
    data = {
        declaration.name: _rows(_owned(declaration, user), declaration.export)
        for declaration in registry.personal_data()
    }
    person = Person.objects.filter(user=user).first()
    about = Q(content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk))
    if person is not None:
        about |= Q(content_type=ContentType.objects.get_for_model(Person), object_id=str(person.pk))
    data["audit_entries_about_me"] = _rows(
        AuditEntry.objects.filter(about),
        ["id", "at", "actor_label", "action", "object_repr", "before", "after"],
    )
    if user.email:
        data["login_failures"] = _rows(
            LoginFailure.objects.filter(email=user.email.lower()), ["id", "at", "ip"]
        )
    return data


def personal_data_zip(user: User) -> bytes:
    """A zip with ``data.json`` and one CSV file per table of :func:`personal_data`."""
    data = personal_data(user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "data.json", json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        )
        for table, rows in data.items():
            text = io.StringIO()
            if rows:
                write_csv(
                    text,
                    list(rows[0]),
                    (
                        [
                            json.dumps(value, cls=DjangoJSONEncoder)
                            if isinstance(value, dict | list)
                            else value
                            for value in row.values()
                        ]
                        for row in rows
                    ),
                )
            archive.writestr(f"{table}.csv", text.getvalue().encode("utf-8-sig"))
    return buffer.getvalue()


def is_erased(user: User) -> bool:
    """True for an account that has already been anonymised."""
    return user.email is None and user.full_name == ANONYMOUS_NAME and not user.is_active


@transaction.atomic
def account_erase(*, user: User, actor: Any, reason: str = "") -> User:
    """Remove the personal data of ``user`` and pseudonymise the account row.

    Participation events and contributions keep pointing at the (now anonymous) row, so counts
    and results do not change. The audit entry records the erasure without any personal data.
    """
    email = user.email or ""
    for declaration in registry.personal_data():
        if declaration.erase == "delete":
            _owned(declaration, user).delete()
        elif callable(declaration.erase):
            declaration.erase(user)
    if email:
        LoginFailure.objects.filter(email=email.lower()).delete()
    user.email = None
    user.full_name = ANONYMOUS_NAME
    user.home_commune = None
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    audit_record(
        actor=actor if actor is not None and actor.pk != user.pk else None,
        action="account.erase",
        target=user,
        reason=reason,
    )
    return user


def retention_days() -> int:
    """``ENDAVANT_INACTIVE_ACCOUNT_RETENTION_DAYS``, read at call time (default: three years)."""
    return int(
        getattr(settings, "ENDAVANT_INACTIVE_ACCOUNT_RETENTION_DAYS", DEFAULT_RETENTION_DAYS)
    )


def inactive_accounts(now: datetime.datetime | None = None) -> QuerySet[User]:
    """Accounts (not administrators, not yet erased) unused for longer than the retention.

    "Unused" means no login since the cut-off, or never logged in and created before it.
    """
    cutoff = (now or timezone.now()) - datetime.timedelta(days=retention_days())
    return (
        User.objects.filter(is_superuser=False)
        .filter(Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff))
        .exclude(email__isnull=True, full_name=ANONYMOUS_NAME, is_active=False)
        .order_by("pk")
    )
