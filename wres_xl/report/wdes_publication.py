"""The WDES Publication sheet and published summary (SPEC §5 and §10).

The publication is the one builder of ``report.publication`` given the WDES standard
(``core.wdes_standard``): every count is one cell of the same ledger, with the same sums,
suppression and audit as the WRES, and the metrics the WRES has no counterpart for (8, 9a,
9b) are tables of that builder too. What is left here is WDES's own: the summary of each
metric's headline, and the names the WDES commands call.
"""

from __future__ import annotations

from wres_xl.core.indicators import NotComputed
from wres_xl.core.stats import Rating
from wres_xl.core.suppression import SuppressionRules
from wres_xl.core.wdes import WdesReport
from wres_xl.core.wdes_standard import DISABLED, WDES
from wres_xl.errors import InputError
from wres_xl.report.common import title_rows
from wres_xl.report.layout import SheetContent
from wres_xl.report.publication import (
    Block,
    Cell,
    Ledger,
    Publication,
    PublicationBuilder,
    _text,
    publication_rules,
    published_figure,
    render_standard,
)
from wres_xl.report.publication import (
    headline_cells as build_headline_cells,
)
from wres_xl.report.publish_sheets import PUBLISHED_SUMMARY


def wdes_organisation_line(report: WdesReport) -> str:
    org = report.settings.organisation or "Your organisation"
    return (
        f"{org} · WDES {report.year} (workforce at 31 March {report.year}) compared with "
        f"{report.previous_year}"
    )


def wdes_years(report: WdesReport) -> list[int]:
    """The WDES year, the year before and every earlier year with figures, newest first."""
    years = [report.year, report.previous_year]
    found = {
        year
        for by_year in report.results.values()
        for year, item in by_year.items()
        if not isinstance(item.result, NotComputed)
    }
    years.extend(y for y in sorted(found, reverse=True) if y not in years)
    return years


def wdes_builder(report: WdesReport, rules: SuppressionRules) -> PublicationBuilder:
    results = {
        key: {year: item.result for year, item in by_year.items()}
        for key, by_year in report.results.items()
    }
    return PublicationBuilder(
        WDES, report.settings, results, report.year, rules, wdes_years(report)
    )


def headline_cells(key: str, block: Block) -> tuple[Cell, Cell]:
    """A WDES metric's headline figure and rating in one year's block (the trust comparison
    reads them for every year)."""
    return build_headline_cells(WDES.metric(key), block, DISABLED)


def build_wdes_publication_model(
    report: WdesReport,
) -> tuple[Publication, PublicationBuilder]:
    try:
        rules = publication_rules(report)
    except InputError as error:
        builder = wdes_builder(report, SuppressionRules())
        return Publication(SuppressionRules(), Ledger(), [], problem=str(error)), builder
    builder = wdes_builder(report, rules)
    return builder.build(), builder


def render_wdes_publication(publication: Publication, report: WdesReport) -> SheetContent:
    subtitle = wdes_organisation_line(report)
    return render_standard(publication, WDES, report.settings, report.year, subtitle)


def build_wdes_published_summary(
    report: WdesReport, publication: Publication, builder: PublicationBuilder
) -> SheetContent:
    """The published summary: each metric's headline figure and rating, hidden exactly
    where the detailed tables hide what it is calculated from."""
    sheet = SheetContent(PUBLISHED_SUMMARY, freeze="A5", print_title_rows="1:4")
    title_rows(sheet, f"WDES {report.year}: summary of the metrics", wdes_organisation_line(report))
    sheet.text(
        3,
        1,
        "Disabled staff compared with non-disabled staff (the reference group). Figures "
        "calculated from a hidden small count are shown as "
        f"{publication.rules.marker}; the tables that follow give the detail.",
        "note",
    )
    sheet.add(4, 1, [["Metric", "What it measures", "Figure", "Rating"]], "header_left")
    ledger = publication.ledger
    for row, spec in enumerate(WDES.metrics, start=5):
        figure, rating = builder.headlines.get(
            spec.key, (_text("–", "marker"), _text(Rating.NOT_COMPUTED.value))
        )
        values: list[object] = [spec.key, spec.title]
        styles: list[str | None] = ["bold", "wrap"]
        for cell in (figure, rating):
            if any(ledger.hidden(k) for k in cell.uses):
                values.append(publication.rules.marker)
                styles.append("marker")
                continue
            value = cell.value.value if isinstance(cell.value, Rating) else cell.value
            values.append(published_figure(value, cell.style))
            styles.append(cell.style)
        sheet.add(row, 1, [values], styles=[styles])
    sheet.column_widths = {1: 8, 2: 60, 3: 14, 4: 28}
    sheet.print_header = f"Summary, WDES {report.year}"
    return sheet
