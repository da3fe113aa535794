"""Background jobs of the mediation app (run by the worker: ``endavant db_worker``)."""

from __future__ import annotations

from django_tasks import task

from endavant.mediation import services


@task()
def extract_document(pk: int) -> str:
    """Extract and analyse the text of a large document stored for later."""
    document = services.document_extract(pk=pk)
    return "missing" if document is None else document.status


@task()
def reanalyse_documents() -> int:
    """Measure every document again after the glossary or the technical terms changed."""
    return services.documents_reanalyse()
