"""Hand-worked WDES figures that tests/test_wdes.py leaves out, the arithmetic beside each.

With tests/test_wdes.py this gives every metric a figure worked by hand: 1 (bands,
clusters and, here, a senior level), 2 and 3 (the ratio there; here the 95% interval and
p-value of both against scipy and statsmodels), 4a-i/ii/iii, 4b, 5, 6, 7 (there), 8 (there
and its previous year here), 9a and 9b (there) and 10 (here: executive, non-executive and
whole board, each against the workforce).

Reference calls, written out so they can be rerun:
    scipy.stats.contingency.relative_risk(e1, n1, e2, n2).confidence_interval(0.95)
    statsmodels.stats.contingency_tables.Table2x2([[e1, n1 - e1], [e2, n2 - e2]])
        .riskratio_confint()     (Katz log interval, the same one)
    scipy.stats.fisher_exact([[e1, n1 - e1], [e2, n2 - e2]]).pvalue   (two-sided)
"""

from __future__ import annotations

import math

import pytest
from scipy.stats import fisher_exact, norm
from scipy.stats.contingency import relative_risk
from statsmodels.stats.contingency_tables import Table2x2

from tests.test_wdes import Y, data, event
from wres_xl.core.disability import DisabilityGroup as D
from wres_xl.core.indicators import BoardResult, RatioResult, WorkforceResult
from wres_xl.core.model import BoardRow
from wres_xl.core.stats import FourFifths, Rating
from wres_xl.core.wdes import (
    SingleGroupResult,
    WdesSurveyRow,
    compute_metric,
    compute_wdes_report,
    metric_narrative,
)

Z = 1.959963984540054  # norm.ppf(0.975)


def test_the_95_percent_z_is_scipys() -> None:
    assert norm.ppf(0.975) == pytest.approx(Z, abs=1e-15)


def test_metric_2_interval_and_p_value_against_scipy_and_statsmodels() -> None:
    d = data(recruitment=[event(D.NON_DISABLED, 100, 400), event(D.DISABLED, 8, 50)])
    result = compute_metric(d, "2", Y).result
    assert isinstance(result, RatioResult)
    # RL = (100/400) / (8/50) = 0.25 / 0.16 = 1.5625.
    # Katz: SE(ln RL) = sqrt(1/100 - 1/400 + 1/8 - 1/50) = sqrt(0.01 - 0.0025 + 0.125 - 0.02)
    #     = sqrt(0.1125) = 0.335410; ln 1.5625 = 0.446287;
    #     low  = exp(0.446287 - 1.959964 x 0.335410) = exp(-0.211105) = 0.80969,
    #     high = exp(0.446287 + 0.657392)            = exp( 1.103680) = 3.01524.
    assert result.ci_low == pytest.approx(0.80969, abs=5e-6)
    assert result.ci_high == pytest.approx(3.01524, abs=5e-6)
    # scipy: relative_risk(100, 400, 8, 50).confidence_interval(0.95) = (0.80969, 3.01524);
    # statsmodels: Table2x2([[100, 300], [8, 42]]).riskratio_confint() = the same.
    scipy_ci = relative_risk(100, 400, 8, 50).confidence_interval(0.95)
    table = Table2x2([[100, 300], [8, 42]])
    assert (result.ci_low, result.ci_high) == pytest.approx((scipy_ci.low, scipy_ci.high))
    assert (result.ci_low, result.ci_high) == pytest.approx(table.riskratio_confint())
    assert result.relative_likelihood == pytest.approx(table.riskratio)
    # Fisher's exact test, two-sided: scipy.stats.fisher_exact([[100, 300], [8, 42]]).pvalue
    # = 0.217938 (published as 0.218): not significant at 0.05, so Equivalent, though the
    # ratio is outside the four-fifths range (1.5625 > 1.25: Adverse).
    assert result.p_value == pytest.approx(0.217938, abs=5e-7)
    assert result.p_value == pytest.approx(fisher_exact([[100, 300], [8, 42]]).pvalue)
    assert result.rating is Rating.EQUIVALENT
    assert result.four_fifths is FourFifths.ADVERSE


def test_metric_3_interval_p_value_and_four_fifths() -> None:
    d = data(capability=[event(D.DISABLED, 3, 300), event(D.NON_DISABLED, 10, 2000)])
    item = compute_metric(d, "3", Y)
    result = item.result
    assert isinstance(result, RatioResult)
    # RL = Disabled rate / non-disabled rate = (3/300) / (10/2000) = 0.01 / 0.005 = 2.0.
    assert result.relative_likelihood == pytest.approx(2.0)
    # Katz: SE = sqrt(1/3 - 1/300 + 1/10 - 1/2000) = sqrt(0.333333 - 0.003333 + 0.1 - 0.0005)
    #     = sqrt(0.4295) = 0.655362; 1.959964 x 0.655362 = 1.284487;
    #     low = 2 x exp(-1.284487) = 2 x 0.276793 = 0.55359,
    #     high = 2 x exp(1.284487) = 2 x 3.612814 = 7.22563.
    assert result.ci_low == pytest.approx(0.55359, abs=5e-6)
    assert result.ci_high == pytest.approx(7.22563, abs=5e-6)
    # scipy: relative_risk(3, 300, 10, 2000).confidence_interval(0.95) = (0.55359, 7.22563);
    # statsmodels: Table2x2([[3, 297], [10, 1990]]).riskratio_confint() = the same.
    scipy_ci = relative_risk(3, 300, 10, 2000).confidence_interval(0.95)
    table = Table2x2([[3, 297], [10, 1990]])
    assert (result.ci_low, result.ci_high) == pytest.approx((scipy_ci.low, scipy_ci.high))
    assert (result.ci_low, result.ci_high) == pytest.approx(table.riskratio_confint())
    # scipy.stats.fisher_exact([[3, 297], [10, 1990]]).pvalue = 0.234963: not significant.
    assert result.p_value == pytest.approx(0.234963, abs=5e-7)
    assert result.p_value == pytest.approx(fisher_exact([[3, 297], [10, 1990]]).pvalue)
    assert result.rating is Rating.EQUIVALENT
    # 2.0 > 1.25: outside NHS England's four-fifths range, against Disabled staff.
    assert result.four_fifths is FourFifths.ADVERSE
    assert metric_narrative(item).startswith(
        "Disabled staff were 2.00 times as likely as non-disabled staff to enter the formal "
        "capability process"
    )


def test_metric_1_senior_level_against_the_whole_workforce() -> None:
    result = compute_metric(data(), "1", Y).result
    assert isinstance(result, WorkforceResult)
    level = result.senior_level("8a+")
    assert level is not None
    # Band 8a and above: Clinical Band 8a (95 / 2 / 3) and Non-clinical Band 8c (49 / 0 / 1):
    # 144 / 2 / 4 = 150 staff, Disabled 2 / 150 = 1.333%; whole workforce 70 / 1060 =
    # 6.604%; difference 1.333 - 6.604 = -5.27 points.
    assert (level.counts.white, level.counts.bme, level.counts.unknown) == (144, 2, 4)
    assert level.bme_share == pytest.approx(2 / 150)
    assert level.difference_pp == pytest.approx(-5.2704, abs=5e-5)
    # Against the rest of the workforce (68 of 910 outside): Fisher, two-sided,
    # scipy.stats.fisher_exact([[68, 842], [2, 148]]).pvalue = 0.002256: significant.
    assert level.p_value == pytest.approx(0.002256, abs=5e-7)
    assert level.p_value == pytest.approx(fisher_exact([[68, 842], [2, 148]]).pvalue)
    # h = 2 asin sqrt(0.066038) - 2 asin sqrt(0.013333) = 0.519804 - 0.231472 = 0.2883:
    # 0.2 <= h < 0.5, a medium effect; fewer Disabled staff at the senior level is worse.
    assert level.cohens_h == pytest.approx(0.28833, abs=5e-6)
    assert level.rating is Rating.WORSE_MEDIUM


def _board_row(executive: bool, voting: bool, group: D, n: int) -> BoardRow:
    return BoardRow(Y, executive, voting, group.engine_slot, n, 9)


def test_metric_10_executive_non_executive_and_whole_board() -> None:
    rows = [
        _board_row(True, True, D.NON_DISABLED, 4),
        _board_row(True, True, D.DISABLED, 1),
        _board_row(False, True, D.NON_DISABLED, 6),
        _board_row(False, True, D.UNKNOWN, 1),
        _board_row(False, False, D.NON_DISABLED, 2),
    ]
    result = compute_metric(data(board=rows), "10", Y).result
    assert isinstance(result, BoardResult)
    # Workforce: 70 / 1060 = 6.604% Disabled.
    assert result.workforce_share == pytest.approx(70 / 1060)
    # Voting: 1 / 12 = 8.333%, +1.73 points; executive 1 / 5 = 20.0%, +13.40 points;
    # non-executive 0 / 9 = 0%, -6.60 points; whole board 1 / 14 = 7.143%, +0.54 points.
    parts = {
        "voting": (result.voting, 1 / 12, 1.7296),
        "executive": (result.executive, 1 / 5, 13.3962),
        "non-executive": (result.non_executive, 0.0, -6.6038),
        "board": (result.board, 1 / 14, 0.5391),
    }
    for name, (part, share, difference) in parts.items():
        assert part.share == pytest.approx(share), name
        assert part.difference_pp == pytest.approx(difference, abs=5e-5), name
    # Parity needs ceil(70 x 12 / 1060) = ceil(0.79) = 1 Disabled voting member: there is
    # one, so none more is needed, and the voting board is not short: Equivalent.
    assert result.gap.members_for_parity == 0
    assert result.rating is Rating.EQUIVALENT


def test_metric_8_this_year_and_the_year_before() -> None:
    rows = [
        WdesSurveyRow(Y, "8", D.DISABLED, 200, 0.755),
        WdesSurveyRow(Y - 1, "8", D.DISABLED, 180, 0.71),
    ]
    report = compute_wdes_report(data(survey=rows))
    now, before = report.results["8"][Y].result, report.results["8"][Y - 1].result
    assert isinstance(now, SingleGroupResult)
    assert isinstance(before, SingleGroupResult)
    # This year 75.5% of 200 = 151 said adjustments were adequate; last year 71.0% of 180 =
    # 127.8, counted as 128; the change is 75.5 - 71.0 = +4.5 points.
    assert (now.events, before.events) == (151, 128)
    assert (now.rate - before.rate) * 100 == pytest.approx(4.5)
    assert math.isclose(before.rate, 0.71)
