"""User text that looks like a formula stays text, in every file the tool writes.

The quote prefix is what keeps text such as ``=HYPERLINK(...)`` or ``+1+1`` from turning
into a formula when someone edits the cell in Excel. It must sit on exactly the text
Excel would re-read (``needs_quote_prefix``, as the live xlwings writer marks it): not
leak onto the numbers and plain text written after it under the same format, and not be
lost from later such text. A date keeps a date format whatever format
its cell had. Both writers (openpyxl's, for the published copy, the template and the input
tables; the sheet XML writer, for the refresh) must agree. The end-to-end test publishes
the demo with hostile text in the action plan and the organisation's name, and evaluates
the copy with LibreOffice and with the ``formulas`` engine.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import subprocess
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import formulas
import openpyxl
import pytest
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles.numbers import is_date_format

from tests.support.helpers import set_setting
from wres_xl.commands.demo.build import build_demo_workbook
from wres_xl.commands.demo.wres_data import demo_inputs
from wres_xl.commands.publish.wres import publish_file
from wres_xl.core.schema import ACTIONS, INPUT_TABLES
from wres_xl.report.layout import SheetContent
from wres_xl.workbook.cell_text import needs_quote_prefix
from wres_xl.workbook.files import refresh_file
from wres_xl.workbook.openpyxl_backend import (
    OpenpyxlWorkbook,
    fill_table,
    load_workbook,
)
from wres_xl.workbook.package import PackageWorkbook
from wres_xl.workbook.template import (
    CALCULATOR_SHEET,
    START_SHEET,
    make_workbook,
    save_workbook_deterministic,
)

#: Text a user might type that a spreadsheet could take for a formula.
HOSTILE = ('=HYPERLINK("http://x.test","go")', "+1+1", "-5-5", "@SUM(1,2)", "=1+1")
HOSTILE_ORG = '=HYPERLINK("http://x.test","Org")'
WHEN = dt.date(2026, 3, 31)
WHEN_TIME = dt.datetime(2026, 3, 31, 9, 30)


def _look(cell: Cell | MergedCell) -> tuple[object, ...]:
    return (cell.value, cell.data_type, bool(cell.quotePrefix), cell.number_format)


#: Sheets whose text the template writes itself; only their tables' data rows (written
#: by ``fill_table``) are the writers' under test.
TEMPLATE_SHEETS = {spec.sheet for spec in (*INPUT_TABLES, ACTIONS)} | {
    START_SHEET,
    CALCULATOR_SHEET,
}


def _written_cells(book: openpyxl.Workbook) -> Iterator[tuple[str, Cell | MergedCell]]:
    for ws in book.worksheets:
        if ws.title not in TEMPLATE_SHEETS:
            rows: Iterable[Sequence[Cell | MergedCell]] = ws.iter_rows()
        else:
            rows = [row for t in ws.tables.values() for row in ws[t.ref][1:]]
        for row in rows:
            for cell in row:
                yield ws.title, cell


def _prefix_errors(book: openpyxl.Workbook) -> list[str]:
    """Every written cell whose quote prefix does not match its value: on the text Excel
    would re-read as something else ("=1+1", "+1", "0123", "TRUE"), on nothing else."""
    wrong = []
    for title, cell in _written_cells(book):
        value = cell.value
        # A formula (type "f", the template's own) carries none; user text is checked to
        # be text ("s") where it is looked for.
        wants = isinstance(value, str) and needs_quote_prefix(value) and cell.data_type != "f"
        if bool(cell.quotePrefix) != wants:
            wrong.append(f"{title}!{cell.coordinate}={value!r} {cell.quotePrefix}")
    return wrong


def _mixed_sheet() -> SheetContent:
    """Formula-looking text first under each format, then numbers, plain text and dates."""
    sheet = SheetContent("Mixed")
    for col, style in enumerate(("text", "wrap", "count", "note", "percent"), start=1):
        sheet.add(
            1, col, [[HOSTILE[0]], ["plain"], [5], ["+1+1"], ["=b"], [WHEN], [WHEN_TIME]], style
        )
    return sheet


def _written(tmp_path: Path, content: SheetContent) -> tuple[Path, Path]:
    """The sheet through openpyxl's writer and through the refresh's sheet XML writer."""
    old = tmp_path / "openpyxl.xlsx"
    wb = openpyxl.Workbook()
    wb.remove(wb.worksheets[0])
    OpenpyxlWorkbook(wb).write_sheet(content)
    wb.save(old)
    new = tmp_path / "sheet_xml.xlsx"
    save_workbook_deterministic(make_workbook(), new)
    with PackageWorkbook(new) as package:
        package.write_sheet(content)
        buffer = io.BytesIO()
        package.save(buffer)
    new.write_bytes(buffer.getvalue())
    return old, new


def test_the_quote_prefix_and_date_formats_follow_the_value_in_both_writers(
    tmp_path: Path,
) -> None:
    old, new = _written(tmp_path, _mixed_sheet())
    mine = openpyxl.load_workbook(old)
    theirs = openpyxl.load_workbook(new)
    assert _prefix_errors(mine) == []
    assert _prefix_errors(theirs) == []
    ws_old, ws_new = mine["Mixed"], theirs["Mixed"]
    for col in "ABCDE":
        assert ws_old[f"{col}6"].value == dt.datetime(2026, 3, 31)
        assert ws_old[f"{col}6"].number_format == "yyyy-mm-dd"
        assert ws_old[f"{col}7"].value == WHEN_TIME
        assert ws_old[f"{col}7"].number_format == "yyyy-mm-dd h:mm:ss"
        assert ws_old[f"{col}3"].number_format == (
            "#,##0" if col == "C" else "0.0%" if col == "E" else "General"
        )
        for row in range(1, 8):
            ref = f"{col}{row}"
            assert _look(ws_old[ref]) == _look(ws_new[ref]), ref


def test_table_rows_take_the_first_rows_format_but_not_its_quote_prefix(tmp_path: Path) -> None:
    workbook = OpenpyxlWorkbook(make_workbook())
    rows: list[dict[str, object]] = [
        {"ID": "A", "Action": HOSTILE[0], "Timescale": "soon", "Lead": "=Smith"},
        {"ID": "B", "Action": "plain", "Timescale": WHEN, "Lead": 7},
        {"ID": "C", "Action": "=1+1", "Timescale": WHEN_TIME, "Lead": "-5-5"},
    ]
    fill_table(workbook, "tblActions", rows)
    workbook.append_table_rows(
        "tblActions", [{"ID": "D", "Action": "+1+1", "Timescale": WHEN, "Lead": "=x"}]
    )
    path = tmp_path / "actions.xlsx"
    save_workbook_deterministic(workbook.wb, path)
    book = openpyxl.load_workbook(path)
    assert _prefix_errors(book) == []
    ws = book["Action plan"]
    table = ws[ws.tables["tblActions"].ref]
    headers = [str(c.value) for c in table[0]]
    found = {str(row[0].value): dict(zip(headers, row, strict=True)) for row in table[1:]}
    assert sorted(found) == ["A", "B", "C", "D"]
    assert found["B"]["Timescale"].value == dt.datetime(2026, 3, 31)
    assert is_date_format(found["B"]["Timescale"].number_format)
    assert is_date_format(found["C"]["Timescale"].number_format)
    assert is_date_format(found["D"]["Timescale"].number_format)
    assert found["A"]["Timescale"].number_format == found["B"]["Action"].number_format
    assert found["D"]["Lead"].quotePrefix


@dataclass
class Hostile:
    refreshed: Path
    published: Path


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Hostile:
    folder = tmp_path_factory.mktemp("hostile")
    source = build_demo_workbook(folder / "demo.xlsx")
    workbook = OpenpyxlWorkbook(load_workbook(source))
    rows = list(demo_inputs()["tblActions"])
    for i, text in enumerate(HOSTILE):
        rows.append(
            {
                "ID": f"U{i}",
                "Indicator": 1,
                "Action": text,
                "Measure of success": text,
                "Timescale": WHEN if i % 2 else text,
                "Lead": text,
                "Status": "On track",
            }
        )
    fill_table(workbook, "tblActions", rows)
    set_setting(workbook, "Organisation", HOSTILE_ORG)
    save_workbook_deterministic(workbook.wb, source)
    refresh_file(source)
    return Hostile(source, publish_file(source, folder / "published.xlsx"))


def _hostile_cells(book: openpyxl.Workbook) -> dict[tuple[str, str], tuple[object, ...]]:
    return {
        (ws.title, cell.coordinate): _look(cell)
        for ws in book.worksheets
        for row in ws.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
        and any(text in cell.value for text in (*HOSTILE, HOSTILE_ORG))
    }


@pytest.mark.slow
def test_hostile_text_is_published_as_text_with_the_right_prefix(hostile: Hostile) -> None:
    published = openpyxl.load_workbook(hostile.published)
    refreshed = openpyxl.load_workbook(hostile.refreshed)
    assert _prefix_errors(published) == []
    assert _prefix_errors(refreshed) == []
    cells = _hostile_cells(published)
    actions = {place[1]: look for place, look in cells.items() if place[0] == "Action plan"}
    texts = [look[0] for look in actions.values()]
    for text in HOSTILE:
        # Action, measure and lead, and the timescale where it is text.
        assert texts.count(text) >= 3, text
    assert all(look[1] == "s" for look in cells.values())
    # The same text is safe in both writers: each sheet both files hold shows the
    # organisation's name identically (the published copy by openpyxl, the refresh by
    # the sheet XML writer).
    theirs = _hostile_cells(refreshed)
    shared = {
        place: look for place, look in cells.items() if place[0] in ("Summary", "Publication")
    }
    assert shared
    assert shared == {place: theirs[place] for place in shared}
    # The input table keeps its dates as dates.
    ws = refreshed["Action plan"]
    dates = [c for row in ws.iter_rows() for c in row if isinstance(c.value, dt.datetime)]
    assert len(dates) == 2
    assert all(is_date_format(c.number_format) for c in dates)


def _calculated(path: Path) -> dict[str, object]:
    solution = formulas.ExcelModel().loads(str(path)).finish().calculate()
    return {
        key.split("]", 1)[1].upper(): value.value[0][0]
        for key, value in solution.items()
        if hasattr(value, "value")
    }


@pytest.mark.slow
def test_the_formulas_engine_computes_no_user_text(hostile: Hostile, tmp_path: Path) -> None:
    # The engine does compute a real formula (so the check below can fail).
    control = openpyxl.Workbook()
    control.active.title = "S"
    control["S"]["A1"] = "=1+1"
    control.save(tmp_path / "control.xlsx")
    assert _calculated(tmp_path / "control.xlsx")["S'!A1"] == 2
    values = _calculated(hostile.published)
    cells = _hostile_cells(openpyxl.load_workbook(hostile.published))
    for (sheet, ref), look in cells.items():
        assert values[f"{sheet.upper()}'!{ref}"] == look[0], (sheet, ref)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_shows_the_user_text_as_typed(hostile: Hostile, tmp_path: Path) -> None:
    # CSV "as shown", every sheet: what LibreOffice displays once it has loaded the file.
    subprocess.run(
        [
            "soffice",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
            "--outdir",
            str(tmp_path),
            str(hostile.published),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    shown = (tmp_path / "published-Action plan.csv").read_text(encoding="utf-8")
    lines = [
        row for row in csv.reader(io.StringIO(shown)) if row and row[1:2] and row[1] in HOSTILE
    ]
    assert [row[1] for row in lines] == list(HOSTILE)
    for i, (row, text) in enumerate(zip(lines, HOSTILE, strict=True)):
        timescale = "31 March 2026" if i % 2 else text
        assert row[1:5] == [text, text, timescale, text]
    summary = (tmp_path / "published-Summary.csv").read_text(encoding="utf-8")
    subtitle = list(csv.reader(io.StringIO(summary)))[1][0]
    assert subtitle.startswith(f"{HOSTILE_ORG} · WRES 2025")


@pytest.mark.parametrize(
    ("text", "marked"),
    [
        ("=Smith", True),
        ("+1+1", True),
        ("-5-5", True),
        ("@SUM(1,2)", True),
        ("0123", True),
        ("TRUE", True),
        ("March 2024", True),
        ("'quoted", True),
        ("plain", False),
        ("Band 8a", False),
        ("May", False),
        ("", False),
        (" ", False),
        ("Smith = lead", False),
    ],
)
def test_the_text_excel_would_reread_is_marked(text: str, marked: bool) -> None:
    assert needs_quote_prefix(text) is marked
