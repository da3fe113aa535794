"""The observatory's figures against cases computed by hand, small groups, filters, downloads."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.contrib.staticfiles import finders
from django.utils import timezone

from endavant.observatory import stats
from endavant.observatory.tests import factories

pytestmark = pytest.mark.django_db


def _at(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 12, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def world():
    """An isolated commune of 1,000 inhabitants where 10 people took part on the web; another
    of 3,000 where 6 people came to workshops twice each; one of 1,000 where 4 elected officials
    voted on paper (a group too small to show); one of 500 whose isolation is not known."""
    prog = factories.programme()
    isolated = factories.commune(1000, True, name="Isolée")
    plain = factories.commune(3000, False, name="Plaine")
    small = factories.commune(1000, False, name="Petite")
    factories.commune(500, None, name="Inconnue")
    target = factories.workshop(prog)
    factories.acts(target, factories.people(10), commune_code=isolated.code, at=_at(2020, 3, 15))
    factories.acts(
        target,
        factories.people(6),
        commune_code=plain.code,
        channel="workshop",
        at=_at(2020, 5, 10),
        each=2,
    )
    factories.acts(
        target,
        factories.people(4),
        commune_code=small.code,
        audience="elected_official",
        channel="paper",
        at=_at(2021, 1, 20),
    )
    return {
        "programme": prog,
        "isolated": isolated,
        "plain": plain,
        "small": small,
        "target": target,
    }


def _figures(client, slug: str, query: str = ""):
    response = client.get(f"/observatoire/{slug}/{query}")
    assert response.status_code == 200
    return response, response.context["figures"]


def _lines(figure) -> dict[str, object]:
    return {line.key: line for line in figure.table.lines}


def test_isolated_and_other_communes_rates_intervals_and_difference(client, world):
    _response, figures = _figures(client, "territoires-isoles")
    lines = _lines(figures[0])
    isolated, other = lines["isolated"], lines["other"]
    # people, acts, inhabitants, rate, low, high
    assert [c.value for c in isolated.cells[:3]] == [10, 10, 1000]
    assert isolated.cells[3].value == pytest.approx(10.0)
    assert isolated.cells[4].value == pytest.approx(4.795, abs=0.01)
    assert isolated.cells[5].value == pytest.approx(18.39, abs=0.01)
    # Other communes: 6 + 4 people (the small commune counts here: 10 people together).
    assert [c.value for c in other.cells[:3]] == [10, 16, 4000]
    assert other.cells[3].value == pytest.approx(2.5)
    assert other.cells[4].value == pytest.approx(4.795 / 4, abs=0.01)
    assert other.cells[5].value == pytest.approx(18.39 / 4, abs=0.01)
    difference = lines["difference"].cells
    low = 7.5 - ((10 - 4.795) ** 2 + (18.39 / 4 - 2.5) ** 2) ** 0.5
    high = 7.5 + ((18.39 - 10) ** 2 + (2.5 - 4.795 / 4) ** 2) ** 0.5
    assert difference[3].value == pytest.approx(7.5)
    assert difference[4].value == pytest.approx(low, abs=0.01)
    assert difference[5].value == pytest.approx(high, abs=0.01)
    assert "beyond chance" in " ".join(figures[0].notes) or "hasard" in " ".join(figures[0].notes)
    # Nobody from the commune whose isolation is unknown: a zero row, no rate hidden.
    assert lines["unknown"].cells[0].value == 0
    assert lines["total"].cells[0].value == 20


def test_a_group_of_four_never_appears_directly_or_by_difference(client, world):
    """On every participation page, the 4 elected officials / paper / small commune / 2021
    are hidden together with another group, so that the total gives nothing back."""
    for slug, query in [
        ("communes", ""),
        ("publics", ""),
        ("canaux", ""),
        ("participation", ""),
        ("participation", "?pas=annee"),
    ]:
        response, figures = _figures(client, slug, query)
        lines = [line for line in figures[0].table.lines if not line.total]
        hidden = [line for line in lines if line.hidden]
        assert len(hidden) >= 2, (slug, query)
        for line in hidden:
            # Inhabitants (public data) stay; people, acts and rates go.
            figures_of_people = line.cells[:2] + line.cells[3:]
            assert all(cell.value is None for cell in figures_of_people), (slug, line.label)
            assert line.cells[0].text in ("fewer than 5", "moins de 5")
        shown_people = sum(line.cells[0].value or 0 for line in lines if not line.hidden)
        total = figures[0].table.lines[-1].cells[0].value
        assert total - shown_people >= 5, (slug, query)
        body = response.content.decode()
        assert "moins de 5" in body


def test_hidden_rows_have_no_rate_and_no_bar(client, world):
    _response, figures = _figures(client, "communes")
    by_label = {line.label: line for line in figures[0].table.lines}
    assert by_label["Petite"].hidden
    assert by_label["Plaine"].hidden
    assert not by_label["Isolée (isolée)"].hidden
    assert by_label["Isolée (isolée)"].cells[3].value == pytest.approx(10.0)
    bars = {bar.label: bar for bar in figures[0].chart.bars}
    assert bars["Petite"].value is None
    assert bars["Plaine"].value is None


def test_a_total_under_five_hides_everything(client, world):
    response, figures = _figures(client, "publics", "?canal=paper")
    assert response.context["filters"].channel == "paper"
    assert all(line.hidden or line.total for line in figures[0].table.lines)
    assert figures[0].table.lines[-1].cells[0].value is None
    assert "4" not in [cell.text for line in figures[0].table.lines for cell in line.cells]


def test_filters_narrow_the_figures(client, world):
    _response, figures = _figures(client, "publics", "?periode=2020")
    assert figures[0].table.lines[-1].cells[0].value == 16
    _response, figures = _figures(client, "publics", f"?commune={world['isolated'].code}")
    assert figures[0].table.lines[-1].cells[0].value == 10
    _response, figures = _figures(client, "canaux", "?public=resident")
    assert figures[0].table.lines[-1].cells[0].value == 16
    _response, figures = _figures(client, "participation", "?pas=mois&periode=2020-T1")
    lines = [line for line in figures[0].table.lines if not line.total]
    assert [(line.key, line.cells[0].value) for line in lines] == [("2020-03", 10)]


@pytest.mark.parametrize(
    "query",
    [
        "?periode=2020-T9",
        "?periode=tomorrow",
        "?commune=../../etc",
        "?commune=75056",
        "?public=robots",
        "?canal=%27%3B--",
        "?pas=decade",
        "?periode=" + "9" * 5000,
    ],
)
def test_malformed_filters_give_the_unfiltered_page_with_a_notice(client, world, query):
    response, figures = _figures(client, "publics", query)
    assert response.context["filter_notice"]
    assert "n’a pas été compris" in response.content.decode() or "not understood" in (
        response.content.decode()
    )
    assert figures[0].table.lines[-1].cells[0].value == 20


def test_the_time_series_has_empty_periods_as_zeros(client, world):
    _response, figures = _figures(client, "participation")
    keys = [line.key for line in figures[0].table.lines if not line.total]
    assert keys == ["2020-T1", "2020-T2", "2020-T3", "2020-T4", "2021-T1"]
    values = {line.key: line.cells[0].value for line in figures[0].table.lines}
    assert values["2020-T1"] == 10
    assert values["2020-T3"] == 0
    assert values["2021-T1"] is None
    assert values["2020-T2"] is None


def test_acts_that_do_not_count_and_other_programmes_are_left_out(client, world):
    other = factories.programme(slug="autre")
    factories.acts(
        factories.workshop(other), factories.people(7), commune_code=world["isolated"].code
    )
    factories.acts(
        world["target"],
        factories.people(9),
        commune_code=world["isolated"].code,
        kind="workshop.wait",
    )
    _response, figures = _figures(client, "modules", "?programme=numerique-test")
    assert figures[0].table.lines[-1].cells[0].value == 20
    assert figures[0].table.lines[-1].cells[1].value == 26


def _csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_csv_holds_the_table_with_small_groups_hidden(client, world):
    response = client.get("/observatoire/communes.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = _csv(response)
    assert rows[0] == [
        "table",
        "label",
        "participants",
        "acts",
        "inhabitants",
        "per_1000",
        "per_1000_low",
        "per_1000_high",
        "note",
    ]
    by_label = {row[1]: row for row in rows[1:]}
    assert by_label["Isolée (isolée)"][2:8] == ["10", "10", "1000", "10.0", "4.8", "18.39"]
    assert by_label["Petite"][2:4] == ["", ""]
    assert "moins de 5" in by_label["Petite"][-1]
    assert by_label["Plaine"][2] == ""
    assert by_label["Ensemble"][2:4] == ["20", "26"]
    assert not any(row[2] == "4" for row in rows[1:])


def test_csv_neutralises_a_formula_in_a_commune_name(client, world):
    factories.acts(
        world["target"],
        factories.people(5),
        commune_code=factories.commune(100, False, name="=HYPERLINK(1)").code,
    )
    rows = _csv(client.get("/observatoire/communes.csv"))
    assert "'=HYPERLINK(1)" in [row[1] for row in rows]


# --- Roadmap indicators --------------------------------------------------------------------


@pytest.fixture
def roadmap(world):
    from endavant.roadmap.models import Action, ActionOrigin, Orientation

    prog = world["programme"]
    orientation = Orientation.objects.create(programme=prog, title="O", order=1)

    def action(budget, *origins, status="planned", **fields):
        made = Action.objects.create(
            orientation=orientation,
            title=f"A{budget}",
            budget=Decimal(budget),
            status=status,
            **fields,
        )
        for kind, day in origins:
            ActionOrigin.objects.create(action=made, kind=kind, date=day, label="x")
        return made

    steering, contribution, project = "steering", "contribution", "project"
    actions = {
        "top": action(
            1000,
            (steering, date(2019, 5, 1)),
            status="done",
            due_on=date(2019, 12, 1),
            ended_on=date(2019, 11, 1),
        ),
        "bottom": action(
            3000,
            (contribution, date(2020, 2, 1)),
            status="done",
            due_on=date(2020, 6, 1),
            ended_on=date(2020, 9, 1),
        ),
        "both": action(
            6000, (steering, date(2020, 1, 1)), (project, date(2021, 1, 1)), due_on=date(2000, 1, 1)
        ),
        "none": action(500),
        "gone": action(9999, (steering, date(2019, 1, 1)), status="dropped"),
    }
    return actions


def test_balance_by_count_and_by_budget(client, roadmap):
    _response, figures = _figures(client, "equilibre")
    count, budget = figures
    by_year = {line.key: [cell.value for cell in line.cells] for line in count.table.lines}
    # Columns: top-down, co-constructed, bottom-up, unknown, total.
    assert by_year["2019"] == [1.0, 0.0, 0.0, 0.0, 1.0]  # the dropped action is left out
    assert by_year["2020"] == [0.0, 1.0, 1.0, 0.0, 2.0]  # "both" entered with its first origin
    assert by_year[""] == [0.0, 0.0, 0.0, 1.0, 1.0]
    assert by_year["total"] == [1.0, 1.0, 1.0, 1.0, 4.0]
    money = {line.key: [cell.value for cell in line.cells] for line in budget.table.lines}
    assert money["total"] == [1000.0, 6000.0, 3000.0, 500.0, 10500.0]
    assert money["2020"] == [0.0, 6000.0, 3000.0, 0.0, 9000.0]
    total_line = budget.table.lines[-1]
    assert "57,1" in total_line.cells[1].text  # 6,000 of 10,500


def test_realisation_states(client, roadmap):
    _response, figures = _figures(client, "realisation")
    states = {line.key: line.cells[0].value for line in figures[0].table.lines}
    assert states == {
        "done_on_time": 1,
        "done_late": 1,
        "open_on_time": 0,
        "open_late": 1,
        "no_due_date": 1,
        "dropped": 1,
        "total": 5,
    }


def test_traceability_chain_with_wilson_intervals(client, world, roadmap):
    from endavant.roadmap.models import ActionOrigin
    from endavant.workshops.models import Contribution

    contributions = [
        Contribution.objects.create(workshop=world["target"], text=f"idée {i}") for i in range(4)
    ]
    content_type = ContentType.objects.get_for_model(Contribution)
    ActionOrigin.objects.create(
        action=roadmap["bottom"],
        kind="contribution",
        content_type=content_type,
        object_id=str(contributions[0].pk),
    )
    response, figures = _figures(client, "tracabilite")
    lines = {line.key: line for line in figures[0].table.lines}
    assert [c.value for c in lines["contributions"].cells[:2]] == [4, 1]
    expected = stats.wilson_interval(1, 4)
    assert lines["contributions"].cells[3].value == pytest.approx(round(expected.low, 4))
    # Realised actions: "top" (steering) and "bottom" (a contribution): one of two.
    assert [c.value for c in lines["realised"].cells[:3]] == [2, 1, 0.5]
    # What it became, as the trace providers say, with an example on the page.
    assert "idée 0" in response.content.decode()


# --- Pages, sections, report ---------------------------------------------------------------


def test_home_shows_key_figures_trend_and_every_indicator(client, world):
    response = client.get("/observatoire/")
    body = response.content.decode()
    figures = response.context["figures"]
    assert figures.people.value == 20
    assert figures.acts.value == 26
    assert figures.trend.year == "2021"
    assert figures.trend.people.value is None
    for slug in ("communes", "territoires-isoles", "equilibre", "tracabilite", "realisation"):
        assert f"/observatoire/{slug}/" in body
    assert "/ateliers/analyse/" in body
    assert 'role="img"' in body
    assert "<title" in body
    assert "<desc" in body


def test_sections_on_the_home_page_and_on_a_commune_page(client, world):
    body = client.get("/").content.decode()
    assert "/observatoire/" in body
    page = client.get(f"/communes/{world['isolated'].code}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "La participation ici" in text
    assert "10,0" in text  # per 1,000 inhabitants
    small = client.get(f"/communes/{world['small'].code}/").content.decode()
    assert "moins de 5" in small


def test_report_html_prints_and_pdf_starts_with_pdf(client, world):
    html = client.get("/observatoire/rapport/")
    assert html.status_code == 200
    stylesheet = finders.find("observatory/observatory.css")
    with open(stylesheet, encoding="utf-8") as handle:
        assert "@media print" in handle.read()
    assert 'href="/static/observatory/observatory.css"' in html.content.decode()
    response = client.get("/observatoire/rapport.pdf?periode=2020")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "rapport-numerique-test-2020.pdf" in response["Content-Disposition"]


def test_pdf_without_weasyprint_is_a_clear_page_not_a_500(client, world, monkeypatch):
    from endavant.observatory import pdf

    def missing(_html):
        raise pdf.PdfUnavailable("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr("endavant.observatory.views.html_to_pdf", missing)
    response = client.get("/observatoire/rapport.pdf")
    assert response.status_code == 503
    assert "WeasyPrint" in response.content.decode()


def test_pages_without_any_programme_say_so(client, db):
    for path in ("/observatoire/", "/observatoire/communes/", "/observatoire/rapport/"):
        response = client.get(path)
        assert response.status_code == 200
    assert client.get("/observatoire/communes.csv").status_code == 404
    assert client.get("/observatoire/inconnu/").status_code == 404


# --- Bounded queries ----------------------------------------------------------------------

PAGES = [
    "/observatoire/",
    "/observatoire/participation/",
    "/observatoire/communes/",
    "/observatoire/territoires-isoles/",
    "/observatoire/publics/",
    "/observatoire/canaux/",
    "/observatoire/modules/",
    "/observatoire/equilibre/",
    "/observatoire/tracabilite/",
    "/observatoire/realisation/",
    "/observatoire/rapport/",
]


def _counts(client, django_assert_max_num_queries) -> dict[str, int]:
    counts = {}
    for path in PAGES:
        with django_assert_max_num_queries(40) as captured:
            assert client.get(path).status_code == 200
        counts[path] = len(captured)
    return counts


def test_queries_do_not_grow_with_the_number_of_events(
    client, world, roadmap, django_assert_max_num_queries
):
    _counts(client, django_assert_max_num_queries)  # content types cached, as on a running server
    small = _counts(client, django_assert_max_num_queries)
    communes = [world["isolated"], world["plain"], world["small"]]
    factories.bulk_acts(world["target"], factories.people(300), communes, 5000, _at(2020, 1, 1))
    large = _counts(client, django_assert_max_num_queries)
    print("queries per page (small, large):", {p: (small[p], large[p]) for p in PAGES})
    assert large == small
    assert max(small[p] for p in PAGES if "rapport" not in p) <= 16, small
