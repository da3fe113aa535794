"""Ballot services and results: window, audience, one vote per person, breakdowns, explanations."""

from __future__ import annotations

import pytest
from freezegun import freeze_time

from endavant.ballots import selectors, services
from endavant.ballots.models import Vote, VoteItem
from endavant.ballots.tests.factories import open_ballot
from endavant.core.models import AuditEntry, ParticipationEvent
from endavant.core.services import ApplicationError

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_ballot_factory(programme):
    def make(method="majority_judgment", options=("A", "B", "C"), **extra):
        return open_ballot(programme, method=method, options=options, **extra)

    return make


@pytest.fixture
def profiles(make_participant):
    """``profiles(n, audience, isolated)``: a participant whose directory record says so."""

    def make(n, audience="resident", isolated=None):
        return make_participant(audience=audience, isolated=isolated)

    make.cast = services.vote_cast
    return make


def _ids(ballot):
    return list(ballot.options.values_list("pk", flat=True))


def test_ballot_open_writes_options_and_an_audit_row(open_ballot_factory):
    """Opening a ballot creates its options in order and leaves an audit row."""
    ballot = open_ballot_factory()
    assert [o.label for o in ballot.options.all()] == ["A", "B", "C"]
    assert AuditEntry.objects.filter(action="ballot.create", object_id=str(ballot.pk)).exists()


def test_ballot_open_refuses_a_window_closing_before_it_opens(open_ballot_factory, programme, team):
    """A ballot that closes before it opens is refused with a French message."""
    ballot = open_ballot_factory()
    with pytest.raises(ApplicationError) as failure:
        services.ballot_open(
            actor=team, programme=programme, title="x", question="?", method="approval",
            opens_at=ballot.closes_at, closes_at=ballot.opens_at, options=["a", "b"],
        )  # fmt: skip
    assert failure.value.code == "window"


@pytest.mark.parametrize(
    ("moment", "code"),
    [("2024-02-28 12:00", "not_open"), ("2024-03-31 00:00", "closed")],
)
def test_vote_outside_the_window_is_refused(open_ballot_factory, profiles, moment, code):
    """Before opening and from the closing instant on, voting raises an explained error."""
    ballot = open_ballot_factory()
    voter = profiles(1)
    with freeze_time(moment), pytest.raises(ApplicationError) as failure:
        services.vote_cast(voter=voter, ballot=ballot, values=dict.fromkeys(_ids(ballot), 3))
    assert failure.value.code == code
    assert not Vote.objects.exists()


def test_one_vote_per_person_changed_in_place_until_closing(open_ballot_factory, profiles):
    """A second vote replaces the first (same row, cast_at kept); closing freezes it."""
    ballot = open_ballot_factory()
    voter = profiles(1)
    a, b, c = _ids(ballot)
    with freeze_time("2024-03-02 10:00"):
        first = services.vote_cast(voter=voter, ballot=ballot, values={a: 6, b: 3, c: 0})
    with freeze_time("2024-03-05 10:00"):
        second = services.vote_cast(voter=voter, ballot=ballot, values={a: 0, b: 3, c: 6})
    assert first.pk == second.pk
    assert Vote.objects.count() == 1
    second.refresh_from_db()
    assert second.cast_at.day == 2
    assert second.updated_at.day == 5
    assert dict(VoteItem.objects.values_list("option_id", "value")) == {a: 0, b: 3, c: 6}
    kinds = list(ParticipationEvent.objects.order_by("pk").values_list("kind", flat=True))
    assert kinds == ["ballot.vote", "ballot.vote_change"]
    with freeze_time("2024-04-01"), pytest.raises(ApplicationError) as failure:
        services.vote_cast(voter=voter, ballot=ballot, values={a: 6, b: 6, c: 6})
    assert failure.value.code == "closed"


def test_majority_judgment_needs_a_grade_for_every_option(open_ballot_factory, profiles):
    """A majority-judgment vote without a grade for each option is refused."""
    ballot = open_ballot_factory()
    a, _b, _c = _ids(ballot)
    with freeze_time("2024-03-02"), pytest.raises(ApplicationError) as failure:
        services.vote_cast(voter=profiles(1), ballot=ballot, values={a: 3})
    assert failure.value.code == "missing_grade"


def test_audience_restriction(open_ballot_factory, profiles):
    """A ballot for elected officials refuses residents and accepts elected officials."""
    ballot = open_ballot_factory(audiences=["elected_official"])
    values = dict.fromkeys(_ids(ballot), 4)
    with freeze_time("2024-03-02"):
        with pytest.raises(ApplicationError) as failure:
            services.vote_cast(voter=profiles(1, "resident"), ballot=ballot, values=values)
        assert failure.value.code == "audience"
        vote = services.vote_cast(
            voter=profiles(2, "elected_official"), ballot=ballot, values=values
        )
    assert vote.audience == "elected_official"
    event = ParticipationEvent.objects.get()
    assert event.audience == "elected_official"
    assert event.kind == "ballot.vote"


def test_vote_permission_follows_window_and_audience(open_ballot_factory, profiles):
    """ballots.vote: a participant of the audience, during the window only."""
    ballot = open_ballot_factory(audiences=["employee"])
    employee, resident = profiles(1, "employee"), profiles(2, "resident")
    with freeze_time("2024-03-02"):
        assert employee.has_perm("ballots.vote", ballot)
        assert not resident.has_perm("ballots.vote", ballot)
    with freeze_time("2024-04-02"):
        assert not employee.has_perm("ballots.vote", ballot)


def _cast_many(ballot, profiles, rows):
    with freeze_time("2024-03-02"):
        for n, (audience, isolated, values) in enumerate(rows):
            profiles.cast(voter=profiles(n, audience, isolated), ballot=ballot, values=values)


def test_majority_judgment_results_by_audience_and_isolation(
    open_ballot_factory, profiles, django_assert_max_num_queries, settings
):
    """Results come from grouped counts, overall and per audience and isolation."""
    settings.ENDAVANT_MIN_GROUP_SIZE = 1
    ballot = open_ballot_factory()
    a, b, c = _ids(ballot)
    _cast_many(
        ballot,
        profiles,
        [
            ("employee", True, {a: 6, b: 2, c: 0}),
            ("employee", True, {a: 5, b: 3, c: 1}),
            ("elected_official", False, {a: 1, b: 6, c: 2}),
            ("elected_official", False, {a: 2, b: 5, c: 3}),
            ("resident", True, {a: 5, b: 4, c: 6}),
        ],
    )
    with django_assert_max_num_queries(4):
        results = selectors.ballot_results(ballot)
    assert results.voters == 5
    assert [line.option.label for line in results.overall.lines] == ["A", "B", "C"]
    assert results.overall.lines[0].majority_grade == "Très bien"
    by_audience = {s.key: s for s in results.by_audience}
    assert by_audience["audience:employee"].voters == 2
    assert by_audience["audience:employee"].lines[0].option.label == "A"
    assert by_audience["audience:elected_official"].lines[0].option.label == "B"
    isolation = {s.key: s.voters for s in results.by_isolation}
    assert isolation == {"isolated:True": 3, "isolated:False": 2}
    assert results.by_isolation[0].label == "Votant·es des communes isolées"


def test_majority_judgment_explanation_says_why_a_ranks_above_b(open_ballot_factory, profiles):
    """The page text gives each majority grade, the gauge and the reason for each order."""
    ballot = open_ballot_factory(options=("A", "B"))
    a, b = _ids(ballot)
    _cast_many(
        ballot,
        profiles,
        [
            ("resident", None, {a: 4, b: 4}),
            ("resident", None, {a: 5, b: 4}),
            ("resident", None, {a: 4, b: 3}),
        ],
    )
    segment = selectors.ballot_results(ballot).overall
    assert segment.lines[0].majority_grade == "Bien" == segment.lines[1].majority_grade
    (sentence,) = segment.explanations
    assert "partagent la mention majoritaire «\u202fBien\u202f»" in sentence
    assert "«\u202fA\u202f» obtient alors «\u202fBien\u202f»" in sentence
    assert "et «\u202fB\u202f» «\u202fAssez bien\u202f»" in sentence
    assert "33\u202f%" in segment.lines[0].gauge_text


def test_approval_and_schulze_results(open_ballot_factory, profiles):
    """Approval counts approvals per option; Schulze ranks from the rankings."""
    approval_ballot = open_ballot_factory(method="approval")
    a, b, c = _ids(approval_ballot)
    _cast_many(
        approval_ballot,
        profiles,
        [("resident", None, {a: 1, b: 1}), ("employee", None, {b: 1}), ("employee", None, {c: 1})],
    )
    result = selectors.ballot_results(approval_ballot)
    assert [line.option.label for line in result.overall.lines] == ["B", "A", "C"]
    assert "2 approbations" in result.overall.lines[0].score

    ranked = open_ballot_factory(method="schulze")
    x, y, z = _ids(ranked)
    _cast_many(
        ranked,
        profiles,
        [
            ("resident", None, {z: 1, x: 2, y: 3}),
            ("resident", None, {z: 1, y: 2}),
            ("employee", None, {x: 1, z: 2, y: 3}),
        ],
    )
    result = selectors.ballot_results(ranked)
    assert [line.option.label for line in result.overall.lines] == ["C", "A", "B"]
    assert "préfèrent «\u202fC\u202f» à «\u202fA\u202f»" in result.overall.explanations[0]


def test_schulze_rejects_ranks_out_of_range(open_ballot_factory, profiles):
    """Ranks must lie between 1 and the number of options."""
    ballot = open_ballot_factory(method="schulze")
    a, _b, _c = _ids(ballot)
    with freeze_time("2024-03-02"), pytest.raises(ApplicationError) as failure:
        services.vote_cast(voter=profiles(1), ballot=ballot, values={a: 9})
    assert failure.value.code == "bad_value"


def test_groups_under_the_minimum_size_are_withheld(open_ballot_factory, profiles, settings):
    """A breakdown never shows a group of fewer voters than the minimum size (5 by default)."""
    assert settings.ENDAVANT_MIN_GROUP_SIZE == 5
    ballot = open_ballot_factory(options=("A", "B"))
    a, b = _ids(ballot)
    rows = [("employee", True, {a: 6, b: 2})] * 5 + [("elected_official", False, {a: 1, b: 6})]
    _cast_many(ballot, profiles, rows)
    results = selectors.ballot_results(ballot)
    by_audience = {s.key: s for s in results.by_audience}
    assert not by_audience["audience:employee"].withheld
    assert by_audience["audience:employee"].lines
    official = by_audience["audience:elected_official"]
    assert official.withheld
    assert official.lines == []
    isolation = {s.key: s for s in results.by_isolation}
    assert isolation["isolated:False"].withheld
    assert results.overall.voters == 6
    assert not results.overall.withheld


def test_vote_through_the_page_without_javascript(client, profiles, open_ballot_factory):
    """A participant posts the plain form; an error shows in French with status 400."""
    ballot = open_ballot_factory()
    voter = profiles(1)
    client.force_login(voter)
    a, b, c = ballot.options.values_list("pk", flat=True)
    with freeze_time("2024-03-02"):
        page = client.get(ballot.get_absolute_url()).content.decode()
        assert "<fieldset" in page
        assert "<legend>A</legend>" in page
        bad = client.post(ballot.get_absolute_url(), {f"option-{a}": "6"})
        assert bad.status_code == 400
        assert "Donnez une mention à chaque option" in bad.content.decode()
        ok = client.post(
            ballot.get_absolute_url(), {f"option-{a}": "6", f"option-{b}": "2", f"option-{c}": "0"}
        )
    assert ok.status_code == 302
    assert ballot.votes.get().voter == voter
