"""No command writes over what it did not make (issue 11): real files, the real command.

Each test builds the situation a user meets (an existing workbook, its backup, a typo in a
file name) and checks, byte for byte, that nothing they had was touched.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from tests.support.helpers import nscht, workbook_with
from wres_xl.cli import main

pytestmark = pytest.mark.slow  # every test here is over 2 s


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _state(folder: Path) -> dict[str, str]:
    """Every file in ``folder`` (names and contents): what a user would find there."""
    return {p.name: _digest(p) for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def refreshed(tmp_path: Path) -> Path:
    """A user's workbook refreshed once, so it has its backup beside it."""
    path = workbook_with(tmp_path / "trust.xlsx", nscht()["inputs"])
    assert main(["-q", "refresh", str(path)]) == 0
    assert (tmp_path / "trust.backup.xlsx").exists()
    return path


def _run(*args: str, cwd: Path | None = None, **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wres_xl.cli", "-q", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        **kw,  # type: ignore[call-overload]
    )


def test_demo_over_an_existing_workbook_is_refused_and_its_backup_kept(
    refreshed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _state(refreshed.parent)
    assert main(["-q", "demo", str(refreshed)]) == 2
    err = capsys.readouterr().err
    assert "already exists" in err
    assert "--force" in err
    assert "Nothing was changed" in err
    assert _state(refreshed.parent) == before
    # Asked for explicitly, the demo replaces the workbook, and still never its backup.
    assert main(["-q", "demo", str(refreshed), "--force"]) == 0
    after = _state(refreshed.parent)
    assert after["trust.backup.xlsx"] == before["trust.backup.xlsx"]
    assert after["trust.xlsx"] != before["trust.xlsx"]
    # No temporary file, no extra backup: only the demo's published copy, its report and the
    # same trust's WDES workbook beside it.
    assert set(after) == set(before) | {
        "trust WRES report.docx",
        "trust published.xlsx",
        "trust-wdes.xlsx",
    }
    assert openpyxl.load_workbook(refreshed)["Summary"]["I7"].value.startswith("Worse")


@pytest.mark.parametrize("command", ["check", "refresh"])
def test_a_report_onto_its_own_workbook_is_refused(
    refreshed: Path, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = refreshed.parent
    link = folder / "link.xlsx"
    link.symlink_to(refreshed.name)
    (folder / "sub").mkdir()
    before = _state(folder)
    for workbook, report in (
        (refreshed, refreshed),  # the same name
        (link, refreshed),  # through a symbolic link
        (refreshed, folder / "sub" / ".." / "trust.xlsx"),  # through ..
        (refreshed, folder / "TRUST.XLSX"),  # another case: the same file on Windows/macOS
        (refreshed, folder / "trust.backup.xlsx"),  # the backup
    ):
        assert main(["-q", command, str(workbook), "--json", str(report)]) == 2
        err = capsys.readouterr().err
        assert "Nothing was changed" in err
        assert "Traceback" not in err
        assert _state(folder) == before, (workbook, report)


def test_refresh_output_over_an_unrelated_workbook_is_refused(
    refreshed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = workbook_with(tmp_path / "B.xlsx", {})
    before = _state(tmp_path)
    assert main(["-q", "refresh", str(refreshed), "--output", str(other)]) == 2
    assert "--force" in capsys.readouterr().err
    assert _state(tmp_path) == before
    assert main(["-q", "refresh", str(refreshed), "--output", str(other), "--force"]) == 0
    after = _state(tmp_path)
    assert after["B.xlsx"] != before["B.xlsx"]
    assert {k: v for k, v in after.items() if k != "B.xlsx"} == {
        k: v for k, v in before.items() if k != "B.xlsx"
    }


def test_refresh_output_onto_its_own_input_is_refused(
    refreshed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _state(refreshed.parent)
    assert main(["-q", "refresh", str(refreshed), "--output", str(refreshed)]) == 2
    assert "in place" in capsys.readouterr().err
    assert main(["-q", "refresh", str(refreshed), "--output", str(refreshed), "--force"]) == 2
    assert _state(refreshed.parent) == before


def test_two_outputs_of_one_run_may_not_share_a_name(
    refreshed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.xlsx"
    before = _state(tmp_path)
    assert main(["-q", "refresh", str(refreshed), "-o", str(out), "--json", str(out)]) == 2
    assert _state(tmp_path) == before
    capsys.readouterr()


@pytest.mark.parametrize("command", ["check", "refresh"])
def test_json_into_a_missing_folder_changes_nothing_and_says_so(
    refreshed: Path, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _state(refreshed.parent)
    report = refreshed.parent / "no such folder" / "r.json"
    assert main(["-q", command, str(refreshed), "--json", str(report)]) == 2
    err = capsys.readouterr().err
    assert "does not exist" in err
    assert "Nothing was changed" in err
    assert _state(refreshed.parent) == before  # the workbook was not refreshed first


def test_check_writes_only_the_json_it_was_asked_for(
    refreshed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _state(refreshed.parent)
    report = refreshed.parent / "checks.json"
    assert main(["-q", "check", str(refreshed), "--json", str(report)]) == 0
    after = _state(refreshed.parent)
    assert set(after) - set(before) == {"checks.json"}
    assert {k: after[k] for k in before} == before
    # Run again: the JSON it wrote last time is now an existing file like any other.
    assert main(["-q", "check", str(refreshed), "--json", str(report)]) == 2
    assert "--force" in capsys.readouterr().err
    assert main(["-q", "check", str(refreshed), "--json", str(report), "--force"]) == 0


def test_a_backup_is_never_refreshed_in_place_or_written_over(
    refreshed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = tmp_path / "trust.backup.xlsx"
    before = _state(tmp_path)
    assert main(["-q", "refresh", str(backup)]) == 2
    assert main(["-q", "refresh", str(refreshed), "--output", str(backup), "--force"]) == 2
    assert main(["-q", "publish", str(refreshed), str(backup), "--force"]) == 2
    assert main(["-q", "new", str(backup), "--force"]) == 2
    assert "backup" in capsys.readouterr().err
    assert _state(tmp_path) == before


def test_publish_over_an_existing_file_needs_force(
    refreshed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "published.xlsx"
    assert main(["-q", "publish", str(refreshed), str(out)]) == 0
    first = _state(tmp_path)
    assert main(["-q", "publish", str(refreshed), str(out)]) == 2
    assert "--force" in capsys.readouterr().err
    assert _state(tmp_path) == first
    assert main(["-q", "publish", str(refreshed), str(out), "--force"]) == 0


def test_new_asks_at_a_terminal_and_refuses_without_one(tmp_path: Path) -> None:
    mine = tmp_path / "mine.xlsx"
    mine.write_bytes(b"someone's real workbook")
    refused = _run("new", str(mine), stdin=subprocess.DEVNULL)
    assert refused.returncode == 2
    assert "--force" in refused.stderr
    assert mine.read_bytes() == b"someone's real workbook"
    # At a terminal the user is asked; "n" keeps the file, "y" replaces it.
    for answer, code in ((b"n\n", 2), (b"y\n", 0)):
        leader, follower = os.openpty()
        try:
            proc = subprocess.Popen(
                [sys.executable, "-m", "wres_xl.cli", "-q", "new", str(mine)],
                stdin=follower,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            os.write(leader, answer)
            out, err = proc.communicate(timeout=120)
        finally:
            os.close(leader)
            os.close(follower)
        assert proc.returncode == code, err
        assert "Replace it" in out
        if code:
            assert mine.read_bytes() == b"someone's real workbook"
    assert "Settings" in openpyxl.load_workbook(mine).sheetnames


def test_import_esr_refuses_an_extract_that_is_the_workbook(
    refreshed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _state(refreshed.parent)
    assert main(["-q", "import-esr", str(refreshed), str(refreshed)]) == 2
    assert "same file" in capsys.readouterr().err
    assert _state(refreshed.parent) == before


def test_a_report_may_not_be_named_like_a_workbook(
    refreshed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _state(refreshed.parent)
    assert main(["-q", "check", str(refreshed), "--json", str(refreshed.parent / "r.xlsx")]) == 2
    assert ".json" in capsys.readouterr().err
    assert _state(refreshed.parent) == before
