"""The refreshed demo workbook renders in LibreOffice: pages exist, are not blank, and the
Trends charts are drawn.

Set WRES_RENDER_DIR to keep the PNG pages for looking at.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.libreoffice import convert_to_pdf
from wres_xl.commands.demo.build import build_demo_workbook
from wres_xl.workbook.files import refresh_file

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]  # every test here is over 2 s

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
CHART_TITLES = (
    "Indicator 1: BME share of each pay band, 2025",
    "Relative likelihoods (indicators 2–4) over time",
    "Indicator 9: BME share of the board and of the workforce",
    "Indicator 5: abuse from patients or public",
    "Indicator 6: abuse from staff",
    "Indicator 7: equal opportunities for progression",
    "Indicator 8: discrimination at work",
)


@dataclass
class Rendered:
    folder: Path
    pdf: Path
    pages: list[str]  # text of each page

    def first_page(self, prefix: str) -> int:
        """1-based number of the first page whose text starts with ``prefix``."""
        for number, text in enumerate(self.pages, start=1):
            # After the page heading every page carries: the sheet's tables and years
            # ("Summary: the nine WRES indicators, 2025 and 2024"), or an input sheet's
            # name ("Settings · WRES workbook").
            body = re.sub(
                r"^.*?(?: · WRES (?:\d{4}|workbook)"
                r"|, \d{4}(?:, \d{4})* and \d{4}|, \d{4} to \d{4}) ",
                "",
                text,
                count=1,
            )
            if body.startswith(prefix) or text.startswith(prefix):
                return number
        raise AssertionError(f"no page starts with {prefix!r}")


def _run(args: list[str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    tool = shutil.which(args[0])
    assert tool, f"{args[0]} is needed to render the workbook (install LibreOffice and poppler)"
    return subprocess.run([tool, *args[1:]], capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    folder = tmp_path_factory.mktemp("render")
    workbook = build_demo_workbook(folder / "demo.xlsx")
    refresh_file(workbook)
    done = convert_to_pdf(folder, workbook, timeout=120)
    pdf = folder / "demo.pdf"
    assert done.returncode == 0, done.stdout + done.stderr
    assert pdf.exists(), done.stdout + done.stderr
    text = _run(["pdftotext", str(pdf), "-"])
    assert text.returncode == 0, text.stderr
    # Whitespace collapsed, so a chart title wrapped over two lines still reads as one.
    pages = [" ".join(page.split()) for page in text.stdout.split("\f")]
    if pages and not pages[-1].strip():
        pages.pop()
    return Rendered(folder, pdf, pages)


def _ink(pgm: Path) -> float:
    """Share of pixels darker than near-white in a binary (P5) greyscale page."""
    data = pgm.read_bytes()
    fields = data.split(maxsplit=4)
    assert fields[0] == b"P5", pgm
    width, height = int(fields[1]), int(fields[2])
    pixels = fields[4][: width * height]
    return sum(1 for p in pixels if p < 230) / (width * height)


def _page_range(rendered: Rendered) -> tuple[int, int]:
    first = rendered.first_page("WRES summary")
    last = rendered.first_page("WRES 20") - 1
    return first, last


def test_render_has_the_output_pages(rendered: Rendered) -> None:
    assert len(rendered.pages) >= 10
    summary = rendered.first_page("WRES summary")
    indicator1 = rendered.first_page("Indicator 1: representation by pay band")
    trends = rendered.first_page("Trends: the nine indicators over time")
    assert summary < indicator1 < trends
    trend_text = "\n".join(rendered.pages[trends - 1 : rendered.first_page("WRES 20") - 1])
    for heading in (
        "Every indicator, every year",
        "Aspirational targets: BME staff at bands 8a and above by 2028",
        "Chart data",
    ):
        assert heading in trend_text


def test_charts_are_drawn(rendered: Rendered) -> None:
    trends = rendered.first_page("Trends")
    text = "\n".join(rendered.pages[trends - 1 :])
    # LibreOffice writes chart titles and axis labels as text when it draws a chart.
    for title in CHART_TITLES:
        assert title in text, title
    for axis in ("Relative likelihood", "WRES year", "Pay band", "% of staff"):
        assert axis in text, axis


def test_pages_render_to_png_and_are_not_blank(rendered: Rendered) -> None:
    first, last = _page_range(rendered)
    prefix = rendered.folder / "page"
    done = _run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "50",
            "-f",
            str(first),
            "-l",
            str(last),
            str(rendered.pdf),
            str(prefix),
        ]
    )
    assert done.returncode == 0, done.stderr
    pngs = sorted(rendered.folder.glob("page-*.png"))
    assert len(pngs) == last - first + 1
    for png in pngs:
        assert png.read_bytes()[:8] == PNG_SIGNATURE, png
    grey = rendered.folder / "grey"
    done = _run(
        [
            "pdftoppm",
            "-gray",
            "-r",
            "30",
            "-f",
            str(first),
            "-l",
            str(last),
            str(rendered.pdf),
            str(grey),
        ]
    )
    assert done.returncode == 0, done.stderr
    pgms = sorted(rendered.folder.glob("grey-*.pgm"))
    assert len(pgms) == len(pngs)
    inks = [_ink(p) for p in pgms]
    assert all(ink > 0.005 for ink in inks), inks
    assert all(ink < 0.9 for ink in inks), inks  # nor solid black
    keep = os.environ.get("WRES_RENDER_DIR")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        for png in pngs:
            shutil.copy2(png, Path(keep) / png.name)
