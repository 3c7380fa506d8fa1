"""The comparison workbook of ``wres-xl compare`` (issue 15), as plain sheet data.

One row per trust and indicator, each trust's rank among those compared and its position
against the national figure, and a chart per indicator. A comparison across trusts is a
publication: it goes to ICB boards and regional teams. So a trust's figure appears here only
where that trust's own publication view shows it, decided by the publication model of
``report.publication`` (its ledger and suppression, with the trust's own settings), never by
a second copy of the rule here. Where the publication recomputes a figure from rounded counts
(shares, with ``Round published counts to`` on), the unrounded figure is withheld too.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from wres_xl.core.indicators import (
    INDICATOR_COMPACT_TITLES,
    BoardResult,
    IndicatorResult,
    NotComputed,
    RatioResult,
    SurveyResult,
    WorkforceResult,
    WresReport,
)
from wres_xl.core.model import counted
from wres_xl.core.national import latest_national
from wres_xl.core.schema import ALL_INDICATORS
from wres_xl.core.stats import Rating
from wres_xl.report.common import ci_text, headline_rating
from wres_xl.report.layout import (
    ChartSeries,
    ChartSpec,
    SheetContent,
    print_ready,
    rating_style,
)
from wres_xl.report.publication import Block, Publication, build_publication_model, years_text

if TYPE_CHECKING:
    from wres_xl.core.wdes import WdesReport

COMPARISON_SHEET = "Comparison"
CHARTS_SHEET = "Charts"
ABOUT_SHEET = "About"

#: What each indicator's value is, its unit, and which way is better for BME staff.
MEASURES: dict[int, tuple[str, str, int]] = {
    1: ("BME share of the workforce", "percent", +1),
    2: ("Relative likelihood (White vs BME appointed)", "ratio", -1),
    3: ("Relative likelihood (BME vs White disciplinary)", "ratio", -1),
    4: ("Relative likelihood (White vs BME training)", "ratio", -1),
    5: ("BME % harassed by patients or the public", "percent", -1),
    6: ("BME % harassed by staff", "percent", -1),
    7: ("BME % believing in equal opportunities", "percent", +1),
    8: ("BME % discriminated against", "percent", -1),
    9: ("Voting board BME % minus workforce BME % (points)", "points", +1),
}
WITHHELD = "not published"


@dataclass(frozen=True)
class Trust:
    name: str
    #: A WresReport, or a WdesReport for a WDES comparison.
    report: WresReport | WdesReport


@dataclass(frozen=True)
class Figure:
    """One trust's indicator for one year, as it may be published (None = not shown)."""

    value: float | None
    ci: str
    rating: str
    four_fifths: str
    note: str = ""


def _hidden(publication: Publication, keys: Sequence[object]) -> bool:
    return any(publication.ledger.hidden(k) for k in keys if k in publication.ledger.counts)


def _block(publication: Publication, indicator: int, year: int) -> Block | None:
    for section in publication.sections:
        for block in section.blocks:
            if block.indicator == indicator and block.year == year:
                return block
    return None


def _value(result: IndicatorResult) -> float | None:
    if isinstance(result, WorkforceResult):
        return result.bme_share
    if isinstance(result, RatioResult):
        return result.relative_likelihood
    if isinstance(result, SurveyResult):
        return result.bme_rate
    if isinstance(result, BoardResult):
        return result.voting.difference_pp
    return None


def figure(report: WresReport, publication: Publication, indicator: int, year: int) -> Figure:
    result = report.results.get(indicator, {}).get(year)
    if result is None or isinstance(result, NotComputed):
        return Figure(None, "–", Rating.NOT_COMPUTED.value, "–", "not computed")
    block = _block(publication, indicator, year)
    if publication.problem or block is None or block.message:
        return Figure(None, "–", WITHHELD, "–", "not in the trust's publication view")
    if indicator == 1:
        whole = next((line for line in block.lines if line.label == "Whole workforce"), None)
        # The figure is the whole workforce's BME share: shown when its cell is.
        share = whole.cells[5] if whole is not None and len(whole.cells) > 5 else None
        uses = (
            [k for k in (share.key, *share.uses) if k is not None]
            if share is not None
            else block.keys_used()
        )
    else:
        uses = list(block.headline[1]) if block.headline else block.keys_used()
    if _hidden(publication, uses):
        return Figure(None, "–", WITHHELD, "–", "hidden: small numbers")
    if publication.rules.round_to > 1 and not isinstance(result, RatioResult):
        return Figure(None, "–", WITHHELD, "–", "counts rounded: see the trust's publication")
    four_fifths = "–"
    ci = "–"
    if isinstance(result, RatioResult):
        ci = ci_text(result.ci_low, result.ci_high)
        four_fifths = result.four_fifths.label if result.four_fifths else "–"
    unit = MEASURES[indicator][1]
    return Figure(_shown(_value(result), unit), ci, headline_rating(result).value, four_fifths)


def _ranks(values: dict[str, float], direction: int) -> dict[str, int]:
    """1 = best for BME staff; ties share a rank."""
    ordered = sorted(values.values(), key=lambda v: -direction * v)
    return {name: ordered.index(v) + 1 for name, v in values.items()}


def _versus(
    representation: bool, value: float | None, national: float | None, direction: int
) -> str:
    if value is None or national is None:
        return "–"
    if abs(value - national) < 1e-9:
        return "Same as national"
    if representation:  # representation: a share is higher or lower, not better or worse
        return "Higher than national" if value > national else "Lower than national"
    return "Better than national" if (value - national) * direction > 0 else "Worse than national"


#: Decimal places each unit is shown with; the value written carries no more (SPEC §5).
_PLACES = {"percent": 3, "ratio": 2, "points": 1}


def _shown(value: float | None, unit: str) -> float | None:
    return None if value is None else round(value, _PLACES[unit])


def _fmt_style(unit: str) -> str:
    return {"percent": "percent", "ratio": "ratio", "points": "points"}[unit]


@dataclass(frozen=True)
class Compared:
    """What a comparison of one standard's workbooks reads: its keys, titles and measures,
    each trust's publication and published figures, the national figure and its words."""

    name: str
    focus: str
    unit: str
    count: str
    keys: tuple[str, ...]
    titles: Mapping[str, str]
    #: key → (what the value is, its unit, +1 if higher is better for the focus group).
    measures: Mapping[str, tuple[str, str, int]]
    publish: Callable[[Any], Publication]
    figure: Callable[[Any, Publication, str, int], Figure]
    #: (key, year) → the latest national figure at or before the year, as a fraction.
    national: Callable[[str, int], float | None]
    national_source: str
    #: The key whose figure is a representation share (higher or lower, not better).
    representation: str = "1"
    #: A line for the About sheet on what is not compared ("" for none).
    not_compared: str = ""


def _wres_national(key: str, year: int) -> float | None:
    found = latest_national(int(key), year) if key != "9" else None
    return found.fraction if found is not None else None


WRES_COMPARED = Compared(
    name="WRES",
    focus="BME",
    unit="indicator",
    count="nine",
    keys=tuple(str(i) for i in ALL_INDICATORS),
    titles={str(i): t for i, t in INDICATOR_COMPACT_TITLES.items()},
    measures={str(i): m for i, m in MEASURES.items()},
    publish=build_publication_model,
    figure=lambda report, publication, key, year: figure(report, publication, int(key), year),
    national=_wres_national,
    national_source="NHS England WRES data analysis reports",
)


def build_comparison(
    trusts: Sequence[Trust], standard: Compared = WRES_COMPARED
) -> list[SheetContent]:
    std = standard
    publications = {t.name: std.publish(t.report) for t in trusts}
    figures = {
        (t.name, i): std.figure(t.report, publications[t.name], i, t.report.year)
        for t in trusts
        for i in std.keys
    }
    previous = {
        (t.name, i): std.figure(t.report, publications[t.name], i, t.report.previous_year)
        for t in trusts
        for i in std.keys
    }
    sheet = SheetContent(COMPARISON_SHEET)
    sheet.text(1, 1, f"{std.name} comparison across trusts", "title")
    sheet.text(
        2,
        1,
        "Each figure is shown only where the trust's own publication view shows it. Rank 1 is "
        f"the best for {std.focus} staff among the trusts compared for the same {std.name} "
        "year.",
        "subtitle",
    )
    headers = [
        "Trust",
        f"{std.name} year",
        std.unit.capitalize(),
        "Measure",
        "Value",
        "95% CI",
        "Rating",
        "Four-fifths",
        "Previous year",
        "Change",
        "Rank among compared",
        "National figure",
        "Against national",
        "Note",
    ]
    sheet.add(4, 1, [headers], "header")
    row = 5
    chart_rows: dict[str, list[tuple[str, Figure]]] = {i: [] for i in std.keys}
    for indicator in std.keys:
        measure, unit, direction = std.measures[indicator]
        by_year: dict[int, dict[str, float]] = {}
        for t in trusts:
            value = figures[(t.name, indicator)].value
            if value is not None:
                by_year.setdefault(t.report.year, {})[t.name] = value
        ranks = {year: _ranks(values, direction) for year, values in by_year.items()}
        for t in trusts:
            fig = figures[(t.name, indicator)]
            before = previous[(t.name, indicator)]
            national = std.national(indicator, t.report.year)
            national_value = None if national is None else _shown(national, unit)
            change = (
                fig.value - before.value
                if fig.value is not None and before.value is not None
                else None
            )
            rank = ranks.get(t.report.year, {}).get(t.name)
            count = len(by_year.get(t.report.year, {}))
            values: list[object] = [
                t.name,
                t.report.year,
                f"{indicator}. {std.titles[indicator]}",
                measure,
                fig.value if fig.value is not None else WITHHELD,
                fig.ci,
                fig.rating,
                fig.four_fifths,
                before.value if before.value is not None else "–",
                change if change is not None else "–",
                f"{rank} of {count}" if rank is not None else "–",
                national_value if national_value is not None else "–",
                _versus(indicator == std.representation, fig.value, national_value, direction),
                fig.note,
            ]
            style = _fmt_style(unit)
            change_style = "points" if unit == "percent" else style
            # Text columns wrap (print_ready fits the row heights), so nothing is clipped on
            # paper; a "not published" marker wraps too rather than run into its neighbour.
            styles: list[str | None] = [
                "wrap",
                "year",
                "wrap",
                "wrap",
                style if fig.value is not None else "wrap",
                "text",
                rating_style(fig.rating),
                "wrap",
                style if before.value is not None else "marker",
                change_style if change is not None else "marker",
                "marker",
                style if national_value is not None else "marker",
                "wrap",
                "wrap",
            ]
            if change is not None:
                # Percentages change by points, as the Summary sheet shows changes.
                values[9] = round(change * 100, 1) if unit == "percent" else _shown(change, unit)
            sheet.add(row, 1, [values], styles=[styles])
            chart_rows[indicator].append((t.name, fig))
            row += 1
    # Narrow enough to print one page wide at about 80% (A4 landscape); text wraps.
    sheet.column_widths = {
        1: 22, 2: 7, 3: 16, 4: 22, 5: 9, 6: 13, 7: 15, 8: 9, 9: 9, 10: 10, 11: 9,
        12: 9, 13: 12, 14: 16,
    }  # fmt: skip
    sheet.freeze = "B5"
    sheet.print_title_rows = "4:4"
    when = f"{std.name} {years_text(t.report.year for t in trusts)}"
    sheet.print_header = f"Comparison of {len(trusts)} trusts: the {std.count} {std.unit}s, {when}"
    sheets = [
        sheet,
        _charts(std, chart_rows, len(trusts), when),
        _about(std, trusts, publications, when),
    ]
    for content in sheets:
        content.print_footer = f"wres-xl comparison of {counted(len(trusts), 'trust')} · {when}"
        print_ready(content, organisation="", year=None)
    return sheets


def _charts(
    std: Compared, rows: dict[str, list[tuple[str, Figure]]], count: int, when: str
) -> SheetContent:
    """One chart a page: each indicator's title row (indicator and years), its table and
    its chart start a printed page (``print_ready`` breaks before each table)."""
    sheet = SheetContent(CHARTS_SHEET)
    sheet.text(
        1,
        1,
        f"One chart per {std.unit} (trusts whose figure is not published have no bar)",
        "title",
    )
    top = 3
    for indicator, entries in rows.items():
        measure, unit, _ = std.measures[indicator]
        title = f"{indicator}. {std.titles[indicator]}, {when}"
        sheet.start_table(top, title)
        sheet.text(top, 1, title, "heading")
        sheet.add(top + 1, 1, [["Trust", measure]], "header")
        for n, (name, fig) in enumerate(entries):
            value = fig.value
            sheet.add(
                top + 2 + n,
                1,
                [[name, value if value is not None else fig.note or WITHHELD]],
                # A note wraps in its cell: right-aligned, it ran into the trust's name.
                styles=[["wrap", _fmt_style(unit) if value is not None else "wrap"]],
            )
        first, last = top + 2, top + 1 + len(entries)
        height = max(6.0, 1.2 + 0.6 * len(entries))
        sheet.charts.append(
            ChartSpec(
                kind="barh",
                title=f"{std.unit.capitalize()} {indicator}: {std.titles[indicator]}",
                x_title="",
                y_title=measure,
                anchor=f"D{top + 1}",  # below the title row, which it would cover
                categories=(first, 1, last, 1),
                series=(ChartSeries(measure, (first, 2, last, 2)),),
                width_cm=16,
                height_cm=height,
                y_format={"percent": "0%", "ratio": "0.00", "points": "0.0"}[unit],
                description=f"{measure} for each trust compared",
            )
        )
        top = max(last + 2, top + int(height / 0.5) + 2)
    sheet.end_tables(top - 1)
    # Names up to 42 characters and "hidden: small numbers" on one line, so an
    # indicator's table and chart stay on one page for up to 20 trusts
    # (tests/test_compare.py); A to C and the 16 cm chart at D print at 92% on A4 landscape.
    sheet.column_widths = {1: 40, 2: 22}
    sheet.print_header = f"Charts: each {std.unit} for {count} trusts, {when}"
    return sheet


def _about(
    std: Compared, trusts: Sequence[Trust], publications: dict[str, Publication], when: str
) -> SheetContent:
    from wres_xl.core.suppression import footnote_text

    sheet = SheetContent(ABOUT_SHEET, landscape=False)
    sheet.text(1, 1, "About this comparison", "title")
    lines = [
        f"Made by wres-xl from each trust's {std.name} workbook. Values only: no input data, "
        "no formulas.",
        "A figure is shown only where that trust's own publication view shows it; the others "
        f"read '{WITHHELD}'. National figures: {std.national_source} (the "
        f"latest at or before each trust's {std.name} year).",
    ]
    if std.not_compared:
        lines.append(std.not_compared)
    lines.extend(f"{t.name}: {footnote_text(publications[t.name].rules)}" for t in trusts)
    for n, line in enumerate(lines, start=3):
        sheet.text(n, 1, line, "wrap_plain")
    sheet.column_widths = {1: 88}  # 100 is wider than A4 portrait, and LibreOffice clips it
    sheet.print_header = f"About this comparison, {when}"
    return sheet


# --- WDES ------------------------------------------------------------------------------


def _wdes_value(result: object) -> float | None:
    from wres_xl.core.wdes import ScoreResult, SingleGroupResult

    if isinstance(result, SingleGroupResult):
        return result.rate
    if isinstance(result, ScoreResult):
        return result.disabled
    if isinstance(result, WorkforceResult | RatioResult | SurveyResult | BoardResult):
        return _value(result)
    return None


def wdes_figure(report: WdesReport, publication: Publication, key: str, year: int) -> Figure:
    """One WDES metric of one trust for one year, shown only where its publication shows
    the metric's headline figure and rating (the cells its Summary takes)."""
    from wres_xl.core.wdes_standard import WDES
    from wres_xl.report.published import HIDDEN, shown
    from wres_xl.report.wdes_publication import headline_cells

    item = report.results.get(key, {}).get(year)
    if item is None or isinstance(item.result, NotComputed):
        return Figure(None, "–", Rating.NOT_COMPUTED.value, "–", "not computed")
    section = publication.sections[WDES.metric_keys.index(key)] if publication.sections else None
    block = next((b for b in section.blocks if b.year == year), None) if section else None
    if publication.problem or block is None or block.message:
        return Figure(None, "–", WITHHELD, "–", "not in the trust's publication view")
    cells = headline_cells(key, block)
    if any(shown(publication, c) is HIDDEN for c in cells):
        return Figure(None, "–", WITHHELD, "–", "hidden: small numbers")
    result = item.result
    if publication.rules.round_to > 1 and not isinstance(result, RatioResult):
        return Figure(None, "–", WITHHELD, "–", "counts rounded: see the trust's publication")
    ci, four_fifths = "–", "–"
    if isinstance(result, RatioResult):
        ci = ci_text(result.ci_low, result.ci_high)
        four_fifths = result.four_fifths.label if result.four_fifths else "–"
    unit = WDES_MEASURES[key][1]
    return Figure(_shown(_wdes_value(result), unit), ci, item.rating.value, four_fifths)


def _wdes_publish(report: WdesReport) -> Publication:
    from wres_xl.report.wdes_publication import build_wdes_publication_model

    return build_wdes_publication_model(report)[0]


def _wdes_national(key: str, year: int) -> float | None:
    from wres_xl.core.wdes_data import wdes_national

    if key == "10":  # a share of boards, not the board-minus-workforce points compared here
        return None
    for y in range(year, year - 5, -1):
        found = wdes_national(key, y)
        if found is not None:
            return found.fraction
    return None


#: What each WDES metric's value is, its unit and which way is better for Disabled staff
#: (SPEC §10 directions). 9b is a yes/no with a narrative, so it is not ranked.
WDES_MEASURES: dict[str, tuple[str, str, int]] = {
    "1": ("Disabled share of the workforce", "percent", +1),
    "2": ("Relative likelihood (non-disabled vs Disabled appointed)", "ratio", -1),
    "3": ("Relative likelihood (Disabled vs non-disabled capability)", "ratio", -1),
    "4a-i": ("Disabled % harassed by patients or the public", "percent", -1),
    "4a-ii": ("Disabled % harassed by managers", "percent", -1),
    "4a-iii": ("Disabled % harassed by colleagues", "percent", -1),
    "4b": ("Disabled % saying the last harassment was reported", "percent", +1),
    "5": ("Disabled % believing in equal opportunities", "percent", +1),
    "6": ("Disabled % pressured to work when unwell", "percent", -1),
    "7": ("Disabled % satisfied their work is valued", "percent", +1),
    "8": ("Disabled % with adequate adjustments", "percent", +1),
    "9a": ("Disabled staff engagement score (0–10)", "ratio", +1),
    "10": ("Voting board Disabled % minus workforce Disabled % (points)", "points", +1),
}

WDES_COMPARED = Compared(
    name="WDES",
    focus="Disabled",
    unit="metric",
    count="ten",
    keys=tuple(WDES_MEASURES),
    titles={
        "1": "Representation",
        "2": "Appointment from shortlisting",
        "3": "Formal capability",
        "4a-i": "Harassment from the public",
        "4a-ii": "Harassment from managers",
        "4a-iii": "Harassment from colleagues",
        "4b": "Reporting harassment",
        "5": "Equal opportunities",
        "6": "Pressure to work when unwell",
        "7": "Valued by the organisation",
        "8": "Adequate adjustments",
        "9a": "Engagement score",
        "10": "Board representation",
    },
    measures=WDES_MEASURES,
    publish=_wdes_publish,
    figure=wdes_figure,
    national=_wdes_national,
    national_source="NHS England WDES annual reports, where published",
    not_compared="Metric 9b (whether the trust facilitates the voices of Disabled staff, a yes or "
    "no with a narrative) is not compared or ranked: see each trust's WDES report.",
)
