"""Figures a Board can act on (issue 13), through real workbooks and the CLI.

Every expected value is worked out by hand (arithmetic in the comments) or by the reference
library named beside it, never by calling the code under test.
"""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from scipy.stats import fisher_exact

from tests.support.helpers import nscht, workbook_with


def run_cli(path: Path, *args: str) -> tuple[dict[str, Any], subprocess.CompletedProcess[str]]:
    out = path.with_suffix(".json")
    done = subprocess.run(
        [sys.executable, "-m", "wres_xl.cli", "refresh", str(path), "--json", str(out), *args],
        capture_output=True,
        text=True,
    )
    assert done.returncode in (0, 1), done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    return json.loads(out.read_text("utf-8")), done


def cohens_h(a: float, b: float) -> float:
    return 2 * math.asin(math.sqrt(a)) - 2 * math.asin(math.sqrt(b))


@pytest.fixture(scope="module")
def nscht_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    inputs = nscht()["inputs"]
    inputs["tblSettings"] = [
        *inputs["tblSettings"],
        {"Setting": "Local population BME %", "Value": 11.17},
    ]
    path = workbook_with(tmp_path_factory.mktemp("nscht") / "nscht.xlsx", inputs)
    report, _ = run_cli(path)
    return path, report


# --------------------------------------------------------------- indicator 1: representation


@pytest.mark.slow
def test_bands_are_rated_as_representation_not_better_or_worse(
    nscht_run: tuple[Path, dict[str, Any]],
) -> None:
    _, report = nscht_run
    bands = {(b["staff_group"], b["band"]): b for b in report["indicators"]["1"]["bands"]}
    # Clinical Band 5: 42 of 199 (21.1%) against the rest, 173 of 1,736. scipy
    # fisher_exact([[42, 157], [173, 1563]]) p = 1.3e-05; h = 2asin√(215/1935) −
    # 2asin√(42/199) = −0.275: medium, and negative = more BME staff than the workforce.
    assert bands[("Clinical", "Band 5")]["rating"] == "Over-represented to a medium degree"
    # Clinical Band 1 has nobody in it.
    assert bands[("Clinical", "Band 1")]["rating"] == "No staff"
    labels = {b["rating"] for b in report["indicators"]["1"]["bands"]}
    allowed = re.compile(
        r"^((Under|Over)-represented to a (small|medium|large) degree|In line|No staff)$"
    )
    assert all(allowed.match(label) for label in labels), labels


@pytest.mark.slow
def test_senior_headline_against_the_workforce(nscht_run: tuple[Path, dict[str, Any]]) -> None:
    _, report = nscht_run
    one = report["indicators"]["1"]
    senior = {s["level"]: s for s in one["senior"]}
    # Band 8a+ incl. VSM, from the published tables: clinical 8a 1/86, 8b 1/27, 8c 1/22,
    # 8d 0/2; non-clinical 8a 2/26, 8b 0/10, 8c 1/6, 8d 1/8; VSM 1/7 → 8 of 194 = 4.12%.
    # Overall 215 of 1,935 = 11.11%; gap = 4.124 − 11.111 = −6.99 points.
    assert senior["8a+"]["bme_pct"] == pytest.approx(8 / 194)
    assert senior["8a+"]["overall_bme_pct"] == pytest.approx(215 / 1935)
    assert senior["8a+"]["difference_pp"] == pytest.approx((8 / 194 - 215 / 1935) * 100)
    # Tested against the rest of the workforce: 207 of 1,741.
    reference = fisher_exact([[8, 186], [207, 1534]]).pvalue  # 0.000435
    assert senior["8a+"]["p_value"] == pytest.approx(reference, rel=1e-6)
    # h = 2asin√(0.1111) − 2asin√(0.0412) = 0.271: medium.
    assert cohens_h(215 / 1935, 8 / 194) == pytest.approx(0.2707, abs=1e-3)
    assert senior["8a+"]["rating"] == "Worse to a medium degree"
    # 8c+: clinical 8c 1/22, 8d 0/2; non-clinical 8c 1/6, 8d 1/8; VSM 1/7 → 4 of 45.
    assert senior["8c+"]["bme_pct"] == pytest.approx(4 / 45)
    assert senior["8c+"]["p_value"] == pytest.approx(
        fisher_exact([[4, 41], [211, 1679]]).pvalue, rel=1e-6
    )
    assert senior["8c+"]["rating"] == "Equivalent"
    # Consultants: 16 of 24 (66.7%).
    assert senior["consultants"]["bme_pct"] == pytest.approx(16 / 24)
    assert senior["consultants"]["rating"] == "Better to a large degree"
    # The headline is the worst senior level.
    assert one["rating"] == "Worse to a medium degree"
    assert one["narrative"].startswith(
        "Global Majority staff are 11.1% of the workforce (local population: 11.2%) but "
        "4.1% of staff at Band 8a and above (8 of 194)"
    )
    assert "statistically significant (p < 0.001)" in one["narrative"]
    assert "-7.0 pts" in one["narrative"]


@pytest.mark.slow
def test_clusters_excluding_medical_and_local_population(
    nscht_run: tuple[Path, dict[str, Any]],
) -> None:
    path, report = nscht_run
    one = report["indicators"]["1"]
    clusters = {(c["staff_group"], c["cluster"]): c for c in one["clusters"]}
    # Clinical 5–7: 42+26+15 = 83 of 199+363+234 = 796.
    assert clusters[("Clinical", "Bands 5 to 7")]["bme"] == 83
    assert clusters[("Clinical", "Bands 5 to 7")]["bme_pct"] == pytest.approx(83 / 796)
    # Non-clinical 8c–9 and VSM: 8c 1/6, 8d 1/8, VSM 1/7 → 3 of 21.
    assert clusters[("Non-clinical", "Bands 8c to 9 and VSM")]["bme_pct"] == pytest.approx(3 / 21)
    consultants = clusters[("Medical & Dental", "Consultants (incl. senior medical managers)")]
    assert (consultants["bme"], consultants["white"]) == (16, 8)
    assert consultants["rating"].startswith("Over-represented")
    # Excluding Medical & Dental: 215 − 44 = 171 of 1,935 − 72 = 1,863 (9.18%).
    assert one["excluding_medical"]["bme_pct"] == pytest.approx(171 / 1863)
    assert one["local_population_bme_pct"] == pytest.approx(0.1117)
    ws = openpyxl.load_workbook(path)["Indicator 1"]
    texts = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert any("local population (Settings): 11.2%" in t for t in texts)
    assert any("excluding Medical & Dental: 9.2%" in t for t in texts)
    assert "Key: representation of bands and clusters" in texts
    assert "NHS England clusters" in texts


@pytest.mark.slow
def test_known_ethnicity_basis_reproduces_the_published_9_25_percent(tmp_path: Path) -> None:
    # NSCHT printed 9.25% "excluding medical": 171 ÷ (1,863 − 14 Unknown) = 171 ÷ 1,849.
    inputs = nscht()["inputs"]
    inputs["tblSettings"] = [
        *inputs["tblSettings"],
        {"Setting": "Percentages based on", "Value": "Known ethnicity"},
    ]
    report, _ = run_cli(workbook_with(tmp_path / "k.xlsx", inputs))
    assert report["indicators"]["1"]["excluding_medical"]["bme_pct"] * 100 == pytest.approx(
        9.25, abs=0.005
    )


def test_representation_key_has_its_own_colours() -> None:
    from wres_xl.core.stats import COLOUR_RATINGS, REPRESENTATION_RATINGS
    from wres_xl.report.layout import RATING_FILLS

    better_worse = {RATING_FILLS[r.value] for r in COLOUR_RATINGS}
    representation = [RATING_FILLS[r.value] for r in REPRESENTATION_RATINGS]
    # No representation colour is a better/worse colour (No staff is plain white).
    assert not (set(representation) - {"FFFFFF"}) & better_worse
    assert len(set(representation)) == len(representation)


@pytest.mark.slow
def test_summary_headline_and_labelled_columns(nscht_run: tuple[Path, dict[str, Any]]) -> None:
    path, _ = nscht_run
    ws = openpyxl.load_workbook(path)["Summary"]
    one, nine = 6, 14
    assert ws.cell(one, 4).value == pytest.approx(215 / 1935)
    assert ws.cell(one, 4).number_format == '"Workforce: "0.0%'
    assert ws.cell(one, 5).value == pytest.approx(8 / 194)
    assert ws.cell(one, 5).number_format == '"Band 8a+: "0.0%'
    assert ws.cell(one, 6).value == pytest.approx((8 / 194 - 215 / 1935) * 100)
    assert "pts" in ws.cell(one, 6).number_format
    assert ws.cell(one, 9).value == "Worse to a medium degree"
    # Indicator 9's White/BME columns say what they hold.
    assert ws.cell(nine, 4).number_format == '"Workforce: "0.0%'
    assert ws.cell(nine, 5).number_format == '"Voting board: "0.0%'
    texts = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    for part in (
        "Voting members (the headline)",
        "Whole board (voting and non-voting)",
        "Executive members",
        "Non-executive members",
    ):
        assert part in texts


@pytest.mark.slow
def test_change_states_values_direction_then_test(nscht_run: tuple[Path, dict[str, Any]]) -> None:
    path, _ = nscht_run
    ws = openpyxl.load_workbook(path)["Summary"]
    # Indicator 2: RL 1.14 (2023) → 1.21 (2024), the published figures; Katz z-test on the
    # log RLs gives p > 0.05.
    assert ws.cell(7, 13).value.startswith(
        "up from 1.14 to 1.21; not a statistically significant change (p = "
    )
    # Indicator 1: the senior share, 8 of 178 (4.5%) → 8 of 194 (4.1%).
    assert ws.cell(6, 13).value.startswith(
        "Global Majority share at Band 8a and above down from 4.5% to 4.1%; "
        "not a statistically significant change"
    )
    for row in range(6, 15):
        value = ws.cell(row, 13).value
        assert value not in ("no significant change", "improved", "worse"), value


@pytest.mark.slow
def test_national_figures_name_their_year(nscht_run: tuple[Path, dict[str, Any]]) -> None:
    path, _ = nscht_run
    ws = openpyxl.load_workbook(path)["Summary"]
    assert ws.cell(5, 14).value == "National average (year it is for)"
    # Indicator 2's latest national RL is for 2023 (1.59), not the trust's 2024.
    assert ws.cell(7, 14).value == "1.59 (national 2023, not 2024)"
    # Indicator 6 for 2024: 24.9% − 20.7% = +4.2 points, the trust's own year.
    assert ws.cell(11, 14).value == "+4.2 pts (national 2024)"
    # Indicator 9 for 2024: 16.5% boards − 28.6% workforce = −12.1 points.
    assert ws.cell(14, 14).value == "-12.1 pts (national 2024)"
    # Indicator 1: 12.7% of VSM − 28.6% of the workforce = −15.9 points.
    assert ws.cell(6, 14).value == "-15.9 pts (national 2024)"
    texts = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert any("for WRES 2023, 2024" in t for t in texts)


# --------------------------------------------------------------- indicator 9: voting board


def _board_workbook(path: Path, voting_bme: int, **settings: object) -> Path:
    # Workforce 300 BME of 1,300 = 3/13 = 23.08%. Voting board: executives 4 White + 2 BME,
    # non-executives 6 White + (voting_bme − 2) BME; non-voting: 2 White and 1 Unknown
    # executives.
    return workbook_with(
        path,
        {
            "tblWorkforce": [
                {
                    "Year": 2025,
                    "Staff group": "Admin and clerical",
                    "Band": "Band 5",
                    "White": 1000,
                    "BME": 300,
                    "Unknown": 0,
                },
            ],
            "tblBoard": [
                {
                    "Year": 2025,
                    "Role": "Executive",
                    "Voting": "Yes",
                    "Ethnicity": "White",
                    "Headcount": 4,
                },
                {
                    "Year": 2025,
                    "Role": "Executive",
                    "Voting": "Yes",
                    "Ethnicity": "BME",
                    "Headcount": 2,
                },
                {
                    "Year": 2025,
                    "Role": "Executive",
                    "Voting": "No",
                    "Ethnicity": "White",
                    "Headcount": 2,
                },
                {
                    "Year": 2025,
                    "Role": "Executive",
                    "Voting": "No",
                    "Ethnicity": "Unknown",
                    "Headcount": 1,
                },
                {
                    "Year": 2025,
                    "Role": "Non-executive",
                    "Voting": "Yes",
                    "Ethnicity": "White",
                    "Headcount": 6 + (3 - voting_bme),
                },
                {
                    "Year": 2025,
                    "Role": "Non-executive",
                    "Voting": "Yes",
                    "Ethnicity": "BME",
                    "Headcount": voting_bme - 2,
                },
            ],
        },
        Organisation="Board Test Trust",
        **settings,
    )


@pytest.mark.slow
def test_a_voting_board_matching_the_workforce_is_not_worse(tmp_path: Path) -> None:
    report, _ = run_cli(_board_workbook(tmp_path / "b.xlsx", voting_bme=3))
    nine = report["indicators"]["9"]
    # Voting: 3 BME of 13 = 23.08% = the workforce: ceil(3/13 × 13) − 3 = 0 short.
    assert nine["members_for_parity"] == 0
    assert nine["rating"] == "Equivalent"
    assert nine["voting_difference_pp"] == pytest.approx(0.0, abs=1e-9)
    # Whole board: 3 of 16 = 18.75%; 18.75 − 23.077 = −4.33 points (the old headline, which
    # would have needed ceil(3/13 × 16) − 3 = 1 more member).
    assert nine["difference_pp"] == pytest.approx((3 / 16 - 3 / 13) * 100)
    # Executive: 2 of 9 = 22.2%; non-executive: 1 of 7 = 14.3%.
    assert nine["executive_difference_pp"] == pytest.approx((2 / 9 - 3 / 13) * 100)
    assert nine["non_executive_difference_pp"] == pytest.approx((1 / 7 - 3 / 13) * 100)
    assert "voting members (3 of 13)" in nine["narrative"]
    assert "would be needed" not in nine["narrative"]


@pytest.mark.slow
def test_a_voting_board_one_short_is_worse_and_published_on_the_voting_row(
    tmp_path: Path,
) -> None:
    # Board counts are all small; nothing is hidden here so the published rating is visible
    # (board suppression is its own setting, tested with the Publication sheet).
    path = _board_workbook(tmp_path / "b.xlsx", voting_bme=2, **{"Hide counts up to": 0})
    report, _ = run_cli(path)
    nine = report["indicators"]["9"]
    # Voting 2 of 13: ceil(3/13 × 13) − 2 = 1 short.
    assert nine["members_for_parity"] == 1
    assert nine["rating"] == "Worse"
    assert nine["voting_difference_pp"] == pytest.approx((2 / 13 - 3 / 13) * 100)
    assert "1 more BME voting member would be needed" in nine["narrative"]
    ws = openpyxl.load_workbook(path)["Publication"]
    rows = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1)}
    assert ws.cell(rows["Voting members"], 9).value == "Worse"
    assert ws.cell(rows["Whole board"], 9).value in ("", None)
    # The workforce row was typed with ESR's staff group name.
    assert report["indicators"]["1"]["bands"][0]["staff_group"] == "Non-clinical"
    assert not [c for c in report["checks"] if c["severity"] == "error"]


# --------------------------------------------------------------- inputs real trusts have


def _partial_inputs() -> dict[str, list[dict[str, object]]]:
    return {
        "tblSettings": [{"Setting": "Term for BME staff", "Value": "Global Majority"}],
        # Published percentages only (NSCHT 2024 indicator 6), respondents blank.
        "tblSurvey": [
            {
                "Year": 2024,
                "Indicator": 6,
                "Ethnicity": "White",
                "Respondents": None,
                "Percent": 16.13,
            },
            {
                "Year": 2024,
                "Indicator": 6,
                "Ethnicity": "Global Majority",
                "Respondents": None,
                "Percent": 20.83,
            },
        ],
        # Explicit headcounts, no Unknown row, no Workforce rows.
        "tblDisciplinary": [
            {
                "Year": 2024,
                "Ethnicity": "White",
                "Headcount": 1705,
                "Entered formal disciplinary": 13,
            },
            {
                "Year": 2024,
                "Ethnicity": "Global Majority",
                "Headcount": 215,
                "Entered formal disciplinary": 3,
            },
        ],
        "tblTraining": [
            {
                "Year": 2024,
                "Ethnicity": "White",
                "Headcount": 1705,
                "Accessed non-mandatory training": 900,
            },
            {
                "Year": 2024,
                "Ethnicity": "Global Majority",
                "Headcount": 215,
                "Accessed non-mandatory training": 150,
            },
        ],
        # A recruitment table without a Global Majority row.
        "tblRecruitment": [
            {"Year": 2024, "Ethnicity": "White", "Shortlisted": 100, "Appointed": 30},
        ],
    }


@pytest.fixture(scope="module")
def partial(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any], str]:
    path = workbook_with(tmp_path_factory.mktemp("partial") / "p.xlsx", _partial_inputs())
    report, done = run_cli(path)
    return path, report, done.stdout


@pytest.mark.slow
def test_survey_percentages_without_respondents_are_not_tested(
    partial: tuple[Path, dict[str, Any], str],
) -> None:
    path, report, _ = partial
    six = report["indicators"]["6"]
    assert six["rating"] == "Not tested"
    assert six["p_value"] is None
    assert six["significant"] is None
    assert six["white"]["rate"] == pytest.approx(0.1613)
    assert six["bme"]["rate"] == pytest.approx(0.2083)
    assert six["white"]["respondents"] is None
    # 20.83 − 16.13 = +4.70 points.
    assert six["difference_pp"] == pytest.approx(4.70)
    assert "(a difference of +4.7 pts)" in six["narrative"]
    assert "cannot be tested" in six["narrative"]
    survey_checks = [c for c in report["checks"] if c["column"] == "Respondents"]
    assert len(survey_checks) == 2
    assert {c["severity"] for c in survey_checks} == {"warning"}
    assert any("Global Majority respondents" in c["message"] for c in survey_checks)
    ws = openpyxl.load_workbook(path)["Summary"]
    assert ws.cell(11, 9).value == "Not tested"
    assert ws.cell(11, 6).value == pytest.approx(4.70)
    assert "pts" in ws.cell(11, 6).number_format
    pub = openpyxl.load_workbook(path)["Publication"]
    texts = [c.value for row in pub.iter_rows() for c in row if c.value is not None]
    assert "Not tested" in texts


@pytest.mark.slow
def test_explicit_headcounts_are_enough(partial: tuple[Path, dict[str, Any], str]) -> None:
    path, report, _ = partial
    three = report["indicators"]["3"]
    # (3 / 215) ÷ (13 / 1705) = 0.013953 ÷ 0.0076246 = 1.830.
    assert three["relative_likelihood"] == pytest.approx((3 / 215) / (13 / 1705))
    assert round(three["relative_likelihood"], 2) == 1.83
    four = report["indicators"]["4"]
    # (900 / 1705) ÷ (150 / 215) = 0.52786 ÷ 0.69767 = 0.7566.
    assert four["relative_likelihood"] == pytest.approx((900 / 1705) / (150 / 215))
    # No Unknown row was typed, so the Publication shows none for these indicators.
    ws = openpyxl.load_workbook(path)["Publication"]
    labels = [ws.cell(r, 1).value for r in range(1, ws.max_row + 1)]
    assert "Unknown" not in labels


@pytest.mark.slow
def test_every_check_uses_the_trusts_term(partial: tuple[Path, dict[str, Any], str]) -> None:
    _, report, stdout = partial
    messages = [c["message"] for c in report["checks"]]
    assert any("no Global Majority row" in m for m in messages)
    for message in messages:
        assert not re.search(r"\bBME\b", message), message
    assert "BME" not in stdout.replace("Term for BME", "")


@pytest.mark.slow
def test_unknown_row_is_published_when_it_was_entered(tmp_path: Path) -> None:
    inputs = _partial_inputs()
    inputs["tblTraining"].append(
        {
            "Year": 2024,
            "Ethnicity": "Unknown",
            "Headcount": 40,
            "Accessed non-mandatory training": 10,
        }
    )
    path = workbook_with(tmp_path / "u.xlsx", inputs)
    run_cli(path)
    ws = openpyxl.load_workbook(path)["Publication"]
    labels = [ws.cell(r, 1).value for r in range(1, ws.max_row + 1)]
    assert labels.count("Unknown") == 1
