"""How tall a printed table is: the tests' check that a table fits one page."""

from __future__ import annotations

from wres_xl.report.layout import _LINE_POINTS, PrintedTable, SheetContent


def table_height(sheet: SheetContent, table: PrintedTable) -> float:
    """Points the table takes on paper, before any fit-to-width shrinking."""
    return sum(
        sheet.row_heights.get(r, _LINE_POINTS) for r in range(table.first_row, table.last_row + 1)
    )
