"""Filling a real WDES workbook by the table, column and setting names of SPEC §10.

A new workbook comes from ``wres-xl new FILE --standard wdes`` (a whole process, as a user
runs it); rows go into the tables by their column headers and settings into ``tblSettings``
by the ``Setting`` name, so a renamed table, column or setting fails the test that uses it.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

Rows = Mapping[str, Sequence[Mapping[str, object]]]


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wres_xl.cli", *args], capture_output=True, text=True, timeout=300
    )


def _put(ws: Worksheet, row: int, column: int, value: object) -> None:
    ws.cell(row, column).value = value  # type: ignore[assignment]  # a test row's cell value


def fill(path: Path, rows: Rows, settings: Mapping[str, object] | None = None) -> None:
    """Write ``rows`` into the named tables (replacing their rows) and set ``settings``."""
    settings = dict(settings or {})
    book = openpyxl.load_workbook(path)
    found: set[str] = set()
    for ws in book.worksheets:
        for name in list(ws.tables):
            table = ws.tables[name]
            top = ws[table.ref.split(":")[0]].row
            headers = [c.value for c in ws[top]]
            if name == "tblSettings":
                for r in range(top + 1, ws.max_row + 1):
                    setting = str(ws.cell(r, 1).value)
                    if setting in settings:
                        _put(ws, r, 2, settings[setting])
                        found.add(setting)
                continue
            if name not in rows:
                continue
            found.add(name)
            for column in {k for row in rows[name] for k in row}:
                if column not in headers:
                    raise AssertionError(f"{name} has no column {column!r}: {headers}")
            for offset, values in enumerate(rows[name], start=1):
                for col, header in enumerate(headers, start=1):
                    _put(ws, top + offset, col, values.get(str(header)))
            last = top + max(1, len(rows[name]))
            table.ref = f"A{top}:{get_column_letter(len(headers))}{last}"
    missing = (set(rows) | set(settings)) - found
    if missing:
        raise AssertionError(f"the WDES workbook has no table or setting {sorted(missing)}")
    book.save(path)


def new_filled(
    folder: Path, rows: Rows, settings: Mapping[str, object] | None = None, name: str = "wdes"
) -> Path:
    """``wres-xl new --standard wdes``, filled."""
    path = folder / f"{name}.xlsx"
    made = cli("new", str(path), "--standard", "wdes", "--org", "Example NHS Trust")
    if made.returncode != 0:
        raise AssertionError(made.stdout + made.stderr)
    fill(path, rows, settings)
    return path


def published(folder: Path, source: Path) -> Path:
    """``wres-xl publish`` of a filled workbook."""
    out = folder / f"{source.stem}-published.xlsx"
    done = cli("publish", str(source), str(out))
    if done.returncode != 0:
        raise AssertionError(done.stdout + done.stderr)
    return out


def refreshed(source: Path) -> Path:
    """``wres-xl refresh`` in place."""
    done = cli("refresh", str(source))
    if done.returncode != 0:
        raise AssertionError(done.stdout + done.stderr)
    return source
