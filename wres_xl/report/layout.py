"""The small vocabulary every output sheet is written in.

A sheet is a set of rectangular ``Block``s of values with a named style each (the
backend maps style names to fonts, fills and number formats), plus column widths,
merged ranges, frozen panes, print settings and charts. Rows and columns are 1-based,
as in Excel.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from wres_xl.core.stats import COLOUR_RATINGS, REPRESENTATION_RATINGS, Rating


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


NHS_BLUE = "005EB8"
NHS_DARK_BLUE = "003087"
INPUT_FILL = "FFF9E5"
HEADER_FILL = "E8EDEE"

#: Rating fills: a blue-orange diverging scale (safe for the common colour-vision
#: deficiencies), pale to strong by degree, grey for Equivalent and white-blue for the
#: benchmark; the label is always written beside the colour so meaning never rests on
#: colour alone.
RATING_FILLS: dict[str, str] = {
    Rating.BENCHMARK.value: "DCE6F2",
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
    "subtitle": Style(size=11, colour="425563"),
    "heading": Style(bold=True, size=12, colour=NHS_BLUE),
    "header": Style(bold=True, fill=HEADER_FILL, wrap=True, border=True, horizontal="center"),
    "header_left": Style(bold=True, fill=HEADER_FILL, wrap=True, border=True),
    "text": Style(border=True),
    "text_plain": Style(),
    "wrap": Style(wrap=True, border=True),
    "wrap_plain": Style(wrap=True),
    "note": Style(italic=True, size=9, colour="425563", wrap=False),
    "note_wrap": Style(italic=True, size=9, colour="425563", wrap=True),
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
    "info": Style(colour="425563", border=True),
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


@dataclass(frozen=True)
class Block:
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


@dataclass
class SheetContent:
    title: str
    blocks: list[Block] = field(default_factory=list)
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

    def add(
        self,
        row: int,
        col: int,
        values: Sequence[Sequence[object]],
        style: str | None = None,
        styles: Sequence[Sequence[str | None]] | None = None,
    ) -> Block:
        block = Block(row, col, values, style, styles)
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
        Rating.BENCHMARK: "The White group, the reference for comparison",
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
