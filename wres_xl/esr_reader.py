"""Reading an ESR staff extract (CSV or Excel) into columns for ``wres_xl.core.esr``.

Excel files are read with python-calamine (several times faster than openpyxl for a read);
CSV files with the csv module, which is as fast as pandas here because only a handful of
columns are kept. The header row need not be the first: ESR and BI exports often put a
title and run date above it, so the first 20 rows are scanned for it.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from python_calamine import CalamineError, CalamineWorkbook

from wres_xl.core.esr import (
    EsrImportResult,
    aggregate_esr,
    best_header_guess,
    columns_error,
    find_header_row,
    infer_esr_year,
    match_headers,
    missing_needs,
)
from wres_xl.errors import InputError, WresFileError, WresFileNotFoundError

#: How many rows from the top are searched for the header row.
HEADER_SCAN_ROWS = 20
EXCEL_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"})
CSV_SUFFIXES = frozenset({".csv", ".txt", ".tsv"})


@dataclass(frozen=True)
class EsrExtract:
    """The recognised columns of an extract, keyed by their headers as written."""

    columns: dict[str, list[object]]
    #: How to name the extract in messages, e.g. "'staff.xlsx' (sheet 'Data', headers on row 3)".
    source: str
    sheet: str | None
    header_row: int  # 1-based, as Excel or a text editor shows it


def read_esr_extract(path: Path, *, year: int | None = None) -> EsrImportResult:
    """Workforce counts, headcounts and an import report from an ESR extract.

    Without ``year`` the WRES year comes from a snapshot-date column (see
    ``wres_xl.core.esr.infer_esr_year``); an ``InputError`` asks for it when that fails.
    """
    extract = load_esr_columns(path)
    note: tuple[str, str] | None = None
    if year is None:
        year, how = infer_esr_year(extract.columns)
        note = ("info", f"The WRES year {year} was taken from {how}.")
    else:
        try:
            found, how = infer_esr_year(extract.columns)
        except InputError:
            found = year
        if found != year:
            note = (
                "warning",
                f"The year {year} was asked for, but {how} suggests {found}. "
                "Check that this is the right extract.",
            )
    result = aggregate_esr(extract.columns, year=year, source=extract.source)
    if note is None:
        return result
    report = dataclasses.replace(result.report, notes=(*result.report.notes, note))
    return dataclasses.replace(result, report=report)


def load_esr_columns(path: Path) -> EsrExtract:
    """The recognised columns of the first sheet (or CSV table) that has the needed headers."""
    path = Path(path)
    if not path.is_file():
        raise WresFileNotFoundError(
            f"The ESR extract '{path}' was not found. Check the file name and folder."
        )
    suffix = path.suffix.casefold()
    if suffix in EXCEL_SUFFIXES:
        return _load_excel(path)
    if suffix in CSV_SUFFIXES:
        return _load_csv(path)
    raise InputError(
        f"'{path.name}' is not a CSV or Excel file. Save the ESR extract as .csv or .xlsx "
        "and try again."
    )


def _columns(header: Sequence[object], data: Sequence[Sequence[object]]) -> dict[str, list[object]]:
    columns: dict[str, list[object]] = {}
    for index in match_headers(header).values():
        try:
            column = [row[index] for row in data]
        except IndexError:  # a short CSV line: its missing cells are blank
            column = [row[index] if index < len(row) else "" for row in data]
        columns[str(header[index]).strip()] = column
    return columns


def _load_excel(path: Path) -> EsrExtract:
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheet = workbook.get_sheet_by_index(0)
        rows = sheet.to_python()
        header = find_header_row(rows, scan=HEADER_SCAN_ROWS)
        first_rows = rows
        if header is None:
            # Some extracts put a cover or parameters sheet first.
            for name in workbook.sheet_names[1:]:
                candidate = workbook.get_sheet_by_name(name)
                if find_header_row(candidate.to_python(nrows=HEADER_SCAN_ROWS)) is not None:
                    sheet = candidate
                    rows = sheet.to_python()
                    header = find_header_row(rows, scan=HEADER_SCAN_ROWS)
                    break
    except (CalamineError, OSError, ValueError) as exc:
        raise WresFileError(
            f"'{path.name}' could not be read as an Excel file ({exc}). Open it in Excel, "
            "save it as .xlsx (or .csv) and try again."
        ) from exc
    if header is None:
        where = f"'{path.name}'" + (
            f" (sheet '{sheet.name}')" if len(workbook.sheet_names) == 1 else " (every sheet)"
        )
        found = best_header_guess(first_rows, scan=HEADER_SCAN_ROWS)
        raise columns_error(found, missing_needs(match_headers(found)), where)
    start = sheet.start
    header_row = (start[0] if start else 0) + header + 1
    return EsrExtract(
        columns=_columns(rows[header], rows[header + 1 :]),
        source=f"'{path.name}' (sheet '{sheet.name}', headers on row {header_row})",
        sheet=sheet.name,
        header_row=header_row,
    )


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel's "CSV" on Windows saves in the ANSI code page.
        return raw.decode("cp1252", errors="replace")


def _delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:HEADER_SCAN_ROWS])
    return max((",", "\t", ";", "|"), key=sample.count)


def _load_csv(path: Path) -> EsrExtract:
    try:
        text = _decode(path.read_bytes())
    except OSError as exc:
        raise WresFileError(
            f"'{path.name}' could not be read ({exc.strerror or exc}). Close it in any other "
            "program and try again."
        ) from exc
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
        rows: list[list[object]] = [list(row) for row in reader]
    except csv.Error as exc:
        raise InputError(
            f"'{path.name}' is not a readable CSV file ({exc}). Export the extract again as CSV."
        ) from exc
    header = find_header_row(rows, scan=HEADER_SCAN_ROWS)
    if header is None:
        found = best_header_guess(rows, scan=HEADER_SCAN_ROWS)
        raise columns_error(found, missing_needs(match_headers(found)), f"'{path.name}'")
    return EsrExtract(
        columns=_columns(rows[header], rows[header + 1 :]),
        source=f"'{path.name}' (headers on row {header + 1})",
        sheet=None,
        header_row=header + 1,
    )
