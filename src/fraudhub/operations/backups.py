"""Backups that restore: the database (PostgreSQL's own dump, or SQLite's backup API) and
the uploaded files, with a manifest of what they hold and checksums of every file, and a
restore into an empty database that checks all of it before and after.

A backup folder holds `database.dump` (pg_dump's custom format) or `database.sqlite3`,
`media.tar`, `manifest.json` and `SHA256SUMS` (the checksums of the other three, in the
form `sha256sum -c` reads). The row counts in the manifest are taken in the same
snapshot as the dump, so they match it exactly even while the service is in use.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.recorder import MigrationRecorder

from fraudhub.governance.audit_chain import Break
from fraudhub.governance.audit_checks import verify_chain

MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"
POSTGRES_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
MEDIA_TAR = "media.tar"
FORMAT = 1
# libpq's connection parameters that a deployment may set in the database's OPTIONS.
LIBPQ_OPTIONS = (
    "sslmode",
    "sslrootcert",
    "sslcert",
    "sslkey",
    "options",
    "connect_timeout",
    "target_session_attrs",
)


class BackupError(Exception):
    """A backup or restore that cannot go ahead, with what to do about it."""


@dataclass(frozen=True)
class Restored:
    tables: int
    rows: int
    files: int
    audit_entries: int


# --- what a database holds ------------------------------------------------------------


def table_names(conn: BaseDatabaseWrapper = connection) -> list[str]:
    with conn.cursor() as cursor:
        return sorted(conn.introspection.table_names(cursor))


def row_counts(conn: BaseDatabaseWrapper = connection) -> dict[str, int]:
    """Every table's exact row count."""
    counts = {}
    with conn.cursor() as cursor:
        for table in table_names(conn):
            cursor.execute(f"SELECT COUNT(*) FROM {conn.ops.quote_name(table)}")  # noqa: S608
            counts[table] = int(cursor.fetchone()[0])
    return counts


def applied_migrations(conn: BaseDatabaseWrapper = connection) -> dict[str, list[str]]:
    """The migrations applied, by app, in name order."""
    by_app: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(conn).applied_migrations()):
        by_app.setdefault(app, []).append(name)
    return by_app


def app_version() -> str:
    try:
        return importlib.metadata.version("fraudhub")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


# --- files and checksums --------------------------------------------------------------


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def _described(folder: Path, names: list[str]) -> list[dict[str, Any]]:
    return [
        {"name": n, "sha256": sha256(folder / n), "bytes": (folder / n).stat().st_size}
        for n in names
    ]


def _write_sums(folder: Path, names: list[str]) -> None:
    lines = [f"{sha256(folder / n)}  {n}\n" for n in names]
    (folder / SUMS).write_text("".join(lines))


def _read_sums(folder: Path) -> dict[str, str]:
    path = folder / SUMS
    if not path.exists():
        raise BackupError(f"{folder} holds no {SUMS}: it is not a complete Fraud Hub backup.")
    sums = {}
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        match = re.fullmatch(r"([0-9a-f]{64}) [ *](\S+)", line.strip())
        if match is None:
            raise BackupError(f"{SUMS} line {number} is not a checksum and a file name.")
        sums[match.group(2)] = match.group(1)
    return sums


def verify_folder(folder: Path) -> dict[str, Any]:
    """Check every checksum in SHA256SUMS, then that the manifest lists the same files
    with the same checksums and sizes; return the manifest. Nothing is restored from a
    folder that fails."""
    sums = _read_sums(folder)
    if MANIFEST not in sums:
        raise BackupError(f"{SUMS} has no checksum for {MANIFEST}.")
    for name, expected in sums.items():
        path = folder / name
        if "/" in name or not path.is_file():
            raise BackupError(f"{name} is missing from {folder}.")
        if sha256(path) != expected:
            raise BackupError(
                f"{name} does not match its checksum in {SUMS}: the backup was changed or "
                "damaged after it was taken. Restore from another copy."
            )
    manifest: dict[str, Any] = json.loads((folder / MANIFEST).read_text())
    if manifest.get("format") != FORMAT:
        raise BackupError(f"The manifest's format {manifest.get('format')!r} is not {FORMAT}.")
    listed = {f["name"]: f for f in manifest["files"]}
    if set(listed) != set(sums) - {MANIFEST}:
        raise BackupError(f"The manifest and {SUMS} do not list the same files.")
    database = manifest.get("database", {}).get("file")
    for needed in (database, MEDIA_TAR):
        if needed not in listed:
            raise BackupError(
                f"{SUMS} and the manifest do not list {needed or 'the database file'}: what is "
                "restored must be checked first, so this is not a complete Fraud Hub backup."
            )
    for name, entry in listed.items():
        if entry["sha256"] != sums[name] or entry["bytes"] != (folder / name).stat().st_size:
            raise BackupError(f"The manifest's checksum or size of {name} is wrong.")
    return manifest


# --- PostgreSQL's own tools -----------------------------------------------------------


def server_major_version(conn: BaseDatabaseWrapper = connection) -> int:
    conn.ensure_connection()
    return int(conn.pg_version) // 10000  # type: ignore[attr-defined]


def _tool_major(path: Path) -> int | None:
    done = subprocess.run(  # noqa: S603
        [str(path), "--version"], capture_output=True, text=True, check=False
    )
    match = re.search(r"\b(\d+)(?:\.\d+)?", done.stdout)
    return int(match.group(1)) if match else None


def find_tool(name: str, major: int) -> Path:
    """pg_dump or pg_restore of the server's major version: from FRAUDHUB_POSTGRES_BIN
    when set, else on the PATH, else where Debian and Ubuntu install each version."""
    candidates = []
    if settings.FRAUDHUB_POSTGRES_BIN:
        candidates.append(Path(settings.FRAUDHUB_POSTGRES_BIN) / name)
    on_path = shutil.which(name)
    if on_path:
        candidates.append(Path(on_path))
    candidates.append(Path(f"/usr/lib/postgresql/{major}/bin/{name}"))
    found = []
    for path in candidates:
        if path.is_file():
            version = _tool_major(path)
            if version == major:
                return path
            found.append(f"{path} (version {version})")
    seen = f" Found only {', '.join(found)}." if found else ""
    raise BackupError(
        f"{name} for PostgreSQL {major} is needed (the server's version) and was not found.{seen} "
        f"Install it (on Debian: apt-get install postgresql-client-{major}) or set "
        "FRAUDHUB_POSTGRES_BIN to the folder that holds it."
    )


@contextmanager
def _conninfo(conn: BaseDatabaseWrapper) -> Iterator[str]:
    """libpq's connection string for the database, with the password in a private
    password file for the length of the command, never on its command line."""
    from psycopg.conninfo import make_conninfo

    given = conn.settings_dict
    params: dict[str, Any] = {
        "dbname": given["NAME"],
        "user": given.get("USER") or None,
        "host": given.get("HOST") or None,
        "port": str(given["PORT"]) if given.get("PORT") else None,
    }
    params.update(
        {k: str(v) for k, v in (given.get("OPTIONS") or {}).items() if k in LIBPQ_OPTIONS}
    )
    with tempfile.TemporaryDirectory() as private:
        if given.get("PASSWORD"):
            passfile = Path(private) / "pgpass"
            escaped = str(given["PASSWORD"]).replace("\\", "\\\\").replace(":", "\\:")
            passfile.write_text(f"*:*:*:*:{escaped}\n")
            passfile.chmod(0o600)
            params["passfile"] = str(passfile)
        yield make_conninfo(**{k: v for k, v in params.items() if v is not None})


def _run(command: list[str], what: str) -> None:
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{what} failed:\n{done.stderr.strip()[-3000:]}")


# --- backing up -----------------------------------------------------------------------


def _dump_postgres(folder: Path, conn: BaseDatabaseWrapper) -> tuple[dict[str, int], int]:
    """pg_dump in the snapshot the row counts are read in, so both describe the same data."""
    pg_dump = find_tool("pg_dump", server_major_version(conn))
    with transaction.atomic(using=conn.alias), conn.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = row_counts(conn)
        with _conninfo(conn) as conninfo:
            _run(
                [
                    str(pg_dump),
                    "--format=custom",
                    f"--snapshot={snapshot}",
                    "--no-owner",
                    "--no-privileges",
                    f"--file={folder / POSTGRES_DUMP}",
                    f"--dbname={conninfo}",
                ],
                "pg_dump",
            )
    return counts, server_major_version(conn)


def _copy_sqlite(folder: Path, conn: BaseDatabaseWrapper) -> dict[str, int]:
    """SQLite's backup API: a consistent copy even while the service writes."""
    conn.ensure_connection()
    target = sqlite3.connect(folder / SQLITE_COPY)
    try:
        conn.connection.backup(target)
        tables = [
            row[0]
            for row in target.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        return {t: int(target.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0]) for t in tables}  # noqa: S608
    finally:
        target.close()


def _tar_media(folder: Path, media_root: Path) -> int:
    """The uploaded files, as paths relative to MEDIA_ROOT; the number of files."""
    files = 0
    with tarfile.open(folder / MEDIA_TAR, "w") as tar:
        if media_root.is_dir():
            for path in sorted(media_root.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    tar.add(path, arcname=str(path.relative_to(media_root)), recursive=False)
                    files += 1
    return files


def back_up(out: Path, conn: BaseDatabaseWrapper = connection) -> dict[str, Any]:
    """Write a backup of the database and the uploaded files into `out` (a new or empty
    folder); return its manifest."""
    if out.exists() and any(out.iterdir()):
        raise BackupError(f"{out} is not empty: give a new folder for each backup.")
    out.mkdir(parents=True, exist_ok=True)
    # every victim's details: the backing-up account's alone, from the first byte written
    out.chmod(0o700)
    created = datetime.now(UTC)
    database: dict[str, Any]
    if conn.vendor == "postgresql":
        counts, major = _dump_postgres(out, conn)
        database = {"engine": "postgresql", "server_version": major, "file": POSTGRES_DUMP}
    elif conn.vendor == "sqlite":
        counts = _copy_sqlite(out, conn)
        database = {"engine": "sqlite", "file": SQLITE_COPY}
    else:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {conn.vendor}.")
    media_files = _tar_media(out, Path(settings.MEDIA_ROOT))
    names = [str(database["file"]), MEDIA_TAR]
    manifest = {
        "format": FORMAT,
        "created_at": created.isoformat(timespec="seconds"),
        "app_version": app_version(),
        "database": database,
        "migrations": applied_migrations(conn),
        "row_counts": counts,
        "media_files": media_files,
        "files": _described(out, names),
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    _write_sums(out, [*names, MANIFEST])
    for written in out.iterdir():
        written.chmod(0o600)
    return manifest


# --- restoring ------------------------------------------------------------------------


def _refuse_unless_empty(conn: BaseDatabaseWrapper, media_root: Path) -> None:
    tables = table_names(conn)
    if tables:
        raise BackupError(
            f"The database {conn.settings_dict['NAME']} is not empty ({len(tables)} tables, "
            f"such as {tables[0]}). Restore only into a new, empty database: create one and "
            "point DATABASE_URL at it."
        )
    if media_root.exists() and any(media_root.iterdir()):
        raise BackupError(
            f"MEDIA_ROOT ({media_root}) is not empty. Restore the files only into an empty "
            "folder: move the old one aside or point MEDIA_ROOT at a new one."
        )


def _restore_postgres(folder: Path, manifest: Mapping[str, Any], conn: BaseDatabaseWrapper) -> None:
    major = server_major_version(conn)
    if manifest["database"]["server_version"] > major:
        raise BackupError(
            f"The backup comes from PostgreSQL {manifest['database']['server_version']}; "
            f"this server is {major}. Restore into a server of that version or newer."
        )
    pg_restore = find_tool("pg_restore", major)
    with _conninfo(conn) as conninfo:
        _run(
            [
                str(pg_restore),
                "--exit-on-error",
                "--single-transaction",
                "--no-owner",
                "--no-privileges",
                f"--dbname={conninfo}",
                str(folder / POSTGRES_DUMP),
            ],
            "pg_restore",
        )


def _restore_sqlite(folder: Path, conn: BaseDatabaseWrapper) -> None:
    conn.ensure_connection()
    source = sqlite3.connect(folder / SQLITE_COPY)
    try:
        source.backup(conn.connection)
    finally:
        source.close()


def check_media_tar(folder: Path, media_root: Path) -> None:
    """Refuse a tar with a member that tarfile's data filter would not unpack (an absolute
    path, `..`, a link out of the folder, a device), or that is not a plain file or folder,
    before anything is restored. A backup holds only plain files; a link, even one inside
    the folder, is refused, as links are how that filter's gaps have been reached."""
    with tarfile.open(folder / MEDIA_TAR) as tar:
        for member in tar.getmembers():
            if not (member.isreg() or member.isdir()):
                raise BackupError(
                    f"{MEDIA_TAR} holds a file that may not be unpacked: {member.name!r} is a "
                    "link or a special file, and a backup holds only plain files."
                )
            try:
                tarfile.data_filter(member, str(media_root))
            except tarfile.FilterError as exc:
                raise BackupError(
                    f"{MEDIA_TAR} holds a file that may not be unpacked: {exc}"
                ) from exc


def _untar_media(folder: Path, media_root: Path) -> int:
    """Unpack the files with tarfile's data filter, which refuses the same again."""
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / MEDIA_TAR) as tar:
        members = tar.getmembers()
        tar.extractall(media_root, filter="data")
    return sum(1 for m in members if m.isfile())


def compare_counts(expected: Mapping[str, int], found: Mapping[str, int]) -> list[str]:
    """How the restored tables differ from the manifest, one line each (none: they match)."""
    lines = []
    for table in sorted(set(expected) | set(found)):
        if table not in found:
            lines.append(f"{table}: missing (the backup had {expected[table]} rows)")
        elif table not in expected:
            lines.append(f"{table}: not in the backup ({found[table]} rows)")
        elif expected[table] != found[table]:
            lines.append(f"{table}: {found[table]} rows, the backup had {expected[table]}")
    return lines


def restore(folder: Path, conn: BaseDatabaseWrapper = connection) -> Restored:
    """Check the backup in `folder`, restore it into the configured (empty) database and
    MEDIA_ROOT, then check the row counts against the manifest and the audit chain."""
    if not folder.is_dir():
        raise BackupError(f"{folder} is not a folder.")
    manifest = verify_folder(folder)
    media_root = Path(settings.MEDIA_ROOT)
    engine = manifest["database"]["engine"]
    if engine != conn.vendor:
        raise BackupError(f"The backup is of a {engine} database; this one is {conn.vendor}.")
    _refuse_unless_empty(conn, media_root)
    check_media_tar(folder, media_root)
    if engine == "postgresql":
        _restore_postgres(folder, manifest, conn)
    else:
        _restore_sqlite(folder, conn)
    conn.close()
    files = _untar_media(folder, media_root)
    counts = row_counts(conn)
    differences = compare_counts(manifest["row_counts"], counts)
    if files != manifest["media_files"]:
        differences.append(f"uploaded files: {files}, the backup had {manifest['media_files']}")
    if differences:
        raise BackupError(
            "The restored data does not match the backup's manifest:\n  " + "\n  ".join(differences)
        )
    chain = verify_chain()
    if isinstance(chain, Break):
        raise BackupError(f"The restored audit log does not verify. {chain}.")
    return Restored(
        tables=len(counts), rows=sum(counts.values()), files=files, audit_entries=chain.entries
    )
