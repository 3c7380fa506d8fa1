"""Batch refresh: 230 demo-sized workbooks with ``wres-xl refresh FOLDER --jobs 2``.

Run: python benchmarks/batch.py [COUNT] [JOBS]   (target: 230 workbooks ≤ 60 s wall, 2 jobs)

The whole process is timed as an analyst runs it (one ``wres-xl`` command for the folder),
against the floor measured in the same run: 230 separate ``wres-xl refresh`` processes would
cost COUNT × one whole-process refresh, and the floor of the batch itself is COUNT × a bare
openpyxl load + save of the same workbook, spread over the jobs. Exits 1 on a miss.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

from wres_xl.demo import build_demo_workbook

TARGET_SECONDS = 60.0
TARGET_COUNT = 230


def _wall(command: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        print(done.stdout[-2000:], done.stderr[-2000:], sep="\n")
        raise SystemExit(f"{' '.join(command[:4])} … exited {done.returncode}")
    return seconds


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else TARGET_COUNT
    jobs = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    wres = [sys.executable, "-m", "wres_xl.cli", "-q"]
    folder = Path(tempfile.mkdtemp(prefix="wres-batch-"))
    try:
        source = build_demo_workbook(folder / "demo.xlsx")
        trusts = folder / "trusts"
        trusts.mkdir()
        for i in range(count):
            shutil.copy(source, trusts / f"trust-{i:03d}.xlsx")

        one = folder / "one.xlsx"
        shutil.copy(source, one)
        single = _wall([*wres, "refresh", str(one)])
        start = time.perf_counter()
        openpyxl.load_workbook(one).save(folder / "bare.xlsx")
        bare = time.perf_counter() - start

        batch = _wall([*wres, "refresh", str(trusts), "--jobs", str(jobs)])
        refreshed = sum(1 for p in trusts.iterdir() if p.name.endswith(".backup.xlsx"))
        if refreshed != count:
            raise AssertionError(f"{refreshed} of {count} workbooks were refreshed")

        # A second run over the same folder now also holds 230 backups: they are skipped.
        again = _wall([*wres, "refresh", str(trusts), "--jobs", str(jobs)])
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    per_process = count * single
    floor = count * bare / jobs
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"{count} workbooks, --jobs {jobs}, {cores} cores available")
    print(f"  batch refresh (first run)          {batch:7.1f} s wall")
    print(f"  batch refresh (again, with backups) {again:6.1f} s wall")
    print(f"  {count} separate processes (estimated) {per_process:6.1f} s  ({single:.2f} s each)")
    print(f"  floor: bare openpyxl load+save / jobs {floor:5.1f} s  ({bare:.2f} s each)")
    print(
        f"  ratio to the floor: {batch / floor:.2f}×; speed-up over separate processes: "
        f"{per_process / batch:.1f}×"
    )
    limit = TARGET_SECONDS * count / TARGET_COUNT
    worst = max(batch, again)
    verdict = "met" if worst <= limit else "MISSED"
    print(f"target ≤ {limit:.0f} s wall: {verdict} ({worst:.1f} s)")
    return 0 if worst <= limit else 1


if __name__ == "__main__":
    sys.exit(main())
