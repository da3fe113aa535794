"""The ceiling of a lot holds under parallel orders (PostgreSQL; skipped on SQLite, where
writes are serialised and no race can happen)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from endavant.accounts.models import User
from endavant.actors.models import Membership
from endavant.actors.tests.factories import PersonFactory
from endavant.core.testing.concurrency import errors, run_in_parallel, skip_without_parallel_writes
from endavant.network.models import Lot, Order
from endavant.network.tests import factories


@pytest.mark.django_db(transaction=True)
def test_parallel_orders_never_exceed_the_ceiling(programme):
    """12 members order 1,000 € each at once under a lot with 5,000 € left: 5 are placed, 7
    are refused with the ceiling message, no 500, and the lot's total is the sum of its orders."""
    skip_without_parallel_writes()
    group = factories.grouping(programme)
    lot = factories.lot(factories.contract(group), ceiling="6000")
    first = factories.member(group)
    factories.order(lot, first, amount="1000")
    members = [factories.member(group) for _ in range(12)]
    agents = []
    for n, member in enumerate(members):
        user = User.objects.create_user(email=f"agent{n}@example.org")
        Membership.objects.create(
            person=PersonFactory(user=user), organisation=member, role=Membership.Role.EMPLOYEE
        )
        agents.append(user)

    def place(agent, member):
        def go():
            client = Client()
            client.force_login(agent)
            return client.post(
                "/achats-groupes/commandes/",
                {
                    "member": member.pk,
                    "lot": lot.pk,
                    "ordered_on": date.today().isoformat(),
                    "line_0_description": "Routeur",
                    "line_0_quantity": "1",
                    "line_0_unit_price": "1000",
                },
            )

        return go

    outcomes = run_in_parallel([place(a, m) for a, m in zip(agents, members, strict=True)])
    assert not errors(outcomes)
    codes = sorted(o.result.status_code for o in outcomes)
    assert codes == [302] * 5 + [400] * 7
    refused = [o.result for o in outcomes if o.result.status_code == 400]
    assert all("plafond" in r.content.decode() for r in refused)
    lot.refresh_from_db()
    live = Order.objects.filter(lot=lot).exclude(status="cancelled")
    assert lot.ordered == sum(o.amount for o in live) == Decimal("6000")
    assert Lot.objects.get(pk=lot.pk).ordered <= lot.ceiling
