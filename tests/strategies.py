"""Hypothesis strategies shared by the test suite.

One section per area of the product; add new strategies under their own heading and keep
each section self-contained (its own imports at the top of the file, its own helpers).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, replace

from hypothesis import strategies as st

from wres_xl.core import schema as _schema
from wres_xl.core.actions import (
    NOT_COMPUTED as _NOT_COMPUTED,
)
from wres_xl.core.actions import (
    RATING_LABELS as _RATING_LABELS,
)
from wres_xl.core.actions import (
    ActionRow as _ActionRow,
)
from wres_xl.core.actions import (
    CellValue as _CellValue,
)
from wres_xl.core.actions import (
    IndicatorStatus as _IndicatorStatus,
)
from wres_xl.core.actions import load_action_library as _load_action_library
from wres_xl.core.bands import AFC_BANDS as _AFC_BANDS
from wres_xl.core.bands import MEDICAL_BANDS as _MEDICAL_BANDS
from wres_xl.core.indicators import GroupRate as _GroupRate
from wres_xl.core.model import RawTable as _RawTable
from wres_xl.core.schema import SOURCE_VALUES as _SOURCE_VALUES
from wres_xl.core.schema import STATUS_VALUES as _STATUS_VALUES
from wres_xl.core.suppression import Cell as _Cell
from wres_xl.core.suppression import Relation as _Relation
from wres_xl.core.suppression import SuppressionRules

# =====================================================================================
# Suppression (SPEC §5): tables of counts as trusts publish them
# =====================================================================================

GROUP_COLUMNS = ("White", "BME", "Unknown", "Group 4", "Group 5")


def small_counts() -> st.SearchStrategy[int]:
    """Counts skewed the way WRES tables are: many zeros and counts at or below the usual
    threshold of 7, some moderate, a few large."""
    return st.one_of(
        st.just(0),
        st.integers(1, 7),
        st.integers(1, 7),
        st.integers(8, 30),
        st.integers(31, 400),
    )


@dataclass(frozen=True)
class CountTable:
    """A band table: ``inner[band][group]`` counts, optionally with a Total column (each
    band's total, last column) and a Total row (each group's total, last row)."""

    inner: tuple[tuple[int, ...], ...]
    total_column: bool
    total_row: bool

    @property
    def n_inner_rows(self) -> int:
        return len(self.inner)

    @property
    def n_inner_cols(self) -> int:
        return len(self.inner[0])

    @property
    def row_total_col(self) -> int | None:
        return self.n_inner_cols if self.total_column else None

    @property
    def col_total_row(self) -> int | None:
        return self.n_inner_rows if self.total_row else None

    @property
    def grid(self) -> list[list[int | None]]:
        rows: list[list[int | None]] = []
        for band in self.inner:
            row: list[int | None] = list(band)
            if self.total_column:
                row.append(sum(band))
            rows.append(row)
        if self.total_row:
            totals: list[int | None] = [
                sum(band[c] for band in self.inner) for c in range(self.n_inner_cols)
            ]
            if self.total_column:
                totals.append(sum(sum(band) for band in self.inner))
            rows.append(totals)
        return rows

    @property
    def row_labels(self) -> list[str]:
        labels = [f"Band {i + 1}" for i in range(self.n_inner_rows)]
        return [*labels, "Total"] if self.total_row else labels

    @property
    def col_labels(self) -> list[str]:
        labels = list(GROUP_COLUMNS[: self.n_inner_cols])
        return [*labels, "Total"] if self.total_column else labels


@st.composite
def count_tables(
    draw: st.DrawFn,
    *,
    max_rows: int = 8,
    max_cols: int = 5,
    min_rows: int = 1,
    min_cols: int = 1,
    counts: st.SearchStrategy[int] | None = None,
) -> CountTable:
    cell = small_counts() if counts is None else counts
    n_rows = draw(st.integers(min_rows, max_rows))
    n_cols = draw(st.integers(min_cols, max_cols))
    inner = tuple(tuple(draw(cell) for _ in range(n_cols)) for _ in range(n_rows))
    return CountTable(inner, draw(st.booleans()), draw(st.booleans()))


@st.composite
def redact_ranges(
    draw: st.DrawFn, *, max_rows: int = 8, max_cols: int = 5
) -> list[list[int | None]]:
    """A range as passed to ``WRES_REDACT``: counts, with the odd non-count (label) cell."""
    n_rows = draw(st.integers(2, max_rows))
    n_cols = draw(st.integers(2, max_cols))
    cell = st.one_of(small_counts(), small_counts(), small_counts(), st.none())
    return [[draw(cell) for _ in range(n_cols)] for _ in range(n_rows)]


def zero_heavy_counts() -> st.SearchStrategy[int]:
    """Mostly zeros: sparse tables are where non-negativity gives hidden cells away."""
    return st.one_of(st.just(0), st.just(0), small_counts())


def suppression_rules() -> st.SearchStrategy[SuppressionRules]:
    return st.builds(
        SuppressionRules,
        hide_up_to=st.sampled_from([7, 7, 0, 1, 3, 10]),
        marker=st.sampled_from(["*", "[c]", "suppressed", "x"]),
        round_to=st.sampled_from([0, 0, 5, 10]),
    )


# =====================================================================================
# Publication (SPEC §5): whole sets of WRES input tables, small numbers included
# =====================================================================================

PUBLICATION_YEAR = 2024
#: Two published years and the one before, which two-year rolling disciplinary needs.
PUBLICATION_INPUT_YEARS = (2022, 2023, 2024)
ETHNICITIES = ("White", "BME", "Unknown")
_STAFF_GROUP_BANDS = {
    "Non-clinical": _AFC_BANDS,
    "Clinical": _AFC_BANDS,
    "Medical & Dental": _MEDICAL_BANDS,
}


@dataclass(frozen=True)
class WresInputs:
    """Every input table of a workbook, as rows of plain values (headcounts of
    indicators 3 and 4 left blank, so the workforce totals are used)."""

    settings: tuple[tuple[str, object], ...]
    #: (year, staff group, band, White, BME, Unknown)
    workforce: tuple[tuple[int, str, str, int, int, int], ...]
    #: (year, ethnicity, shortlisted, appointed)
    recruitment: tuple[tuple[int, str, int, int], ...]
    #: (year, ethnicity, entered formal disciplinary)
    disciplinary: tuple[tuple[int, str, int], ...]
    #: (year, ethnicity, accessed non-mandatory training)
    training: tuple[tuple[int, str, int], ...]
    #: (year, indicator, ethnicity, respondents, events)
    survey: tuple[tuple[int, int, str, int, int], ...]
    #: (year, role, voting, ethnicity, headcount)
    board: tuple[tuple[int, str, str, str, int], ...]

    def setting(self, name: str, default: object) -> object:
        return dict(self.settings).get(name, default)

    def raw_tables(self) -> dict[str, _RawTable]:
        def table(spec: _schema.TableSpec, rows: list[list[object]]) -> _RawTable:
            return _RawTable(spec.name, spec.sheet, spec.columns, rows, 5)

        survey_rows: list[list[object]] = [
            [year, indicator, ethnicity, respondents, events / respondents if respondents else 0]
            for year, indicator, ethnicity, respondents, events in self.survey
        ]
        return {
            "tblSettings": table(_schema.SETTINGS, [list(row) for row in self.settings]),
            "tblWorkforce": table(_schema.WORKFORCE, [list(row) for row in self.workforce]),
            "tblRecruitment": table(_schema.RECRUITMENT, [list(row) for row in self.recruitment]),
            "tblDisciplinary": table(
                _schema.DISCIPLINARY, [[y, e, None, n] for y, e, n in self.disciplinary]
            ),
            "tblTraining": table(_schema.TRAINING, [[y, e, None, n] for y, e, n in self.training]),
            "tblSurvey": table(_schema.SURVEY, survey_rows),
            "tblBoard": table(_schema.BOARD, [list(row) for row in self.board]),
        }

    def workforce_totals(self, year: int) -> dict[str, int]:
        totals = dict.fromkeys(ETHNICITIES, 0)
        for y, _, _, white, bme, unknown in self.workforce:
            if y == year:
                for name, value in zip(ETHNICITIES, (white, bme, unknown), strict=True):
                    totals[name] += value
        return totals


@st.composite
def wres_inputs(draw: st.DrawFn) -> WresInputs:
    """A trust's inputs for three years, sized and skewed so that every table has small
    counts, zeros and larger counts side by side."""
    settings: list[tuple[str, object]] = [
        ("WRES year", PUBLICATION_YEAR),
        ("Hide counts up to", draw(st.sampled_from([7, 7, 7, 3, 10, 1, 0]))),
        ("Redaction marker", draw(st.sampled_from(["*", "*", "[c]", "x"]))),
        ("Round published counts to", draw(st.sampled_from([0, 0, 0, 5]))),
        (
            "Percentages based on",
            draw(st.sampled_from(["All staff", "All staff", "Known ethnicity"])),
        ),
        (
            "Disciplinary period",
            draw(st.sampled_from(["Single year", "Single year", "Two-year rolling"])),
        ),
        ("Term for BME staff", draw(st.sampled_from(["BME", "Global Majority"]))),
    ]
    groups = draw(
        st.lists(st.sampled_from(list(_STAFF_GROUP_BANDS)), min_size=1, max_size=3, unique=True)
    )
    chosen = {
        group: draw(
            st.lists(
                st.sampled_from(_STAFF_GROUP_BANDS[group]), min_size=1, max_size=4, unique=True
            )
        )
        for group in groups
    }
    workforce = []
    for year in PUBLICATION_INPUT_YEARS:
        for group, bands in chosen.items():
            for band in bands:
                white, bme, unknown = (draw(small_counts()) for _ in ETHNICITIES)
                workforce.append((year, group, band, white, bme, unknown))
    inputs = WresInputs(tuple(settings), tuple(workforce), (), (), (), (), ())

    recruitment = []
    disciplinary = []
    training = []
    survey = []
    board = []
    for year in PUBLICATION_INPUT_YEARS:
        totals = inputs.workforce_totals(year)
        for ethnicity in ETHNICITIES:
            shortlisted = draw(small_counts())
            appointed = draw(st.integers(0, shortlisted))
            recruitment.append((year, ethnicity, shortlisted, appointed))
            disciplinary.append(
                (year, ethnicity, min(draw(zero_heavy_counts()), totals[ethnicity]))
            )
            training.append((year, ethnicity, draw(st.integers(0, totals[ethnicity]))))
        for indicator in (5, 6, 7, 8):
            for ethnicity in ("White", "BME"):
                respondents = draw(st.integers(1, 60) | small_counts().map(lambda n: n + 1))
                survey.append(
                    (year, indicator, ethnicity, respondents, draw(st.integers(0, respondents)))
                )
        for role in _schema.ROLE_VALUES:
            for voting in _schema.VOTING_VALUES:
                for ethnicity in ETHNICITIES:
                    headcount = draw(st.sampled_from([0, 0, 1, 2, 3, 5, 8, 9]))
                    board.append((year, role, voting, ethnicity, headcount))
    return replace(
        inputs,
        recruitment=tuple(recruitment),
        disciplinary=tuple(disciplinary),
        training=tuple(training),
        survey=tuple(survey),
        board=tuple(board),
    )


# =====================================================================================
# ESR extracts (issue 15): employee numbers as exports spell them
# =====================================================================================


def esr_employee_numbers() -> st.SearchStrategy[object]:
    """Employee-number cells as CSV and Excel exports give them: digit strings with and
    without leading zeros, numbers, blanks, and the near-misses ("+5", " 5", "1_0", Arabic
    digits, 25-digit numbers) that must not be read as the same person as a plain number."""
    digits = st.text("0123456789", min_size=1, max_size=25)
    return st.one_of(
        digits,
        st.integers(0, 10**12).map(str),
        st.integers(0, 10**12).map(float),
        st.sampled_from(["", " ", "+5", "-5", " 5", "5 ", "1_0", "٣", "E123", "e123", "0"]),
        st.floats(allow_nan=False, allow_infinity=False),
        st.integers(-5, 10**20),
    )


# =====================================================================================
# Hostile cells (issue 11): anything a user can type or paste into an input table
# =====================================================================================

#: Text Excel shows for formula errors, and other things pasted from elsewhere.
ERROR_STRINGS = ("#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!")


def hostile_cells() -> st.SearchStrategy[object]:
    """Any value an openpyxl or xlwings read can hand over for one cell."""
    return st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-10, 400),
        st.integers(-(10**25), 10**25),
        st.floats(allow_nan=True, allow_infinity=True),
        st.floats(-5, 500).map(lambda x: round(x, 2)),
        st.sampled_from(ERROR_STRINGS),
        st.sampled_from(
            [
                "-5",
                "1,25",
                "1,250",
                "12_000",
                "1e20",
                "nan",
                "inf",
                " 7 ",
                "20.8%",
                "",
                "  ",
                "NK",
                "No response",
                "White",
                "BME",
                "Band 5",
                "Clinical",
                "Yes",
                "Executive",
                "2024",
                "=A1+1",
                "N/A",
                "0x10",
                "½",
                "٣",
            ]
        ),
        st.text(max_size=12),
        st.dates(_dt.date(1899, 12, 30), _dt.date(2100, 1, 1)),
        st.datetimes(_dt.datetime(1900, 1, 1), _dt.datetime(2100, 1, 1)),
        st.times(),
    )


def _plausible(column: str) -> st.SearchStrategy[object]:
    """A sensible value for the column, so most rows get far enough to be computed."""
    if column == "Year":
        return st.sampled_from([2023, 2024, 2024.0, "2024"])
    if column == "Staff group":
        return st.sampled_from(list(_STAFF_GROUP_BANDS))
    if column == "Band":
        return st.sampled_from([*_AFC_BANDS, *_MEDICAL_BANDS])
    if column == "Ethnicity":
        return st.sampled_from([*ETHNICITIES, "C3 White Unspecified", "LK", "Not stated"])
    if column == "Indicator":
        return st.sampled_from([5, 6, 7, 8])
    if column == "Role":
        return st.sampled_from(list(_schema.ROLE_VALUES))
    if column == "Voting":
        return st.sampled_from(list(_schema.VOTING_VALUES))
    if column == "Percent":
        return st.floats(0, 1)
    return small_counts()


@st.composite
def hostile_tables(draw: st.DrawFn) -> dict[str, _RawTable]:
    """Every input table, each cell either plausible or anything at all."""
    tables: dict[str, _RawTable] = {}
    for spec in _schema.INPUT_TABLES:
        if spec.name == "tblActions":
            continue
        rows: list[list[object]] = []
        if spec.name == "tblSettings":
            settings = draw(
                st.lists(st.sampled_from(_schema.SETTING_SPECS), max_size=6, unique=True)
            )
            rows.extend([setting.name, draw(hostile_cells())] for setting in settings)
        else:
            rows.extend(
                [draw(st.one_of(_plausible(column), hostile_cells())) for column in spec.columns]
                for _ in range(draw(st.integers(0, 6)))
            )
        tables[spec.name] = _RawTable(spec.name, spec.sheet, spec.columns, rows, 5)
    return tables


# =====================================================================================
# Action plans (SPEC §8): rows of tblActions as users leave them, and ratings
# =====================================================================================

LIBRARY_IDS = [t.id for t in _load_action_library()]


@st.composite
def cell_ids(draw: st.DrawFn) -> _CellValue:
    choice = draw(st.integers(0, 3))
    if choice == 0:
        return None
    if choice == 1:
        return draw(st.text(max_size=8))
    action_id = draw(st.sampled_from(LIBRARY_IDS))
    if choice == 2:
        return action_id
    # The same ID as a user might retype it.
    spaced = draw(st.sampled_from([action_id, action_id.replace("-", " - "), f" {action_id} "]))
    return spaced.lower() if draw(st.booleans()) else spaced


free_text = st.one_of(st.none(), st.text(max_size=12), st.dates(), st.integers(-5, 20))
ratings_labels = st.sampled_from([*_RATING_LABELS, _NOT_COMPUTED, "Worse"])
action_rows = st.builds(
    _ActionRow,
    id=cell_ids(),
    indicator=st.one_of(
        st.integers(0, 11),
        st.sampled_from(["3", "Indicator 7", "x", None, 4.0, 2.5, ""]),
    ),
    action=free_text,
    measure_of_success=free_text,
    timescale=free_text,
    lead=free_text,
    status=st.sampled_from([*_STATUS_VALUES, "dismissed", "Done", None, ""]),
    source=st.sampled_from([*_SOURCE_VALUES, "own", "Mine", None]),
    current_rating=st.one_of(ratings_labels, st.none(), st.text(max_size=5)),
)
rating_maps = st.dictionaries(
    st.integers(1, 9),
    st.builds(
        _IndicatorStatus,
        ratings_labels,
        st.sampled_from([None, "adverse", "non-adverse", "below-range"]),
    ),
)


# =====================================================================================
# ESR extracts (issue 7): people with one or more assignments
# =====================================================================================

# ESR staff groups and the WRES group each maps to (the test's expected counts use it too).
ESR_STAFF_GROUPS = {
    "Administrative and Clerical": "Non-clinical",
    "Estates and Ancillary": "Non-clinical",
    "Nursing and Midwifery Registered": "Clinical",
    "Students": "Clinical",
    "Medical and Dental": "Medical & Dental",
}
ESR_ORIGINS = [
    "A",
    "C3 White Unspecified",
    "LK",
    "PE Black Unspecified",
    "GF",
    "Z Not Stated",
    "",
    "99",
]

esr_assignment = st.tuples(
    st.sampled_from(sorted(ESR_STAFF_GROUPS)),
    st.integers(0, 4),  # band choice, reduced modulo the options for the group
    st.sampled_from(["Permanent", "Fixed Term Temp", "Bank"]),
    st.sampled_from(["Yes", "No", ""]),
)
esr_person = st.tuples(
    st.sampled_from(ESR_ORIGINS), st.lists(esr_assignment, min_size=1, max_size=3)
)


# =====================================================================================
# Statistics (issue 15): 2×2 tables, from small ones to a national workforce; group rates
# =====================================================================================


@st.composite
def national_two_by_two(draw: st.DrawFn, most: int = 2_000_000) -> tuple[int, int, int, int]:
    """(events, staff, events, staff) of two groups of up to ``most`` staff, the second
    group's events within 8 standard deviations of the first group's rate: the widest
    part of the distribution, where Fisher's test has the most tables to look at."""
    n1 = draw(st.integers(1, most))
    n2 = draw(st.integers(1, most))
    a = draw(st.integers(0, n1))
    rate = a / n1
    spread = max(n2 * rate * (1 - rate), 1.0) ** 0.5
    shift = draw(st.floats(-8, 8))
    c = min(n2, max(0, round(n2 * rate + shift * spread)))
    return a, n1, c, n2


def factorize_values() -> st.SearchStrategy[list[object]]:
    """Chunks of cell values as an Excel extract gives them to ``factorize``: strings, numbers
    whose hashes collide by structure (-1 and -2, 1 and 1.0 and True) and tuples mixing them,
    with plenty of repeats."""
    atom = st.one_of(
        st.sampled_from(["", "Band 5", "band 5", "A White - British", "Yes", "No"]),
        st.sampled_from([-2, -1, 0, 1, 2, 1.0, -1.0, True, False, 2**61 - 1, 2**61]),
    )
    value = st.one_of(atom, st.tuples(atom, atom), st.tuples(atom, atom, atom))
    return st.lists(value, max_size=60)


@st.composite
def two_by_two(draw: st.DrawFn) -> tuple[int, int, int, int]:
    wt = draw(st.integers(min_value=1, max_value=400))
    bt = draw(st.integers(min_value=1, max_value=400))
    return draw(st.integers(0, wt)), wt, draw(st.integers(0, bt)), bt


@st.composite
def group_rate(draw: st.DrawFn) -> _GroupRate:
    total = draw(st.integers(1, 3000))
    return _GroupRate(draw(st.integers(0, total)), total)


udf_counts = st.integers(min_value=0, max_value=300)

# Cells of a sheet (row, column), for the rectangles the xlwings backend writes.
cells_strategy = st.sets(st.tuples(st.integers(1, 12), st.integers(1, 8)), min_size=1, max_size=60)


@dataclass(frozen=True)
class SeniorTables:
    """Band tables of one or two staff groups (bands by ethnicity, with a Total column and
    a Total row each) and below them senior levels: each the sum of some bands across the
    staff groups, in every column, a level within the one before (8a+, then 8c+)."""

    grid: list[list[int | None]]
    band_relations: list[_Relation]
    level_relations: list[_Relation]
    level_cells: list[_Cell]


@st.composite
def senior_tables(draw: st.DrawFn) -> SeniorTables:
    n_cols = draw(st.integers(2, 3))
    grid: list[list[int | None]] = []
    band_relations: list[_Relation] = []
    bands: list[int] = []
    for _ in range(draw(st.integers(1, 2))):
        first = len(grid)
        for _ in range(draw(st.integers(2, 4))):
            row: list[int | None] = [draw(zero_heavy_counts()) for _ in range(n_cols)]
            bands.append(len(grid))
            grid.append([*row, sum(v or 0 for v in row)])
        last = len(grid)
        grid.append([sum(grid[r][c] or 0 for r in range(first, last)) for c in range(n_cols + 1)])
        band_relations += [
            _Relation(tuple((r, c) for c in range(n_cols)), (r, n_cols))
            for r in range(first, last + 1)
        ]
        band_relations += [
            _Relation(tuple((r, c) for r in range(first, last)), (last, c))
            for c in range(n_cols + 1)
        ]
    level_relations: list[_Relation] = []
    level_cells: list[_Cell] = []
    chosen = draw(st.lists(st.sampled_from(bands), min_size=2, unique=True))
    for _ in range(draw(st.integers(1, 2))):
        r = len(grid)
        grid.append([sum(grid[b][c] or 0 for b in chosen) for c in range(n_cols + 1)])
        for c in range(n_cols + 1):
            level_relations.append(_Relation(tuple((b, c) for b in chosen), (r, c)))
            level_cells.append((r, c))
        level_relations.append(_Relation(tuple((r, c) for c in range(n_cols)), (r, n_cols)))
        if len(chosen) < 3:
            break
        chosen = draw(st.lists(st.sampled_from(chosen), min_size=2, unique=True))
    return SeniorTables(grid, band_relations, level_relations, level_cells)
