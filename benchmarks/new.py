"""Benchmark: ``wres-xl new`` as a user runs it, whole process (issue 15: ≤ 0.5 s CPU).

    python benchmarks/new.py [--repeat 7]

Times the whole command (interpreter start, imports, building and saving the workbook) in
CPU seconds of the child (user + system), alternating with two floors measured in the same
run so a busy machine is visible: a bare interpreter, and importing what ``new`` imports
without building anything. Prints the medians and the heavy modules the command imported;
exits 1 when the median exceeds 0.5 s CPU. wres-xl is byte-compiled first, as an installed
copy is (see benchmarks/imports.py).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from imports import compile_package

TARGET_CPU = 0.5
HEAVY = ("scipy.stats", "statsmodels", "pandas", "matplotlib")


def run(argv: Sequence[str]) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one child process."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        stderr = child.stderr.read().decode() if child.stderr else ""
        raise SystemExit(f"{argv} failed:\n{stderr}")
    return usage.ru_utime + usage.ru_stime, wall


IMPORTS_ONLY = "import wres_xl.cli, wres_xl.workbook.template"
#: The same command through ``cli.main`` (a caller in its own process would be the same),
#: which keeps openpyxl's numpy and Pillow imports: what ``new`` cost before the program
#: skipped them (commands/new.py, ``import_openpyxl_alone``).
WHOLE_OPENPYXL = "import sys; from wres_xl.cli import main; sys.exit(main(['new', sys.argv[1]]))"
HEAVY_CHECK = """
import sys
from pathlib import Path
from wres_xl.cli import main
main(["new", sys.argv[1]])
print(" ".join(m for m in {heavy!r} if m in sys.modules) or "none")
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    compile_package()
    python = sys.executable
    folder = Path(tempfile.mkdtemp(prefix="wres-new-bench-"))
    try:
        runs: dict[str, list[tuple[float, float]]] = {
            "new": [],
            "whole": [],
            "bare": [],
            "imports": [],
        }
        for i in range(args.repeat):
            target = folder / f"trust_{i}.xlsx"
            runs["new"].append(run([python, "-m", "wres_xl.cli", "new", str(target)]))
            whole = folder / f"whole_{i}.xlsx"
            runs["whole"].append(run([python, "-c", WHOLE_OPENPYXL, str(whole)]))
            runs["bare"].append(run([python, "-c", "pass"]))
            runs["imports"].append(run([python, "-c", IMPORTS_ONLY]))
        heavy = subprocess.run(
            [python, "-c", HEAVY_CHECK.format(heavy=HEAVY), str(folder / "check.xlsx")],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split("\n")[-2]

        def median(name: str, at: int) -> float:
            return statistics.median(r[at] for r in runs[name])

        print(f"whole processes, median of {args.repeat} alternating runs:")
        print(
            f"  wres-xl new            {median('new', 0):5.2f} s CPU "
            f"({median('new', 1):.2f} s wall)"
        )
        print(f"  same, openpyxl whole   {median('whole', 0):5.2f} s CPU (through cli.main)")
        print(f"  bare interpreter       {median('bare', 0):5.2f} s CPU")
        print(f"  its imports, no build  {median('imports', 0):5.2f} s CPU (openpyxl whole)")
        print(f"heavy modules imported by 'new': {heavy}")
        cpu = median("new", 0)
        ok = cpu <= TARGET_CPU
        print(f"{'ok  ' if ok else 'MISS'} wres-xl new {cpu:.2f} s CPU (target ≤ {TARGET_CPU} s)")
        return 0 if ok else 1
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
