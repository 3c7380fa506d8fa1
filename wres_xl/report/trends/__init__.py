"""The Trends sheet: every indicator for every year, national averages, charts and targets.

Laid out as a trust's WRES report lays out its trend page: one "indicator × year" table
(rows are measures, columns are years, then the latest national average), charts drawn
from numbers kept at the foot of the sheet, and the Model Employer aspirational targets
for bands 8a and above.
"""

from __future__ import annotations

from wres_xl.report.trends.grid import (
    BME_COLOUR,
    FIRST_YEAR_COL,
    LABEL_COL,
    LABEL_WIDTH,
    NUMBER_WIDTH,
    REFERENCE_COLOUR,
    SERIES_COLOURS,
    TABLE_HEADER_ROW,
    WHITE_COLOUR,
)
from wres_xl.report.trends.sheet import build_trends

__all__ = [
    "BME_COLOUR",
    "FIRST_YEAR_COL",
    "LABEL_COL",
    "LABEL_WIDTH",
    "NUMBER_WIDTH",
    "REFERENCE_COLOUR",
    "SERIES_COLOURS",
    "TABLE_HEADER_ROW",
    "WHITE_COLOUR",
    "build_trends",
]
