"""Erase the accounts unused for longer than ENDAVANT_INACTIVE_ACCOUNT_RETENTION_DAYS."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from endavant.accounts.privacy import account_erase, inactive_accounts, retention_days


class Command(BaseCommand):
    help = "Erase (pseudonymise) accounts inactive for longer than the retention period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be erased; change nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        accounts = list(inactive_accounts())
        days = retention_days()
        if options["dry_run"]:
            self.stdout.write(f"{len(accounts)} account(s) inactive for more than {days} days:")
            for user in accounts:
                self.stdout.write(f"  #{user.pk} last login {user.last_login or 'never'}")
            return
        for user in accounts:
            account_erase(user=user, actor=None, reason=f"inactive for more than {days} days")
        self.stdout.write(f"Erased {len(accounts)} account(s) inactive for more than {days} days.")
