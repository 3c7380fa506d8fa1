"""The Publication model: sections of blocks of lines of cells, and the figures they show."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from wres_xl.core.stats import Rating
from wres_xl.core.suppression import SuppressionRules
from wres_xl.report.layout import rating_style
from wres_xl.report.publication.ledger import Key, Ledger

CellKind = Literal["count", "figure", "rating", "text"]
#: The Publication sheet's tables are nine columns wide (A to I).
WIDTH = 9
_NUMBER_WIDTH = 12
_COLUMN_WIDTHS = {1: 30, WIDTH: 24}


def round_ratio(value: float) -> float:
    """A relative likelihood as published: two decimals, the precision it is shown at."""
    return round(value, 2)


def published_figure(value: object, style: str) -> object:
    """A calculated figure as written to the published sheet: rounded to the precision
    its format shows (a percentage to 0.1 point, a ratio to 2 decimals, a p-value to 3
    or "<0.001", a difference in points to 0.1), so that the file holds nothing more
    precise than a reader sees."""
    if isinstance(value, bool) or not isinstance(value, float):
        return value
    if style.startswith("percent"):
        return round(value, 3)
    if style.startswith("ratio"):
        return round_ratio(value)
    if style == "pvalue":
        return "<0.001" if value < 0.001 else round(value, 3)
    if style == "points":
        return round(value, 1) + 0.0  # no "-0.0"
    return value


@dataclass(frozen=True)
class Cell:
    """One cell of a published table: a count, a figure calculated from counts (hidden
    when any of ``uses`` is), a rating (likewise) or plain text."""

    kind: CellKind
    value: object = None
    style: str = "text"
    key: Key | None = None
    uses: tuple[Key, ...] = ()


def _count(key: Key, bold: bool = False) -> Cell:
    return Cell("count", style="count_bold" if bold else "count", key=key)


def _figure(value: object, style: str, uses: Iterable[Key]) -> Cell:
    if value is None:
        return Cell("figure", "–", "marker", uses=tuple(uses))
    return Cell("figure", value, style, uses=tuple(uses))


def _rating(rating: Rating, uses: Iterable[Key]) -> Cell:
    if rating is Rating.NOT_COMPUTED:
        return Cell("text", "–", "text")
    return Cell("rating", rating, rating_style(rating), uses=tuple(uses))


def _header_height(headings: Sequence[str]) -> float:
    """Row height (points) that shows every wrapped heading in full."""
    lines = 1
    for col, heading in enumerate(headings, start=1):
        width = _COLUMN_WIDTHS.get(col, _NUMBER_WIDTH) - 1
        used, count = 0, 1
        for word in heading.split():
            if used and used + 1 + len(word) > width:
                count += 1
                used = len(word)
            else:
                used += len(word) + (1 if used else 0)
        lines = max(lines, count)
    return 13.0 * lines + 4


def _text(value: object = "", style: str = "text") -> Cell:
    return Cell("text", value, style)


@dataclass
class Line:
    label: str
    cells: list[Cell]
    label_style: str = "text"
    #: "data" rows hold figures; "header" rows column headings (label included).
    kind: Literal["data", "header", "blank"] = "data"
    #: The row's name in the suppression log, e.g. "Clinical, Band 5".
    name: str = ""
    #: A header line that starts a printed table of its own: the title row printed above
    #: it, naming the table and year (indicator 1's tables, one staff group each).
    title: str = ""


@dataclass
class Block:
    """One indicator for one year."""

    indicator: int
    year: int
    table: str
    heading: str
    lines: list[Line] = field(default_factory=list)
    #: Shown instead of the lines (an indicator that could not be calculated).
    message: str | None = None
    #: The main result's name and the counts it uses, for the "not shown" note.
    headline: tuple[str, tuple[Key, ...]] | None = None

    def counts_shown(self) -> list[Key]:
        return [
            cell.key
            for line in self.lines
            for cell in line.cells
            if cell.kind == "count" and cell.key is not None
        ]

    def keys_used(self) -> list[Key]:
        keys: list[Key] = []
        for line in self.lines:
            for cell in line.cells:
                if cell.key is not None:
                    keys.append(cell.key)
                keys.extend(cell.uses)
        return list(dict.fromkeys(keys))


@dataclass
class Section:
    indicator: int
    title: str
    notes: list[str] = field(default_factory=list)
    header: Line | None = None
    blocks: list[Block] = field(default_factory=list)


@dataclass(frozen=True)
class DerivedEntry:
    table: str
    row: str
    column: str
    value: str
    explanation: str
    place: str


@dataclass
class Publication:
    """Everything the two sheets are built from; tests read it too."""

    rules: SuppressionRules
    ledger: Ledger
    sections: list[Section]
    derived: list[DerivedEntry] = field(default_factory=list)
    #: Set when the settings cannot be used: the sheet says why and shows no figures.
    problem: str | None = None


def years_text(years: Iterable[int]) -> str:
    """ "2025, 2024 and 2023": the years a table holds, newest first."""
    shown = [str(y) for y in sorted(set(years), reverse=True)]
    if len(shown) <= 1:
        return "".join(shown)
    return f"{', '.join(shown[:-1])} and {shown[-1]}"
