"""Writes of the imports: a past programme with its items and participation events, and the
reference series. Each import is one transaction (all or nothing) and can be run again: what
is already there is left as it is, only what is new is added."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext as _

from endavant.core import registry
from endavant.core.models import ParticipationEvent
from endavant.core.services import ApplicationError, audit_record, write
from endavant.imports.models import (
    ImportedItem,
    ImportedProgramme,
    ParticipantsByDepartement,
    ReferenceSeries,
)
from endavant.imports.readers import Item, ReferenceRow
from endavant.programmes.models import Programme
from endavant.programmes.services import programme_archive, programme_save

#: The participation kind of each imported item.
EVENT_OF = {
    ImportedItem.Kind.PROPOSAL: "imported.proposal",
    ImportedItem.Kind.DEBATE: "imported.debate",
    ImportedItem.Kind.COMMENT: "imported.comment",
}
BATCH = 1000


@dataclass(frozen=True)
class Origin:
    """Where an import comes from, as the programme and the open-data pages will say."""

    platform: str
    name: str
    source: str
    licence: str
    source_url: str = ""
    starts_on: Any = None
    ends_on: Any = None


@dataclass
class ImportResult:
    """What an import did: rows read, created, already there, and how long it took."""

    programme: str
    read: int = 0
    created: int = 0
    already_there: int = 0
    events: int = 0
    seconds: float = 0.0
    by_kind: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "programme": self.programme,
            "read": self.read,
            "created": self.created,
            "already_there": self.already_there,
            "events": self.events,
            "seconds": round(self.seconds, 2),
            "by_kind": self.by_kind,
        }


def pseudonym(key: str, author: str) -> str:
    """The author's pseudonym in one imported programme: HMAC-SHA256 under the import's key."""
    if not author:
        return ""
    return hmac.new(bytes.fromhex(key), author.encode(), hashlib.sha256).hexdigest()[:16]


def _imported_programme(actor: Any, slug: str, origin: Origin) -> ImportedProgramme:
    programme = Programme.objects.filter(slug=slug).first()
    if programme is None:
        programme = programme_save(
            actor=actor,
            slug=slug,
            name=origin.name,
            description=origin.source,
            starts_on=origin.starts_on,
            ends_on=origin.ends_on,
        )
        programme = programme_archive(
            actor=actor, programme=programme, reason="Imported for analysis"
        )
    record = ImportedProgramme.objects.filter(programme=programme).first()
    if record is None:
        if Programme.objects.filter(pk=programme.pk, archived_at__isnull=True).exists():
            raise ApplicationError(
                _(
                    "The programme “%(slug)s” exists and was not created by an import: "
                    "choose another."
                )
                % {"slug": slug},
                code="not_imported",
            )
        record = write(
            actor=actor,
            instance=ImportedProgramme(programme=programme, pseudonym_key=secrets.token_hex(32)),
            fields={
                "platform": origin.platform,
                "source": origin.source,
                "source_url": origin.source_url,
                "licence": origin.licence,
            },
            action="imported_programme",
        )
    elif record.platform != origin.platform:
        raise ApplicationError(
            _("The programme “%(slug)s” was imported from another platform (%(platform)s).")
            % {"slug": slug, "platform": record.get_platform_display()},
            code="platform",
        )
    return record


@transaction.atomic
def programme_import(
    *,
    actor: Any,
    slug: str,
    origin: Origin,
    items: Sequence[Item],
    progress: Callable[[str], None] | None = None,
) -> ImportResult:
    """Import ``items`` into the archived programme ``slug`` (created on the first run).

    Items already imported (same kind and id in the source) are left alone; new ones are
    added with their participation event, dated when the source says they happened.
    """
    started = time.perf_counter()
    for kind in set(EVENT_OF.values()):
        registry.event_kind(kind)  # raises for an undeclared kind
    record = _imported_programme(actor, slug, origin)
    programme = record.programme
    result = ImportResult(programme=slug, read=len(items))
    existing = {
        (kind, source_id): pk
        for kind, source_id, pk in ImportedItem.objects.filter(programme=programme).values_list(
            "kind", "source_id", "pk"
        )
    }
    seen: set[tuple[str, str]] = set()
    new = []
    for item in items:
        if item.key in existing or item.key in seen:
            result.already_there += 1
            continue
        seen.add(item.key)
        new.append(item)
    if progress:
        progress(f"{len(new)} new of {len(items)}")
    rows = [
        ImportedItem(
            programme=programme,
            kind=item.kind,
            source_id=item.source_id,
            author=pseudonym(record.pseudonym_key, item.author),
            created_at=item.created_at,
            title=item.title,
            body=item.body,
            supports=item.supports,
            url=item.url,
            extra=item.extra,
        )
        for item in new
    ]
    created = ImportedItem.objects.bulk_create(rows, batch_size=BATCH)
    keys = {**existing, **{(i.kind, i.source_id): i.pk for i in created}}
    with_parent = []
    for item, row in zip(new, created, strict=True):
        if item.parent is not None and item.parent in keys:
            row.parent_id = keys[item.parent]
            with_parent.append(row)
    ImportedItem.objects.bulk_update(with_parent, ["parent"], batch_size=BATCH)
    content_type = ContentType.objects.get_for_model(ImportedItem)
    events = ParticipationEvent.objects.bulk_create(
        (
            ParticipationEvent(
                kind=EVENT_OF[ImportedItem.Kind(row.kind)],
                channel=ParticipationEvent.Channel.WEB,
                content_type=content_type,
                object_id=str(row.pk),
                occurred_at=row.created_at,
            )
            for row in created
        ),
        batch_size=BATCH,
    )
    result.created = len(created)
    result.events = len(events)
    for row in created:
        result.by_kind[row.kind] = result.by_kind.get(row.kind, 0) + 1
    result.seconds = time.perf_counter() - started
    audit_record(actor=actor, action="imports.run", target=record, after=result.as_dict())
    return result


@transaction.atomic
def reference_import(
    *,
    actor: Any,
    slug: str,
    title: str,
    origin: Origin,
    rows: Sequence[ReferenceRow],
    caveat: str = "",
    programme: Programme | None = None,
) -> ImportResult:
    """Import the rows of a reference series (created on the first run); rows already there
    (same theme, month, region, kind of author and département) are left alone."""
    started = time.perf_counter()
    series = ReferenceSeries.objects.filter(slug=slug).first()
    if series is None:
        series = write(
            actor=actor,
            instance=ReferenceSeries(slug=slug),
            fields={
                "title": title,
                "source": origin.source,
                "licence": origin.licence,
                "caveat": caveat,
                "programme": programme,
            },
            action="reference_series",
        )
    result = ImportResult(programme=slug, read=len(rows))
    existing = set(
        ParticipantsByDepartement.objects.filter(series=series).values_list(
            "theme", "month", "region", "author_type", "departement"
        )
    )
    new = []
    for row in rows:
        key = (row.theme, row.month, row.region, row.author_type, row.departement)
        if key in existing:
            result.already_there += 1
            continue
        existing.add(key)
        new.append(ParticipantsByDepartement(series=series, **row.__dict__))
    result.created = len(ParticipantsByDepartement.objects.bulk_create(new, batch_size=BATCH))
    result.seconds = time.perf_counter() - started
    audit_record(actor=actor, action="imports.reference", target=series, after=result.as_dict())
    return result
