"""Votes sent at the same instant, through the page, on PostgreSQL: one vote per person, whole."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from endavant.ballots.models import Vote, VoteItem
from endavant.ballots.tests.factories import open_ballot
from endavant.core.models import ParticipationEvent
from endavant.core.testing.concurrency import errors, run_in_parallel, skip_without_parallel_writes

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _parallel_database():
    skip_without_parallel_writes()


@pytest.fixture
def ballot(programme):
    """A majority-judgment ballot on three options, open now."""
    now = timezone.now()
    return open_ballot(
        programme, opens_at=now - timedelta(hours=1), closes_at=now + timedelta(hours=1)
    )


def _poster(client: Client, url: str, data: dict[str, str]):
    return lambda: client.post(url, data)


def _logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_simultaneous_first_votes_by_one_person_leave_one_whole_vote(ballot, make_participant):
    """Eight first votes of one person at once: all answered with the redirect (no 500), one
    vote whose grades are exactly those of one of the submissions, one ``ballot.vote`` event and
    seven ``ballot.vote_change``."""
    voter = make_participant()
    ids = list(ballot.options.values_list("pk", flat=True))
    submissions = [{f"option-{pk}": str((n + i) % 7) for i, pk in enumerate(ids)} for n in range(8)]
    outcomes = run_in_parallel(
        [_poster(_logged_in(voter), ballot.get_absolute_url(), data) for data in submissions]
    )
    assert not errors(outcomes)
    assert [outcome.result.status_code for outcome in outcomes] == [302] * 8
    vote = Vote.objects.get(ballot=ballot)
    assert vote.voter == voter
    grades = {f"option-{item.option_id}": str(item.value) for item in vote.items.all()}
    assert grades in submissions
    kinds = list(ParticipationEvent.objects.values_list("kind", flat=True))
    assert sorted(kinds) == ["ballot.vote"] + ["ballot.vote_change"] * 7


def test_twenty_people_voting_at_once_make_twenty_votes(ballot, make_participant):
    """Twenty different voters at the same instant: twenty votes of three grades each."""
    ids = list(ballot.options.values_list("pk", flat=True))
    data = {f"option-{pk}": "4" for pk in ids}
    clients = [_logged_in(make_participant()) for _ in range(20)]
    outcomes = run_in_parallel(
        [_poster(client, ballot.get_absolute_url(), data) for client in clients]
    )
    assert not errors(outcomes)
    assert [outcome.result.status_code for outcome in outcomes] == [302] * 20
    assert Vote.objects.filter(ballot=ballot).count() == 20
    assert VoteItem.objects.filter(vote__ballot=ballot).count() == 60
    assert ParticipationEvent.objects.filter(kind="ballot.vote").count() == 20


def test_parallel_votes_and_changes_keep_the_tallies_exact(ballot, make_participant):
    """Twenty-four requests at once on one ballot: first votes, changes of the same votes by
    their voters (several at a time per voter) and a change of channel through the service.
    Afterwards the tallies equal a recount from the votes, cell by cell."""
    from endavant.ballots import services
    from endavant.ballots.models import Tally

    ids = list(ballot.options.values_list("pk", flat=True))
    voters = [make_participant(isolated=n % 2 == 0) for n in range(8)]
    # Half of them have voted already: their requests below are changes.
    for voter in voters[:4]:
        services.vote_cast(voter=voter, ballot=ballot, values=dict.fromkeys(ids, 1))
    calls = []
    for n in range(24):
        voter = voters[n % 8]
        data = {f"option-{pk}": str((n * 3 + i) % 7) for i, pk in enumerate(ids)}
        if n % 6 == 5:
            values = {pk: (n + i) % 7 for i, pk in enumerate(ids)}
            calls.append(
                lambda voter=voter, values=values: services.vote_cast(
                    voter=voter, ballot=ballot, values=values, channel="paper"
                )
            )
        else:
            calls.append(_poster(_logged_in(voter), ballot.get_absolute_url(), data))
    outcomes = run_in_parallel(calls)
    assert not errors(outcomes)
    assert Vote.objects.filter(ballot=ballot).count() == 8
    stored = {
        (audience, isolated, channel, kind, a, b): count
        for audience, isolated, channel, kind, a, b, count in Tally.objects.filter(
            ballot=ballot
        ).values_list("audience", "isolated", "channel", "kind", "a", "b", "count")
        if count
    }
    assert stored == dict(+services.tallies_counted(ballot))
    assert sum(n for key, n in stored.items() if key[3] == Tally.Kind.VOTERS) == 8
