"""Classifying the distinct values of an extract: people, primary flags, bank posts, staff
groups, AfC bands and medical grades.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence

from wres_xl.core.bands import (
    AFC_BANDS,
    MEDICAL_BANDS,
    STAFF_GROUPS,
    StaffGroup,
    normalise_band,
    normalise_staff_group,
)
from wres_xl.core.groups import Group
from wres_xl.errors import UnknownLabelError


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
