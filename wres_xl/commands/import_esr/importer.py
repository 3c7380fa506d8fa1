"""``wres-xl import-esr``: fill tblWorkforce (and blank headcounts) from an ESR extract.

The counts replace that year's rows only, inside the same safe write as a refresh (temp file,
verify, swap, backup), and the workbook is refreshed so the Checks sheet carries the import
report next to the refresh's own checks.

The workbook is edited at the package level (``PackageWorkbook``), like the refresh itself:
nothing here needs openpyxl, so an import costs no more start-up than the refresh does.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from wres_xl.commands.import_esr.reader import read_esr_extract
from wres_xl.core import schema
from wres_xl.core.esr import EsrImportResult
from wres_xl.core.groups import DEFAULT_TERM, Group, classify_ethnicity, tidy_term
from wres_xl.core.model import Check, RawTable
from wres_xl.errors import InputError, UnknownLabelError
from wres_xl.workbook.files import refresh_file
from wres_xl.workbook.package import PackageWorkbook


def _year_of(value: object) -> int | None:
    try:
        number = float(str(value).strip())
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


def _rows_as_dicts(table: RawTable) -> list[dict[str, object]]:
    return [
        {h: (r[i] if i < len(r) else None) for i, h in enumerate(table.headers)}
        for r in table.rows
        if any(v not in (None, "") for v in r)
    ]


def replace_workforce_year(workbook: PackageWorkbook, result: EsrImportResult) -> int:
    """Swap that year's tblWorkforce rows for the imported ones; other years and any extra
    columns the user keeps in the table are left as they were. Returns rows replaced."""
    table = workbook.read_table(schema.WORKFORCE.name)
    if table is None:
        raise InputError(
            "The workbook has no Excel Table tblWorkforce (on the Workforce sheet), so the "
            "import has nowhere to go. Use a workbook made with 'wres-xl new'."
        )
    kept, replaced = [], 0
    for row in _rows_as_dicts(table):
        year_key = next((k for k in row if k.casefold() == "year"), "Year")
        if _year_of(row.get(year_key)) == result.year:
            replaced += 1
        else:
            kept.append(row)
    workbook.fill_table(schema.WORKFORCE.name, kept + list(result.workforce))
    return replaced


def fill_blank_headcounts(workbook: PackageWorkbook, result: EsrImportResult) -> list[str]:
    """Write the imported headcount into blank Headcount cells of that year's rows."""
    notes = []
    for spec in (schema.DISCIPLINARY, schema.TRAINING):
        table = workbook.read_table(spec.name)
        if table is None:
            continue
        year_i, group_i, head_i = (
            table.column_index(c) for c in ("Year", "Ethnicity", "Headcount")
        )
        if year_i is None or group_i is None or head_i is None:
            continue
        updates: dict[int, object] = {}
        for offset, row in enumerate(table.rows):
            if _year_of(row[year_i]) != result.year or row[head_i] not in (None, ""):
                continue
            try:
                group = classify_ethnicity(row[group_i])
            except UnknownLabelError:
                continue
            if group is not Group.UNKNOWN or row[group_i] not in (None, ""):
                updates[table.first_row + offset] = result.headcount[group.value]
        if updates:
            workbook.set_table_cells(spec.name, "Headcount", updates)
            notes.append(f"Filled {len(updates)} blank headcount(s) on the {spec.sheet} sheet.")
    return notes


def _ask(question: str) -> bool:
    if not sys.stdin or not sys.stdin.isatty():
        return False
    try:
        return input(f"{question} [y/N] ").strip().casefold() in ("y", "yes")
    except EOFError:
        return False


def run_import(
    extract: Path,
    workbook_path: Path,
    *,
    year: int | None = None,
    replace: bool = False,
    confirm: Callable[[str], bool] = _ask,
    on_progress: Callable[[str], None] | None = None,
) -> int:
    from wres_xl.commands.import_esr import wdes as wdes_esr_import

    if wdes_esr_import.holds_wdes(Path(workbook_path)):
        return wdes_esr_import.run_wdes_import(
            extract, workbook_path, year=year, replace=replace, confirm=confirm,
            on_progress=on_progress,
        )  # fmt: skip
    result = read_esr_extract(Path(extract), year=year)
    notes: list[str] = []

    def apply(workbook: PackageWorkbook) -> Sequence[Check]:
        settings = workbook.read_table(schema.SETTINGS.name)
        term = _term(settings)
        for line in result.report.lines(term):
            print(line)
        notes.append(write_workforce(workbook, result, replace, confirm))
        notes.extend(fill_blank_headcounts(workbook, result))
        return result.report.checks()

    refresh = refresh_file(Path(workbook_path), on_progress=on_progress, before_refresh=apply)
    return report_done(workbook_path, refresh.errors, notes)


def write_workforce(
    workbook: PackageWorkbook,
    result: EsrImportResult,
    replace: bool,
    confirm: Callable[[str], bool],
    count_columns: Sequence[str] = ("White", "BME", "Unknown"),
) -> str:
    """Replace that year's Workforce rows, asking first when they hold figures (unless
    ``replace``); returns the note for the terminal."""
    table = workbook.read_table(schema.WORKFORCE.name)
    existing = _rows_with_figures(table, result.year, count_columns)
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
    return f"Wrote {len(result.workforce)} Workforce rows for {result.year}" + (
        f", replacing {replaced}." if replaced else "."
    )


def report_done(workbook_path: Path, errors: Sequence[Check], notes: Sequence[str]) -> int:
    for note in notes:
        print(note)
    print(
        f"Refreshed {workbook_path}: see the Checks sheet for the import report and any problems."
    )
    return 1 if errors else 0


def _rows_with_figures(
    table: RawTable | None, year: int, count_columns: Sequence[str] = ("White", "BME", "Unknown")
) -> int:
    """That year's Workforce rows holding any count. The rows 'wres-xl new --year' lays out
    with blank counts are placeholders: replacing them needs no confirmation."""
    if table is None:
        return 0
    year_i = table.column_index("Year")
    count_is = [i for c in count_columns if (i := table.column_index(c)) is not None]
    if year_i is None:
        return 0
    return sum(
        1
        for r in table.rows
        if _year_of(r[year_i]) == year and any(r[i] not in (None, "") for i in count_is)
    )


def _term(settings: RawTable | None) -> str:
    """The Term for BME staff setting, read by the core's rules (case and spaces do not matter)."""
    if settings is None:
        return DEFAULT_TERM
    name_i, value_i = settings.column_index("Setting"), settings.column_index("Value")
    spec, term = schema.SETTINGS_BY_NAME["Term for BME staff"], DEFAULT_TERM
    for row in settings.rows:
        if name_i is None or value_i is None or schema.setting_spec(row[name_i]) is not spec:
            continue
        if row[value_i] not in (None, ""):
            term = tidy_term(row[value_i])  # as in the core: the last row that sets it is used
    return term


__all__ = ["fill_blank_headcounts", "replace_workforce_year", "run_import"]
