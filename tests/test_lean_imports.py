"""Every ribbon click and every Excel session's worksheet functions start a fresh Python, so
nothing on those paths may import scipy.stats, statsmodels or pandas (issue 15): they cost
two seconds and 80 MiB before the first answer. Each check runs in a new interpreter, so
what the test suite itself has imported cannot hide or fake an import."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from tests.support.helpers import workbook_with

HEAVY = ("scipy.stats", "statsmodels", "pandas")


def heavy_modules_after(code: str) -> list[str]:
    probe = textwrap.dedent(code) + textwrap.dedent(
        f"""
        import sys
        print("HEAVY:" + ",".join(m for m in {HEAVY!r} if m in sys.modules))
        """
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    [line] = [x for x in done.stdout.splitlines() if x.startswith("HEAVY:")]
    return [m for m in line.removeprefix("HEAVY:").split(",") if m]


@pytest.mark.slow
@pytest.mark.parametrize(
    "module",
    [
        "wres_xl.udfs",
        "wres_xl.excel",
        "wres_xl.cli",
        "wres_xl.workbook.refresh",
        "wres_xl.workbook.files",
        "wres_xl.core.trends",
        "wres_xl.report.trends",
        "wres_xl.commands.import_esr.importer",
        "wres_xl.commands.import_esr.reader",
    ],
)
def test_entry_points_import_no_heavy_statistics(module: str) -> None:
    assert heavy_modules_after(f"import {module}") == []


@pytest.mark.slow
def test_import_esr_edits_the_workbook_without_the_openpyxl_backend() -> None:
    # The import runs inside the refresh, which writes packages itself: the openpyxl backend
    # (charts, styles, the writer) would be start-up cost for nothing.
    code = """
        import sys
        import wres_xl.commands.import_esr.importer, wres_xl.commands.import_esr.wdes
        print("BACKEND:" + str("wres_xl.workbook.openpyxl_backend" in sys.modules))
    """
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "BACKEND:False" in done.stdout


def test_worksheet_functions_answer_without_heavy_statistics() -> None:
    code = """
        from wres_xl import udfs
        assert isinstance(udfs.WRES_PVALUE(418, 1422, 149, 612), float)
        assert isinstance(udfs.WRES_CI(2, 418, 1422, 149, 612), list)
        assert udfs.WRES_RATING(5, 40, 100, 60, 100).startswith(("Better", "Worse", "Equiv"))
        assert "xlwings" not in __import__("sys").modules  # no pandas through xlwings either
    """
    assert heavy_modules_after(code) == []


@pytest.mark.slow
@pytest.mark.parametrize("command", ["new", "check", "refresh"])
def test_commands_run_without_heavy_statistics(tmp_path: Path, command: str) -> None:
    path = tmp_path / "trust.xlsx"
    if command != "new":
        workbook_with(
            path,
            {
                "tblWorkforce": [
                    {
                        "Year": 2024,
                        "Staff group": "Clinical",
                        "Band": "Band 5",
                        "White": 90,
                        "BME": 40,
                        "Unknown": 3,
                    },
                    {
                        "Year": 2024,
                        "Staff group": "Clinical",
                        "Band": "Band 8a",
                        "White": 20,
                        "BME": 2,
                        "Unknown": 0,
                    },
                ],
                "tblRecruitment": [
                    {"Year": 2024, "Ethnicity": "White", "Shortlisted": 100, "Appointed": 20},
                    {"Year": 2024, "Ethnicity": "BME", "Shortlisted": 90, "Appointed": 9},
                ],
            },
        )
    code = f"""
        from wres_xl.cli import main
        assert main([{command!r}, {str(path)!r}]) in (0, 1)
    """
    assert heavy_modules_after(code) == []


@pytest.mark.slow
@pytest.mark.parametrize("standard", ["wres", "wdes"])
def test_the_new_program_skips_numpy_and_pillow_and_writes_the_same_bytes(
    tmp_path: Path, standard: str
) -> None:
    """``wres-xl new`` as a program (its own process) imports openpyxl without numpy and
    Pillow; the workbook is byte-identical to one written where openpyxl has both, and
    numpy still imports afterwards. A caller of ``cli.main`` keeps openpyxl whole."""
    lean, whole = tmp_path / "lean.xlsx", tmp_path / "whole.xlsx"
    options = ["--org", "Example NHS Trust", "--year", "2025", "--standard", standard]
    probe = textwrap.dedent(
        f"""
        import sys
        from wres_xl.cli import command_line
        sys.argv = ["wres-xl", "-q", "new", {str(lean)!r}, *{options!r}]
        assert command_line() == 0
        print(sorted(m for m in ("numpy", "PIL") if m in sys.modules))
        import numpy
        print(numpy.__name__)
        """
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[-3:] == ["[]", "numpy", ""]
    whole_code = textwrap.dedent(
        f"""
        import sys
        import numpy, PIL
        from wres_xl.cli import main
        assert main(["-q", "new", {str(whole)!r}, *{options!r}]) == 0
        from openpyxl.compat.numbers import NUMERIC_TYPES
        from openpyxl.drawing.image import PILImage
        print(numpy.int64 in NUMERIC_TYPES, bool(PILImage))
        """
    )
    done = subprocess.run([sys.executable, "-c", whole_code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[-2] == "True True"
    if standard == "wres":
        assert lean.read_bytes() == whole.read_bytes()
    else:  # the WDES template stamps the time it was made (wdes_template.py), so byte
        # for byte but for the created and modified times in docProps/core.xml.
        assert _parts(lean) == _parts(whole)


def _parts(path: Path) -> dict[str, bytes]:
    stamp = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*")
    with zipfile.ZipFile(path) as archive:
        return {n: stamp.sub(rb"\1", archive.read(n)) for n in archive.namelist()}
