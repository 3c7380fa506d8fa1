"""One vocabulary: each word list, rule and constant is defined in one place (issue 17).

These tests fail when a second copy appears, so the next change (WDES especially) is made once.
"""

from __future__ import annotations

import ast
import functools
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from wres_xl.core import schema
from wres_xl.core.indicators import ALL_INDICATORS, INDICATOR_TITLES
from wres_xl.core.inputs import parse_inputs
from wres_xl.core.model import RawTable, Settings
from wres_xl.core.suppression import SuppressionRules
from wres_xl.errors import CELL_PREFIX, COMMAND_PREFIX
from wres_xl.report.layout import CellGrid, column_letter
from wres_xl.report.palette import NHS_PALETTE
from wres_xl.workbook.template import FIRST_DATA_ROW, make_workbook

PACKAGE = Path(__file__).resolve().parents[1] / "wres_xl"


@functools.cache
def _modules() -> list[tuple[Path, ast.Module]]:
    return [(p, ast.parse(p.read_text(encoding="utf-8"))) for p in sorted(PACKAGE.rglob("*.py"))]


def _where(path: Path) -> str:
    return str(path.relative_to(PACKAGE.parent))


def test_indicator_titles_are_defined_once() -> None:
    """A dict literal keyed 1..9 with text values is an indicator word list: only the core's."""
    owners = {"wres_xl/core/indicators.py"}
    found = []
    for path, tree in _modules():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Dict):
                continue
            keys = [
                k.value for k in node.keys if isinstance(k, ast.Constant) and type(k.value) is int
            ]
            texts = [
                v
                for v in node.values
                if isinstance(v, ast.JoinedStr)
                or (isinstance(v, ast.Constant) and isinstance(v.value, str))
            ]
            if sorted(keys) == list(ALL_INDICATORS) and len(texts) == len(keys):
                found.append(f"{_where(path)}:{node.lineno}")
    assert [f for f in found if f.split(":")[0] not in owners] == []
    assert (
        len([f for f in found if f.split(":")[0] in owners]) == 4
    )  # INDICATOR_TITLES, _SHORT_TITLES, _COMPACT_TITLES and INDICATOR_MEASURES


def test_the_template_names_each_indicator_with_the_core_title() -> None:
    wb = make_workbook()
    texts = {
        str(cell.value)
        for name in ("Calculator", "Action plan")
        for row in wb[name].iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    }
    for indicator, title in INDICATOR_TITLES.items():
        assert any(title in text for text in texts), f"indicator {indicator}: {title!r}"


def test_year_bounds_come_from_the_schema() -> None:
    """2000 and 2100 are written once (schema.MIN_YEAR, MAX_YEAR); comparisons and Excel
    validation formulas read them from there."""
    bounds = {schema.MIN_YEAR, schema.MAX_YEAR}
    found = []
    for path, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.Compare):
                values = [n.value for n in ast.walk(node) if isinstance(n, ast.Constant)]
                if bounds & set(values):
                    found.append(f"{_where(path)}:{node.lineno}")
            elif isinstance(node, ast.Constant) and node.value in {str(b) for b in bounds}:
                found.append(f"{_where(path)}:{node.lineno}")
    assert found == []


def test_the_template_checks_years_between_the_schema_bounds() -> None:
    wb = make_workbook()
    years = [
        dv
        for dv in wb[schema.WORKFORCE.sheet].data_validations.dataValidation
        if dv.errorTitle == "Year needed"
    ]
    assert [(dv.formula1, dv.formula2) for dv in years] == [
        (str(schema.MIN_YEAR), str(schema.MAX_YEAR))
    ]


def _string_starts(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr) and node.values:
        return _string_starts(node.values[0])
    return None


def _docstrings(tree: ast.Module) -> set[int]:
    nodes = [tree, *ast.walk(tree)]
    return {
        id(n.body[0].value)
        for n in nodes
        if isinstance(n, ast.Module | ast.ClassDef | ast.FunctionDef)
        and n.body
        and isinstance(n.body[0], ast.Expr)
        and isinstance(n.body[0].value, ast.Constant)
    }


def test_message_prefixes_are_written_once() -> None:
    prefixes = (COMMAND_PREFIX, CELL_PREFIX)
    found = []
    for path, tree in _modules():
        if _where(path) == "wres_xl/errors.py":
            continue
        docs = _docstrings(tree)
        for node in ast.walk(tree):
            if id(node) in docs:
                continue
            text = _string_starts(node)
            if text is not None and text.startswith(prefixes):
                found.append(f"{_where(path)}:{getattr(node, 'lineno', 0)}: {text[:30]!r}")
    assert found == []


def test_the_vba_worksheet_functions_use_the_same_cell_prefix() -> None:
    vba = (PACKAGE.parent / "vba" / "WresFunctions.bas").read_text(encoding="utf-8")
    assert f'"{CELL_PREFIX}' in vba


def test_the_nhs_colours_are_written_only_in_the_palette() -> None:
    colours = {c.upper() for c in NHS_PALETTE}
    found = [
        f"{_where(path)}:{node.lineno}: {node.value}"
        for path, tree in _modules()
        if _where(path) != "wres_xl/report/palette.py"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and node.value.upper().removeprefix("#") in colours
    ]
    assert found == []


@pytest.mark.parametrize(
    ("name", "value", "term"),
    [
        ("Term for BME staff", "  Global   Majority ", "Global Majority"),
        ("term for  bme STAFF", "ethnically diverse", "ethnically diverse"),
        ("Term for BME staff", None, "BME"),
    ],
)
def test_the_bme_term_is_read_by_one_rule(name: str, value: object, term: str) -> None:
    """The workbook reader, the ESR import and the worksheet functions agree on the term."""
    from wres_xl import udfs
    from wres_xl.commands.import_esr import importer as esr_import

    rows: list[list[object]] = [["Organisation", "Trust"], [name, value]]
    settings = RawTable("tblSettings", "Settings", ("Setting", "Value"), rows, 5)
    assert parse_inputs({"tblSettings": settings}).settings.bme_term == term
    assert esr_import._term(settings) == term
    assert udfs._term_word(value) == term


@functools.cache
def _settings_sheet() -> Worksheet:
    return make_workbook()["Settings"]


_NUMBER_SETTINGS = [s for s in schema.SETTING_SPECS if s.number is not None]


@pytest.mark.parametrize("spec", _NUMBER_SETTINGS, ids=lambda s: s.name)
def test_a_number_setting_has_one_rule(spec: schema.SettingSpec) -> None:
    """The Settings reader refuses exactly what the template's data validation refuses."""
    rule = spec.number
    if rule is None:
        raise AssertionError(spec.name)
    step = 1 if rule.whole else rule.low / 2 or 0.5
    cases = [(rule.low, True), (rule.high, True), (rule.low - step, False)]
    cases += [(rule.high + step, False)] + ([(rule.low + 0.5, False)] if rule.whole else [])
    for value, allowed in cases:
        rows: list[list[object]] = [[spec.name, value]]
        table = RawTable("tblSettings", "Settings", ("Setting", "Value"), rows, 5)
        refused = [c for c in parse_inputs({"tblSettings": table}).checks if spec.name in c.message]
        assert (not refused) is allowed, (spec.name, value, refused)
        if not allowed:
            assert rule.advice in refused[0].message
    ws = _settings_sheet()
    row = FIRST_DATA_ROW + [s.name for s in schema.SETTING_SPECS].index(spec.name)
    (dv,) = [v for v in ws.data_validations.dataValidation if f"B{row}" in str(v.sqref).split()]
    assert dv.type == ("whole" if rule.whole else "decimal")
    assert (float(dv.formula1), float(dv.formula2)) == (rule.low, rule.high)
    assert rule.advice in (dv.error or "")


def _blank_as_none(value: object) -> object:
    return None if value == "" else value


def test_settings_defaults_are_the_schema_defaults() -> None:
    """model.Settings() is what a blank Settings table gives: the schema's default each."""
    as_json = Settings().as_json()
    assert set(as_json) == set(schema.SETTINGS_BY_NAME)
    for spec in schema.SETTING_SPECS:
        assert _blank_as_none(as_json[spec.name]) == spec.default, spec.name


def test_the_publication_rules_default_to_the_schema_settings() -> None:
    rules = SuppressionRules()
    assert rules.hide_up_to == schema.DEFAULT_HIDE_UP_TO
    assert rules.marker == schema.DEFAULT_REDACTION_MARKER
    assert rules.round_to == schema.DEFAULT_ROUND_TO


@pytest.mark.slow  # builds and reads the demo workbook
def test_the_template_reads_the_summary_where_its_builder_writes(tmp_path: Path) -> None:
    """The Action plan's formulas point at the Summary's rating and change columns."""
    from wres_xl.commands.demo.build import build_demo_workbook
    from wres_xl.core.indicators import compute_report, report_year
    from wres_xl.report import summary
    from wres_xl.workbook.openpyxl_backend import OpenpyxlWorkbook
    from wres_xl.workbook.refresh import read_inputs
    from wres_xl.workbook.template import calculator

    data, _ = read_inputs(OpenpyxlWorkbook.open(build_demo_workbook(tmp_path / "demo.xlsx")))
    year = report_year(data)
    assert year is not None
    cells = summary.build_summary(compute_report(data, year)).cell_values()
    header = summary.HEADER_ROW
    assert cells[(header, summary.RATING_COLUMN)] == f"Rating {year}"
    assert cells[(header, summary.CHANGE_COLUMN)] == "Change since last year"
    for indicator in ALL_INDICATORS:
        assert cells[(calculator._SUMMARY_ROW_OFFSET + indicator, 1)] == indicator
    wb = make_workbook()
    formulas = " ".join(
        str(c.value) for row in wb[schema.ACTIONS.sheet].iter_rows() for c in row if c.value
    )
    for column in (summary.RATING_COLUMN, summary.CHANGE_COLUMN):
        assert f"!${get_column_letter(column)}${header + 1}" in formulas


def test_the_architecture_document_names_every_module() -> None:
    text = (PACKAGE.parent / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    missing = [
        _where(path)
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name != "__init__.py" and path.stem not in text
    ]
    assert missing == []


def test_the_action_plan_speaks_the_rating_enums() -> None:

    from wres_xl.core import actions
    from wres_xl.core.model import Severity
    from wres_xl.core.stats import FourFifths, Rating

    ratings = {r.value for r in Rating}
    assert set(actions.RATING_LABELS) <= ratings
    assert {actions.NOT_COMPUTED, actions.NOT_TESTED} <= ratings
    # One set of enums: the action plan reads four-fifths and severity as the core's own.
    assert {actions.canonical_four_fifths(f.label) for f in FourFifths} == set(FourFifths)
    assert getattr(actions, "Severity", Severity) is Severity
    assert getattr(actions, "FourFifths", FourFifths) is FourFifths
    assert {p.severity for p in actions.validate_action_rows([actions.ActionRow(action="x")])} == {
        Severity.WARNING
    }


def _constants(node: ast.Tuple) -> list[object] | None:
    if not all(isinstance(e, ast.Constant) for e in node.elts):
        return None
    return [e.value for e in node.elts if isinstance(e, ast.Constant)]


def test_the_indicator_numbers_are_the_schemas() -> None:
    """range(1, 10), (2, 3, 4) and (5, 6, 7, 8) are written once, in core/schema.py."""
    groups = ([2, 3, 4], [5, 6, 7, 8])
    found = [
        f"{_where(path)}:{node.lineno}"
        for path, tree in _modules()
        if _where(path) != "wres_xl/core/schema.py"
        for node in ast.walk(tree)
        if (isinstance(node, ast.Call) and ast.unparse(node) == "range(1, 10)")
        or (isinstance(node, ast.Tuple) and _constants(node) in groups)
    ]
    assert found == []


def _calls_outside(owner: str, wanted: Callable[[ast.Call], bool]) -> list[str]:
    """Where a call ``wanted`` picks out stands in a module other than ``owner``."""
    return [
        f"{_where(path)}:{node.lineno}"
        for path, tree in _modules()
        if _where(path) != owner
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and wanted(node)
    ]


def test_files_are_put_in_place_by_one_routine() -> None:
    """os.replace, os.rename and os.link (the final move of a write) appear only in atomic.py."""
    moves = ("os.replace", "os.rename", "os.link")
    found = _calls_outside(
        "wres_xl/workbook/atomic.py",
        lambda call: isinstance(call.func, ast.Attribute) and ast.unparse(call.func) in moves,
    )
    assert found == []


def test_column_letters_are_worked_out_once() -> None:
    """Excel's column letters (a divmod by 26) are computed only in report/layout.py."""
    found = _calls_outside(
        "wres_xl/report/layout.py",
        lambda call: ast.unparse(call.func) == "divmod" and ast.unparse(call.args[1]) == "26",
    )
    assert found == []


def test_a_cell_takes_its_own_style_else_its_blocks() -> None:
    """The one style choice every writer follows (CellGrid.cells)."""
    grid = CellGrid(3, 2, [["a", "b", "c"], ["d"], []], style="body", styles=[["bold", None]])
    assert list(grid.cells()) == [
        (3, 2, "a", "bold"),
        (3, 3, "b", "body"),
        (3, 4, "c", "body"),
        (4, 2, "d", "body"),
    ]
    assert [column_letter(c) for c in (1, 26, 27, 52, 53, 702, 703)] == [
        "A", "Z", "AA", "AZ", "BA", "ZZ", "AAA",
    ]  # fmt: skip
    assert [column_letter(c) for c in range(1, 800)] == [
        get_column_letter(c) for c in range(1, 800)
    ]


def test_public_names_are_used_by_the_package() -> None:
    """A public top-level function or class of wres_xl is used by another module, a
    benchmark or the VBA, or inside its own module (then it may stay public); one that only
    the tests use lives in tests/support. The known ones are other owners' to move."""
    known = {
        "wres_xl/commands/publish/wres.py:publish_file",
        "wres_xl/core/suppression.py:comparison_hidden",
        "wres_xl/core/suppression.py:published_share",
        "wres_xl/core/suppression.py:recoverable_cells",
        "wres_xl/core/suppression.py:row_and_column_relations",
    }
    repo = PACKAGE.parent
    words = {
        path: Counter(re.findall(r"\w+", path.read_text(encoding="utf-8")))
        for path, _ in _modules()
    }
    outside = {
        w
        for p in [*repo.glob("benchmarks/*.py"), *repo.glob("vba/*"), repo / "pyproject.toml"]
        if p.is_file()
        for w in re.findall(r"\w+", p.read_text(encoding="utf-8", errors="replace"))
    }
    found = []
    for path, tree in _modules():
        for node in tree.body:
            if not isinstance(node, ast.FunctionDef | ast.ClassDef) or node.name.startswith("_"):
                continue
            name = node.name
            if words[path][name] > 1 or name in outside:
                continue
            if not any(name in w for p, w in words.items() if p != path):
                found.append(f"{_where(path)}:{name}")
    assert sorted(set(found) - known) == []


def test_one_way_to_count_a_noun() -> None:
    # Four copies of a '_plural' helper (two spellings) became core.model.counted; the
    # comparison said "1 trusts" because it had none.
    from wres_xl.core.model import counted

    assert counted(1, "trust") == "1 trust"
    assert counted(0, "trust") == "0 trusts"
    assert counted(2, "suggestion you dismissed was", "suggestions you dismissed were") == (
        "2 suggestions you dismissed were"
    )
    copies = [
        f"{_where(path)}:{node.lineno}"
        for path, tree in _modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef) and "plural" in node.name.lower()
    ]
    assert copies == []
