"""The Trends sheet put together: notes, the table, the charts, the targets, the chart data."""

from __future__ import annotations

import re

from wres_xl.core.indicators import WresReport
from wres_xl.core.schema import TRENDS_SHEET
from wres_xl.report.common import organisation_line, title_rows
from wres_xl.report.layout import SheetContent
from wres_xl.report.trends.charts import add_chart_data, add_charts
from wres_xl.report.trends.grid import add_note, column_widths, sheet_cols
from wres_xl.report.trends.table import add_trend_table
from wres_xl.report.trends.targets import add_targets


def build_trends(report: WresReport) -> SheetContent:
    term = report.settings.bme_term
    sheet = SheetContent(TRENDS_SHEET)
    title_rows(sheet, "Trends: the nine indicators over time", organisation_line(report))
    sheet.column_widths = column_widths(report)
    level = report.settings.significance_level
    add_note(
        sheet,
        3,
        f"Change since the year before is judged by a statistical test at p < {level:g}, not "
        "by the raw difference: 'improved' or 'worse' (for "
        f"{term} staff) only when the change is unlikely to be chance; otherwise 'no "
        "significant change'.",
        sheet_cols(report),
    )
    add_note(
        sheet,
        4,
        f"Tests: indicator 1 (the {term} share at Band 8a and above) and 5–8, Fisher's exact "
        f"test on the {term} share in the two years; "
        "2–4, a z-test on the change in the log relative likelihood (Katz standard errors); "
        "9, a change of at least one board member in the shortfall. Colours are explained by "
        "the Rating rows. National averages: NHS England WRES data analysis reports.",
        sheet_cols(report),
    )
    table_cols = sheet_cols(report)
    row = add_trend_table(sheet, report, term) + 2
    charts_row = row
    # The chart data sit at the foot of the sheet, below the targets, but the charts come
    # first: lay the charts out once on scratch to learn how many rows they take.
    scratch_layout, _ = add_chart_data(SheetContent(TRENDS_SHEET), report, term, 1)
    scratch = SheetContent(TRENDS_SHEET, column_widths=sheet.column_widths)
    targets_row = add_charts(scratch, report, term, charts_row, scratch_layout, table_cols) + 1
    sheet.start_table(charts_row, "Trends: charts")
    sheet.start_table(targets_row, f"Aspirational targets, {report.year}")
    data_row = add_targets(sheet, report, term, targets_row) + 2
    sheet.start_table(data_row, "Trends: chart data")
    layout, last_row = add_chart_data(sheet, report, term, data_row)
    sheet.end_tables(last_row)
    add_charts(sheet, report, term, charts_row, layout, table_cols)
    # Print the charts (a page per row of them), the targets and the chart data each from
    # the top of a page, so no chart or table is cut in two.
    chart_rows = sorted({int(re.sub(r"[A-Z]", "", c.anchor)) for c in sheet.charts})
    sheet.row_breaks.extend([charts_row, *chart_rows[1:], targets_row, data_row])
    return sheet
