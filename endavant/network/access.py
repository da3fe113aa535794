"""Who may see each address of the network app: the public sees the network's map, figures and
downloads and the grouping's aggregates; members and the team see the orders; the team manages."""

from __future__ import annotations

from collections.abc import Callable

from endavant.core.registry import BACK_OFFICE, Access, method_refused
from endavant.network import sample


def _network(path: str) -> Callable[[], str]:
    def make() -> str:
        sample.network()
        return path

    return make


def _grouping(path: str) -> Callable[[], str]:
    def make() -> str:
        sample.grouping()
        return path

    return make


#: The back-office addresses and what the team gets for an empty POST (400: the form's errors;
#: 405: a list or a download).
_BACK_OFFICE_POSTS: list[tuple[str, str | Callable[[], str], int]] = [
    ("network:orders", _grouping("/achats-groupes/commandes/"), 400),
    ("network:manage", _network("/gestion/reseau/"), 400),
    ("network:manage_sites", _network("/gestion/reseau/sites/"), 405),
    ("network:manage_site_create", _network("/gestion/reseau/sites/nouveau/"), 400),
    ("network:manage_import", "/gestion/reseau/sites/import/", 400),
    ("network:manage_site", lambda: f"/gestion/reseau/sites/{sample.site_pk()}/", 400),
    ("network:manage_link_create", _network("/gestion/reseau/liaisons/nouvelle/"), 400),
    ("network:manage_link", lambda: f"/gestion/reseau/liaisons/{sample.link_pk()}/", 400),
    ("network:manage_grouping", _grouping("/gestion/achats-groupes/"), 400),
    (
        "network:manage_grouping_detail",
        lambda: f"/gestion/achats-groupes/{sample.grouping().pk}/",
        400,
    ),
    (
        "network:orders_csv",
        lambda: f"/gestion/achats-groupes/{sample.grouping().pk}/commandes.csv",
        405,
    ),
    (
        "network:totals_csv",
        lambda: f"/gestion/achats-groupes/{sample.grouping().pk}/totaux.csv",
        405,
    ),
    (
        "network:manage_contract",
        lambda: f"/gestion/achats-groupes/marches/{sample.contract_pk()}/",
        400,
    ),
    (
        "network:manage_order",
        lambda: f"/gestion/achats-groupes/commandes/{sample.order_pk()}/",
        400,
    ),
]

ACCESS = [
    Access("network:index", _network("/reseau/"), public=True),
    Access("network:geojson", _network("/reseau.geojson"), public=True),
    Access("network:csv", _network("/reseau.csv"), public=True),
    Access("network:sites_csv", _network("/reseau/sites.csv"), public=True),
    Access("network:site", lambda: f"/reseau/sites/{sample.site_pk()}/", public=True),
    Access("network:grouping", _grouping("/achats-groupes/"), public=True),
    # Members of the grouping place their orders here; the matrix roles are not members.
    Access("network:orders", _grouping("/achats-groupes/commandes/"), expected=BACK_OFFICE),
    Access("network:manage", _network("/gestion/reseau/"), expected=BACK_OFFICE),
    Access("network:manage_sites", _network("/gestion/reseau/sites/"), expected=BACK_OFFICE),
    Access(
        "network:manage_site_create",
        _network("/gestion/reseau/sites/nouveau/"),
        expected=BACK_OFFICE,
    ),
    Access("network:manage_import", "/gestion/reseau/sites/import/", expected=BACK_OFFICE),
    Access(
        "network:manage_site",
        lambda: f"/gestion/reseau/sites/{sample.site_pk()}/",
        expected=BACK_OFFICE,
    ),
    Access(
        "network:manage_link_create",
        _network("/gestion/reseau/liaisons/nouvelle/"),
        expected=BACK_OFFICE,
    ),
    Access(
        "network:manage_link",
        lambda: f"/gestion/reseau/liaisons/{sample.link_pk()}/",
        expected=BACK_OFFICE,
    ),
    Access("network:manage_grouping", _grouping("/gestion/achats-groupes/"), expected=BACK_OFFICE),
    Access(
        "network:manage_grouping_detail",
        lambda: f"/gestion/achats-groupes/{sample.grouping().pk}/",
        expected=BACK_OFFICE,
    ),
    Access(
        "network:orders_csv",
        lambda: f"/gestion/achats-groupes/{sample.grouping().pk}/commandes.csv",
        expected=BACK_OFFICE,
    ),
    Access(
        "network:totals_csv",
        lambda: f"/gestion/achats-groupes/{sample.grouping().pk}/totaux.csv",
        expected=BACK_OFFICE,
    ),
    Access(
        "network:manage_contract",
        lambda: f"/gestion/achats-groupes/marches/{sample.contract_pk()}/",
        expected=BACK_OFFICE,
    ),
    Access(
        "network:manage_order",
        lambda: f"/gestion/achats-groupes/commandes/{sample.order_pk()}/",
        expected=BACK_OFFICE,
    ),
    # POST: the public pages and downloads answer GET only (405); the back-office refuses who
    # may not manage first, then answers an empty form with its errors (400), and a download
    # or a list with 405.
    method_refused("network:index", _network("/reseau/")),
    method_refused("network:geojson", _network("/reseau.geojson")),
    method_refused("network:csv", _network("/reseau.csv")),
    method_refused("network:sites_csv", _network("/reseau/sites.csv")),
    method_refused("network:site", lambda: f"/reseau/sites/{sample.site_pk()}/"),
    method_refused("network:grouping", _grouping("/achats-groupes/")),
    *[
        Access(name, path, method="POST", expected=BACK_OFFICE, default=status)
        for name, path, status in _BACK_OFFICE_POSTS
    ],
]
