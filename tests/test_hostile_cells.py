"""Nothing a user types aborts a refresh (issue 11): each case is a real workbook, checked
and refreshed through the command line as a user would, with the Checks row it must give."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.support.helpers import workbook_with

pytestmark = pytest.mark.slow  # every test here is over 2 s

WORKFORCE = [
    {
        "Year": 2024,
        "Staff group": "Clinical",
        "Band": "Band 5",
        "White": 100,
        "BME": 50,
        "Unknown": 5,
    },
    {
        "Year": 2024,
        "Staff group": "Clinical",
        "Band": "Band 8a",
        "White": 20,
        "BME": 5,
        "Unknown": 0,
    },
]
RECRUITMENT = [
    {"Year": 2024, "Ethnicity": "White", "Shortlisted": 200, "Appointed": 40},
    {"Year": 2024, "Ethnicity": "BME", "Shortlisted": 150, "Appointed": 20},
]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wres_xl.cli", *args], capture_output=True, text=True
    )


def refresh(
    tmp_path: Path, tables: dict[str, Any], **settings: object
) -> tuple[int, dict[str, Any]]:
    """check, then refresh with --json; both must agree and neither may crash (exit 2)."""
    path = workbook_with(tmp_path / "trust.xlsx", tables, **settings)
    checked = run("check", str(path))
    assert checked.returncode != 2, checked.stdout + checked.stderr
    assert "went wrong" not in checked.stdout + checked.stderr
    report = tmp_path / "report.json"
    done = run("refresh", str(path), "--json", str(report))
    assert done.returncode != 2, done.stdout + done.stderr
    assert done.returncode == checked.returncode
    payload = json.loads(report.read_text("utf-8"))
    sheets = openpyxl.load_workbook(path).sheetnames
    assert "Checks" in sheets
    assert "Summary" in sheets
    return done.returncode, payload


def errors(payload: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for c in payload["checks"] if c["severity"] == "error"]


@pytest.mark.parametrize("column", ["White", "BME", "Unknown"])
def test_negative_count_typed_as_text_is_a_located_error(tmp_path: Path, column: str) -> None:
    rows = [dict(WORKFORCE[0], **{column: "-5"}), WORKFORCE[1]]
    code, payload = refresh(tmp_path, {"tblWorkforce": rows, "tblRecruitment": RECRUITMENT})
    assert code == 1
    [error] = [c for c in errors(payload) if c["row"] == 5]
    assert error["sheet"] == "Workforce"
    assert error["column"] == column
    assert "'-5'" in error["message"]
    assert "negative" in error["message"]
    assert payload["indicators"]["2"]["rating"] != "Not computed"  # the rest still computed


@pytest.mark.parametrize("table", ["tblRecruitment", "tblSurvey"])
def test_negative_text_in_other_tables(tmp_path: Path, table: str) -> None:
    if table == "tblRecruitment":
        rows = [dict(RECRUITMENT[0], Shortlisted="-5"), RECRUITMENT[1]]
        column = "Shortlisted"
    else:
        rows = [
            {
                "Year": 2024,
                "Indicator": 5,
                "Ethnicity": "White",
                "Respondents": "-5",
                "Percent": 0.2,
            },
            {"Year": 2024, "Indicator": 5, "Ethnicity": "BME", "Respondents": 30, "Percent": 0.3},
        ]
        column = "Respondents"
    code, payload = refresh(tmp_path, {"tblWorkforce": WORKFORCE, table: rows})
    assert code == 1
    assert any(c["column"] == column and c["row"] == 5 for c in errors(payload))


def test_a_workforce_year_of_zeros_does_not_stop_the_refresh(tmp_path: Path) -> None:
    zeros = [dict(r, White=0, BME=0, Unknown=0) for r in WORKFORCE]
    code, payload = refresh(tmp_path, {"tblWorkforce": zeros, "tblRecruitment": RECRUITMENT})
    assert code == 1
    assert payload["indicators"]["2"]["rating"] != "Not computed"
    [error] = [c for c in errors(payload) if c["sheet"] == "Workforce" and c["row"] == 5]
    assert "is 0" in error["message"]


def test_no_staff_of_known_ethnicity_does_not_stop_the_targets(tmp_path: Path) -> None:
    # On a "Known ethnicity" basis a workforce of only Unknown staff has no BME share to aim
    # for: the aspirational-targets step used to raise and abort the whole refresh.
    unknown = [dict(r, White=0, BME=0, Unknown=40) for r in WORKFORCE]
    code, _ = refresh(
        tmp_path,
        {"tblWorkforce": unknown, "tblRecruitment": RECRUITMENT},
        **{"Percentages based on": "Known ethnicity"},
    )
    assert code in (0, 1)
    ws = openpyxl.load_workbook(tmp_path / "trust.xlsx")["Trends"]
    texts = [str(c.value) for row in ws.iter_rows() for c in row if c.value]
    assert any("no staff of known ethnicity" in t for t in texts)


@pytest.mark.parametrize("word", ["No response", "NK", "NS", "No data", "Do not wish to say"])
def test_words_for_not_known_are_unknown_not_bme(tmp_path: Path, word: str) -> None:
    rows = [*RECRUITMENT, {"Year": 2024, "Ethnicity": word, "Shortlisted": 90, "Appointed": 9}]
    code, payload = refresh(tmp_path, {"tblWorkforce": WORKFORCE, "tblRecruitment": rows})
    assert code == 0, payload["checks"]
    assert payload["indicators"]["2"]["bme"]["total"] == 150  # not 150 + 90


@pytest.mark.parametrize("label", ["Do something", "Nope"])
def test_a_label_that_is_neither_a_code_nor_a_word_is_quoted(tmp_path: Path, label: str) -> None:
    rows = [*RECRUITMENT, {"Year": 2024, "Ethnicity": label, "Shortlisted": 90, "Appointed": 9}]
    code, payload = refresh(tmp_path, {"tblWorkforce": WORKFORCE, "tblRecruitment": rows})
    assert code == 1
    [error] = [c for c in errors(payload) if c["row"] == 7]
    assert error["column"] == "Ethnicity"
    assert f"'{label}'" in error["message"]


def test_a_survey_group_with_no_respondents_is_an_error(tmp_path: Path) -> None:
    survey = [
        {"Year": 2024, "Indicator": 5, "Ethnicity": "White", "Respondents": 0, "Percent": 0.2},
        {"Year": 2024, "Indicator": 5, "Ethnicity": "BME", "Respondents": 40, "Percent": 0.3},
    ]
    code, payload = refresh(tmp_path, {"tblWorkforce": WORKFORCE, "tblSurvey": survey})
    assert code == 1
    assert payload["indicators"]["5"]["rating"] != "Equivalent"
    [error] = [c for c in errors(payload) if c["row"] == 5]
    assert error["sheet"] == "Staff survey"
    assert error["column"] == "Respondents"


def test_disciplinary_entries_above_the_workforce_headcount_are_an_error(tmp_path: Path) -> None:
    disciplinary = [
        {"Year": 2024, "Ethnicity": "White", "Entered formal disciplinary": 500},
        {"Year": 2024, "Ethnicity": "BME", "Entered formal disciplinary": 3},
    ]
    code, payload = refresh(tmp_path, {"tblWorkforce": WORKFORCE, "tblDisciplinary": disciplinary})
    assert code == 1
    [error] = [c for c in errors(payload) if c["sheet"] == "Disciplinary"]
    assert error["row"] == 5
    assert error["column"] == "Entered formal disciplinary"
    assert "500" in error["message"], error
    assert "120" in error["message"], error


def test_a_year_with_every_indicator_not_computed_exits_1(tmp_path: Path) -> None:
    # Figures for 2023 only, WRES year 2024: nothing at all can be computed for 2024.
    wf = [dict(r, Year=2023) for r in WORKFORCE]
    code, payload = refresh(tmp_path, {"tblWorkforce": wf}, **{"WRES year": 2024})
    assert code == 1
    assert all(v["rating"] == "Not computed" for v in payload["indicators"].values())
    assert any("None of the nine" in c["message"] for c in errors(payload))


@pytest.mark.parametrize("value", [1e20, "#N/A", "1,25", "nan", True, "12_000"])
def test_hostile_count_cells_are_located_errors(tmp_path: Path, value: object) -> None:
    rows = [dict(WORKFORCE[0], White=value), WORKFORCE[1]]
    code, payload = refresh(tmp_path, {"tblWorkforce": rows, "tblRecruitment": RECRUITMENT})
    assert code == 1
    [error] = [c for c in errors(payload) if c["row"] == 5]
    assert error["sheet"] == "Workforce"
    assert error["column"] == "White"


def test_thousands_separators_are_still_read(tmp_path: Path) -> None:
    rows = [dict(WORKFORCE[0], White="1,250"), WORKFORCE[1]]
    code, payload = refresh(tmp_path, {"tblWorkforce": rows, "tblRecruitment": RECRUITMENT})
    assert code == 0
    assert payload["indicators"]["1"]["overall"]["white"] == 1270, payload["checks"]


def test_the_largest_accepted_counts_in_every_band_still_refresh(tmp_path: Path) -> None:
    # Each cell is within the limit, but the workforce total (27 million) is not: totals are
    # not cells, so nothing may refuse them, and Fisher's test must still finish.
    big = [
        {
            "Year": 2024,
            "Staff group": "Clinical",
            "Band": band,
            "White": 9_000_000,
            "BME": 9_000_000 if band != "Band 9" else 10,
            "Unknown": 0,
        }
        for band in ("Band 5", "Band 8a", "Band 9")
    ]
    board = [
        {"Year": 2024, "Role": "Executive", "Voting": "Yes", "Ethnicity": "White", "Headcount": 6},
    ]
    code, payload = refresh(tmp_path, {"tblWorkforce": big, "tblBoard": board})
    assert code in (0, 1)
    assert payload["indicators"]["1"]["rating"] != "Not computed"
    assert payload["indicators"]["9"]["rating"] != "Not computed"
