"""The `fraudhub` console script: Django's management commands, with hyphenated names."""

import os
import sys


def main(argv: list[str] | None = None) -> int:
    """Run a management command; `fraudhub demo-data` runs the `demo_data` command."""
    args = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fraudhub.settings")
    if len(args) > 1 and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
    from django.core.management import execute_from_command_line

    args[0] = "fraudhub"
    execute_from_command_line(args)
    return 0
