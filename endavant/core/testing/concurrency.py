"""Running callables at the same instant, each in its own thread and database connection.

Races ("one vote per person", "numbers follow each other", "no duplicate") only show when several
transactions really overlap, which needs a database that lets them: PostgreSQL. SQLite serialises
every write (and the test database lives in memory), so race tests skip there with the reason;
CI runs them on PostgreSQL. Tests that use this need ``@pytest.mark.django_db(transaction=True)``:
inside the usual test transaction the other threads would not see the test's rows.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection, connections

#: How long a thread may wait for the others at the start line, or the whole run take, in seconds.
TIMEOUT = 60


@dataclass
class Outcome:
    """What one callable returned, or the exception it raised."""

    result: Any = None
    error: BaseException | None = None


def run_in_parallel(callables: Sequence[Callable[[], Any]]) -> list[Outcome]:
    """Call every callable in its own thread, all released together; outcomes in order.

    A ``threading.Barrier`` holds each thread until all are ready, so that they hit the database
    at the same moment. Each thread uses its own connection, closed when it ends.
    """
    barrier = threading.Barrier(len(callables))
    outcomes = [Outcome() for _ in callables]

    def run(index: int, function: Callable[[], Any]) -> None:
        try:
            barrier.wait(TIMEOUT)
            outcomes[index].result = function()
        except BaseException as error:
            outcomes[index].error = error
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(index, function), name=f"parallel-{index}")
        for index, function in enumerate(callables)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT)
    stuck = [thread.name for thread in threads if thread.is_alive()]
    if stuck:
        raise AssertionError(f"Threads still running after {TIMEOUT} s: {stuck}")
    return outcomes


def errors(outcomes: Sequence[Outcome]) -> list[BaseException]:
    """The exceptions raised, to assert there were none (the list shows in the failure)."""
    return [outcome.error for outcome in outcomes if outcome.error is not None]


def skip_without_parallel_writes() -> None:
    """Skip the calling test on SQLite, where writes are serialised and no race can happen."""
    if connection.vendor == "sqlite":
        pytest.skip(
            "SQLite serialises writes (and the test database is in memory): races are tested "
            "on PostgreSQL, as CI does (DATABASE_URL=postgres://...)."
        )
