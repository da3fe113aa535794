"""Personal-data rights: export everything about a person, erase it, purge inactive accounts.

Erasure keeps the user row (so that contributions from other modules keep their foreign keys
and every count stays true) but strips it: no e-mail, the name "Participant·e anonyme", an
unusable password, inactive, no roles. The directory person, memberships and consents go.
"""

from __future__ import annotations

import datetime
import io
import json
import re
import zipfile
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from endavant.accounts.models import LoginFailure, User
from endavant.actors.models import Person
from endavant.core import registry
from endavant.core.csv import write_csv
from endavant.core.models import AuditEntry
from endavant.core.registry import PersonalData
from endavant.core.services import SYSTEM, audit_record

ANONYMOUS_NAME = "Participant·e anonyme"
DEFAULT_RETENTION_DAYS = 3 * 365


def _rows(queryset: QuerySet[Any], fields: tuple[str, ...] | list[str]) -> list[dict[str, Any]]:
    return [dict(zip(fields, values, strict=True)) for values in queryset.values_list(*fields)]


def _owned(declaration: PersonalData, user: User) -> QuerySet[Any]:
    model = apps.get_model(declaration.model)
    return model._default_manager.filter(**{declaration.owner: user.pk}).order_by("pk")


#: An e-mail address anywhere in a text (a related row reads "label (#id)"); the domain may have
#: no dot ("someone@localhost").
EMAIL_ADDRESS = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)*")


def _acted_by(actor_id: int | None, actor_label: str, user: User) -> str:
    """Who did an audited act about ``user``, without naming anyone else (their role only)."""
    if actor_id is not None and actor_id == user.pk:
        return gettext("You")
    if actor_id is None and actor_label in {SYSTEM.label, ""}:
        # Default data, imports, jobs (the inactive-account purge), anonymous requests.
        return gettext("Platform")
    return gettext("Programme team")


def _own_addresses(user: User, about_me: list[dict[str, Any]]) -> set[str]:
    """The person's e-mail addresses: the account's, the directory's, and earlier ones (the
    ``email`` field of snapshots of their own account or directory row)."""
    own = {user.email or ""}
    own.update(Person.objects.filter(user=user).values_list("email", flat=True))
    for entry in about_me:
        for state in (entry["before"], entry["after"]):
            if isinstance(state, dict) and isinstance(state.get("email"), str):
                own.add(state["email"])
    return {address.lower() for address in own if address}


def _without_others_addresses(value: Any, own: set[str]) -> Any:
    """``value`` (JSON-like) with every e-mail address that is not in ``own`` masked."""
    if isinstance(value, str):
        return EMAIL_ADDRESS.sub(
            lambda match: match[0] if match[0].lower() in own else gettext("[hidden address]"),
            value,
        )
    if isinstance(value, list):
        return [_without_others_addresses(item, own) for item in value]
    if isinstance(value, dict):
        return {key: _without_others_addresses(item, own) for key, item in value.items()}
    return value


def personal_data(user: User) -> dict[str, list[dict[str, Any]]]:
    """Everything the platform holds about ``user``, table by table, as the apps declare it
    in their ``declarations.PERSONAL_DATA`` (one query per table).

    Nobody else's e-mail address comes out: the audit rows about the person say who acted by
    role ("Programme team", "Platform", "You"), and any other address in a value (a staff
    member's account shown as a related row, the target of an act the person did) is masked.
    """
    data = {
        declaration.name: _rows(_owned(declaration, user), declaration.export)
        for declaration in registry.personal_data()
    }
    person = Person.objects.filter(user=user).first()
    about = Q(content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk))
    if person is not None:
        about |= Q(content_type=ContentType.objects.get_for_model(Person), object_id=str(person.pk))
    about_me = _rows(
        AuditEntry.objects.filter(about),
        ["id", "at", "actor_id", "actor_label", "action", "object_repr", "before", "after"],
    )
    data["audit_entries_about_me"] = [
        {
            "id": row["id"],
            "at": row["at"],
            "by": _acted_by(row["actor_id"], row["actor_label"], user),
            "action": row["action"],
            "object_repr": row["object_repr"],
            "before": row["before"],
            "after": row["after"],
        }
        for row in about_me
    ]
    if user.email:
        data["login_failures"] = _rows(
            LoginFailure.objects.filter(email=user.email.lower()), ["id", "at", "ip"]
        )
    own = _own_addresses(user, about_me)
    return {table: _without_others_addresses(rows, own) for table, rows in data.items()}


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
