"""Refresh of a WDES workbook (``Standard`` = ``WDES`` in tblSettings), through the same
``WorkbookBackend`` as the WRES refresh: read the tables, compute every metric, write the
Summary and Checks sheets, append suggested actions and keep ``Current rating`` current,
and return the SPEC §10 JSON. Input sheets are never written except tblActions' tool-owned
column and appended rows, as for the WRES.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from wres_xl.core import schema
from wres_xl.core.analysis import read_action_plan
from wres_xl.core.indicators import NotComputed, RatioResult, SurveyResult, WorkforceResult
from wres_xl.core.model import Check, RawTable, Severity
from wres_xl.core.standard import Standard, settings_standard
from wres_xl.core.stats import FourFifths, Rating
from wres_xl.core.wdes import (
    ScoreResult,
    SingleGroupResult,
    WdesData,
    WdesMetric,
    WdesReport,
    compute_wdes_report,
    metric_narrative,
    wdes_report_json,
)
from wres_xl.core.wdes_data import suggest_wdes_actions, wdes_national
from wres_xl.core.wdes_inputs import parse_wdes_inputs
from wres_xl.core.wdes_standard import WDES
from wres_xl.errors import InputError
from wres_xl.report.checks_sheet import build_checks
from wres_xl.report.common import OUTPUT_TAB
from wres_xl.report.layout import SheetContent, print_ready, rating_style
from wres_xl.report.publication import build_log
from wres_xl.report.trends.sheet import build_trends_sheet
from wres_xl.report.trends.wdes import wdes_view
from wres_xl.report.wdes_publication import (
    build_wdes_publication_model,
    render_wdes_publication,
)
from wres_xl.workbook.interface import WorkbookBackend


def workbook_standard(backend: WorkbookBackend) -> Standard:
    """The standard the workbook's ``Standard`` setting names (WRES when absent or blank)."""
    return settings_standard(backend.read_table(schema.SETTINGS.name))


def _needs_action(item: WdesMetric) -> bool:
    result = item.result
    if isinstance(result, RatioResult) and result.four_fifths is FourFifths.ADVERSE:
        return True
    return item.rating.is_worse


def _not_computed_checks(report: WdesReport) -> list[Check]:
    checks = []
    for key, by_year in report.results.items():
        item = by_year.get(report.year)
        if item is not None and isinstance(item.result, NotComputed):
            spec = WDES.metric(key)
            checks.append(
                Check(
                    Severity.WARNING,
                    WDES.table(spec.table).sheet,
                    f"Metric {key} ({spec.title}) was not computed for {report.year}: "
                    f"{item.result.reason}.",
                    table=spec.table,
                )
            )
    return checks


def _value(item: WdesMetric) -> tuple[object, str]:
    """The headline figure of a metric and its cell style."""
    result = item.result
    if isinstance(result, RatioResult):
        return result.relative_likelihood, "ratio"
    if isinstance(result, SurveyResult):
        return result.bme_rate, "percent"
    if isinstance(result, SingleGroupResult):
        return result.rate, "percent"
    if isinstance(result, ScoreResult):
        return result.disabled, "ratio"
    if isinstance(result, WorkforceResult):
        return result.bme_share, "percent"
    if isinstance(result, NotComputed):
        return None, "text"
    voting = getattr(result, "voting", None)
    if voting is not None:
        return voting.share, "percent"
    return ("Yes" if getattr(result, "facilitates", False) else "No"), "text"


def _national(key: str, year: int) -> object:
    found = wdes_national(key, year)
    return None if found is None else found.fraction


def build_wdes_summary(report: WdesReport) -> SheetContent:
    sheet = SheetContent(
        schema.SUMMARY_SHEET, freeze="A5", print_title_rows="1:4", tab_colour=OUTPUT_TAB
    )
    sheet.text(1, 1, f"WDES {report.year}: summary of the ten metrics", "title")
    sheet.text(
        2,
        1,
        "Disabled staff compared with non-disabled staff (the reference group). Ratings are "
        "written out as well as coloured; the national figure is NHS England's, where published.",
        "subtitle",
    )
    headers = [
        "Metric",
        "What it measures",
        "Value",
        "Rating",
        "Last year",
        "National",
        "Narrative",
    ]
    sheet.add(4, 1, [headers], "header_left")
    for i, key in enumerate(WDES.metric_keys):
        spec = WDES.metric(key)
        item = report.current(key)
        previous = report.results[key].get(report.previous_year)
        value, style = _value(item)
        last, _ = _value(previous) if previous is not None else (None, "text")
        national = _national(key, report.year)
        row = 5 + i
        sheet.add(
            row,
            1,
            [[key, spec.title, value, item.rating.value, last, national, metric_narrative(item)]],
            styles=[
                [
                    "bold",
                    "wrap",
                    style,
                    rating_style(item.rating),
                    style,
                    "ratio" if key in ("2", "3") else "percent",
                    "wrap",
                ]
            ],
        )
    sheet.column_widths.update({1: 8, 2: 42, 3: 11, 4: 26, 5: 11, 6: 11, 7: 90})
    return sheet


def _actions(backend: WorkbookBackend, table: RawTable | None, report: WdesReport) -> int:
    if table is None:
        return 0
    rows, _ = read_action_plan(table)  # its problems are analyse_wdes's checks
    ratings = {key: report.current(key).rating.value for key in WDES.metric_keys}
    worse = [key for key in WDES.metric_keys if _needs_action(report.current(key))]
    new = suggest_wdes_actions(ratings, worse, rows)
    if new:
        backend.append_table_rows(table.name, [r.to_cells() for r in new])
    changes = {}
    for offset, row in enumerate(rows):
        if row.is_blank or row.indicator in (None, ""):
            continue
        try:
            key = WDES.metric(row.indicator).key
        except InputError:
            continue
        if row.current_rating != ratings[key]:
            changes[table.first_row + offset] = ratings[key]
    if changes:
        backend.set_table_cells(table.name, "Current rating", changes)
    return len(new)


def analyse_wdes(
    backend: WorkbookBackend, extra_checks: Sequence[Check] = ()
) -> tuple[WdesData, WdesReport | None, list[Check], dict[str, RawTable | None]]:
    backend.progress("Reading the WDES input tables")
    tables = {spec.name: backend.read_table(spec.name) for spec in WDES.tables}
    data = parse_wdes_inputs(tables)
    # The action plan's problems are listed by check, refresh and publish alike, as for the WRES.
    _, plan_checks = read_action_plan(tables.get(schema.ACTIONS.name), WDES)
    checks = [*extra_checks, *data.checks, *plan_checks]
    try:
        report = compute_wdes_report(data)
    except ValueError:
        checks.append(
            Check(
                Severity.ERROR,
                schema.SETTINGS.sheet,
                "The workbook has no WDES data yet and no WDES year setting. Fill in the "
                "input tables, then refresh again.",
                table=schema.SETTINGS.name,
            )
        )
        return data, None, checks, tables
    checks.extend(_not_computed_checks(report))
    return data, report, checks, tables


def refresh_wdes_workbook(
    backend: WorkbookBackend, extra_checks: Sequence[Check] = ()
) -> tuple[WdesReport | None, list[Check], dict[str, Any], list[str], int]:
    """(report, checks, JSON, sheets written, actions added)."""
    data, report, checks, tables = analyse_wdes(backend, extra_checks)
    organisation = data.settings.organisation
    sheets: list[SheetContent] = []
    added = 0
    if report is not None:
        backend.progress("Updating the action plan")
        added = _actions(backend, tables.get(schema.ACTIONS.name), report)
        sheets.append(build_wdes_summary(report))
        # The same Trends sheet as a WRES refresh writes, from the WDES standard's view.
        sheets.append(build_trends_sheet(wdes_view(report)))
        # The publication view and its internal log, as a WRES refresh writes them (SPEC §5).
        publication, _ = build_wdes_publication_model(report)
        sheets += [render_wdes_publication(publication, report), build_log(publication)]
    sheets.append(build_checks(checks, organisation))
    year = report.year if report is not None else None
    for sheet in sheets:
        backend.progress(f"Writing the {sheet.title} sheet")
        backend.write_sheet(
            print_ready(sheet, organisation=organisation, year=year, standard="WDES")
        )
    return report, checks, wdes_json(report, checks), [s.title for s in sheets], added


def wdes_json(report: WdesReport | None, checks: list[Check]) -> dict[str, Any]:
    """The JSON of a WDES refresh or check (SPEC §10), with every metric 'Not computed'
    when the workbook has no WDES data yet."""
    return wdes_report_json(report, checks) if report is not None else _empty_json(checks)


def _empty_json(checks: Sequence[Check]) -> dict[str, Any]:
    return {
        "standard": "WDES",
        "organisation": "",
        "year": None,
        "settings": {"Standard": "WDES"},
        "indicators": {
            key: {"rating": Rating.NOT_COMPUTED.value, "reason": "no data"}
            for key in WDES.metric_keys
        },
        "checks": [c.as_json() for c in checks],
    }
