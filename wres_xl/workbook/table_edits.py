"""What a backend does to a table, decided once: the backends (openpyxl_backend for a file,
xlwings_backend for a live Excel) only carry it out.

Pure: no openpyxl or xlwings here, so the Excel backend does not pay for openpyxl.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from wres_xl.errors import UnsafeRefreshError, WorkbookError
from wres_xl.report.layout import column_letter as column_letter  # the one copy

#: Control characters a cell cannot hold (a file with one will not open); tab, line feed
#: and carriage return are allowed.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def cell_text(text: str) -> str:
    """``text`` without the control characters a cell cannot hold."""
    return text if text.isprintable() else CONTROL_CHARACTERS.sub("", text)


def column_name(value: object) -> str:
    """A header cell as a column name: blank for an empty cell, surrounding spaces dropped."""
    return str(value if value is not None else "").strip()


def header_index(headers: Sequence[object], column: str, table: str) -> int:
    """Where ``column`` is among a table's headers (case and surrounding spaces ignored)."""
    wanted = column.casefold()
    for i, header in enumerate(headers):
        if column_name(header).casefold() == wanted:
            return i
    raise WorkbookError(f"The table {table} has no column '{column}'.", table=table, column=column)


def values_in_order(mapping: Mapping[str, object], headers: Sequence[str]) -> list[object]:
    """One new row in the table's column order; a name is matched whatever its case (the
    first spelling given wins), a column not named is left blank."""
    lookup: dict[str, object] = {}
    for key, value in mapping.items():
        lookup.setdefault(key.casefold(), value)
    return [lookup.get(h.casefold()) for h in headers]


def _filled(value: object) -> bool:
    return value not in (None, "")


@dataclass(frozen=True)
class AppendPlan:
    """Where appended rows go: sheet rows ``start`` to ``end``; the table grows to ``end``
    when that is below its last row (blank rows at its bottom are reused first)."""

    start: int
    end: int
    grows: bool


def plan_append(
    top: int, last_row: int, count: int, row_is_blank: Callable[[int], bool]
) -> AppendPlan:
    """Plan ``count`` new rows for the table whose header is sheet row ``top`` and whose
    last row is ``last_row``; ``row_is_blank(r)`` says whether table row ``r`` is empty."""
    last_used = last_row
    while last_used > top and row_is_blank(last_used):
        last_used -= 1
    start = last_used + 1
    end = start + count - 1
    return AppendPlan(start, end, end > last_row)


def refuse_overwrite(
    plan: AppendPlan,
    cells_below: Iterable[tuple[int, int, object]],
    *,
    count: int,
    table: str,
    sheet: str,
) -> None:
    """UnsafeRefreshError when a row the table must grow into holds anything: ``cells_below``
    are (row, column, value) of the cells under the table the plan would take."""
    if not plan.grows:
        return
    blocked = next((f"{column_letter(c)}{r}" for r, c, v in cells_below if _filled(v)), None)
    if blocked is None:
        return
    raise UnsafeRefreshError(
        f"WRES needs to add {count} suggested action(s) at the bottom of the table {table} "
        f"on the '{sheet}' sheet, but cell {blocked} below the table is not empty, and "
        "writing there would overwrite your work. Nothing was added. Move whatever is below "
        "the table further down (or to another sheet), then refresh again.",
        sheet=sheet,
        table=table,
    )


def is_blank_row(values: Iterable[object]) -> bool:
    return not any(_filled(v) for v in values)
