"""Where things are in a new workbook: sheet names and order, header and first data rows."""

from __future__ import annotations

from wres_xl.core import schema

START_SHEET = "Start"
HEADER_ROW = 4
FIRST_DATA_ROW = HEADER_ROW + 1
#: Validation lists and number checks cover the table rows down to here, so rows a user adds
#: (Excel grows the table as they type or paste below it) are checked too.
DATA_VALIDATION_LAST_ROW = 5000

#: The Action plan's table starts lower, below its progress block.
ACTIONS_HEADER_ROW = 19
ACTIONS_FIRST_DATA_ROW = ACTIONS_HEADER_ROW + 1

CALCULATOR_SHEET = "Calculator"
INPUT_SHEETS: tuple[str, ...] = tuple(t.sheet for t in schema.INPUT_TABLES)
SHEET_ORDER: tuple[str, ...] = (
    START_SHEET,
    *INPUT_SHEETS,
    CALCULATOR_SHEET,
    *schema.OUTPUT_SHEETS,
)


def header_row(spec: schema.TableSpec) -> int:
    """The sheet row of ``spec``'s table header in a new workbook."""
    return ACTIONS_HEADER_ROW if spec is schema.ACTIONS else HEADER_ROW


def first_data_row(spec: schema.TableSpec) -> int:
    """The sheet row of ``spec``'s first data row in a new workbook."""
    return header_row(spec) + 1
