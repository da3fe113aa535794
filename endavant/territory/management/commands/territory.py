"""``endavant territory import <source> [path]``: import the territory's open data.

Without a path each source reads its embedded file. ``all`` imports the embedded default set
and computes the isolation proxy. A second run changes nothing; a malformed file changes nothing
and the error names the file, the line and the column.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from django.core.management.base import BaseCommand, CommandError, CommandParser

from endavant.territory import services
from endavant.territory.formats import DataFormatError

T = TypeVar("T")

SOURCES: dict[str, str] = {
    "communes": "INSEE membership table (COG 2022): départements, EPCIs, communes, AAV 2020",
    "population": "INSEE base comparateur de territoires: P18_POP (2018), SUPERF",
    "zau2010": "INSEE zoning in urban areas 2010 (CATAEU2010, COG 2019 table)",
    "ftth": "ARCEP FttH premises per commune, 2017T3-2018T1",
    "centroids": "IGN commune centroids (COG 2018); not town halls",
    "proxy": "compute the isolation proxy (AAV 2020 category 30); no file",
    "flows": "INSEE MOBPRO home-to-work flows (path required): isolation indicator",
    "all": "every embedded file, then the proxy",
}


class Command(BaseCommand):
    help = "Import the territory's open data (communes, zonings, population, FttH, flows)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        importer = actions.add_parser("import", help="import one source")
        sources = importer.add_subparsers(dest="source", required=True)
        for name, help_text in SOURCES.items():
            sub = sources.add_parser(name, help=help_text)
            if name not in {"all", "proxy"}:
                sub.add_argument("path", nargs="?" if name != "flows" else None, type=Path)
            if name == "flows":
                sub.add_argument("--zoning", choices=["zau2010", "aav2020"], default="zau2010")
                sub.add_argument("--threshold", type=float, default=None)
            sub.add_argument("--quiet", action="store_true", help="no progress bar")
            if name == "all":
                sub.add_argument(
                    "--background",
                    action="store_true",
                    help="enqueue the import as a job for the worker (see /gestion/taches/)",
                )

    def handle(self, *args: Any, **options: Any) -> None:
        source = options["source"]
        path = options.get("path")
        progress = self._progress(options["quiet"])
        if source == "all" and options.get("background"):
            from endavant.territory.tasks import embedded_import

            result = embedded_import.enqueue()
            self.stdout.write(f"Import enqueued as job {result.id}; follow it on /gestion/taches/.")
            return
        try:
            if source == "all":
                report = services.embedded_import(progress=progress)
            elif source == "proxy":
                report = services.isolation_proxy_compute()
            elif source == "flows":
                report = services.flows_import(
                    path=Path(str(path)),
                    zoning=options["zoning"],
                    threshold=options["threshold"],
                    progress=progress,
                )
            else:
                step = getattr(services, f"{source}_import")
                report = step(path=path, progress=progress)
        except DataFormatError as error:
            raise CommandError(f"Nothing imported. {error}") from error
        except FileNotFoundError as error:
            raise CommandError(f"Nothing imported. File not found: {error.filename}") from error
        if source != "all" and report.changed:
            services.tables_analyse()  # ``all`` does it itself
        for line in report.lines():
            self.stdout.write(line)

    def _progress(self, quiet: bool) -> Callable[[Iterable[T], int], Iterable[T]]:
        if quiet or not sys.stderr.isatty():
            return services.no_progress

        def bar(rows: Iterable[T], total: int) -> Iterable[T]:
            from tqdm import tqdm

            return tqdm(rows, total=total or None, unit=" rows", file=sys.stderr)

        return bar
