"""Figures are served from the cache until something is written, then computed afresh."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from endavant.observatory.tests import factories
from endavant.observatory.tests.test_indicators import _at

pytestmark = pytest.mark.django_db


def _people_total(client) -> int:
    response = client.get("/observatoire/participation/")
    assert response.status_code == 200
    return response.content.decode().count("<tr")


@override_settings(ENDAVANT_OBSERVATORY_CACHE_SECONDS=600)
def test_figures_come_from_the_cache_until_an_act_is_recorded(client):
    cache.clear()
    programme = factories.programme()
    commune = factories.commune(1000, True, name="Isolée")
    target = factories.workshop(programme)
    factories.acts(target, factories.people(6), commune_code=commune.code, at=_at(2020, 3, 15))

    with CaptureQueriesContext(connection) as first:
        before = client.get("/observatoire/participation/")
    with CaptureQueriesContext(connection) as second:
        again = client.get("/observatoire/participation/")
    assert again.context["figures"] == before.context["figures"]
    # The second page reads the data version, not the events.
    assert len(second) < len(first)

    # Six more people of 2021: a new data version, figures computed again and different.
    factories.acts(target, factories.people(6), commune_code=commune.code, at=_at(2021, 3, 15))
    after = client.get("/observatoire/participation/")
    assert after.context["figures"] != before.context["figures"]


@override_settings(ENDAVANT_OBSERVATORY_CACHE_SECONDS=600)
def test_each_language_and_filter_has_its_own_figures(client):
    cache.clear()
    programme = factories.programme()
    commune = factories.commune(1000, True, name="Isolée")
    target = factories.workshop(programme)
    factories.acts(target, factories.people(6), commune_code=commune.code, at=_at(2020, 3, 15))
    whole = client.get("/observatoire/participation/").context["figures"]
    other_year = client.get("/observatoire/participation/?periode=2019").context["figures"]
    assert other_year != whole
    english = client.get("/observatoire/participation/", HTTP_ACCEPT_LANGUAGE="en")
    assert english.context["figures"][0].title != whole[0].title
