"""The indicator × year table at the top of the Trends sheet."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from wres_xl.core.indicators import (
    INDICATOR_TITLES,
    BoardResult,
    IndicatorResult,
    NotComputed,
    RatioResult,
    SurveyResult,
    WorkforceResult,
    WresReport,
)
from wres_xl.core.model import GroupCounts
from wres_xl.core.national import NationalFigure, latest_national, national
from wres_xl.core.trends import change_text
from wres_xl.report.common import ci_text, headline_rating
from wres_xl.report.layout import SheetContent, rating_style
from wres_xl.report.trends.grid import FIRST_YEAR_COL, TABLE_HEADER_ROW

_RL_MEASURE = {
    2: "Relative likelihood (White ÷ {term}) of appointment from shortlisting",
    3: "Relative likelihood ({term} ÷ White) of entering the formal disciplinary process",
    4: "Relative likelihood (White ÷ {term}) of accessing non-mandatory training",
}

TrendCell = tuple[object, str | None]
_DASH: TrendCell = ("–", "marker")


@dataclass
class _Row:
    label: str
    cells: list[TrendCell]
    national: TrendCell = ("", "text")
    label_style: str = "text"
    height: float | None = None


def _pct(value: float | None, style: str = "percent") -> TrendCell:
    return (value, style) if value is not None else _DASH


def _national_cell(b: NationalFigure | None, header_year: int | None) -> TrendCell:
    if b is None:
        return ("not published", "marker")
    if header_year is not None and b.year != header_year:
        shown = f"{b.value:.2f}" if b.unit == "ratio" else f"{b.value:.1f}%"
        return (f"{shown} ({b.year})", "marker")
    return (b.fraction, "ratio" if b.unit == "ratio" else "percent")


def _national_per_year(
    years: Sequence[int], get: Callable[[int], NationalFigure | None]
) -> list[TrendCell]:
    out: list[TrendCell] = []
    for y in years:
        b = get(y)
        out.append((b.fraction, "ratio" if b.unit == "ratio" else "percent") if b else _DASH)
    return out


def _rating_cell(result: IndicatorResult | None) -> TrendCell:
    if result is None or isinstance(result, NotComputed):
        return ("Not computed", "text")
    rating = headline_rating(result)
    return (rating.value, rating_style(rating))


def _change_cells(report: WresReport, indicator: int) -> list[TrendCell]:
    cells: list[TrendCell] = []
    by_year = report.results[indicator]
    for i, y in enumerate(report.years):
        if i == 0:
            cells.append(("–", "wrap"))
            continue
        text = change_text(
            indicator,
            by_year.get(y),
            by_year.get(report.years[i - 1]),
            report.settings.significance_level,
            report.settings.bme_term,
        )
        cells.append((text, "wrap"))
    return cells


def _vsm_share(result: WorkforceResult) -> float | None:
    total = GroupCounts()
    for b in result.bands:
        if b.band == "VSM":
            total = total + b.counts
    return total.bme_share(result.basis)


def _indicator1_rows(report: WresReport, term: str, header_year: int | None) -> list[_Row]:
    shares: list[TrendCell] = []
    vsm: list[TrendCell] = []
    senior: dict[str, list[TrendCell]] = {"8a+": [], "8c+": [], "consultants": []}
    for y in report.years:
        r = report.results[1].get(y)
        if isinstance(r, WorkforceResult):
            shares.append(_pct(r.bme_share))
            vsm.append(_pct(_vsm_share(r)))
            for level, cells in senior.items():
                s = r.senior_level(level)
                style = rating_style(s.rating, "percent") if s else "percent"
                cells.append(_pct(s.bme_share if s else None, style))
        else:
            shares.append(_DASH)
            vsm.append(_DASH)
            for cells in senior.values():
                cells.append(_DASH)
    return [
        _Row(f"{term} % at Band 8a and above (incl. VSM): the headline", senior["8a+"]),
        _Row(f"{term} % at Band 8c and above (incl. VSM)", senior["8c+"]),
        _Row(f"{term} % of consultants (incl. senior medical managers)", senior["consultants"]),
        _Row(
            f"{term} % of the workforce",
            shares,
            _national_cell(latest_national(1, report.year), header_year),
        ),
        _Row(
            f"{term} % of very senior managers (VSM)",
            vsm,
            _national_cell(
                latest_national(1, report.year, measure="bme_share_of_vsm"), header_year
            ),
        ),
        _Row(
            "Rating (senior levels against the workforce)",
            [_rating_cell(report.results[1].get(y)) for y in report.years],
            height=26,
        ),
        _Row(
            f"Change in the {term} % at Band 8a and above since the year before",
            _change_cells(report, 1),
            label_style="wrap",
            height=52,
        ),
        _Row(
            f"National average: {term} % of the workforce",
            _national_per_year(report.years, lambda y: national(1, y)),
            label_style="wrap",
        ),
        _Row(
            f"National average: {term} % of VSM",
            _national_per_year(report.years, lambda y: national(1, y, measure="bme_share_of_vsm")),
        ),
    ]


def _rl_rows(report: WresReport, indicator: int, term: str, header_year: int | None) -> list[_Row]:
    values: list[TrendCell] = []
    cis: list[TrendCell] = []
    for y in report.years:
        r = report.results[indicator].get(y)
        if isinstance(r, RatioResult) and r.relative_likelihood is not None:
            values.append((r.relative_likelihood, rating_style(r.rating, "ratio")))
            cis.append((ci_text(r.ci_low, r.ci_high), "marker"))
        elif isinstance(r, RatioResult):
            values.append(("n/a", "marker"))
            cis.append(_DASH)
        else:
            values.append(_DASH)
            cis.append(_DASH)
    return [
        _Row(
            _RL_MEASURE[indicator].format(term=term),
            values,
            _national_cell(latest_national(indicator, report.year), header_year),
            label_style="wrap",
            height=26,
        ),
        _Row("95% confidence interval", cis),
        _Row(
            "Rating",
            [_rating_cell(report.results[indicator].get(y)) for y in report.years],
            height=26,
        ),
        _Row("Change since the year before", _change_cells(report, indicator), height=52),
        _Row(
            "National average relative likelihood",
            _national_per_year(report.years, lambda y: national(indicator, y)),
        ),
    ]


def _survey_rows(
    report: WresReport, indicator: int, term: str, header_year: int | None
) -> list[_Row]:
    bme: list[TrendCell] = []
    white: list[TrendCell] = []
    for y in report.years:
        r = report.results[indicator].get(y)
        if isinstance(r, SurveyResult):
            bme.append((r.bme_rate, rating_style(r.rating, "percent")))
            white.append((r.white_rate, "percent"))
        else:
            bme.append(_DASH)
            white.append(_DASH)
    return [
        _Row(
            f"{term} %",
            bme,
            _national_cell(latest_national(indicator, report.year, group="bme"), header_year),
        ),
        _Row(
            "White %",
            white,
            _national_cell(latest_national(indicator, report.year, group="white"), header_year),
        ),
        _Row(
            f"Rating ({term} compared with White)",
            [_rating_cell(report.results[indicator].get(y)) for y in report.years],
            height=26,
        ),
        _Row(
            f"Change in the {term} % since the year before",
            _change_cells(report, indicator),
            height=52,
        ),
        _Row(
            f"National average: {term} %",
            _national_per_year(report.years, lambda y: national(indicator, y, group="bme")),
        ),
        _Row(
            "National average: White %",
            _national_per_year(report.years, lambda y: national(indicator, y, group="white")),
        ),
    ]


def _board_rows(report: WresReport, term: str, header_year: int | None) -> list[_Row]:
    board: list[TrendCell] = []
    workforce: list[TrendCell] = []
    gap: list[TrendCell] = []
    short: list[TrendCell] = []
    for y in report.years:
        r = report.results[9].get(y)
        if isinstance(r, BoardResult):
            board.append(_pct(r.voting.share, "percent_bold"))
            workforce.append((r.workforce_share, "percent"))
            gap.append((r.gap.difference_pp, "points"))
            short.append((max(0, r.gap.members_for_parity), "count"))
        else:
            for cells in (board, workforce, gap, short):
                cells.append(_DASH)
    return [
        _Row(
            f"{term} % of the board's voting members",
            board,
            _national_cell(latest_national(9, report.year), header_year),
        ),
        _Row(f"{term} % of the workforce", workforce),
        _Row("Voting board minus workforce", gap),
        _Row(f"{term} voting members short of the workforce share", short, label_style="wrap"),
        _Row("Rating", [_rating_cell(report.results[9].get(y)) for y in report.years]),
        _Row(
            "Change in the shortfall since the year before",
            _change_cells(report, 9),
            height=52,
        ),
        _Row(
            f"National average: {term} % of boards",
            _national_per_year(report.years, lambda y: national(9, y)),
        ),
    ]


def _header_national_year(report: WresReport) -> int | None:
    b = latest_national(1, report.year)
    return b.year if b else None


def add_trend_table(sheet: SheetContent, report: WresReport, term: str) -> int:
    """The indicator × year table; returns the first free row below it."""
    years = list(report.years)
    national_col = FIRST_YEAR_COL + len(years)
    header_year = _header_national_year(report)
    sheet.text(TABLE_HEADER_ROW - 1, 1, "Every indicator, every year", "heading")
    headers: list[object] = [
        "No.",
        "Measure",
        *years,
        f"Latest national average ({header_year})" if header_year else "Latest national average",
    ]
    styles: list[str | None] = [
        "header",
        "header_left",
        *["year_header"] * len(years),
        "header",
    ]
    sheet.add(TABLE_HEADER_ROW, 1, [headers], styles=[styles])
    sheet.row_heights[TABLE_HEADER_ROW] = 30
    row = TABLE_HEADER_ROW + 1
    groups: list[tuple[int, list[_Row]]] = [
        (1, _indicator1_rows(report, term, header_year)),
        *[(i, _rl_rows(report, i, term, header_year)) for i in (2, 3, 4)],
        *[(i, _survey_rows(report, i, term, header_year)) for i in (5, 6, 7, 8)],
        (9, _board_rows(report, term, header_year)),
    ]
    width = national_col
    span = f"{years[0]} to {years[-1]}" if len(years) > 1 else str(years[0])
    for indicator, rows in groups:
        # Each indicator prints on a page of its own under the column headings (repeated
        # from the second on), so no page holds part of one without its years.
        if indicator != 1:
            sheet.add(row, 1, [headers], styles=[styles])
            sheet.row_heights[row] = 30
            row += 1
        first = TABLE_HEADER_ROW - 1 if indicator == 1 else row - 1
        sheet.start_table(first, f"Trends: indicator {indicator}, {span}")
        title = [indicator, INDICATOR_TITLES[indicator]] + [""] * (width - 2)
        sheet.add(row, 1, [title], styles=[["year", "bold"] + ["bold"] * (width - 2)])
        row += 1
        for r in rows:
            values: list[object] = ["", r.label, *[c[0] for c in r.cells], r.national[0]]
            line_styles: list[str | None] = [
                "text",
                r.label_style,
                *[c[1] for c in r.cells],
                r.national[1],
            ]
            sheet.add(row, 1, [values], styles=[line_styles])
            if r.height:
                sheet.row_heights[row] = r.height
            row += 1
    sheet.end_tables(row - 1)
    sheet.print_header = f"Trends: the nine indicators, {span}"
    return row
