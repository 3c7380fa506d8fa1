"""The standard WRES workbook: contract names from the schema, look, and the committed copy."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import openpyxl.worksheet.formula
import pytest
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from wres_xl.core import schema
from wres_xl.core.bands import AFC_BANDS, MEDICAL_BANDS, STAFF_GROUPS, bands_for
from wres_xl.core.groups import BME_TERMS
from wres_xl.errors import InputError, WresFileError
from wres_xl.workbook import template
from wres_xl.workbook.template import (
    ACTIONS_HEADER_ROW,
    DATA_VALIDATION_LAST_ROW,
    FIRST_DATA_ROW,
    HEADER_ROW,
    build_template,
    first_data_row,
    header_row,
    input_sheets,
)

REPO = Path(__file__).resolve().parents[1]
COMMITTED = REPO / "workbook_templates" / "wres_template.xlsx"
REGENERATE = (
    "Regenerate it with:  python -m wres_xl.workbook.template workbook_templates/wres_template.xlsx"
)
EXPECTED_SHEETS = [
    "Start",
    "Settings",
    "Workforce",
    "Recruitment",
    "Disciplinary",
    "Training",
    "Staff survey",
    "Board",
    "Action plan",
    "Calculator",
    "Summary",
    "Indicator 1",
    "Trends",
    "Publication",
    "Suppression log",
    "Checks",
]


@pytest.fixture(scope="module")
def blank_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_template(tmp_path_factory.mktemp("blank") / "new.xlsx")


@pytest.fixture(scope="module")
def blank(blank_path: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(blank_path)


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    path = tmp_path_factory.mktemp("filled") / "trust.xlsx"
    build_template(path, organisation="  Example   NHS Trust ", year=2024)
    return openpyxl.load_workbook(path)


def table_rows(ws: Worksheet, name: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    table = ws.tables[name]
    cells = list(ws[table.ref])
    headers = [c.value for c in cells[0]]
    return headers, [tuple(c.value for c in row) for row in cells[1:]]


def validations_covering(ws: Worksheet, coordinate: str) -> list[DataValidation]:
    return [dv for dv in ws.data_validations.dataValidation if coordinate in dv.sqref]


def list_items(dv: DataValidation) -> list[str]:
    assert dv.type == "list"
    formula = str(dv.formula1)
    assert formula.startswith('"')
    assert formula.endswith('"')
    return formula[1:-1].split(",")


def column_letter(spec: schema.TableSpec, header: str) -> str:
    return str(openpyxl.utils.get_column_letter(spec.columns.index(header) + 1))


# --- the contract ---------------------------------------------------------------------------


def test_sheets_in_the_standard_order(blank: openpyxl.Workbook) -> None:
    assert blank.sheetnames == EXPECTED_SHEETS
    assert blank.active.title == "Start"


@pytest.mark.parametrize("spec", schema.INPUT_TABLES, ids=lambda s: s.name)
def test_every_input_table_has_exact_name_sheet_and_headers(
    blank: openpyxl.Workbook, spec: schema.TableSpec
) -> None:
    ws = blank[spec.sheet]
    assert list(ws.tables) == [spec.name]
    headers, rows = table_rows(ws, spec.name)
    expected = [*spec.columns, "Note"] if spec is schema.SETTINGS else list(spec.columns)
    assert headers == expected
    assert ws.tables[spec.name].ref.startswith(f"A{header_row(spec)}:")
    # Headers are plain text, never formulas, so every reader sees the same names.
    assert all(isinstance(h, str) and not h.startswith("=") for h in headers)
    assert rows, "openpyxl needs at least one data row in a table"


@pytest.mark.parametrize(
    "spec", [t for t in schema.INPUT_TABLES if t is not schema.SETTINGS], ids=lambda s: s.name
)
def test_blank_template_has_one_fully_blank_row_per_table(
    blank: openpyxl.Workbook, spec: schema.TableSpec
) -> None:
    _, rows = table_rows(blank[spec.sheet], spec.name)
    assert rows == [(None,) * len(spec.columns)]


def test_settings_hold_every_setting_with_its_default_and_note(blank: openpyxl.Workbook) -> None:
    _, rows = table_rows(blank["Settings"], "tblSettings")
    assert rows == [(s.name, s.default, s.note) for s in schema.SETTING_SPECS]


def test_org_and_year_fill_the_settings(filled: openpyxl.Workbook) -> None:
    _, rows = table_rows(filled["Settings"], "tblSettings")
    values = {name: value for name, value, _ in rows}
    assert values["Organisation"] == "Example NHS Trust"
    assert values["WRES year"] == 2024
    others = {s.name: s.default for s in schema.SETTING_SPECS} | {
        "Organisation": "Example NHS Trust",
        "WRES year": 2024,
    }
    assert values == others


def test_year_prefills_every_standard_workforce_row_with_blank_counts(
    filled: openpyxl.Workbook,
) -> None:
    headers, rows = table_rows(filled["Workforce"], "tblWorkforce")
    assert headers == list(schema.WORKFORCE.columns)
    expected = [
        (2024, group.value, band, None, None, None)
        for group in STAFF_GROUPS
        for band in bands_for(group)
    ]
    assert rows == expected
    assert len(rows) == 2 * len(AFC_BANDS) + len(MEDICAL_BANDS)
    # Nothing else is pre-filled for the user.
    _, recruitment = table_rows(filled["Recruitment"], "tblRecruitment")
    assert recruitment == [(None, None, None, None)]


def test_start_sheet_names_the_organisation(filled: openpyxl.Workbook) -> None:
    texts = [c.value for row in filled["Start"].iter_rows() for c in row if c.value]
    assert any(isinstance(t, str) and t.startswith("Example NHS Trust:") for t in texts)


def test_start_sheet_explains_the_steps_and_every_sheet(blank: openpyxl.Workbook) -> None:
    ws = blank["Start"]
    texts = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    joined = "\n".join(texts)
    for needle in ("WRES ▸ Refresh", "wres-xl refresh FILE", "Summary", "Checks", "publish"):
        assert needle in joined
    assert [t for t in texts if t.startswith("Step ")] == [f"Step {n}" for n in range(1, 6)]
    links = {c.value: c.hyperlink.location for row in ws.iter_rows() for c in row if c.hyperlink}
    for name in EXPECTED_SHEETS:
        assert name in links, f"Start has no link to {name}"
        target_sheet = links[name].rsplit("!", 1)[0].strip("'")
        assert target_sheet == name


def test_output_sheets_are_friendly_placeholders(blank: openpyxl.Workbook) -> None:
    for name in schema.OUTPUT_SHEETS:
        ws = blank[name]
        texts = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
        assert texts[0] == name
        assert any("Refresh" in t and "Don't type here" in t for t in texts)
        assert not ws.tables


# --- validation lists and number checks -----------------------------------------------------

LIST_COLUMNS: list[tuple[schema.TableSpec, str, list[str]]] = (
    [
        (schema.WORKFORCE, "Staff group", [g.value for g in STAFF_GROUPS]),
        (schema.WORKFORCE, "Band", list(AFC_BANDS + MEDICAL_BANDS)),
        (schema.SURVEY, "Indicator", [str(i) for i in schema.SURVEY_INDICATORS]),
        (schema.BOARD, "Role", list(schema.ROLE_VALUES)),
        (schema.BOARD, "Voting", list(schema.VOTING_VALUES)),
        (schema.ACTIONS, "Indicator", [str(i) for i in range(1, 10)]),
        (schema.ACTIONS, "Status", list(schema.STATUS_VALUES)),
        (schema.ACTIONS, "Source", list(schema.SOURCE_VALUES)),
    ]
    + [
        (spec, "Ethnicity", ["White", *BME_TERMS, "Unknown"])
        for spec in (schema.RECRUITMENT, schema.DISCIPLINARY, schema.TRAINING, schema.SURVEY)
    ]
    + [(schema.BOARD, "Ethnicity", ["White", *BME_TERMS, "Unknown"])]
)


@pytest.mark.parametrize(
    ("spec", "header", "choices"), LIST_COLUMNS, ids=lambda v: getattr(v, "name", v)
)
def test_categorical_columns_offer_the_schema_lists(
    blank: openpyxl.Workbook, spec: schema.TableSpec, header: str, choices: list[str]
) -> None:
    ws = blank[spec.sheet]
    letter = column_letter(spec, header)
    for row in (first_data_row(spec), 200, DATA_VALIDATION_LAST_ROW):
        found = validations_covering(ws, f"{letter}{row}")
        assert len(found) == 1, f"{spec.sheet}!{letter}{row} ({header}) has {len(found)} lists"
        assert list_items(found[0]) == choices
        assert found[0].showErrorMessage
        assert found[0].error
    assert not validations_covering(ws, f"{letter}{header_row(spec)}")


@pytest.mark.parametrize(
    ("spec", "header"),
    [(t, c) for t in schema.INPUT_TABLES for c in t.count_columns],
    ids=lambda v: getattr(v, "name", v),
)
def test_count_columns_accept_only_whole_numbers_from_zero(
    blank: openpyxl.Workbook, spec: schema.TableSpec, header: str
) -> None:
    ws = blank[spec.sheet]
    letter = column_letter(spec, header)
    (dv,) = validations_covering(ws, f"{letter}{first_data_row(spec)}")
    assert (dv.type, dv.operator, dv.formula1) == ("whole", "greaterThanOrEqual", "0")
    assert dv.errorStyle == "stop"
    assert dv.allow_blank
    assert header in (dv.error or "")
    assert "whole number" in (dv.error or "")
    assert ws[f"{letter}{first_data_row(spec)}"].number_format == "#,##0"


def test_year_and_percent_formats_and_checks(blank: openpyxl.Workbook) -> None:
    for spec in schema.INPUT_TABLES[1:]:
        ws = blank[spec.sheet]
        if "Year" not in spec.columns:
            continue
        letter = column_letter(spec, "Year")
        assert ws[f"{letter}{FIRST_DATA_ROW}"].number_format == "0"
        (dv,) = validations_covering(ws, f"{letter}{FIRST_DATA_ROW}")
        assert (dv.type, dv.formula1, dv.formula2) == ("whole", "2000", "2100")
    ws = blank["Staff survey"]
    letter = column_letter(schema.SURVEY, "Percent")
    assert ws[f"{letter}{FIRST_DATA_ROW}"].number_format == "0.00"
    (dv,) = validations_covering(ws, f"{letter}{FIRST_DATA_ROW}")
    assert (dv.type, dv.formula1, dv.formula2) == ("decimal", "0", "100")


def test_settings_value_lists_apply_row_by_row(blank: openpyxl.Workbook) -> None:
    ws = blank["Settings"]
    for offset, setting in enumerate(schema.SETTING_SPECS):
        cell = f"B{FIRST_DATA_ROW + offset}"
        assert ws[f"A{FIRST_DATA_ROW + offset}"].value == setting.name
        found = validations_covering(ws, cell)
        lists = [dv for dv in found if dv.type == "list"]
        if setting.choices:
            assert len(lists) == 1
            assert list_items(lists[0]) == list(setting.choices)
            # Applies to that one cell only, not the whole column.
            assert str(lists[0].sqref) == cell
        else:
            assert not lists, f"{setting.name} has no choices but got a list"
    assert not validations_covering(ws, "A5")
    assert not validations_covering(ws, "C5")


def test_numeric_setting_rules_name_real_settings(blank: openpyxl.Workbook) -> None:
    assert set(input_sheets._SETTING_NUMBER_RULES) <= set(schema.SETTINGS_BY_NAME)
    assert set(input_sheets._SETTING_NUMBER_MESSAGES) == set(input_sheets._SETTING_NUMBER_RULES)
    ws = blank["Settings"]
    row = FIRST_DATA_ROW + [s.name for s in schema.SETTING_SPECS].index("Significance level")
    (dv,) = validations_covering(ws, f"B{row}")
    assert dv.type == "decimal"
    assert "0.05" in (dv.error or "")


def test_validation_texts_fit_excel_limits(blank: openpyxl.Workbook) -> None:
    # Excel refuses to open a file whose list formula exceeds 255 characters or whose error
    # title exceeds 32; it repairs the file and drops the validation.
    count = 0
    for ws in blank.worksheets:
        for dv in ws.data_validations.dataValidation:
            count += 1
            assert len(dv.formula1 or "") <= 257
            assert len(dv.error or "") <= 255
            assert len(dv.errorTitle or "") <= 32
    assert count > 20


# --- the look -------------------------------------------------------------------------------


def test_input_cells_are_visibly_distinct_from_outputs(blank: openpyxl.Workbook) -> None:
    input_fill = template.INPUT_FILL.fgColor.rgb
    for spec in schema.INPUT_TABLES:
        ws = blank[spec.sheet]
        # The Action plan's header is not frozen: that would pin its progress block too.
        expected_freeze = None if spec is schema.ACTIONS else f"A{FIRST_DATA_ROW}"
        assert ws.freeze_panes == expected_freeze
        for header in spec.columns:
            cell = ws.cell(first_data_row(spec), spec.columns.index(header) + 1)
            owned = header in spec.tool_owned_columns or header == "Setting"
            assert (cell.fill.fgColor.rgb == input_fill) is not owned, (spec.sheet, header)
        header_cell = ws.cell(header_row(spec), 1)
        assert header_cell.font.b
        assert header_cell.fill.fgColor.rgb.endswith(template.NHS_BLUE)
        assert ws["A1"].font.color.rgb.endswith(template.NHS_BLUE)
        assert ws["A1"].font.b
    for name in schema.OUTPUT_SHEETS:
        ws = blank[name]
        fills = {c.fill.fgColor.rgb for row in ws.iter_rows() for c in row}
        assert input_fill not in fills


def test_tab_colours_group_the_sheets(blank: openpyxl.Workbook) -> None:
    colours = {ws.title: ws.sheet_properties.tabColor.rgb[-6:] for ws in blank.worksheets}
    assert colours["Start"] == template.START_TAB_COLOUR
    assert {colours[s.sheet] for s in schema.INPUT_TABLES} == {template.INPUT_TAB_COLOUR}
    assert {colours[s] for s in schema.OUTPUT_SHEETS} == {template.OUTPUT_TAB_COLOUR}
    assert colours["Calculator"] == template.CALCULATOR_TAB_COLOUR
    assert (
        len(
            {
                template.START_TAB_COLOUR,
                template.INPUT_TAB_COLOUR,
                template.OUTPUT_TAB_COLOUR,
                template.CALCULATOR_TAB_COLOUR,
            }
        )
        == 4
    )


def test_output_sheets_print_landscape_one_page_wide(blank: openpyxl.Workbook) -> None:
    for name in schema.OUTPUT_SHEETS:
        ws = blank[name]
        assert ws.page_setup.orientation == "landscape"
        assert ws.page_setup.fitToWidth == 1
        assert ws.page_setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == "$1:$2"


def test_columns_are_wide_enough_for_their_headings(blank: openpyxl.Workbook) -> None:
    for spec in schema.INPUT_TABLES:
        ws = blank[spec.sheet]
        for index, header in enumerate(spec.columns, start=1):
            width = ws.column_dimensions[openpyxl.utils.get_column_letter(index)].width
            assert width >= len(header) + 2, (spec.sheet, header, width)


def test_document_metadata_is_fixed(blank_path: Path) -> None:
    props = openpyxl.load_workbook(blank_path).properties
    assert props.creator == "wres-xl"
    assert props.created == template.FIXED_TIMESTAMP
    assert props.modified == template.FIXED_TIMESTAMP


# --- files ----------------------------------------------------------------------------------


def test_build_is_byte_for_byte_deterministic(tmp_path: Path, blank_path: Path) -> None:
    again = build_template(tmp_path / "again.xlsx")
    assert again.read_bytes() == blank_path.read_bytes()
    with zipfile.ZipFile(again) as archive:
        assert archive.testzip() is None
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_other_readers_open_it(blank_path: Path) -> None:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(blank_path))
    assert book.sheet_names == EXPECTED_SHEETS
    settings = book.get_sheet_by_name("Settings").to_python()
    assert settings[HEADER_ROW - 1][:3] == ["Setting", "Value", "Note"]


def test_existing_file_is_never_overwritten_by_default(tmp_path: Path) -> None:
    target = tmp_path / "mine.xlsx"
    target.write_bytes(b"someone's real workbook")
    with pytest.raises(WresFileError, match="already exists"):
        build_template(target)
    assert target.read_bytes() == b"someone's real workbook"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.xlsx"]
    build_template(target, overwrite=True)
    assert openpyxl.load_workbook(target).sheetnames == EXPECTED_SHEETS


@pytest.mark.parametrize(
    ("name", "kwargs", "error", "match"),
    [
        ("book.xls", {}, InputError, r"\.xlsx"),
        ("book.xlsm", {}, InputError, r"\.xlsx"),
        ("book.xlsx", {"year": 24}, InputError, "four digits"),
        ("book.xlsx", {"year": True}, InputError, "four digits"),
        ("no-such-folder/book.xlsx", {}, WresFileError, "does not exist"),
    ],
)
def test_bad_requests_are_refused_in_plain_english(
    tmp_path: Path, name: str, kwargs: dict[str, Any], error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        build_template(tmp_path / name, **kwargs)
    assert list(tmp_path.iterdir()) == []


def test_new_file_gets_ordinary_permissions(blank_path: Path) -> None:
    umask = os.umask(0)
    os.umask(umask)
    assert blank_path.stat().st_mode & 0o777 == 0o666 & ~umask


def snapshot(path: Path) -> dict[str, Any]:
    """Everything a user or reader could notice, without zip or XML noise."""
    wb = openpyxl.load_workbook(path)
    props = wb.properties
    shot: dict[str, Any] = {
        "sheets": wb.sheetnames,
        "active": wb.active.title,
        "props": (props.creator, props.title, props.created, props.modified),
        "named styles": sorted(str(s) for s in wb.named_styles),
    }
    for ws in wb.worksheets:
        prefix = ws.title
        shot[f"{prefix}/tab"] = ws.sheet_properties.tabColor.rgb
        shot[f"{prefix}/freeze"] = ws.freeze_panes
        shot[f"{prefix}/gridlines"] = ws.sheet_view.showGridLines
        shot[f"{prefix}/print"] = (
            ws.page_setup.orientation,
            ws.page_setup.fitToWidth,
            ws.page_setup.fitToHeight,
            ws.print_title_rows,
            str(ws.print_area),
        )
        shot[f"{prefix}/widths"] = {k: v.width for k, v in ws.column_dimensions.items()}
        shot[f"{prefix}/heights"] = {k: v.height for k, v in ws.row_dimensions.items()}
        shot[f"{prefix}/merged"] = sorted(str(r) for r in ws.merged_cells.ranges)
        for row in ws.iter_rows():
            for c in row:
                value: object = c.value
                if isinstance(value, openpyxl.worksheet.formula.ArrayFormula):
                    value = ("array", str(value.ref), value.text)
                shot[f"{prefix}!{c.coordinate}"] = (
                    value,
                    c.number_format,
                    c.style,
                    c.fill.fgColor.rgb,
                    (c.font.b, c.font.i, c.font.sz, c.font.color.rgb if c.font.color else None),
                    (c.alignment.horizontal, c.alignment.vertical, c.alignment.wrap_text),
                    c.hyperlink.location if c.hyperlink else None,
                )
        shot[f"{prefix}/conditional formats"] = sorted(
            (str(cf.sqref), rule.operator, tuple(rule.formula), rule.dxf.fill.fgColor.rgb)
            for cf in ws.conditional_formatting
            for rule in cf.rules
        )
        shot[f"{prefix}/tables"] = {
            t.displayName: (t.ref, [col.name for col in t.tableColumns], t.tableStyleInfo.name)
            for t in ws.tables.values()
        }
        shot[f"{prefix}/validations"] = sorted(
            (
                str(dv.sqref),
                dv.type,
                dv.operator,
                dv.formula1,
                dv.formula2,
                dv.errorStyle,
                dv.errorTitle,
                dv.error,
                dv.allow_blank,
            )
            for dv in ws.data_validations.dataValidation
        )
    return shot


def test_committed_template_matches_the_generator(tmp_path: Path) -> None:
    assert COMMITTED.exists(), f"{COMMITTED} is missing. {REGENERATE}"
    fresh = snapshot(build_template(tmp_path / "fresh.xlsx"))
    committed = snapshot(COMMITTED)
    differences = [
        f"{key}: committed {committed.get(key)!r} != generated {fresh.get(key)!r}"
        for key in sorted(set(fresh) | set(committed))
        if fresh.get(key) != committed.get(key)
    ]
    assert not differences, (
        f"{COMMITTED.name} is out of date with wres_xl/workbook/template/ "
        f"({len(differences)} differences, first: {differences[:5]}). {REGENERATE}"
    )


@pytest.mark.slow
def test_regenerate_command_writes_the_template(tmp_path: Path, blank_path: Path) -> None:
    target = tmp_path / "wres_template.xlsx"
    target.write_bytes(b"old")
    result = subprocess.run(
        [sys.executable, "-m", "wres_xl.workbook.template", str(target)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert target.read_bytes() == blank_path.read_bytes()


# --- LibreOffice ----------------------------------------------------------------------------

SOFFICE = shutil.which("soffice")


@pytest.mark.slow
@pytest.mark.libreoffice
@pytest.mark.skipif(
    SOFFICE is None and not os.environ.get("CI"),
    reason="LibreOffice (soffice) is not installed",
)
def test_libreoffice_renders_the_start_sheet(tmp_path: Path, blank_path: Path) -> None:
    assert SOFFICE is not None, "CI must have LibreOffice installed"
    source = tmp_path / "template.xlsx"
    shutil.copyfile(blank_path, source)
    # A private profile so parallel LibreOffice runs do not fight over one lock.
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "template.pdf"
    assert pdf.stat().st_size > 10_000
    if shutil.which("pdftotext") is None:
        assert pdf.read_bytes().startswith(b"%PDF")
        return
    first_page = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-layout", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    for needle in ("Workforce Race Equality Standard (WRES) workbook", "What to do", "Step 5"):
        assert needle in first_page
    second_page = subprocess.run(
        ["pdftotext", "-f", "2", "-l", "2", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "Term for BME staff" in second_page
    assert "Global Majority" in second_page


# --- live formulas: Calculator and the Action plan's progress block -------------------------


def formula_texts(ws: Worksheet) -> dict[str, str]:
    """Every formula on the sheet by cell, array formulas included."""
    out = {}
    for row in ws.iter_rows():
        for cell in row:
            text = getattr(cell.value, "text", cell.value)
            if isinstance(text, str) and text.startswith("="):
                out[cell.coordinate] = text
    return out


def test_calculator_shows_every_worksheet_function(blank: openpyxl.Workbook) -> None:
    from wres_xl import udfs

    formulas = formula_texts(blank["Calculator"])
    joined = "\n".join(formulas.values())
    for name in udfs.__all__:
        assert f"{name}(" in joined, f"the Calculator has no example of {name}"
    # Several-cell results are picked cell by cell with INDEX, which works in every Excel
    # version and keeps every cell a plain formula (array formulas do not round-trip as
    # values through openpyxl).
    assert sum(t.startswith("=INDEX(WRES_CI(") for t in formulas.values()) == 3
    assert sum(t.startswith("=IFERROR(INDEX(WRES_CI(") for t in formulas.values()) == 3
    assert sum("INDEX(WRES_REDACT(" in t for t in formulas.values()) == 12
    assert not any(
        isinstance(c.value, openpyxl.worksheet.formula.ArrayFormula)
        for ws in blank.worksheets
        for row in ws.iter_rows()
        for c in row
    )


def test_live_formulas_use_plain_ranges_not_table_references(blank: openpyxl.Workbook) -> None:
    # The independent formula engine cannot read tblRecruitment[Appointed]; plain ranges it can.
    for name in ("Calculator", "Action plan"):
        formulas = formula_texts(blank[name])
        assert formulas
        for coordinate, text in formulas.items():
            assert "[" not in text, f"{name}!{coordinate} uses a table reference: {text}"
    text = "\n".join(formula_texts(blank["Calculator"]).values())
    assert "Recruitment!$D$5:$D$5000" in text
    assert "'Staff survey'!$E$5:$E$5000" in text


def test_calculator_rows_are_labelled_and_explained(blank: openpyxl.Workbook) -> None:
    ws = blank["Calculator"]
    for coordinate, text in formula_texts(ws).items():
        row = ws[coordinate].row
        # Each row, or the first row of its group of examples, says what it is.
        label = next(ws.cell(r, 1).value for r in range(row, 0, -1) if ws.cell(r, 1).value)
        assert ws.cell(row - 1, 1).value or ws.cell(row, 1).value or label
        assert label, coordinate
        assert not str(label).startswith("Indicator"), coordinate
        if "WRES_" in text and "WRES_NARRATIVE" not in text:
            first = next(r for r in range(row, 0, -1) if ws.cell(r, 5).value or r == 1)
            assert ws.cell(first, 5).value, f"Calculator!{coordinate} has no note"
    # Only the optional year and the worked examples are for typing into.
    input_fill = template.INPUT_FILL.fgColor.rgb
    yellow = [c for row in ws.iter_rows() for c in row if c.fill.fgColor.rgb == input_fill]
    assert yellow
    assert all(not str(c.value or "").startswith("=") for c in yellow)


def test_action_plan_progress_block_sits_above_the_table(blank: openpyxl.Workbook) -> None:
    ws = blank["Action plan"]
    table = ws.tables["tblActions"]
    assert table.ref.startswith(f"A{ACTIONS_HEADER_ROW}:")
    formulas = formula_texts(ws)
    # Nothing but the table at or below its header row, so the table can grow freely.
    assert all(ws[c].row < ACTIONS_HEADER_ROW for c in formulas)
    below = [
        c.coordinate
        for row in ws.iter_rows(min_row=ACTIONS_HEADER_ROW)
        for c in row
        if c.value is not None and c.column > len(schema.ACTIONS.columns)
    ]
    assert below == []
    joined = "\n".join(formulas.values())
    for status in schema.STATUS_VALUES:
        assert f'"{status}"' in joined
    for i in range(1, 10):
        assert f"Summary!$I${5 + i}" in joined
        assert f"Summary!$M${5 + i}" in joined
    # Status and dates stay validated where the table now starts.
    status = column_letter(schema.ACTIONS, "Status")
    (dv,) = validations_covering(ws, f"{status}{ACTIONS_HEADER_ROW + 1}")
    assert list_items(dv) == list(schema.STATUS_VALUES)
    assert not validations_covering(ws, f"{status}{ACTIONS_HEADER_ROW}")


def test_excel_recalculates_the_formulas_on_opening(blank: openpyxl.Workbook) -> None:
    # openpyxl saves no results, so Excel must work them out when the file opens.
    assert blank.calculation.fullCalcOnLoad
