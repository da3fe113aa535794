"""The read API: what each endpoint answers, its filters and pages, and what it never shows."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone

from endavant.accounts.models import User
from endavant.ballots import sample as ballots_sample
from endavant.calls.models import Comment
from endavant.calls.tests import factories as calls_factories
from endavant.network.tests import factories as network_factories
from endavant.roadmap.models import ActionOrigin
from endavant.roadmap.tests import factories as roadmap_factories
from endavant.territory.models import CoverageObservation as Coverage
from endavant.territory.tests.factories import CommuneFactory, IndicatorValueFactory
from endavant.workshops.models import Contribution, Registration
from endavant.workshops.tests import factories as workshop_factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttle():
    """Each test starts with a full allowance (the throttle counts in the cache)."""
    cache.clear()
    yield
    cache.clear()


def _json(client, path, **extra):
    response = client.get(path, **extra)
    assert response.status_code == 200, (path, response.status_code, response.content[:500])
    assert response["Content-Type"].startswith("application/json")
    return response.json()


# --- Programmes and territory -----------------------------------------------------------------


def test_programmes_list_and_detail_without_the_team(client, programme, team):
    programme.team.add(team)
    page = _json(client, "/api/programmes")
    assert page["count"] == 1
    assert page["results"][0]["slug"] == "numerique-test"
    detail = _json(client, "/api/programmes/numerique-test")
    assert detail["name"] == "Numérique test"
    assert "team" not in detail
    assert team.email not in str(page) + str(detail)
    assert client.get("/api/programmes/nope").status_code == 404
    assert client.get("/api/programmes/not a slug").status_code == 422


def test_communes_filtered_by_departement_isolation_and_name(client):
    isolated = CommuneFactory(code="66001", name="Montagne", search_name="montagne")
    IndicatorValueFactory(commune=isolated, value=1.0)
    other = CommuneFactory(code="66002", name="Plaine", search_name="plaine", population=900)
    IndicatorValueFactory(commune=other, value=0.0)
    CommuneFactory(code="66003", name="Inconnue", search_name="inconnue")
    all_ = _json(client, "/api/communes")
    assert [c["code"] for c in all_["results"]] == ["66001", "66002", "66003"]
    assert [c["isolated"] for c in all_["results"]] == [True, False, None]
    assert _json(client, "/api/communes?isolated=true")["count"] == 1
    assert _json(client, "/api/communes?isolated=false")["results"][0]["code"] == "66002"
    assert _json(client, "/api/communes?departement=66")["count"] == 3
    assert _json(client, "/api/communes?departement=11")["count"] == 0
    assert _json(client, "/api/communes?q=plai")["results"][0]["population"] == 900
    assert client.get("/api/communes?departement=xx").status_code == 422


def test_commune_detail_has_indicators_and_coverage_over_time(client):
    commune = CommuneFactory(code="66010", population=250, population_year=2021)
    IndicatorValueFactory(commune=commune, value=1.0)
    IndicatorValueFactory(
        commune=commune, indicator="urban_work_share", value=0.12, method="mobpro"
    )
    for quarter, end, connectable in (
        ("2017T4", date(2017, 12, 31), 10),
        ("2018T1", date(2018, 3, 31), 40),
    ):
        Coverage.objects.create(
            commune=commune,
            quarter=quarter,
            quarter_end=end,
            premises_connectable=connectable,
            premises_total=100,
            source="ARCEP",
        )
    detail = _json(client, "/api/communes/66010")
    assert detail["isolated"] is True
    assert detail["population"] == 250
    assert {i["indicator"]: i["value"] for i in detail["indicators"]} == {
        "isolated": 1.0,
        "urban_work_share": 0.12,
    }
    assert [(c["quarter"], c["share"]) for c in detail["coverage"]] == [
        ("2017T4", 0.1),
        ("2018T1", 0.4),
    ]
    assert client.get("/api/communes/66999").status_code == 404


def test_departements_count_isolated_communes_and_population(client):
    for code, isolated, population in (("66001", True, 100), ("66002", False, 1000)):
        commune = CommuneFactory(code=code, population=population)
        IndicatorValueFactory(commune=commune, value=1.0 if isolated else 0.0)
    (dep,) = _json(client, "/api/departements")["results"]
    assert dep == {
        "code": "66",
        "name": "Pyrénées-Orientales",
        "communes": 2,
        "isolated_communes": 1,
        "population": 1100,
        "isolated_population": 100,
        "isolated_share": 0.5,
        "isolated_population_share": pytest.approx(100 / 1100),
    }
    assert _json(client, "/api/departements/66")["communes"] == 2
    assert client.get("/api/departements/11").status_code == 404


# --- Roadmap ----------------------------------------------------------------------------------


def test_actions_filtered_by_orientation_and_status_with_detail(client, programme):
    first = roadmap_factories.orientation(programme, "Réseaux", 1)
    second = roadmap_factories.orientation(programme, "Usages", 2)
    done = roadmap_factories.action(
        first, "Fibre", status="done", ended_on=date(2020, 5, 1), budget=Decimal("1000")
    )
    roadmap_factories.action(second, "Ateliers", status="planned")
    ActionOrigin.objects.create(action=done, kind="contribution", label="Atelier de Prades")
    done.milestones.create(title="Étude", due_on=date(2020, 1, 1))
    base = "/api/programmes/numerique-test/actions"
    assert _json(client, base)["count"] == 2
    only = _json(client, f"{base}?orientation={first.pk}")["results"]
    assert [a["title"] for a in only] == ["Fibre"]
    assert only[0]["bottom_up"] is True
    assert only[0]["budget"] == "1000.00"
    assert [a["title"] for a in _json(client, f"{base}?status=planned")["results"]] == ["Ateliers"]
    assert client.get(f"{base}?status=unknown").status_code == 422
    detail = _json(client, f"/api/actions/{done.pk}")
    assert detail["milestones"][0]["title"] == "Étude"
    assert detail["origins"][0]["kind"] == "contribution"
    assert detail["programme"] == "numerique-test"
    orientations = _json(client, "/api/programmes/numerique-test/orientations")
    assert [(o["title"], o["by_status"]) for o in orientations] == [
        ("Réseaux", {"done": 1}),
        ("Usages", {"planned": 1}),
    ]
    balance = _json(client, "/api/programmes/numerique-test/origins")
    assert balance["actions"] == 2
    assert {line["key"]: line["actions"] for line in balance["lines"]}["bottom_up"] == 1


def test_versions_and_commitments(client, programme):
    from endavant.core.services import SYSTEM
    from endavant.roadmap.models import Commitment
    from endavant.roadmap.services import roadmap_freeze

    action = roadmap_factories.action(roadmap_factories.orientation(programme), "Fibre")
    roadmap_freeze(actor=SYSTEM, programme=programme, label="Référence")
    commitment = Commitment.objects.create(programme=programme, text="Fibre partout")
    commitment.actions.add(action)
    versions = _json(client, "/api/programmes/numerique-test/versions")
    assert [(v["number"], v["label"]) for v in versions] == [(1, "Référence")]
    snapshot = _json(client, "/api/programmes/numerique-test/versions/1")["snapshot"]
    assert [a["title"] for a in snapshot["actions"]] == ["Fibre"]
    assert client.get("/api/programmes/numerique-test/versions/2").status_code == 404
    (listed,) = _json(client, "/api/programmes/numerique-test/commitments")
    assert listed["actions"] == [action.pk]


# --- Ballots ----------------------------------------------------------------------------------


def test_results_are_hidden_while_the_ballot_is_open(client):
    ballot = ballots_sample.open_ballot()
    detail = _json(client, f"/api/ballots/{ballot.pk}")
    assert detail["state"] == "open"
    assert detail["results"] is None
    assert [o["label"] for o in detail["choices"]] == ["Option A", "Option B"]


def test_closed_ballot_results_withhold_small_groups(client):
    ballot = ballots_sample.closed_ballot(n_voters=7)
    detail = _json(client, f"/api/ballots/{ballot.pk}")
    results = detail["results"]
    assert results["voters"] == 7
    assert results["min_group_size"] == 5
    assert len(results["overall"]["lines"]) == 3
    by_isolation = {s["key"]: s for s in results["by_isolation"]}
    # 4 voters from isolated communes, 3 from others: both under 5, withheld without figures.
    assert by_isolation["isolated:True"]["withheld"] is True
    assert by_isolation["isolated:True"]["lines"] == []
    assert by_isolation["isolated:False"]["withheld"] is True
    (residents,) = results["by_audience"]
    assert residents["withheld"] is False
    assert residents["voters"] == 7
    listed = _json(client, "/api/programmes/programme-test/ballots")["results"]
    assert listed[0]["votes"] == 7
    assert "sample-voter" not in str(detail) + str(listed)


# --- Workshops --------------------------------------------------------------------------------


def test_workshops_filtered_by_dates_and_commune(client, programme):
    commune = CommuneFactory(code="66020", name="Prades")
    soon = workshop_factories.workshop(programme, days=3, title="Bientôt", commune=commune)
    workshop_factories.workshop(programme, days=40, title="Plus tard")
    base = "/api/programmes/numerique-test/workshops"
    assert _json(client, base)["count"] == 2
    today = timezone.localdate()
    window = f"?start={today}&end={today + timedelta(days=10)}"
    assert [w["title"] for w in _json(client, base + window)["results"]] == ["Bientôt"]
    assert [w["id"] for w in _json(client, f"{base}?commune=66020")["results"]] == [soon.pk]
    reversed_dates = client.get(f"{base}?start={today}&end={today - timedelta(days=1)}")
    assert reversed_dates.status_code == 422
    assert reversed_dates.json()["code"] == "invalid"
    assert client.get(f"{base}?start=2024-13-45").status_code == 422


def test_workshop_detail_never_shows_who_registered_nor_the_online_address(client, programme):
    workshop = workshop_factories.workshop(
        programme, format="hybrid", online_url="https://visio.example.org/secret"
    )
    person = User.objects.create_user(email="inscrite@example.org")
    Registration.objects.create(
        workshop=workshop, participant=person, mode="room", status="registered"
    )
    Contribution.objects.create(workshop=workshop, text="Plus de bornes wifi", author=person)
    detail = _json(client, f"/api/workshops/{workshop.pk}")
    assert detail["registered"] == 1
    assert detail["contributions"][0]["text"] == "Plus de bornes wifi"
    body = str(detail)
    assert "inscrite@example.org" not in body
    assert "visio.example.org" not in body
    assert "author" not in detail["contributions"][0]
    assert set(detail["contributions"][0]) == {
        "id",
        "text",
        "created_at",
        "domain",
        "is_example",
        "became",
    }


# --- Calls and projects -----------------------------------------------------------------------


def test_drafts_and_hidden_comments_never_appear(client, programme):
    call = calls_factories.call(programme)
    holder = User.objects.create_user(email="porteuse@example.org")
    public = calls_factories.project(call, holder, title="Tiers-lieu")
    draft = calls_factories.project(call, holder, title="Brouillon secret", submit=False)
    Comment.objects.create(project=public, author=holder, text="Bravo")
    Comment.objects.create(
        project=public, author=holder, text="Propos masqué", status=Comment.Status.HIDDEN
    )
    listed = _json(client, f"/api/calls/{call.pk}/projects")
    assert [p["title"] for p in listed["results"]] == ["Tiers-lieu"]
    assert _json(client, f"/api/calls/{call.pk}")["projects"] == 1
    assert _json(client, "/api/programmes/numerique-test/calls")["results"][0]["projects"] == 1
    assert client.get(f"/api/projects/{draft.pk}").status_code == 404
    detail = _json(client, f"/api/projects/{public.pk}")
    assert [c["text"] for c in detail["comments"]] == ["Bravo"]
    body = str(listed) + str(detail)
    assert "Brouillon secret" not in body
    assert "Propos masqué" not in body
    assert "porteuse@example.org" not in body


# --- Network and procurement ------------------------------------------------------------------


def test_network_figures_and_grouping_withhold_small_groups(client, programme):
    network_factories.network(programme, name="GFU 66")
    group = network_factories.grouping(programme, name="Groupement")
    contract = network_factories.contract(group)
    lot = network_factories.lot(contract, ceiling="10000")
    org = network_factories.organisation("Commune A")
    network_factories.member(group, org)
    network_factories.order(lot, org, amount="1000")
    figures = _json(client, "/api/programmes/numerique-test/network")
    assert figures["name"] == "GFU 66"
    assert figures["min_group_size"] == 5
    (listed,) = _json(client, "/api/programmes/numerique-test/groupings")
    assert listed["members"] == 1
    detail = _json(client, f"/api/groupings/{group.pk}")
    assert detail["contracts"][0]["lots"][0]["ceiling"] == "10000.00"
    (kind,) = detail["by_kind"]
    assert kind["withheld"] is True
    assert kind["members"] is None
    assert kind["orders"] is None
    assert kind["amount"] is None


# --- Pages, errors, HTTP ----------------------------------------------------------------------


def test_page_size_is_bounded_and_pages_link_to_each_other(client):
    for n in range(5):
        CommuneFactory(code=f"660{n:02d}")
    first = _json(client, "/api/communes?page_size=2")
    assert (first["count"], first["pages"], len(first["results"])) == (5, 3, 2)
    assert first["previous"] is None
    assert first["next"] == "/api/communes?page=2&page_size=2"
    last = _json(client, first["next"].replace("page=2", "page=3"))
    assert len(last["results"]) == 1
    assert last["next"] is None
    assert _json(client, "/api/communes?page=9&page_size=2")["results"] == []
    for bad in ("page_size=101", "page_size=0", "page=0", "page=abc", "page=99999999999999999999"):
        response = client.get(f"/api/communes?{bad}")
        assert response.status_code == 422, bad
        body = response.json()
        assert body["code"] == "invalid"
        assert body["errors"][0]["field"] in ("page", "page_size")


def test_etag_gives_a_304_and_changes_with_the_data(client, programme):
    first = client.get("/api/programmes")
    etag = first["ETag"]
    assert etag.startswith('"')
    again = client.get("/api/programmes", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert again["Access-Control-Allow-Origin"] == "*"
    weak = client.get("/api/programmes", HTTP_IF_NONE_MATCH=f"W/{etag}")
    assert weak.status_code == 304
    programme.name = "Autre nom"
    programme.save()
    changed = client.get("/api/programmes", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_head_is_get_without_the_body(client, programme):
    response = client.head("/api/programmes")
    assert response.status_code == 200
    assert response.content == b""
    assert response["ETag"] == client.get("/api/programmes")["ETag"]


def test_cors_allows_reading_from_anywhere_without_credentials(client):
    response = client.get("/api/", HTTP_ORIGIN="https://example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    preflight = client.options(
        "/api/communes",
        HTTP_ORIGIN="https://example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "If-None-Match" in preflight["Access-Control-Allow-Headers"]
    assert "POST" not in preflight["Access-Control-Allow-Methods"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writes_are_a_json_405(client, method):
    response = getattr(client, method)("/api/programmes")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert response.json()["code"] == "method_not_allowed"
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/nothing", 404),
        ("/api/actions/12345", 404),
        ("/api/actions/0", 422),
        ("/api/actions/99999999999999999999", 422),
        ("/api/communes/zzz", 422),
        ("/api/communes?isolated=perhaps", 422),
        ("/api/communes?q=" + "x" * 500, 422),
        ("/api/programmes/" + "x" * 2000, 422),
    ],
)
def test_errors_are_json_never_html(client, path, status):
    response = client.get(path)
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["status"] == status
    assert body["message"]


def test_a_nul_byte_is_a_json_400_under_the_api(client):
    response = client.get("/api/communes", {"q": "a\x00b"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "bad_request"


def test_too_many_requests_get_a_429_with_retry_after(client, settings):
    settings.ENDAVANT_API_RATE_LIMIT = "3/min"
    statuses = [client.get("/api/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get("/api/programmes")
    assert refused.status_code == 429
    assert refused.json()["code"] == "throttled"
    assert 1 <= int(refused["Retry-After"]) <= 60
    # Another client address has its own allowance.
    assert client.get("/api/", REMOTE_ADDR="10.0.0.2").status_code == 200
    # A forged X-Forwarded-For does not give a fresh one.
    assert client.get("/api/", HTTP_X_FORWARDED_FOR="10.9.9.9").status_code == 429


def test_reference_page_lists_every_operation_without_outside_assets(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    schema = client.get("/api/openapi.json").json()
    for path in schema["paths"]:
        assert path in html
    assert "https://" not in html.split("</head>")[0]
    assert "<script" not in html


# --- Documents, observatory, open data --------------------------------------------------------


def test_documents_filtered_by_kind_with_detail_never_naming_who_added_them(client, team):
    from endavant.mediation import sample as mediation_sample
    from endavant.mediation.models import Document

    flyer = mediation_sample.document(2021)
    Document.objects.filter(pk=flyer.pk).update(uploaded_by=team)
    mediation_sample.document(2022, kind=Document.Kind.BROCHURE)
    base = "/api/programmes/programme-test/documents"
    assert _json(client, base)["count"] == 2
    only = _json(client, f"{base}?kind=flyer")["results"]
    assert [d["id"] for d in only] == [flyer.pk]
    assert client.get(f"{base}?kind=poster").status_code == 422
    assert client.get(f"{base}?start=2022-01-01&end=2021-01-01").status_code == 422
    detail = _json(client, f"/api/documents/{flyer.pk}")
    assert detail["words"] > 0
    assert detail["text_url"] == f"/documents/{flyer.pk}/texte.txt"
    body = str(detail)
    assert team.email not in body
    assert "uploaded_by" not in detail


def test_observatory_indicators_hide_small_groups(client, make_programme):
    from endavant.observatory.indicators import INDICATORS

    make_programme(slug="numerique-test")
    specs = _json(client, "/api/programmes/numerique-test/indicators")
    assert [s["slug"] for s in specs] == list(INDICATORS)
    for slug in INDICATORS:
        figures = _json(client, f"/api/programmes/numerique-test/indicators/{slug}")
        assert figures["min_group_size"] == 5
        for figure in figures["figures"]:
            for line in figure["lines"]:
                if line["hidden"]:
                    assert set(line["values"]) == {None}
    assert client.get("/api/programmes/numerique-test/indicators/nothing").status_code == 404


def test_datasets_list_their_columns_and_downloads(client, programme):
    datasets = _json(client, "/api/programmes/numerique-test/datasets")
    assert datasets
    for dataset in datasets:
        assert dataset["columns"]
        assert dataset["licence"]
        assert dataset["downloads"]["csv"].startswith("/donnees/")
