"""Whole-process start-up cost of what a user waits for: each ribbon click and each Excel
session's worksheet functions start a fresh Python, so import time is the user's time.

Run: python benchmarks/imports.py   (exit 1 when a target is missed)

Targets (issue 15): `import wres_xl.udfs` ≤ 0.35 s CPU and ≤ 60 MiB peak memory;
`wres-xl new` ≤ 0.5 s CPU. Each process is measured on its own (CPU = user + system time
of that child, peak = its maximum resident set), the runs of every case alternate so a busy
machine slows them alike, and each median is also shown as a ratio to the floor measured in
the same run: a bare `python -c pass`.

wres-xl's modules are byte-compiled first, as pip does when it installs the package: its
libraries come compiled, and where PYTHONDONTWRITEBYTECODE is set (as on the development
machines) every process would otherwise compile wres-xl afresh, which no installed copy does.
"""

from __future__ import annotations

import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

RUNS = 7
MIB = 1024 * 1024

CASES: dict[str, list[str]] = {
    "python -c pass (floor)": ["-c", "pass"],
    "import wres_xl.udfs": ["-c", "import wres_xl.udfs"],
    "import wres_xl.excel": ["-c", "import wres_xl.excel"],
    "import refresh path": ["-c", "import wres_xl.workbook.files, wres_xl.workbook.refresh"],
    "first WRES_PVALUE": [
        "-c",
        "from wres_xl.udfs import WRES_PVALUE; WRES_PVALUE(418, 1422, 149, 612)",
    ],
    "wres-xl new": ["-m", "wres_xl.cli", "--quiet", "new", "{tmp}"],
    "wres-xl --help": ["-m", "wres_xl.cli", "--help"],
}

#: (case, CPU seconds, peak MiB); None where the issue sets no target.
TARGETS: dict[str, tuple[float | None, float | None]] = {
    "import wres_xl.udfs": (0.35, 60.0),
    "first WRES_PVALUE": (0.35, 60.0),
    "wres-xl new": (0.5, None),
}


def measure(args: list[str], folder: Path, run: int) -> tuple[float, float]:
    """CPU seconds and peak resident MiB of one whole child process."""
    argv = [sys.executable, *(a.format(tmp=folder / f"new-{run}.xlsx") for a in args)]
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(
            f"{' '.join(argv)} failed: {child.stderr.read().decode() if child.stderr else ''}"
        )
    # ru_maxrss is in KiB on Linux.
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024 / MIB


def compile_package() -> None:
    spec = importlib.util.find_spec("wres_xl")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("wres_xl is not installed in this interpreter")
    package = spec.submodule_search_locations[0]
    subprocess.run([sys.executable, "-m", "compileall", "-q", package], check=True)


def main() -> int:
    compile_package()
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in CASES}
    with tempfile.TemporaryDirectory(prefix="wres-imports-") as tmp:
        folder = Path(tmp)
        for run in range(RUNS):
            for name, args in CASES.items():
                samples[name].append(measure(args, folder, run * 100 + len(samples[name])))
    floor_cpu = statistics.median(s[0] for s in samples["python -c pass (floor)"])
    floor_rss = statistics.median(s[1] for s in samples["python -c pass (floor)"])
    print(
        f"{RUNS} alternating runs each; medians. Floor: {floor_cpu:.3f} s CPU, {floor_rss:.0f} MiB"
    )
    print(f"{'case':<26} {'CPU s':>7} {'× floor':>8} {'peak MiB':>9}  target")
    missed = []
    for name in CASES:
        cpu = statistics.median(s[0] for s in samples[name])
        rss = statistics.median(s[1] for s in samples[name])
        cpu_target, rss_target = TARGETS.get(name, (None, None))
        target = ", ".join(
            t
            for t in (
                f"≤ {cpu_target} s" if cpu_target else "",
                f"≤ {rss_target:.0f} MiB" if rss_target else "",
            )
            if t
        )
        ok = (cpu_target is None or cpu <= cpu_target) and (rss_target is None or rss <= rss_target)
        if not ok:
            missed.append(name)
        mark = "" if not target else ("  ok" if ok else "  MISSED")
        print(f"{name:<26} {cpu:>7.3f} {cpu / floor_cpu:>7.1f}× {rss:>9.0f}  {target}{mark}")
    if missed:
        print("\nmissed: " + ", ".join(missed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
