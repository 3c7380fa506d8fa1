"""The small vocabulary every output sheet is written in.

A sheet is a set of rectangular ``CellGrid``s of values with a named style each (the
backend maps style names to fonts, fills and number formats), plus column widths,
merged ranges, frozen panes, print settings and charts. Rows and columns are 1-based,
as in Excel.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from wres_xl.core.stats import COLOUR_RATINGS, REPRESENTATION_RATINGS, Rating
from wres_xl.report.palette import NHS_BLUE as NHS_BLUE
from wres_xl.report.palette import NHS_DARK_BLUE as NHS_DARK_BLUE
from wres_xl.report.palette import NHS_DARK_GREY, NHS_PALE_GREY


@dataclass(frozen=True)
class Style:
    bold: bool = False
    italic: bool = False
    size: float = 10
    colour: str = "000000"
    fill: str | None = None
    number_format: str = "General"
    horizontal: str | None = None
    wrap: bool = False
    border: bool = False
    indent: int = 0


HEADER_FILL = NHS_PALE_GREY

#: Rating fills: a blue-orange diverging scale (safe for the common colour-vision
#: deficiencies), pale to strong by degree, grey for Equivalent and white-blue for the
#: benchmark; the label is always written beside the colour so meaning never rests on
#: colour alone.
RATING_FILLS: dict[str, str] = {
    Rating.REFERENCE_GROUP.value: "DCE6F2",
    Rating.EQUIVALENT.value: "E7E6E6",
    Rating.BETTER_SMALL.value: "C6DBEF",
    Rating.BETTER_MEDIUM.value: "6BAED6",
    Rating.BETTER_LARGE.value: "2171B5",
    Rating.WORSE_SMALL.value: "FDD0A2",
    Rating.WORSE_MEDIUM.value: "FD8D3C",
    Rating.WORSE_LARGE.value: "D94801",
    Rating.WORSE.value: "FD8D3C",
    Rating.NOT_TESTED.value: "F2F2F2",
    Rating.NOT_COMPUTED.value: "FFFFFF",
    # Indicator 1's representation key: ColorBrewer's purple-green diverging scale (PRGn,
    # marked colour-blind safe), so it cannot be mistaken for the better/worse blues and
    # oranges: purple where BME staff are under-represented, green where over-represented.
    Rating.UNDER_SMALL.value: "E7D4E8",
    Rating.UNDER_MEDIUM.value: "C2A5CF",
    Rating.UNDER_LARGE.value: "762A83",
    Rating.IN_LINE.value: "F7F7F7",
    Rating.OVER_SMALL.value: "D9F0D3",
    Rating.OVER_MEDIUM.value: "A6DBA0",
    Rating.OVER_LARGE.value: "1B7837",
    Rating.NO_STAFF.value: "FFFFFF",
}
_DARK_FILLS = {
    Rating.BETTER_LARGE.value,
    Rating.WORSE_LARGE.value,
    Rating.UNDER_LARGE.value,
    Rating.OVER_LARGE.value,
}
#: Difference in percentage points, always printed with its unit.
POINTS_FORMAT = '+0.0" pts";-0.0" pts";0.0" pts"'

STYLES: dict[str, Style] = {
    "title": Style(bold=True, size=16, colour=NHS_DARK_BLUE),
    "subtitle": Style(size=11, colour=NHS_DARK_GREY),
    "heading": Style(bold=True, size=12, colour=NHS_BLUE),
    "header": Style(bold=True, fill=HEADER_FILL, wrap=True, border=True, horizontal="center"),
    "header_left": Style(bold=True, fill=HEADER_FILL, wrap=True, border=True),
    "text": Style(border=True),
    "text_plain": Style(),
    "wrap": Style(wrap=True, border=True),
    "wrap_plain": Style(wrap=True),
    "note": Style(italic=True, size=9, colour=NHS_DARK_GREY, wrap=False),
    "note_wrap": Style(italic=True, size=9, colour=NHS_DARK_GREY, wrap=True),
    "bold": Style(bold=True, border=True),
    "count": Style(number_format="#,##0", border=True, horizontal="right"),
    "count_bold": Style(bold=True, number_format="#,##0", border=True, horizontal="right"),
    "percent": Style(number_format="0.0%", border=True, horizontal="right"),
    "percent_bold": Style(bold=True, number_format="0.0%", border=True, horizontal="right"),
    "percent2": Style(number_format="0.00%", border=True, horizontal="right"),
    "ratio": Style(number_format="0.00", border=True, horizontal="right"),
    "ratio_bold": Style(bold=True, number_format="0.00", border=True, horizontal="right"),
    "points": Style(number_format=POINTS_FORMAT, border=True, horizontal="right"),
    "points_bold": Style(bold=True, number_format=POINTS_FORMAT, border=True, horizontal="right"),
    # A share labelled inside the cell, where a column holds something other than its
    # heading says (the Summary's White/BME columns for indicators 1 and 9).
    "percent_workforce": Style(number_format='"Workforce: "0.0%', border=True, horizontal="right"),
    "percent_senior": Style(number_format='"Band 8a+: "0.0%', border=True, horizontal="right"),
    "percent_voting": Style(number_format='"Voting board: "0.0%', border=True, horizontal="right"),
    # "0.000" would print a p of 1e-16 as 0.000, which readers take for zero.
    "pvalue": Style(number_format='[<0.001]"<0.001";0.000', border=True, horizontal="right"),
    "year": Style(number_format="0", border=True, horizontal="center"),
    "year_header": Style(
        bold=True, fill=HEADER_FILL, number_format="0", border=True, horizontal="center"
    ),
    "marker": Style(border=True, horizontal="right"),
    "error": Style(bold=True, colour="C00000", border=True),
    "warning": Style(bold=True, colour="9C5700", border=True),
    "info": Style(colour=NHS_DARK_GREY, border=True),
}
for _label, _fill in RATING_FILLS.items():
    STYLES[f"rating:{_label}"] = Style(
        fill=_fill,
        border=True,
        bold=_label.startswith("Worse"),
        colour="FFFFFF" if _label in _DARK_FILLS else "000000",
        wrap=True,
    )
    # Rating colour behind a number, for band tables and indicator values.
    for _kind, _fmt in (("percent", "0.0%"), ("ratio", "0.00"), ("count", "#,##0")):
        STYLES[f"{_kind}:{_label}"] = Style(
            fill=_fill,
            number_format=_fmt,
            border=True,
            horizontal="right",
            colour="FFFFFF" if _label in _DARK_FILLS else "000000",
        )


def rating_style(rating: Rating | str, kind: str = "rating") -> str:
    label = rating.value if isinstance(rating, Rating) else rating
    return f"{kind}:{label}" if f"{kind}:{label}" in STYLES else "text"


def column_letter(col: int) -> str:
    """Excel's letters for column ``col`` (1 is A, 27 is AA): the one copy for every writer."""
    letters = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(frozen=True)
class CellGrid:
    """A rectangle of values at (row, col); ``styles`` is one name for the whole block,
    or one per cell (same shape as ``values``; None keeps the block default)."""

    row: int
    col: int
    values: Sequence[Sequence[object]]
    style: str | None = None
    styles: Sequence[Sequence[str | None]] | None = None

    @property
    def height(self) -> int:
        return len(self.values)

    def cells(self) -> Iterator[tuple[int, int, object, str | None]]:
        """(sheet row, sheet column, value, style name) of every cell: a cell's own style,
        else the block's (the one rule every writer and the row-height fit follow)."""
        styles = self.styles
        for r, values in enumerate(self.values):
            own = styles[r] if styles is not None and r < len(styles) else ()
            row = self.row + r
            for c, value in enumerate(values):
                yield row, self.col + c, value, (own[c] if c < len(own) else None) or self.style

    @property
    def width(self) -> int:
        return max((len(r) for r in self.values), default=0)


@dataclass(frozen=True)
class ChartSeries:
    title: str
    #: (min_row, min_col, max_row, max_col) of the values on this sheet.
    values: tuple[int, int, int, int]
    colour: str | None = None
    dashed: bool = False
    #: A bar series' fill pattern (an OOXML preset such as "wdUpDiag"; None is solid), so
    #: series differ by more than colour: see :data:`BAR_PATTERNS`.
    pattern: str | None = None
    #: A dashed line's points marked too: a reference series with a single published year
    #: (a national figure) is otherwise a line of one point, which no chart draws.
    marked: bool = False

    @property
    def has_markers(self) -> bool:
        """Solid lines are marked (one year still shows; series differ by shape as well as
        colour); dashed reference lines only when ``marked``."""
        return self.marked or not self.dashed


@dataclass(frozen=True)
class ChartSpec:
    kind: str  # "bar" (columns), "barh" (horizontal bars) or "line"
    title: str
    x_title: str
    y_title: str
    anchor: str  # top-left cell, e.g. "J3"
    categories: tuple[int, int, int, int]
    series: tuple[ChartSeries, ...]
    width_cm: float = 16
    height_cm: float = 8
    y_min: float | None = None
    y_max: float | None = None
    y_format: str | None = None
    description: str = ""
    #: Every bar or point labelled with its value (in ``y_format``).
    data_labels: bool = False


#: Bar fills by series, so a chart never tells its series apart by colour alone: solid,
#: wide diagonal stripes, a small grid, dark vertical stripes (OOXML preset patterns).
BAR_PATTERNS: tuple[str | None, ...] = (None, "wdUpDiag", "smGrid", "dkVert")


@dataclass(frozen=True)
class PrintedTable:
    """One table of a sheet as printed: rows ``first_row`` to ``last_row``, the first of
    which is a title row naming the table and its year (``title``). Each printed table of a
    sheet that holds several starts a page of its own (see :func:`_paginate`), so every page
    belongs to one table and opens with its name; a sheet's page header (one per sheet in
    Excel, whose header codes cannot quote a cell) names what all its tables are."""

    first_row: int
    last_row: int
    title: str


@dataclass
class SheetContent:
    title: str
    blocks: list[CellGrid] = field(default_factory=list)
    column_widths: dict[int, float] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    freeze: str | None = None
    tab_colour: str | None = None
    landscape: bool = True
    print_title_rows: str | None = None
    charts: list[ChartSpec] = field(default_factory=list)
    row_heights: dict[int, float] = field(default_factory=dict)
    hidden: bool = False
    #: Rows that start a new printed page (a table or chart is not split across pages).
    row_breaks: list[int] = field(default_factory=list)
    #: Printed at the top of every page: which table and year (see :func:`print_ready`).
    print_header: str = ""
    #: Printed at the foot of every page, left; the backend adds "Page n of m" on the right.
    print_footer: str = ""
    #: The sheet's tables as printed (each starts a page; see :class:`PrintedTable`).
    tables: list[PrintedTable] = field(default_factory=list)

    def start_table(self, row: int, title: str) -> None:
        """A printed table starts at ``row`` (its title row); the one before, if any, ends
        on the row above. :meth:`end_tables` closes the last."""
        self.end_tables(row - 1)
        self.tables.append(PrintedTable(row, row, title))

    def end_tables(self, last_row: int) -> None:
        if self.tables:
            last = self.tables[-1]
            self.tables[-1] = PrintedTable(
                last.first_row, max(last.first_row, last_row), last.title
            )

    def add(
        self,
        row: int,
        col: int,
        values: Sequence[Sequence[object]],
        style: str | None = None,
        styles: Sequence[Sequence[str | None]] | None = None,
    ) -> CellGrid:
        block = CellGrid(row, col, values, style, styles)
        self.blocks.append(block)
        return block

    def text(self, row: int, col: int, value: object, style: str | None = "text_plain") -> None:
        self.add(row, col, [[value]], style)

    def cell_values(self) -> dict[tuple[int, int], object]:
        """Every written cell, later blocks winning, for tests and backends alike."""
        out: dict[tuple[int, int], object] = {}
        for b in self.blocks:
            for r, row in enumerate(b.values):
                for c, value in enumerate(row):
                    out[(b.row + r, b.col + c)] = value
        return out


def legend_rows(term: str = "BME") -> list[list[object]]:
    """The eight-label colour key, label text in the coloured cell itself, in the trust's
    own word for BME staff."""
    meaning = {
        Rating.REFERENCE_GROUP: "The White group, the reference for comparison",
        Rating.EQUIVALENT: "No statistically significant difference",
        Rating.BETTER_SMALL: f"Significantly better for {term} staff; small effect",
        Rating.BETTER_MEDIUM: f"Significantly better for {term} staff; medium effect",
        Rating.BETTER_LARGE: f"Significantly better for {term} staff; large effect",
        Rating.WORSE_SMALL: f"Significantly worse for {term} staff; small effect",
        Rating.WORSE_MEDIUM: f"Significantly worse for {term} staff; medium effect",
        Rating.WORSE_LARGE: f"Significantly worse for {term} staff; large effect",
    }
    return [[r.value, meaning[r]] for r in COLOUR_RATINGS]


def representation_legend_rows(term: str = "BME") -> list[list[object]]:
    """Indicator 1's key: representation of each band or cluster against the rest of the
    workforce, which is neither better nor worse in itself."""
    meaning = {
        Rating.UNDER_LARGE: f"Significantly fewer {term} staff than in the rest of the "
        "workforce; large difference",
        Rating.UNDER_MEDIUM: f"Significantly fewer {term} staff than in the rest of the "
        "workforce; medium difference",
        Rating.UNDER_SMALL: f"Significantly fewer {term} staff than in the rest of the "
        "workforce; small difference",
        Rating.IN_LINE: "No statistically significant difference from the rest of the workforce",
        Rating.OVER_SMALL: f"Significantly more {term} staff than in the rest of the "
        "workforce; small difference",
        Rating.OVER_MEDIUM: f"Significantly more {term} staff than in the rest of the "
        "workforce; medium difference",
        Rating.OVER_LARGE: f"Significantly more {term} staff than in the rest of the "
        "workforce; large difference",
        Rating.NO_STAFF: "Nobody in this band, so nothing to compare",
    }
    return [[r.value, meaning[r]] for r in REPRESENTATION_RATINGS]


# --------------------------------------------------------------------------- printing

#: The right-hand footer of every printed page (Excel's page-number field codes).
PAGE_NUMBER = "Page &P of &N"


def header_text(text: str) -> str:
    """Text for a page header or footer: '&' starts a field code there, so it is doubled."""
    return text.replace("&", "&&")


#: Characters of 10-point Arial that fit in one unit of Excel column width (a unit is the
#: width of one "0" in the default font; Arial's average letter is a little narrower).
_CHARS_PER_WIDTH = 1.1
_LINE_POINTS = 12.75
_DEFAULT_WIDTH = 8.43


def _lines(text: str, chars: int) -> int:
    """Lines a wrapped cell needs: words are not split, as Excel wraps them."""
    total = 0
    for paragraph in text.split("\n"):
        used, lines = 0, 1
        for word in paragraph.split():
            if used and used + 1 + len(word) > chars:
                lines += 1
                used = len(word)
            else:
                used += len(word) + (1 if used else 0)
        total += lines
    return total


def wrapped_row_height(cells: Sequence[tuple[str, float]], size: float = 10.0) -> float:
    """The height (points) of a row whose wrapped cells hold these (text, column width)
    pairs: one estimate for output sheets and for the rows Refresh adds to a table."""
    lines = 1
    for text, width in cells:
        chars = max(1, int((width - 1) * _CHARS_PER_WIDTH * 10 / max(size, 6)))
        lines = max(lines, _lines(text, chars))
    return min(409.0, round(lines * _LINE_POINTS * size / 10 + 3, 1))


def fit_row_heights(sheet: SheetContent) -> None:
    """Row heights that show every wrapped cell in full.

    Excel fits heights to wrapped text only when it edits a row itself; a file written
    outside Excel opens (and prints) with 13-point rows and the text of long messages runs
    over the next row. A row that already has a height keeps it when that is enough.
    """
    spans: dict[tuple[int, int], int] = {}
    for r1, c1, r2, c2 in sheet.merges:
        if r1 == r2:
            spans[(r1, c1)] = c2
    needed: dict[int, float] = {}
    for block in sheet.blocks:
        for row, col, value, name in block.cells():
            style = STYLES.get(name or "")
            if style is None or not isinstance(value, str) or not value:
                continue
            if not style.wrap:
                # A large title in a default-height row runs into the row below.
                if style.size > 11:
                    needed[row] = max(needed.get(row, 0.0), style.size * 1.5)
                continue
            last = spans.get((row, col), col)
            width = sum(sheet.column_widths.get(k, _DEFAULT_WIDTH) for k in range(col, last + 1))
            chars = max(1, int((width - 1) * _CHARS_PER_WIDTH * 10 / max(style.size, 6)))
            height = _lines(value, chars) * _LINE_POINTS * style.size / 10 + 3
            needed[row] = max(needed.get(row, 0.0), height)
    for row, height in needed.items():
        if sheet.row_heights.get(row, 0.0) < height:
            sheet.row_heights[row] = min(409.0, round(height, 1))


def print_ready(
    sheet: SheetContent, *, organisation: str, year: int | None, standard: str = "WRES"
) -> SheetContent:
    """A sheet set up to print on A4 landscape: a heading on every page (which table and
    year), the organisation and year in the footer, row heights that fit wrapped text."""
    when = f"{standard} {year}" if year is not None else standard
    if not sheet.print_header:
        sheet.print_header = f"{sheet.title} · {when}"
    if not sheet.print_footer:
        sheet.print_footer = f"{organisation or 'Your organisation'} · {when}"
    fit_row_heights(sheet)
    if sheet.tables:
        _paginate(sheet)
    elif not sheet.charts and not sheet.row_breaks:
        # Sheets with charts place their own breaks around them.
        break_before_headings(sheet)
    return sheet


def page_height(sheet: SheetContent) -> float:
    """Points of sheet rows one printed page holds below the print titles: fitting the
    columns to one page wide shrinks the page, so the height available grows with it."""
    width_pt = sum((w * 7 + 5) * 0.75 for w in sheet.column_widths.values()) or 1.0
    scale = min(1.0, _PAGE_WIDTH_PT / width_pt)
    titles = 0.0
    if sheet.print_title_rows:
        first, _, last = sheet.print_title_rows.partition(":")
        titles = sum(
            sheet.row_heights.get(r, _LINE_POINTS)
            for r in range(int(first), int(last or first) + 1)
        )
    return _PAGE_HEIGHT_PT / scale - titles


def _paginate(sheet: SheetContent) -> None:
    """A manual page break before every printed table but the first, so each page holds
    one table (its title row at the top, under the print titles). A table of a sheet of
    several that is longer than a page would continue on a page without its title: the
    layouts keep theirs shorter, and ``tests/test_print_render.py`` checks the printed
    pages of the demo for it."""
    tables = sorted(sheet.tables, key=lambda t: t.first_row)
    breaks = set(sheet.row_breaks)
    for table in tables[1:]:
        breaks.add(table.first_row)
    sheet.row_breaks = sorted(breaks)


#: Printable area of an A4 landscape page at Excel's default margins, in points.
_PAGE_WIDTH_PT = 770.0
_PAGE_HEIGHT_PT = 470.0
_HEADING_GROUP_ROWS = 3


def break_before_headings(sheet: SheetContent, heading_style: str = "heading") -> None:
    """Page breaks so a table starts on a new page rather than running over a break, where
    it would fit on one: a break goes before a heading (a cell in ``heading_style``) whose
    table would not fit on the rest of the page. Fitting to one page wide shrinks the page,
    so the height available grows by the same factor."""
    width_pt = sum((w * 7 + 5) * 0.75 for w in sheet.column_widths.values()) or 1.0
    scale = min(1.0, _PAGE_WIDTH_PT / width_pt)
    page = _PAGE_HEIGHT_PT / scale
    titles = 0.0
    if sheet.print_title_rows:
        first, _, last = sheet.print_title_rows.partition(":")
        titles = sum(
            sheet.row_heights.get(r, _LINE_POINTS)
            for r in range(int(first), int(last or first) + 1)
        )
    candidates = sorted(
        {b.row for b in sheet.blocks if b.style == heading_style and b.col == 1 and b.row > 2}
    )
    # A heading with another just below it (a section title over its first table) moves
    # with that table: the break goes before the first of them, never between.
    headings: list[int] = []
    for row in candidates:
        if not headings or row - headings[-1] > _HEADING_GROUP_ROWS:
            headings.append(row)
    last_row = max((b.row + b.height - 1 for b in sheet.blocks), default=0)
    bounds = [*headings, last_row + 1]

    def height(start: int, stop: int) -> float:
        return sum(sheet.row_heights.get(r, _LINE_POINTS) for r in range(start, stop))

    used = height(1, headings[0]) if headings else 0.0
    breaks = set(sheet.row_breaks)
    for start, stop in pairwise(bounds):
        part = height(start, stop)
        # A table longer than a page splits wherever it starts; it only gets a fresh page
        # when little of the current one is left.
        fits = part <= page - titles or page - used < page / 4
        if used + part > page and used > titles and fits:
            breaks.add(start)
            used = titles
        used += part
        while used > page:  # a table longer than a page breaks inside, as it must
            used -= page - titles
    sheet.row_breaks = sorted(breaks)
