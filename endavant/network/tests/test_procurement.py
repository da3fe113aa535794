"""The procurement grouping: members with accession dates, framework contracts and lots with
ceilings, orders placed by members (never above a ceiling), totals per member and lot, the
public aggregates (small groups withheld), the members' page and the finance exports."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest

from endavant.accounts.models import User
from endavant.actors.models import Membership
from endavant.actors.tests.factories import PersonFactory
from endavant.core.models import AuditEntry
from endavant.core.services import SYSTEM, ApplicationError
from endavant.network import selectors, services
from endavant.network.models import Lot, Order
from endavant.network.tests import factories
from endavant.roadmap.tests import factories as roadmap_factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def lot(programme):
    group = factories.grouping(programme)
    return factories.lot(factories.contract(group), ceiling="10000")


def _worker(organisation) -> User:
    """A person working for ``organisation`` (a member), with an account."""
    user = User.objects.create_user(email=f"agent-{organisation.pk}@example.org")
    Membership.objects.create(
        person=PersonFactory(user=user), organisation=organisation, role=Membership.Role.EMPLOYEE
    )
    return user


def test_an_order_above_the_ceiling_is_refused_with_what_remains(lot):
    member = factories.member(lot.contract.grouping)
    factories.order(lot, member, amount="6000")
    with pytest.raises(ApplicationError) as failure:
        factories.order(lot, member, amount="4000.01")
    assert failure.value.code == "ceiling"
    assert "4" in failure.value.message
    assert "000" in failure.value.message
    factories.order(lot, member, amount="4000")
    lot.refresh_from_db()
    assert lot.ordered == lot.ceiling == Decimal("10000")
    assert Order.objects.count() == 2
    assert AuditEntry.objects.filter(action="order.create").count() == 2


def test_cancelling_an_order_frees_the_ceiling_and_needs_a_reason(lot):
    member = factories.member(lot.contract.grouping)
    order = factories.order(lot, member, amount="10000")
    with pytest.raises(ApplicationError) as failure:
        services.order_set_status(actor=SYSTEM, order=order, status="cancelled")
    assert failure.value.code == "reason"
    services.order_set_status(actor=SYSTEM, order=order, status="cancelled", reason="Reporté")
    lot.refresh_from_db()
    assert lot.ordered == 0
    with pytest.raises(ApplicationError) as failure:
        services.order_set_status(actor=SYSTEM, order=order, status="delivered", on=date.today())
    assert failure.value.code == "transition"
    factories.order(lot, member, amount="10000")


def test_a_ceiling_never_goes_below_what_was_ordered(lot):
    factories.order(lot, factories.member(lot.contract.grouping), amount="8000")
    with pytest.raises(ApplicationError) as failure:
        services.lot_save(actor=SYSTEM, lot=lot, ceiling=Decimal("7999.99"))
    assert failure.value.code == "below_ordered"
    services.lot_save(actor=SYSTEM, lot=lot, ceiling=Decimal("8000"))


@pytest.mark.parametrize(
    ("case", "code"),
    [
        ("not_member", "not_member"),
        ("before_accession", "not_member"),
        ("after_withdrawal", "not_member"),
        ("outside_contract", "contract_dates"),
        ("future", "future"),
        ("empty", "empty"),
        ("zero", "zero"),
    ],
)
def test_orders_are_refused_with_a_code(lot, case, code):
    group = lot.contract.grouping
    member = factories.member(group, joined_on=date(2019, 6, 1))
    fields = {"ordered_on": date(2020, 1, 6)}
    lines = [services.OrderLine("Routeur", Decimal("1"), Decimal("10"))]
    if case == "not_member":
        member = factories.organisation()
    elif case == "before_accession":
        fields["ordered_on"] = date(2019, 5, 31)
    elif case == "after_withdrawal":
        accession = group.members.get(organisation=member)
        services.member_end(actor=SYSTEM, member=accession, left_on=date(2019, 12, 1))
    elif case == "outside_contract":
        fields["ordered_on"] = date(2018, 12, 31)
    elif case == "future":
        fields["ordered_on"] = date.today() + timedelta(days=1)
    elif case == "empty":
        lines = []
    elif case == "zero":
        lines = [services.OrderLine("Gratuit", Decimal("1"), Decimal("0"))]
    with pytest.raises(ApplicationError) as failure:
        services.order_place(actor=SYSTEM, lot=lot, member=member, lines=lines, **fields)
    assert failure.value.code == code
    assert not Order.objects.exists()


def test_accession_periods_never_overlap(programme):
    group = factories.grouping(programme)
    member = factories.member(group, joined_on=date(2019, 1, 1))
    with pytest.raises(ApplicationError) as failure:
        services.member_add(
            actor=SYSTEM, grouping=group, organisation=member, joined_on=date(2020, 1, 1)
        )
    assert failure.value.code == "already"


def test_totals_per_member_and_lot_and_public_aggregates_withhold_small_groups(
    client, programme, lot
):
    group = lot.contract.grouping
    communes = [factories.member(group) for _ in range(5)]
    epci = factories.member(group, factories.organisation(kind="intercommunality"))
    for n, member in enumerate(communes):
        factories.order(lot, member, amount=str(100 * (n + 1)))
    factories.order(lot, epci, amount="999")
    totals = selectors.member_lot_totals(group)
    assert len(totals.rows) == 6
    assert totals.rows[0]["remaining"] == Decimal("10000") - Decimal("2499")
    kinds = {line.label: line for line in selectors.kind_breakdown(group)}
    assert kinds["Commune"].amount == Decimal("1500")
    assert not kinds["Commune"].withheld
    assert kinds["Intercommunalité"].withheld
    assert kinds["Intercommunalité"].amount is None
    page = client.get("/achats-groupes/").content.decode()
    assert "Groupement test" in page
    assert "10\xa0000" in page
    assert "999" not in page  # the single intercommunality's amount is not shown


def test_members_place_their_own_orders_and_see_only_theirs(client, programme, lot, role_user):
    group = lot.contract.grouping
    mine, other = factories.member(group), factories.member(group)
    factories.order(lot, other, amount="500", reference="AUTRE-1")
    agent = _worker(mine)
    client.force_login(role_user("participant", "outsider@example.org"))
    assert client.get("/achats-groupes/commandes/").status_code == 403
    client.force_login(agent)
    page = client.get("/achats-groupes/commandes/").content.decode()
    assert "AUTRE-1" not in page
    today = date.today().isoformat()
    form = {
        "member": mine.pk,
        "lot": lot.pk,
        "ordered_on": today,
        "reference": "MOI-1",
        "line_0_description": "Routeur",
        "line_0_quantity": "2",
        "line_0_unit_price": "100",
    }
    assert client.post("/achats-groupes/commandes/", form).status_code == 302  # fmt: skip
    order = Order.objects.get(reference="MOI-1")
    assert (order.amount, order.placed_by, order.member) == (Decimal("200"), agent, mine)
    too_much = {**form, "line_0_quantity": "1000"}
    response = client.post("/achats-groupes/commandes/", too_much)
    assert response.status_code == 400
    assert "plafond" in response.content.decode()
    for_other = client.post("/achats-groupes/commandes/", {**form, "member": other.pk})
    assert for_other.status_code == 400
    hostile = {**form, "line_0_quantity": "-1", "line_0_unit_price": "\x00"}
    assert client.post("/achats-groupes/commandes/", hostile).status_code == 400


def test_finance_exports_and_back_office(client, team, programme, lot):
    group = lot.contract.grouping
    member = factories.member(group, factories.organisation("=cmd|' /C calc'!A0"))
    order = factories.order(lot, member, amount="1234.5")
    client.force_login(team)
    lines = list(
        csv.reader(
            io.StringIO(
                b"".join(
                    client.get(
                        f"/gestion/achats-groupes/{group.pk}/commandes.csv"
                    ).streaming_content
                ).decode("utf-8-sig")
            )
        )
    )
    assert lines[0][0] == "order_id"
    assert lines[1][3].startswith("'=")
    assert lines[1][11] == "1234.50"
    totals = b"".join(
        client.get(f"/gestion/achats-groupes/{group.pk}/totaux.csv").streaming_content
    ).decode("utf-8-sig")
    assert "8765.50" in totals  # what remains under the lot's ceiling
    response = client.post(
        f"/gestion/achats-groupes/commandes/{order.pk}/",
        {"status": "delivered", "on": date.today().isoformat()},
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == "delivered"
    created = client.post(
        f"/gestion/achats-groupes/{group.pk}/",
        {"do": "contract", "reference": "AC-NEW", "title": "Logiciels", "supplier": "Éditeur",
         "starts_on": "2021-01-01", "ends_on": "2020-01-01"},
    )  # fmt: skip
    assert created.status_code == 400
    contract = lot.contract
    lowered = client.post(
        f"/gestion/achats-groupes/marches/{contract.pk}/",
        {"do": "lot", "number": "1", "title": "Routeurs", "ceiling": "100"},
    )
    assert lowered.status_code == 400
    assert Lot.objects.get(pk=lot.pk).ceiling == Decimal("10000")


def test_orders_feed_the_roadmap_action_with_amounts_for_members_only(client, programme, lot, team):
    action = roadmap_factories.action(roadmap_factories.orientation(programme), "Groupement")
    member = factories.member(lot.contract.grouping)
    factories.order(lot, member, amount="777", actions=[action])
    public = client.get(action.get_absolute_url()).content.decode()
    assert "1 commande" in public
    assert "777" not in public
    client.force_login(team)
    assert "777" in client.get(action.get_absolute_url()).content.decode()
