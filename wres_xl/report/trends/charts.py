"""The Trends sheet's charts and the chart data at its foot that they draw."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from wres_xl.core.bands import AFC_BANDS, MEDICAL_BANDS, STAFF_GROUPS, StaffGroup
from wres_xl.core.indicators import (
    BoardResult,
    RatioResult,
    SurveyResult,
    WorkforceResult,
)
from wres_xl.core.standard import Computation, MetricSpec
from wres_xl.core.stats import FOUR_FIFTHS_HIGH, FOUR_FIFTHS_LOW
from wres_xl.core.targets import TARGET_STAFF_GROUPS
from wres_xl.report.layout import ChartSeries, ChartSpec, SheetContent, column_letter
from wres_xl.report.trends.grid import (
    BME_COLOUR,
    FIRST_YEAR_COL,
    LABEL_COL,
    REFERENCE_COLOUR,
    SERIES_COLOURS,
    WHITE_COLOUR,
    add_note,
    sheet_cols,
)
from wres_xl.report.trends.view import TrendView


@dataclass
class _Layout:
    """Where things landed, for the charts."""

    series_rows: dict[str, int] = field(default_factory=dict)
    year_row: int = 0
    band_rows: tuple[int, int] = (0, 0)
    band_cols: dict[str, int] = field(default_factory=dict)


def _px(width: float) -> int:
    """Excel's on-screen width of a column ``width`` characters wide (Calibri/Arial 10)."""
    return int(width * 7 + 5)


_PX_PER_CM = 96 / 2.54
_ROW_CM = 20 / _PX_PER_CM  # default row: 15 points = 20 px


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


def add_chart_data(sheet: SheetContent, view: TrendView, row: int) -> tuple[_Layout, int]:
    """The numbers behind the charts (numbers or blanks only, so missing years are gaps)."""
    layout = _Layout()
    years = list(view.years)
    term, reference, unit = view.term, view.reference, view.unit_title
    sheet.text(row, 1, "Chart data", "heading")
    add_note(
        sheet,
        row + 1,
        "The numbers the charts above draw, rewritten on every refresh. Blank means not "
        "computed for that year.",
        sheet_cols(view),
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

    def per_year(fn: Callable[[object | None], float | None], key: str) -> list[float | None]:
        return [fn(view.result(key, y)) for y in years]

    def rl(r: object | None) -> float | None:
        return r.relative_likelihood if isinstance(r, RatioResult) else None

    for m in view.metrics(Computation.RELATIVE_LIKELIHOOD):
        put(f"rl{m.key}", view.words.short_titles[m.key], per_year(rl, m.key), "ratio")
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
    for m in view.metrics(Computation.SURVEY):
        put(
            f"s{m.key}bme",
            f"{unit} {m.key}: {term} %",
            per_year(lambda r: r.bme_rate if isinstance(r, SurveyResult) else None, m.key),
            "percent",
        )
        put(
            f"s{m.key}white",
            f"{unit} {m.key}: {reference} %",
            per_year(lambda r: r.white_rate if isinstance(r, SurveyResult) else None, m.key),
            "percent",
        )
    view.chart_data(view, put, per_year)
    board = view.metrics(Computation.BOARD)[0].key
    put(
        "board",
        f"{term} % of the board's voting members",
        per_year(lambda r: r.voting.share if isinstance(r, BoardResult) else None, board),
        "percent",
    )
    workforce = view.metrics(Computation.REPRESENTATION)[0].key
    put(
        "workforce",
        f"{term} % of the workforce",
        per_year(lambda r: r.bme_share if isinstance(r, WorkforceResult) else None, workforce),
        "percent",
    )
    national_board = [view.national(board, y) for y in years]
    put(
        "national_board",
        f"National average: {term} % of boards",
        [b.fraction if b else None for b in national_board],
        "percent",
    )
    row += 1
    current = view.result(workforce, view.year)
    if isinstance(current, WorkforceResult):
        sheet.start_table(row, f"Trends: chart data by pay band, {view.year}")
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


@dataclass(frozen=True, slots=True)
class _ChartPage:
    """The charts being laid out: the sheet they go on, the widths of the full, left and right
    slots, the column where the right-hand slot starts and the chart data rows they draw."""

    sheet: SheetContent
    view: TrendView
    charts: list[ChartSpec]
    layout: _Layout
    full_cm: float
    split: int
    left_cm: float
    right_cm: float
    first_col: int
    last_col: int

    @property
    def term(self) -> str:
        return self.view.term

    @property
    def year_cats(self) -> tuple[int, int, int, int]:
        yr = self.layout.year_row
        return (yr, self.first_col, yr, self.last_col)

    @property
    def x_title(self) -> str:
        return f"{self.view.standard.name} year"

    def series_ref(self, key: str) -> tuple[int, int, int, int]:
        r = self.layout.series_rows[key]
        return (r, self.first_col, r, self.last_col)

    def describe(self, row: int, text: str) -> None:
        add_note(self.sheet, row, text, sheet_cols(self.view))


def add_charts(
    sheet: SheetContent, view: TrendView, row: int, layout: _Layout, table_cols: int
) -> int:
    """Charts anchored from ``row`` down, drawing the data rows in ``layout``; returns the
    first free row below them."""
    widths = sheet.column_widths
    full_cm = sum(_px(widths.get(c, 8.43)) for c in range(1, table_cols + 1)) / _PX_PER_CM
    split, left_cm, right_cm = _halves(widths, table_cols)
    years = list(view.years)
    first_col, last_col = FIRST_YEAR_COL, FIRST_YEAR_COL + len(years) - 1
    charts: list[ChartSpec] = []
    page = _ChartPage(
        sheet, view, charts, layout, full_cm, split, left_cm, right_cm, first_col, last_col
    )
    sheet.text(row, 1, "Charts", "heading")
    row += 1
    if layout.band_rows != (0, 0):
        row = _band_chart(page, row)
    row = _rl_and_board_charts(page, row)
    row = _survey_charts(page, row)
    sheet.charts.extend(charts)
    return row + 1


def _band_chart(page: _ChartPage, row: int) -> int:
    """Metric 1: the focus group's share of each pay band by staff group, across the sheet."""
    view, term, charts = page.view, page.term, page.charts
    layout, y = page.layout, view.year
    r1, r2 = layout.band_rows
    height = 11.0
    series = [
        ChartSeries(name, (r1, col, r2, col), SERIES_COLOURS[i % len(SERIES_COLOURS)])
        for i, (name, col) in enumerate(
            (k, c) for k, c in layout.band_cols.items() if k != "overall"
        )
    ]
    workforce = view.metrics(Computation.REPRESENTATION)[0].key
    overall = view.result(workforce, y)
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
            title=f"{view.unit_title} {workforce}: {term} share of each pay band, {y}",
            x_title="Pay band",
            y_title=f"{term} share of the band",
            anchor=f"A{row}",
            categories=(r1, LABEL_COL, r2, LABEL_COL),
            series=tuple(series),
            width_cm=page.full_cm,
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
    page.describe(row, "Chart: " + charts[-1].description)
    return row + 2


def _keys_span(view: TrendView, metrics: list[MetricSpec]) -> str:
    """'indicators 2–4', 'metrics 2 and 3'."""
    keys = [m.key for m in metrics]
    if len(keys) > 2:
        return f"{view.words.unit}s {keys[0]}–{keys[-1]}"
    return view.keys_text(keys)


def _rl_chart(page: _ChartPage, height: float) -> ChartSpec:
    """The relative likelihoods over time, with the four-fifths range dashed."""
    view, term, series_ref = page.view, page.term, page.series_ref
    metrics = view.metrics(Computation.RELATIVE_LIKELIHOOD)
    rl_series = [
        ChartSeries(view.words.short_titles[m.key], series_ref(f"rl{m.key}"), SERIES_COLOURS[n])
        for n, m in enumerate(metrics)
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
    return ChartSpec(
        kind="line",
        title=f"Relative likelihoods ({_keys_span(view, metrics)}) over time",
        x_title=page.x_title,
        y_title="Relative likelihood",
        anchor="",
        categories=page.year_cats,
        series=tuple(rl_series),
        width_cm=page.left_cm,
        height_cm=height,
        y_min=0,
        y_format="0.00",
        description=(
            f"Above 1 is worse for {term} staff; the dashed lines at "
            f"{FOUR_FIFTHS_LOW:.2f} and {FOUR_FIFTHS_HIGH:.2f} bound NHS England's "
            "non-adverse range."
        ),
    )


def _board_chart(page: _ChartPage, height: float) -> ChartSpec:
    """The board's focus-group share against the workforce's and the national boards'."""
    view, term, series_ref = page.view, page.term, page.series_ref
    board = view.metrics(Computation.BOARD)[0].key
    return ChartSpec(
        kind="line",
        title=f"{view.unit_title} {board}: {term} share of the board and of the workforce",
        x_title=page.x_title,
        y_title=f"{term} share",
        anchor="",
        categories=page.year_cats,
        series=(
            ChartSeries(
                f"{term} % of voting board members", series_ref("board"), SERIES_COLOURS[0]
            ),
            ChartSeries(f"{term} % of the workforce", series_ref("workforce"), SERIES_COLOURS[1]),
            ChartSeries(
                f"National average: {term} % of boards",
                series_ref("national_board"),
                REFERENCE_COLOUR,
                dashed=True,
            ),
        ),
        width_cm=page.right_cm,
        height_cm=height,
        y_min=0,
        y_format="0%",
        description=(
            f"The board is short of parity when its {term} share is below the workforce share."
        ),
    )


def _rl_and_board_charts(page: _ChartPage, row: int) -> int:
    """The relative likelihoods (left) and the board against the workforce (right)."""
    height = 9.5
    left = replace(_rl_chart(page, height), anchor=f"A{row}")
    right = replace(_board_chart(page, height), anchor=f"{column_letter(page.split)}{row}")
    page.charts.extend((left, right))
    row += _chart_rows(height)
    page.describe(row, "Left: " + left.description)
    page.describe(row + 1, "Right: " + right.description)
    return row + 3


def _survey_chart(page: _ChartPage, metric: MetricSpec, anchor: str, width: float) -> ChartSpec:
    """One survey metric over time: the two groups, or one group and the national figure,
    or the two groups' engagement scores."""
    view, term, series_ref = page.view, page.term, page.series_ref
    key, worse = metric.key, "higher" if metric.higher_is_worse else "lower"
    what, y_title, y_format = f"{term} %", "% of staff", "0%"
    if metric.computation is Computation.SINGLE_GROUP:
        second = ChartSeries(
            f"National average: {term} staff",
            series_ref(f"s{key}national"),
            REFERENCE_COLOUR,
            dashed=True,
            marked=True,  # WDES metric 8's national figure is published for few years
        )
    else:
        second = ChartSeries(
            f"{view.reference} staff", series_ref(f"s{key}white"), WHITE_COLOUR, dashed=True
        )
    if metric.computation is Computation.SCORE:
        what, y_title, y_format = f"{term} score", "Score (0–10)", "0.0"
    return ChartSpec(
        kind="line",
        title=view.words.short_titles[key],
        x_title=f"{page.x_title} (staff survey of the autumn before)",
        y_title=y_title,
        anchor=anchor,
        categories=page.year_cats,
        series=(ChartSeries(f"{term} staff", series_ref(f"s{key}bme"), BME_COLOUR), second),
        width_cm=width,
        height_cm=8.0,
        y_min=0,
        y_format=y_format,
        description=(
            f"{view.words.short_titles[key]}: {term} staff solid, "
            f"{second.title.removesuffix(' staff')} staff dashed; a {worse} {what} is worse for "
            f"{term} staff."
        ),
    )


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _survey_charts(page: _ChartPage, row: int) -> int:
    """The staff survey metrics, two to a row."""
    view = page.view
    metrics = view.metrics(Computation.SURVEY, Computation.SINGLE_GROUP, Computation.SCORE)
    height = 8.0
    for start in range(0, len(metrics), 2):
        for side, metric in enumerate(metrics[start : start + 2]):
            anchor = f"{'A' if side == 0 else column_letter(page.split)}{row}"
            width = page.left_cm if side == 0 else page.right_cm
            page.charts.append(_survey_chart(page, metric, anchor, width))
        row += _chart_rows(height) + 1
    surveys = view.metrics(Computation.SURVEY, Computation.SINGLE_GROUP)
    higher = [m.key for m in surveys if m.higher_is_worse]
    lower = [m.key for m in surveys if not m.higher_is_worse]
    page.describe(
        row,
        f"Survey charts: {page.term} staff solid line, {view.reference} staff dashed line. "
        f"{_capital(view.keys_text(higher))}: higher is worse; {view.keys_text(lower)}: "
        "lower is worse.",
    )
    return row
