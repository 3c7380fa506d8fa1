"""The output sheets as a new workbook shows them, before the first Refresh."""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from wres_xl.workbook.template.styles import OUTPUT_TAB_COLOUR, apply_output_print_setup
from wres_xl.workbook.template.words import _OUTPUT_PLACEHOLDER, _SHEET_PURPOSE


def _build_output_placeholder(ws: Worksheet, purpose: str | None = None) -> None:
    ws.sheet_properties.tabColor = OUTPUT_TAB_COLOUR
    ws.sheet_view.showGridLines = False
    ws["A1"] = ws.title
    ws["A1"].style = "WRES title"
    ws.row_dimensions[1].height = 26
    ws["A2"] = purpose or _SHEET_PURPOSE[ws.title]
    ws["A2"].style = "WRES text"
    ws["A3"] = _OUTPUT_PLACEHOLDER
    ws["A3"].style = "WRES hint"
    ws.column_dimensions["A"].width = 14
    apply_output_print_setup(ws)
