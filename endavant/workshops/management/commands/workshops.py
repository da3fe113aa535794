"""``endavant workshops send-notices``: send (and retry) the e-mails owed to registrants."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from endavant.workshops import notices


class Command(BaseCommand):
    help = "Workshop jobs: send-notices sends and retries the e-mails owed to registrants."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("job", choices=["send-notices"])
        parser.add_argument("--limit", type=int, default=500)

    def handle(self, *args: Any, **options: Any) -> None:
        sent, failed = notices.send_pending(limit=options["limit"])
        self.stdout.write(f"workshops: {sent} notice(s) sent, {failed} failed (will be retried)")
