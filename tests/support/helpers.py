"""Test helpers: real workbooks filled through the real template and table writer."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from wres_xl.errors import WorkbookError
from wres_xl.workbook.openpyxl_backend import OpenpyxlWorkbook, fill_table
from wres_xl.workbook.template import make_workbook, save_workbook_deterministic

# Fixtures live in the repository (copied from the steering repo's shared/examples), so the
# test suite runs on a fresh clone with nothing beside it.
DATA = Path(__file__).resolve().parents[1] / "data"  # tests/data
NSCHT = DATA / "nscht_2024.json"


def nscht() -> dict[str, Any]:
    return json.loads(NSCHT.read_text("utf-8"))


def workbook_with(
    path: Path, tables: Mapping[str, Sequence[Mapping[str, object]]], **settings: object
) -> Path:
    """A new standard workbook with ``tables`` written in (settings rows merged by name)."""
    workbook = OpenpyxlWorkbook(make_workbook())
    for name, rows in tables.items():
        if name == "tblSettings":
            for row in rows:
                set_setting(workbook, str(row["Setting"]), row["Value"])
            continue
        fill_table(workbook, name, rows)
    for name, value in settings.items():
        set_setting(workbook, name, value)
    save_workbook_deterministic(workbook.wb, path)
    return path


def set_setting(workbook: OpenpyxlWorkbook, name: str, value: object) -> None:
    """Set one row of tblSettings (adding the row if the setting is not listed)."""
    table = workbook.read_table("tblSettings")
    if table is None:
        raise WorkbookError("The Excel Table tblSettings was not found.")
    setting_i = table.column_index("Setting")
    for offset, row in enumerate(table.rows):
        if (
            setting_i is not None
            and str(row[setting_i] or "").strip().casefold() == name.casefold()
        ):
            workbook.set_table_cells("tblSettings", "Value", {table.first_row + offset: value})
            return
    workbook.append_table_rows("tblSettings", [{"Setting": name, "Value": value}])
