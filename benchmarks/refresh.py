"""Whole `wres-xl refresh` processes against a bare openpyxl load + save of the same file.

Run: python benchmarks/refresh.py

Each round copies the demo workbook fresh and times, as separate processes started the way a
user starts them:

- ``wres-xl refresh demo.xlsx`` (imports, read, compute, write, backup, swap);
- ``python -c "openpyxl.load_workbook(f).save(f)"`` on the same file: the floor, the cost of
  the old design's round trip alone;
- ``wres-xl refresh`` on the same workbook with a 50,000-row user sheet added, which the
  package writer must copy without parsing.

The processes alternate so a busy machine slows all alike; ratios are medians of the
per-round ratios. Each process is measured twice: its CPU time (user + system, from the
operating system's accounting of the finished child) and its wall time. The targets are
judged on CPU time, which a machine busy with other work inflates far less than wall time;
both ratios are printed. Targets: refresh ≤ 1.0× the floor; the big workbook ≤ 1.25× the
plain one (about the same time). Exits non-zero on a miss.

The processes run as an installed wres-xl runs: with compiled bytecode. An environment
that forbids writing bytecode (``PYTHONDONTWRITEBYTECODE``) would make every process
compile wres-xl's modules from source (about 0.1 s) while openpyxl's come compiled from
its wheel, so the children get a private bytecode folder and one untimed warm-up round.
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

RUNS = 7
TARGET = 1.0
BIG_TARGET = 1.25
BIG_ROWS = 50_000


def add_big_sheet(source: Path, target: Path, rows: int = BIG_ROWS) -> None:
    """A user sheet of ``rows`` rows (numbers and text), added at package level."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    body = "".join(
        f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}" t="inlineStr"><is><t>Staff member '
        f'{r}</t></is></c><c r="C{r}"><v>{r * 1.5}</v></c><c r="D{r}"><v>{r % 97}</v></c></row>'
        for r in range(1, rows + 1)
    )
    sheet = f'<worksheet xmlns="{main}"><sheetData>{body}</sheetData></worksheet>'
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/workbook.xml":
                data = data.replace(
                    b"</sheets>",
                    f'<sheet xmlns:r="{rel}" name="Staff list" sheetId="999" r:id="rIdBig"/>'
                    "</sheets>".encode(),
                )
            elif item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    f'<Relationship Id="rIdBig" Type="{rel}/worksheet" '
                    'Target="worksheets/staff.xml"/></Relationships>'.encode(),
                )
            elif item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/worksheets/staff.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
                )
            out.writestr(item, data)
        out.writestr("xl/worksheets/staff.xml", sheet)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one whole process."""
    cpu = _children_cpu()
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - start
    cpu = _children_cpu() - cpu
    if done.returncode not in (0, 1):  # 1: the workbook has data problems, still refreshed
        raise SystemExit(f"{command} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return cpu, elapsed


def child_env(folder: Path) -> dict[str, str]:
    """The environment of an installed package: bytecode written once and then reused."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(folder / "bytecode")
    return env


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="wres-bench-"))
    cli = shutil.which("wres-xl") or str(Path(sys.executable).with_name("wres-xl"))
    try:
        demo = folder / "demo.xlsx"
        subprocess.run([cli, "demo", str(demo)], check=True, capture_output=True)
        big_source = folder / "big-source.xlsx"
        add_big_sheet(demo, big_source)
        bare_code = "import sys, openpyxl; p = sys.argv[1]; openpyxl.load_workbook(p).save(p)"

        def fresh(source: Path, name: str) -> Path:
            target = folder / name
            shutil.copy(source, target)
            for stale in folder.glob(f"{target.stem}.backup*"):
                stale.unlink()
            return target

        env = child_env(folder)
        commands = {
            "refresh": lambda: [cli, "refresh", str(fresh(demo, "run.xlsx"))],
            "bare": lambda: [sys.executable, "-c", bare_code, str(fresh(demo, "bare.xlsx"))],
            "big": lambda: [cli, "refresh", str(fresh(big_source, "big.xlsx"))],
        }
        for command in commands.values():  # warm-up: bytecode and file caches
            timed(command(), env)
        rounds: list[dict[str, tuple[float, float]]] = [
            {name: timed(command(), env) for name, command in commands.items()} for _ in range(RUNS)
        ]

        def median(name: str, kind: int) -> float:
            return statistics.median(r[name][kind] for r in rounds)

        def ratio(top: str, bottom: str, kind: int) -> float:
            return statistics.median(r[top][kind] / r[bottom][kind] for r in rounds)

        rows = (
            ("wres-xl refresh demo.xlsx", "refresh"),
            ("openpyxl load + save demo.xlsx (floor)", "bare"),
            (f"wres-xl refresh with a {BIG_ROWS:,}-row user sheet", "big"),
        )
        print(f"{'process':<48} {'CPU median':>11} {'wall median':>12}")
        for label, name in rows:
            print(f"{label:<48} {median(name, 0) * 1000:>9.0f}ms {median(name, 1) * 1000:>10.0f}ms")
        cpu_ratio, wall_ratio = ratio("refresh", "bare", 0), ratio("refresh", "bare", 1)
        big_cpu, big_wall = ratio("big", "refresh", 0), ratio("big", "refresh", 1)
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(
            f"\nrefresh / floor: {cpu_ratio:.2f}× CPU, {wall_ratio:.2f}× wall "
            f"(target ≤ {TARGET}× CPU)\nwith the big user sheet / without: {big_cpu:.2f}× CPU, "
            f"{big_wall:.2f}× wall (target ≤ {BIG_TARGET}× CPU)\nmedians of {RUNS} alternating "
            f"rounds; load average {load:.1f} on {os.cpu_count()} cores"
        )
        met = cpu_ratio <= TARGET and big_cpu <= BIG_TARGET
        print("targets met" if met else "target MISSED")
        return 0 if met else 1
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
