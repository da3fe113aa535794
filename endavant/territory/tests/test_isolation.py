"""The isolation indicator on flow files in INSEE's published MOBPRO format (plain Python)."""

from __future__ import annotations

from pathlib import Path

import pytest

from endavant.territory import isolation
from endavant.territory.formats import DataFormatError

SAMPLES = Path(__file__).parent / "samples"


def _read(name: str) -> list[str]:
    return (SAMPLES / name).read_text(encoding="utf-8").splitlines(keepends=True)


def test_worked_example_of_the_docstring() -> None:
    """66001: 10 of 100 work in an urban commune (isolated); 66002: 70 of 100 (not isolated)."""
    flows = list(isolation.read_flows(_read("mobpro_sample.csv"), name="mobpro_sample.csv"))
    column, zoning = isolation.read_zoning(_read("zau2010_sample.csv"))
    assert column == "CATAEU2010"
    shares = isolation.urban_work_shares(flows, zoning, isolation.ZONING_COLUMNS[column])
    assert shares["66001"] == isolation.WorkShare(100.0, 10.0)
    assert shares["66001"].share == pytest.approx(0.10)
    assert shares["66002"].share == pytest.approx(0.70)
    assert isolation.is_isolated(shares["66001"].share) is True
    assert isolation.is_isolated(shares["66002"].share) is False


def test_threshold_is_strict_and_configurable() -> None:
    """Exactly 25 % is not isolated; with a 75 % threshold the 70 % commune becomes isolated."""
    assert isolation.is_isolated(0.25) is False
    assert isolation.is_isolated(0.2499) is True
    assert isolation.is_isolated(0.70, threshold=0.75) is True
    assert isolation.is_isolated(None) is None


def test_aav2020_zoning_and_places_of_work_outside_the_zoning() -> None:
    """With AAV 2020 categories, crowns (20) count as urban; unknown workplaces do not."""
    lines = [
        "CODGEO;DCLT;NBFLUX_C19_ACTOCC15P\n",
        "66001;66136;12,5\n",  # decimal comma, as in INSEE's French exports
        "66001;66001;25\n",
        "66001;99999;12.5\n",  # abroad: not in the zoning, so not urban
    ]
    zoning = {"66136": "20", "66001": "30"}
    shares = isolation.urban_work_shares(
        isolation.read_flows(lines), zoning, isolation.URBAN_CATEGORIES_AAV2020
    )
    assert shares["66001"] == isolation.WorkShare(50.0, 12.5)
    assert shares["66001"].share == pytest.approx(0.25)


def test_malformed_flow_file_names_line_and_column() -> None:
    """A non-numeric flow is reported with the file name, line 3 and the flow column."""
    with pytest.raises(DataFormatError) as error:
        list(isolation.read_flows(_read("mobpro_malformed.csv"), name="mobpro_malformed.csv"))
    assert error.value.name == "mobpro_malformed.csv"
    assert error.value.line == 3
    assert error.value.column == "NBFLUX_C18_ACTOCC15P"
    assert "mobpro_malformed.csv, line 3, column NBFLUX_C18_ACTOCC15P" in str(error.value)


def test_flow_file_without_flow_column_is_rejected() -> None:
    """A file without an NBFLUX_Cyy_ACTOCC15P column is refused on its header line."""
    with pytest.raises(DataFormatError) as error:
        list(isolation.read_flows(["CODGEO;DCLT;NB\n", "66001;66001;3\n"]))
    assert error.value.line == 1
