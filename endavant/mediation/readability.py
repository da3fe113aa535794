"""French readability: sentences, words, syllables and the Kandel–Moles index. Plain Python.

The index is the adaptation of Flesch's Reading Ease to French by Kandel and Moles:

    L = 207 − 1.015 × (words / sentences) − 73.6 × (syllables / words)

Kandel, L. & Moles, A. (1958). « Application de l'indice de Flesch à la langue française ».
*Cahiers Études de Radio-Télévision*, 19, 253–274. Higher is easier; like Flesch's, the scale
is read as about 90–100 very easy, 60–70 standard, below 30 very difficult.

Counting conventions (stated so that figures can be reproduced):

* a **word** is a run of letters (internal hyphens and apostrophes kept: « aujourd'hui »,
  « l'abonné », « très-haut » are one word each); numbers are not words;
* a **sentence** ends at ``.``, ``!``, ``?`` or ``…`` followed by a space or the end, and at
  an empty line (slides, headings and list items without a full stop are sentences too);
* **syllables** are spoken syllables, counted from groups of vowels with the usual French
  rules: ``qu``/``gu`` before a vowel is a consonant, ``é`` and a diaeresis (``ï``, ``ë``,
  ``ü``) start a new syllable next to another vowel (« ré-a-li-té », « No-ël »), ``u`` before
  ``a``, ``e``, ``o`` or ``é`` is a hiatus (« ac-tu-el »), and a final mute ``e``/``es`` after
  a consonant or a split vowel is silent in a word of two syllables or more (« ta-ble »
  counts 1, « jour-né(e) » 2, « rue » 1). Upper-case acronyms are spelt out, one syllable
  per letter (« THD » counts 3).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

VOWELS = frozenset("aeiouyàâäéèêëîïôöùûüÿæœ")
DIAERESIS = frozenset("ïëüÿ")

#: A word: letters, with internal hyphens or apostrophes (no digits, no underscore).
WORD_RE = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
#: The end of a sentence: a final punctuation mark followed by a space or the end, or an
#: empty line.
SENTENCE_END_RE = re.compile(r"[.!?…]+(?=\s|$)|\n\s*\n")


def words(text: str) -> list[str]:
    """The words of ``text``, in order."""
    return WORD_RE.findall(text)


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` that hold at least one word."""
    return [part for part in SENTENCE_END_RE.split(text) if WORD_RE.search(part)]


def _is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return 2 <= len(letters) <= 6 and all(c.isupper() for c in letters)


def syllables(word: str) -> int:
    """Spoken syllables of one French word (at least 1)."""
    if _is_acronym(word):
        return sum(1 for c in word if c.isalpha())
    w = word.lower().replace("’", "'")
    # One syllable per group of vowels, split where French splits them; remember which
    # syllables are a lone final "e".
    groups: list[str] = []
    current = ""
    for i, char in enumerate(w):
        before = w[i - 1] if i else ""
        following = w[i + 1] if i + 1 < len(w) else ""
        vowel = char in VOWELS
        if char == "u" and before in ("q", "g") and following in VOWELS:
            vowel = False  # "qu", "gu" + vowel: the u is not heard
        if not vowel:
            if current:
                groups.append(current)
                current = ""
        elif current and (
            char == "é"
            or current[-1] == "é"
            or char in DIAERESIS
            or (current == "u" and char in "aeoé" and (w[i - 2] if i > 1 else "") not in "qg")
        ):
            groups.append(current)
            current = char
        else:
            current += char
    if current:
        groups.append(current)
    count = len(groups)
    # A final mute "e" (or "es") on its own is not heard: « ta-ble », « jour-née », « rue ».
    stripped = w.rstrip("'")
    if count >= 2 and groups[-1] == "e" and stripped.endswith(("e", "es")):
        count -= 1
    return max(count, 1)


@dataclass(frozen=True)
class Readability:
    """The counts behind the Kandel–Moles index, and the index (``None`` without words)."""

    words: int
    sentences: int
    syllables: int

    @property
    def words_per_sentence(self) -> float | None:
        return self.words / self.sentences if self.sentences else None

    @property
    def syllables_per_word(self) -> float | None:
        return self.syllables / self.words if self.words else None

    @property
    def kandel_moles(self) -> float | None:
        """207 − 1.015 × words/sentence − 73.6 × syllables/word (higher = easier)."""
        if not self.words or not self.sentences:
            return None
        return kandel_moles(self.words, self.sentences, self.syllables)


def kandel_moles(word_count: int, sentence_count: int, syllable_count: int) -> float:
    """The Kandel & Moles (1958) reading ease of a text with these counts."""
    return 207 - 1.015 * (word_count / sentence_count) - 73.6 * (syllable_count / word_count)


def measure(text: str) -> Readability:
    """Words, sentences and syllables of ``text``."""
    found = words(text)
    return Readability(
        words=len(found),
        sentences=len(sentences(text)) if found else 0,
        syllables=sum(syllables(w) for w in found),
    )
