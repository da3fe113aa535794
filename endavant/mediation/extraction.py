"""Text of uploaded documents: PDF (pypdf), web pages saved as HTML (trafilatura), Word
(python-docx), OpenDocument text (odfpy) and plain text (no database; messages translated).

The format is told by the file's name and checked against its first bytes, so that a file
named ``.pdf`` that is not a PDF is refused with a message saying so. Every failure raises
:class:`ExtractionError` with a message meant for the person who sent the file; nothing else
escapes (the libraries raise many kinds of errors on damaged files).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.utils.translation import gettext as _

#: The formats accepted, by extension.
FORMATS = {
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".odt": "odt",
    ".txt": "text",
    ".text": "text",
}
ACCEPTED = "PDF, HTML, DOCX, ODT, TXT"
#: Text beyond this is cut (a book-length document is still analysed on its first part).
MAX_TEXT_CHARS = 2_000_000
#: A .docx or .odt whose content unzips to more than this is refused (a "zip bomb").
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


class ExtractionError(ValueError):
    """The file cannot be read; the message says why, for the person who sent it."""

    def __init__(self, message: str, *, code: str = "unreadable") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class Extracted:
    format: str
    text: str
    title: str = ""
    truncated: bool = False


def format_of(name: str) -> str:
    """The format of a file from its name (``ExtractionError`` if not accepted)."""
    suffix = PurePath(name or "").suffix.lower()
    if suffix not in FORMATS:
        raise ExtractionError(
            _("“%(suffix)s”: this format is not accepted (accepted formats: %(formats)s).")
            % {"suffix": suffix or name[:40], "formats": ACCEPTED},
            code="format",
        )
    return FORMATS[suffix]


def check_signature(kind: str, data: bytes) -> None:
    head = data[:1024]
    if kind == "pdf" and b"%PDF-" not in head:
        raise ExtractionError(_("This file is named .pdf but it is not a PDF."), code="signature")
    if kind in ("docx", "odt") and not data.startswith(b"PK\x03\x04"):
        raise ExtractionError(
            _("This file is named .%(kind)s but it is not one (it is not an archive).")
            % {"kind": kind},
            code="signature",
        )
    if kind in ("text", "html") and b"\x00" in head:
        raise ExtractionError(_("This file holds binary data: it is not text."), code="signature")


def _pdf(data: bytes) -> tuple[str, str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        try:
            reader.decrypt("")
        except Exception as error:
            raise ExtractionError(_("This PDF is protected by a password.")) from error
    pages = [page.extract_text() or "" for page in reader.pages]
    title = ""
    try:
        title = str(reader.metadata.get("/Title") or "") if reader.metadata else ""
    except Exception:  # a damaged information dictionary only loses the title
        title = ""
    return "\n\n".join(pages), title


def zip_guard(data: bytes) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise ExtractionError(_("This file is damaged (its archive cannot be read).")) from error
    if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED_BYTES:
        raise ExtractionError(_("Once unpacked, this file would be too large."), code="too_large")
    broken = archive.testzip()
    if broken is not None:
        raise ExtractionError(_("This file is damaged (its archive cannot be read)."))
    return archive


def _docx(data: bytes) -> tuple[str, str]:
    import docx

    zip_guard(data)
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" · ".join(cell.text for cell in row.cells))
    return "\n\n".join(p for p in parts if p.strip()), document.core_properties.title or ""


def _odt(data: bytes) -> tuple[str, str]:
    from odf import teletype
    from odf import text as odf_text
    from odf.opendocument import load

    archive = zip_guard(data)
    try:
        mimetype = archive.read("mimetype").strip()
    except KeyError:
        mimetype = b""
    if mimetype != ODT_MIMETYPE:
        raise ExtractionError(_("This file is not an OpenDocument text (.odt)."))
    document = load(io.BytesIO(data))
    # Headings and paragraphs in document order.
    parts = [
        teletype.extractText(node)
        for node in _walk(document.text)
        if getattr(node, "qname", None) in ((odf_text.TEXTNS, "p"), (odf_text.TEXTNS, "h"))
    ]
    return "\n\n".join(p for p in parts if p.strip()), ""


def _walk(node: object) -> list[object]:
    found = []
    for child in getattr(node, "childNodes", []):
        found.append(child)
        qname = getattr(child, "qname", None)
        # Paragraphs hold no paragraphs; do not descend into them (their text is taken whole).
        if qname is None or qname[1] not in ("p", "h"):
            found.extend(_walk(child))
    return found


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _html(data: bytes) -> tuple[str, str]:
    import trafilatura
    from lxml import html as lxml_html

    text = trafilatura.extract(
        data, include_comments=False, include_tables=True, favor_recall=True, with_metadata=False
    )
    title = ""
    metadata = trafilatura.extract_metadata(data)
    if metadata is not None and metadata.title:
        title = metadata.title
    if not text:
        # A short page (a flyer saved as HTML) may be below trafilatura's thresholds: take its
        # visible text.
        try:
            tree = lxml_html.fromstring(_decode(data))
        except Exception as error:
            raise ExtractionError(_("This HTML page cannot be read.")) from error
        for bad in tree.xpath("//script|//style|//noscript"):
            bad.drop_tree()
        text = "\n\n".join(
            " ".join(block.text_content().split())
            for block in tree.xpath("//h1|//h2|//h3|//h4|//p|//li|//td|//dd|//dt|//blockquote")
        )
    return text or "", title


def _text(data: bytes) -> tuple[str, str]:
    return _decode(data), ""


_READERS = {"pdf": _pdf, "docx": _docx, "odt": _odt, "html": _html, "text": _text}


def extract(name: str, data: bytes) -> Extracted:
    """The text of the file ``name`` whose content is ``data``."""
    kind = format_of(name)
    if not data:
        raise ExtractionError(_("This file is empty."), code="empty")
    check_signature(kind, data)
    try:
        text, title = _READERS[kind](data)
    except ExtractionError:
        raise
    except Exception as error:  # damaged files make the libraries fail in many ways
        raise ExtractionError(
            _("This %(kind)s file is damaged or cannot be read (%(error)s).")
            % {"kind": kind.upper(), "error": type(error).__name__}
        ) from error
    text = _clean(text)
    if not re.search(r"[^\W\d_]{2,}", text):
        raise ExtractionError(
            _(
                "No text could be read from this file (a scanned PDF without text would need "
                "character recognition)."
            ),
            code="no_text",
        )
    truncated = len(text) > MAX_TEXT_CHARS
    return Extracted(kind, text[:MAX_TEXT_CHARS], " ".join(title.split())[:300], truncated)


def _clean(text: str) -> str:
    text = text.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[ \t\u00a0]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
