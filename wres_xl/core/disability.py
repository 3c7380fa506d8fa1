"""Disability classification for the WDES (SPEC §10).

ESR's "Disability" field holds Yes, No, Not declared, Prefer not to say, Unspecified or
nothing. Input tables hold the WDES group words (Non-disabled, Disabled, Unknown). Both
are read here, case- and space-insensitively; anything else is refused with a message
rather than counted as Unknown, because a silent Unknown distorts every metric.
"""

from __future__ import annotations

from enum import Enum

from wres_xl.core.groups import Group
from wres_xl.errors import UnknownLabelError


class DisabilityGroup(str, Enum):
    """The WDES groups, reference group first; values are the JSON keys."""

    NON_DISABLED = "non_disabled"
    DISABLED = "disabled"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return {
            "non_disabled": "Non-disabled",
            "disabled": "Disabled",
            "unknown": "Unknown",
        }[self.value]

    @property
    def engine_slot(self) -> Group:
        """The engine's comparison slot: the reference group fills the first (White's),
        the focus group the second (BME's), so every WRES computation serves the WDES."""
        return _SLOT[self]


_SLOT: dict[DisabilityGroup, Group] = {
    DisabilityGroup.NON_DISABLED: Group.WHITE,
    DisabilityGroup.DISABLED: Group.BME,
    DisabilityGroup.UNKNOWN: Group.UNKNOWN,
}

#: ESR "Disability" values (and what trusts type) for each group.
_WORDS: dict[str, DisabilityGroup] = {
    **dict.fromkeys(
        ("yes", "y", "disabled", "disabled staff", "disability", "has a disability"),
        DisabilityGroup.DISABLED,
    ),
    **dict.fromkeys(
        (
            "no",
            "n",
            "non-disabled",
            "non disabled",
            "nondisabled",
            "not disabled",
            "non-disabled staff",
            "no disability",
        ),
        DisabilityGroup.NON_DISABLED,
    ),
    **dict.fromkeys(
        (
            "",
            "unknown",
            "not declared",
            "prefer not to say",
            "prefer not to answer",
            "unspecified",
            "not specified",
            "not stated",
            "not known",
            "not disclosed",
            "do not wish to say",
            "do not wish to disclose",
            "undeclared",
            "null",
            "n/a",
            "-",
        ),
        DisabilityGroup.UNKNOWN,
    ),
}


def _key(text: str) -> str:
    return " ".join(text.replace("_", " ").split()).casefold()


def classify_disability(value: object) -> DisabilityGroup:
    """The WDES group of an ESR Disability value or a table label.

    Yes → Disabled; No → Non-disabled; Not declared, Prefer not to say, Unspecified and
    blank → Unknown. Raises ``UnknownLabelError`` for anything else.
    """
    if value is None:
        return DisabilityGroup.UNKNOWN
    if isinstance(value, str):
        found = _WORDS.get(_key(value))
        if found is not None:
            return found
    raise UnknownLabelError(
        f"'{value}' is not a disability status. Use Non-disabled, Disabled or Unknown "
        "(ESR values Yes, No, Not declared, Prefer not to say and Unspecified are read too)."
    )
