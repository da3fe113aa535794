"""Reading the published open-data files (CSV, optionally gzip-compressed), with errors that
name the file, the line and the column. Plain Python: no Django."""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path


class DataFormatError(ValueError):
    """A malformed input file: names the file, the line (1 = header) and the column."""

    def __init__(self, name: str, line: int, column: str, message: str) -> None:
        self.name = name
        self.line = line
        self.column = column
        self.message = message
        super().__init__(f"{name}, line {line}, column {column}: {message}")


@contextmanager
def open_text(path: str | Path) -> Iterator[io.TextIOBase]:
    """Open a text file, transparently decompressing ``.gz``; UTF-8 with an optional BOM."""
    path = Path(path)
    if path.suffix == ".gz":
        with gzip.open(path, "rt", encoding="utf-8-sig", newline="") as handle:
            yield handle
    else:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            yield handle


class Table:
    """Rows of a delimited file with a header, checked against the columns a reader needs.

    The delimiter (``,`` or ``;``, INSEE's habit) is detected on the header line.
    """

    def __init__(self, lines: Iterator[str] | io.TextIOBase, name: str, required: Sequence[str]):
        self.name = name
        iterator = iter(lines)
        try:
            header_line = next(iterator)
        except StopIteration:
            raise DataFormatError(name, 1, "-", "the file is empty") from None
        delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
        self._reader = csv.reader(_chain(header_line, iterator), delimiter=delimiter)
        self.header = [column.strip() for column in next(self._reader)]
        missing = [column for column in required if column not in self.header]
        if missing:
            raise DataFormatError(name, 1, ", ".join(missing), "missing column(s) in the header")
        self.index = {column: position for position, column in enumerate(self.header)}

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        """Yield ``(line number, cells)``; a row with the wrong number of cells is an error."""
        width = len(self.header)
        for cells in self._reader:
            line = self._reader.line_num
            if not cells:
                continue
            if len(cells) != width:
                raise DataFormatError(
                    self.name,
                    line,
                    str(min(len(cells), width) + 1),
                    f"expected {width} cells, found {len(cells)}",
                )
            yield line, cells

    def cell(self, cells: list[str], line: int, column: str) -> str:
        """The stripped text of ``column``."""
        return cells[self.index[column]].strip()

    def number(
        self, cells: list[str], line: int, column: str, *, blank_ok: bool = True
    ) -> float | None:
        """A decimal number (dot or comma as separator); None when blank and allowed."""
        text = self.cell(cells, line, column).replace(",", ".")
        if not text:
            if blank_ok:
                return None
            raise DataFormatError(self.name, line, column, "a number is required")
        try:
            return float(text)
        except ValueError:
            raise DataFormatError(self.name, line, column, f"not a number: {text!r}") from None

    def required_number(self, cells: list[str], line: int, column: str) -> float:
        """A decimal number that must be present."""
        value = self.number(cells, line, column, blank_ok=False)
        assert value is not None  # number() raised otherwise
        return value

    def code(self, cells: list[str], line: int, column: str, lengths: tuple[int, ...]) -> str:
        """An official code of one of the given lengths (INSEE codes may contain 2A/2B)."""
        text = self.cell(cells, line, column)
        if len(text) not in lengths or not text.isalnum():
            raise DataFormatError(self.name, line, column, f"not a valid code: {text!r}")
        return text


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest
