"""The restore drill: a backup of the demo county restores into a fresh database with every
table's rows, a verified audit log and the uploaded files byte for byte; and a changed or
damaged backup, or a target that already holds data, is refused before anything is written."""

from __future__ import annotations

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

import fraudhub
from fraudhub.governance.models import AuditEvent
from fraudhub.operations.backups import BackupError, check_media_tar, row_counts

pytestmark = pytest.mark.django_db(transaction=True)

PHOTO = bytes(range(256)) * 40  # a file whose every byte matters
SOURCE_DIR = str(Path(fraudhub.__file__).resolve().parent.parent)


@pytest.fixture
def media(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def fresh_database(tmp_path: Path) -> Iterator[str]:
    """The URL of a new, empty database of the engine under test, dropped afterwards."""
    given = connection.settings_dict
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    name = f"fraudhub_restore_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    password = f":{given['PASSWORD']}" if given.get("PASSWORD") else ""
    yield (
        f"postgres://{given['USER']}{password}@{given['HOST'] or '127.0.0.1'}:"
        f"{given['PORT'] or 5432}/{name}"
    )
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def fraudhub_command(
    *args: str, database_url: str, media_root: Path
) -> subprocess.CompletedProcess[str]:
    """A `fraudhub` command as an operator runs it, against another database."""
    from django.conf import settings

    env = {
        **os.environ,
        "PYTHONPATH": SOURCE_DIR,
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
        "SECRET_KEY": settings.SECRET_KEY,
        "DEBUG": "1",
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", "from fraudhub.cli import main; main()", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def counts_in(database_url: str) -> dict[str, int]:
    if database_url.startswith("sqlite:///"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as db:
            tables = [
                r[0]
                for r in db.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' "
                    "AND name NOT LIKE 'sqlite_%'"
                )
            ]
            return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}  # noqa: S608
    with psycopg.connect(database_url) as db:
        tables = [
            r[0]
            for r in db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
            ).fetchall()
        ]
        return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}  # noqa: S608


@pytest.fixture
def reference_rows() -> None:
    """The rows migrations make (the hub, the taxonomy, the interventions and letters, the
    banks, the linking exclusions), which a test before this one that commits may have
    flushed with everything else; the demo county needs them."""
    from fraudhub.casework import library, recovery_library
    from fraudhub.casework.models import Bank, Intervention, MessageTemplate
    from fraudhub.governance.models import Organisation
    from fraudhub.linking import exclusions
    from fraudhub.linking.models import ExcludedIdentifier
    from fraudhub.reports import taxonomy
    from fraudhub.reports.models import ContactMethod, ScamType

    Organisation.objects.get_or_create(
        slug="fraud-hub",
        defaults={"name": "Fraud Hub", "kind": "fraud_hub", "sees_all_reports": True},
    )
    taxonomy.seed(ScamType, ContactMethod)
    library.seed(Intervention, MessageTemplate)
    recovery_library.seed(Bank, MessageTemplate)
    exclusions.seed(ExcludedIdentifier)


def test_a_backup_of_the_demo_county_restores_whole_into_a_fresh_database(
    media: Path, fresh_database: str, tmp_path: Path, reference_rows: None
) -> None:
    call_command("demo_data", reports=60, seed=1, force=True, stdout=io.StringIO())
    default_storage.save("evidence/2026/photo.jpg", ContentFile(PHOTO))
    before = row_counts()
    assert before["reports_report"] >= 60
    entries = AuditEvent.objects.count()

    call_command("backup", out=tmp_path / "backup", stdout=io.StringIO())
    restored_media = tmp_path / "restored-media"
    done = fraudhub_command(
        "restore", str(tmp_path / "backup"), database_url=fresh_database, media_root=restored_media
    )

    assert done.returncode == 0, done.stderr
    assert f"The audit log is intact: {entries:,} entries" in done.stdout
    assert counts_in(fresh_database) == before
    assert (restored_media / "evidence/2026/photo.jpg").read_bytes() == PHOTO


def backed_up(tmp_path: Path) -> Path:
    default_storage.save("evidence/letter.pdf", ContentFile(b"%PDF-1.4 a letter"))
    call_command("backup", out=tmp_path / "backup", stdout=io.StringIO())
    return tmp_path / "backup"


def test_a_backup_whose_files_changed_after_it_was_taken_is_refused(
    media: Path, tmp_path: Path
) -> None:
    folder = backed_up(tmp_path)
    with (folder / "media.tar").open("ab") as tar:
        tar.write(b"\0" * 512)
    with pytest.raises(CommandError, match="media.tar does not match its checksum"):
        call_command("restore", folder)


def test_a_backup_whose_manifest_was_edited_is_refused(media: Path, tmp_path: Path) -> None:
    folder = backed_up(tmp_path)
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["row_counts"]["reports_report"] = 0
    (folder / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match="manifest.json does not match its checksum"):
        call_command("restore", folder)


def test_a_backup_whose_checksums_leave_out_its_files_is_refused(
    media: Path, tmp_path: Path
) -> None:
    """A media.tar (or database copy) left out of SHA256SUMS and the manifest would be
    restored without its checksum being checked: the backup is refused instead."""
    folder = backed_up(tmp_path)
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["files"] = [f for f in manifest["files"] if f["name"] != "media.tar"]
    (folder / "manifest.json").write_text(json.dumps(manifest))
    sums = [
        line
        for line in (folder / "SHA256SUMS").read_text().splitlines()
        if not line.endswith(("media.tar", "manifest.json"))
    ]
    digest = hashlib.sha256((folder / "manifest.json").read_bytes()).hexdigest()
    sums.append(f"{digest}  manifest.json")
    (folder / "SHA256SUMS").write_text("\n".join(sums) + "\n")
    with pytest.raises(CommandError, match="do not list media.tar"):
        call_command("restore", folder)


def test_a_database_that_already_holds_data_is_not_restored_over(
    media: Path, tmp_path: Path
) -> None:
    folder = backed_up(tmp_path)
    with pytest.raises(CommandError, match="is not empty"):
        call_command("restore", folder)
    assert (media / "evidence/letter.pdf").read_bytes() == b"%PDF-1.4 a letter"


def test_a_media_tar_reaching_outside_its_folder_is_refused(tmp_path: Path) -> None:
    with tarfile.open(tmp_path / "media.tar", "w") as tar:
        body = b"overwritten"
        member = tarfile.TarInfo("../../etc/cron.d/evil")
        member.size = len(body)
        tar.addfile(member, io.BytesIO(body))
    with pytest.raises(BackupError, match="may not be unpacked"):
        check_media_tar(tmp_path, tmp_path / "media")


@pytest.mark.parametrize("kind", [tarfile.SYMTYPE, tarfile.LNKTYPE, tarfile.FIFOTYPE])
def test_a_media_tar_holding_a_link_even_one_inside_its_folder_is_refused(
    tmp_path: Path, kind: bytes
) -> None:
    """A backup holds only plain files, so a link (which tarfile's filter has let through
    in ways found later) is refused before anything is restored."""
    (tmp_path / "media").mkdir()
    with tarfile.open(tmp_path / "media.tar", "w") as tar:
        body = b"%PDF-1.4"
        plain = tarfile.TarInfo("evidence/letter.pdf")
        plain.size = len(body)
        tar.addfile(plain, io.BytesIO(body))
        link = tarfile.TarInfo("evidence/copy.pdf")
        link.type = kind
        link.linkname = "evidence/letter.pdf"
        tar.addfile(link)
    with pytest.raises(BackupError, match="may not be unpacked"):
        check_media_tar(tmp_path, tmp_path / "media")


def test_a_folder_with_no_checksums_is_not_a_backup(media: Path, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(CommandError, match="holds no SHA256SUMS"):
        call_command("restore", tmp_path / "empty")


def test_files_already_in_media_root_are_not_restored_over(
    media: Path, fresh_database: str, tmp_path: Path
) -> None:
    folder = backed_up(tmp_path)
    occupied = tmp_path / "occupied"
    (occupied / "evidence").mkdir(parents=True)
    (occupied / "evidence" / "letter.pdf").write_bytes(b"someone else's letter")
    done = fraudhub_command(
        "restore", str(folder), database_url=fresh_database, media_root=occupied
    )
    assert done.returncode != 0
    assert "MEDIA_ROOT" in done.stderr and "is not empty" in done.stderr
    assert counts_in(fresh_database) == {}
    assert (occupied / "evidence" / "letter.pdf").read_bytes() == b"someone else's letter"
