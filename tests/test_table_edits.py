"""The one planner of table edits both backends execute (workbook/table_edits.py)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from wres_xl.errors import UnsafeRefreshError, WorkbookError
from wres_xl.workbook.table_edits import (
    AppendPlan,
    cell_text,
    column_letter,
    header_index,
    is_blank_row,
    plan_append,
    refuse_overwrite,
    values_in_order,
)

WORKBOOK = Path(__file__).resolve().parents[1] / "wres_xl" / "workbook"


def test_blank_rows_at_the_bottom_are_reused_before_the_table_grows() -> None:
    rows: dict[int, list[object]] = {5: ["id", "x"], 6: [None, ""], 7: ["", None]}  # 5..7
    blank = lambda r: is_blank_row(rows[r])  # noqa: E731
    assert plan_append(4, 7, 2, blank) == AppendPlan(6, 7, grows=False)
    assert plan_append(4, 7, 3, blank) == AppendPlan(6, 8, grows=True)
    assert plan_append(4, 5, 1, lambda r: False) == AppendPlan(6, 6, grows=True)


def test_growing_over_a_filled_cell_is_refused_and_names_it() -> None:
    plan = AppendPlan(6, 9, grows=True)
    refuse_overwrite(plan, [(8, 3, None), (9, 3, "")], count=4, table="tblActions", sheet="A")
    with pytest.raises(UnsafeRefreshError, match=r"cell C10 below the table is not empty"):
        refuse_overwrite(plan, [(9, 3, None), (10, 3, "mine")], count=4, table="t", sheet="A")
    refuse_overwrite(AppendPlan(6, 7, grows=False), [(8, 1, "x")], count=2, table="t", sheet="A")


def test_headers_values_and_text() -> None:
    assert header_index([" ID ", None, "Lead"], "lead", "t") == 2
    with pytest.raises(WorkbookError, match="has no column 'Status'"):
        header_index(["ID"], "Status", "tblActions")
    assert values_in_order({"LEAD": "a", "lead": "b", "ID": 1}, ["ID", "Lead", "X"]) == [
        1,
        "a",
        None,
    ]
    assert cell_text("a\x00b\tc\x1f") == "ab\tc"
    assert [column_letter(c) for c in (1, 26, 27, 703)] == ["A", "Z", "AA", "AAA"]


def test_the_backends_plan_nothing_themselves() -> None:
    """No backend (file, live Excel, package) compiles its own control-character filter,
    looks headers up or writes the refusal itself."""
    for name in ("openpyxl_backend.py", "xlwings_backend.py", "package.py"):
        source = (WORKBOOK / name).read_text(encoding="utf-8")
        tree = ast.parse(source)
        texts = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)]
        assert not [t for t in texts if isinstance(t, str) and "\\x00" in repr(t)], name
        assert "below the table is not empty" not in source, name
        defs = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
        assert not defs & {"_header_index", "column_letter", "col_letters"}, name
