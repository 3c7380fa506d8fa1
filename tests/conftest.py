from __future__ import annotations

import os
import shutil

import pytest
from hypothesis import settings

# No per-example deadline: the properties are about answers, not speed (benchmarks/ measures
# speed), and on a loaded CI machine a first example paying an import or a cold cache once
# exceeded hypothesis's 200 ms and failed a correct test.
settings.register_profile("wres", deadline=None)
settings.load_profile("wres")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Rendering needs LibreOffice; CI installs it, so there a missing soffice is a failure.
    if shutil.which("soffice") or os.environ.get("CI"):
        return
    skip = pytest.mark.skip(reason="LibreOffice (soffice) is not installed")
    for item in items:
        if "libreoffice" in item.keywords:
            item.add_marker(skip)


# ------------------------------------------------------------------- slow tests are marked
# A test over 2 s (its setup, call and teardown together) belongs to @pytest.mark.slow, so that
# `pytest -m "not slow"` stays under a minute. Timings on a loaded machine vary, so an unmarked
# slow test is listed at the end of the run rather than failed.
SLOW_SECONDS = 2.0
_SPENT: dict[str, float] = {}
_MARKED_SLOW: set[str] = set()


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    _SPENT[report.nodeid] = _SPENT.get(report.nodeid, 0.0) + report.duration
    if "slow" in report.keywords:
        _MARKED_SLOW.add(report.nodeid)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    unmarked = sorted(
        ((spent, node) for node, spent in _SPENT.items() if node not in _MARKED_SLOW),
        reverse=True,
    )
    over = [(spent, node) for spent, node in unmarked if spent > SLOW_SECONDS]
    if over:
        terminalreporter.section(f"tests over {SLOW_SECONDS:g} s not marked slow")
        for spent, node in over:
            terminalreporter.write_line(f"{spent:6.2f} s  {node}")


# --------------------------------------------------------------- nothing outside the repo
# A fresh clone has nothing beside it, so a test that reads the steering folder (or any
# sibling of the checkout) passes here and fails there. Every file the test process opens is
# watched; one beside the repository fails the session.
_REPO = os.path.realpath(os.path.join(os.path.dirname(__file__), os.pardir))
_BESIDE = os.path.dirname(_REPO) + os.sep
_OUTSIDE: list[str] = []


def _watch_opens(event: str, args: tuple[object, ...]) -> None:
    if event != "open" or not args or not isinstance(args[0], str | bytes | os.PathLike):
        return
    try:
        path = os.path.realpath(os.fsdecode(args[0]))
    except (TypeError, ValueError):
        return
    if path.startswith(_BESIDE) and not (path + os.sep).startswith(_REPO + os.sep):
        _OUTSIDE.append(path)


if os.sep != _BESIDE:  # a checkout at the root has no siblings to read by mistake
    import sys

    sys.addaudithook(_watch_opens)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _OUTSIDE:
        print("\nTests opened files outside the repository:", *sorted(set(_OUTSIDE)), sep="\n  ")
        session.exitstatus = 1
