"""Roadmap: services with audit rows, version freeze and compare, traceability, pages."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from freezegun import freeze_time

from endavant.ballots.tests.factories import open_ballot
from endavant.core.models import AuditEntry
from endavant.core.services import ApplicationError
from endavant.programmes.models import Programme
from endavant.roadmap import defaults, selectors, services
from endavant.roadmap.compare import compare_versions
from endavant.roadmap.models import Action, ActionOrigin, Competency, RoadmapVersion

pytestmark = pytest.mark.django_db


def _action(team, orientation, title, **fields):
    return services.action_save(actor=team, orientation=orientation, title=title, **fields)


def test_competency_taxonomy_is_seeded_with_mandatory_and_voluntary():
    """The eight competencies of the département exist after migrating."""
    kinds = dict(Competency.objects.values_list("code", "kind"))
    assert kinds["securite-incendie"] == "mandatory"
    assert kinds["emploi-local"] == "voluntary"
    assert len(kinds) == 8


def test_action_save_writes_an_audit_row_with_before_and_after(team, orientation):
    """Editing an action records who changed what."""
    action = _action(team, orientation, "Relier les mairies", budget=Decimal("100"))
    services.action_save(actor=team, action=action, budget=Decimal("150"))
    entry = AuditEntry.objects.filter(action="action.update").get()
    assert Decimal(entry.before["budget"]) == 100
    assert Decimal(entry.after["budget"]) == 150


def test_done_action_needs_an_end_date(team, orientation):
    """A done action without its actual end date is refused."""
    with pytest.raises(ApplicationError) as failure:
        _action(team, orientation, "x", status=Action.Status.DONE)
    assert failure.value.code == "end_date"


def test_freeze_and_compare_versions(team, programme, orientation):
    """Baseline, re-plan with a reason, then on time / late / changed / dropped / added."""
    on_time = _action(team, orientation, "À l'heure", due_on=date(2021, 1, 1))
    late = _action(team, orientation, "En retard", due_on=date(2020, 1, 1), budget=Decimal(10))
    changed = _action(
        team, orientation, "Modifiée", due_on=date(2020, 6, 1), budget=Decimal("1000")
    )
    dropped = _action(team, orientation, "Abandonnée", budget=Decimal("500"))
    with freeze_time("2019-06-01"):
        v1 = services.roadmap_freeze(actor=team, programme=programme, label="Feuille de route 2018")
    with pytest.raises(ApplicationError) as failure:
        services.roadmap_freeze(actor=team, programme=programme, label="Sans motif")
    assert failure.value.code == "replan_reason"
    services.action_save(
        actor=team, action=changed, due_on=date(2021, 6, 1), budget=Decimal("800"), reason="COVID"
    )
    services.action_save(actor=team, action=dropped, status=Action.Status.DROPPED)
    services.action_save(actor=team, action=late, status=Action.Status.IN_PROGRESS)
    added = _action(team, orientation, "Ajoutée", budget=Decimal("50"))
    with freeze_time("2020-03-01"):
        v2 = services.roadmap_freeze(
            actor=team, programme=programme, label="Re-plan", reason="COVID : ateliers à distance"
        )
    assert (v1.number, v2.number) == (1, 2)
    report = compare_versions(v1.snapshot, v2.snapshot)
    rows = {row.action_id: row for row in report.rows}
    assert rows[on_time.pk].state == "on_time"
    assert rows[late.pk].state == "late"
    assert rows[late.pk].days_late == 60
    assert rows[changed.pk].state == "on_time"
    assert {c.field for c in rows[changed.pk].changes} == {"due_on", "budget"}
    assert rows[changed.pk].due_shift_days == 365
    assert rows[changed.pk].budget_variance == Decimal("-200")
    assert rows[dropped.pk].state == "dropped"
    assert rows[dropped.pk].budget_variance == Decimal("-500")
    assert rows[added.pk].state == "added"
    assert report.counts == {
        "on_time": 2, "late": 1, "no_due_date": 0, "changed": 1, "dropped": 1, "added": 1
    }  # fmt: skip
    assert report.budget_before == Decimal("1510")
    assert report.budget_after == Decimal("860")
    assert AuditEntry.objects.filter(action="roadmap.freeze").count() == 2


def test_bottom_up_share_counts_actions_and_budget(team, programme, orientation):
    """Actions with a contribution/ballot/project origin count as bottom-up, with their budget."""
    top = _action(team, orientation, "Pilotage", budget=Decimal("300"))
    bottom = _action(team, orientation, "Issue d'un vote", budget=Decimal("100"))
    _action(team, orientation, "Sans origine")
    services.action_origin_add(
        actor=team, action=top, kind=ActionOrigin.Kind.STEERING, label="Comité de pilotage"
    )
    ballot = open_ballot(programme)
    services.action_origin_add(
        actor=team, action=bottom, kind=ActionOrigin.Kind.BALLOT, source=ballot
    )
    share = selectors.origin_balance(programme)
    assert (share.actions, share.bottom_up_actions) == (3, 1)
    assert share.line("bottom_up").budget_share == pytest.approx(0.25)
    assert share.line("top_down").actions == 1
    assert share.line("unknown").actions == 1
    assert selectors.actions_from_source(ballot) == [bottom]


def test_origin_needs_a_source_or_a_label(team, orientation):
    """An origin without any source is refused."""
    action = _action(team, orientation, "x")
    with pytest.raises(ApplicationError) as failure:
        services.action_origin_add(actor=team, action=action, kind="contribution")
    assert failure.value.code == "origin_source"


def test_demo_loads_numerique_66_once():
    """The demo has the three orientations of the seed, labelled examples, and is idempotent."""
    defaults.load(io.StringIO())
    defaults.load(io.StringIO())
    programme = Programme.objects.get(slug="numerique-66")
    titles = list(programme.orientations.values_list("title", flat=True))
    assert "Insertion sociale et intégration numérique" in titles
    assert "Activités touristiques, patrimoine et culture" in titles
    assert programme.versions.count() == 2
    for action in Action.objects.filter(budget__isnull=False):
        assert action.is_example
        assert action.title.startswith("Exemple")
    assert all(b.is_example for b in programme.ballots.all())


def test_public_pages_in_french_with_bounded_queries(client, django_assert_max_num_queries):
    """The roadmap, an action, versions, commitments, ballots and a result page render."""
    defaults.load(io.StringIO())
    ballot = Programme.objects.get().ballots.get()
    action = selectors.actions_from_source(ballot)[0]
    with django_assert_max_num_queries(12):
        html = client.get("/feuille-de-route/").content.decode()
    assert "D'où viennent les actions" in html or "D&#x27;où viennent les actions" in html
    with django_assert_max_num_queries(12):
        html = client.get(f"/feuille-de-route/actions/{action.pk}/").content.decode()
    assert "Résultat d&#x27;un scrutin" in html
    assert ballot.get_absolute_url() in html
    html = client.get("/feuille-de-route/versions/?de=1&a=2").content.decode()
    assert "Re-planification COVID" in html
    assert "Jours de retard" in html
    with django_assert_max_num_queries(14):
        html = client.get(ballot.get_absolute_url()).content.decode()
    assert "Mention majoritaire" in html
    assert "<svg" in html
    assert "Ce que ce scrutin est devenu" in html
    assert "ateliers d&#x27;initiation au numérique" in html
    html = client.get("/feuille-de-route/?status=late").content.decode()
    assert "visite numérique du patrimoine" in html
    assert "relier dix mairies" not in html
    assert client.get("/engagements/").status_code == 200
    assert client.get("/priorites/").status_code == 200


def test_back_office_creates_an_orientation_through_the_service(client, team, programme):
    """The programme team creates an orientation; the audit row names them."""
    client.force_login(team)
    response = client.post(
        "/gestion/feuille-de-route/orientation/nouveau/", {"title": "Nouvelle", "order": 4}
    )
    assert response.status_code == 302
    assert programme.orientations.filter(title="Nouvelle").exists()
    assert AuditEntry.objects.filter(action="orientation.create", actor=team).exists()


def test_back_office_freezes_a_version(client, team, programme):
    """Freezing from the back-office creates version 1."""
    client.force_login(team)
    response = client.post("/gestion/feuille-de-route/figer/", {"label": "Base", "reason": ""})
    assert response.status_code == 302
    assert RoadmapVersion.objects.get().label == "Base"


def test_replan_of_a_prescribed_target_needs_a_reason_kept_in_the_audit(team, orientation):
    """Once a version is frozen, changing an action's target needs a reason, which the audit
    row keeps with the readable before and after."""
    action = _action(team, orientation, "Liaison", due_on=date(2020, 1, 1))
    services.roadmap_freeze(actor=team, programme=orientation.programme, label="Base")
    with pytest.raises(ApplicationError) as failure:
        services.action_save(actor=team, action=action, due_on=date(2021, 1, 1))
    assert failure.value.code == "replan_reason"
    services.action_save(actor=team, action=action, status=Action.Status.IN_PROGRESS)
    services.action_save(actor=team, action=action, due_on=date(2021, 1, 1), reason="COVID")
    entry = AuditEntry.objects.filter(action="action.update").order_by("-pk").first()
    assert entry.reason == "COVID"
    assert entry.before["due_on"] == "2020-01-01"
    assert entry.after["due_on"] == "2021-01-01"
    assert entry.after["orientation"] == f"Liaisons intersites (#{orientation.pk})"


def test_lateness_ignores_the_status_and_no_due_date_is_not_on_time():
    """An action past its due date and not realised is late whatever its status says; one
    without a due date is "without a due date", not "on time"."""
    first = {"as_of": "2020-01-01", "actions": []}
    second = {
        "as_of": "2021-01-01",
        "actions": [
            {"id": 1, "title": "Prévue mais échue", "status": "planned", "due_on": "2020-06-01"},
            {"id": 2, "title": "Sans échéance", "status": "in_progress", "due_on": None},
            {"id": 3, "title": "À venir", "status": "planned", "due_on": "2021-06-01"},
        ],
    }
    first["actions"] = [dict(a) for a in second["actions"]]
    rows = {row.action_id: row for row in compare_versions(first, second).rows}
    assert (rows[1].state, rows[1].days_late) == ("late", 214)
    assert rows[2].state == "no_due_date"
    assert rows[3].state == "on_time"


def test_an_action_with_both_origins_is_co_constructed_by_count_and_budget(
    team, programme, orientation
):
    """Steering + participants is co-constructed, not wholly bottom-up; shares by budget."""
    both = _action(team, orientation, "Les deux", budget=Decimal("600"))
    top = _action(team, orientation, "Pilotage", budget=Decimal("300"))
    bottom = _action(team, orientation, "Atelier", budget=Decimal("100"))
    for action, kind in ((both, "steering"), (both, "contribution"), (top, "steering"),
                         (bottom, "contribution")):  # fmt: skip
        services.action_origin_add(actor=team, action=action, kind=kind, label="source")
    balance = selectors.origin_balance(programme)
    assert [(line.key, line.actions) for line in balance.lines] == [
        ("top_down", 1), ("bottom_up", 1), ("co_constructed", 1), ("unknown", 0)
    ]  # fmt: skip
    assert balance.line("co_constructed").budget_share == pytest.approx(0.6)
    assert balance.line("bottom_up").budget_share == pytest.approx(0.1)
