"""WDES metrics (SPEC §10) against hand-worked figures, scipy and a published trust figure."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from scipy.stats import fisher_exact
from scipy.stats.contingency import relative_risk

from wres_xl.core.bands import StaffGroup
from wres_xl.core.disability import DisabilityGroup as D
from wres_xl.core.indicators import BoardResult, NotComputed, RatioResult, SurveyResult
from wres_xl.core.indicators import WorkforceResult as Workforce
from wres_xl.core.model import BoardRow, EventRow, GroupCounts, PercentBasis, WorkforceRow
from wres_xl.core.stats import FourFifths, Rating
from wres_xl.core.wdes import (
    ScoreResult,
    SingleGroupResult,
    VoicesResult,
    VoicesRow,
    WdesData,
    WdesSurveyRow,
    compute_metric,
    compute_wdes_report,
    metric_narrative,
    wdes_report_json,
    wdes_settings,
)

DATA = Path(__file__).parent / "data"
Y = 2024


def counts(non_disabled: int, disabled: int, unknown: int = 0) -> GroupCounts:
    # The engine's slots: reference (Non-disabled) where White is, focus (Disabled) where BME is.
    return GroupCounts(non_disabled, disabled, unknown)


def event(group: D, events: int, total: int | None, year: int = Y) -> EventRow:
    return EventRow(year, group.engine_slot, events, total, (2,))


def workforce(year: int = Y) -> list[WorkforceRow]:
    return [
        WorkforceRow(year, StaffGroup.CLINICAL, "Band 3", counts(200, 20, 30), 2),
        WorkforceRow(year, StaffGroup.CLINICAL, "Band 5", counts(450, 40, 10), 3),
        WorkforceRow(year, StaffGroup.CLINICAL, "Band 8a", counts(95, 2, 3), 4),
        WorkforceRow(year, StaffGroup.NON_CLINICAL, "Band 8c", counts(49, 0, 1), 5),
        WorkforceRow(year, StaffGroup.MEDICAL, "Consultant", counts(60, 1, 9), 6),
        WorkforceRow(year, StaffGroup.MEDICAL, "Trainee grade", counts(80, 7, 3), 7),
    ]


def data(**kwargs: object) -> WdesData:
    settings = kwargs.pop("settings", wdes_settings())
    return WdesData(settings=settings, workforce=workforce(), **kwargs)  # type: ignore[arg-type]


def test_metric_1_clusters_and_overall_share() -> None:
    result = compute_metric(data(), "1", Y).result
    assert isinstance(result, Workforce)
    # Overall: Non-disabled 200+450+95+49+60+80 = 934, Disabled 20+40+2+0+1+7 = 70,
    # Unknown 30+10+3+1+9+3 = 56; total 1,060; Disabled share 70 / 1,060 = 6.6038%.
    assert (result.overall.white, result.overall.bme, result.overall.unknown) == (934, 70, 56)
    assert result.bme_share == pytest.approx(70 / 1060)
    clusters = {(c.staff_group, c.band): c for c in result.clusters}
    # Clinical cluster 1 (under Band 1 to Band 4) = Band 3: 20 / 250 = 8.0%;
    # cluster 2 (Bands 5-7) = Band 5: 40 / 500 = 8.0%; cluster 3 (8a-8b): 2 / 100 = 2.0%.
    low = clusters[(StaffGroup.CLINICAL, "Under Band 1 to Band 4")]
    assert low.bme_share == pytest.approx(0.08)
    assert clusters[(StaffGroup.CLINICAL, "Bands 5 to 7")].bme_share == pytest.approx(0.08)
    mid = clusters[(StaffGroup.CLINICAL, "Bands 8a to 8b")]
    assert mid.bme_share == pytest.approx(0.02)
    # Rated as representation against the rest of the workforce: 2 of 100 against
    # 68 of 960 outside the cluster, Fisher two-sided (scipy), h = 2asin√(70/1060) − 2asin√0.02.
    p = fisher_exact([[68, 960 - 68], [2, 98]]).pvalue
    assert mid.p_value == pytest.approx(p)
    h = 2 * math.asin(math.sqrt(70 / 1060)) - 2 * math.asin(math.sqrt(0.02))
    assert mid.cohens_h == pytest.approx(h)
    expected = Rating.IN_LINE if p >= 0.05 else Rating.UNDER_MEDIUM
    assert mid.rating is expected
    # Non-clinical cluster 4 (8c-9 and VSM): 0 of 50; Medical: consultants 1 / 70,
    # trainee grades 7 / 90 = 7.78%.
    assert clusters[(StaffGroup.NON_CLINICAL, "Bands 8c to 9 and VSM")].bme_share == 0
    consultants = clusters[(StaffGroup.MEDICAL, "Consultants (incl. senior medical managers)")]
    assert consultants.bme_share == pytest.approx(1 / 70)
    assert clusters[(StaffGroup.MEDICAL, "Trainee grades")].bme_share == pytest.approx(7 / 90)


def test_metric_2_non_disabled_rate_over_disabled_rate() -> None:
    d = data(recruitment=[event(D.NON_DISABLED, 100, 400), event(D.DISABLED, 8, 50)])
    result = compute_metric(d, "2", Y).result
    assert isinstance(result, RatioResult)
    # Non-disabled 100 / 400 = 0.25; Disabled 8 / 50 = 0.16; RL = 0.25 / 0.16 = 1.5625.
    assert result.relative_likelihood == pytest.approx(1.5625)
    # Katz: SE = √(1/100 − 1/400 + 1/8 − 1/50) = √0.1125 = 0.33541;
    # exp(ln 1.5625 ± 1.95996 × 0.33541) = (0.8097, 3.0153).
    assert result.ci_low == pytest.approx(0.8097, abs=1e-4)
    assert result.ci_high == pytest.approx(3.0153, abs=1e-4)
    ci = relative_risk(100, 400, 8, 50).confidence_interval(0.95)
    assert (result.ci_low, result.ci_high) == pytest.approx((ci.low, ci.high))
    assert result.p_value == pytest.approx(fisher_exact([[100, 300], [8, 42]]).pvalue)
    assert result.four_fifths is FourFifths.ADVERSE  # 1.5625 > 1.25
    sentence = metric_narrative(compute_metric(d, "2", Y))
    assert sentence.startswith("Non-disabled applicants were 1.56 times as likely as Disabled")


def test_metric_2_matches_a_published_trust_figure() -> None:
    published = json.loads((DATA / "wdes_published_covwarkpt_2025.json").read_text())
    nd = round(published["metric_2_appointed_rate_non_disabled"] * 1000)
    dis = round(published["metric_2_appointed_rate_disabled"] * 1000)
    d = data(recruitment=[event(D.NON_DISABLED, nd, 1000), event(D.DISABLED, dis, 1000)])
    result = compute_metric(d, "2", Y).result
    assert isinstance(result, RatioResult)
    # 21.8% ÷ 20.9% = 1.043: "only slightly more likely", inside the four-fifths range.
    assert result.relative_likelihood == pytest.approx(1.043, abs=5e-4)
    assert result.four_fifths is FourFifths.NON_ADVERSE


def test_metric_3_disabled_rate_over_non_disabled_and_two_year_rolling() -> None:
    rows = [
        event(D.DISABLED, 3, 300),
        event(D.NON_DISABLED, 10, 2000),
        event(D.DISABLED, 1, 280, Y - 1),
        event(D.NON_DISABLED, 6, 1900, Y - 1),
    ]
    single = compute_metric(data(capability=rows), "3", Y).result
    assert isinstance(single, RatioResult)
    # Disabled 3 / 300 = 0.01; non-disabled 10 / 2000 = 0.005; RL = 2.0.
    assert single.relative_likelihood == pytest.approx(2.0)
    rolling = compute_metric(
        data(capability=rows, settings=wdes_settings(capability_period="Two-year rolling")), "3", Y
    ).result
    assert isinstance(rolling, RatioResult)
    # Two years summed: Disabled (3+1)/(300+280) = 4/580; non-disabled 16/3900;
    # RL = (4/580) / (16/3900) = 1.6810.
    assert rolling.relative_likelihood == pytest.approx((4 / 580) / (16 / 3900))
    assert rolling.period_years == (Y - 1, Y)


def test_metric_3_headcount_from_the_workforce_table() -> None:
    rows = [event(D.DISABLED, 7, None), event(D.NON_DISABLED, 14, None)]
    result = compute_metric(data(capability=rows), "3", Y).result
    assert isinstance(result, RatioResult)
    # Workforce: Disabled 70, non-disabled 934: (7/70) / (14/934) = 6.6714.
    assert result.relative_likelihood == pytest.approx((7 / 70) / (14 / 934))
    assert result.headcount_source == "Workforce table"


def test_metric_3_without_non_disabled_entries_is_not_computable() -> None:
    rows = [event(D.DISABLED, 2, 100), event(D.NON_DISABLED, 0, 900)]
    result = compute_metric(data(capability=rows), "3", Y).result
    assert isinstance(result, RatioResult)
    assert result.relative_likelihood is None
    assert result.not_computable_reason == (
        "no non-disabled staff entered the formal capability process, so the ratio divides by zero"
    )


def survey(
    metric: str, nd: tuple[int | None, float], dis: tuple[int | None, float]
) -> list[WdesSurveyRow]:
    return [
        WdesSurveyRow(Y, metric, D.NON_DISABLED, nd[0], nd[1]),
        WdesSurveyRow(Y, metric, D.DISABLED, dis[0], dis[1]),
    ]


@pytest.mark.parametrize("metric", ["4a-i", "4a-ii", "4a-iii", "6"])
def test_survey_metrics_higher_is_worse(metric: str) -> None:
    d = data(survey=survey(metric, (1000, 0.20), (250, 0.28)))
    result = compute_metric(d, metric, Y).result
    assert isinstance(result, SurveyResult)
    # Events round(0.20 × 1000) = 200 and round(0.28 × 250) = 70; difference +8.0 pts.
    assert result.difference_pp == pytest.approx(8.0)
    assert result.p_value == pytest.approx(fisher_exact([[200, 800], [70, 180]]).pvalue)
    # h = 2asin√0.28 − 2asin√0.20 = 2 × (0.55760 − 0.46365) = 0.1879: small, worse.
    assert result.cohens_h == pytest.approx(0.1879, abs=1e-4)
    assert result.rating is Rating.WORSE_SMALL


@pytest.mark.parametrize("metric", ["4b", "5", "7"])
def test_survey_metrics_lower_is_worse(metric: str) -> None:
    d = data(survey=survey(metric, (1000, 0.50), (400, 0.38)))
    result = compute_metric(d, metric, Y).result
    assert isinstance(result, SurveyResult)
    # 500 / 1000 against 152 / 400: difference −12.0 pts; a lower Disabled share is worse:
    # h = 2asin√0.50 − 2asin√0.38 = 2 × (0.78540 − 0.66422) = 0.2424: medium degree.
    assert result.difference_pp == pytest.approx(-12.0)
    assert result.cohens_h == pytest.approx(0.2424, abs=1e-4)
    assert result.p_value == pytest.approx(fisher_exact([[500, 500], [152, 248]]).pvalue)
    assert result.rating is Rating.WORSE_MEDIUM


def test_survey_without_respondents_is_not_tested() -> None:
    d = data(survey=survey("5", (None, 0.55), (None, 0.51)))
    item = compute_metric(d, "5", Y)
    assert isinstance(item.result, SurveyResult)
    assert item.rating is Rating.NOT_TESTED
    assert item.result.difference_pp == pytest.approx(-4.0)  # 51% − 55%
    assert "not tested" in metric_narrative(item)


def test_metric_8_disabled_only() -> None:
    row = WdesSurveyRow(Y, "8", D.DISABLED, 200, 0.755)
    result = compute_metric(data(survey=[row]), "8", Y).result
    assert isinstance(result, SingleGroupResult)
    # 75.5% of 200 = 151 Disabled staff said adjustments were adequate; no comparison group.
    assert (result.rate, result.events, result.rating) == (0.755, 151, Rating.NOT_TESTED)


def test_metric_9a_engagement_difference_in_points() -> None:
    rows = [
        WdesSurveyRow(Y, "9a", D.NON_DISABLED, None, None, 7.1),
        WdesSurveyRow(Y, "9a", D.DISABLED, None, None, 6.6),
    ]
    item = compute_metric(data(survey=rows), "9a", Y)
    assert isinstance(item.result, ScoreResult)
    # 6.6 − 7.1 = −0.5 points (lower for Disabled staff).
    assert item.result.difference == pytest.approx(-0.5)
    assert "0.5 points lower than non-disabled staff (7.1)" in metric_narrative(item)


def test_metric_9b_yes_no_and_narrative() -> None:
    yes = compute_metric(
        data(voices=[VoicesRow(Y, True, "A Disability Network meets monthly.")]), "9b", Y
    )
    assert isinstance(yes.result, VoicesResult)
    assert yes.rating is Rating.EQUIVALENT
    assert metric_narrative(yes).endswith("A Disability Network meets monthly.")
    no = compute_metric(data(voices=[VoicesRow(Y, False, "")]), "9b", Y)
    assert no.rating is Rating.WORSE
    assert isinstance(compute_metric(data(), "9b", Y).result, NotComputed)


def board(
    voting: tuple[int, int, int], non_voting: tuple[int, int, int] = (2, 0, 0)
) -> list[BoardRow]:
    rows = []
    for is_voting, (nd, dis, unk) in ((True, voting), (False, non_voting)):
        for group, n in ((D.NON_DISABLED, nd), (D.DISABLED, dis), (D.UNKNOWN, unk)):
            if n:
                rows.append(BoardRow(Y, True, is_voting, group.engine_slot, n, 9))
    return rows


def test_metric_10_board_against_workforce() -> None:
    result = compute_metric(data(board=board((10, 0, 2))), "10", Y).result
    assert isinstance(result, BoardResult)
    # Workforce share 70 / 1060 = 6.604%; voting board 0 / 12 = 0%: −6.60 pts;
    # parity needs ceil(70 × 12 / 1060) = ceil(0.79) = 1 Disabled voting member: Worse.
    assert result.voting.difference_pp == pytest.approx(-100 * 70 / 1060)
    assert result.gap.members_for_parity == 1
    assert result.rating is Rating.WORSE
    # Whole board 0 / 14.
    assert result.board.share == 0
    fine = compute_metric(data(board=board((10, 1, 1))), "10", Y).result
    assert isinstance(fine, BoardResult)
    assert fine.rating is Rating.EQUIVALENT
    known_only = wdes_settings(percent_basis=PercentBasis.KNOWN)
    empty = data(board=board((0, 0, 3), (0, 0, 1)), settings=known_only)
    none = compute_metric(empty, "10", Y).result
    assert isinstance(none, NotComputed)
    assert "known disability status" in none.reason


def test_report_json_keys_are_spec_section_10() -> None:
    d = data(
        recruitment=[event(D.NON_DISABLED, 100, 400), event(D.DISABLED, 8, 50)],
        capability=[event(D.DISABLED, 3, 300), event(D.NON_DISABLED, 10, 2000)],
        survey=survey("4a-i", (1000, 0.20), (250, 0.28)),
        board=board((10, 1, 1)),
    )
    report = compute_wdes_report(d)
    out = wdes_report_json(report, [])
    assert out["standard"] == "WDES"
    assert out["year"] == Y
    assert list(out["indicators"]) == [
        "1", "2", "3", "4a-i", "4a-ii", "4a-iii", "4b", "5", "6", "7", "8", "9a", "9b", "10",
    ]  # fmt: skip
    two = out["indicators"]["2"]
    assert two["non_disabled"] == {"events": 100, "total": 400, "rate": 0.25}
    assert two["disabled"]["rate"] == pytest.approx(0.16)
    assert two["relative_likelihood"] == pytest.approx(1.5625)
    one = out["indicators"]["1"]
    assert one["overall"]["disabled_pct"] == pytest.approx(70 / 1060)
    assert {"non_disabled", "disabled", "unknown"} <= set(one["clusters"][0])
    assert out["indicators"]["10"]["workforce_disabled_pct"] == pytest.approx(70 / 1060)
    survey_json = out["indicators"]["4a-i"]
    assert survey_json["disabled"] == {"respondents": 250, "rate": 0.28}
    assert out["indicators"]["8"]["rating"] == "Not computed"
    assert out["settings"]["Standard"] == "WDES"
    assert out["settings"]["Capability period"] == "Single year"
    text = json.dumps(out)
    assert "white" not in text.lower()
    assert "bme" not in text.lower()
