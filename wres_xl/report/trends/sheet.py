"""The Trends sheet put together: notes, the table, the charts, the targets, the chart data."""

from __future__ import annotations

import re

from wres_xl.core.indicators import WresReport
from wres_xl.core.schema import TRENDS_SHEET
from wres_xl.report.common import title_rows
from wres_xl.report.layout import SheetContent
from wres_xl.report.trends.charts import add_chart_data, add_charts
from wres_xl.report.trends.grid import add_note, column_widths, sheet_cols
from wres_xl.report.trends.table import add_trend_table
from wres_xl.report.trends.targets import add_targets
from wres_xl.report.trends.view import TrendView, wres_view


def build_trends(report: WresReport) -> SheetContent:
    """The Trends sheet of a WRES workbook."""
    return build_trends_sheet(wres_view(report))


def build_trends_sheet(view: TrendView) -> SheetContent:
    """The Trends sheet of any standard's view (WRES, WDES)."""
    term = view.term
    sheet = SheetContent(TRENDS_SHEET)
    title_rows(
        sheet, f"Trends: the {view.words.count} {view.words.unit}s over time", view.organisation
    )
    sheet.column_widths = column_widths(view)
    level = view.settings.significance_level
    add_note(
        sheet,
        3,
        f"Change since the year before is judged by a statistical test at p < {level:g}, not "
        "by the raw difference: 'improved' or 'worse' (for "
        f"{term} staff) only when the change is unlikely to be chance; otherwise 'no "
        "significant change'.",
        sheet_cols(view),
    )
    add_note(sheet, 4, view.words.tests_note.format(term=term), sheet_cols(view))
    table_cols = sheet_cols(view)
    row = add_trend_table(sheet, view) + 2
    charts_row = row
    # The chart data sit at the foot of the sheet, below the targets, but the charts come
    # first: lay the charts out once on scratch to learn how many rows they take.
    scratch_layout, _ = add_chart_data(SheetContent(TRENDS_SHEET), view, 1)
    scratch = SheetContent(TRENDS_SHEET, column_widths=sheet.column_widths)
    targets_row = add_charts(scratch, view, charts_row, scratch_layout, table_cols) + 1
    sheet.start_table(charts_row, "Trends: charts")
    sheet.start_table(targets_row, f"Aspirational targets, {view.year}")
    data_row = add_targets(sheet, view, targets_row) + 2
    sheet.start_table(data_row, "Trends: chart data")
    layout, last_row = add_chart_data(sheet, view, data_row)
    sheet.end_tables(last_row)
    add_charts(sheet, view, charts_row, layout, table_cols)
    # Print the charts (a page per row of them), the targets and the chart data each from
    # the top of a page, so no chart or table is cut in two.
    chart_rows = sorted({int(re.sub(r"[A-Z]", "", c.anchor)) for c in sheet.charts})
    sheet.row_breaks.extend([charts_row, *chart_rows[1:], targets_row, data_row])
    return sheet
