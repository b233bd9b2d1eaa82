"""The deployment guide loads the environment file into a shell (`set -a; . FILE`) before
migrating; systemd reads the same file. Both must see each value whole."""

from __future__ import annotations

import subprocess
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[2] / "deploy" / "fraudhub.env.example"


def test_the_example_environment_file_reads_in_a_shell() -> None:
    shown = subprocess.run(
        [
            "/bin/sh",
            "-c",
            'set -a; . "$1"; set +a; printf "%s\\n" "$DEFAULT_FROM_EMAIL" "$FRAUDHUB_HUB_HOURS"',
            "sh",
            str(EXAMPLE),
        ],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert shown.stderr == ""
    assert shown.stdout.splitlines() == [
        "Fraud Hub <no-reply@fraudhub.example.org>",
        "Monday to Friday, 9am to 5pm",
    ]
