"""The one analysis behind refresh, check, publish and the ribbon's Check: tables in,
validated data, computed indicators and every problem out. Pure: the workbook layer reads
the tables and decides what (if anything) to write.

check and refresh used to be two copies of this that drifted (an empty workbook passed
check and failed refresh; a Status of "Done" was reported only by refresh). Everything a
command reports now comes from :func:`analyse`, so they cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from wres_xl.core import schema
from wres_xl.core.actions import (
    ActionPlanUpdate,
    ActionRow,
    CellValue,
    IndicatorStatus,
    apply_action_plan_update,
    plan_action_updates,
    validate_action_rows,
)
from wres_xl.core.groups import Group, group_label
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

if TYPE_CHECKING:
    from wres_xl.core.standard import Standard

EMPTY_WORKBOOK_MESSAGE = (
    "The workbook has no data yet: every input table is empty. Fill in the Workforce "
    "table (and the others) for at least one year, or set 'WRES year' on the "
    "Settings sheet, then refresh again."
)


@dataclass
class Analysis:
    """What the inputs say: the parsed data, the report (None for an empty workbook), every
    problem found (in the order the Checks sheet lists them) and the action plan as read."""

    data: WresData
    tables: Mapping[str, RawTable | None]
    report: WresReport | None
    checks: list[Check]
    action_rows: list[ActionRow] = field(default_factory=list)
    action_checks: list[Check] = field(default_factory=list)

    def check_action_plan_as(self, rows: Sequence[ActionRow]) -> None:
        """Judge the action plan as it will be after this refresh (with the rows it appends,
        whose Lead says they need one), so a second refresh reports exactly the same."""
        table = self.tables.get(schema.ACTIONS.name)
        if table is None:
            return
        kept = [c for c in self.checks if not any(c is a for a in self.action_checks)]
        self.action_checks = action_plan_checks(table, rows)
        self.checks = kept + self.action_checks

    @property
    def errors(self) -> list[Check]:
        return [c for c in self.checks if c.severity is Severity.ERROR]

    def json(self) -> dict[str, Any]:
        if self.report is not None:
            return report_json(self.report, self.checks)
        return {
            "organisation": self.data.settings.organisation,
            "year": None,
            "settings": self.data.settings.as_json(),
            "indicators": {},
            "checks": [c.as_json() for c in self.checks],
        }


def rows_below_checks(tables: Iterable[RawTable | None]) -> list[Check]:
    """Figures typed directly under a table are outside it, so they are not read: say so."""
    checks = []
    for table in tables:
        if table is None or not table.rows_below:
            continue
        rows = table.rows_below
        where = f"row {rows[0]}" if len(rows) == 1 else f"rows {rows[0]}–{rows[-1]}"
        one = len(rows) == 1
        checks.append(
            Check(
                Severity.WARNING,
                table.sheet,
                f"{where.capitalize()} just below the table {table.name} on the "
                f"'{table.sheet}' sheet {'is' if one else 'are'} filled in but outside the "
                f"table, so WRES does not read {'it' if one else 'them'}. If these are "
                "figures, extend the table to include them (drag the small handle at the "
                "table's bottom-right corner down, or Table Design ▸ Resize Table); if they "
                "are notes, move them further down or to the side.",
                table=table.name,
                row=rows[0],
            )
        )
    return checks


def analyse(tables: Mapping[str, RawTable | None], extra_checks: Sequence[Check] = ()) -> Analysis:
    """Read → validate → compute. ``extra_checks`` (from an import, say) come first."""
    data = parse_inputs(dict(tables))
    checks = list(extra_checks) + list(data.checks) + rows_below_checks(tables.values())
    year = report_year(data)
    report = None
    if year is None:
        checks.append(
            Check(
                Severity.ERROR,
                schema.WORKFORCE.sheet,
                EMPTY_WORKBOOK_MESSAGE,
                table=schema.WORKFORCE.name,
            )
        )
    else:
        report = compute_report(data, year)
        checks.extend(consistency_checks(data, report))
    rows, action_checks = read_action_plan(tables.get(schema.ACTIONS.name))
    checks.extend(action_checks)
    return Analysis(data, tables, report, checks, rows, action_checks)


def _cell(row: Sequence[object], index: int) -> CellValue:
    value = row[index] if index < len(row) else None
    if value is None or isinstance(value, str | int | float | dt.date):
        return value
    return str(value)


def read_action_plan(
    table: RawTable | None, standard: Standard | None = None
) -> tuple[list[ActionRow], list[Check]]:
    """tblActions as rows, and every problem in it as a located check (``standard`` as
    :func:`validate_action_rows` takes it)."""
    if table is None:
        return [], []
    headers = list(table.headers)
    rows = [
        ActionRow.from_cells({h: _cell(r, i) for i, h in enumerate(headers)}) for r in table.rows
    ]
    return rows, action_plan_checks(table, rows, standard)


def action_plan_checks(
    table: RawTable, rows: Sequence[ActionRow], standard: Standard | None = None
) -> list[Check]:
    """Every problem in the action plan's rows as a located check."""
    return [
        replace(problem, sheet=table.sheet, table=table.name)
        for problem in validate_action_rows(rows, first_data_row=table.first_row, standard=standard)
    ]


def not_computed_checks(data: WresData, report: WresReport) -> list[Check]:
    """Every indicator left Not computed for the WRES year gets a line saying why.

    Invalid values already have their own error rows; an indicator with simply no data is a
    warning, because a trust may not hold that data (NSCHT published no training figures).
    """
    checks = []
    for indicator in schema.ALL_INDICATORS:
        result = report.results[indicator].get(report.year)
        if not isinstance(result, NotComputed):
            continue
        spec = schema.INDICATOR_TABLES[indicator][0]
        invalid = any((indicator, y) in data.invalid for y in (report.year, report.year - 1))
        if result.contradiction:
            advice = f"Check the figures on the {spec.sheet} sheet, then refresh again."
        elif invalid:
            advice = "Correct the errors listed for that table, then refresh again."
        else:
            advice = f"Add the {report.year} figures to the {spec.sheet} sheet if you have them."
        checks.append(
            Check(
                Severity.ERROR if invalid or result.contradiction else Severity.WARNING,
                spec.sheet,
                f"Indicator {indicator} ({title_in_sentence(indicator)}) was not computed "
                f"for {report.year} because {result.reason}. {advice}",
                table=spec.name,
                row=result.row,
                column=result.column,
            )
        )
    if len(checks) == 9:
        # Each gap alone may be data a trust does not hold, but a year with nothing at all
        # is a wrong 'WRES year' or an empty workbook: there is no report to publish.
        checks.insert(
            0,
            Check(
                Severity.ERROR,
                schema.SETTINGS.sheet,
                f"None of the nine indicators could be computed for {report.year}. Check the "
                "'WRES year' setting and that the input tables have figures for that year.",
                table=schema.SETTINGS.name,
                column="Value",
            ),
        )
    return checks


def consistency_checks(data: WresData, report: WresReport) -> list[Check]:
    """Cross-table checks: explicit headcounts against the workforce, years with no workforce."""
    checks: list[Check] = not_computed_checks(data, report)
    workforce_years = {r.year for r in data.workforce}
    checks.extend(
        Check(
            Severity.ERROR if year == report.year else Severity.WARNING,
            schema.WORKFORCE.sheet,
            f"The Workforce table has no figures for {year}, so indicator 1 and the "
            f"headcounts for indicators 3, 4 and 9 cannot be worked out for {year}. Add "
            f"that year's staff numbers by band (31 March {year}).",
            table=schema.WORKFORCE.name,
            column="Year",
        )
        for year in (report.year, report.previous_year)
        if year not in workforce_years and year in data.years()
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
                        f"The {group_label(row.group, data.settings.bme_term)} headcount for "
                        f"{row.year} is {row.total:,}, but the "
                        f"Workforce table adds up to {expected:,}. The headcount you typed is "
                        "used; leave it blank to use the Workforce table instead.",
                        table=spec.name,
                        row=row.rows[0],
                        column="Headcount",
                    )
                )
    return checks


def indicator_statuses(report: WresReport) -> dict[int, IndicatorStatus]:
    """Each computed indicator's rating this year (its headline rating, as the Summary shows
    it: ``report.common.headline_rating`` is the result's own ``rating``) and, for 2–4, its
    four-fifths result: what the action plan's ratings follow."""
    statuses = {}
    for indicator in schema.ALL_INDICATORS:
        result = report.results[indicator].get(report.year)
        if result is None:
            continue
        four_fifths = (
            result.four_fifths.value
            if isinstance(result, RatioResult) and result.four_fifths
            else None
        )
        statuses[indicator] = IndicatorStatus(result.rating.value, four_fifths)
    return statuses


def action_plan_update(analysis: Analysis) -> ActionPlanUpdate | None:
    """What a refresh would change in the action plan (None without a report or an action
    plan table); when it appends rows, ``analysis`` judges the plan as it will then be."""
    report = analysis.report
    table = analysis.tables.get(schema.ACTIONS.name)
    if report is None or table is None:
        return None
    update = plan_action_updates(
        analysis.action_rows,
        indicator_statuses(report),
        term=report.settings.bme_term,
        first_data_row=table.first_row,
    )
    if update.rows_to_append:
        # Backends fill the blank rows at the bottom of the table first (a new template
        # has one), so that is where the appended rows land.
        kept = list(analysis.action_rows)
        while kept and kept[-1].is_blank:
            kept.pop()
        analysis.check_action_plan_as(apply_action_plan_update(kept, update))
    return update
