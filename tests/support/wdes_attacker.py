"""The attacker of tests/support/attacker.py, reading a published WDES file.

Written apart from the engine (imports nothing from ``wres_xl``): it reads the cells of the
``Publication`` sheet, works out from the labels alone the sums a reader knows (a row's
groups add up to its total, bands to their staff group, staff groups to the whole
workforce, a senior level to its bands, appointed plus not appointed to shortlisted, the
capability headcount to the workforce of its group, yes plus no to the respondents, and
the board's executive / non-executive and voting / non-voting splits), adds the published
rule (a ``*`` is at least 1) and asks the same integer programme (``Reader``) for each
hidden count's smallest and largest value.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from tests.support.attacker import (
    BOARD,
    BOARD_ROWS,
    COUNTS,
    RATIO,
    SENIOR_BANDS,
    SURVEY,
    Attack,
    Name,
    Reader,
    Rule,
    read_cells,
)

GROUPS = {"Non-disabled": "White", "Disabled": "BME", "Unknown": "Unknown"}
IND1 = (*COUNTS, "ref %", "focus %", "unknown %", "rating")
YEAR = re.compile(r".*(?:31 March|WDES) (\d{4})\)?$")


def parse(cells: Mapping[tuple[int, int], object]) -> dict[Name, object]:  # noqa: C901
    """(metric, year, row..., column) -> the published value.

    Complexity above 15 (C901): one branch per kind of row the sheet holds."""
    figures: dict[Name, object] = {}
    metric: str | None = None
    year = 0
    staff_group = ""
    senior: tuple[str | None, ...] = ()
    for r in range(1, max(r for r, _ in cells) + 1):
        label = cells.get((r, 1))
        rest = [cells.get((r, c)) for c in range(2, 10)]
        if not isinstance(label, str) or not label:
            continue
        if m := re.fullmatch(r"Metric ([0-9a-z-]+): .*, \d{4}.*", label):
            metric = m[1]
            continue
        if label == "Colour key":
            metric = None
        if metric is None:
            continue
        if all(v is None or v == "" for v in rest):
            if m := YEAR.fullmatch(label):
                year = int(m[1])
            continue
        if label == "Senior level":
            names = {"Disabled": "BME", "Non-disabled": "White", "Headcount": "Total"}
            senior, staff_group = tuple(names.get(str(v)) for v in rest), label
            continue
        if rest[0] in ("Non-disabled", "Shortlisted", "Headcount", "Respondents", ""):
            staff_group = label.removesuffix(": band")
            continue
        columns: tuple[str | None, ...]
        if metric == "1":
            columns = IND1
            if label == "Whole workforce":
                key: Name = ("1", year, "all")
            elif label == f"All {staff_group}":
                key = ("1", year, staff_group, "all")
            elif staff_group == "Senior level":
                key, columns = ("1", year, "senior", label), senior
            else:
                key = ("1", year, staff_group, label)
        elif metric in ("2", "3"):
            key, columns = (metric, year, GROUPS[label]), RATIO
        elif metric == "10":
            key, columns = ("10", year, BOARD_ROWS[label]), BOARD
        else:
            key, columns = (metric, year, GROUPS.get(label, label)), SURVEY
        for column, value in zip(columns, rest, strict=False):
            if column is not None:
                figures[(*key, column)] = value
    return figures


def attack(path: Path, rule: Rule) -> Attack:  # noqa: C901
    """Complexity above 15 (C901): one block per relation a reader can use."""
    figures = parse(read_cells(path))
    reader = Reader(rule)
    for name, value in figures.items():
        metric, column = name[0], name[-1]
        if metric == "10" and column in COUNTS:
            reader.count(name, value, exact=rule.board_in_full)
        elif column in (*COUNTS, "total", "events", "respondents"):
            reader.count(name, value)
    rows_1 = {name[:-1] for name in figures if name[0] == "1"}
    for row in rows_1:
        if row[2] != "senior":
            reader.total([(*row, c) for c in COUNTS[:3]], (*row, "Total"))
    for year in {name[1] for name in figures}:
        groups: dict[str, list[Name]] = {}
        for row in rows_1:
            if row[1] == year and len(row) == 4 and row[3] != "all" and row[2] != "senior":
                groups.setdefault(str(row[2]), []).append(row)
        for staff_group, bands in groups.items():
            for c in COUNTS:
                reader.total([(*b, c) for b in bands], ("1", year, staff_group, "all", c))
        for row in rows_1:
            if row[1] == year and len(row) == 4 and row[2] == "senior":
                staff_groups, members = SENIOR_BANDS[str(row[3])]
                parts = [b for g in staff_groups for b in groups.get(g, []) if b[3] in members]
                for c in COUNTS:
                    if parts and (*row, c) in figures:
                        reader.total([(*b, c) for b in parts], (*row, c))
        if groups:
            for c in COUNTS:
                reader.total([("1", year, g, "all", c) for g in groups], ("1", year, "all", c))
    for name in list(figures):
        metric, year, column = name[0], name[1], name[-1]
        if metric in ("2", "3") and column == "total":
            reader.total([(*name[:-1], "events"), (*name[:-1], "not")], name)
            if metric == "3":
                reader.total([("1", year, "all", name[2])], name)
        if metric == "10" and name[2] == "board" and column in COUNTS:
            reader.total(
                [("10", year, "executive", column), ("10", year, "non-executive", column)], name
            )
            reader.total([("10", year, "voting", column), ("10", year, "non-voting", column)], name)
    for year in {n[1] for n in figures if n[0] == "10"}:
        for part in ("board", "voting", "executive", "non-executive", "non-voting"):
            reader.total([("10", year, part, c) for c in COUNTS[:3]], ("10", year, part, "Total"))
    targets = [*reader.hidden, *reader.implied]
    ranges = reader.ranges(targets)
    findings = list(reader.findings)
    for name in reader.hidden:
        low, high = ranges[name]
        if high - low < rule.protection:
            findings.append(f"hidden {name} is narrowed to {low:g}..{high:g}")
    for name in reader.implied:
        low, high = ranges[name]
        if name[0] == "10" and rule.board_in_full:
            continue
        if low >= 1 and high <= rule.threshold and high - low < rule.protection:
            findings.append(f"unshown {name} is a small count, {low:g}..{high:g}")
    return Attack(reader.hidden, ranges, findings)
