"""``wres-xl new FILE --standard wdes``: the blank WDES workbook (SPEC §10).

The same model as the WRES workbook: one input sheet per Excel Table, named exactly as
SPEC §10 fixes, a Settings table whose ``Standard`` row says WDES (so every command reads
which standard the workbook holds from the workbook itself), the Action plan table, and
the tool-owned output sheets that a refresh rewrites.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from wres_xl.core import schema
from wres_xl.core.bands import STAFF_GROUPS, bands_for
from wres_xl.core.schema import TableSpec
from wres_xl.core.wdes_standard import (
    SURVEY_METRICS,
    WDES,
    WORKFORCE,
)
from wres_xl.errors import InputError
from wres_xl.workbook.template.input_sheets import input_print_setup, write_input_table
from wres_xl.workbook.template.placeholders import _build_output_placeholder
from wres_xl.workbook.template.saving import CREATOR, FIXED_TIMESTAMP
from wres_xl.workbook.template.sheets import HEADER_ROW
from wres_xl.workbook.template.styles import (
    INPUT_TAB_COLOUR,
    _add_named_styles,
    _print_headings,
    _title_block,
)
from wres_xl.workbook.template.words import _DEFAULT_HINT, _HINTS

_TITLES = {
    "tblSettings": (
        "Settings",
        "Change the yellow Value cells. Standard says this workbook holds the WDES.",
    ),
    "tblWorkforce": (
        "Metric 1: workforce by staff group and band",
        "One row per staff group and band: Non-disabled, Disabled and Unknown headcounts at "
        "31 March (bank-only workers excluded). 'wres-xl import-esr' fills it from ESR.",
    ),
    "tblRecruitment": (
        "Metric 2: shortlisting and appointment",
        "One row per year and disability status: applicants shortlisted and appointed.",
    ),
    "tblCapability": (
        "Metric 3: formal capability process (performance only)",
        "Staff entering the formal capability process on performance grounds, not ill health. "
        "Leave Headcount blank to use the Workforce table.",
    ),
    "tblSurvey": (
        "Metrics 4 to 9a: NHS Staff Survey",
        "One row per metric and group: respondents and percent (4a-i to 8), or the engagement "
        "score 0 to 10 in Score (9a). Metric 8 has a Disabled row only.",
    ),
    "tblVoices": (
        "Metric 9b: the voices of Disabled staff",
        "Yes or No: does the trust take action to facilitate the voices of Disabled staff? "
        "Describe what it does in Narrative.",
    ),
    "tblBoard": (
        "Metric 10: board membership",
        "One row per role, voting status and disability status, with the number of members.",
    ),
    "tblActions": (
        "WDES action plan",
        "Refresh adds suggested actions for metrics that need them; your own rows and edits "
        "are never changed. Current rating is kept up to date.",
    ),
}


def _initial_rows(
    spec: TableSpec, organisation: str | None, year: int | None
) -> list[list[object]]:
    if spec.name == "tblSettings":
        given: dict[str, object] = {"Organisation": organisation, "WDES year": year}
        return [
            [s.name, given.get(s.name) if given.get(s.name) is not None else s.default, s.note]
            for s in WDES.settings
        ]
    if spec is WORKFORCE and year is not None:
        return [
            [year, group.value, band, None, None, None]
            for group in STAFF_GROUPS
            for band in bands_for(group)
        ]
    return [[None] * len(spec.columns)]


def _validations(ws: Worksheet, spec: TableSpec, last_row: int) -> None:
    def column_of(header: str) -> str:
        return str(get_column_letter(spec.columns.index(header) + 1))

    lists: dict[str, Sequence[str]] = {
        "Disability": ("Non-disabled", "Disabled", "Unknown"),
        "Voting": schema.VOTING_VALUES,
        "Role": schema.ROLE_VALUES,
        "Facilitates voices": ("Yes", "No"),
        "Status": schema.STATUS_VALUES,
        "Source": schema.SOURCE_VALUES,
    }
    if spec.name == "tblSurvey":
        lists["Metric"] = SURVEY_METRICS
    for header, choices in lists.items():
        if header not in spec.columns:
            continue
        validation = DataValidation(
            type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True
        )
        validation.error = f"Choose {header} from the list."
        validation.showErrorMessage = True
        column = column_of(header)
        validation.add(f"{column}{HEADER_ROW + 1}:{column}{max(last_row, HEADER_ROW + 500)}")
        ws.add_data_validation(validation)


_PURPOSES = {
    schema.SUMMARY_SHEET: "The WDES metrics for the WDES year and the year before, rated.",
    schema.CHECKS_SHEET: "Problems found in your data, with where they are and what to do.",
}


def _input_sheet(
    ws: Worksheet, spec: TableSpec, organisation: str | None, year: int | None
) -> None:
    # Laid out and printed exactly as a WRES input sheet (the shared template functions):
    # the same widths, wrapped long-text columns, styles and one-page-wide print setup.
    ws.sheet_properties.tabColor = INPUT_TAB_COLOUR
    title, instruction = _TITLES[spec.name]
    _title_block(ws, title, instruction, _HINTS.get(spec.name, _DEFAULT_HINT))
    columns = list(spec.columns) + (["Note"] if spec is schema.SETTINGS else [])
    rows = _initial_rows(spec, organisation, year)
    write_input_table(ws, spec, columns, rows, HEADER_ROW, fit_heights=True)
    if spec is schema.ACTIONS:
        # A WDES action ID names its metric ("WDES-4a-iii-01"), longer than a WRES one; the
        # Indicator holds 2 or "4a-i", so both line up on the left.
        ws.column_dimensions["A"].width = 16
        indicator = ws.cell(HEADER_ROW + 1, spec.columns.index("Indicator") + 1)
        indicator.alignment = Alignment(horizontal="left", vertical="top")
    _validations(ws, spec, HEADER_ROW + len(rows))
    input_print_setup(ws, len(columns), HEADER_ROW)


def make_wdes_workbook(*, organisation: str | None = None, year: int | None = None) -> Workbook:
    if year is not None and not schema.MIN_YEAR <= year <= schema.MAX_YEAR:
        raise InputError(f"--year {year} is not a WDES year. Give four digits, such as 2025.")
    wb = Workbook()
    if wb.active is not None:
        wb.remove(wb.active)
    _add_named_styles(wb)
    for spec in WDES.tables:
        _input_sheet(wb.create_sheet(spec.sheet), spec, organisation, year)
    for name in (schema.SUMMARY_SHEET, schema.CHECKS_SHEET):
        _build_output_placeholder(wb.create_sheet(name), _PURPOSES[name])
    _print_headings(wb, "WDES")
    wb.active = 0
    props = wb.properties
    props.title = "WDES workbook"
    props.subject = "NHS Workforce Disability Equality Standard"
    # As the WRES template: fixed metadata, so the same inputs give the same bytes.
    props.creator = CREATOR
    props.lastModifiedBy = CREATOR
    props.created = FIXED_TIMESTAMP
    props.modified = FIXED_TIMESTAMP
    return wb


def build_wdes_template(
    path: Path,
    *,
    organisation: str | None = None,
    year: int | None = None,
    overwrite: bool = False,
) -> Path:
    """Write a new blank WDES workbook to ``path`` (never over a file without ``--force``
    or a yes at the prompt, as ``wres-xl new`` does for the WRES)."""
    from wres_xl.workbook.template import write_new_workbook

    return write_new_workbook(
        path,
        lambda: make_wdes_workbook(organisation=organisation, year=year),
        example="wdes_2025.xlsx",
        overwrite=overwrite,
    )
