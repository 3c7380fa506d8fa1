"""The wres-xl command as a user runs it: exit codes, messages, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from tests.support.helpers import nscht, workbook_with


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wres_xl.cli", *args], capture_output=True, text=True, cwd=cwd
    )


@pytest.mark.slow
def test_new_creates_a_standard_workbook(tmp_path: Path) -> None:
    path = tmp_path / "trust.xlsx"
    done = run("new", str(path), "--org", "Somewhere NHS Trust", "--year", "2025")
    assert done.returncode == 0, done.stderr
    wb = openpyxl.load_workbook(path)
    tables = {name for ws in wb.worksheets for name in ws.tables}
    assert {"tblSettings", "tblWorkforce", "tblRecruitment", "tblActions"} <= tables
    again = run("new", str(path))
    assert again.returncode == 2
    assert "Traceback" not in again.stderr


@pytest.mark.slow
def test_demo_prints_a_summary_and_writes_a_refreshed_workbook(tmp_path: Path) -> None:
    done = run("demo", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Example NHS Trust" in done.stdout
    for i in range(1, 10):
        assert f"\n {i}  " in done.stdout
    wb = openpyxl.load_workbook(tmp_path / "wres-demo.xlsx")
    assert wb["Summary"]["I7"].value.startswith("Worse")  # the demo's recruitment disparity


@pytest.mark.slow
def test_refresh_with_json_and_exit_zero(tmp_path: Path) -> None:
    path = workbook_with(tmp_path / "t.xlsx", nscht()["inputs"])
    report = tmp_path / "r.json"
    done = run("refresh", str(path), "--json", str(report))
    # NSCHT published no training data: a warning, not a data error.
    assert done.returncode == 0, done.stderr
    data = json.loads(report.read_text())
    assert data["indicators"]["4"]["rating"] == "Not computed"
    training = [c for c in data["checks"] if c["sheet"] == "Training"]
    assert training
    assert training[0]["severity"] == "warning"
    assert "no figures for 2024" in training[0]["message"]


@pytest.mark.slow
def test_data_errors_exit_1_and_are_listed(tmp_path: Path) -> None:
    inputs = nscht()["inputs"]
    inputs["tblRecruitment"][0]["Appointed"] = 999  # more than shortlisted
    inputs["tblSurvey"][0]["Respondents"] = "ninety"
    path = workbook_with(tmp_path / "t.xlsx", inputs)
    report = tmp_path / "r.json"
    done = run("refresh", str(path), "--json", str(report))
    assert done.returncode == 1
    data = json.loads(report.read_text())
    assert data["indicators"]["2"]["rating"] == "Not computed"
    assert data["indicators"]["6"]["rating"] == "Not computed"
    assert data["indicators"]["8"]["rating"].startswith("Worse")  # the others still computed
    messages = " ".join(c["message"] for c in data["checks"])
    assert "Appointed (999) is more than Shortlisted (612)" in messages
    assert "'ninety'" in messages
    row = next(c for c in data["checks"] if "999" in c["message"])
    assert row["sheet"] == "Recruitment"
    assert row["column"] == "Appointed"
    assert row["row"] == 5


@pytest.mark.slow
def test_check_writes_nothing(tmp_path: Path) -> None:
    path = workbook_with(tmp_path / "t.xlsx", nscht()["inputs"])
    before = path.read_bytes()
    done = run("check", str(path))
    assert done.returncode == 0  # the empty Training table is only a warning
    assert "Training" in done.stdout
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    "args",
    [
        ("refresh", "missing.xlsx"),
        ("refresh",),
        ("frobnicate",),
        ("check", "missing.xlsx"),
    ],
)
def test_usage_and_file_errors_exit_2_without_traceback(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    done = run(*args, cwd=tmp_path)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.strip()


@pytest.mark.slow
def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    plain = run("refresh", str(broken))
    assert plain.returncode == 2
    assert "Traceback" not in plain.stderr
    assert "damaged" in plain.stderr or "not a valid" in plain.stderr
    debug = run("--debug", "refresh", str(broken))
    assert debug.returncode == 2
    assert "Traceback" in debug.stderr
