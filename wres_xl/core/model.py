"""Typed inputs, settings and data-problem records shared by the core and the workbook layer."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property

from wres_xl.core import schema
from wres_xl.core.bands import StaffGroup
from wres_xl.core.groups import Group


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


def counted(n: int, one: str, many: str | None = None) -> str:
    """'1 workbook', '3 workbooks', '2 members': a count with its noun, for every message."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


@dataclass(frozen=True)
class Check:
    """One data problem, located the way an Excel user finds it."""

    severity: Severity
    sheet: str
    message: str
    table: str | None = None
    row: int | None = None
    column: str | None = None
    #: The value found in the cell, where one is to blame (not written to the Checks sheet).
    value: object = None
    #: For a problem in rows read as a list: the position of its row in that list.
    index: int | None = None

    def __str__(self) -> str:
        """Where and what, as a user reads it: "Action plan sheet, row 5, column Status: …"."""
        place = [f"{self.sheet} sheet"]
        place += [f"row {self.row}"] if self.row is not None else []
        place += [f"column {self.column}"] if self.column is not None else []
        return ", ".join(place) + ": " + self.message

    def as_json(self) -> dict[str, object]:
        return {
            "severity": self.severity.value,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass(frozen=True)
class RawTable:
    """An Excel Table as read from a workbook, before any interpretation.

    ``rows`` hold the cell values under ``headers``; ``first_row`` is the Excel row
    number of the first data row, so problems can be reported as "row 12".
    """

    name: str
    sheet: str
    headers: tuple[str, ...]
    rows: Sequence[Sequence[object]]
    first_row: int
    #: Excel rows typed directly below the table, in its columns: not part of the table, so
    #: not read (a Check tells the user to extend the table).
    rows_below: tuple[int, ...] = ()

    def column_index(self, header: str) -> int | None:
        wanted = " ".join(header.split()).casefold()
        for i, h in enumerate(self._folded_headers):
            if h == wanted:
                return i
        return None

    @cached_property
    def _folded_headers(self) -> tuple[str, ...]:
        # Read once per cell of every row: fold the headers once, not on every read.
        return tuple(" ".join(str(h or "").split()).casefold() for h in self.headers)


class PercentBasis(str, Enum):
    ALL_STAFF = "All staff"
    KNOWN = "Known ethnicity"


class DisciplinaryPeriod(str, Enum):
    SINGLE = "Single year"
    TWO_YEAR = "Two-year rolling"


@dataclass(frozen=True)
class Settings:
    organisation: str = ""
    year: int | None = None
    bme_term: str = "BME"
    percent_basis: PercentBasis = PercentBasis.ALL_STAFF
    disciplinary_period: DisciplinaryPeriod = DisciplinaryPeriod.SINGLE
    significance_level: float = schema.DEFAULT_SIGNIFICANCE_LEVEL
    hide_up_to: int = schema.DEFAULT_HIDE_UP_TO
    redaction_marker: str = schema.DEFAULT_REDACTION_MARKER
    round_to: int = schema.DEFAULT_ROUND_TO
    suppress_board: bool = False
    local_population_bme: float | None = None
    target_year: int = schema.DEFAULT_TARGET_YEAR
    board_lead: str = ""
    report_author: str = ""
    #: As typed, or an ISO date when the cell holds an Excel date.
    date_signed_off: str = ""
    report_url: str = ""

    def as_json(self) -> dict[str, object]:
        return {
            "Organisation": self.organisation,
            "WRES year": self.year,
            "Term for BME staff": self.bme_term,
            "Percentages based on": self.percent_basis.value,
            "Disciplinary period": self.disciplinary_period.value,
            "Significance level": self.significance_level,
            "Hide counts up to": self.hide_up_to,
            "Redaction marker": self.redaction_marker,
            "Round published counts to": self.round_to,
            "Suppress board figures": "Yes" if self.suppress_board else "No",
            "Local population BME %": self.local_population_bme,
            "Target year": self.target_year,
            "Board lead": self.board_lead,
            "Report author": self.report_author,
            "Date signed off": self.date_signed_off,
            "Report URL": self.report_url,
        }


@dataclass(frozen=True)
class GroupCounts:
    white: int = 0
    bme: int = 0
    unknown: int = 0

    def __add__(self, other: GroupCounts) -> GroupCounts:
        return GroupCounts(
            self.white + other.white, self.bme + other.bme, self.unknown + other.unknown
        )

    def get(self, group: Group) -> int:
        return {Group.WHITE: self.white, Group.BME: self.bme, Group.UNKNOWN: self.unknown}[group]

    @property
    def total(self) -> int:
        return self.white + self.bme + self.unknown

    def denominator(self, basis: PercentBasis) -> int:
        return self.total if basis is PercentBasis.ALL_STAFF else self.white + self.bme

    def bme_share(self, basis: PercentBasis) -> float | None:
        d = self.denominator(basis)
        return self.bme / d if d else None


@dataclass(frozen=True)
class WorkforceRow:
    year: int
    staff_group: StaffGroup
    band: str
    counts: GroupCounts
    row: int


@dataclass(frozen=True)
class EventRow:
    """A recruitment, disciplinary or training row, summed per group."""

    year: int
    group: Group
    events: int
    total: int | None
    rows: tuple[int, ...]


@dataclass(frozen=True)
class SurveyRow:
    """One group's survey result; ``respondents`` and ``events`` are None when only the
    published percentage was typed (the comparison is then reported but not tested)."""

    year: int
    indicator: int
    group: Group
    respondents: int | None
    rate: float
    events: int | None
    rows: tuple[int, ...]


@dataclass(frozen=True)
class BoardRow:
    year: int
    executive: bool
    voting: bool
    group: Group
    headcount: int
    row: int


@dataclass
class WresData:
    """Everything the indicators need, validated; ``invalid`` marks (indicator, year) pairs
    whose inputs had errors so those are reported Not computed rather than wrong."""

    settings: Settings
    workforce: list[WorkforceRow] = field(default_factory=list)
    recruitment: list[EventRow] = field(default_factory=list)
    disciplinary: list[EventRow] = field(default_factory=list)
    training: list[EventRow] = field(default_factory=list)
    survey: list[SurveyRow] = field(default_factory=list)
    board: list[BoardRow] = field(default_factory=list)
    invalid: dict[tuple[int, int], str] = field(default_factory=dict)
    missing_tables: dict[str, str] = field(default_factory=dict)
    checks: list[Check] = field(default_factory=list)

    def years(self) -> list[int]:
        found: set[int] = set()
        for rows in (
            self.workforce,
            self.recruitment,
            self.disciplinary,
            self.training,
            self.survey,
            self.board,
        ):
            found.update(r.year for r in rows)
        found.update(year for (_, year) in self.invalid)
        return sorted(found)
