"""The Action plan's progress block: where each indicator stands and how its actions are going."""

from __future__ import annotations

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from wres_xl.core import schema
from wres_xl.core.indicators import ALL_INDICATORS, INDICATOR_TITLES
from wres_xl.report.palette import NHS_DARK_BLUE
from wres_xl.workbook.template.calculator import (
    _NOT_REFRESHED,
    _SUMMARY_CHANGE_COLUMN,
    _SUMMARY_RATING_COLUMN,
    _SUMMARY_ROW_OFFSET,
    _column,
    _ifs,
    _rating_colours,
    _sheet_ref,
)
from wres_xl.workbook.template.sheets import ACTIONS_HEADER_ROW
from wres_xl.workbook.template.styles import _put

#: Points for three lines of 10-point text.
_CHANGE_ROW_HEIGHT = 40.0


def _build_action_progress(ws: Worksheet) -> None:
    """Per indicator, its rating and change since last year next to how its actions are going;
    and the plan's actions counted by status. Formulas only: Refresh never writes here."""
    spec = schema.ACTIONS
    indicator, status = _column(spec, "Indicator"), _column(spec, "Status")
    top = 5
    for col, text in ((1, "Where each indicator stands"), (9, "Progress by status")):
        cell = _put(ws, top, col, text, "WRES heading")
        cell.font = Font(name="Arial", size=12, bold=True, color=NHS_DARK_BLUE)
    ws.row_dimensions[top].height = 22
    header = top + 1
    for col, label in (
        (1, "No."),
        (2, "Indicator"),
        (4, "Rating this year"),
        (5, "Change since last year"),
        (7, "Actions"),
        (8, "Complete"),
        (9, "Status"),
        (10, "Actions"),
    ):
        _put(ws, header, col, label, "WRES table header")
    for col in (3, 6):
        _put(ws, header, col, None, "WRES table header")
    ws.merge_cells(start_row=header, start_column=2, end_row=header, end_column=3)
    ws.merge_cells(start_row=header, start_column=5, end_row=header, end_column=6)

    rating_cells = []
    for i in ALL_INDICATORS:
        row = header + i
        summary_row = _SUMMARY_ROW_OFFSET + i
        summary = _sheet_ref(schema.SUMMARY_SHEET)
        rating = f"{summary}!${_SUMMARY_RATING_COLUMN}${summary_row}"
        change = f"{summary}!${_SUMMARY_CHANGE_COLUMN}${summary_row}"
        values: list[tuple[int, object, str | None]] = [
            (1, i, "0"),
            (2, INDICATOR_TITLES[i], None),
            (3, None, None),
            (4, f'=IFERROR(IF({rating}="","{_NOT_REFRESHED}",{rating}),"{_NOT_REFRESHED}")', None),
            (5, f'=IFERROR(IF({change}="","",{change}),"")', None),
            (6, None, None),
            (7, f'=COUNTIFS({indicator},{i})-COUNTIFS({indicator},{i},{status},"Dismissed")', "0"),
            (8, f'=COUNTIFS({indicator},{i},{status},"Complete")', "0"),
        ]
        for col, value, number_format in values:
            cell = _put(ws, row, col, value, "WRES output")
            cell.alignment = Alignment(
                horizontal="left" if col in (1, 2, 4, 5) else "right",
                vertical="top",
                wrap_text=col == 5,
            )
            if number_format:
                cell.number_format = number_format
        # The change in words runs to three lines of E:F (it is a formula, so no height
        # can be fitted to it; three lines hold the longest the Summary writes).
        ws.row_dimensions[row].height = _CHANGE_ROW_HEIGHT
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=3)
        ws.merge_cells(start_row=row, start_column=5, end_row=row, end_column=6)
        rating_cells.append(f"D{row}")
    total = header + len(ALL_INDICATORS) + 1
    _put(ws, total, 1, "All indicators", "WRES output").font = Font(
        name="Arial", size=10, bold=True
    )
    for col in range(2, 7):
        _put(ws, total, col, None, "WRES output")
    ws.merge_cells(start_row=total, start_column=1, end_row=total, end_column=6)
    for col in (7, 8):
        letter = get_column_letter(col)
        cell = _put(
            ws, total, col, f"=SUM({letter}{header + 1}:{letter}{total - 1})", "WRES output"
        )
        cell.number_format = "0"
        cell.font = Font(name="Arial", size=10, bold=True)

    # Counted as progress_summary counts: a row in use with no Status has not been started.
    in_use_blank = (
        _ifs("COUNTIFS", [(status, '""')])
        + "-"
        + _ifs("COUNTIFS", [(_column(spec, c), '""') for c in spec.columns])
    )
    for n, value in enumerate(schema.STATUS_VALUES, start=1):
        row = header + n
        _put(ws, row, 9, value, "WRES output")
        formula = f'=COUNTIFS({status},"{value}")'
        if n == 1:
            formula += "+" + in_use_blank
        _put(ws, row, 10, formula, "WRES output").number_format = "0"
    row = header + len(schema.STATUS_VALUES) + 1
    _put(ws, row, 9, "Total", "WRES output").font = Font(name="Arial", size=10, bold=True)
    cell = _put(ws, row, 10, f"=SUM(J{header + 1}:J{row - 1})", "WRES output")
    cell.number_format = "0"
    cell.font = Font(name="Arial", size=10, bold=True)
    ws.column_dimensions["J"].width = 10

    note = total + 1
    _put(
        ws,
        note,
        1,
        "Ratings and changes come from the Summary sheet after each Refresh; the counts are "
        "formulas over your table below (Actions leaves out Dismissed ones).",
        "WRES hint",
    )
    _put(ws, ACTIONS_HEADER_ROW - 1, 1, "Your actions", "WRES heading").font = Font(
        name="Arial", size=12, bold=True, color=NHS_DARK_BLUE
    )
    if note >= ACTIONS_HEADER_ROW - 1:  # pragma: no cover - a layout guard for maintainers
        raise AssertionError("the progress block runs into the Action plan table")
    _rating_colours(ws, rating_cells)
