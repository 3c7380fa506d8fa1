"""An attacker that reads only a published WRES file (SPEC §5) and tries to recover each
hidden count.

Written apart from the engine (it imports nothing from ``wres_xl``): it reads the cells
of the ``Publication`` sheet with openpyxl, works out from the labels alone which sums a
reader knows (bands add up to their staff group, staff groups to the whole workforce, a
disciplinary or training headcount repeats the workforce total of its year or of two
years added together, appointed plus not appointed is shortlisted, executive plus
non-executive is the board, voting plus non-voting is the board, a senior level of
indicator 1 is the sum of its bands), and adds the published
rule: counts from 1 to the threshold are never shown, zeros are shown, so every ``*`` is
at least 1; with rounding on, a shown count is within half the step of its true value.

For every hidden count it then asks an integer programme (its own encoding: a shown
rounded count is one of an explicit list of values, chosen by 0/1 switches) for the
smallest and largest value consistent with all of that. A hidden count narrowed to less
than the protection interval is a finding, and so is any count that is not shown but
follows from the shown ones (a complement) and is pinned inside 1..threshold. Every
calculated figure on show is recalculated from the shown counts alone: if it differs, it
carries information the counts do not (the rounding could be undone through it).
"""

from __future__ import annotations

import math
import re
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import openpyxl
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.stats import fisher_exact

Name = tuple[Hashable, ...]
COUNTS = ("White", "BME", "Unknown", "Total")
IND1 = (*COUNTS, "White %", "BME %", "Unknown %", "Rating")
#: Indicator 1's senior levels: the sums of the bands a reader knows they are made of
#: (their columns are read from the table's own header row).
SENIOR_BANDS = {
    "Band 8a and above (incl. VSM)": (
        ("Non-clinical", "Clinical"),
        ("Band 8a", "Band 8b", "Band 8c", "Band 8d", "Band 9", "VSM"),
    ),
    "Band 8c and above (incl. VSM)": (
        ("Non-clinical", "Clinical"),
        ("Band 8c", "Band 8d", "Band 9", "VSM"),
    ),
    "Consultants (incl. senior medical managers)": (
        ("Medical & Dental",),
        ("Consultant", "Senior medical manager"),
    ),
}
RATIO = ("total", "events", "rate", "rl", "ci", "p", "four-fifths", "rating")
SURVEY = ("respondents", None, "percent", "difference", None, "p", None, "rating")
BOARD = (*COUNTS, "board %", "workforce %", "difference", "rating")
BOARD_ROWS = {
    "Whole board": "board",
    "Voting members": "voting",
    "Executive members": "executive",
    "Non-executive members": "non-executive",
}
HEADINGS = (
    (r"Workforce at 31 March (\d{4})", False),
    (r"12 months to 31 March (\d{4})", False),
    (r"Two years to 31 March (\d{4}) .*", True),
    (r"NHS Staff Survey \d{4} \(WRES (\d{4})\)", False),
    (r"Board at 31 March (\d{4})", False),
)


@dataclass(frozen=True)
class Rule:
    """The published rule, as the footnote states it."""

    threshold: int = 7
    marker: str = "*"
    round_to: int = 0
    board_in_full: bool = True
    term: str = "BME"

    @property
    def protection(self) -> int:
        return max(1, self.threshold)


@dataclass
class Sheet:
    figures: dict[Name, object] = field(default_factory=dict)
    two_year: set[tuple[int, int]] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)


@dataclass
class Attack:
    hidden: list[Name]
    ranges: dict[Name, tuple[float, float]]
    findings: list[str]


def read_cells(path: Path) -> dict[tuple[int, int], object]:
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    ws = book["Publication"]
    cells: dict[tuple[int, int], object] = {}
    for r, row in enumerate(ws.iter_rows(values_only=True), start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                cells[(r, c)] = value
    book.close()
    return cells


# Complexity above 15 (C901): one branch per kind of row a published sheet holds (heading, colour
# key, header, data).
def parse(cells: Mapping[tuple[int, int], object], term: str) -> Sheet:  # noqa: C901
    groups = {"White": "White", term: "BME", "Unknown": "Unknown"}
    sheet = Sheet()
    indicator: int | None = None
    year = 0
    staff_group = ""
    senior_columns: tuple[str | None, ...] = ()
    last = max(r for r, _ in cells)
    for r in range(1, last + 1):
        label = cells.get((r, 1))
        rest = [cells.get((r, c)) for c in range(2, 10)]
        if not isinstance(label, str) or not label:
            continue
        if match := re.fullmatch(r"Indicator (\d): .*", label):
            indicator = int(match[1])
            continue
        if label == "Colour key":
            indicator = None
        if all(v is None or v == "" for v in rest):
            sheet.notes.append(label)
        if indicator is None:
            continue
        heading = None
        for pattern, two in HEADINGS:
            if m := re.fullmatch(pattern, label):
                heading = int(m[1])
                if two:
                    sheet.two_year.add((indicator, heading))
        if heading is not None:
            year = heading
            continue
        if all(v is None or v == "" for v in rest):
            continue
        if label == "Senior level":
            staff_group = label
            names = {"White": "White", term: "BME", "Headcount": "Total", f"{term} %": "BME %"}
            senior_columns = tuple(names.get(str(v)) for v in rest)
            continue
        if rest[0] in ("White", "Shortlisted", "Headcount", "Respondents"):
            staff_group = label.removesuffix(": band")
            continue
        columns: tuple[str | None, ...]
        if indicator == 1:
            columns = IND1
            if label == "Whole workforce":
                key: Name = (1, year, "all")
            elif label == f"All {staff_group}":
                key = (1, year, staff_group, "all")
            elif staff_group == "Senior level":
                key, columns = (1, year, "senior", label), senior_columns
            else:
                key = (1, year, staff_group, label)
        elif indicator in (2, 3, 4):
            key, columns = (indicator, year, groups[label]), RATIO
        elif indicator in (5, 6, 7, 8):
            key, columns = (indicator, year, groups[label]), SURVEY
        else:
            key, columns = (9, year, BOARD_ROWS[label]), BOARD
        for column, value in zip(columns, rest, strict=False):
            if column is not None:
                sheet.figures[(*key, column)] = value
    return sheet


class Reader:
    """What a reader knows: each count's possible values and the sums between them."""

    def __init__(self, rule: Rule) -> None:
        self.rule = rule
        #: name -> list of possible values (shown), or a lower bound (not shown / hidden).
        self.choices: dict[Name, list[int]] = {}
        self.floor: dict[Name, int] = {}
        self.hidden: list[Name] = []
        self.implied: list[Name] = []
        self.sums: list[tuple[list[Name], Name]] = []
        #: Linear inequalities low <= sum(coefficient * count) <= high (from shown figures).
        self.bounds: list[tuple[dict[Name, float], float, float]] = []
        self.findings: list[str] = []

    def count(self, name: Name, value: object, *, exact: bool = False) -> None:
        rule = self.rule
        if name in self.choices or name in self.floor:
            return
        if value == rule.marker:
            self.floor[name] = 1
            self.hidden.append(name)
        elif isinstance(value, int) and not isinstance(value, bool):
            if exact or rule.round_to <= 1:
                if not exact and 1 <= value <= rule.threshold:
                    self.findings.append(f"{name} is shown as {value}, a small count")
                self.choices[name] = [value]
            else:
                step = rule.round_to
                # Halves round up: a shown r stands for r - step//2 .. r + ceil(step/2) - 1.
                # (A rounded 10 with a threshold of 10 stands for 11 or 12: not small.)
                span = range(max(0, value - step // 2), value + (step + 1) // 2)
                self.choices[name] = [v for v in span if v == 0 or v > rule.threshold]
                if not self.choices[name]:
                    self.findings.append(f"{name} is shown as {value}: only a small count")
                    self.choices[name] = list(span)
        else:
            self.floor[name] = 0
            self.implied.append(name)

    def unknown(self, name: Name) -> None:
        """A count the reader cannot see but knows exists (a complement, say)."""
        if name not in self.choices and name not in self.floor:
            self.floor[name] = 0
            self.implied.append(name)

    def total(self, parts: Iterable[Name], whole: Name) -> None:
        parts = list(parts)
        for name in (*parts, whole):
            self.unknown(name)
        self.sums.append((parts, whole))

    def bound(self, terms: Mapping[Name, float], low: float, high: float) -> None:
        """What a shown figure says of the counts it is calculated from, as a linear
        inequality: a rate r written to 3 decimals says r - 0.0005 <= events / total <=
        r + 0.0005, that is events - (r - 0.0005) * total >= 0 and events - (r + 0.0005) *
        total <= 0 (two bounds)."""
        for name in terms:
            self.unknown(name)
        self.bounds.append((dict(terms), low, high))

    def ranges(self, targets: Iterable[Name]) -> dict[Name, tuple[float, float]]:
        """Each target's smallest and largest value, one linked group of sums at a time
        (a count fixed by what is shown links nothing)."""
        targets = list(targets)
        names = {n for p, w in self.sums for n in (*p, w)} | set(targets)
        names |= {n for terms, _, _ in self.bounds for n in terms}
        parent = {n: n for n in names}

        def find(n: Name) -> Name:
            while parent[n] != n:
                parent[n] = parent[parent[n]]
                n = parent[n]
            return n

        def fixed(n: Name) -> bool:
            return len(self.choices.get(n, [])) == 1

        linked = [[*parts, whole] for parts, whole in self.sums]
        linked += [list(terms) for terms, _, _ in self.bounds]
        for group in linked:
            free = [n for n in group if not fixed(n)]
            for other in free[1:]:
                parent[find(other)] = find(free[0])
        groups: dict[Name, list[Name]] = {}
        for n in names:
            if not fixed(n):
                groups.setdefault(find(n), []).append(n)
        out: dict[Name, tuple[float, float]] = {}
        for n in targets:
            if fixed(n):
                value = float(self.choices[n][0])
                out[n] = (value, value)
        wanted: dict[Name, list[Name]] = {}
        for n in targets:
            if not fixed(n):
                wanted.setdefault(find(n), []).append(n)
        for root, asked in wanted.items():
            members = set(groups[root])
            sums = [(p, w) for p, w in self.sums if any(x in members for x in (*p, w))]
            bounds = [b for b in self.bounds if any(x in members for x in b[0])]
            out.update(self._solve(sorted(members, key=repr), sums, asked, bounds))
        return out

    def _bound_rows(
        self,
        bounds: list[tuple[dict[Name, float], float, float]],
        index: Mapping[Name, int],
        size: int,
    ) -> list[tuple[np.ndarray, float, float]]:
        """The rows of :meth:`bound`'s inequalities, a shown count moved to the constant."""
        out = []
        for terms, low, high in bounds:
            row = np.zeros(size)
            constant = 0.0
            for n, coefficient in terms.items():
                if n in index:
                    row[index[n]] += coefficient
                else:
                    constant += coefficient * self.choices[n][0]
            # A little slack for floating point: the bounds come from decimals as written.
            out.append((row, low - constant - 1e-7, high - constant + 1e-7))
        return out

    def _solve(
        self,
        names: list[Name],
        sums: list[tuple[list[Name], Name]],
        targets: list[Name],
        bounds: list[tuple[dict[Name, float], float, float]] | None = None,
    ) -> dict[Name, tuple[float, float]]:
        index = {n: i for i, n in enumerate(names)}
        switches: list[tuple[int, int]] = []  # (name index, value)
        for n in names:
            listed = self.choices.get(n, [])
            if listed and listed != list(range(listed[0], listed[-1] + 1)):
                switches.extend((index[n], v) for v in listed)
        size = len(names) + len(switches)
        cap = 10**6
        rows, lo, hi = [], [], []
        for parts, whole in sums:
            row = np.zeros(size)
            constant = 0.0
            for p in parts:
                if p in index:
                    row[index[p]] += 1
                else:
                    constant -= self.choices[p][0]
            if whole in index:
                row[index[whole]] -= 1
            else:
                constant += self.choices[whole][0]
            rows.append(row)
            lo.append(constant)
            hi.append(constant)
        for row, low, high in self._bound_rows(bounds or [], index, size):
            rows.append(row)
            lo.append(low)
            hi.append(high)
        by_name: dict[int, list[int]] = {}
        for j, (i, _) in enumerate(switches):
            by_name.setdefault(i, []).append(len(names) + j)
        for i, js in by_name.items():
            one = np.zeros(size)
            one[js] = 1  # exactly one of the listed values
            value = np.zeros(size)
            value[i] = 1
            for j in js:
                value[j] = -switches[j - len(names)][1]
            rows += [one, value]
            lo += [1.0, 0.0]
            hi += [1.0, 0.0]
        lows = np.zeros(size)
        highs = np.full(size, float(cap))
        for n, i in index.items():
            listed = self.choices.get(n, [])
            if listed:
                lows[i], highs[i] = listed[0], listed[-1]
            else:
                lows[i] = self.floor.get(n, 0)
        highs[len(names) :] = 1
        constraints = [LinearConstraint(np.array(rows), lo, hi)] if rows else []
        out = {}
        for n in targets:
            found = []
            for sign in (1.0, -1.0):
                c = np.zeros(size)
                c[index[n]] = sign
                res = milp(
                    c,
                    constraints=constraints,
                    bounds=Bounds(lows, highs),
                    integrality=np.ones(size),
                )
                assert res.status == 0, (n, res.message)
                found.append(float(round(res.x[index[n]])))
            out[n] = (found[0], math.inf if found[1] >= cap - 1 else found[1])
        return out


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


# Complexity above 15 (C901): one recalculation per kind of derived figure, kept beside each other
# so each is read against the shown counts.
def _check_derived(sheet: Sheet, reader: Reader, rule: Rule) -> None:  # noqa: C901
    """Every figure on show, recalculated from the shown counts, must come out the same."""
    figures = sheet.figures

    def shown(name: Name) -> int | None:
        value = figures.get(name)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    for name, value in figures.items():
        number = _number(value)
        if number is None:
            continue
        indicator, what = name[0], name[-1]
        if indicator in (2, 3, 4) and what == "rate":
            events, total = shown((*name[:-1], "events")), shown((*name[:-1], "total"))
            expected = None if (not events and events != 0) or not total else events / total
            if expected is None or abs(round(expected, 3) - number) > 1e-9:
                reader.findings.append(f"{name} = {value} is not the shown counts' rate")
        if indicator in (2, 3, 4) and what in ("rl", "p"):
            y = name[1]
            w = [shown((indicator, y, "White", k)) for k in ("events", "total")]
            b = [shown((indicator, y, "BME", k)) for k in ("events", "total")]
            if None in w or None in b:
                reader.findings.append(f"{name} = {value} is shown beside a hidden count")
                continue
            we, wt = w
            be, bt = b
            assert we is not None
            assert wt is not None
            assert be is not None
            assert bt is not None
            if what == "rl":
                top, bottom = ((be, bt), (we, wt)) if indicator == 3 else ((we, wt), (be, bt))
                if top[1] and bottom[1] and bottom[0]:
                    rl = (top[0] / top[1]) / (bottom[0] / bottom[1])
                    if abs(round(rl, 2) - number) > 1e-9:
                        reader.findings.append(f"{name} = {value}, shown counts give {rl:.4f}")
            else:
                # Reference: scipy.stats.fisher_exact, two-sided, on the shown 2x2 table.
                p = fisher_exact([[we, wt - we], [be, bt - be]]).pvalue
                if abs(round(p, 3) - number) > 1e-9:
                    reader.findings.append(f"{name} = {value}, shown counts give p = {p:.5f}")
        if indicator == 1 and what in ("White %", "BME %", "Unknown %"):
            row = name[:-1]
            part = shown((*row, what.split()[0]))
            base = [shown((*row, "White")), shown((*row, "BME"))]
            whole = shown((*row, "Total"))
            candidates = []
            if part is not None and whole:
                candidates.append(part / whole)
            if part is not None and None not in base and sum(b or 0 for b in base) != 0:
                candidates.append(part / sum(b or 0 for b in base))
            if not any(abs(round(x, 3) - number) < 1e-9 for x in candidates):
                reader.findings.append(f"{name} = {value} is not a share of the shown counts")
        if indicator in (5, 6, 7, 8) and what == "percent":
            respondents = shown((*name[:-1], "respondents"))
            if respondents is None:
                reader.findings.append(f"{name} = {value} is shown beside a hidden count")
                continue
            if number * 1000 != round(number * 1000):
                reader.findings.append(f"{name} = {value} carries more than 0.1 point")
            if rule.round_to <= 1:
                yes = round(number * respondents)
                for answer, n in (("yes", yes), ("no", respondents - yes)):
                    if 1 <= n <= rule.threshold and abs(yes / respondents - number) < 0.0006:
                        reader.findings.append(f"{name} gives away {n} who answered {answer}")


_COUNT_COLUMNS: dict[int, tuple[str, ...]] = {
    1: COUNTS,
    **dict.fromkeys((2, 3, 4), ("total", "events")),
    **dict.fromkeys((5, 6, 7, 8), ("respondents",)),
}


def hidden_counts(path: Path, rule: Rule) -> int:
    """How many counts the published file hides (the cost in information)."""
    sheet = parse(read_cells(path), rule.term)
    columns = (*COUNTS, "total", "events", "respondents")
    return sum(
        1 for name, value in sheet.figures.items() if name[-1] in columns and value == rule.marker
    )


# Complexity above 15 (C901): one block per relation a reader can use (SPEC §5); splitting it
# would hide which the attacker tries.
def attack(path: Path, rule: Rule) -> Attack:  # noqa: C901
    sheet = parse(read_cells(path), rule.term)
    reader = Reader(rule)
    for note in sheet.notes:
        if re.search(r"fewer than|\b\d+ (white|bme|staff|members|applicants)", note, re.I):
            reader.findings.append(f"a note says which count is small: {note!r}")
    figures = sheet.figures
    board_exact = rule.board_in_full
    for name, value in figures.items():
        indicator, column = name[0], name[-1]
        if indicator == 9 and column in COUNTS:
            reader.count(name, value, exact=board_exact)
        elif column in _COUNT_COLUMNS.get(int(str(indicator)), ()):
            reader.count(name, value)
    rows_1 = {name[:-1] for name in figures if name[0] == 1}
    for row in rows_1:
        reader.total([(*row, c) for c in COUNTS[:3]], (*row, "Total"))
    years = {name[1] for name in figures}
    for year in years:
        groups: dict[str, list[Name]] = {}
        for row in rows_1:
            if row[1] == year and len(row) == 4 and row[3] != "all" and row[2] != "senior":
                groups.setdefault(str(row[2]), []).append(row)
        for staff_group, bands in groups.items():
            for c in COUNTS:
                reader.total([(*b, c) for b in bands], (1, year, staff_group, "all", c))
        for row in rows_1:
            if row[1] == year and len(row) == 4 and row[2] == "senior":
                staff_groups, members = SENIOR_BANDS[str(row[3])]
                parts = [b for g in staff_groups for b in groups.get(g, []) if b[3] in members]
                if parts:
                    for c in COUNTS:
                        reader.total([(*b, c) for b in parts], (*row, c))
        if groups:
            for c in COUNTS:
                reader.total([(1, year, g, "all", c) for g in groups], (1, year, "all", c))
    for name in list(figures):
        indicator, year = name[0], name[1]
        if indicator in (2, 3, 4) and name[-1] == "total":
            group = name[2]
            complement = (indicator, year, group, "not")
            reader.total([(indicator, year, group, "events"), complement], name)
            if indicator in (3, 4):
                assert isinstance(year, int), name
                period = (year - 1, year) if (indicator, year) in sheet.two_year else (year,)
                reader.total([(1, y, "all", group) for y in period], name)
        if indicator == 9 and name[2] == "board" and name[-1] in COUNTS:
            c = name[-1]
            reader.total([(9, year, "executive", c), (9, year, "non-executive", c)], name)
            reader.total([(9, year, "voting", c), (9, year, "non-voting", c)], name)
    for year in {n[1] for n in figures if n[0] == 9}:
        for part in ("board", "voting", "executive", "non-executive", "non-voting"):
            reader.total([(9, year, part, c) for c in COUNTS[:3]], (9, year, part, "Total"))
    _check_derived(sheet, reader, rule)
    targets = [*reader.hidden, *reader.implied]
    ranges = reader.ranges(targets)
    findings = list(reader.findings)
    for name in reader.hidden:
        low, high = ranges[name]
        if high - low < rule.protection:
            findings.append(f"hidden {name} is narrowed to {low:g}..{high:g}")
    exempt_board = rule.board_in_full
    for name in reader.implied:
        low, high = ranges[name]
        if name[0] == 9 and exempt_board:
            continue
        if low >= 1 and high <= rule.threshold and high - low < rule.protection:
            findings.append(f"unshown {name} is a small count, {low:g}..{high:g}")
    return Attack(reader.hidden, ranges, findings)
