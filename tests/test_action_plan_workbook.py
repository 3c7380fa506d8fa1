"""The action plan in a real workbook across refreshes (SPEC §8): the plan stays the user's."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from tests.support.helpers import nscht, workbook_with
from wres_xl.core import schema
from wres_xl.core.actions import load_action_library
from wres_xl.workbook.files import refresh_file

pytestmark = pytest.mark.slow  # every test here is over 2 s

COLUMNS = list(schema.ACTIONS.columns)


def _actions(path: Path) -> list[dict[str, object]]:
    ws = openpyxl.load_workbook(path)["Action plan"]
    table = ws.tables["tblActions"]
    rows = [[c.value for c in r] for r in ws[table.ref]]
    headers = [str(h) for h in rows[0]]
    return [dict(zip(headers, r, strict=True)) for r in rows[1:] if any(v is not None for v in r)]


def _library_ids(indicator: int) -> list[str]:
    return [a.id for a in load_action_library() if a.indicator == indicator]


def test_first_refresh_suggests_actions_only_where_the_data_shows_disparity(tmp_path: Path) -> None:
    path = workbook_with(tmp_path / "t.xlsx", nscht()["inputs"])
    refresh_file(path)
    rows = _actions(path)
    by_indicator: dict[object, list[dict[str, object]]] = {}
    for row in rows:
        by_indicator.setdefault(row["Indicator"], []).append(row)
    # NSCHT 2024: indicator 2 (RL 1.21, significant) and 8 (15.96% vs 4.76%) are Worse;
    # indicator 3 is not significant, but its RL of 1.83 is four-fifths adverse.
    # At most three per indicator, the library's strongest (first) three.
    assert [r["ID"] for r in by_indicator[2]] == _library_ids(2)[:3]
    assert [r["ID"] for r in by_indicator[8]] == _library_ids(8)[:3]
    assert [r["ID"] for r in by_indicator[3]] == _library_ids(3)[:3]
    # 1: Global Majority staff are 8 of 194 (4.1%) at Band 8a and above against 11.1%.
    assert set(by_indicator) == {1, 2, 3, 8}
    assert len(rows) == 12
    for row in rows:
        assert row["Source"] == "Suggested"
        assert row["Status"] == "Not started"
        assert row["Lead"] == "Needs a lead"
    # Indicator 3 is there only because of the four-fifths test, and says so.
    assert {r["Current rating"] for r in by_indicator[3]} == {"Equivalent; four-fifths adverse"}


def test_second_refresh_keeps_edits_dismissals_and_own_rows(tmp_path: Path) -> None:
    path = workbook_with(tmp_path / "t.xlsx", nscht()["inputs"])
    refresh_file(path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Action plan"]
    table = ws.tables["tblActions"]
    first = int(table.ref.split(":")[0][1:]) + 1
    last = int(table.ref.split(":")[1][1:])
    ws.cell(first, 3).value = "Our own wording of this action"
    ws.cell(first, 6).value = "Director of People"
    ws.cell(first, 7).value = "On track"
    ws.cell(first + 1, 7).value = "Dismissed"
    own = last + 1
    for col, value in enumerate(
        [
            "OWN-1",
            7,
            "Reverse mentoring for the executive team",
            "12 pairs",
            "By March 2026",
            "Chief Executive",
            "At risk",
            "Own",
            None,
        ],
        start=1,
    ):
        ws.cell(own, col).value = value
    table.ref = table.ref.split(":")[0] + f":I{own}"
    wb.save(path)
    before = _actions(path)

    refresh_file(path)
    after = _actions(path)
    assert len(after) == len(before)  # nothing appended, nothing deleted, no duplicates
    assert len({r["ID"] for r in after}) == len(after)
    for old, new in zip(before, after, strict=True):
        for column in COLUMNS[:-1]:
            assert new[column] == old[column], column
    own_row = next(r for r in after if r["ID"] == "OWN-1")
    assert own_row["Current rating"] == "Equivalent"  # NSCHT indicator 7 is not significant
    dismissed = next(r for r in after if r["Status"] == "Dismissed")
    assert str(dismissed["Current rating"]).startswith("Worse")


def test_an_indicator_turning_worse_appends_only_its_suggestions(tmp_path: Path) -> None:
    path = workbook_with(tmp_path / "t.xlsx", nscht()["inputs"])
    refresh_file(path)
    before = _actions(path)
    assert not any(r["Indicator"] == 7 for r in before)

    # New survey results: far fewer Global Majority staff believe in equal opportunities.
    wb = openpyxl.load_workbook(path)
    ws = wb["Staff survey"]
    for r in ws.iter_rows(min_row=5):
        if (r[0].value, r[1].value, r[2].value) == (2024, 7, "Global Majority"):
            r[4].value = 30.0
    wb.save(path)
    refresh_file(path)
    after = _actions(path)
    assert [r["ID"] for r in after[: len(before)]] == [r["ID"] for r in before]
    added = after[len(before) :]
    assert [r["ID"] for r in added] == _library_ids(7)[:3]
    assert all(str(r["Current rating"]).startswith("Worse") for r in added)
