"""A home commune is chosen by name, its INSEE code shown; a five-digit number is never taken
on its own (it may be a postcode); communes set before this are listed for the team."""

from __future__ import annotations

import importlib

import pytest

from endavant.accounts.forms import ProfileForm
from endavant.accounts.models import User
from endavant.accounts.roles import make_user_with_role
from endavant.core.models import AuditEntry
from endavant.territory.models import PublicSite
from endavant.territory.tests.factories import CommuneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cypriens():
    return [
        CommuneFactory(code="66171", name="Saint-Cyprien"),
        CommuneFactory(code="24396", name="Saint-Cyprien"),
        CommuneFactory(code="66149", name="Prades"),
    ]


def _clean(value: str) -> ProfileForm:
    form = ProfileForm({"full_name": "X", "home_commune": value})
    form.is_valid()
    return form


@pytest.mark.parametrize("typed", ["st cyprien", "Saint-Cyprien", "SAINT CYPRIEN", "St-Cyprien"])
def test_name_without_accents_hyphens_or_abbreviation_offers_the_communes_of_that_name(
    cypriens, typed
):
    """Two communes are called Saint-Cyprien: the person chooses, each shown with its code."""
    form = _clean(typed)
    assert "home_commune" in form.errors
    html = str(form["home_commune"])
    assert 'value="Saint-Cyprien (66171)"' in html
    assert 'value="Saint-Cyprien (24396)"' in html


def test_a_unique_name_is_taken_and_shown_with_its_insee_code(cypriens):
    form = _clean("prades")
    assert form.cleaned_data["home_commune"].code == "66149"
    assert ProfileForm(initial={"home_commune": cypriens[2]})["home_commune"].value() == (
        "Prades (66149)"
    )


@pytest.mark.parametrize("typed", ["66149", "66750", "2A004"])
def test_a_five_digit_number_is_never_taken_on_its_own(cypriens, typed):
    """66149 is the INSEE code of Prades but could be a postcode; 66750 is a postcode (Saint-
    Cyprien's) and no INSEE code: both make the person choose by name."""
    form = _clean(typed)
    assert "home_commune" in form.errors
    assert "code postal" in form.errors["home_commune"][0]


def test_a_number_offers_the_insee_commune_and_the_communes_of_that_postcode(cypriens):
    PublicSite.objects.create(
        kind="town_hall", commune=cypriens[0], postcode="66750", longitude=3.0, latitude=42.6
    )
    html = str(_clean("66750")["home_commune"])
    assert 'value="Saint-Cyprien (66171)"' in html
    html = str(_clean("66149")["home_commune"])
    assert 'value="Prades (66149)"' in html


def test_the_choice_sent_back_is_taken(cypriens):
    form = ProfileForm(
        {"full_name": "X", "home_commune": "66750", "home_commune_choice": "Saint-Cyprien (66171)"}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["home_commune"].code == "66171"


def test_a_name_and_code_that_disagree_are_not_taken(cypriens):
    """ "Prades (66171)" is not a commune: 66171 is Saint-Cyprien."""
    assert "home_commune" in _clean("Prades (66171)").errors


def test_profile_saved_by_name_records_how_the_commune_was_set(client, cypriens):
    user = make_user_with_role("participant")
    client.force_login(user)
    response = client.post("/compte/", {"full_name": "X", "home_commune": "prades"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.home_commune.code == "66149"
    assert user.home_commune_source == User.CommuneSource.BY_NAME


def test_accounts_set_before_the_change_are_marked_for_review_by_the_migration(cypriens):
    """The migration cannot tell a postcode misread as an INSEE code from a right entry (what
    was typed was not kept): every account with a commune is marked "to review"."""
    migration = importlib.import_module(
        "endavant.accounts.migrations.0005_user_home_commune_source"
    )
    with_commune = User.objects.create_user(email="a@example.org", home_commune=cypriens[0])
    without = User.objects.create_user(email="b@example.org")
    from django.apps import apps

    migration.mark_to_review(apps, None)
    with_commune.refresh_from_db()
    without.refresh_from_db()
    assert with_commune.home_commune_source == User.CommuneSource.TO_REVIEW
    assert without.home_commune_source == User.CommuneSource.NONE


def test_team_reviews_the_listed_communes(client, cypriens):
    team = make_user_with_role("programme_team")
    pending = User.objects.create_user(
        email="old@example.org", home_commune=cypriens[0], home_commune_source="to_review"
    )
    client.force_login(team)
    html = client.get("/gestion/comptes/communes/").content.decode()
    assert "old@example.org" in html
    assert "Saint-Cyprien (66171" in html
    assert client.post("/gestion/comptes/communes/", {"user": pending.pk}).status_code == 302
    pending.refresh_from_db()
    assert pending.home_commune_source == User.CommuneSource.REVIEWED
    assert AuditEntry.objects.filter(action="account.update", object_id=str(pending.pk)).exists()
    assert "old@example.org" not in client.get("/gestion/comptes/communes/").content.decode()
    client.force_login(make_user_with_role("participant"))
    assert client.get("/gestion/comptes/communes/").status_code == 403


def test_audit_journal_reads_in_french_and_researchers_see_it_without_names(client):
    """Labels instead of field names, French dates and yes/no; a researcher sees what changed
    but neither who (by name) nor the values."""
    from endavant.accounts import services

    team = make_user_with_role("programme_team")
    commune = CommuneFactory(code="66149", name="Prades")
    services.account_register_resident(
        actor=team, full_name="Joan Exemple", home_commune=commune, purposes=["account"]
    )
    user = User.objects.get(full_name="Joan Exemple")
    services.account_update_profile(user=user, full_name="Joan Exemple", home_commune=None)
    client.force_login(make_user_with_role("administrator"))
    html = client.get("/gestion/journal/").content.decode()
    assert "{&#x27;" not in html
    assert "home_commune" not in html
    assert "Commune de résidence" in html
    assert "Prades (66149)" in html
    assert "Résident·e inscrit·e par un·e médiateur·rice" in html or "médiat" in html
    client.force_login(make_user_with_role("researcher"))
    html = client.get("/gestion/journal/").content.decode()
    assert "Commune de résidence" in html
    assert "Prades" not in html
    assert "Joan" not in html
    assert "programme_team@" not in html
    assert 'href="/feuille-de-route/versions/"' in client.get("/gestion/").content.decode()
