"""A folder of WRES and WDES workbooks refreshed in one batch (`wres-xl refresh FOLDER`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from tests.support.helpers import nscht, workbook_with
from wres_xl.commands.demo.build import build_wdes_demo_workbook


def _set_appointed(path: Path, value: int) -> None:
    """Make the first Recruitment row impossible (appointed above shortlisted)."""
    book = openpyxl.load_workbook(path)
    ws = book["Recruitment"]
    top = ws[ws.tables["tblRecruitment"].ref.split(":")[0]].row
    headers = [c.value for c in ws[top]]
    ws.cell(top + 1, headers.index("Appointed") + 1, value)
    book.save(path)


@pytest.mark.slow
def test_a_mixed_folder_refreshes_each_workbook_by_its_own_standard(tmp_path: Path) -> None:
    folder = tmp_path / "trusts"
    folder.mkdir()
    workbook_with(folder / "a-wres.xlsx", nscht()["inputs"])
    build_wdes_demo_workbook(folder / "b-wdes.xlsx")
    build_wdes_demo_workbook(folder / "c-wdes-errors.xlsx")
    _set_appointed(folder / "c-wdes-errors.xlsx", 99999)
    done = subprocess.run(
        [sys.executable, "-m", "wres_xl.cli", "-q", "refresh", str(folder), "--jobs", "2"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 1, done.stdout + done.stderr  # the worst: data errors
    lines = done.stdout.strip().splitlines()
    by_name = {
        n: line for line in lines for n in ("a-wres", "b-wdes", "c-wdes-errors") if n in line
    }
    assert by_name["a-wres"].startswith("ok "), lines
    assert "of 9 indicators computed" in by_name["a-wres"]
    assert by_name["b-wdes"].startswith("ok "), lines
    assert "WDES 2025: 14 of 14 metrics computed" in by_name["b-wdes"]
    assert by_name["c-wdes-errors"].startswith("errors "), lines
    assert "WDES 2025" in by_name["c-wdes-errors"]
    wres = openpyxl.load_workbook(folder / "a-wres.xlsx")
    wdes = openpyxl.load_workbook(folder / "b-wdes.xlsx")
    assert str(wres["Summary"]["A1"].value).startswith("WRES")
    assert wdes["Summary"]["A1"].value == "WDES 2025: summary of the ten metrics"
    assert "Indicator 1" not in wdes.sheetnames  # a WDES refresh writes no WRES sheets
    for name in ("a-wres", "b-wdes", "c-wdes-errors"):
        assert (folder / f"{name}.backup.xlsx").exists()
