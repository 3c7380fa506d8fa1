"""Benchmark: ``wres-xl import-esr`` as users run it, against the floors of issue 15.

    python benchmarks/esr_import.py [--rows 1000000] [--xlsx-rows 100000] [--repeat 3]
                                    [--keep DIR] [--only csv|xlsx]

Generates a realistic extract (one row per assignment: second posts, bank posts, bank-only
staff, NHS ethnic sub-codes, band spellings, medical grades, title rows above the headers)
as a 16-column CSV and as XLSX, then times whole processes, alternating them so a busy
machine slows each alike, and compares CPU seconds (user + system of the child):

* ``wres-xl import-esr`` of the CSV into a fresh 'wres-xl new' workbook, against
  ``pandas.read_csv`` of the same columns plus a group-by (target ≤ 2×), and its peak
  memory (resident set of the child, target ≤ 500 MB);
* ``wres-xl import-esr`` of the XLSX, against a bare python-calamine read of the same file
  (target ≤ 1.3×). The import also writes and refreshes the workbook, so the same ratio is
  printed for reading alone (``read_esr_extract`` in a process of its own).

pandas is used here only, as the floor; the package never imports it on this path.

wres-xl's modules are byte-compiled first, as pip does when it installs the package: the
floors' libraries come compiled, and where PYTHONDONTWRITEBYTECODE is set (as on the
development machines) an uncompiled package would be compiled afresh by every process,
about 0.4 s that no installed copy pays.
Exits 1 when a target is missed or the CSV and XLSX counts differ. Generating a million
rows takes a minute; ``--keep DIR`` keeps the extracts and reuses them on the next run.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

HEADERS = [
    "Employee Number",
    "Assignment Number",
    "Primary Assignment",
    "Organisation",
    "Staff Group",
    "Job Role",
    "Position Title",
    "Occupation Code",
    "Pay Band",
    "Grade Code",
    "Assignment Category",
    "Ethnic Origin",
    "Gender",
    "Age Band",
    "FTE",
    "Snapshot Date",
]
#: The columns import-esr recognises in this extract: what the pandas floor reads too.
RECOGNISED = [h for h in HEADERS if h not in ("Organisation", "Gender", "Age Band", "FTE")]

STAFF_GROUPS = [
    ("Nursing and Midwifery Registered", 27),
    ("Additional Clinical Services", 22),
    ("Administrative and Clerical", 22),
    ("Medical and Dental", 10),
    ("Allied Health Professionals", 7),
    ("Estates and Ancillary", 6),
    ("Add Prof Scientific and Technic", 3),
    ("Healthcare Scientists", 2),
    ("Students", 1),
]
AFC_BANDS = [
    ("Band 2", 14),
    ("Band 3", 14),
    ("Band 4", 10),
    ("Band 5", 20),
    ("Band 6", 18),
    ("Band 7", 12),
    ("Band 8 - Range A", 5),
    ("Band 8 - Range B", 2),
    ("AfC Band 8C", 1),
    ("Band 8 - Range D", 1),
    ("Band 9", 1),
    ("Band 1", 1),
    ("Apprentice", 1),
    ("Non-AfC Grade", 1),
]
MEDICAL = [
    ("Consultant", "Consultant", 40),
    ("Specialty Registrar", "Specialty Registrar", 25),
    ("Foundation Year 1", "Foundation Year 1", 8),
    ("Foundation Year 2", "Foundation Year 2", 7),
    ("Core Training", "Core Training", 5),
    ("Specialty Doctor", "Specialty Doctor", 8),
    ("Associate Specialist", "Associate Specialist", 2),
    ("Trust Grade Doctor", "Clinical Fellow", 4),
    ("Consultant", "Clinical Director - Medical", 1),
]
ETHNIC = [
    ("A White - British", 55),
    ("B White - Irish", 2),
    ("C White - Any other White background", 6),
    ("C3 White Unspecified", 1),
    ("CA White English", 1),
    ("H Asian or Asian British - Indian", 8),
    ("J Asian or Asian British - Pakistani", 3),
    ("LK Asian Unspecified", 1),
    ("M Black or Black British - Caribbean", 2),
    ("N Black or Black British - African", 7),
    ("PE Black Unspecified", 1),
    ("GF Mixed - Any other mixed background", 1),
    ("R Chinese", 1),
    ("S Any Other Ethnic Group", 2),
    ("Z Not Stated", 6),
    ("", 2),
    ("99", 1),
]
AGE_BANDS = ["<=20 Years", "21-25", "26-30", "31-35", "36-40", "41-45", "46-50", "51-55"]
TITLE_ROWS: list[list[object]] = [
    ["Staff in Post - Assignment Level"],
    ["Run date: 02/04/2024"],
    [],
]


def _picker(pairs: Sequence[tuple[str, int]], rng: random.Random) -> Callable[[], str]:
    values = [p[0] for p in pairs]
    cumulative = []
    total = 0
    for _, weight in pairs:
        total += weight
        cumulative.append(total)
    return lambda: rng.choices(values, cum_weights=cumulative)[0]


def extract_rows(n_rows: int, seed: int = 7) -> Iterator[list[object]]:
    """``n_rows`` assignment rows for roughly 0.85 × ``n_rows`` people."""
    rng = random.Random(seed)
    group = _picker(STAFF_GROUPS, rng)
    afc = _picker(AFC_BANDS, rng)
    ethnic = _picker(ETHNIC, rng)
    medical = [m[:2] for m in MEDICAL]
    medical_weights = [m[2] for m in MEDICAL]
    snapshot = dt.datetime(2024, 3, 31)
    person = 20_000_000
    produced = 0
    while produced < n_rows:
        person += rng.randint(1, 3)
        staff_group = group()
        origin = ethnic()
        bank_only = rng.random() < 0.06
        posts = 1 if bank_only else rng.choices((1, 2, 3), cum_weights=(86, 97, 100))[0]
        for seq in range(1, posts + 1):
            if produced >= n_rows:
                return
            if staff_group == "Medical and Dental":
                grade, role = rng.choices(medical, medical_weights)[0]
                pay_band, position = "Medical and Dental", f"{role} - Medicine"
            else:
                pay_band = afc()
                grade = "XN" + pay_band[-2:].replace(" ", "0")
                role = position = staff_group.split()[0] + " worker"
            if bank_only or (seq > 1 and rng.random() < 0.6):
                category = "Bank"
            else:
                category = "Permanent" if rng.random() < 0.9 else "Fixed Term Temp"
            yield [
                person,
                f"{person}-{seq}",
                "Yes" if seq == 1 else "No",
                "RXX Example NHS Trust",
                staff_group,
                role,
                position,
                f"N0{rng.randint(10, 99)}",
                pay_band,
                grade,
                category,
                origin,
                "Female" if rng.random() < 0.77 else "Male",
                AGE_BANDS[rng.randrange(len(AGE_BANDS))],
                (1.0, 0.8, 0.6, 0.5)[rng.randrange(4)],
                snapshot,
            ]
            produced += 1


def write_xlsx(path: Path, n_rows: int) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Staff in Post")
    for row in TITLE_ROWS:
        sheet.append(row)
    sheet.append(HEADERS)
    for row in extract_rows(n_rows):
        sheet.append(row)
    workbook.save(path)


def write_csv(path: Path, n_rows: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerows(TITLE_ROWS)
        writer.writerow(HEADERS)
        for row in extract_rows(n_rows):
            row[-1] = "31/03/2024"
            writer.writerow(row)


def _made(path: Path, n_rows: int, write: Callable[[Path, int], None]) -> Path:
    """``path`` holding ``n_rows`` rows, reused when an earlier run left it (``--keep``)."""
    stamp = path.with_suffix(path.suffix + ".rows")
    if path.exists() and stamp.exists() and stamp.read_text() == str(n_rows):
        return path
    write(path, n_rows)
    stamp.write_text(str(n_rows))
    return path


#: CPU seconds, wall seconds and peak resident bytes of one child process.
Run = tuple[float, float, int]


def run(argv: Sequence[str]) -> Run:
    """(CPU seconds, wall seconds, peak resident bytes) of one child process."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    stderr = child.stderr.read().decode() if child.stderr else ""
    if child.returncode not in (0, 1):  # 1: the refresh found problems in the figures
        raise SystemExit(f"{argv} failed with code {child.returncode}:\n{stderr}")
    # ru_maxrss is in kilobytes on Linux.
    return usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss * 1024


PANDAS_FLOOR = """
import sys
import pandas as pd
frame = pd.read_csv(sys.argv[1], skiprows=3, usecols=sys.argv[2].split("|"), dtype=str)
print(frame.groupby(["Staff Group", "Pay Band", "Ethnic Origin"]).size().sum())
"""
CALAMINE_FLOOR = """
import sys
from python_calamine import CalamineWorkbook
print(len(CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0).to_python()))
"""
READ_ONLY = """
import json, sys
from wres_xl.commands.import_esr.reader import read_esr_extract
result = read_esr_extract(sys.argv[1])
with open(sys.argv[2], "w") as handle:
    json.dump({"workforce": result.workforce, "headcount": result.headcount}, handle)
"""


def _median_ratio(pairs: Sequence[tuple[float, float]]) -> float:
    return statistics.median(a / b for a, b in pairs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows of the CSV extract")
    parser.add_argument("--xlsx-rows", type=int, default=100_000, help="rows of the XLSX one")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the extracts here")
    parser.add_argument(
        "--only", choices=("csv", "xlsx"), help="time one extract only (and check its targets)"
    )
    args = parser.parse_args(argv)
    python = sys.executable
    cli = [python, "-m", "wres_xl.cli"]

    scratch = Path(tempfile.mkdtemp(prefix="wres-esr-bench-"))
    package = subprocess.run(
        [python, "-c", "import wres_xl, os; print(os.path.dirname(wres_xl.__file__))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    subprocess.run([python, "-m", "compileall", "-q", package], check=True)
    try:
        folder = args.keep or scratch
        folder.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        csv_path = _made(folder / f"esr_{args.rows}.csv", args.rows, write_csv)
        xlsx = _made(folder / f"esr_{args.xlsx_rows}.xlsx", args.xlsx_rows, write_xlsx)
        print(
            f"Extracts ready in {time.perf_counter() - start:.0f} s: {csv_path.name} "
            f"({csv_path.stat().st_size / 1e6:.0f} MB), {xlsx.name} "
            f"({xlsx.stat().st_size / 1e6:.0f} MB)"
        )
        blank = scratch / "blank.xlsx"
        subprocess.run([*cli, "new", str(blank), "--year", "2024"], check=True, capture_output=True)
        target = scratch / "trust.xlsx"

        def import_esr(extract: Path) -> tuple[float, float, int]:
            shutil.copy(blank, target)
            return run([*cli, "import-esr", str(extract), str(target), "--year", "2024"])

        tiny = _made(folder / "esr_10.csv", 10, write_csv)
        csv_runs: list[tuple[Run, Run]] = []
        xlsx_runs: list[tuple[Run, Run]] = []
        read_runs: list[tuple[Run, Run]] = []
        csv_read_runs: list[tuple[Run, Run]] = []
        fixed_runs: list[tuple[Run, Run]] = []
        do_csv, do_xlsx = args.only != "xlsx", args.only != "csv"
        for _ in range(args.repeat):
            if do_csv:
                floor = run([python, "-c", PANDAS_FLOOR, str(csv_path), "|".join(RECOGNISED)])
                csv_runs.append((import_esr(csv_path), floor))
                out = scratch / "read_big.json"
                csv_read_runs.append(
                    (run([python, "-c", READ_ONLY, str(csv_path), str(out)]), floor)
                )
                fixed_runs.append((import_esr(tiny), floor))
            if do_xlsx:
                floor = run([python, "-c", CALAMINE_FLOOR, str(xlsx)])
                xlsx_runs.append((import_esr(xlsx), floor))
                out = scratch / "read.json"
                read_runs.append((run([python, "-c", READ_ONLY, str(xlsx), str(out)]), floor))
                if not do_csv:
                    fixed_runs.append((import_esr(tiny), floor))

        same = True
        if do_xlsx:
            counts_xlsx = json.loads((scratch / "read.json").read_text())
            small_csv = _made(folder / f"esr_{args.xlsx_rows}.csv", args.xlsx_rows, write_csv)
            run([python, "-c", READ_ONLY, str(small_csv), str(scratch / "read_csv.json")])
            same = counts_xlsx == json.loads((scratch / "read_csv.json").read_text())

        def line(label: str, pairs: Sequence[tuple[Run, Run]]) -> float:
            ratio = _median_ratio([(a[0], b[0]) for a, b in pairs])
            ours = statistics.median(a[0] for a, _ in pairs)
            floor = statistics.median(b[0] for _, b in pairs)
            wall = statistics.median(a[1] for a, _ in pairs)
            print(
                f"{label:<44} {ours:6.2f} s CPU vs {floor:6.2f} s  = {ratio:5.2f}×"
                f"   ({wall:5.1f} s wall)"
            )
            return ratio

        print(f"\nCPU seconds of whole processes, median of {args.repeat} alternating runs:")
        checks: list[tuple[str, bool]] = []
        if do_csv:
            csv_ratio = line(f"import-esr {args.rows:,}-row CSV / pandas", csv_runs)
            line("  reading it alone / pandas", csv_read_runs)
            peak = max(a[2] for a, _ in csv_runs)
            pandas_peak = max(b[2] for _, b in csv_runs)
            print(
                f"peak memory of import-esr (CSV): {peak / 1e6:6.0f} MB "
                f"(pandas floor {pandas_peak / 1e6:.0f} MB)"
            )
            checks += [("CSV import ≤ 2× pandas", csv_ratio <= 2.0)]
            checks += [("CSV import peak ≤ 500 MB", peak <= 500e6)]
        if do_xlsx:
            xlsx_ratio = line(f"import-esr {args.xlsx_rows:,}-row XLSX / calamine", xlsx_runs)
            read_ratio = line("  reading it alone / calamine", read_runs)
            print(f"CSV and XLSX extracts give the same counts: {same}")
            checks += [("XLSX import ≤ 1.3× calamine (whole process)", xlsx_ratio <= 1.3)]
            checks += [("same counts from CSV and XLSX", same)]
        fixed = statistics.median(a[0] for a, _ in fixed_runs)
        print(f"import-esr of a 10-row extract (the fixed cost): {fixed:.2f} s CPU")
        print()
        for label, ok in checks:
            print(f"{'ok  ' if ok else 'MISS'} {label}")
        if do_xlsx:
            print(f"(reading the XLSX alone: {read_ratio:.2f}× calamine, for reference)")
        return 0 if all(ok for _, ok in checks) else 1
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
