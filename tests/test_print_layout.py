"""Print setup of output sheets as plain data (report/layout.py): row heights that fit
wrapped text, page breaks between tables, and headers and footers in the written file."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from wres_xl.core.model import Check, Severity
from wres_xl.report.checks_sheet import build_checks
from wres_xl.report.layout import SheetContent, break_before_headings, fit_row_heights, print_ready
from wres_xl.workbook.openpyxl_backend import OpenpyxlWorkbook


def test_a_long_check_message_gets_a_row_tall_enough_for_every_line() -> None:
    message = "The Workforce table has no figures for 2024. " * 12
    sheet = build_checks([Check(Severity.ERROR, "Workforce", message, table="tblWorkforce")])
    assert 5 not in sheet.row_heights  # what the Checks sheet had: overlapping rows
    fit_row_heights(sheet)
    # Column F is 100 wide: about 110 characters a line, so five lines of 12.75 points.
    assert sheet.row_heights[5] >= 5 * 12.75
    assert sheet.row_heights[1] >= 24  # the 16-point title clears the subtitle


@pytest.mark.slow
@given(st.text(alphabet="abc de", min_size=0, max_size=400), st.integers(5, 80))
def test_fitted_heights_never_shrink_a_row_and_grow_with_the_text(text: str, width: int) -> None:
    sheet = SheetContent("S", column_widths={1: width}, row_heights={1: 30})
    sheet.text(1, 1, text, "wrap")
    sheet.text(2, 1, text, "wrap")
    sheet.text(3, 1, text + " " + text, "wrap")
    fit_row_heights(sheet)
    assert sheet.row_heights[1] >= 30
    assert sheet.row_heights.get(3, 0) >= sheet.row_heights.get(2, 0)
    assert all(h <= 409 for h in sheet.row_heights.values())


def test_breaks_go_before_a_table_that_would_not_fit_and_keep_titles_with_tables() -> None:
    sheet = SheetContent("S", column_widths={1: 30, 2: 12}, print_title_rows="1:2")
    sheet.text(1, 1, "Title", "title")
    row = 3
    starts = []
    for n in range(6):
        starts.append(row)
        sheet.text(row, 1, f"Section {n}", "heading")
        sheet.text(row + 1, 1, "Table", "heading")  # a table heading just below
        for r in range(row + 2, row + 14):
            sheet.add(r, 1, [["x", 1]], "text")
        row += 16
    break_before_headings(sheet)
    assert sheet.row_breaks, "six 16-row tables do not fit on one page"
    assert set(sheet.row_breaks) <= set(starts)  # never between a title and its table


def test_the_file_gets_a_header_and_footer_on_every_page(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    writer = OpenpyxlWorkbook(book)
    sheet = print_ready(SheetContent("Summary"), organisation="Smith & Jones NHS Trust", year=2025)
    sheet.text(1, 1, "x")
    writer.write_sheet(sheet)
    book.save(tmp_path / "s.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "s.xlsx")["Summary"]
    assert ws.oddHeader.center.text == "Summary · WRES 2025"
    # "&" starts a field code in a header, so a name with one is written doubled.
    assert ws.oddFooter.left.text == "Smith && Jones NHS Trust · WRES 2025"
    assert ws.oddFooter.right.text == "Page &P of &N"
