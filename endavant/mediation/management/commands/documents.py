"""``endavant documents analyse FILE... [--format csv|json]``: readability and jargon of
files, without storing them (for researchers).

One row per file: ``file``, ``format``, ``words``, ``sentences``, ``syllables``,
``words_per_sentence``, ``syllables_per_word``, ``readability_fr`` (Kandel & Moles 1958,
higher is easier), ``jargon_count``, ``jargon_share``, ``jargon_terms`` (the glossary terms
found, separated by ``|``) and ``explained_terms``. The glossary is the database's when there
is one, else the one shipped with the platform. A file that cannot be read is reported on
stderr; the others are still analysed and the command exits with status 1.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from endavant.core.csv import write_csv
from endavant.mediation import extraction, glossary
from endavant.mediation.measures import measure_text

COLUMNS = (
    "file",
    "format",
    "words",
    "sentences",
    "syllables",
    "words_per_sentence",
    "syllables_per_word",
    "readability_fr",
    "jargon_count",
    "jargon_share",
    "jargon_terms",
    "explained_terms",
)


def analyse_file(path: Path, matcher: Any) -> dict[str, Any]:
    """The row of one file (``extraction.ExtractionError`` or ``OSError`` if unreadable)."""
    data = path.read_bytes()
    extracted = extraction.extract(path.name, data)
    measures = measure_text(extracted.text, matcher)
    words, sentences = measures.words, measures.sentences
    return {
        "file": str(path),
        "format": extracted.format,
        "words": words,
        "sentences": sentences,
        "syllables": measures.syllables,
        "words_per_sentence": round(words / sentences, 2) if sentences else None,
        "syllables_per_word": round(measures.syllables / words, 3) if words else None,
        "readability_fr": None if measures.readability is None else round(measures.readability, 2),
        "jargon_count": measures.jargon.count,
        "jargon_share": round(measures.jargon.words_covered / words, 4) if words else None,
        "jargon_terms": "|".join(measures.jargon.terms.values()),
        "explained_terms": "|".join(
            label
            for key, label in measures.jargon.terms.items()
            if key in measures.jargon.explained
        ),
    }


class Command(BaseCommand):
    help = "Documents of the library; 'analyse' measures files without storing them."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="command", required=True)
        analyse = commands.add_parser(
            "analyse", help="readability and jargon of files (PDF, HTML, DOCX, ODT, TXT)"
        )
        analyse.add_argument("files", nargs="+", type=Path, metavar="FILE")
        analyse.add_argument("--format", choices=("csv", "json"), default="csv")

    def handle(self, *args: Any, **options: Any) -> None:
        matcher = glossary.current_matcher()
        rows, failed = [], 0
        for path in options["files"]:
            try:
                rows.append(analyse_file(path, matcher))
            except extraction.ExtractionError as error:
                failed += 1
                self.stderr.write(f"{path}: {error.message}")
            except OSError as error:
                failed += 1
                self.stderr.write(f"{path}: {error.strerror or error}")
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
        else:
            table = ([row[c] for c in COLUMNS] for row in rows)
            write_csv(self.stdout, COLUMNS, table)  # type: ignore[arg-type]
        if failed:
            self.stdout.flush()
            sys.exit(1)
