"""Who may reach each URL of the directory (deny by default; anonymous → login)."""

from __future__ import annotations

from endavant.core.registry import ROLES, Access

STAFF = {
    role: (200 if role in ("programme_team", "administrator") else 403)
    for role in ROLES
    if role != "anonymous"
}


def _organisation() -> int:
    from endavant.actors.tests.factories import OrganisationFactory

    return OrganisationFactory.create(name="Association témoin").pk


def _person() -> int:
    from endavant.actors.tests.factories import PersonFactory

    return PersonFactory.create(full_name="Personne témoin").pk


def _membership() -> int:
    from endavant.actors.tests.factories import MembershipFactory

    return MembershipFactory.create().pk


ACCESS = [
    Access("actors:directory", "/acteurs/"),
    Access("actors:directory_csv", "/acteurs.csv"),
    Access("actors:organisation", lambda: f"/acteurs/{_organisation()}/"),
    Access("actors:manage", "/gestion/acteurs/", expected=STAFF, default=302),
    Access(
        "actors:organisation_create",
        "/gestion/acteurs/organisations/nouvelle/",
        expected=STAFF,
        default=302,
    ),
    Access(
        "actors:organisation_edit",
        lambda: f"/gestion/acteurs/organisations/{_organisation()}/modifier/",
        expected=STAFF,
        default=302,
    ),
    Access(
        "actors:person_create", "/gestion/acteurs/personnes/nouvelle/", expected=STAFF, default=302
    ),
    Access(
        "actors:person_edit",
        lambda: f"/gestion/acteurs/personnes/{_person()}/",
        expected=STAFF,
        default=302,
    ),
    Access(
        "actors:membership_add",
        lambda: f"/gestion/acteurs/personnes/{_person()}/roles/nouveau/",
        expected=STAFF,
        default=302,
    ),
    # Ending a role answers POST and goes back to the person's page.
    Access(
        "actors:membership_end",
        lambda: f"/gestion/acteurs/roles/{_membership()}/terminer/",
        method="POST",
        expected={**STAFF, "programme_team": 302, "administrator": 302},
        default=302,
    ),
    Access("actors:import", "/gestion/acteurs/import/", expected=STAFF, default=302),
]
