"""Factories for territory tests."""

from __future__ import annotations

import factory

from endavant.territory.models import Commune, Departement, IndicatorValue


class DepartementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Departement
        django_get_or_create = ("code",)

    code = "66"
    name = "Pyrénées-Orientales"
    region_code = "76"


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commune

    # Five characters whatever the length of the test session (INSEE codes of the 66).
    code = factory.Sequence(lambda n: f"66{n % 1000:03d}")
    name = factory.Sequence(lambda n: f"Commune {n}")
    departement = factory.SubFactory(DepartementFactory)


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    commune = factory.SubFactory(CommuneFactory)
    indicator = IndicatorValue.ISOLATED
    value = 1.0
    vintage = "COG 2022"
    method = "proxy_aav2020"
    source = "INSEE"
