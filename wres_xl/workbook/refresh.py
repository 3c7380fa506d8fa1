"""The one refresh, written once against ``WorkbookBackend``: analyse, then write.

The CLI runs it on an openpyxl-held file, the ribbon button on the live workbook through
xlwings; both get the same sheets, the same action-plan changes and the same JSON. ``check``,
``publish`` and the ribbon's Check run the same :func:`analyse_workbook` and stop before
writing, so what they report is exactly what a refresh would.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from wres_xl.core import schema
from wres_xl.core.actions import ActionPlanUpdate
from wres_xl.core.analysis import Analysis, action_plan_update, analyse
from wres_xl.core.indicators import WresReport
from wres_xl.core.inputs import parse_inputs
from wres_xl.core.model import Check, RawTable, Severity, WresData
from wres_xl.core.standard import settings_standard
from wres_xl.errors import WorkbookError
from wres_xl.report.checks_sheet import build_checks
from wres_xl.report.indicator1 import build_indicator1
from wres_xl.report.layout import SheetContent, print_ready
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


@dataclass
class WorkbookAnalysis:
    """:class:`Analysis` plus what a refresh would change in the action plan."""

    analysis: Analysis
    action_update: ActionPlanUpdate | None

    @property
    def report(self) -> WresReport | None:
        return self.analysis.report

    @property
    def checks(self) -> list[Check]:
        return self.analysis.checks

    @property
    def errors(self) -> list[Check]:
        return self.analysis.errors

    def result(self, sheets: Sequence[str] = ()) -> RefreshResult:
        update = self.action_update
        return RefreshResult(
            self.report,
            self.checks,
            self.analysis.json(),
            list(sheets),
            len(update.rows_to_append) if update else 0,
            list(update.notes) if update else [],
        )


def read_tables(backend: WorkbookBackend) -> dict[str, RawTable | None]:
    backend.progress("Reading the input tables")
    return {spec.name: backend.read_table(spec.name) for spec in schema.INPUT_TABLES}


def read_inputs(backend: WorkbookBackend) -> tuple[WresData, dict[str, RawTable | None]]:
    tables = read_tables(backend)
    _refuse_wdes(tables)
    return parse_inputs(tables), tables


def _refuse_wdes(tables: dict[str, RawTable | None]) -> None:
    """Publish, report and compare read WRES figures only, so far: a WDES workbook is
    refused with the reason rather than read as a WRES one with its tables missing."""
    if settings_standard(tables.get(schema.SETTINGS.name)).name == "WDES":
        raise WorkbookError(
            "This is a WDES workbook (the Standard setting on the Settings sheet says WDES). "
            "Refresh, check, publish and report work on it; compare handles WRES workbooks "
            "only in this version."
        )


def analyse_workbook(
    backend: WorkbookBackend, extra_checks: Sequence[Check] = ()
) -> WorkbookAnalysis:
    """Read → validate → compute, and plan the action-plan changes; writes nothing."""
    tables = read_tables(backend)
    _refuse_wdes(tables)
    backend.progress("Checking the data and computing the nine indicators")
    analysis = analyse(tables, extra_checks)
    return WorkbookAnalysis(analysis, action_plan_update(analysis))


def _write_action_plan(backend: WorkbookBackend, table: RawTable, update: ActionPlanUpdate) -> None:
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


def output_sheets(report: WresReport) -> list[SheetContent]:
    """Every tool-owned sheet except Checks, in workbook order."""
    return [
        build_summary(report),
        build_indicator1(report),
        build_trends(report),
        *build_publication(report),
    ]


def _wdes_refresh(
    backend: WorkbookBackend, extra_checks: Sequence[Check], *, write: bool
) -> RefreshResult | None:
    """The WDES refresh when the workbook's Standard setting says WDES (SPEC §10)."""
    # The WDES modules are imported only for a WDES workbook: a WRES refresh does not pay for them.
    if settings_standard(backend.read_table(schema.SETTINGS.name)).name != "WDES":
        return None
    from wres_xl.workbook import wdes_refresh

    if not write:
        _, report, checks, _ = wdes_refresh.analyse_wdes(backend, extra_checks)
        return RefreshResult(None, checks, wdes_refresh.wdes_json(report, checks))
    _, checks, payload, sheets, added = wdes_refresh.refresh_wdes_workbook(backend, extra_checks)
    return RefreshResult(None, checks, payload, sheets, added)


def refresh_workbook(backend: WorkbookBackend, extra_checks: Sequence[Check] = ()) -> RefreshResult:
    """Analyse, then write every output sheet and the action-plan changes. ``extra_checks``
    (from an import, say) are listed on the Checks sheet with the refresh's own."""
    wdes = _wdes_refresh(backend, extra_checks, write=True)
    if wdes is not None:
        return wdes
    found = analyse_workbook(backend, extra_checks)
    report = found.report
    organisation = found.analysis.data.settings.organisation
    sheets: list[SheetContent] = []
    if report is not None:
        table = found.analysis.tables.get(schema.ACTIONS.name)
        if table is not None and found.action_update is not None:
            backend.progress("Updating the action plan")
            _write_action_plan(backend, table, found.action_update)
        sheets = output_sheets(report)
    sheets.append(build_checks(found.checks, organisation))
    year = report.year if report is not None else None
    for sheet in sheets:
        backend.progress(f"Writing the {sheet.title} sheet")
        backend.write_sheet(print_ready(sheet, organisation=organisation, year=year))
    return found.result([s.title for s in sheets])


def check_workbook(backend: WorkbookBackend) -> RefreshResult:
    """Validate only: every problem a refresh would report, nothing written."""
    wdes = _wdes_refresh(backend, (), write=False)
    if wdes is not None:
        return wdes
    return analyse_workbook(backend).result()
