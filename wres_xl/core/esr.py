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

import datetime as dt
import math
import re
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

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
    ask = "Give the WRES year yourself (for example --year 2024 on the command line)."
    if DATE not in found:
        raise InputError(
            "Could not tell which WRES year this extract is for: it has no snapshot date "
            f"column ({', '.join(FIELD_ALIASES[DATE][:3])}). {ask}"
        )
    header = str(headers[found[DATE]])
    values = dict.fromkeys(columns[headers[found[DATE]]])
    years: dict[int, dt.date] = {}
    for value in values:
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

#: Columns classified together: every row is reduced to its combination ("profile") of these
#: values, which a trust has a few thousand of, and each profile is classified once.
_PROFILE_FIELDS = (STAFF_GROUP, PAY_BAND, GRADE, CATEGORY, ETHNICITY, PRIMARY)
_ROLE_FIELDS = (JOB_ROLE, POSITION, OCCUPATION)
_NOT_RECOGNISED = "left out of the Workforce table"


def _factorize(values: Iterable[Hashable]) -> tuple[IntArray, list[Any]]:
    """Codes per row and the distinct values in first-seen order: one hash lookup per row."""
    index: dict[Hashable, int] = {}
    add = index.setdefault
    codes = [add(v, len(index)) for v in values]
    return np.array(codes, dtype=np.intp), list(index)


def _ids(
    values: Sequence[object], key: Callable[[object], str | None], key_ids: dict[str, int]
) -> IntArray:
    codes, uniques = _factorize(values)
    add = key_ids.setdefault
    ids = [-1 if (k := key(u)) is None else add(k, len(key_ids)) for u in uniques]
    return np.array(ids, dtype=np.intp)[codes]


class _Tally:
    """Rows and counted people per (column, value) for the report's value notes."""

    def __init__(self) -> None:
        self.found: dict[tuple[str, str, str, str | None, str], list[int]] = {}

    def add(self, key: tuple[str, str, str, str | None, str], rows: int, people: int) -> None:
        if rows:
            entry = self.found.setdefault(key, [0, 0])
            entry[0] += rows
            entry[1] += people

    def notes(self) -> list[ValueNote]:
        return [
            ValueNote(column, value, rows, people, outcome, workforce_column, severity)
            for (column, value, outcome, workforce_column, severity), (rows, people) in sorted(
                self.found.items(), key=lambda item: (item[0][0], -item[1][0], item[0][1])
            )
        ]


def aggregate_esr(
    columns: Mapping[str, Sequence[object]], *, year: int, source: str = "the ESR extract"
) -> EsrImportResult:
    """Workforce counts from ESR columns keyed by their headers (any accepted spelling).

    ``source`` names the extract in messages (for example "'staff.xlsx' (sheet 'Data')").
    Raises ``InputError`` when needed columns are missing, have different lengths, or hold
    no rows.
    """
    headers = list(columns)
    positions = match_headers(headers)
    missing = missing_needs(positions)
    if missing:
        raise columns_error([_display(h) for h in headers], missing, source)
    used = {field: str(headers[i]) for field, i in positions.items()}
    column = {field: columns[headers[i]] for field, i in positions.items()}
    lengths = {len(column[field]) for field in used}
    if len(lengths) > 1:
        raise InputError(
            f"The columns of {source} have different numbers of rows, so rows cannot be "
            "matched up. Export the extract again."
        )
    n = lengths.pop()
    notes: list[tuple[str, str]] = []

    # People: the employee number, else the assignment number's prefix ----------------
    key_ids: dict[str, int] = {}
    person = np.full(n, -1, dtype=np.intp)
    if PERSON in used:
        person = _ids(column[PERSON], _person_key, key_ids)
    if ASSIGNMENT in used:
        need = np.flatnonzero(person < 0)
        if need.size:
            assignments = column[ASSIGNMENT]
            values = [assignments[i] for i in need.tolist()]
            person[need] = _ids(values, _person_from_assignment, key_ids)
    n_people = max(len(key_ids), 1)

    # Profiles: classify each distinct combination of values once ----------------------
    fields = [f for f in _PROFILE_FIELDS if f in used]
    profile, combos = _factorize(zip(*(column[f] for f in fields), strict=True))
    at = {f: j for j, f in enumerate(fields)}

    def per_profile(field: str, classify: Callable[[Any], Any], default: Any) -> list[Any]:
        if field not in at:
            return [default] * len(combos)
        j = at[field]
        memo: dict[Hashable, Any] = {}
        out = []
        for combo in combos:
            value = combo[j]
            if value in memo:
                out.append(memo[value])
            else:
                out.append(memo.setdefault(value, classify(value)))
        return out

    def eth_of(value: object) -> tuple[int, bool]:
        try:
            return _ETHNIC_ORDER.index(classify_ethnicity(value)), True
        except UnknownLabelError:
            return _ETHNIC_ORDER.index(Group.UNKNOWN), False

    def group_of(value: object) -> int:
        group = esr_staff_group(value)
        return -1 if group is None else _GROUP_CODES[group]

    p_blank = np.array([all(_is_blank(v) for v in combo) for combo in combos], dtype=np.bool_)
    p_group = np.array(per_profile(STAFF_GROUP, group_of, -1), dtype=np.intp)
    p_eth_found = per_profile(ETHNICITY, eth_of, (2, True))
    p_eth = np.array([e for e, _ in p_eth_found], dtype=np.intp)
    p_bank = np.array(per_profile(CATEGORY, _is_bank, False), dtype=np.bool_)
    p_primary_found = per_profile(PRIMARY, _primary_flag, False)
    p_primary = np.array([bool(f) for f in p_primary_found], dtype=np.bool_)
    if CATEGORY not in used:
        notes.append(
            (
                "warning",
                "The extract has no Assignment Category column, so bank staff could not be "
                "recognised and every assignment was counted as a substantive post. Check "
                "that the extract leaves out bank-only staff.",
            )
        )

    # AfC bands per profile, from the pay band, else the grade.
    band_fields = [f for f in (PAY_BAND, GRADE) if f in used]
    p_band = np.full(len(combos), -1, dtype=np.intp)
    p_band_note: list[tuple[str, str, str, str | None, str] | None] = [None] * len(combos)
    afc_memo: dict[tuple[Hashable, ...], tuple[int, tuple[str, str, str, str | None, str] | None]]
    afc_memo = {}
    for i, combo in enumerate(combos):
        if p_group[i] not in _AFC_CODES or p_blank[i]:
            continue
        texts = tuple(combo[at[f]] for f in band_fields)
        if texts not in afc_memo:
            afc_memo[texts] = _afc_for(texts, [used[f] for f in band_fields])
        p_band[i], p_band_note[i] = afc_memo[texts]

    staff_group = p_group[profile]
    band = p_band[profile]
    rank = band.copy()
    ethnic = p_eth[profile]
    bank = p_bank[profile]
    primary = p_primary[profile]
    live = ~(p_blank[profile] & (person < 0))
    rows_read = int(live.sum())
    if not rows_read:
        raise InputError(
            f"{_sentence(source)} has column headers but no rows of staff below them. "
            "Check that the extract was run for the right organisation and date."
        )

    # Medical grades also need the role columns, which vary too much to join the profile.
    medical_rows = np.flatnonzero(live & (staff_group == _MEDICAL_CODE))
    medical_note: dict[int, tuple[str, str, str, str | None, str]] = {}
    medical_key = np.full(n, -1, dtype=np.intp)
    if medical_rows.size:
        med_fields = [f for f in (GRADE, PAY_BAND, *_ROLE_FIELDS) if f in used]
        index = medical_rows.tolist()
        med_columns = [column[f] for f in med_fields]
        keys, distinct = _factorize(tuple(c[i] for c in med_columns) for i in index)
        grades = np.empty(len(distinct), dtype=np.intp)
        for k, texts in enumerate(distinct):
            grade = esr_medical_grade(texts)
            if grade is None:
                grade = "Other"
                medical_note[k] = (
                    *_first_text(texts, med_fields, used),
                    "counted as Medical & Dental grade 'Other'",
                    "Band",
                    "warning",
                )
            grades[k] = MEDICAL_BANDS.index(grade)
        band[medical_rows] = grades[keys]
        seniority = np.array([_MEDICAL_RANK[b] for b in MEDICAL_BANDS], dtype=np.intp)
        rank[medical_rows] = _MEDICAL_RANK_BASE + seniority[grades[keys]]
        medical_key[medical_rows] = keys

    # Choosing one assignment per person ---------------------------------------------
    has_person = live & (person >= 0)
    substantive = has_person & ~bank
    has_substantive = np.zeros(n_people, dtype=np.bool_)
    has_substantive[person[substantive]] = True
    bank_rows = has_person & bank
    bank_only = bank_rows & ~has_substantive[person]
    bank_extra = bank_rows & has_substantive[person]

    rows = np.flatnonzero(substantive)
    order = np.lexsort((-rows, rank[rows], primary[rows], person[rows]))
    ordered = rows[order]
    sorted_people = person[ordered]
    last = np.ones(len(ordered), dtype=np.bool_)
    last[:-1] = sorted_people[1:] != sorted_people[:-1]
    chosen = ordered[last]

    placed_rows = chosen[(staff_group[chosen] >= 0) & (band[chosen] >= 0)]
    placed = np.zeros(n, dtype=np.bool_)
    placed[placed_rows] = True
    chosen_mask = np.zeros(n, dtype=np.bool_)
    chosen_mask[chosen] = True

    cells = (staff_group[placed_rows] * _BAND_SLOTS + band[placed_rows]) * 3 + ethnic[placed_rows]
    counts = np.bincount(cells, minlength=len(STAFF_GROUPS) * _BAND_SLOTS * 3).reshape(
        len(STAFF_GROUPS), _BAND_SLOTS, 3
    )
    workforce: list[dict[str, object]] = []
    for g, group in enumerate(STAFF_GROUPS):
        for b, band_label in enumerate(bands_for(group)):
            white, bme, unknown = (int(x) for x in counts[g, b])
            values_ = (year, group.value, band_label, white, bme, unknown)
            workforce.append(dict(zip(WORKFORCE.columns, values_, strict=True)))
    totals = counts.sum(axis=(0, 1))
    headcount = {grp.value: int(totals[i]) for i, grp in enumerate(_ETHNIC_ORDER)}

    # Report ------------------------------------------------------------------------
    def people_in(mask: BoolArray) -> int:
        seen = np.zeros(n_people, dtype=np.bool_)
        seen[person[mask]] = True
        return int(seen.sum())

    not_placed = chosen_mask & ~placed
    person_label = FIELD_ALIASES[PERSON][0] if PERSON in used else FIELD_ALIASES[ASSIGNMENT][0]
    exclusions = (
        Exclusion(
            f"no {person_label}, so the person could not be identified",
            int((live & (person < 0)).sum()),
            0,
            "warning",
        ),
        Exclusion(
            "bank assignments of people with no substantive post (bank-only staff are not counted)",
            int(bank_only.sum()),
            people_in(bank_only),
        ),
        Exclusion(
            "bank assignments of people who also have a substantive post (counted on that post)",
            int(bank_extra.sum()),
            people_in(bank_extra),
        ),
        Exclusion(
            "further assignments of people already counted on their "
            + ("primary assignment or " if PRIMARY in used else "")
            + "highest band",
            int(substantive.sum()) - len(chosen),
            people_in(substantive & ~chosen_mask),
        ),
        Exclusion(
            "staff group or pay band not recognised (listed below), so left out of the "
            "Workforce table",
            int(not_placed.sum()),
            int(not_placed.sum()),
            "warning",
        ),
    )

    tally = _Tally()
    rows_by = np.bincount(profile[substantive], minlength=len(combos))
    people_by = np.bincount(profile[chosen], minlength=len(combos))
    counted_by = np.bincount(profile[placed_rows], minlength=len(combos))
    for i, combo in enumerate(combos):
        if not rows_by[i]:
            continue
        rows_i, people_i = int(rows_by[i]), int(people_by[i])
        if not p_eth_found[i][1]:
            value = _display(combo[at[ETHNICITY]])
            key = (used[ETHNICITY], value, "counted as Unknown", "Unknown", "warning")
            tally.add(key, rows_i, int(counted_by[i]))
        if p_group[i] < 0:
            value = _display(combo[at[STAFF_GROUP]])
            key = (used[STAFF_GROUP], value, _NOT_RECOGNISED, "Staff group", "warning")
            tally.add(key, rows_i, people_i)
        if p_primary_found[i] is None:
            value = _display(combo[at[PRIMARY]])
            tally.add(
                (used[PRIMARY], value, "treated as not primary", None, "warning"), rows_i, people_i
            )
        note = p_band_note[i]
        if note is not None:
            tally.add(note, rows_i, people_i)
    if medical_note:
        med_rows_by = np.bincount(medical_key[substantive & (medical_key >= 0)])
        med_people_by = np.bincount(
            medical_key[chosen_mask & (medical_key >= 0)], minlength=len(med_rows_by)
        )
        for k, note in medical_note.items():
            if k < len(med_rows_by):
                tally.add(note, int(med_rows_by[k]), int(med_people_by[k]))
    value_notes = tally.notes()

    multi_primary = np.bincount(person[substantive & primary], minlength=n_people)
    if (multi_primary > 1).any():
        notes.append(
            (
                "info",
                f"{_people(int((multi_primary > 1).sum()))} had more than one assignment "
                "marked primary; the highest band among them was used.",
            )
        )
    if PERSON not in used:
        notes.append(
            (
                "info",
                "There is no employee number column, so people were identified by the part "
                f"of the {used[ASSIGNMENT]} before the '-'.",
            )
        )

    report = ImportReport(
        source=source,
        year=year,
        rows_read=rows_read,
        people_counted=len(placed_rows),
        headcount=headcount,
        exclusions=exclusions,
        unrecognised=tuple(v for v in value_notes if v.severity != "info"),
        assumptions=tuple(v for v in value_notes if v.severity == "info"),
        notes=tuple(notes),
        columns_used=used,
    )
    return EsrImportResult(year=year, workforce=workforce, headcount=headcount, report=report)


def _first_text(
    texts: Sequence[object], fields: Sequence[str], used: Mapping[str, str]
) -> tuple[str, str]:
    """(column, value) of the first non-blank text, to name an unrecognised band."""
    for field, value in zip(fields, texts, strict=True):
        if not _is_blank(value):
            return used[field], _display(value)
    return used[fields[0]], "(blank)"


def _afc_for(
    texts: Sequence[object], headers: Sequence[str]
) -> tuple[int, tuple[str, str, str, str | None, str] | None]:
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
            return AFC_BANDS.index(label), (header, _display(value), outcome, "Band", "info")
    first = next(((h, v) for h, v in zip(headers, texts, strict=True) if not _is_blank(v)), None)
    header, value = first if first else (headers[0], "")
    return -1, (header, _display(value), _NOT_RECOGNISED, "Band", "warning")
