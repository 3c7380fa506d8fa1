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

#: Words meaning "ethnicity not known", as HR systems, survey tools and people write them.
#: They are checked before codes, because several look like one ("NK", "NS", "No data",
#: "Do not wish to say" start with the letters of BME codes N and D).
UNKNOWN_WORDS: tuple[str, ...] = (
    "Unknown",
    "Not stated",
    "Not known",
    "Not disclosed",
    "Not declared",
    "Unspecified",
    "Undefined",
    "Prefer not to say",
    "Prefer not to answer",
    "Prefer not to disclose",
    "Do not wish to say",
    "Do not wish to disclose",
    "Do not wish to answer",
    "Don't wish to say",
    "Don't know",
    "Not given",
    "Not provided",
    "Not recorded",
    "Not specified",
    "Not supplied",
    "Not available",
    "Not collected",
    "Not asked",
    "Withheld",
    "Information refused",
    "Refused",
    "Declined",
    "Declined to say",
    "Declined to answer",
    "No response",
    "No answer",
    "No data",
    "No information",
    "Missing",
    "None",
    "Null",
    "Blank",
    "N/A",
    "NA",
    "NK",
    "N/K",
    "N.K.",
    "NS",
    "N/S",
    "N.S.",
    "-",
    "?",
)
_UNKNOWN_WORDS = frozenset(("", *(w.casefold() for w in UNKNOWN_WORDS)))
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

# A leading NHS code: one letter, optionally a second letter (CA, GF, LK ...) or a digit
# (C2, C3), then a separator or the end of the text. Only codes the NHS uses count: "NK"
# or "Do not wish to say" must not be read as codes N and D.
_CODE = re.compile(r"^\s*([A-Za-z])([A-Za-z]|\d)?(?=$|[\s\-:.,()/])")


def _two_letter(first: str, last: str) -> frozenset[str]:
    return frozenset(first + chr(c) for c in range(ord("A"), ord(last) + 1))


#: NHS ethnic category codes with ESR's sub-codes (SPEC §2): White A, B, C, C2, C3, CA–CY;
#: BME D–S with GA–GF, LA–LK, PA–PE, SA–SE; Unknown Z and X.
_CODE_GROUPS: dict[str, Group] = {
    **{code: Group.WHITE for code in ("A", "B", "C", "C2", "C3", *_two_letter("C", "Y"))},
    **{
        code: Group.BME
        for code in (
            *"DEFGHJKLMNPRS",
            *_two_letter("G", "F"),
            *_two_letter("L", "K"),
            *_two_letter("P", "E"),
            *_two_letter("S", "E"),
        )
    },
    "Z": Group.UNKNOWN,
    "X": Group.UNKNOWN,
}


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
    # A bare word such as "Asian" is not code "A": a code is one letter, or a letter and
    # one more character, followed by a separator or nothing.
    if match:
        code = (match.group(1) + (match.group(2) or "")).upper()
        if code in _CODE_GROUPS:
            return _CODE_GROUPS[code]
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
    ("not known", Group.UNKNOWN),
    ("prefer not", Group.UNKNOWN),
    ("do not wish", Group.UNKNOWN),
    ("don't wish", Group.UNKNOWN),
)


def tidy_term(value: object) -> str:
    """The trust's word for BME staff as every part uses it: spaces collapsed, case kept (any
    term is allowed; the listed ones are suggestions), the default when blank."""
    text = "" if value is None else " ".join(str(value).split())
    return text or DEFAULT_TERM


def group_label(group: Group, bme_term: str = DEFAULT_TERM) -> str:
    """Word shown to users for a group, with the trust's configured term for BME."""
    return bme_term if group is Group.BME else group.label
