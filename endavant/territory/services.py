"""Writes of the territory: importing the published open-data files and computing indicators.

Every import is transactional (a malformed file changes nothing; the error names the file, the
line and the column) and idempotent (rows are compared before writing, so a second run reports
everything unchanged and writes nothing).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction

from endavant.core.services import SYSTEM, audit_record
from endavant.core.text import search_key
from endavant.territory import isolation
from endavant.territory.formats import DataFormatError, Table, open_text
from endavant.territory.methods import (
    FLOWS_AAV2020,
    FLOWS_ZAU2010,
    FTTH_SOURCE,
    PROXY_AAV2020,
)
from endavant.territory.models import (
    Commune,
    CoverageObservation,
    DatasetLoad,
    Departement,
    IndicatorValue,
    Intercommunality,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
EMBEDDED = {
    "communes": DATA_DIR / "insee_communes_cog2022.csv.gz",
    "population": DATA_DIR / "insee_base_comparateur.csv.gz",
    "zau2010": DATA_DIR / "insee_zau2010_cog2019.csv.gz",
    "ftth": DATA_DIR / "arcep_ftth_2017t3_2018t1.csv.gz",
    "centroids": DATA_DIR / "ign_communes_centroids_cog2018.csv.gz",
}
# Bump when the embedded files change, so that ``load_defaults`` imports them again.
EMBEDDED_VERSION = "2026-11-26.1"
FTTH_QUARTERS = {
    "2017T3": datetime.date(2017, 9, 30),
    "2017T4": datetime.date(2017, 12, 31),
    "2018T1": datetime.date(2018, 3, 31),
}
BATCH = 2000

Progress = Callable[[Iterable[Any], int], Iterable[Any]]
T = TypeVar("T")


def no_progress(rows: Iterable[T], total: int) -> Iterable[T]:
    """The default progress reporter: none."""
    return rows


@dataclass
class ImportReport:
    """How many rows of each model an import created, updated, left unchanged or skipped."""

    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    #: Rows of a file that were left out, by reason (codes of no commune...).
    skipped: dict[str, int] = field(default_factory=dict)

    def add(self, label: str, created: int, updated: int, unchanged: int, skipped: int = 0) -> None:
        """Record the counts of one model."""
        self.counts[label] = {
            "created": created,
            "updated": updated,
            "unchanged": unchanged,
            "skipped": skipped,
        }

    def skip(self, label: str, count: int) -> None:
        """Record rows of a file that were left out."""
        self.skipped[label] = count

    @property
    def changed(self) -> int:
        """Rows created or updated in total."""
        return sum(c["created"] + c["updated"] for c in self.counts.values())

    def lines(self) -> list[str]:
        """One human-readable line per model."""
        return [
            f"{label}: {c['created']} created, {c['updated']} updated, "
            f"{c['unchanged']} unchanged" + (f", {c['skipped']} skipped" if c["skipped"] else "")
            for label, c in self.counts.items()
        ] + [f"{label}: {count} skipped" for label, count in self.skipped.items()]


M = TypeVar("M", bound=models.Model)


def _sync(
    model: type[M],
    key_fields: Sequence[str],
    rows: dict[Any, dict[str, Any]],
    *,
    create: bool = True,
) -> tuple[int, int, int, int]:
    """Create or update ``rows`` (keyed like ``key_fields``) comparing before writing.

    Returns (created, updated, unchanged, skipped); with ``create=False`` unknown keys are
    skipped rather than created. The stored rows are read as plain tuples and written with
    one prepared statement (``COPY`` on PostgreSQL for new rows): building a model instance per
    row cost more than the database work of a national import.
    """
    value_fields = sorted({name for values in rows.values() for name in values})
    stored: dict[Any, tuple[Any, tuple[Any, ...]]] = {}
    width = len(key_fields)
    for pk, *columns in model._default_manager.values_list(
        "pk", *key_fields, *value_fields
    ).order_by():
        key = columns[0] if width == 1 else tuple(columns[:width])
        stored[key] = (pk, tuple(columns[width:]))
    to_create: list[dict[str, Any]] = []
    to_update: list[tuple[Any, dict[str, Any]]] = []
    unchanged = skipped = 0
    for key, values in rows.items():
        found = stored.get(key)
        if found is None:
            if not create:
                skipped += 1
                continue
            keys = key if isinstance(key, tuple) else (key,)
            to_create.append({**dict(zip(key_fields, keys, strict=True)), **values})
        elif any(
            values[name] != old
            for name, old in zip(value_fields, found[1], strict=True)
            if name in values
        ):
            to_update.append((found[0], values))
        else:
            unchanged += 1
    if to_create:
        _insert_many(model, to_create)
    if to_update:
        _update_many(model, to_update)
    return len(to_create), len(to_update), unchanged, skipped


def _insert_many(model: type[M], rows: list[dict[str, Any]]) -> None:
    """INSERT ``rows`` (field name → value; other fields take their default).

    On PostgreSQL the rows go through ``COPY``; elsewhere through one prepared INSERT run many
    times (``executemany``).
    """
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: f.get_default() for f in fields}
    # The connection itself, not the ``connection`` proxy: the proxy looks the connection up
    # (through asgiref's context-local storage) on every attribute access, once per cell.
    db = connections[DEFAULT_DB_ALIAS]
    quote = db.ops.quote_name
    columns = ", ".join(quote(str(f.column)) for f in fields)
    prepare = [_preparer(f, db) for f in fields]
    params = [
        [
            prep(row[f.attname] if f.attname in row else row.get(f.name, defaults[f.attname]))
            for f, prep in zip(fields, prepare, strict=True)
        ]
        for row in rows
    ]
    table = quote(meta.db_table)
    with db.cursor() as cursor:
        if db.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for values in params:
                    copy.write_row(values)
            return
        placeholders = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"
        for start in range(0, len(params), BATCH):
            cursor.executemany(sql, params[start : start + BATCH])


#: Field types whose values the readers already give as both drivers take them (str, int,
#: float, None, a foreign key's id): passed as they are, since ``get_db_prep_save`` on every cell
#: of a national import took longer than writing the rows.
AS_IS = frozenset(
    {
        "CharField",
        "TextField",
        "FloatField",
        "IntegerField",
        "BigIntegerField",
        "SmallIntegerField",
        "PositiveIntegerField",
        "PositiveBigIntegerField",
        "PositiveSmallIntegerField",
        "ForeignKey",
    }
)


def _as_is(value: Any) -> Any:
    return value


def _preparer(field: Any, db: Any) -> Callable[[Any], Any]:
    """How the values of ``field`` are turned into what the driver takes."""
    if field.get_internal_type() in AS_IS:
        return _as_is
    return lambda value: field.get_db_prep_save(value, db)


def _update_many(model: type[M], rows: list[tuple[Any, dict[str, Any]]]) -> None:
    """UPDATE ``(pk, values)`` rows, one prepared statement per set of fields (``executemany``).

    Django's ``bulk_update`` builds one ``CASE WHEN`` per field and batch, which is quadratic-ish
    and took most of a cold national import; a prepared UPDATE run many times is far faster on
    SQLite and PostgreSQL alike.
    """
    meta = model._meta
    db = connections[DEFAULT_DB_ALIAS]
    quote = db.ops.quote_name
    pk_column = str(meta.pk.column) if meta.pk is not None else "id"
    by_fields: dict[tuple[str, ...], list[tuple[Any, dict[str, Any]]]] = {}
    for pk, values in rows:
        by_fields.setdefault(tuple(sorted(values)), []).append((pk, values))
    for names, group in by_fields.items():
        fields = [meta.get_field(name) for name in names]
        assignments = ", ".join(f"{quote(str(getattr(f, 'column', '')))} = %s" for f in fields)
        sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(pk_column)} = %s"
        params = [
            [
                f.get_db_prep_save(values[name], db)  # type: ignore[union-attr]
                for name, f in zip(names, fields, strict=True)
            ]
            + [pk]
            for pk, values in group
        ]
        with db.cursor() as cursor:
            for start in range(0, len(params), BATCH):
                cursor.executemany(sql, params[start : start + BATCH])


def _table(path: Path, required: Sequence[str]) -> Iterator[tuple[Table, int, list[str]]]:
    """Open ``path`` and yield (table, line, cells)."""
    with open_text(path) as handle:
        table = Table(handle, path.name, required)
        for line, cells in table:
            yield table, line, cells


def _count_lines(path: Path) -> int:
    with open_text(path) as handle:
        return max(0, sum(1 for _ in handle) - 1)


def _rows(
    path: Path, required: Sequence[str], progress: Progress
) -> Iterable[tuple[Table, int, list[str]]]:
    """The rows of ``path`` through ``progress`` (the file is only counted for a real bar)."""
    total = 0 if progress is no_progress else _count_lines(path)
    return progress(_table(path, required), total)


def _commune_ids() -> dict[str, int]:
    return dict(Commune.objects.values_list("code", "pk"))


Rows = dict[str, dict[str, Any]]


@dataclass
class CommuneTable:
    """What the INSEE membership table says: départements, EPCIs and communes by code."""

    departements: Rows
    epcis: Rows
    communes: Rows


def _read_communes(path: Path, progress: Progress, departement: str) -> CommuneTable:
    required = ["CODGEO", "LIBGEO", "DEP", "REG", "EPCI", "NATURE_EPCI", "AAV2020"]
    required += ["CATEAAV2020", "LIBDEP", "LIBEPCI", "LIBAAV2020"]
    result = CommuneTable({}, {}, {})
    for table, line, cells in _rows(path, required, progress):
        code = table.code(cells, line, "CODGEO", (5,))
        if not code.startswith(departement):
            continue
        dep = table.code(cells, line, "DEP", (2, 3))
        result.departements[dep] = {
            "name": table.cell(cells, line, "LIBDEP"),
            "region_code": table.cell(cells, line, "REG"),
        }
        siren = table.cell(cells, line, "EPCI")
        if siren.isdigit():
            if len(siren) != 9:
                raise DataFormatError(path.name, line, "EPCI", f"not a SIREN: {siren!r}")
            result.epcis[siren] = {
                "name": table.cell(cells, line, "LIBEPCI"),
                "nature": table.cell(cells, line, "NATURE_EPCI"),
            }
        category = table.cell(cells, line, "CATEAAV2020")
        if category not in {"11", "12", "13", "20", "30"}:
            raise DataFormatError(path.name, line, "CATEAAV2020", f"unknown category {category!r}")
        aav = table.cell(cells, line, "AAV2020")
        name = table.cell(cells, line, "LIBGEO")
        if not name:
            raise DataFormatError(path.name, line, "LIBGEO", "the name is empty")
        result.communes[code] = {
            "name": name,
            "search_name": search_key(name),
            "departement_id": dep,
            "intercommunality_id": siren if siren.isdigit() else None,
            "cog_vintage": "COG 2022",
            "aav2020_code": aav,
            "aav2020_name": "" if aav == "000" else table.cell(cells, line, "LIBAAV2020"),
            "aav2020_category": category,
            "aav2020_vintage": "AAV 2020 (COG 2022)",
        }
    return result


def _read_population(path: Path, progress: Progress, departement: str) -> Rows:
    rows: Rows = {}
    for table, line, cells in _rows(path, ["CODGEO", "P18_POP", "SUPERF"], progress):
        code = table.code(cells, line, "CODGEO", (5,))
        if not code.startswith(departement):
            continue
        population = table.number(cells, line, "P18_POP")
        area = table.number(cells, line, "SUPERF")
        rows[code] = {
            "population": None if population is None else round(population),
            "population_year": None if population is None else 2018,
            "area_km2": area,
        }
    return rows


ZAU2010_CATEGORIES = frozenset({"111", "112", "120", "211", "212", "221", "222", "300", "400"})


def _read_zau2010(path: Path, progress: Progress, departement: str) -> Rows:
    rows: Rows = {}
    required = ["CODGEO", "AU2010", "LIBAU2010", "CATAEU2010"]
    for table, line, cells in _rows(path, required, progress):
        code = table.code(cells, line, "CODGEO", (5,))
        if not code.startswith(departement):
            continue
        category = table.cell(cells, line, "CATAEU2010")
        if category not in ZAU2010_CATEGORIES:
            raise DataFormatError(path.name, line, "CATAEU2010", f"unknown category {category!r}")
        rows[code] = {
            "au2010_code": table.cell(cells, line, "AU2010"),
            "au2010_name": table.cell(cells, line, "LIBAU2010"),
            "au2010_category": category,
            "au2010_vintage": "ZAU 2010 (COG 2019)",
        }
    return rows


def _read_centroids(path: Path, progress: Progress, departement: str) -> Rows:
    rows: Rows = {}
    for table, line, cells in _rows(path, ["code", "centroid_lon", "centroid_lat"], progress):
        code = table.code(cells, line, "code", (5,))
        if not code.startswith(departement):
            continue
        longitude = table.required_number(cells, line, "centroid_lon")
        latitude = table.required_number(cells, line, "centroid_lat")
        if not (-180 <= longitude <= 180):
            raise DataFormatError(path.name, line, "centroid_lon", "longitude out of range")
        if not (-90 <= latitude <= 90):
            raise DataFormatError(path.name, line, "centroid_lat", "latitude out of range")
        rows[code] = {"centroid_longitude": longitude, "centroid_latitude": latitude}
    return rows


def _read_ftth(path: Path, progress: Progress, departement: str) -> dict[str, dict[str, int]]:
    """Per commune code: premises in total (``"total"``) and connectable per quarter."""
    quarters = {q: f"locaux_raccordables_{q.lower()}" for q in FTTH_QUARTERS}
    required = ["code_commune", "logements", "etablissements", *quarters.values()]
    rows: dict[str, dict[str, int]] = {}
    for table, line, cells in _rows(path, required, progress):
        code = table.code(cells, line, "code_commune", (5,))
        if not code.startswith(departement):
            continue
        total = 0
        for column in ("logements", "etablissements"):
            number = table.number(cells, line, column) or 0
            if number < 0:
                raise DataFormatError(path.name, line, column, "a count cannot be negative")
            total += int(number)
        values = {"total": total}
        for quarter, column in quarters.items():
            connectable = table.number(cells, line, column) or 0
            if connectable < 0:
                raise DataFormatError(path.name, line, column, "a count cannot be negative")
            values[quarter] = int(connectable)
        rows[code] = values
    return rows


def _sync_communes(parsed: CommuneTable, report: ImportReport, prefix: str = "") -> None:
    """Write the départements, EPCIs and communes of ``parsed`` (EPCI/département codes → ids)."""
    report.add(f"{prefix}départements", *_sync(Departement, ["code"], parsed.departements))
    report.add(f"{prefix}intercommunalities", *_sync(Intercommunality, ["siren"], parsed.epcis))
    dep_ids = dict(Departement.objects.values_list("code", "pk"))
    epci_ids = dict(Intercommunality.objects.values_list("siren", "pk"))
    for values in parsed.communes.values():
        values["departement_id"] = dep_ids[values["departement_id"]]
        siren = values["intercommunality_id"]
        values["intercommunality_id"] = epci_ids[siren] if siren else None
    report.add(f"{prefix}communes", *_sync(Commune, ["code"], parsed.communes))


def _sync_ftth(parsed: dict[str, dict[str, int]], report: ImportReport, label: str) -> None:
    ids = _commune_ids()
    rows: dict[tuple[int, str], dict[str, Any]] = {}
    skipped = 0
    for code, values in parsed.items():
        commune_id = ids.get(code)
        if commune_id is None:
            skipped += 1
            continue
        for quarter, end in FTTH_QUARTERS.items():
            rows[(commune_id, quarter)] = {
                "quarter_end": end,
                "premises_connectable": values[quarter],
                "premises_total": values["total"],
                "source": FTTH_SOURCE,
            }
    created, updated, unchanged, _ = _sync(CoverageObservation, ["commune_id", "quarter"], rows)
    report.add(label, created, updated, unchanged, skipped)


@transaction.atomic
def communes_import(
    *, path: Path | None = None, progress: Progress = no_progress, departement: str = ""
) -> ImportReport:
    """Import départements, intercommunalities and communes with their AAV 2020 zoning from
    INSEE's membership table (COG 2022, sheet ``COM``)."""
    parsed = _read_communes(path or EMBEDDED["communes"], progress, departement)
    report = ImportReport()
    _sync_communes(parsed, report)
    return report


@transaction.atomic
def population_import(
    *, path: Path | None = None, progress: Progress = no_progress, departement: str = ""
) -> ImportReport:
    """Import the 2018 population (``P18_POP``) and the area (``SUPERF``, km²) from INSEE's
    "base comparateur de territoires". Codes without a commune (arrondissements) are skipped."""
    rows = _read_population(path or EMBEDDED["population"], progress, departement)
    report = ImportReport()
    report.add("communes", *_sync(Commune, ["code"], rows, create=False))
    return report


@transaction.atomic
def zau2010_import(
    *, path: Path | None = None, progress: Progress = no_progress, departement: str = ""
) -> ImportReport:
    """Import the 2010 zoning in urban areas (``AU2010``, ``CATAEU2010``) of a COG 2019 table."""
    rows = _read_zau2010(path or EMBEDDED["zau2010"], progress, departement)
    report = ImportReport()
    report.add("communes", *_sync(Commune, ["code"], rows, create=False))
    return report


@transaction.atomic
def centroids_import(
    *, path: Path | None = None, progress: Progress = no_progress, departement: str = ""
) -> ImportReport:
    """Import commune centroids (IGN outlines, COG 2018). These are not town halls."""
    rows = _read_centroids(path or EMBEDDED["centroids"], progress, departement)
    report = ImportReport()
    report.add("communes", *_sync(Commune, ["code"], rows, create=False))
    return report


@transaction.atomic
def ftth_import(
    *, path: Path | None = None, progress: Progress = no_progress, departement: str = ""
) -> ImportReport:
    """Import ARCEP FttH deployment per commune: premises that can be connected per quarter,
    over ARCEP's denominator (dwellings + establishments)."""
    parsed = _read_ftth(path or EMBEDDED["ftth"], progress, departement)
    report = ImportReport()
    _sync_ftth(parsed, report, "coverage observations")
    return report


@transaction.atomic
def isolation_proxy_compute() -> ImportReport:
    """Store the documented proxy of isolation for every commune with an AAV 2020 category:
    isolated when outside any urban attraction area (category 30).

    Communes whose isolation was computed from real flows keep it.
    """
    from_flows = set(
        IndicatorValue.objects.filter(indicator=IndicatorValue.ISOLATED)
        .exclude(method=PROXY_AAV2020.slug)
        .values_list("commune_id", flat=True)
    )
    rows: dict[Any, dict[str, Any]] = {}
    for commune_id, category in Commune.objects.exclude(aav2020_category="").values_list(
        "pk", "aav2020_category"
    ):
        if commune_id in from_flows:
            continue
        rows[(commune_id, IndicatorValue.ISOLATED)] = {
            "value": 1.0 if category == "30" else 0.0,
            "vintage": PROXY_AAV2020.vintage,
            "method": PROXY_AAV2020.slug,
            "source": PROXY_AAV2020.source,
        }
    report = ImportReport()
    report.add("indicator values", *_sync(IndicatorValue, ["commune_id", "indicator"], rows))
    return report


def isolation_threshold() -> float:
    """The isolation threshold, read from settings at call time (default 25 %)."""
    return float(getattr(settings, "ENDAVANT_ISOLATION_THRESHOLD", isolation.DEFAULT_THRESHOLD))


@transaction.atomic
def flows_import(
    *,
    path: Path,
    zoning: str = "zau2010",
    threshold: float | None = None,
    progress: Progress = no_progress,
) -> ImportReport:
    """Compute isolation from an INSEE MOBPRO flow file and the zoning stored on the communes.

    Stores ``urban_work_share`` and ``isolated`` for every commune of residence in the file;
    they replace the proxy for those communes. ``zoning`` is ``zau2010`` or ``aav2020``.
    """
    if zoning == "zau2010":
        method, column, urban = FLOWS_ZAU2010, "au2010_category", isolation.URBAN_CATEGORIES_ZAU2010
    elif zoning == "aav2020":
        method, column = FLOWS_AAV2020, "aav2020_category"
        urban = isolation.URBAN_CATEGORIES_AAV2020
    else:
        raise ValueError(f"unknown zoning {zoning!r}")
    threshold = isolation_threshold() if threshold is None else threshold
    categories = dict(Commune.objects.exclude(**{column: ""}).values_list("code", column))
    with open_text(path) as handle:
        flows = list(progress(isolation.read_flows(handle, name=path.name), 0))
    shares = isolation.urban_work_shares(flows, categories, urban)
    ids = _commune_ids()
    rows: dict[Any, dict[str, Any]] = {}
    skipped = 0
    for code, work_share in shares.items():
        commune_id = ids.get(code)
        share = work_share.share
        if commune_id is None or share is None:
            skipped += 1
            continue
        flag = isolation.is_isolated(share, threshold)
        for indicator, value in (
            (IndicatorValue.URBAN_WORK_SHARE, share),
            (IndicatorValue.ISOLATED, 1.0 if flag else 0.0),
        ):
            rows[(commune_id, indicator)] = {
                "value": value,
                "vintage": method.vintage,
                "method": method.slug,
                "source": method.source,
            }
    report = ImportReport()
    created, updated, unchanged, _ = _sync(IndicatorValue, ["commune_id", "indicator"], rows)
    report.add("indicator values", created, updated, unchanged, skipped)
    return report


#: The tables an import fills, analysed afterwards so that the planner knows their size.
TABLES = (Departement, Intercommunality, Commune, CoverageObservation, IndicatorValue)


def tables_analyse() -> None:
    """Refresh the planner's statistics of the territory tables after a bulk import.

    Without them PostgreSQL plans the commune pages as if the tables were empty (a commune page
    took ten times longer until autovacuum came by); SQLite keeps its statistics in
    ``sqlite_stat1`` only when asked.
    """
    names = [model._meta.db_table for model in TABLES]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE " + ", ".join(quote(name) for name in names))
        elif connection.vendor == "sqlite":
            for name in names:
                cursor.execute(f"ANALYZE {quote(name)}")
            cursor.execute("PRAGMA optimize")


def embedded_import(*, progress: Progress = no_progress, departement: str = "") -> ImportReport:
    """Import every embedded file, compute the proxy and record the dataset version; then
    refresh the planner's statistics when something changed.

    With ``departement`` (a code prefix such as "66"), only that département's communes are
    imported (for tests and demonstrations); the dataset version is then not recorded.
    """
    report = _embedded_import(progress=progress, departement=departement)
    if report.changed:
        tables_analyse()
    return report


@transaction.atomic
def _embedded_import(*, progress: Progress, departement: str) -> ImportReport:
    # Each file is parsed once; the commune columns of the four INSEE/IGN files are merged
    # before anything is written, so that each commune row is inserted (or compared) once
    # rather than inserted and then updated three times.
    parsed = _read_communes(EMBEDDED["communes"], progress, departement)
    extra_sources: list[tuple[str, Callable[[Path, Progress, str], Rows]]] = [
        ("population", _read_population),
        ("zau2010", _read_zau2010),
        ("centroids", _read_centroids),
    ]
    report = ImportReport()
    for prefix, read in extra_sources:
        skipped = 0
        for code, values in read(EMBEDDED[prefix], progress, departement).items():
            row = parsed.communes.get(code)
            if row is None:
                skipped += 1
            else:
                row.update(values)
        report.skip(f"{prefix}: codes without a commune", skipped)
    _sync_communes(parsed, report, prefix="communes: ")
    _sync_ftth(
        _read_ftth(EMBEDDED["ftth"], progress, departement),
        report,
        "ftth: coverage observations",
    )
    for label, counts in isolation_proxy_compute().counts.items():
        report.counts[f"proxy: {label}"] = counts
    if report.changed or departement:
        # One audit row per import that changed something (not one per commune).
        audit_record(
            actor=SYSTEM,
            action="territory.import",
            after={"departement": departement or "all", "report": report.lines()},
        )
    if departement:
        return report
    if not DatasetLoad.objects.filter(name="embedded", version=EMBEDDED_VERSION).exists():
        DatasetLoad.objects.update_or_create(
            name="embedded", defaults={"version": EMBEDDED_VERSION}
        )
    return report
