"""The Publication sheet, the Suppression log and ``wres-xl publish`` (SPEC §5).

The property test publishes random trusts' tables through the real builder and checks
the result with its own arithmetic. It reads the published sheet cell by cell, rebuilds
from the input rows (not from the builder's ledger) the sums a reader of the published
tables knows (bands add up to their staff group, staff groups to the workforce, a
disciplinary headcount is the workforce total, executive and non-executive members add
up to the board, appointed plus not appointed is shortlisted), and asks a linear
programme whether any hidden count, or any small count that is not shown but follows
from the shown ones, has only one possible value.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from helpers import nscht, workbook_with
from hypothesis import HealthCheck, given, settings
from scipy.optimize import linprog
from strategies import (
    ETHNICITIES,
    PUBLICATION_INPUT_YEARS,
    PUBLICATION_YEAR,
    WresInputs,
    wres_inputs,
)

from wres_xl.cli import main
from wres_xl.core.bands import AFC_BANDS, MEDICAL_BANDS
from wres_xl.core.indicators import WresReport, compute_report
from wres_xl.core.inputs import parse_inputs
from wres_xl.core.schema import SETTING_SPECS, SUPPRESSION_LOG_SHEET
from wres_xl.demo import build_demo_workbook
from wres_xl.errors import WresError, WresFileError, WresFileNotFoundError
from wres_xl.publish import PUBLISHED_SHEETS, inspect_publish_copy, publish_file
from wres_xl.report.publication import (
    build_publication,
    build_publication_model,
    render_publication,
)
from wres_xl.workbook.files import refresh_file

Name = tuple[object, ...]
COUNT_COLUMNS = ("White", "BME", "Unknown", "Total")
INDICATOR1_COLUMNS = (*COUNT_COLUMNS, "White %", "BME %", "Unknown %", "Rating")
RATIO_COLUMNS = ("total", "events", "rate", "rl", "ci", "p", "four-fifths", "rating")
SURVEY_COLUMNS = ("respondents", None, "percent", "difference", None, "p", None, "rating")
BOARD_COLUMNS = (*COUNT_COLUMNS, "board %", "workforce %", "difference", "rating")
BOARD_ROWS = {
    "Whole board": "board",
    "Voting members": "voting",
    "Executive members": "executive",
    "Non-executive members": "non-executive",
}
YEAR_HEADINGS = (
    r"Workforce at 31 March (\d{4})",
    r"12 months to 31 March (\d{4})",
    r"Two years to 31 March (\d{4}) .*",
    r"NHS Staff Survey \d{4} \(WRES (\d{4})\)",
    r"Board at 31 March (\d{4})",
)
NOT_SHOWN = ("", "–", None)

# ------------------------------------------------------------------ reading the sheet


def read_tables(cells: Mapping[tuple[int, int], object], term: str) -> dict[Name, object]:
    """Every figure of the published tables, by what it is rather than where it is:
    ``(1, year, staff group, band, column)``, ``(2, year, group, "rate")`` ..."""
    groups = {"White": "White", term: "BME", "Unknown": "Unknown"}
    out: dict[Name, object] = {}
    indicator: int | None = None
    year = 0
    staff_group = ""
    last_row = max(r for r, _ in cells)
    for r in range(1, last_row + 1):
        label = cells.get((r, 1))
        rest = [cells.get((r, c)) for c in range(2, 10)]
        if not isinstance(label, str) or not label:
            continue
        if match := re.fullmatch(r"Indicator (\d): .*", label):
            indicator = int(match[1])
            continue
        if label == "Colour key":
            indicator = None
        if indicator is None:
            continue
        heading = next((m for p in YEAR_HEADINGS if (m := re.fullmatch(p, label))), None)
        if heading is not None:
            year = int(heading[1])
            continue
        if all(v is None for v in rest):
            continue  # a note: withheld, not shown or not available
        if rest[0] in ("White", "Shortlisted", "Headcount", "Respondents"):  # a header row
            staff_group = label.removesuffix(": band")
            continue
        if indicator == 1:
            if label == "Whole workforce":
                key: Name = (1, year, "all")
            elif label == f"All {staff_group}":
                key = (1, year, staff_group, "all")
            else:
                key = (1, year, staff_group, label)
            columns: tuple[str | None, ...] = INDICATOR1_COLUMNS
        elif indicator in (2, 3, 4):
            key, columns = (indicator, year, groups[label]), RATIO_COLUMNS
        elif indicator in (5, 6, 7, 8):
            key, columns = (indicator, year, groups[label]), SURVEY_COLUMNS
        else:
            key, columns = (9, year, BOARD_ROWS[label]), BOARD_COLUMNS
        for column, value in zip(columns, rest, strict=True):
            if column is not None:
                out[(*key, column)] = value
    return out


# ------------------------------------------------------- what a reader of it can know


@dataclass
class Model:
    """The true counts, the sums between them a reader knows, and what the sheet shows."""

    values: dict[Name, int] = field(default_factory=dict)
    equations: list[tuple[list[Name], Name]] = field(default_factory=list)
    #: Name of each count -> the published cell that shows it (absent: not shown).
    shown_as: dict[Name, Name] = field(default_factory=dict)

    def add(self, name: Name, value: int, shown_as: Name | None = None) -> Name:
        self.values[name] = value
        if shown_as is not None:
            self.shown_as[name] = shown_as
        return name

    def equal(self, parts: Iterable[Name], total: Name) -> None:
        self.equations.append((list(parts), total))


def truth(inputs: WresInputs) -> Model:
    model = Model()
    years = (PUBLICATION_YEAR, PUBLICATION_YEAR - 1)
    two_year = inputs.setting("Disciplinary period", "") == "Two-year rolling"
    for year in PUBLICATION_INPUT_YEARS:
        published = year in years
        rows = [row for row in inputs.workforce if row[0] == year]
        staff_groups = list(dict.fromkeys(row[1] for row in rows))
        for staff_group in staff_groups:
            band_rows = [row for row in rows if row[1] == staff_group]
            for _, _, band, *counts in band_rows:
                names = [
                    model.add(
                        ("band", year, staff_group, band, column),
                        value,
                        (1, year, staff_group, band, column) if published else None,
                    )
                    for column, value in zip(COUNT_COLUMNS, [*counts, sum(counts)], strict=True)
                ]
                model.equal(names[:3], names[3])
            for i, column in enumerate(COUNT_COLUMNS):
                value = sum(row[3 + i] if i < 3 else sum(row[3:6]) for row in band_rows)
                model.add(
                    ("group", year, staff_group, column),
                    value,
                    (1, year, staff_group, "all", column) if published else None,
                )
                model.equal(
                    [("band", year, staff_group, row[2], column) for row in band_rows],
                    ("group", year, staff_group, column),
                )
        totals = inputs.workforce_totals(year)
        for column in COUNT_COLUMNS:
            value = sum(totals.values()) if column == "Total" else totals[column]
            model.add(("all", year, column), value, (1, year, "all", column) if published else None)
            model.equal([("group", year, g, column) for g in staff_groups], ("all", year, column))
        model.equal([("all", year, c) for c in COUNT_COLUMNS[:3]], ("all", year, "Total"))
        if not published:
            # A year no table shows: the reader knows none of its sums.
            model.equations = [
                (parts, total) for parts, total in model.equations if total[1] != year
            ]
            continue
        for group in ETHNICITIES:
            for indicator in (2, 3, 4):
                cell: Name = (indicator, year, group)
                if indicator == 2:
                    total_value, events = next(
                        (s, a) for y, g, s, a in inputs.recruitment if (y, g) == (year, group)
                    )
                    total = model.add((*cell, "total"), total_value, (*cell, "total"))
                else:
                    period = (year - 1, year) if indicator == 3 and two_year else (year,)
                    rows = inputs.disciplinary if indicator == 3 else inputs.training
                    events = sum(n for y, g, n in rows if g == group and y in period)
                    total_value = sum(inputs.workforce_totals(y)[group] for y in period)
                    total = model.add((*cell, "total"), total_value, (*cell, "total"))
                    model.equal([("all", y, group) for y in period], total)
                model.add((*cell, "events"), events, (*cell, "events"))
                non_events = model.add((*cell, "non-events"), total_value - events)
                model.equal([(*cell, "events"), non_events], total)
        for entry in inputs.survey:
            y, indicator, group, respondents, events = entry
            if y != year:
                continue
            total = model.add(
                (indicator, year, group, "respondents"),
                respondents,
                (indicator, year, group, "respondents"),
            )
            yes = model.add((indicator, year, group, "yes"), events)
            no = model.add((indicator, year, group, "no"), respondents - events)
            model.equal([yes, no], total)
        parts: dict[str, dict[str, int]] = {
            p: dict.fromkeys(COUNT_COLUMNS[:3], 0)
            for p in ("board", "voting", "non-voting", "executive", "non-executive")
        }
        for y, role, voting, group, headcount in inputs.board:
            if y != year:
                continue
            selected = [
                "board",
                "voting" if voting == "Yes" else "non-voting",
                "executive" if role == "Executive" else "non-executive",
            ]
            for p in selected:
                parts[p][group] += headcount
        for p, counts in parts.items():
            values = [*counts.values(), sum(counts.values())]
            names = [
                model.add(
                    ("board", year, p, column),
                    value,
                    None if p == "non-voting" else (9, year, p, column),
                )
                for column, value in zip(COUNT_COLUMNS, values, strict=True)
            ]
            model.equal(names[:3], names[3])
        for column in COUNT_COLUMNS:
            for a, b in (("executive", "non-executive"), ("voting", "non-voting")):
                model.equal(
                    [("board", year, a, column), ("board", year, b, column)],
                    ("board", year, "board", column),
                )
    return model


def rounded(value: int, step: int) -> int:
    return value if step <= 1 else (value + step // 2) // step * step


def movable(model: Model, known: set[Name], targets: Iterable[Name]) -> dict[Name, bool]:
    """For each target: can another table of non-negative counts that agrees with every
    known count and every sum give it a different value?"""
    unknowns = sorted(
        {n for parts, total in model.equations for n in (*parts, total)} - known, key=repr
    )
    index = {name: i for i, name in enumerate(unknowns)}
    rows, rhs = [], []
    for parts, total in model.equations:
        row = np.zeros(len(unknowns))
        constant = 0.0
        for name in parts:
            if name in index:
                row[index[name]] += 1
            else:
                constant -= model.values[name]
        if total in index:
            row[index[total]] -= 1
        else:
            constant += model.values[total]
        if row.any():
            rows.append(row)
            rhs.append(constant)
    result: dict[Name, bool] = {}
    for name in targets:
        if name not in index:
            result[name] = name not in known
            continue
        i = index[name]
        if not rows:
            result[name] = True
            continue
        free = False
        for sign in (1.0, -1.0):
            objective = np.zeros(len(unknowns))
            objective[i] = sign
            solution = linprog(
                objective, A_eq=np.array(rows), b_eq=np.array(rhs), bounds=(0, None), method="highs"
            )
            if solution.status == 3:
                free = True
                break
            assert solution.status == 0, solution.message
            if abs(solution.x[i] - model.values[name]) > 0.5:
                free = True
                break
        result[name] = free
    return result


def assert_safe(inputs: WresInputs, tables: Mapping[Name, object]) -> None:
    hide_up_to = int(inputs.setting("Hide counts up to", 7))  # type: ignore[call-overload]
    marker = str(inputs.setting("Redaction marker", "*"))
    step = int(inputs.setting("Round published counts to", 0))  # type: ignore[call-overload]
    known_basis = inputs.setting("Percentages based on", "") == "Known ethnicity"
    model = truth(inputs)

    status: dict[Name, str] = {}
    for name, value in model.values.items():
        cell = model.shown_as.get(name)
        if cell is None or cell not in tables:
            status[name] = "not shown"
        elif tables[cell] == marker:
            status[name] = "hidden"
        else:
            shown = tables[cell]
            assert shown == rounded(value, step), (name, shown, value)
            assert value == 0 or value > hide_up_to, f"{name} = {value} is published"
            status[name] = "shown"

    def small(name: Name) -> bool:
        return 1 <= model.values[name] <= hide_up_to

    # A survey percentage with its respondents gives the numbers who answered yes and no.
    for cell, value in tables.items():
        if len(cell) == 4 and cell[0] in (5, 6, 7, 8) and cell[3] == "percent":
            if value in (marker, *NOT_SHOWN):
                continue
            for answer in ("yes", "no"):
                name = (cell[0], cell[1], cell[2], answer)
                assert not small(name), f"{cell} = {value} gives away {name}"
                status[name] = "shown"

    def shown(names: Iterable[Name]) -> bool:
        """Counts on show, or not shown but of a size that could be (the complements)."""
        return all(
            status.get(n) == "shown" or (status.get(n) == "not shown" and not small(n))
            for n in names
        )

    def is_figure(value: object) -> bool:
        return value not in (marker, *NOT_SHOWN, "Benchmark")

    # Every figure on show is calculated from counts that are on show too.
    for cell, value in tables.items():
        if not is_figure(value):
            continue
        indicator, year = cell[0], cell[1]
        what = cell[-1]
        if indicator == 1 and what in ("White %", "BME %", "Unknown %", "Rating"):
            row = cell[2:-1]
            base: Name = (
                ("all", year)
                if row == ("all",)
                else (("group", year, row[0]) if row[1] == "all" else ("band", year, *row))
            )
            group = what.split()[0] if what != "Rating" else "BME"
            uses = (
                [(*base, "White"), (*base, "BME")]
                if known_basis
                else [(*base, group), (*base, "Total")]
            )
            if what == "Rating":
                uses += (
                    [("all", year, "White"), ("all", year, "BME")]
                    if known_basis
                    else [("all", year, "BME"), ("all", year, "Total")]
                )
            assert shown(uses), (cell, value, [status.get(u) for u in uses])
        elif indicator in (2, 3, 4) and what != "total" and what != "events":
            group = cell[2]
            groups = [group] if what == "rate" else ["White", "BME"]
            uses = [
                (indicator, year, g, w) for g in groups for w in ("events", "non-events", "total")
            ]
            assert shown(uses), (cell, value)
        elif indicator in (5, 6, 7, 8) and what != "respondents":
            groups = [cell[2]] if what == "percent" else ["White", "BME"]
            uses = [(indicator, year, g, w) for g in groups for w in ("respondents", "yes", "no")]
            assert shown(uses), (cell, value)
        elif indicator == 9 and what in ("board %", "workforce %", "difference", "rating"):
            part = cell[2]
            board = [
                ("board", year, part, c)
                for c in (("White", "BME") if known_basis else ("BME", "Total"))
            ]
            workforce = [
                ("all", year, c) for c in (("White", "BME") if known_basis else ("BME", "Total"))
            ]
            uses = {"board %": board, "workforce %": workforce}.get(what, board + workforce)
            assert shown(uses), (cell, value)

    # No sum of shown cells has exactly one hidden cell.
    for parts, total in model.equations:
        members = [*parts, total]
        if all(status[n] in ("shown", "hidden") for n in members):
            assert sum(status[n] == "hidden" for n in members) != 1, (
                members,
                [status[n] for n in members],
            )

    # And no hidden count, nor any small count a reader could work out, has only one
    # possible value given everything shown.
    known = {n for n, s in status.items() if s == "shown"}
    targets = [
        n
        for n, s in status.items()
        if n in model.values
        and (s == "hidden" or (s == "not shown" and 1 <= model.values[n] <= hide_up_to))
    ]
    free = movable(model, known, targets)
    pinned = [n for n in targets if not free[n]]
    assert pinned == [], [(n, model.values[n], status[n]) for n in pinned]


def publish_tables(inputs: WresInputs) -> tuple[WresReport, dict[Name, object]]:
    data = parse_inputs(inputs.raw_tables())
    report = compute_report(data)
    sheet = render_publication(build_publication_model(report), report)
    return report, read_tables(sheet.cell_values(), report.settings.bme_term)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(inputs=wres_inputs())
def test_random_trusts_publish_nothing_that_identifies_anyone(inputs: WresInputs) -> None:
    _, tables = publish_tables(inputs)
    assert tables, "the Publication sheet shows no tables"
    assert_safe(inputs, tables)
