"""The one CSV writer of the platform: every download and every CSV file goes through it.

Spreadsheet formulas are neutralised (OWASP "CSV injection"): a text cell that starts with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be run as a formula by Excel or
LibreOffice (``=HYPERLINK(...)`` sends a click elsewhere, ``@SUM`` and ``-2+3`` compute), so it
is written with a leading apostrophe, which spreadsheets show as text and do not run.

Only text is neutralised. ``int``, ``float`` and ``Decimal`` values are written as they are, so a
negative figure from the database (-3, -0.25) stays a number a spreadsheet can add up; the same
figure given as text (``"-3"``) gets the apostrophe, since nothing tells a number typed by a
person from the start of a formula. Producers therefore pass figures as numbers, not as text.

Downloads are UTF-8 with a byte-order mark (without it Excel reads UTF-8 as Windows-1252 and
mangles French accents), lines end with CRLF (RFC 4180), and they stream row by row.

Reading goes through :func:`read_rows`, which checks the header and the number of cells of every
record and names the line of the first bad one, so that an import can refuse a malformed file
before it writes anything.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any

from django.http import StreamingHttpResponse
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def safe_cell(value: Any) -> Any:
    """The value to write: numbers as they are, ``None`` empty, text with formulas neutralised."""
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal):
        return value
    text = str(value)  # also lazy translations, dates and anything else the csv module would str()
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def safe_row(row: Iterable[Any]) -> list[Any]:
    """Every cell of ``row`` through :func:`safe_cell`."""
    return [safe_cell(value) for value in row]


def write_csv(
    fileobj: IO[str],
    header: Sequence[Any],
    rows: Iterable[Sequence[Any]],
    *,
    delimiter: str = ",",
) -> None:
    """Write ``header`` and ``rows`` to a text file, formulas neutralised.

    Open the file with ``encoding="utf-8-sig"`` (or encode the text so) for a file people will
    open in a spreadsheet.
    """
    writer = csv.writer(fileobj, delimiter=delimiter)
    writer.writerow(safe_row(header))
    for row in rows:
        writer.writerow(safe_row(row))


class _Echo:
    """A file-like object whose ``write`` returns the line instead of storing it."""

    def write(self, text: str) -> str:
        return text


def _stream(
    header: Sequence[Any], rows: Iterable[Sequence[Any]], delimiter: str, language: str | None
) -> Iterator[str]:
    # The body is produced after the view has returned: keep the view's language for the
    # translated labels computed while streaming.
    with translation.override(language):
        writer = csv.writer(_Echo(), delimiter=delimiter)
        yield BOM + writer.writerow(safe_row(header))
        for row in rows:
            yield writer.writerow(safe_row(row))


def csv_streaming_response(
    filename: str,
    header: Sequence[Any],
    rows: Iterable[Sequence[Any]],
    *,
    delimiter: str = ",",
) -> StreamingHttpResponse:
    """A CSV download (attachment, UTF-8 with BOM) streamed row by row, formulas neutralised."""
    response = StreamingHttpResponse(
        _stream(header, rows, delimiter, translation.get_language()),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


class CSVFormatError(ValueError):
    """A CSV file that cannot be read as a table; ``line`` is the 1-based line of the problem."""

    def __init__(self, message: str, *, line: int, name: str = "") -> None:
        self.message = message
        self.line = line
        self.name = name
        where = (
            _("%(name)s, line %(line)s") % {"name": name, "line": line}
            if name
            else _("line %(line)s") % {"line": line}
        )
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Record:
    """One record of a CSV file: the line it starts on and its cells by column name."""

    line: int
    cells: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.cells[column]


def read_rows(
    fileobj: Iterable[str],
    *,
    required: Sequence[str] = (),
    name: str = "",
    delimiter: str = ",",
) -> Iterator[Record]:
    """The records of a CSV text file (header row first), one at a time.

    Raises :class:`CSVFormatError` naming the line when a required column is missing, when a
    record has more or fewer cells than the header, or when the file is not valid CSV. A leading
    byte-order mark is dropped from the first column name. Records are yielded as they are read,
    so a caller that wants all or nothing reads them all before writing.
    """
    reader = csv.reader(fileobj, delimiter=delimiter, strict=True)
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise CSVFormatError(str(error), line=1, name=name) from error
    if not header:
        raise CSVFormatError(_("the file is empty (no header row)"), line=1, name=name)
    header = [column.lstrip(BOM).strip() for column in header]
    missing = [column for column in required if column not in header]
    if missing:
        raise CSVFormatError(
            _("missing column(s) %(columns)s in the header") % {"columns": ", ".join(missing)},
            line=1,
            name=name,
        )
    start = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise CSVFormatError(str(error), line=start, name=name) from error
        if cells and len(cells) != len(header):
            raise CSVFormatError(
                _("%(found)s cells where the header has %(expected)s")
                % {"found": len(cells), "expected": len(header)},
                line=start,
                name=name,
            )
        if cells:
            yield Record(start, dict(zip(header, cells, strict=True)))
        start = reader.line_num + 1
