"""``wres-xl import-esr`` into a WDES workbook: tblWorkforce (Non-disabled, Disabled,
Unknown) and blank Capability headcounts from the same ESR extract as the WRES.

The WRES import's rules hold: that year's rows only are replaced, inside the same safe
write as a refresh, after a confirmation when the year already has figures; the workbook
is then refreshed so the Checks sheet carries the import report.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from wres_xl.core.disability import classify_disability
from wres_xl.core.esr import EsrImportResult
from wres_xl.core.model import Check, RawTable
from wres_xl.core.wdes_esr import DisabilityCounter, wdes_report_lines
from wres_xl.core.wdes_standard import CAPABILITY, WORKFORCE
from wres_xl.errors import InputError, UnknownLabelError, WresError
from wres_xl.esr_import import _ask, _check, _year_of, replace_workforce_year
from wres_xl.esr_reader import read_esr_extract
from wres_xl.workbook.files import refresh_file
from wres_xl.workbook.openpyxl_backend import OpenpyxlWorkbook
from wres_xl.workbook.package import PackageWorkbook
from wres_xl.workbook.wdes_refresh import workbook_standard


def holds_wdes(workbook_path: Path) -> bool:
    """True when the workbook's Standard setting says WDES. A workbook that cannot be
    opened is left to the WRES import, which reports why in the usual words."""
    try:
        with PackageWorkbook(Path(workbook_path)) as workbook:
            return workbook_standard(workbook).name == "WDES"
    except (WresError, OSError):
        return False


def _rows_with_figures(table: RawTable | None, year: int) -> int:
    if table is None:
        return 0
    year_i = table.column_index("Year")
    counts = [i for c in WORKFORCE.columns[3:] if (i := table.column_index(c)) is not None]
    if year_i is None:
        return 0
    return sum(
        1
        for r in table.rows
        if _year_of(r[year_i]) == year and any(r[i] not in (None, "") for i in counts)
    )


def fill_blank_capability_headcounts(workbook: OpenpyxlWorkbook, result: EsrImportResult) -> str:
    """The imported headcount in blank Headcount cells of that year's Capability rows."""
    table = workbook.read_table(CAPABILITY.name)
    if table is None:
        return ""
    year_i, group_i, head_i = (table.column_index(c) for c in ("Year", "Disability", "Headcount"))
    if year_i is None or group_i is None or head_i is None:
        return ""
    updates: dict[int, object] = {}
    for offset, row in enumerate(table.rows):
        if _year_of(row[year_i]) != result.year or row[head_i] not in (None, ""):
            continue
        if row[group_i] in (None, ""):
            continue
        try:
            group = classify_disability(row[group_i])
        except UnknownLabelError:
            continue
        updates[table.first_row + offset] = result.headcount[group.value]
    if not updates:
        return ""
    workbook.set_table_cells(CAPABILITY.name, "Headcount", updates)
    return f"Filled {len(updates)} blank headcount(s) on the {CAPABILITY.sheet} sheet."


def run_wdes_import(
    extract: Path,
    workbook_path: Path,
    *,
    year: int | None = None,
    replace: bool = False,
    confirm: Callable[[str], bool] = _ask,
    on_progress: Callable[[str], None] | None = None,
) -> int:
    result = read_esr_extract(Path(extract), year=year, counter_type=DisabilityCounter)
    notes: list[str] = []

    def apply(workbook: OpenpyxlWorkbook) -> Sequence[Check]:
        for line in wdes_report_lines(result.report):
            print(line)
        existing = _rows_with_figures(workbook.read_table(WORKFORCE.name), result.year)
        if existing and not replace:
            question = (
                f"The Workforce table already has {existing} row(s) for {result.year}. "
                "Replace them with the imported counts?"
            )
            if not confirm(question):
                raise InputError(
                    f"Nothing was changed: the Workforce table already has rows for "
                    f"{result.year}. Run again with --replace to replace them (other years are "
                    "kept), or choose another year with --year."
                )
        replaced = replace_workforce_year(workbook, result)
        notes.append(
            f"Wrote {len(result.workforce)} Workforce rows for {result.year}"
            + (f", replacing {replaced}." if replaced else ".")
        )
        if note := fill_blank_capability_headcounts(workbook, result):
            notes.append(note)
        return [_check(c) for c in result.report.checks()]

    refresh = refresh_file(Path(workbook_path), on_progress=on_progress, before_refresh=apply)
    for note in notes:
        print(note)
    print(
        f"Refreshed {workbook_path}: see the Checks sheet for the import report and any problems."
    )
    return 1 if refresh.errors else 0
