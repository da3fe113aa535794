"""The migration that adds tallies fills them for the votes already cast, and gives each vote
the channel its participation events recorded (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("ballots", "0003_vote_voter_protect")]


def _executor() -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    return executor


@pytest.fixture
def before_tallies(transactional_db):
    """The ballots tables as they were before tallies; migrated forward again afterwards."""
    executor = _executor()
    executor.migrate(BEFORE)
    yield executor
    executor = _executor()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.parametrize("method", ["majority_judgment", "schulze"])
def test_existing_votes_get_their_tallies_and_channels(before_tallies, method):
    graph = before_tallies.loader.graph
    # Every other app as it is now (only the ballots went back).
    nodes = [node for node in graph.leaf_nodes() if node[0] != "ballots"] + BEFORE
    old = before_tallies.loader.project_state(nodes).apps
    User = old.get_model("accounts", "User")
    Programme = old.get_model("programmes", "Programme")
    Ballot = old.get_model("ballots", "Ballot")
    Option = old.get_model("ballots", "BallotOption")
    Vote = old.get_model("ballots", "Vote")
    Item = old.get_model("ballots", "VoteItem")
    Event = old.get_model("core", "ParticipationEvent")
    ContentType = old.get_model("contenttypes", "ContentType")

    programme = Programme.objects.create(name="Avant", slug=f"avant-{method}")
    ballot = Ballot.objects.create(
        programme=programme, title="Priorités", question="?", method=method,
        opens_at=datetime(2020, 1, 1, tzinfo=UTC), closes_at=datetime(2020, 2, 1, tzinfo=UTC),
    )  # fmt: skip
    options = [Option.objects.create(ballot=ballot, label=f"O{i}", order=i) for i in range(3)]
    ballot_type = ContentType.objects.get_or_create(app_label="ballots", model="ballot")[0]
    for n in range(9):
        voter = User.objects.create(email=f"avant-{method}-{n}@example.org", password="!")
        vote = Vote.objects.create(
            ballot=ballot, voter=voter, audience=["resident", "employee", ""][n % 3],
            commune_isolated=[True, False, None][n % 3],
        )  # fmt: skip
        for i, option in enumerate(options):
            if method == "schulze" and i == n % 3:
                continue  # an option left unranked
            Item.objects.create(vote=vote, option=option, value=(n + 2 * i) % 7 + 1)
        Event.objects.create(
            kind="ballot.vote", participant=voter, channel="paper" if n < 3 else "web",
            content_type=ballot_type, object_id=str(ballot.pk),
        )  # fmt: skip

    executor = _executor()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from endavant.ballots import selectors, services
    from endavant.ballots.models import Ballot as NewBallot
    from endavant.ballots.models import Tally
    from endavant.ballots.models import Vote as NewVote

    migrated = NewBallot.objects.get(pk=ballot.pk)
    stored = {
        key[:-1]: key[-1]
        for key in Tally.objects.filter(ballot=migrated).values_list(
            "audience", "isolated", "channel", "kind", "a", "b", "count"
        )
    }
    assert stored == dict(+services.tallies_counted(migrated))
    assert sum(n for key, n in stored.items() if key[3] == Tally.Kind.VOTERS) == 9
    channels = sorted(NewVote.objects.filter(ballot=migrated).values_list("channel", flat=True))
    assert channels == ["paper"] * 3 + ["web"] * 6
    results = selectors.ballot_results(migrated)
    assert results.voters == 9
    assert sorted(n for _label, n in results.by_channel) == [3, 6]
