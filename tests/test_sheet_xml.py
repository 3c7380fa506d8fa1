"""The owned sheets written without openpyxl read exactly as openpyxl wrote them.

The file refresh writes the tool-owned sheets' XML itself (``wres_xl.workbook.sheet_xml``).
What a user sees must not change: each test renders the same sheet model twice, once
through ``OpenpyxlWorkbook.write_sheet`` (the old path, and still the path of every
openpyxl-written file) and once through the package writer, reads both with openpyxl and
compares every cell's value and format, the sheet's widths, heights, merges, print setup
and panes, and the charts part for part.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from lxml import etree
from openpyxl.styles import numbers as op_numbers
from openpyxl.utils import datetime as op_datetime

from wres_xl.report.layout import ChartSeries, ChartSpec, SheetContent
from wres_xl.workbook import xlsx_numbers
from wres_xl.workbook.openpyxl_backend import OpenpyxlWorkbook
from wres_xl.workbook.package import PackageWorkbook, parse_rels, rels_path
from wres_xl.workbook.refresh import refresh_workbook
from wres_xl.workbook.sheet_xml import chart_xml
from wres_xl.workbook.template import make_workbook, save_workbook_deterministic

_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _old_file(contents: list[SheetContent], path: Path) -> Path:
    """The sheets as openpyxl renders them (the refresh's old path)."""
    wb = openpyxl.Workbook()
    wb.remove(wb.worksheets[0])
    backend = OpenpyxlWorkbook(wb)
    for content in contents:
        backend.write_sheet(content)
    wb.save(path)
    return path


def _new_file(base: Path, contents: list[SheetContent], path: Path) -> Path:
    shutil.copy(base, path)
    with PackageWorkbook(path) as wb:
        for content in contents:
            wb.write_sheet(content)
        buffer = io.BytesIO()
        wb.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def _colour(c: Any) -> str | None:
    return None if c is None or c.rgb is None else str(c.rgb)[-6:].upper()


def _look(cell: Any) -> tuple[object, ...]:
    """Everything a user sees of a cell: value and every part of its format."""
    value = cell.value
    if value == "":
        value = None
    f, a, b = cell.font, cell.alignment, cell.border
    fill = cell.fill
    return (
        value,
        cell.number_format,
        (f.name, bool(f.b), bool(f.i), f.sz, _colour(f.color)) if cell.has_style else None,
        (fill.fill_type, _colour(fill.fgColor)) if fill.fill_type else None,
        tuple((getattr(b, s).style, _colour(getattr(b, s).color)) for s in ("left", "top")),
        (a.horizontal, a.vertical, bool(a.wrap_text), a.indent) if cell.has_style else None,
        bool(cell.quotePrefix),
    )


def _sheet_look(ws: Any) -> dict[str, object]:
    hf = ws.HeaderFooter
    setup = ws.page_setup
    return {
        "widths": {k: d.width for k, d in ws.column_dimensions.items() if d.customWidth},
        "heights": {k: d.height for k, d in ws.row_dimensions.items() if d.height},
        "merges": sorted(str(m) for m in ws.merged_cells.ranges),
        "print titles": ws.print_title_rows,
        "breaks": [b.id for b in ws.row_breaks.brk],
        "header": str(hf.oddHeader),
        "footer": str(hf.oddFooter),
        "freeze": ws.freeze_panes,
        "setup": (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight),
        "fit": ws.sheet_properties.pageSetUpPr.fitToPage,
        "tab": _colour(ws.sheet_properties.tabColor),
        "grid": ws.sheet_view.showGridLines,
        "state": ws.sheet_state,
    }


def _charts(path: Path, title: str) -> list[tuple[object, bytes]]:
    """The sheet's charts in anchor order: (anchor position and size, canonical chart XML)."""
    z = zipfile.ZipFile(path)
    wb_root = etree.fromstring(z.read("xl/workbook.xml"))
    rels = {
        r.id: r.target for r in parse_rels(z.read("xl/_rels/workbook.xml.rels"), "xl/workbook.xml")
    }
    ns = {"m": wb_root.nsmap[None]}
    sheet = next(s for s in wb_root.iterfind(".//m:sheet", ns) if s.get("name") == title)
    part = rels[sheet.get(f"{{{_R}}}id")]
    if rels_path(part) not in z.namelist():
        return []
    out = []
    for rel in parse_rels(z.read(rels_path(part)), part):
        if not rel.type.endswith("/drawing"):
            continue
        drawing = etree.fromstring(z.read(rel.target))
        targets = {r.id: r.target for r in parse_rels(z.read(rels_path(rel.target)), rel.target)}
        for anchor in drawing:
            where = etree.tostring(anchor.find("{*}from")) + etree.tostring(anchor.find("{*}ext"))
            ref = anchor.find(f".//{{{_C}}}chart").get(f"{{{_R}}}id")
            chart = etree.fromstring(z.read(targets[ref]))
            out.append((where, etree.tostring(chart, method="c14n")))
    return out


def _compare(old: Path, new: Path, titles: list[str]) -> None:
    a = openpyxl.load_workbook(old)
    b = openpyxl.load_workbook(new)
    for title in titles:
        wa, wb_ = a[title], b[title]
        cells = {c.coordinate for row in wa.iter_rows() for c in row}
        cells |= {c.coordinate for row in wb_.iter_rows() for c in row}
        differ = [ref for ref in sorted(cells) if _look(wa[ref]) != _look(wb_[ref])]
        assert differ == [], (
            title,
            differ[:5],
            [(_look(wa[r]), _look(wb_[r])) for r in differ[:2]],
        )
        assert _sheet_look(wa) == _sheet_look(wb_), title
        assert _charts(old, title) == _charts(new, title), title


@pytest.mark.slow
def test_the_demo_sheets_read_as_openpyxl_wrote_them(tmp_path: Path) -> None:
    from wres_xl.commands.demo.build import build_demo_workbook

    demo = build_demo_workbook(tmp_path / "demo.xlsx")
    with PackageWorkbook(demo) as wb:
        refresh_workbook(wb)
        contents = list(wb.contents)
    assert sum(len(c.charts) for c in contents) >= 5  # the Trends charts are compared too
    old = _old_file(contents, tmp_path / "old.xlsx")
    new = _new_file(demo, contents, tmp_path / "new.xlsx")
    _compare(old, new, [c.title for c in contents])


def test_every_kind_of_value_and_setting_reads_as_openpyxl_wrote_it(tmp_path: Path) -> None:
    sheet = SheetContent("It's odd & <new>", freeze="C3", tab_colour="C00000", landscape=False)
    sheet.add(
        1,
        1,
        [
            ["=Smith", "  padded  ", "tab\there", "bell\x07gone", True, False],
            [0, -3, 1e-15, 12345678901234567, 0.1 + 0.2, None],
            [None, "=A1+1", "", "x", 2.5, "end"],
        ],
        "text",
        styles=[[None, "note", "rating:Equivalent", None, "percent", "count"], [], [None, "year"]],
    )
    sheet.add(2, 6, [["restyled"]])  # a later block without a format keeps the cell's
    sheet.add(5, 2, [["one"], ["two"]], "wrap_plain")
    sheet.column_widths = {1: 12.5, 3: 30}
    sheet.row_heights = {1: 26.6, 9: 40}
    sheet.merges = [(5, 2, 5, 4), (6, 2, 6, 4)]
    sheet.print_title_rows = "1:2"
    sheet.row_breaks = [5, 3, 5]
    sheet.print_header = "Header & more"
    sheet.print_footer = "Trust · 2025"
    hidden = SheetContent("Hidden one", hidden=True, freeze="A5")
    hidden.text(1, 1, "=unstyled", None)
    rows = SheetContent("Rows only", freeze="B1")
    rows.text(3, 3, 4.5, "ratio")
    contents = [sheet, hidden, rows]
    base = tmp_path / "base.xlsx"
    save_workbook_deterministic(make_workbook(), base)
    old = _old_file(contents, tmp_path / "old.xlsx")
    new = _new_file(base, contents, tmp_path / "new.xlsx")
    _compare(old, new, [c.title for c in contents])


def test_dates_are_written_as_dates(tmp_path: Path) -> None:
    # Both writers keep a date's format under a named style (tests/test_formula_text.py
    # compares them cell by cell). The report writes no dates today.
    sheet = SheetContent("Dates")
    sheet.add(1, 1, [[dt.date(2025, 3, 31), dt.datetime(2025, 3, 31, 9, 30)]], "text")
    base = tmp_path / "base.xlsx"
    save_workbook_deterministic(make_workbook(), base)
    ws = openpyxl.load_workbook(_new_file(base, [sheet], tmp_path / "new.xlsx"))["Dates"]
    assert ws["A1"].value == dt.datetime(2025, 3, 31)
    assert ws["B1"].value == dt.datetime(2025, 3, 31, 9, 30)
    assert ws["B1"].number_format == "yyyy-mm-dd h:mm:ss"


_SPECS = [
    ChartSpec(
        "line", "T & x", "X", "Y", "B3", (5, 2, 9, 2),
        (
            ChartSeries("a", (5, 3, 9, 3), "005EB8"),
            ChartSeries("b", (5, 4, 9, 4), "ED8B00", dashed=True),
            ChartSeries("c <d>", (5, 5, 9, 5)),
        ),
        y_min=0, y_max=1, y_format="0%", data_labels=True,
    ),
    ChartSpec(
        "barh", "T", "X", "Y", "D3", (5, 2, 9, 2),
        (
            ChartSeries("a", (5, 3, 9, 3), "005EB8", pattern="wdUpDiag"),
            ChartSeries("b", (5, 4, 9, 4), "ED8B00", dashed=True),
        ),
        width_cm=10.5, height_cm=7.25, y_format="0.00", data_labels=True,
    ),
    ChartSpec(
        "bar", "T", "", "", "D3", (5, 2, 9, 2),
        (
            ChartSeries("a", (5, 3, 9, 3)),
            ChartSeries("b", (5, 4, 9, 4), "ED8B00", pattern="smGrid"),
            ChartSeries("w", (5, 5, 9, 5), "425563", dashed=True),
        ),
        data_labels=True, y_format='"x"0%', y_max=0.5,
    ),
    ChartSpec("line", "Plain", "a", "b", "A1", (1, 1, 1, 3), (ChartSeries("s", (2, 1, 2, 3)),)),
]  # fmt: skip


@pytest.mark.parametrize("spec", _SPECS, ids=lambda s: f"{s.kind}-{s.title}")
def test_each_kind_of_chart_is_the_chart_openpyxl_draws(spec: ChartSpec, tmp_path: Path) -> None:
    sheet = SheetContent("Tr'ends", charts=[spec])
    sheet.text(1, 1, "x")
    old = _old_file([sheet], tmp_path / "old.xlsx")
    mine = etree.tostring(etree.fromstring(chart_xml(spec, sheet.title)), method="c14n")
    assert [xml for _, xml in _charts(old, sheet.title)] == [mine]


def test_number_formats_and_dates_agree_with_openpyxl() -> None:
    assert xlsx_numbers.BUILTIN_FORMATS == op_numbers.BUILTIN_FORMATS
    codes = [
        *op_numbers.BUILTIN_FORMATS.values(),
        '[<0.001]"<0.001";0.000', '"Band 8a+: "0.0%', '+0.0" pts";-0.0" pts"', "[h]:mm",
        "[Red]0.00", '"day"0', "dd/mm/yyyy", r"0\d", "_d0", "[$-409]mmm", "yyyy-mm-dd h:mm:ss",
    ]  # fmt: skip
    assert [xlsx_numbers.is_date_format(c) for c in codes] == [
        op_numbers.is_date_format(c) for c in codes
    ]
    for serial in (0.25, 1, 59, 60, 61, 45747, 45747.395833, 2958465.99):
        assert xlsx_numbers.from_excel(serial) == op_datetime.from_excel(serial)
    for when in (dt.date(1900, 1, 1), dt.date(1900, 3, 1), dt.datetime(2025, 3, 31, 9, 30, 5)):
        assert xlsx_numbers.to_excel(when) == op_datetime.to_excel(when)


@pytest.mark.slow
def test_a_refresh_of_the_demo_never_imports_openpyxl(tmp_path: Path) -> None:
    # The demo is built (with openpyxl) in one process; the refresh runs in a fresh one, so
    # nothing the suite or the build imported can hide an import.
    path = tmp_path / "demo.xlsx"
    build = (
        "from pathlib import Path\n"
        "from wres_xl.commands.demo.build import build_demo_workbook\n"
        f"build_demo_workbook(Path({str(path)!r}))\n"
    )
    subprocess.run([sys.executable, "-c", build], check=True, capture_output=True)
    code = (
        "import sys\n"
        "from wres_xl.cli import main\n"
        f"sys.argv = ['wres-xl', 'refresh', {str(path)!r}]\n"
        "try:\n    main()\nexcept SystemExit as stop:\n    assert not stop.code, stop.code\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'openpyxl')[:3])\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"
    assert openpyxl.load_workbook(path)["Summary"]["A1"].value
