"""WDES worksheet functions (SPEC §10): Non-disabled (the reference group) first."""

from __future__ import annotations

import math

import pytest
from scipy.stats import fisher_exact
from scipy.stats.contingency import relative_risk

from wres_xl import udfs
from wres_xl.commands.addin import functions as addin_functions
from wres_xl.udfs import (
    WDES_BOARD_GAP,
    WDES_CI,
    WDES_GROUP,
    WDES_NARRATIVE,
    WDES_PVALUE,
    WDES_RATING,
    WDES_RL,
)


def test_rl_metric_2_is_non_disabled_rate_over_disabled_rate() -> None:
    # (100 / 400) ÷ (8 / 50) = 0.25 ÷ 0.16 = 1.5625; Excel passes floats.
    assert WDES_RL(2, 100.0, 400.0, 8.0, 50.0) == pytest.approx(1.5625)
    assert WDES_RL("2", 100, 400, 8, 50) == pytest.approx(1.5625)


def test_rl_metric_3_is_disabled_rate_over_non_disabled_rate() -> None:
    # (3 / 300) ÷ (10 / 2000) = 0.01 ÷ 0.005 = 2.0: arguments still non-disabled first.
    assert WDES_RL(3, 10, 2000, 3, 300) == pytest.approx(2.0)


def test_ci_is_scipys_katz_interval() -> None:
    low, high = WDES_CI(2, 100, 400, 8, 50)
    ci = relative_risk(100, 400, 8, 50).confidence_interval(0.95)
    assert (low, high) == pytest.approx((ci.low, ci.high))
    low3, high3 = WDES_CI(3, 10, 2000, 3, 300, 0.9)
    ci3 = relative_risk(3, 300, 10, 2000).confidence_interval(0.9)
    assert (low3, high3) == pytest.approx((ci3.low, ci3.high))


def test_pvalue_is_fisher() -> None:
    assert WDES_PVALUE(200, 1000, 70, 250) == pytest.approx(
        fisher_exact([[200, 800], [70, 180]]).pvalue
    )


def test_rating_follows_the_metric_direction() -> None:
    # 4a-i higher is worse: 28% of Disabled vs 20%, h = 0.188, p < 0.05.
    assert WDES_RATING("4a-i", 200, 1000, 70, 250) == "Worse to a small degree"
    # 5 lower is worse: the same figures mean Disabled staff are better off.
    assert WDES_RATING(5, 200, 1000, 70, 250) == "Better to a small degree"
    # 2: a lower Disabled appointment rate is worse (16% vs 25%).
    h = 2 * math.asin(math.sqrt(0.25)) - 2 * math.asin(math.sqrt(0.16))
    assert h > 0
    assert WDES_RATING(2, 100, 400, 8, 50) == "Equivalent"  # p = 0.19: not significant


def test_narrative() -> None:
    assert WDES_NARRATIVE(2, 100, 400, 8, 50).startswith(
        "Non-disabled applicants were 1.56 times as likely as Disabled applicants to be appointed"
    )
    sentence = WDES_NARRATIVE("6", 200, 1000, 70, 250)
    assert sentence.startswith("28.0% of Disabled staff felt pressure from their manager")
    assert "20.0% of non-disabled staff" in sentence


def test_board_gap_and_group() -> None:
    # 1 / 12 − 70 / 1060 = 8.333% − 6.604% = +1.73 points.
    assert WDES_BOARD_GAP(1, 12, 70, 1060) == pytest.approx(100 * (1 / 12 - 70 / 1060))
    assert WDES_GROUP("Yes") == "Disabled"
    assert WDES_GROUP(" no ") == "Non-disabled"
    assert WDES_GROUP(None) == "Unknown"
    assert WDES_GROUP("Prefer not to say") == "Unknown"


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: WDES_RL(10, 1, 2, 1, 2), "WRES: metric must be 2 or 3, not 10"),
        (lambda: WDES_RL(4, 1, 2, 1, 2), "WRES: 4 is not a WDES metric"),
        (lambda: WDES_RL(2, 12, 10, 1, 5), "WRES: Non-disabled appointed (12) is more than"),
        (lambda: WDES_RL(3, 1, 10, 0, 0), "WRES: Disabled headcount is 0"),
        (lambda: WDES_RL(2, 5, 10, 0, 8), "WRES: not computable: no Disabled events"),
        (lambda: WDES_RL("x", 5, 10, 0, 8), "WRES: 'x' is not a WDES metric"),
        (lambda: WDES_GROUP("Maybe"), "WRES: 'Maybe' is not a disability status"),
        (lambda: WDES_BOARD_GAP(3, 2, 5, 10), "WRES: Disabled board members (3) is more than"),
        (lambda: WDES_CI(2, 5, 10, 0, 8), "WRES: no confidence interval"),
    ],
)
def test_bad_input_is_a_wdes_message(call: object, message: str) -> None:
    result = call()  # type: ignore[operator]
    assert isinstance(result, str), result
    assert result.startswith(message), result


def test_the_add_in_registers_every_wdes_function() -> None:
    generated = {f.name: f for f in addin_functions.worksheet_functions()}
    assert set(udfs.WDES_FUNCTIONS) <= set(generated)
    rl = generated["WDES_RL"]
    assert rl.signature() == (
        "WDES_RL(metric, nondisabled_events, nondisabled_total, disabled_events, disabled_total)"
    )
    wrappers = addin_functions.vba_wrappers(list(generated.values()))
    assert 'XLPy.CallUDF("wres_xl.udfs", "WDES_RL"' in wrappers
