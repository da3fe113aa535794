"""Pre-aggregated tallies: kept exact by every vote and change, equal to a recount from the
votes, read by the results and the ballot list without counting the votes again."""

from __future__ import annotations

from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from freezegun import freeze_time
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from endavant.ballots import selectors, services
from endavant.ballots.models import Tally, Vote, VoteItem
from endavant.ballots.tests.factories import open_ballot
from endavant.core.models import AuditEntry, ParticipationEvent
from endavant.core.services import SYSTEM
from endavant.voting import MJ_GRADES_FR, approval, majority_judgment, schulze

pytestmark = pytest.mark.django_db

CHANNELS = ("web", "assisted", "paper", "workshop")
PROFILES = (("resident", True), ("resident", False), ("employee", None), ("elected_official", True))


def _stored(ballot) -> Counter:
    return +Counter(
        {
            (audience, isolated, channel, kind, a, b): count
            for audience, isolated, channel, kind, a, b, count in Tally.objects.filter(
                ballot=ballot
            ).values_list("audience", "isolated", "channel", "kind", "a", "b", "count")
        }
    )


def _values(method, ids, draw):
    """Values of one vote for ``method`` from hypothesis' ``draw``."""
    if method == "majority_judgment":
        return {pk: draw(st.integers(0, 6)) for pk in ids}
    if method == "approval":
        return {pk: 1 for pk in ids if draw(st.booleans())}
    ranked = draw(st.lists(st.sampled_from(ids), min_size=1, unique=True))
    return {pk: draw(st.integers(1, len(ids))) for pk in ranked}


@st.composite
def _operations(draw):
    method = draw(st.sampled_from(["majority_judgment", "approval", "schulze"]))
    n_options = draw(st.integers(2, 5))
    steps = draw(
        st.lists(
            st.tuples(
                st.integers(0, 5),  # which voter
                st.sampled_from(CHANNELS),
                st.randoms(use_true_random=False),
            ),
            min_size=1,
            max_size=14,
        )
    )
    return method, n_options, steps


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=_operations(), data=st.data())
def test_incremental_tallies_equal_a_recount_after_random_votes(
    programme, make_participant, team, case, data
):
    """Whatever sequence of first votes, changes (of values and of channel) and withdrawn
    judgments, the tallies kept by the vote service equal a recount from the votes, and the
    recount writes exactly the same rows back."""
    method, n_options, steps = case
    ballot = open_ballot(programme, method=method, options=[f"O{i}" for i in range(n_options)])
    ids = list(ballot.options.values_list("pk", flat=True))
    voters = {}
    with freeze_time("2024-03-02"):
        for who, channel, _random in steps:
            if who not in voters:
                audience, isolated = PROFILES[who % len(PROFILES)]
                voters[who] = make_participant(audience=audience, isolated=isolated)
            values = _values(method, ids, data.draw)
            services.vote_cast(
                voter=voters[who],
                ballot=ballot,
                values=values,
                channel=channel,
                entered_by=None if channel == "web" else team,
            )
    counted = +services.tallies_counted(ballot)
    assert _stored(ballot) == counted
    assert sum(n for key, n in counted.items() if key[3] == Tally.Kind.VOTERS) == len(voters)
    services.ballot_recount(actor=SYSTEM, ballot=ballot)
    assert _stored(ballot) == counted


def _raw_results(ballot):
    """The overall ranking computed straight from the vote items with ``endavant.voting``."""
    ids = list(ballot.options.values_list("pk", flat=True))
    votes: dict[int, dict[int, int]] = {vote.pk: {} for vote in Vote.objects.filter(ballot=ballot)}
    for vote_id, option_id, value in VoteItem.objects.filter(vote__ballot=ballot).values_list(
        "vote_id", "option_id", "value"
    ):
        votes[vote_id][option_id] = value
    if ballot.method == "majority_judgment":
        tallies = {pk: [0] * len(MJ_GRADES_FR) for pk in ids}
        for values in votes.values():
            for pk, grade in values.items():
                tallies[pk][grade] += 1
        return majority_judgment(tallies, MJ_GRADES_FR, pad_with_worst=True).ranking
    if ballot.method == "approval":
        return approval([list(v) for v in votes.values()], ids).ranking
    ballots = []
    for values in votes.values():
        levels = sorted(set(values.values()))
        ballots.append([{pk for pk, r in values.items() if r == level} for level in levels])
    return schulze(ballots, ids).ranking


@pytest.mark.parametrize("method", ["majority_judgment", "approval", "schulze"])
def test_results_from_tallies_match_a_count_of_the_ballots(programme, make_participant, method):
    """The overall order read from the tallies is the one ``endavant.voting`` gives on the raw
    ballots (an independent count, not the tallies)."""
    ballot = open_ballot(programme, method=method, options=[f"O{i}" for i in range(6)])
    ids = list(ballot.options.values_list("pk", flat=True))
    import random

    rng = random.Random(7)
    with freeze_time("2024-03-02"):
        for n in range(40):
            if method == "majority_judgment":
                values = {
                    pk: min(6, max(0, int(rng.gauss(3 + i * 0.3, 2)))) for i, pk in enumerate(ids)
                }
            elif method == "approval":
                values = {pk: 1 for i, pk in enumerate(ids) if rng.random() < 0.2 + 0.1 * i}
            else:
                ranked = rng.sample(ids, rng.randint(1, len(ids)))
                values = {pk: rank + 1 for rank, pk in enumerate(ranked)}
            voter = make_participant(audience=["resident", "employee"][n % 2], isolated=n % 3 == 0)
            services.vote_cast(voter=voter, ballot=ballot, values=values)
    results = selectors.ballot_results(ballot)
    assert results.voters == 40
    assert tuple(line.option.pk for line in results.overall.lines) == _raw_results(ballot)
    assert sum(s.voters for s in results.by_audience) == 40
    assert sum(s.voters for s in results.by_isolation) == 40


def test_channel_and_entered_by_are_stored_and_counted(programme, make_participant, team):
    """A mediator's vote says so; a later change by the voter on the web moves the vote to the
    web channel; results count voters by channel."""
    ballot = open_ballot(programme, options=("A", "B"))
    a, b = ballot.options.values_list("pk", flat=True)
    people = [make_participant() for _ in range(3)]
    with freeze_time("2024-03-02"):
        vote = services.vote_cast(
            voter=people[0], ballot=ballot, values={a: 6, b: 1}, channel="assisted", entered_by=team
        )
        services.vote_cast(voter=people[1], ballot=ballot, values={a: 3, b: 3}, channel="paper",
                           entered_by=team)  # fmt: skip
        services.vote_cast(voter=people[2], ballot=ballot, values={a: 2, b: 5})
    vote.refresh_from_db()
    assert (vote.channel, vote.entered_by) == ("assisted", team)
    results = selectors.ballot_results(ballot)
    labels = {value: str(label) for value, label in Vote.Channel.choices}
    assert results.by_channel == [
        (labels["web"], 1),
        (labels["paper"], 1),
        (labels["assisted"], 1),
    ]
    with freeze_time("2024-03-03"):
        services.vote_cast(voter=people[0], ballot=ballot, values={a: 6, b: 1})
    vote.refresh_from_db()
    assert (vote.channel, vote.entered_by) == ("web", None)
    assert sorted(n for _label, n in selectors.ballot_results(ballot).by_channel) == [1, 2]
    events = ParticipationEvent.objects.filter(participant=people[0]).order_by("pk")
    assert list(events.values_list("kind", "channel")) == [
        ("ballot.vote", "assisted"),
        ("ballot.vote_change", "web"),
    ]
    assert _stored(ballot) == +services.tallies_counted(ballot)


def test_an_unknown_channel_is_refused(programme, make_participant):
    ballot = open_ballot(programme, options=("A", "B"))
    a, b = ballot.options.values_list("pk", flat=True)
    with freeze_time("2024-03-02"), pytest.raises(services.ApplicationError) as failure:
        services.vote_cast(voter=make_participant(), ballot=ballot, values={a: 1, b: 1},
                           channel="pigeon")  # fmt: skip
    assert failure.value.code == "channel"
    assert not Vote.objects.exists()
    assert not Tally.objects.exists()


def test_a_refused_vote_leaves_the_tallies_alone(programme, make_participant):
    """A vote refused by its method (a missing grade) writes no vote, no item, no tally."""
    ballot = open_ballot(programme, options=("A", "B"))
    a, _b = ballot.options.values_list("pk", flat=True)
    with freeze_time("2024-03-02"), pytest.raises(services.ApplicationError):
        services.vote_cast(voter=make_participant(), ballot=ballot, values={a: 1})
    assert not Tally.objects.exists()
    assert not VoteItem.objects.exists()


def test_a_stale_read_is_read_again_and_counted_once(programme, make_participant):
    """A change prepared from a vote that someone changed meanwhile is not written over it: the
    service reads the vote again, so the tallies move from what they really counted."""
    ballot = open_ballot(programme, options=("A", "B"))
    a, b = ballot.options.values_list("pk", flat=True)
    voter = make_participant()
    with freeze_time("2024-03-02"):
        services.vote_cast(voter=voter, ballot=ballot, values={a: 1, b: 1})
        stale = selectors.ballot_for_voter(ballot.pk, voter)
        services.vote_cast(voter=voter, ballot=ballot, values={a: 5, b: 5})
        services.vote_cast(voter=voter, ballot=ballot, values={a: 3, b: 0}, context=stale)
    assert dict(VoteItem.objects.values_list("option_id", "value")) == {a: 3, b: 0}
    assert _stored(ballot) == +services.tallies_counted(ballot)
    assert Vote.objects.get().version == 3


def test_erasing_a_voter_and_deleting_a_ballot(programme, make_participant, team):
    """Erasure keeps the votes, so the tallies do not move; a deleted ballot takes its tallies."""
    from endavant.accounts.privacy import account_erase

    ballot = open_ballot(programme, options=("A", "B"))
    a, b = ballot.options.values_list("pk", flat=True)
    voters = [make_participant() for _ in range(3)]
    with freeze_time("2024-03-02"):
        for n, voter in enumerate(voters):
            services.vote_cast(voter=voter, ballot=ballot, values={a: n, b: 6 - n})
    before = _stored(ballot)
    account_erase(user=voters[0], actor=team)
    assert _stored(ballot) == before == +services.tallies_counted(ballot)
    ballot_id = ballot.pk
    ballot.delete()
    assert not Tally.objects.filter(ballot_id=ballot_id).exists()


def test_recount_command_rebuilds_and_checks(programme, make_participant):
    """``endavant ballots recount`` rebuilds drifted tallies; ``--check`` only reports them."""
    ballot = open_ballot(programme, options=("A", "B"))
    a, b = ballot.options.values_list("pk", flat=True)
    with freeze_time("2024-03-02"):
        for n in range(4):
            services.vote_cast(voter=make_participant(), ballot=ballot, values={a: n, b: 2})
    good = _stored(ballot)
    call_command("ballots", "recount", "--check", stdout=StringIO())
    Tally.objects.filter(ballot=ballot, kind=Tally.Kind.VALUE).update(count=99)
    with pytest.raises(CommandError):
        call_command("ballots", "recount", "--check", stdout=StringIO())
    out = StringIO()
    call_command("ballots", "recount", "--ballot", str(ballot.pk), stdout=out)
    assert f"ballot {ballot.pk}:" in out.getvalue()
    assert _stored(ballot) == good
    assert AuditEntry.objects.filter(action="ballot.recount", object_id=str(ballot.pk)).exists()
    with pytest.raises(CommandError):
        call_command("ballots", "recount", "--ballot", "999999", stdout=StringIO())


def test_ballot_list_counts_from_the_tallies_in_one_query(
    programme, make_participant, django_assert_num_queries
):
    """The list shows each ballot's numbers of options and votes in one query, the votes read
    from the voter tallies (the query joins no vote)."""
    ballots = [open_ballot(programme, options=[f"O{i}" for i in range(n + 2)]) for n in range(3)]
    with freeze_time("2024-03-02"):
        for n, ballot in enumerate(ballots):
            ids = list(ballot.options.values_list("pk", flat=True))
            for _ in range(n):
                services.vote_cast(
                    voter=make_participant(), ballot=ballot, values=dict.fromkeys(ids, 3)
                )
    with CaptureQueriesContext(connection) as queries, django_assert_num_queries(1):
        listed = selectors.ballot_list(programme)
    assert {b.pk: (b.option_count, b.vote_count) for b in listed} == {
        ballots[0].pk: (2, 0),
        ballots[1].pk: (3, 1),
        ballots[2].pk: (4, 2),
    }
    assert "ballots_vote" not in queries.captured_queries[0]["sql"]
