"""The public shell: base layout, legal pages, errors, languages."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import path

pytestmark = pytest.mark.django_db


def test_home_shows_programme_name_navigation_and_footer(client):
    """The home page carries the programme's name, the switcher and the three legal links."""
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert "Numérique 66" in html
    assert 'id="language-select"' in html
    for address in ("/mentions-legales/", "/accessibilite/", "/donnees-personnelles/"):
        assert f'href="{address}"' in html
    assert "<script" not in html


@pytest.mark.parametrize(
    ("address", "title"),
    [
        ("/mentions-legales/", "Mentions légales"),
        ("/accessibilite/", "Déclaration d’accessibilité"),
        ("/donnees-personnelles/", "Données personnelles"),
    ],
)
def test_legal_pages_are_in_french_by_default(client, address, title):
    """Without a language choice the pages speak French."""
    response = client.get(address)
    assert response.status_code == 200
    assert f"<h1>{title}</h1>" in response.content.decode()


def test_legal_notice_names_the_configured_operator(client, settings):
    """The publisher comes from the operator settings, and is flagged when missing."""
    assert "ENDAVANT_OPERATOR_NAME" in client.get("/mentions-legales/").content.decode()
    settings.ENDAVANT_OPERATOR = {**settings.ENDAVANT_OPERATOR, "name": "Département test"}
    html = client.get("/mentions-legales/").content.decode()
    assert "Département test" in html
    assert "ENDAVANT_OPERATOR_NAME" not in html


@pytest.mark.parametrize(("code", "heading"), [("en", "Legal notice"), ("ca", "Avís legal")])
def test_language_switcher_sets_the_language_for_the_same_address(client, code, heading):
    """Posting to the switcher keeps the address and changes the language of the page."""
    response = client.post("/langue/setlang/", {"language": code, "next": "/mentions-legales/"})
    assert response.status_code == 302
    assert response["Location"] == "/mentions-legales/"
    html = client.get("/mentions-legales/").content.decode()
    assert f'<html lang="{code}">' in html
    assert f"<h1>{heading}</h1>" in html


def test_unknown_address_gets_the_friendly_404(client):
    """A mistyped address answers 404 with the site's layout and a way back home."""
    response = client.get("/nulle-part/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page introuvable" in html
    assert 'href="/"' in html


def _boom(request):
    raise RuntimeError("deliberate failure")


urlpatterns = [path("boom/", _boom)]


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_server_error_page(client):
    """An exception in a view answers 500 with a page that needs no database or context."""
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Une erreur est survenue" in html


def test_pages_are_compressed_for_clients_that_accept_gzip(client):
    """Every HTML page travels gzip-compressed when the browser accepts it (slow links)."""
    response = client.get("/accessibilite/", headers={"accept-encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    plain = client.get("/accessibilite/")
    assert "Content-Encoding" not in plain
    assert len(response.content) < len(plain.content)
