"""Who may reach each URL of the directory (deny by default; anonymous → login).

The back-office forms re-draw themselves with the errors (200) when an empty form is posted.
"""

from __future__ import annotations

from collections.abc import Callable

from endavant.core.registry import ROLES, Access, method_refused, read_only

STAFF = {
    role: (200 if role in ("programme_team", "administrator") else 403)
    for role in ROLES
    if role != "anonymous"
}


LOGGED_IN = {role: 200 for role in ROLES if role != "anonymous"}


def _organisation() -> int:
    from endavant.actors.tests.factories import OrganisationFactory

    return OrganisationFactory.create(name="Association témoin").pk


def _person() -> int:
    from endavant.actors.tests.factories import PersonFactory

    return PersonFactory.create(full_name="Personne témoin").pk


def _membership() -> int:
    from endavant.actors.tests.factories import MembershipFactory

    return MembershipFactory.create().pk


def _form(url_name: str, path: str | Callable[[], str]) -> list[Access]:
    """A back-office form: the page, and an empty form posted back (errors, 200)."""
    return [
        Access(url_name, path, expected=STAFF, default=302),
        Access(url_name, path, method="POST", expected=STAFF, default=302),
    ]


def _membership_end() -> str:
    return f"/gestion/acteurs/roles/{_membership()}/terminer/"


ACCESS = [
    *read_only("actors:directory", "/acteurs/", public=True),
    *read_only("actors:directory_csv", "/acteurs.csv", public=True),
    *read_only("actors:organisation", lambda: f"/acteurs/{_organisation()}/", public=True),
    *read_only("actors:manage", "/gestion/acteurs/", expected=STAFF, default=302),
    *_form("actors:organisation_create", "/gestion/acteurs/organisations/nouvelle/"),
    *_form(
        "actors:organisation_edit",
        lambda: f"/gestion/acteurs/organisations/{_organisation()}/modifier/",
    ),
    *_form("actors:person_create", "/gestion/acteurs/personnes/nouvelle/"),
    *_form("actors:person_edit", lambda: f"/gestion/acteurs/personnes/{_person()}/"),
    *_form(
        "actors:membership_add", lambda: f"/gestion/acteurs/personnes/{_person()}/roles/nouveau/"
    ),
    # Ending a role answers POST only, and goes back to the person's page.
    Access(
        "actors:membership_end",
        _membership_end,
        method="POST",
        expected={**STAFF, "programme_team": 302, "administrator": 302},
        default=302,
    ),
    method_refused("actors:membership_end", _membership_end, method="GET"),
    *_form("actors:import", "/gestion/acteurs/import/"),
    # Linking: an empty POST is refused with a message and sent back (302).
    Access(
        "actors:person_account",
        lambda: f"/gestion/acteurs/personnes/{_person()}/compte/",
        expected=STAFF,
        default=302,
    ),
    Access(
        "actors:person_account",
        lambda: f"/gestion/acteurs/personnes/{_person()}/compte/",
        method="POST",
        expected={**STAFF, "programme_team": 302, "administrator": 302},
        default=302,
    ),
    Access("actors:link_requests", "/gestion/acteurs/liens/", expected=STAFF, default=302),
    Access(
        "actors:link_requests",
        "/gestion/acteurs/liens/",
        method="POST",
        expected={**STAFF, "programme_team": 302, "administrator": 302},
        default=302,
    ),
    # A participant's own link: an empty request is drawn again with its error (400).
    Access("actors:my_directory_link", "/compte/repertoire/", expected=LOGGED_IN, default=302),
    Access(
        "actors:my_directory_link",
        "/compte/repertoire/",
        method="POST",
        expected=dict.fromkeys(LOGGED_IN, 400),
        default=302,
    ),
]
