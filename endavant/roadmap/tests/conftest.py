from __future__ import annotations

import pytest

from endavant.roadmap.models import Competency, Orientation


@pytest.fixture
def orientation(programme):
    return Orientation.objects.create(programme=programme, title="Liaisons intersites", order=1)


@pytest.fixture
def culture(db):
    return Competency.objects.get(code="culture")
