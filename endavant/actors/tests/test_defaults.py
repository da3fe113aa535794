"""Demo data: real communes as organisations, fictional people labelled as such."""

from __future__ import annotations

import io

import pytest

from endavant.actors import defaults
from endavant.actors.models import Organisation, Person
from endavant.actors.tests.factories import CommuneFactory, DepartementFactory

pytestmark = pytest.mark.django_db


def test_skips_when_territory_not_loaded():
    """Without communes of the 66, nothing is created and the output says why."""
    out = io.StringIO()
    defaults.load(out)
    assert "skipped" in out.getvalue()
    assert not Organisation.objects.exists()


def test_each_commune_of_66_becomes_an_organisation_serving_itself_once(
    django_assert_max_num_queries,
):
    """Every commune of the 66 (and only those) is an organisation; a re-run adds nothing."""
    communes = [CommuneFactory(name=f"Commune {i}") for i in range(4)]
    other = CommuneFactory(code="11001", departement=DepartementFactory(code="11", name="Aude"))
    defaults.load(io.StringIO())
    orgs = Organisation.objects.filter(kind=Organisation.Kind.COMMUNE)
    assert orgs.count() == 4
    assert {org.communes_served.get().code for org in orgs} == {c.code for c in communes}
    assert other.code not in set(orgs.values_list("communes_served__code", flat=True))
    people = Person.objects.all()
    assert people.count() == 3
    assert all(p.is_fictional and "fictif" in p.full_name for p in people)
    with django_assert_max_num_queries(5):
        defaults.load(io.StringIO())
    assert Organisation.objects.filter(kind=Organisation.Kind.COMMUNE).count() == 4
    assert Person.objects.count() == 3
