"""The embedded defaults: a re-run with the same dataset version is a no-op."""

from __future__ import annotations

from io import StringIO

import pytest

from endavant.territory import defaults, services
from endavant.territory.models import Commune, DatasetLoad

pytestmark = pytest.mark.django_db


def test_load_is_a_no_op_when_this_version_is_loaded(django_assert_num_queries) -> None:
    """With the marker of the current version, load() runs one query and imports nothing."""
    DatasetLoad.objects.create(name="embedded", version=services.EMBEDDED_VERSION)
    out = StringIO()
    with django_assert_num_queries(1):
        defaults.load(out)
    assert "already loaded" in out.getvalue()
    assert not Commune.objects.exists()
