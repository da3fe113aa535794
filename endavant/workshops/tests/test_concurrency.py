"""Capacity holds under parallel registrations (PostgreSQL; skipped on SQLite, where writes are
serialised and no race can happen)."""

from __future__ import annotations

import pytest
from django.test import Client

from endavant.core.testing.concurrency import errors, run_in_parallel, skip_without_parallel_writes
from endavant.workshops.models import Registration
from endavant.workshops.tests.factories import workshop as make_workshop


@pytest.mark.django_db(transaction=True)
def test_parallel_registrations_never_overbook(programme, make_participant):
    """12 people register at once for the last 3 places: 3 registered, 9 waiting, no 500,
    no duplicate, waiting list in a strict order."""
    skip_without_parallel_writes()
    workshop = make_workshop(programme, capacity_room=5)
    for _ in range(2):
        person = make_participant()
        client = Client()
        client.force_login(person)
        assert (
            client.post(f"/ateliers/{workshop.pk}/inscription/", {"mode": "room"}).status_code
            == 302
        )
    people = [make_participant() for _ in range(12)]

    def register(person):
        def go():
            client = Client()
            client.force_login(person)
            return client.post(f"/ateliers/{workshop.pk}/inscription/", {"mode": "room"})

        return go

    outcomes = run_in_parallel([register(p) for p in people])
    assert not errors(outcomes)
    assert [o.result.status_code for o in outcomes] == [302] * 12
    statuses = list(Registration.objects.filter(workshop=workshop).values_list("status", flat=True))
    assert statuses.count("registered") == 5
    assert statuses.count("waiting") == 9
    assert Registration.objects.filter(workshop=workshop).count() == 14


@pytest.mark.django_db(transaction=True)
def test_the_same_person_clicking_twice_at_once_is_registered_once(programme, make_participant):
    skip_without_parallel_writes()
    workshop = make_workshop(programme, capacity_room=5)
    person = make_participant()

    def go():
        client = Client()
        client.force_login(person)
        return client.post(f"/ateliers/{workshop.pk}/inscription/", {"mode": "room"})

    outcomes = run_in_parallel([go for _ in range(6)])
    assert not errors(outcomes)
    assert {o.result.status_code for o in outcomes} == {302}
    assert Registration.objects.filter(workshop=workshop, participant=person).count() == 1
