"""The input sheets: their tables, column widths and data validation."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from wres_xl.core import schema
from wres_xl.core.bands import AFC_BANDS, MEDICAL_BANDS, STAFF_GROUPS, bands_for
from wres_xl.core.groups import BME_TERMS, Group
from wres_xl.core.indicators import ALL_INDICATORS
from wres_xl.report.layout import wrapped_row_height
from wres_xl.report.palette import NHS_DARK_BLUE
from wres_xl.workbook.openpyxl_backend import fit_to_page
from wres_xl.workbook.template.sheets import (
    DATA_VALIDATION_LAST_ROW,
    FIRST_DATA_ROW,
    HEADER_ROW,
    first_data_row,
    header_row,
)
from wres_xl.workbook.template.styles import (
    COUNT_FORMAT,
    INPUT_TAB_COLOUR,
    PERCENT_FORMAT,
    YEAR_FORMAT,
    _put,
    _title_block,
)
from wres_xl.workbook.template.words import _DEFAULT_HINT, _HINTS, _INSTRUCTIONS, _SHEET_TITLES

_ETHNICITY_CHOICES: tuple[str, ...] = (Group.WHITE.label, *BME_TERMS, Group.UNKNOWN.label)
_EXCEL_LIST_LIMIT = 255
#: Sheets whose columns add up to more than this many characters print landscape.
_PORTRAIT_WIDTH = 110

# Widths in Excel character units; anything not listed gets room for its heading.
_COLUMN_WIDTHS: dict[str, float] = {
    "Setting": 30,
    # Wide enough for a full trust name such as "North Staffordshire Combined Healthcare".
    "Value": 44,
    "Note": 100,
    "Year": 9,
    "Staff group": 20,
    "Band": 28,
    "Ethnicity": 20,
    "Indicator": 11,
    "Role": 16,
    "Voting": 10,
    "ID": 12,
    "Action": 60,
    "Measure of success": 40,
    "Timescale": 14,
    "Lead": 22,
    "Status": 14,
    "Source": 13,
    "Current rating": 30,
    # WDES columns (SPEC §10).
    "Metric": 10,
    "Disability": 14,
    "Narrative": 80,
}
_WRAPPED_COLUMNS = frozenset(
    {"Note", "Action", "Measure of success", "Timescale", "Lead", "Current rating", "Narrative"}
)

_ONE_LINE = wrapped_row_height([])
_MIN_YEAR, _MAX_YEAR = str(schema.MIN_YEAR), str(schema.MAX_YEAR)

#: How a number setting's cell shows its value (presentation only; the rule is the schema's).
_SETTING_NUMBER_FORMATS: dict[str, str] = {
    "WRES year": YEAR_FORMAT,
    "Significance level": "0.00##",
    "Hide counts up to": "0",
    "Round published counts to": "0",
    "Local population BME %": "0.0#",
    "Target year": YEAR_FORMAT,
}


def _number_validation(rule: schema.NumberRule) -> tuple[Literal["whole", "decimal"], str, str]:
    """A schema NumberRule as Excel's data validation: type, formula1, formula2."""
    return ("whole" if rule.whole else "decimal"), f"{rule.low:g}", f"{rule.high:g}"


# Numeric checks and formats for settings without a list of choices, from the schema's
# NumberRule of each setting (the one the core's settings reader checks). Keyed by name.
_SETTING_NUMBER_RULES: dict[str, tuple[Literal["whole", "decimal"], str, str | None, str]] = {
    # name: (validation type, formula1, formula2, number format)
    s.name: (*_number_validation(s.number), _SETTING_NUMBER_FORMATS[s.name])
    for s in schema.SETTING_SPECS
    if s.number is not None
}
_SETTING_NUMBER_MESSAGES: dict[str, str] = {
    s.name: s.number.advice for s in schema.SETTING_SPECS if s.number is not None
}


def _build_input_sheet(
    ws: Worksheet,
    spec: schema.TableSpec,
    organisation: str | None,
    year: int | None,
) -> None:
    ws.sheet_properties.tabColor = INPUT_TAB_COLOUR
    _title_block(
        ws, _SHEET_TITLES[spec.name], _INSTRUCTIONS[spec.name], _HINTS.get(spec.name, _DEFAULT_HINT)
    )

    columns = list(spec.columns)
    if spec is schema.SETTINGS:
        columns.append("Note")
    rows = _initial_rows(spec, columns, organisation, year)

    top = header_row(spec)
    write_input_table(ws, spec, columns, rows, top)

    if spec is schema.SETTINGS:
        _settings_validations(ws, columns)
    else:
        _table_validations(ws, spec, columns)
    input_print_setup(ws, len(columns), top)


def write_input_table(
    ws: Worksheet,
    spec: schema.TableSpec,
    columns: Sequence[str],
    rows: Sequence[Sequence[object]],
    top: int,
    *,
    fit_heights: bool = False,
) -> None:
    """An input sheet's Excel Table from row ``top``: blue headings, the shared column widths,
    yellow input cells, grey tool-owned ones, wrapped long-text columns, the header frozen.
    The WRES and the WDES template both lay their input sheets out with this.

    ``fit_heights`` gives a row whose wrapped text needs more than one line its height (the
    WDES template; the committed WRES template is kept byte for byte as it is)."""
    for col, header in enumerate(columns, start=1):
        _put(ws, top, col, header, "WRES table header")
        ws.column_dimensions[get_column_letter(col)].width = _COLUMN_WIDTHS.get(
            header, max(12, len(header) + 4)
        )
    ws.row_dimensions[top].height = 20

    owned = set(spec.tool_owned_columns)
    read_only = {"Setting", "Note"} if spec is schema.SETTINGS else set()
    for offset, values in enumerate(rows):
        row = top + 1 + offset
        wrapped: list[tuple[str, float]] = []
        for col, (header, value) in enumerate(zip(columns, values, strict=True), start=1):
            style = "WRES output" if header in owned or header in read_only else "WRES input"
            cell = _put(ws, row, col, value, style)
            number_format = _column_format(spec, header)
            if number_format:
                cell.number_format = number_format
            if header in _WRAPPED_COLUMNS:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                if isinstance(value, str) and value:
                    wrapped.append((value, _COLUMN_WIDTHS[header]))
            if spec is schema.SETTINGS and header == "Setting":
                cell.font = Font(name="Arial", size=10, bold=True, color=NHS_DARK_BLUE)
            if spec is schema.SETTINGS and header == "Value":
                # Text and numbers are mixed here; one alignment reads as a form.
                cell.alignment = Alignment(horizontal="left", vertical="top")
        # A file written outside Excel carries no fitted heights: a note longer than its
        # column would print over the next row.
        height = wrapped_row_height(wrapped)
        if fit_heights and height > _ONE_LINE:
            ws.row_dimensions[row].height = height

    last_row = top + len(rows)
    ref = f"A{top}:{get_column_letter(len(columns))}{last_row}"
    table = Table(displayName=spec.name, ref=ref)
    table.tableStyleInfo = TableStyleInfo(
        name="TableStyleLight1", showRowStripes=False, showColumnStripes=False
    )
    ws.add_table(table)
    if top == HEADER_ROW:
        # Freezing the Action plan's header would pin its progress block too.
        ws.freeze_panes = f"A{top + 1}"


def input_print_setup(ws: Worksheet, column_count: int, top: int) -> None:
    """How an input sheet prints: A4, one page wide (landscape when its columns are wide),
    the table's heading row repeated on every page."""
    total_width = sum(
        ws.column_dimensions[get_column_letter(c)].width for c in range(1, 1 + column_count)
    )
    ws.page_setup.orientation = "landscape" if total_width > _PORTRAIT_WIDTH else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    fit_to_page(ws)
    ws.print_title_rows = f"{top}:{top}"


def _initial_rows(
    spec: schema.TableSpec,
    columns: Sequence[str],
    organisation: str | None,
    year: int | None,
) -> list[tuple[object, ...]]:
    if spec is schema.SETTINGS:
        given: dict[str, object] = {"Organisation": organisation, "WRES year": year}
        return [
            (s.name, given.get(s.name) if given.get(s.name) is not None else s.default, s.note)
            for s in schema.SETTING_SPECS
        ]
    if spec is schema.WORKFORCE and year is not None:
        blanks = (None,) * (len(columns) - 3)
        return [
            (year, group.value, band, *blanks)
            for group in STAFF_GROUPS
            for band in bands_for(group)
        ]
    # openpyxl cannot write a table without a data row; the reader skips fully blank rows.
    return [(None,) * len(columns)]


def _column_format(spec: schema.TableSpec, header: str) -> str | None:
    if header == "Year":
        return YEAR_FORMAT
    if header in spec.count_columns:
        return COUNT_FORMAT
    if header == "Percent":
        return PERCENT_FORMAT
    if header == "Indicator":
        return "0"
    return None


def _column_range(columns: Sequence[str], header: str, first: int, last: int) -> str:
    letter = get_column_letter(columns.index(header) + 1)
    return f"{letter}{first}:{letter}{last}"


def _list_validation(
    choices: Iterable[object], *, strict: bool, what: str, extra: str = ""
) -> DataValidation:
    items = [str(c) for c in choices]
    formula = '"' + ",".join(items) + '"'
    if len(formula) - 2 > _EXCEL_LIST_LIMIT:
        raise ValueError(f"The list of {what} is too long for an Excel validation list.")
    shown = ", ".join(items)
    message = f"Choose one of: {shown}.{extra}"
    return DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=True,
        showInputMessage=False,
        errorStyle="stop" if strict else "warning",
        errorTitle=f"Not a recognised {what}"[:32],
        error=message[:255],
    )


def _count_validation(header: str, *, optional: bool) -> DataValidation:
    blank = " Leave it blank to use the Workforce totals." if optional else ""
    return DataValidation(
        type="whole",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle="Whole number needed",
        error=f"{header}: type a whole number of people, 0 or more (no text, decimals or "
        f"minus signs).{blank}",
    )


def _year_validation() -> DataValidation:
    return DataValidation(
        type="whole",
        operator="between",
        formula1=_MIN_YEAR,
        formula2=_MAX_YEAR,
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle="Year needed",
        error="Year: type the WRES year as four digits, for example 2024 (31 March 2024).",
    )


def _timescale_validation(columns: Sequence[str], first: int) -> DataValidation:
    # A timescale is a date or words ("6 months", "By March 2026"); what it must not be is a
    # bare number such as 5, or a date typed with the wrong year such as 31/03/226.
    top = f"{get_column_letter(columns.index('Timescale') + 1)}{first}"
    return DataValidation(
        type="custom",
        formula1=(
            f"OR(ISTEXT({top}),AND(ISNUMBER({top}),{top}>=DATE(2015,1,1),{top}<=DATE(2045,12,31)))"
        ),
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle="Date or period needed",
        error="Timescale: type a date such as 31/03/2026, or a period in words such as "
        "'6 months' or 'By March 2026'.",
    )


def _table_validations(ws: Worksheet, spec: schema.TableSpec, columns: Sequence[str]) -> None:
    first, last = first_data_row(spec), DATA_VALIDATION_LAST_ROW
    lists: dict[str, DataValidation] = {
        "Staff group": _list_validation(
            [g.value for g in STAFF_GROUPS], strict=False, what="staff group"
        ),
        "Band": _list_validation(
            AFC_BANDS + MEDICAL_BANDS,
            strict=False,
            what="band",
            extra=" Other spellings such as 8A are tidied up on refresh.",
        ),
        "Ethnicity": _list_validation(
            _ETHNICITY_CHOICES,
            strict=False,
            what="ethnic group",
            extra=" NHS ethnic category codes such as 'C3 White unspecified' are also accepted.",
        ),
        "Role": _list_validation(schema.ROLE_VALUES, strict=True, what="board role"),
        "Voting": _list_validation(schema.VOTING_VALUES, strict=True, what="voting value"),
        "Status": _list_validation(schema.STATUS_VALUES, strict=True, what="status"),
        "Source": _list_validation(schema.SOURCE_VALUES, strict=True, what="source"),
    }
    if spec is schema.SURVEY:
        lists["Indicator"] = _list_validation(
            schema.SURVEY_INDICATORS, strict=True, what="survey indicator"
        )
        lists["Percent"] = DataValidation(
            type="decimal",
            operator="between",
            formula1="0",
            formula2="100",
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="stop",
            errorTitle="Percentage needed",
            error="Percent: type the percentage as printed in the survey report, for example "
            "27.5 or 27.5%.",
        )
    elif spec is schema.ACTIONS:
        lists["Indicator"] = _list_validation(ALL_INDICATORS, strict=True, what="WRES indicator")
        lists["Timescale"] = _timescale_validation(columns, first)

    for header in columns:
        if header == "Year":
            validation = _year_validation()
        elif header in spec.count_columns:
            validation = _count_validation(header, optional=header in spec.optional_columns)
        elif header in lists:
            validation = lists[header]
        else:
            continue
        validation.add(_column_range(columns, header, first, last))
        ws.add_data_validation(validation)


def _settings_validations(ws: Worksheet, columns: Sequence[str]) -> None:
    value_col = get_column_letter(columns.index("Value") + 1)
    for offset, setting in enumerate(schema.SETTING_SPECS):
        row = FIRST_DATA_ROW + offset
        cell = ws[f"{value_col}{row}"]
        if setting.choices:
            validation = _list_validation(
                setting.choices, strict=True, what=f"{setting.name.lower()}"
            )
        elif setting.name in _SETTING_NUMBER_RULES:
            kind, low, high, number_format = _SETTING_NUMBER_RULES[setting.name]
            cell.number_format = number_format
            validation = DataValidation(
                type=kind,
                operator="between",
                formula1=low,
                formula2=high,
                allow_blank=True,
                showErrorMessage=True,
                errorStyle="stop",
                errorTitle=f"Check {setting.name}"[:32],
                error=f"{setting.name}: {_SETTING_NUMBER_MESSAGES[setting.name]}",
            )
        else:
            continue
        validation.add(f"{value_col}{row}")
        ws.add_data_validation(validation)
