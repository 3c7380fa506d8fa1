"""The standard as data: WRES is built from the WRES constants, WDES names follow SPEC §10."""

from __future__ import annotations

import pytest

from wres_xl.core import schema
from wres_xl.core.indicators import HIGHER_IS_WORSE, INDICATOR_TITLES
from wres_xl.core.standard import WRES, Computation, Direction, get_standard
from wres_xl.core.wdes_standard import WDES
from wres_xl.errors import InputError


def test_wres_instance_is_the_wres_constants() -> None:
    assert [g.key for g in WRES.groups] == ["white", "bme", "unknown"]
    assert WRES.reference.label == "White"
    assert WRES.metric_keys == tuple(str(i) for i in range(1, 10))
    assert {m.key: m.title for m in WRES.metrics} == {
        str(k): v for k, v in INDICATOR_TITLES.items()
    }
    survey_worse = {int(m.key) for m in WRES.metrics if m.higher_is_worse}
    assert survey_worse == HIGHER_IS_WORSE - {3}
    assert WRES.metric(3).numerator == "focus"
    assert WRES.metric(2).numerator == "reference"
    assert WRES.tables == schema.INPUT_TABLES
    assert WRES.settings == schema.SETTING_SPECS


def test_wdes_names_are_spec_section_10() -> None:
    assert [g.key for g in WDES.groups] == ["non_disabled", "disabled", "unknown"]
    assert [g.label for g in WDES.groups] == ["Non-disabled", "Disabled", "Unknown"]
    assert WDES.metric_keys == (
        "1", "2", "3", "4a-i", "4a-ii", "4a-iii", "4b", "5", "6", "7", "8", "9a", "9b", "10",
    )  # fmt: skip
    tables = {t.name: t.columns for t in WDES.tables}
    assert tables["tblWorkforce"] == (
        "Year", "Staff group", "Band", "Non-disabled", "Disabled", "Unknown",
    )  # fmt: skip
    assert tables["tblRecruitment"] == ("Year", "Disability", "Shortlisted", "Appointed")
    assert tables["tblCapability"] == (
        "Year", "Disability", "Headcount", "Entered formal capability",
    )  # fmt: skip
    assert tables["tblSurvey"] == (
        "Year", "Metric", "Disability", "Respondents", "Percent", "Score",
    )  # fmt: skip
    assert tables["tblVoices"] == ("Year", "Facilitates voices", "Narrative")
    assert tables["tblBoard"] == ("Year", "Role", "Voting", "Disability", "Headcount")
    assert tables["tblActions"] == schema.ACTIONS.columns
    settings = {s.name: s for s in WDES.settings}
    assert settings["Standard"].default == "WDES"
    assert settings["Capability period"].choices == ("Single year", "Two-year rolling")


def test_wdes_directions() -> None:
    lower = {m.key for m in WDES.metrics if m.computation is Computation.SURVEY
             and m.direction is Direction.LOWER_IS_WORSE}  # fmt: skip
    assert lower == {"4b", "5", "7"}
    assert WDES.metric("2").numerator == "reference"  # non-disabled rate ÷ Disabled rate
    assert WDES.metric("3").numerator == "focus"  # Disabled rate ÷ non-disabled rate
    assert WDES.metric(" 4A-I ").key == "4a-i"
    assert WDES.metric(10.0).computation is Computation.BOARD


def test_standard_setting() -> None:
    assert get_standard(None) is WRES
    assert get_standard(" wdes ") is WDES
    with pytest.raises(InputError, match="WRES or WDES"):
        get_standard("WXYZ")
    with pytest.raises(InputError, match="not a WDES metric"):
        WDES.metric("11")


def test_the_standard_a_settings_table_names() -> None:
    from wres_xl.core.model import RawTable
    from wres_xl.core.standard import settings_standard
    from wres_xl.core.wdes_standard import WDES as WDES_STANDARD

    def table(headers: tuple[str, ...], *rows: list[object]) -> RawTable:
        return RawTable("tblSettings", "Settings", headers, list(rows), 5)

    assert settings_standard(None).name == "WRES"
    assert settings_standard(table(("Name", "Value"), ["Standard", "WDES"])).name == "WRES"
    assert settings_standard(table(("Setting", "Value"), ["Organisation", "X"])).name == "WRES"
    wdes = table(("Setting", "Value"), ["Organisation", "X"], ["  standard ", " wdes "])
    assert settings_standard(wdes) is WDES_STANDARD
    assert settings_standard(table(("Setting", "Value"), ["Standard"])).name == "WRES"


def test_metric_and_table_lookups_say_what_to_use() -> None:
    from wres_xl.core.wdes_standard import WDES as WDES_STANDARD
    from wres_xl.errors import InputError

    assert WDES_STANDARD.metric(" 4A-I ").key == "4a-i"
    assert WDES_STANDARD.metric(2.0).key == "2"
    assert WDES_STANDARD.unknown.slot != WDES_STANDARD.focus.slot
    with pytest.raises(InputError, match=r"is not a WDES metric\. Use one of 1, 2"):
        WDES_STANDARD.metric(True)
    with pytest.raises(KeyError):
        WDES_STANDARD.table("tblNothing")
