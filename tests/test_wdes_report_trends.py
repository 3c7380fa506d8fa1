"""`wres-xl report` on a WDES workbook has the WRES document's national comparison, trend
table, trend line and comparison charts for each metric, drawn by the same code
(report/document.trend_table, trend_chart) from the same suppressed publication cells: a
figure the published file hides is the marker in the table and a gap in the chart."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest

from wres_xl.commands.demo.build import build_wdes_demo_workbook
from wres_xl.commands.publish.wdes import build_wdes_report
from wres_xl.commands.report.docx import write_report
from wres_xl.core.wdes_standard import WDES
from wres_xl.report.document import Chart
from wres_xl.workbook.files import refresh_file
from wres_xl.workbook.openpyxl_backend import OpenpyxlWorkbook, load_workbook


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("wdes-report")
    path = build_wdes_demo_workbook(folder / "wdes.xlsx")
    refresh_file(path)
    return write_report(path, folder / "wdes.docx")


def _charts(report: Path) -> dict[str, Chart]:
    workbook = OpenpyxlWorkbook(load_workbook(report.with_suffix(".xlsx")))
    document = build_wdes_report(workbook, "wdes.xlsx")
    return {e.title: e for e in document.elements if isinstance(e, Chart)}


def _trend_tables(path: Path) -> list[list[list[str]]]:
    tables = [[[c.text for c in r.cells] for r in t.rows] for t in docx.Document(str(path)).tables]
    return [t for t in tables if t[0][0] == "" and t[0][-1].startswith("National (")]


@pytest.mark.slow
def test_every_metric_with_a_figure_has_its_trend_and_national_figure(report: Path) -> None:
    document = docx.Document(str(report))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    # Every metric but 9b (a yes/no with a narrative) has the section.
    assert headings.count("National comparison and trend") == len(WDES.metrics) - 1
    tables = _trend_tables(report)
    assert len(tables) == len(WDES.metrics) - 1
    by_first_row = {t[1][0]: t for t in tables}
    header = ["", "2023", "2024", "2025"]
    # Metric 2: the published RLs (2025: 640/2452 ÷ 58/268 = 1.21) and the national 0.99.
    rl = tables[1]
    assert rl[0] == [*header, "National (2023)"]
    assert rl[1] == ["Relative likelihood", "1.35", "1.27", "1.21", "0.99"]
    # Metric 3 rests on 3 Disabled staff a year: the RL is hidden every year, as published.
    assert tables[2][1] == ["Relative likelihood", "*", "*", "*", "2.17"]
    # Metric 8: the value, its trend and the national figure (73.4% in 2023).
    assert tables[10][1] == ["Disabled %", "–", "71.2%", "73.6%", "73.4%"]
    # Metric 10: the national voting-board share is 2022's.
    assert tables[-1][0][-1] == "National (2022)"
    assert (
        "Disabled % of the whole workforce"
        in by_first_row["Disabled % at Band 8a and above (incl. VSM)"][-1]
    )
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Change since 2024: No significant change: Relative likelihood 1.27 in 2024" in text
    assert "Change since 2024: Not published: one of the years rests on small numbers." in text


@pytest.mark.slow
def test_the_wdes_report_draws_trend_lines_and_comparison_charts(report: Path) -> None:
    document = docx.Document(str(report))
    descriptions = [shape._inline.docPr.get("descr") for shape in document.inline_shapes]
    trends = [d for d in descriptions if " each year from 2023 to 2025" in d]
    pairs = [d for d in descriptions if d.startswith("Non-disabled and Disabled staff")]
    assert len(trends) == len(WDES.metrics) - 1
    assert len(pairs) == 7  # the survey metrics 4a-i to 7
    assert any(d.startswith("Metric 8 each year") for d in trends)
    # The charts draw the published figures: metric 3's hidden RLs are gaps (None, drawn
    # as the marker), metric 2's are the published 1.35, 1.27 and 1.21.
    charts = _charts(report)
    assert [s.values for s in charts["Metric 3: 2023 to 2025"].series] == [(None, None, None)]
    assert charts["Metric 2: 2023 to 2025"].series[0].values == (1.35, 1.27, 1.21)
    eight = charts["Metric 8: 2023 to 2025"]
    assert eight.series[0].values == (None, 0.712, 0.736)
    # 2023 has no survey data at all: a gap without the marker (nothing is withheld there),
    # while metric 3's hidden RLs carry the marker.
    assert eight.series[0].absent == (0,)
    assert charts["Metric 3: 2023 to 2025"].series[0].absent == ()
    with zipfile.ZipFile(report) as z:
        assert sum(n.startswith("word/media/") for n in z.namelist()) == len(descriptions)
