"""The internal Suppression log: every hidden count, why, and what was derived from it."""

from __future__ import annotations

from wres_xl.core.schema import SUPPRESSION_LOG_SHEET
from wres_xl.report.common import title_rows
from wres_xl.report.layout import SheetContent
from wres_xl.report.publication.model import Publication, years_text

_LOG_EXPLANATION_CHARS = 105
_LOG_REASONS = {"primary": "Primary", "secondary": "Secondary", "derived": "Derived"}


def build_log(publication: Publication) -> SheetContent:
    """The internal Suppression log: every hidden figure, its value and why it is hidden."""
    sheet = SheetContent(SUPPRESSION_LOG_SHEET, freeze="A6", print_title_rows="1:5")
    title_rows(
        sheet,
        "Suppression log: what the Publication sheet hides, and why",
        "Internal: this sheet shows the hidden values. Never publish it; publish the "
        "Publication sheet or the file made by wres-xl publish.",
    )
    # Hidden counts, and senior counts left unpublished (shown as "–"; see Count.unpublished).
    counts = [c for c in publication.ledger.counts.values() if c.hidden or c.unpublished]
    primary = sum(1 for c in counts if c.reason == "primary")
    sheet.text(
        3,
        1,
        f"{len(counts)} count(s) hidden ({primary} primary: small counts; "
        f"{len(counts) - primary} secondary: hidden so that another hidden count cannot be "
        f"worked out) and {len(publication.derived)} derived figure(s) calculated from them. "
        f"Marker: {publication.rules.marker}.",
        "note",
    )
    headers = [
        "Table",
        "Row",
        "Column",
        "Value",
        "Why hidden",
        "Explanation",
        "Cell on the Publication sheet",
    ]
    sheet.add(5, 1, [headers], "header_left")
    order = {"primary": 0, "secondary": 1, "derived": 2}
    tables: list[str] = []
    entries: list[tuple[int, int, int, list[object]]] = []
    for n, count in enumerate(counts):
        if count.table not in tables:
            tables.append(count.table)
        places = [p for p in count.places if p != "withheld"]
        if places:
            where = ", ".join(places)
        elif "withheld" in count.places:
            where = "Not shown (figures withheld)"
        elif count.worked_out:
            where = f"Not shown; worked out as {count.worked_out}"
        else:
            where = "Not shown"
        reason = count.reason or "unpublished"
        entries.append(
            (
                tables.index(count.table),
                order.get(reason, 3),
                n,
                [
                    count.table,
                    count.row,
                    count.column,
                    count.value,
                    _LOG_REASONS.get(reason, "Not published"),
                    count.explanation,
                    where,
                ],
            )
        )
    for n, entry in enumerate(publication.derived):
        if entry.table not in tables:
            tables.append(entry.table)
        entries.append(
            (
                tables.index(entry.table),
                2,
                n,
                [
                    entry.table,
                    entry.row,
                    entry.column,
                    entry.value,
                    "Derived",
                    entry.explanation,
                    entry.place,
                ],
            )
        )
    entries.sort(key=lambda e: e[:3])
    row = 6
    if not entries:
        sheet.add(row, 1, [["", "", "", "", "", "Nothing is hidden.", ""]], "text")
    for _, _, _, values in entries:
        value_style = "count" if isinstance(values[3], int) else "text"
        sheet.add(
            row,
            1,
            [values],
            styles=[["text", "text", "text", value_style, "text", "wrap", "text"]],
        )
        # Excel does not fit row heights to wrapped text in a file it did not write.
        lines = -(-len(str(values[5])) // _LOG_EXPLANATION_CHARS)
        if lines > 1:
            sheet.row_heights[row] = 13.0 * lines + 2
        row += 1
    sheet.row_heights[5] = 30
    sheet.column_widths = {1: 20, 2: 30, 3: 26, 4: 16, 5: 12, 6: 90, 7: 26}
    years = sorted({b.year for s in publication.sections for b in s.blocks}, reverse=True)
    sheet.print_header = f"Suppression log: what the Publication sheet hides, {years_text(years)}"
    return sheet
