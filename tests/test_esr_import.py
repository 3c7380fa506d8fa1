"""import-esr end to end: an extract file into a real workbook, through the CLI."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.support.helpers import workbook_with
from wres_xl.commands.import_esr.importer import run_import
from wres_xl.errors import InputError

HEADERS = [
    "Employee Number",
    "Assignment Number",
    "Primary Assignment",
    "Staff Group",
    "Pay Band",
    "Assignment Category",
    "Ethnic Origin",
]
PEOPLE = [
    [
        "1",
        "1-1",
        "Yes",
        "Nursing and Midwifery Registered",
        "Band 5",
        "Permanent",
        "A White - British",
    ],
    [
        "2",
        "2-1",
        "Yes",
        "Nursing and Midwifery Registered",
        "Band 5",
        "Permanent",
        "LK Asian unspecified",
    ],
    [
        "3",
        "3-1",
        "Yes",
        "Administrative and Clerical",
        "Band 8 - Range A",
        "Permanent",
        "C3 White Unspecified",
    ],
    ["4", "4-1", "Yes", "Medical and Dental", "Consultant", "Permanent", "PE Black unspecified"],
    ["5", "5-1", "Yes", "Administrative and Clerical", "Band 3", "Bank", "H Indian"],
    ["6", "6-1", "Yes", "Allied Health Professionals", "Band 6", "Fixed Term Temp", "Z Not Stated"],
    ["6", "6-2", "No", "Allied Health Professionals", "Band 7", "Permanent", "Z Not Stated"],
]


def _extract(path: Path) -> Path:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        writer.writerows(PEOPLE)
    return path


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    tables = {
        "tblWorkforce": [
            {
                "Year": 2024,
                "Staff group": "Clinical",
                "Band": "Band 5",
                "White": 9,
                "BME": 9,
                "Unknown": 0,
            },
            {
                "Year": 2025,
                "Staff group": "Clinical",
                "Band": "Band 5",
                "White": 1,
                "BME": 1,
                "Unknown": 1,
            },
        ],
        "tblDisciplinary": [
            {
                "Year": 2025,
                "Ethnicity": "White",
                "Headcount": None,
                "Entered formal disciplinary": 0,
            },
            {"Year": 2025, "Ethnicity": "BME", "Headcount": 77, "Entered formal disciplinary": 0},
        ],
    }
    return workbook_with(tmp_path / "trust.xlsx", tables)


def _workforce(path: Path) -> list[tuple[Any, ...]]:  # a table's rows: years, names, counts
    ws = openpyxl.load_workbook(path)["Workforce"]
    table = ws.tables["tblWorkforce"]
    rows = list(ws[table.ref])
    return [tuple(c.value for c in r) for r in rows[1:]]


@pytest.mark.slow
def test_import_replaces_only_that_year_and_fills_blank_headcounts(
    workbook: Path, tmp_path: Path
) -> None:
    code = run_import(_extract(tmp_path / "esr.csv"), workbook, year=2025, replace=True)
    assert code in (0, 1)
    rows = _workforce(workbook)
    assert (2024, "Clinical", "Band 5", 9, 9, 0) in rows  # other years kept
    y2025 = {(r[1], r[2]): r[3:] for r in rows if r[0] == 2025}
    assert y2025[("Clinical", "Band 5")] == (1, 1, 0)  # the old 1/1/1 row is gone
    assert y2025[("Non-clinical", "Band 8a")] == (1, 0, 0)
    assert y2025[("Medical & Dental", "Consultant")] == (0, 1, 0)
    assert y2025[("Clinical", "Band 6")] == (0, 0, 1)  # the primary assignment, not Band 7
    assert sum(sum(v) for v in y2025.values()) == 5  # the bank-only person is left out
    ws = openpyxl.load_workbook(workbook)["Disciplinary"]
    assert ws["C5"].value == 2  # White headcount filled in
    assert ws["C6"].value == 77  # a typed headcount is never overwritten
    checks = openpyxl.load_workbook(workbook)["Checks"]
    text = " ".join(str(c.value) for row in checks.iter_rows() for c in row if c.value)
    assert "ESR import" in text
    assert "bank" in text.lower()


def test_existing_year_needs_confirmation(workbook: Path, tmp_path: Path) -> None:
    before = workbook.read_bytes()
    with pytest.raises(InputError, match="--replace"):
        run_import(_extract(tmp_path / "esr.csv"), workbook, year=2025, confirm=lambda q: False)
    assert workbook.read_bytes() == before
    run_import(_extract(tmp_path / "esr.csv"), workbook, year=2025, confirm=lambda q: True)
    assert workbook.read_bytes() != before


@pytest.mark.slow
def test_cli_refuses_an_extract_without_the_needed_columns(workbook: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("Name,Department\nA,B\n")
    before = workbook.read_bytes()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "wres_xl.cli",
            "import-esr",
            str(bad),
            str(workbook),
            "--year",
            "2025",
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "Ethnic Origin" in done.stderr
    assert "Name" in done.stderr
    assert workbook.read_bytes() == before


@pytest.mark.slow
def test_cli_import_then_json(workbook: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "wres_xl.cli",
            "import-esr",
            str(_extract(tmp_path / "esr.csv")),
            str(workbook),
            "--year",
            "2025",
            "--replace",
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode in (0, 1), done.stderr
    assert "Counted 5 people" in done.stdout
    out = tmp_path / "r.json"
    subprocess.run(
        [sys.executable, "-m", "wres_xl.cli", "refresh", str(workbook), "--json", str(out)],
        check=False,
        capture_output=True,
    )
    overall = json.loads(out.read_text())["indicators"]["1"]["overall"]
    assert (overall["white"], overall["bme"], overall["unknown"]) == (2, 2, 1)


@pytest.mark.slow
def test_import_into_a_new_workbook_needs_no_confirmation(tmp_path: Path) -> None:
    # 'wres-xl new --year' lays out every band for the year with blank counts; those
    # placeholders are replaced without asking, so scripted imports just work.
    path = tmp_path / "new.xlsx"
    done = subprocess.run(
        [sys.executable, "-m", "wres_xl.cli", "new", str(path), "--year", "2025"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "wres_xl.cli",
            "import-esr",
            str(_extract(tmp_path / "esr.csv")),
            str(path),
            "--year",
            "2025",
        ],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode in (0, 1), done.stderr
    rows = [r for r in _workforce(path) if r[0] == 2025]
    assert len(rows) == 33  # the placeholders replaced, not added to
    assert sum(sum(r[3:]) for r in rows) == 5


def test_each_import_check_says_esr_import_once() -> None:
    from wres_xl.core import esr
    from wres_xl.core.model import Severity

    report = esr.ImportReport(
        source="x.csv",
        year=2024,
        rows_read=3,
        people_counted=2,
        headcount={"white": 1, "bme": 1, "unknown": 0},
        exclusions=(),
        unrecognised=(),
        assumptions=(),
        notes=((Severity.WARNING, "a note"),),
        columns_used={},
    )
    messages = [c.message for c in report.checks()]
    assert messages[-1] == "ESR import: a note"
    assert all(m.count("ESR import: ") == 1 for m in messages)
