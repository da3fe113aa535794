"""The printable report as a PDF, drawn by WeasyPrint from the same HTML page.

WeasyPrint needs the Pango library of the system (Debian: ``libpango-1.0-0``,
``libpangoft2-1.0-0``, ``libharfbuzz-subset0`` and a font such as ``fonts-dejavu-core``). When
it cannot be loaded, :func:`html_to_pdf` raises :class:`PdfUnavailable` and the page says so.

The page is drawn without any address to fetch (the template leaves its ``<link>`` elements
out in PDF mode): the stylesheets are read from the disk and handed over as text, so drawing a
PDF never reaches the network or another file.
"""

from __future__ import annotations

from django.contrib.staticfiles import finders

#: The stylesheets of the report, as static paths.
STYLESHEETS = ("endavant/css/site.css", "observatory/observatory.css")


class PdfUnavailable(RuntimeError):
    """WeasyPrint or the system libraries it needs are missing."""


def _stylesheet(name: str) -> str:
    found = finders.find(name)
    path = found[0] if isinstance(found, list) else found
    if not path:
        return ""
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def html_to_pdf(html: str) -> bytes:
    """The PDF of ``html`` (raises :class:`PdfUnavailable` when WeasyPrint cannot run)."""
    try:
        from weasyprint import CSS, HTML
    except (ImportError, OSError) as error:  # OSError: Pango or its fonts are missing
        raise PdfUnavailable(str(error)) from error
    stylesheets = [CSS(string=_stylesheet(name)) for name in STYLESHEETS]
    return HTML(string=html).write_pdf(stylesheets=stylesheets)
