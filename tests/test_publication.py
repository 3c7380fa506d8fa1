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
import html
import re
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from openpyxl.worksheet.worksheet import Worksheet
from scipy.optimize import linprog

from tests.strategies import (
    ETHNICITIES,
    PUBLICATION_INPUT_YEARS,
    PUBLICATION_YEAR,
    WresInputs,
    wres_inputs,
)
from tests.support.helpers import nscht, workbook_with
from wres_xl.cli import main
from wres_xl.commands.demo.build import build_demo_workbook
from wres_xl.commands.publish.wres import PUBLISHED_SHEETS, inspect_publish_copy, publish_file
from wres_xl.core.bands import AFC_BANDS, MEDICAL_BANDS
from wres_xl.core.indicators import WresReport, compute_report
from wres_xl.core.inputs import parse_inputs
from wres_xl.core.schema import INPUT_TABLES, SETTING_SPECS, SUPPRESSION_LOG_SHEET
from wres_xl.core.stats import Rating
from wres_xl.errors import WresError, WresFileError, WresFileNotFoundError
from wres_xl.report.publication import (
    WITHHELD_NOTE,
    WITHHELD_REASON,
    build_publication,
    build_publication_model,
    render_publication,
)
from wres_xl.workbook.files import refresh_file
from wres_xl.workbook.openpyxl_backend import OpenpyxlWorkbook

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


# Complexity above 15 (C901): one branch per table layout of the Publication sheet.
def read_tables(cells: Mapping[tuple[int, int], object], term: str) -> dict[Name, object]:  # noqa: C901
    """Every figure of the published tables, by what it is rather than where it is:
    ``(1, year, staff group, band, column)``, ``(2, year, group, "rate")`` ..."""
    groups = {"White": "White", term: "BME", "Unknown": "Unknown"}
    out: dict[Name, object] = {}
    indicator: int | None = None
    year = 0
    staff_group = ""
    senior_columns: tuple[str | None, ...] = ()
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
        if label == "Senior level":  # indicator 1's headline: columns by their headings
            staff_group = label
            names = {"White": "White", term: "BME", "Headcount": "Total"}
            names |= {f"{term} %": "BME %", "Rating": "Rating"}
            names |= {f"Whole workforce {term} %": "workforce %"}
            names |= {"Difference (points)": "difference"}
            senior_columns = tuple(names.get(str(v)) for v in rest)
            continue
        if rest[0] in ("White", "Shortlisted", "Headcount", "Respondents"):  # a header row
            staff_group = label.removesuffix(": band")
            continue
        if indicator == 1:
            columns: tuple[str | None, ...] = INDICATOR1_COLUMNS
            if label == "Whole workforce":
                key: Name = (1, year, "all")
            elif label == f"All {staff_group}":
                key = (1, year, staff_group, "all")
            elif staff_group == "Senior level":
                key, columns = (1, year, "senior", label), senior_columns
            else:
                key = (1, year, staff_group, label)
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


#: Indicator 1's senior levels: (row label, staff groups, bands) as the sheet names them.
SENIOR_LEVELS = (
    (
        "Band 8a and above (incl. VSM)",
        ("Non-clinical", "Clinical"),
        ("Band 8a", "Band 8b", "Band 8c", "Band 8d", "Band 9", "VSM"),
    ),
    (
        "Band 8c and above (incl. VSM)",
        ("Non-clinical", "Clinical"),
        ("Band 8c", "Band 8d", "Band 9", "VSM"),
    ),
    (
        "Consultants (incl. senior medical managers)",
        ("Medical & Dental",),
        ("Consultant", "Senior medical manager"),
    ),
)


# Complexity above 15 (C901): the reader's knowledge built year by year and table by table, in one
# place to compare with the engine.
def truth(  # noqa: C901
    inputs: WresInputs, years: Iterable[int] = (PUBLICATION_YEAR, PUBLICATION_YEAR - 1)
) -> Model:
    """What a reader of the tables of ``years`` (the years the sheet shows) can know."""
    model = Model()
    years = tuple(years)
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
                value = sum(
                    sum(row[3:6]) if column == "Total" else int(row[3 + i]) for row in band_rows
                )
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
        for label, groups, bands in SENIOR_LEVELS:
            members = [row for row in rows if row[1] in groups and row[2] in bands]
            for i, column in enumerate(COUNT_COLUMNS):
                value = sum(sum(r[3:6]) if column == "Total" else int(r[3 + i]) for r in members)
                name = model.add(
                    ("senior", year, label, column),
                    value,
                    (1, year, "senior", label, column) if published else None,
                )
                model.equal([("band", year, r[1], r[2], column) for r in members], name)
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
                    period: tuple[int, ...] = (
                        (year - 1, year) if indicator == 3 and two_year else (year,)
                    )
                    # The first year has no year before it in the workbook.
                    period = tuple(y for y in period if y in PUBLICATION_INPUT_YEARS)
                    event_rows = inputs.disciplinary if indicator == 3 else inputs.training
                    events = sum(n for y, g, n in event_rows if g == group and y in period)
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
        for p, by_group in parts.items():
            values = [*by_group.values(), sum(by_group.values())]
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


# Complexity above 15 (C901): one check per publication rule (SPEC §5), each with its own failure
# message.
def assert_safe(inputs: WresInputs, tables: Mapping[Name, object]) -> None:  # noqa: C901
    hide_up_to = int(str(inputs.setting("Hide counts up to", 7)))
    marker = str(inputs.setting("Redaction marker", "*"))
    step = int(str(inputs.setting("Round published counts to", 0)))
    known_basis = inputs.setting("Percentages based on", "") == "Known ethnicity"
    board_in_full = inputs.setting("Suppress board figures", "No") == "No"
    model = truth(inputs, {int(str(name[1])) for name in tables})

    status: dict[Name, str] = {}
    for name, value in model.values.items():
        cell = model.shown_as.get(name)
        if cell is None or cell not in tables or tables[cell] in NOT_SHOWN:
            status[name] = "not shown"  # (a senior count pinned down too closely: "–")
        elif tables[cell] == marker:
            status[name] = "hidden"
        else:
            published = tables[cell]
            status[name] = "shown"
            if name[0] == "board" and board_in_full:
                # Board members are public office holders: shown in full (SPEC §5).
                assert published == value, (name, published, value)
                continue
            assert published == rounded(value, step), (name, published, value)
            assert value == 0 or value > hide_up_to, f"{name} = {value} is published"

    def small(name: Name) -> bool:
        return 1 <= model.values[name] <= hide_up_to

    # A survey percentage with its respondents gives the numbers who answered yes and no.
    for cell, figure in tables.items():
        if len(cell) == 4 and cell[0] in (5, 6, 7, 8) and cell[3] == "percent":
            if figure in (marker, *NOT_SHOWN):
                continue
            for answer in ("yes", "no"):
                name = (cell[0], cell[1], cell[2], answer)
                assert not small(name), f"{cell} = {figure} gives away {name}"
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
    for cell, figure in tables.items():
        if not is_figure(figure):
            continue
        indicator, year, what = cell[0], cell[1], str(cell[-1])
        uses: list[Name]
        if indicator == 1 and cell[2] == "senior" and what in ("BME %", "difference", "Rating"):
            columns = ("White", "BME") if known_basis else ("BME", "Total")
            uses = [("senior", year, cell[3], c) for c in columns]
            if what != "BME %":
                uses += [("all", year, c) for c in columns]
            assert shown(uses), (cell, figure, [status.get(u) for u in uses])
        elif indicator == 1 and what in ("White %", "BME %", "Unknown %", "Rating"):
            row = cell[2:-1]
            base: Name = (
                ("all", year)
                if row == ("all",)
                else (("group", year, row[0]) if row[1] == "all" else ("band", year, *row))
            )
            share_of = what.split()[0] if what != "Rating" else "BME"
            uses = (
                [(*base, "White"), (*base, "BME")]
                if known_basis
                else [(*base, share_of), (*base, "Total")]
            )
            if what == "Rating":
                uses += (
                    [("all", year, "White"), ("all", year, "BME")]
                    if known_basis
                    else [("all", year, "BME"), ("all", year, "Total")]
                )
            assert shown(uses), (cell, figure, [status.get(u) for u in uses])
        elif indicator in (2, 3, 4) and what != "total" and what != "events":
            groups = [cell[2]] if what == "rate" else ["White", "BME"]
            uses = [
                (indicator, year, g, w) for g in groups for w in ("events", "non-events", "total")
            ]
            assert shown(uses), (cell, figure)
        elif indicator in (5, 6, 7, 8) and what != "respondents":
            groups = [cell[2]] if what == "percent" else ["White", "BME"]
            uses = [(indicator, year, g, w) for g in groups for w in ("respondents", "yes", "no")]
            assert shown(uses), (cell, figure)
        elif indicator == 9 and what in ("board %", "workforce %", "difference", "rating"):
            part = cell[2]
            board: list[Name] = [
                ("board", year, part, c)
                for c in (("White", "BME") if known_basis else ("BME", "Total"))
            ]
            workforce: list[Name] = [
                ("all", year, c) for c in (("White", "BME") if known_basis else ("BME", "Total"))
            ]
            by_figure: dict[str, list[Name]] = {"board %": board, "workforce %": workforce}
            uses = by_figure.get(what, [*board, *workforce])
            assert shown(uses), (cell, figure)

    # No sum of shown cells has exactly one hidden cell.
    for parts, total in model.equations:
        members = [*parts, total]
        if all(status[n] in ("shown", "hidden") for n in members):
            assert sum(status[n] == "hidden" for n in members) != 1, (
                members,
                [status[n] for n in members],
            )

    # And no hidden count, nor any small count a reader could work out, has only one
    # possible value given everything shown. This check takes shown counts as exact, which
    # a reader of rounded counts does not know; with rounding on, the reader is modelled
    # by tests/support/attacker.py (shown counts within half the step), in
    # test_publication_attack.py and benchmarks/attack_publication.py.
    if step > 1:
        return
    known = {n for n, s in status.items() if s == "shown"}
    targets = [
        n
        for n, s in status.items()
        if n in model.values
        and not (n[0] == "board" and board_in_full)
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


@pytest.mark.slow
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


# ------------------------------------------------------------------ whole workbooks

XML_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
ALLOWED_PARTS = {
    "[Content_Types].xml",
    "_rels/.rels",
    "docProps/app.xml",
    "docProps/core.xml",
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
    "xl/styles.xml",
    "xl/theme/theme1.xml",
    "xl/sharedStrings.xml",
    *(f"xl/worksheets/sheet{n}.xml" for n in range(1, 6)),
    # The Charts sheet's native charts (over its own published figures).
    "xl/worksheets/_rels/sheet2.xml.rels",
    "xl/drawings/drawing1.xml",
    "xl/drawings/_rels/drawing1.xml.rels",
    *(f"xl/charts/chart{n}.xml" for n in range(1, 6)),
}
#: The Publication sheet's part in the copy (Summary and Charts come first).
PUBLICATION_PART = f"xl/worksheets/sheet{PUBLISHED_SHEETS.index('Publication') + 1}.xml"
INTERNAL_SHEETS = (
    "Start",
    "Settings",
    "Workforce",
    "Recruitment",
    "Disciplinary",
    "Training",
    "Staff survey",
    "Board",
    "Action plan",
    "Calculator",
    "Checks",
    SUPPRESSION_LOG_SHEET,
)


@dataclass
class Published:
    source: Path
    out: Path
    source_hash_before: str
    refreshed: openpyxl.Workbook
    copy: openpyxl.Workbook


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _publish(folder: Path, source: Path) -> Published:
    refresh_file(source)
    before = _sha256(source)
    out = publish_file(source, folder / "published.xlsx")
    return Published(
        source, out, before, openpyxl.load_workbook(source), openpyxl.load_workbook(out)
    )


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Published:
    folder = tmp_path_factory.mktemp("demo")
    return _publish(folder, build_demo_workbook(folder / "d.xlsx"))


@pytest.fixture(scope="module")
def trust(tmp_path_factory: pytest.TempPathFactory) -> Published:
    folder = tmp_path_factory.mktemp("nscht")
    return _publish(folder, workbook_with(folder / "n.xlsx", nscht()["inputs"]))


@pytest.fixture(params=["demo", "trust"])
def published(request: pytest.FixtureRequest) -> Published:
    return request.getfixturevalue(request.param)


def log_rows(workbook: openpyxl.Workbook) -> list[dict[str, object]]:
    ws = workbook[SUPPRESSION_LOG_SHEET]
    headers = [str(c.value) for c in ws[5]]
    return [
        dict(zip(headers, values, strict=False))
        for values in ws.iter_rows(min_row=6, values_only=True)
        if values[0]
    ]


def sheet_values(ws: Worksheet) -> dict[str, object]:
    return {c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None}


def xml_cells(archive: zipfile.ZipFile, part: str) -> dict[str, str]:
    """The raw text each cell of a sheet part holds, straight from the XML."""
    from xml.etree import ElementTree

    shared: list[str] = []
    if "xl/sharedStrings.xml" in archive.namelist():
        root = ElementTree.fromstring(archive.read("xl/sharedStrings.xml"))
        shared = ["".join(t.text or "" for t in si.iter(f"{XML_MAIN}t")) for si in root]
    out = {}
    for cell in ElementTree.fromstring(archive.read(part)).iter(f"{XML_MAIN}c"):
        kind = cell.get("t")
        value = cell.find(f"{XML_MAIN}v")
        if kind == "inlineStr":
            text = "".join(t.text or "" for t in cell.iter(f"{XML_MAIN}t"))
        elif kind == "s" and value is not None:
            text = shared[int(value.text or 0)]
        else:
            text = value.text if value is not None and value.text is not None else ""
        out[cell.get("r", "")] = text
    return out


def all_strings(archive: zipfile.ZipFile) -> set[str]:
    strings: set[str] = set()
    for name in archive.namelist():
        if name.startswith(("xl/worksheets/", "xl/charts/")) or name == "xl/sharedStrings.xml":
            # Cell text (<t>) and chart text (<a:t>), character references read as text.
            found = re.findall(
                r"<(?:a:)?t(?: [^>]*)?>([^<]*)</(?:a:)?t>", archive.read(name).decode()
            )
            strings.update(html.unescape(text) for text in found)
    return strings


@pytest.mark.slow
def test_every_refresh_writes_the_publication_and_its_internal_log(demo: Published) -> None:
    names = demo.refreshed.sheetnames
    assert {"Publication", SUPPRESSION_LOG_SHEET} <= set(names)
    rows = log_rows(demo.refreshed)
    assert {row["Why hidden"] for row in rows} == {"Primary", "Secondary", "Derived"}
    publication = demo.refreshed["Publication"]
    for row in rows:
        assert row["Explanation"], row
        for place in str(row["Cell on the Publication sheet"]).split(", "):
            if re.fullmatch(r"[A-I]\d+", place):
                assert publication[place].value == "*", (place, row)
    primary = next(r for r in rows if r["Why hidden"] == "Primary")
    assert isinstance(primary["Value"], int)
    assert 1 <= primary["Value"] <= 7
    assert primary["Explanation"] == (
        f"Hidden because it is {primary['Value']}, at or below the threshold of 7."
    )


@pytest.mark.slow
def test_the_publish_copy_holds_only_the_publication_values(published: Published) -> None:
    assert published.copy.sheetnames == list(PUBLISHED_SHEETS)
    assert _sha256(published.source) == published.source_hash_before
    assert inspect_publish_copy(published.out) == []
    internal = sheet_values(published.refreshed["Publication"])
    copy = sheet_values(published.copy["Publication"])
    assert copy == internal
    with zipfile.ZipFile(published.out) as archive:
        parts = set(archive.namelist())
        assert parts <= ALLOWED_PARTS, parts - ALLOWED_PARTS
        for name in parts:
            text = archive.read(name).decode("utf-8")
            # A chart's <f> is the range it plots (on the Charts sheet), not a formula.
            if not name.startswith("xl/charts/"):
                assert not re.search(r"<(?:\w+:)?f[ >/]", text), f"a formula in {name}"
            for forbidden in ("<comment", "<dataValidation", "<externalReference", "<hyperlink"):
                assert forbidden not in text, (forbidden, name)
            # Print titles (repeated heading rows) are the only defined names.
            names = re.findall(r"<definedName [^>]*>", text)
            assert all('name="_xlnm.Print_Titles"' in n for n in names), name
            assert 'state="hidden"' not in text
            assert 'state="veryHidden"' not in text
        core = archive.read("docProps/core.xml").decode()
        # openpyxl declares the namespace on the element itself when lxml is installed.
        assert re.search(r"<dc:creator(?: [^>]*)?>wres-xl</dc:creator>", core)
        assert re.findall(r"<dcterms:(?:created|modified)[^>]*>([^<]*)<", core) == [
            "2024-01-01T00:00:00Z",
            "2024-01-01T00:00:00Z",
        ]
        for field_name in ("title", "subject", "keywords", "description", "lastModifiedBy"):
            assert field_name not in core, field_name
        app = archive.read("docProps/app.xml").decode()
        for field_name in ("TitlesOfParts", "Company", "Manager", "HeadingPairs"):
            assert field_name not in app, field_name


@pytest.mark.slow
def test_no_hidden_count_survives_anywhere_in_the_publish_copy(published: Published) -> None:
    rows = log_rows(published.refreshed)
    hidden = [r for r in rows if r["Why hidden"] in ("Primary", "Secondary")]
    assert hidden
    with zipfile.ZipFile(published.out) as archive:
        raw = xml_cells(archive, PUBLICATION_PART)
        strings = all_strings(archive)
    copy = published.copy["Publication"]
    for row in [*hidden, *(r for r in rows if r["Why hidden"] == "Derived")]:
        for place in str(row["Cell on the Publication sheet"]).split(", "):
            if not re.fullmatch(r"[A-I]\d+", place):
                continue
            assert copy[place].value == "*", (place, row)
            assert raw[place] == "*", (place, row, raw[place])
    # Every count cell on show is 0 or above the threshold: no small count anywhere but
    # the board's, which is published in full (its members are public office holders).
    board_rows = {
        r
        for r, section in enumerate(_section_of_rows(copy), start=1)
        if section[:11] == "Indicator 9"
    }
    for ws in published.copy.worksheets:
        for line in ws.iter_rows():
            for cell in line:
                if ws.title == "Publication" and cell.row in board_rows:
                    continue
                if cell.number_format == "#,##0" and isinstance(cell.value, int | float):
                    assert cell.value == 0 or cell.value > 7, (ws.title, cell.coordinate)
    # No text in the file carries a count: the only whole numbers in words are years,
    # indicator numbers, band names and the rule itself ("from 1 to 7", "fewer than 8").
    band_names = sorted({*AFC_BANDS, *MEDICAL_BANDS}, key=len, reverse=True)
    for text in strings - _action_plan_texts(published):
        stripped = text
        for band in band_names:
            stripped = stripped.replace(band, "")
        stripped = re.sub(
            r"\b(?:Indicator|indicator) \d\b|\b(?:19|20)\d\d\b|95%|12 months|31 March", "", stripped
        )
        numbers = set(re.findall(r"(?<![\d.])\d+(?![\d.])", stripped))
        assert numbers <= {"1", "7", "8"}, (text, numbers)


def _action_plan_texts(published: Published) -> set[str]:
    """The trust's own action plan, published on purpose (its own words, no counts)."""
    ws = published.copy["Action plan"]
    return {str(v).strip() for row in ws.iter_rows(min_row=5, values_only=True) for v in row if v}


def _section_of_rows(ws: Worksheet) -> list[str]:
    """For each row of the Publication sheet, the section heading above it."""
    section = ""
    out = []
    for (label,) in ws.iter_rows(min_col=1, max_col=1, values_only=True):
        if isinstance(label, str) and re.fullmatch(r"Indicator \d: .*|Colour key", label):
            section = label
        out.append(section)
    return out


@pytest.mark.slow
def test_nothing_from_the_input_or_internal_sheets_is_carried_into_the_copy(
    published: Published,
) -> None:
    source = OpenpyxlWorkbook.open(published.source)
    data: set[str] = set()  # every text the organisation typed into its input tables
    for spec in INPUT_TABLES:
        table = source.read_table(spec.name)
        assert table is not None
        for values in table.rows:
            data.update(v.strip() for v in values if isinstance(v, str) and v.strip())
    # What the internal sheets say about the data: Checks messages, the log's explanations.
    internal: set[str] = set()
    for name, first in (("Checks", 5), (SUPPRESSION_LOG_SHEET, 6)):
        ws = published.refreshed[name]
        internal.update(
            str(v)
            for (v,) in ws.iter_rows(min_row=first, min_col=6, max_col=6, values_only=True)
            if v
        )
    summary = published.refreshed["Summary"]
    internal.update(  # the narratives, which quote counts
        str(v)
        for (v,) in summary.iter_rows(min_row=6, min_col=15, max_col=15, values_only=True)
        if v
    )
    with zipfile.ZipFile(published.out) as archive:
        strings = {s.strip() for s in all_strings(archive)}
    organisation = str(published.refreshed["Settings"]["B5"].value or "")
    labels = {*AFC_BANDS, *MEDICAL_BANDS, "White", "BME", "Global Majority", "Unknown", "*"}
    labels.update(rating.value for rating in Rating)
    # Band and group names, rating labels, the marker, the organisation's name and its word
    # for BME are published on purpose; no other text the organisation typed is.
    assert (strings & data) - labels - {organisation} - _action_plan_texts(published) == set()
    assert internal
    # Only texts that could carry a count: a whole number that is not a year. (The
    # published summary words its sentences from the published figures, so a sentence
    # with only percentages and p-values may well read the same.)
    internal = {
        t
        for t in internal
        if re.search(r"(?<![\d.])\d+(?![\d.%])", re.sub(r"\b(?:19|20)\d\d\b", "", t))
    }
    assert internal
    for text in internal:
        assert all(text not in s for s in strings), text
    for setting in SETTING_SPECS:
        assert all(setting.note not in s for s in strings)
    assert not any("tbl" in s for s in strings)


# ------------------------------------------------------------------------- settings


def _tables_of(path: Path) -> dict[Name, object]:
    workbook = openpyxl.load_workbook(path)
    ws = workbook["Publication"]
    cells = {
        (c.row, c.column): c.value for row in ws.iter_rows() for c in row if c.value is not None
    }
    return read_tables(cells, "Global Majority")


@pytest.mark.slow
def test_settings_change_the_threshold_the_marker_the_rounding_and_the_footnote(
    tmp_path: Path,
) -> None:
    inputs = nscht()["inputs"]
    default = publish_file(workbook_with(tmp_path / "a.xlsx", inputs), tmp_path / "a-pub.xlsx")
    custom_source = workbook_with(
        tmp_path / "b.xlsx",
        inputs,
        **{"Hide counts up to": 10, "Redaction marker": "[c]", "Round published counts to": 5},
    )
    custom = publish_file(custom_source, tmp_path / "b-pub.xlsx")
    before, after = _tables_of(default), _tables_of(custom)
    footnotes = [openpyxl.load_workbook(p)["Publication"]["A3"].value for p in (default, custom)]
    assert str(footnotes[0]).startswith("Counts from 1 to 7 are shown as * ")
    assert "rounded" not in str(footnotes[0])
    assert str(footnotes[1]).startswith("Counts from 1 to 10 are shown as [c] ")
    assert "rounded to the nearest 5" in str(footnotes[1])
    assert "About" in openpyxl.load_workbook(custom).sheetnames

    # Non-clinical band 8b had 10 White staff in 2024: hidden at 10 (at 7 it is hidden
    # only where a neighbouring small count needs it).
    band_8b = (1, 2024, "Non-clinical", "Band 8b", "White")
    assert before[band_8b] in (10, "*")
    assert after[band_8b] == "[c]"
    assert "*" not in after.values()
    assert "[c]" in after.values()
    assert "[c]" not in before.values()
    # Shown counts are rounded to 5, and percentages come from the rounded counts.
    # (Board counts are published in full, unrounded.)
    counts = [
        v
        for k, v in after.items()
        if k[0] != 9 and k[-1] in (*COUNT_COLUMNS, "total", "events", "respondents")
    ]
    assert all(v == "[c]" or (isinstance(v, int) and v % 5 == 0) for v in counts)
    # Wherever a band's White count, total and White % are all shown, the percentage is the
    # shown (rounded) count over the shown (rounded) total.
    checked = 0
    for table, rounded in ((before, False), (after, True)):
        for key, pct in table.items():
            if key[-1] != "White %" or not isinstance(pct, float):
                continue
            white, total = table.get((*key[:-1], "White")), table.get((*key[:-1], "Total"))
            if isinstance(white, int) and isinstance(total, int) and total:
                # Written at the precision shown (0.1 point), not as a full float.
                assert pct == round(white / total, 3), key
                checked += rounded
    assert checked >= 5
    clinical_band_5 = (1, 2024, "Clinical", "Band 5")  # 42 BME staff: 40 once rounded
    assert before[(*clinical_band_5, "BME")] == 42
    assert after[(*clinical_band_5, "BME")] == 40
    hidden_before = sum(v == "*" for v in before.values())
    assert sum(v == "[c]" for v in after.values()) > hidden_before


@pytest.mark.slow
def test_a_publication_setting_that_cannot_be_used_is_reported_not_guessed(
    tmp_path: Path,
) -> None:
    source = workbook_with(tmp_path / "m.xlsx", nscht()["inputs"], **{"Redaction marker": "1,000"})
    refresh_file(source)
    sheet = openpyxl.load_workbook(source)["Publication"]
    assert "Redaction marker" in str(sheet["A3"].value)
    assert "No figures are shown" in str(sheet["A3"].value)
    assert sheet.max_row == 3
    with pytest.raises(WresError, match="Redaction marker"):
        publish_file(source, tmp_path / "m-pub.xlsx")
    assert not (tmp_path / "m-pub.xlsx").exists()


# --------------------------------------------------------------- what trusts publish


def _report(tables: Mapping[str, Iterable[Mapping[str, object]]], **setting: object) -> WresReport:
    from wres_xl.core import schema
    from wres_xl.core.model import RawTable

    raw = {}
    for spec in INPUT_TABLES:
        rows = tables.get(spec.name, [])
        raw[spec.name] = RawTable(
            spec.name, spec.sheet, spec.columns, [[r.get(c) for c in spec.columns] for r in rows], 5
        )
    settings_rows = [["WRES year", 2024], *([k, v] for k, v in setting.items())]
    raw["tblSettings"] = RawTable(
        "tblSettings", "Settings", schema.SETTINGS.columns, settings_rows, 5
    )
    return compute_report(parse_inputs(raw))


def _texts(report: WresReport) -> list[str]:
    sheet, _ = build_publication(report)
    return [v for v in sheet.cell_values().values() if isinstance(v, str)]


def test_an_indicator_whose_counts_are_all_small_is_withheld_with_the_reason() -> None:
    recruitment = [
        {"Year": year, "Ethnicity": ethnicity, "Shortlisted": shortlisted, "Appointed": appointed}
        for year in (2023, 2024)
        for ethnicity, shortlisted, appointed in (("White", 6, 2), ("BME", 5, 1))
    ]
    report = _report({"tblRecruitment": recruitment}, **{"Term for BME staff": "Global Majority"})
    sheet, log = build_publication(report)
    texts = [v for v in sheet.cell_values().values() if isinstance(v, str)]
    withheld = [t for t in texts if t.startswith("Figures withheld")]
    # The same words whatever is small: naming the count would tell a reader which
    # hidden cell is at most the threshold.
    assert withheld == [WITHHELD_NOTE] * 2
    tables = read_tables(sheet.cell_values(), "Global Majority")
    assert not any(key[0] == 2 for key in tables)  # no row of the table is shown at all
    assert any("Appointed" in str(v) for v in log.cell_values().values())


@pytest.mark.slow
def test_a_relative_likelihood_built_on_3_global_majority_staff_is_hidden(
    trust: Published,
) -> None:
    tables = _tables_of(trust.out)
    white = {k[-1]: v for k, v in tables.items() if k[:3] == (3, 2024, "White")}
    bme = {k[-1]: v for k, v in tables.items() if k[:3] == (3, 2024, "BME")}
    assert white["total"] == 1705
    assert white["events"] == 13
    assert white["rate"] == round(13 / 1705, 3)
    assert bme["total"] == 215
    for column in ("events", "rate", "rl", "ci", "p", "four-fifths", "rating"):
        assert bme[column] == "*", column
    notes = [str(c.value) for row in trust.copy["Publication"].iter_rows() for c in row if c.value]
    assert f"The relative likelihood is not shown: {WITHHELD_REASON}" in notes
    assert not any("fewer than" in note for note in notes)
    # The 2023 figures (0 Global Majority staff entered) are all shown: zero is not hidden.
    assert tables[(3, 2023, "BME", "events")] == 0
    assert tables[(3, 2023, "BME", "rating")] == "Equivalent"


def test_the_headcount_of_indicator_3_is_hidden_wherever_the_workforce_total_is() -> None:
    workforce = [
        {"Year": year, "Staff group": "Clinical", "Band": band, "White": w, "BME": b, "Unknown": u}
        for year in (2023, 2024)
        for band, w, b, u in (("Band 5", 300, 120, 3), ("Band 6", 200, 40, 0))
    ]
    disciplinary = [
        {"Year": year, "Ethnicity": e, "Headcount": None, "Entered formal disciplinary": n}
        for year in (2023, 2024)
        for e, n in (("White", 12), ("BME", 9), ("Unknown", 0))
    ]
    report = _report({"tblWorkforce": workforce, "tblDisciplinary": disciplinary})
    sheet, _ = build_publication(report)
    tables = read_tables(sheet.cell_values(), "BME")
    # 3 Unknown staff in band 5, the only Unknown staff: every Unknown total is 3.
    assert tables[(1, 2024, "all", "Unknown")] == "*"
    assert tables[(3, 2024, "Unknown", "total")] == "*"
    for group in ("White", "BME"):
        assert tables[(1, 2024, "all", group)] == tables[(3, 2024, group, "total")]


# ------------------------------------------------------------------- the command


@pytest.mark.slow
def test_publish_refuses_to_write_over_its_source_or_to_a_non_xlsx_file(tmp_path: Path) -> None:
    source = workbook_with(tmp_path / "w.xlsx", nscht()["inputs"])
    before = _sha256(source)
    for out, words in (
        (source, "cannot be written over 'w.xlsx'"),
        (tmp_path / "sub" / ".." / "w.xlsx", "cannot be written over"),
        (tmp_path / "w-pub.csv", "must be an Excel workbook whose name ends in .xlsx"),
        (tmp_path / "w-pub.xlsm", "ends in .xlsx"),
    ):
        (tmp_path / "sub").mkdir(exist_ok=True)
        with pytest.raises(WresFileError, match=re.escape(words)):
            publish_file(source, out)
    other = workbook_with(tmp_path / "other.xlsx", {})
    other_hash = _sha256(other)
    with pytest.raises(WresFileError, match="already exists"):
        publish_file(source, other)
    assert _sha256(other) == other_hash
    with pytest.raises(WresFileNotFoundError):
        publish_file(tmp_path / "missing.xlsx", tmp_path / "x.xlsx")
    with pytest.raises(WresFileNotFoundError):
        publish_file(source, tmp_path / "no-folder" / "x.xlsx")
    assert _sha256(source) == before
    # A previous copy is replaced only when asked (--force, issue 11), and nothing is left
    # behind but the copy.
    out = tmp_path / "w-pub.xlsx"
    publish_file(source, out)
    first = _sha256(out)
    with pytest.raises(WresFileError, match="--force"):
        publish_file(source, out)
    publish_file(source, out, force=True)
    assert _sha256(out) == first  # the same workbook gives the same bytes
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "other.xlsx",
        "sub",
        "w-pub.xlsx",
        "w.xlsx",
    ]
    assert _sha256(source) == before


@pytest.mark.slow
def test_the_command_line_publishes_and_reports_refusals(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = workbook_with(tmp_path / "c.xlsx", nscht()["inputs"])
    out = tmp_path / "c-publication.xlsx"
    assert main(["-q", "publish", str(source), str(out)]) == 0
    assert openpyxl.load_workbook(out).sheetnames == list(PUBLISHED_SHEETS)
    assert main(["-q", "publish", str(source), str(source)]) == 2
    assert "cannot be written over" in capsys.readouterr().err


def test_figures_that_cannot_be_protected_are_withheld_not_published() -> None:
    from wres_xl.core.suppression import SuppressionRules
    from wres_xl.report.publication import Ledger

    # A "total" that is not the sum of its parts makes the engine refuse the table; the
    # whole linked group of counts is then hidden rather than published unprotected.
    ledger = Ledger()
    parts = [
        ledger.add(("x", n), value, table="T", row=f"r{n}", column="c", phrase="staff")
        for n, value in enumerate((3, 40))
    ]
    total = ledger.add(("x", "t"), 50, table="T", row="total", column="c", phrase="staff")
    alone = ledger.add(("y",), 2, table="U", row="r", column="c", phrase="staff")
    ledger.relate(parts, total, "the row 'r'")
    ledger.suppress(SuppressionRules())
    counts = ledger.counts
    assert [counts[k].reason for k in (*parts, total)] == ["primary", "secondary", "secondary"]
    assert all("parts add up to 43" in counts[k].explanation for k in (*parts, total))
    assert counts[alone].reason == "primary"
