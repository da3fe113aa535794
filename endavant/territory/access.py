"""Who may see the territory pages: everyone (public open data)."""

from __future__ import annotations

from collections.abc import Callable

from endavant.core.registry import Access
from endavant.territory.testing import load_departement_66


def _departement() -> str:
    load_departement_66()
    return "/territoires/66/"


def _with_sample(path: str) -> Callable[[], str]:
    def make() -> str:
        load_departement_66()
        return path

    return make


ACCESS = [
    Access("territory:national", "/territoires/"),
    Access("territory:national_csv", "/territoires.csv"),
    Access("territory:national_geojson", "/territoires.geojson"),
    Access("territory:national_svg", "/territoires.svg"),
    Access("territory:departement", _departement),
    Access("territory:departement_csv", _with_sample("/territoires/66.csv")),
    Access("territory:departement_geojson", _with_sample("/territoires/66.geojson")),
    Access("territory:departement_svg", _with_sample("/territoires/66-isolement.svg")),
    Access("territory:commune_search", "/communes/?q=perpignan"),
    Access("territory:commune", _with_sample("/communes/66136/")),
    Access("territory:commune_csv", _with_sample("/communes/66136.csv")),
]
