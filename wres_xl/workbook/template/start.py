"""The Start sheet: what the workbook is for, the steps, and a link to every sheet."""

from __future__ import annotations

from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from wres_xl.core import schema
from wres_xl.core.groups import BME_TERMS
from wres_xl.report.palette import NHS_BLUE
from wres_xl.workbook.openpyxl_backend import fit_to_page
from wres_xl.workbook.template.sheets import (
    CALCULATOR_SHEET,
    INPUT_SHEETS,
    SHEET_ORDER,
    START_SHEET,
)
from wres_xl.workbook.template.styles import START_TAB_COLOUR, _link, _put
from wres_xl.workbook.template.words import _SHEET_PURPOSE


def _build_start(ws: Worksheet, organisation: str | None) -> None:
    ws.sheet_properties.tabColor = START_TAB_COLOUR
    ws.sheet_view.showGridLines = False
    ws.column_dimensions["A"].width = 2
    ws.column_dimensions["B"].width = 18
    ws.column_dimensions["C"].width = 80
    ws.column_dimensions["D"].width = 12

    row = 2
    _put(ws, row, 2, "Workforce Race Equality Standard (WRES) workbook", "WRES title")
    ws.row_dimensions[row].height = 28
    row += 1
    subtitle = (
        f"{organisation}: fill in the yellow tables, press Refresh, and the nine WRES "
        "indicators are worked out for you."
        if organisation
        else "Fill in the yellow tables, press Refresh, and the nine WRES indicators are "
        "worked out for you."
    )
    _put(ws, row, 2, subtitle, "WRES text")

    row += 2
    _put(ws, row, 2, "What to do", "WRES heading")
    input_list = ", ".join(t.sheet for t in schema.INPUT_TABLES[1:-1])
    steps = (
        "Fill in Settings: your organisation's name and the WRES year. The other defaults "
        "suit most trusts.",
        f"Paste or type your data into the yellow table on each input sheet ({input_list}). "
        "Keep the blue headings; add a row for each year.",
        "Refresh: in Excel press WRES ▸ Refresh on the ribbon, or run "
        "wres-xl refresh FILE from a command line.",
        "Read Summary for the nine indicators, then Checks for anything to fix in your data. "
        "Fix it and refresh again.",
        "Share the Publication sheet (small numbers hidden), or make a publication-safe copy "
        "with wres-xl publish FILE OUT.",
    )
    for number, text in enumerate(steps, start=1):
        row += 1
        step = _put(ws, row, 2, f"Step {number}", "WRES heading")
        step.font = Font(name="Arial", size=11, bold=True, color=NHS_BLUE)
        step.alignment = Alignment(vertical="top")
        cell = _put(ws, row, 3, text, "WRES text")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[row].height = 27

    row += 2
    _put(ws, row, 2, "What each sheet is", "WRES heading")
    row += 1
    for col, heading in enumerate(("Sheet", "What it holds", "Type"), start=2):
        _put(ws, row, col, heading, "WRES table header")
    for name in SHEET_ORDER:
        row += 1
        kind = (
            "Guide"
            if name == START_SHEET
            else "Input"
            if name in INPUT_SHEETS
            else "Formulas"
            if name == CALCULATOR_SHEET
            else "Output"
        )
        style = {
            "Guide": "WRES text",
            "Input": "WRES input",
            "Formulas": "WRES text",
            "Output": "WRES output",
        }[kind]
        link = _put(ws, row, 2, name, style)
        _link(link, name)
        link.font = Font(name="Arial", size=10, color=NHS_BLUE, underline="single")
        _put(ws, row, 3, _SHEET_PURPOSE[name], style)
        _put(ws, row, 4, kind, style)

    row += 2
    _put(ws, row, 2, "Colour key", "WRES heading")
    key = (
        ("WRES input", "Yellow: yours to fill in. Yellow tabs are input sheets."),
        ("WRES output", "Grey: written by Refresh. Grey tabs are rewritten on every refresh."),
        ("WRES table header", "Blue headings: the names Refresh looks for. Don't rename them."),
    )
    for style, text in key:
        row += 1
        _put(ws, row, 2, "", style)
        _put(ws, row, 3, text, "WRES text")

    row += 2
    _put(ws, row, 2, "Good to know", "WRES heading")
    notes = (
        "Every table has a Year column: the WRES year, for the 31 March snapshot. One workbook "
        "can hold several years; reports compare the WRES year with the year before.",
        "Ethnicity can be White, BME (or "
        + ", ".join(BME_TERMS[1:])
        + "), Unknown, or an NHS ethnic category code such as 'C3 White unspecified'.",
        "Bands can be typed as you have them ('8A', 'Band 8 - Range A'); they are tidied up on "
        "refresh. Leave bank-only workers out.",
        "Nothing you type on the input sheets is changed by Refresh, except the Current rating "
        "column of the action plan.",
        "The Calculator sheet works every indicator out live with the WRES worksheet functions "
        "(=WRES_RL and the others) over your tables: copy its formulas to use them elsewhere.",
        "Problems never stop the other indicators: each one is listed on Checks with the sheet, "
        "row and column, and what to do.",
    )
    for text in notes:
        row += 1
        _put(ws, row, 2, "•", "WRES text").alignment = Alignment(horizontal="right", vertical="top")
        cell = _put(ws, row, 3, text, "WRES text")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[row].height = 27

    ws.page_setup.orientation = "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    fit_to_page(ws)
    ws.print_area = f"A1:D{row}"
