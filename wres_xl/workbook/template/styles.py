"""The look: NHS palette, fills, tab colours, number formats, named styles, print setup."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import quote_sheetname
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from wres_xl.report.layout import PAGE_NUMBER
from wres_xl.report.palette import (
    INPUT_LIGHT_YELLOW,
    NHS_AQUA_GREEN,
    NHS_BLUE,
    NHS_DARK_BLUE,
    NHS_DARK_GREY,
    NHS_MID_GREY,
    NHS_PALE_GREY,
    NHS_WARM_YELLOW,
)
from wres_xl.workbook.openpyxl_backend import fit_to_page, odd_header_footer

INPUT_FILL = PatternFill("solid", fgColor=INPUT_LIGHT_YELLOW)
OUTPUT_FILL = PatternFill("solid", fgColor=NHS_PALE_GREY)
HEADER_FILL = PatternFill("solid", fgColor=NHS_BLUE)
START_TAB_COLOUR = NHS_BLUE
INPUT_TAB_COLOUR = NHS_WARM_YELLOW
OUTPUT_TAB_COLOUR = NHS_MID_GREY
#: NHS aqua green: the Calculator is neither an input nor rewritten by Refresh.
CALCULATOR_TAB_COLOUR = NHS_AQUA_GREEN

_THIN_GREY = Side(style="thin", color="B8C4CA")
_CELL_BORDER = Border(left=_THIN_GREY, right=_THIN_GREY, top=_THIN_GREY, bottom=_THIN_GREY)

COUNT_FORMAT = "#,##0"
YEAR_FORMAT = "0"
PERCENT_FORMAT = "0.00"


def _print_headings(wb: Workbook, standard: str = "WRES") -> None:
    """Every sheet prints on A4 with its name at the top of each page ("&A", Excel's
    sheet-name field, so a renamed sheet still prints its name) and the file name ("&F",
    never out of date, unlike a copy of the Organisation setting) and page number at the
    foot; the output sheets get their own heading and footer on every refresh."""
    footer = "&F"
    for ws in wb.worksheets:
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        header, foot = odd_header_footer(ws)
        header.center.text = f"&A · {standard} workbook"
        header.center.size = 9
        foot.left.text = footer
        foot.left.size = 8
        foot.right.text = PAGE_NUMBER
        foot.right.size = 8


def apply_output_print_setup(ws: Worksheet, title_rows: str = "1:2") -> None:
    """Landscape, one page wide, title rows repeated: how output sheets should print."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    fit_to_page(ws)
    ws.print_title_rows = title_rows
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = 0.6
    ws.page_margins.bottom = 0.8
    ws.page_margins.header = ws.page_margins.footer = 0.3
    _, foot = odd_header_footer(ws)
    foot.left.text = "&A"
    foot.right.text = "Page &P of &N"


def _add_named_styles(wb: Workbook) -> None:
    # Named styles show in Excel's Cell Styles gallery, so users can extend the look by hand.
    styles = [
        NamedStyle(
            name="WRES title",
            font=Font(name="Arial", size=16, bold=True, color=NHS_BLUE),
            alignment=Alignment(vertical="center"),
        ),
        NamedStyle(
            name="WRES heading",
            font=Font(name="Arial", size=12, bold=True, color=NHS_DARK_BLUE),
            alignment=Alignment(vertical="center"),
        ),
        NamedStyle(
            name="WRES table header",
            font=Font(name="Arial", size=10, bold=True, color="FFFFFF"),
            fill=HEADER_FILL,
            border=_CELL_BORDER,
            alignment=Alignment(vertical="center", wrap_text=False),
        ),
        NamedStyle(
            name="WRES input",
            font=Font(name="Arial", size=10),
            fill=INPUT_FILL,
            border=_CELL_BORDER,
            alignment=Alignment(vertical="top"),
        ),
        NamedStyle(
            name="WRES output",
            font=Font(name="Arial", size=10, color=NHS_DARK_GREY),
            fill=OUTPUT_FILL,
            border=_CELL_BORDER,
            alignment=Alignment(vertical="top"),
        ),
        NamedStyle(
            name="WRES text",
            font=Font(name="Arial", size=10, color="231F20"),
            alignment=Alignment(vertical="top", wrap_text=False),
        ),
        NamedStyle(
            name="WRES hint",
            font=Font(name="Arial", size=9, italic=True, color=NHS_DARK_GREY),
            alignment=Alignment(vertical="top"),
        ),
    ]
    for style in styles:
        wb.add_named_style(style)


def _title_block(ws: Worksheet, title: str, instruction: str, hint: str | None) -> None:
    ws["A1"] = title
    ws["A1"].style = "WRES title"
    ws.row_dimensions[1].height = 26
    ws["A2"] = instruction
    ws["A2"].style = "WRES text"
    if hint:
        ws["A3"] = hint
        ws["A3"].style = "WRES hint"


def _put(ws: Worksheet, row: int, column: int, value: object, style: str) -> Cell:
    # Values arrive as object (table rows, formulas, numbers); openpyxl checks the type itself
    # when a value is set, a ValueError for anything a cell cannot hold.
    cell: Cell = ws.cell(row=row, column=column, value=value)  # type: ignore[call-overload]
    cell.style = style
    return cell


def _link(cell: Cell, sheet: str) -> None:
    cell.hyperlink = Hyperlink(
        ref=cell.coordinate,
        location=f"{quote_sheetname(sheet)}!A1",
        tooltip=f"Go to {sheet}",
    )
