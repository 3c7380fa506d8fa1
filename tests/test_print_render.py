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

from wres_xl.demo import build_demo_workbook
from wres_xl.publish import publish_file
from wres_xl.report_docx import write_report
from wres_xl.workbook.files import refresh_file

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]

ORG = "Example NHS Trust"
YEAR = 2025


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
    publish_file(workbook, published)
    document = folder / "report.docx"
    document.unlink(missing_ok=True)
    write_report(workbook, document)
    profile = (folder / "profile").as_uri()
    done = _run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(workbook),
            str(published),
            str(document),
        ]
    )
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
        png = _run(
            ["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "3", str(pdf), str(folder / name)]
        )
        assert png.returncode == 0, png.stderr
        assert list(folder.glob(f"{name}-*.png"))
    return pages


def _first_line(page: str) -> str:
    return next((line.strip() for line in page.splitlines() if line.strip()), "")


def _footer(page: str) -> str:
    """The footer line (chart labels may be extracted after it, so it is found by its page
    number rather than taken as the last line)."""
    lines = [" ".join(line.split()) for line in page.splitlines()]
    return next((line for line in reversed(lines) if re.search(r"Page \d+ of \d+$", line)), "")


@pytest.mark.parametrize("name", ["workbook", "published"])
def test_every_printed_sheet_page_names_its_table_and_year(
    rendered: dict[str, list[str]], name: str
) -> None:
    pages = rendered[name]
    output_pages = 0
    for number, page in enumerate(pages, start=1):
        header = _first_line(page)
        footer = _footer(page)
        assert footer.endswith(f"Page {number} of {len(pages)}"), (number, footer)
        if header.endswith("· WRES workbook"):
            # An input sheet of the workbook: its own name, and the file's, on every page.
            assert name == "workbook", (number, header)
            assert footer.startswith(f"{name}.xlsx"), (number, footer)
            continue
        output_pages += 1
        assert header.endswith(f"· WRES {YEAR}"), (number, header)
        assert footer.startswith(f"{ORG} · WRES {YEAR}"), (number, footer)
    assert output_pages >= 10


def test_the_published_file_prints_summary_first_then_charts_tables_actions(
    rendered: dict[str, list[str]],
) -> None:
    pages = rendered["published"]
    order = [_first_line(p).split(" · ")[0] for p in pages]
    # Sheets print in order, each on its own pages.
    seen = list(dict.fromkeys(order))
    assert seen == ["Summary", "Charts", "Publication", "Action plan", "About"]
    assert order.count("Summary") == 1
    assert order.count("Charts") == 4  # one chart and its table per page
    assert 12 <= len(pages) <= 30


def test_published_tables_start_on_a_page_not_at_its_foot(rendered: dict[str, list[str]]) -> None:
    """No page of the detailed tables ends with an indicator's heading and nothing of it."""
    checked = 0
    for number, page in enumerate(rendered["published"], start=1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        if not lines or not lines[0].startswith("Publication"):
            continue  # the detailed tables; chart pages have "Indicator 5" as axis labels
        checked += 1
        body = lines[1:-1]
        # An indicator's heading in the last lines of a page means its table went over.
        assert not any(line.startswith("Indicator ") for line in body[-3:]), (number, body[-3:])
    assert checked >= 5


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
