"""Shared wording and cell helpers for the output sheets."""

from __future__ import annotations

from wres_xl.core.indicators import (
    IndicatorResult,
    WorkforceResult,
    WresReport,
)
from wres_xl.core.stats import Rating
from wres_xl.report.layout import SheetContent

OUTPUT_TAB = "768692"
_SEVERITY_ORDER = [
    Rating.WORSE_LARGE,
    Rating.WORSE_MEDIUM,
    Rating.WORSE,
    Rating.WORSE_SMALL,
]


def headline_rating(result: IndicatorResult) -> Rating:
    """One rating per indicator: for indicator 1 the most severe band rating, so a trust with
    a band significantly under-represented sees indicator 1 flagged."""
    if isinstance(result, WorkforceResult):
        ratings = {b.rating for b in result.bands}
        for rating in _SEVERITY_ORDER:
            if rating in ratings:
                return rating
        return Rating.EQUIVALENT
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
