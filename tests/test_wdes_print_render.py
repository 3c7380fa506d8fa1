"""The refreshed WDES demo workbook rendered by LibreOffice prints as the WRES one does: a
header and page number on every page, each input sheet and the action plan one page wide
(no page carrying the cut-off right half of a sheet), and wrapped text printed whole.

Set WRES_RENDER_DIR to keep the PDF and PNG pages for looking at.
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path
from typing import NamedTuple

import openpyxl
import pytest

from tests.support.libreoffice import convert_to_pdf, run_tool
from wres_xl.commands.demo.build import build_wdes_demo_workbook
from wres_xl.core.schema import TableSpec
from wres_xl.core.wdes_standard import WDES
from wres_xl.workbook.files import refresh_file

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]


class Word(NamedTuple):
    x0: float
    y0: float
    x1: float
    text: str


class Rendered(NamedTuple):
    pages: list[str]  # pdftotext -layout, one string a page
    words: list[list[Word]]  # each page's words with their positions
    tables: dict[str, list[list[object]]]  # the refreshed workbook's input tables


_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>'
)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    keep = os.environ.get("WRES_RENDER_DIR")
    folder = Path(keep) if keep else tmp_path_factory.mktemp("wdes_print")
    folder.mkdir(parents=True, exist_ok=True)
    workbook = folder / "wdes.xlsx"
    workbook.unlink(missing_ok=True)
    build_wdes_demo_workbook(workbook)
    refresh_file(workbook)
    done = convert_to_pdf(folder, workbook)
    pdf = folder / "wdes.pdf"
    assert pdf.exists(), done.stdout + done.stderr
    layout = run_tool(["pdftotext", "-layout", str(pdf), "-"])
    pages = layout.stdout.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    boxes = run_tool(["pdftotext", "-bbox", str(pdf), "-"]).stdout
    words = [
        [Word(float(a), float(b), float(c), html.unescape(t)) for a, b, c, t in _WORD.findall(page)]
        for page in boxes.split("<page ")[1:]
    ]
    assert len(words) == len(pages)
    if keep:
        run_tool(["pdftoppm", "-r", "50", "-png", str(pdf), str(folder / "wdes")])
    book = openpyxl.load_workbook(workbook)
    tables: dict[str, list[list[object]]] = {}
    for spec in WDES.tables:
        ws = book[spec.sheet]
        tables[spec.name] = [[c.value for c in row] for row in ws[ws.tables[spec.name].ref]]
    return Rendered(pages, words, tables)


def _first_line(page: str) -> str:
    return next((" ".join(line.split()) for line in page.splitlines() if line.strip()), "")


def _sheet_pages(rendered: Rendered, sheet: str) -> list[int]:
    return [
        i
        for i, page in enumerate(rendered.pages)
        if _first_line(page) == f"{sheet} · WDES workbook"
    ]


def test_every_page_has_a_header_and_a_page_number(rendered: Rendered) -> None:
    total = len(rendered.pages)
    for number, page in enumerate(rendered.pages, start=1):
        assert _first_line(page), f"page {number} has no header"
        lines = [" ".join(line.split()) for line in page.splitlines() if line.strip()]
        assert any(line.endswith(f"Page {number} of {total}") for line in lines), (
            f"page {number} has no page number: {lines[-1:]}"
        )
    for spec in WDES.tables:
        assert _sheet_pages(rendered, spec.sheet), f"no page is headed '{spec.sheet}'"


@pytest.mark.parametrize("spec", WDES.tables, ids=lambda s: s.sheet)
def test_each_input_sheet_prints_one_page_wide(rendered: Rendered, spec: TableSpec) -> None:
    # Every page repeats the table's heading row; a page holding the cut-off right half of a
    # sheet lacks the first heading, one holding the left half lacks the last.
    table = rendered.tables[spec.name]
    headings = [str(h) for h in table[0]]
    pages = _sheet_pages(rendered, spec.sheet)
    assert pages
    for index in pages:
        lines = [" ".join(line.split()) for line in rendered.pages[index].splitlines()]
        row = next((line for line in lines if line.startswith(f"{headings[0]} {headings[1]}")), "")
        assert row, f"page {index + 1} of {spec.sheet} has no '{headings[0]}' column"
        assert row.endswith(headings[-1]), (
            f"page {index + 1} of {spec.sheet} ends its heading row at '{row}'"
        )


def _column_text(rendered: Rendered, pages: list[int], heading: str, after: str) -> str:
    """The words printed in one column (between its heading's left edge and the next
    heading's), below the heading, in reading order: a cell's text as it prints."""
    found: list[str] = []
    for index in pages:
        words = rendered.words[index]
        after_word = after.split()[0]
        left, right = next(
            (w, v)
            for w in words
            if w.text == heading
            for v in words
            if v.text == after_word and v.y0 == w.y0
        )
        inside = [w for w in words if w.y0 > left.y0 and left.x0 - 1 <= w.x0 and w.x1 <= right.x0]
        found += [w.text for w in sorted(inside, key=lambda w: (round(w.y0), w.x0))]
    # A line broken after a hyphen ("self-" / "service") prints as one word.
    return re.sub(r"- (?=\S)", "-", " ".join(found))


def test_the_action_plan_wraps_every_action_whole(rendered: Rendered) -> None:
    table = rendered.tables["tblActions"]
    headings = [str(h) for h in table[0]]
    actions = [str(row[headings.index("Action")]) for row in table[1:] if row[0]]
    assert len(actions) >= 10, actions
    pages = _sheet_pages(rendered, "Action plan")
    assert len(pages) <= 3, f"the action plan takes {len(pages)} pages"
    column = _column_text(rendered, pages, "Action", "Measure of success")
    for action in actions:
        assert " ".join(action.split()) in column, f"not printed whole: {action}"
    measures = [str(row[headings.index("Measure of success")]) for row in table[1:] if row[0]]
    printed = _column_text(rendered, pages, "Measure", "Timescale")
    for measure in measures:
        assert " ".join(measure.split()) in printed, f"not printed whole: {measure}"


def test_the_voices_narrative_prints_whole(rendered: Rendered) -> None:
    table = rendered.tables["tblVoices"]
    narratives = [str(row[2]) for row in table[1:] if row[2]]
    assert narratives
    pages = _sheet_pages(rendered, "Voices")
    words = rendered.words[pages[0]]
    left = next(w for w in words if w.text == "Narrative")
    inside = [w for w in words if w.y0 > left.y0 and w.x0 >= left.x0 - 1]
    column = " ".join(w.text for w in sorted(inside, key=lambda w: (round(w.y0), w.x0)))
    for narrative in narratives:
        assert " ".join(narrative.split()) in column, f"not printed whole: {narrative}"
