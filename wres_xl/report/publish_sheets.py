"""The sheets ``wres-xl publish`` leads with: Summary, Charts and Action plan.

All three are built from the suppressed publication model only (``report.published``);
a figure the detailed tables hide is hidden here too, and the charts plot nothing but
the published figures written on the Charts sheet beside them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from wres_xl.core.indicators import INDICATOR_TITLES, WresReport
from wres_xl.core.schema import ALL_INDICATORS, RL_INDICATORS, SURVEY_INDICATORS
from wres_xl.report.common import OUTPUT_TAB, organisation_line, title_rows
from wres_xl.report.document import ActionItem, result_name
from wres_xl.report.layout import (
    BAR_PATTERNS,
    ChartSeries,
    ChartSpec,
    PrintedTable,
    SheetContent,
    rating_style,
)
from wres_xl.report.publication import Publication
from wres_xl.report.published import (
    HIDDEN,
    Headline,
    change_words,
    headline,
    is_number,
    national_figure,
    published_sentence,
    shown,
)
from wres_xl.report.trends import REFERENCE_COLOUR, SERIES_COLOURS

PUBLISHED_SUMMARY = "Summary"
PUBLISHED_CHARTS = "Charts"
PUBLISHED_ACTIONS = "Action plan"
_SUMMARY_HEADER_ROW = 4
#: Chart category labels: short enough to sit level under a bar group (the Summary sheet
#: names each indicator in full).
_SHORT = {i: f"Indicator {i}" for i in range(2, 9)}


def _value(value: object, style: str, marker: str) -> tuple[object, str]:
    if value is HIDDEN:
        return marker, "marker"
    if value is None or value == "":
        return "–", "marker"
    if is_number(value):
        return value, style
    return value, "text"


def build_published_summary(report: WresReport, publication: Publication) -> SheetContent:
    term = report.settings.bme_term
    marker = publication.rules.marker
    year, previous = report.year, report.previous_year
    # The nine indicators fit on the first page; the senior levels print on the second.
    sheet = SheetContent(PUBLISHED_SUMMARY, freeze="C5", print_title_rows="1:2")
    title_rows(sheet, f"WRES {year}: the nine indicators", organisation_line(report))
    sheet.text(
        3,
        1,
        f"Figures are those of the published tables: {marker} marks a figure not published "
        "because it rests on small numbers. Ratings are written in words as well as colour.",
        "note",
    )
    headers = [
        "No.",
        "Indicator",
        "Measure",
        str(year),
        str(previous),
        "Change since last year",
        "National average",
        f"Rating {year}",
        "What this means",
    ]
    sheet.add(_SUMMARY_HEADER_ROW, 1, [headers], "header_left")
    for i in ALL_INDICATORS:
        row = _SUMMARY_HEADER_ROW + i
        now = headline(publication, report, i, year)
        before = headline(publication, report, i, previous)
        now_value, now_style = _value(
            now.result if now.available else None, now.result_style, marker
        )
        before_value, before_style = _value(
            before.result if before.available else None, before.result_style, marker
        )
        national, national_style, _ = national_figure(i, year)
        national_value, national_style = _value(national, national_style, marker)
        # Indicator 1's rating is its senior headline's: the worst published level.
        rating, rating_cell = _value(now.rating if now.available else None, "text", marker)
        if isinstance(rating, str) and rating not in ("–", marker):
            rating_cell = rating_style(rating)
        sheet.add(
            row,
            1,
            [
                [
                    i,
                    INDICATOR_TITLES[i],
                    result_name(i, term),
                    now_value,
                    before_value,
                    change_words(report, publication, i)[0],
                    national_value,
                    rating,
                    published_sentence(now, report),
                ]
            ],
            styles=[
                [
                    "year",
                    "wrap",
                    "wrap",
                    _bold(now_style),
                    before_style,
                    "wrap",
                    national_style,
                    rating_cell,
                    "wrap",
                ]
            ],
        )
    sheet.text(
        15,
        1,
        "National averages are for NHS trusts, from NHS England's WRES data analysis reports "
        f"(newest year available). Survey and board rows show the difference in points; "
        f"relative likelihoods above 1 are worse for {term} staff (indicator 3: {term} ÷ "
        "White).",
        "note_wrap",
    )
    sheet.merges.append((15, 1, 15, 9))
    sheet.tables.append(
        PrintedTable(
            _SUMMARY_HEADER_ROW, 15, f"Summary: the nine indicators, {year} and {previous}"
        )
    )
    _senior_summary(sheet, 17, report, publication)
    sheet.column_widths = {1: 5, 2: 26, 3: 24, 4: 10, 5: 10, 6: 30, 7: 11, 8: 20, 9: 58}
    sheet.row_heights[_SUMMARY_HEADER_ROW] = 28
    sheet.print_header = f"Summary: the nine WRES indicators, {year} and {previous}"
    sheet.tab_colour = OUTPUT_TAB
    return sheet


def _senior_summary(
    sheet: SheetContent, row: int, report: WresReport, publication: Publication
) -> None:
    """Indicator 1's headline in full: each senior level, this year and last, against the
    whole workforce (what a Board acts on), from the published figures only."""
    term = report.settings.bme_term
    marker = publication.rules.marker
    year, previous = report.year, report.previous_year
    now = headline(publication, report, 1, year)
    before = headline(publication, report, 1, previous)
    if not now.available or not now.senior:
        return
    title = f"Indicator 1: {term} staff at senior levels, {year} and {previous}"
    sheet.text(row, 2, title, "heading")
    sheet.tables.append(PrintedTable(row, row + 1 + len(now.senior), title))
    sheet.add(
        row + 1,
        2,
        [
            [
                "Senior level",
                f"{term} % {previous}",
                f"{term} % {year}",
                f"Whole workforce {year}",
                "Difference (points)",
                f"Rating {year}",
                "",
            ]
        ],
        "header_left",
    )
    # The rating spans G:H (the Summary's narrow national column and its rating column), so
    # "Worse to a medium degree" reads on one line as it does in the table above.
    sheet.merges.append((row + 1, 7, row + 1, 8))
    sheet.row_heights[row + 1] = 28
    for n, f in enumerate(now.senior, start=2):
        then = next((b for b in before.senior if b.level == f.level), None)
        cells = [
            (f.label, "wrap"),
            _value(then.share if then else None, "percent", marker),
            _value(f.share, "percent_bold", marker),
            _value(f.workforce_share, "percent", marker),
            _value(f.difference, "points", marker),
            _value(f.rating, "text", marker),
        ]
        rating_value = cells[-1][0]
        if isinstance(rating_value, str) and rating_value not in ("–", marker):
            cells[-1] = (rating_value, rating_style(rating_value))
        cells.append(("", cells[-1][1]))
        sheet.merges.append((row + n, 7, row + n, 8))
        sheet.add(
            row + n,
            2,
            [[value for value, _ in cells]],
            styles=[[style for _, style in cells]],
        )


def _bold(style: str) -> str:
    return f"{style}_bold" if style in ("percent", "ratio", "count") else style


# --------------------------------------------------------------------------- charts


#: Rows of the Charts sheet: each chart and its table on a page of their own (a 10 cm
#: chart is about 22 rows of the default height).
_CHART_BLOCK_ROWS = 24
_CHART_FIRST_ROW = 5


def _bar_series(names: Sequence[tuple[str, int]], first: int, last: int) -> tuple[ChartSeries, ...]:
    """One series per (title, column), each with its own colour and fill pattern."""
    return tuple(
        ChartSeries(title, (first, col, last, col), SERIES_COLOURS[k], pattern=BAR_PATTERNS[k])
        for k, (title, col) in enumerate(names)
    )


@dataclass(frozen=True, slots=True)
class _ChartsPage:
    """The Charts sheet being built: one chart and its table of published figures a page."""

    sheet: SheetContent
    report: WresReport
    publication: Publication
    #: The standard's name and its reference group's word ("WRES", "White").
    standard: str = "WRES"
    reference: str = "White"

    @property
    def term(self) -> str:
        return self.report.settings.bme_term

    @property
    def year(self) -> int:
        return self.report.year

    @property
    def previous(self) -> int:
        return self.report.previous_year

    @property
    def years_text(self) -> str:
        return f"{self.year} and {self.previous}"

    def headline(self, indicator: int, year: int) -> Headline:
        return headline(self.publication, self.report, indicator, year)

    def block(self, n: int, title: str) -> int:
        """Starts the n-th chart's page: its title row (table and year); returns the row
        of its table's header."""
        top = _CHART_FIRST_ROW + n * _CHART_BLOCK_ROWS
        self.sheet.text(top, 1, title, "heading")
        self.sheet.tables.append(PrintedTable(top, top + _CHART_BLOCK_ROWS - 1, title))
        return top + 1


def _number(value: object) -> object:
    """A published number, or None (a blank cell: a gap in the chart) where not published."""
    return value if is_number(value) else None


def build_published_charts(report: WresReport, publication: Publication) -> SheetContent:
    """Native Excel charts over a table of published figures on the same sheet. A figure
    that is not published is a blank cell (a gap in the chart, not a zero bar). Series
    differ by fill pattern (or dash) as well as colour, and every bar carries its value."""
    page = _ChartsPage(SheetContent(PUBLISHED_CHARTS, print_title_rows="1:2"), report, publication)
    _charts_title(page)
    _senior_levels_chart(page)
    _relative_likelihoods_chart(page)
    _survey_chart(page)
    _board_chart(page)
    bands_end = _pay_band_chart(page)
    sheet = page.sheet
    last = sheet.tables[-1]
    sheet.tables[-1] = PrintedTable(last.first_row, max(last.last_row, bands_end), last.title)
    sheet.column_widths = {1: 24, 2: 13, 3: 13, 4: 13}
    sheet.print_header = f"Charts of the published figures, {page.years_text}"
    sheet.tab_colour = OUTPUT_TAB
    return sheet


def _charts_title(page: _ChartsPage) -> None:
    marker = page.publication.rules.marker
    title_rows(
        page.sheet,
        f"{page.standard} {page.year}: charts of the published figures",
        organisation_line(page.report),
    )
    page.sheet.text(
        3,
        1,
        f"Each chart plots the figures in the table to its left. A blank cell ({marker} in the "
        "detailed tables) is a figure not published because it rests on small numbers.",
        "note",
    )


def _senior_levels_chart(page: _ChartsPage) -> None:
    """Indicator 1's headline: the senior levels against the whole workforce."""
    sheet, term, year, previous = page.sheet, page.term, page.year, page.previous
    row = page.block(0, f"Indicator 1: {term} staff at senior levels, {page.years_text}")
    sheet.add(
        row,
        1,
        [["Senior level", str(previous), str(year), f"Whole workforce {year}"]],
        "header_left",
    )
    now = page.headline(1, year)
    before = page.headline(1, previous)
    for n, f in enumerate(now.senior, start=1):
        then = next((b for b in before.senior if b.level == f.level), None)
        sheet.add(
            row + n,
            1,
            [
                [
                    f.label,
                    _number(then.share) if then else None,
                    _number(f.share),
                    _number(now.workforce_bme),
                ]
            ],
            styles=[["wrap", "percent", "percent", "percent"]],
        )
    levels = max(len(now.senior), 1)
    sheet.charts.append(
        ChartSpec(
            "bar",
            f"Indicator 1: {term} share at senior levels against the whole workforce",
            "Senior level",
            f"{term} %",
            f"F{row}",
            (row + 1, 1, row + levels, 1),
            (
                *_bar_series(((str(previous), 2), (str(year), 3)), row + 1, row + levels),
                ChartSeries(
                    f"Whole workforce {year}",
                    (row + 1, 4, row + levels, 4),
                    REFERENCE_COLOUR,
                    dashed=True,
                ),
            ),
            width_cm=17,
            height_cm=9,
            y_min=0,
            y_format="0%",
            data_labels=True,
            description=f"The {term} share at Band 8a and above, 8c and above and among "
            "consultants, last year and this, with the whole workforce's share as a line.",
        )
    )


def _relative_likelihoods_chart(page: _ChartsPage) -> None:
    """Relative likelihoods, indicators 2-4: last year, this year and the national figure."""
    sheet, year, previous = page.sheet, page.year, page.previous
    row = page.block(
        1, f"Relative likelihoods of appointment, disciplinary and training, {page.years_text}"
    )
    sheet.add(row, 1, [["Indicator", str(previous), str(year), "National"]], "header_left")
    for n, i in enumerate(RL_INDICATORS, start=1):
        before = page.headline(i, previous)
        now = page.headline(i, year)
        national, _, _ = national_figure(i, year)
        sheet.add(
            row + n,
            1,
            [[_SHORT[i], _number(before.result), _number(now.result), _number(national)]],
            styles=[["wrap", "ratio", "ratio", "ratio"]],
        )
    sheet.charts.append(
        ChartSpec(
            "bar",
            "Relative likelihoods: appointment, disciplinary, training (1.00 is equal)",
            "Indicator",
            "Relative likelihood",
            f"F{row}",
            (row + 1, 1, row + 3, 1),
            _bar_series(((str(previous), 2), (str(year), 3), ("National", 4)), row + 1, row + 3),
            width_cm=17,
            height_cm=9,
            y_min=0,
            y_format="0.00",
            data_labels=True,
            description="Relative likelihood of each of indicators 2 to 4, last year, this "
            "year and the national average.",
        )
    )


def _survey_chart(page: _ChartsPage) -> None:
    """Survey indicators 5-8: the reference group and the focus group, this year and last."""
    sheet, term, year, previous = page.sheet, page.term, page.year, page.previous
    white = page.reference
    row = page.block(
        2, f"Staff survey: abuse, discrimination and equal opportunities, {page.years_text}"
    )
    sheet.add(
        row,
        1,
        [["Indicator", f"{white} {year}", f"{term} {year}", f"{term} {previous}"]],
        "header_left",
    )
    for n, i in enumerate(SURVEY_INDICATORS, start=1):
        now = page.headline(i, year)
        before = page.headline(i, previous)
        sheet.add(
            row + n,
            1,
            [[_SHORT[i], _number(now.white), _number(now.bme), _number(before.bme)]],
            styles=[["wrap", "percent", "percent", "percent"]],
        )
    sheet.charts.append(
        ChartSpec(
            "bar",
            f"Staff survey indicators: {white} and {term} staff",
            "Indicator",
            "% of staff",
            f"F{row}",
            (row + 1, 1, row + 4, 1),
            _bar_series(
                ((f"{white} {year}", 2), (f"{term} {year}", 3), (f"{term} {previous}", 4)),
                row + 1,
                row + 4,
            ),
            width_cm=17,
            height_cm=9,
            y_min=0,
            y_format="0%",
            data_labels=True,
            description=f"Percentages of {white} and BME staff for each survey indicator.",
        )
    )


def _board_chart(page: _ChartsPage) -> None:
    """Indicator 9: the focus group's share of the voting board and of the workforce."""
    sheet, term = page.sheet, page.term
    row = page.block(3, f"Indicator 9: board membership, {page.years_text}")
    sheet.add(
        row, 1, [["Year", f"{term} % of voting board", f"{term} % of workforce"]], "header_left"
    )
    for n, y in enumerate((page.previous, page.year), start=1):
        h = page.headline(9, y)
        sheet.add(
            row + n,
            1,
            [[str(y), _number(h.board_share), _number(h.workforce_share)]],
            styles=[["text", "percent", "percent"]],
        )
    sheet.charts.append(
        ChartSpec(
            "bar",
            f"Indicator 9: {term} share of the board's voting members and of the workforce",
            "Year",
            f"{term} %",
            f"F{row}",
            (row + 1, 1, row + 2, 1),
            _bar_series(
                ((f"{term} % of voting board", 2), (f"{term} % of workforce", 3)), row + 1, row + 2
            ),
            width_cm=17,
            height_cm=9,
            y_min=0,
            y_format="0%",
            data_labels=True,
        )
    )


def _pay_band_chart(page: _ChartsPage) -> int:
    """Indicator 1's pay bands this year against the whole workforce; returns the last row
    of its table."""
    sheet, term, year = page.sheet, page.term, page.year
    row = page.block(4, f"Indicator 1: {term} share of each pay band, {year}")
    bands = _band_rows(page.report, page.publication)
    sheet.add(row, 1, [["Band", f"{term} %", "Whole workforce"]], "header_left")
    overall = _number(page.headline(1, year).workforce_bme)
    for n, (label, share) in enumerate(bands, start=1):
        sheet.add(
            row + n, 1, [[label, _number(share), overall]], styles=[["text", "percent", "percent"]]
        )
    if bands:
        sheet.charts.append(
            ChartSpec(
                "bar",
                f"Indicator 1: {term} share of each pay band, {year}",
                "Band",
                f"{term} %",
                f"F{row}",
                (row + 1, 1, row + len(bands), 1),
                (
                    ChartSeries(f"{term} %", (row + 1, 2, row + len(bands), 2), SERIES_COLOURS[0]),
                    ChartSeries(
                        "Whole workforce",
                        (row + 1, 3, row + len(bands), 3),
                        REFERENCE_COLOUR,
                        dashed=True,
                    ),
                ),
                width_cm=17,
                height_cm=10,
                y_min=0,
                y_format="0%",
            )
        )
    return row + len(bands)


def _band_rows(report: WresReport, publication: Publication) -> list[tuple[str, object]]:
    section = next(s for s in publication.sections if s.indicator == 1)
    block = next((b for b in section.blocks if b.year == report.year and b.message is None), None)
    if block is None:
        return []
    out: list[tuple[str, object]] = []
    short = {"Non-clinical": "NC", "Clinical": "C", "Medical & Dental": "M&D"}
    for line in block.lines:
        if line.kind != "data" or ", " not in line.name or len(line.cells) < 6:
            continue
        group, band = line.name.split(", ", 1)
        out.append((f"{short.get(group, group)} {band}", shown(publication, line.cells[5])))
    return out


# --------------------------------------------------------------------------- actions


def build_published_actions(report: WresReport, actions: Sequence[ActionItem]) -> SheetContent:
    return published_actions_sheet(
        report.settings.bme_term, report.year, organisation_line(report), actions
    )


def published_actions_sheet(
    term: str,
    year: int,
    subtitle: str,
    actions: Sequence[ActionItem],
    standard: str = "WRES",
    first_column: str = "Indicator",
) -> SheetContent:
    """The published action plan of any standard (WDES passes its own words)."""
    sheet = SheetContent(PUBLISHED_ACTIONS, freeze="A5", print_title_rows="1:4")
    title_rows(sheet, f"{standard} {year}: action plan", subtitle)
    sheet.text(3, 1, f"What the trust will do to improve the experience of {term} staff.", "note")
    headers = [first_column, "Action", "Measure of success", "Timescale", "Lead", "Status"]
    sheet.add(4, 1, [headers], "header_left")
    if not actions:
        sheet.add(5, 1, [["", "No actions yet.", "", "", "", ""]], "text")
    for n, a in enumerate(actions, start=5):
        sheet.add(
            n,
            1,
            [[a.indicator, a.action, a.measure, a.timescale, a.lead, a.status]],
            styles=[["text", "wrap", "wrap", "wrap", "wrap", "text"]],
        )
    sheet.column_widths = {1: 10, 2: 60, 3: 40, 4: 14, 5: 20, 6: 12}
    sheet.print_header = f"Action plan, {standard} {year}"
    sheet.tab_colour = OUTPUT_TAB
    return sheet
