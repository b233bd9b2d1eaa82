"""How much memory a worker needs to refuse a zip-bomb workbook.

Writes a real Excel workbook whose one referral has a description of about 1.5 GB of
spaces, so the file is about 1.5 MB (the kind of file a partner's system could be made to send),
then in separate processes, each measured for peak resident memory:

1. the import (`fraudhub import-referrals`) of that file, which must refuse it before
   anything is decompressed;
2. for comparison, openpyxl opening the same file on its own, as the import did before the
   check; this runs under a memory limit (--limit-mb, 1,500 MB by default), so on a shared
   machine it stops there instead of taking the 2 GB or more it would.

    python benchmarks/zip_bomb.py [--size-mb 1500] [--limit-mb 1500]

Prints the file's size, each process's peak memory, wall time and how it ended.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook

PROJECT_DIR = Path(__file__).resolve().parents[1]
FRAUDHUB = Path(sys.executable).with_name("fraudhub")


def write_bomb(path: Path, size_mb: int) -> None:
    """A workbook whose first sheet has a header row and one referral whose description is
    `size_mb` MB of spaces: a reader that decompresses it builds that text in memory."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["partner_reference", "received_date", "description"])
    buffer = io.BytesIO()
    book.save(buffer)
    original = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    xml = original.read("xl/worksheets/sheet1.xml").decode()
    before, after = xml.split("</sheetData>")
    row = (
        '<row r="2"><c r="A2" t="inlineStr"><is><t>TS-1</t></is></c>'
        '<c r="B2" t="inlineStr"><is><t>05/11/2026</t></is></c>'
        '<c r="C2" t="inlineStr"><is><t xml:space="preserve">'
    )
    chunk = b" " * (1 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for item in original.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                target.writestr(item, original.read(item.filename))
        with target.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write((before + row).encode())
            for _ in range(size_mb):
                part.write(chunk)
            part.write(("</t></is></c></row></sheetData>" + after).encode())


def measured(
    command: list[str], env: dict[str, str], limit_mb: int | None = None
) -> dict[str, object]:
    """Run a command; its peak resident memory (MB), wall time and exit code."""

    def limit() -> None:
        if limit_mb:
            resource.setrlimit(resource.RLIMIT_AS, (limit_mb << 20, limit_mb << 20))

    start = time.perf_counter()
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and command
        command,
        env=env,
        cwd=PROJECT_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=limit,  # noqa: PLW1509 - only sets a memory limit
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    assert process.stderr is not None
    error = process.stderr.read().decode(errors="replace").strip().splitlines()
    return {
        "peak_mb": round(usage.ru_maxrss / 1024, 1),
        "wall_s": round(wall, 2),
        "exit": os.waitstatus_to_exitcode(status),
        "last_line": error[-1][:160] if error else "",
    }


OPEN_WITH_OPENPYXL = (
    "import sys; from openpyxl import load_workbook; "
    "book = load_workbook(sys.argv[1], read_only=True, data_only=True); "
    "print(sum(1 for _ in book.worksheets[0].iter_rows(values_only=True)))"
)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=int, default=1_500, help="MB of padding, decompressed")
    parser.add_argument(
        "--limit-mb", type=int, default=1_500, help="memory limit for the openpyxl comparison"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        bomb = Path(folder) / "bomb.xlsx"
        write_bomb(bomb, args.size_mb)
        database = Path(folder) / "bench.sqlite3"
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{database}",
            "DEBUG": "true",
            "MEDIA_ROOT": folder,
        }
        subprocess.run([str(FRAUDHUB), "migrate", "-v", "0"], env=env, check=True)  # noqa: S603
        subprocess.run(  # noqa: S603
            [str(FRAUDHUB), "add-organisation", "bench", "--name", "Bench", "--kind", "other"],
            env=env,
            check=True,
            capture_output=True,
        )
        with zipfile.ZipFile(bomb) as archive:
            declared = sum(m.file_size for m in archive.infolist())
        results = {
            "file_mb": round(bomb.stat().st_size / (1 << 20), 2),
            "decompressed_mb": round(declared / (1 << 20)),
            "import": measured(
                [str(FRAUDHUB), "import-referrals", str(bomb), "--org", "bench"], env
            ),
            "openpyxl_alone": measured(
                [sys.executable, "-c", OPEN_WITH_OPENPYXL, str(bomb)], env, args.limit_mb
            ),
        }
    print(json.dumps(results, indent=2))
    refused = "zip" in str(results["import"]["last_line"]).lower() or "times larger" in str(  # type: ignore[index]
        results["import"]["last_line"]  # type: ignore[index]
    )
    print("The import refused the file." if refused else "The import did NOT refuse the file.")
    return 0 if refused else 1


if __name__ == "__main__":
    sys.exit(main())
