"""The WDES report as the Trends sheet reads it: the same sheet, table, charts and targets
as the WRES, from the WDES standard (metrics, computations, directions, group words), its
results by year and the national WDES figures shipped as package data
(``core.wdes_data.wdes_national``).

The change between years uses the same tests as the WRES (``core.trends``): metric 1 as
indicator 1, 2–3 as 2–3, 4a–7 as 5–8 with the metric's direction, 10 as 9, and metric 8 a
Fisher's exact test on the Disabled percentage. Metric 9a's published scores are means
without their spread, so their change is shown but not tested; 9b has no change row.
"""

from __future__ import annotations

from dataclasses import replace

from wres_xl.core.indicators import GroupRate, IndicatorResult
from wres_xl.core.national import NationalFigure
from wres_xl.core.standard import Computation, MetricSpec
from wres_xl.core.trends import NOT_COMPARABLE, Change, compare_years, rate_change
from wres_xl.core.wdes import (
    ScoreResult,
    SingleGroupResult,
    VoicesResult,
    WdesReport,
    engine_indicator,
)
from wres_xl.core.wdes_data import wdes_national
from wres_xl.core.wdes_standard import WDES
from wres_xl.report.trends.table import (
    DASH,
    RowBuilder,
    TrendCell,
    TrendRow,
    change_cells,
    national_cell,
    national_row,
    pct,
    ratings,
)
from wres_xl.report.trends.view import PerYear, PutSeries, TrendView, TrendWords

#: The WRES national measure names the Trends table asks for, as WDES measures; a measure
#: WDES does not publish (VSM share, survey percentages by group) maps to None.
_MEASURES: dict[tuple[str, str | None, str], str | None] = {
    ("1", None, ""): "disabled_share_of_workforce",
    ("2", None, ""): "relative_likelihood",
    ("3", None, ""): "relative_likelihood",
    ("8", None, ""): "percent",
    ("10", None, ""): "disabled_share_of_voting_board",
}

WDES_WORDS = TrendWords(
    unit="metric",
    count="ten",
    rl_phrases={
        "2": "appointment from shortlisting",
        "3": "entering the formal capability process",
    },
    short_titles={
        "2": "Metric 2: appointment",
        "3": "Metric 3: capability",
        "4a-i": "Metric 4a-i: abuse from patients or public",
        "4a-ii": "Metric 4a-ii: abuse from managers",
        "4a-iii": "Metric 4a-iii: abuse from colleagues",
        "4b": "Metric 4b: reporting abuse",
        "5": "Metric 5: equal opportunities for progression",
        "6": "Metric 6: pressure to work when unwell",
        "7": "Metric 7: valued by the organisation",
        "8": "Metric 8: adequate adjustments",
        "9a": "Metric 9a: engagement score",
    },
    tests_note=(
        "Tests: metric 1 (the {term} share at Band 8a and above), 4a–7 and 8, Fisher's exact "
        "test on the {term} share in the two years; "
        "2–3, a z-test on the change in the log relative likelihood (Katz standard errors); "
        "10, a change of at least one board member in the shortfall; 9a's engagement scores "
        "are published without their spread, so their change is not tested. Colours are "
        "explained by the Rating rows. National figures: NHS England WDES annual reports, "
        "where published."
    ),
    target_goal=(
        "WDES sets no national target for senior representation. This goal takes {term} "
        "representation at every band from 8a upward to match {source}, as the WRES Model "
        "Employer goal does for race."
    ),
    status="disability status",
    local_population_fix="",
    local_population_hint="",
)


def _wdes_figure(key: str, year: int, measure: str | None, group: str) -> NationalFigure | None:
    wanted = _MEASURES.get((key, measure, group))
    found = wdes_national(key, year, wanted) if wanted else None
    if found is None:
        return None
    return NationalFigure(0, found.measure, "disabled", found.year, found.value, found.unit)


def _untested(before: float, after: float, unit: str, measure: str, reason: str) -> str:
    """A change shown with its values but no test: 'up from 6.40 to 6.50; not tested (...)'."""
    moved = Change("", before=before, after=after, unit=unit, measure=measure).text()
    return f"{moved.rsplit(';', 1)[0]}; not tested ({reason})"


def _metric_change(
    metric: MetricSpec, current: object | None, previous: object | None, level: float, term: str
) -> Change | str:
    """The change as the tests of ``core.trends`` judge it, or the text of an untested one."""
    if isinstance(current, SingleGroupResult) and isinstance(previous, SingleGroupResult):
        if current.events is None or previous.events is None:
            return _untested(
                previous.rate, current.rate, "percent", f"{term} %", "no respondent counts"
            )
        change = rate_change(
            GroupRate(previous.events, previous.respondents or 0),
            GroupRate(current.events, current.respondents or 0),
            higher_is_better=not metric.higher_is_worse,
            significance_level=level,
        )
        if change.wording == NOT_COMPARABLE:
            return replace(change, measure=f"{term} %")
        # The published percentages, as the Summary shows them (see core.trends).
        return replace(change, measure=f"{term} %", before=previous.rate, after=current.rate)
    if isinstance(current, ScoreResult) and isinstance(previous, ScoreResult):
        return _untested(
            previous.difference,
            current.difference,
            "",
            f"{term} minus {WDES.reference.label} score",
            "published scores have no spread",
        )
    engine = 1 if metric.computation is Computation.REPRESENTATION else 9
    if metric.computation in (Computation.RELATIVE_LIKELIHOOD, Computation.SURVEY):
        engine = engine_indicator(metric)
    cur = current if isinstance(current, IndicatorResult) else None
    prev = previous if isinstance(previous, IndicatorResult) else None
    return compare_years(engine, cur, prev, level, term)


def metric_change(
    metric: MetricSpec, current: object | None, previous: object | None, level: float, term: str
) -> str:
    """The change in one WDES metric from ``previous`` to ``current``, with its test."""
    change = _metric_change(metric, current, previous, level, term)
    return change if isinstance(change, str) else change.text()


def metric_change_wording(
    metric: MetricSpec, current: object | None, previous: object | None, level: float, term: str
) -> str:
    """'improved', 'worse', 'no significant change', ... ('' where no test applies)."""
    change = _metric_change(metric, current, previous, level, term)
    return "" if isinstance(change, str) else change.wording


# --- the rows and chart data of the metrics only WDES has ----------------------------


def _single_group_rows(
    view: TrendView, metric: MetricSpec, header_year: int | None
) -> list[TrendRow]:
    """WDES metric 8: the focus group's percentage alone, its trend and the national figure."""
    term, key = view.term, metric.key
    values = [
        pct(r.rate) if isinstance(r := view.result(key, y), SingleGroupResult) else DASH
        for y in view.years
    ]
    return [
        TrendRow(
            f"{term} %",
            values,
            national_cell(view.latest_national(key, view.year), header_year),
        ),
        TrendRow("Rating (no comparison group)", ratings(view, key), height=26),
        TrendRow(
            f"Change in the {term} % since the year before",
            change_cells(view, metric),
            height=52,
        ),
        national_row(view, f"National average: {term} %", key),
    ]


def _score_rows(view: TrendView, metric: MetricSpec, header_year: int | None) -> list[TrendRow]:
    """WDES metric 9a: each group's 0–10 score and the difference in points."""
    term, reference, key = view.term, view.reference, metric.key
    focus: list[TrendCell] = []
    other: list[TrendCell] = []
    gap: list[TrendCell] = []
    for y in view.years:
        r = view.result(key, y)
        if isinstance(r, ScoreResult):
            focus.append((r.disabled, "ratio"))
            other.append((r.non_disabled, "ratio"))
            gap.append((r.difference, "ratio"))
        else:
            for cells in (focus, other, gap):
                cells.append(DASH)
    return [
        TrendRow(
            f"{term} score (0–10)",
            focus,
            national_cell(view.latest_national(key, view.year), header_year),
        ),
        TrendRow(f"{reference} score (0–10)", other),
        TrendRow(f"{term} minus {reference} (points)", gap),
        TrendRow("Rating", ratings(view, key), height=26),
        TrendRow("Change since the year before", change_cells(view, metric), height=52),
    ]


def _yes_no_rows(view: TrendView, metric: MetricSpec, header_year: int | None) -> list[TrendRow]:
    """WDES metric 9b: yes or no each year (its narrative is on the Summary sheet)."""
    values: list[TrendCell] = []
    for y in view.years:
        r = view.result(metric.key, y)
        if isinstance(r, VoicesResult):
            values.append(("Yes" if r.facilitates else "No", "text"))
        else:
            values.append(DASH)
    return [TrendRow(f"Facilitates the voices of {view.term} staff", values, label_style="wrap")]


def _chart_data(view: TrendView, put: PutSeries, per_year: PerYear) -> None:
    """Chart data of metric 8 (the Disabled percentage and its national figure) and 9a
    (the two groups' engagement scores)."""
    term, reference, unit = view.term, view.reference, view.unit_title
    for m in view.metrics(Computation.SINGLE_GROUP):
        put(
            f"s{m.key}bme",
            f"{unit} {m.key}: {term} %",
            per_year(lambda r: r.rate if isinstance(r, SingleGroupResult) else None, m.key),
            "percent",
        )
        national = [view.national(m.key, y) for y in view.years]
        put(
            f"s{m.key}national",
            f"{unit} {m.key}: national average, {term} %",
            [b.fraction if b else None for b in national],
            "percent",
        )
    for m in view.metrics(Computation.SCORE):
        put(
            f"s{m.key}bme",
            f"{unit} {m.key}: {term} score",
            per_year(lambda r: r.disabled if isinstance(r, ScoreResult) else None, m.key),
            "ratio",
        )
        put(
            f"s{m.key}white",
            f"{unit} {m.key}: {reference} score",
            per_year(lambda r: r.non_disabled if isinstance(r, ScoreResult) else None, m.key),
            "ratio",
        )


_WDES_ROWS: dict[Computation, RowBuilder] = {
    Computation.SINGLE_GROUP: _single_group_rows,
    Computation.SCORE: _score_rows,
    Computation.YES_NO: _yes_no_rows,
}


def _rows(view: TrendView, metric: MetricSpec, header_year: int | None) -> list[TrendRow]:
    return _WDES_ROWS[metric.computation](view, metric, header_year)


def wdes_view(report: WdesReport) -> TrendView:
    """The WDES report as the Trends sheet reads it."""
    years = tuple(sorted({y for by_year in report.results.values() for y in by_year}))
    results = {
        key: {y: item.result for y, item in by_year.items()}
        for key, by_year in report.results.items()
    }
    level, term = report.settings.significance_level, report.settings.bme_term

    def change(metric: MetricSpec, year: int) -> str:
        before = years[years.index(year) - 1]
        by_year = results.get(metric.key, {})
        return metric_change(metric, by_year.get(year), by_year.get(before), level, term)

    org = report.settings.organisation or "Your organisation"
    return TrendView(
        standard=WDES,
        words=WDES_WORDS,
        settings=report.settings,
        year=report.year,
        previous_year=report.previous_year,
        years=years,
        organisation=(
            f"{org} · WDES {report.year} (workforce at 31 March {report.year}) compared with "
            f"{report.previous_year}"
        ),
        results=results,
        national_lookup=_wdes_figure,
        change=change,
        rows=_rows,
        chart_data=_chart_data,
    )
