"""The nine indicators' rules (SPEC §3) on small inputs whose answers are worked by hand."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pytest

from wres_xl.core import schema
from wres_xl.core.indicators import (
    BoardResult,
    NotComputed,
    RatioResult,
    SurveyResult,
    WorkforceResult,
    compute_report,
)
from wres_xl.core.inputs import parse_inputs
from wres_xl.core.model import RawTable, Severity, WresData
from wres_xl.core.stats import FourFifths, Rating


def raw(spec: schema.TableSpec, rows: Sequence[Mapping[str, object]]) -> RawTable:
    return RawTable(
        spec.name, spec.sheet, spec.columns, [[r.get(c) for c in spec.columns] for r in rows], 5
    )


def data(**tables: Sequence[Mapping[str, object]]) -> WresData:
    by_name = {s.name: s for s in schema.INPUT_TABLES}
    given = {name: raw(by_name[name], rows) for name, rows in tables.items()}
    for spec in schema.INPUT_TABLES:
        given.setdefault(spec.name, raw(spec, []))
    return parse_inputs(given)


WORKFORCE = [
    {
        "Year": 2025,
        "Staff group": "Clinical",
        "Band": "Band 5",
        "White": 60,
        "BME": 30,
        "Unknown": 10,
    },
    {
        "Year": 2025,
        "Staff group": "Clinical",
        "Band": "Band 8a",
        "White": 36,
        "BME": 2,
        "Unknown": 2,
    },
    {
        "Year": 2024,
        "Staff group": "Clinical",
        "Band": "Band 5",
        "White": 50,
        "BME": 30,
        "Unknown": 0,
    },
]


def test_percentages_use_the_chosen_denominator() -> None:
    all_staff = compute_report(data(tblWorkforce=WORKFORCE)).current(1)
    assert isinstance(all_staff, WorkforceResult)
    assert all_staff.bme_share == pytest.approx(32 / 140)
    known = compute_report(
        data(
            tblWorkforce=WORKFORCE,
            tblSettings=[{"Setting": "Percentages based on", "Value": "Known ethnicity"}],
        )
    ).current(1)
    assert isinstance(known, WorkforceResult)
    assert known.bme_share == pytest.approx(32 / 128)


def test_band_rating_direction() -> None:
    result = compute_report(data(tblWorkforce=WORKFORCE)).current(1)
    assert isinstance(result, WorkforceResult)
    bands = {b.band: b for b in result.bands}
    # Band 8a holds 2 of 40 (5%) against 32 of 140 overall: under-represented. Bands are
    # rated as representation, never better/worse (SPEC §4).
    assert bands["Band 8a"].rating.value.startswith("Under-represented")
    assert bands["Band 5"].rating.value.startswith("Over-represented")
    assert not any(b.rating.is_worse or b.rating.is_better for b in result.bands)


def _disciplinary(headcount: object = None) -> list[dict[str, object]]:
    return [
        {
            "Year": 2025,
            "Ethnicity": "White",
            "Headcount": headcount,
            "Entered formal disciplinary": 2,
        },
        {
            "Year": 2025,
            "Ethnicity": "BME",
            "Headcount": headcount,
            "Entered formal disciplinary": 3,
        },
        {"Year": 2024, "Ethnicity": "White", "Headcount": None, "Entered formal disciplinary": 1},
        {"Year": 2024, "Ethnicity": "BME", "Headcount": None, "Entered formal disciplinary": 2},
    ]


def test_disciplinary_headcounts_default_to_the_workforce() -> None:
    result = compute_report(data(tblWorkforce=WORKFORCE, tblDisciplinary=_disciplinary())).current(
        3
    )
    assert isinstance(result, RatioResult)
    assert (result.white.total, result.bme.total) == (96, 32)
    # BME ÷ White: (3/32) ÷ (2/96)
    assert result.relative_likelihood == pytest.approx((3 / 32) / (2 / 96))
    assert result.headcount_source == "Workforce table"


def test_an_explicit_headcount_wins() -> None:
    result = compute_report(
        data(tblWorkforce=WORKFORCE, tblDisciplinary=_disciplinary(headcount=200))
    ).current(3)
    assert isinstance(result, RatioResult)
    assert (result.white.total, result.bme.total) == (200, 200)


def test_two_year_rolling_sums_both_years() -> None:
    result = compute_report(
        data(
            tblWorkforce=WORKFORCE,
            tblDisciplinary=_disciplinary(),
            tblSettings=[{"Setting": "Disciplinary period", "Value": "Two-year rolling"}],
        )
    ).current(3)
    assert isinstance(result, RatioResult)
    assert (result.white.events, result.bme.events) == (3, 5)
    assert (result.white.total, result.bme.total) == (96 + 50, 32 + 30)
    assert result.period_years == (2024, 2025)


def test_zero_denominator_rate_is_not_computable_with_the_reason() -> None:
    rows = [
        {"Year": 2025, "Ethnicity": "White", "Shortlisted": 100, "Appointed": 20},
        {"Year": 2025, "Ethnicity": "BME", "Shortlisted": 40, "Appointed": 0},
    ]
    result = compute_report(data(tblRecruitment=rows)).current(2)
    assert isinstance(result, RatioResult)
    assert result.relative_likelihood is None
    assert result.ci_low is None
    assert result.not_computable_reason == ("no BME staff appointed, so the ratio divides by zero")


def test_unknown_is_excluded_from_relative_likelihoods() -> None:
    rows = [
        {"Year": 2025, "Ethnicity": "White", "Shortlisted": 100, "Appointed": 30},
        {"Year": 2025, "Ethnicity": "BME", "Shortlisted": 100, "Appointed": 15},
        {"Year": 2025, "Ethnicity": "Not stated", "Shortlisted": 50, "Appointed": 50},
    ]
    result = compute_report(data(tblRecruitment=rows)).current(2)
    assert isinstance(result, RatioResult)
    assert result.relative_likelihood == pytest.approx(2.0)
    assert result.four_fifths is FourFifths.ADVERSE


def test_survey_direction_per_indicator() -> None:
    def survey(indicator: int) -> SurveyResult:
        rows = [
            {
                "Year": 2025,
                "Indicator": indicator,
                "Ethnicity": "White",
                "Respondents": 500,
                "Percent": 20,
            },
            {
                "Year": 2025,
                "Indicator": indicator,
                "Ethnicity": "BME",
                "Respondents": 300,
                "Percent": 35,
            },
        ]
        result = compute_report(data(tblSurvey=rows)).current(indicator)
        assert isinstance(result, SurveyResult)
        return result

    assert survey(8).rating.is_worse  # more BME staff report discrimination
    assert survey(7).rating.is_better  # more BME staff believe in equal opportunities
    assert survey(8).difference_pp == pytest.approx(15.0)


def test_board_parity() -> None:
    board = [
        {"Year": 2025, "Role": "Executive", "Voting": "Yes", "Ethnicity": "White", "Headcount": 7},
        {
            "Year": 2025,
            "Role": "Non-executive",
            "Voting": "Yes",
            "Ethnicity": "White",
            "Headcount": 6,
        },
        {"Year": 2025, "Role": "Non-executive", "Voting": "No", "Ethnicity": "BME", "Headcount": 1},
    ]
    result = compute_report(data(tblWorkforce=WORKFORCE, tblBoard=board)).current(9)
    assert isinstance(result, BoardResult)
    # Workforce 32/140 = 22.9%; board 1/14: ceil(0.229 × 14) = 4, so 3 more members.
    assert result.gap.members_for_parity == 3
    assert result.rating is Rating.WORSE
    assert result.executive.difference_pp == pytest.approx(-100 * 32 / 140)
    assert result.voting.counts.bme == 0


def test_bad_inputs_stop_only_their_indicator() -> None:
    recruitment = [
        {"Year": 2025, "Ethnicity": "White", "Shortlisted": 10, "Appointed": 12},
        {"Year": 2025, "Ethnicity": "BME", "Shortlisted": 10, "Appointed": 2},
    ]
    d = data(tblWorkforce=WORKFORCE, tblRecruitment=recruitment, tblDisciplinary=_disciplinary())
    report = compute_report(d)
    assert isinstance(report.current(2), NotComputed)
    assert isinstance(report.current(3), RatioResult)
    problem = next(c for c in d.checks if c.severity is Severity.ERROR)
    assert (problem.sheet, problem.table, problem.row, problem.column) == (
        "Recruitment",
        "tblRecruitment",
        5,
        "Appointed",
    )
    assert "Appointed (12) is more than Shortlisted (10)" in problem.message


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("twelve", "holds the text 'twelve', not a number"),
        (-3, "cannot be negative"),
        (2.5, "must be a whole number"),
    ],
)
def test_bad_counts_are_located_and_explained(value: object, fragment: str) -> None:
    rows = [dict(WORKFORCE[0], BME=value)]
    d = data(tblWorkforce=rows)
    check = next(c for c in d.checks if c.severity is Severity.ERROR)
    assert fragment in check.message
    assert check.column == "BME"
    assert check.row == 5
    assert isinstance(compute_report(d).current(1), NotComputed)


def test_duplicate_band_rows_and_unknown_labels() -> None:
    rows = [WORKFORCE[0], dict(WORKFORCE[0]), dict(WORKFORCE[1], Band="Band 8")]
    d = data(tblWorkforce=rows)
    messages = [c.message for c in d.checks if c.severity is Severity.ERROR]
    assert any("appears twice, on rows 5 and 6" in m for m in messages)
    assert any("'Band 8' is not a recognised pay band" in m for m in messages)


def test_missing_table_and_column_are_reported() -> None:
    given = {s.name: raw(s, []) for s in schema.INPUT_TABLES}
    del given["tblBoard"]
    broken = schema.RECRUITMENT.columns[:-1]
    given["tblRecruitment"] = RawTable("tblRecruitment", "Recruitment", broken, [], 5)
    d = parse_inputs(given)
    messages = " ".join(c.message for c in d.checks)
    assert "The Excel Table tblBoard was not found" in messages
    assert "no column headed 'Appointed'" in messages


def test_percent_accepts_fractions_and_percentages() -> None:
    rows = [
        {"Year": 2025, "Indicator": 6, "Ethnicity": "White", "Respondents": 400, "Percent": 0.25},
        {"Year": 2025, "Indicator": 6, "Ethnicity": "BME", "Respondents": 200, "Percent": 30},
    ]
    result = compute_report(data(tblSurvey=rows)).current(6)
    assert isinstance(result, SurveyResult)
    assert (result.white_rate, result.bme_rate) == (0.25, 0.30)
    assert (result.white.events, result.bme.events) == (100, 60)
