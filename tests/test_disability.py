"""ESR disability values and WDES group labels (SPEC §10)."""

from __future__ import annotations

import pytest

from wres_xl.core.disability import DisabilityGroup, classify_disability
from wres_xl.core.groups import Group
from wres_xl.errors import UnknownLabelError


@pytest.mark.parametrize(
    ("value", "group"),
    [
        ("Yes", DisabilityGroup.DISABLED),
        ("  yes ", DisabilityGroup.DISABLED),
        ("DISABLED", DisabilityGroup.DISABLED),
        ("No", DisabilityGroup.NON_DISABLED),
        ("non-disabled", DisabilityGroup.NON_DISABLED),
        ("Not  declared", DisabilityGroup.UNKNOWN),
        ("Prefer not to say", DisabilityGroup.UNKNOWN),
        ("PREFER NOT TO SAY", DisabilityGroup.UNKNOWN),
        ("Unspecified", DisabilityGroup.UNKNOWN),
        ("", DisabilityGroup.UNKNOWN),
        ("   ", DisabilityGroup.UNKNOWN),
        (None, DisabilityGroup.UNKNOWN),
        ("Unknown", DisabilityGroup.UNKNOWN),
    ],
)
def test_esr_values(value: object, group: DisabilityGroup) -> None:
    assert classify_disability(value) is group


@pytest.mark.parametrize("value", ["Maybe", 1, True, "Yes please"])
def test_anything_else_is_refused_with_the_words_to_use(value: object) -> None:
    with pytest.raises(UnknownLabelError, match="Non-disabled, Disabled or Unknown"):
        classify_disability(value)


def test_reference_group_fills_the_first_engine_slot() -> None:
    assert [g.engine_slot for g in DisabilityGroup] == [Group.WHITE, Group.BME, Group.UNKNOWN]
    assert [g.label for g in DisabilityGroup] == ["Non-disabled", "Disabled", "Unknown"]
