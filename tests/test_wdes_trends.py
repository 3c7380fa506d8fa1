"""A WDES refresh writes the Trends sheet a WRES refresh writes, from the same code
(report/trends/*) taking the WDES standard: every metric by year, national WDES figures,
charts drawn from chart data at the sheet's foot, and the senior-band goal."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet
from scipy.stats import fisher_exact

from tests.test_trends import _C, _chart_title, _chart_xml
from wres_xl.commands.demo.build import build_wdes_demo_workbook
from wres_xl.core.disability import DisabilityGroup
from wres_xl.core.standard import Computation
from wres_xl.core.wdes import WdesData, WdesSurveyRow, compute_wdes_report, wdes_settings
from wres_xl.core.wdes_standard import WDES
from wres_xl.report.trends.sheet import build_trends_sheet
from wres_xl.report.trends.wdes import wdes_view
from wres_xl.workbook.files import refresh_file


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = build_wdes_demo_workbook(tmp_path_factory.mktemp("wdes-trends") / "wdes.xlsx")
    refresh_file(path)
    return path


def _rows(ws: Worksheet) -> list[list[object]]:
    return [list(r) for r in ws.iter_rows(values_only=True)]


def _block(ws: Worksheet, key: object) -> dict[str, list[object]]:
    """The rows of one metric's block in the table: label → cells from the first year on."""
    rows = _rows(ws)
    start = next(i for i, r in enumerate(rows) if r[0] == key and isinstance(r[1], str))
    out: dict[str, list[object]] = {}
    for r in rows[start + 1 :]:
        if r[0] == "No." or r[1] in (None, "Charts"):
            break
        out[str(r[1])] = r[2:]
    return out


@pytest.mark.slow
def test_the_wdes_trends_sheet_holds_every_metric_for_every_year(demo: Path) -> None:
    ws = openpyxl.load_workbook(demo)["Trends"]
    assert ws["A1"].value == "Trends: the ten metrics over time"
    header = _rows(ws)[5]
    assert header[:5] == ["No.", "Measure", 2023, 2024, 2025]
    assert header[5] == "Latest national average (2023)"
    keys = [r[0] for r in _rows(ws) if r[0] not in (None, "No.") and isinstance(r[1], str)]
    assert [str(k) for k in keys[: len(WDES.metric_keys)]] == list(WDES.metric_keys)
    # Metric 2, 2025: 640/2452 against 58/268 = 0.2610 / 0.2164 = 1.206 (the demo's figures).
    two = _block(ws, 2)
    rl = two["Relative likelihood (Non-disabled ÷ Disabled) of appointment from shortlisting"]
    assert rl[2] == pytest.approx(1.206, abs=0.001)
    assert rl[3] == pytest.approx(0.99)  # national 2023, data/wdes_national_benchmarks.csv
    # Metric 3 puts Disabled on top, as SPEC §10 says.
    assert any("(Disabled ÷ Non-disabled)" in label for label in _block(ws, 3))
    # Metric 8: the value (71.2%, 73.6%), its trend and the national figure (73.4% in 2023).
    eight = _block(ws, 8)
    assert eight["Disabled %"][1:4] == pytest.approx([0.712, 0.736, 0.734])
    assert eight["National average: Disabled %"][0] == pytest.approx(0.734)
    assert "not a statistically significant change" in str(
        eight["Change in the Disabled % since the year before"][2]
    )
    # Metric 10: the newest national voting-board share is 2022's, so it says so.
    assert _block(ws, 10)["Disabled % of the board's voting members"][3] == "4.8% (2022)"
    # 9a: scores and their difference; 9b: yes or no each year.
    assert _block(ws, "9a")["Non-disabled score (0–10)"][1:3] == [6.9, 7]
    assert _block(ws, "9b")["Facilitates the voices of Disabled staff"][1:3] == ["Yes", "Yes"]
    text = " ".join(str(v) for r in _rows(ws) for v in r if isinstance(v, str))
    for wres_word in ("BME", "White", "Indicator ", "WRES year", "Local population"):
        assert wres_word not in text


@pytest.mark.slow
def test_the_wdes_charts_draw_the_chart_data(demo: Path) -> None:
    charts = {_chart_title(c): c for c in _chart_xml(demo)}
    assert "Relative likelihoods (metrics 2 and 3) over time" in charts
    assert "Metric 10: Disabled share of the board and of the workforce" in charts
    survey = [m for m in WDES.metrics if m.computation is Computation.SURVEY]
    for m in survey:
        assert any(t.startswith(f"Metric {m.key}:") for t in charts)
    assert len(charts) == 1 + 2 + len(survey) + 2  # bands, RL + board, survey, 8 and 9a
    ws = openpyxl.load_workbook(demo)["Trends"]
    labels = {ws.cell(r, 2).value: r for r in range(1, ws.max_row + 1)}
    eight = charts["Metric 8: adequate adjustments"]
    series = [
        (s.findtext(f"{_C}tx/{_C}v"), s.findtext(f"{_C}val/{_C}numRef/{_C}f"))
        for s in eight.iter(f"{_C}ser")
    ]
    assert [name for name, _ in series] == ["Disabled staff", "National average: Disabled staff"]
    national_row = labels["Metric 8: national average, Disabled %"]
    assert series[1][1] == f"'Trends'!$C${national_row}:$E${national_row}"
    assert [ws.cell(national_row, c).value for c in (3, 4, 5)] == [pytest.approx(0.734), None, None]
    # One published national year is a line of one point: it is drawn only because the
    # dashed national series is marked (it was invisible). Other dashed lines stay unmarked.
    symbols = [s.find(f"{_C}marker/{_C}symbol").get("val") for s in eight.iter(f"{_C}ser")]
    assert "none" not in symbols
    seven = charts["Metric 7: valued by the organisation"]
    assert [s.find(f"{_C}marker/{_C}symbol").get("val") for s in seven.iter(f"{_C}ser")][1] == (
        "none"
    )


def test_metric_8s_change_is_fishers_exact_test_on_the_two_years() -> None:
    # 2024: 300 of 400 Disabled respondents (75%); 2025: 240 of 400 (60%). Lower is worse.
    data = WdesData(wdes_settings(year=2025))
    for year, pct in ((2024, 0.75), (2025, 0.60)):
        data.survey.append(WdesSurveyRow(year, "8", DisabilityGroup.DISABLED, 400, pct))
    view = wdes_view(compute_wdes_report(data))
    text = view.change(WDES.metric("8"), 2025)
    _, p = fisher_exact([[300, 100], [240, 160]])
    assert text.startswith("Disabled % down from 75.0% to 60.0%; a statistically significant")
    assert "worsening" in text
    assert f"(p = {p:.3f})" in text or (p < 0.001 and "(p < 0.001)" in text)


def test_a_wdes_trends_sheet_without_a_workforce_explains_the_missing_goal() -> None:
    data = WdesData(wdes_settings(year=2025, target_year=2028))
    data.survey.append(WdesSurveyRow(2025, "8", DisabilityGroup.DISABLED, 100, 0.7))
    sheet = build_trends_sheet(wdes_view(compute_wdes_report(data)))
    text = [v for v in sheet.cell_values().values() if isinstance(v, str)]
    assert any(t.startswith("Not computed: the Workforce table has no usable rows") for t in text)
    assert not any("BME" in t for t in text)
    # No workforce: no band chart; the others are still drawn, each with its titles.
    assert sheet.charts
    assert all(c.x_title.startswith("WDES year") for c in sheet.charts)
    assert not any("pay band" in c.title for c in sheet.charts)
