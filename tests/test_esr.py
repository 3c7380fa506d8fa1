"""ESR staff extract import (issue 7): every trap of SPEC §2 on small, hand-checked extracts."""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from tests.strategies import ESR_STAFF_GROUPS as _GROUPS
from tests.strategies import esr_person as person
from tests.support.esr import aggregate_esr
from wres_xl.commands.import_esr.reader import read_esr_extract
from wres_xl.core.bands import AFC_BANDS, MEDICAL_BANDS, STAFF_GROUPS, bands_for
from wres_xl.core.esr import (
    EsrImportResult,
    esr_afc_band,
    esr_medical_grade,
    esr_staff_group,
    infer_esr_year,
    wres_year_of,
)
from wres_xl.core.groups import Group, classify_ethnicity
from wres_xl.core.schema import WORKFORCE
from wres_xl.errors import InputError, WresError, WresFileNotFoundError

HEADERS = (
    "Employee Number",
    "Assignment Number",
    "Primary Assignment",
    "Staff Group",
    "Pay Band",
    "Assignment Category",
    "Ethnic Origin",
)


def row(
    person: object,
    group: str = "Administrative and Clerical",
    band: object = "Band 5",
    ethnic: object = "A White - British",
    category: str = "Permanent",
    primary: str = "Yes",
    seq: int = 1,
) -> list[Any]:  # an extract row: numbers, text and blanks, as a reader gives them
    return [person, f"{person}-{seq}", primary, group, band, category, ethnic]


def columns(
    rows: Sequence[Sequence[Any]], headers: Sequence[str] = HEADERS
) -> dict[str, list[Any]]:
    return {h: [r[i] for r in rows] for i, h in enumerate(headers)}


def count(result: EsrImportResult, group: str, band: str) -> tuple[object, object, object]:
    for r in result.workforce:
        if r["Staff group"] == group and r["Band"] == band:
            return r["White"], r["BME"], r["Unknown"]
    raise AssertionError(f"no row for {group} / {band}")


def nonzero(result: EsrImportResult) -> dict[tuple[object, object], tuple[object, ...]]:
    return {
        (r["Staff group"], r["Band"]): (r["White"], r["BME"], r["Unknown"])
        for r in result.workforce
        if r["White"] or r["BME"] or r["Unknown"]
    }


def write_csv(path: Path, rows: Sequence[Sequence[object]], headers=HEADERS, above=()) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerows(above)
        writer.writerow(headers)
        writer.writerows(rows)
    return path


def write_xlsx(
    path: Path, rows: Sequence[Sequence[object]], headers=HEADERS, above=(), cover=False
) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    if cover:
        sheet.title = "About"
        sheet.append(["This extract was produced by the ESR BI portal."])
        sheet = workbook.create_sheet("Staff in Post")
    for line in above:
        sheet.append(list(line))
    sheet.append(list(headers))
    for r in rows:
        sheet.append(list(r))
    workbook.save(path)
    return path


# --- Output shape ------------------------------------------------------------------------


def test_workforce_rows_have_every_standard_band_in_order_with_zeros():
    result = aggregate_esr(columns([row(1)]), year=2024)
    expected = [(g.value, b) for g in STAFF_GROUPS for b in bands_for(g)]
    assert [(r["Staff group"], r["Band"]) for r in result.workforce] == expected
    assert len(result.workforce) == 2 * len(AFC_BANDS) + len(MEDICAL_BANDS)
    assert all(tuple(r) == WORKFORCE.columns for r in result.workforce)
    assert all(r["Year"] == 2024 for r in result.workforce)
    assert nonzero(result) == {("Non-clinical", "Band 5"): (1, 0, 0)}
    assert result.headcount == {"white": 1, "bme": 0, "unknown": 0}
    assert result.year == result.report.year == 2024


# --- Ethnic origin (SPEC §2) -------------------------------------------------------------


def test_ethnic_sub_codes_are_read_by_their_leading_code():
    origins = [
        "A White - British",
        "A",
        "C3 White Unspecified",
        "CA White English",
        "C White - Any other White background",
        "LK Asian Unspecified",
        "PE Black Unspecified",
        "GF Mixed - Any other mixed background",
        "H Asian or Asian British - Indian",
        "N Black or Black British - African",
        "R Chinese",
    ]
    result = aggregate_esr(columns([row(i, ethnic=e) for i, e in enumerate(origins)]), year=2024)
    assert count(result, "Non-clinical", "Band 5") == (5, 6, 0)
    assert result.report.unrecognised == ()


def test_blank_not_stated_and_99_are_unknown_and_unrecognised_values_are_reported():
    origins = ["", None, "Z Not Stated", "99", 99, "Not Stated", "Martian", "Martian", "A"]
    rows = [row(i, ethnic=e) for i, e in enumerate(origins)]
    rows.append(row(7, ethnic="Martian", category="Bank", seq=2, primary="No"))
    result = aggregate_esr(columns(rows), year=2024)
    assert count(result, "Non-clinical", "Band 5") == (1, 0, 8)
    (note,) = result.report.unrecognised
    assert (note.column, note.value, note.rows, note.people) == ("Ethnic Origin", "Martian", 2, 2)
    assert note.outcome == "counted as Unknown"
    checks = [c for c in result.report.checks() if c.column == "Unknown"]
    assert len(checks) == 1
    assert checks[0].severity == "warning"
    assert "'Martian'" in str(checks[0].message)
    assert any("Martian" in line for line in result.report.lines())


# --- Bank and several assignments ---------------------------------------------------------


def test_bank_only_people_are_excluded_and_bank_posts_of_substantive_staff_ignored():
    rows = [
        row(1, band="Band 3"),
        row(1, band="Band 7", category="Bank", primary="No", seq=2),  # higher, but bank
        row(2, band="Band 5", category="Bank"),  # bank only
        row(2, band="Band 6", category="Bank", primary="No", seq=2),
        row(3, band="Band 4", category="Fixed Term Temp"),
    ]
    result = aggregate_esr(columns(rows), year=2024)
    assert nonzero(result) == {
        ("Non-clinical", "Band 3"): (1, 0, 0),
        ("Non-clinical", "Band 4"): (1, 0, 0),
    }
    report = result.report
    assert report.rows_read == 5
    assert report.people_counted == 2
    by_reason = {e.reason.split(" (")[0]: (e.rows, e.people) for e in report.exclusions}
    assert by_reason["bank assignments of people with no substantive post"] == (2, 1)
    assert by_reason["bank assignments of people who also have a substantive post"] == (1, 1)
    assert report.rows_excluded == 3


def test_two_assignments_use_the_primary_one_even_when_its_band_is_lower():
    rows = [
        row(1, band="Band 8 - Range A", primary="No", seq=1),
        row(1, band="Band 4", primary="Yes", seq=2),
    ]
    result = aggregate_esr(columns(rows), year=2024)
    assert nonzero(result) == {("Non-clinical", "Band 4"): (1, 0, 0)}
    (further,) = [e for e in result.report.exclusions if e.reason.startswith("further")]
    assert (further.rows, further.people) == (1, 1)


@pytest.mark.parametrize("flags", [("No", "No"), ("", ""), None])
def test_two_assignments_without_a_primary_mark_use_the_highest_band(flags):
    rows = [
        row(1, band="Band 6", seq=1),
        row(1, band="Band 8 - Range B", seq=2),
        row(1, band="Band 8 - Range A", seq=3),
        row(2, group="Medical and Dental", band="Specialty Registrar", seq=1),
        row(2, group="Medical and Dental", band="Consultant", seq=2),
        row(3, band="Band 7", seq=1),  # an AfC post and a medical post: medical ranks higher
        row(3, group="Medical and Dental", band="Foundation Year 2", seq=2),
    ]
    if flags is None:
        headers = tuple(h for h in HEADERS if h != "Primary Assignment")
        rows = [[v for v, h in zip(r, HEADERS, strict=True) if h in headers] for r in rows]
    else:
        headers = HEADERS
        for r in rows:
            r[2] = flags[0]
    result = aggregate_esr(columns(rows, headers), year=2024)
    assert nonzero(result) == {
        ("Non-clinical", "Band 8b"): (1, 0, 0),
        ("Medical & Dental", "Consultant"): (1, 0, 0),
        ("Medical & Dental", "Trainee grade"): (1, 0, 0),
    }


def test_two_assignments_marked_primary_use_the_higher_and_say_so():
    rows = [
        row(1, band="Band 2", seq=1),
        row(1, band="Band 3", seq=2),
        row(1, band="Band 9", seq=3, primary="No"),
    ]
    result = aggregate_esr(columns(rows), year=2024)
    assert nonzero(result) == {("Non-clinical", "Band 3"): (1, 0, 0)}
    assert any("more than one assignment marked primary" in m for _, m in result.report.notes)


def test_person_is_found_from_assignment_number_when_employee_number_is_missing():
    headers = ("Assignment Number", "Staff Group", "Band", "Assignment Category", "Ethnicity")
    rows = [
        ["10001-1", "Administrative and Clerical", "Band 3", "Permanent", "A"],
        ["10001-2", "Administrative and Clerical", "Band 5", "Permanent", "A"],
        ["10002-1", "Estates and Ancillary", "Band 2", "Permanent", "N"],
    ]
    result = aggregate_esr(columns(rows, headers), year=2024)
    assert nonzero(result) == {
        ("Non-clinical", "Band 5"): (1, 0, 0),
        ("Non-clinical", "Band 2"): (0, 1, 0),
    }
    assert any("Assignment Number" in m for _, m in result.report.notes)


def test_rows_without_any_person_number_are_left_out_with_a_warning():
    rows = [row(1), row("", seq=1)]
    rows[1][1] = ""  # no assignment number either
    result = aggregate_esr(columns(rows), year=2024)
    assert result.report.people_counted == 1
    (missing,) = [e for e in result.report.exclusions if e.reason.startswith("no ")]
    assert missing.rows == 1
    assert missing.severity == "warning"


def test_employee_numbers_match_across_number_and_text_forms():
    rows = [row(123.0, band="Band 3"), row("00123", band="Band 6", primary="No", seq=2)]
    rows[1][1] = "123-2"
    result = aggregate_esr(columns(rows), year=2024)
    assert nonzero(result) == {("Non-clinical", "Band 3"): (1, 0, 0)}


# --- Bands and staff groups -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "band"),
    [
        ("Band 5", "Band 5"),
        ("band 5", "Band 5"),
        ("AfC Band 5", "Band 5"),
        ("Review Body Band 5", "Band 5"),
        ("Band 05", "Band 5"),
        (5, "Band 5"),
        (5.0, "Band 5"),
        ("Band 8 - Range A", "Band 8a"),
        ("Band 8 Range B", "Band 8b"),
        ("AfC Band 8C", "Band 8c"),
        ("Band 8D", "Band 8d"),
        ("8a", "Band 8a"),
        ("Band 9", "Band 9"),
        ("Band 1", "Band 1"),
        ("Apprentice", "Under Band 1"),
        ("Very Senior Manager", "VSM"),
        ("VSM", "VSM"),
        ("Non-AfC Grade", "VSM"),
    ],
)
def test_band_spellings(text, band):
    result = aggregate_esr(
        columns([row(1, band=text, group="Allied Health Professionals")]), year=2024
    )
    assert nonzero(result) == {("Clinical", band): (1, 0, 0)}


def test_non_afc_grade_counted_as_vsm_is_reported_as_an_assumption():
    result = aggregate_esr(columns([row(1, band="Non-AfC Grade")]), year=2024)
    (note,) = result.report.assumptions
    assert note.value == "Non-AfC Grade"
    assert note.severity == "info"
    assert "VSM" in note.outcome
    assert result.report.unrecognised == ()


def test_unrecognised_band_is_left_out_of_the_table_and_reported():
    rows = [row(1, band="Local Pay Scale"), row(2, band="Band 8"), row(3, band="Band 2")]
    result = aggregate_esr(columns(rows), year=2024)
    assert nonzero(result) == {("Non-clinical", "Band 2"): (1, 0, 0)}
    assert result.headcount == {"white": 1, "bme": 0, "unknown": 0}
    assert {(n.value, n.rows, n.people) for n in result.report.unrecognised} == {
        ("Local Pay Scale", 1, 1),
        ("Band 8", 1, 1),
    }
    (left_out,) = [e for e in result.report.exclusions if "not recognised" in e.reason]
    assert left_out.rows == 2
    report = result.report
    assert report.rows_read == report.people_counted + report.rows_excluded


def test_grade_column_is_used_when_pay_band_is_blank():
    headers = (*HEADERS, "Grade Code")
    rows = [[*row(1, band=""), "XN03 Band 3"], [*row(2, band="Band 6"), ""]]
    result = aggregate_esr(columns(rows, headers), year=2024)
    assert nonzero(result) == {
        ("Non-clinical", "Band 3"): (1, 0, 0),
        ("Non-clinical", "Band 6"): (1, 0, 0),
    }


@pytest.mark.parametrize(
    ("esr_group", "wres_group"),
    [
        ("Administrative and Clerical", "Non-clinical"),
        ("Estates and Ancillary", "Non-clinical"),
        ("Nursing and Midwifery Registered", "Clinical"),
        ("Nursing & Midwifery Registered", "Clinical"),
        ("Additional Clinical Services", "Clinical"),
        ("Allied Health Professionals", "Clinical"),
        ("Add Prof Scientific and Technic", "Clinical"),
        ("Additional Professional Scientific and Technical", "Clinical"),
        ("Healthcare Scientists", "Clinical"),
        ("Students", "Clinical"),
        ("Medical and Dental", "Medical & Dental"),
        ("MEDICAL AND DENTAL", "Medical & Dental"),
    ],
)
def test_esr_staff_groups(esr_group, wres_group):
    assert esr_staff_group(esr_group).value == wres_group


def test_unrecognised_staff_group_is_left_out_and_reported():
    rows = [row(1, group="Volunteers"), row(2)]
    result = aggregate_esr(columns(rows), year=2024)
    assert result.report.people_counted == 1
    (note,) = result.report.unrecognised
    assert (note.column, note.value, note.workforce_column) == (
        "Staff Group",
        "Volunteers",
        "Staff group",
    )


@pytest.mark.parametrize(
    ("texts", "grade"),
    [
        (["Consultant"], "Consultant"),
        (["Locum Consultant"], "Consultant"),
        (["Consultant", "Medical Director"], "Senior medical manager"),
        (["Consultant", "Clinical Director - Medical"], "Senior medical manager"),
        (["Specialty Doctor"], "Non-consultant career grade"),
        (["Speciality Doctor"], "Non-consultant career grade"),
        (["Associate Specialist"], "Non-consultant career grade"),
        (["Staff Grade"], "Non-consultant career grade"),
        (["Specialist"], "Non-consultant career grade"),
        (["Foundation Year 1"], "Trainee grade"),
        (["FY2"], "Trainee grade"),
        (["Specialty Registrar"], "Trainee grade"),
        (["Specialist Registrar"], "Trainee grade"),
        (["StR"], "Trainee grade"),
        (["ST3"], "Trainee grade"),
        (["Core Training"], "Trainee grade"),
        (["Specialty Training"], "Trainee grade"),
        (["Medical and Dental", "Specialty Registrar"], "Trainee grade"),
        (["Trust Grade Doctor"], "Other"),
        (["Clinical Fellow"], "Other"),
        (["Something else"], None),
        ([""], None),
    ],
)
def test_medical_grades(texts, grade):
    assert esr_medical_grade(texts) == grade


def test_medical_staff_use_grade_then_role_and_unknown_grades_count_as_other():
    headers = (*HEADERS, "Grade", "Job Role")
    md = "Medical and Dental"
    rows = [
        [*row(1, group=md, band="Medical and Dental"), "Consultant", "Medical Director"],
        [*row(2, group=md, band="Medical and Dental"), "Consultant", "Consultant"],
        [*row(3, group=md, band=""), "", "Foundation Year 1"],
        [*row(4, group=md, band="Medical and Dental", ethnic="H"), "Specialty Doctor", ""],
        [*row(5, group=md, band="Medical and Dental"), "Mystery Grade", ""],
    ]
    result = aggregate_esr(columns(rows, headers), year=2024)
    assert nonzero(result) == {
        ("Medical & Dental", "Consultant"): (1, 0, 0),
        ("Medical & Dental", "Senior medical manager"): (1, 0, 0),
        ("Medical & Dental", "Non-consultant career grade"): (0, 1, 0),
        ("Medical & Dental", "Trainee grade"): (1, 0, 0),
        ("Medical & Dental", "Other"): (1, 0, 0),
    }
    (note,) = result.report.unrecognised
    assert (note.column, note.value, note.outcome) == (
        "Grade",
        "Mystery Grade",
        "counted as Medical & Dental grade 'Other'",
    )


def test_afc_band_helper_rejects_what_it_cannot_place():
    assert esr_afc_band("Band 8") == (None, False)
    assert esr_afc_band("") == (None, False)
    assert esr_afc_band("Non-AfC Grade") == ("VSM", True)


# --- Headers ------------------------------------------------------------------------------


def test_headers_match_ignoring_case_spacing_and_aliases():
    cols: dict[str, list[object]] = {
        "  PERSON NUMBER ": [1, 2],
        "payband": ["Band 5", "Band 6"],
        "staff_group": ["Administrative and Clerical"] * 2,
        "Ethnicity": ["A", "LK"],
        "Primary Flag": ["Y", "N"],
        "assignment category": ["Permanent", "Permanent"],
    }
    result = aggregate_esr(cols, year=2024)
    assert nonzero(result) == {
        ("Non-clinical", "Band 5"): (1, 0, 0),
        ("Non-clinical", "Band 6"): (0, 1, 0),
    }


def test_missing_columns_error_lists_found_and_needed():
    cols = columns([row(1)])
    del cols["Ethnic Origin"]
    with pytest.raises(InputError) as info:
        aggregate_esr(cols, year=2024)
    message = str(info.value)
    assert isinstance(info.value, WresError)
    assert "Missing: Ethnic Origin" in message
    assert "Employee Number, Assignment Number" in message  # columns found
    assert "Needed: Employee Number, Staff Group, Pay Band, Ethnic Origin" in message


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_file_without_needed_columns_is_refused_with_the_columns_found(tmp_path, suffix):
    headers = ("Employee Number", "Staff Group", "Ethnic Origin", "Gender")
    rows = [[1, "Students", "A", "Female"]]
    path = tmp_path / f"extract{suffix}"
    (write_csv if suffix == ".csv" else write_xlsx)(path, rows, headers)
    with pytest.raises(InputError) as info:
        read_esr_extract(path, year=2024)
    message = str(info.value)
    assert f"'extract{suffix}'" in message
    assert "Missing: Pay Band" in message
    assert "Grade" in message
    assert "Columns found: Employee Number, Staff Group, Ethnic Origin, Gender" in message


def test_no_assignment_category_counts_every_row_and_warns():
    headers = tuple(h for h in HEADERS if h != "Assignment Category")
    rows = [[v for v, h in zip(row(i), HEADERS, strict=True) if h in headers] for i in range(3)]
    result = aggregate_esr(columns(rows, headers), year=2024)
    assert result.report.people_counted == 3
    assert any(s == "warning" and "Assignment Category" in m for s, m in result.report.notes)


# --- Files --------------------------------------------------------------------------------

TITLE = (("Staff in Post - Assignment Level",), ("Run date: 02/04/2024",), ())


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_header_row_need_not_be_the_first(tmp_path, suffix):
    path = tmp_path / f"esr{suffix}"
    rows = [row(1), row(2, ethnic="PE Black Unspecified")]
    (write_csv if suffix == ".csv" else write_xlsx)(path, rows, above=TITLE)
    result = read_esr_extract(path, year=2024)
    assert count(result, "Non-clinical", "Band 5") == (1, 1, 0)
    assert "headers on row 4" in result.report.source


def test_xlsx_table_that_starts_away_from_a1(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    for column, header in enumerate(HEADERS, start=3):
        sheet.cell(row=5, column=column, value=header)
    for column, value in enumerate(row(9, ethnic="GF"), start=3):
        sheet.cell(row=6, column=column, value=value)
    workbook.save(tmp_path / "esr.xlsx")
    result = read_esr_extract(tmp_path / "esr.xlsx", year=2024)
    assert count(result, "Non-clinical", "Band 5") == (0, 1, 0)
    assert "headers on row 5" in result.report.source


def test_xlsx_with_a_cover_sheet_first_uses_the_sheet_with_the_headers(tmp_path):
    path = write_xlsx(tmp_path / "esr.xlsx", [row(1)], cover=True)
    result = read_esr_extract(path, year=2024)
    assert result.report.people_counted == 1
    assert "sheet 'Staff in Post'" in result.report.source


def test_blank_lines_are_not_rows(tmp_path):
    path = tmp_path / "esr.csv"
    write_csv(path, [row(1), [], ["", "", "", "", "", "", ""], row(2)])
    result = read_esr_extract(path, year=2024)
    assert result.report.rows_read == 2
    assert result.report.people_counted == 2


def random_extract(n_people: int, seed: int) -> list[list[object]]:
    rng = random.Random(seed)
    groups = [
        "Administrative and Clerical",
        "Nursing and Midwifery Registered",
        "Medical and Dental",
    ]
    afc = ["Band 2", "Band 5", "Band 8 - Range A", "AfC Band 8C", "Non-AfC Grade", "Apprentice"]
    medical = ["Consultant", "Specialty Registrar", "Specialty Doctor", "FY1", "Trust Grade"]
    origins = ["A", "C3 White Unspecified", "LK Asian Unspecified", "PE", "GF", "Z Not Stated", ""]
    rows = []
    for p in range(n_people):
        group, origin = rng.choice(groups), rng.choice(origins)
        for seq in range(1, rng.choice([1, 1, 2, 3]) + 1):
            band = rng.choice(medical if group == groups[2] else afc)
            category = rng.choice(["Permanent", "Permanent", "Fixed Term Temp", "Bank"])
            primary = rng.choice(["Yes", "No", ""])
            rows.append(row(70000 + p, group, band, origin, category, primary, seq))
    rng.shuffle(rows)
    return rows


def test_xlsx_and_csv_give_the_same_counts(tmp_path):
    rows = random_extract(150, seed=3)
    headers = (*HEADERS, "Snapshot Date")
    xlsx_rows = [[*r, dt.datetime(2024, 3, 31)] for r in rows]
    csv_rows = [[*r, "31/03/2024"] for r in rows]
    from_xlsx = read_esr_extract(write_xlsx(tmp_path / "e.xlsx", xlsx_rows, headers, TITLE))
    from_csv = read_esr_extract(write_csv(tmp_path / "e.csv", csv_rows, headers, TITLE))
    assert from_xlsx.year == from_csv.year == 2024
    assert from_xlsx.workforce == from_csv.workforce
    assert from_xlsx.headcount == from_csv.headcount
    assert from_xlsx.report.exclusions == from_csv.report.exclusions
    assert from_xlsx.report.people_counted > 50


def test_missing_file_and_unknown_file_type(tmp_path):
    with pytest.raises(WresFileNotFoundError, match="was not found"):
        read_esr_extract(tmp_path / "nope.csv", year=2024)
    other = tmp_path / "extract.pdf"
    other.write_bytes(b"%PDF")
    with pytest.raises(InputError, match="not a CSV or Excel file"):
        read_esr_extract(other, year=2024)


# --- Year ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "year"),
    [
        (dt.datetime(2024, 3, 31), 2024),
        (dt.date(2023, 4, 1), 2023),
        ("31/03/2024", 2024),
        ("2022-03-31", 2022),
        ("2024-03-31 00:00:00", 2024),
        ("31-Mar-2021", 2021),
    ],
)
def test_year_from_snapshot_date(value, year):
    found, how = infer_esr_year({"Snapshot Date": [value, value, ""]})
    assert found == year
    assert how.startswith("the Snapshot Date column (")


def test_wres_year_of_a_date_near_31_march():
    assert wres_year_of(dt.date(2023, 12, 31)) == 2024
    assert wres_year_of(dt.date(2024, 6, 30)) == 2024
    assert wres_year_of(dt.date(2024, 9, 30)) is None


@pytest.mark.parametrize(
    ("cols", "match"),
    [
        ({"Employee Number": [1]}, "no snapshot date column"),
        ({"Effective Date": ["31/03/2023", "31/03/2024"]}, "different years"),
        ({"Snapshot Date": ["30/09/2024"]}, "not a date within three months"),
    ],
)
def test_year_that_cannot_be_inferred_asks_for_it(cols, match):
    with pytest.raises(InputError, match=match) as info:
        infer_esr_year(cols)
    assert "--year" in str(info.value)


def test_reader_asks_for_a_year_and_warns_when_the_given_one_disagrees(tmp_path):
    path = write_csv(tmp_path / "e.csv", [row(1)])
    with pytest.raises(InputError, match="--year"):
        read_esr_extract(path)
    dated = write_csv(
        tmp_path / "d.csv", [[*row(1), "31/03/2023"]], headers=(*HEADERS, "Snapshot Date")
    )
    result = read_esr_extract(dated, year=2024)
    assert result.year == 2024
    assert any(s == "warning" and "suggests 2023" in m for s, m in result.report.notes)


# --- Report --------------------------------------------------------------------------------


def test_report_lines_and_checks_read_well():
    rows = [
        row(1),
        row(1, category="Bank", seq=2, primary="No"),
        row(2, ethnic="LK", category="Bank"),
        row(3, ethnic="N"),
        row(4, ethnic="Q Unknown code"),
    ]
    report = aggregate_esr(columns(rows), year=2024, source="'esr.csv'").report
    lines = report.lines(bme_term="Global Majority")
    assert lines[0] == "Read 5 rows from 'esr.csv'."
    assert lines[1] == (
        "Counted 3 people for WRES year 2024 (31 March 2024): "
        "1 White, 1 Global Majority, 1 Unknown."
    )
    assert "Left out 2 rows:" in lines
    assert any(
        "1 row (1 person): bank assignments of people with no substantive" in x for x in lines
    )
    checks = report.checks()
    assert all(c.sheet == "Workforce" and c.table == "tblWorkforce" for c in checks)
    assert {c.severity.value for c in checks} <= {"info", "warning"}
    assert {*checks[0].as_json(), "table"} == {
        "severity",
        "sheet",
        "table",
        "row",
        "column",
        "message",
    }
    assert report.unrecognised_counts() == {"Ethnic Origin": 1}


def test_empty_extract_is_refused():
    with pytest.raises(InputError, match="no rows of staff"):
        aggregate_esr(columns([]), year=2024)


# --- Property: the vectorised count equals a plain per-person count ------------------------

_AFC = {"Band 3": "Band 3", "Band 8 - Range A": "Band 8a", "AfC Band 9": "Band 9", "VSM": "VSM"}
_MED = {
    "Consultant": "Consultant",
    "FY1": "Trainee grade",
    "Specialty Doctor": "Non-consultant career grade",
    "Medical Director": "Senior medical manager",
    "Clinical Fellow": "Other",
}
_MED_RANK = [
    "Other",
    "Trainee grade",
    "Non-consultant career grade",
    "Consultant",
    "Senior medical manager",
]


@settings(max_examples=60, deadline=None)
@given(st.lists(person, min_size=1, max_size=25), st.randoms(use_true_random=False))
def test_counts_equal_a_plain_per_person_count(people, rng):
    rows = []
    for p, (origin, posts) in enumerate(people):
        for seq, (group, choice, category, primary) in enumerate(posts, start=1):
            options = sorted(_MED if _GROUPS[group] == "Medical & Dental" else _AFC)
            band = options[choice % len(options)]
            rows.append(row(500 + p, group, band, origin, category, primary, seq))
    rng.shuffle(rows)

    def rank(r: list[Any]) -> int:
        if r[3] == "Medical and Dental":
            return 100 + _MED_RANK.index(_MED[r[4]])
        return AFC_BANDS.index(_AFC[r[4]])

    expected: Counter[tuple[str, str, str]] = Counter()
    for p in {r[0] for r in rows}:
        mine = [(i, r) for i, r in enumerate(rows) if r[0] == p and r[5] != "Bank"]
        if not mine:
            continue
        primaries = [(i, r) for i, r in mine if r[2] == "Yes"]
        _, best = max(primaries or mine, key=lambda ir: (rank(ir[1]), -ir[0]))
        wres_group = _GROUPS[best[3]]
        band = _MED[best[4]] if wres_group == "Medical & Dental" else _AFC[best[4]]
        expected[(wres_group, band, classify_ethnicity(best[6]).value)] += 1

    result = aggregate_esr(columns(rows), year=2025)
    got: dict[tuple[object, object, str], object] = {}
    for r in result.workforce:
        for label, key in (("White", Group.WHITE), ("BME", Group.BME), ("Unknown", Group.UNKNOWN)):
            if r[label]:
                got[(r["Staff group"], r["Band"], key.value)] = r[label]
    assert got == expected
    report = result.report
    assert report.people_counted == sum(expected.values())
    assert report.rows_read == len(rows) == report.people_counted + report.rows_excluded
    assert sum(result.headcount.values()) == report.people_counted


def test_blank_staff_group_is_reported_and_unplaced_people_are_not_called_counted():
    rows = [row(1, group=""), row(2, group="Volunteers", ethnic="Martian"), row(3)]
    report = aggregate_esr(columns(rows), year=2024).report
    assert {(n.column, n.value, n.rows, n.people) for n in report.unrecognised} == {
        ("Staff Group", "(blank)", 1, 1),
        ("Staff Group", "Volunteers", 1, 1),
        ("Ethnic Origin", "Martian", 1, 0),
    }
    assert report.people_counted == 1
    assert report.rows_read == report.people_counted + report.rows_excluded
