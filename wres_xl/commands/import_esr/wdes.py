"""``wres-xl import-esr`` into a WDES workbook: tblWorkforce (Non-disabled, Disabled,
Unknown) and blank Capability headcounts from the same ESR extract as the WRES.

The WRES import's rules hold: that year's rows only are replaced, inside the same safe
write as a refresh, after a confirmation when the year already has figures; the workbook
is then refreshed so the Checks sheet carries the import report.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from wres_xl.commands.import_esr.importer import (
    _ask,
    _year_of,
    report_done,
    write_workforce,
)
from wres_xl.commands.import_esr.reader import read_esr_extract
from wres_xl.core import schema
from wres_xl.core.disability import classify_disability
from wres_xl.core.esr import EsrImportResult
from wres_xl.core.model import Check
from wres_xl.core.standard import settings_standard
from wres_xl.core.wdes_esr import DisabilityCounter, wdes_report_lines
from wres_xl.core.wdes_standard import CAPABILITY, WORKFORCE
from wres_xl.errors import UnknownLabelError, WresError
from wres_xl.workbook.files import refresh_file
from wres_xl.workbook.package import PackageWorkbook


def holds_wdes(workbook_path: Path) -> bool:
    """True when the workbook's Standard setting says WDES. A workbook that cannot be
    opened is left to the WRES import, which reports why in the usual words."""
    try:
        with PackageWorkbook(Path(workbook_path)) as workbook:
            # Not wdes_refresh.workbook_standard: a WRES import would import the WDES refresh.
            return settings_standard(workbook.read_table(schema.SETTINGS.name)).name == "WDES"
    except (WresError, OSError):
        return False


def _fill_blank_capability_headcounts(workbook: PackageWorkbook, result: EsrImportResult) -> str:
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

    def apply(workbook: PackageWorkbook) -> Sequence[Check]:
        for line in wdes_report_lines(result.report):
            print(line)
        notes.append(write_workforce(workbook, result, replace, confirm, WORKFORCE.columns[3:]))
        if note := _fill_blank_capability_headcounts(workbook, result):
            notes.append(note)
        return result.report.checks()

    refresh = refresh_file(Path(workbook_path), on_progress=on_progress, before_refresh=apply)
    return report_done(workbook_path, refresh.errors, notes)
