"""The territory pages: bounded queries, valid SVG, downloads matching the tables."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest

from endavant.territory.testing import load_departement_66

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def dep66() -> None:
    load_departement_66()


def _text(response) -> str:  # type: ignore[no-untyped-def]
    # utf-8-sig: the CSV downloads start with a byte-order mark for spreadsheets.
    return (
        b"".join(response.streaming_content).decode("utf-8-sig")
        if response.streaming
        else response.content.decode()
    )


def test_national_page_counts_isolated_communes(
    client, dep66, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    """The national page lists 66 with 71 isolated communes and names the method."""
    with django_assert_max_num_queries(6):
        response = client.get("/territoires/")
    html = _text(response)
    assert response.status_code == 200
    assert "Pyrénées-Orientales (66)" in html
    assert ">71<" in html
    assert "AAV 2020" in html


def test_departement_page_bounded_queries_filter_sort_totals(
    client, dep66, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    """The 66 page lists 226 communes in a bounded number of queries; filters and sorts work."""
    with django_assert_max_num_queries(6):
        response = client.get("/territoires/66/")
    html = _text(response)
    assert html.count('<tr><th scope="row"><a href="/communes/') == 226
    assert "-isolement.svg" in html
    assert "-fibre.svg" in html
    isolated = _text(client.get("/territoires/66/?isolees=1&tri=-population"))
    assert isolated.count('<tr><th scope="row"><a href="/communes/') == 71
    searched = _text(client.get("/territoires/66/?q=saint laurent de la salanque"))
    assert "Saint-Laurent-de-la-Salanque" in searched
    assert searched.count('<tr><th scope="row"><a href="/communes/') == 1


def test_departement_csv_is_exactly_the_filtered_table(client, dep66) -> None:  # type: ignore[no-untyped-def]
    """The CSV takes the page's filters and order: 71 isolated rows, most populous first."""
    response = client.get("/territoires/66.csv?isolees=1&tri=-population")
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == 'attachment; filename="66.csv"'
    rows = list(csv.DictReader(io.StringIO(_text(response))))
    assert len(rows) == 71
    assert {row["methode_isolement"] for row in rows} == {"proxy_aav2020"}
    populations = [int(row["population_2018"]) for row in rows]
    assert populations == sorted(populations, reverse=True)


def test_maps_are_valid_svg_and_geojson(client, dep66) -> None:  # type: ignore[no-untyped-def]
    """Both département maps and the national map parse as SVG with a title; GeoJSON matches."""
    for url in ("/territoires/66-isolement.svg", "/territoires/66-fibre.svg", "/territoires.svg"):
        response = client.get(url)
        assert response["Content-Type"].startswith("image/svg+xml")
        root = ET.fromstring(_text(response))
        assert root.tag == f"{SVG}svg"
        assert root.find(f"{SVG}title") is not None
        assert len(root.findall(f".//{SVG}path")) >= 1
    isolation = ET.fromstring(_text(client.get("/territoires/66-isolement.svg")))
    assert len(isolation.findall(f".//{SVG}path")) == 226
    data = json.loads(_text(client.get("/territoires/66.geojson")))
    assert data["type"] == "FeatureCollection"
    assert len(data["features"]) == 226
    isolated = [f for f in data["features"] if f["properties"]["commune_isolee"] == 1]
    assert len(isolated) == 71
    assert data["metadata"]["isolation_methods"][0]["slug"] == "proxy_aav2020"
    national = json.loads(_text(client.get("/territoires.geojson")))
    assert [f["properties"]["code_departement"] for f in national["features"]] == ["66"]


def test_commune_page(client, dep66, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    """Perpignan: population with year, zonings, isolation with method, FttH chart, neighbours."""
    # 5 for the commune itself, plus the sections other modules add (programme, workshops,
    # roadmap actions, calls, network, participation here, documents): bounded, whatever the
    # data size.
    with django_assert_max_num_queries(12):
        response = client.get("/communes/66136/")
    html = _text(response)
    assert "119" in html
    assert "2018" in html
    assert "non isolée" in html
    assert "AAV 2020" in html
    assert "ZAU 2010" in html
    ET.fromstring(html[html.index("<svg") : html.index("</svg>") + 6])
    assert html.count("2018T1") >= 1
    assert "Canet-en-Roussillon" in html or "Cabestany" in html
    rows = list(csv.reader(io.StringIO(_text(client.get("/communes/66136.csv")))))
    assert [row[0] for row in rows[1:]] == ["2017T3", "2017T4", "2018T1"]
    assert client.get("/communes/99999/").status_code == 404


def test_search_is_accent_insensitive_and_accepts_codes(
    client, dep66, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    """ "eus" finds Eus; "66136" finds Perpignan; "ELNE" finds Elne."""
    with django_assert_max_num_queries(3):
        html = _text(client.get("/communes/?q=éus"))
    assert "/communes/66074/" in html
    assert "/communes/66136/" in _text(client.get("/communes/?q=66136"))
    assert "/communes/66065/" in _text(client.get("/communes/?q=ELNE"))
