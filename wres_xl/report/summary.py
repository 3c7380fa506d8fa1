"""The Summary sheet: all nine indicators, this year and last, with national figures."""

from __future__ import annotations

from wres_xl.core.indicators import (
    INDICATOR_TITLES,
    BoardResult,
    IndicatorResult,
    NotComputed,
    RatioResult,
    SurveyResult,
    WorkforceResult,
    WresReport,
    measure_name,
)
from wres_xl.core.narrative import narrative, senior_test_clause
from wres_xl.core.national import latest_national
from wres_xl.core.schema import ALL_INDICATORS, RL_INDICATORS, SUMMARY_SHEET, SURVEY_INDICATORS
from wres_xl.core.trends import change_text
from wres_xl.report.common import ci_text, headline_rating, organisation_line, title_rows
from wres_xl.report.layout import PrintedTable, SheetContent, legend_rows, rating_style

#: The Summary's layout is fixed, because the template's Action plan formulas read it
#: (workbook/template/calculator.py): indicator i on row HEADER_ROW + i, its rating for the
#: WRES year in column RATING_COLUMN and the change since last year in CHANGE_COLUMN.
HEADER_ROW = 5
FIRST_ROW = HEADER_ROW + 1
RATING_COLUMN, CHANGE_COLUMN = 9, 13


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
        p: object = result.p_value if result.p_value is not None else "not tested"
        return (
            [result.white_rate, result.bme_rate, result.difference_pp, "–", p, "–"],
            [
                "percent",
                "percent",
                "points_bold",
                "text",
                "pvalue" if result.p_value is not None else "text",
                "text",
            ],
        )
    if isinstance(result, WorkforceResult):
        # The headline is senior representation: the White column holds the whole
        # workforce's BME share and the BME column the share at Band 8a and above, each
        # labelled in the cell so neither passes for a White figure.
        senior = result.senior_level("8a+")
        if senior is None or senior.bme_share is None:
            return (
                [result.bme_share, "no staff at 8a+", "–", "–", "–", "–"],
                ["percent_workforce", "text", "text", "text", "text", "text"],
            )
        return (
            [
                result.bme_share,
                senior.bme_share,
                senior.difference_pp,
                "–",
                senior.p_value if senior.p_value is not None else "–",
                "–",
            ],
            [
                "percent_workforce",
                "percent_senior",
                "points_bold",
                "text",
                "pvalue" if senior.p_value is not None else "text",
                "text",
            ],
        )
    if not isinstance(result, BoardResult):
        raise AssertionError("isinstance(result, BoardResult)")
    return (
        [
            result.workforce_share,
            result.voting.share,
            result.gap.difference_pp,
            "–",
            "–",
            "–",
        ],
        ["percent_workforce", "percent_voting", "points_bold", "text", "text", "text"],
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
        senior = result.senior_level("8a+")
        if senior is None or senior.difference_pp is None:
            return "–", "text"
        return senior.difference_pp, "points"
    if not isinstance(result, BoardResult):
        raise AssertionError("isinstance(result, BoardResult)")
    return result.gap.difference_pp, "points"


def _national(indicator: int, year: int) -> tuple[object, str, int | None]:
    """National figure in the same unit as the trust's result column, labelled with the WRES
    year it is for, and that year."""
    value: float | None = None
    style = "text"
    source_year: int | None = None
    if indicator in RL_INDICATORS:
        b = latest_national(indicator, year)
        if b:
            value, style, source_year = b.value, "ratio", b.year
    elif indicator in SURVEY_INDICATORS:
        bme = latest_national(indicator, year, group="bme")
        white = latest_national(indicator, year, group="white")
        if bme and white and bme.year == white.year:
            value, style, source_year = bme.value - white.value, "points", bme.year
    elif indicator == 1:
        # Like for like with the trust's result: the national VSM share minus the national
        # workforce share (the nearest published senior measure), in points.
        vsm = latest_national(1, year, measure="bme_share_of_vsm")
        workforce = latest_national(1, year)
        if vsm and workforce and vsm.year == workforce.year:
            value, style, source_year = vsm.value - workforce.value, "points", vsm.year
    else:
        # The national board share minus the national workforce share, in points.
        board = latest_national(9, year)
        workforce = latest_national(1, year)
        if board and workforce and board.year == workforce.year:
            value, style, source_year = board.value - workforce.value, "points", board.year
    if value is None or source_year is None:
        return "not published", "text", None
    # Written as text naming its year: a national figure is read, never calculated with,
    # and one for another year than the trust's must say so where it stands.
    shown = f"{value:.2f}" if style == "ratio" else f"{value:+.1f} pts"
    if source_year != year:
        return f"{shown} (national {source_year}, not {year})", "wrap", source_year
    return f"{shown} (national {source_year})", "wrap", source_year


def _senior_block(sheet: SheetContent, row: int, report: WresReport, term: str) -> int:
    """Indicator 1's senior headline in full: each level against the whole workforce."""
    result = report.results[1].get(report.year)
    if not isinstance(result, WorkforceResult):
        return row
    sheet.text(row, 2, f"Indicator 1: {term} staff in senior roles, {report.year}", "heading")
    row += 1
    headers = [
        "Level",
        f"{term} staff",
        "Staff",
        f"{term} %",
        f"Workforce {term} %",
        "Difference",
        "p-value",
        "Rating",
        "",
        "",
        "",
        "",
        "",
        "Test",
    ]
    sheet.add(row, 2, [headers], "header_left")
    sheet.row_heights[row] = 30
    row += 1
    for senior in result.senior:
        has_staff = senior.bme_share is not None
        sheet.add(
            row,
            2,
            [
                [
                    senior.label[:1].upper()
                    + senior.label[1:]
                    + (" (incl. VSM)" if senior.level == "8a+" else "")
                    + (" (incl. senior medical managers)" if senior.level == "consultants" else ""),
                    senior.counts.bme,
                    senior.denominator,
                    senior.bme_share if has_staff else "–",
                    senior.overall_share if senior.overall_share is not None else "–",
                    senior.difference_pp if senior.difference_pp is not None else "–",
                    senior.p_value if senior.p_value is not None else "–",
                    senior.rating.value if has_staff else "No staff",
                    "",
                    "",
                    "",
                    "",
                    "",
                    senior_test_clause(senior) if has_staff else "",
                ]
            ],
            styles=[
                [
                    "wrap",
                    "count",
                    "count",
                    "percent_bold" if has_staff else "text",
                    "percent",
                    "points" if senior.difference_pp is not None else "text",
                    "pvalue" if senior.p_value is not None else "text",
                    rating_style(senior.rating) if has_staff else "text",
                    None,
                    None,
                    None,
                    None,
                    None,
                    "wrap",
                ]
            ],
        )
        sheet.row_heights[row] = 28
        row += 1
    return row + 1


def _board_block(sheet: SheetContent, row: int, report: WresReport, term: str) -> int:
    """Indicator 9's four parts: the voting board (the headline), the whole board,
    executive and non-executive members, each against the workforce."""
    result = report.results[9].get(report.year)
    if not isinstance(result, BoardResult):
        return row
    sheet.text(row, 2, f"Indicator 9: the board against the workforce, {report.year}", "heading")
    row += 1
    headers = [
        "Part of the board",
        f"{term} members",
        "Members",
        f"{term} %",
        f"Workforce {term} %",
        "Difference",
    ]
    sheet.add(row, 2, [headers], "header_left")
    sheet.row_heights[row] = 30
    row += 1
    parts = (
        ("Voting members (the headline)", result.voting),
        ("Whole board (voting and non-voting)", result.board),
        ("Executive members", result.executive),
        ("Non-executive members", result.non_executive),
    )
    for label, part in parts:
        sheet.add(
            row,
            2,
            [
                [
                    label,
                    part.counts.bme,
                    part.denominator,
                    part.share if part.share is not None else "–",
                    result.workforce_share,
                    part.difference_pp if part.difference_pp is not None else "–",
                ]
            ],
            styles=[
                [
                    "bold" if part is result.voting else "text",
                    "count",
                    "count",
                    "percent" if part.share is not None else "text",
                    "percent",
                    "points" if part.difference_pp is not None else "text",
                ]
            ],
        )
        row += 1
    short = result.gap.members_for_parity
    sheet.text(
        row,
        2,
        (
            f"{short} more {term} voting member{'s' if short != 1 else ''} would match the "
            f"workforce share (ceil(workforce share × {result.voting.denominator} voting "
            f"members) − {result.voting.counts.bme}); rated {result.rating.value}."
            if short >= 1
            else f"The voting board matches or exceeds the workforce share; rated "
            f"{result.rating.value}."
        ),
        "note",
    )
    return row + 2


def build_summary(report: WresReport) -> SheetContent:
    term = report.settings.bme_term
    sheet = SheetContent(SUMMARY_SHEET, freeze=f"C{FIRST_ROW}")
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
        "National average (year it is for)",
        "What this means",
    ]
    sheet.add(HEADER_ROW, 1, [headers], "header")
    sheet.row_heights[HEADER_ROW] = 42
    row = FIRST_ROW
    for indicator in ALL_INDICATORS:
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
            measure_name(indicator, term),
            *values[:5],
            rating.value if rating else "Not computed",
            values[5],
            prev_value,
            prev_rating.value if prev_rating else "Not computed",
            change_text(indicator, current, previous, report.settings.significance_level, term),
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
    national_years = sorted({n for i in ALL_INDICATORS if (n := _national(i, y)[2]) is not None})
    sheet.text(
        row,
        1,
        "National averages: NHS England WRES data analysis reports for NHS trusts, for WRES "
        + (", ".join(map(str, national_years)) if national_years else "no year yet")
        + f". A figure for a year other than {y} says so in its cell. Shown as: indicator 1 "
        "the national VSM share minus the workforce share; 2–4 the relative likelihood; "
        "5–8 the BME-minus-White gap; 9 the board share minus the workforce share (points).",
        "note",
    )
    row += 2
    years = f"{report.year} and {report.previous_year}"
    senior_row = row
    row = _senior_block(sheet, row, report, term)
    row = _board_block(sheet, row, report, term)
    key_row = row
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
    widths = [5, 30, 20, 20, 20, 10, 14, 8, 18, 12, 10, 18, 30, 18, 70]
    sheet.column_widths = {i + 1: w for i, w in enumerate(widths)}
    # The nine indicators, the senior and board detail, and the key each print from the
    # top of a page (the indicators' table fits on one, so only the titles repeat).
    sheet.print_title_rows = "1:2"
    sheet.tables = [
        PrintedTable(4, senior_row - 1, f"Summary: the nine indicators, {years}"),
        PrintedTable(senior_row, key_row - 1, f"Summary: senior levels and the board, {years}"),
        PrintedTable(key_row, row, "Summary: the colour key"),
    ]
    sheet.print_header = (
        f"Summary: the nine WRES indicators, {report.year} and {report.previous_year}"
    )
    return sheet
