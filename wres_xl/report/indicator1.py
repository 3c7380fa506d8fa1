"""The Indicator 1 sheet: representation by pay band, per staff group, this year and last."""

from __future__ import annotations

from wres_xl.core.bands import STAFF_GROUPS
from wres_xl.core.indicators import NotComputed, WorkforceResult, WresReport
from wres_xl.core.model import GroupCounts, PercentBasis
from wres_xl.core.narrative import narrative
from wres_xl.core.schema import INDICATOR1_SHEET
from wres_xl.report.common import organisation_line, title_rows
from wres_xl.report.layout import SheetContent, rating_style

COLUMNS = 11


def _year_block(sheet: SheetContent, row: int, result: WorkforceResult, term: str) -> int:
    basis_note = (
        "Percentages of all staff (Unknown included)"
        if result.basis is PercentBasis.ALL_STAFF
        else "Percentages of staff whose ethnicity is known"
    )
    overall = result.bme_share
    sheet.text(row, 1, f"Workforce at 31 March {result.year}", "heading")
    sheet.text(
        row + 1,
        1,
        f"{basis_note}. Overall {term} share: "
        + (f"{overall * 100:.1f}%" if overall is not None else "–")
        + f". Each band's {term} share is rated against the rest of the workforce.",
        "note",
    )
    row += 2
    for group in STAFF_GROUPS:
        bands = [b for b in result.bands if b.staff_group is group]
        if not bands:
            continue
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
            "Difference from overall (points)",
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
                        band.rating.value if counts.total else "No staff",
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
    _total_row(sheet, row, "Whole workforce", result.overall, result.basis, benchmark=True)
    row += 1
    sheet.text(row, 1, narrative(result, term), "note")
    return row + 3


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
            sheet.text(row, 1, f"Workforce at 31 March {year}", "heading")
            sheet.text(row + 1, 1, narrative(result, term), "note")
            row += 4
            continue
        assert isinstance(result, WorkforceResult)
        if year != report.year:
            sheet.row_breaks.append(row)  # the previous year starts on a page of its own
        row = _year_block(sheet, row, result, term)
    sheet.column_widths = {1: 30, **{c: 10 for c in range(2, 10)}, 10: 24, 11: 14}
    return sheet
