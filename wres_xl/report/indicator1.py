"""The Indicator 1 sheet: representation by pay band, per staff group, this year and last."""

from __future__ import annotations

from wres_xl.core.bands import STAFF_GROUPS
from wres_xl.core.indicators import NotComputed, WorkforceResult, WresReport
from wres_xl.core.model import GroupCounts, PercentBasis
from wres_xl.core.narrative import narrative
from wres_xl.core.schema import INDICATOR1_SHEET
from wres_xl.report.common import SENIOR_ROW_NAMES, organisation_line, title_rows
from wres_xl.report.layout import (
    SheetContent,
    rating_style,
    representation_legend_rows,
)

COLUMNS = 11


def _year_block(sheet: SheetContent, row: int, result: WorkforceResult, term: str) -> int:
    basis_note = (
        "Percentages of all staff (Unknown included)"
        if result.basis is PercentBasis.ALL_STAFF
        else "Percentages of staff whose ethnicity is known"
    )
    overall = result.bme_share
    sheet.start_table(
        row,
        f"Indicator 1: {term} staff at senior levels and the workforce, 31 March {result.year}",
    )
    sheet.text(row, 1, f"Workforce at 31 March {result.year}", "heading")
    local = result.local_population_share
    excluding = result.excluding_medical_share
    sheet.text(
        row + 1,
        1,
        f"{basis_note}. Overall {term} share: "
        + (f"{overall * 100:.1f}%" if overall is not None else "–")
        + (f"; excluding Medical & Dental: {excluding * 100:.1f}%" if excluding is not None else "")
        + (
            f"; local population (Settings): {local * 100:.1f}%"
            if local is not None
            else "; local population: not set (Settings, 'Local population BME %')"
        )
        + f". Each band's and cluster's {term} share is rated as representation against the "
        "rest of the workforce.",
        "note",
    )
    row += 2
    row = _senior_rows(sheet, row, result, term)
    for group in STAFF_GROUPS:
        bands = [b for b in result.bands if b.staff_group is group]
        if not bands:
            continue
        row = _table_title(
            sheet, row, f"Indicator 1: {group.value} staff by pay band, 31 March {result.year}"
        )
        headers = [
            f"{group.value}: band",
            "White",
            term,
            "Unknown",
            "Total",
            "White %",
            f"{term} %",
            "Unknown %",
            "p-value",
            "Rating",
            "Difference from overall",
        ]
        sheet.add(row, 1, [headers], "header")
        sheet.row_heights[row] = 30
        row += 1
        for band in bands:
            counts = band.counts
            denominator = counts.denominator(result.basis)

            def share(n: int, d: int = denominator) -> object:
                return n / d if d else "–"

            unknown_share: object = (
                share(counts.unknown) if result.basis is PercentBasis.ALL_STAFF else "–"
            )
            diff = (
                (band.bme_share - overall) * 100
                if band.bme_share is not None and overall is not None
                else "–"
            )
            sheet.add(
                row,
                1,
                [
                    [
                        band.band,
                        counts.white,
                        counts.bme,
                        counts.unknown,
                        counts.total,
                        share(counts.white),
                        share(counts.bme),
                        unknown_share,
                        band.p_value if band.p_value is not None else "–",
                        band.rating.value,
                        diff,
                    ]
                ],
                styles=[
                    [
                        "text",
                        "count",
                        "count",
                        "count",
                        "count",
                        "percent",
                        rating_style(band.rating, "percent"),
                        "percent",
                        "pvalue",
                        rating_style(band.rating),
                        "points",
                    ]
                ],
            )
            row += 1
        totals = result.staff_group_totals.get(group)
        if totals is not None:
            _total_row(sheet, row, f"All {group.value}", totals, result.basis, benchmark=False)
            row += 2
    _total_row(
        sheet,
        row,
        "All staff excluding Medical & Dental",
        result.excluding_medical,
        result.basis,
        benchmark=False,
    )
    row += 1
    _total_row(sheet, row, "Whole workforce", result.overall, result.basis, benchmark=True)
    row += 2
    if result.clusters:
        row = _table_title(sheet, row, f"Indicator 1: NHS England clusters, 31 March {result.year}")
    row = _cluster_rows(sheet, row, result, term)
    sheet.text(row, 1, narrative(result, term), "note")
    return row + 3


def _senior_rows(sheet: SheetContent, row: int, result: WorkforceResult, term: str) -> int:
    """The headline: the BME share at senior levels against the whole workforce."""
    headers = [
        "Senior level",
        "White",
        term,
        "Unknown",
        "Total",
        f"{term} %",
        f"Workforce {term} %",
        "Difference",
        "p-value",
        "Rating",
    ]
    sheet.add(row, 1, [headers], "header")
    sheet.row_heights[row] = 30
    row += 1
    names = SENIOR_ROW_NAMES
    for senior in result.senior:
        c = senior.counts
        has_staff = senior.bme_share is not None
        sheet.add(
            row,
            1,
            [
                [
                    names[senior.level],
                    c.white,
                    c.bme,
                    c.unknown,
                    c.total,
                    senior.bme_share if has_staff else "–",
                    senior.overall_share if senior.overall_share is not None else "–",
                    senior.difference_pp if senior.difference_pp is not None else "–",
                    senior.p_value if senior.p_value is not None else "–",
                    senior.rating.value if has_staff else "No staff",
                ]
            ],
            styles=[
                [
                    "wrap",
                    "count",
                    "count",
                    "count",
                    "count",
                    "percent_bold" if has_staff else "text",
                    "percent",
                    "points" if senior.difference_pp is not None else "text",
                    "pvalue" if senior.p_value is not None else "text",
                    rating_style(senior.rating) if has_staff else "text",
                ]
            ],
        )
        row += 1
    sheet.text(
        row,
        1,
        f"Senior levels are rated for {term} staff: Worse when the senior {term} share is "
        "significantly below the whole workforce's (Fisher's exact test against the rest of the "
        "workforce), Better when significantly above.",
        "note",
    )
    return row + 2


def _table_title(sheet: SheetContent, row: int, title: str) -> int:
    """A title row that starts a printed table (a page of its own); the row after it."""
    sheet.start_table(row, title)
    sheet.text(row, 1, title, "heading")
    return row + 1


def _cluster_rows(sheet: SheetContent, row: int, result: WorkforceResult, term: str) -> int:
    """NHS England's clusters per staff group, rated as representation like the bands."""
    if not result.clusters:
        return row
    sheet.text(row, 1, "NHS England clusters", "heading")
    row += 1
    headers = [
        "Staff group: cluster",
        "White",
        term,
        "Unknown",
        "Total",
        "White %",
        f"{term} %",
        "Unknown %",
        "p-value",
        "Rating",
        "Difference from overall",
    ]
    sheet.add(row, 1, [headers], "header")
    sheet.row_heights[row] = 30
    row += 1
    overall = result.bme_share
    for cluster in result.clusters:
        counts = cluster.counts
        d = counts.denominator(result.basis)
        sheet.add(
            row,
            1,
            [
                [
                    f"{cluster.staff_group.value}: {cluster.band}",
                    counts.white,
                    counts.bme,
                    counts.unknown,
                    counts.total,
                    counts.white / d if d else "–",
                    counts.bme / d if d else "–",
                    counts.unknown / d if d and result.basis is PercentBasis.ALL_STAFF else "–",
                    cluster.p_value if cluster.p_value is not None else "–",
                    cluster.rating.value,
                    (cluster.bme_share - overall) * 100
                    if cluster.bme_share is not None and overall is not None
                    else "–",
                ]
            ],
            styles=[
                [
                    "wrap",
                    "count",
                    "count",
                    "count",
                    "count",
                    "percent",
                    rating_style(cluster.rating, "percent"),
                    "percent",
                    "pvalue",
                    rating_style(cluster.rating),
                    "points",
                ]
            ],
        )
        row += 1
    return row + 1


def _total_row(
    sheet: SheetContent,
    row: int,
    label: str,
    counts: GroupCounts,
    basis: PercentBasis,
    *,
    benchmark: bool,
) -> None:
    """A bold total line; the whole workforce's BME share is the benchmark every band is
    rated against, so it carries the Benchmark colour and word."""
    d = counts.denominator(basis)
    unknown_share: object = counts.unknown / d if d and basis is PercentBasis.ALL_STAFF else "–"
    sheet.add(
        row,
        1,
        [
            [
                label,
                counts.white,
                counts.bme,
                counts.unknown,
                counts.total,
                counts.white / d if d else "–",
                counts.bme / d if d else "–",
                unknown_share,
                "",
                "Benchmark" if benchmark else "",
                "",
            ]
        ],
        styles=[
            [
                "bold",
                *["count_bold"] * 4,
                "percent_bold",
                "percent:Benchmark" if benchmark else "percent_bold",
                "percent_bold",
                "text",
                "rating:Benchmark" if benchmark else "text",
                "text",
            ]
        ],
    )


def build_indicator1(report: WresReport) -> SheetContent:
    term = report.settings.bme_term
    sheet = SheetContent(INDICATOR1_SHEET, print_title_rows="1:2")
    title_rows(sheet, "Indicator 1: representation by pay band", organisation_line(report))
    row = 4
    for year in (report.year, report.previous_year):
        result = report.results[1].get(year)
        if result is None:
            continue
        if isinstance(result, NotComputed):
            sheet.start_table(row, f"Indicator 1: workforce at 31 March {year}")
            sheet.text(row, 1, f"Workforce at 31 March {year}", "heading")
            sheet.text(row + 1, 1, narrative(result, term), "note")
            row += 4
            continue
        if not isinstance(result, WorkforceResult):
            raise AssertionError("isinstance(result, WorkforceResult)")
        row = _year_block(sheet, row, result, term)
    sheet.start_table(row, "Indicator 1: key to the representation ratings")
    row = _key(sheet, row, term)
    sheet.end_tables(row - 1)
    # The rating column fits "Under-represented to a medium degree" on one line.
    sheet.column_widths = {1: 42, **{c: 10 for c in range(2, 10)}, 10: 34, 11: 14}
    sheet.print_header = (
        f"Indicator 1: workforce by pay band, {report.year} and {report.previous_year}"
    )
    return sheet


def _key(sheet: SheetContent, row: int, term: str) -> int:
    """The representation key: its own colours, never the better/worse ones, and the words
    always in the coloured cell."""
    sheet.text(row, 1, "Key: representation of bands and clusters", "heading")
    row += 1
    for label, meaning in representation_legend_rows(term):
        sheet.add(row, 1, [[label, meaning]], styles=[[rating_style(str(label)), "text_plain"]])
        row += 1
    return row
