"""The three things a trust prints (the refreshed workbook, the published file and the
report document) rendered by LibreOffice: page counts, a heading on every page, footers
with organisation and page number, and tables that start on a page rather than split at
their heading.

Set WRES_RENDER_DIR to keep the PDFs and PNG pages for looking at.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import Workbook

import wres_xl.commands.publish.wres as publish
from tests.support.libreoffice import convert_to_pdf
from wres_xl.commands.demo.build import build_demo_workbook
from wres_xl.commands.publish.wres import publish_file
from wres_xl.commands.report.docx import write_report
from wres_xl.report.layout import SheetContent
from wres_xl.workbook.files import refresh_file

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]

ORG = "Example NHS Trust"
YEAR = 2025
PLANNED: dict[str, int] = {}


def _run(args: list[str], timeout: float = 300) -> subprocess.CompletedProcess[str]:
    tool = shutil.which(args[0])
    assert tool, f"{args[0]} is needed (install LibreOffice and poppler)"
    return subprocess.run([tool, *args[1:]], capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    keep = os.environ.get("WRES_RENDER_DIR")
    folder = Path(keep) if keep else tmp_path_factory.mktemp("print")
    folder.mkdir(parents=True, exist_ok=True)
    workbook = build_demo_workbook(folder / "workbook.xlsx")
    refresh_file(workbook)
    published = folder / "published.xlsx"
    published.unlink(missing_ok=True)
    original = publish.values_only_workbook

    def planned(sheets: list[SheetContent]) -> Workbook:
        # The sheets as planned (SheetContent.tables), for the page count per table.
        PLANNED.update({sheet.title: len(sheet.tables) for sheet in sheets})
        return original(sheets)

    publish.values_only_workbook = planned
    try:
        publish_file(workbook, published)
    finally:
        publish.values_only_workbook = original
    document = folder / "report.docx"
    document.unlink(missing_ok=True)
    write_report(workbook, document)
    done = convert_to_pdf(folder, workbook, published, document)
    pages: dict[str, list[str]] = {}
    for name in ("workbook", "published", "report"):
        pdf = folder / f"{name}.pdf"
        assert pdf.exists(), done.stdout + done.stderr
        text = _run(["pdftotext", "-layout", str(pdf), "-"])
        assert text.returncode == 0, text.stderr
        split = text.stdout.split("\f")
        if split and not split[-1].strip():
            split.pop()
        pages[name] = split
        png = _run(["pdftoppm", "-r", "40", "-png", str(pdf), str(folder / name)])
        assert png.returncode == 0, png.stderr
        assert list(folder.glob(f"{name}-*.png"))
    return pages


@pytest.fixture(scope="module")
def tables(rendered: dict[str, list[str]]) -> dict[str, int]:
    """How many printed tables each sheet of the published file planned."""
    return PLANNED


def _first_line(page: str) -> str:
    return next((line.strip() for line in page.splitlines() if line.strip()), "")


def _footer(page: str) -> str:
    """The footer line (chart labels may be extracted after it, so it is found by its page
    number rather than taken as the last line)."""
    lines = [" ".join(line.split()) for line in page.splitlines()]
    return next((line for line in reversed(lines) if re.search(r"Page \d+ of \d+$", line)), "")


#: The page header of each output sheet: which tables and years it holds (Excel has one
#: header per sheet, so a sheet of several tables names them all; each page then opens with
#: the title of its own table, checked below).
HEADERS = {
    "Summary": "Summary: the nine WRES indicators, 2025 and 2024",
    "Indicator 1": "Indicator 1: workforce by pay band, 2025 and 2024",
    "Trends": "Trends: the nine indicators, 2023 to 2025",
    "Publication": "Publication: the detailed tables, 2025, 2024 and 2023",
    "Suppression log": "Suppression log: what the Publication sheet hides, 2025, 2024 and 2023",
    "Checks": "Checks · WRES 2025",
    "Charts": "Charts of the published figures, 2025 and 2024",
    "Action plan": "Action plan, WRES 2025",
    "About": "About this file, WRES 2025",
}


def _lines(page: str) -> list[str]:
    return [" ".join(line.split()) for line in page.splitlines() if line.strip()]


@pytest.mark.parametrize("name", ["workbook", "published"])
def test_every_printed_page_has_a_header_naming_its_tables_and_year(
    rendered: dict[str, list[str]], name: str
) -> None:
    pages = rendered[name]
    output_pages = 0
    for number, page in enumerate(pages, start=1):
        header = _first_line(page)
        footer = _footer(page)
        assert header, f"page {number} has no header"
        assert footer.endswith(f"Page {number} of {len(pages)}"), (number, footer)
        if header.endswith("· WRES workbook"):
            # An input sheet of the workbook: its own name, and the file's, on every page.
            assert name == "workbook", (number, header)
            assert footer.startswith(f"{name}.xlsx"), (number, footer)
            continue
        output_pages += 1
        assert header in HEADERS.values(), (number, header)
        assert re.search(r"\b20\d\d\b", header), (number, header)
        assert footer.startswith(f"{ORG} · WRES {YEAR}"), (number, footer)
    assert output_pages >= 10


#: How a page of a sheet of several tables opens (under the repeated title rows): the
#: title of its table, naming the table and (for figures) the year.
_TABLE_TITLE = re.compile(
    r"^(Indicators? \d.*\b20\d\d\b.*|Workforce at 31 March 20\d\d|Colour key"
    r"|Note on small numbers|Key: representation of bands and clusters"
    r"|(Relative likelihoods|Staff survey).*\b20\d\d\b.*"
    r"|No\. Measure 2023 2024 2025 Latest national)$"
)


@pytest.mark.parametrize(
    ("name", "sheet"),
    [
        ("published", "Publication"),
        ("published", "Charts"),
        ("published", "Summary"),
        ("workbook", "Publication"),
        ("workbook", "Indicator 1"),
        ("workbook", "Trends"),
    ],
)
def test_each_page_of_a_sheet_of_tables_opens_with_its_table(
    rendered: dict[str, list[str]], name: str, sheet: str
) -> None:
    """No table runs over onto a page without its title: every page opens (under the
    sheet's two title rows, which repeat) with the title of the one table it holds. The
    Trends sheet repeats no title rows: each indicator's page opens with the years."""
    pages = [_lines(p) for p in rendered[name] if _first_line(p) == HEADERS[sheet]]
    if sheet == "Trends":
        pages = pages[: next(n for n, p in enumerate(pages) if p[1] == "Charts")]
        assert len(pages) == 9  # the nine indicators, a page each
    assert len(pages) >= 2
    for number, lines in enumerate(pages[1:], start=2):
        first = lines[1] if sheet == "Trends" else lines[3]
        assert _TABLE_TITLE.match(first), (sheet, number, lines[:5])


def test_the_published_detailed_tables_print_one_table_a_page(
    rendered: dict[str, list[str]], tables: dict[str, int]
) -> None:
    """Page count: exactly one page per printed table of the Publication sheet (so none
    is split), and the whole file within bounds."""
    pages = rendered["published"]
    assert sum(_first_line(p) == HEADERS["Publication"] for p in pages) == tables["Publication"]
    assert sum(_first_line(p) == HEADERS["Charts"] for p in pages) == tables["Charts"] == 5
    assert sum(_first_line(p) == HEADERS["Summary"] for p in pages) == 2
    assert 25 <= len(pages) <= 45


def test_the_published_file_prints_summary_first_then_charts_tables_actions(
    rendered: dict[str, list[str]],
) -> None:
    pages = rendered["published"]
    order = [_first_line(p) for p in pages]
    seen = list(dict.fromkeys(order))
    assert seen == [
        HEADERS[s] for s in ("Summary", "Charts", "Publication", "Action plan", "About")
    ]


def test_wrapped_rows_are_tall_enough_and_settings_b5_is_not_clipped(
    rendered: dict[str, list[str]],
) -> None:
    """Every word of a long action and of the organisation's name reaches the page (text
    that overflows a row or a column is cut off in print)."""
    text = " ".join(" ".join(_lines(p)) for p in rendered["published"])
    # The last line of a long action, which a row too short for it would cut off.
    assert "directors, with a career conversation every quarter." in text
    settings = next(p for p in rendered["workbook"] if _first_line(p).startswith("Settings"))
    assert ORG in " ".join(_lines(settings))


def test_the_report_document_has_a_header_and_page_number_on_every_page(
    rendered: dict[str, list[str]],
) -> None:
    pages = rendered["report"]
    assert 12 <= len(pages) <= 60
    for number, page in enumerate(pages, start=1):
        assert _first_line(page) == f"{ORG} · WRES report {YEAR}", number
        assert _footer(page).endswith(f"Page {number} of {len(pages)}"), number
    text = "\n".join(pages)
    assert "Executive summary" in text
    assert "Appendix: about the statistics" in text


def test_no_page_of_the_report_is_blank(rendered: dict[str, list[str]]) -> None:
    """A page break after a page that ends full made an empty page (header and footer
    only); a page break is now "page break before" on the next heading."""
    for number, page in enumerate(rendered["report"], start=1):
        assert len(_lines(page)) > 2, number


_FONT = Path("/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf")


def _measured_lines(text: str, width_chars: float, font: object) -> int:
    """Lines the text takes in a column, wrapped at words, measured with the font
    LibreOffice prints Arial with (an oracle apart from the estimate under test)."""
    width_pt = (width_chars * 7 + 5) * 0.75 - 4  # Excel's column width in pixels; cell margins
    lines = 0
    for paragraph in text.split("\n"):
        line = ""
        lines += 1
        for word in paragraph.split():
            trial = f"{line} {word}".strip()
            if line and font.getlength(trial) > width_pt:  # type: ignore[attr-defined]
                lines += 1
                trial = word
            line = trial
    return lines


@pytest.mark.skipif(not _FONT.exists(), reason="Liberation Sans is not installed")
def test_every_action_plan_row_is_tall_enough_for_its_wrapped_text(tmp_path: Path) -> None:
    """Each row Refresh adds to the Action plan holds every wrapped line of its longest
    cell (rows overlapped or cut off their last line before)."""
    import openpyxl
    from PIL import ImageFont

    font = ImageFont.truetype(str(_FONT), 10)
    workbook = build_demo_workbook(tmp_path / "demo.xlsx")
    refresh_file(workbook)
    ws = openpyxl.load_workbook(workbook)["Action plan"]
    table = ws.tables["tblActions"]
    first = int(re.sub(r"\D", "", table.ref.split(":")[0])) + 1
    last = int(re.sub(r"\D", "", table.ref.split(":")[1]))
    checked = 0
    for row in range(first, last + 1):
        height = ws.row_dimensions[row].height or 12.75
        for cell in ws[row]:
            if not isinstance(cell.value, str) or not cell.alignment.wrap_text:
                continue
            width = ws.column_dimensions[cell.column_letter].width or 8.43
            lines = _measured_lines(cell.value, width, font)
            assert height >= lines * 11.5, (cell.coordinate, cell.value, height, lines)
            checked += 1
    assert checked > 40
    # The columns whose text ran out of the cell now wrap.
    headers = {c.value: i for i, c in enumerate(ws[first - 1], start=1)}
    for name in ("Timescale", "Lead", "Current rating"):
        assert ws.cell(first, headers[name]).alignment.wrap_text, name


def test_no_word_of_a_report_table_is_broken_inside(rendered: dict[str, list[str]]) -> None:
    """Narrow columns broke headings inside a word ("BM/E", "Unknow/n", "Appointmen/t"):
    in print every heading and label is whole (lines may break only between words)."""
    text = "\n".join(rendered["report"])
    for broken in (r"\bBM(?!E)\b", r"Unknow(?!n)", r"Appointmen(?!t)", r"Benchmar(?!k)"):
        assert not re.search(broken, text), broken
