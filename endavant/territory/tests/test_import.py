"""Importing the embedded open data: known rows, idempotence, malformed files, the proxy."""

from __future__ import annotations

import gzip
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from endavant.territory import services
from endavant.territory.models import (
    Commune,
    CoverageObservation,
    DatasetLoad,
    Departement,
    IndicatorValue,
    Intercommunality,
)
from endavant.territory.selectors import commune_is_isolated
from endavant.territory.testing import load_departement_66

SAMPLES = Path(__file__).parent / "samples"
pytestmark = pytest.mark.django_db


def test_departement_66_known_rows() -> None:
    """Perpignan (66136): 119,188 inhabitants in 2018, AAV centre, ZAU large pole, FttH rows."""
    load_departement_66()
    perpignan = Commune.objects.select_related("departement", "intercommunality").get(code="66136")
    assert perpignan.name == "Perpignan"
    assert perpignan.search_name == "perpignan"
    assert perpignan.population == 119_188
    assert perpignan.population_year == 2018
    assert perpignan.area_km2 == pytest.approx(68.07)
    assert perpignan.departement.name == "Pyrénées-Orientales"
    assert perpignan.intercommunality is not None
    assert perpignan.aav2020_category == "11"
    assert perpignan.aav2020_vintage == "AAV 2020 (COG 2022)"
    assert perpignan.au2010_category == "111"
    assert perpignan.centroid_latitude == pytest.approx(42.696, abs=0.01)
    quarters = list(perpignan.coverage.values_list("quarter", flat=True))
    assert quarters == ["2017T3", "2017T4", "2018T1"]
    assert Commune.objects.count() == 226


def test_proxy_gives_71_isolated_communes_of_226_in_66() -> None:
    """With the staged data, 71 of the 226 communes of the Pyrénées-Orientales are isolated."""
    load_departement_66()
    isolated = IndicatorValue.objects.filter(
        indicator=IndicatorValue.ISOLATED, value=1.0, commune__departement__code="66"
    )
    assert isolated.count() == 71
    assert set(isolated.values_list("method", flat=True)) == {"proxy_aav2020"}
    assert commune_is_isolated(Commune.objects.get(code="66136")) is False


def test_second_import_changes_nothing() -> None:
    """Re-importing reports every row unchanged and creates or updates nothing."""
    load_departement_66()
    report = services.embedded_import(departement="66")
    assert report.changed == 0
    assert report.counts["communes: communes"]["unchanged"] == 226


def test_malformed_file_changes_nothing_and_names_file_line_column(tmp_path: Path) -> None:
    """A bad population cell on line 3 aborts the import: nothing written, error located."""
    load_departement_66()
    bad = tmp_path / "base.csv"
    bad.write_text("CODGEO;P18_POP;SUPERF\n66136;1;1\n66001;beaucoup;3\n", encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("territory", "import", "population", str(bad), "--quiet", stdout=StringIO())
    assert "base.csv, line 3, column P18_POP" in str(error.value)
    assert Commune.objects.get(code="66136").population == 119_188


def test_short_row_is_reported_with_its_line(tmp_path: Path) -> None:
    """A row with a missing cell names its line; nothing is imported into an empty base."""
    bad = tmp_path / "communes.csv.gz"
    with gzip.open(SAMPLES / ".." / ".." / "data" / "insee_communes_cog2022.csv.gz", "rt") as f:
        header, first = f.readline(), f.readline()
    bad.write_bytes(gzip.compress((header + first + "01002,X\n").encode()))
    with pytest.raises(CommandError) as error:
        call_command("territory", "import", "communes", str(bad), "--quiet", stdout=StringIO())
    assert "communes.csv.gz, line 3, column 3" in str(error.value)
    assert not Commune.objects.exists()
    assert not Departement.objects.exists()


def test_flows_command_replaces_the_proxy_for_the_communes_in_the_file() -> None:
    """Real flows override the proxy; the method and share are stored with their source."""
    load_departement_66()
    Commune.objects.filter(code__in=["66001", "66002"]).update(au2010_category="400")
    out = StringIO()
    call_command(
        "territory", "import", "flows", str(SAMPLES / "mobpro_sample.csv"), "--quiet", stdout=out
    )
    assert "indicator values: 4 created" not in out.getvalue()  # proxy rows exist: updated
    first = IndicatorValue.objects.get(commune__code="66001", indicator="isolated")
    assert (first.value, first.method) == (1.0, "flows_zau2010")
    share = IndicatorValue.objects.get(commune__code="66002", indicator="urban_work_share")
    assert share.value == pytest.approx(0.70)
    # The proxy does not overwrite flow-based values.
    services.isolation_proxy_compute()
    first.refresh_from_db()
    assert first.method == "flows_zau2010"


def test_threshold_setting_is_read_at_call_time(settings) -> None:
    """ENDAVANT_ISOLATION_THRESHOLD changes the flag without reloading anything."""
    load_departement_66()
    Commune.objects.filter(code__in=["66001", "66002"]).update(au2010_category="400")
    settings.ENDAVANT_ISOLATION_THRESHOLD = 0.75
    services.flows_import(path=SAMPLES / "mobpro_sample.csv")
    second = IndicatorValue.objects.get(commune__code="66002", indicator="isolated")
    assert second.value == 1.0


def test_coverage_uses_arcep_denominators() -> None:
    """Premises in total are ARCEP's dwellings + establishments; Perpignan had FttH in 2018."""
    load_departement_66()
    row = CoverageObservation.objects.get(commune__code="66136", quarter="2018T1")
    assert row.premises_total > row.premises_connectable > 0
    assert 0 < (row.share or 0) <= 1


# These run before the module's national import (below), which stays loaded until the end.


def test_the_import_runs_as_a_job_and_reports_its_progress() -> None:
    """As a background job, the import stores the rows read as its progress."""
    from endavant.core.models import JobProgress
    from endavant.territory.tasks import embedded_import

    result = embedded_import.enqueue(departement="66")
    assert result.status == "SUCCESSFUL"
    assert Commune.objects.count() == 226
    progress = JobProgress.objects.get(task_result_id=str(result.id))
    assert progress.total == progress.done > 226
    assert progress.message == "done"


def test_the_command_can_enqueue_the_import(settings) -> None:
    """``--background`` leaves the work to the worker: a job row, nothing imported yet."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    out = StringIO()
    call_command("territory", "import", "all", "--background", stdout=out)
    job = DBTaskResult.objects.get()
    assert job.task_path == "endavant.territory.tasks.embedded_import"
    assert str(job.pk) in out.getvalue()
    assert not Commune.objects.exists()


@pytest.fixture(scope="module")
def national_import(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """The embedded national data, imported once for this module through the command."""
    with django_db_blocker.unblock():
        call_command("territory", "import", "all", "--quiet", stdout=StringIO())
        yield
        IndicatorValue.objects.all().delete()
        CoverageObservation.objects.all().delete()
        Commune.objects.all().delete()
        Departement.objects.all().delete()
        Intercommunality.objects.all().delete()
        DatasetLoad.objects.all().delete()


def test_national_proxy_gives_8928_isolated_communes(national_import) -> None:  # type: ignore[no-untyped-def]
    """All 34,955 communes load; the proxy marks 8,928 of them isolated, as in SOURCES.md."""
    assert Commune.objects.count() == 34_955
    assert IndicatorValue.objects.filter(indicator="isolated", value=1.0).count() == 8_928
    assert DatasetLoad.objects.get(name="embedded").version == services.EMBEDDED_VERSION
