"""The Checks sheet: every data problem, where it is and what to do."""

from __future__ import annotations

from collections.abc import Sequence

from wres_xl.core.model import Check, Severity
from wres_xl.core.schema import CHECKS_SHEET
from wres_xl.report.common import OUTPUT_TAB
from wres_xl.report.layout import SheetContent

_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def sorted_checks(checks: Sequence[Check]) -> list[Check]:
    return sorted(checks, key=lambda c: (_ORDER[c.severity], c.sheet, c.row or 0))


def build_checks(checks: Sequence[Check], organisation: str = "") -> SheetContent:
    sheet = SheetContent(CHECKS_SHEET, freeze="A5", print_title_rows="1:4", tab_colour=OUTPUT_TAB)
    sheet.text(1, 1, "Checks: problems found in your data", "title")
    counts = {s: sum(1 for c in checks if c.severity is s) for s in Severity}
    sheet.text(
        2,
        1,
        f"{counts[Severity.ERROR]} error(s), {counts[Severity.WARNING]} warning(s), "
        f"{counts[Severity.INFO]} note(s). Errors stop an indicator being computed; fix them on "
        "the sheet and row shown, then refresh again.",
        "subtitle",
    )
    sheet.add(4, 1, [["Severity", "Sheet", "Table", "Row", "Column", "Message"]], "header_left")
    if not checks:
        sheet.add(
            5, 1, [["None", "", "", "", "", "No problems found in the input tables."]], "text"
        )
    for i, check in enumerate(sorted_checks(checks)):
        sheet.add(
            5 + i,
            1,
            [
                [
                    check.severity.value.capitalize(),
                    check.sheet,
                    check.table or "",
                    check.row if check.row is not None else "",
                    check.column or "",
                    check.message,
                ]
            ],
            styles=[[check.severity.value, "text", "text", "year", "text", "wrap"]],
        )
    sheet.column_widths = {1: 10, 2: 16, 3: 16, 4: 7, 5: 24, 6: 100}
    return sheet
