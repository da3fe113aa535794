"""Importing organisations from a CSV file, with a report naming every bad row and why.

Columns (header row required, comma or semicolon separated, UTF-8 or Windows-1252):
``name, kind, siren, communes, description, website, competencies, expectations``. ``kind`` is a
slug or its French/English label; ``communes`` are INSEE codes and tags are separated by ``;``
(or ``|`` when the file itself uses semicolons).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from endavant.actors.models import Organisation
from endavant.actors.services import organisation_save
from endavant.actors.text import siren_valid
from endavant.core.services import ApplicationError, audit_record
from endavant.core.text import search_key
from endavant.territory.models import Commune

COLUMNS = (
    "name",
    "kind",
    "siren",
    "communes",
    "description",
    "website",
    "competencies",
    "expectations",
)
REQUIRED_COLUMNS = ("name", "kind")
MAX_ROWS = 5000


@dataclass
class RowResult:
    line: int
    name: str
    errors: list[str] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)


@dataclass
class ImportReport:
    rows: list[RowResult] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    imported: int = 0

    @property
    def bad_rows(self) -> list[RowResult]:
        return [row for row in self.rows if row.errors]

    @property
    def good_rows(self) -> list[RowResult]:
        return [row for row in self.rows if not row.errors]


def decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 as spreadsheets in France often save."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _kind_lookup() -> dict[str, str]:
    table: dict[str, str] = {}
    for value, label in Organisation.Kind.choices:
        table[search_key(value)] = value
        for language in ("fr", "en"):
            with translation.override(language):
                table[search_key(str(label))] = value
    return table


def _split(value: str, separator: str) -> list[str]:
    return [part.strip() for part in value.split(separator) if part.strip()]


def validate(text: str) -> ImportReport:
    """Check every row; nothing is written."""
    report = ImportReport()
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    list_separator = "|" if delimiter == ";" else ";"
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [search_key(name) for name in (reader.fieldnames or [])]
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        report.file_errors.append(
            _("Missing columns: %(columns)s. Expected: %(expected)s.")
            % {"columns": ", ".join(missing), "expected": ", ".join(COLUMNS)}
        )
        return report
    kinds = _kind_lookup()
    rows = []
    for raw in reader:
        rows.append({search_key(k or ""): (v or "").strip() for k, v in raw.items() if k})
        if len(rows) > MAX_ROWS:
            report.file_errors.append(
                _("The file has more than %(max)s rows; split it.") % {"max": MAX_ROWS}
            )
            return report
    codes = {code for row in rows for code in _split(row.get("communes", ""), list_separator)}
    communes = {c.code: c for c in Commune.objects.filter(code__in=codes)}
    existing = set(Organisation.objects.values_list("search_text", "kind"))
    seen: set[tuple[str, str]] = set()
    for offset, row in enumerate(rows):
        result = RowResult(line=offset + 2, name=row.get("name", ""))
        name = row.get("name", "")
        if not name:
            result.errors.append(_("The name is empty."))
        kind = kinds.get(search_key(row.get("kind", "")))
        if kind is None:
            result.errors.append(_("Unknown kind “%(kind)s”.") % {"kind": row.get("kind", "")})
        siren = row.get("siren", "").replace(" ", "")
        if siren and not siren_valid(siren):
            result.errors.append(
                _("SIREN “%(siren)s” is not nine digits with a valid check digit.")
                % {"siren": siren}
            )
        website = row.get("website", "")
        try:
            Organisation._meta.get_field("website").clean(website, None)
        except ValidationError as error:
            result.errors.extend(error.messages)
        row_codes = _split(row.get("communes", ""), list_separator)
        unknown = [code for code in row_codes if code not in communes]
        if unknown:
            result.errors.append(
                _("Unknown INSEE code(s): %(codes)s.") % {"codes": ", ".join(unknown)}
            )
        key = (search_key(name)[:200], kind or "")
        if name and kind and key in existing:
            result.errors.append(_("This organisation is already in the directory."))
        elif name and kind and key in seen:
            result.errors.append(_("This organisation appears twice in the file."))
        seen.add(key)
        result.values = {
            "name": name,
            "kind": kind,
            "siren": siren,
            "description": row.get("description", ""),
            "website": website,
            "communes_served": [communes[code] for code in row_codes if code in communes],
            "competencies": _split(row.get("competencies", ""), list_separator),
            "expectations": _split(row.get("expectations", ""), list_separator),
        }
        report.rows.append(result)
    if not rows:
        report.file_errors.append(_("The file has no data row."))
    return report


class _NothingImported(Exception):
    """A row failed while writing an all-or-nothing import: roll every row back."""


def _write(actor: Any, report: ImportReport, only_valid: bool) -> list[int]:
    created = []
    # In the order of the unique key: two imports sharing rows wait for each other on the first
    # shared row, instead of each holding a row that the other needs (a deadlock).
    rows = sorted(
        report.good_rows, key=lambda row: (row.values["kind"], search_key(row.values["name"]))
    )
    for row in rows:
        try:
            created.append(organisation_save(actor=actor, **row.values).pk)
        except ApplicationError as error:
            # Most often a simultaneous import created the same organisation first.
            row.errors.append(error.message)
    if report.bad_rows and not only_valid:
        raise _NothingImported
    return created


def directory_import(*, actor: Any, text: str, only_valid: bool) -> ImportReport:
    """Validate, then import all rows; or only the good ones when ``only_valid`` is set.

    With a single bad row and ``only_valid`` unset, nothing is written. A row that another
    import (or a person) wrote meanwhile is reported as already in the directory.
    """
    report = validate(text)
    if report.file_errors or (report.bad_rows and not only_valid):
        return report
    try:
        with transaction.atomic():
            created = _write(actor, report, only_valid)
            if created:
                audit_record(
                    actor=actor,
                    action="organisation.import",
                    after={
                        "created": created,
                        "skipped_lines": [row.line for row in report.bad_rows],
                    },
                )
    except _NothingImported:
        return report
    report.imported = len(created)
    return report
