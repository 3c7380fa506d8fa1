"""The Trends sheet: every indicator for every year, national averages, charts and targets.

Laid out as a trust's WRES report lays out its trend page: one "indicator × year" table
(rows are measures, columns are years, then the latest national average), charts drawn
from numbers kept at the foot of the sheet, and the Model Employer aspirational targets
for bands 8a and above.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from wres_xl.core.bands import AFC_BANDS, MEDICAL_BANDS, STAFF_GROUPS, StaffGroup
from wres_xl.core.benchmarks import Benchmark, latest_national, national
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
from wres_xl.core.schema import TRENDS_SHEET
from wres_xl.core.stats import FOUR_FIFTHS_HIGH, FOUR_FIFTHS_LOW
from wres_xl.core.targets import (
    TARGET_STAFF_GROUPS,
    TargetTable,
    aspirational_targets,
    milestones,
    target_share,
)
from wres_xl.core.trends import change_text
from wres_xl.report.common import ci_text, headline_rating, organisation_line, title_rows
from wres_xl.report.layout import ChartSeries, ChartSpec, SheetContent, rating_style
from wres_xl.report.palette import NHS_BLUE, NHS_DARK_GREY, NHS_GREEN, NHS_ORANGE, NHS_PURPLE

LABEL_COL = 2
FIRST_YEAR_COL = 3
TABLE_HEADER_ROW = 6
NUMBER_WIDTH = 14
LABEL_WIDTH = 44

# Colour-blind-safe pairs (blue / orange / dark grey / purple); every series is also
# named in the legend and told apart by its marker or dash, never by colour alone.
BME_COLOUR = NHS_BLUE
WHITE_COLOUR = NHS_ORANGE
REFERENCE_COLOUR = NHS_DARK_GREY
SERIES_COLOURS = (NHS_BLUE, NHS_ORANGE, NHS_PURPLE, NHS_GREEN)

_RL_MEASURE = {
    2: "Relative likelihood (White ÷ {term}) of appointment from shortlisting",
    3: "Relative likelihood ({term} ÷ White) of entering the formal disciplinary process",
    4: "Relative likelihood (White ÷ {term}) of accessing non-mandatory training",
}
_SHORT = {
    2: "Indicator 2: appointment",
    3: "Indicator 3: disciplinary",
    4: "Indicator 4: training",
    5: "Indicator 5: abuse from patients or public",
    6: "Indicator 6: abuse from staff",
    7: "Indicator 7: equal opportunities for progression",
    8: "Indicator 8: discrimination at work",
}

Cell = tuple[object, str | None]
_DASH: Cell = ("–", "marker")


@dataclass
class _Row:
    label: str
    cells: list[Cell]
    national: Cell = ("", "text")
    label_style: str = "text"
    height: float | None = None


@dataclass
class _Layout:
    """Where things landed, for the charts."""

    series_rows: dict[str, int] = field(default_factory=dict)
    year_row: int = 0
    band_rows: tuple[int, int] = (0, 0)
    band_cols: dict[str, int] = field(default_factory=dict)


def _pct(value: float | None, style: str = "percent") -> Cell:
    return (value, style) if value is not None else _DASH


def _national_cell(b: Benchmark | None, header_year: int | None) -> Cell:
    if b is None:
        return ("not published", "marker")
    if header_year is not None and b.year != header_year:
        shown = f"{b.value:.2f}" if b.unit == "ratio" else f"{b.value:.1f}%"
        return (f"{shown} ({b.year})", "marker")
    return (b.fraction, "ratio" if b.unit == "ratio" else "percent")


def _national_per_year(years: Sequence[int], get: Callable[[int], Benchmark | None]) -> list[Cell]:
    out: list[Cell] = []
    for y in years:
        b = get(y)
        out.append((b.fraction, "ratio" if b.unit == "ratio" else "percent") if b else _DASH)
    return out


def _rating_cell(result: IndicatorResult | None) -> Cell:
    if result is None or isinstance(result, NotComputed):
        return ("Not computed", "text")
    rating = headline_rating(result)
    return (rating.value, rating_style(rating))


def _change_cells(report: WresReport, indicator: int) -> list[Cell]:
    cells: list[Cell] = []
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
    shares: list[Cell] = []
    vsm: list[Cell] = []
    senior: dict[str, list[Cell]] = {"8a+": [], "8c+": [], "consultants": []}
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
    values: list[Cell] = []
    cis: list[Cell] = []
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
    bme: list[Cell] = []
    white: list[Cell] = []
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
    board: list[Cell] = []
    workforce: list[Cell] = []
    gap: list[Cell] = []
    short: list[Cell] = []
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


def _trend_table(sheet: SheetContent, report: WresReport, term: str) -> int:
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


def _column_widths(report: WresReport) -> dict[int, float]:
    last = max(FIRST_YEAR_COL + len(report.years), FIRST_YEAR_COL + 5)
    widths: dict[int, float] = {1: 6, LABEL_COL: LABEL_WIDTH}
    for col in range(FIRST_YEAR_COL, last + 1):
        widths[col] = NUMBER_WIDTH
    return widths


def _sheet_cols(report: WresReport) -> int:
    """Columns the sheet spans: the trend table, or the targets table if that is wider."""
    return max(FIRST_YEAR_COL + len(report.years), LABEL_COL + 5)


def _note(sheet: SheetContent, row: int, text: str, cols: int) -> None:
    """A wrapped note across the sheet's width, tall enough for its text."""
    sheet.text(row, 1, text, "note_wrap")
    sheet.merges.append((row, 1, row, cols))
    chars = sum(sheet.column_widths.get(c, 8.43) for c in range(1, cols + 1))
    lines = max(1, math.ceil(len(text) / (chars * 1.1)))
    sheet.row_heights[row] = 12.5 * lines + 1


def _px(width: float) -> int:
    """Excel's on-screen width of a column ``width`` characters wide (Calibri/Arial 10)."""
    return int(width * 7 + 5)


_PX_PER_CM = 96 / 2.54
_ROW_CM = 20 / _PX_PER_CM  # default row: 15 points = 20 px


def _col_letter(col: int) -> str:
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _chart_rows(height_cm: float) -> int:
    return math.ceil(height_cm / _ROW_CM) + 1


def _halves(widths: dict[int, float], table_cols: int) -> tuple[int, float, float]:
    """(column where the right-hand chart starts, left width cm, right width cm)."""
    edges = [0]
    for col in range(1, table_cols + 1):
        edges.append(edges[-1] + _px(widths.get(col, 8.43)))
    total = edges[-1]
    split = min(range(2, table_cols + 1), key=lambda c: abs(edges[c - 1] - total / 2))
    left_cm = edges[split - 1] / _PX_PER_CM - 0.3
    right_cm = (total - edges[split - 1]) / _PX_PER_CM
    return split, left_cm, right_cm


def _chart_data(
    sheet: SheetContent, report: WresReport, term: str, row: int
) -> tuple[_Layout, int]:
    """The numbers behind the charts (numbers or blanks only, so missing years are gaps)."""
    layout = _Layout()
    years = list(report.years)
    sheet.text(row, 1, "Chart data", "heading")
    _note(
        sheet,
        row + 1,
        "The numbers the charts above draw, rewritten on every refresh. Blank means not "
        "computed for that year.",
        _sheet_cols(report),
    )
    row += 2
    sheet.add(
        row,
        LABEL_COL,
        [["Series", *years]],
        styles=[["header_left"] + ["year_header"] * len(years)],
    )
    layout.year_row = row
    row += 1

    def put(key: str, label: str, values: Sequence[float | None], style: str) -> None:
        nonlocal row
        sheet.add(row, LABEL_COL, [[label, *values]], styles=[["text"] + [style] * len(values)])
        layout.series_rows[key] = row
        row += 1

    def per_year(
        fn: Callable[[IndicatorResult | None], float | None], ind: int
    ) -> list[float | None]:
        return [fn(report.results[ind].get(y)) for y in years]

    def rl(r: IndicatorResult | None) -> float | None:
        return r.relative_likelihood if isinstance(r, RatioResult) else None

    for i in (2, 3, 4):
        put(f"rl{i}", _SHORT[i], per_year(rl, i), "ratio")
    put(
        "low",
        f"{FOUR_FIFTHS_LOW:.2f}: lower edge of the non-adverse range",
        [FOUR_FIFTHS_LOW] * len(years),
        "ratio",
    )
    put(
        "high",
        f"{FOUR_FIFTHS_HIGH:.2f}: upper edge of the non-adverse range",
        [FOUR_FIFTHS_HIGH] * len(years),
        "ratio",
    )
    for i in (5, 6, 7, 8):
        put(
            f"s{i}bme",
            f"Indicator {i}: {term} %",
            per_year(lambda r: r.bme_rate if isinstance(r, SurveyResult) else None, i),
            "percent",
        )
        put(
            f"s{i}white",
            f"Indicator {i}: White %",
            per_year(lambda r: r.white_rate if isinstance(r, SurveyResult) else None, i),
            "percent",
        )
    put(
        "board",
        f"{term} % of the board's voting members",
        per_year(lambda r: r.voting.share if isinstance(r, BoardResult) else None, 9),
        "percent",
    )
    put(
        "workforce",
        f"{term} % of the workforce",
        per_year(lambda r: r.bme_share if isinstance(r, WorkforceResult) else None, 1),
        "percent",
    )
    national_board = [national(9, y) for y in years]
    put(
        "national_board",
        f"National average: {term} % of boards",
        [b.fraction if b else None for b in national_board],
        "percent",
    )
    row += 1
    current = report.results[1].get(report.year)
    if isinstance(current, WorkforceResult):
        sheet.start_table(row, f"Trends: chart data by pay band, {report.year}")
        row = _band_chart_data(sheet, current, term, row, layout)
    return layout, row


def _band_chart_data(
    sheet: SheetContent, result: WorkforceResult, term: str, row: int, layout: _Layout
) -> int:
    shares: dict[tuple[StaffGroup, str], float | None] = {
        (b.staff_group, b.band): b.bme_share for b in result.bands if b.counts.total
    }
    afc = [band for band in AFC_BANDS if any((g, band) in shares for g in TARGET_STAFF_GROUPS)]
    medical = [b for b in MEDICAL_BANDS if (StaffGroup.MEDICAL, b) in shares]
    groups = [g for g in STAFF_GROUPS if any(k[0] is g for k in shares)]
    headers: list[object] = ["Band", *[g.value for g in groups], f"Overall {term} share"]
    sheet.add(row, LABEL_COL, [headers], styles=[["header_left"] + ["header"] * (len(headers) - 1)])
    sheet.row_heights[row] = 30
    for i, g in enumerate(groups):
        layout.band_cols[g.value] = LABEL_COL + 1 + i
    layout.band_cols["overall"] = LABEL_COL + 1 + len(groups)
    row += 1
    first = row
    for band in afc + medical:
        values: list[object] = [band]
        values.extend(shares.get((g, band)) for g in groups)
        values.append(result.bme_share)
        sheet.add(row, LABEL_COL, [values], styles=[["text"] + ["percent"] * (len(values) - 1)])
        row += 1
    layout.band_rows = (first, row - 1)
    return row + 1


def _charts(
    sheet: SheetContent, report: WresReport, term: str, row: int, layout: _Layout, table_cols: int
) -> int:
    """Charts anchored from ``row`` down, drawing the data rows in ``layout``; returns the
    first free row below them."""
    widths = sheet.column_widths
    full_cm = sum(_px(widths.get(c, 8.43)) for c in range(1, table_cols + 1)) / _PX_PER_CM
    split, left_cm, right_cm = _halves(widths, table_cols)
    years = list(report.years)
    yr = layout.year_row
    first_col, last_col = FIRST_YEAR_COL, FIRST_YEAR_COL + len(years) - 1
    year_cats = (yr, first_col, yr, last_col)

    def series_ref(key: str) -> tuple[int, int, int, int]:
        r = layout.series_rows[key]
        return (r, first_col, r, last_col)

    charts: list[ChartSpec] = []
    sheet.text(row, 1, "Charts", "heading")
    row += 1

    def describe(at_row: int, col: int, text: str) -> None:
        _note(sheet, at_row, text, _sheet_cols(report))

    y = report.year
    if layout.band_rows != (0, 0):
        r1, r2 = layout.band_rows
        height = 11.0
        series = [
            ChartSeries(name, (r1, col, r2, col), SERIES_COLOURS[i % len(SERIES_COLOURS)])
            for i, (name, col) in enumerate(
                (k, c) for k, c in layout.band_cols.items() if k != "overall"
            )
        ]
        overall = report.results[1][y]
        if not isinstance(overall, WorkforceResult):
            raise AssertionError("isinstance(overall, WorkforceResult)")
        share = overall.bme_share or 0.0
        series.append(
            ChartSeries(
                f"Whole workforce: {share * 100:.1f}%",
                (r1, layout.band_cols["overall"], r2, layout.band_cols["overall"]),
                REFERENCE_COLOUR,
                dashed=True,
            )
        )
        charts.append(
            ChartSpec(
                kind="bar",
                title=f"Indicator 1: {term} share of each pay band, {y}",
                x_title="Pay band",
                y_title=f"{term} share of the band",
                anchor=f"A{row}",
                categories=(r1, LABEL_COL, r2, LABEL_COL),
                series=tuple(series),
                width_cm=full_cm,
                height_cm=height,
                y_min=0,
                y_format="0%",
                description=(
                    f"Bars: the {term} share of each band by staff group; dashed line: the "
                    "share across the whole workforce. Bands below the line are "
                    "under-represented."
                ),
            )
        )
        row += _chart_rows(height)
        describe(row, 1, "Chart: " + charts[-1].description)
        row += 2

    height = 9.5
    rl_series = [
        ChartSeries(_SHORT[i], series_ref(f"rl{i}"), SERIES_COLOURS[n])
        for n, i in enumerate((2, 3, 4))
    ]
    rl_series += [
        ChartSeries(
            f"{FOUR_FIFTHS_LOW:.2f}: lower edge of non-adverse range",
            series_ref("low"),
            REFERENCE_COLOUR,
            dashed=True,
        ),
        ChartSeries(
            f"{FOUR_FIFTHS_HIGH:.2f}: upper edge",
            series_ref("high"),
            REFERENCE_COLOUR,
            dashed=True,
        ),
    ]
    charts.append(
        ChartSpec(
            kind="line",
            title="Relative likelihoods (indicators 2–4) over time",
            x_title="WRES year",
            y_title="Relative likelihood",
            anchor=f"A{row}",
            categories=year_cats,
            series=tuple(rl_series),
            width_cm=left_cm,
            height_cm=height,
            y_min=0,
            y_format="0.00",
            description=(
                f"Above 1 is worse for {term} staff; the dashed lines at "
                f"{FOUR_FIFTHS_LOW:.2f} and {FOUR_FIFTHS_HIGH:.2f} bound NHS England's "
                "non-adverse range."
            ),
        )
    )
    charts.append(
        ChartSpec(
            kind="line",
            title=f"Indicator 9: {term} share of the board and of the workforce",
            x_title="WRES year",
            y_title=f"{term} share",
            anchor=f"{_col_letter(split)}{row}",
            categories=year_cats,
            series=(
                ChartSeries(
                    f"{term} % of voting board members", series_ref("board"), SERIES_COLOURS[0]
                ),
                ChartSeries(
                    f"{term} % of the workforce", series_ref("workforce"), SERIES_COLOURS[1]
                ),
                ChartSeries(
                    f"National average: {term} % of boards",
                    series_ref("national_board"),
                    REFERENCE_COLOUR,
                    dashed=True,
                ),
            ),
            width_cm=right_cm,
            height_cm=height,
            y_min=0,
            y_format="0%",
            description=(
                f"The board is short of parity when its {term} share is below the workforce share."
            ),
        )
    )
    row += _chart_rows(height)
    describe(row, 1, "Left: " + charts[-2].description)
    describe(row + 1, 1, "Right: " + charts[-1].description)
    row += 3

    height = 8.0
    for pair in ((5, 6), (7, 8)):
        for side, indicator in enumerate(pair):
            worse = "higher" if indicator != 7 else "lower"
            charts.append(
                ChartSpec(
                    kind="line",
                    title=_SHORT[indicator],
                    x_title="WRES year (staff survey of the autumn before)",
                    y_title="% of staff",
                    anchor=f"{'A' if side == 0 else _col_letter(split)}{row}",
                    categories=year_cats,
                    series=(
                        ChartSeries(f"{term} staff", series_ref(f"s{indicator}bme"), BME_COLOUR),
                        ChartSeries(
                            "White staff",
                            series_ref(f"s{indicator}white"),
                            WHITE_COLOUR,
                            dashed=True,
                        ),
                    ),
                    width_cm=left_cm if side == 0 else right_cm,
                    height_cm=height,
                    y_min=0,
                    y_format="0%",
                    description=(
                        f"{_SHORT[indicator]}: {term} staff solid, White staff dashed; a "
                        f"{worse} {term} % is worse for {term} staff."
                    ),
                )
            )
        row += _chart_rows(height) + 1
    describe(
        row,
        1,
        f"Survey charts: {term} staff solid line, White staff dashed line. Indicators 5, 6 "
        f"and 8: higher is worse; indicator 7: lower is worse.",
    )
    sheet.charts.extend(charts)
    return row + 1


def _targets(sheet: SheetContent, report: WresReport, term: str, row: int) -> int:
    settings = report.settings
    result = report.results[1].get(report.year)
    sheet.text(
        row,
        1,
        f"Aspirational targets: {term} staff at bands 8a and above by {settings.target_year}",
        "heading",
    )
    row += 1
    target = (
        target_share(result, settings.local_population_bme)
        if isinstance(result, WorkforceResult)
        else None
    )
    if not isinstance(result, WorkforceResult) or target is None:
        _note(
            sheet,
            row,
            f"Not computed: the Workforce table has no usable rows for {report.year}, so there "
            "is nothing to set targets against."
            if not isinstance(result, WorkforceResult)
            else f"Not computed: the Workforce table for {report.year} has no staff of known "
            f"ethnicity, so there is no {term} share to aim for. Fill in the Workforce table, "
            "or set 'Local population BME %' on the Settings sheet.",
            _sheet_cols(report),
        )
        return row + 2
    share, source = target
    source_text = (
        f"your local population's {term} share ({share * 100:.2f}%, the 'Local population BME "
        "%' setting)"
        if source == "local population"
        else f"the {term} share of your whole workforce in {report.year} ({share * 100:.2f}%). "
        "To use your local population instead, fill in 'Local population BME %' on the "
        "Settings sheet"
    )
    notes = [
        f"NHS England's Model Employer goal: {term} representation at every band from 8a "
        f"upward to match {source_text}.",
        f"Equitable headcount = {share * 100:.2f}% × the band's headcount, rounded to the "
        "nearest whole person (halves up). Appointments needed = equitable minus current, "
        "never below zero.",
        "Totals add up the bands, so a band above its equitable level does not make up for "
        "another band below it. Medical & Dental grades are not Agenda for Change bands and "
        "are not included.",
    ]
    for note in notes:
        _note(sheet, row, note, _sheet_cols(report))
        row += 1
    row += 1
    headers: list[object] = [
        "Band",
        f"{term} now",
        "Headcount",
        f"{term} % now",
        f"Equitable {term} headcount",
        f"{term} appointments needed",
    ]
    tables: list[TargetTable] = [
        aspirational_targets(result, share, TARGET_STAFF_GROUPS),
        *[aspirational_targets(result, share, (g,)) for g in TARGET_STAFF_GROUPS],
    ]
    for n, table in enumerate(tables):
        label = f"{table.label} combined" if len(table.staff_groups) > 1 else table.label
        if n:
            # Each staff group's targets print from the top of a page, under the headings.
            sheet.start_table(row, f"Aspirational targets: {label}, {report.year}")
        sheet.add(row, LABEL_COL, [headers], styles=[["header_left"] + ["header"] * 5])
        sheet.row_heights[row] = 40
        row += 1
        sheet.add(row, LABEL_COL, [[label, "", "", "", "", ""]], "bold")
        row += 1
        if not table.bands:
            sheet.add(
                row, LABEL_COL, [["No staff at bands 8a and above", "", "", "", "", ""]], "text"
            )
            row += 1
            continue
        for band in (*table.bands, table.total):
            bold = band.band == "Total"
            sheet.add(
                row,
                LABEL_COL,
                [
                    [
                        band.band,
                        band.current,
                        band.headcount,
                        band.current_share if band.current_share is not None else "–",
                        band.equitable,
                        band.needed,
                    ]
                ],
                styles=[
                    [
                        "bold" if bold else "text",
                        "count_bold" if bold else "count",
                        "count_bold" if bold else "count",
                        "percent_bold" if bold else "percent",
                        "count_bold" if bold else "count",
                        "count_bold" if bold else "count",
                    ]
                ],
            )
            row += 1
    row += 1
    combined = tables[0].total
    steps = milestones(combined.current, combined.needed, report.year, settings.target_year)
    sheet.start_table(row, f"Milestones to {settings.target_year}")
    sheet.text(
        row,
        1,
        f"Milestones to {settings.target_year} (Non-clinical and Clinical combined, an even "
        "pace, if the number of senior posts stays as it is)",
        "heading",
    )
    row += 1
    if not steps:
        _note(
            sheet,
            row,
            f"The target year ({settings.target_year}) is not after the WRES year "
            f"({report.year}). Set a later 'Target year' on the Settings sheet.",
            _sheet_cols(report),
        )
        return row + 2
    sheet.add(
        row,
        LABEL_COL,
        [
            [
                "By 31 March",
                f"{term} appointments that year",
                "Appointments so far",
                f"{term} staff at 8a and above",
            ]
        ],
        styles=[["header_left", "header", "header", "header"]],
    )
    sheet.row_heights[row] = 40
    row += 1
    for step in steps:
        sheet.add(
            row,
            LABEL_COL,
            [[step.year, step.in_year, step.cumulative, step.headcount]],
            styles=[["year", "count", "count", "count"]],
        )
        row += 1
    return row + 1


def build_trends(report: WresReport) -> SheetContent:
    term = report.settings.bme_term
    sheet = SheetContent(TRENDS_SHEET)
    title_rows(sheet, "Trends: the nine indicators over time", organisation_line(report))
    sheet.column_widths = _column_widths(report)
    level = report.settings.significance_level
    _note(
        sheet,
        3,
        f"Change since the year before is judged by a statistical test at p < {level:g}, not "
        "by the raw difference: 'improved' or 'worse' (for "
        f"{term} staff) only when the change is unlikely to be chance; otherwise 'no "
        "significant change'.",
        _sheet_cols(report),
    )
    _note(
        sheet,
        4,
        f"Tests: indicator 1 (the {term} share at Band 8a and above) and 5–8, Fisher's exact "
        f"test on the {term} share in the two years; "
        "2–4, a z-test on the change in the log relative likelihood (Katz standard errors); "
        "9, a change of at least one board member in the shortfall. Colours are explained by "
        "the Rating rows. National averages: NHS England WRES data analysis reports.",
        _sheet_cols(report),
    )
    table_cols = _sheet_cols(report)
    row = _trend_table(sheet, report, term) + 2
    charts_row = row
    # The chart data sit at the foot of the sheet, below the targets, but the charts come
    # first: lay the charts out once on scratch to learn how many rows they take.
    scratch_layout, _ = _chart_data(SheetContent(TRENDS_SHEET), report, term, 1)
    scratch = SheetContent(TRENDS_SHEET, column_widths=sheet.column_widths)
    targets_row = _charts(scratch, report, term, charts_row, scratch_layout, table_cols) + 1
    sheet.start_table(charts_row, "Trends: charts")
    sheet.start_table(targets_row, f"Aspirational targets, {report.year}")
    data_row = _targets(sheet, report, term, targets_row) + 2
    sheet.start_table(data_row, "Trends: chart data")
    layout, last_row = _chart_data(sheet, report, term, data_row)
    sheet.end_tables(last_row)
    _charts(sheet, report, term, charts_row, layout, table_cols)
    # Print the charts (a page per row of them), the targets and the chart data each from
    # the top of a page, so no chart or table is cut in two.
    chart_rows = sorted({int(re.sub(r"[A-Z]", "", c.anchor)) for c in sheet.charts})
    sheet.row_breaks.extend([charts_row, *chart_rows[1:], targets_row, data_row])
    return sheet


__all__ = ["build_trends"]
