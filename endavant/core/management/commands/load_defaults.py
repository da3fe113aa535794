"""Load the embedded default data of every app (idempotent)."""

from __future__ import annotations

import importlib
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load the embedded default data of every app; a second run changes nothing."

    def handle(self, *args: Any, **options: Any) -> None:
        for config in apps.get_app_configs():
            if not config.name.startswith("endavant."):
                continue
            try:
                module = importlib.import_module(f"{config.name}.defaults")
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.defaults":
                    raise
                continue
            module.load(self.stdout)
