"""The public directory: filters, accent-insensitive search, CSV, contact data for staff only."""

from __future__ import annotations

import pytest

from endavant.accounts.roles import make_user_with_role
from endavant.actors.models import Membership, Organisation
from endavant.actors.services import organisation_save
from endavant.actors.tests.factories import (
    CommuneFactory,
    IntercommunalityFactory,
    MembershipFactory,
    OrganisationFactory,
)
from endavant.core.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory():
    conflent = IntercommunalityFactory(name="Conflent Canigó", siren="200049211")
    prades = CommuneFactory(name="Prades", code="66149", intercommunality=conflent)
    elne = CommuneFactory(name="Elne", code="66065")
    media = organisation_save(
        actor=None,
        name="Médiathèque d'Élne",
        kind="departement_service",
        communes_served=[elne],
        competencies=["Médiation numérique"],
    )
    club = organisation_save(
        actor=None,
        name="Club informatique",
        kind="association",
        communes_served=[prades],
        expectations=["Fibre optique"],
    )
    MembershipFactory(
        organisation=club,
        person__full_name="Pau Public",
        person__email="pau@example.org",
        role=Membership.Role.ASSOCIATION_MEMBER,
        is_public=True,
    )
    MembershipFactory(
        organisation=club,
        person__full_name="Secret Person",
        person__email="secret@example.org",
        role=Membership.Role.EMPLOYEE,
        is_public=False,
    )
    return {"media": media, "club": club, "prades": prades}


def _names(response) -> set[str]:
    return {org.name for org in response.context["page"]}


def test_search_ignores_accents_and_case(client, directory):
    """ "mediatheque d'elne" finds "Médiathèque d'Élne"; so does a tag word."""
    assert _names(client.get("/acteurs/?q=MEDIATHEQUE+elne")) == {"Médiathèque d'Élne"}
    assert _names(client.get("/acteurs/?q=numerique")) == {"Médiathèque d'Élne"}


def test_filters_by_commune_intercommunality_kind_role_and_tag(client, directory):
    """Each filter narrows the list to what matches."""
    assert _names(client.get("/acteurs/?commune=Prades")) == {"Club informatique"}
    assert _names(client.get("/acteurs/?intercommunality=200049211")) == {"Club informatique"}
    assert _names(client.get("/acteurs/?kind=departement_service")) == {"Médiathèque d'Élne"}
    assert _names(client.get("/acteurs/?role=association_member")) == {"Club informatique"}
    # Non-public roles do not count for the public filter.
    assert _names(client.get("/acteurs/?role=employee")) == set()
    assert _names(client.get("/acteurs/?tag=Fibre+optique")) == {"Club informatique"}


def test_isolation_filter_uses_the_territory_indicator(client, directory):
    """Organisations serving an isolated commune, or a non-isolated one."""
    from endavant.territory.models import IndicatorValue

    IndicatorValue.objects.create(
        commune=directory["prades"], indicator=IndicatorValue.ISOLATED, value=1.0, method="test"
    )
    assert _names(client.get("/acteurs/?isolation=isolated")) == {"Club informatique"}
    assert _names(client.get("/acteurs/?isolation=other")) == set()


def test_public_page_hides_private_roles_and_contact_data(client, directory):
    """Visitors, participants and researchers see public roles only, never e-mails."""
    path = f"/acteurs/{directory['club'].pk}/"
    for role in (None, "participant", "researcher", "mediator"):
        if role:
            client.force_login(make_user_with_role(role, email=f"{role}-v@example.org"))
        content = client.get(path).content.decode()
        assert "Pau Public" in content
        assert "Secret Person" not in content
        assert "pau@example.org" not in content


def test_programme_team_sees_every_role_and_contact_data(client, directory):
    """Staff allowed by actors.view_contact_details see contacts and non-public roles."""
    client.force_login(make_user_with_role("programme_team"))
    content = client.get(f"/acteurs/{directory['club'].pk}/").content.decode()
    assert "Secret Person" in content
    assert "secret@example.org" in content


def test_csv_export_is_what_the_list_shows(client, directory):
    """Same filter, same rows, public roles only."""
    response = client.get("/acteurs.csv?kind=association")
    assert response["Content-Disposition"] == 'attachment; filename="acteurs.csv"'
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = content.strip().splitlines()
    assert len(lines) == 2
    assert "Club informatique" in lines[1]
    assert "Pau Public" in lines[1]
    assert "Secret" not in content
    assert "@" not in content


def test_directory_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries):
    """A full page costs a fixed number of queries."""
    for index in range(30):
        membership = MembershipFactory(organisation__name=f"Org {index}")
        membership.organisation.communes_served.add(CommuneFactory())
    with django_assert_max_num_queries(12):
        response = client.get("/acteurs/")
    assert len(response.context["page"]) == 25


def test_staff_edit_of_an_organisation_is_audited_with_before_and_after(client):
    """Changing the kind through the back-office writes an audit row with both states."""
    org = OrganisationFactory(name="Asso", kind=Organisation.Kind.ASSOCIATION)
    team = make_user_with_role("programme_team")
    client.force_login(team)
    response = client.post(
        f"/gestion/acteurs/organisations/{org.pk}/modifier/",
        {"name": "Asso", "kind": "business", "siren": "", "communes_served": ""},
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="organisation.update")
    assert entry.before["kind"] == "association"
    assert entry.after["kind"] == "business"
    assert entry.actor == team


def test_siren_must_pass_luhn(client):
    """A SIREN with a wrong check digit is refused on the form."""
    client.force_login(make_user_with_role("programme_team"))
    response = client.post(
        "/gestion/acteurs/organisations/nouvelle/",
        {"name": "Entreprise", "kind": "business", "siren": "732829321"},
    )
    assert response.status_code == 200
    assert not Organisation.objects.exists()
    response = client.post(
        "/gestion/acteurs/organisations/nouvelle/",
        {"name": "Entreprise", "kind": "business", "siren": "732829320"},
    )
    assert response.status_code == 302


def test_person_with_memberships_in_several_organisations(client):
    """One person can hold several roles at once; ending one keeps it for history."""
    team = make_user_with_role("programme_team")
    client.force_login(team)
    org_a, org_b = OrganisationFactory(), OrganisationFactory()
    response = client.post(
        "/gestion/acteurs/personnes/nouvelle/",
        {"person-full_name": "Maria Exemple", "person-email": "maria@example.org"},
    )
    person_path = response["Location"]
    person_id = int(person_path.rstrip("/").split("/")[-1])
    for org, role in ((org_a, "elected_official"), (org_b, "association_member")):
        response = client.post(
            f"/gestion/acteurs/personnes/{person_id}/roles/nouveau/",
            {
                "membership-role": role,
                "membership-organisation": org.name,
                "membership-start_date": "2020-03-15",
                "membership-is_public": "on",
            },
        )
        assert response.status_code == 302
    memberships = Membership.objects.filter(person_id=person_id)
    assert memberships.count() == 2
    first = memberships.get(role="elected_official")
    client.post(f"/gestion/acteurs/roles/{first.pk}/terminer/")
    first.refresh_from_db()
    assert first.end_date is not None
    assert {e.action for e in AuditEntry.objects.all()} >= {
        "person.create",
        "membership.add",
        "membership.end",
    }
