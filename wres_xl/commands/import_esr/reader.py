"""Reading an ESR staff extract (CSV or Excel) in chunks into ``wres_xl.core.esr.EsrCounter``.

A national or large-trust extract has a million rows, so the file is never held as Python
rows: CSV is read with the csv module and Excel with python-calamine's row iterator, a chunk
of ``CHUNK_ROWS`` rows at a time, and the counter keeps only a few integers per row. (Calamine
parses an Excel sheet into compact Rust cells first; only the Python objects are streamed.)
The header row need not be the first: ESR and BI exports often put a title and run date above
it, so the first 20 rows are scanned for it.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import dataclasses
import gc
import itertools
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

from python_calamine import CalamineError, CalamineWorkbook

from wres_xl.core.esr import (
    EsrCounter,
    EsrImportResult,
    best_header_guess,
    columns_error,
    find_header_row,
    match_headers,
    missing_needs,
    year_from_dates,
)
from wres_xl.core.model import Severity
from wres_xl.errors import InputError, WresError, WresFileError, WresFileNotFoundError

#: How many rows from the top are searched for the header row.
HEADER_SCAN_ROWS = 20
#: Rows handed to the counter at a time: large enough that numpy does the work, small enough
#: that a chunk of a 16-column extract stays around 30 MB.
CHUNK_ROWS = 32_768
#: Characters read at a time from a plain CSV file (about 20,000 rows of a 16-column extract;
#: twice that was 3% faster and 70 MB bigger at a million rows).
BLOCK_CHARS = 1 << 22
EXCEL_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"})
CSV_SUFFIXES = frozenset({".csv", ".txt", ".tsv"})


def read_esr_extract(
    path: Path, *, year: int | None = None, counter_type: type[EsrCounter] = EsrCounter
) -> EsrImportResult:
    """Workforce counts, headcounts and an import report from an ESR extract.

    Without ``year`` the WRES year comes from a snapshot-date column (see
    ``wres_xl.core.esr.infer_esr_year``); an ``InputError`` asks for it when that fails.
    ``counter_type`` counts by another field (the WDES counts by disability).
    """
    counter = count_esr_extract(path, counter_type)
    note: tuple[Severity, str] | None = None
    if year is None:
        year, how = year_from_dates(counter.date_header, counter.dates)
        note = (Severity.INFO, f"The WRES year {year} was taken from {how}.")
    else:
        try:
            found, how = year_from_dates(counter.date_header, counter.dates)
        except InputError:
            found = year
        if found != year:
            note = (
                Severity.WARNING,
                f"The year {year} was asked for, but {how} suggests {found}. "
                "Check that this is the right extract.",
            )
    result = counter.result(year=year)
    if note is None:
        return result
    report = dataclasses.replace(result.report, notes=(*result.report.notes, note))
    return dataclasses.replace(result, report=report)


def count_esr_extract(path: Path, counter_type: type[EsrCounter] = EsrCounter) -> EsrCounter:
    """The extract's first sheet (or CSV table) that has the needed headers, counted."""
    path = Path(path)
    if not path.is_file():
        raise WresFileNotFoundError(
            f"The ESR extract '{path}' was not found. Check the file name and folder."
        )
    suffix = path.suffix.casefold()
    if suffix in EXCEL_SUFFIXES:
        with _no_cyclic_gc():
            return _count_excel(path, counter_type)
    if suffix in CSV_SUFFIXES:
        with _no_cyclic_gc():
            return _count_csv(path, counter_type)
    raise InputError(
        f"'{path.name}' is not a CSV or Excel file. Save the ESR extract as .csv or .xlsx "
        "and try again."
    )


@contextlib.contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Pause Python's cycle collector while rows stream through.

    Each chunk is tens of thousands of row lists, which would trigger a collection every 700
    of them, each walking the whole chunk: that doubled the time of a CSV read. Rows hold
    only strings and numbers, so no cycle is made; reference counting still frees each chunk.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _headers(row: Sequence[object]) -> list[object]:
    return [h.strip() if isinstance(h, str) else h for h in row]


def _feed(counter: EsrCounter, rows: Iterator[Sequence[object]], *, text: bool) -> None:
    while chunk := list(itertools.islice(rows, CHUNK_ROWS)):
        counter.add_rows(chunk, text=text)


def _excel_error(path: Path, exc: Exception) -> WresFileError:
    return WresFileError(
        f"'{path.name}' could not be read as an Excel file ({exc}). Open it in Excel, "
        "save it as .xlsx (or .csv) and try again."
    )


def _count_excel(path: Path, counter_type: type[EsrCounter] = EsrCounter) -> EsrCounter:
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        names = workbook.sheet_names
        first_rows: list[Sequence[object]] = []
        for index, name in enumerate(names):
            # Some extracts put a cover or parameters sheet first.
            sheet = workbook.get_sheet_by_name(name)
            # iter_rows starts at row 1 even when the data starts lower (to_python does not).
            skip = sheet.start[0] if sheet.start else 0
            rows: Iterator[Sequence[object]] = itertools.islice(sheet.iter_rows(), skip, None)
            top: list[Sequence[object]] = list(itertools.islice(rows, HEADER_SCAN_ROWS))
            if index == 0:
                first_rows = top
            header = find_header_row(top, scan=HEADER_SCAN_ROWS)
            if header is not None:
                break
        else:
            where = f"'{path.name}'" + (
                f" (sheet '{names[0]}')" if len(names) == 1 else " (every sheet)"
            )
            found = best_header_guess(first_rows, scan=HEADER_SCAN_ROWS)
            raise columns_error(found, missing_needs(match_headers(found)), where)
        header_row = skip + header + 1
        counter = counter_type(
            _headers(top[header]),
            source=f"'{path.name}' (sheet '{sheet.name}', headers on row {header_row})",
        )
        counter.add_rows(top[header + 1 :])
        _feed(counter, rows, text=False)
    except WresError:
        raise
    except (CalamineError, OSError, ValueError) as exc:
        raise _excel_error(path, exc) from exc
    return counter


def _encoding(head: bytes) -> str:
    """The text encoding of a CSV file from its first bytes; cp1252 is tried after UTF-8."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"  # Excel's "Unicode Text"
    return "utf-8-sig"


def _delimiter(lines: Sequence[str]) -> str:
    sample = "".join(lines)
    return max((",", "\t", ";", "|"), key=sample.count)


def _count_csv(path: Path, counter_type: type[EsrCounter] = EsrCounter) -> EsrCounter:
    try:
        with path.open("rb") as handle:
            head = handle.read(4)
    except OSError as exc:
        raise WresFileError(
            f"'{path.name}' could not be read ({exc.strerror or exc}). Close it in any other "
            "program and try again."
        ) from exc
    encoding = _encoding(head)
    try:
        return _count_csv_as(path, encoding, counter_type)
    except UnicodeDecodeError:
        if encoding != "utf-8-sig":
            raise InputError(
                f"'{path.name}' starts like a Unicode text file but is not one. Open it in "
                "Excel and save it as 'CSV UTF-8', then try again."
            ) from None
        # Excel's "CSV" on Windows saves in the ANSI code page. Known only once a byte that is
        # not UTF-8 turns up, perhaps far down the file, so the count starts again.
        return _count_csv_as(path, "cp1252", counter_type)


def _count_csv_as(
    path: Path, encoding: str, counter_type: type[EsrCounter] = EsrCounter
) -> EsrCounter:
    errors = "replace" if encoding == "cp1252" else "strict"
    try:
        plain = _is_plain(path)
        with path.open(encoding=encoding, errors=errors, newline="") as handle:
            return _count_text(path, handle, plain=plain, counter_type=counter_type)
    except OSError as exc:
        raise WresFileError(
            f"'{path.name}' could not be read ({exc.strerror or exc}). Close it in any other "
            "program and try again."
        ) from exc


def _is_plain(path: Path) -> bool:
    """True when the file has no quote mark and no carriage return outside CRLF.

    Then every line is one row and splitting it at the delimiter is exactly what the csv
    module does, at nearly twice its speed; checking costs one extra read of the file, which
    the operating system has cached by then.
    """
    with path.open("rb") as handle:
        while block := handle.read(1 << 23):
            if b'"' in block or block.count(b"\r") != block.count(b"\r\n"):
                return False
    return True


def _split_chunks(handle: TextIO, delimiter: str) -> Iterator[list[list[str]]]:
    """Rows of a plain file (see ``_is_plain``), a block of text at a time."""
    rest = ""
    while block := handle.read(BLOCK_CHARS):
        block = rest + block
        cut = block.rfind("\n") + 1
        text, rest = block[:cut], block[cut:]
        if text:
            yield [line.split(delimiter) for line in text.replace("\r\n", "\n")[:-1].split("\n")]
    if rest:
        yield [rest.split(delimiter)]


def _count_text(
    path: Path, handle: TextIO, *, plain: bool, counter_type: type[EsrCounter] = EsrCounter
) -> EsrCounter:
    lines = list(itertools.islice(handle, HEADER_SCAN_ROWS))
    delimiter = _delimiter(lines)
    reader = csv.reader(itertools.chain(lines, handle), delimiter=delimiter)
    try:
        top: list[Sequence[object]]
        if plain:
            top = [line.rstrip("\r\n").split(delimiter) for line in lines]
        else:
            top = list(itertools.islice(reader, HEADER_SCAN_ROWS))
        header = find_header_row(top, scan=HEADER_SCAN_ROWS)
        if header is None:
            found = best_header_guess(top, scan=HEADER_SCAN_ROWS)
            raise columns_error(found, missing_needs(match_headers(found)), f"'{path.name}'")
        counter = counter_type(
            _headers(top[header]), source=f"'{path.name}' (headers on row {header + 1})"
        )
        # Both readers yield only strings.
        counter.add_rows(top[header + 1 :], text=True)
        if plain:
            for rows in _split_chunks(handle, delimiter):
                counter.add_rows(rows, text=True)
        else:
            _feed(counter, reader, text=True)
    except csv.Error as exc:
        raise InputError(
            f"'{path.name}' is not a readable CSV file: line {reader.line_num}: {exc}. "
            "Export the extract again as CSV, or open it in Excel and save it as 'CSV UTF-8'."
        ) from exc
    return counter
