"""The unique key behind "already in the directory": the same CSV import run twice at once
(PostgreSQL) creates nothing twice and tells the loser why; the back-office says so too; the
migration keeps rows entered twice before the key existed."""

from __future__ import annotations

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from endavant.accounts.roles import make_user_with_role
from endavant.actors import csv_import, services
from endavant.actors.models import Organisation, Tag
from endavant.actors.tests.factories import CommuneFactory
from endavant.core.models import AuditEntry
from endavant.core.services import ApplicationError
from endavant.core.testing.concurrency import errors, run_in_parallel, skip_without_parallel_writes

pytestmark = pytest.mark.django_db(transaction=True)

CSV = (
    "name;kind;siren;communes;description;website;competencies;expectations\n"
    "Club numérique;association;;66149;Un club;;Initiation|Aide;Fibre\n"
    "Médiathèque de Prades;other;;66149;;;Aide;Fibre\n"
    "Tiers-lieu du Conflent;association;;66149;;;Initiation;\n"
)
ALREADY = "déjà dans l'annuaire"


@pytest.fixture
def parallel_database():
    skip_without_parallel_writes()
    CommuneFactory(code="66149", name="Prades")


@pytest.mark.parametrize("only_valid", [False, True])
def test_same_import_twice_at_once_creates_each_organisation_once(
    parallel_database, team, only_valid
):
    """One import creates the three organisations; the other imports nothing and names each row
    as already in the directory (whether or not only the valid rows were asked for)."""
    outcomes = run_in_parallel(
        [
            lambda: csv_import.directory_import(actor=team, text=CSV, only_valid=only_valid)
            for _ in range(2)
        ]
    )
    assert not errors(outcomes)
    reports = sorted((outcome.result for outcome in outcomes), key=lambda r: r.imported)
    assert [report.imported for report in reports] == [0, 3]
    assert [row.line for row in reports[0].bad_rows] == [2, 3, 4]
    assert all(ALREADY in " ".join(row.errors) for row in reports[0].bad_rows)
    assert Organisation.objects.count() == 3
    assert sorted(Tag.objects.values_list("name", flat=True)) == ["Aide", "Fibre", "Initiation"]
    assert AuditEntry.objects.filter(action="organisation.import").count() == 1


def test_same_file_uploaded_twice_at_once_is_not_a_server_error(parallel_database):
    """Through the back-office page: both answers are pages (200), one names the duplicates."""
    staff = make_user_with_role("programme_team")

    def upload():
        client = Client()
        client.force_login(staff)
        file = SimpleUploadedFile("a.csv", CSV.encode(), "text/csv")
        return client.post("/gestion/acteurs/import/", {"file": file})

    outcomes = run_in_parallel([upload, upload])
    assert not errors(outcomes)
    assert [outcome.result.status_code for outcome in outcomes] == [200, 200]
    pages = [html.unescape(outcome.result.content.decode()) for outcome in outcomes]
    assert sum(ALREADY in page for page in pages) == 1
    assert Organisation.objects.count() == 3


def test_back_office_refuses_a_second_organisation_with_the_same_name_and_kind(team):
    """Same name once accents, case and hyphens are folded, same kind: a clear error, no row;
    another kind with that name is fine."""
    services.organisation_save(actor=team, name="Médiathèque de Prades", kind="other")
    with pytest.raises(ApplicationError) as failure:
        services.organisation_save(actor=team, name="MEDIATHEQUE DE  prades", kind="other")
    assert failure.value.code == "duplicate"
    services.organisation_save(actor=team, name="Médiathèque de Prades", kind="association")
    assert Organisation.objects.count() == 2


@pytest.fixture
def before_the_key(transactional_db):
    """The database without the unique key; migrated forward again whatever happens."""
    executor = MigrationExecutor(connection)
    executor.migrate([("actors", "0003_website_http_only")])
    yield (
        MigrationExecutor(connection)
        .loader.project_state([("actors", "0003_website_http_only")])
        .apps
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_migration_renames_organisations_entered_twice_and_audits_it(before_the_key):
    """The first row keeps its name; the second gets its number appended, with an audit row."""
    old = before_the_key.get_model("actors", "Organisation")
    first = old.objects.create(name="Mairie", kind="commune", search_text="mairie")
    second = old.objects.create(name="Mairie", kind="commune", search_text="mairie")
    executor = MigrationExecutor(connection)
    executor.migrate([("actors", "0004_organisation_unique_name_per_kind")])
    names = dict(Organisation.objects.values_list("pk", "name"))
    assert names == {first.pk: "Mairie", second.pk: f"Mairie (#{second.pk})"}
    entry = AuditEntry.objects.get(object_id=str(second.pk))
    assert (entry.action, entry.after) == ("organisation.update", {"name": names[second.pk]})
