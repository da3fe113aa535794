"""The back-office hub lists, for each role, exactly the staff pages it may use."""

from __future__ import annotations

import pytest

from endavant.accounts.roles import make_user_with_role

pytestmark = pytest.mark.django_db


def _links(client, role):
    client.force_login(make_user_with_role(role))
    response = client.get("/gestion/")
    return response, response.content.decode()


def test_mediator_sees_resident_registration_only(client):
    """A mediator may register residents, and sees nothing of the roadmap or the directory."""
    response, html = _links(client, "mediator")
    assert response.status_code == 200
    assert 'href="/gestion/comptes/resident/"' in html
    assert 'href="/gestion/feuille-de-route/"' not in html
    assert 'href="/gestion/acteurs/"' not in html
    assert 'href="/gestion/journal/"' not in html


def test_programme_team_sees_directory_roadmap_and_roles_but_not_the_audit_log(client):
    """The programme team manages the directory, the roadmap and roles; the log is for admins."""
    _response, html = _links(client, "programme_team")
    for address in ("/gestion/acteurs/", "/gestion/feuille-de-route/", "/gestion/roles/"):
        assert f'href="{address}"' in html
    assert 'href="/gestion/journal/"' not in html


def test_administrator_sees_the_audit_log_and_the_header_link(client):
    """Administrators get every entry, and the header shows the back-office link."""
    _response, html = _links(client, "administrator")
    assert 'href="/gestion/journal/"' in html
    assert html.count('href="/gestion/"') == 1


def test_participant_is_refused_and_has_no_header_link(client):
    """A participant without a staff role gets 403 and no back-office link on other pages."""
    response, _html = _links(client, "participant")
    assert response.status_code == 403
    assert 'href="/gestion/"' not in client.get("/").content.decode()
