"""The isolation selectors other apps rely on."""

from __future__ import annotations

import pytest

from endavant.territory.models import Commune
from endavant.territory.selectors import commune_is_isolated, communes_with_isolation
from endavant.territory.tests.factories import CommuneFactory, IndicatorValueFactory

pytestmark = pytest.mark.django_db


def test_commune_is_isolated_reads_the_indicator_and_is_none_without_one() -> None:
    """An isolated, a non-isolated and an unknown commune give True, False and None."""
    isolated = IndicatorValueFactory(value=1.0).commune
    other = IndicatorValueFactory(value=0.0).commune
    unknown = CommuneFactory()
    assert commune_is_isolated(isolated) is True
    assert commune_is_isolated(other) is False
    assert commune_is_isolated(unknown) is None


def test_communes_with_isolation_annotates_in_one_query(django_assert_num_queries) -> None:
    """The annotation adds a join, not a query per commune, and keeps one row per commune."""
    IndicatorValueFactory(value=1.0, commune__code="66001")
    IndicatorValueFactory(value=0.0, commune__code="66002")
    CommuneFactory(code="66003")
    with django_assert_num_queries(1):
        rows = {
            c.code: (c.is_isolated, c.isolation_method)
            for c in communes_with_isolation(Commune.objects.all())
        }
    assert rows == {
        "66001": (True, "proxy_aav2020"),
        "66002": (False, "proxy_aav2020"),
        "66003": (None, None),
    }
    annotated = communes_with_isolation().get(code="66001")
    assert commune_is_isolated(annotated) is True
