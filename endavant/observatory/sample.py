"""Sample data for the access matrix and the browser suite (not demo data).

The observatory writes nothing: the acts of participation the pages show are recorded by the
test factories (``tests/factories.py``), through the journal's write path.
"""

from __future__ import annotations

from endavant.programmes.models import Programme


def programme() -> Programme:
    """The sample programme of the other modules (its roadmap has one action)."""
    from endavant.roadmap import sample

    return sample.programme()


def with_participation() -> Programme:
    """The sample programme, with a territory and acts of participation."""
    from endavant.observatory.tests.factories import sample_data

    return sample_data()
