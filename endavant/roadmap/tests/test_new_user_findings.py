"""What a new user tripped on in the roadmap: filters, labels, the prescribed-vs-realised report,
lateness, origins."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from freezegun import freeze_time

from endavant.accounts.roles import make_user_with_role
from endavant.core.services import SYSTEM
from endavant.roadmap import services
from endavant.roadmap.models import Action, Milestone
from endavant.roadmap.tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "query", ["orientation=abc", "domain=abc", "orientation=1e9", "domain=-1", "status=zzz"]
)
def test_malformed_filter_gives_the_unfiltered_page_with_a_notice(client, orientation, query):
    factories.action(orientation, title="Relier les mairies")
    response = client.get(f"/feuille-de-route/?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Relier les mairies" in html
    assert 'role="status"' in html


def test_new_action_form_says_titre_and_nouvelle_action(client, programme):
    client.force_login(make_user_with_role("programme_team"))
    html = client.get("/gestion/feuille-de-route/action/nouveau/").content.decode()
    assert "<h1>Nouvelle action</h1>" in html
    assert ">Titre\u00a0:" in html or ">Titre :" in html or ">Titre</label>" in html
    assert "Fonction" not in html
    milestone = client.get("/gestion/feuille-de-route/jalon/nouveau/").content.decode()
    assert "<h1>Nouveau jalon</h1>" in milestone


def test_version_report_reads_labelled_french_dates_and_euros(client, orientation):
    action = factories.action(
        orientation, title="Ateliers", due_on=datetime.date(2020, 6, 30), budget=Decimal(30000)
    )
    programme = orientation.programme
    services.roadmap_freeze(actor=SYSTEM, programme=programme, label="Initiale")
    services.action_save(
        actor=SYSTEM,
        action=action,
        reason="COVID",
        due_on=datetime.date(2021, 6, 30),
        budget=Decimal("22000.50"),
    )
    services.roadmap_freeze(actor=SYSTEM, programme=programme, label="Re-plan", reason="COVID")
    html = client.get("/feuille-de-route/versions/").content.decode()
    assert "due_on" not in html
    assert "budget:" not in html
    assert "Échéance\u00a0: 30 juin 2020 → 30 juin 2021" in html
    assert "Budget\u00a0: 30\u202f000\u00a0€ → 22\u202f000,50\u00a0€" in html or (
        "Budget\u00a0: 30\u00a0000\u00a0€ → 22\u00a0000,50\u00a0€" in html
    )


@freeze_time("2024-05-01")
def test_past_due_and_not_realised_is_late_whatever_its_status(client, orientation):
    """An action "in progress" past its due date shows as late; one without a due date says so
    (and is not "on time"); a milestone past due and not done is late."""
    late = factories.action(
        orientation, title="En cours mais dépassée", status=Action.Status.IN_PROGRESS,
        due_on=datetime.date(2024, 1, 1),
    )  # fmt: skip
    undated = factories.action(orientation, title="Sans date", status=Action.Status.PLANNED)
    done = factories.action(
        orientation,
        title="Faite",
        status=Action.Status.DONE,
        due_on=datetime.date(2023, 1, 1),
        ended_on=datetime.date(2023, 1, 1),
    )
    assert late.is_overdue()
    assert not undated.is_overdue()
    assert not done.is_overdue()
    assert undated.has_no_due_date()
    assert not done.has_no_due_date()
    milestone = Milestone.objects.create(
        action=late, title="Jalon", due_on=datetime.date(2024, 2, 1)
    )
    assert milestone.is_overdue()
    html = client.get("/feuille-de-route/").content.decode()
    assert "Échéance dépassée" in html
    assert "Sans échéance" in html
    page = client.get(late.get_absolute_url()).content.decode()
    assert "En retard" in page


def test_co_constructed_action_is_not_counted_as_bottom_up(client, orientation):
    """The origin column says "Co-construite" for an action with both origins."""
    from endavant.roadmap.selectors import origin_balance

    factories.action(orientation, title="Une action")
    lines = {line.key: line for line in origin_balance(orientation.programme).lines}
    assert set(lines) == {"top_down", "bottom_up", "co_constructed", "unknown"}
    html = client.get("/feuille-de-route/").content.decode()
    assert "Co-construit" in html or "co-construit" in html
