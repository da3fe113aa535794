"""Calls for projects: submission, supports, comments and moderation, jury, allocation, fund."""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django.utils.translation import override

from endavant.calls import selectors, services
from endavant.calls.models import (
    AllocationRun,
    Call,
    Comment,
    ImportedBallot,
    LedgerEntry,
    Project,
    Support,
)
from endavant.calls.tests.factories import call as make_call
from endavant.calls.tests.factories import project as make_project
from endavant.core.models import AuditEntry, ParticipationEvent
from endavant.core.services import SYSTEM, ApplicationError
from endavant.roadmap.tests import factories as roadmap_factories

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%fake\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20


def _client(user):
    client = Client()
    client.force_login(user)
    return client


# --- The call -----------------------------------------------------------------------------


def test_a_call_with_phases_in_the_wrong_order_is_refused(programme):
    now = timezone.now()
    with pytest.raises(ApplicationError) as error:
        make_call(programme, submission_closes_at=now - timedelta(days=20))
    assert error.value.code == "window"
    with pytest.raises(ApplicationError) as error:
        make_call(programme, holders=["aliens"])
    assert error.value.code == "holder"


def test_the_phase_follows_the_dates(programme):
    call = make_call(programme)
    assert call.phase() == "submission"
    assert call.phase(call.jury_closes_at - timedelta(hours=1)) == "jury"
    assert call.phase(call.jury_closes_at + timedelta(days=400)) == "realisation"


def test_team_creates_a_call_in_the_back_office(client, team, programme):
    client.force_login(team)
    now = timezone.localtime()
    fmt = "%Y-%m-%dT%H:%M"
    data = {
        "title": "Imagine les P.-O.",
        "rules": "Règles",
        "budget": "200000",
        "submission_opens_at": now.strftime(fmt),
        "submission_closes_at": (now + timedelta(days=30)).strftime(fmt),
        "participation": "supports",
        "vote_method": "approval",
        "participation_opens_at": (now + timedelta(days=1)).strftime(fmt),
        "participation_closes_at": (now + timedelta(days=40)).strftime(fmt),
        "jury_closes_at": (now + timedelta(days=50)).strftime(fmt),
        "selection_on": (now + timedelta(days=60)).date().isoformat(),
        "realisation_until": (now + timedelta(days=400)).date().isoformat(),
        "rule": "equal_shares",
        "holders": ["resident", "association"],
    }
    response = client.post("/gestion/appels-a-projets/nouveau/", data)
    assert response.status_code == 302
    call = Call.objects.get()
    assert call.holders == ["association", "resident"]
    assert AuditEntry.objects.filter(action="call.create").exists()
    bad = client.post("/gestion/appels-a-projets/nouveau/", {**data, "budget": "-5"})
    assert bad.status_code == 400


# --- Submission ---------------------------------------------------------------------------


def test_a_participant_drafts_edits_and_submits_before_the_deadline(programme, make_participant):
    person = make_participant(isolated=True)
    call = make_call(programme)
    client = _client(person)
    response = client.post(
        f"/appels-a-projets/{call.pk}/deposer/",
        {
            "holder_kind": "resident",
            "title": "Un atelier vidéo",
            "summary": "Filmer le village",
            "description": "Des ateliers",
            "requested_amount": "5000",
            "attachment": SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    project = Project.objects.get()
    assert project.status == "draft"
    assert project.attachments.get().content_type == "application/pdf"
    assert project.audience == "resident"
    assert project.commune_isolated is True
    # A draft has no public page.
    assert Client().get(f"/projets/{project.pk}/").status_code == 404
    assert client.post(f"/projets/{project.pk}/soumettre/").status_code == 302
    project.refresh_from_db()
    assert project.status == "submitted"
    event = ParticipationEvent.objects.get(kind="call.submit")
    assert event.channel == "web"
    assert event.audience == "resident"
    assert Client().get(f"/projets/{project.pk}/").status_code == 200


def test_submission_after_the_deadline_is_refused_on_the_server(programme, make_participant):
    person = make_participant()
    call = make_call(programme)
    draft = make_project(call, person, submit=False)
    with pytest.raises(ApplicationError) as error:
        services.project_submit(
            actor=person, project=draft, at=call.submission_closes_at + timedelta(seconds=1)
        )
    assert error.value.code == "closed"
    services.call_save(
        actor=SYSTEM, call=call, submission_closes_at=timezone.now() - timedelta(minutes=1),
        participation_opens_at=call.submission_opens_at,
    )  # fmt: skip
    response = _client(person).post(f"/projets/{draft.pk}/soumettre/")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "draft"
    edit = _client(person).post(
        f"/projets/{draft.pk}/modifier/",
        {"holder_kind": "resident", "title": "x", "summary": "y", "description": "z",
         "requested_amount": "10"},
    )  # fmt: skip
    assert edit.status_code == 400


def test_who_may_submit_and_the_territory_are_enforced(programme, make_participant, make_commune):
    call = make_call(programme, holders=["association"])
    person = make_participant()
    with pytest.raises(ApplicationError) as error:
        make_project(call, person, holder_kind="resident")
    assert error.value.code == "holder"
    territorial = make_call(programme, territory_only=True)
    with pytest.raises(ApplicationError) as error:
        make_project(territorial, make_participant(isolated=None))
    assert error.value.code == "territory"


def test_attachments_are_checked_by_content_and_size(programme, make_participant, settings):
    person = make_participant()
    project = make_project(make_call(programme), person, submit=False)
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00binary", content_type="application/pdf")
    with pytest.raises(ApplicationError) as error:
        services.attachment_add(actor=person, project=project, upload=fake)
    assert error.value.code == "file_type"
    image = SimpleUploadedFile("photo.png", PNG, content_type="image/png")
    assert services.attachment_add(actor=person, project=project, upload=image).content_type == (
        "image/png"
    )
    settings.ENDAVANT_MAX_UPLOAD_BYTES = 10
    big = SimpleUploadedFile("big.pdf", PDF * 10, content_type="application/pdf")
    with pytest.raises(ApplicationError) as error:
        services.attachment_add(actor=person, project=project, upload=big)
    assert error.value.code == "too_large"
    # Through the page: a clear form error, not a 500.
    response = _client(person).post(
        f"/projets/{project.pk}/modifier/",
        {"holder_kind": "resident", "title": "t", "summary": "s", "description": "d",
         "requested_amount": "10", "attachment": SimpleUploadedFile("b.pdf", PDF * 10)},
    )  # fmt: skip
    assert response.status_code == 400


def test_a_mediator_submits_for_a_resident_with_consent(programme, make_participant, role_user):
    mediator = role_user("mediator")
    resident = make_participant()
    call = make_call(programme)
    fields = {"holder_kind": "resident", "title": "t", "summary": "s", "description": "d",
              "requested_amount": Decimal("100")}  # fmt: skip
    with pytest.raises(ApplicationError) as error:
        services.project_save(actor=mediator, call=call, holder=resident, **fields)
    assert error.value.code == "consent"
    project = services.project_save(
        actor=mediator, call=call, holder=resident, consent=True, **fields
    )
    assert project.channel == "mediator"
    assert project.entered_by == mediator
    services.project_submit(actor=mediator, project=project)
    assert ParticipationEvent.objects.get(kind="call.submit").channel == "mediator"
    other = make_participant()
    with pytest.raises(ApplicationError):
        services.project_save(actor=other, call=call, holder=resident, consent=True, **fields)


def test_a_mediator_submits_for_a_resident_without_email_by_number(programme, role_user):
    """A resident registered by a mediator has no e-mail: the form takes their account number."""
    from endavant.accounts.services import account_register_resident

    mediator = role_user("mediator")
    resident = account_register_resident(
        actor=mediator, full_name="Paul Sans Courriel", home_commune=None, purposes=["account"]
    )
    call = make_call(programme, holders=["resident"], territory_only=False)
    client = _client(mediator)
    form = {"holder_kind": "resident", "title": "Un banc", "summary": "s", "description": "d",
            "requested_amount": "100", "consent": "on"}  # fmt: skip
    both = client.post(
        f"/appels-a-projets/{call.pk}/deposer/",
        {**form, "holder_number": resident.pk, "holder_email": "x@example.org"},
    )
    assert both.status_code == 400
    unknown = client.post(
        f"/appels-a-projets/{call.pk}/deposer/", {**form, "holder_number": mediator.pk}
    )
    assert unknown.status_code == 400
    assert not Project.objects.exists()
    response = client.post(
        f"/appels-a-projets/{call.pk}/deposer/", {**form, "holder_number": resident.pk}
    )
    assert response.status_code == 302
    project = Project.objects.get()
    assert project.holder == resident
    assert project.entered_by == mediator


def test_the_holder_withdraws(programme, make_participant):
    person = make_participant()
    project = make_project(make_call(programme), person)
    _client(person).post(f"/projets/{project.pk}/retirer/", {"reason": "Plus le temps"})
    project.refresh_from_db()
    assert project.status == "withdrawn"
    assert AuditEntry.objects.filter(action="project.update", reason="Plus le temps").exists()


def test_bad_input_is_a_4xx(client, programme, make_participant):
    person = make_participant()
    call = make_call(programme)
    client.force_login(person)
    response = client.post(
        f"/appels-a-projets/{call.pk}/deposer/",
        {"holder_kind": "resident", "title": "a\x00b", "summary": "s", "description": "d",
         "requested_amount": "-3"},
    )  # fmt: skip
    assert response.status_code == 400
    assert client.get("/appels-a-projets/999999/").status_code == 404
    assert client.get("/appels-a-projets/?programme=" + "x" * 500).status_code == 200


# --- Supports, comments, moderation -------------------------------------------------------


def test_one_support_per_person_and_the_profile_recorded(programme, make_participant):
    call = make_call(programme)
    project = make_project(call, make_participant())
    person = make_participant(audience="association", isolated=False)
    client = _client(person)
    assert client.post(f"/projets/{project.pk}/soutenir/").status_code == 302
    assert client.post(f"/projets/{project.pk}/soutenir/").status_code == 302
    support = Support.objects.get(project=project)
    assert support.audience == "association"
    assert support.commune_isolated is False
    assert ParticipationEvent.objects.filter(kind="call.support").count() == 1
    with pytest.raises(ApplicationError) as error:
        services.support_add(actor=person, project=project)
    assert error.value.code == "already"


def test_support_breakdown_hides_groups_under_five(programme, make_participant):
    project = make_project(make_call(programme), make_participant())
    for _ in range(5):
        services.support_add(actor=make_participant(audience="resident"), project=project)
    for _ in range(2):
        services.support_add(actor=make_participant(audience="business"), project=project)
    breakdown = selectors.support_breakdown(project)
    assert [n for _label, n in breakdown] == [5]


def test_comments_moderation_notice_and_appeal(programme, make_participant, role_user):
    project = make_project(make_call(programme), make_participant())
    author, reader = make_participant(), make_participant()
    moderator = role_user("moderator")
    _client(author).post(f"/projets/{project.pk}/commenter/", {"text": "Bonne idée"})
    comment = Comment.objects.get()
    _client(reader).post(
        f"/projets/{project.pk}/commenter/", {"text": "D'accord", "parent": comment.pk}
    )
    assert Comment.objects.get(parent=comment).author == reader
    _client(reader).post(f"/commentaires/{comment.pk}/signaler/", {"reason": "Hors sujet"})
    page = _client(moderator).get("/gestion/appels-a-projets/moderation/")
    assert "Bonne idée" in page.content.decode()
    _client(moderator).post(
        "/gestion/appels-a-projets/moderation/",
        {"comment": comment.pk, "action": "hide", "reason": "Propos hors sujet"},
    )
    comment.refresh_from_db()
    assert comment.status == "hidden"
    public = Client().get(f"/projets/{project.pk}/").content.decode()
    assert "Propos hors sujet" in public
    assert "Bonne idée" not in public
    _client(author).post(f"/commentaires/{comment.pk}/appel/", {"reason": "C'était pertinent"})
    comment.refresh_from_db()
    assert comment.appeal == "pending"
    _client(moderator).post(
        "/gestion/appels-a-projets/moderation/",
        {"comment": comment.pk, "action": "reinstate", "reason": "Finalement pertinent"},
    )
    comment.refresh_from_db()
    assert comment.status == "visible"
    assert comment.appeal == "reinstated"
    assert AuditEntry.objects.filter(action="comment.update", reason="Finalement pertinent")
    assert ParticipationEvent.objects.filter(kind="call.comment").count() == 2
    # A participant cannot moderate.
    assert _client(reader).get("/gestion/appels-a-projets/moderation/").status_code == 403


# --- Jury ---------------------------------------------------------------------------------


def test_jury_conflicts_scores_and_dispersion(programme, make_participant, role_user):
    call = make_call(programme)
    usefulness = services.criterion_save(actor=SYSTEM, call=call, name="Utilité", weight=2)
    feasibility = services.criterion_save(actor=SYSTEM, call=call, name="Faisabilité", weight=1)
    project = make_project(call, make_participant())
    jurors = [role_user("jury", email=f"jury{i}@example.org") for i in range(3)]
    for juror in jurors:
        services.jury_member_add(actor=SYSTEM, call=call, member=juror)
    services.score_record(
        actor=jurors[0], project=project, scores={usefulness.pk: (9, "Très utile"),
                                                  feasibility.pk: (6, "")},
    )  # fmt: skip
    client = _client(jurors[1])
    response = client.post(
        f"/appels-a-projets/{call.pk}/jury/",
        {"project": project.pk, f"score-{usefulness.pk}": "3", f"score-{feasibility.pk}": "3"},
    )
    assert response.status_code == 302
    client = _client(jurors[2])
    client.post(
        f"/appels-a-projets/{call.pk}/jury/",
        {"project": project.pk, "action": "conflict", "reason": "Je préside l'association"},
    )
    with pytest.raises(ApplicationError) as error:
        services.score_record(actor=jurors[2], project=project, scores={usefulness.pk: (10, "")})
    assert error.value.code == "conflict"
    bad = client.post(
        f"/appels-a-projets/{call.pk}/jury/", {"project": project.pk, f"score-{usefulness.pk}": "x"}
    )
    assert bad.status_code == 400
    line = selectors.jury_summary(call)[project.pk]
    # Weighted means: (2*9 + 6) / 3 = 8 and 3: mean 5.5, standard deviation 2.5.
    assert (line.mean, line.sd, line.low, line.high, line.jurors) == (5.5, 2.5, 3.0, 8.0, 2)
    with pytest.raises(ApplicationError) as error:
        services.score_record(actor=make_participant(), project=project, scores={})
    assert error.value.code == "not_juror"


def test_team_records_its_decision_with_a_reason(client, team, programme, make_participant):
    call = make_call(programme)
    project = make_project(call, make_participant())
    client.force_login(team)
    response = client.post(
        f"/gestion/appels-a-projets/{call.pk}/",
        {"action": "decide", "project": project.pk, "decision": "selected", "reason": "Utile"},
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.decision == "selected"
    assert project.decision_reason == "Utile"
    bad = client.post(f"/gestion/appels-a-projets/{call.pk}/", {"action": "decide"})
    assert bad.status_code == 400


# --- Allocation ---------------------------------------------------------------------------


def _supported(programme, make_participant, rule):
    """Budget 100: A (cost 60) 4 supporters, B (cost 40) 3 other supporters, C (cost 70) the
    same 4 supporters as A. Greedy takes A then B (C no longer fits)."""
    call = make_call(programme, budget=Decimal("100"), rule=rule)
    holder = make_participant()
    a = make_project(call, holder, "60", title="A")
    b = make_project(call, holder, "40", title="B")
    c = make_project(call, holder, "70", title="C")
    group_a = [make_participant() for _ in range(4)]
    group_b = [make_participant() for _ in range(3)]
    for person in group_a:
        services.support_add(actor=person, project=a)
        services.support_add(actor=person, project=c)
    for person in group_b:
        services.support_add(actor=person, project=b)
    return call, a, b, c


def test_greedy_by_supports_explains_each_project(programme, make_participant):
    call, a, b, c = _supported(programme, make_participant, Call.Rule.GREEDY_VOTES)
    run = services.allocation_run(actor=SYSTEM, call=call)
    assert run.selected == [a.pk, b.pk]
    assert run.source == "supports"
    with override("fr"):
        results = selectors.results(call)
        assert results is not None
        why = {line.project.pk: line.explanation for line in results.lines}
    assert why[a.pk].startswith("financé")
    assert why[c.pk].startswith("non financé")
    assert AuditEntry.objects.filter(action="allocation.run").exists()


def test_equal_shares_with_add1(programme, make_participant):
    call, _a, b, _c = _supported(programme, make_participant, Call.Rule.EQUAL_SHARES)
    run = services.allocation_run(actor=SYSTEM, call=call)
    assert b.pk in run.selected
    with override("fr"):
        results = selectors.results(call)
        assert results is not None
        why = {line.project.pk: line.explanation for line in results.lines}
    funded = why[run.selected[0]]
    assert funded == (
        "financé : ses soutiens pouvaient payer son coût avec leurs parts égales"
    ) or funded.startswith("financé")
    assert all(why[pk].startswith("non financé") for pk in why if pk not in run.selected)
    response = Client().get(f"/appels-a-projets/{call.pk}/")
    assert response.status_code == 200


def test_greedy_by_jury_score(programme, make_participant, role_user):
    call = make_call(programme, budget=Decimal("100"), rule=Call.Rule.GREEDY_JURY)
    criterion = services.criterion_save(actor=SYSTEM, call=call, name="Utilité", weight=1)
    holder = make_participant()
    a = make_project(call, holder, "70", title="A")
    b = make_project(call, holder, "50", title="B")
    juror = role_user("jury")
    services.jury_member_add(actor=SYSTEM, call=call, member=juror)
    services.score_record(actor=juror, project=a, scores={criterion.pk: (4, "")})
    services.score_record(actor=juror, project=b, scores={criterion.pk: (8, "")})
    run = services.allocation_run(actor=SYSTEM, call=call)
    assert run.selected == [b.pk]
    assert run.source == "jury"


def test_vote_ballot_with_paper_entries_feeds_the_allocation(programme, make_participant, team):
    call = make_call(
        programme, participation="vote", vote_method="budget_approval", budget=Decimal("100"),
        rule=Call.Rule.GREEDY_VOTES,
    )  # fmt: skip
    holder = make_participant()
    a = make_project(call, holder, "60", title="A")
    b = make_project(call, holder, "50", title="B")
    ballot = services.call_ballot_open(actor=team, call=call)
    assert {o.source for o in ballot.options.all()} == {a, b}
    voters = [make_participant() for _ in range(3)]
    with pytest.raises(ApplicationError) as error:
        services.paper_vote_enter(actor=team, call=call, voter=voters[0], projects=[a, b])
    assert error.value.code == "over_budget"
    services.paper_vote_enter(actor=team, call=call, voter=voters[0], projects=[a])
    services.paper_vote_enter(actor=team, call=call, voter=voters[1], projects=[a])
    services.paper_vote_enter(actor=team, call=call, voter=voters[2], projects=[b])
    assert set(
        ParticipationEvent.objects.filter(kind="ballot.vote").values_list("channel", flat=True)
    ) == {"paper"}
    with pytest.raises(ApplicationError) as error:
        services.support_add(actor=voters[0], project=a)
    assert error.value.code == "vote"
    run = services.allocation_run(actor=SYSTEM, call=call)
    assert run.source == "ballot"
    assert run.selected == [a.pk]
    assert run.voters == 3


# --- Fund ledger --------------------------------------------------------------------------


def _selected(call, holder, amount):
    project = make_project(call, holder, amount)
    return services.project_decide(
        actor=SYSTEM, project=project, decision="selected", reason="Retenu"
    )


def test_ledger_never_commits_above_the_budget_nor_pays_above_the_commitment(
    programme, make_participant
):
    call = make_call(programme, budget=Decimal("1000"))
    holder = make_participant()
    a, b = _selected(call, holder, "700"), _selected(call, holder, "500")
    services.ledger_record(actor=SYSTEM, project=a, kind="commitment", amount=Decimal("700"))
    with pytest.raises(ApplicationError) as error:
        services.ledger_record(actor=SYSTEM, project=b, kind="commitment", amount=Decimal("500"))
    assert error.value.code == "over_budget"
    with pytest.raises(ApplicationError) as error:
        services.ledger_record(
            actor=SYSTEM, project=a, kind="payment", amount=Decimal("800"), evidence="F-1"
        )
    assert error.value.code == "over_committed"
    with pytest.raises(ApplicationError) as error:
        services.ledger_record(actor=SYSTEM, project=a, kind="payment", amount=Decimal("300"))
    assert error.value.code == "evidence"
    services.ledger_record(
        actor=SYSTEM, project=a, kind="payment", amount=Decimal("300"), evidence="Facture 12"
    )
    services.ledger_record(actor=SYSTEM, project=a, kind="release", amount=Decimal("200"))
    with pytest.raises(ApplicationError):
        services.ledger_record(actor=SYSTEM, project=a, kind="release", amount=Decimal("201"))
    assert services.ledger_totals(call) == {
        "committed": Decimal("500"), "paid": Decimal("300"), "remaining": Decimal("500")
    }  # fmt: skip
    assert services.ledger_totals(call, a)["remaining"] == Decimal("200")
    for bad in ("-5", "0", "1.234", "NaN"):
        with pytest.raises(ApplicationError):
            services.ledger_record(actor=SYSTEM, project=b, kind="commitment", amount=Decimal(bad))
    unselected = make_project(call, holder, "10")
    with pytest.raises(ApplicationError) as error:
        services.ledger_record(
            actor=SYSTEM, project=unselected, kind="commitment", amount=Decimal("10")
        )
    assert error.value.code == "not_selected"
    assert AuditEntry.objects.filter(action="ledger_entry.create").count() == 3
    with pytest.raises(ApplicationError) as error:
        services.call_save(actor=SYSTEM, call=call, budget=Decimal("100"))
    assert error.value.code == "budget"


def test_ledger_page_and_csv_export(client, team, programme, make_participant):
    call = make_call(programme)
    project = _selected(call, make_participant(), "500")
    client.force_login(team)
    response = client.post(
        f"/gestion/appels-a-projets/{call.pk}/fonds/",
        {"project": project.pk, "kind": "commitment", "amount": "500", "on": "2024-03-01",
         "evidence": "=HYPERLINK(\"x\")"},
    )  # fmt: skip
    assert response.status_code == 302
    over = client.post(
        f"/gestion/appels-a-projets/{call.pk}/fonds/",
        {"project": project.pk, "kind": "payment", "amount": "600", "on": "2024-03-02",
         "evidence": "F"},
    )  # fmt: skip
    assert over.status_code == 400
    assert LedgerEntry.objects.count() == 1
    csv = b"".join(client.get(f"/gestion/appels-a-projets/{call.pk}/fonds.csv").streaming_content)
    text = csv.decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    assert "500" in text


# --- Realisation and traceability ---------------------------------------------------------


def test_a_selected_project_becomes_a_roadmap_action(client, team, programme, make_participant):
    call = make_call(programme)
    project = _selected(call, make_participant(), "500")
    action = roadmap_factories.action(roadmap_factories.orientation(programme), title="Tiers-lieu")
    client.force_login(team)
    response = client.post(
        f"/gestion/appels-a-projets/{call.pk}/",
        {"action": "realisation", "project": project.pk, "realisation": "in_progress",
         "note": "Travaux", "roadmap_action": action.pk},
    )  # fmt: skip
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.realisation == "in_progress"
    assert action.origins.get().kind == "project"
    page = Client().get(f"/projets/{project.pk}/").content.decode()
    assert "Tiers-lieu" in page
    with pytest.raises(ApplicationError):
        services.project_link_action(actor=team, project=project, action=action)


# --- Shared pages and the command line ----------------------------------------------------


def test_home_and_commune_sections(client, programme, make_participant, make_commune):
    call = make_call(programme)
    commune = make_commune()
    project = make_project(call, make_participant(), communes=[commune], title="Fibre au village")
    assert call.title in client.get("/").content.decode()
    assert selectors.commune_projects(programme, commune) == [project]


def test_pb_command_prints_the_selected_projects(tmp_path: Path):
    path = tmp_path / "small.pb"
    path.write_text(
        "META\nkey;value\nbudget;100\nvote_type;approval\n"
        "PROJECTS\nproject_id;cost\np1;60\np2;70\np3;40\n"
        "VOTES\nvoter_id;vote\n1;p1,p2\n2;p1,p2\n3;p1,p2\n4;p3\n",
        encoding="utf-8",
    )
    out = io.StringIO()
    call_command("pb", "allocate", str(path), "--rule", "greedy", stdout=out)
    assert out.getvalue().split() == ["p1", "p3"]
    out = io.StringIO()
    call_command("pb", "allocate", str(path), "--rule", "equal-shares", stdout=out)
    assert out.getvalue().split()
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("pb", "allocate", str(tmp_path / "missing.pb"), stdout=io.StringIO())


def test_allocation_run_is_stored(programme, make_participant):
    call, *_projects = _supported(programme, make_participant, Call.Rule.GREEDY_VOTES)
    services.allocation_run(actor=SYSTEM, call=call)
    assert AllocationRun.objects.filter(call=call).count() == 1


def test_the_demo_call_goes_through_the_services(make_programme, make_commune, monkeypatch):
    """The example call loads projects, supports, comments, jury, allocation and ledger, all
    labelled as examples and audited as written by the system; a second run changes nothing."""
    from endavant.accounts.models import User
    from endavant.calls import defaults

    monkeypatch.setattr(defaults, "load_past_calls", lambda stdout: None)
    communes = [make_commune(isolated=i < 4) for i in range(6)]
    make_programme(slug="numerique-66", territory=communes[0].departement)
    for i in range(24):
        User.objects.create_user(email=f"exemple-participant-{i + 1:02d}@example.org")
    out = io.StringIO()
    defaults.load(out)
    call = Call.objects.get()
    assert call.is_example
    assert "funded" in out.getvalue()
    assert call.projects.filter(decision="selected").exists()
    assert Support.objects.count() > 20
    assert Comment.objects.count() == 6
    totals = services.ledger_totals(call)
    assert Decimal("0") < totals["committed"] <= call.budget
    assert AuditEntry.objects.filter(action="allocation.run", actor_label="system").exists()
    defaults.load(io.StringIO())
    assert Call.objects.count() == 1


# --- Past calls imported from Pabulib ----------------------------------------------------------

PAST_PB = """META
key;value
description;Test vote
num_projects;3
num_votes;4
budget;100
vote_type;{vote_type}
date_begin;01.06.2024
date_end;{date_end}
PROJECTS
project_id;cost;name;district
a;60;Un jardin;NORD
b;50;Des bancs;SUD
c;40;Une fontaine;SUD
VOTES
voter_id;vote{points_header}
1;a,b{p1}
2;a,b{p2}
3;c{p3}
4;b,c{p4}
"""


def _past_instance(vote_type="approval", date_end="30.06.2024"):
    from endavant.voting.pabulib import parse_pabulib

    if vote_type == "cumulative":
        extra = {"points_header": ";points", "p1": ";2,1", "p2": ";3,1", "p3": ";1", "p4": ";1,1"}
    else:
        extra = {"points_header": "", "p1": "", "p2": "", "p3": "", "p4": ""}
    return parse_pabulib(PAST_PB.format(vote_type=vote_type, date_end=date_end, **extra))


def test_a_past_call_is_imported_with_its_projects_and_ballots(programme):
    call = services.past_call_import(
        actor=SYSTEM, programme=programme, instance=_past_instance(), source="test.pb", title="T"
    )
    assert call.imported_from == "test.pb"
    assert call.budget == Decimal("100.00")
    assert sorted(call.projects.values_list("title", flat=True)) == [
        "Des bancs",
        "Un jardin",
        "Une fontaine",
    ]
    assert call.projects.filter(holder__isnull=True, status="submitted").count() == 3
    assert ImportedBallot.objects.filter(call=call).count() == 4
    assert AuditEntry.objects.filter(action="call.import").count() == 1
    # Again: the same call, nothing doubled.
    again = services.past_call_import(
        actor=SYSTEM, programme=programme, instance=_past_instance(), source="test.pb", title="T"
    )
    assert again.pk == call.pk
    assert ImportedBallot.objects.count() == 4
    assert Project.objects.count() == 3


def test_a_past_call_with_bad_dates_is_refused_whole(programme):
    with pytest.raises(ApplicationError) as error:
        services.past_call_import(
            actor=SYSTEM,
            programme=programme,
            instance=_past_instance(date_end="31.02.2024"),
            source="bad.pb",
            title="T",
        )
    assert error.value.code == "meta"
    assert not Call.objects.exists()
    assert not Project.objects.exists()


def test_both_rules_on_a_past_call_are_compared(programme, client):
    """Greedy funds the most voted projects that fit; Equal Shares gives each of the 4 voters
    25: {a, b} (2 voters, 50) can pay b, {c} and {b, c} can pay c... The page shows both."""
    call = services.past_call_import(
        actor=SYSTEM, programme=programme, instance=_past_instance(), source="t.pb", title="T"
    )
    greedy_run = services.allocation_run(actor=SYSTEM, call=call, rule=Call.Rule.GREEDY_VOTES)
    mes_run = services.allocation_run(actor=SYSTEM, call=call, rule=Call.Rule.EQUAL_SHARES)
    titles = dict(call.projects.values_list("pk", "title"))
    # Votes: b 3, a 2, c 2 -> greedy takes b (50), then a (60) does not fit, c (40) does.
    assert [titles[pk] for pk in greedy_run.selected] == ["Des bancs", "Une fontaine"]
    assert greedy_run.source == "imported"
    assert greedy_run.voters == 4
    assert mes_run.rule == "equal_shares"
    comparison = selectors.rule_comparison(call)
    assert comparison is not None
    assert [r.rule for r in comparison.runs] == ["equal_shares", "greedy_votes"]
    response = client.get(call.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "Des bancs" in page
    assert "comparison-title" in page
    # A past call takes no new project.
    assert "submit-title" not in page


def test_greedy_on_a_cumulative_past_vote_ranks_by_points(programme):
    """2019 in Toulouse was a cumulative vote: greedy ranks by total points, not by voters."""
    call = services.past_call_import(
        actor=SYSTEM,
        programme=programme,
        instance=_past_instance("cumulative"),
        source="c.pb",
        title="T",
    )
    run = services.allocation_run(actor=SYSTEM, call=call, rule=Call.Rule.GREEDY_VOTES)
    titles = dict(call.projects.values_list("pk", "title"))
    # Points: a 5, b 3, c 2 -> a (60), then b (50) does not fit, c (40) does.
    assert [titles[pk] for pk in run.selected] == ["Un jardin", "Une fontaine"]


def test_the_toulouse_past_calls_load_and_are_counted_by_the_worker(
    django_capture_on_commit_callbacks,
):
    """The real 2019 Toulouse vote (30 projects, 1,494 ballots) loads into an archived programme;
    both rules are queued as jobs and, once run, shown side by side. A second load changes
    nothing."""
    from endavant.calls import defaults

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        defaults.load_past_calls(io.StringIO(), editions=("2019",))
    assert len(callbacks) == 2
    call = Call.objects.get(imported_from="Pabulib, France_Toulouse_2019.pb")
    assert call.programme.is_archived
    assert call.projects.count() == 30
    assert ImportedBallot.objects.filter(call=call).count() == 1494
    # The file's own figures: every project's vote count matches its ballots.
    assert sorted(call.runs.values_list("rule", flat=True)) == ["equal_shares", "greedy_votes"]
    greedy_run = call.runs.get(rule="greedy_votes")
    assert Decimal(greedy_run.total_cost) <= call.budget
    assert len(greedy_run.selected) == 14
    defaults.load_past_calls(io.StringIO(), editions=("2019",))
    assert Call.objects.filter(imported_from__startswith="Pabulib").count() == 1


def test_the_budget_ballot_shows_a_running_total_and_checks_it_without_voting(
    programme, make_participant, team
):
    """Without JavaScript: the page shows the cost of the ticked projects against the budget;
    "check the total" recomputes it from the ticked boxes and records nothing."""
    from endavant.ballots.models import Vote

    call = make_call(
        programme, participation="vote", vote_method="budget_approval", budget=Decimal("100"),
        rule=Call.Rule.GREEDY_VOTES,
    )  # fmt: skip
    holder = make_participant()
    a = make_project(call, holder, "60", title="A")
    b = make_project(call, holder, "50", title="B")
    ballot = services.call_ballot_open(actor=team, call=call)
    options = {o.source_id: o.pk for o in ballot.options.all()}
    voter = make_participant()
    client = _client(voter)
    page = client.get(ballot.get_absolute_url()).content.decode()
    assert "0\u00a0€" in page or "0 €" in page
    checked = client.post(
        ballot.get_absolute_url(),
        {f"option-{options[str(a.pk)]}": "on", f"option-{options[str(b.pk)]}": "on", "check": "1"},
    )
    assert checked.status_code == 200
    assert checked.context["budget"]["total"] == Decimal("110")
    assert checked.context["budget"]["over"] is True
    assert not Vote.objects.exists()
    fine = client.post(
        ballot.get_absolute_url(), {f"option-{options[str(a.pk)]}": "on", "check": "1"}
    )
    assert fine.context["budget"]["left"] == Decimal("40")
    assert not Vote.objects.exists()
    voted = client.post(ballot.get_absolute_url(), {f"option-{options[str(a.pk)]}": "on"})
    assert voted.status_code == 302
    assert Vote.objects.count() == 1
