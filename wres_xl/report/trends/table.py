"""The metric × year table at the top of the Trends sheet, one block of rows per metric by
what the standard computes for it (representation, relative likelihood, survey, board, and
WDES's single-group percentage, engagement score and yes/no)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from wres_xl.core.indicators import (
    BoardResult,
    IndicatorResult,
    NotComputed,
    RatioResult,
    SurveyResult,
    WorkforceResult,
)
from wres_xl.core.model import GroupCounts
from wres_xl.core.national import NationalFigure
from wres_xl.core.standard import Computation, MetricSpec
from wres_xl.core.stats import Rating
from wres_xl.report.common import ci_text, headline_rating
from wres_xl.report.layout import SheetContent, rating_style
from wres_xl.report.trends.grid import FIRST_YEAR_COL, TABLE_HEADER_ROW
from wres_xl.report.trends.view import TrendView

TrendCell = tuple[object, str | None]
#: The longest label that prints whole on one line of the Measure column (the WRES
#: "BME % at Band 8a and above (incl. VSM): the headline").
_LABEL_FITS = 52
DASH: TrendCell = ("–", "marker")


@dataclass
class TrendRow:
    label: str
    cells: list[TrendCell]
    national: TrendCell = ("", "text")
    label_style: str = "text"
    height: float | None = None


def pct(value: float | None, style: str = "percent") -> TrendCell:
    return (value, style) if value is not None else DASH


def national_cell(b: NationalFigure | None, header_year: int | None) -> TrendCell:
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
        out.append((b.fraction, "ratio" if b.unit == "ratio" else "percent") if b else DASH)
    return out


def _rating_cell(result: object | None) -> TrendCell:
    if result is None or isinstance(result, NotComputed):
        return ("Not computed", "text")
    if isinstance(result, IndicatorResult):
        rating = headline_rating(result)
    else:
        rating = getattr(result, "rating", Rating.NOT_COMPUTED)
    return (rating.value, rating_style(rating))


def ratings(view: TrendView, key: str) -> list[TrendCell]:
    return [_rating_cell(view.result(key, y)) for y in view.years]


def change_cells(view: TrendView, metric: MetricSpec) -> list[TrendCell]:
    cells: list[TrendCell] = [("–", "wrap")]
    cells.extend((view.change(metric, y), "wrap") for y in view.years[1:])
    return cells[: len(view.years)]


def _vsm_share(result: WorkforceResult) -> float | None:
    total = GroupCounts()
    for b in result.bands:
        if b.band == "VSM":
            total = total + b.counts
    return total.bme_share(result.basis)


def national_row(view: TrendView, label: str, key: str, **kw: str) -> TrendRow:
    return TrendRow(label, _national_per_year(view.years, lambda y: view.national(key, y, **kw)))


def _representation_rows(
    view: TrendView, metric: MetricSpec, header_year: int | None
) -> list[TrendRow]:
    term, key = view.term, metric.key
    shares: list[TrendCell] = []
    vsm: list[TrendCell] = []
    senior: dict[str, list[TrendCell]] = {"8a+": [], "8c+": [], "consultants": []}
    for y in view.years:
        r = view.result(key, y)
        if isinstance(r, WorkforceResult):
            shares.append(pct(r.bme_share))
            vsm.append(pct(_vsm_share(r)))
            for level, cells in senior.items():
                s = r.senior_level(level)
                style = rating_style(s.rating, "percent") if s else "percent"
                cells.append(pct(s.bme_share if s else None, style))
        else:
            shares.append(DASH)
            vsm.append(DASH)
            for cells in senior.values():
                cells.append(DASH)
    vsm_measure = "bme_share_of_vsm"
    national_label = national_row(view, f"National average: {term} % of the workforce", key)
    national_label.label_style = "wrap"
    return [
        TrendRow(f"{term} % at Band 8a and above (incl. VSM): the headline", senior["8a+"]),
        TrendRow(f"{term} % at Band 8c and above (incl. VSM)", senior["8c+"]),
        TrendRow(f"{term} % of consultants (incl. senior medical managers)", senior["consultants"]),
        TrendRow(
            f"{term} % of the workforce",
            shares,
            national_cell(view.latest_national(key, view.year), header_year),
        ),
        TrendRow(
            f"{term} % of very senior managers (VSM)",
            vsm,
            national_cell(view.latest_national(key, view.year, measure=vsm_measure), header_year),
        ),
        TrendRow(
            "Rating (senior levels against the workforce)",
            ratings(view, key),
            height=26,
        ),
        TrendRow(
            f"Change in the {term} % at Band 8a and above since the year before",
            change_cells(view, metric),
            label_style="wrap",
            height=52,
        ),
        national_label,
        national_row(view, f"National average: {term} % of VSM", key, measure=vsm_measure),
    ]


def rl_measure(view: TrendView, metric: MetricSpec) -> str:
    """'Relative likelihood (White ÷ BME) of appointment from shortlisting'."""
    top, bottom = view.reference, view.term
    if metric.numerator == "focus":
        top, bottom = bottom, top
    return f"Relative likelihood ({top} ÷ {bottom}) of {view.words.rl_phrases[metric.key]}"


def _rl_rows(view: TrendView, metric: MetricSpec, header_year: int | None) -> list[TrendRow]:
    key = metric.key
    values: list[TrendCell] = []
    cis: list[TrendCell] = []
    for y in view.years:
        r = view.result(key, y)
        if isinstance(r, RatioResult) and r.relative_likelihood is not None:
            values.append((r.relative_likelihood, rating_style(r.rating, "ratio")))
            cis.append((ci_text(r.ci_low, r.ci_high), "marker"))
        elif isinstance(r, RatioResult):
            values.append(("n/a", "marker"))
            cis.append(DASH)
        else:
            values.append(DASH)
            cis.append(DASH)
    return [
        TrendRow(
            rl_measure(view, metric),
            values,
            national_cell(view.latest_national(key, view.year), header_year),
            label_style="wrap",
            height=26,
        ),
        TrendRow("95% confidence interval", cis),
        TrendRow("Rating", ratings(view, key), height=26),
        TrendRow("Change since the year before", change_cells(view, metric), height=52),
        national_row(view, "National average relative likelihood", key),
    ]


def _survey_rows(view: TrendView, metric: MetricSpec, header_year: int | None) -> list[TrendRow]:
    term, reference, key = view.term, view.reference, metric.key
    focus: list[TrendCell] = []
    other: list[TrendCell] = []
    for y in view.years:
        r = view.result(key, y)
        if isinstance(r, SurveyResult):
            focus.append((r.bme_rate, rating_style(r.rating, "percent")))
            other.append((r.white_rate, "percent"))
        else:
            focus.append(DASH)
            other.append(DASH)
    return [
        TrendRow(
            f"{term} %",
            focus,
            national_cell(view.latest_national(key, view.year, group="bme"), header_year),
        ),
        TrendRow(
            f"{reference} %",
            other,
            national_cell(view.latest_national(key, view.year, group="white"), header_year),
        ),
        TrendRow(
            f"Rating ({term} compared with {reference})",
            ratings(view, key),
            height=26,
        ),
        TrendRow(
            f"Change in the {term} % since the year before",
            change_cells(view, metric),
            height=52,
        ),
        national_row(view, f"National average: {term} %", key, group="bme"),
        national_row(view, f"National average: {reference} %", key, group="white"),
    ]


def _board_rows(view: TrendView, metric: MetricSpec, header_year: int | None) -> list[TrendRow]:
    term, key = view.term, metric.key
    board: list[TrendCell] = []
    workforce: list[TrendCell] = []
    gap: list[TrendCell] = []
    short: list[TrendCell] = []
    for y in view.years:
        r = view.result(key, y)
        if isinstance(r, BoardResult):
            board.append(pct(r.voting.share, "percent_bold"))
            workforce.append((r.workforce_share, "percent"))
            gap.append((r.gap.difference_pp, "points"))
            short.append((max(0, r.gap.members_for_parity), "count"))
        else:
            for cells in (board, workforce, gap, short):
                cells.append(DASH)
    return [
        TrendRow(
            f"{term} % of the board's voting members",
            board,
            national_cell(view.latest_national(key, view.year), header_year),
        ),
        TrendRow(f"{term} % of the workforce", workforce),
        TrendRow("Voting board minus workforce", gap),
        TrendRow(f"{term} voting members short of the workforce share", short, label_style="wrap"),
        TrendRow("Rating", ratings(view, key)),
        TrendRow(
            "Change in the shortfall since the year before",
            change_cells(view, metric),
            height=52,
        ),
        national_row(view, f"National average: {term} % of boards", key),
    ]


#: The rows of one metric: (view, metric, the header's national year) → rows.
RowBuilder = Callable[[TrendView, MetricSpec, int | None], list["TrendRow"]]

_ROWS: dict[Computation, RowBuilder] = {
    Computation.REPRESENTATION: _representation_rows,
    Computation.RELATIVE_LIKELIHOOD: _rl_rows,
    Computation.SURVEY: _survey_rows,
    Computation.BOARD: _board_rows,
}


def _header_national_year(view: TrendView) -> int | None:
    b = view.latest_national(view.standard.metrics[0].key, view.year)
    return b.year if b else None


def add_trend_table(sheet: SheetContent, view: TrendView) -> int:
    """The metric × year table; returns the first free row below it."""
    years = list(view.years)
    national_col = FIRST_YEAR_COL + len(years)
    header_year = _header_national_year(view)
    sheet.text(TABLE_HEADER_ROW - 1, 1, f"Every {view.words.unit}, every year", "heading")
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
    width = national_col
    span = f"{years[0]} to {years[-1]}" if len(years) > 1 else str(years[0])
    for n, metric in enumerate(view.standard.metrics):
        rows = _ROWS.get(metric.computation, view.rows)(view, metric, header_year)
        # Each metric prints on a page of its own under the column headings (repeated
        # from the second on), so no page holds part of one without its years.
        if n:
            sheet.add(row, 1, [headers], styles=[styles])
            sheet.row_heights[row] = 30
            row += 1
        first = TABLE_HEADER_ROW - 1 if n == 0 else row - 1
        sheet.start_table(first, f"Trends: {view.words.unit} {metric.key}, {span}")
        title = [view.key_cell(metric.key), metric.title] + [""] * (width - 2)
        sheet.add(row, 1, [title], styles=[["year", "bold"] + ["bold"] * (width - 2)])
        row += 1
        for r in rows:
            values: list[object] = ["", r.label, *[c[0] for c in r.cells], r.national[0]]
            label_style, height = r.label_style, r.height
            if label_style == "text" and len(r.label) > _LABEL_FITS:
                # A longer group word ("Disabled", a BME term setting) wraps the label
                # rather than cutting it off at the column's edge.
                label_style, height = "wrap", max(height or 0, 26)
            line_styles: list[str | None] = [
                "text",
                label_style,
                *[c[1] for c in r.cells],
                r.national[1],
            ]
            sheet.add(row, 1, [values], styles=[line_styles])
            if height:
                sheet.row_heights[row] = height
            row += 1
    sheet.end_tables(row - 1)
    sheet.print_header = f"Trends: the {view.words.count} {view.words.unit}s, {span}"
    return row
