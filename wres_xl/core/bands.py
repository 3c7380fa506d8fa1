"""Staff groups and pay bands for indicator 1 (SPEC §2).

Trusts spell bands many ways ("Band 8 - Range A", "8A", "AfC Band 5", "Medical
Consultant"); everything is normalised to one label so band tables line up across years.
"""

from __future__ import annotations

import re
from enum import Enum

from wres_xl.errors import UnknownLabelError


class StaffGroup(str, Enum):
    NON_CLINICAL = "Non-clinical"
    CLINICAL = "Clinical"
    MEDICAL = "Medical & Dental"


STAFF_GROUPS: tuple[StaffGroup, ...] = (
    StaffGroup.NON_CLINICAL,
    StaffGroup.CLINICAL,
    StaffGroup.MEDICAL,
)

AFC_BANDS: tuple[str, ...] = (
    "Under Band 1",
    "Band 1",
    "Band 2",
    "Band 3",
    "Band 4",
    "Band 5",
    "Band 6",
    "Band 7",
    "Band 8a",
    "Band 8b",
    "Band 8c",
    "Band 8d",
    "Band 9",
    "VSM",
)
MEDICAL_BANDS: tuple[str, ...] = (
    "Consultant",
    "Senior medical manager",
    "Non-consultant career grade",
    "Trainee grade",
    "Other",
)
#: Bands counted as senior ("8a and above") for the aspirational targets.
SENIOR_AFC_BANDS: tuple[str, ...] = ("Band 8a", "Band 8b", "Band 8c", "Band 8d", "Band 9", "VSM")


#: Band 8c and above, the second senior level of indicator 1's headline.
TOP_AFC_BANDS: tuple[str, ...] = ("Band 8c", "Band 8d", "Band 9", "VSM")
#: Consultants for indicator 1's headline and cluster (NHS England counts senior medical
#: managers with them).
CONSULTANT_GRADES: tuple[str, ...] = ("Consultant", "Senior medical manager")

#: NHS England's indicator 1 clusters: (name, bands) for each kind of staff group.
AFC_CLUSTERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Under Band 1 to Band 4", ("Under Band 1", "Band 1", "Band 2", "Band 3", "Band 4")),
    ("Bands 5 to 7", ("Band 5", "Band 6", "Band 7")),
    ("Bands 8a to 8b", ("Band 8a", "Band 8b")),
    ("Bands 8c to 9 and VSM", TOP_AFC_BANDS),
)
MEDICAL_CLUSTERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Consultants (incl. senior medical managers)", CONSULTANT_GRADES),
    ("Non-consultant career grades", ("Non-consultant career grade",)),
    ("Trainee grades", ("Trainee grade",)),
    ("Other medical and dental", ("Other",)),
)


def in_senior_level(level: str, group: StaffGroup, band: str) -> bool:
    """Whether a band row counts towards one of indicator 1's senior levels ("8a+" and
    "8c+": Agenda for Change bands of the non-medical groups; "consultants")."""
    if level == "consultants":
        return group is StaffGroup.MEDICAL and band in CONSULTANT_GRADES
    bands = SENIOR_AFC_BANDS if level == "8a+" else TOP_AFC_BANDS
    return group is not StaffGroup.MEDICAL and band in bands


def clusters_for(group: StaffGroup) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return MEDICAL_CLUSTERS if group is StaffGroup.MEDICAL else AFC_CLUSTERS


def bands_for(group: StaffGroup) -> tuple[str, ...]:
    return MEDICAL_BANDS if group is StaffGroup.MEDICAL else AFC_BANDS


def band_order(group: StaffGroup, band: str) -> int:
    return bands_for(group).index(band)


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9&]+", " ", text.casefold()).strip()


_STAFF_GROUP_ALIASES: dict[str, StaffGroup] = {
    "non clinical": StaffGroup.NON_CLINICAL,
    "nonclinical": StaffGroup.NON_CLINICAL,
    "non clinical staff": StaffGroup.NON_CLINICAL,
    "non clinical workforce": StaffGroup.NON_CLINICAL,
    "clinical": StaffGroup.CLINICAL,
    "clinical staff": StaffGroup.CLINICAL,
    "clinical non medical": StaffGroup.CLINICAL,
    "clinical workforce": StaffGroup.CLINICAL,
    "medical & dental": StaffGroup.MEDICAL,
    "medical and dental": StaffGroup.MEDICAL,
    "medical dental": StaffGroup.MEDICAL,
    "medical & dental staff": StaffGroup.MEDICAL,
    "medical": StaffGroup.MEDICAL,
    "m&d": StaffGroup.MEDICAL,
    "m & d": StaffGroup.MEDICAL,
    "clinical medical & dental": StaffGroup.MEDICAL,
    "clinical medical and dental": StaffGroup.MEDICAL,
}


#: Words of ESR's staff groups ("Admin and clerical", "Nursing and Midwifery Registered",
#: "Add Prof Scientific and Technic" ...), so a staff group typed from an ESR report is read
#: the way import-esr reads the extract: this is the one mapping both use.
_ESR_NON_CLINICAL_WORDS = frozenset({"administrative", "clerical", "estates", "ancillary", "admin"})
_ESR_MEDICAL_WORDS = frozenset({"medical", "dental"})
_ESR_CLINICAL_WORDS = frozenset(
    {
        "nursing",
        "midwifery",
        "nurse",
        "nurses",
        "midwives",
        "allied",
        "scientific",
        "scientists",
        "scientist",
        "technical",
        "technic",
        "students",
        "student",
        "clinical",
    }
)


def _esr_staff_group(text: str) -> StaffGroup | None:
    key = " ".join(re.sub(r"[^a-z0-9]+", " ", text.casefold().replace("&", " and ")).split())
    words = set(key.split())
    if words & _ESR_NON_CLINICAL_WORDS:
        return StaffGroup.NON_CLINICAL
    if words & _ESR_MEDICAL_WORDS:
        return StaffGroup.MEDICAL
    if words & _ESR_CLINICAL_WORDS or key.startswith("add prof"):
        return StaffGroup.CLINICAL
    return None


def normalise_staff_group(value: object) -> StaffGroup:
    """The WRES staff group of a typed label or an ESR staff group name."""
    text = "" if value is None else str(value)
    key = _squash(text)
    if key in _STAFF_GROUP_ALIASES:
        return _STAFF_GROUP_ALIASES[key]
    found = _esr_staff_group(text)
    if found is not None:
        return found
    raise UnknownLabelError(
        f"'{text.strip()}' is not a recognised staff group. Use one of: "
        + ", ".join(g.value for g in STAFF_GROUPS)
        + ", or an ESR staff group such as 'Admin and clerical' or 'Nursing and Midwifery "
        "Registered'."
    )


_AFC_PATTERN = re.compile(
    r"^(?:afc\s*)?(?:agenda for change\s*)?(?:pay\s*)?(?:band\s*)?"
    r"(?P<num>\d)\s*(?:range\s*|r\s*)?(?P<letter>[a-d])?$"
)

_MEDICAL_ALIASES: dict[str, str] = {
    "consultant": "Consultant",
    "consultants": "Consultant",
    "medical consultant": "Consultant",
    "medical consultants": "Consultant",
    "consultant grade": "Consultant",
    "senior medical manager": "Senior medical manager",
    "senior medical managers": "Senior medical manager",
    "medical director": "Senior medical manager",
    "non consultant career grade": "Non-consultant career grade",
    "non consultant career grades": "Non-consultant career grade",
    "medical career grade": "Non-consultant career grade",
    "medical career grades": "Non-consultant career grade",
    "career grade": "Non-consultant career grade",
    "career grades": "Non-consultant career grade",
    "nccg": "Non-consultant career grade",
    "sas": "Non-consultant career grade",
    "sas doctor": "Non-consultant career grade",
    "sas doctors": "Non-consultant career grade",
    "specialty doctor": "Non-consultant career grade",
    "associate specialist": "Non-consultant career grade",
    "specialist": "Non-consultant career grade",
    "staff grade": "Non-consultant career grade",
    "trainee grade": "Trainee grade",
    "trainee grades": "Trainee grade",
    "trainee": "Trainee grade",
    "trainees": "Trainee grade",
    "medical trainee": "Trainee grade",
    "medical trainees": "Trainee grade",
    "medical trainee grade": "Trainee grade",
    "doctor in training": "Trainee grade",
    "doctors in training": "Trainee grade",
    "resident doctor": "Trainee grade",
    "resident doctors": "Trainee grade",
    "junior doctor": "Trainee grade",
    "junior doctors": "Trainee grade",
    "foundation year 1": "Trainee grade",
    "foundation year 2": "Trainee grade",
    "specialty registrar": "Trainee grade",
    "specialty registrars": "Trainee grade",
    "other": "Other",
    "other medical": "Other",
    "medical other": "Other",
    "other medical & dental": "Other",
    "other medical and dental": "Other",
}

_AFC_WORDS: dict[str, str] = {
    "under band 1": "Under Band 1",
    "under 1": "Under Band 1",
    "under band1": "Under Band 1",
    "below band 1": "Under Band 1",
    "pre band 1": "Under Band 1",
    "apprentice": "Under Band 1",
    "apprentices": "Under Band 1",
    "vsm": "VSM",
    "vsms": "VSM",
    "very senior manager": "VSM",
    "very senior managers": "VSM",
    "very senior manager vsm": "VSM",
    "vsm exclg neds": "VSM",
    "vsm excl neds": "VSM",
    "vsm excluding neds": "VSM",
    "vsm exc neds": "VSM",
}


def normalise_band(value: object, staff_group: StaffGroup | None = None) -> str:
    """Standard band label; ``staff_group`` decides between AfC and medical grades.

    Without a staff group any recognised label is accepted (as the ``WRES_BAND``
    worksheet function does). A medical grade under a non-medical staff group, or an
    AfC band under Medical & Dental, is an error because the row is probably misfiled.
    """
    if isinstance(value, bool):
        raise UnknownLabelError(f"'{value}' is not a pay band.")
    if isinstance(value, int | float) and float(value).is_integer() and 1 <= value <= 9:
        text = f"Band {int(value)}"
    else:
        text = "" if value is None else str(value).strip()
    key = _squash(text)
    afc = _afc_band(key)
    medical = _MEDICAL_ALIASES.get(key)
    if medical is None and key.startswith("medical "):
        medical = _MEDICAL_ALIASES.get(key.removeprefix("medical "))
    if staff_group is StaffGroup.MEDICAL:
        if medical is not None:
            return medical
        if afc is not None:
            raise UnknownLabelError(
                f"'{text}' is an Agenda for Change band, but the staff group is Medical & Dental. "
                "Use a medical grade (" + ", ".join(MEDICAL_BANDS) + ") or change the staff group."
            )
    else:
        if afc is not None:
            return afc
        if medical is not None and staff_group is None:
            return medical
        if medical is not None and staff_group is not None:
            raise UnknownLabelError(
                f"'{text}' is a medical grade, but the staff group is {staff_group.value}. "
                "Change the staff group to Medical & Dental or use an Agenda for Change band."
            )
    accepted = bands_for(staff_group) if staff_group else AFC_BANDS + MEDICAL_BANDS
    raise UnknownLabelError(
        f"'{text}' is not a recognised pay band. Use one of: " + ", ".join(accepted) + "."
    )


def _afc_band(key: str) -> str | None:
    if key in _AFC_WORDS:
        return _AFC_WORDS[key]
    for prefix in ("afc ", "agenda for change ", "nhs "):
        key = key.removeprefix(prefix)
    if key in _AFC_WORDS:
        return _AFC_WORDS[key]
    match = _AFC_PATTERN.match(key.replace(" ", " "))
    if not match:
        return None
    number = int(match.group("num"))
    letter = match.group("letter")
    if letter:
        return f"Band {number}{letter}" if number == 8 else None
    if 1 <= number <= 9 and number != 8:
        return f"Band {number}"
    return None
