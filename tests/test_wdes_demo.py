"""`wres-xl demo` writes the WDES workbook of the same fictional trust beside the WRES one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from tests.support.attacker import Rule
from tests.support.wdes_attacker import attack
from wres_xl.commands.demo.build import wdes_demo_path
from wres_xl.core.wdes_standard import WDES


def test_the_wdes_demo_sits_beside_the_wres_one() -> None:
    assert wdes_demo_path(Path("wres-demo.xlsx")) == Path("wdes-demo.xlsx")
    assert wdes_demo_path(Path("x/trust.xlsx")) == Path("x/trust-wdes.xlsx")


@pytest.mark.slow
def test_demo_writes_both_workbooks_and_the_wdes_one_publishes_safely(tmp_path: Path) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "wres_xl.cli", *args],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            timeout=600,
        )

    done = run("demo")
    assert done.returncode == 0, done.stderr
    assert "Wrote the WDES workbook of the same trust, refreshed, to wdes-demo.xlsx" in done.stdout
    assert {p.name for p in tmp_path.iterdir()} == {
        "wres-demo.xlsx",
        "wres-demo WRES report.docx",
        "wres-demo published.xlsx",  # the demo writes the WRES published copy too (s4-report)
        "wdes-demo.xlsx",
    }
    book = openpyxl.load_workbook(tmp_path / "wdes-demo.xlsx")
    assert book["Checks"]["A5"].value == "None"  # no problem in the demo data
    summary = book["Summary"]
    rows = {summary.cell(r, 1).value: r for r in range(5, 19)}
    assert list(rows) == list(WDES.metric_keys)
    # Every metric is computed (none 'Not computed'); 8 and 9a are not tested by design.
    ratings = {key: summary.cell(r, 4).value for key, r in rows.items()}
    assert "Not computed" not in ratings.values()
    assert ratings["8"] == ratings["9a"] == "Not tested"
    # Metric 2: 640/2452 against 58/268 = 0.2610 / 0.2164 = 1.206.
    assert summary.cell(rows["2"], 3).value == pytest.approx(1.206, abs=0.001)
    published = run("publish", "wdes-demo.xlsx", "wdes-published.xlsx")
    assert published.returncode == 0, published.stdout + published.stderr
    found = attack(tmp_path / "wdes-published.xlsx", Rule(term="Disabled"))
    assert found.hidden  # the 3 Disabled staff in capability, at least
    assert found.findings == []
