"""The extract's columns: the headers each field accepts, finding the header row, and the
error that names what is missing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from wres_xl.core.esr.values import _display, _is_blank
from wres_xl.errors import InputError

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
