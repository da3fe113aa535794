"""``endavant pb allocate FILE.pb --rule equal-shares|greedy``: the selected project ids of a
Pabulib file, one per line, in selection order."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from endavant.voting import pabulib


class Command(BaseCommand):
    help = "Participatory budgeting rules on Pabulib (.pb) files."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="command", required=True)
        allocate = commands.add_parser(
            "allocate", help="print the funded project ids, one per line, in selection order"
        )
        allocate.add_argument("file", type=Path)
        allocate.add_argument("--rule", choices=pabulib.RULES, default="equal-shares")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            instance = pabulib.read_pabulib(options["file"])
            result = pabulib.allocate(instance, options["rule"])
        except (OSError, ValueError) as error:
            raise CommandError(f"{options['file']}: {error}") from error
        for project_id in result.selected:
            self.stdout.write(str(project_id))
