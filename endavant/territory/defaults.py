"""Embedded default data: every French commune (COG 2022) with its zonings, population, FttH
coverage and the isolation proxy. Called by ``endavant load_defaults`` (and so ``make run``)."""

from __future__ import annotations

from typing import TextIO

from endavant.territory import services
from endavant.territory.models import DatasetLoad


def load(stdout: TextIO) -> None:
    """Import the embedded files unless this version is already loaded (a one-query no-op)."""
    if DatasetLoad.objects.filter(name="embedded", version=services.EMBEDDED_VERSION).exists():
        stdout.write("territory: embedded data already loaded\n")
        return
    report = services.embedded_import()
    stdout.write("territory: embedded open data imported\n")
    for line in report.lines():
        stdout.write(f"  {line}\n")
