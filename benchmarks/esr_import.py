"""Benchmark: importing a 100,000-row ESR extract against a bare python-calamine read.

    python benchmarks/esr_import.py [--rows 100000] [--repeat 5] [--keep DIR]

Generates a realistic extract (one row per assignment: second posts, bank posts, bank-only
staff, NHS ethnic sub-codes, band spellings, medical grades, title rows above the headers)
as XLSX (openpyxl write-only) and CSV, then prints the median time of
``read_esr_extract`` and of ``CalamineWorkbook.from_path(p).get_sheet_by_index(0).to_python()``
on the same file, and their ratio (target ≤ 1.5×, gate ≤ 3×).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from openpyxl import Workbook
from python_calamine import CalamineWorkbook

from wres_xl.core.esr import aggregate_esr
from wres_xl.esr_reader import load_esr_columns, read_esr_extract

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


def _picker(pairs: list[tuple[str, int]], rng: random.Random) -> Callable[[], str]:
    values = [p[0] for p in pairs]
    weights = [p[1] for p in pairs]
    return lambda: rng.choices(values, weights)[0]


def extract_rows(n_rows: int, seed: int = 7) -> Iterator[list[object]]:
    """``n_rows`` assignment rows for roughly 0.85 × ``n_rows`` people."""
    rng = random.Random(seed)
    group = _picker(STAFF_GROUPS, rng)
    afc = _picker(AFC_BANDS, rng)
    ethnic = _picker(ETHNIC, rng)
    snapshot = dt.datetime(2024, 3, 31)
    person = 20_000_000
    produced = 0
    while produced < n_rows:
        person += rng.randint(1, 3)
        staff_group = group()
        origin = ethnic()
        bank_only = rng.random() < 0.06
        posts = 1 if bank_only else rng.choices([1, 2, 3], [86, 11, 3])[0]
        for seq in range(1, posts + 1):
            if produced >= n_rows:
                return
            if staff_group == "Medical and Dental":
                grade, role, _ = rng.choices(MEDICAL, [m[2] for m in MEDICAL])[0]
                pay_band, position = "Medical and Dental", f"{role} - Medicine"
            else:
                pay_band = afc()
                grade = "XN" + pay_band[-2:].replace(" ", "0")
                role = position = staff_group.split()[0] + " worker"
            if bank_only or (seq > 1 and rng.random() < 0.6):
                category = "Bank"
            else:
                category = rng.choices(["Permanent", "Fixed Term Temp"], [9, 1])[0]
            yield [
                person,
                f"{person}-{seq}",
                "Yes" if seq == 1 else "No",
                "RXX Example NHS Trust",
                staff_group,
                role,
                position,
                "N0" + str(rng.randint(10, 99)),
                pay_band,
                grade,
                category,
                origin,
                rng.choice(["Female", "Male"]),
                rng.choice(["<=20 Years", "21-25", "26-30", "31-35", "36-40", "41-45", "46-50"]),
                rng.choice([1.0, 0.8, 0.6, 0.5]),
                snapshot,
            ]
            produced += 1


TITLE_ROWS = [["Staff in Post - Assignment Level"], ["Run date: 02/04/2024"], []]


def write_xlsx(path: Path, n_rows: int) -> None:
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
            writer.writerow(
                [v.strftime("%d/%m/%Y") if isinstance(v, dt.datetime) else v for v in row]
            )


def median_time(func: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="write the generated extracts here")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        xlsx, csv_path = folder / "esr_extract.xlsx", folder / "esr_extract.csv"
        start = time.perf_counter()
        write_xlsx(xlsx, args.rows)
        write_csv(csv_path, args.rows)
        print(f"Generated {args.rows:,}-row extracts in {time.perf_counter() - start:.1f} s")

        def bare() -> object:
            return CalamineWorkbook.from_path(str(xlsx)).get_sheet_by_index(0).to_python()

        bare_s = median_time(bare, args.repeat)
        xlsx_s = median_time(lambda: read_esr_extract(xlsx), args.repeat)
        csv_s = median_time(lambda: read_esr_extract(csv_path), args.repeat)
        columns = load_esr_columns(xlsx).columns
        core_s = median_time(lambda: aggregate_esr(columns, year=2024), args.repeat)

        result = read_esr_extract(xlsx)
        same = read_esr_extract(csv_path).workforce == result.workforce
        print(f"bare python-calamine read (xlsx): {bare_s * 1000:8.1f} ms")
        print(f"read_esr_extract (xlsx):          {xlsx_s * 1000:8.1f} ms")
        print(f"  of which aggregate_esr:         {core_s * 1000:8.1f} ms")
        print(f"read_esr_extract (csv):           {csv_s * 1000:8.1f} ms")
        ratio = xlsx_s / bare_s
        verdict = "meets target" if ratio <= 1.5 else ("within gate" if ratio <= 3 else "TOO SLOW")
        print(f"ratio xlsx import / bare read:    {ratio:8.2f}x  ({verdict}: target 1.5x, gate 3x)")
        print(f"CSV and XLSX give the same counts: {same}")
        print()
        print("\n".join(result.report.lines()))
        return 0 if ratio <= 3 and same else 1


if __name__ == "__main__":
    sys.exit(main())
