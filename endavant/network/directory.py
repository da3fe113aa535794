"""Reading a CSV export of the national directory of public services ("Annuaire de
l'administration – Base de données locales", Service-Public.fr / DILA, Licence Ouverte 2.0).
Plain Python: no Django.

The export (api-lannuaire.service-public.fr, dataset ``api-lannuaire-administration``) is one row
per local public service, ``;``-separated, UTF-8, with a header row; several cells hold JSON
(lists of objects). The columns read here are documented in ``docs/apps/network.md``:

``id`` (required), ``nom`` (required), ``code_insee_commune`` (required), ``pivot``,
``adresse``, ``telephone``, ``adresse_courriel``, ``site_internet``, ``siret``, ``siren``.

Every other column is ignored. A cell that should hold JSON but holds plain text is read as the
plain value (hand-made files often do that).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

REQUIRED = ("id", "nom", "code_insee_commune")
OPTIONAL = (
    "pivot",
    "adresse",
    "telephone",
    "adresse_courriel",
    "site_internet",
    "siret",
    "siren",
)

#: ``type_service_local`` of the directory → ``territory.PublicSite.Kind`` value. Types not listed
#: become "other" (the directory's type is kept on the site).
KINDS = {
    "mairie": "town_hall",
    "mairie_com": "town_hall",
    "mairie_mobile": "town_hall",
    "bibliotheque": "library",
    "mediatheque": "media_centre",
    "france_services": "france_services",
    "msap": "france_services",
    "ccas": "social_services",
    "cias": "social_services",
    "centre_social": "social_services",
    "centre_medico_social": "health_centre",
    "centre_sante": "health_centre",
    "maison_sante": "health_centre",
    "pmi": "health_centre",
    "epci": "intercommunality",
    "cg": "departement_service",
    "departement": "departement_service",
}


class DirectoryFormatError(ValueError):
    """The file itself cannot be read (no header, missing columns, not CSV).

    ``code`` names the problem and ``params`` its details, for a translated message.
    """

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(f"{code}: {params}")
        self.code = code
        self.params = params


@dataclass
class DirectoryRow:
    """What one row of the directory says about a site, before any check against the database."""

    line: int
    directory_id: str
    name: str
    commune_code: str
    directory_type: str = ""
    kind: str = "other"
    address: str = ""
    postcode: str = ""
    longitude: float | None = None
    latitude: float | None = None
    phone: str = ""
    email: str = ""
    website: str = ""
    siret: str = ""
    siren: str = ""
    #: ``(code, params)`` of each problem, turned into a message by the caller.
    errors: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


def _json(cell: str) -> Any:
    text = cell.strip()
    if not text or text[0] not in "[{":
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


def _objects(cell: str) -> list[dict[str, Any]]:
    value = _json(cell)
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, dict)]
    return []


def _values(cell: str, key: str = "valeur") -> list[str]:
    """The ``valeur`` of each object of a JSON list, or the plain text (split on ``;``)."""
    parsed = _json(cell)
    if parsed is None:
        return [part.strip() for part in cell.split(";") if part.strip()]
    items = parsed if isinstance(parsed, list) else [parsed]
    found = []
    for item in items:
        if isinstance(item, dict):
            value = str(item.get(key, "") or "").strip()
        else:
            value = str(item or "").strip()
        if value:
            found.append(value)
    return found


def _pivot_type(cell: str) -> str:
    types = _values(cell, "type_service_local")
    return types[0][:60] if types else ""


def _coordinate(raw: Any) -> float | None:
    text = str(raw or "").strip().replace(",", ".")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


def _address(cell: str, row: DirectoryRow) -> None:
    addresses = _objects(cell)
    # A physical address ("Adresse") rather than a postal one (a PO box has no position).
    addresses.sort(key=lambda a: 0 if str(a.get("type_adresse", "")).lower() == "adresse" else 1)
    if not addresses:
        row.address = cell.strip()[:300] if _json(cell) is None else ""
        return
    first = addresses[0]
    parts = [
        str(first.get(key, "") or "").strip()
        for key in ("complement1", "complement2", "numero_voie", "service_distribution")
    ]
    row.address = ", ".join(part for part in parts if part)[:300]
    row.postcode = str(first.get("code_postal", "") or "").strip()[:5]
    row.longitude = _coordinate(first.get("longitude"))
    row.latitude = _coordinate(first.get("latitude"))
    if row.longitude is None or row.latitude is None:
        row.longitude = row.latitude = None
    elif not (-180 <= row.longitude <= 180 and -90 <= row.latitude <= 90):
        row.errors.append(("coordinates", {"lon": row.longitude, "lat": row.latitude}))
        row.longitude = row.latitude = None


def _delimiter(header_line: str) -> str:
    return ";" if header_line.count(";") >= header_line.count(",") else ","


def read(text: str, *, max_rows: int | None = None) -> Iterator[DirectoryRow]:
    """Yield one :class:`DirectoryRow` per data row of ``text`` (errors attached, not raised).

    Raises :class:`DirectoryFormatError` when the header lacks a required column, or when the
    file has more than ``max_rows`` data rows.
    """
    if "\x00" in text:
        raise DirectoryFormatError("binary")
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(first_line))
    try:
        header = [name.strip().lstrip("\ufeff") for name in next(reader)]
    except StopIteration:
        raise DirectoryFormatError("empty") from None
    except csv.Error:
        raise DirectoryFormatError("not_csv", line=1) from None
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise DirectoryFormatError("columns", columns=", ".join(missing))
    index = {name: position for position, name in enumerate(header)}
    count = 0
    try:
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            count += 1
            if max_rows is not None and count > max_rows:
                raise DirectoryFormatError("too_many", max=max_rows)
            yield _row(reader.line_num, cells, index)
    except csv.Error:
        raise DirectoryFormatError("not_csv", line=reader.line_num) from None


def _row(line: int, cells: list[str], index: dict[str, int]) -> DirectoryRow:
    def cell(name: str) -> str:
        position = index.get(name)
        if position is None or position >= len(cells):
            return ""
        return cells[position]

    row = DirectoryRow(
        line=line,
        directory_id=cell("id").strip()[:64],
        name=" ".join(cell("nom").split())[:200],
        commune_code=cell("code_insee_commune").strip().upper(),
    )
    if len(cells) != len(index):
        row.errors.append(("cells", {"expected": len(index), "found": len(cells)}))
    if not row.directory_id:
        row.errors.append(("no_id", {}))
    if not row.name:
        row.errors.append(("no_name", {}))
    if len(row.commune_code) != 5 or not row.commune_code.isalnum():
        row.errors.append(("insee", {"code": row.commune_code[:10]}))
    row.directory_type = _pivot_type(cell("pivot"))
    row.kind = KINDS.get(row.directory_type, "other")
    _address(cell("adresse"), row)
    phones = _values(cell("telephone"))
    row.phone = phones[0][:30] if phones else ""
    emails = _values(cell("adresse_courriel"))
    row.email = emails[0][:254] if emails else ""
    sites = [
        s for s in _values(cell("site_internet")) if s.lower().startswith(("http://", "https://"))
    ]
    row.website = sites[0][:200] if sites else ""
    row.siret = "".join(cell("siret").split())[:14]
    if row.siret and not (row.siret.isdigit() and len(row.siret) == 14):
        row.errors.append(("siret", {"siret": row.siret}))
    siren = "".join(cell("siren").split())
    row.siren = siren[:9] if siren else row.siret[:9]
    return row
