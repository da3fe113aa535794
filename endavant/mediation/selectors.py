"""Reads of the mediation app: the document library and its search, the glossary and FAQ,
and « Ma commune est-elle couverte ? », in a bounded number of queries."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import Q
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from endavant.core.text import search_key
from endavant.mediation import glossary, lexicon
from endavant.mediation.models import Document, DocumentText, FaqEntry, GlossaryTerm
from endavant.mediation.readability import WORD_RE

#: Words of a query kept (the rest is left out).
MAX_QUERY_WORDS = 10
SEARCH_LIMIT = 500


@dataclass(frozen=True)
class DocumentFilters:
    """What a visitor filters the library by (all optional)."""

    q: str = ""
    kind: str = ""
    audience: str = ""
    commune: str = ""
    domain: int | None = None
    language: str = ""
    start: date | None = None
    end: date | None = None


@dataclass(frozen=True)
class QueryWord:
    """One word of a search: its folded form, its lemma, and a prefix for plurals."""

    folded: str
    lemma: str
    prefix: str

    def matches(self, word: str) -> bool:
        folded = lexicon.fold_lower(word)
        return (
            folded in (self.folded, self.lemma)
            or lexicon.lemma(word) in (self.folded, self.lemma)
            or (
                len(self.prefix) >= 4
                and folded.startswith(self.prefix)
                and len(folded) <= len(self.prefix) + 2
            )
        )


def query_words(query: str) -> list[QueryWord]:
    """The meaningful words of a search (stop words left out unless nothing else remains)."""
    raw = [part for word in WORD_RE.findall(query) for part in re.split(r"['’-]", word) if part]
    meaningful = [w for w in raw if lexicon.fold_lower(w) not in lexicon.STOP_WORDS] or raw
    words = []
    for word in meaningful[:MAX_QUERY_WORDS]:
        folded = lexicon.fold_lower(word)
        words.append(QueryWord(folded, lexicon.lemma(word), folded.rstrip("sx")))
    return words


def _fts_expression(words: list[QueryWord]) -> str:
    parts = []
    for word in words:
        forms = {word.folded, word.lemma}
        alternatives = [f'"{form}"' for form in sorted(forms) if form]
        if len(word.prefix) >= 4:
            alternatives.append(f'"{word.prefix}" *')
        parts.append("(" + " OR ".join(alternatives) + ")")
    return " AND ".join(parts)


def _ranked_ids(query: str) -> list[int] | None:
    """Ids of the documents that match ``query``, best first (``None``: no usable word)."""
    words = query_words(query)
    if not words:
        return None
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank
        from django.db.models import F

        search = SearchQuery(" ".join(w.folded for w in words), config="french")
        return list(
            DocumentText.objects.filter(search_vector=search)
            .annotate(rank=SearchRank(F("search_vector"), search))
            .order_by("-rank", "-document_id")
            .values_list("document_id", flat=True)[:SEARCH_LIMIT]
        )
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT rowid FROM mediation_document_fts WHERE mediation_document_fts MATCH %s "
                "ORDER BY bm25(mediation_document_fts, 5.0, 1.0) LIMIT %s",
                [_fts_expression(words), SEARCH_LIMIT],
            )
            return [row[0] for row in cursor.fetchall()]
    # Another database: every word in the title or the text, accents ignored on our side.
    found = Document.objects.all()
    for word in words:
        found = found.filter(
            Q(title__icontains=word.folded) | Q(content__text__icontains=word.folded)
        )
    return list(found.values_list("pk", flat=True)[:SEARCH_LIMIT])


def documents(programme: Any, filters: DocumentFilters) -> tuple[list[Document], bool]:
    """The programme's documents matching ``filters`` (best matches first when searching), and
    whether a search was run."""
    found = Document.objects.filter(programme=programme).prefetch_related("communes")
    if filters.kind:
        found = found.filter(kind=filters.kind)
    if filters.language:
        found = found.filter(language=filters.language)
    if filters.commune:
        found = found.filter(communes__code=filters.commune)
    if filters.domain:
        found = found.filter(domains=filters.domain)
    if filters.start:
        found = found.filter(published_on__gte=filters.start)
    if filters.end:
        found = found.filter(published_on__lte=filters.end)
    if filters.audience:
        # JSON "contains" does not exist on SQLite: the lists are short, read them.
        ids = [
            pk
            for pk, audiences in found.values_list("pk", "audiences")
            if filters.audience in audiences
        ]
        found = found.filter(pk__in=ids)
    ranked = _ranked_ids(filters.q) if filters.q.strip() else None
    if ranked is None:
        return list(found.distinct()[:SEARCH_LIMIT]), False
    by_pk = {d.pk: d for d in found.filter(pk__in=ranked).distinct()}
    return [by_pk[pk] for pk in ranked if pk in by_pk], True


def excerpts(documents_found: list[Document], query: str, width: int = 28) -> dict[int, SafeString]:
    """A highlighted excerpt of each document's text around the first words of ``query``
    (one query for all the texts)."""
    words = query_words(query)
    texts = dict(
        DocumentText.objects.filter(document__in=[d.pk for d in documents_found]).values_list(
            "document_id", "text"
        )
    )
    return {
        d.pk: highlight(texts.get(d.pk, "") or d.summary, words, width) for d in documents_found
    }


def highlight(text: str, words: list[QueryWord], width: int = 28) -> SafeString:
    """An excerpt of ``text`` of about ``width`` words around the first match, with the
    matching words in ``<mark>``; everything else escaped."""
    tokens = list(WORD_RE.finditer(text))
    if not tokens:
        return mark_safe("")
    hits = [i for i, t in enumerate(tokens) if any(w.matches(t.group(0)) for w in words)]
    first = hits[0] if hits else 0
    start_token = max(0, first - width // 3)
    end_token = min(len(tokens), start_token + width)
    begin, end = tokens[start_token].start(), tokens[end_token - 1].end()
    marked = set(hits)
    pieces = ["… " if start_token else ""]
    position = begin
    for i in range(start_token, end_token):
        token = tokens[i]
        pieces.append(escape(" ".join(text[position : token.start()].split(" "))))
        pieces.append(
            f"<mark>{escape(token.group(0))}</mark>" if i in marked else escape(token.group(0))
        )
        position = token.end()
    pieces.append(" …" if end < len(text) else "")
    return mark_safe("".join(pieces).replace("\n", " "))


def document_detail(pk: int) -> Document:
    """One document with what its page shows (raises ``Document.DoesNotExist``)."""
    return (
        Document.objects.select_related("programme", "content")
        .prefetch_related("communes__departement", "domains", "actions")
        .get(pk=pk)
    )


def latest_documents(programme: Any, *, commune: Any = None, limit: int = 5) -> list[Document]:
    found = Document.objects.filter(programme=programme)
    if commune is not None:
        found = found.filter(communes=commune)
    return list(found.order_by("-published_on", "-pk")[:limit])


# --- Glossary and FAQ -----------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    slug: str
    term: str
    short: str
    definition: str


def glossary_entries() -> list[Entry]:
    """The glossary, alphabetically (the shipped one if the database holds none)."""
    rows = list(GlossaryTerm.objects.values_list("slug", "term", "short", "definition"))
    if not rows:
        rows = [
            (e["slug"], e["term"], e["short"], e["definition"]) for e in glossary.shipped_glossary()
        ]
    return sorted((Entry(*row) for row in rows), key=lambda e: search_key(e.term))


@dataclass(frozen=True)
class Question:
    slug: str
    question: str
    answer: str


def faq_entries() -> list[Question]:
    rows = list(FaqEntry.objects.values_list("slug", "question", "answer"))
    if not rows:
        rows = [(e["slug"], e["question"], e["answer"]) for e in glossary.shipped_faq()]
    return [Question(*row) for row in rows]


# --- Ma commune est-elle couverte ? ---------------------------------------------------------

#: Abbreviations people type for the words of commune names.
ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}


def find_communes(query: str, limit: int = 20) -> list[Any]:
    """Communes whose name holds every word typed, accents, case, hyphens and « St » ignored;
    an INSEE code finds its commune. Exact names first, then by population."""
    from django.db.models import Case, F, Value, When

    from endavant.territory.models import Commune

    text = query.strip()[:100]
    if not text:
        return []
    found = Commune.objects.select_related("departement")
    if re.fullmatch(r"\d[\dAB]\d{3}", text.upper()):
        return list(found.filter(code=text.upper())[:1])
    words = [ABBREVIATIONS.get(w, w) for w in search_key(text).split()][:8]
    if not words:
        return []
    key = " ".join(words)
    for word in words:
        found = found.filter(Q(search_name__startswith=word) | Q(search_name__contains=" " + word))
    return list(
        found.annotate(
            rank=Case(
                When(search_name=key, then=Value(0)),
                When(search_name__startswith=key, then=Value(1)),
                default=Value(2),
            )
        ).order_by("rank", F("population").desc(nulls_last=True), "code")[:limit]
    )


@dataclass
class Coverage:
    """What « Ma commune est-elle couverte ? » tells about one commune."""

    commune: Any
    programme: Any
    observations: list[Any]
    actions: list[Any] = field(default_factory=list)
    workshops: list[Any] = field(default_factory=list)
    town_halls: list[Any] = field(default_factory=list)
    organisations: list[Any] = field(default_factory=list)
    team: list[Any] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)

    @property
    def latest(self) -> Any:
        return self.observations[-1] if self.observations else None

    @property
    def first(self) -> Any:
        return self.observations[0] if len(self.observations) > 1 else None

    def chart(self, width: int = 300, row: int = 34) -> list[dict[str, Any]]:
        """Geometry of the bars of the coverage history (share of premises, 0–100 %)."""
        return [
            {
                "label": obs.quarter,
                "percent": round(100 * (obs.share or 0), 1),
                "width": round(width * (obs.share or 0), 1),
                "y": i * row,
            }
            for i, obs in enumerate(self.observations)
        ]

    @property
    def chart_height(self) -> int:
        return 34 * len(self.observations) + 4


def programme_of_commune(request_programme: Any, commune: Any) -> Any:
    """The programme the visitor looks at if it covers the commune, else the active programme
    of the commune's département."""
    from endavant.programmes.models import Programme

    if request_programme is not None and request_programme.territory_id in (
        None,
        commune.departement_id,
    ):
        return request_programme
    return Programme.objects.active().filter(territory_id=commune.departement_id).first()


def coverage(commune: Any, programme: Any) -> Coverage:
    """Fibre coverage over time, the programme's plans, the next workshops and who to contact
    for ``commune`` (a fixed number of queries)."""
    from endavant.actors.models import Membership, Organisation
    from endavant.actors.selectors import public_memberships
    from endavant.roadmap.models import Action
    from endavant.territory.models import PublicSite
    from endavant.territory.selectors import commune_coverage
    from endavant.workshops.selectors import upcoming

    result = Coverage(commune=commune, programme=programme, observations=commune_coverage(commune))
    result.town_halls = list(
        PublicSite.objects.filter(commune=commune, kind=PublicSite.Kind.TOWN_HALL).order_by("name")[
            :2
        ]
    )
    result.organisations = list(
        Organisation.objects.filter(
            communes_served=commune, kind=Organisation.Kind.COMMUNE
        ).order_by("name")[:3]
    )
    if programme is not None:
        result.actions = list(
            Action.objects.filter(orientation__programme=programme, communes=commune)
            .select_related("orientation")
            .order_by("due_on", "pk")[:10]
        )
        result.workshops = [
            w for w in upcoming(programme, near=commune, limit=5) if w.starts_at >= timezone.now()
        ]
        result.team = list(
            public_memberships()
            .filter(role__in=[Membership.Role.PROJECT_LEAD, Membership.Role.DIGITAL_MEDIATOR])
            .select_related("organisation")[:6]
        )
        result.documents = latest_documents(programme, commune=commune, limit=3)
    return result
