"""The WDES workforce from the same ESR extract (CSV and Excel files, real reader)."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from wres_xl.commands.import_esr.reader import read_esr_extract
from wres_xl.core.wdes_esr import DisabilityCounter, wdes_report_lines
from wres_xl.errors import InputError

HEADERS = [
    "Employee Number",
    "Assignment Number",
    "Primary Assignment",
    "Staff Group",
    "Pay Band",
    "Assignment Category",
    "Ethnic Origin",
    "Disability",
]
PEOPLE = [
    ["1", "1-1", "Yes", "Nursing and Midwifery Registered", "Band 5", "Permanent", "A", "Yes"],
    ["2", "2-1", "Yes", "Nursing and Midwifery Registered", "Band 5", "Permanent", "LK", "No"],
    ["3", "3-1", "Yes", "Nursing and Midwifery Registered", "Band 5", "Permanent", "A", " no "],
    ["4", "4-1", "Yes", "Administrative and Clerical", "Band 8 - Range A", "Permanent", "C3",
     "Not Declared"],
    ["5", "5-1", "Yes", "Medical and Dental", "Consultant", "Permanent", "PE", "Prefer not to say"],
    ["6", "6-1", "Yes", "Medical and Dental", "Consultant", "Permanent", "A", "YES"],
    ["7", "7-1", "Yes", "Administrative and Clerical", "Band 3", "Bank", "H", "Yes"],
    ["8", "8-1", "Yes", "Administrative and Clerical", "Band 3", "Permanent", "Z", "Unspecified"],
    ["9", "9-1", "Yes", "Administrative and Clerical", "Band 3", "Permanent", "A", ""],
    ["10", "10-1", "Yes", "Administrative and Clerical", "Band 3", "Permanent", "A", "Maybe"],
    # A second, non-primary assignment of person 1 is not counted twice.
    ["1", "1-2", "No", "Administrative and Clerical", "Band 3", "Permanent", "A", "Yes"],
]  # fmt: skip


def _csv(path: Path) -> Path:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        writer.writerows(PEOPLE)
    return path


def _xlsx(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["ESR staff in post, run 31/03/2025"])
    ws.append(HEADERS)
    for row in PEOPLE:
        ws.append(row)
    wb.save(path)
    return path


def _cells(rows: list[dict[str, object]]) -> dict[tuple[object, object], tuple[object, ...]]:
    return {
        (r["Staff group"], r["Band"]): (r["Non-disabled"], r["Disabled"], r["Unknown"])
        for r in rows
    }


@pytest.mark.parametrize("make", [_csv, _xlsx])
def test_disability_counts_by_band(tmp_path: Path, make: object) -> None:
    path = make(tmp_path / ("esr.csv" if make is _csv else "esr.xlsx"))  # type: ignore[operator]
    result = read_esr_extract(path, year=2025, counter_type=DisabilityCounter)
    assert list(result.workforce[0]) == [
        "Year", "Staff group", "Band", "Non-disabled", "Disabled", "Unknown",
    ]  # fmt: skip
    cells = _cells(result.workforce)
    # Band 5 (clinical): person 1 Yes → Disabled; 2 No and 3 " no " → Non-disabled.
    assert cells[("Clinical", "Band 5")] == (2, 1, 0)
    # Band 8a: Not declared → Unknown. Consultants: Prefer not to say, YES.
    assert cells[("Non-clinical", "Band 8a")] == (0, 0, 1)
    assert cells[("Medical & Dental", "Consultant")] == (0, 1, 1)
    # Band 3: bank worker 7 left out; Unspecified, blank and 'Maybe' → Unknown.
    assert cells[("Non-clinical", "Band 3")] == (0, 0, 3)
    assert result.headcount == {"non_disabled": 2, "disabled": 2, "unknown": 5}
    notes = result.report.unrecognised
    assert [(n.column, n.value, n.people) for n in notes] == [("Disability", "Maybe", 1)]
    lines = wdes_report_lines(result.report)
    assert "2 Non-disabled, 2 Disabled, 5 Unknown" in lines[1]
    assert "White" not in "\n".join(lines)


def test_extract_without_a_disability_column(tmp_path: Path) -> None:
    path = tmp_path / "esr.csv"
    with path.open("w", newline="") as handle:
        csv.writer(handle).writerows([HEADERS[:-1], PEOPLE[0][:-1]])
    with pytest.raises(InputError, match="no Disability column"):
        read_esr_extract(path, year=2025, counter_type=DisabilityCounter)


def test_the_wres_count_of_the_same_extract_is_unchanged(tmp_path: Path) -> None:
    result = read_esr_extract(_csv(tmp_path / "esr.csv"), year=2025)
    # Ethnic origin: A, C3 White (people 1, 3, 4, 6, 9, 10); LK, PE BME (2, 5); Z (8).
    assert result.headcount == {"white": 6, "bme": 2, "unknown": 1}
