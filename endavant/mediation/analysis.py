"""The analysis of documents over time, as the research method asks: what the programme (the
« changer ») gave to the territory (the « changed ») in one period against another —
readability, jargon, themes, audiences and communes reached, and the commitments stated with
the roadmap actions that honour them. Every chart comes with its table and a CSV download.

Figures are read from the measures stored on each document when its text was extracted; the
distinctive terms use the lemma counts stored with the text.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from endavant.core.audiences import Audience
from endavant.mediation.lexicon import distinctive_terms
from endavant.mediation.models import Document, DocumentText
from endavant.mediation.readability import kandel_moles


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    def label(self) -> str:
        if (
            self.start.year == self.end.year
            and (self.start.month, self.start.day) == (1, 1)
            and (
                self.end.month,
                self.end.day,
            )
            == (12, 31)
        ):
            return str(self.start.year)
        return f"{self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"


@dataclass
class Table:
    """One table of the analysis; ``bars`` (label, value A, value B) when it has a chart."""

    key: str
    title: str
    columns: Sequence[str]
    rows: list[Sequence[Any]]
    note: str = ""
    bars: list[tuple[str, float, float]] = field(default_factory=list)
    unit: str = ""

    def chart(self, width: int = 300, row: int = 52) -> list[dict[str, Any]]:
        """Geometry of a paired bar chart: one label line, then bar A and bar B."""
        peak = max((max(a, b) for _label, a, b in self.bars), default=0) or 1
        return [
            {
                "label": label,
                "a": a,
                "b": b,
                "wa": round(width * a / peak, 1),
                "wb": round(width * b / peak, 1),
                "y": i * row,
            }
            for i, (label, a, b) in enumerate(self.bars)
        ]

    @property
    def chart_height(self) -> int:
        return 52 * len(self.bars) + 4


@dataclass
class Analysis:
    a: Period
    b: Period
    count_a: int
    count_b: int
    tables: list[Table]

    def table(self, key: str) -> Table | None:
        return next((t for t in self.tables if t.key == key), None)


def _documents(programme: Any, period: Period, kind: str, audience: str) -> list[Document]:
    found: QuerySet[Document] = Document.objects.filter(
        programme=programme,
        published_on__gte=period.start,
        published_on__lte=period.end,
        status=Document.Status.READY,
    )
    if kind:
        found = found.filter(kind=kind)
    items = list(
        found.prefetch_related("domains", "communes", "actions").order_by("published_on", "pk")
    )
    if audience:
        items = [d for d in items if audience in d.audiences]
    return items


def _number(value: float | None, digits: int = 1) -> float | str:
    return "" if value is None else round(value, digits)


def _pooled(items: list[Document]) -> dict[str, Any]:
    words = sum(d.words for d in items)
    sentences = sum(d.sentences for d in items)
    syllables = sum(d.syllables for d in items)
    scores = [d.readability for d in items if d.readability is not None]
    terms = sum(len(d.jargon) for d in items)
    explained = sum(d.explained_count for d in items)
    return {
        "documents": len(items),
        "words": words,
        "words_per_sentence": words / sentences if sentences else None,
        "syllables_per_word": syllables / words if words else None,
        "pooled": kandel_moles(words, sentences, syllables) if words and sentences else None,
        "mean": sum(scores) / len(scores) if scores else None,
        "jargon_share": 100 * sum(d.jargon_words for d in items) / words if words else None,
        "explained_share": 100 * explained / terms if terms else None,
    }


def _summary(a: list[Document], b: list[Document], la: str, lb: str) -> Table:
    pa, pb = _pooled(a), _pooled(b)
    lines = (
        (_("Documents"), "documents", 0),
        (_("Words"), "words", 0),
        (_("Words per sentence"), "words_per_sentence", 1),
        (_("Syllables per word"), "syllables_per_word", 2),
        (_("Readability of all the text (Kandel–Moles, higher = easier)"), "pooled", 1),
        (_("Mean readability of the documents"), "mean", 1),
        (_("Share of words in technical terms (%)"), "jargon_share", 1),
        (_("Technical terms the documents explain (%)"), "explained_share", 1),
    )
    return Table(
        "synthese",
        _("Summary"),
        [_("Measure"), la, lb],
        [(label, _number(pa[key], d), _number(pb[key], d)) for label, key, d in lines],
        note=_(
            "Readability: Kandel & Moles (1958), 207 − 1.015 × words per sentence − 73.6 × "
            "syllables per word; about 60–70 is standard French, below 30 very difficult."
        ),
    )


def _by_kind(a: list[Document], b: list[Document], la: str, lb: str) -> Table:
    labels = dict(Document.Kind.choices)
    kinds = sorted({d.kind for d in a + b}, key=lambda k: str(labels.get(k, k)))
    rows: list[Sequence[Any]] = []
    bars = []
    for kind in kinds:
        ra = _pooled([d for d in a if d.kind == kind])
        rb = _pooled([d for d in b if d.kind == kind])
        label = str(labels.get(kind, kind))
        rows.append(
            (label, ra["documents"], _number(ra["pooled"]), rb["documents"], _number(rb["pooled"]))
        )
        bars.append((label, round(ra["pooled"] or 0, 1), round(rb["pooled"] or 0, 1)))
    return Table(
        "lisibilite-par-type",
        _("Readability by type of document"),
        [_("Type"), _("Documents") + f" ({la})", _("Readability") + f" ({la})",
         _("Documents") + f" ({lb})", _("Readability") + f" ({lb})"],
        rows,
        bars=bars,
        unit=_("readability"),
    )  # fmt: skip


def _jargon(a: list[Document], b: list[Document], la: str, lb: str) -> Table:
    def tally(items: list[Document]) -> tuple[Counter[str], Counter[str], dict[str, str]]:
        used: Counter[str] = Counter()
        explained: Counter[str] = Counter()
        labels: dict[str, str] = {}
        for d in items:
            for item in d.jargon:
                used[item["key"]] += 1
                explained[item["key"]] += 1 if item.get("explained") else 0
                labels[item["key"]] = item["label"]
        return used, explained, labels

    ua, ea, labels_a = tally(a)
    ub, eb, labels_b = tally(b)
    labels = labels_a | labels_b
    keys = sorted(set(ua) | set(ub), key=lambda k: (-(ua[k] + ub[k]), labels[k]))[:25]
    rows: list[Sequence[Any]] = [(labels[k], ua[k], ea[k], ub[k], eb[k]) for k in keys]
    return Table(
        "jargon",
        _("Technical terms: documents that use them, and that explain them"),
        [_("Term"), _("Used") + f" ({la})", _("Explained") + f" ({la})",
         _("Used") + f" ({lb})", _("Explained") + f" ({lb})"],
        rows,
        bars=[(labels[k], ua[k], ub[k]) for k in keys[:12]],
        unit=_("documents"),
        note=_(
            "A term is explained when the document follows it with a parenthesis, a colon or "
            "« c'est-à-dire », puts it in parentheses after what it names, or gives both an "
            "acronym and its long form."
        ),
    )  # fmt: skip


def _domains(a: list[Document], b: list[Document], la: str, lb: str) -> Table:
    ca: Counter[str] = Counter(dom.name for d in a for dom in d.domains.all())
    cb: Counter[str] = Counter(dom.name for d in b for dom in d.domains.all())
    names = sorted(set(ca) | set(cb), key=lambda n: (-(ca[n] + cb[n]), n))
    return Table(
        "domaines",
        _("Themes: functional domains of the documents"),
        [_("Functional domain"), la, lb],
        [(n, ca[n], cb[n]) for n in names],
        bars=[(n, ca[n], cb[n]) for n in names[:12]],
        unit=_("documents"),
    )


def _distinctive(a: list[Document], b: list[Document], la: str, lb: str) -> Table:
    texts = dict(
        DocumentText.objects.filter(document__in=[d.pk for d in a + b]).values_list(
            "document_id", "lemma_counts"
        )
    )
    counts_a: Counter[str] = Counter()
    counts_b: Counter[str] = Counter()
    for d in a:
        counts_a += Counter(texts.get(d.pk) or {})
    for d in b:
        counts_b += Counter(texts.get(d.pk) or {})
    typical_a, typical_b = distinctive_terms(counts_a, counts_b)
    rows: list[Sequence[Any]] = []
    for n in range(max(len(typical_a), len(typical_b))):
        left = typical_a[n] if n < len(typical_a) else None
        right = typical_b[n] if n < len(typical_b) else None
        rows.append(
            (
                left.lemma if left else "",
                left.count_a if left else "",
                round(left.z, 2) if left else "",
                right.lemma if right else "",
                right.count_b if right else "",
                round(-right.z, 2) if right else "",
            )
        )
    return Table(
        "termes-distinctifs",
        _("Most distinctive words of each period"),
        [la, _("Occurrences"), _("z-score"), lb, _("Occurrences"), _("z-score")],
        rows,
        note=_(
            "Lemmas (simplemma) without stop words; log-odds ratio with an informative "
            "Dirichlet prior (Monroe, Colaresi & Quinn, 2008): a z-score above 1.96 is "
            "significant (p < 0.05)."
        ),
    )


def _audiences(a: list[Document], b: list[Document], la: str, lb: str) -> Table:
    labels = dict(Audience.choices)
    ca: Counter[str] = Counter(x for d in a for x in (d.audiences or ["unknown"]))
    cb: Counter[str] = Counter(x for d in b for x in (d.audiences or ["unknown"]))
    keys = [k for k in Audience.values if ca[k] or cb[k]]
    return Table(
        "publics",
        _("Audiences the documents address"),
        [_("Audience"), la, lb],
        [(str(labels[k]), ca[k], cb[k]) for k in keys],
        bars=[(str(labels[k]), ca[k], cb[k]) for k in keys],
        unit=_("documents"),
    )


def _communes(a: list[Document], b: list[Document], la: str, lb: str) -> Table:
    def reached(items: list[Document]) -> tuple[set[str], int]:
        codes = {c.code for d in items for c in d.communes.all()}
        everywhere = sum(1 for d in items if not d.communes.all())
        return codes, everywhere

    codes_a, all_a = reached(a)
    codes_b, all_b = reached(b)
    names = {c.code: c.name for d in a + b for c in d.communes.all()}
    rows: list[Sequence[Any]] = [
        (_("Communes named by at least one document"), len(codes_a), len(codes_b)),
        (_("Documents for the whole territory (no commune named)"), all_a, all_b),
        (_("Communes reached in both periods"), len(codes_a & codes_b), len(codes_a & codes_b)),
    ]
    for code in sorted(codes_a | codes_b, key=lambda c: names[c])[:50]:
        rows.append((f"{names[code]} ({code})", int(code in codes_a), int(code in codes_b)))
    return Table("communes", _("Communes reached"), [_("Communes"), la, lb], rows)


def _commitments(a: list[Document], b: list[Document], la: str, lb: str) -> Table:
    rows: list[Sequence[Any]] = []
    for label, items in ((la, a), (lb, b)):
        for d in items:
            if d.kind != Document.Kind.COMMITMENT:
                continue
            actions = list(d.actions.all())
            done = [x for x in actions if x.status == "done"]
            rows.append(
                (
                    label,
                    d.title,
                    d.published_on.isoformat(),
                    len(actions),
                    len(done),
                    " | ".join(f"{x.title} ({x.get_status_display()})" for x in actions),
                )
            )
    return Table(
        "engagements",
        _("Commitments stated, and the roadmap actions that honour them"),
        [_("Period"), _("Document"), _("Date"), _("Linked actions"), _("Realised"), _("Actions")],
        rows,
        note=_("A commitment is realised when the roadmap action linked to it is done."),
    )


def document_analysis(
    programme: Any, a: Period, b: Period, *, kind: str = "", audience: str = ""
) -> Analysis:
    """Compare the documents published in period ``a`` with those of period ``b``."""
    docs_a = _documents(programme, a, kind, audience)
    docs_b = _documents(programme, b, kind, audience)
    la, lb = a.label(), b.label()
    if la == lb:
        la, lb = f"A ({la})", f"B ({lb})"
    tables = [
        _summary(docs_a, docs_b, la, lb),
        _by_kind(docs_a, docs_b, la, lb),
        _jargon(docs_a, docs_b, la, lb),
        _domains(docs_a, docs_b, la, lb),
        _distinctive(docs_a, docs_b, la, lb),
        _audiences(docs_a, docs_b, la, lb),
        _communes(docs_a, docs_b, la, lb),
        _commitments(docs_a, docs_b, la, lb),
    ]
    return Analysis(a, b, len(docs_a), len(docs_b), tables)


def by_year(programme: Any) -> list[tuple[int, int, float | None]]:
    """Documents and pooled readability per year of publication (for the period choice)."""
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for year, words, sentences, syllables in Document.objects.filter(
        programme=programme, status=Document.Status.READY
    ).values_list("published_on__year", "words", "sentences", "syllables"):
        row = counts[year]
        row[0] += 1
        row[1] += words
        row[2] += sentences
        row[3] += syllables
    return [
        (year, n, round(kandel_moles(w, s, y), 1) if w and s else None)
        for year, (n, w, s, y) in sorted(counts.items())
    ]
