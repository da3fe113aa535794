"""Embedded default data, loaded by ``endavant load_defaults`` (and so by ``make run``).

Each app that ships default data has a ``defaults.py`` module with a ``load(stdout)`` function
that is idempotent and fast when the data is already there. Apps are loaded in
``INSTALLED_APPS`` order, so the territory comes before the actors that live on it.
"""

from __future__ import annotations

from typing import TextIO


def load(stdout: TextIO) -> None:
    """The platform itself needs no data beyond its migrations."""
