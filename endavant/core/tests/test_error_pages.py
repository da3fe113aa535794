"""Access-denied pages: the site layout, the visitor's language, where to go next."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_access_denied_has_the_layout_in_french_with_a_way_on(client, role_user):
    client.force_login(role_user("participant"))
    response = client.get("/gestion/feuille-de-route/")
    html = response.content.decode()
    assert response.status_code == 403
    assert '<html lang="fr">' in html
    assert "Accès refusé" in html
    assert 'href="/"' in html
    assert "/compte/" in html


def test_access_denied_in_english_for_an_english_browser(client, role_user):
    client.force_login(role_user("participant"))
    html = client.get("/gestion/feuille-de-route/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en">' in html
    assert "Access refused" in html
