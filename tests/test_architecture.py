"""The layers (errors < core < report < outputs < workbook < faces) and the functional-core rule.

The contracts live in pyproject.toml ([tool.importlinter]); import-linter checks them on the real
import graph, every import statement included (a lazy import inside a function counts, and so
does a chain through another module). These tests run it, and show that it catches what the old
string search missed.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "wres_xl"


def _lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    code = "import sys; from importlinter.cli import lint_imports_command; lint_imports_command()"
    return subprocess.run(
        [sys.executable, "-c", code, "--no-cache"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "", "PYTHONPATH": str(root)},
    )


def _copy_of_the_package(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    shutil.copytree(PACKAGE, root / "wres_xl", ignore=shutil.ignore_patterns("__pycache__"))
    return root


def test_the_import_contracts_hold() -> None:
    result = _lint_imports(REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


def test_a_lazy_import_of_the_workbook_layer_in_the_core_breaks_the_layers(tmp_path: Path) -> None:
    # `from wres_xl import workbook` contains no "wres_xl.workbook": a string search passed it.
    root = _copy_of_the_package(tmp_path)
    stats = root / "wres_xl" / "core" / "stats.py"
    planted = (
        "\n\ndef _planted() -> object:\n    from wres_xl import workbook\n\n    return workbook\n"
    )
    stats.write_text(stats.read_text("utf-8") + planted, "utf-8")
    result = _lint_imports(root)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "wres_xl.core is not allowed to import wres_xl.workbook" in result.stdout
    assert "wres_xl.core.stats -> wres_xl.workbook" in result.stdout


def test_openpyxl_reached_through_another_module_breaks_the_pure_rule(tmp_path: Path) -> None:
    root = _copy_of_the_package(tmp_path)
    (root / "wres_xl" / "report" / "planted.py").write_text(
        "from wres_xl.workbook import openpyxl_backend\n", "utf-8"
    )
    result = _lint_imports(root)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "wres_xl.report is not allowed to import openpyxl" in result.stdout


def test_a_new_top_level_module_must_choose_its_layer(tmp_path: Path) -> None:
    root = _copy_of_the_package(tmp_path)
    (root / "wres_xl" / "unplaced.py").write_text("X = 1\n", "utf-8")
    result = _lint_imports(root)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "wres_xl.unplaced" in result.stdout


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def test_xlwings_is_confined_to_the_excel_edge() -> None:
    # An allow-list (which modules may import xlwings) rather than a layer rule, so it stays here.
    allowed = {
        "udfs.py",
        "excel.py",
        "workbook/xlwings_backend.py",
        "commands/addin/build.py",
    }
    importers = {
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if "xlwings" in _imports(path)
    }
    assert importers, "no module imports xlwings: the check would pass on anything"
    assert importers <= allowed, importers - allowed
