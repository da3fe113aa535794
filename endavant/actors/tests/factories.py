"""Factories for the directory's tests."""

from __future__ import annotations

import factory

from endavant.actors.models import Membership, Organisation, Person
from endavant.core.text import search_key
from endavant.territory.models import Commune, Departement, Intercommunality


class DepartementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Departement
        django_get_or_create = ("code",)

    code = "66"
    name = "Pyrénées-Orientales"


class IntercommunalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Intercommunality
        django_get_or_create = ("siren",)

    siren = factory.Sequence(lambda n: f"2000{n:05d}")
    name = factory.Sequence(lambda n: f"Communauté de communes {n}")


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commune
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"66{(n + 100) % 1000:03d}")
    name = factory.Sequence(lambda n: f"Commune {n}")
    departement = factory.SubFactory(DepartementFactory)
    intercommunality = factory.SubFactory(IntercommunalityFactory)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Association {n}")
    kind = Organisation.Kind.ASSOCIATION
    search_text = factory.LazyAttribute(lambda o: search_key(o.name))


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Personne {n}")
    email = factory.Sequence(lambda n: f"personne{n}@example.org")
    phone = "04 68 00 00 00"
    search_text = factory.LazyAttribute(lambda o: search_key(o.full_name))


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.RESIDENT
    is_public = True
