"""Ethnicity codes and band spellings (SPEC §2): every trap listed there."""

from __future__ import annotations

import pytest

from wres_xl.core.bands import (
    AFC_BANDS,
    MEDICAL_BANDS,
    StaffGroup,
    normalise_band,
    normalise_staff_group,
)
from wres_xl.core.groups import Group, classify_ethnicity, group_label
from wres_xl.errors import UnknownLabelError


@pytest.mark.parametrize(
    ("value", "group"),
    [
        ("A White - British", Group.WHITE),
        ("B White - Irish", Group.WHITE),
        ("C White - Any other White background", Group.WHITE),
        ("C2 White Northern Irish", Group.WHITE),
        ("C3 White Unspecified", Group.WHITE),
        ("CA White English", Group.WHITE),
        ("CY White Other European", Group.WHITE),
        ("D Mixed - White & Black Caribbean", Group.BME),
        ("GA Mixed - Black and Asian", Group.BME),
        ("GF Mixed - Any other mixed background", Group.BME),
        ("H Asian or Asian British - Indian", Group.BME),
        ("LA Asian Mixed", Group.BME),
        ("LK Asian unspecified", Group.BME),
        ("M Black or Black British - Caribbean", Group.BME),
        ("PE Black unspecified", Group.BME),
        ("R Chinese", Group.BME),
        ("S Any Other Ethnic Group", Group.BME),
        ("SE Other Specified", Group.BME),
        ("Z Not Stated", Group.UNKNOWN),
        ("X", Group.UNKNOWN),
        ("99", Group.UNKNOWN),
        (99, Group.UNKNOWN),
        ("", Group.UNKNOWN),
        (None, Group.UNKNOWN),
        ("Not stated", Group.UNKNOWN),
        ("Not known", Group.UNKNOWN),
        ("Not disclosed", Group.UNKNOWN),
        ("Not declared", Group.UNKNOWN),
        ("Unspecified", Group.UNKNOWN),
        ("Undefined", Group.UNKNOWN),
        ("Prefer not to say", Group.UNKNOWN),
        ("White", Group.WHITE),
        ("BME", Group.BME),
        ("bame", Group.BME),
        ("Global Majority", Group.BME),
        ("GLOBAL MAJORITY", Group.BME),
        ("Ethnically diverse", Group.BME),
        ("ethnic minority", Group.BME),
        ("Asian", Group.BME),  # a word, not the code "A" (White)
        ("Black", Group.BME),  # a word, not the code "B" (White)
    ],
)
def test_ethnic_origin(value: object, group: Group) -> None:
    assert classify_ethnicity(value) is group


def test_the_code_decides_not_the_words() -> None:
    # "White unspecified" words on a BME code, and BME words on a White code
    assert classify_ethnicity("LK White unspecified") is Group.BME
    assert classify_ethnicity("C3 Asian") is Group.WHITE


def test_unrecognised_ethnicity_is_an_error_listing_what_is_accepted() -> None:
    with pytest.raises(UnknownLabelError, match="Global Majority") as info:
        classify_ethnicity("Martian")
    assert "'Martian'" in str(info.value)


def test_configured_term() -> None:
    assert group_label(Group.BME, "Global Majority") == "Global Majority"
    assert group_label(Group.WHITE, "Global Majority") == "White"


@pytest.mark.parametrize(
    ("text", "group", "band"),
    [
        ("Band 8 - Range A", StaffGroup.CLINICAL, "Band 8a"),
        ("Band 8 - Range D", StaffGroup.NON_CLINICAL, "Band 8d"),
        ("8A", None, "Band 8a"),
        ("Band 8A", None, "Band 8a"),
        ("AfC Band 5", None, "Band 5"),
        ("band 5", None, "Band 5"),
        (5, None, "Band 5"),
        (5.0, None, "Band 5"),
        ("Under Band 1", StaffGroup.CLINICAL, "Under Band 1"),
        ("VSM (exclg NEDs)", StaffGroup.NON_CLINICAL, "VSM"),
        ("Very Senior Manager", None, "VSM"),
        ("Medical Consultant", StaffGroup.MEDICAL, "Consultant"),
        ("Medical Career grade", StaffGroup.MEDICAL, "Non-consultant career grade"),
        ("Medical Trainees", StaffGroup.MEDICAL, "Trainee grade"),
        ("Specialty Doctor", StaffGroup.MEDICAL, "Non-consultant career grade"),
        ("Senior medical manager", StaffGroup.MEDICAL, "Senior medical manager"),
        ("Other", StaffGroup.MEDICAL, "Other"),
    ],
)
def test_band_spellings(text: object, group: StaffGroup | None, band: str) -> None:
    assert normalise_band(text, group) == band


def test_every_standard_label_is_its_own_normal_form() -> None:
    for band in AFC_BANDS:
        assert normalise_band(band, StaffGroup.CLINICAL) == band
    for band in MEDICAL_BANDS:
        assert normalise_band(band, StaffGroup.MEDICAL) == band


def test_unknown_band_quotes_it_and_lists_the_accepted_ones() -> None:
    with pytest.raises(UnknownLabelError) as info:
        normalise_band("Band 8", StaffGroup.CLINICAL)
    message = str(info.value)
    assert "'Band 8'" in message
    assert "Band 8a" in message
    assert "VSM" in message


def test_grade_under_the_wrong_staff_group_is_an_error() -> None:
    with pytest.raises(UnknownLabelError, match="medical grade"):
        normalise_band("Consultant", StaffGroup.CLINICAL)
    with pytest.raises(UnknownLabelError, match="Agenda for Change"):
        normalise_band("Band 5", StaffGroup.MEDICAL)


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("Non-clinical", StaffGroup.NON_CLINICAL),
        ("Non clinical", StaffGroup.NON_CLINICAL),
        ("Clinical", StaffGroup.CLINICAL),
        ("Medical & Dental", StaffGroup.MEDICAL),
        ("Medical and Dental", StaffGroup.MEDICAL),
    ],
)
def test_staff_groups(text: str, group: StaffGroup) -> None:
    assert normalise_staff_group(text) is group


def test_unknown_staff_group() -> None:
    with pytest.raises(UnknownLabelError, match="Non-clinical, Clinical, Medical & Dental"):
        normalise_staff_group("Volunteers")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Admin and clerical", StaffGroup.NON_CLINICAL),
        ("Administrative and Clerical", StaffGroup.NON_CLINICAL),
        ("Estates and Ancillary", StaffGroup.NON_CLINICAL),
        ("Nursing and Midwifery Registered", StaffGroup.CLINICAL),
        ("Add Prof Scientific and Technic", StaffGroup.CLINICAL),
        ("Medical and Dental", StaffGroup.MEDICAL),
    ],
)
def test_esr_staff_group_names_are_staff_groups(typed: str, expected: StaffGroup) -> None:
    # The names import-esr maps are accepted wherever a staff group is typed.
    from wres_xl.core.esr import esr_staff_group

    assert normalise_staff_group(typed) is expected
    assert esr_staff_group(typed) is expected
