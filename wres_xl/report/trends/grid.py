"""The Trends sheet's grid: its columns and widths, the series colours and wrapped notes."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from wres_xl.report.layout import SheetContent
from wres_xl.report.palette import NHS_BLUE, NHS_DARK_GREY, NHS_GREEN, NHS_ORANGE, NHS_PURPLE

if TYPE_CHECKING:
    from wres_xl.report.trends.view import TrendView

LABEL_COL = 2
FIRST_YEAR_COL = 3
TABLE_HEADER_ROW = 6
NUMBER_WIDTH = 14
LABEL_WIDTH = 44

# Colour-blind-safe pairs (blue / orange / dark grey / purple); every series is also
# named in the legend and told apart by its marker or dash, never by colour alone.
BME_COLOUR = NHS_BLUE
WHITE_COLOUR = NHS_ORANGE
REFERENCE_COLOUR = NHS_DARK_GREY
SERIES_COLOURS = (NHS_BLUE, NHS_ORANGE, NHS_PURPLE, NHS_GREEN)


def column_widths(view: TrendView) -> dict[int, float]:
    last = max(FIRST_YEAR_COL + len(view.years), FIRST_YEAR_COL + 5)
    widths: dict[int, float] = {1: 6, LABEL_COL: LABEL_WIDTH}
    for col in range(FIRST_YEAR_COL, last + 1):
        widths[col] = NUMBER_WIDTH
    return widths


def sheet_cols(view: TrendView) -> int:
    """Columns the sheet spans: the trend table, or the targets table if that is wider."""
    return max(FIRST_YEAR_COL + len(view.years), LABEL_COL + 5)


def add_note(sheet: SheetContent, row: int, text: str, cols: int) -> None:
    """A wrapped note across the sheet's width, tall enough for its text."""
    sheet.text(row, 1, text, "note_wrap")
    sheet.merges.append((row, 1, row, cols))
    chars = sum(sheet.column_widths.get(c, 8.43) for c in range(1, cols + 1))
    lines = max(1, math.ceil(len(text) / (chars * 1.1)))
    sheet.row_heights[row] = 12.5 * lines + 1
