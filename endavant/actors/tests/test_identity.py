"""One identity across accounts and the directory: linking by the team, by a confirmed e-mail,
by a participant's request; roles giving the audience; erasure; withdrawing consents."""

from __future__ import annotations

import pytest
from django.core import mail

from endavant.accounts import services as account_services
from endavant.accounts.models import User
from endavant.accounts.privacy import account_erase
from endavant.accounts.roles import make_user_with_role
from endavant.actors import services
from endavant.actors.models import Consent, LinkRequest, Membership, Person
from endavant.actors.selectors import participant_profile
from endavant.actors.tests.factories import MembershipFactory, OrganisationFactory, PersonFactory
from endavant.core.models import AuditEntry
from endavant.core.services import ApplicationError

pytestmark = pytest.mark.django_db


def _account(email: str = "marie@example.org", **fields) -> User:
    return User.objects.create_user(email=email, password="a-Long-pass-phrase-1", **fields)


def test_team_links_a_person_to_an_account_found_by_email_and_the_role_gives_the_audience(client):
    """The team finds the account from the person's page; once linked, the person's current
    role (elected official) is the account's audience, and the link is audited."""
    team = make_user_with_role("programme_team")
    person = PersonFactory(full_name="Marie Exemple")
    MembershipFactory(person=person, role=Membership.Role.ELECTED_OFFICIAL)
    account = _account(full_name="Marie E.")
    assert participant_profile(account).audience == "unknown"
    client.force_login(team)
    page = client.get(f"/gestion/acteurs/personnes/{person.pk}/compte/?q=marie@example")
    assert page.status_code == 200
    assert "marie@example.org" in page.content.decode()
    response = client.post(f"/gestion/acteurs/personnes/{person.pk}/compte/", {"user": account.pk})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.user_id == account.pk
    assert participant_profile(account).audience == "elected_official"
    assert AuditEntry.objects.filter(action="person.link", object_id=str(person.pk)).exists()


def test_one_account_per_person_and_one_person_per_account():
    """A second link either way is refused with a message; nothing changes."""
    team = make_user_with_role("programme_team")
    first, second = PersonFactory(), PersonFactory()
    account, other = _account(), _account("other@example.org")
    services.person_link(actor=team, person=first, user=account)
    with pytest.raises(ApplicationError) as error:
        services.person_link(actor=team, person=second, user=account)
    assert error.value.code == "account_linked"
    with pytest.raises(ApplicationError) as error:
        services.person_link(actor=team, person=first, user=other)
    assert error.value.code == "person_linked"
    assert Person.objects.filter(user=account).count() == 1
    services.person_unlink(actor=team, person=first)
    services.person_link(actor=team, person=second, user=account)
    assert Person.objects.get(user=account) == second


def test_pre_registered_person_is_linked_when_the_same_address_confirms_a_sign_up(
    client, django_capture_on_commit_callbacks
):
    """The team entered the person with an e-mail; the sign-up with that address, once
    confirmed through the e-mailed link, is linked to the person (and only then)."""
    person = PersonFactory(full_name="Pau Exemple", email="Pau@Example.org")
    MembershipFactory(person=person, role=Membership.Role.EMPLOYEE)
    with django_capture_on_commit_callbacks(execute=True):
        account_services.account_sign_up(
            email="pau@example.org",
            password="a-Long-pass-phrase-1",
            full_name="Pau",
            home_commune=None,
            site_url="http://testserver/",
        )
    user = User.objects.get(email="pau@example.org")
    person.refresh_from_db()
    assert person.user_id is None  # not before the address is proven
    link = next(line for line in mail.outbox[-1].body.split() if "/compte/confirmer/" in line)
    client.get(link.replace("http://testserver", ""))
    person.refresh_from_db()
    assert person.user_id == user.pk
    assert participant_profile(user).audience == "employee"


def test_two_people_with_the_address_are_left_to_the_team():
    """When two directory people share the address, no link is guessed."""
    PersonFactory(email="shared@example.org")
    PersonFactory(email="shared@example.org")
    user = _account("shared@example.org")
    assert services.person_link_confirmed_email(user=user) is None
    assert not Person.objects.filter(user=user).exists()


def test_participant_asks_the_team_approves_and_the_participant_is_told(
    client, django_capture_on_commit_callbacks
):
    participant = _account(full_name="Núria Exemple")
    client.force_login(participant)
    assert client.post("/compte/repertoire/", {"message": ""}).status_code == 400
    response = client.post("/compte/repertoire/", {"message": "Núria, adjointe au maire de Prades"})
    assert response.status_code == 302
    again = client.post("/compte/repertoire/", {"message": "encore"})
    assert "déjà" in again.content.decode()
    assert LinkRequest.objects.filter(user=participant).count() == 1
    person = PersonFactory(full_name="Núria Exemple")
    MembershipFactory(person=person, role=Membership.Role.ELECTED_OFFICIAL)
    team = make_user_with_role("programme_team")
    client.force_login(team)
    page = client.get("/gestion/acteurs/liens/").content.decode()
    assert "adjointe au maire de Prades" in page
    assert f'value="{person.pk}"' in page
    request = LinkRequest.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/gestion/acteurs/liens/", {"request": request.pk, "person": person.pk})
    request.refresh_from_db()
    assert request.status == LinkRequest.Status.APPROVED
    assert Person.objects.get(user=participant) == person
    assert mail.outbox[-1].to == ["marie@example.org"]
    assert participant_profile(participant).audience == "elected_official"


def test_refused_request_tells_the_participant_why(client, django_capture_on_commit_callbacks):
    participant = _account()
    request = services.link_request_create(user=participant, message="Je suis agent à Céret")
    team = make_user_with_role("programme_team")
    client.force_login(team)
    client.post(
        "/gestion/acteurs/liens/", {"request": request.pk, "action": "refuse", "reason": ""}
    )
    request.refresh_from_db()
    assert request.status == LinkRequest.Status.PENDING  # no reason, no refusal
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/gestion/acteurs/liens/",
            {"request": request.pk, "action": "refuse", "reason": "Aucun agent de ce nom à Céret."},
        )
    request.refresh_from_db()
    assert request.status == LinkRequest.Status.REFUSED
    assert "Aucun agent de ce nom" in mail.outbox[-1].body
    client.force_login(participant)
    page = client.get("/compte/repertoire/").content.decode()
    assert "Aucun agent de ce nom à Céret." in page
    # A refused participant may ask again.
    assert client.post("/compte/repertoire/", {"message": "Autre essai"}).status_code == 302


def test_profile_comes_from_the_linked_person_roles_else_the_declared_commune(make_commune):
    """Audience: the linked person's current roles (ended roles do not count); commune: the
    account's declared one, else the person's."""
    declared, recorded = make_commune(isolated=True), make_commune(isolated=False)
    account = _account(home_commune=declared)
    person = PersonFactory(user=account, home_commune=recorded)
    MembershipFactory(
        person=person,
        role=Membership.Role.ELECTED_OFFICIAL,
        start_date="2001-03-18",
        end_date="2008-03-16",
    )
    profile = participant_profile(account)
    assert profile.audience == "unknown"
    assert profile.commune == declared
    assert profile.commune_isolated is True
    MembershipFactory(person=person, role=Membership.Role.EMPLOYEE)
    account.home_commune = None
    account.save()
    profile = participant_profile(account)
    assert profile.audience == "employee"
    assert profile.commune == recorded
    assert profile.commune_isolated is False


def test_erasing_an_account_erases_its_linked_person_memberships_and_requests():
    account = _account()
    services.link_request_create(user=account, message="moi")
    person = PersonFactory(user=account, email="marie@example.org", phone="0600000000")
    MembershipFactory(person=person, organisation=OrganisationFactory())
    Consent.objects.create(person=person, purpose=Consent.Purpose.DIRECTORY, text_version="1")
    account_erase(user=account, actor=None)
    assert not Person.objects.filter(pk=person.pk).exists()
    assert not Membership.objects.exists()
    assert not LinkRequest.objects.exists()
    assert not Consent.objects.exists()


def test_withdrawing_the_directory_consent_hides_public_roles(client):
    account = _account()
    person = PersonFactory(user=account)
    membership = MembershipFactory(person=person, is_public=True)
    consent = Consent.objects.create(
        user=account, person=person, purpose=Consent.Purpose.DIRECTORY, text_version="1"
    )
    account_consent = Consent.objects.create(
        user=account, purpose=Consent.Purpose.ACCOUNT, text_version="1"
    )
    other = Consent.objects.create(
        user=_account("other@example.org"), purpose=Consent.Purpose.CONTACT, text_version="1"
    )
    client.force_login(account)
    page = client.get("/compte/consentements/").content.decode()
    assert "Retirer" in page
    assert "ne sont plus affichés" in page
    assert client.post("/compte/consentements/", {"consent": other.pk}).status_code == 302
    other.refresh_from_db()
    assert other.withdrawn_at is None  # someone else's consent: refused
    client.post("/compte/consentements/", {"consent": account_consent.pk})
    account_consent.refresh_from_db()
    assert account_consent.withdrawn_at is None  # the account consent goes by erasure
    client.post("/compte/consentements/", {"consent": consent.pk})
    consent.refresh_from_db()
    membership.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert membership.is_public is False
    assert AuditEntry.objects.filter(action="consent.withdraw").count() == 1


def test_add_a_role_chooses_the_organisation_by_name(client):
    """Typing a name finds the organisation; two matches are offered with their kind."""
    team = make_user_with_role("programme_team")
    client.force_login(team)
    person = PersonFactory()
    prades = OrganisationFactory(name="Mairie de Prades", kind="commune")
    OrganisationFactory(name="Mairie de Prades-le-Lez", kind="commune")
    url = f"/gestion/acteurs/personnes/{person.pk}/roles/nouveau/"
    page = client.post(url, {"membership-role": "employee", "membership-organisation": "mairie"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Mairie de Prades-le-Lez – Commune" in html
    assert 'name="membership-organisation_choice"' in html
    response = client.post(
        url, {"membership-role": "employee", "membership-organisation": "mairie de prades"}
    )
    assert response.status_code == 302
    assert Membership.objects.get(person=person).organisation == prades


def test_person_list_says_whether_an_account_is_linked(client):
    client.force_login(make_user_with_role("programme_team"))
    PersonFactory(full_name="Sans Compte")
    html = client.get("/gestion/acteurs/").content.decode()
    assert "peut-être" not in html
    assert "Aucun compte lié" in html
