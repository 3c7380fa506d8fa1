"""The attacker of tests/support/attacker.py, reading a published WDES file.

Written apart from the engine (imports nothing from ``wres_xl``). It knows what a reader
of the published file knows:

- the shown counts, and the rule the file states (a ``*`` is at least 1, a count from 1
  to the threshold is never shown, a rounded count is within half the step of its value);
- the sums the labels imply (a row's groups add up to its total, bands to their staff
  group, staff groups to the whole workforce, a senior level to its bands, appointed
  plus not appointed to shortlisted, the capability headcount to the workforce of its
  group and years, yes plus no to the respondents, the board's executive / non-executive
  and voting / non-voting splits);
- every calculated figure on show, at the precision it is written: a share, a rate, a
  relative likelihood, a difference in points, a board percentage. Each is a linear
  inequality on the counts it comes from (a rate r written to 3 decimals says
  (r - 0.0005) x total <= events <= (r + 0.0005) x total), so the same integer programme
  (``Reader``) that narrows hidden counts through the sums narrows them through these;
- the published Summary sheet, whose headline figures repeat the tables'.

It asks for each hidden count's smallest and largest value (a finding when narrower than
the protection interval), for each count implied but not shown (a finding when pinned to
a small count: a survey's yes or no answers, say), and it recalculates every figure whose
counts are all on show (a finding when the figure says more than the counts do).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from scipy.stats import fisher_exact

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
IND1 = (*COUNTS, "White %", "BME %", "Unknown %", "rating")
SENIOR = {
    "Disabled": "BME",
    "Non-disabled": "White",
    "Headcount": "Total",
    "Disabled %": "BME %",
    "Whole workforce Disabled %": "workforce %",
    "Difference (points)": "difference",
    "Rating": "rating",
}
YEAR = re.compile(r".*(?:31 March|WDES) (\d{4})\)?$")
TWO_YEARS = re.compile(r"Two years to 31 March (\d{4}) .*")
#: Half the last written digit: a percentage to 0.1 point (3 decimals of a fraction), a
#: ratio to 2 decimals, a difference in points to 1 decimal.
HALF = {"percent": 0.0005, "ratio": 0.005, "points": 0.05, "p": 0.0005}
SURVEY_METRICS = ("4a-i", "4a-ii", "4a-iii", "4b", "5", "6", "7", "8")
Z95 = 1.959963984540054  # scipy.stats.norm.ppf(0.975)


@dataclass
class Published:
    figures: dict[Name, object] = field(default_factory=dict)
    #: Percentages of metric 1 are of staff whose disability status is known.
    known_basis: bool = False
    #: (metric, year) whose table covers two years to 31 March of that year.
    two_year: set[tuple[str, int]] = field(default_factory=set)
    #: Summary sheet: metric -> (figure, rating) as shown.
    summary: dict[str, tuple[object, object]] = field(default_factory=dict)


def parse(cells: Mapping[tuple[int, int], object]) -> Published:  # noqa: C901
    """(metric, year, row..., column) -> the published value.

    Complexity above 15 (C901): one branch per kind of row the sheet holds."""
    out = Published()
    figures = out.figures
    metric: str | None = None
    year = 0
    staff_group = ""
    senior: tuple[str | None, ...] = ()
    for r in range(1, max(r for r, _ in cells) + 1):
        label = cells.get((r, 1))
        rest = [cells.get((r, c)) for c in range(2, 10)]
        if not isinstance(label, str) or not label:
            continue
        if label.startswith("Percentages are of staff whose disability status is known"):
            out.known_basis = True
        if m := re.fullmatch(r"Metric ([0-9a-z-]+): .*, \d{4}.*", label):
            metric = m[1]
            continue
        if label == "Colour key":
            metric = None
        if metric is None:
            continue
        if all(v is None or v == "" for v in rest):
            if m := TWO_YEARS.fullmatch(label):
                year = int(m[1])
                out.two_year.add((metric, year))
            elif m := YEAR.fullmatch(label):
                year = int(m[1])
            continue
        if label == "Senior level":
            senior, staff_group = tuple(SENIOR.get(str(v)) for v in rest), label
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
    return out


def read_summary(path: Path) -> dict[str, tuple[object, object]]:
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows: dict[str, tuple[object, object]] = {}
    if "Summary" in book.sheetnames:
        for row in book["Summary"].iter_rows(min_row=5, max_col=4, values_only=True):
            if row and isinstance(row[0], str) and row[0]:
                rows[row[0]] = (row[2], row[3])
    book.close()
    return rows


def _num(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


class _Derived:
    """What the shown figures say about the counts: bounds for the integer programme and
    the recalculation of every figure whose counts are all shown."""

    def __init__(self, published: Published, reader: Reader, rule: Rule) -> None:
        self.p = published
        self.f = published.figures
        self.reader = reader
        self.rule = rule
        # With rounding on, every figure is calculated from the rounded (shown) counts: it
        # says nothing of the true counts beyond them, so it is only recalculated.
        self.bounds_on = rule.round_to <= 1

    def shown(self, name: Name) -> int | None:
        return _int(self.f.get(name))

    def finding(self, text: str) -> None:
        self.reader.findings.append(text)

    def ratio_bound(self, part: Name, base: dict[Name, float], low: float, high: float) -> None:
        """low <= part / sum(base) <= high, as two linear inequalities."""
        if not self.bounds_on:
            return
        self.reader.bound({part: 1.0, **{n: -low * c for n, c in base.items()}}, 0, math.inf)
        self.reader.bound({part: 1.0, **{n: -high * c for n, c in base.items()}}, -math.inf, 0)

    def check(self, name: Name, shown: float, exact: float | None, half: float) -> None:
        """A figure whose counts are all shown must be what they give, to its precision."""
        if exact is not None and abs(exact - shown) > half + 1e-9:
            self.finding(f"{name} = {shown:g} says more than the shown counts ({exact:.5f})")

    # --- metric 1 ----------------------------------------------------------------------

    def shares(self) -> None:
        for name, value in list(self.f.items()):
            if name[0] != "1" or name[-1] not in ("White %", "BME %", "Unknown %"):
                continue
            p = _num(value)
            if p is None:
                continue
            row, group = name[:-1], str(name[-1]).split()[0]
            base: dict[Name, float] = (
                {(*row, "White"): 1.0, (*row, "BME"): 1.0}
                if self.p.known_basis
                else {(*row, "Total"): 1.0}
            )
            part = (*row, group)
            h = HALF["percent"]
            self.ratio_bound(part, base, p - h, p + h)
            shown = [self.shown(n) for n in base]
            numerator = self.shown(part)
            whole = sum(c or 0 for c in shown)
            if numerator is not None and None not in shown and whole:
                self.check(name, p, numerator / whole, h)
        for name, value in list(self.f.items()):
            if name[0] != "1" or name[2] != "senior" or name[-1] != "difference":
                continue
            d = _num(value)
            w = _num(self.f.get((*name[:-1], "workforce %")))
            if d is None or w is None:
                continue
            # Difference = (senior share - whole workforce share) x 100, to 0.1 point; the
            # whole workforce share is exact when its counts are shown.
            year = name[1]
            exact = self.whole_share(year)
            wl, wh = (exact, exact) if exact is not None else (w - 0.0005, w + 0.0005)
            row = name[:-1]
            senior: dict[Name, float] = (
                {(*row, "White"): 1.0, (*row, "BME"): 1.0}
                if self.p.known_basis
                else {(*row, "Total"): 1.0}
            )
            self.ratio_bound((*row, "BME"), senior, wl + (d - 0.05) / 100, wh + (d + 0.05) / 100)

    def whole_share(self, year: object) -> float | None:
        part = self.shown(("1", year, "all", "BME"))
        if self.p.known_basis:
            base = [self.shown(("1", year, "all", g)) for g in ("White", "BME")]
        else:
            base = [self.shown(("1", year, "all", "Total"))]
        if part is None or None in base or not sum(b or 0 for b in base):
            return None
        return part / sum(b or 0 for b in base)

    # --- metrics 2 and 3 ---------------------------------------------------------------

    def rate_interval(self, metric: str, year: object, group: str) -> tuple[float, float] | None:
        events = self.shown((metric, year, group, "events"))
        total = self.shown((metric, year, group, "total"))
        if events is not None and total:
            return events / total, events / total
        rate = _num(self.f.get((metric, year, group, "rate")))
        if rate is None:
            return None
        return max(0.0, rate - HALF["percent"]), rate + HALF["percent"]

    def ratios(self) -> None:
        """Each group's rate, the relative likelihood both ways, its CI and p-value."""
        for name, value in list(self.f.items()):
            metric, year = name[0], name[1]
            if metric not in ("2", "3"):
                continue
            row = name[:-1]
            what = name[-1]
            number = _num(value)
            if what == "rate" and number is not None:
                h = HALF["percent"]
                self.ratio_bound((*row, "events"), {(*row, "total"): 1.0}, number - h, number + h)
                events, total = self.shown((*row, "events")), self.shown((*row, "total"))
                if events is not None and total:
                    self.check(name, number, events / total, h)
            if what == "rl" and number is not None:
                self.relative_likelihood(str(metric), year, number)
            if what in ("ci", "p") and value not in (None, "", "*", "–"):
                self.recompute_test(str(metric), year, name, value)

    def relative_likelihood(self, metric: str, year: object, rl: float) -> None:
        # Metric 2: RL = non-disabled rate / Disabled rate; metric 3: Disabled / non-disabled.
        top, bottom = ("White", "BME") if metric == "2" else ("BME", "White")
        lo, hi = rl - HALF["ratio"], rl + HALF["ratio"]
        top_rate = self.rate_interval(metric, year, top)
        bottom_rate = self.rate_interval(metric, year, bottom)
        if bottom_rate is not None:
            # top rate = RL x bottom rate
            self.ratio_bound(
                (metric, year, top, "events"),
                {(metric, year, top, "total"): 1.0},
                lo * bottom_rate[0],
                hi * bottom_rate[1],
            )
        if top_rate is not None and lo > 0:
            self.ratio_bound(
                (metric, year, bottom, "events"),
                {(metric, year, bottom, "total"): 1.0},
                top_rate[0] / hi,
                top_rate[1] / lo,
            )
        tt, bt = (self.shown((metric, year, g, "total")) for g in (top, bottom))
        if tt and bt:
            # Both rates hidden but both totals shown: top events / tt - RL x bottom events /
            # bt = 0 is linear in the two event counts.
            te_name, be_name = ((metric, year, g, "events") for g in (top, bottom))
            if self.bounds_on:
                self.reader.bound({te_name: 1 / tt, be_name: -lo / bt}, 0, math.inf)
                self.reader.bound({te_name: 1 / tt, be_name: -hi / bt}, -math.inf, 0)
        counts = self.two_by_two(metric, year)
        if counts is None:
            self.finding(f"{(metric, year, 'BME', 'rl')} = {rl:g} is shown beside a hidden count")
        else:
            (te, tt), (be, bt) = (counts[0], counts[1]) if top == "White" else counts[::-1]
            if tt and bt and be:
                self.check((metric, year, "rl"), rl, (te / tt) / (be / bt), HALF["ratio"])

    def two_by_two(self, metric: str, year: object) -> tuple[tuple[int, int], ...] | None:
        keys = [(g, k) for g in ("White", "BME") for k in ("events", "total")]
        values = [self.shown((metric, year, *key)) for key in keys]
        if None in values:
            return None
        we, wt, be, bt = (v or 0 for v in values)
        return (we, wt), (be, bt)

    def recompute_test(self, metric: str, year: object, name: Name, value: object) -> None:
        counts = self.two_by_two(metric, year)
        if counts is None:
            self.finding(f"{name} = {value} is shown beside a hidden count")
            return
        (we, wt), (be, bt) = counts
        if name[-1] == "p":
            # Reference: scipy.stats.fisher_exact, two-sided, on the shown 2x2 table.
            p = float(fisher_exact([[we, wt - we], [be, bt - be]]).pvalue)
            if value == "<0.001":
                if p >= 0.001:
                    self.finding(f"{name} = <0.001, shown counts give p = {p:.5f}")
            elif (n := _num(value)) is not None:
                self.check(name, n, p, HALF["p"])
            return
        # The Katz log interval of the relative likelihood, two decimals each end.
        top, bottom = ((we, wt), (be, bt)) if metric == "2" else ((be, bt), (we, wt))
        m = re.fullmatch(r"([0-9.]+) to ([0-9.]+)", str(value))
        if m is None or not (top[0] and bottom[0] and top[1] and bottom[1]):
            return
        rl = (top[0] / top[1]) / (bottom[0] / bottom[1])
        se = math.sqrt(1 / top[0] - 1 / top[1] + 1 / bottom[0] - 1 / bottom[1])
        for shown, exact in zip(
            (float(m[1]), float(m[2])),
            (rl * math.exp(-Z95 * se), rl * math.exp(Z95 * se)),
            strict=True,
        ):
            self.check(name, shown, exact, HALF["ratio"])

    # --- survey metrics ----------------------------------------------------------------

    def survey(self) -> None:
        for name, value in list(self.f.items()):
            metric = name[0]
            if metric not in SURVEY_METRICS or name[-1] != "percent":
                continue
            p = _num(value)
            row = name[:-1]
            respondents = (*row, "respondents")
            if p is None or respondents not in self.f or self.f[respondents] in (None, "–"):
                continue
            # Yes answers = round(percent x respondents), the percent as the trust has it,
            # shown to 0.1 point: |yes - p x n| <= 0.5 + 0.0005 x n. Yes plus no is n.
            yes, no = (*row, "yes"), (*row, "no")
            self.reader.total([yes, no], respondents)
            if self.bounds_on:
                h = HALF["percent"]
                self.reader.bound({yes: 1.0, respondents: -(p - h)}, -0.5, math.inf)
                self.reader.bound({yes: 1.0, respondents: -(p + h)}, -math.inf, 0.5)
        for name, value in list(self.f.items()):
            if name[0] in SURVEY_METRICS and name[-1] == "difference":
                self.survey_difference(name, value)
                self.survey_recompute(name[0], name[1], _num(value))

    def yes_candidates(self, row: Name) -> list[int] | None:
        """The yes answers a group's shown percentage and respondents allow."""
        p, n = _num(self.f.get((*row, "percent"))), self.shown((*row, "respondents"))
        if p is None or not n:
            return None
        slack = 0.5 + 0.0005 * n
        return [k for k in range(n + 1) if abs(k - p * n) <= slack + 1e-9]

    def survey_recompute(self, metric: object, year: object, d: float | None) -> None:
        """The difference and p-value on show, from the shown percentages and respondents."""
        dis, ref = (metric, year, "BME"), (metric, year, "White")
        pd, pw = (_num(self.f.get((*r, "percent"))) for r in (dis, ref))
        if d is not None and pd is not None and pw is not None:
            # Each percentage is within 0.05 point of its true value, the difference too.
            self.check((*dis, "difference"), d, (pd - pw) * 100, 0.15)
        shown_p = self.f.get((*dis, "p"))
        yes_d, yes_w = self.yes_candidates(dis), self.yes_candidates(ref)
        if shown_p in (None, "", "*") or yes_d is None or yes_w is None:
            return
        nd, nw = self.shown((*dis, "respondents")) or 0, self.shown((*ref, "respondents")) or 0
        # Reference: scipy.stats.fisher_exact, two-sided, for every yes count allowed.
        possible = [
            float(fisher_exact([[w, nw - w], [k, nd - k]]).pvalue) for w in yes_w for k in yes_d
        ]
        if shown_p == "<0.001":
            agrees = any(p < 0.001 for p in possible)
        else:
            number = _num(shown_p)
            agrees = number is not None and any(abs(p - number) <= 0.0005 + 1e-9 for p in possible)
        if not agrees:
            self.finding(f"{(*dis, 'p')} = {shown_p} is no p-value the shown figures allow")

    def survey_difference(self, name: Name, value: object) -> None:
        d = _num(value)
        metric, year = name[0], name[1]
        rows = [(metric, year, g) for g in ("BME", "White")]
        n = [self.shown((*r, "respondents")) for r in rows]
        if d is None or None in n or not all(n) or not self.bounds_on:
            return
        nd, nw = (v or 1 for v in n)
        # D% - ND% = d / 100 to 0.05 point, each percent within 0.5 / n of yes / n.
        slack = 0.0005 + 0.5 / nd + 0.5 / nw
        terms: dict[Name, float] = {(*rows[0], "yes"): 1 / nd, (*rows[1], "yes"): -1 / nw}
        for r in rows:
            self.reader.unknown((*r, "yes"))
        self.reader.bound(terms, d / 100 - slack, d / 100 + slack)

    # --- metric 10 ---------------------------------------------------------------------

    def board(self) -> None:
        for name, value in list(self.f.items()):
            if name[0] != "10":
                continue
            year, what = name[1], name[-1]
            number = _num(value)
            if number is None:
                continue
            row = name[:-1]
            if what == "board %":
                disabled, total = self.shown((*row, "BME")), self.shown((*row, "Total"))
                if disabled is not None and total:
                    self.check(name, number, disabled / total, HALF["percent"])
            if what == "difference":
                self.board_difference(name, number)
            if what == "workforce %":
                whole = ("1", year, "all")
                h = HALF["percent"]
                base: dict[Name, float] = (
                    {(*whole, "White"): 1.0, (*whole, "BME"): 1.0}
                    if self.p.known_basis
                    else {(*whole, "Total"): 1.0}
                )
                self.ratio_bound((*whole, "BME"), base, number - h, number + h)
                share = self.whole_share(year)
                if share is not None:
                    self.check(name, number, share, h)

    def board_difference(self, name: Name, d: float) -> None:
        row = name[:-1]
        disabled, total = self.shown((*row, "BME")), self.shown((*row, "Total"))
        whole = self.whole_share(name[1])
        shown_whole = _num(self.f.get((*row, "workforce %")))
        if disabled is None or not total or (whole is None and shown_whole is None):
            return
        half = 0.05 if whole is not None else 0.1
        w = whole if whole is not None else shown_whole or 0.0
        self.check(name, d, (disabled / total - w) * 100, half)

    # --- the Summary sheet -------------------------------------------------------------

    def summary(self, year: int) -> None:
        where = {
            "1": ("1", year, "all", "BME %"),
            "2": ("2", year, "BME", "rl"),
            "3": ("3", year, "BME", "rl"),
            "8": ("8", year, "BME", "percent"),
            "9a": ("9a", year, "BME", "percent"),
            "10": ("10", year, "voting", "board %"),
        }
        for metric in SURVEY_METRICS[:-1]:
            where[metric] = (metric, year, "BME", "difference")
        for metric, (figure, _) in self.p.summary.items():
            name = where.get(metric)
            if name is None or _num(figure) is None:
                continue
            table = self.f.get(name)
            if table == self.rule.marker:
                self.finding(f"the Summary shows {metric} = {figure}, hidden as {name}")
                # What the Summary shows, the reader uses as if the table showed it.
                self.f[name] = figure
            elif _num(table) is not None and abs((_num(table) or 0) - (_num(figure) or 0)) > 1e-9:
                self.finding(f"the Summary shows {metric} = {figure}, the tables {table}")


def attack(path: Path, rule: Rule) -> Attack:  # noqa: C901
    """Complexity above 15 (C901): one block per relation a reader can use."""
    published = parse(read_cells(path))
    published.summary = read_summary(path)
    figures = published.figures
    reader = Reader(rule)
    for name, value in figures.items():
        metric, column = name[0], name[-1]
        if metric == "10" and column in COUNTS:
            reader.count(name, value, exact=rule.board_in_full)
        elif column in (*COUNTS, "total", "events", "respondents") and value != "–":
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
                    known = (*row, c) in figures or (c == "White" and published.known_basis)
                    if parts and known:
                        reader.total([(*b, c) for b in parts], (*row, c))
        if groups:
            for c in COUNTS:
                reader.total([("1", year, g, "all", c) for g in groups], ("1", year, "all", c))
    for name in list(figures):
        metric, year, column = name[0], name[1], name[-1]
        if metric in ("2", "3") and column == "total":
            reader.total([(*name[:-1], "events"), (*name[:-1], "not")], name)
            if metric == "3" and isinstance(year, int):
                two = ("3", year) in published.two_year
                period = (year - 1, year) if two else (year,)
                if all(("1", y, "all", name[2]) in figures for y in period):
                    reader.total([("1", y, "all", name[2]) for y in period], name)
        if metric == "10" and name[2] == "board" and column in COUNTS:
            reader.total(
                [("10", year, "executive", column), ("10", year, "non-executive", column)], name
            )
            reader.total([("10", year, "voting", column), ("10", year, "non-voting", column)], name)
    for year in {n[1] for n in figures if n[0] == "10"}:
        for part in ("board", "voting", "executive", "non-executive", "non-voting"):
            reader.total([("10", year, part, c) for c in COUNTS[:3]], ("10", year, part, "Total"))
    derived = _Derived(published, reader, rule)
    years = [n[1] for n in figures if isinstance(n[1], int)]
    if years:
        derived.summary(max(years))
    derived.shares()
    derived.ratios()
    derived.survey()
    derived.board()
    targets = [*reader.hidden, *reader.implied]
    findings = list(reader.findings)
    try:
        ranges = reader.ranges(targets)
    except AssertionError as infeasible:
        # No counts satisfy every shown figure at once: the figures contradict each other
        # (one of them says more than, or other than, the counts it comes from).
        findings.append(f"the shown figures contradict each other: {infeasible}")
        return Attack(reader.hidden, {}, findings)
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
