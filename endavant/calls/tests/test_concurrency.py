"""One support per person and "never above the budget" hold under parallel requests
(PostgreSQL; skipped on SQLite, where writes are serialised and no race can happen)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from endavant.calls import services
from endavant.calls.models import LedgerEntry, Support
from endavant.calls.tests.factories import call as make_call
from endavant.calls.tests.factories import project as make_project
from endavant.core.models import ParticipationEvent
from endavant.core.services import SYSTEM, ApplicationError
from endavant.core.testing.concurrency import errors, run_in_parallel, skip_without_parallel_writes


@pytest.mark.django_db(transaction=True)
def test_the_same_person_clicking_support_twice_at_once_counts_once(programme, make_participant):
    skip_without_parallel_writes()
    project = make_project(make_call(programme), make_participant())
    person = make_participant()

    def go():
        client = Client()
        client.force_login(person)
        return client.post(f"/projets/{project.pk}/soutenir/")

    outcomes = run_in_parallel([go for _ in range(8)])
    assert not errors(outcomes)
    assert {o.result.status_code for o in outcomes} == {302}
    assert Support.objects.filter(project=project, supporter=person).count() == 1
    assert ParticipationEvent.objects.filter(kind="call.support").count() == 1


@pytest.mark.django_db(transaction=True)
def test_parallel_commitments_never_exceed_the_budget(programme, make_participant, team):
    """10 commitments of 300 € at once on a 1,000 € fund: exactly 3 pass, the others get a
    clear message, and the total committed stays within the budget."""
    skip_without_parallel_writes()
    call = make_call(programme, budget=Decimal("1000"))
    holder = make_participant()
    projects = []
    for _ in range(10):
        project = make_project(call, holder, "300")
        services.project_decide(actor=SYSTEM, project=project, decision="selected", reason="ok")
        projects.append(project)

    def commit(project):
        def go():
            client = Client()
            client.force_login(team)
            return client.post(
                f"/gestion/appels-a-projets/{call.pk}/fonds/",
                {"project": project.pk, "kind": "commitment", "amount": "300",
                 "on": "2024-01-10"},
            )  # fmt: skip

        return go

    outcomes = run_in_parallel([commit(p) for p in projects])
    assert not errors(outcomes)
    statuses = sorted(o.result.status_code for o in outcomes)
    assert statuses == [302] * 3 + [400] * 7
    assert LedgerEntry.objects.filter(call=call).count() == 3
    assert services.ledger_totals(call)["committed"] == Decimal("900")


@pytest.mark.django_db(transaction=True)
def test_parallel_payments_never_exceed_the_commitment(programme, make_participant):
    skip_without_parallel_writes()
    call = make_call(programme, budget=Decimal("1000"))
    project = make_project(call, make_participant(), "500")
    services.project_decide(actor=SYSTEM, project=project, decision="selected", reason="ok")
    services.ledger_record(actor=SYSTEM, project=project, kind="commitment", amount=Decimal("500"))

    def pay():
        try:
            return services.ledger_record(
                actor=SYSTEM, project=project, kind="payment", amount=Decimal("200"), evidence="F"
            )
        except ApplicationError as error:
            return error.code

    outcomes = run_in_parallel([pay for _ in range(6)])
    assert not errors(outcomes)
    assert sorted(str(o.result) for o in outcomes).count("over_committed") == 4
    assert services.ledger_totals(call, project)["paid"] == Decimal("400")
