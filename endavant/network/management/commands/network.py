"""``endavant network import-sites <file>`` reads a CSV export of the national directory of
public services; ``endavant network refresh-stats`` recomputes the networks' public figures
(run it daily from cron: "in service at the end of this year" moves with the date)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from endavant.core.services import SYSTEM
from endavant.network import services
from endavant.network.models import Network


class Command(BaseCommand):
    help = (
        "Network jobs: import-sites reads the directory of public services (CSV export); "
        "refresh-stats recomputes the public figures of every network."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        jobs = parser.add_subparsers(dest="job", required=True)
        sites = jobs.add_parser("import-sites", help="import public sites from a directory export")
        sites.add_argument("path", type=Path)
        sites.add_argument("--departement", default="", help='only this département ("66")')
        sites.add_argument(
            "--only-valid", action="store_true", help="import the valid rows, skip the bad ones"
        )
        jobs.add_parser("refresh-stats", help="recompute the networks' public figures")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["job"] == "refresh-stats":
            count = 0
            for network in Network.objects.select_related("programme"):
                services.network_stats_refresh(network=network)
                count += 1
            self.stdout.write(f"network: figures of {count} network(s) recomputed")
            return
        path: Path = options["path"]
        try:
            raw = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from error
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")
        # The national file holds tens of thousands of services: no row limit here, the
        # département filter keeps what the programme needs.
        report = services.sites_import(
            actor=SYSTEM,
            text=text,
            only_valid=options["only_valid"],
            departement=options["departement"],
            max_rows=None,
        )
        for message in report.file_errors:
            self.stderr.write(message)
        for row in report.bad_rows[:50]:
            self.stderr.write(f"line {row.line}: {'; '.join(row.errors)}")
        self.stdout.write(
            f"network: {report.created} site(s) created, {report.updated} updated, "
            f"{len(report.bad_rows)} bad row(s), {report.outside} outside the département"
        )
        if report.file_errors or (report.bad_rows and not report.imported):
            raise CommandError("nothing imported")
