"""Whatever a user types into a WDES workbook's input tables, reading them never raises, and
every problem is reported where the user will find it (sheet, row, column); the metrics are
then worked out from what is left, again without raising. The WDES counterpart of
test_pipeline_never_raises for the WRES."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wres_xl.commands.demo.wdes_data import wdes_demo_inputs
from wres_xl.core.model import RawTable, Severity
from wres_xl.core.wdes import compute_wdes_report
from wres_xl.core.wdes_inputs import parse_wdes_inputs
from wres_xl.core.wdes_standard import WDES

FIRST_ROW = 5
SETTINGS_ROWS: list[list[object]] = [
    ["Standard", "WDES"],
    ["Organisation", "Example NHS Trust"],
    ["WDES year", 2025],
    ["Percentages based on", "All staff"],
    ["Capability period", "Single year"],
    ["Significance level", 0.05],
    ["Hide counts up to", 7],
]
HOSTILE = [
    -5,
    "-5",
    "abc",
    "",
    None,
    1.5,
    "=1+1",
    10**12,
    True,
    "  7 ",
    math.nan,
    math.inf,
    "Yes",
    "Prefer not to say",
    "2025",
    1900,
    "\x00\x1f",
]


def _tables(rows: dict[str, list[list[object]]]) -> dict[str, RawTable | None]:
    out: dict[str, RawTable | None] = {}
    for spec in WDES.tables:
        table_rows = rows.get(spec.name, [])
        out[spec.name] = RawTable(spec.name, spec.sheet, spec.columns, table_rows, FIRST_ROW)
    return out


def _demo_rows() -> dict[str, list[list[object]]]:
    rows: dict[str, list[list[object]]] = {"tblSettings": [list(r) for r in SETTINGS_ROWS]}
    for name, dicts in wdes_demo_inputs().items():
        columns = WDES.table(name).columns
        rows[name] = [[d.get(c) for c in columns] for d in dicts]
    return rows


def _located(tables: dict[str, RawTable | None]) -> None:
    data = parse_wdes_inputs(tables)
    sheets = {spec.sheet for spec in WDES.tables}
    for check in data.checks:
        assert check.sheet in sheets, check
        spec = next((s for s in WDES.tables if s.name == check.table), None)
        if check.column is not None and spec is not None:
            assert check.column in spec.columns, check
        if check.row is not None:
            table = tables[check.table or ""]
            assert table is not None
            assert FIRST_ROW - 1 <= check.row < FIRST_ROW + len(table.rows), check
        assert str(check)  # a user-readable line, never a repr
    compute_wdes_report(data)


def test_the_demo_inputs_read_without_errors() -> None:
    data = parse_wdes_inputs(_tables(_demo_rows()))
    assert [c for c in data.checks if c.severity is Severity.ERROR] == []
    report = compute_wdes_report(data)
    assert report.year == 2025


@settings(max_examples=120)
@given(data=st.data())
def test_one_hostile_cell_never_raises_and_is_located(data: st.DataObject) -> None:
    rows = _demo_rows()
    name = data.draw(st.sampled_from(sorted(n for n in rows if rows[n])))
    r = data.draw(st.integers(0, len(rows[name]) - 1))
    c = data.draw(st.integers(0, len(rows[name][r]) - 1))
    rows[name][r][c] = data.draw(st.sampled_from(HOSTILE))
    _located(_tables(rows))


@settings(max_examples=60)
@given(data=st.data())
def test_many_hostile_cells_never_raise(data: st.DataObject) -> None:
    rows = _demo_rows()
    for _ in range(data.draw(st.integers(1, 12))):
        name = data.draw(st.sampled_from(sorted(n for n in rows if rows[n])))
        r = data.draw(st.integers(0, len(rows[name]) - 1))
        c = data.draw(st.integers(0, len(rows[name][r]) - 1))
        rows[name][r][c] = data.draw(st.sampled_from(HOSTILE))
    _located(_tables(rows))


@pytest.mark.parametrize("table", [s.name for s in WDES.tables if s.name != "tblActions"])
def test_a_missing_column_is_named_and_nothing_raises(table: str) -> None:
    tables = _tables(_demo_rows())
    spec = WDES.table(table)
    original = tables[table]
    assert original is not None
    dropped = spec.columns[-1]
    keep = [i for i, h in enumerate(spec.columns) if h != dropped]
    tables[table] = RawTable(
        table,
        spec.sheet,
        tuple(spec.columns[i] for i in keep),
        [[row[i] for i in keep] for row in original.rows],
        FIRST_ROW,
    )
    data = parse_wdes_inputs(tables)
    named = [c for c in data.checks if c.table == table and dropped in c.message]
    assert named, [str(c) for c in data.checks]
    compute_wdes_report(data)


def test_settings_a_user_may_mistype_are_reported_by_their_wdes_names() -> None:
    rows = _demo_rows()
    rows["tblSettings"] += [
        ["Ethnicity term", "BME"],  # a WRES setting in a WDES workbook
        ["Percentages based on", "Known disability status"],
        ["Significance level", 7],
        ["Hide counts up to", -5],
    ]
    data = parse_wdes_inputs(_tables(rows))
    text = " ".join(c.message for c in data.checks)
    assert "'Ethnicity term' is not a WDES setting" in text
    assert "Known ethnicity" not in text  # the WRES word never reaches a WDES user
    assert any(c.column == "Value" for c in data.checks if c.severity is Severity.ERROR)
    compute_wdes_report(data)


def test_rows_that_disagree_on_a_total_are_reported() -> None:
    rows = _demo_rows()
    capability = rows["tblCapability"]
    first = capability[0]
    # The same year and group again, its headcount given where the first leaves it blank
    # (the demo leaves it to the Workforce table), or blank where the first gives it.
    capability.append([first[0], first[1], 50 if first[2] is None else None, 1])
    data = parse_wdes_inputs(_tables(rows))
    assert any(
        c.table == "tblCapability" and "blank on others" in c.message for c in data.checks
    ), [str(c) for c in data.checks]
    compute_wdes_report(data)


def test_a_wres_year_setting_carried_into_a_wdes_workbook_sets_the_year() -> None:
    # A WDES workbook copied from the WRES one may still say "WRES year": it is read as the
    # WDES year, not ignored with a warning (which would silently report another year).
    rows = _demo_rows()
    rows["tblSettings"] = [
        ["WRES year", 2024] if r[0] == "WDES year" else r for r in rows["tblSettings"]
    ]
    data = parse_wdes_inputs(_tables(rows))
    assert data.settings.year == 2024
    assert not [c for c in data.checks if "WRES year" in c.message]
    assert compute_wdes_report(data).year == 2024
