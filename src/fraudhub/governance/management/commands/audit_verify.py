"""`fraudhub audit-verify [--checkpoint FILE]`: check that no audit entry was changed,
removed or reordered; exits 1 naming the first entry that breaks the chain."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fraudhub.governance.audit_chain import Break
from fraudhub.governance.audit_checks import read_checkpoints, verify_chain


class Command(BaseCommand):
    help = (
        "Check the audit log's chain from its first entry to its last, and against the "
        "checkpoints in FILE (written by audit-checkpoint) when given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--checkpoint", type=Path, help="A file of checkpoints from audit-checkpoint"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        checkpoints = []
        if options["checkpoint"] is not None:
            try:
                checkpoints = read_checkpoints(options["checkpoint"])
            except (OSError, ValueError, KeyError) as exc:
                raise CommandError(
                    f"Could not read the checkpoints in {options['checkpoint']}: {exc}"
                ) from exc
        result = verify_chain(checkpoints)
        if isinstance(result, Break):
            raise CommandError(f"The audit log has been tampered with. {result}.")
        against = (
            f", and matches {len(checkpoints)} checkpoint(s)"
            if checkpoints
            else ". It was not checked against checkpoints: give --checkpoint FILE to catch "
            "a rewrite of the whole log"
        )
        self.stdout.write(
            f"The audit log is intact: {result.entries} entries, the last is "
            f"{result.last_sequence} with hash {result.last_hash}{against}."
        )
