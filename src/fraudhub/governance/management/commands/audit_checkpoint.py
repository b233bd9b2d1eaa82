"""`fraudhub audit-checkpoint --out FILE [--email ADDRESS]`: verify the audit log and keep
its latest hash outside the database, so a rewrite of the whole chain is caught later.
`--schedule` books a daily checkpoint in the background worker instead."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fraudhub.governance.audit_checks import ChainBroken, schedule_checkpoint, write_checkpoint


class Command(BaseCommand):
    help = "Add the audit log's latest entry and hash to FILE and/or send it to ADDRESS."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", type=Path, help="File to add the checkpoint line to")
        parser.add_argument("--email", default="", help="Address to send the checkpoint to")
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Book a daily checkpoint (FRAUDHUB_AUDIT_CHECKPOINT_FILE, _EMAIL, _HOUR)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["schedule"]:
            when = schedule_checkpoint()
            if when is None:
                raise CommandError("The background queue cannot run work later.")
            self.stdout.write(f"The next checkpoint is booked for {when:%Y-%m-%d %H:%M} UTC.")
            return
        if options["out"] is None and not options["email"]:
            raise CommandError(
                "Say where the checkpoint goes: --out FILE, --email ADDRESS or both."
            )
        try:
            point = write_checkpoint(out=options["out"], email=options["email"])
        except ChainBroken as exc:
            raise CommandError(
                f"No checkpoint written: the audit log has been tampered with. {exc}."
            ) from exc
        except OSError as exc:
            raise CommandError(f"Could not write {options['out']}: {exc}") from exc
        kept = [f"added to {options['out']}"] if options["out"] else []
        kept += [f"sent to {options['email']}"] if options["email"] else []
        where = f" ({', '.join(kept)})" if kept else ""
        self.stdout.write(f"Checkpoint: entry {point.sequence}, hash {point.hash}{where}.")
