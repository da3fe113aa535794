"""Who may see the territory pages: everyone (public open data); nothing is posted to them."""

from __future__ import annotations

from collections.abc import Callable

from endavant.core.registry import Access, read_only
from endavant.territory.testing import load_departement_66


def _with_sample(path: str) -> Callable[[], str]:
    def make() -> str:
        load_departement_66()
        return path

    return make


PAGES: list[tuple[str, str | Callable[[], str]]] = [
    ("territory:national", "/territoires/"),
    ("territory:national_csv", "/territoires.csv"),
    ("territory:national_geojson", "/territoires.geojson"),
    ("territory:national_svg", "/territoires.svg"),
    ("territory:departement", _with_sample("/territoires/66/")),
    ("territory:departement_csv", _with_sample("/territoires/66.csv")),
    ("territory:departement_geojson", _with_sample("/territoires/66.geojson")),
    ("territory:departement_svg", _with_sample("/territoires/66-isolement.svg")),
    ("territory:commune_search", "/communes/?q=perpignan"),
    ("territory:commune", _with_sample("/communes/66136/")),
    ("territory:commune_csv", _with_sample("/communes/66136.csv")),
]

ACCESS: list[Access] = [
    rule for url_name, path in PAGES for rule in read_only(url_name, path, public=True)
]
