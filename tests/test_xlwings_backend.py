"""The live-Excel backend and the ribbon entry points, against the xlwings stand-in.

The stand-in (tests/support/fake_xlwings.py) holds a real workbook's cells and tables, counts every
call that would cross to Excel, and is itself checked against the installed xlwings so it
cannot drift from the API the backend relies on.
"""

from __future__ import annotations

import inspect
import json
import math
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlwings
from hypothesis import given
from openpyxl.cell.cell import MergedCell
from xlwings import main as xw_main

from tests.strategies import cells_strategy
from tests.support import fake_xlwings as fx
from tests.support.helpers import workbook_with
from wres_xl import excel
from wres_xl.commands.demo.build import build_demo_workbook
from wres_xl.commands.demo.wres_data import demo_inputs
from wres_xl.core import schema
from wres_xl.core.indicators import compute_report, report_year
from wres_xl.errors import UnsafeRefreshError
from wres_xl.report.layout import STYLES, ChartSeries, ChartSpec, SheetContent
from wres_xl.report.summary import build_summary
from wres_xl.workbook.files import refresh_file
from wres_xl.workbook.openpyxl_backend import OpenpyxlWorkbook
from wres_xl.workbook.refresh import read_inputs, refresh_workbook
from wres_xl.workbook.xlwings_backend import (
    XlwingsWorkbook,
    excel_session,
    excel_text,
    rectangles,
    union_addresses,
)

# --- the stand-in is faithful to xlwings ---------------------------------------------------

PAIRS = [
    (fx.FakeApp, xw_main.App),
    (fx.FakeBook, xw_main.Book),
    (fx.FakeSheets, xw_main.Sheets),
    (fx.FakeSheet, xw_main.Sheet),
    (fx.FakeRange, xw_main.Range),
    (fx.FakeFont, xw_main.Font),
    (fx.FakeTable, xw_main.Table),
    (fx.FakeTables, xw_main.Tables),
    (fx.FakeChart, xw_main.Chart),
    (fx.FakeCharts, xw_main.Charts),
    (fx.FakeChartSeries, xw_main.ChartSeries),
    (fx.FakeChartAxis, xw_main.ChartAxis),
]


def _public(cls: type) -> dict[str, Any]:
    names = {n for n in vars(cls) if not n.startswith("_") and not n.startswith("fake_")}
    fields = getattr(cls, "__dataclass_fields__", {})
    names |= {n for n in fields if not n.startswith("_") and not n.startswith("fake_")}
    return {n: inspect.getattr_static(cls, n, None) for n in sorted(names)}


@pytest.mark.parametrize(("fake", "real"), PAIRS, ids=lambda c: c.__name__)
def test_every_member_of_the_stand_in_exists_in_xlwings_with_the_same_signature(
    fake: type, real: type
) -> None:
    for name, member in _public(fake).items():
        assert hasattr(real, name), f"xlwings {real.__name__} has no {name}"
        real_member = inspect.getattr_static(real, name)
        if callable(member) and not isinstance(member, property):
            assert callable(real_member), f"{real.__name__}.{name} is not a method in xlwings"
            fake_params = list(inspect.signature(member).parameters)
            real_params = list(inspect.signature(real_member).parameters)
            # The stand-in may take fewer trailing arguments, never different ones.
            assert real_params[: len(fake_params)] == fake_params, (real.__name__, name)
        elif isinstance(member, property) and member.fset is not None:
            assert isinstance(real_member, property), f"{real.__name__}.{name} is no property"
            assert real_member.fset is not None, f"{real.__name__}.{name} cannot be set in xlwings"


def test_the_stand_in_reads_and_writes_as_excel_does() -> None:
    book = fx.FakeBook()
    sheet = book.fake_new_sheet("S")
    sheet.range("A1").value = [[1, "x"], [2.5, None]]
    assert sheet.range("A1:B2").value == [[1.0, "x"], [2.5, None]]
    assert sheet.range("A1").value == 1.0
    assert sheet.range("A1:A2").value == [1.0, 2.5]
    assert sheet.range("A1").options(ndim=2).value == [[1.0]]
    sheet.range("C1").value = ["=A1*2", "0123", "'0123", "TRUE", "50%"]
    assert sheet.fake_cell(1, 3).formula == "=A1*2"
    assert [sheet.fake_cell(1, c).value for c in (4, 5, 6, 7)] == [123.0, "0123", True, 0.5]
    with pytest.raises(Exception, match="same length"):
        sheet.range("A5").value = [[1, 2], [3]]
    sheet.fake_put(9, 1, "#N/A")
    assert sheet.range("A9").value is None
    assert sheet.range("A9").options(err_to_str=True).value == "#N/A"


# --- rectangles ---------------------------------------------------------------------------


@given(cells_strategy)
def test_rectangles_cover_exactly_the_cells_without_overlap(cells: set[tuple[int, int]]) -> None:
    covered: list[tuple[int, int]] = []
    for r1, c1, r2, c2 in rectangles(cells):
        covered += [(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]
    assert sorted(covered) == sorted(cells)


def test_a_block_of_cells_is_one_rectangle_and_long_unions_are_split() -> None:
    block = {(r, c) for r in range(6, 15) for c in range(2, 9)}
    assert rectangles(block) == [(6, 2, 14, 8)]
    many = [(r, 1, r, 1) for r in range(1, 400, 2)]
    chunks = union_addresses(many)
    assert len(chunks) > 1
    assert all(len(chunk) <= 255 for chunk in chunks)
    assert ",".join(chunks).split(",") == [f"A{r}" for r in range(1, 400, 2)]


# --- text stays text ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["=Smith", "+44 1234", "-5", "0123", "1,000", "50%", "TRUE", "false", "'quoted",
     "#N/A", "2023/24", "March 2024", "Band 5", "Worse (large effect)", "", "   "],
)  # fmt: skip
def test_text_is_written_so_excel_keeps_it_as_typed(text: str) -> None:
    book = fx.FakeBook()
    sheet = book.fake_new_sheet("S")
    sheet.range("A1").value = [[excel_text(text)]]
    cell = sheet.fake_cell(1, 1)
    assert cell.formula is None
    assert cell.value == (text or None)


def test_plain_labels_are_not_prefixed() -> None:
    assert excel_text("Relative likelihood") == "Relative likelihood"
    assert excel_text("May") == "May"
    assert excel_text("Band 8a") == "Band 8a"


# --- the demo workbook through both backends -----------------------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo_workbook(tmp_path_factory.mktemp("demo") / "demo.xlsx")


@pytest.fixture(scope="module")
def both(
    demo: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[fx.FakeBook, Any, Path, dict[str, Any]]:
    """The demo refreshed in the stand-in and by the file refresh."""
    folder = tmp_path_factory.mktemp("both")
    file_copy = folder / "file.xlsx"
    shutil.copy(demo, file_copy)
    book = fx.book_from_xlsx(demo)
    result = refresh_workbook(XlwingsWorkbook(book))
    refresh_file(file_copy, json_path=folder / "file.json")
    return book, result, file_copy, json.loads((folder / "file.json").read_text("utf-8"))


def _same(a: object, b: object) -> bool:
    a = None if a == "" else a
    b = None if b == "" else b
    if isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-15)
    return a == b


@pytest.mark.slow
def test_refresh_in_excel_gives_the_same_json_as_the_file_refresh(both: Any) -> None:
    _, result, _, file_json = both
    assert json.loads(json.dumps(result.json, ensure_ascii=False)) == file_json


@pytest.mark.slow
def test_every_output_sheet_has_the_same_cells_as_the_file_refresh(both: Any) -> None:
    book, result, file_copy, _ = both
    wb = openpyxl.load_workbook(file_copy)
    assert [s.fake_name for s in book._sheets] == wb.sheetnames
    assert schema.SUMMARY_SHEET in result.sheets_written
    for title in result.sheets_written:
        ws, sheet = wb[title], book.fake_sheet(title)
        expected = {
            (c.row, c.column): c.value
            for row in ws.iter_rows()
            for c in row
            if c.value not in (None, "")
        }
        got = sheet.fake_values()
        assert set(got) == set(expected), title
        wrong = [k for k in expected if not _same(expected[k], got[k])]
        assert not wrong, (title, [(k, expected[k], got[k]) for k in wrong[:5]])
        assert all(c.formula is None for c in sheet.fake_grid.values()), title


def _rgb_hex(colour: tuple[int, int, int] | None) -> str | None:
    return None if colour is None else "{:02X}{:02X}{:02X}".format(*colour)


@pytest.mark.slow
def test_formatting_of_every_output_sheet_matches_the_file_refresh(both: Any) -> None:
    book, result, file_copy, _ = both
    wb = openpyxl.load_workbook(file_copy)
    for title in result.sheets_written:
        ws, sheet = wb[title], book.fake_sheet(title)
        for row in ws.iter_rows():
            for c in row:
                # Cells covered by a merge show nothing; openpyxl resets their look on merging.
                if not c.has_style or isinstance(c, MergedCell):
                    continue
                got = sheet.fake_cell(c.row, c.column)
                where = f"{title}!{c.coordinate}"
                assert got.number_format == c.number_format, where
                assert got.bold == bool(c.font.b), where
                assert got.italic == bool(c.font.i), where
                assert got.size == c.font.sz, where
                assert got.font_name == "Arial", where
                assert _rgb_hex(got.font_color) == c.font.color.rgb[-6:], where
                fill = c.fill.fgColor.rgb[-6:] if c.fill.fill_type == "solid" else None
                assert _rgb_hex(got.fill) == fill, where
                assert got.wrap == bool(c.alignment.wrap_text), where
                assert got.halign == (c.alignment.horizontal or "general"), where
                assert got.valign == c.alignment.vertical, where
        assert sorted(sheet.fake_merges) == sorted(
            (m.min_row, m.min_col, m.max_row, m.max_col) for m in ws.merged_cells.ranges
        ), title
        for letter, dim in ws.column_dimensions.items():
            if dim.customWidth:
                col = openpyxl.utils.column_index_from_string(letter)
                assert sheet.fake_widths.get(col) == dim.width, f"{title} column {letter}"
        heights = {r: d.height for r, d in ws.row_dimensions.items() if d.height is not None}
        assert sheet.fake_heights == heights, title


@pytest.mark.slow
def test_the_action_plan_gets_the_same_rows_as_in_the_file_refresh(both: Any) -> None:
    book, result, file_copy, _ = both
    assert result.actions_added > 0
    file_table = OpenpyxlWorkbook.open(file_copy).read_table("tblActions")
    live_table = XlwingsWorkbook(book).read_table("tblActions")
    assert file_table is not None
    assert live_table is not None
    assert live_table.first_row == file_table.first_row
    assert live_table.headers == file_table.headers
    assert len(live_table.rows) == len(file_table.rows)
    for live, saved in zip(live_table.rows, file_table.rows, strict=True):
        assert all(_same(a, b) for a, b in zip(live, saved, strict=True)), (live, saved)


@pytest.mark.slow
def test_a_second_refresh_gives_the_same_cells(demo: Path) -> None:
    book = fx.book_from_xlsx(demo)
    first = refresh_workbook(XlwingsWorkbook(book))
    before = {s.fake_name: (s.fake_values(), sorted(s.fake_merges)) for s in book._sheets}
    charts = {s.fake_name: len(s.fake_charts) for s in book._sheets}
    second = refresh_workbook(XlwingsWorkbook(book))
    assert second.actions_added == 0 < first.actions_added
    assert {s.fake_name: (s.fake_values(), sorted(s.fake_merges)) for s in book._sheets} == before
    assert {s.fake_name: len(s.fake_charts) for s in book._sheets} == charts


@pytest.mark.slow
def test_the_trends_charts_are_created(both: Any) -> None:
    book, result, file_copy, _ = both
    if schema.TRENDS_SHEET not in result.sheets_written:
        pytest.skip("this build has no Trends sheet")
    ws = openpyxl.load_workbook(file_copy)[schema.TRENDS_SHEET]
    charts = book.fake_sheet(schema.TRENDS_SHEET).fake_charts
    assert len(charts) == len(ws._charts) > 0  # type: ignore[attr-defined]  # openpyxl's private list
    assert all(chart.title and chart.series and chart.fake_x_values for chart in charts)


# --- COM traffic ------------------------------------------------------------------------------


def test_reading_a_thousand_row_table_is_one_value_read() -> None:
    book = fx.FakeBook()
    sheet = book.fake_new_sheet("Workforce")
    sheet.fake_put(3, 1, "Note above the table")
    headers = ["Year", "Staff group", "Band", "White", "BME", "Unknown"]
    for j, h in enumerate(headers):
        sheet.fake_put(4, 1 + j, h)
    for i in range(1000):
        for j, v in enumerate([2024, "Clinical", f"Band {i % 9 + 1}", i, i * 0.5, 0]):
            sheet.fake_put(5 + i, 1 + j, v)
    sheet.fake_put(20, 6, "#N/A")
    sheet.fake_add_table("tblWorkforce", "A4:F1004")
    book.app.calls.clear()

    table = XlwingsWorkbook(book).read_table("TBLWORKFORCE")

    assert table is not None
    assert book.app.calls["value.read"] == 1
    assert sum(book.app.calls.values()) < 25
    assert table.headers == tuple(headers)
    assert table.first_row == 5
    assert table.sheet == "Workforce"
    assert table.name == "tblWorkforce"
    assert len(table.rows) == 1000
    assert list(table.rows[3]) == [2024, "Clinical", "Band 4", 3, 1.5, 0]
    assert type(table.rows[3][0]) is int  # whole numbers read as the file backend reads them
    assert table.rows[15][5] == "#N/A"


def test_a_missing_table_is_none() -> None:
    book = fx.FakeBook()
    book.fake_new_sheet("Empty")
    assert XlwingsWorkbook(book).read_table("tblWorkforce") is None


def test_writing_a_sheet_is_one_value_write_per_block_and_formats_per_style(demo: Path) -> None:
    data, _ = read_inputs(OpenpyxlWorkbook.open(demo))
    year = report_year(data)
    assert year is not None
    content = build_summary(compute_report(data, year))
    book = fx.book_from_xlsx(demo)

    XlwingsWorkbook(book).write_sheet(content)

    calls = book.app.calls
    cells = len(content.cell_values())
    styles = len({s for b in content.blocks for s in _styles_of(b)})
    assert calls["value.write"] == len(content.blocks)
    # Each style is a few calls on one union range; per-cell formatting would be ~8 × cells.
    assert calls["format"] <= 12 * styles + len(content.column_widths) + len(content.row_heights)
    assert calls["format"] + calls["api.set"] < cells * 2
    assert calls["value.read"] == 0


def _styles_of(block: Any) -> set[str]:
    names = {block.style} if block.style else set()
    if block.styles:
        names |= {s for row in block.styles for s in row if s}
    return names


def test_rewriting_a_sheet_clears_what_was_there_and_keeps_its_place(demo: Path) -> None:
    book = fx.book_from_xlsx(demo)
    summary = book.fake_sheet("Summary")
    summary.fake_put(50, 20, "left over from last time")
    summary.fake_merges.append((60, 1, 60, 4))
    summary.fake_widths[26] = 40
    position = [s.fake_name for s in book._sheets].index("Summary")
    content = SheetContent("Summary")
    content.text(1, 1, "Fresh", "title")

    XlwingsWorkbook(book).write_sheet(content)

    assert book.fake_sheet("Summary") is summary  # the same sheet: formulas into it survive
    assert [s.fake_name for s in book._sheets].index("Summary") == position
    assert summary.fake_values() == {(1, 1): "Fresh"}
    assert summary.fake_merges == []
    assert 26 not in summary.fake_widths


def test_a_new_output_sheet_is_added_at_the_end() -> None:
    book = fx.FakeBook()
    book.fake_new_sheet("Inputs")
    content = SheetContent("Extra", tab_colour="005EB8", freeze="B3", hidden=True)
    content.add(1, 1, [["a", 1], ["b", 2]], "text")
    XlwingsWorkbook(book).write_sheet(content)
    assert [s.fake_name for s in book._sheets] == ["Inputs", "Extra"]
    extra = book.fake_sheet("Extra")
    assert extra.fake_values() == {(1, 1): "a", (1, 2): 1.0, (2, 1): "b", (2, 2): 2.0}
    assert not extra.fake_visible
    log = dict(book.app.api_log)
    assert log["Worksheets('Extra').Tab.Color"] == 0xB85E00  # blue-green-red
    assert log["Application.ActiveWindow.SplitRow"] == 2
    assert log["Application.ActiveWindow.SplitColumn"] == 1
    assert log["Application.ActiveWindow.FreezePanes"] is True


def test_a_chart_is_built_from_its_spec() -> None:
    book = fx.FakeBook()
    content = SheetContent("Charts")
    content.add(1, 1, [["Year", "White", "BME"], [2023, 0.3, 0.2], [2024, 0.32, 0.25]], "text")
    content.charts.append(
        ChartSpec(
            kind="line",
            title="Appointed from shortlisting",
            x_title="Year",
            y_title="Rate",
            anchor="E2",
            categories=(2, 1, 3, 1),
            series=(
                ChartSeries("White", (2, 2, 3, 2), colour="005EB8"),
                ChartSeries("BME", (2, 3, 3, 3), colour="ED8B00"),
            ),
            y_min=0,
            y_format="0%",
        )
    )
    backend = XlwingsWorkbook(book)
    backend.write_sheet(content)
    (chart,) = book.fake_sheet("Charts").fake_charts
    assert chart.chart_type == "line"
    assert chart.title == "Appointed from shortlisting"
    assert [(s.name, s.fake_source, s.line_color) for s in chart.series] == [
        ("White", (2, 2, 3, 2), "#005EB8"),
        ("BME", (2, 3, 3, 3), "#ED8B00"),
    ]
    assert chart.fake_x_values == (2, 1, 3, 1)
    assert chart.value_axis.minimum_scale == 0
    assert chart.value_axis.number_format == "0%"
    assert chart.top > 0
    assert chart.left > 0
    assert backend.skipped == []


def test_page_breaks_and_series_looks_reach_excel_from_the_same_plan() -> None:
    """The manual page breaks of the sheet plan (SheetContent.row_breaks) and what tells
    chart series apart besides colour (pattern, dash, value labels) are made in Excel too,
    through its object model, after the sheet's old breaks are cleared."""
    book = fx.FakeBook()
    content = SheetContent("Charts", row_breaks=[22, 39], print_header="Charts, 2025")
    content.add(1, 1, [["Year", "A", "B", "C"], [2024, 1.0, 2.0, 3.0]], "text")
    content.charts.append(
        ChartSpec(
            "bar",
            "T",
            "x",
            "y",
            "F2",
            (2, 1, 2, 1),
            (
                ChartSeries("A", (2, 2, 2, 2), "005EB8"),
                ChartSeries("B", (2, 3, 2, 3), "ED8B00", pattern="wdUpDiag"),
                ChartSeries("C", (2, 4, 2, 4), "425563", dashed=True),
            ),
            data_labels=True,
        )
    )
    backend = XlwingsWorkbook(book)
    backend.write_sheet(content)
    log = book.app.api_log
    calls = [path for path, _ in log]
    reset = calls.index("Worksheets('Charts').ResetAllPageBreaks()")
    added = [args for path, args in log if path == "Worksheets('Charts').HPageBreaks.Add()"]
    assert added == [("Range('$A$22')",), ("Range('$A$39')",)]
    assert reset < calls.index("Worksheets('Charts').HPageBreaks.Add()")
    assert dict(log)["Worksheets('Charts').PageSetup.CenterHeader"] == "Charts, 2025"
    sets = dict(log)
    assert ("Chart.SeriesCollection(2).Format.Fill.Patterned()", (26,)) in log
    assert sets["Chart.SeriesCollection(3).Format.Line.DashStyle"] == 4
    labelled = [p for p in sets if p.endswith(".HasDataLabels")]
    assert labelled == [
        "Chart.SeriesCollection(1).HasDataLabels",
        "Chart.SeriesCollection(2).HasDataLabels",
    ]
    assert backend.skipped == []


def test_unknown_styles_are_refused_like_the_file_backend() -> None:
    book = fx.FakeBook()
    content = SheetContent("S")
    content.add(1, 1, [["x"]], "no such style")
    with pytest.raises(KeyError):
        XlwingsWorkbook(book).write_sheet(content)
    assert "no such style" not in STYLES


# --- table edits -------------------------------------------------------------------------


def _actions_book(rows: int = 3, below: object = None) -> tuple[fx.FakeBook, fx.FakeSheet]:
    book = fx.FakeBook()
    sheet = book.fake_new_sheet("Action plan")
    for j, h in enumerate(schema.ACTIONS.columns):
        sheet.fake_put(4, 1 + j, h)
    for i in range(rows):
        sheet.fake_put(5 + i, 1, f"OWN-{i}")
        sheet.fake_put(5 + i, 2, 7)
    sheet.fake_put(5 + rows, 1, None)  # a blank row kept inside the table
    sheet.fake_add_table("tblActions", f"A4:I{5 + rows}")
    if below is not None:
        sheet.fake_put(5 + rows + 2, 3, below)
    book.app.calls.clear()
    return book, sheet


def test_set_table_cells_writes_each_contiguous_run_in_one_call() -> None:
    book, sheet = _actions_book(rows=6)
    XlwingsWorkbook(book).set_table_cells(
        "tblActions",
        "current RATING",
        {5: "Worse (large effect)", 6: "Equivalent", 7: "x", 10: "y"},
    )
    assert book.app.calls["value.write"] == 2
    assert [sheet.fake_cell(r, 9).value for r in range(5, 11)] == [
        "Worse (large effect)", "Equivalent", "x", None, None, "y"
    ]  # fmt: skip


def test_append_reuses_the_blank_row_then_grows_the_table_in_one_write() -> None:
    book, sheet = _actions_book(rows=3)
    rows = [{"ID": f"S-{i}", "indicator": 2, "Action": "=not a formula"} for i in range(3)]
    XlwingsWorkbook(book).append_table_rows("tblActions", rows)
    assert book.app.calls["value.write"] == 1
    assert sheet.fake_tables[0].fake_rect == (4, 1, 10, 9)
    assert [sheet.fake_cell(r, 1).value for r in range(5, 11)] == [
        "OWN-0", "OWN-1", "OWN-2", "S-0", "S-1", "S-2"
    ]  # fmt: skip
    assert sheet.fake_cell(8, 2).value == 2.0
    assert sheet.fake_cell(8, 3).value == "=not a formula"


def test_append_is_refused_when_cells_below_the_table_are_not_empty() -> None:
    book, sheet = _actions_book(rows=3, below="My notes")
    before = dict(sheet.fake_values())
    rows = [{"ID": f"S-{i}"} for i in range(4)]
    with pytest.raises(UnsafeRefreshError, match=r"cell C10 below the table is not empty"):
        XlwingsWorkbook(book).append_table_rows("tblActions", rows)
    assert sheet.fake_values() == before
    assert sheet.fake_tables[0].fake_rect == (4, 1, 8, 9)
    assert book.app.calls["value.write"] == 0


def test_append_fitting_in_the_blank_row_ignores_what_is_further_below() -> None:
    book, sheet = _actions_book(rows=3, below="My notes")
    XlwingsWorkbook(book).append_table_rows("tblActions", [{"ID": "S-1"}])
    assert sheet.fake_tables[0].fake_rect == (4, 1, 8, 9)
    assert sheet.fake_cell(8, 1).value == "S-1"


# --- the session -----------------------------------------------------------------------


def test_the_session_restores_excel_even_when_the_work_fails() -> None:
    book = fx.FakeBook()
    app = book.app
    app.status_bar = "Someone else's message"

    def work_that_fails() -> None:
        assert (app._screen_updating, app._enable_events, app._calculation) == (
            False,
            False,
            "manual",
        )
        XlwingsWorkbook(book).progress("Reading the input tables")
        assert app._status_bar == "WRES: Reading the input tables…"
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"), excel_session(book):
        work_that_fails()
    assert app._screen_updating is True
    assert app._enable_events is True
    assert app._calculation == "automatic"
    assert app._status_bar == "Someone else's message"


# --- the ribbon entry points -------------------------------------------------------------


def _alerts(book: fx.FakeBook) -> list[dict[str, object]]:
    return book.app.fake_alerts


@pytest.mark.slow
def test_refresh_reports_success_and_shows_the_summary(demo: Path, tmp_path: Path) -> None:
    book = fx.book_from_xlsx(demo)
    log = tmp_path / "wres.log"
    message = excel.run_refresh(book, log_file=log)
    (alert,) = _alerts(book)
    assert alert == {"prompt": message, "title": "WRES", "mode": "info"}
    assert message.startswith("WRES refresh finished for 2025: 9 indicators computed")
    assert "suggested actions to the Action plan." in message
    assert book.fake_active is book.fake_sheet("Summary")
    assert (book.app._screen_updating, book.app._calculation, book.app._status_bar) == (
        True,
        "automatic",
        False,
    )
    assert not log.exists()


@pytest.mark.slow
def test_refresh_with_data_errors_points_at_the_checks_sheet(tmp_path: Path) -> None:
    inputs = demo_inputs()
    inputs["tblWorkforce"][0]["BME"] = "lots"
    book = fx.book_from_xlsx(workbook_with(tmp_path / "bad.xlsx", inputs))
    message = excel.run_refresh(book, log_file=tmp_path / "wres.log")
    # The third warning: the suggested actions just added have no lead yet.
    assert "1 error and 3 warnings — see the Checks sheet." in message
    assert _alerts(book)[0]["mode"] == "critical"
    checks = book.fake_sheet("Checks").fake_values().values()
    assert any("holds the text 'lots'" in str(v) for v in checks)


def test_a_refused_refresh_shows_the_reason(demo: Path, tmp_path: Path) -> None:
    book = fx.book_from_xlsx(demo)
    table = book.fake_sheet("Action plan").fake_tables[0]
    book.fake_sheet("Action plan").fake_put(table.fake_rect[2] + 3, 2, "My notes")
    message = excel.run_refresh(book, log_file=tmp_path / "wres.log")
    assert message.startswith("WRES refresh stopped. WRES needs to add")
    assert "would overwrite your work" in message
    assert _alerts(book)[0]["mode"] == "critical"
    assert not (tmp_path / "wres.log").exists()


@pytest.mark.slow
def test_an_unexpected_failure_gives_a_short_message_and_a_log(demo: Path, tmp_path: Path) -> None:
    book = fx.book_from_xlsx(demo)
    book.fake_sheet("Summary").fake_protect()  # Excel refuses to write a protected sheet
    log = tmp_path / "logs" / "wres-xl.log"
    message = excel.run_refresh(book, log_file=log)
    assert message.startswith("WRES could not finish the refresh because of an unexpected problem")
    assert "protected sheet" in message
    assert str(log) in message
    assert "Traceback" not in message
    assert 'File "' not in message
    assert "Traceback" in log.read_text("utf-8")
    assert "FakeComError" in log.read_text("utf-8")
    app = book.app
    assert (app._screen_updating, app._enable_events, app._calculation, app._status_bar) == (
        True,
        True,
        "automatic",
        False,
    )


def test_excels_own_refusals_are_described_in_its_words() -> None:
    # pywin32's com_error carries (hresult, text, excepinfo, argerror); excepinfo[2] is
    # Excel's description.
    com_error = Exception(
        -2147352567,
        "Exception occurred.",
        (0, "Microsoft Excel", "Unable to set the ColumnWidth property.", "xlmain11.chm", 0, 1),
        None,
    )
    assert excel.describe(com_error) == "Unable to set the ColumnWidth property"
    assert excel.describe(RuntimeError("boom\nsecond line")) == "boom"
    assert excel.describe(RuntimeError()) == "RuntimeError"


def test_check_reports_without_writing(tmp_path: Path, demo: Path) -> None:
    inputs = demo_inputs()
    inputs["tblWorkforce"][0]["BME"] = "lots"
    bad = fx.book_from_xlsx(workbook_with(tmp_path / "bad.xlsx", inputs))
    message = excel.run_check(bad)
    assert message.startswith("WRES check for 2025 (nothing was changed):")
    # The third warning: the suggested actions a refresh would add still need a lead.
    assert "1 error and 3 warnings found." in message
    assert "• Workforce sheet, row 5, column BME: BME holds the text 'lots'" in message
    assert "Checks sheet" in message
    assert bad.app.calls["value.write"] == 0

    good = fx.book_from_xlsx(demo)
    message = excel.run_check(good)
    assert "9 indicators can be computed" in message
    assert good.app.calls["value.write"] == 0


@pytest.mark.slow
def test_an_empty_workbook_says_there_is_no_data(tmp_path: Path) -> None:
    book = fx.book_from_xlsx(workbook_with(tmp_path / "empty.xlsx", {}))
    message = excel.run_refresh(book, log_file=tmp_path / "wres.log")
    assert message.startswith("WRES refresh stopped: the workbook has no data yet")
    assert book.fake_active is book.fake_sheet("Checks")
    assert "no data yet" in excel.run_check(book)


@pytest.mark.slow
def test_the_ribbon_buttons_use_the_calling_workbook(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = fx.book_from_xlsx(demo)
    monkeypatch.setattr(xlwings.Book, "caller", classmethod(lambda cls: book))
    excel.check_caller()
    excel.refresh_caller()
    prompts = [str(a["prompt"]) for a in _alerts(book)]
    assert prompts[0].startswith("WRES check for 2025 (nothing was changed)")
    assert prompts[1].startswith("WRES refresh finished for 2025")


def test_without_a_caller_the_active_workbook_is_used(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = fx.book_from_xlsx(demo)

    def not_from_excel(cls: type) -> None:
        raise Exception("Book.caller() must not be called directly.")

    class Books:
        active = book

    monkeypatch.setattr(xlwings.Book, "caller", classmethod(not_from_excel))
    monkeypatch.setattr(xlwings, "books", Books())
    assert excel.caller_book() is book


def test_the_log_file_lives_in_the_users_local_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOCALAPPDATA", r"C:\Users\ana\AppData\Local")
    assert excel.log_file_path() == Path(r"C:\Users\ana\AppData\Local") / "wres-xl" / "wres-xl.log"
    monkeypatch.delenv("LOCALAPPDATA")
    assert excel.log_file_path() == Path.home() / ".wres-xl" / "wres-xl.log"
