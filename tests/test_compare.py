"""``wres-xl compare`` (issue 15): one comparison workbook across trusts that publishes only
what each trust's own publication view shows, written through the output rule."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

import openpyxl
import pytest

from tests.support.helpers import nscht, workbook_with
from tests.support.print_pages import table_height
from wres_xl.cli import main
from wres_xl.core.indicators import RatioResult, compute_report
from wres_xl.core.inputs import parse_inputs
from wres_xl.report.comparison import MEASURES, WITHHELD, Trust, build_comparison
from wres_xl.report.layout import page_height
from wres_xl.workbook.openpyxl_backend import OpenpyxlWorkbook, load_workbook
from wres_xl.workbook.refresh import read_tables

pytestmark = pytest.mark.slow  # every test here is over 2 s


def _small_trust(path: Path) -> Path:
    """A trust whose recruitment counts are small enough that indicator 2 is suppressed."""
    inputs = nscht()["inputs"]
    for row in inputs["tblRecruitment"]:
        row["Shortlisted"] = max(1, int(row["Shortlisted"]) // 60)
        row["Appointed"] = max(0, int(row["Appointed"]) // 60)
    return workbook_with(path, inputs, Organisation="Small Trust")


@pytest.fixture(scope="module")
def trusts(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("trusts")
    big = workbook_with(folder / "nscht.xlsx", nscht()["inputs"])
    small = _small_trust(folder / "small.xlsx")
    demo = folder / "demo.xlsx"
    assert main(["-q", "demo", str(demo)]) == 0
    return [big, small, demo]


@pytest.fixture(scope="module")
def compared(trusts: list[Path]) -> Path:
    out = trusts[0].parent / "comparison.xlsx"
    assert main(["-q", "compare", *map(str, trusts), "--output", str(out)]) == 0
    return out


def _rows(path: Path) -> list[dict[str, object]]:
    ws = openpyxl.load_workbook(path)["Comparison"]
    cells = list(ws.iter_rows(min_row=4, values_only=True))
    headers = [str(h) for h in cells[0]]
    return [dict(zip(headers, r, strict=False)) for r in cells[1:] if r[0]]


def test_one_row_per_trust_and_indicator_with_ranks_and_a_chart_each(compared: Path) -> None:
    rows = _rows(compared)
    assert len(rows) == 27
    assert openpyxl.load_workbook(compared).sheetnames == ["Comparison", "Charts", "About"]
    by = {(r["Trust"], str(r["Indicator"]).split(".")[0]): r for r in rows}
    demo2 = by[("Example NHS Trust", "2")]
    assert demo2["Value"] == 1.5
    assert demo2["95% CI"] == "1.36 to 1.66"
    assert str(demo2["Rating"]).startswith("Worse")
    assert demo2["Four-fifths"] == "Adverse"
    assert demo2["Rank among compared"] == "1 of 1"  # the only 2025 trust
    assert demo2["National figure"] == 1.59
    assert demo2["Against national"] == "Better than national"
    assert isinstance(demo2["Change"], float)
    # The two 2024 trusts are ranked against each other (1 = best for BME staff).
    assert {by[(t, "1")]["Rank among compared"] for t in ("Small Trust",)} <= {"1 of 2", "2 of 2"}
    with zipfile.ZipFile(compared) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) == 9


def test_a_suppressed_figure_is_not_published_anywhere(compared: Path, trusts: list[Path]) -> None:
    small = trusts[1]
    report = compute_report(parse_inputs(read_tables(OpenpyxlWorkbook(load_workbook(small)))))
    rl = report.results[2][report.year]
    assert isinstance(rl, RatioResult)
    assert rl.relative_likelihood is not None
    row = next(
        r
        for r in _rows(compared)
        if r["Trust"] == "Small Trust" and str(r["Indicator"]).startswith("2.")
    )
    assert row["Value"] == WITHHELD
    assert row["Rating"] == WITHHELD
    assert row["95% CI"] == "–"
    assert row["Rank among compared"] == "–"
    assert row["Four-fifths"] == "–"
    # Nothing derived from it either: no change, no position against the national figure.
    assert row["Change"] == "–"
    assert row["Against national"] == "–"
    # Nowhere in the workbook: not on the charts sheet, not in any cell, at any precision.
    leaks = {round(rl.relative_likelihood, n) for n in (1, 2, 3)} | {rl.relative_likelihood}
    book = openpyxl.load_workbook(compared)
    charts = book["Charts"]
    assert any(
        c.value == WITHHELD or c.value == "hidden: small numbers"
        for r in charts.iter_rows()
        for c in r
    )
    for ws in book.worksheets:
        for line in ws.iter_rows(values_only=True):
            for value in line:
                if isinstance(value, float) and "Small Trust" in str(line[0]):
                    assert value not in leaks, (ws.title, line)
    # The trust's own publication copy hides it too: the same rule, not a second copy of it.
    pub = small.parent / "small-pub.xlsx"
    assert main(["-q", "publish", str(small), str(pub)]) == 0
    published = [
        c for r in openpyxl.load_workbook(pub).active.iter_rows(values_only=True) for c in r
    ]
    assert rl.relative_likelihood not in published


def test_compare_follows_the_output_rule(compared: Path, trusts: list[Path]) -> None:
    digests = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in [*trusts, compared]}
    for args in (
        [*map(str, trusts), "--output", str(compared)],  # exists: needs --force
        [*map(str, trusts), "--output", str(trusts[0]), "--force"],  # onto an input
        [str(trusts[0]), "--output", str(compared.parent / "one.xlsx")],  # one trust only
    ):
        assert main(["-q", "compare", *args]) == 2
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in [*trusts, compared]}
    assert after == digests
    assert not (compared.parent / "one.xlsx").exists()
    assert main(["-q", "compare", *map(str, trusts), "-o", str(compared), "--force"]) == 0


def _previous_year_small(path: Path) -> Path:
    """A trust whose 2023 recruitment is small enough to be suppressed, 2024 not."""
    inputs = nscht()["inputs"]
    for row in inputs["tblRecruitment"]:
        if row["Year"] == 2023:
            row["Shortlisted"] = max(1, int(row["Shortlisted"]) // 60)
            row["Appointed"] = max(0, int(row["Appointed"]) // 60)
    return workbook_with(path, inputs, Organisation="Last Year Small")


@pytest.fixture(scope="module")
def second(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], Path]:
    folder = tmp_path_factory.mktemp("second")
    last_small = _previous_year_small(folder / "last-small.xlsx")
    rounded = workbook_with(
        folder / "rounded.xlsx",
        nscht()["inputs"],
        Organisation="Rounded Trust",
        **{"Round published counts to": 5},
    )
    plain = workbook_with(folder / "plain.xlsx", nscht()["inputs"], Organisation="Plain Trust")
    out = folder / "comparison.xlsx"
    trusts = [last_small, rounded, plain]
    assert main(["-q", "compare", *map(str, trusts), "--output", str(out)]) == 0
    return trusts, out


def _row(path: Path, trust: str, indicator: int) -> dict[str, object]:
    return next(
        r
        for r in _rows(path)
        if r["Trust"] == trust and str(r["Indicator"]).startswith(f"{indicator}.")
    )


def test_a_change_is_shown_only_when_both_years_are_published(
    second: tuple[list[Path], Path],
) -> None:
    trusts, out = second
    report = compute_report(parse_inputs(read_tables(OpenpyxlWorkbook(load_workbook(trusts[0])))))
    hidden = report.results[2][report.previous_year]
    assert isinstance(hidden, RatioResult)
    assert hidden.relative_likelihood is not None
    row = _row(out, "Last Year Small", 2)
    assert isinstance(row["Value"], float)  # this year is published
    assert row["Previous year"] == "–"
    assert row["Change"] == "–"
    plain = _row(out, "Plain Trust", 2)
    value, before = plain["Value"], plain["Previous year"]
    assert isinstance(value, float)
    assert isinstance(before, float)
    assert plain["Change"] == pytest.approx(value - before, abs=0.011)
    # Last year's figure is in no cell, at any precision it could be shown with.
    leaks = {round(hidden.relative_likelihood, n) for n in (1, 2, 3)}
    leaks.add(hidden.relative_likelihood)
    for ws in openpyxl.load_workbook(out).worksheets:
        for line in ws.iter_rows(values_only=True):
            if "Last Year Small" in str(line[0]):
                assert not leaks & {v for v in line if isinstance(v, float)}, (ws.title, line)


def test_rounded_counts_withhold_shares_but_not_ratios(second: tuple[list[Path], Path]) -> None:
    _, out = second
    share = _row(out, "Rounded Trust", 1)
    assert share["Value"] == WITHHELD
    assert share["Rank among compared"] == "–"
    assert share["Against national"] == "–"
    assert "rounded" in str(share["Note"])
    ratio = _row(out, "Rounded Trust", 2)
    assert ratio["Value"] == _row(out, "Plain Trust", 2)["Value"]
    # Ranked among the trusts whose figure is published, 1 = best for BME staff.
    ranks = {_row(out, t, 1)["Rank among compared"] for t in ("Last Year Small", "Plain Trust")}
    assert ranks == {"1 of 2"}  # the same workforce: a tie shares the rank


def test_against_national_follows_which_way_is_better(second: tuple[list[Path], Path]) -> None:
    _, out = second
    for indicator in range(2, 9):
        row = _row(out, "Plain Trust", indicator)
        value, national = row["Value"], row["National figure"]
        if not isinstance(value, float) or not isinstance(national, float):
            continue
        better = (value - national) * MEASURES[indicator][2] > 0
        expected = (
            "Same as national"
            if value == national
            else ("Better than national" if better else "Worse than national")
        )
        assert row["Against national"] == expected, (indicator, value, national)
    first = _row(out, "Plain Trust", 1)
    assert first["Against national"] in ("Higher than national", "Lower than national")


# --------------------------------------------------------------------------- printing

_HEADERS = {
    "Comparison": "Comparison of 3 trusts: the nine indicators, WRES 2025 and 2024",
    "Charts": "Charts: each indicator for 3 trusts, WRES 2025 and 2024",
    "About": "About this comparison, WRES 2025 and 2024",
}
#: A word of a cell as pdftotext prints it: hyphens split words where a line wraps.
_WORD = re.compile(r"[^\s\-–]+")


def _words(text: str) -> Counter[str]:
    return Counter(w for w in _WORD.findall(text) if any(ch.isalpha() for ch in w))


@pytest.fixture(scope="module")
def printed(compared: Path) -> list[str]:
    """The comparison printed by LibreOffice: the text of each page (pdftotext -layout).
    Set WRES_RENDER_DIR to keep the PDF and its PNG pages for looking at."""
    keep = os.environ.get("WRES_RENDER_DIR")
    folder = Path(keep) if keep else compared.parent / "print"
    folder.mkdir(parents=True, exist_ok=True)
    soffice, pdftotext = shutil.which("soffice"), shutil.which("pdftotext")
    assert soffice, "soffice is needed (install LibreOffice)"
    assert pdftotext, "pdftotext is needed (install poppler-utils)"
    profile = (folder / "profile").as_uri()
    command = [soffice, f"-env:UserInstallation={profile}", "--headless"]
    done = subprocess.run(
        [*command, "--convert-to", "pdf", "--outdir", str(folder), str(compared)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    pdf = folder / f"{compared.stem}.pdf"
    assert pdf.exists(), done.stdout + done.stderr
    text = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    if keep:
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(folder / "page")])
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return pages


def _by_sheet(pages: list[str]) -> dict[str, list[str]]:
    sheets: dict[str, list[str]] = {}
    for page in pages:
        header = next((" ".join(line.split()) for line in page.splitlines() if line.strip()), "")
        sheet = next((s for s, h in _HEADERS.items() if h == header), header)
        sheets.setdefault(sheet, []).append(page)
    return sheets


@pytest.mark.libreoffice
def test_every_printed_page_has_a_header_naming_its_table_and_years_and_a_page_number(
    printed: list[str],
) -> None:
    sheets = _by_sheet(printed)
    assert set(sheets) == set(_HEADERS), list(sheets)
    assert len(sheets["Charts"]) == 9  # one chart a page, never split
    for number, page in enumerate(printed, start=1):
        lines = [" ".join(line.split()) for line in page.splitlines() if line.strip()]
        assert lines[-1].startswith("wres-xl comparison of 3 trusts · WRES 2025 and 2024"), lines
        assert lines[-1].endswith(f"Page {number} of {len(printed)}"), lines[-1]
    # The column headers repeat on every page of the table.
    for page in sheets["Comparison"]:
        assert re.search(r"Trust +WRES +Indicator +Measure +Value", page), page[:600]


@pytest.mark.libreoffice
def test_no_text_is_clipped_in_print(compared: Path, printed: list[str]) -> None:
    """Every word of every text cell is printed whole, as many times as the sheet holds it:
    a cell whose text runs into its neighbour or below its row loses letters or lines
    (the Charts sheet printed "lden: small numbers")."""
    sheets = _by_sheet(printed)
    book = openpyxl.load_workbook(compared)
    for name in _HEADERS:
        cells = [
            v for row in book[name].iter_rows(values_only=True) for v in row if isinstance(v, str)
        ]
        needed = _words(" ".join(cells))
        printed_words = _words(" ".join(sheets[name]))
        missing = {w: n - printed_words[w] for w, n in needed.items() if printed_words[w] < n}
        assert not missing, (name, missing)
    charts = " ".join(" ".join(p.split()) for p in sheets["Charts"])
    hidden = sum(v == "hidden: small numbers" for row in book["Charts"].values for v in row)
    assert hidden >= 2  # the small trust's indicators 2 and 3
    assert charts.count("hidden: small numbers") == hidden
    assert "North Staffordshire Combined" in charts


def test_each_indicator_of_twenty_trusts_charts_on_one_page(trusts: list[Path]) -> None:
    """An ICB's or a region's trusts: with 20 trusts of long names, each indicator's title,
    table and chart still fit on its printed page (a page is 470 points high, at most, at
    the printed scale)."""
    report = compute_report(parse_inputs(read_tables(OpenpyxlWorkbook(load_workbook(trusts[0])))))
    name = "Northern Lincolnshire and Goole NHS Trust"  # each name 42 characters below
    charts = build_comparison([Trust(f"{name[:39]} {n:02}", report) for n in range(20)])[1]
    assert len(charts.tables) == 9
    page = page_height(charts)
    for table, chart in zip(charts.tables, charts.charts, strict=True):
        assert table_height(charts, table) <= page, table
        title = charts.row_heights.get(table.first_row, 12.75)
        assert title + chart.height_cm / 2.54 * 72 <= page, table
