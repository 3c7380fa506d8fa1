"""Shared wording and cell helpers for the output sheets."""

from __future__ import annotations

from wres_xl.core.indicators import IndicatorResult, WresReport
from wres_xl.core.stats import Rating
from wres_xl.report.layout import SheetContent
from wres_xl.report.palette import NHS_MID_GREY

OUTPUT_TAB = NHS_MID_GREY

#: Indicator 1's senior levels as a table row names them (SeniorResult.level → label).
SENIOR_ROW_NAMES: dict[str, str] = {
    "8a+": "Band 8a and above (incl. VSM)",
    "8c+": "Band 8c and above (incl. VSM)",
    "consultants": "Consultants (incl. senior medical managers)",
}


def headline_rating(result: IndicatorResult) -> Rating:
    """One rating per indicator. Indicator 1's is its senior headline (the worst of Band 8a
    and above, 8c and above and consultants against the workforce), not a band rating:
    bands describe representation, which is neither better nor worse."""
    return result.rating


def ci_text(low: float | None, high: float | None) -> str:
    if low is None or high is None:
        return "–"
    return f"{low:.2f} to {high:.2f}"


def title_rows(sheet: SheetContent, title: str, subtitle: str) -> None:
    sheet.text(1, 1, title, "title")
    sheet.text(2, 1, subtitle, "subtitle")
    sheet.row_heights[1] = 24
    sheet.tab_colour = OUTPUT_TAB


def organisation_line(report: WresReport) -> str:
    org = report.settings.organisation or "Your organisation"
    return (
        f"{org} · WRES {report.year} (workforce at 31 March {report.year}) compared with "
        f"{report.previous_year}"
    )
