"""CSV import: a report naming each bad row and why; all or nothing unless asked otherwise."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from endavant.accounts.roles import make_user_with_role
from endavant.actors.models import Organisation
from endavant.actors.tests.factories import CommuneFactory, OrganisationFactory
from endavant.core.models import AuditEntry

pytestmark = pytest.mark.django_db

GOOD_AND_BAD = (
    "name;kind;siren;communes;description;website;competencies;expectations\n"
    "Club numérique;Association;;66149;Un club;;Initiation|Aide;Fibre\n"
    ";association;;;;;;\n"
    "Boulangerie;bakery;123456789;99999;;;;\n"
    "Mairie;commune;;66149;;;;\n"
)


def _post(client, text: str, only_valid: bool = False):
    data = {"file": SimpleUploadedFile("a.csv", text.encode("cp1252"), "text/csv")}
    if only_valid:
        data["only_valid"] = "on"
    return client.post("/gestion/acteurs/import/", data)


@pytest.fixture
def team_client(client):
    CommuneFactory(code="66149", name="Prades")
    OrganisationFactory(name="Mairie", kind="commune")
    client.force_login(make_user_with_role("programme_team"))
    return client


def test_a_bad_row_blocks_the_whole_import_and_every_bad_row_is_named(team_client):
    """Lines 3, 4 and 5 are reported with their reasons; nothing is written."""
    response = _post(team_client, GOOD_AND_BAD)
    report = response.context["report"]
    assert [row.line for row in report.bad_rows] == [3, 4, 5]
    reasons = {row.line: " ".join(row.errors) for row in report.bad_rows}
    assert "nom est vide" in reasons[3]
    assert "bakery" in reasons[4]
    assert "123456789" in reasons[4]
    assert "99999" in reasons[4]
    assert "déjà dans l'annuaire" in reasons[5]
    assert report.imported == 0
    assert Organisation.objects.count() == 1
    assert "Rien n'a été importé" in response.content.decode()


def test_only_valid_rows_are_imported_when_asked(team_client):
    """The good row is created with its communes and tags (Windows-1252 file); the import is
    audited."""
    response = _post(team_client, GOOD_AND_BAD, only_valid=True)
    assert response.context["report"].imported == 1
    club = Organisation.objects.get(name="Club numérique")
    assert club.kind == "association"
    assert [c.code for c in club.communes_served.all()] == ["66149"]
    assert sorted(t.name for t in club.competencies.all()) == ["Aide", "Initiation"]
    entry = AuditEntry.objects.get(action="organisation.import")
    assert entry.after == {"created": [club.pk], "skipped_lines": [3, 4, 5]}


def test_missing_columns_are_reported(team_client):
    """A file without the required columns is refused with the expected column list."""
    response = _post(team_client, "nom,genre\nA,B\n")
    assert response.context["report"].file_errors
    assert Organisation.objects.count() == 1
