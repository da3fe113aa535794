"""Mediation pages: the document library (list, search, a page per document, analysis), THD
explained to residents (glossary, questions, « Ma commune est-elle couverte ? ») and the
programme team's back-office. Views stay thin."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from endavant.accounts.permissions import require_perm
from endavant.core.audiences import Audience
from endavant.core.csv import csv_streaming_response
from endavant.core.services import ApplicationError
from endavant.mediation import analysis, forms, selectors, services
from endavant.mediation.models import Document, JargonTerm
from endavant.programmes.context import programme_for, with_programme

#: Characters of a document's text shown on its page (the whole text is a download away).
TEXT_ON_PAGE = 6000
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "text": "text/plain; charset=utf-8",
}


def _date(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw[:10]) if raw else None
    except ValueError:
        return None


def _filters(request: HttpRequest) -> tuple[selectors.DocumentFilters, bool]:
    get = request.GET
    kind, audience = get.get("type", "")[:20], get.get("public", "")[:30]
    language, commune = get.get("langue", "")[:5], get.get("commune", "")[:5]
    domain_raw = get.get("domaine", "")[:12]
    start_raw, end_raw = get.get("du", ""), get.get("au", "")
    filters = selectors.DocumentFilters(
        q=" ".join(get.get("q", "")[:200].split()),
        kind=kind if kind in Document.Kind.values else "",
        audience=audience if audience in Audience.values else "",
        language=language if language in Document.Language.values else "",
        commune=commune.upper() if re.fullmatch(r"[0-9AB]{5}", commune.upper()) else "",
        domain=int(domain_raw) if domain_raw.isdigit() and len(domain_raw) < 12 else None,
        start=_date(start_raw),
        end=_date(end_raw),
    )
    understood = (
        (not kind or filters.kind)
        and (not audience or filters.audience)
        and (not language or filters.language)
        and (not commune or filters.commune)
        and (not domain_raw or filters.domain)
        and (not start_raw or filters.start)
        and (not end_raw or filters.end)
    )
    return filters, not understood


@require_GET
@with_programme
def document_list(request: HttpRequest, programme: Any) -> HttpResponse:
    """The library: filters, accent-insensitive full-text search with highlighted excerpts."""
    if programme is None:
        return render(request, "mediation/list.html", {"programme": None})
    filters, misunderstood = _filters(request)
    items, searched = selectors.documents(programme, filters)
    shown = items[:100]
    if searched:
        found = selectors.excerpts(shown, filters.q)
        for document in shown:
            document.excerpt = found.get(document.pk, "")  # type: ignore[attr-defined]
    return render(
        request,
        "mediation/list.html",
        {
            "programme": programme,
            "items": shown,
            "total": len(items),
            "searched": searched,
            "filters": filters,
            "misunderstood": misunderstood,
            "kinds": Document.Kind.choices,
            "audiences": Audience.choices,
            "languages": Document.Language.choices,
            "domains": list(programme.domains.all()),
            "query": request.GET.urlencode(),
        },
    )


@require_GET
@with_programme
def document_csv(request: HttpRequest, programme: Any) -> HttpResponse:
    """The library (with the list's filters) as CSV."""
    if programme is None:
        raise Http404
    filters, _misunderstood = _filters(request)
    items, _searched = selectors.documents(programme, filters)
    kinds = dict(Document.Kind.choices)
    rows = (
        (
            d.pk,
            d.title,
            kinds.get(d.kind, d.kind),
            d.published_on.isoformat(),
            "|".join(d.audiences),
            "|".join(c.code for c in d.communes.all()),
            d.language,
            d.source,
            d.words,
            d.readability,
            d.jargon_count,
            "|".join(item["label"] for item in d.jargon),
            d.is_example,
        )
        for d in items
    )
    header = [
        "id", "title", "type", "published_on", "audiences", "communes", "language", "source",
        "words", "readability_fr", "jargon_count", "jargon_terms", "is_example",
    ]  # fmt: skip
    return csv_streaming_response(f"documents-{programme.slug}.csv", header, rows)  # type: ignore[return-value]


@require_GET
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A document: what, when, for whom, where; readability, technical terms, its text."""
    try:
        document = selectors.document_detail(pk)
    except Document.DoesNotExist as error:
        raise Http404 from error
    text = getattr(getattr(document, "content", None), "text", "") or ""
    return render(
        request,
        "mediation/detail.html",
        {
            "document": document,
            "text": text[:TEXT_ON_PAGE],
            "cut": len(text) > TEXT_ON_PAGE,
            "audience_labels": [str(dict(Audience.choices).get(a, a)) for a in document.audiences],
        },
    )


@require_GET
def document_original(request: HttpRequest, pk: int) -> HttpResponse:
    """The original file, as it was given."""
    document = get_object_or_404(Document, pk=pk)
    if not document.original:
        raise Http404
    try:
        handle = document.original.open("rb")
    except OSError as error:
        raise Http404 from error
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.original_name or "document",
        content_type=CONTENT_TYPES.get(document.file_format, "application/octet-stream"),
    )
    # An HTML page saved from the web is downloaded, never shown from our address.
    response["Content-Security-Policy"] = "sandbox"
    return response  # type: ignore[return-value]


@require_GET
def document_text(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole extracted text, as plain text."""
    document = get_object_or_404(Document.objects.select_related("content"), pk=pk)
    text = getattr(getattr(document, "content", None), "text", "") or ""
    return HttpResponse(text, content_type="text/plain; charset=utf-8")


def _period(
    request: HttpRequest, prefix: str, default: analysis.Period
) -> tuple[analysis.Period, bool]:
    start_raw, end_raw = request.GET.get(f"{prefix}_du", ""), request.GET.get(f"{prefix}_au", "")
    start, end = _date(start_raw) or default.start, _date(end_raw) or default.end
    wrong = bool((start_raw and not _date(start_raw)) or (end_raw and not _date(end_raw)))
    if end < start:
        return default, True
    return analysis.Period(start, end), wrong


@require_GET
@with_programme
def analysis_page(request: HttpRequest, programme: Any) -> HttpResponse:
    """Documents of period A against period B (2018 against 2021 by default);
    ``?serie=<key>&format=csv`` downloads one table."""
    if programme is None:
        return render(request, "mediation/analysis.html", {"programme": None})
    first = programme.starts_on.year if programme.starts_on else 2018
    last = programme.ends_on.year if programme.ends_on else 2021
    a, wrong_a = _period(request, "a", analysis.Period(date(first, 1, 1), date(first, 12, 31)))
    b, wrong_b = _period(request, "b", analysis.Period(date(last, 1, 1), date(last, 12, 31)))
    kind, audience = request.GET.get("type", "")[:20], request.GET.get("public", "")[:30]
    kind = kind if kind in Document.Kind.values else ""
    audience = audience if audience in Audience.values else ""
    result = analysis.document_analysis(programme, a, b, kind=kind, audience=audience)
    if request.GET.get("format") == "csv":
        table = result.table(request.GET.get("serie", "")[:40])
        if table is None:
            raise Http404
        return csv_streaming_response(  # type: ignore[return-value]
            f"documents-{table.key}-{programme.slug}.csv", table.columns, table.rows
        )
    query = request.GET.copy()
    query.pop("format", None)
    query.pop("serie", None)
    return render(
        request,
        "mediation/analysis.html",
        {
            "programme": programme,
            "analysis": result,
            "years": analysis.by_year(programme),
            "kind": kind,
            "audience": audience,
            "kinds": Document.Kind.choices,
            "audiences": Audience.choices,
            "misunderstood": wrong_a or wrong_b,
            "query": query.urlencode(),
        },
    )


# --- THD explained to residents -------------------------------------------------------------


@require_GET
def understand(request: HttpRequest) -> HttpResponse:
    """Very-high-speed broadband explained, with the ways in: glossary, questions, my commune."""
    return render(request, "mediation/understand.html", {"questions": selectors.faq_entries()[:4]})


@require_GET
def glossary_page(request: HttpRequest) -> HttpResponse:
    return render(request, "mediation/glossary.html", {"entries": selectors.glossary_entries()})


@require_GET
def faq_page(request: HttpRequest) -> HttpResponse:
    return render(request, "mediation/faq.html", {"questions": selectors.faq_entries()})


@require_GET
def coverage_page(request: HttpRequest) -> HttpResponse:
    """« Ma commune est-elle couverte ? »: a name (or INSEE code) typed, a choice when several
    communes match, then the answer for one commune (``?code=66171``)."""
    from endavant.territory.models import Commune

    query = " ".join(request.GET.get("commune", "")[:100].split())
    code = request.GET.get("code", "")[:5].upper()
    context: dict[str, Any] = {"query": query}
    commune = None
    if code:
        if not re.fullmatch(r"[0-9][0-9AB][0-9]{3}", code):
            raise Http404
        commune = Commune.objects.select_related("departement").filter(code=code).first()
        if commune is None:
            raise Http404
    elif query:
        matches = selectors.find_communes(query)
        if len(matches) == 1:
            commune = matches[0]
        else:
            context["matches"] = matches
    if commune is not None:
        programme = selectors.programme_of_commune(programme_for(request), commune)
        context["coverage"] = selectors.coverage(commune, programme)
        context["query"] = query or commune.name
    return render(request, "mediation/coverage.html", context)


# --- Back-office ---------------------------------------------------------------------------

MANAGE = "mediation.manage_documents"


@require_perm(MANAGE)
@with_programme
def manage(request: HttpRequest, programme: Any) -> HttpResponse:
    """The programme's documents, and the technical terms counted as jargon."""
    if programme is None:
        return redirect("programmes:manage")
    form = forms.JargonTermForm(request.POST or None)
    error = None
    if request.method == "POST":
        try:
            if request.POST.get("do") == "delete-term":
                raw = request.POST.get("term_id", "")[:12]
                term = get_object_or_404(JargonTerm, pk=int(raw) if raw.isdigit() else 0)
                services.jargon_term_delete(actor=request.user, term=term)
                messages.success(
                    request, _("The term is no longer counted; documents are measured again.")
                )
                return redirect("mediation:manage")
            if form.is_valid():
                services.jargon_term_add(actor=request.user, term=form.cleaned_data["term"])
                messages.success(request, _("The term is added; documents are measured again."))
                return redirect("mediation:manage")
            error = _("Type the term.")
        except ApplicationError as failure:
            error = failure.message
    return render(
        request,
        "mediation/manage/index.html",
        {
            "programme": programme,
            "items": list(
                Document.objects.filter(programme=programme).order_by("-published_on", "-pk")[:500]
            ),
            "terms": list(JargonTerm.objects.all()[:500]),
            "form": form,
            "error": error,
        },
        status=400 if error else 200,
    )


def _initial(document: Document) -> dict[str, Any]:
    return {
        "title": document.title,
        "kind": document.kind,
        "published_on": document.published_on,
        "audiences": document.audiences,
        "communes": ", ".join(c.code for c in document.communes.all()),
        "domains": list(document.domains.all()),
        "actions": list(document.actions.all()),
        "language": document.language,
        "source": document.source,
        "source_url": document.source_url,
        "summary": document.summary,
        "text": getattr(getattr(document, "content", None), "text", "")[: services.MAX_PASTED_TEXT],
        "is_example": document.is_example,
    }


@require_perm(MANAGE)
@with_programme
def manage_edit(request: HttpRequest, programme: Any, pk: int | None = None) -> HttpResponse:
    """Add a document (a file or its text), or edit it."""
    if programme is None:
        return redirect("programmes:manage")
    document = (
        get_object_or_404(Document.objects.select_related("content"), pk=pk, programme=programme)
        if pk
        else None
    )
    form = forms.DocumentForm(
        request.POST or None,
        request.FILES or None,
        initial=_initial(document) if document else None,
        programme=programme,
        editing=document is not None,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload, text = data.pop("file"), data.pop("text")
        try:
            saved = services.document_save(
                actor=request.user,
                document=document,
                upload=upload,
                text=text if upload is None else None,
                **({"programme": programme} if document is None else {}),
                **data,
            )
        except ApplicationError as error:
            form.add_error(
                "file" if error.code not in ("invalid", "audience") else None, error.message
            )
        else:
            if saved.status == Document.Status.PENDING:
                messages.success(
                    request,
                    _("The document is saved. Its text is being extracted in the background: it "
                      "will be searchable and analysed in a few minutes."),
                )  # fmt: skip
            else:
                messages.success(request, _("The document is saved and its text analysed."))
            return redirect("mediation:manage")
    return render(
        request,
        "mediation/manage/edit.html",
        {"form": form, "document": document, "programme": programme},
        status=400 if request.method == "POST" else 200,
    )


@require_perm(MANAGE)
@with_programme
@require_http_methods(["GET", "HEAD", "POST"])
def manage_delete(request: HttpRequest, programme: Any, pk: int) -> HttpResponse:
    """Delete a document (after a confirmation), with its file."""
    document = get_object_or_404(Document, pk=pk, programme=programme)
    # An empty POST is a confirmation too (the reason is optional).
    form = forms.DeleteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.document_delete(
            actor=request.user, document=document, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("The document is deleted."))
        return redirect("mediation:manage")
    return render(
        request,
        "mediation/manage/delete.html",
        {"document": document, "form": form},
        status=400 if request.method == "POST" else 200,
    )
