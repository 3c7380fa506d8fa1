"""Which text a cell must mark with Excel's quote prefix, for every writer.

Excel reads what is typed (or edited, F2 then Enter) into a cell: "=Smith" becomes a
formula, "+1+1" and "@SUM(1,2)" formulas too, "0123" the number 123, "TRUE" a logical,
"March 2024" a date. Its quote prefix (an apostrophe never shown in the cell) keeps such
text as typed. The live writer (xlwings) assigns the apostrophe; the file writers
(openpyxl's and the sheet XML) set ``quotePrefix`` on the same cells, so a workbook shows
the same text the same way whichever path wrote it.
"""

from __future__ import annotations

import re

from wres_xl.workbook.table_edits import CONTROL_CHARACTERS

#: Characters a cell in an .xlsx cannot hold (they make the file unreadable); one pattern,
#: table_edits'.
ILLEGAL = CONTROL_CHARACTERS

_MONTHS = {
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "january", "february", "march", "april", "june", "july", "august", "september",
    "october", "november", "december",
}  # fmt: skip


def needs_quote_prefix(text: str) -> bool:
    """True when Excel would take ``text``, typed or re-entered, for something other than
    text: a formula, a number, a logical or a date."""
    stripped = text.strip()
    if not stripped:
        return False
    if text[0] in "=+-@'#" or stripped[0] in "0123456789.(+-$£€":
        return True
    if stripped.casefold() in ("true", "false"):
        return True
    first_word = re.split(r"[\s\-/,.]", stripped, maxsplit=1)[0].casefold()
    return first_word in _MONTHS and stripped.casefold() != first_word
