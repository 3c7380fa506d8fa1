"""``wres-xl refresh FOLDER ... --jobs N`` (issue 15): many workbooks in one process,
backups and temporary files never touched, one line each, the worst exit code."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from tests.support.helpers import nscht, workbook_with

pytestmark = pytest.mark.slow  # every test here is over 2 s


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wres_xl.cli", "-q", *args], capture_output=True, text=True
    )


def test_a_folder_is_refreshed_with_workers_and_its_backups_are_left_alone(
    tmp_path: Path,
) -> None:
    trusts = tmp_path / "trusts"
    trusts.mkdir()
    good = workbook_with(trusts / "a trust.xlsx", nscht()["inputs"])
    shutil.copy(good, trusts / "b.xlsx")
    inputs = nscht()["inputs"]
    inputs["tblRecruitment"][0]["Appointed"] = 999
    workbook_with(trusts / "c-errors.xlsx", inputs)
    (trusts / "d-broken.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    # What a naive *.xlsx loop would also refresh:
    shutil.copy(good, trusts / "a trust.backup.xlsx")
    shutil.copy(good, trusts / "~$b.xlsx")
    shutil.copy(good, trusts / ".~wres-0123.xlsx")
    (trusts / "notes.txt").write_text("not a workbook")
    untouched = {
        name: _digest(trusts / name)
        for name in ("a trust.backup.xlsx", "~$b.xlsx", ".~wres-0123.xlsx", "d-broken.xlsx")
    }
    extra = workbook_with(tmp_path / "e.xlsx", nscht()["inputs"])

    done = _run("refresh", str(trusts), str(extra), "--jobs", "2")
    assert done.returncode == 2, done.stderr  # the worst: one workbook could not be read
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 6, lines  # five workbooks (b is locked: skipped as open) + summary
    names = ("a trust.xlsx", "b.xlsx", "c-errors.xlsx", "d-broken.xlsx", "e.xlsx")
    by_name = {n: line for line in lines[:-1] for n in names if f"/{n}  " in line}
    assert set(by_name) == set(names), lines
    assert by_name["a trust.xlsx"].startswith("ok ")
    assert by_name["c-errors.xlsx"].startswith("errors ")
    assert by_name["d-broken.xlsx"].startswith("not done")
    assert "damaged" in by_name["d-broken.xlsx"]
    assert "open in Excel" in by_name["b.xlsx"]  # its lock file ~$b.xlsx is there
    summary = lines[-1]
    assert "of 5 workbooks" in summary
    assert "2 workers" in summary
    assert "skipped 3 backup or temporary files" in summary
    for name, digest in untouched.items():
        assert _digest(trusts / name) == digest, name
    for path in (trusts / "a trust.xlsx", trusts / "c-errors.xlsx", extra):
        assert "Summary" in openpyxl.load_workbook(path).sheetnames
    assert not (trusts / "a trust.backup.backup.xlsx").exists()
    assert (trusts / "c-errors.backup.xlsx").exists()
    assert not [p for p in trusts.iterdir() if p.name.startswith(".~wres-") and p.suffix == ".tmp"]


def test_the_worst_code_is_1_when_only_data_errors(tmp_path: Path) -> None:
    inputs = nscht()["inputs"]
    inputs["tblRecruitment"][0]["Appointed"] = 999
    a = workbook_with(tmp_path / "a.xlsx", nscht()["inputs"])
    b = workbook_with(tmp_path / "b.xlsx", inputs)
    done = _run("refresh", str(a), str(b), "--jobs", "1")
    assert done.returncode == 1, done.stdout + done.stderr
    assert len(done.stdout.strip().splitlines()) == 3


def test_output_and_json_with_several_workbooks_are_refused(tmp_path: Path) -> None:
    a = workbook_with(tmp_path / "a.xlsx", nscht()["inputs"])
    b = workbook_with(tmp_path / "b.xlsx", nscht()["inputs"])
    before = {p.name: _digest(p) for p in tmp_path.iterdir()}
    for option in (("--output", str(tmp_path / "o.xlsx")), ("--json", str(tmp_path / "r.json"))):
        done = _run("refresh", str(a), str(b), *option)
        assert done.returncode == 2
        assert "one workbook at a time" in done.stderr
        assert "Nothing was changed" in done.stderr
    assert {p.name: _digest(p) for p in tmp_path.iterdir()} == before
    empty = tmp_path / "empty"
    empty.mkdir()
    done = _run("refresh", str(empty))
    assert done.returncode == 2
    assert "No workbooks" in done.stderr


@pytest.mark.skipif(not hasattr(os, "sched_getaffinity"), reason="Linux names its cores")
def test_jobs_default_to_the_cores_and_a_clean_batch_exits_0(tmp_path: Path) -> None:
    from wres_xl.commands.refresh.batch import default_jobs

    cores = len(os.sched_getaffinity(0))
    assert default_jobs() == cores
    good = workbook_with(tmp_path / "a.xlsx", nscht()["inputs"])
    for name in ("b.xlsx", "C.XLSX"):
        shutil.copy(good, tmp_path / name)
    below = tmp_path / "older"
    below.mkdir()
    shutil.copy(good, below / "d.xlsx")
    untouched = _digest(below / "d.xlsx")
    done = _run("refresh", str(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 4, lines  # three workbooks (not the one in a folder below) + summary
    assert all(line.startswith("ok ") for line in lines[:-1]), lines
    workers = min(cores, 3)
    assert f"with {workers} worker{'s' if workers > 1 else ''}:" in lines[-1], lines[-1]
    assert "3 without data errors, 0 with data errors" in lines[-1]
    assert _digest(below / "d.xlsx") == untouched


def test_workbooks_refreshed_two_at_a_time_in_a_worker_are_the_same_as_alone(
    tmp_path: Path,
) -> None:
    """Ten workbooks over two workers go out in shares of two, each share refreshed in two
    threads: every workbook's file is byte for byte what refreshing it alone gives, one
    line each, and nothing is left behind."""
    from wres_xl.commands.refresh.batch import _chunks

    alone, batch = tmp_path / "alone", tmp_path / "batch"
    alone.mkdir()
    batch.mkdir()
    good = workbook_with(tmp_path / "good.xlsx", nscht()["inputs"])
    inputs = nscht()["inputs"]
    inputs["tblRecruitment"][0]["Appointed"] = 999
    errors = workbook_with(tmp_path / "errors.xlsx", inputs)
    names = [f"t{i}.xlsx" for i in range(10)]
    for i, name in enumerate(names):
        for folder in (alone, batch):
            shutil.copy(errors if i == 3 else good, folder / name)
    (batch / "t7.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    (alone / "t7.xlsx").write_bytes(b"PK\x03\x04 not a workbook")

    shares = _chunks(sorted(batch.iterdir()), 2)
    assert [len(s) for s in shares] == [2] * 5  # so the threads are used
    assert sorted(p for s in shares for p in s) == sorted(str(batch / n) for n in names)
    assert shares[-1][-1] == str(batch / "t7.xlsx")  # the smallest last

    done = _run("refresh", str(batch), "--jobs", "2")
    assert done.returncode == 2, done.stderr
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 11, lines
    for name in names:
        (line,) = [line for line in lines[:-1] if f"/{name}  " in line]
        expected = "not done" if name == "t7.xlsx" else "errors" if name == "t3.xlsx" else "ok"
        assert line.startswith(expected), line
    assert "Refreshed 9 of 10 workbooks" in lines[-1]
    for name in names:
        assert _run("refresh", str(alone / name)).returncode in (0, 1, 2)
    for name in names:
        assert _digest(batch / name) == _digest(alone / name), name
    leftovers = [p.name for p in batch.iterdir() if p.name.startswith(".~wres-")]
    assert not leftovers
