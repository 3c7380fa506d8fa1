"""Streaming ESR import (issue 15): chunked reading gives the counts of a whole-file read,
and hostile extracts are refused with messages that say where and what to do."""

from __future__ import annotations

import codecs
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.strategies import esr_employee_numbers, factorize_values
from tests.support.esr import aggregate_esr
from tests.test_esr import HEADERS, count, random_extract, row, write_csv, write_xlsx
from wres_xl.commands.import_esr import reader as esr_reader
from wres_xl.commands.import_esr.reader import read_esr_extract
from wres_xl.core.esr import EsrCounter, _number_keys, _person_key, factorize
from wres_xl.errors import InputError, WresFileError


def _columns(rows):
    return {h: [r[i] for r in rows] for i, h in enumerate(HEADERS)}


def _same(a, b) -> None:
    assert a.workforce == b.workforce
    assert a.headcount == b.headcount
    assert a.report.lines() == b.report.lines()
    assert a.report.checks() == b.report.checks()


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("chunk", [1, 7, 64])
def test_chunked_reading_gives_the_counts_of_one_chunk(tmp_path, monkeypatch, suffix, chunk):
    # People whose assignments fall in different chunks, short CSV lines and blank lines.
    rows = random_extract(60, seed=11)
    rows[5] = rows[5][:4]
    rows.insert(20, [])
    path = (write_csv if suffix == ".csv" else write_xlsx)(tmp_path / f"e{suffix}", rows)
    whole = read_esr_extract(path, year=2024)
    monkeypatch.setattr(esr_reader, "CHUNK_ROWS", chunk)
    monkeypatch.setattr(esr_reader, "BLOCK_CHARS", chunk * 13)  # cuts inside lines and CRLFs
    _same(read_esr_extract(path, year=2024), whole)
    padded = [r + [""] * (len(HEADERS) - len(r)) for r in rows]
    expected = aggregate_esr(_columns(padded), year=2024, source=whole.report.source)
    _same(whole, expected)


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_plain_and_quoted_csv_files_give_the_same_counts(tmp_path, newline):
    # A file with no quote mark is split by lines; one with quotes goes through the csv module.
    rows = random_extract(50, seed=8)
    rows[3][3] = "Volunteers"
    plain = tmp_path / "plain.csv"
    plain.write_text(newline.join(",".join(map(str, r)) for r in [HEADERS, *rows]) + newline)
    quoted = tmp_path / "quoted.csv"
    quoted_rows = [[f'"{v}"' for v in r] for r in rows]
    quoted_rows[3][3] = '"Volunteers, ""unpaid"""'  # a comma and quotes inside
    quoted.write_text(newline.join(",".join(map(str, r)) for r in [HEADERS, *quoted_rows]))
    assert esr_reader._is_plain(plain)
    assert not esr_reader._is_plain(quoted)
    a, b = read_esr_extract(plain, year=2024), read_esr_extract(quoted, year=2024)
    assert a.workforce == b.workforce
    assert a.report.exclusions == b.report.exclusions
    assert [n.value for n in b.report.unrecognised if n.column == "Staff Group"] == [
        'Volunteers, "unpaid"'
    ]


def test_a_bare_carriage_return_is_a_new_line_as_in_the_csv_module(tmp_path):
    path = tmp_path / "mac.csv"
    path.write_text("\r".join(",".join(map(str, r)) for r in [HEADERS, row(1), row(2)]))
    assert not esr_reader._is_plain(path)
    assert read_esr_extract(path, year=2024).report.people_counted == 2


def test_counter_fed_row_by_row_equals_one_call():
    rows = random_extract(40, seed=5)
    counter = EsrCounter(HEADERS)
    for r in rows:
        counter.add_rows([r])
    _same(counter.result(year=2024), aggregate_esr(_columns(rows), year=2024))


def test_semicolon_csv_with_a_bom(tmp_path):
    path = tmp_path / "esr.csv"
    lines = [";".join(HEADERS), ";".join(map(str, row(1))), ";".join(map(str, row(2, ethnic="N")))]
    path.write_bytes(codecs.BOM_UTF8 + "\r\n".join(lines).encode())
    result = read_esr_extract(path, year=2024)
    assert count(result, "Non-clinical", "Band 5") == (1, 1, 0)
    assert result.report.columns_used["person"] == "Employee Number"  # the BOM is not kept


def test_windows_ansi_csv_whose_first_odd_byte_is_past_the_first_chunk(tmp_path, monkeypatch):
    monkeypatch.setattr(esr_reader, "CHUNK_ROWS", 2)
    rows = [row(i) for i in range(1, 9)] + [row(9, ethnic="S Any other – Café")]
    path = tmp_path / "esr.csv"
    text = "\r\n".join(",".join(map(str, r)) for r in [HEADERS, *rows])
    path.write_bytes(text.encode("cp1252"))
    result = read_esr_extract(path, year=2024)
    assert result.report.people_counted == 9
    assert count(result, "Non-clinical", "Band 5") == (8, 1, 0)


def test_excel_unicode_text_is_read(tmp_path):
    path = tmp_path / "esr.txt"
    text = "\r\n".join("\t".join(map(str, r)) for r in [HEADERS, row(1), row(2, ethnic="Ü")])
    path.write_bytes(text.encode("utf-16"))
    result = read_esr_extract(path, year=2024)
    assert result.report.rows_read == 2
    assert [n.value for n in result.report.unrecognised] == ["Ü"]


def test_a_field_too_large_for_csv_is_located(tmp_path):
    path = tmp_path / "esr.csv"
    lines = [",".join(HEADERS), ",".join(map(str, row(1))), '2,"' + "x" * 200_000 + '"']
    path.write_text("\n".join(lines))
    with pytest.raises(InputError, match="line 3") as info:
        read_esr_extract(path, year=2024)
    assert "'esr.csv'" in str(info.value)
    assert "Export the extract again" in str(info.value)


def test_nul_bytes_are_values_not_a_crash(tmp_path):
    path = tmp_path / "esr.csv"
    lines = [",".join(HEADERS), ",".join(map(str, row(1, group="Admin\x00"))), ""]
    path.write_text("\n".join(lines))
    result = read_esr_extract(path, year=2024)
    assert result.report.rows_read == 1


def test_utf16_bom_on_a_file_that_is_not_utf16(tmp_path):
    path = tmp_path / "esr.csv"
    path.write_bytes(codecs.BOM_UTF16_LE + b"Employee Number,Staff\xd8")
    with pytest.raises(InputError, match="CSV UTF-8"):
        read_esr_extract(path, year=2024)


def test_empty_csv_and_header_only_xlsx(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="Columns found: none"):
        read_esr_extract(empty, year=2024)
    with pytest.raises(InputError, match="no rows of staff"):
        read_esr_extract(write_xlsx(tmp_path / "h.xlsx", []), year=2024)


def test_a_file_that_is_not_really_excel(tmp_path):
    path = tmp_path / "esr.xlsx"
    path.write_bytes(b"Employee Number,Staff Group\n")
    with pytest.raises(WresFileError, match="could not be read as an Excel file"):
        read_esr_extract(path, year=2024)


def test_factorize_never_merges_values_that_share_a_hash():
    assert hash(-1) == hash(-2)  # the trap
    codes, uniques = factorize([-1, -2, -1, "a", (1, -2), (1, -1)])
    assert uniques == [-1, -2, "a", (1, -2), (1, -1)]
    assert codes.tolist() == [0, 1, 0, 2, 3, 4]
    nan = math.nan
    codes, uniques = factorize(["b", nan, "b", 1, 1.0, True])
    assert codes.tolist()[:3] == [0, 1, 0]
    assert uniques[0] == "b"
    assert codes[3] == codes[4] == codes[5]  # as a dict would: 1 == 1.0 == True
    # A blank cell hashes as 0 does: a chunk of text with one number in it is not all text.
    assert hash(("", "x")) == hash((0, "x"))
    codes, uniques = factorize([("", "x"), "", ("", "x"), (0, "x"), 0, "x"])
    assert uniques == [("", "x"), "", (0, "x"), 0, "x"]
    assert codes.tolist() == [0, 1, 0, 2, 3, 4]


@settings(max_examples=300, deadline=None)
@given(factorize_values())
def test_factorize_groups_as_a_dict_does(values):
    # The reference: a dict, which compares every candidate value for equality.
    index: dict[object, int] = {}
    expected = [index.setdefault(v, len(index)) for v in values]
    codes, uniques = factorize(values)
    assert codes.tolist() == expected
    assert [type(u) for u in uniques] == [type(u) for u in index]
    assert uniques == list(index)


@settings(max_examples=200, deadline=None)
@given(st.lists(esr_employee_numbers(), min_size=1, max_size=30))
def test_fast_person_keys_agree_with_the_exact_rule(values):
    fast = _number_keys(values)
    if fast is None:
        return
    for value, key in zip(values, fast.tolist(), strict=True):
        assert _person_key(value) == str(key)


def test_number_and_text_employee_numbers_are_one_person_across_chunks(tmp_path):
    counter = EsrCounter(HEADERS)
    counter.add_rows([row("007", band="Band 3")], text=True)
    counter.add_rows([row(7.0, band="Band 6", primary="No", seq=2)])
    counter.add_rows([row(" 7 ", band="Band 7", primary="No", seq=3)], text=True)
    result = counter.result(year=2024)
    assert result.report.people_counted == 1
    assert count(result, "Non-clinical", "Band 3") == (1, 0, 0)


def test_counter_keeps_integers_not_rows():
    counter = EsrCounter(HEADERS)
    rows = random_extract(300, seed=2)
    counter.add_rows(rows)
    for chunk in counter._chunks:
        for array in chunk:
            assert isinstance(array, np.ndarray)
            assert array.dtype.kind == "i"
