"""The one refresh, written once against ``WorkbookBackend``: read, compute, write.

The CLI runs it on an openpyxl-held file, the ribbon button on the live workbook through
xlwings; both get the same sheets, the same action-plan changes and the same JSON.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from wres_xl.core import schema
from wres_xl.core.actions import (
    ActionRow,
    CellValue,
    IndicatorStatus,
    plan_action_updates,
    validate_action_rows,
)
from wres_xl.core.groups import Group
from wres_xl.core.indicators import (
    NotComputed,
    RatioResult,
    WresReport,
    compute_report,
    report_year,
    title_in_sentence,
    workforce_totals,
)
from wres_xl.core.inputs import parse_inputs
from wres_xl.core.model import Check, RawTable, Severity, WresData
from wres_xl.core.report_json import report_json
from wres_xl.report.checks_sheet import build_checks
from wres_xl.report.common import headline_rating
from wres_xl.report.indicator1 import build_indicator1
from wres_xl.report.layout import SheetContent
from wres_xl.report.publication import build_publication
from wres_xl.report.summary import build_summary
from wres_xl.report.trends import build_trends
from wres_xl.workbook.interface import WorkbookBackend


@dataclass
class RefreshResult:
    report: WresReport | None
    checks: list[Check]
    json: dict[str, Any]
    sheets_written: list[str] = field(default_factory=list)
    actions_added: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Check]:
        return [c for c in self.checks if c.severity is Severity.ERROR]


def read_inputs(backend: WorkbookBackend) -> tuple[WresData, dict[str, RawTable | None]]:
    backend.progress("Reading the input tables")
    tables = {spec.name: backend.read_table(spec.name) for spec in schema.INPUT_TABLES}
    data = parse_inputs(tables)
    return data, tables


_INDICATOR_TABLE = {
    1: schema.WORKFORCE,
    2: schema.RECRUITMENT,
    3: schema.DISCIPLINARY,
    4: schema.TRAINING,
    5: schema.SURVEY,
    6: schema.SURVEY,
    7: schema.SURVEY,
    8: schema.SURVEY,
    9: schema.BOARD,
}


def not_computed_checks(data: WresData, report: WresReport) -> list[Check]:
    """Every indicator left Not computed for the WRES year gets a line saying why.

    Invalid values already have their own error rows; an indicator with simply no data is a
    warning, because a trust may not hold that data (NSCHT published no training figures).
    """
    checks = []
    for indicator in range(1, 10):
        result = report.results[indicator].get(report.year)
        if not isinstance(result, NotComputed):
            continue
        spec = _INDICATOR_TABLE[indicator]
        invalid = any((indicator, y) in data.invalid for y in (report.year, report.year - 1))
        checks.append(
            Check(
                Severity.ERROR if invalid else Severity.WARNING,
                spec.sheet,
                f"Indicator {indicator} ({title_in_sentence(indicator)}) was not computed "
                f"for {report.year} because {result.reason}. "
                + (
                    "Correct the errors listed for that table, then refresh again."
                    if invalid
                    else f"Add the {report.year} figures to the {spec.sheet} sheet if you have "
                    "them."
                ),
                table=spec.name,
            )
        )
    return checks


def consistency_checks(data: WresData, report: WresReport) -> list[Check]:
    """Cross-table checks: explicit headcounts against the workforce, years with no workforce."""
    checks: list[Check] = not_computed_checks(data, report)
    workforce_years = {r.year for r in data.workforce}
    for year in (report.year, report.previous_year):
        if year not in workforce_years and year in data.years():
            checks.append(
                Check(
                    Severity.ERROR if year == report.year else Severity.WARNING,
                    schema.WORKFORCE.sheet,
                    f"The Workforce table has no figures for {year}, so indicator 1 and the "
                    f"headcounts for indicators 3, 4 and 9 cannot be worked out for {year}. Add "
                    f"that year's staff numbers by band (31 March {year}).",
                    table=schema.WORKFORCE.name,
                    column="Year",
                )
            )
    for spec, rows in (
        (schema.DISCIPLINARY, data.disciplinary),
        (schema.TRAINING, data.training),
    ):
        for row in rows:
            if row.total is None or row.group is Group.UNKNOWN:
                continue
            totals = workforce_totals(data, row.year)
            if totals is None:
                continue
            expected = totals.get(row.group)
            if expected != row.total:
                checks.append(
                    Check(
                        Severity.WARNING,
                        spec.sheet,
                        f"The {row.group.label} headcount for {row.year} is {row.total:,}, but the "
                        f"Workforce table adds up to {expected:,}. The headcount you typed is "
                        "used; leave it blank to use the Workforce table instead.",
                        table=spec.name,
                        row=row.rows[0],
                        column="Headcount",
                    )
                )
    return checks


def _statuses(report: WresReport) -> dict[int, IndicatorStatus]:
    statuses = {}
    for indicator in range(1, 10):
        result = report.results[indicator].get(report.year)
        if result is None:
            continue
        four_fifths = (
            result.four_fifths.value
            if isinstance(result, RatioResult) and result.four_fifths
            else None
        )
        statuses[indicator] = IndicatorStatus(headline_rating(result).value, four_fifths)
    return statuses


def _cell(row: Sequence[object], index: int) -> CellValue:
    value = row[index] if index < len(row) else None
    if value is None or isinstance(value, str | int | float | dt.date):
        return value
    return str(value)


def update_action_plan(
    backend: WorkbookBackend, table: RawTable | None, report: WresReport
) -> tuple[int, list[str], list[Check]]:
    if table is None:
        return 0, [], []
    headers = list(table.headers)
    rows = [
        ActionRow.from_cells({h: _cell(r, i) for i, h in enumerate(headers)}) for r in table.rows
    ]
    checks = [
        Check(
            Severity.WARNING,
            table.sheet,
            problem.message,
            table=table.name,
            row=problem.row,
            column=problem.column,
        )
        for problem in validate_action_rows(rows, first_data_row=table.first_row)
    ]
    update = plan_action_updates(
        rows, _statuses(report), term=report.settings.bme_term, first_data_row=table.first_row
    )
    # Append first: if it is refused (cells below the table are in use), nothing has been
    # written yet, which matters in live Excel where there is no temporary file.
    if update.rows_to_append:
        backend.append_table_rows(table.name, [r.to_cells() for r in update.rows_to_append])
    if update.rating_changes:
        backend.set_table_cells(
            table.name,
            "Current rating",
            {table.first_row + c.row_index: c.current_rating for c in update.rating_changes},
        )
    return len(update.rows_to_append), list(update.notes), checks


def output_sheets(report: WresReport) -> list[SheetContent]:
    """Every tool-owned sheet except Checks, in workbook order."""
    return [
        build_summary(report),
        build_indicator1(report),
        build_trends(report),
        *build_publication(report),
    ]


def refresh_workbook(backend: WorkbookBackend, extra_checks: Sequence[Check] = ()) -> RefreshResult:
    """Read, compute and write every output sheet. ``extra_checks`` (from an import, say)
    are listed on the Checks sheet with the refresh's own."""
    data, tables = read_inputs(backend)
    year = report_year(data)
    checks = list(extra_checks) + list(data.checks)
    if year is None:
        checks.append(
            Check(
                Severity.ERROR,
                schema.WORKFORCE.sheet,
                "The workbook has no data yet: every input table is empty. Fill in the Workforce "
                "table (and the others) for at least one year, or set 'WRES year' on the "
                "Settings sheet, then refresh again.",
                table=schema.WORKFORCE.name,
            )
        )
        backend.write_sheet(build_checks(checks, data.settings.organisation))
        return RefreshResult(
            None,
            checks,
            {
                "organisation": data.settings.organisation,
                "year": None,
                "settings": data.settings.as_json(),
                "indicators": {},
                "checks": [c.as_json() for c in checks],
            },
            [schema.CHECKS_SHEET],
        )
    backend.progress(f"Computing the nine indicators for {year}")
    report = compute_report(data, year)
    checks.extend(consistency_checks(data, report))
    backend.progress("Updating the action plan")
    added, notes, action_checks = update_action_plan(backend, tables.get("tblActions"), report)
    checks.extend(action_checks)
    sheets = output_sheets(report)
    sheets.append(build_checks(checks, data.settings.organisation))
    for sheet in sheets:
        backend.progress(f"Writing the {sheet.title} sheet")
        backend.write_sheet(sheet)
    return RefreshResult(
        report,
        checks,
        report_json(report, checks),
        [s.title for s in sheets],
        added,
        notes,
    )


def check_workbook(backend: WorkbookBackend) -> RefreshResult:
    """Validate only: every problem, nothing written."""
    data, _ = read_inputs(backend)
    checks = list(data.checks)
    year = report_year(data)
    report = compute_report(data, year) if year is not None else None
    if report is not None:
        checks.extend(consistency_checks(data, report))
    payload = (
        report_json(report, checks)
        if report is not None
        else {"checks": [c.as_json() for c in checks]}
    )
    return RefreshResult(report, checks, payload)
