"""Change between years, aspirational targets and the Trends sheet (with its charts)."""

from __future__ import annotations

import math
import re
import zipfile
from fractions import Fraction
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import fisher_exact, norm
from scipy.stats.contingency import relative_risk

from tests.strategies import group_rate
from tests.support.helpers import nscht
from wres_xl.core.bands import SENIOR_AFC_BANDS, StaffGroup
from wres_xl.core.groups import Group
from wres_xl.core.indicators import (
    BoardResult,
    GroupRate,
    NotComputed,
    WorkforceResult,
    WresReport,
    compute_report,
    ratio_result,
    survey_result,
)
from wres_xl.core.inputs import parse_inputs
from wres_xl.core.model import (
    BoardRow,
    GroupCounts,
    PercentBasis,
    RawTable,
    Settings,
    WorkforceRow,
    WresData,
)
from wres_xl.core.schema import TABLES_BY_NAME
from wres_xl.core.targets import (
    aspirational_targets,
    band_target,
    equitable_headcount,
    milestones,
    round_half_up,
    senior_counts,
    target_share,
)
from wres_xl.core.trends import (
    CHANGE_WORDS,
    change_text,
    compare_years,
    describe_change,
    rl_change_test,
)
from wres_xl.errors import InputError

# --- independent references ------------------------------------------------------------


def katz_se(a: int, n1: int, c: int, n2: int) -> float:
    """SE of log RL recovered from scipy's Katz interval: (ln hi − ln lo) / (2 × z.975)."""
    ci = relative_risk(a, n1, c, n2).confidence_interval(confidence_level=0.95)
    return (math.log(ci.high) - math.log(ci.low)) / (2 * norm.ppf(0.975))


def reference_rl_p(previous: tuple[int, ...], current: tuple[int, ...]) -> tuple[float, float]:
    """Altman & Bland z for the difference of two log RLs, from scipy only."""
    rr_before = relative_risk(*previous).relative_risk
    rr_now = relative_risk(*current).relative_risk
    z = (math.log(rr_now) - math.log(rr_before)) / math.hypot(katz_se(*previous), katz_se(*current))
    return z, 2 * norm.sf(abs(z))


def fisher_by_hand(a: int, n1: int, c: int, n2: int) -> float:
    """Two-sided Fisher p by summing hypergeometric probabilities (no scipy), as R does:
    every table at most as likely as the observed one, with R's 1e-7 relative tolerance."""
    events = a + c
    n = n1 + n2

    def prob(x: int) -> Fraction:
        return Fraction(math.comb(events, x) * math.comb(n - events, n1 - x), math.comb(n, n1))

    observed = prob(a)
    support = range(max(0, n1 - (n - events)), min(n1, events) + 1)
    total = sum(p for x in support if (p := prob(x)) <= observed * Fraction(10_000_001, 10**7))
    return float(total)


def rl2(white: tuple[int, int], bme: tuple[int, int], year: int) -> Any:
    return ratio_result(2, year, GroupRate(*white), GroupRate(*bme))


def survey(indicator: int, white: tuple[int, int], bme: tuple[int, int], year: int) -> Any:
    return survey_result(indicator, year, GroupRate(*white), GroupRate(*bme))


# --- relative likelihoods (indicators 2–4) ----------------------------------------------


def test_rl_falling_significantly_is_improved() -> None:
    # Indicator 2 (White ÷ BME): 1.80 → 1.06.
    # reference_rl_p((300, 1000, 100, 600), (300, 1000, 170, 600)) -> z = -4.044, p = 5.25e-05
    before = rl2((300, 1000), (100, 600), 2024)
    now = rl2((300, 1000), (170, 600), 2025)
    z, p = rl_change_test(now, before) or (0.0, 1.0)
    ref_z, ref_p = reference_rl_p((300, 1000, 100, 600), (300, 1000, 170, 600))
    assert z == pytest.approx(ref_z, rel=1e-9)
    assert z == pytest.approx(-4.044158781866767, rel=1e-9)
    assert p == pytest.approx(ref_p, rel=1e-9)
    assert describe_change(2, now, before) == "improved"


def test_rl_rising_significantly_is_worse() -> None:
    before = rl2((300, 1000), (170, 600), 2024)
    now = rl2((300, 1000), (100, 600), 2025)
    assert describe_change(2, now, before) == "worse"
    assert compare_years(2, now, before).p_value == pytest.approx(5.251132391943525e-05, rel=1e-6)


def test_rl_small_change_is_no_significant_change() -> None:
    # 1.125 → 1.20: reference_rl_p(...) -> z = 0.541, p = 0.589
    before = rl2((300, 1000), (160, 600), 2024)
    now = rl2((300, 1000), (150, 600), 2025)
    change = compare_years(2, now, before)
    assert change.wording == "no significant change"
    assert change.p_value == pytest.approx(
        reference_rl_p((300, 1000, 160, 600), (300, 1000, 150, 600))[1], rel=1e-9
    )


def test_disciplinary_orientation_puts_bme_on_top() -> None:
    # Indicator 3 is BME ÷ White: more BME cases is worse.
    before = ratio_result(3, 2024, GroupRate(20, 4000), GroupRate(5, 1000))
    now = ratio_result(3, 2025, GroupRate(20, 4000), GroupRate(25, 1000))
    assert before.relative_likelihood == pytest.approx(1.0)
    assert now.relative_likelihood == pytest.approx(5.0)
    z, p = reference_rl_p((5, 1000, 20, 4000), (25, 1000, 20, 4000))
    assert z > 0
    assert p < 0.05
    assert describe_change(3, now, before) == "worse"
    assert describe_change(3, before, now) == "improved"


def test_nscht_disciplinary_zero_cases_uses_haldane_correction() -> None:
    # NSCHT indicator 3: 0 of 182 BME and 11 of 1,626 White staff in 2023 (RL 0); 3 of 215
    # and 13 of 1,705 in 2024 (RL 1.83). The report called this "worse"; the test says the
    # move is within chance. By hand, 0.5 added to each 2023 cell:
    #   ln RL 2024 = ln((3/215)/(13/1705)) = 0.6043; ln RL 2023 = ln((0.5/183)/(11.5/1627))
    #   = -0.9503; var = (1/3 - 1/215 + 1/13 - 1/1705) + (1/0.5 - 1/183 + 1/11.5 - 1/1627)
    #   = 0.40502 + 2.08088; z = 1.5546 / 1.5767 = 0.9861; p = 2·(1 − Φ(0.9861)) = 0.3241.
    before = ratio_result(3, 2023, GroupRate(11, 1626), GroupRate(0, 182))
    now = ratio_result(3, 2024, GroupRate(13, 1705), GroupRate(3, 215))
    assert now.relative_likelihood == pytest.approx(1.83, abs=0.005)
    z, p = rl_change_test(now, before) or (0.0, 1.0)
    assert z == pytest.approx(0.9861480816937875, rel=1e-9)
    assert p == pytest.approx(0.3240604520789677, rel=1e-9)
    assert describe_change(3, now, before) == "no significant change"


def test_significance_level_setting_is_used() -> None:
    # RL 1.20 → 1.64: p = 0.0177 (reference_rl_p), so worse at 0.05 but not at 0.01.
    before = rl2((300, 1000), (150, 600), 2024)
    now = rl2((300, 1000), (110, 600), 2025)
    p = reference_rl_p((300, 1000, 150, 600), (300, 1000, 110, 600))[1]
    assert p == pytest.approx(0.017670806499021783, rel=1e-9)
    assert describe_change(2, now, before, 0.05) == "worse"
    assert describe_change(2, now, before, 0.01) == "no significant change"


def test_undefined_rl_is_not_comparable() -> None:
    # No BME staff appointed: the RL divides by zero.
    before = rl2((300, 1000), (0, 50), 2024)
    now = rl2((300, 1000), (10, 50), 2025)
    assert before.relative_likelihood is None
    change = compare_years(2, now, before)
    assert change.wording == "not comparable"
    assert "undefined" in change.reason


# --- survey indicators (5–8) -----------------------------------------------------------


def test_survey_bme_rate_falling_is_improved_where_higher_is_worse() -> None:
    # Indicator 5 BME: 90 of 300 (30%) → 60 of 300 (20%).
    # fisher_by_hand(90, 300, 60, 300) = 0.006145 (R: fisher.test(matrix(c(90,210,60,240),2,
    # byrow=TRUE))$p.value = 0.006145)
    before = survey(5, (500, 2000), (90, 300), 2024)
    now = survey(5, (500, 2000), (60, 300), 2025)
    change = compare_years(5, now, before)
    assert change.p_value == pytest.approx(fisher_by_hand(90, 300, 60, 300), rel=1e-9)
    assert change.p_value == pytest.approx(0.006144821737491064, rel=1e-9)
    assert change.wording == "improved"
    assert describe_change(5, before, now) == "worse"


def test_survey_bme_rate_falling_is_worse_for_career_progression() -> None:
    # Indicator 7 (equal opportunities): a lower BME % is worse.
    before = survey(7, (1200, 2000), (90, 300), 2024)
    now = survey(7, (1200, 2000), (60, 300), 2025)
    assert describe_change(7, now, before) == "worse"
    assert describe_change(7, before, now) == "improved"


def test_survey_nscht_discrimination_rise_is_not_significant() -> None:
    # NSCHT indicator 8, Global Majority: 12.79% of 86 (11) → 15.96% of 94 (15); the report
    # called it worse. fisher_by_hand(11, 86, 15, 94) = 0.672.
    before = survey(8, (58, 1125), (11, 86), 2023)
    now = survey(8, (53, 1114), (15, 94), 2024)
    change = compare_years(8, now, before)
    assert change.p_value == pytest.approx(fisher_by_hand(11, 86, 15, 94), rel=1e-9)
    assert change.p_value == pytest.approx(0.6721030097789045, rel=1e-9)
    assert change.wording == "no significant change"


def test_white_rate_alone_does_not_make_a_change() -> None:
    before = survey(6, (100, 1000), (50, 200), 2024)
    now = survey(6, (300, 1000), (50, 200), 2025)
    assert describe_change(6, now, before) == "no significant change"


_OPPOSITE = {"improved": "worse", "worse": "improved"}


@given(
    indicator=st.sampled_from((2, 3, 4)),
    rates=st.tuples(group_rate(), group_rate(), group_rate(), group_rate()),
)
def test_rl_change_reverses_when_the_years_swap(
    indicator: int, rates: tuple[GroupRate, ...]
) -> None:
    a = ratio_result(indicator, 2024, rates[0], rates[1])
    b = ratio_result(indicator, 2025, rates[2], rates[3])
    forward, backward = describe_change(indicator, b, a), describe_change(indicator, a, b)
    assert forward in CHANGE_WORDS
    assert backward == _OPPOSITE.get(forward, forward)


@given(
    indicator=st.sampled_from((5, 6, 7, 8)),
    rates=st.tuples(group_rate(), group_rate(), group_rate(), group_rate()),
)
def test_survey_change_reverses_when_the_years_swap(
    indicator: int, rates: tuple[GroupRate, ...]
) -> None:
    a = survey_result(indicator, 2024, rates[0], rates[1])
    b = survey_result(indicator, 2025, rates[2], rates[3])
    forward, backward = describe_change(indicator, b, a), describe_change(indicator, a, b)
    assert forward in CHANGE_WORDS
    assert forward != "not comparable"
    assert backward == _OPPOSITE.get(forward, forward)
    if forward != "no significant change":
        rose = b.bme.events / b.bme.total > a.bme.events / a.bme.total
        assert (forward == "worse") == (rose == (indicator in (5, 6, 8)))


# --- indicator 1 and 9 -----------------------------------------------------------------


def workforce(year: int, white: int, bme: int, unknown: int = 0) -> WorkforceResult:
    """A workforce whose Band 8a+ staff are the counts given (indicator 1's change is the
    senior share's), inside a workforce ten times as large."""
    from wres_xl.core.indicators import senior_comparison

    counts = GroupCounts(white, bme, unknown)
    overall = GroupCounts(white * 10, bme * 10, unknown * 10)
    return WorkforceResult(
        indicator=1,
        year=year,
        overall=overall,
        bme_share=overall.bme_share(PercentBasis.ALL_STAFF),
        bands=(),
        staff_group_totals={},
        basis=PercentBasis.ALL_STAFF,
        senior=(senior_comparison("8a+", counts, overall, PercentBasis.ALL_STAFF, 0.05),),
    )


@pytest.mark.slow
def test_senior_share_rising_is_improved() -> None:
    # Band 8a+: 20% → 24% of 5,000: fisher_by_hand(1000, 5000, 1200, 5000) ≈ 1.3e-6.
    before, now = workforce(2024, 4000, 1000), workforce(2025, 3800, 1200)
    change = compare_years(1, now, before)
    assert change.p_value == pytest.approx(fisher_by_hand(1000, 5000, 1200, 5000), rel=1e-6)
    assert change.wording == "improved"
    assert describe_change(1, before, now) == "worse"
    assert change.text().startswith("BME share at Band 8a and above up from 20.0% to 24.0%; ")
    assert "statistically significant improvement (p < 0.001)" in change.text()


def test_nscht_senior_share_fall_is_not_significant() -> None:
    # NSCHT Band 8a+ (incl. VSM), from its published band tables: 2023 8 of 178
    # (2+1+1+0 clinical, 1+0+1+0 non-clinical, 2 VSM; 4.5%), 2024 8 of 194 (1+1+1+0,
    # 2+0+1+1, 1 VSM; 4.1%).
    before, now = workforce(2023, 166, 8, 4), workforce(2024, 186, 8, 0)
    change = compare_years(1, now, before, term="Global Majority")
    assert change.p_value == pytest.approx(fisher_by_hand(8, 178, 8, 194), rel=1e-6)
    assert change.p_value is not None
    assert change.p_value > 0.05
    assert change.wording == "no significant change"
    assert change.text().startswith(
        "Global Majority share at Band 8a and above down from 4.5% to 4.1%; "
        "not a statistically significant change (p = "
    )


def board_report(boards: dict[int, tuple[int, int]], workforce_bme: float) -> WresReport:
    """Real results for boards {year: (white, bme)} against a workforce of 1,000."""
    data = WresData(Settings())
    for year, (white, bme) in boards.items():
        b = round(workforce_bme * 1000)
        data.workforce.append(
            WorkforceRow(year, StaffGroup.CLINICAL, "Band 5", GroupCounts(1000 - b, b, 0), 1)
        )
        data.board.append(BoardRow(year, True, True, Group.WHITE, white, 2))
        data.board.append(BoardRow(year, True, True, Group.BME, bme, 3))
    return compute_report(data, max(boards))


def test_board_moves_by_whole_members() -> None:
    # Workforce 25%: a 12-seat board needs 3 BME members.
    report = board_report({2023: (11, 1), 2024: (10, 2), 2025: (10, 2)}, 0.25)
    r = report.results[9]
    assert isinstance(r[2023], BoardResult)
    assert [r[y].gap.members_for_parity for y in (2023, 2024, 2025)] == [2, 1, 1]
    assert describe_change(9, r[2024], r[2023]) == "improved"
    assert describe_change(9, r[2023], r[2024]) == "worse"
    assert describe_change(9, r[2025], r[2024]) == "no change"


def test_board_above_parity_is_not_an_improvement() -> None:
    report = board_report({2024: (8, 4), 2025: (6, 6)}, 0.25)
    r = report.results[9]
    assert describe_change(9, r[2025], r[2024]) == "no change"


def test_not_computed_or_missing_is_not_comparable() -> None:
    now = rl2((300, 1000), (100, 600), 2025)
    assert describe_change(2, now, None) == "not comparable"
    assert describe_change(2, None, now) == "not comparable"
    missing = NotComputed(2, 2024, "the Recruitment table has no rows for 2024")
    assert describe_change(2, now, missing) == "not comparable"


# --- aspirational targets --------------------------------------------------------------


def nscht_report() -> WresReport:
    inputs = nscht()["inputs"]
    tables = {}
    for name, rows in inputs.items():
        headers = TABLES_BY_NAME[name].columns
        tables[name] = RawTable(
            name,
            TABLES_BY_NAME[name].sheet,
            headers,
            [[r.get(h) for h in headers] for r in rows],
            5,
        )
    data = parse_inputs(tables)
    return compute_report(data)


def test_nscht_2024_aspirational_target_reproduced() -> None:
    # NSCHT WRES report 2024, Table 5: "Band 8a–8d" is the Non-clinical staff group only,
    # 8a to 8d (no VSM, no Clinical): 2/26, 0/10, 1/6, 1/8 = 4 of 50. At 11.17%:
    # 8a round(2.904)=3 (+1), 8b round(1.117)=1 (+1), 8c round(0.670)=1, 8d round(0.894)=1;
    # 6 equitable, 2 more needed.
    report = nscht_report()
    result = report.current(1)
    assert isinstance(result, WorkforceResult)
    table = aspirational_targets(
        result, 0.1117, (StaffGroup.NON_CLINICAL,), ("Band 8a", "Band 8b", "Band 8c", "Band 8d")
    )
    rows = [(b.band, b.current, b.headcount, b.equitable, b.needed) for b in table.bands]
    assert rows == [
        ("Band 8a", 2, 26, 3, 1),
        ("Band 8b", 0, 10, 1, 1),
        ("Band 8c", 1, 6, 1, 0),
        ("Band 8d", 1, 8, 1, 0),
    ]
    total = table.total
    assert (total.current, total.headcount, total.equitable, total.needed) == (4, 50, 6, 2)


def test_nscht_other_readings_do_not_give_4_of_50() -> None:
    # Why the reading above: Clinical and Non-clinical 8a–8d together hold 7 of 187, and
    # adding VSM (Non-clinical) makes it 8 of 194.
    result = nscht_report().current(1)
    assert isinstance(result, WorkforceResult)
    both = aspirational_targets(result, 0.1117, bands=SENIOR_AFC_BANDS[:4]).total
    assert (both.current, both.headcount) == (7, 187)
    senior = aspirational_targets(result, 0.1117).total
    assert (senior.current, senior.headcount) == (8, 194)


def test_rounding_is_half_up_and_exact() -> None:
    assert round_half_up(Fraction(5, 2)) == 3
    assert round_half_up(Fraction(1, 2)) == 1
    assert round_half_up(Fraction(249, 100)) == 2
    assert equitable_headcount(0.25, 10) == 3  # 2.5 rounds up, unlike Python's round()
    assert equitable_headcount(0.1117, 50) == 6  # 5.585
    # 0.145 × 100 is 14.499999999999998 in binary floats; the rule reads the decimal.
    assert equitable_headcount(0.145, 100) == 15
    assert equitable_headcount(0.0, 40) == 0
    assert equitable_headcount(1.0, 40) == 40


def test_band_above_equitable_needs_none_and_does_not_offset_another() -> None:
    over = band_target("Band 8c", 5, 10, 0.2)
    under = band_target("Band 8a", 0, 10, 0.2)
    assert (over.equitable, over.needed) == (2, 0)
    assert (under.equitable, under.needed) == (2, 2)


@pytest.mark.parametrize("share", [-0.1, 1.5, float("nan")])
def test_bad_share_is_a_plain_input_error(share: float) -> None:
    with pytest.raises(InputError, match=r"between 0 and 1|must be a number"):
        equitable_headcount(share, 10)


def test_target_share_falls_back_to_the_workforce() -> None:
    result = workforce(2025, 750, 250)
    assert target_share(result, None) == (0.25, "workforce")
    assert target_share(result, 0.111) == (0.111, "local population")


@given(
    share=st.fractions(min_value=0, max_value=1, max_denominator=10_000),
    headcount=st.integers(0, 5000),
    current_fraction=st.fractions(min_value=0, max_value=1, max_denominator=100),
)
def test_targets_properties(share: Fraction, headcount: int, current_fraction: Fraction) -> None:
    current = math.floor(current_fraction * headcount)
    t = band_target("Band 8a", current, headcount, share)
    assert abs(t.equitable - share * headcount) <= Fraction(1, 2)
    assert 0 <= t.equitable <= headcount
    assert t.needed == max(0, t.equitable - current)


@given(
    current=st.integers(0, 500),
    needed=st.integers(0, 200),
    year=st.integers(2020, 2030),
    span=st.integers(-2, 10),
)
def test_milestones_reach_the_target_evenly(
    current: int, needed: int, year: int, span: int
) -> None:
    steps = milestones(current, needed, year, year + span)
    if span <= 0:
        assert steps == ()
        return
    assert [s.year for s in steps] == list(range(year + 1, year + span + 1))
    assert steps[-1].cumulative == needed
    assert sum(s.in_year for s in steps) == needed
    assert all(s.in_year >= 0 for s in steps)
    assert max(s.in_year for s in steps) - min(s.in_year for s in steps) <= 1 + (needed > 0)
    assert steps[-1].headcount == current + needed


def test_milestones_example() -> None:
    # NSCHT: 2 more needed from 2024 to 2028: by 2025 round(0.5)=1, 2026 1, 2027 round(1.5)=2.
    steps = milestones(4, 2, 2024, 2028)
    assert [(s.year, s.in_year, s.cumulative, s.headcount) for s in steps] == [
        (2025, 1, 1, 5),
        (2026, 0, 1, 5),
        (2027, 1, 2, 6),
        (2028, 0, 2, 6),
    ]


def test_senior_counts_skip_empty_bands_and_medical() -> None:
    result = nscht_report().current(1)
    assert isinstance(result, WorkforceResult)
    counts = senior_counts(result)
    assert list(counts) == ["Band 8a", "Band 8b", "Band 8c", "Band 8d", "VSM"]
    assert counts["VSM"] == GroupCounts(6, 1, 0)


# --- the Trends sheet in the refreshed demo ----------------------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, WresReport]:
    from wres_xl.commands.demo.build import build_demo_workbook
    from wres_xl.workbook.files import refresh_file

    path = build_demo_workbook(tmp_path_factory.mktemp("demo") / "demo.xlsx")
    result = refresh_file(path)
    assert result.report is not None
    return path, result.report


def _rows_by_label(ws: Any) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for row in range(1, ws.max_row + 1):
        label = ws.cell(row, 2).value
        if isinstance(label, str):
            out.setdefault(label, []).append(row)
    return out


@pytest.mark.slow
def test_trends_table_has_every_year_and_the_national_figures(
    demo: tuple[Path, WresReport],
) -> None:
    path, report = demo
    ws = openpyxl.load_workbook(path)["Trends"]
    header = [ws.cell(6, c).value for c in range(1, 7)]
    # 2024 national figures are shipped (NHS England's 2024 WRES data analysis report).
    assert header == ["No.", "Measure", 2023, 2024, 2025, "Latest national average (2024)"]
    rows = _rows_by_label(ws)
    share_row = rows["BME % of the workforce"][0]
    for col, year in zip((3, 4, 5), (2023, 2024, 2025), strict=True):
        result = report.results[1][year]
        assert isinstance(result, WorkforceResult)
        assert ws.cell(share_row, col).value == pytest.approx(result.bme_share)
    assert ws.cell(share_row, 6).value == pytest.approx(0.286)  # national 2024: 28.6%
    national_row = rows["National average: BME % of the workforce"][0]
    assert ws.cell(national_row, 3).value == pytest.approx(0.264)
    assert ws.cell(national_row, 4).value == pytest.approx(0.286)
    assert ws.cell(national_row, 5).value == "–"  # 2025 not yet published
    # A national figure for another year than the column's says which year it is for.
    rl_row = rows["Relative likelihood (White ÷ BME) of appointment from shortlisting"][0]
    assert ws.cell(rl_row, 6).value == "1.59 (2023)"
    # Nine indicators, each with a change row whose first year has nothing to compare with.
    titles = [ws.cell(r, 1).value for r in range(7, ws.max_row) if ws.cell(r, 2).font.b]
    assert [t for t in titles if isinstance(t, int)] == list(range(1, 10))
    change_rows = [r for label, rs in rows.items() if label.startswith("Change") for r in rs]
    assert len(change_rows) == 9
    for r in change_rows:
        assert ws.cell(r, 3).value == "–"
        # Values and direction first, then the test: "up from 1.31 to 1.50; ...".
        for col in (4, 5):
            text = str(ws.cell(r, col).value)
            assert re.search(r"(up|down) from .+ to .+; |unchanged at .+; ", text)


@pytest.mark.slow
def test_trends_change_words_match_the_statistics(demo: tuple[Path, WresReport]) -> None:
    path, report = demo
    ws = openpyxl.load_workbook(path)["Trends"]
    rows = _rows_by_label(ws)
    rl_change = rows["Change since the year before"]  # indicators 2, 3, 4 in order
    for indicator, row in zip((2, 3, 4), rl_change, strict=True):
        for col, year in ((4, 2024), (5, 2025)):
            expected = change_text(
                indicator, report.results[indicator][year], report.results[indicator][year - 1]
            )
            assert ws.cell(row, col).value == expected
    ind1 = rows["Change in the BME % at Band 8a and above since the year before"][0]
    assert ws.cell(ind1, 5).value.startswith("BME share at Band 8a and above up from 8.2% to 9.7%")


@pytest.mark.slow
def test_summary_change_column_uses_describe_change(demo: tuple[Path, WresReport]) -> None:
    path, report = demo
    ws = openpyxl.load_workbook(path)["Summary"]
    assert ws.cell(5, 13).value == "Change since last year"
    for indicator in range(1, 10):
        expected = change_text(
            indicator,
            report.results[indicator][report.year],
            report.results[indicator][report.previous_year],
        )
        assert ws.cell(5 + indicator, 13).value == expected


@pytest.mark.slow
def test_trends_targets_table_matches_the_core(demo: tuple[Path, WresReport]) -> None:
    path, report = demo
    ws = openpyxl.load_workbook(path)["Trends"]
    result = report.current(1)
    assert isinstance(result, WorkforceResult)
    target = target_share(result, report.settings.local_population_bme)
    assert target is not None
    share, source = target
    assert source == "workforce"
    combined = aspirational_targets(result, share)
    rows = _rows_by_label(ws)
    total_row = rows["Total"][0]  # the first Total is the combined table
    values = [ws.cell(total_row, c).value for c in range(3, 8)]
    t = combined.total
    assert values[:3] == [t.current, t.headcount, pytest.approx(t.current / t.headcount)]
    assert values[3:] == [t.equitable, t.needed]
    assert t.needed > 0
    steps = milestones(t.current, t.needed, report.year, report.settings.target_year)
    assert [s.year for s in steps] == [2026, 2027, 2028]
    year_rows = {
        ws.cell(r, 2).value: r
        for r in range(1, ws.max_row + 1)
        if isinstance(ws.cell(r, 2).value, int)
    }
    for step in steps:
        r = year_rows[step.year]
        assert [ws.cell(r, c).value for c in (3, 4, 5)] == [
            step.in_year,
            step.cumulative,
            step.headcount,
        ]


_C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def _chart_xml(path: Path) -> list[ElementTree.Element]:
    with zipfile.ZipFile(path) as z:
        return [
            ElementTree.fromstring(z.read(n))
            for n in sorted(z.namelist())
            if re.fullmatch(r"xl/charts/chart\d+\.xml", n)
        ]


def _text(element: ElementTree.Element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{_A}t"))


def _chart_title(root: ElementTree.Element) -> str:
    title = root.find(f"{_C}chart/{_C}title")
    return _text(title) if title is not None else ""


def _title_text(title: Any) -> str:
    return "".join(r.t for p in title.tx.rich.p for r in (p.r or []))


@pytest.mark.slow
def test_charts_exist_with_titles_and_axis_titles(demo: tuple[Path, WresReport]) -> None:
    path, _ = demo
    ws = openpyxl.load_workbook(path)["Trends"]
    charts = ws._charts  # type: ignore[attr-defined]  # openpyxl's private list
    titles = [_title_text(c.title) for c in charts]
    assert len(charts) == 7, titles
    assert any(t.startswith("Indicator 1: BME share of each pay band") for t in titles)
    assert "Relative likelihoods (indicators 2–4) over time" in titles
    assert any(t.startswith("Indicator 9") for t in titles)
    survey = ("Indicator 5", "Indicator 6", "Indicator 7", "Indicator 8")
    assert sum(t.startswith(survey) for t in titles) == 4
    for chart in charts:
        assert _title_text(chart.x_axis.title)
        assert _title_text(chart.y_axis.title)
        assert chart.x_axis.delete is False
        assert chart.y_axis.delete is False
    roots = _chart_xml(path)
    assert sorted(_chart_title(r) for r in roots) == sorted(titles)
    for root in roots:
        plot = root.find(f"{_C}chart/{_C}plotArea")
        assert plot is not None
        for axis in (f"{_C}catAx", f"{_C}valAx"):
            found = plot.find(f"{axis}/{_C}title")
            assert found is not None, (_chart_title(root), axis)
            assert _text(found), (_chart_title(root), axis)
        assert root.find(f"{_C}chart/{_C}legend") is not None
        # Every series is named, so the legend (not colour) says what each line is.
        for ser in root.iter(f"{_C}ser"):
            name = ser.find(f"{_C}tx/{_C}v")
            assert name is not None
            assert name.text


def _series(root: ElementTree.Element) -> list[tuple[str, str, str]]:
    """(name, dash style, value range) of each series."""
    out = []
    for ser in root.iter(f"{_C}ser"):
        dash = ser.find(f"{_C}spPr/{_A}ln/{_A}prstDash")
        out.append(
            (
                ser.findtext(f"{_C}tx/{_C}v") or "",
                dash.get("val", "") if dash is not None else "",
                ser.findtext(f"{_C}val/{_C}numRef/{_C}f") or "",
            )
        )
    return out


@pytest.mark.slow
def test_rl_chart_shows_the_non_adverse_range_dashed(demo: tuple[Path, WresReport]) -> None:
    path, report = demo
    rl = next(r for r in _chart_xml(path) if _chart_title(r).startswith("Relative"))
    series = _series(rl)
    assert [s[1] for s in series] == ["solid", "solid", "solid", "dash", "dash"]
    ws = openpyxl.load_workbook(path)["Trends"]

    def values(ref: str) -> list[object]:
        match = re.fullmatch(r"'?Trends'?!\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+)", ref)
        assert match, ref
        return [c.value for row in ws[f"{match[1]}{match[2]}:{match[3]}{match[4]}"] for c in row]

    assert values(series[3][2]) == [0.8, 0.8, 0.8]
    assert values(series[4][2]) == [1.25, 1.25, 1.25]
    for indicator, (_, _, ref) in zip((2, 3, 4), series[:3], strict=True):
        expected = [
            getattr(report.results[indicator][y], "relative_likelihood", None) for y in report.years
        ]
        assert values(ref) == pytest.approx(expected)


@pytest.mark.slow
def test_band_chart_draws_the_overall_share_as_a_line(demo: tuple[Path, WresReport]) -> None:
    path, _ = demo
    band = next(r for r in _chart_xml(path) if "pay band" in _chart_title(r))
    plot = band.find(f"{_C}chart/{_C}plotArea")
    assert plot is not None
    bars, lines = plot.find(f"{_C}barChart"), plot.find(f"{_C}lineChart")
    assert bars is not None
    assert lines is not None
    assert [s[0] for s in _series(bars)] == ["Non-clinical", "Clinical", "Medical & Dental"]
    ((name, dash, _),) = _series(lines)
    assert name == "Whole workforce: 26.1%"
    assert dash == "dash"


@pytest.mark.slow
def test_second_refresh_recreates_the_charts_once(
    tmp_path: Path, demo: tuple[Path, WresReport]
) -> None:
    from wres_xl.workbook.files import refresh_file

    copy = tmp_path / "again.xlsx"
    copy.write_bytes(demo[0].read_bytes())
    refresh_file(copy)
    assert len(openpyxl.load_workbook(copy)["Trends"]._charts) == 7  # type: ignore[attr-defined]  # openpyxl's private list
    assert len(_chart_xml(copy)) == 7


def test_trends_sheet_without_a_workforce_still_builds() -> None:
    from wres_xl.core.model import SurveyRow
    from wres_xl.report.trends import build_trends

    data = WresData(Settings(bme_term="Global Majority", target_year=2024))
    for year in (2024, 2025):
        data.survey.append(SurveyRow(year, 8, Group.WHITE, 1000, 0.06, 60, (2,)))
        data.survey.append(SurveyRow(year, 8, Group.BME, 200, 0.15, 30, (3,)))
    sheet = build_trends(compute_report(data, 2025))
    text = [v for v in sheet.cell_values().values() if isinstance(v, str)]
    assert any(
        t.startswith("Not computed: the Workforce table has no usable rows for 2025") for t in text
    )
    assert "Global Majority % of the workforce" in text
    assert "BME" not in " ".join(t for t in text if "Local population BME %" not in t)
    # No band chart without a workforce; the other six charts are still drawn.
    assert len(sheet.charts) == 6
    assert all(c.title and c.x_title and c.y_title for c in sheet.charts)


def test_target_year_not_after_the_wres_year_is_explained() -> None:
    from wres_xl.report.trends import build_trends

    data = WresData(Settings(target_year=2025))
    data.workforce.append(
        WorkforceRow(2025, StaffGroup.CLINICAL, "Band 8a", GroupCounts(90, 10, 0), 2)
    )
    sheet = build_trends(compute_report(data, 2025))
    text = [v for v in sheet.cell_values().values() if isinstance(v, str)]
    assert any("The target year (2025) is not after the WRES year (2025)" in t for t in text)


def test_survey_change_quotes_the_published_percentages_not_the_counts() -> None:
    # A trust publishes 52.0% and 49.4%; its respondent counts give 156/300 = 52.0% and
    # 140/284 = 49.3%. The change line quotes the published figures (as the Summary and
    # report do) while Fisher's test uses the counts:
    # scipy.stats.fisher_exact([[156, 144], [140, 144]]).pvalue
    before = survey_result(7, 2024, GroupRate(500, 800), GroupRate(156, 300), bme_rate=0.520)
    now = survey_result(7, 2025, GroupRate(500, 800), GroupRate(140, 284), bme_rate=0.494)
    change = compare_years(7, now, before)
    assert change.text().startswith("BME % down from 52.0% to 49.4%;")
    assert change.p_value == pytest.approx(
        float(fisher_exact([[156, 144], [140, 144]]).pvalue), rel=1e-9
    )


def test_survey_change_without_staff_in_a_year_stays_not_comparable() -> None:
    before = survey_result(7, 2024, GroupRate(500, 800), GroupRate(0, 0), bme_rate=0.5)
    now = survey_result(7, 2025, GroupRate(500, 800), GroupRate(140, 284), bme_rate=0.494)
    assert compare_years(7, now, before).text().startswith("not comparable")
