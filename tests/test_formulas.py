"""The workbook's live formulas, evaluated by an independent engine, give the refresh's figures.

Excel is not available here, so the `formulas` package stands in for it: it loads the real
.xlsx, our worksheet functions (wres_xl.udfs) are registered under their Excel names, and
every cell is calculated. The Calculator sheet must reproduce, from the input tables alone,
what `wres-xl refresh --json` reports; the Action plan's progress block must agree with the
refresh's ratings and with ``progress_summary``.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet.formula import ArrayFormula

from tests.support.formula_engine import (
    UDF_NAMES,
    cell_key,
    evaluate_formula,
    evaluate_workbook,
    register_udfs,
)
from tests.support.helpers import nscht, set_setting, workbook_with
from wres_xl import udfs
from wres_xl.commands.demo.build import build_demo_workbook
from wres_xl.core import schema
from wres_xl.core.actions import (
    ActionRow,
    canonical_status,
    parse_indicator,
    progress_summary,
)
from wres_xl.core.bands import normalise_band
from wres_xl.core.groups import classify_ethnicity
from wres_xl.core.stats import FourFifths
from wres_xl.core.suppression import SuppressionRules, redact_grid
from wres_xl.errors import WorkbookError, WresFileNotFoundError
from wres_xl.workbook.files import refresh_file
from wres_xl.workbook.openpyxl_backend import OpenpyxlWorkbook
from wres_xl.workbook.template import ACTIONS_FIRST_DATA_ROW, build_template

RL_INDICATORS = (2, 3, 4)
COUNT_LABELS = {
    2: ("Appointed", "Shortlisted"),
    3: ("Entered formal disciplinary investigation", "Headcount"),
    4: ("Accessed non-mandatory training or CPD", "Headcount"),
}
SURVEY_INDICATORS = (5, 6, 7, 8)
CALC = "Calculator"
PLAN = "Action plan"


@dataclass
class Evaluated:
    """A refreshed workbook, its JSON report and every cell as the formula engine sees it."""

    path: Path
    report: dict[str, Any]
    values: dict[str, object]
    rows: dict[tuple[object, str], int]

    def calc(self, section: object, label: str, column: str = "B") -> object:
        return self.values.get(cell_key(CALC, f"{column}{self.rows[(section, label)]}"))

    def cell(self, sheet: str, coordinate: str) -> object:
        return self.values.get(cell_key(sheet, coordinate))

    def indicator(self, i: int) -> dict[str, Any]:
        result: dict[str, Any] = self.report["indicators"][str(i)]
        return result


def calculator_rows(path: Path) -> dict[tuple[object, str], int]:
    """(section, label in column A) -> row, so tests read the sheet as a person does."""
    ws = openpyxl.load_workbook(path)[CALC]
    section: object = "settings"
    rows: dict[tuple[object, str], int] = {}
    for r in range(1, ws.max_row + 1):
        label = ws.cell(r, 1).value
        if not isinstance(label, str):
            continue
        heading = re.match(r"Indicator (\d):", label)
        if heading:
            section = int(heading.group(1))
        elif label.startswith("Checking your own values"):
            section = "tidy"
        elif label.startswith("Hiding small numbers"):
            section = "redact"
        rows.setdefault((section, label), r)
    return rows


def refreshed(
    path: Path, edit: Callable[[OpenpyxlWorkbook], None] | None = None, *, twice: bool = False
) -> Evaluated:
    if edit is not None:
        workbook = OpenpyxlWorkbook.open(path)
        edit(workbook)
        workbook.save(path)
    report_path = path.with_suffix(".json")
    refresh_file(path, json_path=report_path)
    if twice:
        refresh_file(path, json_path=report_path)
    return Evaluated(
        path,
        json.loads(report_path.read_text("utf-8")),
        evaluate_workbook(path),
        calculator_rows(path),
    )


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Evaluated:
    return refreshed(build_demo_workbook(tmp_path_factory.mktemp("demo") / "demo.xlsx"))


@pytest.fixture(scope="module")
def nscht_book(tmp_path_factory: pytest.TempPathFactory) -> Evaluated:
    path = tmp_path_factory.mktemp("nscht") / "nscht.xlsx"
    return refreshed(workbook_with(path, nscht()["inputs"]))


def wres_formula_cells(path: Path) -> dict[str, str]:
    """Every cell whose formula calls a WRES_ function (array formulas: every cell covered)."""
    found: dict[str, str] = {}
    for ws in openpyxl.load_workbook(path).worksheets:
        for row in ws.iter_rows():
            for cell in row:
                value = cell.value
                text = value.text if isinstance(value, ArrayFormula) else value
                if not (isinstance(text, str) and text.startswith("=") and "WRES_" in text):
                    continue
                covered = ws[str(value.ref)] if isinstance(value, ArrayFormula) else ((cell,),)
                for line in covered:
                    for c in line:
                        found[cell_key(ws.title, c.coordinate)] = text
    return found


# --- every WRES_ formula, and the refresh's figures -----------------------------------------


@pytest.mark.slow
def test_every_wres_formula_in_the_demo_evaluates_cleanly(demo: Evaluated) -> None:
    cells = wres_formula_cells(demo.path)
    used = {name for text in cells.values() for name in re.findall(r"(WRES_[A-Z_]+)\(", text)}
    assert used == set(UDF_NAMES)
    for key, text in cells.items():
        value = demo.values.get(key)
        assert value is not None, f"{key} ({text}) has no value"
        assert not (isinstance(value, str) and value.startswith(("#", "WRES:"))), (
            f"{key} ({text}) gave {value!r}"
        )


@pytest.mark.slow
@pytest.mark.parametrize("indicator", RL_INDICATORS)
def test_relative_likelihoods_match_the_refresh(demo: Evaluated, indicator: int) -> None:
    expected = demo.indicator(indicator)
    assert demo.calc(indicator, "Relative likelihood") == expected["relative_likelihood"]
    ci = "95% confidence interval (lower, upper)"
    assert demo.calc(indicator, ci, "B") == expected["ci_low"]
    assert demo.calc(indicator, ci, "C") == expected["ci_high"]
    assert demo.calc(indicator, "p-value (Fisher's exact test)") == expected["p_value"]
    assert demo.calc(indicator, "Rating") == expected["rating"]
    four_fifths = FourFifths(expected["four_fifths"]).label
    assert demo.calc(indicator, "Four-fifths test") == four_fifths
    narrative = "In words (WRES_NARRATIVE), for your report"
    assert demo.calc(indicator, narrative) == expected["narrative"]
    # The counts behind them are the refresh's too (headcounts from the Workforce totals).
    events, totals = (demo.rows[(indicator, label)] for label in COUNT_LABELS[indicator])
    for column, group in (("B", "white"), ("C", "bme")):
        assert demo.cell(CALC, f"{column}{events}") == expected[group]["events"]
        assert demo.cell(CALC, f"{column}{totals}") == expected[group]["total"]


def quoted_percentages(sentence: str) -> list[str]:
    return re.findall(r"\d+\.\d%", sentence)


@pytest.mark.slow
@pytest.mark.parametrize("indicator", SURVEY_INDICATORS)
def test_survey_indicators_match_the_refresh(demo: Evaluated, indicator: int) -> None:
    expected = demo.indicator(indicator)
    assert demo.calc(indicator, "p-value (Fisher's exact test)") == expected["p_value"]
    assert demo.calc(indicator, "Rating") == expected["rating"]
    difference = demo.calc(indicator, "Difference, BME minus White (percentage points)")
    assert difference == pytest.approx(expected["difference_pp"], abs=1e-9)
    assert demo.calc(indicator, "Staff who answered", "B") == expected["white"]["respondents"]
    assert demo.calc(indicator, "Staff who answered", "C") == expected["bme"]["respondents"]
    sentence = demo.calc(indicator, "In words (WRES_SURVEY_NARRATIVE), for your report")
    assert sentence == expected["narrative"]


@pytest.mark.slow
def test_survey_narratives_quote_the_published_percentages(demo: Evaluated) -> None:
    # WRES_SURVEY_NARRATIVE takes the typed percentages, so 15.15% is quoted as published
    # (WRES_NARRATIVE, given only counts, would quote 98/647 = 15.1%).
    narrative = "In words (WRES_SURVEY_NARRATIVE), for your report"
    for indicator in (5, 6, 7, 8):
        assert demo.calc(indicator, narrative) == demo.indicator(indicator)["narrative"]


@pytest.mark.slow
def test_board_and_workforce_shares_match_the_refresh(demo: Evaluated) -> None:
    board = demo.indicator(9)
    gap = "Gap: board share minus workforce share (percentage points)"
    assert demo.calc(9, gap) == board["difference_pp"]
    assert demo.calc(9, "BME share", "B") == board["board_bme_pct"]
    assert demo.calc(9, "BME share", "C") == board["workforce_bme_pct"]
    overall = demo.indicator(1)["overall"]
    assert demo.calc(1, "Share of staff", "C") == overall["bme_pct"]
    staff = "Staff in post (all staff groups and bands)"
    for column, group in zip("BCD", ("white", "bme", "unknown"), strict=True):
        assert demo.calc(1, staff, column) == overall[group]


@pytest.mark.slow
def test_year_and_term_come_from_settings(demo: Evaluated) -> None:
    assert demo.calc("settings", "Year shown") == demo.report["year"]
    assert demo.calc("settings", "Term for BME staff") == "BME"
    assert demo.calc("settings", "Hide counts up to") == 7


@pytest.mark.slow
def test_checking_and_redaction_examples(demo: Evaluated) -> None:
    ws = openpyxl.load_workbook(demo.path)[CALC]
    first = demo.rows[("tidy", "Ethnic group of an ESR ethnic origin")]
    for row in range(first, first + 4):
        typed = ws.cell(row, 2).value
        assert demo.cell(CALC, f"C{row}") == classify_ethnicity(typed).label
    first = demo.rows[("tidy", "Standard name of a pay band")]
    for row in range(first, first + 4):
        assert demo.cell(CALC, f"C{row}") == normalise_band(ws.cell(row, 2).value)

    top = demo.rows[("redact", "Band 7")]
    block: list[list[Any]] = [[ws.cell(r, c).value for c in (2, 3, 4)] for r in range(top, top + 4)]
    expected = redact_grid(block, SuppressionRules(hide_up_to=7))
    out = demo.rows[("redact", "Safe to publish")] + 1
    shown = [[demo.cell(CALC, f"{c}{r}") for c in "BCD"] for r in range(out, out + 4)]
    assert shown == [["" if v is None else v for v in row] for row in expected]
    assert any(v == "*" for row in shown for v in row)


# --- another trust's data, and the settings that change the sums ----------------------------


@pytest.mark.slow
def test_nscht_figures_match_the_refresh(nscht_book: Evaluated) -> None:
    book = nscht_book
    assert book.calc("settings", "Term for BME staff") == "Global Majority"
    assert book.calc("settings", "Year shown") == 2024
    computed = 0
    for i in (*RL_INDICATORS, *SURVEY_INDICATORS):
        expected = book.indicator(i)
        if expected["rating"] == "Not computed":
            # No training or indicator 5 figures: the live formulas say so in a WRES: text.
            label = "Relative likelihood" if i in RL_INDICATORS else "p-value (Fisher's exact test)"
            value = book.calc(i, label)
            assert isinstance(value, str), (i, value)
            assert value.startswith("WRES:"), (i, value)
            continue
        computed += 1
        assert book.calc(i, "p-value (Fisher's exact test)") == expected["p_value"]
        assert book.calc(i, "Rating") == expected["rating"]
        if i in RL_INDICATORS:
            assert book.calc(i, "Relative likelihood") == expected["relative_likelihood"]
            label = "In words (WRES_NARRATIVE), for your report"
        else:
            label = "In words (WRES_SURVEY_NARRATIVE), for your report"
        assert book.calc(i, label) == expected["narrative"]
        assert "Global Majority" in expected["narrative"]
    assert computed == 5  # indicators 2, 3, 6, 7 and 8
    gap = "Gap: board share minus workforce share (percentage points)"
    assert book.calc(9, gap) == book.indicator(9)["difference_pp"]


@pytest.mark.slow
def test_two_year_rolling_and_known_ethnicity(tmp_path: Path) -> None:
    def settings(workbook: OpenpyxlWorkbook) -> None:
        set_setting(workbook, "Disciplinary period", "Two-year rolling")
        set_setting(workbook, "Percentages based on", "Known ethnicity")

    book = refreshed(build_demo_workbook(tmp_path / "demo.xlsx"), settings)
    expected = book.indicator(3)
    assert book.calc("settings", "First year counted for indicator 3") == book.report["year"] - 1
    assert book.calc(3, "Relative likelihood") == expected["relative_likelihood"]
    assert book.calc(3, "p-value (Fisher's exact test)") == expected["p_value"]
    gap = "Gap: board share minus workforce share (percentage points)"
    assert book.calc(9, gap) == book.indicator(9)["difference_pp"]
    assert book.calc(1, "Share of staff", "C") == book.indicator(1)["overall"]["bme_pct"]
    assert book.calc(1, "Share of staff", "D") == ""


@pytest.mark.slow
def test_typed_headcounts_and_another_year(tmp_path: Path) -> None:
    # The demo types disciplinary headcounts for 2023 only; a WRES year of 2024 puts 2023 in
    # the report's "previous", and the Calculator's own year box shows 2023.
    def year_2024(workbook: OpenpyxlWorkbook) -> None:
        set_setting(workbook, "WRES year", 2024)

    path = build_demo_workbook(tmp_path / "demo.xlsx")
    first = refreshed(path, year_2024)
    assert first.calc("settings", "Year shown") == 2024
    assert first.calc(2, "Relative likelihood") == first.indicator(2)["relative_likelihood"]

    wb = openpyxl.load_workbook(path)
    wb[CALC].cell(first.rows[("settings", "Year to show (optional)")], 2).value = 2023
    wb.save(path)
    values = evaluate_workbook(path)
    for i in RL_INDICATORS:
        previous = first.indicator(i)["previous"]
        row = first.rows[(i, "Relative likelihood")]
        assert values[cell_key(CALC, f"B{row}")] == previous["relative_likelihood"], i
        assert previous["year"] == 2023


# --- the Action plan's progress block -------------------------------------------------------


def plan_rows(path: Path) -> list[dict[str, Any]]:
    table = OpenpyxlWorkbook.open(path).read_table(schema.ACTIONS.name)
    assert table is not None
    return [dict(zip(table.headers, row, strict=True)) for row in table.rows]


def check_progress_block(book: Evaluated) -> None:
    summary = openpyxl.load_workbook(book.path)["Summary"]
    rows = plan_rows(book.path)
    for i in range(1, 10):
        row = 6 + i
        rating = summary[f"I{5 + i}"].value
        assert book.cell(PLAN, f"D{row}") == rating
        if i > 1:  # the JSON rates indicator 1 band by band; the Summary gives it one rating
            assert rating == book.indicator(i)["rating"]
        assert book.cell(PLAN, f"E{row}") == summary[f"M{5 + i}"].value
        mine = [r for r in rows if parse_indicator(r["Indicator"]) == i]
        statuses = [canonical_status(r["Status"]) for r in mine]
        assert book.cell(PLAN, f"G{row}") == sum(s != "Dismissed" for s in statuses), i
        assert book.cell(PLAN, f"H{row}") == statuses.count("Complete"), i
    counts = progress_summary(ActionRow.from_cells(r) for r in rows)
    for n, status in enumerate(schema.STATUS_VALUES):
        assert book.cell(PLAN, f"I{7 + n}") == status
        assert book.cell(PLAN, f"J{7 + n}") == counts[status], status
    assert book.cell(PLAN, "J12") == sum(counts.values())


@pytest.mark.slow
def test_progress_block_after_a_refresh(demo: Evaluated) -> None:
    check_progress_block(demo)
    not_started = demo.cell(PLAN, "J7")
    assert isinstance(not_started, int | float)
    assert not_started > 0


@pytest.mark.slow
def test_progress_block_follows_the_users_edits(tmp_path: Path) -> None:
    path = build_demo_workbook(tmp_path / "demo.xlsx")
    refresh_file(path)

    def edit(workbook: OpenpyxlWorkbook) -> None:
        ws = workbook.wb[PLAN]
        status = schema.ACTIONS.columns.index("Status") + 1
        first = ACTIONS_FIRST_DATA_ROW
        ws.cell(first, status).value = "Complete"  # the trust's own action
        ws.cell(first + 1, status).value = "Dismissed"
        ws.cell(first + 2, status).value = "at risk"  # any case, as the refresh reads it
        ws.cell(first + 3, status).value = None  # blank counts as Not started
        ws.cell(first + 4, status).value = "Complete"

    book = refreshed(path, edit, twice=True)
    check_progress_block(book)
    assert book.cell(PLAN, "J10") == 2
    assert book.cell(PLAN, "J11") == 1
    assert book.cell(PLAN, "J9") == 1


@pytest.mark.slow
def test_blank_workbook_says_press_refresh(tmp_path: Path) -> None:
    values = evaluate_workbook(build_template(tmp_path / "blank.xlsx"))
    for row in range(7, 16):
        assert values[cell_key(PLAN, f"D{row}")] == "Press Refresh"
        assert values[cell_key(PLAN, f"E{row}")] == ""
        assert values[cell_key(PLAN, f"G{row}")] == 0
    assert values[cell_key(PLAN, "J12")] == 0
    # No data yet: the Calculator answers in WRES: texts, not Python errors.
    rows = calculator_rows(tmp_path / "blank.xlsx")
    rl = values[cell_key(CALC, f"B{rows[(2, 'Relative likelihood')]}")]
    assert isinstance(rl, str)
    assert rl.startswith("WRES:")


# --- the engine adapter itself ----------------------------------------------------------------


def test_udfs_registered_once_under_their_excel_names() -> None:
    from formulas.functions import FUNCTIONS

    register_udfs()
    before = {name: FUNCTIONS[name] for name in UDF_NAMES}
    register_udfs()
    assert {name: FUNCTIONS[name] for name in UDF_NAMES} == before
    assert set(UDF_NAMES) == set(udfs.__all__)


def test_single_formulas_and_errors() -> None:
    assert evaluate_formula("=WRES_RL(2, 972, 3240, 430, 2150)") == udfs.WRES_RL(
        2, 972.0, 3240.0, 430.0, 2150.0
    )
    assert evaluate_formula("=WRES_CI(3, 19, 4768, 8, 1725)") == [
        udfs.WRES_CI(3, 19.0, 4768.0, 8.0, 1725.0)
    ]
    # An Excel error in an argument is the result, as with Excel's own functions.
    assert evaluate_formula("=WRES_PVALUE(1/0, 10, 1, 10)") == "#DIV/0!"
    assert str(evaluate_formula("=WRES_EVENTS(0.2, -1)")).startswith("WRES:")
    assert evaluate_formula('=WRES_GROUP("H Indian")') == "BME"


def test_cell_keys_quote_every_sheet_name() -> None:
    assert cell_key("Calculator", "$b$7") == "'Calculator'!B7"
    assert cell_key("Trust's plan", "A1") == "'Trust''s plan'!A1"


@pytest.mark.slow
def test_table_references_are_refused_with_the_cell(tmp_path: Path) -> None:
    path = tmp_path / "tables.xlsx"
    shutil.copyfile(build_template(tmp_path / "blank.xlsx"), path)
    wb = openpyxl.load_workbook(path)
    wb[CALC]["G2"] = "=SUM(tblRecruitment[Appointed])"
    wb.save(path)
    with pytest.raises(WorkbookError, match=r"Calculator!G2 .*plain range"):
        evaluate_workbook(path)


def test_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(WresFileNotFoundError, match="does not exist"):
        evaluate_workbook(tmp_path / "nowhere.xlsx")
