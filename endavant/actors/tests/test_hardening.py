"""An organisation's website is a web address only, whatever the way in; the directory's CSV
never hands a spreadsheet a formula."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from endavant.accounts.roles import make_user_with_role
from endavant.actors.models import Organisation
from endavant.actors.services import organisation_save
from endavant.actors.tests.factories import OrganisationFactory
from endavant.core.services import ApplicationError

pytestmark = pytest.mark.django_db

REFUSED = ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "ftp://x.example"]


@pytest.mark.parametrize("website", REFUSED)
def test_model_refuses_a_website_that_is_not_http_or_https(website):
    """full_clean() names the website field; an https address passes."""
    org = OrganisationFactory.build(website=website)
    with pytest.raises(ValidationError) as error:
        org.full_clean()
    assert set(error.value.message_dict) == {"website"}
    org.website = "https://example.org/"
    org.full_clean()


@pytest.mark.parametrize("website", REFUSED)
def test_service_refuses_it_and_writes_nothing(website):
    """organisation_save raises the application error; no row is created."""
    team = make_user_with_role("programme_team")
    with pytest.raises(ApplicationError) as error:
        organisation_save(actor=team, name="Asso", kind="association", website=website)
    assert "http://" in error.value.message
    assert not Organisation.objects.exists()


def test_back_office_form_refuses_it_with_a_message(client):
    """The form answers 200 with the message on the field; nothing is saved."""
    client.force_login(make_user_with_role("programme_team"))
    response = client.post(
        "/gestion/acteurs/organisations/nouvelle/",
        {"name": "Asso", "kind": "association", "website": "javascript:alert(1)"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["website"] == [
        "Saisissez une adresse web qui commence par http:// ou https://."
    ]
    assert not Organisation.objects.exists()


def test_import_reports_the_row_with_a_bad_website(client):
    """The import names the line and the reason, and imports nothing."""
    client.force_login(make_user_with_role("programme_team"))
    text = "name;kind;website\nClub;association;javascript:alert(1)\nMairie;commune;https://x.fr\n"
    response = client.post(
        "/gestion/acteurs/import/",
        {"file": SimpleUploadedFile("a.csv", text.encode(), "text/csv")},
    )
    report = response.context["report"]
    assert [row.line for row in report.bad_rows] == [2]
    assert "http://" in " ".join(report.bad_rows[0].errors)
    assert not Organisation.objects.exists()


def test_directory_csv_neutralises_formulas(client):
    """An organisation named like a formula comes out as text in /acteurs.csv."""
    hostile = '=HYPERLINK("http://evil.example","Cliquez")'
    OrganisationFactory(name=hostile)
    OrganisationFactory(name="@SUM(A1)")
    response = client.get("/acteurs.csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    names = [row[0] for row in csv.reader(io.StringIO(text, newline=""), delimiter=";")][1:]
    assert sorted(names) == sorted(["'" + hostile, "'@SUM(A1)"])
