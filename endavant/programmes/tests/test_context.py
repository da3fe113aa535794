"""Several programmes on one installation: each page says which it shows, and nothing of one
leaks into the other's pages, ballots, roadmap or exports."""

from __future__ import annotations

import pytest

from endavant.ballots.tests.factories import open_ballot
from endavant.core.models import AuditEntry
from endavant.core.services import SYSTEM
from endavant.programmes.context import COOKIE
from endavant.programmes.models import Programme
from endavant.roadmap import services
from endavant.roadmap.tests import factories

pytestmark = pytest.mark.django_db


def _fill(programme: Programme, tag: str) -> dict:
    orientation = factories.orientation(programme, f"Orientation {tag}")
    action = factories.action(orientation, f"Action {tag}")
    domain = factories.domain(programme, f"Domaine {tag}")
    services.commitment_save(actor=SYSTEM, programme=programme, text=f"Engagement {tag}")
    services.roadmap_freeze(actor=SYSTEM, programme=programme, label=f"Version {tag}")
    services.roadmap_freeze(
        actor=SYSTEM, programme=programme, label=f"Re-plan {tag}", reason="COVID"
    )
    ballot = open_ballot(programme, title=f"Scrutin {tag}", options=[domain, f"Autre {tag}"])
    return {"action": action, "ballot": ballot, "domain": domain}


@pytest.fixture
def two(make_programme):
    a = make_programme(name="Numérique 66", slug="numerique-66")
    b = make_programme(name="Numérique 11", slug="numerique-11")
    return a, b, _fill(a, "AAA"), _fill(b, "BBB")


PAGES = ["/feuille-de-route/", "/engagements/", "/domaines/", "/priorites/"]


@pytest.mark.parametrize("path", PAGES)
def test_without_a_choice_the_visitor_is_asked_which_programme(client, two, path):
    """With two active programmes and no choice, the page asks; it never picks one."""
    html = client.get(path).content.decode()
    assert "Choisir un programme" in html
    assert "AAA" not in html
    assert "BBB" not in html


@pytest.mark.parametrize("path", PAGES)
def test_a_programme_named_in_the_url_shows_only_its_own_content(client, two, path):
    """``?programme=`` shows that programme only, and names it in the header."""
    response = client.get(f"{path}?programme=numerique-11")
    html = response.content.decode()
    assert "BBB" in html
    assert "AAA" not in html
    assert "Numérique 11" in html
    assert response.cookies[COOKIE].value == "numerique-11"


def test_the_choice_is_remembered(client, two):
    """A programme chosen once (URL or chooser form) stays chosen on the next pages."""
    response = client.post("/programmes/", {"programme": "numerique-66", "next": "/engagements/"})
    assert response.status_code == 302
    assert response["Location"] == "/engagements/"
    html = client.get("/feuille-de-route/").content.decode()
    assert "Action AAA" in html
    assert "Action BBB" not in html
    client.get("/engagements/?programme=numerique-11")
    assert "Engagement BBB" in client.get("/engagements/").content.decode()


def test_the_chooser_refuses_a_foreign_redirect(client, two):
    """``next`` pointing to another site is replaced by the home page."""
    response = client.post(
        "/programmes/", {"programme": "numerique-66", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_ballot_versions_and_exports_stay_within_their_programme(client, two):
    _a, _b, fill_a, _fill_b = two
    versions = client.get("/feuille-de-route/versions/?programme=numerique-66").content.decode()
    assert "Version AAA" in versions
    assert "Version BBB" not in versions
    csv_b = b"".join(
        client.get("/donnees/actions-feuille-de-route.csv?programme=numerique-11").streaming_content
    ).decode("utf-8-sig")
    assert "Action BBB" in csv_b
    assert "Action AAA" not in csv_b
    ballot_page = client.get(fill_a["ballot"].get_absolute_url()).content.decode()
    assert "Numérique 66" in ballot_page
    assert "Scrutin AAA" in ballot_page
    assert "BBB" not in ballot_page


def test_back_office_cannot_reach_another_programmes_records(client, team, two):
    """Working on programme A, the team cannot open B's action or ballot by their number."""
    _a, _b, fill_a, fill_b = two
    client.force_login(team)
    client.get("/gestion/feuille-de-route/?programme=numerique-66")
    own = client.get(f"/gestion/feuille-de-route/action/{fill_a['action'].pk}/")
    assert own.status_code == 200
    other = client.get(f"/gestion/feuille-de-route/action/{fill_b['action'].pk}/")
    assert other.status_code == 404
    assert client.get(f"/gestion/scrutins/{fill_b['ballot'].pk}/").status_code == 404
    assert client.get(f"/gestion/scrutins/{fill_a['ballot'].pk}/").status_code == 200


def test_programmes_are_created_listed_and_archived_in_the_back_office(client, team, two):
    """The team creates a programme and archives one; it leaves the chooser, stays reachable."""
    _a, b, _fa, _fb = two
    client.force_login(team)
    response = client.post(
        "/gestion/programmes/nouveau/", {"name": "Numérique 09", "slug": "numerique-09"}
    )
    assert response.status_code == 302
    assert "Numérique 09" in client.get("/gestion/programmes/").content.decode()
    client.post(f"/gestion/programmes/{b.pk}/archiver/", {"reason": "Fin du programme"})
    b.refresh_from_db()
    assert b.is_archived
    entry = AuditEntry.objects.filter(action="programme.update").latest("pk")
    assert entry.reason == "Fin du programme"
    assert entry.actor == team
    chooser = client.get("/programmes/").content.decode()
    assert "Numérique 11" not in chooser
    assert "Numérique 66" in chooser
    assert "Action BBB" in client.get("/feuille-de-route/?programme=numerique-11").content.decode()
    client.post(f"/gestion/programmes/{b.pk}/archiver/", {"reason": "Reprise"})
    b.refresh_from_db()
    assert not b.is_archived


def test_with_one_active_programme_pages_show_it_without_asking(client, programme):
    """The only active programme is not a guess: pages show it directly."""
    html = client.get("/feuille-de-route/").content.decode()
    assert "Choisir un programme" not in html
    assert "Numérique test" in html
