"""Words of French documents: folding, lemmas, stop words, technical terms (jargon) found in a
text and whether the text explains them, and the terms that set one set of documents apart
from another. Plain Python (simplemma for the lemmas).
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import simplemma

from endavant.mediation.readability import WORD_RE

# The Snowball French stop list (snowballstem.org, BSD licence), folded (no accents), with the
# elided forms and a few words every document of the programme uses.
STOP_WORDS = frozenset(
    """
    au aux avec ce ces dans de des du elle en et eux il ils je la le les leur lui ma mais me
    meme mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te
    tes toi ton tu un une vos votre vous c d j l a m n s t y ete etee etees etes etant etante
    etants etantes suis es est sommes etes sont serai seras sera serons serez seront serais
    serait serions seriez seraient etais etait etions etiez etaient fus fut fumes futes furent
    sois soit soyons soyez soient fusse fusses fut fussions fussiez fussent ayant ayante
    ayantes ayants eu eue eues eus ai as avons avez ont aurai auras aura aurons aurez auront
    aurais aurait aurions auriez auraient avais avait avions aviez avaient eut eumes eutes
    eurent aie aies ait ayons ayez aient eusse eusses eut eussions eussiez eussent
    ceci cela celle celles celui ceux cet cette ici ils les leurs quel quels quelle quelles
    sans soi tout tous toute toutes plus moins tres bien aussi comme donc encore entre apres
    avant lors sous vers chez dont ainsi alors car si deja etre avoir faire fait peut peuvent
    autre autres chaque meme memes non oui peu leur nbsp etc
    """.split()  # noqa: SIM905 - a list of 180 words reads better as text
)


@functools.lru_cache(maxsize=4096)
def fold_char(char: str) -> str:
    """``char`` without its accent (one character for one, so positions stay the same)."""
    if char == "’":
        return "'"
    decomposed = unicodedata.normalize("NFD", char)
    return decomposed[0] if len(decomposed[0]) == 1 else char


@functools.lru_cache(maxsize=4096)
def _fold_lower_char(char: str) -> str:
    folded = fold_char(char)
    lower = folded.lower()
    return lower if len(lower) == 1 else folded


def fold(text: str) -> str:
    """Accents removed, typographic apostrophes straightened, same length as ``text``."""
    return text.translate({ord(c): fold_char(c) for c in set(text)})


def fold_lower(text: str) -> str:
    """:func:`fold`, lower-cased, same length (characters whose lower case is longer kept)."""
    return text.translate({ord(c): _fold_lower_char(c) for c in set(text)})


@functools.lru_cache(maxsize=50_000)
def lemma(word: str) -> str:
    """The folded lemma of a French word (« réseaux » → « reseau », « raccordées » →
    « raccorder »)."""
    return fold_lower(simplemma.lemmatize(word.lower(), lang="fr"))


def content_lemmas(text: str) -> list[str]:
    """The lemmas of the words of ``text`` that carry meaning (no stop words, three letters or
    more), folded, in order."""
    found = []
    for word in WORD_RE.findall(text):
        # "l'abonné" → "abonné": the elided article is a stop word.
        tail = re.split(r"['’]", word)[-1]
        if len(tail) < 3:
            continue
        folded = fold_lower(tail)
        if folded in STOP_WORDS:
            continue
        lemmatised = lemma(tail)
        if lemmatised in STOP_WORDS or len(lemmatised) < 3:
            continue
        found.append(lemmatised)
    return found


# --- Technical terms ------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """A technical term: a key (the glossary slug), a label, the forms it takes in a text and
    its long form (an acronym's expansion), if any."""

    key: str
    label: str
    variants: tuple[str, ...]
    expansion: str = ""
    explained_on_site: bool = True


def _is_acronym(variant: str) -> bool:
    letters = [c for c in variant if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(letters) >= 2


@dataclass(frozen=True)
class Match:
    term: Term
    start: int
    end: int
    text: str


#: What, right after a term, says that the text explains it: « FTTH (fibre jusqu'à
#: l'abonné) », « le PBO : un boîtier… », « la mutualisation, c'est-à-dire… ».
_EXPLAINED_AFTER = re.compile(
    r"^\s*(?:\(|:|—|–|,?\s*(?:c'est-a-dire|c'est|soit|autrement dit|qui designe|designe|"
    r"signifie|qui veut dire|veut dire|appele|appelee|est un|est une|est le|est la|sont les|"
    r"sont des|ou\s))"
)


class TermMatcher:
    """Finds terms in a text: acronyms as written (« PM », not « pm »), other forms whatever
    their accents and case, plurals in -s/-x included; the longest form wins."""

    def __init__(self, terms: Iterable[Term]) -> None:
        self.terms = list(terms)
        acronyms: dict[str, Term] = {}
        words: dict[str, Term] = {}
        for term in self.terms:
            for variant in term.variants:
                variant = " ".join(variant.split())
                if not variant:
                    continue
                if _is_acronym(variant):
                    acronyms.setdefault(fold(variant), term)
                else:
                    words.setdefault(fold_lower(variant), term)
        self._acronyms = acronyms
        self._words = words
        self._acronym_re = self._compile(acronyms, plural=False)
        self._word_re = self._compile(words, plural=True)

    @staticmethod
    def _compile(forms: dict[str, Term], *, plural: bool) -> re.Pattern[str] | None:
        if not forms:
            return None
        ordered = sorted(forms, key=len, reverse=True)
        alternatives = "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in ordered)
        suffix = "(?:s|x)?" if plural else ""
        return re.compile(rf"(?<![\w-])(?:{alternatives}){suffix}(?![\w])")

    def _lookup(self, table: dict[str, Term], found: str, *, plural: bool) -> Term | None:
        key = " ".join(found.split())
        if key in table:
            return table[key]
        if plural and key[-1:] in ("s", "x"):
            return table.get(key[:-1])
        return None

    def find(self, text: str) -> list[Match]:
        """Every occurrence of a term in ``text``, in order, without overlaps."""
        candidates: list[Match] = []
        folded = fold(text)
        if self._acronym_re is not None:
            for m in self._acronym_re.finditer(folded):
                term = self._lookup(self._acronyms, m.group(0), plural=False)
                if term is not None:
                    candidates.append(Match(term, m.start(), m.end(), text[m.start() : m.end()]))
        if self._word_re is not None:
            lowered = fold_lower(text)
            for m in self._word_re.finditer(lowered):
                term = self._lookup(self._words, m.group(0), plural=True)
                if term is not None:
                    candidates.append(Match(term, m.start(), m.end(), text[m.start() : m.end()]))
        candidates.sort(key=lambda m: (m.start, -(m.end - m.start)))
        kept: list[Match] = []
        last_end = -1
        for match in candidates:
            if match.start >= last_end:
                kept.append(match)
                last_end = match.end
        return kept


@dataclass
class Jargon:
    """The technical terms of a text: occurrences, the words they cover, which terms the text
    explains."""

    count: int = 0
    words_covered: int = 0
    terms: dict[str, str] = field(default_factory=dict)  # key → label, in order of appearance
    explained: set[str] = field(default_factory=set)

    @property
    def unexplained(self) -> list[str]:
        return [key for key in self.terms if key not in self.explained]


#: A parenthesis that only gives an acronym names the term, it does not explain it.
_ACRONYM_IN_PARENTHESES = re.compile(r"^\s*\(\s*[A-Z0-9]{2,8}\s*\)")
#: Nor does a reference: « les usages numériques (Proulx, 2005) ».
_CITATION = re.compile(r"^\s*\([^()]{0,50}\b(?:1[89]|20)\d\d[a-z]?\s*\)")


def _explained_here(folded: str, folded_lower: str, match: Match) -> bool:
    after = folded_lower[match.end : match.end + 40]
    if _EXPLAINED_AFTER.match(after):
        following = folded[match.end : match.end + 60]
        return not (_ACRONYM_IN_PARENTHESES.match(following) or _CITATION.match(following))
    before = folded_lower[max(0, match.start - 3) : match.start]
    return before.rstrip().endswith("(")


def jargon(text: str, matcher: TermMatcher) -> Jargon:
    """The technical terms of ``text``.

    A term counts as explained when one of its occurrences is followed by a parenthesis, a
    colon, a dash or a phrase such as « c'est-à-dire », « désigne », « est un »; when it is
    itself in parentheses after what it names (« point de mutualisation (PM) »); or, for an
    acronym, when its long form also appears in the text.
    """
    result = Jargon()
    folded, folded_lower = fold(text), fold_lower(text)
    seen_forms: dict[str, set[str]] = {}
    for match in matcher.find(text):
        key = match.term.key
        result.count += 1
        result.words_covered += max(1, len(WORD_RE.findall(match.text)))
        result.terms.setdefault(key, match.term.label)
        seen_forms.setdefault(key, set()).add(" ".join(match.text.split()))
        if key not in result.explained and _explained_here(folded, folded_lower, match):
            result.explained.add(key)
    for term in matcher.terms:
        forms = seen_forms.get(term.key)
        if not forms or not term.expansion or term.key in result.explained:
            continue
        long_form = fold_lower(term.expansion)
        if any(_is_acronym(f) for f in forms) and any(
            fold_lower(f).rstrip("sx") == long_form.rstrip("sx") for f in forms
        ):
            result.explained.add(term.key)
    return result


# --- Distinctive terms ----------------------------------------------------------------------


@dataclass(frozen=True)
class Distinctive:
    """A lemma that sets one corpus apart: counts in each corpus and the z-score of its
    log-odds ratio (positive: typical of the first corpus)."""

    lemma: str
    count_a: int
    count_b: int
    z: float


def distinctive_terms(
    counts_a: Counter[str], counts_b: Counter[str], *, prior: float = 0.01, limit: int = 15
) -> tuple[list[Distinctive], list[Distinctive]]:
    """The lemmas most typical of A against B and of B against A.

    Log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn, 2008,
    « Fightin' Words », *Political Analysis* 16(4)): the prior is the pooled frequency of each
    lemma scaled to ``prior`` × the pooled size, which keeps rare words from dominating; the
    z-score divides the difference by its estimated standard deviation.
    """
    pooled = counts_a + counts_b
    n_a, n_b, n_pooled = sum(counts_a.values()), sum(counts_b.values()), sum(pooled.values())
    if not n_a or not n_b:
        return [], []
    alpha_0 = prior * n_pooled
    scored = []
    for word, total in pooled.items():
        alpha = alpha_0 * total / n_pooled
        y_a, y_b = counts_a.get(word, 0), counts_b.get(word, 0)
        log_odds_a = math.log((y_a + alpha) / (n_a + alpha_0 - y_a - alpha))
        log_odds_b = math.log((y_b + alpha) / (n_b + alpha_0 - y_b - alpha))
        variance = 1 / (y_a + alpha) + 1 / (y_b + alpha)
        scored.append(Distinctive(word, y_a, y_b, (log_odds_a - log_odds_b) / math.sqrt(variance)))
    scored.sort(key=lambda d: (-d.z, d.lemma))
    typical_a = [d for d in scored if d.z > 0][:limit]
    typical_b = [d for d in reversed(scored) if d.z < 0][:limit]
    return typical_a, typical_b


def top_counts(lemmas: Sequence[str], limit: int = 2000) -> dict[str, int]:
    """The ``limit`` most frequent lemmas with their counts (what is kept per document)."""
    return dict(Counter(lemmas).most_common(limit))
