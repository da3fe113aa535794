"""Everything measured on one document's text, once, when the text is extracted."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from endavant.mediation import lexicon, readability
from endavant.mediation.lexicon import Jargon, TermMatcher


@dataclass
class TextMeasures:
    words: int
    sentences: int
    syllables: int
    readability: float | None
    jargon: Jargon
    lemma_counts: dict[str, int] = field(default_factory=dict)

    def jargon_rows(self) -> list[dict[str, Any]]:
        """The technical terms found, as stored on the document."""
        return [
            {"key": key, "label": label, "explained": key in self.jargon.explained}
            for key, label in self.jargon.terms.items()
        ]

    def as_fields(self) -> dict[str, Any]:
        """The document fields these measures fill."""
        return {
            "words": self.words,
            "sentences": self.sentences,
            "syllables": self.syllables,
            "readability": None if self.readability is None else round(self.readability, 2),
            "jargon_count": self.jargon.count,
            "jargon_words": self.jargon.words_covered,
            "jargon": self.jargon_rows(),
        }


def measure_text(text: str, matcher: TermMatcher) -> TextMeasures:
    """Readability, jargon and lemma counts of ``text``."""
    counts = readability.measure(text)
    return TextMeasures(
        words=counts.words,
        sentences=counts.sentences,
        syllables=counts.syllables,
        readability=counts.kandel_moles,
        jargon=lexicon.jargon(text, matcher),
        lemma_counts=lexicon.top_counts(lexicon.content_lemmas(text)),
    )
