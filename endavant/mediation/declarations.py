"""What the mediation app declares to the core registries."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.utils.translation import gettext_lazy as _

from endavant.core.registry import (
    AuditAction,
    Column,
    Dataset,
    PersonalData,
    Section,
    entity_actions,
)

AUDIT_ACTIONS = [
    *entity_actions("document", _("document")),
    *entity_actions("glossary_term", _("glossary term")),
    *entity_actions("jargon_term", _("technical term counted as jargon")),
    *entity_actions("faq_entry", _("question for residents")),
    AuditAction("document.text", _("text of a document extracted or replaced")),
    AuditAction("document.reanalyse", _("documents measured again")),
]

PERSONAL_DATA = [
    PersonalData(
        "mediation.Document",
        owner="uploaded_by",
        export=("id", "title", "published_on", "created_at"),
        erase="keep",
        why=_(
            "Documents of the programme stay in the public library; the link to the account "
            "that added them points to the anonymised account."
        ),
        table="documents_i_added",
    ),
]


def _document_rows(programme: Any) -> Iterator[Sequence[Any]]:
    from django.db.models import Prefetch

    from endavant.mediation.models import Document
    from endavant.territory.models import Commune

    items = (
        Document.objects.filter(programme=programme)
        .prefetch_related(
            Prefetch("communes", queryset=Commune.objects.only("code").order_by("code")),
            "domains",
        )
        .order_by("published_on", "pk")
    )
    for d in items.iterator(chunk_size=500):
        yield (
            d.pk,
            d.title,
            d.kind,
            d.published_on,
            "|".join(d.audiences),
            "|".join(c.code for c in d.communes.all()),
            "|".join(dom.name for dom in d.domains.all()),
            d.language,
            d.source,
            d.source_url,
            d.words,
            d.sentences,
            d.readability,
            d.jargon_count,
            "|".join(item["label"] for item in d.jargon),
            "|".join(item["label"] for item in d.jargon if item.get("explained")),
            d.is_example,
        )


def _glossary_rows(_programme: Any) -> Iterator[Sequence[Any]]:
    from endavant.mediation.selectors import glossary_entries

    for entry in glossary_entries():
        yield (entry.slug, entry.term, entry.short, entry.definition)


DATASETS = [
    Dataset(
        slug="documents",
        title=_("Communication documents"),
        description=_(
            "The documents the programme gave to the territory (flyers, brochures, web pages, "
            "press releases, commitments...), with their audiences, communes, readability and "
            "technical terms."
        ),
        columns=(
            Column("id", "integer", _("Identifier of the document")),
            Column("title", "string", _("Title")),
            Column("type", "string", _("Type (flyer, brochure, web_page, commitment...)")),
            Column("published_on", "date", _("Date of publication")),
            Column("audiences", "string", _("Audiences, separated by |")),
            Column(
                "communes", "string", _("INSEE codes of the communes concerned, separated by |")
            ),
            Column("domains", "string", _("Functional domains, separated by |")),
            Column("language", "string", _("Language (fr, ca, oc, en)")),
            Column("source", "string", _("Who published it, where")),
            Column("source_url", "string", _("Address of the original")),
            Column("words", "integer", _("Words")),
            Column("sentences", "integer", _("Sentences")),
            Column(
                "readability_fr",
                "number",
                _("Kandel–Moles readability (1958), higher is easier"),
            ),
            Column("jargon_count", "integer", _("Occurrences of technical terms")),
            Column("jargon_terms", "string", _("Technical terms found, separated by |")),
            Column("explained_terms", "string", _("Technical terms the document explains")),
            Column("is_example", "boolean", _("Fictional example (demo data)")),
        ),
        rows=_document_rows,
        source=_("Collected and entered by the programme team on this platform"),
    ),
    Dataset(
        slug="glossaire",
        title=_("Glossary of very-high-speed broadband"),
        description=_("The terms of fibre and very-high-speed broadband, explained for residents."),
        columns=(
            Column("slug", "string", _("Anchor of the term on the glossary page")),
            Column("term", "string", _("Term")),
            Column("short", "string", _("One-line explanation")),
            Column("definition", "string", _("Explanation")),
        ),
        rows=_glossary_rows,
        source=_("Written for this platform (Endavant contributors)"),
        per_programme=False,
    ),
]


def _programme_of(request: Any, commune: Any = None) -> Any:
    from endavant.mediation.selectors import programme_of_commune
    from endavant.programmes.context import programme_for

    chosen = programme_for(request)
    return chosen if commune is None else programme_of_commune(chosen, commune)


def _home(request: Any, _subject: Any) -> dict[str, Any] | None:
    from endavant.mediation.selectors import latest_documents

    programme = _programme_of(request)
    return {"documents": latest_documents(programme, limit=3) if programme else []}


def _commune(request: Any, commune: Any) -> dict[str, Any] | None:
    from endavant.mediation.selectors import latest_documents

    programme = _programme_of(request, commune)
    documents = latest_documents(programme, commune=commune, limit=3) if programme else []
    return {"commune": commune, "documents": documents}


HOME_SECTIONS = [Section("mediation", "mediation/_home.html", _home, order=15)]
COMMUNE_SECTIONS = [Section("mediation", "mediation/_commune.html", _commune, order=5)]
