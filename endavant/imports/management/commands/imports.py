"""``endavant imports decidim DIR | consul DIR | granddebat FILE [--programme SLUG]``: import a
past programme (or the Grand Débat reference series) for analysis. Idempotent, all or nothing.

Without a path, the samples shipped in ``endavant/imports/data`` are imported.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from endavant.core.csv import CSVFormatError
from endavant.core.services import SYSTEM, ApplicationError
from endavant.imports import sources


class Command(BaseCommand):
    help = "Import a past programme (Decidim, CONSUL) or the Grand Débat 2019 aggregates."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="platform", required=True)
        for platform, what in (
            ("decidim", "a folder with a Decidim open-data export (proposals.csv, ...)"),
            ("consul", "a folder with a CONSUL export (proposals.csv, comments.csv)"),
            ("granddebat", "participants_par_departement.csv"),
        ):
            sub = commands.add_parser(platform, help=f"import {what}")
            sub.add_argument("path", type=Path, nargs="?", help=what)
            sub.add_argument(
                "--programme",
                default="",
                help="slug of the (archived) programme to import into, created on the first run",
            )

    def handle(self, *args: Any, **options: Any) -> None:
        platform = options["platform"]
        path = options["path"] or sources.SAMPLES[platform]
        if not path.exists():
            raise CommandError(f"{path}: no such file or folder")
        try:
            result = sources.run(
                platform,
                path,
                actor=SYSTEM,
                slug=options["programme"],
                progress=lambda text: self.stderr.write(f"  {text}"),
            )
        except CSVFormatError as error:
            raise CommandError(f"{path}: {error} — nothing was imported") from error
        except ApplicationError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            f"{result.programme}: {result.read} read, {result.created} created, "
            f"{result.already_there} already there, {result.events} participation events, "
            f"{result.seconds:.2f} s"
        )
