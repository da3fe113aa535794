"""Every endpoint runs the same number of queries with 5 rows as with 50 (none grows with the
data), and no more than its stated bound."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from endavant.accounts.models import User
from endavant.ballots import sample as ballots_sample
from endavant.ballots.models import Ballot
from endavant.calls.models import Comment, Criterion, Support
from endavant.calls.tests import factories as calls_factories
from endavant.network.tests import factories as network_factories
from endavant.programmes.models import Programme
from endavant.roadmap.models import ActionOrigin, Commitment, Orientation, RoadmapVersion
from endavant.roadmap.tests import factories as roadmap_factories
from endavant.territory.models import CoverageObservation
from endavant.territory.tests.factories import (
    CommuneFactory,
    DepartementFactory,
    IndicatorValueFactory,
)
from endavant.workshops.models import Contribution, Registration, Workshop, WorkshopChange

pytestmark = pytest.mark.django_db

P = "/api/programmes/numerique-test"


def _people(n: int) -> list[User]:
    return [User.objects.create_user(email=f"p{i}-{n}@example.org") for i in range(n)]


def _programmes(prog, n):
    Programme.objects.bulk_create(Programme(name=f"P{i}", slug=f"p-{i}") for i in range(n))
    return "/api/programmes?page_size=100"


def _departements(prog, n):
    for i in range(n):
        CommuneFactory(departement=DepartementFactory(code=f"{10 + i:02d}"))
    return "/api/departements?page_size=100"


def _communes(prog, n):
    for _ in range(n):
        IndicatorValueFactory(commune=CommuneFactory())
    return "/api/communes?page_size=100&departement=66"


def _commune(prog, n):
    commune = CommuneFactory(code="66999")
    IndicatorValueFactory(commune=commune)
    CoverageObservation.objects.bulk_create(
        CoverageObservation(
            commune=commune,
            quarter=f"Q{i}",
            quarter_end=date(2000, 1, 1) + timedelta(days=i),
            premises_connectable=i,
            premises_total=100,
            source="ARCEP",
        )
        for i in range(n)
    )
    return "/api/communes/66999"


def _actions(prog, n, *, detail=False):
    orientation = roadmap_factories.orientation(prog)
    communes = [CommuneFactory() for _ in range(n)]
    actions = [roadmap_factories.action(orientation, f"A{i}") for i in range(n)]
    for action in actions:
        action.communes.set(communes[:3])
        ActionOrigin.objects.create(action=action, kind="contribution", label="Atelier")
    target = actions[0]
    for i in range(n):
        target.milestones.create(title=f"M{i}")
        ActionOrigin.objects.create(action=target, kind="steering", label=f"Décision {i}")
        Commitment.objects.create(programme=prog, text=f"E{i}").actions.add(target)
    target.communes.set(communes)
    return f"/api/actions/{target.pk}" if detail else f"{P}/actions?page_size=100"


def _orientations(prog, n):
    for i in range(n):
        roadmap_factories.action(Orientation.objects.create(programme=prog, title=f"O{i}"), "A")
    return f"{P}/orientations"


def _commitments(prog, n):
    _actions(prog, n)
    return f"{P}/commitments"


def _versions(prog, n):
    RoadmapVersion.objects.bulk_create(
        RoadmapVersion(programme=prog, number=i + 1, label=f"V{i}", snapshot={}) for i in range(n)
    )
    return f"{P}/versions"


def _ballots(prog, n):
    now = timezone.now()
    Ballot.objects.bulk_create(
        Ballot(
            programme=prog,
            title=f"B{i}",
            question="?",
            method="majority_judgment",
            opens_at=now - timedelta(days=2),
            closes_at=now - timedelta(days=1),
        )
        for i in range(n)
    )
    return f"{P}/ballots?page_size=100"


def _ballot(prog, n):
    return f"/api/ballots/{ballots_sample.closed_ballot(n_voters=n).pk}"


def _workshops(prog, n, *, detail=False):
    start = timezone.now() + timedelta(days=3)
    people = _people(n)
    workshops = Workshop.objects.bulk_create(
        Workshop(
            programme=prog,
            title=f"W{i}",
            format="hybrid",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            commune=CommuneFactory(),
        )
        for i in range(n)
    )
    target = workshops[0]
    for person in people:
        Registration.objects.create(
            workshop=target, participant=person, mode="room", status="registered"
        )
        Contribution.objects.create(workshop=target, text="Idée", author=person)
        WorkshopChange.objects.create(workshop=target, kinds=["time"], reason="Salle prise")
    if detail:
        return f"/api/workshops/{target.pk}"
    return f"{P}/workshops?page_size=100&audience=resident&start=2000-01-01"


def _calls(prog, n):
    for i in range(n):
        calls_factories.call(prog, title=f"C{i}")
    return f"{P}/calls?page_size=100"


def _call_projects(prog, n, *, view="list"):
    call = calls_factories.call(prog)
    others = _people(n)
    holder = others[0]
    projects = [calls_factories.project(call, p, title=f"P{i}") for i, p in enumerate(others)]
    for i in range(n):
        Criterion.objects.create(call=call, name=f"K{i}")
    target = projects[0]
    for person in others:
        Support.objects.create(project=target, supporter=person, audience="resident")
        parent = Comment.objects.create(project=target, author=person, text="Bien")
        Comment.objects.create(project=target, author=holder, text="Merci", parent=parent)
    return {
        "list": f"/api/calls/{call.pk}/projects?page_size=100",
        "call": f"/api/calls/{call.pk}",
        "project": f"/api/projects/{target.pk}",
    }[view]


def _groupings(prog, n, *, detail=False):
    groups = [network_factories.grouping(prog, name=f"G{i}") for i in range(n)]
    target = groups[0]
    for i in range(n):
        org = network_factories.organisation(f"Org {i}")
        network_factories.member(target, org)
        contract = network_factories.contract(target, reference=f"R{i}")
        lot = network_factories.lot(contract)
        network_factories.order(lot, org)
    return f"/api/groupings/{target.pk}" if detail else f"{P}/groupings"


def _network(prog, n):
    network_factories.network(prog)
    return f"{P}/network"


def _documents(prog, n, *, detail=False):
    from endavant.mediation.models import Document

    communes = [CommuneFactory() for _ in range(3)]
    documents = Document.objects.bulk_create(
        Document(
            programme=prog,
            title=f"D{i}",
            kind="flyer",
            published_on=date(2021, 1, 1),
            source="Département",
            audiences=["resident"],
        )
        for i in range(n)
    )
    for document in documents:
        document.communes.set(communes)
    if detail:
        return f"/api/documents/{documents[0].pk}"
    return f"{P}/documents?page_size=100&audience=resident"


def _indicator(prog, n):
    from endavant.observatory.tests import factories as observatory_factories

    commune = CommuneFactory(population=1000)
    IndicatorValueFactory(commune=commune)
    workshop = roadmap_factories.orientation(prog)
    observatory_factories.bulk_acts(
        workshop, _people(10), [commune], n, timezone.now() - timedelta(days=400)
    )
    return f"{P}/indicators/participation"


#: (name, builder, most queries allowed).
CASES: list[tuple[str, Callable[..., str], int]] = [
    ("programmes", _programmes, 2),
    ("departements", _departements, 2),
    ("communes", _communes, 2),
    ("commune", _commune, 3),
    ("orientations", _orientations, 4),
    ("actions", _actions, 4),
    ("action", lambda p, n: _actions(p, n, detail=True), 6),
    ("commitments", _commitments, 3),
    ("versions", _versions, 2),
    ("ballots", _ballots, 2),
    ("ballot", _ballot, 6),
    ("workshops", _workshops, 4),
    ("workshop", lambda p, n: _workshops(p, n, detail=True), 10),
    ("calls", _calls, 2),
    ("call", lambda p, n: _call_projects(p, n, view="call"), 8),
    ("call_projects", _call_projects, 5),
    ("project", lambda p, n: _call_projects(p, n, view="project"), 10),
    ("network", _network, 2),
    ("documents", _documents, 4),
    ("document", lambda p, n: _documents(p, n, detail=True), 6),
    ("indicator", _indicator, 12),
    ("datasets", lambda p, n: f"{P}/datasets", 1),
    ("groupings", _groupings, 3),
    ("grouping", lambda p, n: _groupings(p, n, detail=True), 6),
]


MEASURED: dict[str, int] = {}


def _count(client, path: str) -> int:
    cache.clear()
    # Content types are cached per process after their first use: count them every time.
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, (path, response.content[:300])
    return len(queries)


@pytest.mark.parametrize(("name", "build", "bound"), CASES, ids=[c[0] for c in CASES])
def test_queries_do_not_grow_with_the_rows(name, build, bound, client, make_programme):
    prog = make_programme(name="Numérique test", slug="numerique-test")
    counts = []
    for n in (5, 50):
        # Each size in a savepoint rolled back: the 50-row run starts from the same base.
        with transaction.atomic():
            counts.append(_count(client, build(prog, n)))
            transaction.set_rollback(True)
    MEASURED[name] = counts[1]
    assert counts[0] == counts[1], f"{name}: {counts[0]} queries with 5 rows, {counts[1]} with 50"
    assert counts[1] <= bound, f"{name}: {counts[1]} queries, bound {bound}"


def test_report_query_counts(capsys):
    """Prints the queries each endpoint ran with 50 rows (for the closing note)."""
    if not MEASURED:
        pytest.skip("the query-count tests did not run in this session")
    with capsys.disabled():
        print("\nQueries per endpoint:", ", ".join(f"{k} {v}" for k, v in MEASURED.items()))
