"""The whole refresh, on input tables filled with anything at all (issue 11): it never
raises, and every problem it finds is a Checks row that says where to look."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

import pytest
from hypothesis import HealthCheck, given, settings

from tests.strategies import hostile_tables
from wres_xl.core import schema
from wres_xl.core.model import RawTable, Severity
from wres_xl.report.layout import SheetContent
from wres_xl.workbook.refresh import refresh_workbook

pytestmark = pytest.mark.slow  # every test here is over 2 s

INPUT_SHEETS = {spec.sheet for spec in schema.INPUT_TABLES}


class MemoryWorkbook:
    """The WorkbookBackend protocol over tables in memory: the real refresh, no file."""

    def __init__(self, tables: Mapping[str, RawTable]) -> None:
        self.tables = dict(tables)
        self.written: dict[str, SheetContent] = {}

    def read_table(self, name: str) -> RawTable | None:
        return self.tables.get(name)

    def sheet_names(self) -> list[str]:
        return [t.sheet for t in self.tables.values()] + list(self.written)

    def write_sheet(self, content: SheetContent) -> None:
        self.written[content.title] = content

    def set_table_cells(self, table: str, column: str, values: Mapping[int, object]) -> None:
        pass

    def append_table_rows(self, table: str, rows: Sequence[Mapping[str, object]]) -> None:
        pass

    def progress(self, message: str) -> None:
        pass


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_tables())
def test_refresh_never_raises_and_every_problem_is_located(tables: dict[str, RawTable]) -> None:
    backend = MemoryWorkbook(tables)
    result = refresh_workbook(backend)
    assert "Checks" in backend.written
    json.dumps(result.json, allow_nan=False)  # JSON a browser can read: no NaN or Infinity
    for check in result.checks:
        assert check.sheet in INPUT_SHEETS, check
        assert check.table is not None, check
        assert check.message
        assert "Traceback" not in check.message
    # A problem with a cell names its row and column; the rest name their table.
    for check in result.checks:
        if check.severity is Severity.ERROR and check.row is not None:
            assert check.column is not None, check
    if result.report is not None:
        assert {"Summary", "Indicator 1", "Trends", "Publication"} <= set(backend.written)
