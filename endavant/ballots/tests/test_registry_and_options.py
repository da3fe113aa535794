"""The method registry, options drawn from the programme's records, and the domains page."""

from __future__ import annotations

import pytest
from freezegun import freeze_time

from endavant.ballots import methods, selectors, services
from endavant.ballots.presenters import OptionLine, SegmentResult
from endavant.ballots.tests.factories import open_ballot
from endavant.core.services import SYSTEM, ApplicationError
from endavant.roadmap.tests import factories as roadmap_factories

pytestmark = pytest.mark.django_db


class _Plurality(methods.VotingMethod):
    """A test method: pick one option; the most picked wins."""

    key = "test_plurality"
    label = "Plurality"  # type: ignore[assignment]
    instructions = "Pick one."  # type: ignore[assignment]
    score_heading = "Votes"  # type: ignore[assignment]
    input_template = "ballots/methods/approval_input.html"

    def clean(self, values, option_ids):
        picked = [k for k, v in values.items() if v]
        if len(picked) != 1:
            raise ApplicationError("one", code="pick_one")
        return {picked[0]: 1}

    def segment(self, key, label, voters, options, data):
        ranked = sorted(options, key=lambda o: -data.get(o.pk, {}).get(1, 0))
        lines = [
            OptionLine(option=o, rank=i + 1, score=str(data.get(o.pk, {}).get(1, 0)))
            for i, o in enumerate(ranked)
        ]
        return SegmentResult(key, label, voters, lines)


@pytest.fixture
def plurality():
    method = methods.register(_Plurality())
    yield method
    del methods.METHODS[method.key]


def test_a_new_method_is_one_registry_entry(programme, make_participant, plurality, client):
    """Registering a method is enough for services, results and the page to use it."""
    ballot = open_ballot(programme, method="test_plurality", options=("A", "B"))
    a, b = ballot.options.values_list("pk", flat=True)
    with freeze_time("2024-03-02"):
        for n in range(3):
            services.vote_cast(voter=make_participant(), ballot=ballot, values={a if n else b: 1})
        with pytest.raises(ApplicationError) as failure:
            services.vote_cast(voter=make_participant(), ballot=ballot, values={a: 1, b: 1})
    assert failure.value.code == "pick_one"
    overall = selectors.ballot_results(ballot).overall
    assert [(line.option.label, line.score) for line in overall.lines] == [("A", "2"), ("B", "1")]
    assert "Plurality" in client.get(ballot.get_absolute_url()).content.decode()


def test_an_unknown_method_is_refused(programme):
    with pytest.raises(ApplicationError) as failure:
        open_ballot(programme, method="borda_unknown")
    assert failure.value.code == "unknown_method"


def test_options_drawn_from_domains_feed_their_priority(programme, make_participant, client):
    """Options drawn from functional domains keep the link; the closed result ranks the
    domains on the public competencies page."""
    culture = roadmap_factories.domain(programme, "Culture numérique")
    schools = roadmap_factories.domain(programme, "Collèges connectés", code="colleges")
    ballot = open_ballot(programme, method="approval", options=[culture, schools])
    by_label = dict(ballot.options.values_list("label", "pk"))
    with freeze_time("2024-03-02"):
        for n in range(3):
            values = {by_label["Collèges connectés"]: 1}
            if n == 0:
                values[by_label["Culture numérique"]] = 1
            services.vote_cast(voter=make_participant(), ballot=ballot, values=values)
    ranks = selectors.latest_rank_by_source([culture, schools])
    assert ranks[schools.pk][1] == 1
    assert ranks[culture.pk][1] == 2
    html = client.get("/domaines/").content.decode()
    assert "Collèges connectés" in html
    assert "rang 1" in html
    assert ballot.get_absolute_url() in html


def test_options_can_change_until_the_first_vote(programme, make_participant):
    """The team may replace the options until someone votes; then the change is refused."""
    ballot = open_ballot(programme, options=("A", "B"))
    action = roadmap_factories.action(roadmap_factories.orientation(programme), "Liaisons")
    services.ballot_options_set(actor=SYSTEM, ballot=ballot, options=[action, "C", "D"])
    assert list(ballot.options.values_list("label", flat=True)) == ["Liaisons", "C", "D"]
    assert ballot.options.first().source == action
    options = list(ballot.options.values_list("pk", flat=True))
    with freeze_time("2024-03-02"):
        services.vote_cast(
            voter=make_participant(), ballot=ballot, values=dict.fromkeys(options, 3)
        )
    with pytest.raises(ApplicationError) as failure:
        services.ballot_options_set(actor=SYSTEM, ballot=ballot, options=["X", "Y"])
    assert failure.value.code == "has_votes"


@pytest.mark.parametrize(
    ("options", "code"),
    [(["only one"], "too_few_options"), ([f"o{n}" for n in range(101)], "too_many_options"),
     (["a", "   "], "empty_option"), (["a", "x" * 201], "option_too_long")],
)  # fmt: skip
def test_option_lists_are_bounded(programme, options, code):
    with pytest.raises(ApplicationError) as failure:
        open_ballot(programme, options=options)
    assert failure.value.code == code


def test_back_office_draws_options_from_domains(client, team, programme):
    """The options page offers the programme's domains and saves the chosen ones as sources."""
    domain = roadmap_factories.domain(programme, "Tourisme")
    ballot = open_ballot(programme)
    client.force_login(team)
    page = client.get(f"/gestion/scrutins/{ballot.pk}/options/").content.decode()
    assert "Tourisme" in page
    response = client.post(
        f"/gestion/scrutins/{ballot.pk}/options/",
        {"source_domain": [domain.pk], "labels": "Autre idée\n\n"},
    )
    assert response.status_code == 302
    options = list(ballot.options.all())
    assert [o.label for o in options] == ["Tourisme", "Autre idée"]
    assert options[0].source == domain
