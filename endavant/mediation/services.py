"""Writes of the mediation app: documents with their original file, extracted text, analysis
and search index; the glossary, the team's technical terms and the FAQ.

A document's file is checked and its text extracted *before* anything is stored, so a bad file
leaves no row and no file; the file is then stored and the row written in one transaction, and
the stored file is removed again if that transaction fails. A large file is stored at once and
its text extracted by a background job (``tasks.extract_document``); the page says so.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from endavant.core.audiences import Audience
from endavant.core.services import SYSTEM, ApplicationError, audit_record, delete, write
from endavant.core.text import search_key
from endavant.mediation import extraction, glossary, lexicon
from endavant.mediation.measures import TextMeasures, measure_text
from endavant.mediation.models import Document, DocumentText, FaqEntry, GlossaryTerm, JargonTerm

logger = logging.getLogger(__name__)

#: Files up to this size are read while the person waits; larger ones by a background job.
SYNC_EXTRACTION_BYTES = 2 * 1024 * 1024
#: Text typed or pasted instead of a file.
MAX_PASTED_TEXT = 200_000
#: The full-text vector covers the start of very long documents (PostgreSQL caps a tsvector).
SEARCH_VECTOR_CHARS = 300_000
FTS_TABLE = "mediation_document_fts"


def _user_or_none(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _read_upload(upload: Any) -> tuple[str, bytes]:
    """The name and content of an upload, refused above the platform's limit."""
    limit = int(settings.ENDAVANT_MAX_UPLOAD_BYTES)
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise ApplicationError(
            _("This file is too large: the limit is %(mb)s MB.") % {"mb": limit // (1024 * 1024)},
            code="too_large",
        )
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ApplicationError(
            _("This file is too large: the limit is %(mb)s MB.") % {"mb": limit // (1024 * 1024)},
            code="too_large",
        )
    return PurePath(upload.name or "document").name[-200:], data


def _extract_or_refuse(name: str, data: bytes) -> extraction.Extracted:
    try:
        return extraction.extract(name, data)
    except extraction.ExtractionError as error:
        raise ApplicationError(error.message, code=error.code) from error


def _check_container(name: str, data: bytes) -> None:
    """For a file left to the background job: the checks that are quick (name, first bytes,
    archive), so that a file refused later is rare."""
    try:
        kind = extraction.format_of(name)
        if not data:
            raise extraction.ExtractionError(_("This file is empty."), code="empty")
        extraction.check_signature(kind, data)
        if kind in ("docx", "odt"):
            extraction.zip_guard(data)
    except extraction.ExtractionError as error:
        raise ApplicationError(error.message, code=error.code) from error


def _check_fields(fields: dict[str, Any]) -> None:
    if "audiences" in fields:
        unknown = sorted(set(fields["audiences"]) - set(Audience.values))
        if unknown:
            raise ApplicationError(
                _("Unknown audience: %(names)s.") % {"names": ", ".join(unknown)},
                code="audience",
            )
        fields["audiences"] = sorted(set(fields["audiences"]))


def _measured(text: str) -> TextMeasures:
    return measure_text(text, glossary.current_matcher())


def document_save(
    *,
    actor: Any,
    programme: Any = None,
    document: Document | None = None,
    upload: Any = None,
    text: str | None = None,
    communes: Iterable[Any] | None = None,
    domains: Iterable[Any] | None = None,
    actions: Iterable[Any] | None = None,
    reason: str = "",
    **fields: Any,
) -> Document:
    """Create or edit a document; ``upload`` (a file) or ``text`` replaces its content.

    A new document needs one of them. The file is read and checked first: a file that cannot
    be read raises :class:`ApplicationError` and nothing is stored.
    """
    if document is None and upload is None and not (text or "").strip():
        raise ApplicationError(_("Give a file or the text of the document."), code="no_content")
    _check_fields(fields)
    values = dict(fields)
    pending = False
    stored = ""
    data = b""
    new_text: str | None = None
    if upload is not None:
        name, data = _read_upload(upload)
        if len(data) <= SYNC_EXTRACTION_BYTES:
            extracted = _extract_or_refuse(name, data)
            new_text = extracted.text
            values |= {"status": Document.Status.READY, "error": ""}
            if not values.get("title") and document is None and extracted.title:
                values["title"] = extracted.title
        else:
            _check_container(name, data)
            pending = True
            new_text = ""
            values |= {"status": Document.Status.PENDING, "error": ""}
        values |= {
            "original_name": name,
            "file_format": extraction.format_of(name),
            "size": len(data),
        }
    elif text is not None and (document is None or text != _text_of(document)):
        if len(text) > MAX_PASTED_TEXT:
            raise ApplicationError(
                _("The text is too long (%(max)s characters at most).") % {"max": MAX_PASTED_TEXT},
                code="too_long",
            )
        new_text = text
        values |= {"status": Document.Status.READY, "error": ""}
    measures = _measured(new_text) if new_text is not None else None
    if measures is not None:
        values |= measures.as_fields()
    previous_file = document.original.name if document is not None and upload else ""
    if upload is not None:
        # Stored before the row, removed again below if the row cannot be written.
        stored = default_storage.save(
            f"mediation/documents/{timezone.now():%Y}/{get_valid_filename(name) or 'document'}",
            ContentFile(data),
        )
        values["original"] = stored
    m2m = {
        key: list(value)
        for key, value in (("communes", communes), ("domains", domains), ("actions", actions))
        if value is not None
    }
    try:
        with transaction.atomic():
            if document is None:
                instance = Document(programme=programme, uploaded_by=_user_or_none(actor))
            else:
                instance = document
                values["updated_at"] = timezone.now()
            saved = write(
                actor=actor,
                instance=instance,
                fields=values,
                action="document",
                m2m=m2m,
                reason=reason,
            )
            if measures is not None:
                _set_text(actor, saved, new_text or "", measures)
            elif "title" in values or "summary" in values:
                _index(saved)
            if pending:
                transaction.on_commit(lambda: _enqueue_extraction(saved.pk))
            if previous_file and previous_file != stored:
                transaction.on_commit(lambda: default_storage.delete(previous_file))
    except BaseException:
        if stored:
            default_storage.delete(stored)
        raise
    return saved


def _enqueue_extraction(pk: int) -> None:
    from endavant.mediation.tasks import extract_document

    extract_document.enqueue(pk)


@transaction.atomic
def document_delete(*, actor: Any, document: Document, reason: str = "") -> None:
    """Delete a document, its search entry and (once committed) its file."""
    name = document.original.name
    pk = document.pk
    delete(actor=actor, instance=document, action="document", reason=reason)
    _unindex(pk)
    if name:
        transaction.on_commit(lambda: default_storage.delete(name))


def document_extract(*, pk: int) -> Document | None:
    """Extract the text of a document whose file was stored for later (the background job).

    A file that turns out unreadable leaves the document in the "failed" state, with the
    reason for the team.
    """
    document = Document.objects.filter(pk=pk).first()
    if document is None or not document.original:
        return None
    try:
        with document.original.open("rb") as handle:
            data = handle.read(int(settings.ENDAVANT_MAX_UPLOAD_BYTES) + 1)
        extracted = extraction.extract(document.original_name or str(document.original.name), data)
    except (extraction.ExtractionError, OSError) as error:
        message = getattr(error, "message", "") or _("The stored file cannot be read.")
        with transaction.atomic():
            return write(
                actor=SYSTEM,
                instance=document,
                fields={"status": Document.Status.FAILED, "error": message[:500]},
                action="document",
                reason=_("Text extraction"),
            )
    measures = _measured(extracted.text)
    with transaction.atomic():
        saved = write(
            actor=SYSTEM,
            instance=document,
            fields={"status": Document.Status.READY, "error": "", **measures.as_fields()},
            action="document",
            reason=_("Text extraction"),
        )
        _set_text(SYSTEM, saved, extracted.text, measures)
    return saved


def documents_reanalyse(*, programme: Any = None) -> int:
    """Measure every document again (after the glossary or the technical terms changed).

    One audit row for the batch; the measures are derived data, not an edit of a document.
    """
    matcher = glossary.current_matcher()
    found = Document.objects.filter(status=Document.Status.READY)
    if programme is not None:
        found = found.filter(programme=programme)
    count = 0
    with transaction.atomic():
        for pk, text in found.values_list("pk", "content__text").iterator(chunk_size=100):
            Document.objects.filter(pk=pk).update(**measure_text(text or "", matcher).as_fields())
            count += 1
        audit_record(
            actor=SYSTEM,
            action="document.reanalyse",
            after={"documents": count},
            reason=_("The glossary or the technical terms changed"),
        )
    return count


# --- Full-text index ------------------------------------------------------------------------


def _text_of(document: Document) -> str:
    return (
        DocumentText.objects.filter(document=document).values_list("text", flat=True).first() or ""
    )


def _set_text(actor: Any, document: Document, text: str, measures: TextMeasures) -> None:
    """Store the text of ``document`` and index it; the audit row gives its size, not the text
    itself (the journal would otherwise copy every document twice)."""
    stored, _created = DocumentText.objects.update_or_create(
        document=document,
        defaults={"text": text, "lemma_counts": measures.lemma_counts},
    )
    document.content = stored  # the instance the caller holds shows the new text
    audit_record(
        actor=actor,
        action="document.text",
        target=document,
        after={"characters": len(text), "words": measures.words, "status": document.status},
    )
    _index(document, text)


def index_text(document: Document, text: str) -> str:
    """What the SQLite index holds: summary and text without accents, then the lemmas of the
    words (so that « réseaux » finds « réseau » and « raccordées » finds « raccorder »)."""
    body = " ".join((document.summary, text))
    lemmas = sorted(set(lexicon.content_lemmas(body)))
    return lexicon.fold_lower(body) + "\n" + " ".join(lemmas)


def _index(document: Document, text: str | None = None) -> None:
    if text is None:
        text = _text_of(document)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchVector
        from django.db.models import F, Func, Value
        from django.db.models.functions import Left

        DocumentText.objects.filter(document=document).update(
            search_vector=SearchVector(
                Value(lexicon.fold_lower(document.title)), weight="A", config="french"
            )
            + SearchVector(Value(lexicon.fold_lower(document.summary)), weight="B", config="french")
            + SearchVector(
                Func(Left(F("text"), SEARCH_VECTOR_CHARS), function="unaccent"),
                weight="C",
                config="french",
            )
        )
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [document.pk])
            cursor.execute(
                f"INSERT INTO {FTS_TABLE} (rowid, title, body) VALUES (%s, %s, %s)",
                [document.pk, lexicon.fold_lower(document.title), index_text(document, text)],
            )


def _unindex(pk: int) -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [pk])


# --- Glossary, technical terms, FAQ ---------------------------------------------------------


@transaction.atomic
def glossary_term_save(
    *, actor: Any, entry: GlossaryTerm | None = None, reason: str = "", **fields: Any
) -> GlossaryTerm:
    """Create or edit a glossary entry."""
    if "variants" in fields:
        fields["variants"] = [" ".join(v.split()) for v in fields["variants"] if v.strip()][:30]
    fields["updated_at"] = timezone.now()
    return write(
        actor=actor,
        instance=entry or GlossaryTerm(),
        fields=fields,
        action="glossary_term",
        reason=reason,
    )


@transaction.atomic
def glossary_term_delete(*, actor: Any, entry: GlossaryTerm) -> None:
    delete(actor=actor, instance=entry, action="glossary_term")


def jargon_term_add(*, actor: Any, term: str) -> JargonTerm:
    """Add a technical term to count as jargon (documents are measured again in the
    background)."""
    cleaned = " ".join(term.split())
    if len(cleaned) < 2:
        raise ApplicationError(_("Type the term (two characters at least)."), code="invalid")
    normalised = search_key(cleaned)[:100]
    glossary_forms = {
        search_key(variant)
        for variants in GlossaryTerm.objects.values_list("variants", flat=True)
        for variant in variants or ()
    }
    if normalised in glossary_forms or JargonTerm.objects.filter(normalised=normalised).exists():
        raise ApplicationError(_("This term is already counted."), code="duplicate")
    with transaction.atomic():
        added = write(
            actor=actor,
            instance=JargonTerm(),
            fields={"term": cleaned[:100], "normalised": normalised},
            action="jargon_term",
        )
        transaction.on_commit(_enqueue_reanalysis)
    return added


@transaction.atomic
def jargon_term_delete(*, actor: Any, term: JargonTerm) -> None:
    delete(actor=actor, instance=term, action="jargon_term")
    transaction.on_commit(_enqueue_reanalysis)


def _enqueue_reanalysis() -> None:
    from endavant.mediation.tasks import reanalyse_documents

    reanalyse_documents.enqueue()


@transaction.atomic
def faq_entry_save(
    *, actor: Any, entry: FaqEntry | None = None, reason: str = "", **fields: Any
) -> FaqEntry:
    return write(
        actor=actor, instance=entry or FaqEntry(), fields=fields, action="faq_entry", reason=reason
    )
