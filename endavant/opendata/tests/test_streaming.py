"""Downloads stream: the peak memory of consuming one does not grow with its rows (N and 10 N
within 10 %), and its queries do not either."""

from __future__ import annotations

import gc
import tracemalloc
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from endavant.actors.models import Membership, Organisation, Person
from endavant.actors.tests.factories import CommuneFactory
from endavant.workshops.models import Workshop

pytestmark = pytest.mark.django_db

#: The directory and the workshops dataset read 500 rows per query: from two chunks up, two are
#: alive at once at the turn of a chunk, so the smaller size is two chunks.
DATASET_N = 1000


def _organisations(start: int, count: int, communes: list) -> None:
    orgs = Organisation.objects.bulk_create(
        Organisation(name=f"Org {i}", kind="association", search_text=f"org {i:06d}")
        for i in range(start, start + count)
    )
    through = Organisation.communes_served.through
    through.objects.bulk_create(
        through(organisation_id=o.pk, commune_id=communes[i % len(communes)].pk)
        for i, o in enumerate(orgs)
    )
    people = Person.objects.bulk_create(
        Person(full_name=f"Personne {i}", search_text=f"personne {i}")
        for i in range(start, start + count)
    )
    Membership.objects.bulk_create(
        Membership(person=p, organisation=o, role="elected_official", is_public=True)
        for p, o in zip(people, orgs, strict=True)
    )


def _workshops(programme, start: int, count: int) -> None:
    now = timezone.now()
    Workshop.objects.bulk_create(
        Workshop(
            programme=programme,
            title=f"Atelier {i}",
            format="in_person",
            starts_at=now + timedelta(days=i % 300),
            ends_at=now + timedelta(days=i % 300, hours=2),
        )
        for i in range(start, start + count)
    )


def _consume(client, path: str) -> tuple[int, int, int]:
    """Peak traced memory while the download is consumed, its size and its queries."""
    gc.collect()
    with CaptureQueriesContext(connection) as queries:
        tracemalloc.start()
        try:
            response = client.get(path)
            size = sum(len(chunk) for chunk in response.streaming_content)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert response.status_code == 200
    return peak, size, len(queries)


def _ratio(client, path: str, grow) -> tuple[float, int, int]:
    """Peak memory at 10 N over N (the lower of two runs each: the cyclic garbage collector
    runs when it likes), and the queries at both sizes (equal, or this fails)."""
    _consume(client, path)  # warm caches (translations, templates) outside the measure
    small, small_size, small_queries = min(_consume(client, path) for _ in range(2))
    grow()
    large, large_size, large_queries = min(_consume(client, path) for _ in range(2))
    assert large_size > 9 * small_size
    assert large_queries == small_queries, "queries grow with the rows"
    return large / small, small_queries, large_queries


def test_directory_csv_streams_in_constant_memory_and_queries(client):
    communes = [CommuneFactory() for _ in range(8)]
    _organisations(0, DATASET_N, communes)
    ratio, queries, _ = _ratio(
        client, "/acteurs.csv", lambda: _organisations(DATASET_N, 9 * DATASET_N, communes)
    )
    assert queries <= 4
    assert ratio <= 1.10, f"peak memory grew ×{ratio:.2f} for ×10 rows"


def test_dataset_download_streams_in_constant_memory_and_queries(client, programme):
    _workshops(programme, 0, DATASET_N)
    ratio, queries, _ = _ratio(
        client, "/donnees/ateliers.csv", lambda: _workshops(programme, DATASET_N, 9 * DATASET_N)
    )
    assert ratio <= 1.10, f"peak memory grew ×{ratio:.2f} for ×10 rows"
    assert queries <= 4


def test_json_dataset_download_streams_too(client, programme):
    _workshops(programme, 0, DATASET_N)
    ratio, _queries, _ = _ratio(
        client, "/donnees/ateliers.json", lambda: _workshops(programme, DATASET_N, 9 * DATASET_N)
    )
    assert ratio <= 1.10, f"peak memory grew ×{ratio:.2f} for ×10 rows"
