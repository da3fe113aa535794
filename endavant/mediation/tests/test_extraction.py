"""Text extraction of each accepted format, from small real files made here; malformed files
refused with a message."""

from __future__ import annotations

import pytest

from endavant.mediation import extraction
from endavant.mediation.tests import files

SENTENCE = "Le très haut débit arrive à Saint-Cyprien."


def test_pdf():
    extracted = extraction.extract(
        "flyer.pdf", files.pdf([SENTENCE, "Réseau ouvert."], title="Flyer")
    )
    assert extracted.format == "pdf"
    assert "très haut débit" in extracted.text
    assert "Réseau ouvert." in extracted.text
    assert extracted.title == "Flyer"


def test_docx_with_a_table():
    data = files.docx([SENTENCE], table=[["Commune", "Prises"], ["Saint-Cyprien", "860"]])
    extracted = extraction.extract("brochure.DOCX", data)
    assert extracted.format == "docx"
    assert SENTENCE in extracted.text
    assert "Saint-Cyprien · 860" in extracted.text


def test_odt_headings_and_paragraphs_in_order():
    extracted = extraction.extract("lettre.odt", files.odt("La fibre", [SENTENCE, "Fin."]))
    assert extracted.format == "odt"
    assert (
        extracted.text.index("La fibre")
        < extracted.text.index(SENTENCE)
        < extracted.text.index("Fin.")
    )


def test_web_page_saved_as_html_keeps_the_article_not_the_script():
    data = files.html(
        "Questions sur la fibre", [SENTENCE, "Le raccordement est gratuit ou payant selon l'offre."]
    )
    extracted = extraction.extract("page.html", data)
    assert extracted.format == "html"
    assert "très haut débit" in extracted.text
    assert "tracking" not in extracted.text
    assert extracted.title == "Questions sur la fibre"


def test_plain_text_utf8_and_windows_1252():
    assert extraction.extract("a.txt", SENTENCE.encode("utf-8")).text == SENTENCE
    assert extraction.extract("b.txt", SENTENCE.encode("cp1252")).text == SENTENCE
    assert extraction.extract("c.txt", b"\xef\xbb\xbf" + SENTENCE.encode()).text == SENTENCE


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("faux.pdf", b"Ceci n'est pas un PDF, juste du texte.", "signature"),
        ("casse.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage", "unreadable"),
        ("casse.docx", b"PK\x03\x04" + b"\x00" * 100, "unreadable"),
        ("faux.docx", b"du texte", "signature"),
        ("faux.odt", b"PK\x03\x04 not a zip", "unreadable"),
        ("image.png", b"\x89PNG\r\n\x1a\n", "format"),
        ("sans-extension", b"texte", "format"),
        ("vide.txt", b"", "empty"),
        ("binaire.txt", b"\x00\x01\x02 abc", "signature"),
        ("chiffres.txt", b"2018 2019 2021", "no_text"),
    ],
)
def test_malformed_files_are_refused_with_a_message(name, data, code):
    with pytest.raises(extraction.ExtractionError) as failure:
        extraction.extract(name, data)
    assert failure.value.code == code
    assert failure.value.message


def test_a_docx_that_is_another_zip_is_refused():
    data = files.odt("Titre", ["Texte"])
    with pytest.raises(extraction.ExtractionError):
        extraction.extract("renomme.docx", data)
    with pytest.raises(extraction.ExtractionError):
        extraction.extract("renomme.odt", files.docx(["Texte"]))


def test_a_zip_bomb_is_refused(monkeypatch):
    monkeypatch.setattr(extraction, "MAX_UNZIPPED_BYTES", 1000)
    with pytest.raises(extraction.ExtractionError) as failure:
        extraction.extract("gros.docx", files.docx(["x" * 5000]))
    assert failure.value.code == "too_large"
