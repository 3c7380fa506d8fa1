"""The WDES report document (``wres-xl report`` on a WDES workbook), in the same Word model.

Built from the same suppressed publication as ``wres-xl publish`` (report/wdes_publication.py):
every count and figure it prints is the Publication sheet's, shown or replaced by the marker
exactly as there, and a metric's sentence is printed only when nothing its table uses is
hidden (the sentences carry exact figures).
"""

from __future__ import annotations

from collections.abc import Sequence

from wres_xl.core.standard import Computation, MetricSpec
from wres_xl.core.stats import Rating
from wres_xl.core.suppression import footnote_text
from wres_xl.core.trends import IMPROVED, NO_SIGNIFICANT_CHANGE, WORSE
from wres_xl.core.wdes import WdesReport, metric_narrative
from wres_xl.core.wdes_data import wdes_national
from wres_xl.core.wdes_standard import DISABLED, NON_DISABLED, WDES
from wres_xl.report.common import SENIOR_ROW_NAMES
from wres_xl.report.document import (
    ActionItem,
    Chart,
    Document,
    Heading,
    PageBreak,
    Paragraph,
    Series,
    Table,
    TableOfContents,
    trend_chart,
    trend_table,
)
from wres_xl.report.publication import (
    Block,
    Cell,
    Line,
    Publication,
    PublicationBuilder,
    Section,
    _describe,
)
from wres_xl.report.published import HIDDEN, TrendRow, display_text, shown
from wres_xl.report.trends.wdes import metric_change_wording
from wres_xl.report.wdes_publication import wdes_organisation_line


def _shown(cell: Cell, publication: Publication) -> str:
    ledger, marker = publication.ledger, publication.rules.marker
    if cell.kind == "count" and cell.key is not None:
        count = ledger.counts[cell.key]
        if count.hidden:
            return marker
        if count.unpublished:
            return "–"
        return f"{ledger.shown_value(cell.key, publication.rules):,}"
    if cell.kind != "text" and any(ledger.hidden(k) for k in cell.uses):
        return marker
    value = cell.value.value if isinstance(cell.value, Rating) else cell.value
    return "" if value is None else _describe(value, cell.style)


def _table(header: Line | None, data: list[Line], caption: str, pub: Publication) -> Table:
    width = max(len(line.cells) for line in data)
    names = (
        [header.label, *(str(c.value) for c in header.cells)]
        if header is not None
        else [""] * (width + 1)
    )
    names += [""] * (width + 1 - len(names))
    columns = [
        i
        for i in range(width)
        if any(i < len(line.cells) and _shown(line.cells[i], pub) for line in data)
    ]
    rows = [
        [line.label, *(_shown(line.cells[i], pub) if i < len(line.cells) else "" for i in columns)]
        for line in data
    ]
    return Table([names[0], *(names[i + 1] for i in columns)], rows, caption)


def _block_tables(section: Section, block: Block, pub: Publication) -> list[Table]:
    """A block's tables as the Publication sheet prints them: a header line inside the
    block (metric 1's staff groups and senior levels) starts a table of its own."""
    if block.message is not None:
        return []
    tables: list[Table] = []
    header, caption = section.header, block.heading
    data: list[Line] = []
    for line in block.lines:
        if line.kind == "header":
            if data:
                tables.append(_table(header, data, caption, pub))
            header, caption, data = line, line.title or block.heading, []
        elif line.kind == "data" and line.cells:
            data.append(line)
    if data:
        tables.append(_table(header, data, caption, pub))
    return tables


def build_wdes_document(
    report: WdesReport,
    publication: Publication,
    builder: PublicationBuilder,
    actions: Sequence[ActionItem] = (),
) -> Document:
    org = report.settings.organisation or "Your organisation"
    year = report.year
    doc = Document(
        title=f"Workforce Disability Equality Standard (WDES) report {year}",
        page_header=f"{org} · WDES report {year}",
        page_footer=f"{org} · Workforce Disability Equality Standard {year}",
    )
    doc.add(
        Paragraph(f"Workforce Disability Equality Standard (WDES) report {year}", "cover"),
        Paragraph(wdes_organisation_line(report), "cover"),
        PageBreak(),
        Heading("Contents", 1),
        TableOfContents(),
        PageBreak(),
    )
    if publication.problem is not None:
        doc.add(
            Heading("No figures", 1),
            Paragraph(
                "No figures are shown because a publication setting cannot be used: "
                f"{publication.problem}"
            ),
        )
        return doc
    marker = publication.rules.marker
    doc.add(Heading("Summary of the metrics", 1))
    rows = []
    for spec in WDES.metrics:
        figure, rating = builder.headlines.get(spec.key, (Cell("text", "–"), Cell("text", "")))
        rows.append(
            [spec.key, spec.title, _shown(figure, publication), _shown(rating, publication)]
        )
    doc.add(
        Paragraph(
            "Disabled staff compared with non-disabled staff (the reference group). Figures "
            f"calculated from a hidden small count are shown as {marker}."
        ),
        Table(["Metric", "What it measures", "Figure", "Rating"], rows, f"WDES {year}."),
    )
    for section, spec in zip(publication.sections, WDES.metrics, strict=True):
        doc.add(PageBreak(), Heading(section.title, 1))
        doc.add(*(Paragraph(note, "note") for note in section.notes))
        item = report.results.get(spec.key, {}).get(year)
        current = next((b for b in section.blocks if b.year == year), None)
        if item is not None and current is not None and current.message is None:
            # The sentences are worded from the exact counts: none when a count they use is
            # hidden, or when the tables show rounded counts (the sentence would undo it).
            hidden = publication.rules.round_to > 1 or any(
                publication.ledger.hidden(k) for k in current.keys_used()
            )
            doc.add(Paragraph(f"{spec.title}: {WITHHELD}" if hidden else metric_narrative(item)))
        _trend_section(doc, report, publication, section, spec)
        doc.add(Heading("The figures", 2))
        for block in section.blocks:
            doc.add(*_block_tables(section, block, publication))
            if block.message is not None:
                doc.add(Paragraph(f"{block.heading}: {block.message}", "note"))
    doc.add(PageBreak(), Heading("Action plan", 1))
    if actions:
        doc.add(
            Table(
                ["Metric", "Action", "Measure of success", "Timescale", "Lead", "Status"],
                [
                    [a.indicator, a.action, a.measure, a.timescale, a.lead, a.status]
                    for a in actions
                ],
                "The WDES action plan.",
            )
        )
    else:
        doc.add(Paragraph("The action plan has no actions yet (see the Action plan sheet)."))
    doc.add(
        PageBreak(),
        Heading("Appendix: about the figures", 1),
        Paragraph(
            "Relative likelihood (metrics 2 and 3) compares how likely two groups are to have "
            "something happen; 1.00 means equally likely, and above 1 is worse for Disabled "
            "staff. Survey differences (metrics 4 to 7) are tested with Fisher's exact test; "
            "metric 8 has no comparison group and metric 9a is a mean score, so neither is "
            "tested."
        ),
        Paragraph(f"Small numbers: {footnote_text(publication.rules)}"),
    )
    return doc


WITHHELD = (
    "no sentence is given, because small numbers are protected in this table (see the table "
    "and the note on small numbers)."
)


# --- the national comparison and trend of each metric, from the published cells -----

#: Per metric kind: (row label, line name, cell index, style) of the trend table, read from
#: the same published cells as the Publication sheet (hidden ones come back as HIDDEN).
_TREND_CELLS: dict[Computation, tuple[tuple[str, str, int, str], ...]] = {
    Computation.REPRESENTATION: (
        (f"{DISABLED} % at Band 8a and above (incl. VSM)", SENIOR_ROW_NAMES["8a+"], 2, "percent"),
        (f"{DISABLED} % at Band 8c and above (incl. VSM)", SENIOR_ROW_NAMES["8c+"], 2, "percent"),
        (f"{DISABLED} % of consultants", SENIOR_ROW_NAMES["consultants"], 2, "percent"),
        (f"{DISABLED} % of the whole workforce", "Whole workforce", 5, "percent"),
    ),
    Computation.RELATIVE_LIKELIHOOD: (("Relative likelihood", DISABLED, 3, "ratio"),),
    Computation.SURVEY: (
        (f"{DISABLED} %", DISABLED, 2, "percent"),
        (f"{NON_DISABLED} %", NON_DISABLED, 2, "percent"),
        (f"Difference ({DISABLED} minus {NON_DISABLED}, points)", DISABLED, 3, "points"),
    ),
    Computation.SINGLE_GROUP: ((f"{DISABLED} %", DISABLED, 2, "percent"),),
    Computation.SCORE: (
        (f"{DISABLED} score (0–10)", DISABLED, 2, "score"),
        (f"{NON_DISABLED} score (0–10)", NON_DISABLED, 2, "score"),
    ),
    Computation.BOARD: (
        (f"{DISABLED} % of the board's voting members", "Voting members", 4, "percent"),
        (f"{DISABLED} % of the workforce", "Voting members", 5, "percent"),
        ("Difference (points)", "Voting members", 6, "points"),
    ),
}


def _cell_value(block: Block, name: str, index: int, publication: Publication) -> object:
    if block.message is not None:
        return None
    line = next((x for x in block.lines if x.name == name), None)
    if line is None or index >= len(line.cells):
        return None
    return shown(publication, line.cells[index])


def wdes_trend_rows(section: Section, spec: MetricSpec, publication: Publication) -> list[TrendRow]:
    """The metric's headline measures for every published year (HIDDEN where hidden)."""
    return [
        TrendRow(
            label,
            style,
            {b.year: _cell_value(b, name, index, publication) for b in section.blocks},
        )
        for label, name, index, style in _TREND_CELLS.get(spec.computation, ())
    ]


def _national(spec: MetricSpec, year: int) -> tuple[object, str, str]:
    """The latest national WDES figure for the metric's ratio or percentage row."""
    for y in range(year, year - 5, -1):
        found = wdes_national(spec.key, y)
        if found is not None:
            style = "ratio" if found.unit == "ratio" else "percent"
            return found.fraction, style, str(found.year)
    return None, "text", ""


def _change(report: WdesReport, spec: MetricSpec, trend: Sequence[TrendRow], marker: str) -> str:
    """The change since last year from the published headline figures only, with the word
    the year-on-year test gives (the Trends sheet's test)."""
    year, before = report.year, report.previous_year
    if not trend:
        return "Not comparable: the metric has no figure to compare."
    row = trend[0]
    now, then = row.values.get(year), row.values.get(before)
    if now is None or then is None:
        return "Not comparable: one of the years has no figures."
    if now is HIDDEN or then is HIDDEN:
        return "Not published: one of the years rests on small numbers."
    by_year = report.results.get(spec.key, {})
    current, previous = by_year.get(year), by_year.get(before)
    wording = metric_change_wording(
        spec,
        current.result if current else None,
        previous.result if previous else None,
        report.settings.significance_level,
        report.settings.bme_term,
    )
    word = {IMPROVED: "Improved", WORSE: "Worse", NO_SIGNIFICANT_CHANGE: "No significant change"}
    shown_then = display_text(then, row.style, marker)
    shown_now = display_text(now, row.style, marker)
    lead = word.get(wording, "Not tested" if spec.computation is Computation.SCORE else "")
    figures = f"{row.label} {shown_then} in {before}, {shown_now} in {year}."
    return f"{lead}: {figures}" if lead else f"Not comparable: {figures}"


def _two_year_chart(
    report: WdesReport, spec: MetricSpec, trend: Sequence[TrendRow], marker: str
) -> Chart | None:
    """Survey metrics: the two groups side by side in the last two years, as the WRES
    document draws indicators 5–8."""
    if spec.computation is not Computation.SURVEY or len(trend) < 2:
        return None
    years = (report.previous_year, report.year)

    def values(row: TrendRow) -> tuple[float | None, ...]:
        return tuple(
            float(v) if isinstance(v, int | float) and not isinstance(v, bool) else None
            for v in (row.values.get(y) for y in years)
        )

    return Chart(
        f"Metric {spec.key}: % of staff",
        tuple(str(y) for y in years),
        (Series(NON_DISABLED, values(trend[1])), Series(DISABLED, values(trend[0]))),
        "% of staff",
        "percent",
        (),
        marker,
        f"{NON_DISABLED} and {DISABLED} staff, {years[0]} and {years[1]}.",
    )


def _trend_section(
    doc: Document,
    report: WdesReport,
    publication: Publication,
    section: Section,
    spec: MetricSpec,
) -> None:
    """The metric's national comparison and trend: every published year, the latest
    national figure, the change since last year and the trend and comparison charts."""
    trend = wdes_trend_rows(section, spec, publication)
    years = sorted({b.year for b in section.blocks})
    if not trend or not years:
        return
    marker = publication.rules.marker
    doc.add(Heading("National comparison and trend", 2))
    national = _national(spec, report.year)
    # The national figure sits on the row in its own measure: the workforce share (metric
    # 1), the voting board share (10), else the headline row.
    on = {Computation.REPRESENTATION: trend[-1].label}.get(spec.computation, trend[0].label)
    doc.add(trend_table(trend, years, f"Metric {spec.key}", marker, national, on))
    change = _change(report, spec, trend, marker)
    doc.add(Paragraph(f"Change since {report.previous_year}: {change}"))
    unit = {"ratio": "ratio", "score": "score"}.get(trend[0].style, "percent")
    chart = trend_chart(
        trend,
        years,
        f"Metric {spec.key}",
        unit,
        marker,
        "Score (0–10)" if unit == "score" else "",
    )
    if chart is not None:
        doc.add(chart)
    pair = _two_year_chart(report, spec, trend, marker)
    if pair is not None:
        doc.add(pair)
