"""Moving the ballots (and the programme) out of the roadmap app loses nothing: a database at
the old schema, with votes, migrates and every tally stays identical (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

OLD = [("roadmap", "0002_competencies")]


def _executor() -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    return executor


def _tallies(cursor, item_table: str, option_table: str, vote_table: str) -> list[tuple]:
    cursor.execute(
        f"SELECT o.label, v.audience, i.value, COUNT(*) FROM {item_table} i "
        f"JOIN {option_table} o ON o.id = i.option_id JOIN {vote_table} v ON v.id = i.vote_id "
        "GROUP BY o.label, v.audience, i.value ORDER BY o.label, v.audience, i.value"
    )
    return [tuple(row) for row in cursor.fetchall()]


@pytest.fixture
def old_schema(transactional_db):
    """The database at the old schema; migrated forward again whatever happens in the test."""
    executor = _executor()
    executor.migrate(OLD)
    yield executor
    executor = _executor()
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_old_schema_with_votes_migrates_with_identical_tallies(old_schema):
    executor = old_schema
    old = executor.loader.project_state(OLD).apps
    User = old.get_model("accounts", "User")
    Programme = old.get_model("roadmap", "Programme")
    Competency = old.get_model("roadmap", "Competency")
    Domain = old.get_model("roadmap", "FunctionalDomain")
    Ballot = old.get_model("roadmap", "Ballot")
    Option = old.get_model("roadmap", "BallotOption")
    Vote = old.get_model("roadmap", "Vote")
    Item = old.get_model("roadmap", "VoteItem")
    ContentType = old.get_model("contenttypes", "ContentType")
    Orientation = old.get_model("roadmap", "Orientation")
    Action = old.get_model("roadmap", "Action")
    Origin = old.get_model("roadmap", "ActionOrigin")

    programme = Programme.objects.create(name="Ancien", slug="ancien")
    domain = Domain.objects.create(
        programme=programme,
        name="Culture",
        # A transactional test before this one may have flushed the seeded competencies.
        competency=Competency.objects.get_or_create(
            code="culture", defaults={"name": "Culture", "kind": "mandatory"}
        )[0],
    )
    ballot = Ballot.objects.create(
        programme=programme, title="Priorités", question="?", method="majority_judgment",
        opens_at=datetime(2020, 1, 1, tzinfo=UTC), closes_at=datetime(2020, 2, 1, tzinfo=UTC),
    )  # fmt: skip
    options = [
        Option.objects.create(ballot=ballot, label="Culture", domain=domain, order=0),
        Option.objects.create(ballot=ballot, label="Écoles", order=1),
    ]
    for n in range(12):
        voter = User.objects.create(email=f"old{n}@example.org", password="!")
        vote = Vote.objects.create(
            ballot=ballot, voter=voter, audience=["resident", "employee"][n % 2],
            commune_isolated=n % 3 == 0,
        )  # fmt: skip
        for i, option in enumerate(options):
            Item.objects.create(vote=vote, option=option, value=(n + 3 * i) % 7)
    ballot_type = ContentType.objects.get_or_create(app_label="roadmap", model="ballot")[0]
    action = Action.objects.create(
        orientation=Orientation.objects.create(programme=programme, title="O"), title="Suite"
    )
    Origin.objects.create(
        action=action, kind="ballot", content_type=ballot_type, object_id=str(ballot.pk)
    )
    with connection.cursor() as cursor:
        before = _tallies(cursor, "roadmap_voteitem", "roadmap_ballotoption", "roadmap_vote")

    executor = _executor()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from endavant.ballots.models import Ballot as NewBallot
    from endavant.ballots.selectors import ballot_results
    from endavant.roadmap.models import ActionOrigin, FunctionalDomain

    with connection.cursor() as cursor:
        after = _tallies(cursor, "ballots_voteitem", "ballots_ballotoption", "ballots_vote")
    assert after == before
    assert len(before) > 10
    migrated = NewBallot.objects.get(pk=ballot.pk)
    assert migrated.programme.slug == "ancien"
    assert migrated.votes.count() == 12
    culture = migrated.options.get(label="Culture")
    assert culture.source == FunctionalDomain.objects.get(pk=domain.pk)
    assert migrated.options.get(label="Écoles").source is None
    results = ballot_results(migrated)
    assert results.voters == 12
    assert sum(results.overall.lines[0].tally) == 12
    assert ActionOrigin.objects.get(action_id=action.pk).source == migrated
