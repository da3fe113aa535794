"""Audience and commune of a user, as ballots and the observatory read them."""

from __future__ import annotations

import datetime

import pytest

from endavant.accounts.models import User
from endavant.actors.models import Membership
from endavant.actors.selectors import audience_for_user, commune_for_user
from endavant.actors.tests.factories import CommuneFactory, MembershipFactory, PersonFactory
from endavant.core.audiences import Audience

pytestmark = pytest.mark.django_db


def test_audience_is_unknown_without_membership_or_for_anonymous():
    """No current membership (or no login) gives the "unknown" audience."""
    from django.contrib.auth.models import AnonymousUser

    user = User.objects.create_user(email="a@example.org")
    assert audience_for_user(user) == Audience.UNKNOWN
    assert audience_for_user(AnonymousUser()) == Audience.UNKNOWN
    assert audience_for_user(None) == Audience.UNKNOWN


def test_elected_official_wins_over_other_current_roles(django_assert_max_num_queries):
    """A mayor who also owns a business and lives there counts as an elected official."""
    user = User.objects.create_user(email="maire@example.org")
    person = PersonFactory(user=user)
    for role in (Membership.Role.RESIDENT, Membership.Role.BUSINESS_OWNER):
        MembershipFactory(person=person, role=role)
    MembershipFactory(person=person, role=Membership.Role.ELECTED_OFFICIAL)
    with django_assert_max_num_queries(1):
        assert audience_for_user(user) == Audience.ELECTED_OFFICIAL


def test_ended_membership_no_longer_counts():
    """A mandate that ended yesterday no longer gives its audience; the current one does."""
    user = User.objects.create_user(email="ex@example.org")
    person = PersonFactory(user=user)
    today = datetime.date(2026, 6, 1)
    MembershipFactory(
        person=person,
        role=Membership.Role.ELECTED_OFFICIAL,
        start_date=datetime.date(2020, 1, 1),
        end_date=datetime.date(2026, 5, 31),
    )
    MembershipFactory(person=person, role=Membership.Role.ASSOCIATION_MEMBER)
    MembershipFactory(
        person=person, role=Membership.Role.EMPLOYEE, start_date=datetime.date(2026, 7, 1)
    )
    assert audience_for_user(user, today=today) == Audience.ASSOCIATION


def test_commune_comes_from_account_then_directory_person():
    """The account's home commune wins; otherwise the directory person's; otherwise None."""
    prades, ille = CommuneFactory(name="Prades"), CommuneFactory(name="Ille-sur-Têt")
    user = User.objects.create_user(email="c@example.org")
    assert commune_for_user(user) is None
    PersonFactory(user=user, home_commune=ille)
    assert commune_for_user(user) == ille
    user.home_commune = prades
    user.save()
    assert commune_for_user(user) == prades
