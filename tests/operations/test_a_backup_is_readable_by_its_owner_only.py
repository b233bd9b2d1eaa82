"""A backup holds every victim's details: its folder and files are the backing-up
account's alone, whatever the umask of the shell or timer that ran it."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

# The backup reads the database in a snapshot of its own: a real transaction, not the
# test's.
pytestmark = pytest.mark.django_db(transaction=True)


def test_a_backup_is_readable_by_its_owner_only(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    default_storage.save("evidence/letter.pdf", ContentFile(b"%PDF-1.4 a letter"))
    out = tmp_path / "backups" / "tonight"
    previous = os.umask(0o022)
    try:
        call_command("backup", out=out, stdout=io.StringIO())
    finally:
        os.umask(previous)

    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    written = sorted(out.iterdir())
    assert written
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
