from __future__ import annotations

import pytest

from endavant.roadmap.models import Competency
from endavant.roadmap.tests import factories


@pytest.fixture
def orientation(programme):
    return factories.orientation(programme)


@pytest.fixture
def culture(db):
    return Competency.objects.get(code="culture")
