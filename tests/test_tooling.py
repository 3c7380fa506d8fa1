"""The development tooling holds together: one place for strategies, and pre-commit runs what CI
runs."""

from __future__ import annotations

import ast
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TESTS = REPO / "tests"


def _is_strategy_call(node: ast.expr) -> bool:
    # st.integers(...), st.sets(st.tuples(...)), a strategy's .map/.filter ...
    while isinstance(node, ast.Call):
        func = node.func
        if (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id == "st"
        ):
            return True
        node = func.value if isinstance(func, ast.Attribute) else func
    return False


def _strategies_defined_in(path: Path) -> list[str]:
    found: list[str] = []
    for node in ast.parse(path.read_text("utf-8")).body:
        if isinstance(node, ast.FunctionDef):
            found.extend(
                f"{node.name} (@composite, line {node.lineno})"
                for decorator in node.decorator_list
                if "composite" in ast.unparse(decorator)
            )
        elif (
            isinstance(node, ast.Assign | ast.AnnAssign)
            and node.value is not None
            and _is_strategy_call(node.value)
        ):
            found.append(f"{ast.unparse(node).split('=')[0].strip()} (line {node.lineno})")
    return found


def test_every_named_hypothesis_strategy_lives_in_tests_strategies() -> None:
    assert _strategies_defined_in(TESTS / "strategies.py"), "the finder finds nothing"
    elsewhere = {
        str(path.relative_to(REPO)): found
        for path in sorted(TESTS.rglob("*.py"))
        if path.name != "strategies.py" and (found := _strategies_defined_in(path))
    }
    assert elsewhere == {}, "move these to tests/strategies.py"


def test_pre_commit_runs_the_checks_ci_runs() -> None:
    ci = (REPO / ".ci" / "run").read_text("utf-8")
    hooks = (REPO / ".pre-commit-config.yaml").read_text("utf-8")
    checks = re.findall(
        r"^\.venv/bin/(ruff check|ruff format --check|mypy|lint-imports)\b", ci, re.M
    )
    assert checks == ["ruff check", "ruff format --check", "mypy", "lint-imports"]
    entries = re.findall(r"entry: \.venv/bin/(.+)", hooks)
    for check in checks:
        assert any(entry.startswith(check) for entry in entries), check
    assert "language: system" in hooks  # the venv's pinned tools: nothing downloaded


def test_the_readme_quick_start_keeps_two_commands_and_the_fast_run_is_documented() -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = [line for line in quick.splitlines() if line.startswith("python3 -m venv .venv")]
    assert len(commands) == 2
    assert commands[1].endswith("&& .venv/bin/python -m pytest")  # what .ci/run splits on
    development = readme.split("## Development", 1)[1].split("\n## ", 1)[0]
    assert '.venv/bin/python -m pytest -m "not slow"' in development
