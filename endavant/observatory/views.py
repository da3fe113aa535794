"""The observatory's public pages. Views stay thin: filters in, figures from the indicators."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from endavant.core.audiences import Audience
from endavant.core.csv import csv_streaming_response
from endavant.core.models import ParticipationEvent
from endavant.observatory import selectors, summary
from endavant.observatory.cache import cached_figures
from endavant.observatory.filters import Filters, parse_filters, period_label
from endavant.observatory.indicators import INDICATORS, Figure, Indicator
from endavant.observatory.pdf import PdfUnavailable, html_to_pdf
from endavant.programmes.context import with_programme
from endavant.programmes.models import Programme


def _notice() -> str:
    return _(
        "A filter was not understood and has been left out: the figures are not filtered by it."
    )


def _link(name: str) -> str:
    """The address of a page of another module, or "" when it does not exist (yet)."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


def _context(request: HttpRequest, programme: Programme) -> tuple[summary.Context, bool]:
    ctx = summary.context_for(programme, Filters())
    filters, refused = parse_filters(request.GET, set(ctx.communes))
    ctx.filters = filters
    return ctx, refused


def _period_choices(ctx: summary.Context) -> list[tuple[str, str]]:
    """Years and quarters from the first to the last act of the programme (one query)."""
    span = selectors.event_span(selectors.programme_events(ctx.programme))
    if span is None:
        return []
    choices = []
    for year in range(span[0].year, span[1].year + 1):
        choices.append((str(year), str(year)))
        for quarter in range(1, 5):
            key = f"{year}-T{quarter}"
            choices.append((key, period_label(key)))
    return choices


def _common(request: HttpRequest, programme: Programme | None) -> dict[str, Any]:
    return {
        "programme": programme,
        "indicators": list(INDICATORS.values()),
        "workshops_analysis": _link("workshops:analysis"),
        "mediation_analysis": _link("mediation:analysis"),
        "open_data": _link("opendata:catalogue") or _link("opendata:index"),
    }


@require_safe
@with_programme
def home(request: HttpRequest, programme: Programme | None) -> HttpResponse:
    """Key figures, their trend and the list of indicators."""
    context = _common(request, programme)
    if programme is not None:
        ctx = summary.context_for(programme, Filters())
        context["figures"] = cached_figures(
            "home", programme.pk, "", lambda: summary.key_figures(ctx)
        )
        context["k"] = ctx.k
    return render(request, "observatory/home.html", context)


def _indicator(slug: str) -> Indicator:
    try:
        return INDICATORS[slug]
    except KeyError:
        raise Http404 from None


@require_safe
@with_programme
def indicator(request: HttpRequest, slug: str, programme: Programme | None) -> HttpResponse:
    """One indicator: its charts, the tables behind them, the method, filters and downloads."""
    spec = _indicator(slug)
    context = _common(request, programme)
    context["indicator"] = spec
    if programme is not None:
        ctx, refused = _context(request, programme)
        context |= {
            "filter_notice": _notice() if refused else "",
            "figures": cached_figures(
                spec.slug, programme.pk, ctx.filters.query(), lambda: spec.build(ctx)
            ),
            "filters": ctx.filters,
            "query": ctx.filters.query(),
            "communes": list(ctx.communes.values()),
            "periods": _period_choices(ctx) if spec.filtered else [],
            "audiences": _audiences(),
            "channels": _channels(),
            "steps": [("mois", _("Month")), ("trimestre", _("Quarter")), ("annee", _("Year"))],
            "step_param": {"month": "mois", "quarter": "trimestre", "year": "annee"}[
                ctx.filters.step
            ],
            "k": ctx.k,
        }
    return render(request, "observatory/indicator.html", context)


def _audiences() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in Audience.choices]


def _channels() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in ParticipationEvent.Channel.choices]


def _csv_rows(figures: list[Figure], hidden_note: str) -> Any:
    for figure in figures:
        for line in figure.table.lines:
            note = hidden_note if line.hidden else ""
            yield [figure.key, line.label, *(cell.value for cell in line.cells), note]


@require_safe
@with_programme
def indicator_csv(request: HttpRequest, slug: str, programme: Programme | None) -> HttpResponse:
    """The tables of an indicator as CSV, small groups hidden as on the page (streamed)."""
    spec = _indicator(slug)
    if programme is None:
        raise Http404
    ctx, _refused = _context(request, programme)
    figures = spec.build(ctx)
    header = ["table", *figures[0].table.csv_columns, "note"] if figures else ["table", "note"]
    note = _("fewer than %(k)s participants: not shown") % {"k": ctx.k}
    stamp = timezone.localdate().isoformat()
    return csv_streaming_response(  # type: ignore[return-value]
        f"observatoire-{spec.slug}-{programme.slug}-{stamp}.csv", header, _csv_rows(figures, note)
    )


def _report_context(request: HttpRequest, programme: Programme) -> dict[str, Any]:
    ctx, refused = _context(request, programme)
    # The report covers a whole period at most: the other filters make no programme report.
    ctx.filters = Filters(period=ctx.filters.period, step="year")
    query = ctx.filters.query()
    sections = [
        (spec, cached_figures(spec.slug, programme.pk, query, partial(spec.build, ctx)))
        for spec in INDICATORS.values()
    ]
    return {
        **_common(request, programme),
        "figures": cached_figures("home", programme.pk, query, partial(summary.key_figures, ctx)),
        "sections": sections,
        "filters": ctx.filters,
        "query": ctx.filters.query(),
        "periods": _period_choices(ctx),
        "k": ctx.k,
        "printed_on": timezone.localdate(),
        "filter_notice": _notice() if refused else "",
    }


@require_safe
@with_programme
def report(request: HttpRequest, programme: Programme | None) -> HttpResponse:
    """The programme report: every indicator on one printable page."""
    context = _common(request, programme)
    if programme is not None:
        context |= _report_context(request, programme)
    return render(request, "observatory/report.html", context)


@require_safe
@with_programme
def report_pdf(request: HttpRequest, programme: Programme | None) -> HttpResponse:
    """The same report as a PDF file (a page that says why when WeasyPrint cannot run)."""
    if programme is None:
        raise Http404
    context = _report_context(request, programme)
    html = render_to_string(
        "observatory/report.html", {**context, "for_pdf": True}, request=request
    )
    try:
        document = html_to_pdf(html)
    except PdfUnavailable:
        return render(
            request,
            "observatory/pdf_unavailable.html",
            {**context, "report_url": reverse("observatory:report")},
            status=503,
        )
    response = HttpResponse(document, content_type="application/pdf")
    period = context["filters"].period
    name = f"rapport-{programme.slug}-{period.key if period else 'complet'}"
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response
