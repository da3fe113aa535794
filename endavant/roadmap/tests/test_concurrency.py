"""Two freezes of the roadmap at the same instant, on PostgreSQL: versions 1 and 2, no error."""

from __future__ import annotations

import pytest

from endavant.core.models import AuditEntry
from endavant.core.testing.concurrency import errors, run_in_parallel, skip_without_parallel_writes
from endavant.programmes.models import Programme
from endavant.roadmap import services
from endavant.roadmap.models import RoadmapVersion

pytestmark = pytest.mark.django_db(transaction=True)


def test_simultaneous_freezes_get_consecutive_numbers(team, programme, orientation):
    """The programme row is locked while numbering: one freeze gets 1, the other 2."""
    skip_without_parallel_writes()

    def freeze(label: str):
        # Each thread reads its own copy of the programme, as two requests would.
        return lambda: services.roadmap_freeze(
            actor=team,
            programme=Programme.objects.get(pk=programme.pk),
            label=label,
            reason="Deux personnes ont figé en même temps",
        )

    outcomes = run_in_parallel([freeze("Version A"), freeze("Version B")])
    assert not errors(outcomes)
    assert sorted(outcome.result.number for outcome in outcomes) == [1, 2]
    assert sorted(RoadmapVersion.objects.values_list("number", flat=True)) == [1, 2]
    assert AuditEntry.objects.filter(action="roadmap.freeze").count() == 2
