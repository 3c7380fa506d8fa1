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
per-round ratios. Targets: refresh ≤ 1.0× the floor; the big workbook ≤ 1.25× the plain one
(about the same time). Exits non-zero on a miss.
"""

from __future__ import annotations

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


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):  # 1: the workbook has data problems, still refreshed
        raise SystemExit(f"{command} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return elapsed


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

        rounds = []
        for _ in range(RUNS):
            t_refresh = timed([cli, "refresh", str(fresh(demo, "run.xlsx"))])
            t_bare = timed([sys.executable, "-c", bare_code, str(fresh(demo, "bare.xlsx"))])
            t_big = timed([cli, "refresh", str(fresh(big_source, "big.xlsx"))])
            rounds.append((t_refresh, t_bare, t_big))
        ratio = statistics.median(a / b for a, b, _ in rounds)
        big_ratio = statistics.median(c / a for a, _, c in rounds)
        med = [statistics.median(x[i] for x in rounds) for i in range(3)]
        print(f"{'process':<44} {'median':>9}")
        print(f"{'wres-xl refresh demo.xlsx':<44} {med[0] * 1000:>7.0f}ms")
        print(f"{'openpyxl load + save demo.xlsx (floor)':<44} {med[1] * 1000:>7.0f}ms")
        print(
            f"{f'wres-xl refresh with a {BIG_ROWS:,}-row user sheet':<44} {med[2] * 1000:>7.0f}ms"
        )
        print(
            f"\nrefresh / floor: {ratio:.2f}× (target ≤ {TARGET}×); with the big user sheet / "
            f"without: {big_ratio:.2f}× (target ≤ {BIG_TARGET}×); median of {RUNS} rounds"
        )
        return 0 if ratio <= TARGET and big_ratio <= BIG_TARGET else 1
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
