"""The Model Employer aspirational targets for bands 8a and above, and their milestones."""

from __future__ import annotations

from wres_xl.core.indicators import WorkforceResult
from wres_xl.core.standard import Computation
from wres_xl.core.targets import (
    TARGET_STAFF_GROUPS,
    BandTarget,
    TargetTable,
    aspirational_targets,
    milestones,
    target_share,
)
from wres_xl.report.layout import SheetContent
from wres_xl.report.trends.grid import LABEL_COL, add_note, sheet_cols
from wres_xl.report.trends.view import TrendView


def add_targets(sheet: SheetContent, view: TrendView, row: int) -> int:
    settings, term = view.settings, view.term
    result = view.result(view.metrics(Computation.REPRESENTATION)[0].key, view.year)
    sheet.text(
        row,
        1,
        f"Aspirational targets: {term} staff at bands 8a and above by {settings.target_year}",
        "heading",
    )
    row += 1
    target = (
        target_share(result, settings.local_population_bme)
        if isinstance(result, WorkforceResult)
        else None
    )
    if not isinstance(result, WorkforceResult) or target is None:
        add_note(
            sheet,
            row,
            f"Not computed: the Workforce table has no usable rows for {view.year}, so there "
            "is nothing to set targets against."
            if not isinstance(result, WorkforceResult)
            else f"Not computed: the Workforce table for {view.year} has no staff of known "
            f"{view.words.status}, so there is no {term} share to aim for. Fill in the "
            f"Workforce table{view.words.local_population_fix}.",
            sheet_cols(view),
        )
        return row + 2
    share, source = target
    source_text = (
        f"your local population's {term} share ({share * 100:.2f}%, the 'Local population BME "
        "%' setting)"
        if source == "local population"
        else f"the {term} share of your whole workforce in {view.year} ({share * 100:.2f}%)"
        f"{view.words.local_population_hint}"
    )
    notes = [
        view.words.target_goal.format(term=term, source=source_text),
        f"Equitable headcount = {share * 100:.2f}% × the band's headcount, rounded to the "
        "nearest whole person (halves up). Appointments needed = equitable minus current, "
        "never below zero.",
        "Totals add up the bands, so a band above its equitable level does not make up for "
        "another band below it. Medical & Dental grades are not Agenda for Change bands and "
        "are not included.",
    ]
    for note in notes:
        add_note(sheet, row, note, sheet_cols(view))
        row += 1
    row += 1
    tables, row = _target_tables(sheet, view, term, result, share, row)
    return _milestones(sheet, view, term, tables[0].total, row)


def _target_tables(
    sheet: SheetContent,
    view: TrendView,
    term: str,
    result: WorkforceResult,
    share: float,
    row: int,
) -> tuple[list[TargetTable], int]:
    """The targets of the two staff groups combined, then of each; with the first free row."""
    headers: list[object] = [
        "Band",
        f"{term} now",
        "Headcount",
        f"{term} % now",
        f"Equitable {term} headcount",
        f"{term} appointments needed",
    ]
    tables: list[TargetTable] = [
        aspirational_targets(result, share, TARGET_STAFF_GROUPS),
        *[aspirational_targets(result, share, (g,)) for g in TARGET_STAFF_GROUPS],
    ]
    for n, table in enumerate(tables):
        label = f"{table.label} combined" if len(table.staff_groups) > 1 else table.label
        if n:
            # Each staff group's targets print from the top of a page, under the headings.
            sheet.start_table(row, f"Aspirational targets: {label}, {view.year}")
        sheet.add(row, LABEL_COL, [headers], styles=[["header_left"] + ["header"] * 5])
        sheet.row_heights[row] = 40
        row += 1
        sheet.add(row, LABEL_COL, [[label, "", "", "", "", ""]], "bold")
        row += 1
        if not table.bands:
            sheet.add(
                row, LABEL_COL, [["No staff at bands 8a and above", "", "", "", "", ""]], "text"
            )
            row += 1
            continue
        for band in (*table.bands, table.total):
            bold = band.band == "Total"
            sheet.add(
                row,
                LABEL_COL,
                [
                    [
                        band.band,
                        band.current,
                        band.headcount,
                        band.current_share if band.current_share is not None else "–",
                        band.equitable,
                        band.needed,
                    ]
                ],
                styles=[
                    [
                        "bold" if bold else "text",
                        "count_bold" if bold else "count",
                        "count_bold" if bold else "count",
                        "percent_bold" if bold else "percent",
                        "count_bold" if bold else "count",
                        "count_bold" if bold else "count",
                    ]
                ],
            )
            row += 1
    row += 1
    return tables, row


def _milestones(
    sheet: SheetContent, view: TrendView, term: str, combined: BandTarget, row: int
) -> int:
    """An even pace of appointments to the target year, for the two groups combined."""
    settings = view.settings
    steps = milestones(combined.current, combined.needed, view.year, settings.target_year)
    sheet.start_table(row, f"Milestones to {settings.target_year}")
    sheet.text(
        row,
        1,
        f"Milestones to {settings.target_year} (Non-clinical and Clinical combined, an even "
        "pace, if the number of senior posts stays as it is)",
        "heading",
    )
    row += 1
    if not steps:
        add_note(
            sheet,
            row,
            f"The target year ({settings.target_year}) is not after the "
            f"{view.standard.name} year "
            f"({view.year}). Set a later 'Target year' on the Settings sheet.",
            sheet_cols(view),
        )
        return row + 2
    sheet.add(
        row,
        LABEL_COL,
        [
            [
                "By 31 March",
                f"{term} appointments that year",
                "Appointments so far",
                f"{term} staff at 8a and above",
            ]
        ],
        styles=[["header_left", "header", "header", "header"]],
    )
    sheet.row_heights[row] = 40
    row += 1
    for step in steps:
        sheet.add(
            row,
            LABEL_COL,
            [[step.year, step.in_year, step.cumulative, step.headcount]],
            styles=[["year", "count", "count", "count"]],
        )
        row += 1
    return row + 1
