"""The embedded outlines (GeoJSON), read once per process."""

from __future__ import annotations

import functools
import gzip
import json
from collections import defaultdict
from typing import Any

from endavant.territory.services import DATA_DIR

DETAILED = {"66": DATA_DIR / "ign_communes_66.geojson.gz"}
NATIONAL_COMMUNES = DATA_DIR / "ign_communes_france_tres_simplifiees.geojson.gz"
DEPARTEMENTS = DATA_DIR / "ign_departements_simplifies.geojson.gz"

Feature = dict[str, Any]


def _read(path: Any) -> list[Feature]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return list(json.load(handle)["features"])


@functools.cache
def departement_outlines() -> list[Feature]:
    """The 96 metropolitan départements (simplified IGN outlines)."""
    return _read(DEPARTEMENTS)


@functools.cache
def _national_by_departement() -> dict[str, list[Feature]]:
    grouped: dict[str, list[Feature]] = defaultdict(list)
    for feature in _read(NATIONAL_COMMUNES):
        grouped[feature["properties"]["dep"]].append(feature)
    return dict(grouped)


@functools.cache
def commune_outlines(departement_code: str) -> tuple[list[Feature], bool]:
    """The commune outlines of a département and whether they are the detailed ones.

    Pyrénées-Orientales has detailed outlines; other départements the very simplified national
    file (about 250 m).
    """
    if departement_code in DETAILED:
        return _read(DETAILED[departement_code]), True
    return _national_by_departement().get(departement_code, []), False
