"""The open-data catalogue: every declared dataset, its page, its downloads, and the
Frictionless Data Package that describes them (validated with the frictionless library)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.utils.html import escape
from frictionless import Package, Resource, Schema

from endavant.core import registry
from endavant.opendata import catalogue

pytestmark = pytest.mark.django_db


def _body(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_catalogue_lists_every_declared_dataset_with_licence_and_downloads(client, programme):
    """Each dataset of the registry appears with its description, licence, columns and both
    download links for the chosen programme."""
    content = client.get("/donnees/").content.decode()
    datasets = registry.datasets()
    assert {"actions-feuille-de-route", "ateliers", "resultats-scrutins"} <= set(datasets)
    for dataset in datasets.values():
        assert escape(str(dataset.title)) in content
        assert f"/donnees/{dataset.slug}.csv" in content
        assert f"/donnees/{dataset.slug}.json" in content
        for column in dataset.columns:
            assert f"<code>{column.name}</code>" in content
    assert "Licence Ouverte / Open Licence 2.0" in content
    assert "/donnees/datapackage.json?programme=numerique-test" in content


def test_dataset_page_shows_columns_source_licence_and_row_count(client, programme):
    from endavant.workshops.tests.factories import workshop

    for _ in range(3):
        workshop(programme)
    response = client.get("/donnees/ateliers/")
    assert response.status_code == 200
    assert response.context["count"] == catalogue.RowCount(3, False)
    content = response.content.decode()
    assert "registered_who_came" in content
    assert escape(str(registry.datasets()["ateliers"].source)) in content


def test_row_count_stops_at_the_cap(programme):
    from endavant.workshops.tests.factories import workshop

    for _ in range(4):
        workshop(programme)
    assert catalogue.count_rows(registry.datasets()["ateliers"], programme, cap=3) == (
        catalogue.RowCount(3, True)
    )


def test_unknown_dataset_or_format_is_404(client, programme):
    assert client.get("/donnees/nothing.csv").status_code == 404
    assert client.get("/donnees/ateliers.xlsx").status_code == 404
    assert client.get("/donnees/nothing/").status_code == 404


def test_json_download_has_the_declared_fields(client, programme):
    from endavant.workshops.tests.factories import workshop

    workshop(programme, title="=cmd")
    response = client.get("/donnees/ateliers.json")
    assert response.streaming
    assert response["Content-Disposition"].startswith("attachment")
    records = json.loads(_body(response))
    names = [c.name for c in registry.datasets()["ateliers"].columns]
    assert [list(r) for r in records] == [names]
    assert records[0]["title"] == "=cmd"


def test_datapackage_is_a_valid_frictionless_package(client, programme):
    """The descriptor passes the Data Package and Table Schema profiles; every dataset is a
    resource with typed, described fields, its source and its licence."""
    descriptor = client.get("/donnees/datapackage.json").json()
    report = Package.validate_descriptor(descriptor)
    assert report.valid, report.flatten(["type", "note"])
    names = {r["name"] for r in descriptor["resources"]}
    assert names == set(registry.datasets())
    for resource in descriptor["resources"]:
        dataset = registry.datasets()[resource["name"]]
        assert [f["name"] for f in resource["schema"]["fields"]] == [
            c.name for c in dataset.columns
        ]
        assert all(f["description"] for f in resource["schema"]["fields"])
        assert resource["sources"]
        assert resource["licenses"]
        assert resource["path"].startswith("http://testserver/donnees/")


def test_downloads_match_their_table_schema(client, programme, tmp_path):
    """Each CSV, read by frictionless with the schema of the package, has no error: the types
    declared (integer, boolean, date, datetime...) are what the files hold."""
    from endavant.workshops.tests.factories import workshop

    workshop(programme)
    workshop(programme, title="+1 atelier, « guillemets »")
    descriptor = client.get("/donnees/datapackage.json").json()
    for resource in descriptor["resources"]:
        path = tmp_path / f"{resource['name']}.csv"
        text = _body(client.get(resource["path"].removeprefix("http://testserver")))
        path.write_text(text, encoding="utf-8")
        report = Resource(
            path=path.name,
            basepath=str(tmp_path),
            schema=Schema.from_descriptor(resource["schema"]),
        ).validate()
        assert report.valid, (resource["name"], report.flatten(["rowNumber", "type", "note"]))
        header = next(csv.reader(io.StringIO(text)))
        assert header == [f["name"] for f in resource["schema"]["fields"]]


def test_programme_datasets_need_a_programme(client):
    """With no programme at all, per-programme datasets are not offered and answer 404."""
    descriptor = client.get("/donnees/datapackage.json").json()
    assert all(not registry.datasets()[r["name"]].per_programme for r in descriptor["resources"])
    assert client.get("/donnees/ateliers.csv").status_code == 404
