"""The NHS identity colours (NHS England brand guidelines), as RGB hex: the one palette.

The workbook template, the output sheets, the charts and the WDES workbook all take their
colours from here (tests/test_vocabulary.py fails on a copy elsewhere). The rating fills
(``report.layout.RATING_FILLS``) are a colour scale of their own, keyed by rating.
"""

from __future__ import annotations

NHS_BLUE = "005EB8"
NHS_DARK_BLUE = "003087"
NHS_WARM_YELLOW = "FFB81C"
NHS_MID_GREY = "768692"
NHS_PALE_GREY = "E8EDEE"
NHS_DARK_GREY = "425563"
NHS_AQUA_GREEN = "00A499"
NHS_ORANGE = "ED8B00"
NHS_PURPLE = "330072"
NHS_GREEN = "009639"
#: The pale yellow of the cells users type in (the template's input tables).
INPUT_LIGHT_YELLOW = "FFF7D1"

#: Every colour above, for the test that keeps this the only copy.
NHS_PALETTE: tuple[str, ...] = (
    NHS_BLUE,
    NHS_DARK_BLUE,
    NHS_WARM_YELLOW,
    NHS_MID_GREY,
    NHS_PALE_GREY,
    NHS_DARK_GREY,
    NHS_AQUA_GREEN,
    NHS_ORANGE,
    NHS_PURPLE,
    NHS_GREEN,
    INPUT_LIGHT_YELLOW,
)
