"""The mediation app's documents (flyers, brochures, news...), through its selectors: the same
filters as the public library, never who added a document."""

from __future__ import annotations

import datetime
from typing import Any, Literal

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router
from pydantic import model_validator

from endavant.api import schemas
from endavant.api.main import responses
from endavant.api.pagination import PageParams, page_of, paginate
from endavant.api.routes.common import COMMUNE_PATTERN, MAX_ID, Id, Slug, programme_or_404
from endavant.core.audiences import Audience
from endavant.mediation import selectors
from endavant.mediation.models import Document

router = Router(tags=["Documents"])

Kind = Literal[tuple(Document.Kind.values)]  # type: ignore[valid-type]
Language = Literal[tuple(Document.Language.values)]  # type: ignore[valid-type]
AudienceValue = Literal[tuple(Audience.values)]  # type: ignore[valid-type]


class DocumentFilters(PageParams):
    q: str | None = Field(None, max_length=100, description="Words of the title or the text.")
    kind: Kind | None = None  # type: ignore[valid-type]
    audience: AudienceValue | None = None  # type: ignore[valid-type]
    language: Language | None = None  # type: ignore[valid-type]
    commune: str | None = Field(None, pattern=COMMUNE_PATTERN, description="INSEE code.")
    domain: int | None = Field(None, ge=1, le=MAX_ID, description="Functional domain id.")
    start: datetime.date | None = Field(
        None, ge=datetime.date(1900, 1, 1), description="Published on or after this day."
    )
    end: datetime.date | None = Field(
        None, le=datetime.date(2999, 12, 31), description="Published on or before this day."
    )

    @model_validator(mode="after")
    def _dates_in_order(self) -> DocumentFilters:
        if self.start and self.end and self.start > self.end:
            raise ValueError("start must not be after end")
        return self


def document_data(document: Document) -> dict[str, Any]:
    return {
        "id": document.pk,
        "title": document.title,
        "kind": document.kind,
        "kind_label": str(document.get_kind_display()),
        "published_on": document.published_on,
        "audiences": list(document.audiences or []),
        "language": document.language,
        "source": document.source,
        "source_url": document.source_url,
        "summary": document.summary,
        "communes": [{"code": c.code, "name": c.name} for c in document.communes.all()],
        "is_example": document.is_example,
        "url": document.get_absolute_url(),
    }


@router.get(
    "/programmes/{slug}/documents",
    response=responses(page_of(schemas.Document), not_found=True),
    url_name="documents",
)
def document_list(
    request: HttpRequest, slug: Slug, filters: Query[DocumentFilters]
) -> dict[str, Any]:
    """The programme's documents, newest first (best matches first with ``q``); a search
    returns its 500 best matches at most, as the public library does."""
    found, _searched = selectors.documents(
        programme_or_404(slug),
        selectors.DocumentFilters(
            q=filters.q or "",
            kind=filters.kind or "",
            audience=filters.audience or "",
            commune=filters.commune or "",
            domain=filters.domain,
            language=filters.language or "",
            start=filters.start,
            end=filters.end,
        ),
    )
    return paginate(request, found, filters, document_data)


@router.get(
    "/documents/{int:pk}",
    response=responses(schemas.DocumentDetail, not_found=True),
    url_name="document",
)
def document_detail(request: HttpRequest, pk: Id) -> dict[str, Any]:
    """One document with its reading measures (readability, technical terms)."""
    try:
        document = selectors.document_detail(pk)
    except Document.DoesNotExist:
        raise Http404 from None
    return {
        **document_data(document),
        "programme": document.programme.slug,
        "domains": [{"id": d.pk, "name": d.name} for d in document.domains.all()],
        "actions": [{"id": a.pk, "name": a.title} for a in document.actions.all()],
        "words": document.words,
        "readability": document.readability,
        "jargon_share": document.jargon_share,
        "technical_terms": [
            {"label": str(item.get("label", "")), "explained": bool(item.get("explained"))}
            for item in document.jargon
        ],
        "text_url": reverse("mediation:text", args=[document.pk]),
    }
