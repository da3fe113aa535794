"""The ``endavant`` console script: every Django management command, as ``manage.py`` does."""

import os
import sys


def main() -> None:
    """Run a management command with the platform's settings."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "endavant.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
