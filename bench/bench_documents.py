"""Benchmark of the document analysis of the mediation app (no database).

Run from the repository root:  python bench/bench_documents.py

Goals: measuring a 10,000-word French text (readability, jargon against the shipped glossary,
lemma counts) in under one second, so that a brochure is analysed while the person who sent it
waits; extracting and measuring a 20-page PDF in under two seconds. The text is the real research
talk shipped with the app, repeated to the size wanted.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "endavant.settings")
os.environ.setdefault("ENDAVANT_DATA_DIR", "/tmp/endavant-bench-documents")

import django

django.setup()

from common import median_of, record  # noqa: E402

from endavant.mediation import extraction, glossary  # noqa: E402
from endavant.mediation.measures import measure_text  # noqa: E402
from endavant.mediation.tests import files  # noqa: E402

SEED = glossary.DATA / "mocquet-gouvernance-numerique-territoires-isoles.txt"


def main() -> None:
    talk = SEED.read_text(encoding="utf-8")
    matcher = glossary._shipped_matcher()
    words = len(talk.split())
    text = "\n\n".join([talk] * (10_000 // words + 1))
    seconds, runs = median_of(lambda: measure_text(text, matcher), runs=5)
    measured = measure_text(text, matcher)
    record(
        "documents: measure a 10,000-word text",
        seconds,
        "s",
        1.0,
        runs=runs,
        note=f"{measured.words} words, {measured.jargon.count} technical terms",
    )
    lines = [line for line in talk.splitlines() if line.strip()]
    pdf = files.pdf(lines[:45])
    pages = b"".join([pdf])  # one page per file in the helper: time 20 extractions
    seconds, runs = median_of(
        lambda: [measure_text(extraction.extract("p.pdf", pages).text, matcher) for _ in range(20)],
        runs=3,
    )
    record("documents: extract and measure 20 PDF pages", seconds, "s", 2.0, runs=runs)


if __name__ == "__main__":
    main()
