"""The Summary sheet: all nine indicators, this year and last, with national figures."""

from __future__ import annotations

from wres_xl.core.benchmarks import latest_national
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
from wres_xl.core.narrative import narrative
from wres_xl.core.schema import SUMMARY_SHEET
from wres_xl.core.trends import describe_change
from wres_xl.report.common import ci_text, headline_rating, organisation_line, title_rows
from wres_xl.report.layout import SheetContent, legend_rows, rating_style

HEADER_ROW = 5
FIRST_ROW = HEADER_ROW + 1


def _measure(indicator: int, term: str) -> str:
    return {
        1: f"{term} share of the workforce",
        2: "Relative likelihood (White ÷ " + term + ")",
        3: "Relative likelihood (" + term + " ÷ White)",
        4: "Relative likelihood (White ÷ " + term + ")",
        5: "% of staff (survey)",
        6: "% of staff (survey)",
        7: "% of staff (survey)",
        8: "% of staff (survey)",
        9: "Board share minus workforce share (points)",
    }[indicator]


def _cells(result: IndicatorResult | None) -> tuple[list[object], list[str | None]]:
    """White, BME, result, CI, p, four-fifths values and their styles."""
    if result is None or isinstance(result, NotComputed):
        return ["", "", "", "", "", ""], ["text"] * 6
    if isinstance(result, RatioResult):
        return (
            [
                result.white.rate,
                result.bme.rate,
                result.relative_likelihood if result.relative_likelihood is not None else "n/a",
                ci_text(result.ci_low, result.ci_high),
                result.p_value,
                result.four_fifths.label if result.four_fifths else "–",
            ],
            ["percent", "percent", "ratio_bold", "text", "pvalue", "text"],
        )
    if isinstance(result, SurveyResult):
        return (
            [result.white_rate, result.bme_rate, result.difference_pp, "–", result.p_value, "–"],
            ["percent", "percent", "points", "text", "pvalue", "text"],
        )
    if isinstance(result, WorkforceResult):
        basis = result.basis
        denominator = result.overall.denominator(basis)
        white = result.overall.white / denominator if denominator else None
        return (
            [white, result.bme_share, result.bme_share, "–", "–", "–"],
            ["percent", "percent", "percent_bold", "text", "text", "text"],
        )
    assert isinstance(result, BoardResult)
    return (
        [
            result.workforce_share,
            result.board.share,
            result.gap.difference_pp,
            "–",
            "–",
            "–",
        ],
        ["percent", "percent", "points", "text", "text", "text"],
    )


def _previous_value(result: IndicatorResult | None) -> tuple[object, str]:
    if result is None or isinstance(result, NotComputed):
        return "–", "text"
    if isinstance(result, RatioResult):
        value = result.relative_likelihood
        return (value if value is not None else "n/a"), "ratio"
    if isinstance(result, SurveyResult):
        return result.difference_pp, "points"
    if isinstance(result, WorkforceResult):
        return result.bme_share, "percent"
    assert isinstance(result, BoardResult)
    return result.gap.difference_pp, "points"


def _national(indicator: int, year: int) -> tuple[object, str, str]:
    """National figure in the same unit as the trust's result column, and its source year."""
    if indicator in (2, 3, 4):
        b = latest_national(indicator, year)
        return (b.value, "ratio", str(b.year)) if b else ("–", "text", "")
    if indicator in (5, 6, 7, 8):
        bme = latest_national(indicator, year, group="bme")
        white = latest_national(indicator, year, group="white")
        if bme and white:
            return (bme.value - white.value, "points", str(bme.year))
        return "–", "text", ""
    if indicator == 1:
        b = latest_national(1, year)
        return (b.fraction, "percent", str(b.year)) if b else ("–", "text", "")
    # Like for like with the trust's result: the national board share minus the national
    # workforce share, in points.
    board = latest_national(9, year)
    workforce = latest_national(1, year)
    if board and workforce and board.year == workforce.year:
        return (board.value - workforce.value, "points", str(board.year))
    return "–", "text", ""


def build_summary(report: WresReport) -> SheetContent:
    term = report.settings.bme_term
    sheet = SheetContent(SUMMARY_SHEET, freeze=f"C{FIRST_ROW}", print_title_rows="1:5")
    title_rows(sheet, "WRES summary: the nine indicators", organisation_line(report))
    sheet.text(
        3,
        1,
        f"Ratings compare {term} staff with White staff: a difference is called significant when "
        f"Fisher's exact test gives p < {report.settings.significance_level:g}; its size is "
        "Cohen's h. Relative likelihoods above 1 are worse for "
        f"{term} staff. Colour is always explained by the words in the Rating column.",
        "note",
    )
    y, prev = report.year, report.previous_year
    headers = [
        "No.",
        "Indicator",
        "Measure",
        f"White {y}",
        f"{term} {y}",
        f"Result {y}",
        "95% confidence interval",
        "p-value",
        f"Rating {y}",
        "Four-fifths test",
        f"Result {prev}",
        f"Rating {prev}",
        "Change since last year",
        "National average",
        "What this means",
    ]
    sheet.add(HEADER_ROW, 1, [headers], "header")
    sheet.row_heights[HEADER_ROW] = 42
    row = FIRST_ROW
    for indicator in range(1, 10):
        by_year = report.results[indicator]
        current = by_year.get(y)
        previous = by_year.get(prev)
        values, styles = _cells(current)
        rating = headline_rating(current) if current is not None else None
        prev_rating = headline_rating(previous) if previous is not None else None
        prev_value, prev_style = _previous_value(previous)
        national, national_style, _ = _national(indicator, y)
        line: list[object] = [
            indicator,
            INDICATOR_TITLES[indicator],
            _measure(indicator, term),
            *values[:5],
            rating.value if rating else "Not computed",
            values[5],
            prev_value,
            prev_rating.value if prev_rating else "Not computed",
            describe_change(indicator, current, previous, report.settings.significance_level),
            national,
            narrative(current, term) if current is not None else "",
        ]
        line_styles: list[str | None] = [
            "year",
            "wrap",
            "wrap",
            *styles[:5],
            rating_style(rating) if rating else "text",
            styles[5],
            prev_style,
            rating_style(prev_rating) if prev_rating else "text",
            "wrap",
            national_style,
            "wrap",
        ]
        sheet.add(row, 1, [line], styles=[line_styles])
        sheet.row_heights[row] = 64
        row += 1
    row += 1
    sheet.text(
        row,
        1,
        "National averages: NHS England WRES data analysis reports for NHS trusts "
        "(latest year available for each indicator; survey indicators shown as the "
        "national BME-minus-White gap in points; indicator 9 as the national board share "
        "minus the national workforce share, in points).",
        "note",
    )
    row += 2
    sheet.text(row, 2, "Colour key", "heading")
    row += 1
    sheet.add(row, 2, [["Rating", "Meaning", "", "", ""]], "header_left")
    sheet.merges.append((row, 3, row, 7))
    for label, meaning in legend_rows(term):
        row += 1
        sheet.add(
            row,
            2,
            [[label, meaning, "", "", ""]],
            styles=[[rating_style(str(label)), "text", "text", "text", "text"]],
        )
        # The meaning is longer than one narrow column: let it span the next few.
        sheet.merges.append((row, 3, row, 7))
    row += 2
    sheet.text(
        row,
        2,
        "Four-fifths test (indicators 2–4): NHS England treats a relative likelihood between "
        "0.80 and 1.25 as non-adverse; above 1.25 is adverse.",
        "note",
    )
    widths = [5, 30, 20, 10, 10, 10, 14, 8, 18, 12, 10, 18, 14, 10, 70]
    sheet.column_widths = {i + 1: w for i, w in enumerate(widths)}
    return sheet
