"""Workshops: registration with capacity and waiting list, changes with reasons and notices
(.ics with the same UID and a higher SEQUENCE), attendance, minutes, contributions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from icalendar import Calendar

from endavant.core.models import AuditEntry, ParticipationEvent
from endavant.core.services import SYSTEM, ApplicationError
from endavant.roadmap.tests import factories as roadmap_factories
from endavant.workshops import notices, services
from endavant.workshops.models import Notice, Registration, Workshop, WorkshopChange
from endavant.workshops.services import Headcount
from endavant.workshops.tests.factories import workshop as make_workshop

pytestmark = pytest.mark.django_db


def _ics(message) -> Calendar:
    (_name, content, _mimetype) = next(a for a in message.attachments if a[0].endswith(".ics"))
    return Calendar.from_ical(content)


def _register(workshop, person, mode=None):
    return services.registration_create(
        actor=person, workshop=workshop, participant=person, mode=mode
    )


@pytest.mark.django_db(transaction=True)
def test_capacity_then_waiting_list_then_promotion(programme, make_participant, mailoutbox):
    """Past capacity people wait in order; a cancellation promotes the first, with notices."""
    workshop = make_workshop(programme, capacity_room=2)
    people = [make_participant() for _ in range(4)]
    regs = [_register(workshop, p) for p in people]
    assert [r.status for r in regs] == ["registered", "registered", "waiting", "waiting"]
    services.registration_cancel(actor=people[0], registration=regs[0])
    statuses = dict(Registration.objects.values_list("participant_id", "status"))
    assert statuses[people[2].pk] == "registered"
    assert statuses[people[3].pk] == "waiting"
    kinds = list(Notice.objects.order_by("pk").values_list("kind", flat=True))
    assert kinds.count("confirmed") == 2
    assert kinds.count("waiting") == 2
    assert "promoted" in kinds
    assert "registration_cancelled" in kinds
    # Sent after commit: every notice went out, confirmations with an invitation.
    assert Notice.objects.filter(status="sent").count() == len(kinds)
    confirmation = next(m for m in mailoutbox if m.to == [people[0].email])
    event = _ics(confirmation).walk("VEVENT")[0]
    assert str(event["UID"]) == f"{workshop.uid}@endavant"
    cancelled = mailoutbox[-2] if mailoutbox[-1].to != [people[0].email] else mailoutbox[-1]
    assert cancelled.to in ([people[0].email], [people[2].email])


def test_one_live_registration_per_person(programme, make_participant):
    workshop = make_workshop(programme)
    person = make_participant()
    _register(workshop, person)
    with pytest.raises(ApplicationError) as failure:
        _register(workshop, person)
    assert failure.value.code == "already"


@pytest.mark.parametrize(
    ("setup", "code"),
    [("past", "past"), ("cancelled", "cancelled"), ("audience", "audience"), ("mode", "mode")],
)
def test_registration_refusals_have_codes(programme, make_participant, setup, code):
    workshop = make_workshop(
        programme,
        days=-1 if setup == "past" else 5,
        audiences=["elected_official"] if setup == "audience" else [],
    )
    if setup == "cancelled":
        services.workshop_cancel(actor=SYSTEM, workshop=workshop, reason="Neige")
        workshop.refresh_from_db()
    with pytest.raises(ApplicationError) as failure:
        _register(
            workshop, make_participant("resident"), mode="online" if setup == "mode" else None
        )
    assert failure.value.code == code


def test_closed_audience_accepts_exactly_its_people(programme, make_participant):
    """A workshop for elected officials accepts a person whose directory role says so."""
    workshop = make_workshop(programme, audiences=["elected_official"])
    registration = _register(workshop, make_participant("elected_official", isolated=True))
    assert registration.audience == "elected_official"
    assert registration.commune_isolated is True
    event = ParticipationEvent.objects.get(kind="workshop.register")
    assert event.audience == "elected_official"


def test_mediator_registers_a_resident_with_consent(programme, make_participant, role_user):
    workshop = make_workshop(programme)
    mediator, resident = role_user("mediator"), make_participant()
    with pytest.raises(ApplicationError) as failure:
        services.registration_create(actor=mediator, workshop=workshop, participant=resident)
    assert failure.value.code == "consent"
    registration = services.registration_create(
        actor=mediator, workshop=workshop, participant=resident, consent=True
    )
    assert (registration.channel, registration.entered_by) == ("mediator", mediator)
    with pytest.raises(ApplicationError) as failure:
        services.registration_create(
            actor=make_participant(), workshop=workshop, participant=make_participant()
        )
    assert failure.value.code == "forbidden"


@pytest.mark.django_db(transaction=True)
def test_moving_online_needs_a_reason_and_notifies_with_a_higher_sequence(
    programme, make_participant, mailoutbox
):
    workshop = make_workshop(programme, capacity_room=1)
    first, second = make_participant(), make_participant()
    _register(workshop, first)
    _register(workshop, second)  # waiting
    with pytest.raises(ApplicationError) as failure:
        services.workshop_save(actor=SYSTEM, workshop=workshop, format="online")
    assert failure.value.code == "needs_change"
    with pytest.raises(ApplicationError) as failure:
        services.workshop_change(actor=SYSTEM, workshop=workshop, reason=" ", format="online")
    assert failure.value.code == "reason"
    mailoutbox.clear()
    services.workshop_change(
        actor=SYSTEM,
        workshop=workshop,
        reason="Confinement (COVID)",
        format="online",
        online_url="https://visio.example.org/a",
    )
    workshop.refresh_from_db()
    assert (workshop.status, workshop.sequence) == ("moved", 1)
    change = WorkshopChange.objects.get()
    assert change.reason == "Confinement (COVID)"
    assert change.before["format"] == "in_person"
    assert {m.to[0] for m in mailoutbox} == {first.email, second.email}
    to_first = next(m for m in mailoutbox if m.to == [first.email])
    assert "Confinement (COVID)" in to_first.body
    assert "https://visio.example.org/a" in to_first.body
    calendar = _ics(to_first)
    assert str(calendar["METHOD"]) == "REQUEST"
    event = calendar.walk("VEVENT")[0]
    assert int(event["SEQUENCE"]) == 1
    assert str(event["UID"]) == f"{workshop.uid}@endavant"
    assert Registration.objects.filter(mode="online").count() == 2
    assert AuditEntry.objects.filter(
        action="workshop.update", reason="Confinement (COVID)"
    ).exists()


@pytest.mark.django_db(transaction=True)
def test_cancellation_sends_method_cancel(programme, make_participant, mailoutbox):
    workshop = make_workshop(programme)
    person = make_participant()
    _register(workshop, person)
    mailoutbox.clear()
    services.workshop_cancel(actor=SYSTEM, workshop=workshop, reason="Salle inondée")
    (message,) = mailoutbox
    calendar = _ics(message)
    assert str(calendar["METHOD"]) == "CANCEL"
    event = calendar.walk("VEVENT")[0]
    assert str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) == 1


@pytest.mark.django_db(transaction=True)
def test_a_failed_notice_is_kept_retried_and_visible(
    programme, make_participant, settings, client, team
):
    """When the mail server fails, the notice stays failed with its error; a later run sends it."""
    settings.EMAIL_BACKEND = "endavant.workshops.tests.failing_mail.Backend"
    workshop = make_workshop(programme)
    person = make_participant()
    _register(workshop, person)
    notice = Notice.objects.get()
    assert (notice.status, notice.attempts) == ("failed", 1)
    assert "refused" in notice.last_error
    client.force_login(team)
    assert "refused" in client.get("/gestion/ateliers/").content.decode()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert notices.send_pending() == (1, 0)
    notice.refresh_from_db()
    assert notice.status == "sent"


def test_attendance_minutes_and_contributions_feed_the_traceability_chain(
    programme, make_participant, team, client
):
    workshop = make_workshop(programme, days=-1)
    Workshop.objects.filter(pk=workshop.pk).update(starts_at=timezone.now() + timedelta(days=1))
    person = make_participant("employee", isolated=True)
    registration = _register(workshop, person)
    Workshop.objects.filter(pk=workshop.pk).update(starts_at=timezone.now() - timedelta(hours=3))
    workshop.refresh_from_db()
    services.attendance_record(
        actor=team,
        workshop=workshop,
        attended=[registration.pk],
        headcounts=[Headcount("resident", 7), Headcount("elected_official", 2)],
    )
    workshop.refresh_from_db()
    assert workshop.status == "held"
    assert ParticipationEvent.objects.filter(kind="workshop.attend").count() == 1
    with pytest.raises(ApplicationError) as failure:
        services.minutes_save(
            actor=team,
            workshop=workshop,
            summary="x",
            attachment=SimpleUploadedFile("cr.pdf", b"<html>not a pdf</html>"),
        )
    assert failure.value.code == "not_pdf"
    services.minutes_save(
        actor=team,
        workshop=workshop,
        summary="Les agents veulent des liaisons fibre entre mairie et école.",
        attachment=SimpleUploadedFile("cr.pdf", b"%PDF-1.4 minimal"),
    )
    contribution = services.contribution_add(
        actor=person, workshop=workshop, text="Relier l'école à la mairie", author=person,
        channel="workshop",
    )  # fmt: skip
    action = roadmap_factories.action(roadmap_factories.orientation(programme), "Liaison école")
    services.contribution_link_action(actor=team, contribution=contribution, action=action)
    with pytest.raises(ApplicationError) as failure:
        services.contribution_link_action(actor=team, contribution=contribution, action=action)
    assert failure.value.code == "already"
    page = client.get(workshop.get_absolute_url()).content.decode()
    assert "Relier l&#x27;école à la mairie" in page
    assert action.get_absolute_url() in page  # contribution → action
    action_page = client.get(action.get_absolute_url()).content.decode()
    assert "Contribution" in action_page  # action → its origin


def test_ics_feed_parses_back_with_filters(programme, client):
    online = make_workshop(programme, title="En ligne", format="online", place="")
    make_workshop(programme, title="En salle")
    body = client.get("/ateliers.ics?format=online").content
    calendar = Calendar.from_ical(body)
    events = calendar.walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["En ligne"]
    assert str(events[0]["UID"]) == f"{online.uid}@endavant"
    assert "visio" not in body.decode()


def test_pages_without_javascript(programme, make_participant, client):
    """List, month, detail, registration by a plain form, history and analysis."""
    workshop = make_workshop(programme, capacity_room=5, audiences=[])
    html = client.get("/ateliers/").content.decode()
    assert workshop.title in html
    month = client.get(f"/ateliers/?mois={workshop.starts_at:%Y-%m}").content.decode()
    assert workshop.title in month
    assert client.get("/ateliers/?format=zzz&du=2020-99-99").status_code == 200
    person = make_participant()
    client.force_login(person)
    response = client.post(f"/ateliers/{workshop.pk}/inscription/", {"mode": "room"})
    assert response.status_code == 302
    page = client.get(workshop.get_absolute_url()).content.decode()
    assert "Annuler mon inscription" in page
    assert "4 places restantes" in page
    client.post(f"/ateliers/{workshop.pk}/desinscription/")
    assert Registration.objects.get().status == "cancelled"
    assert client.get(f"/ateliers/{workshop.pk}/historique/").status_code == 200
    assert client.get("/ateliers/analyse/?du=2018-01-01&au=2030-12-31").status_code == 200


def test_analysis_counts_frequency_format_and_turnout(programme, client):
    a = make_workshop(programme, days=-400, title="Présentiel")
    make_workshop(programme, days=-30, title="À distance", format="online", place="")
    services.attendance_record(
        actor=SYSTEM, workshop=a, attended=[], headcounts=[Headcount("resident", 12)]
    )
    csv_text = b"".join(
        client.get("/ateliers/analyse/?serie=turnout&format=csv").streaming_content
    ).decode("utf-8-sig")
    assert "12" in csv_text
    formats = b"".join(
        client.get("/ateliers/analyse/?serie=formats&format=csv").streaming_content
    ).decode("utf-8-sig")
    assert "Présentiel" in formats or "En présentiel" in formats
    assert "distance" in formats.lower() or "ligne" in formats.lower()


def test_demo_loads_a_year_of_example_workshops_once(make_commune):
    """The demo: workshops in the room then online (the COVID switch), labelled examples, with
    registrations, attendance, minutes and contributions linked to roadmap actions."""
    import io

    from endavant.roadmap import defaults as roadmap_defaults
    from endavant.workshops import defaults

    for n in range(8):
        make_commune(isolated=n % 2 == 0, code=f"661{n:02d}", population=500 + n)
    roadmap_defaults.load(io.StringIO())
    defaults.load(io.StringIO())
    defaults.load(io.StringIO())
    workshops = Workshop.objects.all()
    assert workshops.count() == 13
    assert all(w.is_example and w.title.startswith("Exemple") for w in workshops)
    assert workshops.filter(format="online").count() >= 4
    assert WorkshopChange.objects.filter(reason__contains="COVID").exists()
    assert Registration.objects.filter(attended=True).exists()
    from endavant.roadmap.models import ActionOrigin

    assert ActionOrigin.objects.filter(kind="contribution").exists()
    assert not Notice.objects.exclude(kind="changed").exists()


def test_back_office_creates_moves_and_cancels_a_workshop(
    client, team, programme, make_participant
):
    """The team creates a workshop with its domain and organiser, moves it, then cancels it."""
    from endavant.actors.tests.factories import OrganisationFactory

    organiser = OrganisationFactory(name="Médiathèque de Prades")
    domain = roadmap_factories.domain(programme, "Médiation")
    client.force_login(team)
    start = (timezone.localtime() + timedelta(days=20)).replace(microsecond=0)
    form = {
        "title": "Atelier démarches",
        "format": "in_person",
        "place": "Médiathèque",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "capacity_room": "12",
        "organiser_name": "mediatheque de PRADES",
        "domains": [domain.pk],
    }
    response = client.post("/gestion/ateliers/nouveau/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    workshop = Workshop.objects.get()
    assert workshop.organiser == organiser
    assert list(workshop.domains.all()) == [domain]
    _register(workshop, make_participant())
    hostile = {"do": "change", "format": "online", "online_url": "javascript:alert(1)"}
    bad = client.post(
        f"/gestion/ateliers/{workshop.pk}/changer/", {**form, **hostile, "reason": "x"}
    )
    assert bad.status_code == 400
    moved = client.post(
        f"/gestion/ateliers/{workshop.pk}/changer/",
        {**form, "do": "change", "format": "hybrid", "capacity_online": "10",
         "online_url": "https://visio.example.org/x", "reason": "Grève des transports"},
    )  # fmt: skip
    assert moved.status_code == 302
    workshop.refresh_from_db()
    assert (workshop.format, workshop.sequence) == ("hybrid", 1)
    history = client.get(f"/ateliers/{workshop.pk}/historique/").content.decode()
    assert "Grève des transports" in history
    client.post(f"/gestion/ateliers/{workshop.pk}/changer/", {"do": "cancel", "reason": "Neige"})
    workshop.refresh_from_db()
    assert workshop.is_cancelled


def test_home_and_commune_pages_show_the_next_workshops(client, programme, make_commune):
    """The home page lists the next workshops; a commune's page those held there."""

    commune = make_commune(isolated=True, code="66999", name="Llo")
    programme.territory_id = commune.departement_id
    programme.save(update_fields=["territory"])
    workshop = make_workshop(programme, title="Atelier à Llo", commune=commune)
    home = client.get("/").content.decode()
    assert "Atelier à Llo" in home
    page = client.get("/communes/66999/").content.decode()
    assert "Atelier à Llo" in page
    assert workshop.get_absolute_url() in page


@pytest.mark.django_db(transaction=True)
def test_notices_go_through_the_database_job_queue_and_the_worker(
    programme, make_participant, settings, mailoutbox
):
    """With the database backend a registration queues a job; the worker sends the e-mail."""
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    workshop = make_workshop(programme)
    person = make_participant()
    _register(workshop, person)
    assert DBTaskResult.objects.count() == 1
    assert mailoutbox == []
    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*")
    assert [m.to for m in mailoutbox] == [[person.email]]
    assert Notice.objects.get().status == "sent"


def test_back_office_records_unregistered_people_by_audience_commune_and_channel(
    client, team, programme, make_commune
):
    """The attendance table takes, per row, an audience, a commune, a channel and a count."""
    llo = make_commune(isolated=True, code="66100", name="Llo")
    workshop = make_workshop(programme)
    Workshop.objects.filter(pk=workshop.pk).update(starts_at=timezone.now() - timedelta(hours=1))
    client.force_login(team)
    url = f"/gestion/ateliers/{workshop.pk}/inscriptions/"
    assert "Llo" not in client.get(url).content.decode()
    response = client.post(url, {
        "do": "attendance",
        "audience-0": "resident", "commune-0": "66100", "channel-0": "workshop", "count-0": "7",
        "audience-1": "elected_official", "commune-1": "", "channel-1": "web", "count-1": "2",
    })  # fmt: skip
    assert response.status_code == 302
    rows = sorted(
        workshop.attendance_counts.values_list(
            "audience", "commune_code", "commune_isolated", "channel", "count"
        )
    )
    assert rows == [
        ("elected_official", "", None, "web", 2),
        ("resident", "66100", True, "workshop", 7),
    ]
    assert llo.code in client.get(url).content.decode()
    bad = client.post(url, {"do": "attendance", "audience-0": "resident", "commune-0": "99999",
                            "count-0": "3"})  # fmt: skip
    assert bad.status_code == 400
    assert workshop.attendance_counts.count() == 2


def test_a_mediator_registers_a_resident_with_consent(client, role_user):
    """By account number for a resident without e-mail; without consent nothing is saved; the
    registration says it came through the mediator."""
    from endavant.accounts.services import account_register_resident
    from endavant.workshops import sample

    mediator = role_user("mediator")
    resident = account_register_resident(
        actor=mediator, full_name="Rose Sans Courriel", home_commune=None, purposes=["account"]
    )
    workshop = sample.workshop()
    mode = workshop.modes()[0]
    client.force_login(mediator)
    url = f"/ateliers/{workshop.pk}/inscrire-un-habitant/"
    assert client.get(url).status_code == 200
    refused = client.post(url, {"mode": mode, "number": resident.pk})
    assert refused.status_code == 400
    assert not Registration.objects.filter(participant=resident).exists()
    done = client.post(url, {"mode": mode, "number": resident.pk, "consent": "on"})
    assert done.status_code == 302
    registration = Registration.objects.get(participant=resident)
    assert registration.channel == "mediator"
    assert registration.entered_by == mediator
    # A participant cannot use the page.
    client.force_login(role_user("participant"))
    assert client.get(url).status_code == 403
