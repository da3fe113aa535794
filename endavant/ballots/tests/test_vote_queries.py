"""What one vote costs in SQL statements through the page, as in production: a logged-in
participant with a directory record and a home commune, a ballot of 20 options. Every statement
counts: session, account, the ballot, the profile, the writes and the transaction's own.

Not wrapped in a test transaction (``transaction=True``): inside one, every ``atomic`` block
would add a SAVEPOINT and a RELEASE that production does not run.
"""

from __future__ import annotations

import pytest
from django.db import connection
from freezegun import freeze_time

from endavant.ballots.models import Tally, VoteItem
from endavant.ballots.services import tallies_counted
from endavant.ballots.tests.factories import open_ballot
from endavant.core.models import ParticipationEvent

pytestmark = pytest.mark.django_db(transaction=True)

# PostgreSQL writes a vote in one statement (no transaction statements around it); SQLite
# writes row by row inside a transaction (its statements do not leave the process).
FIRST, CHANGE = (6, 4) if connection.vendor == "postgresql" else (12, 9)


def test_a_vote_and_a_change_cost_a_bounded_number_of_statements(
    client, programme, make_participant, django_assert_max_num_queries
):
    ballot = open_ballot(programme, options=[f"Option {n}" for n in range(20)])
    voter = make_participant(audience="resident", isolated=True)
    client.force_login(voter)
    ids = list(ballot.options.values_list("pk", flat=True))
    with freeze_time("2024-03-02"):
        for shift, bound in ((0, FIRST), (3, CHANGE)):
            data = {f"option-{pk}": str((i + shift) % 7) for i, pk in enumerate(ids)}
            with django_assert_max_num_queries(bound):
                response = client.post(ballot.get_absolute_url(), data)
            assert response.status_code == 302
            stored = dict(
                VoteItem.objects.filter(vote__ballot=ballot).values_list("option_id", "value")
            )
            assert stored == {pk: (i + shift) % 7 for i, pk in enumerate(ids)}
    kinds = list(ParticipationEvent.objects.order_by("pk").values_list("kind", flat=True))
    assert kinds == ["ballot.vote", "ballot.vote_change"]
    stored_tallies = {
        key[:-1]: key[-1]
        for key in Tally.objects.filter(ballot=ballot)
        .exclude(count=0)
        .values_list("audience", "isolated", "channel", "kind", "a", "b", "count")
    }
    assert stored_tallies == dict(+tallies_counted(ballot))
