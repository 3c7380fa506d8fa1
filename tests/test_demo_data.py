"""The demo trust's data: shape, internal consistency and realism.

Statistics here are computed independently with scipy from the rows themselves, so a
change to the demo figures that loses the disparity the demo is meant to show fails here.
"""

from __future__ import annotations

from collections import Counter

import pytest
from scipy.stats import fisher_exact
from scipy.stats.contingency import relative_risk

from wres_xl.commands.demo.wres_data import DEMO_ORGANISATION, DEMO_YEAR, demo_inputs
from wres_xl.core.bands import (
    AFC_BANDS,
    MEDICAL_BANDS,
    SENIOR_AFC_BANDS,
    STAFF_GROUPS,
    StaffGroup,
    normalise_band,
    normalise_staff_group,
)
from wres_xl.core.groups import Group, classify_ethnicity
from wres_xl.core.schema import (
    ROLE_VALUES,
    SETTINGS_BY_NAME,
    SOURCE_VALUES,
    STATUS_VALUES,
    SURVEY_INDICATORS,
    TABLES_BY_NAME,
    VOTING_VALUES,
)

YEARS = (2023, 2024, 2025)
YEAR_TABLES = (
    "tblWorkforce",
    "tblRecruitment",
    "tblDisciplinary",
    "tblTraining",
    "tblSurvey",
    "tblBoard",
)
EVENT_COLUMNS = {
    "tblDisciplinary": "Entered formal disciplinary",
    "tblTraining": "Accessed non-mandatory training",
}

INPUTS = demo_inputs()


def count(row: dict[str, object], column: str) -> int:
    value = row[column]
    assert type(value) is int, (column, row)
    return value


def group_of(row: dict[str, object]) -> Group:
    return classify_ethnicity(row["Ethnicity"])


def workforce_totals(year: int) -> dict[Group, int]:
    totals = {Group.WHITE: 0, Group.BME: 0, Group.UNKNOWN: 0}
    for row in INPUTS["tblWorkforce"]:
        if row["Year"] == year:
            totals[Group.WHITE] += count(row, "White")
            totals[Group.BME] += count(row, "BME")
            totals[Group.UNKNOWN] += count(row, "Unknown")
    return totals


def by_year_group(table: str, year: int) -> dict[Group, dict[str, object]]:
    rows = [r for r in INPUTS[table] if r["Year"] == year]
    result = {group_of(r): r for r in rows}
    assert len(result) == len(rows), f"{table} {year}: an ethnic group appears twice"
    return result


def two_by_two(
    white_events: int, white_total: int, bme_events: int, bme_total: int
) -> list[list[int]]:
    return [
        [white_events, white_total - white_events],
        [bme_events, bme_total - bme_events],
    ]


# --- shape -------------------------------------------------------------------------------


def test_every_input_table_is_present_and_nothing_else() -> None:
    assert set(INPUTS) == set(TABLES_BY_NAME)


@pytest.mark.parametrize("table", sorted(TABLES_BY_NAME))
def test_row_keys_are_exactly_the_spec_column_headers(table: str) -> None:
    columns = TABLES_BY_NAME[table].columns
    for row in INPUTS[table]:
        assert tuple(row) == columns


@pytest.mark.parametrize("table", sorted(TABLES_BY_NAME))
def test_count_columns_hold_non_negative_whole_numbers(table: str) -> None:
    spec = TABLES_BY_NAME[table]
    for row in INPUTS[table]:
        for column in spec.count_columns:
            value = row[column]
            if value is None and column in spec.optional_columns:
                continue
            assert type(value) is int, (table, column, row)
            assert value >= 0, (table, column, row)


@pytest.mark.parametrize("table", YEAR_TABLES)
def test_three_years_in_every_table(table: str) -> None:
    assert {row["Year"] for row in INPUTS[table]} == set(YEARS)
    assert all(type(row["Year"]) is int for row in INPUTS[table])


def test_settings_name_the_trust_and_year_and_use_valid_values() -> None:
    values = {str(row["Setting"]): row["Value"] for row in INPUTS["tblSettings"]}
    assert set(values) == set(SETTINGS_BY_NAME)
    assert values["Organisation"] == DEMO_ORGANISATION == "Example NHS Trust"
    assert values["WRES year"] == DEMO_YEAR == 2025
    for name, value in values.items():
        choices = SETTINGS_BY_NAME[name].choices
        if choices:
            assert value in choices, name


def test_the_users_own_action_is_a_valid_row() -> None:
    for row in INPUTS["tblActions"]:
        assert row["Status"] in STATUS_VALUES
        assert row["Source"] == "Own"
        assert "Own" in SOURCE_VALUES
        assert row["Indicator"] in range(1, 10)
        assert row["Current rating"] is None  # tool-owned: the refresh fills it
        assert str(row["ID"]).strip()


def test_each_call_returns_a_fresh_identical_copy() -> None:
    first = demo_inputs()
    first["tblWorkforce"][0]["White"] = -1
    first["tblBoard"].clear()
    assert demo_inputs() == INPUTS
    assert INPUTS["tblWorkforce"][0]["White"] != -1


# --- workforce (indicator 1) -------------------------------------------------------------


@pytest.mark.parametrize("year", YEARS)
def test_workforce_has_every_band_of_every_staff_group_once(year: int) -> None:
    seen = Counter(
        (normalise_staff_group(r["Staff group"]), r["Band"])
        for r in INPUTS["tblWorkforce"]
        if r["Year"] == year
    )
    expected = {
        (group, band)
        for group in STAFF_GROUPS
        for band in (MEDICAL_BANDS if group is StaffGroup.MEDICAL else AFC_BANDS)
    }
    assert set(seen) == expected
    assert max(seen.values()) == 1


def test_labels_are_standard_so_the_demo_looks_clean() -> None:
    for row in INPUTS["tblWorkforce"]:
        group = normalise_staff_group(row["Staff group"])
        assert group.value == row["Staff group"]
        assert normalise_band(row["Band"], group) == row["Band"]


def test_small_cells_for_suppression_zeros_and_unknowns_are_present() -> None:
    rows_2025 = [r for r in INPUTS["tblWorkforce"] if r["Year"] == 2025]
    cells = [count(r, c) for r in rows_2025 for c in ("White", "BME", "Unknown")]
    assert any(1 <= c <= 7 for c in cells)
    assert any(1 <= count(r, "BME") <= 7 for r in rows_2025 if r["Band"] in SENIOR_AFC_BANDS)
    assert 0 in cells
    for group in STAFF_GROUPS:
        assert any(r["Unknown"] for r in rows_2025 if r["Staff group"] == group.value)


def test_bme_share_is_realistic_and_rising() -> None:
    shares = []
    for year in YEARS:
        totals = workforce_totals(year)
        headcount = sum(totals.values())
        assert 5000 <= headcount <= 7500
        shares.append(totals[Group.BME] / headcount)
    assert all(0.15 <= s <= 0.35 for s in shares)
    assert shares == sorted(shares)
    assert shares[0] == pytest.approx(0.22, abs=0.01)
    assert shares[-1] == pytest.approx(0.26, abs=0.01)


@pytest.mark.parametrize("year", YEARS)
def test_bme_share_falls_at_senior_bands_and_is_high_among_doctors(year: int) -> None:
    def share(rows: list[dict[str, object]]) -> float:
        bme = sum(count(r, "BME") for r in rows)
        total = sum(count(r, "White") + count(r, "BME") + count(r, "Unknown") for r in rows)
        return bme / total

    rows = [r for r in INPUTS["tblWorkforce"] if r["Year"] == year]
    afc = [r for r in rows if r["Staff group"] != StaffGroup.MEDICAL.value]
    bands_2_to_5 = share([r for r in afc if r["Band"] in ("Band 2", "Band 3", "Band 4", "Band 5")])
    senior = share([r for r in afc if r["Band"] in SENIOR_AFC_BANDS])
    medical = share([r for r in rows if r["Staff group"] == StaffGroup.MEDICAL.value])
    assert senior < bands_2_to_5 / 2
    assert medical > bands_2_to_5


# --- indicators 2-4 ----------------------------------------------------------------------


@pytest.mark.parametrize("table", ["tblRecruitment", "tblDisciplinary", "tblTraining"])
@pytest.mark.parametrize("year", YEARS)
def test_one_row_per_ethnic_group_per_year(table: str, year: int) -> None:
    assert set(by_year_group(table, year)) == {Group.WHITE, Group.BME, Group.UNKNOWN}


def test_appointed_never_exceeds_shortlisted() -> None:
    for row in INPUTS["tblRecruitment"]:
        assert 0 < count(row, "Appointed") <= count(row, "Shortlisted")


@pytest.mark.parametrize("table", ["tblDisciplinary", "tblTraining"])
@pytest.mark.parametrize("year", YEARS)
def test_events_never_exceed_the_groups_headcount(table: str, year: int) -> None:
    totals = workforce_totals(year)
    for group, row in by_year_group(table, year).items():
        headcount = count(row, "Headcount") if row["Headcount"] is not None else totals[group]
        assert count(row, EVENT_COLUMNS[table]) <= headcount <= totals[group]


def test_disciplinary_headcounts_are_explicit_in_2023_only_and_match_the_workforce() -> None:
    for year in YEARS:
        totals = workforce_totals(year)
        for group, row in by_year_group("tblDisciplinary", year).items():
            if year == 2023:
                assert row["Headcount"] == totals[group]
            else:
                assert row["Headcount"] is None
    for row in INPUTS["tblTraining"]:
        assert row["Headcount"] is None


def test_recruitment_disparity_is_significant_in_2025_and_differs_from_2024() -> None:
    likelihoods = {}
    for year in YEARS:
        rows = by_year_group("tblRecruitment", year)
        white, bme = rows[Group.WHITE], rows[Group.BME]
        we, wt = count(white, "Appointed"), count(white, "Shortlisted")
        be, bt = count(bme, "Appointed"), count(bme, "Shortlisted")
        likelihoods[year] = (we / wt) / (be / bt)
        if year == 2025:
            _, p = fisher_exact(two_by_two(we, wt, be, bt))
            assert p < 0.05
    assert 1.4 <= likelihoods[2025] <= 1.6
    assert 1.2 <= likelihoods[2024] <= 1.4
    assert len({round(v, 2) for v in likelihoods.values()}) == 3


@pytest.mark.parametrize("year", YEARS)
def test_disciplinary_likelihood_is_computable_with_a_wide_interval(year: int) -> None:
    totals = workforce_totals(year)
    rows = by_year_group("tblDisciplinary", year)
    white = count(rows[Group.WHITE], "Entered formal disciplinary")
    bme = count(rows[Group.BME], "Entered formal disciplinary")
    assert white > 0
    assert 0 < bme <= 10
    result = relative_risk(bme, totals[Group.BME], white, totals[Group.WHITE])
    low, high = result.confidence_interval(confidence_level=0.95)
    assert low < 1 < high
    assert high / low > 3


@pytest.mark.parametrize("year", YEARS)
def test_training_likelihood_is_slightly_above_one(year: int) -> None:
    totals = workforce_totals(year)
    rows = by_year_group("tblTraining", year)
    column = EVENT_COLUMNS["tblTraining"]
    white_rate = count(rows[Group.WHITE], column) / totals[Group.WHITE]
    bme_rate = count(rows[Group.BME], column) / totals[Group.BME]
    assert 1.05 <= white_rate / bme_rate <= 1.15


# --- indicators 5-8 ----------------------------------------------------------------------


def survey_rows(year: int, indicator: int) -> dict[Group, dict[str, object]]:
    rows = [r for r in INPUTS["tblSurvey"] if r["Year"] == year and r["Indicator"] == indicator]
    result = {group_of(r): r for r in rows}
    assert len(result) == len(rows)
    return result


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("indicator", SURVEY_INDICATORS)
def test_survey_rows_are_consistent_with_the_workforce(year: int, indicator: int) -> None:
    rows = survey_rows(year, indicator)
    assert set(rows) == {Group.WHITE, Group.BME}
    totals = workforce_totals(year)
    before = workforce_totals(year - 1) if year - 1 in YEARS else totals
    for group, row in rows.items():
        respondents = count(row, "Respondents")
        # The survey runs in the autumn before the snapshot: within both years' headcounts.
        assert respondents <= min(totals[group], before[group])
        assert 0.30 <= respondents / totals[group] <= 0.60
        percent = row["Percent"]
        assert isinstance(percent, float | int)
        # Above 1 so it can never be misread as a fraction; two decimals as the survey prints.
        assert 1 < percent < 100
        assert round(percent, 2) == percent
        events = round(percent * respondents / 100)
        assert round(100 * events / respondents, 2) == percent


@pytest.mark.parametrize("year", YEARS)
def test_discrimination_gap_is_significant(year: int) -> None:
    rows = survey_rows(year, 8)
    counts = {}
    for group, row in rows.items():
        respondents = count(row, "Respondents")
        percent = row["Percent"]
        assert isinstance(percent, float)
        counts[group] = (round(percent * respondents / 100), respondents)
    (we, wt), (be, bt) = counts[Group.WHITE], counts[Group.BME]
    assert be / bt > 2 * we / wt
    _, p = fisher_exact(two_by_two(we, wt, be, bt))
    assert p < 0.001


# --- indicator 9 -------------------------------------------------------------------------


@pytest.mark.parametrize("year", YEARS)
def test_board_is_small_with_one_or_two_bme_members(year: int) -> None:
    rows = [r for r in INPUTS["tblBoard"] if r["Year"] == year]
    assert {r["Role"] for r in rows} == set(ROLE_VALUES)
    assert {r["Voting"] for r in rows} <= set(VOTING_VALUES)
    size = sum(count(r, "Headcount") for r in rows)
    bme = sum(count(r, "Headcount") for r in rows if group_of(r) is Group.BME)
    assert 12 <= size <= 16
    assert 1 <= bme <= 2
    assert Group.UNKNOWN not in {group_of(r) for r in rows}
