"""The small interface a refresh needs from a workbook, whatever holds it.

``OpenpyxlWorkbook`` implements it for .xlsx files, ``XlwingsWorkbook`` for a workbook
open in Excel. The refresh logic (``wres_xl.workbook.refresh``) is written once against
this Protocol.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from wres_xl.core.model import RawTable
from wres_xl.report.layout import SheetContent


class WorkbookBackend(Protocol):
    def read_table(self, name: str) -> RawTable | None:
        """The Excel Table of that name (case-insensitive), or None when absent."""

    def sheet_names(self) -> list[str]: ...

    def write_sheet(self, content: SheetContent) -> None:
        """Replace (or create) the tool-owned sheet ``content.title`` with exactly this content."""

    def set_table_cells(self, table: str, column: str, values: Mapping[int, object]) -> None:
        """Write ``values`` (Excel row → value) into one column of a table's data rows."""

    def append_table_rows(self, table: str, rows: Sequence[Mapping[str, object]]) -> None:
        """Add rows at the bottom of a table, growing it; columns not named stay blank."""

    def progress(self, message: str) -> None:
        """Tell the user what is happening (status bar, terminal)."""
