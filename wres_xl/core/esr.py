"""Counting the workforce from a record-level ESR staff extract (issue 7, SPEC §2).

ESR exports one row per *assignment*, so the rows are not people: a nurse with a
substantive post and a bank post appears twice, a doctor with two part-time posts twice.
This module turns such columns into the ``tblWorkforce`` counts:

* each person is counted once, on the assignment the extract marks as primary, otherwise
  on their highest band (AfC bands in ``AFC_BANDS`` order; any medical grade ranks above any
  AfC band, and medical grades rank Other < Trainee grade < Non-consultant career grade <
  Consultant < Senior medical manager); ties go to the earlier row so results are stable;
* bank assignments are ignored, so a person whose every assignment is bank is not counted
  at all (SPEC §2);
* the employee number identifies the person; where it is blank (or the column is absent)
  the part of the ESR assignment number before the "-" is used, because ESR builds
  assignment numbers as ``<employee number>-<sequence>``;
* ethnic origin is classified by its leading NHS code (``classify_ethnicity``); a value that
  is not recognised is counted as Unknown and listed in the report;
* a person whose chosen assignment has an unrecognised staff group or AfC pay band is left
  out of the Workforce table (a band-table cell must be a real band) and listed in the
  report with the value, so totals always equal the sum of the table; a Medical & Dental
  person whose grade is not recognised is counted as "Other", the WRES grade for "other and
  local doctor grades", and listed too;
* pay bands outside Agenda for Change ("Non-AfC Grade", "Non-Review Body Band") are counted
  as VSM and the report says so, because for non-medical staff that is what they nearly
  always are.

Everything is vectorised: each column is factorised once (a hash lookup per row) and every
*distinct* value is classified once, so 100,000 rows cost a few tens of milliseconds.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import math
import re
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from wres_xl.core.bands import (
    AFC_BANDS,
    MEDICAL_BANDS,
    STAFF_GROUPS,
    StaffGroup,
    bands_for,
    normalise_band,
    normalise_staff_group,
)
from wres_xl.core.groups import Group, classify_ethnicity, group_label
from wres_xl.core.schema import WORKFORCE
from wres_xl.errors import InputError, UnknownLabelError

IntArray = npt.NDArray[np.intp]
BoolArray = npt.NDArray[np.bool_]

# ---------------------------------------------------------------------------------------
# Columns

PERSON = "person"
ASSIGNMENT = "assignment"
PRIMARY = "primary"
STAFF_GROUP = "staff_group"
PAY_BAND = "pay_band"
GRADE = "grade"
CATEGORY = "category"
ETHNICITY = "ethnicity"
OCCUPATION = "occupation"
JOB_ROLE = "job_role"
POSITION = "position"
DATE = "date"

#: ESR column headers accepted for each field, compared ignoring case, spaces and punctuation.
#: The first name is the one shown to users.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    PERSON: (
        "Employee Number",
        "Person Number",
        "Assignment Person Number",
        "Staff Number",
        "Employee No",
        "Employee ID",
        "Person ID",
        "Staff ID",
        "Emp No",
    ),
    ASSIGNMENT: ("Assignment Number", "Assignment No", "Assignment ID"),
    PRIMARY: (
        "Primary Assignment",
        "Primary Flag",
        "Primary Assignment Flag",
        "Primary Assignment Indicator",
        "Primary",
    ),
    STAFF_GROUP: ("Staff Group", "Staff Group Name", "ESR Staff Group"),
    PAY_BAND: ("Pay Band", "Payband", "Band", "AfC Band", "Pay Band Name"),
    GRADE: ("Grade", "Grade Code", "Pay Scale", "Pay Grade", "Grade Name", "Pay Scale Code"),
    CATEGORY: (
        "Assignment Category",
        "Assignment Category Name",
        "Employee Category",
        "Employment Category",
        "Contract Type",
    ),
    ETHNICITY: ("Ethnic Origin", "Ethnicity", "Ethnic Group", "Ethnic Category"),
    OCCUPATION: ("Occupation Code", "Occupation"),
    JOB_ROLE: ("Job Role", "Role"),
    POSITION: ("Position Title", "Position Name", "Job Title", "Position"),
    DATE: (
        "Snapshot Date",
        "Effective Date",
        "Extract Date",
        "Census Date",
        "As At Date",
        "Report Date",
        "Reporting Date",
    ),
}

#: Each entry is one need; any of its fields satisfies it.
_NEEDS: tuple[tuple[str, ...], ...] = (
    (PERSON, ASSIGNMENT),
    (STAFF_GROUP,),
    (PAY_BAND, GRADE),
    (ETHNICITY,),
)
#: How each need is named in messages: the usual ESR header, then other accepted ones.
_NEED_NAMES: tuple[tuple[str, ...], ...] = (
    (
        "Employee Number",
        "Person Number",
        "Assignment Person Number",
        "Staff Number",
        "Assignment Number",
    ),
    ("Staff Group",),
    ("Pay Band", "Payband", "Band", "Grade", "Grade Code", "Pay Scale"),
    ("Ethnic Origin", "Ethnicity", "Ethnic Group"),
)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _header_key(value: object) -> str:
    return re.sub(r"[^a-z0-9]", "", str(value).casefold()) if value is not None else ""


_ALIAS_TO_FIELD: dict[str, str] = {
    _header_key(alias): field for field, aliases in FIELD_ALIASES.items() for alias in aliases
}


def match_headers(headers: Sequence[object]) -> dict[str, int]:
    """Field name → position of the first header that names it (case/spacing-insensitive)."""
    found: dict[str, int] = {}
    for index, header in enumerate(headers):
        field = _ALIAS_TO_FIELD.get(_header_key(header))
        if field is not None and field not in found:
            found[field] = index
    return found


def missing_needs(fields: Mapping[str, object]) -> list[str]:
    """Plain-English names of the needed columns that ``fields`` lacks."""
    missing = []
    for need, names in zip(_NEEDS, _NEED_NAMES, strict=True):
        if not any(field in fields for field in need):
            also = f" (also accepted: {', '.join(names[1:])})" if len(names) > 1 else ""
            missing.append(names[0] + also)
    return missing


def find_header_row(rows: Sequence[Sequence[object]], *, scan: int = 20) -> int | None:
    """Index of the first of the first ``scan`` rows that holds every needed header."""
    for index, row in enumerate(rows[:scan]):
        if not missing_needs(match_headers(row)):
            return index
    return None


def best_header_guess(rows: Sequence[Sequence[object]], *, scan: int = 20) -> list[str]:
    """The non-blank cells of the row that looks most like a header row, for error messages."""
    best: list[str] = []
    best_score = -1
    for row in rows[:scan]:
        cells = [_display(c) for c in row if not _is_blank(c)]
        score = len(match_headers(row))
        if cells and score > best_score:
            best, best_score = cells, score
    return best


def columns_error(found: Sequence[str], missing: Sequence[str], where: str) -> InputError:
    """The error for an extract that lacks needed columns: what was found, what is needed."""
    shown = ", ".join(found[:30]) + (f" and {len(found) - 30} more" if len(found) > 30 else "")
    needed = ", ".join(names[0] for names in _NEED_NAMES)
    return InputError(
        f"{_sentence(where)} does not have the columns needed to count staff. "
        f"Missing: {'; '.join(missing)}. "
        f"Columns found: {shown or 'none'}. "
        f"Needed: {needed} (and ideally Assignment Category and Primary Assignment). "
        "Export the extract again with these columns, or rename the headers to match."
    )


# ---------------------------------------------------------------------------------------
# Results


@dataclass(frozen=True)
class Exclusion:
    """Rows of the extract that were not counted, and why."""

    reason: str
    rows: int
    people: int
    severity: str = "info"


@dataclass(frozen=True)
class ValueNote:
    """A value in the extract that was not recognised, or was mapped by an assumption."""

    column: str  # the header as it appears in the extract
    value: str
    rows: int  # rows considered for counting (not bank, with an employee number)
    people: int  # counted people whose chosen assignment carries the value
    outcome: str  # e.g. "counted as Unknown"
    workforce_column: str | None  # the tblWorkforce column it affects
    severity: str = "warning"


@dataclass(frozen=True)
class ImportReport:
    source: str
    year: int
    rows_read: int
    people_counted: int
    headcount: dict[str, int]
    exclusions: tuple[Exclusion, ...]
    unrecognised: tuple[ValueNote, ...]
    assumptions: tuple[ValueNote, ...]
    #: General remarks: (severity, message).
    notes: tuple[tuple[str, str], ...]
    #: Field → header of the extract column used for it.
    columns_used: dict[str, str]

    @property
    def rows_excluded(self) -> int:
        return sum(e.rows for e in self.exclusions)

    def unrecognised_counts(self) -> dict[str, int]:
        """Extract column → number of rows with a value that was not recognised."""
        counts: dict[str, int] = {}
        for note in self.unrecognised:
            counts[note.column] = counts.get(note.column, 0) + note.rows
        return counts

    def lines(self, bme_term: str = "BME") -> list[str]:
        """Plain-English lines for the terminal."""
        h = self.headcount
        out = [
            f"Read {self.rows_read:,} rows from {self.source}.",
            f"Counted {self.people_counted:,} people for WRES year {self.year} "
            f"(31 March {self.year}): {h['white']:,} White, {h['bme']:,} "
            f"{group_label(Group.BME, bme_term)}, {h['unknown']:,} Unknown.",
        ]
        shown = [e for e in self.exclusions if e.rows]
        if shown:
            out.append(f"Left out {self.rows_excluded:,} rows:")
            out.extend(f"  {_exclusion_text(e)}" for e in shown)
        if self.unrecognised:
            out.append("Values not recognised:")
            out.extend(f"  {_note_text(n)}" for n in self.unrecognised)
        if self.assumptions:
            out.append("Assumptions made:")
            out.extend(f"  {_note_text(n)}" for n in self.assumptions)
        out.extend(message for _, message in self.notes)
        return out

    def checks(self) -> list[dict[str, object]]:
        """Problems for the Checks sheet (SPEC §7 shape, plus the table name)."""

        def check(severity: str, column: str | None, message: str) -> dict[str, object]:
            return {
                "severity": severity,
                "sheet": WORKFORCE.sheet,
                "table": WORKFORCE.name,
                "row": None,
                "column": column,
                "message": message,
            }

        found = [
            check(
                "info",
                None,
                f"Imported the {self.year} workforce from the ESR extract {self.source}: "
                f"{self.rows_read:,} rows read, {self.people_counted:,} people counted.",
            )
        ]
        found += [
            check(e.severity, None, f"ESR import: {_exclusion_text(e)}.")
            for e in self.exclusions
            if e.rows
        ]
        found += [
            check(n.severity, n.workforce_column, f"ESR import: {_note_text(n)}.")
            for n in (*self.unrecognised, *self.assumptions)
        ]
        found += [check(severity, None, f"ESR import: {m}") for severity, m in self.notes]
        return found


def _rows(n: int) -> str:
    return f"{n:,} row" + ("" if n == 1 else "s")


def _people(n: int) -> str:
    return f"{n:,} " + ("person" if n == 1 else "people")


def _exclusion_text(e: Exclusion) -> str:
    who = f" ({_people(e.people)})" if e.people else ""
    return f"{_rows(e.rows)}{who}: {e.reason}"


def _note_text(n: ValueNote) -> str:
    return f"{n.column} '{n.value}' in {_rows(n.rows)}; {_people(n.people)} {n.outcome}"


@dataclass(frozen=True)
class EsrImportResult:
    year: int
    #: tblWorkforce rows in standard order, zero rows included, exactly WORKFORCE.columns.
    workforce: list[dict[str, object]]
    #: Total headcount per ethnic group, for the Disciplinary and Training Headcount columns.
    headcount: dict[str, int]
    report: ImportReport


# ---------------------------------------------------------------------------------------
# Classifying distinct values


def _is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, float) and math.isnan(value)


def _display(value: object) -> str:
    if _is_blank(value):
        return "(blank)"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    return " ".join(str(value).split())


def _squash(value: object) -> str:
    text = str(value).casefold().replace("&", " and ")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def _person_key(value: object) -> str | None:
    # Exact type checks first: this runs once per distinct person, tens of thousands of times.
    if type(value) is float and value.is_integer():
        return str(int(value))
    if type(value) is str:
        text = value.strip()
        if not text:
            return None
    elif _is_blank(value) or isinstance(value, bool):
        return None
    else:
        text = _display(value)
    # A number stored as text keeps or loses its leading zeros depending on the export.
    return (text.lstrip("0") or "0") if text.isdigit() else text.casefold()


def _person_from_assignment(value: object) -> str | None:
    if isinstance(value, float) and value.is_integer():
        return _person_key(value)
    key = _person_key(value)
    return None if key is None else _person_key(key.split("-")[0])


_YES = frozenset({"yes", "y", "true", "t", "1", "primary", "p"})
_NO = frozenset({"no", "n", "false", "f", "0", "secondary", "s", "not primary"})


def _primary_flag(value: object) -> bool | None:
    """True/False, or None when the text is not a recognisable flag."""
    if _is_blank(value):
        return False
    if isinstance(value, bool | int | float):
        return bool(value)
    key = _squash(value)
    if key in _YES:
        return True
    if key in _NO:
        return False
    return None


def _is_bank(value: object) -> bool:
    return not _is_blank(value) and re.search(r"\bbank\b", _squash(value)) is not None


def esr_staff_group(value: object) -> StaffGroup | None:
    """WRES staff group of an ESR staff group, or None when it is not recognised.

    The mapping lives in ``bands.normalise_staff_group`` so the Workforce table accepts the
    same names.
    """
    if _is_blank(value):
        return None
    try:
        return normalise_staff_group(value)
    except UnknownLabelError:
        return None


_BAND_IN_TEXT = re.compile(r"\bband ?0?([1-9])(?: range)? ?([a-d])?\b")
_NON_AFC = re.compile(r"\bnon (?:afc|agenda for change|review body)\b")


def esr_afc_band(value: object) -> tuple[str | None, bool]:
    """(AfC band, assumed) for an ESR pay band or grade; ``assumed`` marks Non-AfC → VSM."""
    if _is_blank(value) or isinstance(value, bool):
        return None, False
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    try:
        return normalise_band(value, StaffGroup.CLINICAL), False
    except UnknownLabelError:
        pass
    key = _squash(value)
    match = _BAND_IN_TEXT.search(key)
    if match:
        try:
            return normalise_band(f"Band {match.group(1)}{match.group(2) or ''}"), False
        except UnknownLabelError:
            return None, False
    if _NON_AFC.search(key):
        return "VSM", True
    if "very senior manager" in key or re.search(r"\bvsm\b", key):
        return "VSM", False
    return None, False


_SENIOR_MEDICAL = re.compile(
    r"\b(?:medical director|clinical director|chief medical officer|senior medical manager)\b"
)
_CONSULTANT = re.compile(r"\bconsultants?\b")
_TRAINEE = re.compile(
    r"\b(?:foundation|fy ?[12]|f[12]|registrars?|spr|str|st ?[1-9]|ct ?[1-3]|"
    r"core (?:medical )?(?:training|trainee)|special(?:i)?ty (?:training|trainee)|"
    r"specialist trainee|trainees?|in training|(?:senior )?house officer|sho|prho|"
    r"junior doctors?|resident doctors?|gp (?:registrar|trainee))\b"
)
_CAREER_GRADE = re.compile(
    r"\b(?:special(?:i)?ty doctors?|associate specialists?|staff grade|specialists?|sas|"
    r"sas doctors?|non consultant career grade)\b"
)
_OTHER_MEDICAL = re.compile(
    r"\b(?:other|clinical assistant|hospital practitioner|trust grade|clinical fellow|"
    r"locally employed|medical support worker|dental officer|dental surgeon|locum|"
    r"general practitioner)\b"
)


def esr_medical_grade(texts: Sequence[object]) -> str | None:
    """Medical grade from grade/band/role texts in priority order, or None if none is clear.

    A medical or clinical director is usually paid on the consultant scale, so the role is
    checked in every text before the grade.
    """
    keys = [_squash(t) for t in texts if not _is_blank(t)]
    if any(_SENIOR_MEDICAL.search(k) for k in keys):
        return "Senior medical manager"
    for key in keys:
        try:
            return normalise_band(key, StaffGroup.MEDICAL)
        except UnknownLabelError:
            pass
        if _CONSULTANT.search(key):
            return "Consultant"
        if _TRAINEE.search(key):
            return "Trainee grade"
        if _CAREER_GRADE.search(key):
            return "Non-consultant career grade"
        if _OTHER_MEDICAL.search(key):
            return "Other"
    return None


#: Seniority used to pick a person's highest assignment when none is marked primary.
_MEDICAL_RANK: dict[str, int] = {
    "Other": 0,
    "Trainee grade": 1,
    "Non-consultant career grade": 2,
    "Consultant": 3,
    "Senior medical manager": 4,
}
_MEDICAL_RANK_BASE = 100  # any medical grade outranks any AfC band
_BAND_SLOTS = max(len(AFC_BANDS), len(MEDICAL_BANDS))
_GROUP_CODES = {g: i for i, g in enumerate(STAFF_GROUPS)}
_MEDICAL_CODE = _GROUP_CODES[StaffGroup.MEDICAL]
_AFC_CODES = (_GROUP_CODES[StaffGroup.NON_CLINICAL], _GROUP_CODES[StaffGroup.CLINICAL])
_ETHNIC_ORDER = (Group.WHITE, Group.BME, Group.UNKNOWN)


# ---------------------------------------------------------------------------------------
# Year


def _as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 20000 < value < 80000:
        # An Excel serial date that arrived as a number.
        return dt.date(1899, 12, 30) + dt.timedelta(days=int(value))
    if not isinstance(value, str):
        return None
    # Drop a time of day ("2024-03-31T00:00:00", "31/03/2024 00:00").
    text = re.split(r"[T ](?=\d{1,2}:)", value.strip())[0]
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d-%b-%Y", "%d %b %Y", "%d %B %Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def wres_year_of(date: dt.date) -> int | None:
    """The WRES year whose 31 March snapshot ``date`` is within three months of, if any."""
    for year in (date.year, date.year + 1):
        if abs((date - dt.date(year, 3, 31)).days) <= 92:
            return year
    return None


def infer_esr_year(columns: Mapping[str, Sequence[object]]) -> tuple[int, str]:
    """(year, how it was found) from a snapshot-date column; an InputError if it cannot tell.

    WRES year Y is the workforce at 31 March Y, so an extract dated within three months of
    31 March Y is for year Y. Every date in the column must give the same year.
    """
    headers = list(columns)
    found = match_headers(headers)
    if DATE not in found:
        return year_from_dates(None, ())
    return year_from_dates(str(headers[found[DATE]]), columns[headers[found[DATE]]])


def year_from_dates(header: str | None, values: Iterable[object]) -> tuple[int, str]:
    """``infer_esr_year`` on the values of the snapshot-date column ``header`` (None: absent)."""
    ask = "Give the WRES year yourself (for example --year 2024 on the command line)."
    if header is None:
        raise InputError(
            "Could not tell which WRES year this extract is for: it has no snapshot date "
            f"column ({', '.join(FIELD_ALIASES[DATE][:3])}). {ask}"
        )
    years: dict[int, dt.date] = {}
    for value in dict.fromkeys(values):
        if _is_blank(value):
            continue
        date = _as_date(value)
        year = None if date is None else wres_year_of(date)
        if date is None or year is None:
            raise InputError(
                f"Could not tell which WRES year this extract is for: the {header} column "
                f"holds '{_display(value)}', which is not a date within three months of "
                f"31 March. {ask}",
                column=header,
            )
        years.setdefault(year, date)
    if len(years) != 1:
        dates = ", ".join(d.isoformat() for d in sorted(years.values()))
        reason = f"holds dates for different years ({dates})" if years else "is empty"
        raise InputError(
            f"Could not tell which WRES year this extract is for: the {header} column "
            f"{reason}. {ask}",
            column=header,
        )
    ((year, date),) = years.items()
    return year, f"the {header} column ({date.isoformat()})"


# ---------------------------------------------------------------------------------------
# Aggregation
#
# The extract arrives in chunks of rows (``EsrCounter.add_rows``), so nothing the size of the
# extract is ever held as Python objects: each chunk is reduced to a few integer codes per row
# (the person, the "profile" of classified columns, the medical grade texts) and dropped.
# ``EsrCounter.result`` then works on those integer arrays alone, in named steps.

#: Columns classified together: every row is reduced to its combination ("profile") of these
#: values, which a trust has a few thousand of, and each profile is classified once.
_PROFILE_FIELDS = (STAFF_GROUP, PAY_BAND, GRADE, CATEGORY, ETHNICITY, PRIMARY)
_ROLE_FIELDS = (JOB_ROLE, POSITION, OCCUPATION)
_NOT_RECOGNISED = "left out of the Workforce table"
#: Person keys are int64: a number (the usual ESR employee number) is its own key, so the
#: common case never builds a string; any other text gets an id from a dict, stored as
#: ``_TEXT_KEY_BASE - id`` so it cannot meet a number. ``_NO_PERSON`` marks a blank.
_NO_PERSON = -1
_TEXT_KEY_BASE = -2
_MAX_DIGITS = 18  # every 18-digit number fits an int64
#: Comma-joined plain employee numbers: each 1 to 18 ASCII digits, so each fits an int64.
_NUMBER_LIST = re.compile(r"[0-9]{1,18}(?:,[0-9]{1,18})*")


def factorize(values: Sequence[Hashable], *, text: bool = False) -> tuple[IntArray, list[Any]]:
    """Codes per value and the distinct values in first-seen order, with numpy.

    Values are grouped by their hashes (one C-level call each, then a numpy sort of
    integers). Numbers have structured hashes (-1 and -2 share one), so unless ``text``
    says every value is a string (or a tuple of strings), each value is compared with its
    group's representative and a chunk where two differ is factorised exactly with a dict.
    Strings are hashed with SipHash under a key drawn at random for each process, so two
    different strings share a hash with odds of 2**-64 a pair: below one in ten billion for
    a whole chunk, far rarer than a memory fault, and not something an input can arrange.
    """
    n = len(values)
    if not n:
        return np.empty(0, dtype=np.intp), []
    hashes = np.fromiter(map(hash, values), dtype=np.int64, count=n)
    _, first, codes = np.unique(hashes, return_index=True, return_inverse=True)
    # First-seen order, so results never depend on the process's hash seed.
    order = np.argsort(first, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    codes = rank[codes.reshape(-1)]
    first = first[order]
    if not text:
        objects = np.fromiter(values, dtype=object, count=n)
        if not bool((objects == objects[first][codes]).all()):
            index: dict[Hashable, int] = {}
            add = index.setdefault
            exact = [add(v, len(index)) for v in values]
            return np.array(exact, dtype=np.intp), list(index)
    return codes.astype(np.intp, copy=False), [values[i] for i in first.tolist()]


@dataclass(frozen=True, slots=True)
class _NoteKey:
    """What a value note is about; notes with the same key are added together."""

    column: str  # the extract's header
    value: str  # the value as shown to users
    outcome: str  # e.g. "counted as Unknown"
    workforce_column: str | None  # the tblWorkforce column it affects
    severity: str


@dataclass(slots=True)
class _Count:
    """Rows and counted people that one value note is about."""

    rows: int = 0
    people: int = 0


class _Tally:
    """Rows and counted people per note key, for the report's value notes."""

    def __init__(self) -> None:
        self.found: dict[_NoteKey, _Count] = {}

    def add(self, key: _NoteKey, rows: int, people: int) -> None:
        if rows:
            entry = self.found.setdefault(key, _Count())
            entry.rows += rows
            entry.people += people

    def notes(self) -> list[ValueNote]:
        ordered = sorted(
            self.found.items(), key=lambda kv: (kv[0].column, -kv[1].rows, kv[0].value)
        )
        return [
            ValueNote(
                k.column, k.value, c.rows, c.people, k.outcome, k.workforce_column, k.severity
            )
            for k, c in ordered
        ]


@dataclass(slots=True)
class _Profiles:
    """Each distinct profile (combination of ``_PROFILE_FIELDS`` values), classified once."""

    fields: list[str]  # the profile fields this extract has, in tuple order
    used: Mapping[str, str]
    combos: list[tuple[object, ...]] = dataclasses.field(default_factory=list)
    blank: list[bool] = dataclasses.field(default_factory=list)
    group: list[int] = dataclasses.field(
        default_factory=list
    )  # index in STAFF_GROUPS, -1 unrecognised
    ethnic: list[int] = dataclasses.field(default_factory=list)  # index in _ETHNIC_ORDER
    ethnic_found: list[bool] = dataclasses.field(default_factory=list)
    bank: list[bool] = dataclasses.field(default_factory=list)
    primary: list[bool | None] = dataclasses.field(
        default_factory=list
    )  # None: not a recognisable flag
    band: list[int] = dataclasses.field(
        default_factory=list
    )  # index in AFC_BANDS, -1 none (or medical)
    band_note: list[_NoteKey | None] = dataclasses.field(default_factory=list)
    ids: dict[tuple[object, ...], int] = dataclasses.field(default_factory=dict)
    _memo: dict[tuple[str, object], Any] = dataclasses.field(default_factory=dict)

    def value(self, combo: tuple[object, ...], name: str) -> object:
        return combo[self.fields.index(name)] if name in self.fields else None

    def _once(self, name: str, value: object, classify: Callable[[Any], Any]) -> Any:
        key = (name, value)
        if key not in self._memo:
            self._memo[key] = classify(value)
        return self._memo[key]

    def add(self, combo: tuple[object, ...]) -> int:
        """The id of ``combo``, classifying it when it is new."""
        found = self.ids.get(combo)
        if found is not None:
            return found
        has = dict(zip(self.fields, combo, strict=True))
        group = self._once(STAFF_GROUP, has[STAFF_GROUP], _group_code)
        ethnic, found_ethnic = self._once(ETHNICITY, has[ETHNICITY], _ethnic_code)
        blank = all(_is_blank(v) for v in combo)
        band, note = -1, None
        if group in _AFC_CODES and not blank:
            band_fields = [f for f in (PAY_BAND, GRADE) if f in has]
            texts = tuple(has[f] for f in band_fields)
            band, note = self._once(
                "afc", texts, lambda t: _afc_for(t, [self.used[f] for f in band_fields])
            )
        self.ids[combo] = len(self.combos)
        self.combos.append(combo)
        self.blank.append(blank)
        self.group.append(group)
        self.ethnic.append(ethnic)
        self.ethnic_found.append(found_ethnic)
        self.bank.append(CATEGORY in has and self._once(CATEGORY, has[CATEGORY], _is_bank))
        self.primary.append(
            self._once(PRIMARY, has[PRIMARY], _primary_flag) if PRIMARY in has else False
        )
        self.band.append(band)
        self.band_note.append(note)
        return len(self.combos) - 1


def _group_code(value: object) -> int:
    group = esr_staff_group(value)
    return -1 if group is None else _GROUP_CODES[group]


def _ethnic_code(value: object) -> tuple[int, bool]:
    try:
        return _ETHNIC_ORDER.index(classify_ethnicity(value)), True
    except UnknownLabelError:
        return _ETHNIC_ORDER.index(Group.UNKNOWN), False


@dataclass(slots=True)
class _MedicalGrades:
    """Each distinct (grade, band, role...) text combination of medical rows, graded once."""

    fields: list[str]
    used: Mapping[str, str]
    ids: dict[tuple[object, ...], int] = dataclasses.field(default_factory=dict)
    grade: list[int] = dataclasses.field(default_factory=list)  # index in MEDICAL_BANDS
    note: dict[int, _NoteKey] = dataclasses.field(default_factory=dict)

    def add(self, texts: tuple[object, ...]) -> int:
        found = self.ids.get(texts)
        if found is not None:
            return found
        k = self.ids[texts] = len(self.grade)
        grade = esr_medical_grade(texts)
        if grade is None:
            grade = "Other"
            column, value = _first_text(texts, self.fields, self.used)
            self.note[k] = _NoteKey(
                column, value, "counted as Medical & Dental grade 'Other'", "Band", "warning"
            )
        self.grade.append(MEDICAL_BANDS.index(grade))
        return k


@dataclass(frozen=True, slots=True)
class _RowFacts:
    """Per-row integer facts of the whole extract, ready for choosing assignments."""

    person: IntArray  # person id, -1 when none
    n_people: int
    profile: IntArray
    staff_group: IntArray
    band: IntArray  # index within the group's bands, -1 unrecognised
    rank: IntArray  # seniority for choosing the highest assignment
    ethnic: IntArray
    bank: BoolArray
    primary: BoolArray
    live: BoolArray  # not a blank line
    medical_key: IntArray  # id in _MedicalGrades, -1 for non-medical rows


@dataclass(frozen=True, slots=True)
class _Choice:
    """Which assignment counts for each person, and which rows were left out."""

    substantive: BoolArray
    bank_only: BoolArray
    bank_extra: BoolArray
    chosen: IntArray  # one row per person with a substantive post
    chosen_mask: BoolArray
    placed_rows: IntArray  # chosen rows with a recognised staff group and band


class _Chunk(NamedTuple):
    """The integer codes of one chunk of rows, kept until ``result`` joins them."""

    profile: IntArray  # id in _Profiles
    person: npt.NDArray[np.int64]  # person key (_NO_PERSON when none)
    medical_key: IntArray  # id in _MedicalGrades, -1 for non-medical rows


class EsrCounter:
    """Counts an ESR extract fed in chunks of rows: ``add_rows`` each chunk, then ``result``.

    ``headers`` is the extract's header row; rows are sequences in that order (short rows
    are padded with blanks). Memory grows by a few integers per row, never by the rows.
    """

    def __init__(self, headers: Sequence[object], *, source: str = "the ESR extract") -> None:
        positions = match_headers(headers)
        missing = missing_needs(positions)
        if missing:
            raise columns_error([_display(h) for h in headers if not _is_blank(h)], missing, source)
        self.source = source
        self.used = {f: str(headers[i]) for f, i in positions.items()}
        self._positions = positions
        self._width = max(positions.values()) + 1
        fields = [f for f in _PROFILE_FIELDS if f in positions]
        self._profile_of = itemgetter(*(positions[f] for f in fields))
        self._profiles = _Profiles(fields, self.used)
        med_fields = [f for f in (GRADE, PAY_BAND, *_ROLE_FIELDS) if f in positions]
        self._medical = _MedicalGrades(med_fields, self.used)
        self._medical_of = _tuple_getter([positions[f] for f in med_fields])
        self._text_keys: dict[str, int] = {}
        self._date_of = itemgetter(positions.get(DATE, 0))
        self._chunks: list[_Chunk] = []
        self._dates: dict[object, None] = {}
        self.rows = 0

    @property
    def date_header(self) -> str | None:
        """The header of the snapshot-date column, if the extract has one."""
        return self.used.get(DATE)

    @property
    def dates(self) -> list[object]:
        """The distinct values of the snapshot-date column, in first-seen order."""
        return list(self._dates)

    def add_rows(self, rows: Sequence[Sequence[object]], *, text: bool = False) -> None:
        """Count a chunk of rows; ``text`` promises every cell is a ``str`` (a CSV file)."""
        if not rows:
            return
        try:
            self._add(rows, text)
        except IndexError:  # a short CSV line: its missing cells are blank
            pad = ("",) * self._width
            self._add([r if len(r) >= self._width else (*r, *pad[len(r) :]) for r in rows], text)

    def _add(self, rows: Sequence[Sequence[object]], text: bool) -> None:
        # A short row raises IndexError at any getter below; everything changed before the
        # chunk is appended at the end is a cache that a retry finds again, so it is safe.
        dates = dict.fromkeys(map(self._date_of, rows)) if DATE in self._positions else {}
        codes, combos = factorize(list(map(self._profile_of, rows)), text=text)
        known, add = self._profiles.ids.get, self._profiles.add
        ids = np.array([add(c) if (i := known(c)) is None else i for c in combos], dtype=np.intp)
        profile = ids[codes]
        person = self._person_keys(rows, text)
        groups = np.array([self._profiles.group[i] for i in ids.tolist()], dtype=np.intp)
        medical_key = np.full(len(rows), -1, dtype=np.intp)
        medical = np.flatnonzero(groups[codes] == _MEDICAL_CODE)
        if medical.size:
            texts = [self._medical_of(rows[i]) for i in medical.tolist()]
            m_codes, distinct = factorize(texts, text=text)
            m_ids = np.array([self._medical.add(t) for t in distinct], dtype=np.intp)
            medical_key[medical] = m_ids[m_codes]
        self._dates.update(dates)
        self._chunks.append(_Chunk(profile, person, medical_key))
        self.rows += len(rows)

    def _person_keys(self, rows: Sequence[Sequence[object]], text: bool) -> npt.NDArray[np.int64]:
        keys = np.full(len(rows), _NO_PERSON, dtype=np.int64)
        if PERSON in self._positions:
            at = self._positions[PERSON]
            keys = self._keys(list(map(itemgetter(at), rows)), _person_key, text)
        if ASSIGNMENT in self._positions:
            need = np.flatnonzero(keys == _NO_PERSON)
            if need.size:
                at = self._positions[ASSIGNMENT]
                values = [rows[i][at] for i in need.tolist()]
                keys[need] = self._keys(values, _person_from_assignment, text)
        return keys

    def _keys(
        self, values: list[object], key: Callable[[object], str | None], text: bool
    ) -> npt.NDArray[np.int64]:
        fast = _number_keys(values) if key is _person_key else None
        if fast is not None:
            return fast
        codes, distinct = factorize(values, text=text)
        add = self._text_keys.setdefault
        out = np.empty(len(distinct), dtype=np.int64)
        for i, value in enumerate(distinct):
            k = key(value)
            if k is None:
                out[i] = _NO_PERSON
            elif len(k) <= _MAX_DIGITS and k.isascii() and k.isdigit():
                out[i] = int(k)
            else:
                out[i] = _TEXT_KEY_BASE - add(k, len(self._text_keys))
        return out[codes]

    def result(self, *, year: int) -> EsrImportResult:
        """Workforce counts, headcounts and the import report for WRES year ``year``."""
        facts = self._row_facts()
        rows_read = int(facts.live.sum())
        if not rows_read:
            raise InputError(
                f"{_sentence(self.source)} has column headers but no rows of staff below them. "
                "Check that the extract was run for the right organisation and date."
            )
        choice = _choose_assignments(facts)
        workforce, headcount = _workforce_rows(year, facts, choice)
        value_notes = self._value_notes(facts, choice)
        report = ImportReport(
            source=self.source,
            year=year,
            rows_read=rows_read,
            people_counted=len(choice.placed_rows),
            headcount=headcount,
            exclusions=_exclusions(facts, choice, self.used),
            unrecognised=tuple(v for v in value_notes if v.severity != "info"),
            assumptions=tuple(v for v in value_notes if v.severity == "info"),
            notes=tuple(self._general_notes(facts, choice)),
            columns_used=dict(self.used),
        )
        return EsrImportResult(year=year, workforce=workforce, headcount=headcount, report=report)

    def _row_facts(self) -> _RowFacts:
        p = self._profiles
        empty = np.empty(0, dtype=np.intp)
        profile = np.concatenate([c.profile for c in self._chunks]) if self._chunks else empty
        keys = (
            np.concatenate([c.person for c in self._chunks])
            if self._chunks
            else np.empty(0, dtype=np.int64)
        )
        medical_key = (
            np.concatenate([c.medical_key for c in self._chunks]) if self._chunks else empty
        )
        person = np.full(len(keys), -1, dtype=np.intp)
        known = keys != _NO_PERSON
        distinct, ids = np.unique(keys[known], return_inverse=True)
        person[known] = ids.reshape(-1)
        band = np.array(p.band, dtype=np.intp)[profile] if p.combos else empty.copy()
        rank = band.copy()
        medical = np.flatnonzero(medical_key >= 0)
        if medical.size:
            grades = np.array(self._medical.grade, dtype=np.intp)[medical_key[medical]]
            seniority = np.array([_MEDICAL_RANK[b] for b in MEDICAL_BANDS], dtype=np.intp)
            band[medical] = grades
            rank[medical] = _MEDICAL_RANK_BASE + seniority[grades]

        def per_row(values: Sequence[Any], dtype: type) -> Any:
            return np.array(values, dtype=dtype)[profile] if values else np.empty(0, dtype)

        return _RowFacts(
            person=person,
            n_people=max(len(distinct), 1),
            profile=profile,
            staff_group=per_row(p.group, np.intp),
            band=band,
            rank=rank,
            ethnic=per_row(p.ethnic, np.intp),
            bank=per_row(p.bank, np.bool_),
            primary=per_row([bool(f) for f in p.primary], np.bool_),
            live=~(per_row(p.blank, np.bool_) & (person < 0)),
            medical_key=medical_key,
        )

    def _value_notes(self, facts: _RowFacts, choice: _Choice) -> list[ValueNote]:
        p, used = self._profiles, self.used
        n = len(p.combos)
        tally = _Tally()
        rows_by = np.bincount(facts.profile[choice.substantive], minlength=n)
        people_by = np.bincount(facts.profile[choice.chosen], minlength=n)
        counted_by = np.bincount(facts.profile[choice.placed_rows], minlength=n)
        for i in np.flatnonzero(rows_by).tolist():
            combo = p.combos[i]
            rows_i, people_i = int(rows_by[i]), int(people_by[i])
            if not p.ethnic_found[i]:
                shown = _display(p.value(combo, ETHNICITY))
                key = _NoteKey(used[ETHNICITY], shown, "counted as Unknown", "Unknown", "warning")
                tally.add(key, rows_i, int(counted_by[i]))
            if p.group[i] < 0:
                shown = _display(p.value(combo, STAFF_GROUP))
                key = _NoteKey(used[STAFF_GROUP], shown, _NOT_RECOGNISED, "Staff group", "warning")
                tally.add(key, rows_i, people_i)
            if p.primary[i] is None:
                shown = _display(p.value(combo, PRIMARY))
                key = _NoteKey(used[PRIMARY], shown, "treated as not primary", None, "warning")
                tally.add(key, rows_i, people_i)
            band_note = p.band_note[i]
            if band_note is not None:
                tally.add(band_note, rows_i, people_i)
        if self._medical.note:
            key_of = facts.medical_key
            med_rows_by = np.bincount(key_of[choice.substantive & (key_of >= 0)])
            med_people_by = np.bincount(
                key_of[choice.chosen_mask & (key_of >= 0)], minlength=len(med_rows_by)
            )
            for k, note in self._medical.note.items():
                if k < len(med_rows_by):
                    tally.add(note, int(med_rows_by[k]), int(med_people_by[k]))
        return tally.notes()

    def _general_notes(self, facts: _RowFacts, choice: _Choice) -> list[tuple[str, str]]:
        notes: list[tuple[str, str]] = []
        if CATEGORY not in self.used:
            notes.append(
                (
                    "warning",
                    "The extract has no Assignment Category column, so bank staff could not be "
                    "recognised and every assignment was counted as a substantive post. Check "
                    "that the extract leaves out bank-only staff.",
                )
            )
        marked = facts.person[choice.substantive & facts.primary]
        multi_primary = np.bincount(marked, minlength=facts.n_people)
        if (multi_primary > 1).any():
            notes.append(
                (
                    "info",
                    f"{_people(int((multi_primary > 1).sum()))} had more than one assignment "
                    "marked primary; the highest band among them was used.",
                )
            )
        if PERSON not in self.used:
            notes.append(
                (
                    "info",
                    "There is no employee number column, so people were identified by the part "
                    f"of the {self.used[ASSIGNMENT]} before the '-'.",
                )
            )
        return notes


def _tuple_getter(positions: Sequence[int]) -> Callable[[Sequence[object]], tuple[object, ...]]:
    """``itemgetter`` that always returns a tuple, even for one position."""
    if len(positions) == 1:
        (at,) = positions
        return lambda row: (row[at],)
    return itemgetter(*positions)


def _number_keys(values: list[object]) -> npt.NDArray[np.int64] | None:
    """Person keys of a chunk whose employee numbers are all plain numbers, else None.

    The same keys ``_person_key`` gives ("00123" and 123.0 are both person 123), without a
    Python call per row; a chunk with a blank, a sign, a space, text or a number too long
    for int64 takes the exact path.
    """
    try:
        joined = ",".join(values)  # type: ignore[arg-type]
    except TypeError:  # not all text: Excel numbers
        if not set(map(type, values)) <= {float, int}:
            return None
        numbers = np.array(values, dtype=np.float64)
        whole = (numbers >= 0) & (numbers < 2**53) & (numbers == np.floor(numbers))
        return numbers.astype(np.int64) if bool(whole.all()) else None
    if _NUMBER_LIST.fullmatch(joined) is None:
        return None
    # numpy parses the list in C; the pattern above has ruled out what it would misread.
    return np.fromstring(joined, dtype=np.int64, sep=",")


def _choose_assignments(facts: _RowFacts) -> _Choice:
    """One assignment per person: substantive, then primary, then the highest rank, then the
    earliest row; bank assignments never count (SPEC §2)."""
    person, n = facts.person, len(facts.person)
    has_person = facts.live & (person >= 0)
    substantive = has_person & ~facts.bank
    has_substantive = np.zeros(facts.n_people, dtype=np.bool_)
    has_substantive[person[substantive]] = True
    bank_rows = has_person & facts.bank
    bank_only = bank_rows & ~has_substantive[person]
    bank_extra = bank_rows & has_substantive[person]

    rows = np.flatnonzero(substantive)
    order = np.lexsort((-rows, facts.rank[rows], facts.primary[rows], person[rows]))
    ordered = rows[order]
    sorted_people = person[ordered]
    last = np.ones(len(ordered), dtype=np.bool_)
    last[:-1] = sorted_people[1:] != sorted_people[:-1]
    chosen = ordered[last]
    chosen_mask = np.zeros(n, dtype=np.bool_)
    chosen_mask[chosen] = True
    placed_rows = chosen[(facts.staff_group[chosen] >= 0) & (facts.band[chosen] >= 0)]
    return _Choice(substantive, bank_only, bank_extra, chosen, chosen_mask, placed_rows)


def _workforce_rows(
    year: int, facts: _RowFacts, choice: _Choice
) -> tuple[list[dict[str, object]], dict[str, int]]:
    """tblWorkforce rows (every standard band, zeros included) and headcount per group."""
    placed = choice.placed_rows
    cells = (facts.staff_group[placed] * _BAND_SLOTS + facts.band[placed]) * 3 + facts.ethnic[
        placed
    ]
    counts = np.bincount(cells, minlength=len(STAFF_GROUPS) * _BAND_SLOTS * 3).reshape(
        len(STAFF_GROUPS), _BAND_SLOTS, 3
    )
    workforce: list[dict[str, object]] = []
    for g, group in enumerate(STAFF_GROUPS):
        for b, band_label in enumerate(bands_for(group)):
            white, bme, unknown = (int(x) for x in counts[g, b])
            values = (year, group.value, band_label, white, bme, unknown)
            workforce.append(dict(zip(WORKFORCE.columns, values, strict=True)))
    totals = counts.sum(axis=(0, 1))
    headcount = {grp.value: int(totals[i]) for i, grp in enumerate(_ETHNIC_ORDER)}
    return workforce, headcount


def _exclusions(
    facts: _RowFacts, choice: _Choice, used: Mapping[str, str]
) -> tuple[Exclusion, ...]:
    def people_in(mask: BoolArray) -> int:
        seen = np.zeros(facts.n_people, dtype=np.bool_)
        seen[facts.person[mask]] = True
        return int(seen.sum())

    placed = np.zeros(len(facts.person), dtype=np.bool_)
    placed[choice.placed_rows] = True
    not_placed = choice.chosen_mask & ~placed
    person_label = FIELD_ALIASES[PERSON][0] if PERSON in used else FIELD_ALIASES[ASSIGNMENT][0]
    return (
        Exclusion(
            f"no {person_label}, so the person could not be identified",
            int((facts.live & (facts.person < 0)).sum()),
            0,
            "warning",
        ),
        Exclusion(
            "bank assignments of people with no substantive post (bank-only staff are not counted)",
            int(choice.bank_only.sum()),
            people_in(choice.bank_only),
        ),
        Exclusion(
            "bank assignments of people who also have a substantive post (counted on that post)",
            int(choice.bank_extra.sum()),
            people_in(choice.bank_extra),
        ),
        Exclusion(
            "further assignments of people already counted on their "
            + ("primary assignment or " if PRIMARY in used else "")
            + "highest band",
            int(choice.substantive.sum()) - len(choice.chosen),
            people_in(choice.substantive & ~choice.chosen_mask),
        ),
        Exclusion(
            "staff group or pay band not recognised (listed below), so left out of the "
            "Workforce table",
            int(not_placed.sum()),
            int(not_placed.sum()),
            "warning",
        ),
    )


def aggregate_esr(
    columns: Mapping[str, Sequence[object]], *, year: int, source: str = "the ESR extract"
) -> EsrImportResult:
    """Workforce counts from ESR columns keyed by their headers (any accepted spelling).

    ``source`` names the extract in messages (for example "'staff.xlsx' (sheet 'Data')").
    Raises ``InputError`` when needed columns are missing, have different lengths, or hold
    no rows. Files are read in chunks straight into an ``EsrCounter`` instead.
    """
    headers = list(columns)
    counter = EsrCounter(headers, source=source)
    wanted = set(match_headers(headers).values())
    lengths = {len(columns[headers[i]]) for i in wanted}
    if len(lengths) > 1:
        raise InputError(
            f"The columns of {source} have different numbers of rows, so rows cannot be "
            "matched up. Export the extract again."
        )
    # Columns it does not recognise are never read, whatever their length.
    cells = (columns[h] if i in wanted else itertools.repeat(None) for i, h in enumerate(headers))
    counter.add_rows(list(zip(*cells, strict=False)))
    return counter.result(year=year)


def _first_text(
    texts: Sequence[object], fields: Sequence[str], used: Mapping[str, str]
) -> tuple[str, str]:
    """(column, value) of the first non-blank text, to name an unrecognised band."""
    for name, value in zip(fields, texts, strict=True):
        if not _is_blank(value):
            return used[name], _display(value)
    return used[fields[0]], "(blank)"


def _afc_for(texts: Sequence[object], headers: Sequence[str]) -> tuple[int, _NoteKey | None]:
    """(AfC band index or -1, report note or None) from the pay band, else the grade."""
    for header, value in zip(headers, texts, strict=True):
        label, assumed = esr_afc_band(value)
        if label is not None:
            if not assumed:
                return AFC_BANDS.index(label), None
            outcome = (
                "counted as VSM (a pay band outside Agenda for Change; check these are very "
                "senior managers)"
            )
            return AFC_BANDS.index(label), _NoteKey(
                header, _display(value), outcome, "Band", "info"
            )
    first = next(((h, v) for h, v in zip(headers, texts, strict=True) if not _is_blank(v)), None)
    header, value = first if first else (headers[0], "")
    return -1, _NoteKey(header, _display(value), _NOT_RECOGNISED, "Band", "warning")
