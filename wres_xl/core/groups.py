"""Ethnic group classification (SPEC §2).

ESR "Ethnic Origin" values carry an NHS ethnic category code first (``C3 White
Unspecified``); the code decides the group, never the words, because the words mislead
(``LK Asian unspecified`` and ``PE Black unspecified`` are BME, ``C3 White unspecified``
is White). Summary labels typed into input tables ("White", "BME", "Global Majority",
"Not stated" ...) are accepted too.
"""

from __future__ import annotations

import re
from enum import Enum

from wres_xl.errors import UnknownLabelError


class Group(str, Enum):
    WHITE = "white"
    BME = "bme"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return {"white": "White", "bme": "BME", "unknown": "Unknown"}[self.value]


#: Words trusts use for the BME group; any of them (any case) is read as BME in input tables.
BME_TERMS: tuple[str, ...] = (
    "BME",
    "BAME",
    "Global Majority",
    "ethnically diverse",
    "ethnic minority",
)
DEFAULT_TERM = "BME"

_UNKNOWN_WORDS = frozenset(
    w.casefold()
    for w in (
        "",
        "Unknown",
        "Not stated",
        "Not known",
        "Not disclosed",
        "Not declared",
        "Unspecified",
        "Undefined",
        "Prefer not to say",
        "Not given",
        "Null",
        "N/A",
        "NA",
    )
)
_BME_WORDS = frozenset(
    w.casefold()
    for w in (
        *BME_TERMS,
        "Ethnic minorities",
        "Ethnic minority groups",
        "Ethnically diverse staff",
        "Global Majority staff",
        "Black and minority ethnic",
        "Black, Asian and minority ethnic",
        "Black, Asian and Minority Ethnic (BAME)",
        "Black and Minority Ethnic (BME)",
        "BME staff",
        "BAME staff",
        "Minority ethnic",
    )
)
_WHITE_WORDS = frozenset(w.casefold() for w in ("White", "White staff", "All White"))

# A leading NHS code: one letter A-S or Z, optionally a second letter (CA, GF, LK ...)
# or a digit (C2, C3), then a separator or the end of the text.
_CODE = re.compile(r"^\s*([A-Za-z])([A-Za-z]|\d)?(?=$|[\s\-:.,()/])")
_WHITE_LETTERS = frozenset("ABC")
_BME_LETTERS = frozenset("DEFGHJKLMNPRS")


def _normal_words(text: str) -> str:
    return " ".join(text.replace("_", " ").split()).casefold()


def classify_ethnicity(value: object) -> Group:
    """Group of an ESR ethnic origin or a summary label; blank and "not stated" forms are Unknown.

    Raises ``UnknownLabelError`` for text that is neither a known code nor a known label,
    because silently counting it as Unknown would distort every indicator.
    """
    if value is None:
        return Group.UNKNOWN
    if isinstance(value, bool):
        raise UnknownLabelError(f"'{value}' is not an ethnic group.")
    if isinstance(value, int | float):
        if value == 99:
            return Group.UNKNOWN
        raise UnknownLabelError(f"'{value}' is not an ethnic group or NHS ethnic category code.")
    text = str(value).strip()
    words = _normal_words(text)
    if words in _UNKNOWN_WORDS or words == "99":
        return Group.UNKNOWN
    if words in _WHITE_WORDS:
        return Group.WHITE
    if words in _BME_WORDS:
        return Group.BME
    match = _CODE.match(text)
    if match:
        letter = match.group(1).upper()
        second = (match.group(2) or "").upper()
        rest = text[match.end() :].strip()
        # A bare word such as "Asian" must not be read as code "A": a code is one letter, or
        # a letter and one more character, followed by a separator or nothing.
        if letter in ("Z", "X"):
            return Group.UNKNOWN
        if letter in _WHITE_LETTERS and _plausible_code(second, rest):
            return Group.WHITE
        if letter in _BME_LETTERS and _plausible_code(second, rest):
            return Group.BME
    if text.startswith("99"):
        return Group.UNKNOWN
    for prefix, group in _WORD_PREFIXES:
        if words.startswith(prefix):
            return group
    raise UnknownLabelError(
        f"'{text}' is not a recognised ethnic group. Use White, BME (or "
        f"{', '.join(BME_TERMS[1:])}), Unknown, or an NHS ethnic category code such as "
        f"'A White - British' or 'LK Asian unspecified'."
    )


def _plausible_code(second: str, rest: str) -> bool:
    # "C3 White unspecified", "LK", "A", "A White British", "CA - English"; not "Asian".
    return second == "" or second.isdigit() or second.isalpha()


# Descriptive text without a code, as some systems export it.
_WORD_PREFIXES: tuple[tuple[str, Group], ...] = (
    ("white", Group.WHITE),
    ("mixed", Group.BME),
    ("asian", Group.BME),
    ("black", Group.BME),
    ("chinese", Group.BME),
    ("any other ethnic", Group.BME),
    ("other ethnic", Group.BME),
    ("arab", Group.BME),
    ("gypsy", Group.WHITE),
    ("irish", Group.WHITE),
    ("not stated", Group.UNKNOWN),
    ("prefer not", Group.UNKNOWN),
)


def group_label(group: Group, bme_term: str = DEFAULT_TERM) -> str:
    """Word shown to users for a group, with the trust's configured term for BME."""
    return bme_term if group is Group.BME else group.label
