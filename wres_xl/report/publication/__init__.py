"""The Publication sheet (SPEC §5) and the internal Suppression log.

Every count the published tables show, or let a reader work out (a *complement* such as
"not appointed" = shortlisted − appointed), is one cell of a single ledger. A figure that
appears in several tables (the whole-workforce White count is also indicator 3's White
headcount) is one ledger cell, so hiding it hides it everywhere. The additive relations
between ledger cells (bands add up to their staff group, staff groups to the workforce,
events plus non-events to their total, executive plus non-executive to the board) go to
the suppression engine together, so no combination of the published tables gives a
hidden count away. Percentages, rates, relative likelihoods, intervals, p-values and
ratings record the counts they are calculated from and are hidden when any of them is.

The log sheet holds the hidden values, so it is internal: ``wres-xl publish`` writes
only the Publication sheet's content.
"""

from __future__ import annotations

from wres_xl.core.indicators import WresReport
from wres_xl.report.layout import SheetContent, column_letter
from wres_xl.report.publication.build import (
    _GROUPS,
    PublicationBuilder,
    _difference,
    build_publication_model,
    every_year,
    headline_cells,
)
from wres_xl.report.publication.ledger import (
    _LATE_EXTRA,
    Count,
    Key,
    Ledger,
    publication_rules,
)
from wres_xl.report.publication.log import (
    _LOG_EXPLANATION_CHARS,
    _LOG_REASONS,
    build_log,
)
from wres_xl.report.publication.model import (
    _COLUMN_WIDTHS,
    _NUMBER_WIDTH,
    WIDTH,
    Block,
    Cell,
    CellKind,
    DerivedEntry,
    Line,
    Publication,
    Section,
    _count,
    _figure,
    _header_height,
    _rating,
    _text,
    published_figure,
    round_ratio,
    years_text,
)
from wres_xl.report.publication.render import (
    WITHHELD_NOTE,
    WITHHELD_REASON,
    _describe,
    _Renderer,
    render_publication,
    render_standard,
)

__all__ = [
    "WIDTH",
    "WITHHELD_NOTE",
    "WITHHELD_REASON",
    "_COLUMN_WIDTHS",
    "_GROUPS",
    "_LATE_EXTRA",
    "_LOG_EXPLANATION_CHARS",
    "_LOG_REASONS",
    "_NUMBER_WIDTH",
    "Block",
    "Cell",
    "CellKind",
    "Count",
    "DerivedEntry",
    "Key",
    "Ledger",
    "Line",
    "Publication",
    "PublicationBuilder",
    "Section",
    "_Renderer",
    "_count",
    "_describe",
    "_difference",
    "_figure",
    "_header_height",
    "_rating",
    "_text",
    "build_log",
    "build_publication",
    "build_publication_model",
    "column_letter",
    "every_year",
    "headline_cells",
    "publication_rules",
    "published_figure",
    "render_publication",
    "render_standard",
    "round_ratio",
    "years_text",
]


def build_publication(report: WresReport) -> list[SheetContent]:
    """[the Publication sheet, the internal Suppression log sheet]."""
    publication = build_publication_model(report)
    sheet = render_publication(publication, report)
    return [sheet, build_log(publication)]
