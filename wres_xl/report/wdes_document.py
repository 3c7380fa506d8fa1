"""The WDES report document (``wres-xl report`` on a WDES workbook), in the same Word model.

Built from the same suppressed publication as ``wres-xl publish`` (report/wdes_publication.py):
every count and figure it prints is the Publication sheet's, shown or replaced by the marker
exactly as there, and a metric's sentence is printed only when nothing its table uses is
hidden (the sentences carry exact figures).
"""

from __future__ import annotations

from collections.abc import Sequence

from wres_xl.core.stats import Rating
from wres_xl.core.suppression import footnote_text
from wres_xl.core.wdes import WdesReport, metric_narrative
from wres_xl.core.wdes_standard import WDES
from wres_xl.report.document import (
    ActionItem,
    Document,
    Heading,
    PageBreak,
    Paragraph,
    Table,
    TableOfContents,
)
from wres_xl.report.publication import Block, Cell, Line, Publication, Section, _describe
from wres_xl.report.wdes_publication import WdesBuilder, wdes_organisation_line


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
    builder: WdesBuilder,
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
