"""The functional-core rule: nothing pure may reach Excel or a file library."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "wres_xl"
FORBIDDEN = ("openpyxl", "xlwings")
PURE_FOLDERS = ("core", "report")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


PURE_FILES = sorted(p for folder in PURE_FOLDERS for p in (PACKAGE / folder).rglob("*.py"))


@pytest.mark.parametrize("path", PURE_FILES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_pure_modules_import_neither_openpyxl_nor_xlwings(path: Path) -> None:
    assert not (_imports(path) & set(FORBIDDEN)), (
        f"{path} imports {_imports(path) & set(FORBIDDEN)}"
    )


def test_pure_modules_do_not_reach_the_workbook_layer() -> None:
    for path in PURE_FILES:
        source = path.read_text("utf-8")
        assert "wres_xl.workbook" not in source, path
        assert "wres_xl.udfs" not in source, path


def test_there_are_pure_modules_to_check() -> None:
    names = {p.name for p in PURE_FILES}
    assert {"stats.py", "indicators.py", "suppression.py", "layout.py"} <= names


def test_xlwings_is_confined_to_the_excel_edge() -> None:
    allowed = {"udfs.py", "excel.py", "xlwings_backend.py", "addin.py"}
    for path in PACKAGE.rglob("*.py"):
        if "xlwings" in _imports(path):
            assert path.name in allowed, f"{path} imports xlwings"
