"""The isolation indicator of the Terra Nova / Google France report (2017). Plain Python.

A commune is *isolated* when fewer than 25 % (the threshold) of its employed residents
("actifs occupés") work in a commune that belongs to an urban area: a pole or a crown of the
2010 zoning in urban areas (``CATAEU2010`` 111, 112, 211, 212, 221, 222), or, for the newer
zoning, a commune of an urban attraction area (``CATEAAV2020`` 11, 12, 13, 20).

Inputs are INSEE's home-to-work flows ("mobilités professionnelles", ``;``-separated, columns
``CODGEO`` = commune of residence, ``DCLT`` = commune of work, ``NBFLUX_Cyy_ACTOCC15P`` = employed
residents aged 15 or more) and a zoning map ``{commune code: category}``. A place of work missing
from the zoning (abroad, or a code of another geography vintage) counts as *not* urban: the
flows and the zoning must share one COG vintage.

Worked example (the file ``tests/samples/mobpro_sample.csv``; its name columns ``LIBGEO``
and ``L_DCLT`` are left out here)::

    CODGEO;DCLT;NBFLUX_C18_ACTOCC15P      zoning (CATAEU2010)
    66001;66001;40                        66001 -> 300 (isolated commune, not urban)
    66001;66136;10                        66136 -> 111 (large pole, urban)
    66001;66002;50                        66002 -> 400 (outside, not urban)
    66002;66002;30
    66002;66136;70

    66001: 100 employed residents, 10 work in an urban commune -> 10 / 100 = 10 %  -> isolated
    66002: 100 employed residents, 70 work in an urban commune -> 70 / 100 = 70 %  -> not isolated
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from endavant.territory.formats import DataFormatError, Table

DEFAULT_THRESHOLD = 0.25
URBAN_CATEGORIES_ZAU2010 = frozenset({"111", "112", "211", "212", "221", "222"})
URBAN_CATEGORIES_AAV2020 = frozenset({"11", "12", "13", "20"})
ZONING_COLUMNS = {"CATAEU2010": URBAN_CATEGORIES_ZAU2010, "CATEAAV2020": URBAN_CATEGORIES_AAV2020}
_FLOW_COLUMN = re.compile(r"^NBFLUX_C\d\d_ACTOCC15P$")


@dataclass(frozen=True)
class Flow:
    """Employed residents of ``home`` who work in ``work``."""

    home: str
    work: str
    count: float


@dataclass(frozen=True)
class WorkShare:
    """Employed residents of a commune, and those of them working in an urban-area commune."""

    employed: float
    in_urban_area: float

    @property
    def share(self) -> float | None:
        """The share working in an urban area; None for a commune without employed residents."""
        return self.in_urban_area / self.employed if self.employed else None


def read_flows(lines: Iterable[str], *, name: str = "<flows>") -> Iterator[Flow]:
    """Parse a MOBPRO flow file; raises :class:`DataFormatError` naming line and column."""
    iterator = iter(lines)
    table = Table(iterator, name, ["CODGEO", "DCLT"])
    count_columns = [column for column in table.header if _FLOW_COLUMN.match(column)]
    if len(count_columns) != 1:
        raise DataFormatError(name, 1, "NBFLUX_Cyy_ACTOCC15P", "expected one flow column")
    count_column = count_columns[0]
    for line, cells in table:
        home = table.code(cells, line, "CODGEO", (5,))
        work = table.code(cells, line, "DCLT", (5,))
        count = table.required_number(cells, line, count_column)
        if count < 0:
            raise DataFormatError(name, line, count_column, "a flow cannot be negative")
        yield Flow(home, work, count)


def read_zoning(lines: Iterable[str], *, name: str = "<zoning>") -> tuple[str, dict[str, str]]:
    """Parse a zoning file with ``CODGEO`` and ``CATAEU2010`` or ``CATEAAV2020``.

    Returns the zoning column and ``{commune code: category}``.
    """
    table = Table(iter(lines), name, ["CODGEO"])
    columns = [column for column in ZONING_COLUMNS if column in table.header]
    if not columns:
        raise DataFormatError(name, 1, "CATAEU2010/CATEAAV2020", "no zoning column")
    column = columns[0]
    zoning = {}
    for line, cells in table:
        code = table.code(cells, line, "CODGEO", (5,))
        zoning[code] = table.cell(cells, line, column)
    return column, zoning


def urban_work_shares(
    flows: Iterable[Flow], zoning: Mapping[str, str], urban_categories: frozenset[str]
) -> dict[str, WorkShare]:
    """Sum each home commune's employed residents and those working in an urban-area commune."""
    employed: dict[str, float] = {}
    urban: dict[str, float] = {}
    for flow in flows:
        employed[flow.home] = employed.get(flow.home, 0.0) + flow.count
        if zoning.get(flow.work) in urban_categories:
            urban[flow.home] = urban.get(flow.home, 0.0) + flow.count
    return {code: WorkShare(total, urban.get(code, 0.0)) for code, total in employed.items()}


def is_isolated(share: float | None, threshold: float = DEFAULT_THRESHOLD) -> bool | None:
    """Isolated when the share is strictly below the threshold; None when unknown."""
    if share is None:
        return None
    return share < threshold
