"""``endavant ballots recount``: rebuild ballots' tallies from their votes, or check them."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from endavant.ballots import services
from endavant.ballots.models import Ballot
from endavant.core.services import SYSTEM


class Command(BaseCommand):
    help = (
        "Ballot jobs: recount rebuilds the pre-aggregated tallies of ballots from their votes "
        "(all ballots, or those given with --ballot); with --check it only says which differ."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("job", choices=["recount"])
        parser.add_argument("--ballot", type=int, action="append", dest="ballots", default=[])
        parser.add_argument(
            "--check",
            action="store_true",
            help="write nothing; fail when a ballot's tallies differ from its votes",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        ballots = Ballot.objects.order_by("pk")
        if options["ballots"]:
            ballots = ballots.filter(pk__in=options["ballots"])
            missing = set(options["ballots"]) - set(ballots.values_list("pk", flat=True))
            if missing:
                raise CommandError(f"No ballot with id {', '.join(map(str, sorted(missing)))}.")
        differing = []
        for ballot in ballots:
            if options["check"]:
                if services.tallies_differ(ballot):
                    differing.append(ballot.pk)
                    self.stdout.write(f"ballot {ballot.pk}: tallies differ from the votes")
                continue
            rows = services.ballot_recount(actor=SYSTEM, ballot=ballot)
            self.stdout.write(f"ballot {ballot.pk}: {rows} tally row(s)")
        if differing:
            raise CommandError(
                f"{len(differing)} ballot(s) with tallies that differ: run without --check."
            )
