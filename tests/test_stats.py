"""Statistics against independent reference values (the reference call is in each comment)."""

from __future__ import annotations

import math
from decimal import Decimal, localcontext

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

# The run-time code writes these formulas out; the libraries stay here as the references.
from scipy.stats import fisher_exact, hypergeom, norm
from scipy.stats.contingency import relative_risk
from statsmodels.stats.proportion import proportion_effectsize

from tests.strategies import national_two_by_two, two_by_two
from wres_xl.core.stats import (
    FourFifths,
    Rating,
    board_gap,
    cohens_h,
    events_from_percent,
    fisher_p_value,
    four_fifths,
    katz_interval,
    rate_by_effect,
    ratio_of_rates,
)
from wres_xl.errors import InputError


def test_katz_interval_matches_the_issue_reference() -> None:
    # scipy.stats.contingency.relative_risk(10, 75, 12, 225).confidence_interval(0.95)
    # -> (1.126, 5.550); RR = (10/75)/(12/225) = 2.5
    assert ratio_of_rates(10, 75, 12, 225) == pytest.approx(2.5)
    low, high = katz_interval(10, 75, 12, 225)  # type: ignore[misc]
    assert low == pytest.approx(1.126, abs=5e-4)
    assert high == pytest.approx(5.550, abs=5e-4)


def test_katz_interval_by_hand() -> None:
    # Katz: exp(ln RR ± z·sqrt(1/a − 1/n1 + 1/c − 1/n2)), z = 1.959964 for 95%
    a, n1, c, n2 = 418, 1422, 149, 612
    rr = (a / n1) / (c / n2)
    se = math.sqrt(1 / a - 1 / n1 + 1 / c - 1 / n2)
    z = 1.959963984540054
    low, high = katz_interval(a, n1, c, n2)  # type: ignore[misc]
    assert low == pytest.approx(math.exp(math.log(rr) - z * se), rel=1e-9)
    assert high == pytest.approx(math.exp(math.log(rr) + z * se), rel=1e-9)


def test_katz_interval_at_90_percent_is_narrower() -> None:
    wide = katz_interval(10, 75, 12, 225, 0.95)
    narrow = katz_interval(10, 75, 12, 225, 0.90)
    assert wide
    assert narrow
    assert wide[0] < narrow[0] < narrow[1] < wide[1]


def test_no_interval_when_a_group_has_zero_events() -> None:
    assert katz_interval(0, 100, 5, 100) is None
    assert katz_interval(5, 100, 0, 100) is None


def test_fisher_reference_values() -> None:
    # scipy.stats.fisher_exact([[418, 1004], [149, 463]]).pvalue == 0.020453882260840314
    assert fisher_p_value(418, 1422, 149, 612) == pytest.approx(0.020453882260840314, rel=1e-9)
    # Exact two-sided p by summing hypergeometric probabilities no larger than the observed one
    assert fisher_p_value(3, 10, 9, 10) == pytest.approx(_exact_fisher(3, 10, 9, 10), rel=1e-9)
    assert fisher_p_value(0, 10, 0, 10) == 1.0


def _exact_fisher(a: int, n1: int, c: int, n2: int) -> float:
    from fractions import Fraction

    ones, n = a + c, n1 + n2

    def prob(x: int) -> Fraction:
        return Fraction(math.comb(n1, x) * math.comb(n2, ones - x), math.comb(n, ones))

    observed = prob(a)
    support = range(max(0, ones - n2), min(n1, ones) + 1)
    # The same relative tolerance as R and scipy when comparing probabilities.
    return float(sum(p for x in support if (p := prob(x)) <= observed * Fraction(1 + 10**-7)))


@given(st.integers(1, 3000), st.integers(1, 3000), st.data())
def test_fisher_agrees_with_scipy_fisher_exact(n1: int, n2: int, data: st.DataObject) -> None:
    a = data.draw(st.integers(0, n1))
    c = data.draw(st.integers(0, n2))
    # scipy.stats.fisher_exact([[a, n1 - a], [c, n2 - c]]).pvalue
    reference = float(fisher_exact([[a, n1 - a], [c, n2 - c]]).pvalue)
    assert fisher_p_value(a, n1, c, n2) == pytest.approx(min(1.0, reference), rel=1e-9, abs=1e-15)


@given(st.integers(1, 30), st.integers(1, 30), st.data())
def test_fisher_against_exact_enumeration(n1: int, n2: int, data: st.DataObject) -> None:
    a = data.draw(st.integers(0, n1))
    c = data.draw(st.integers(0, n2))
    assert fisher_p_value(a, n1, c, n2) == pytest.approx(_exact_fisher(a, n1, c, n2), rel=1e-6)


def test_cohens_h_reference() -> None:
    # statsmodels.stats.proportion.proportion_effectsize(0.5, 0.25) == 0.5235987755982989
    # (2·asin(√0.5) − 2·asin(√0.25) = π/2 − π/3 = π/6)
    assert cohens_h(0.5, 0.25) == pytest.approx(math.pi / 6)
    assert cohens_h(0.25, 0.5) == pytest.approx(-math.pi / 6)


@pytest.mark.parametrize(
    ("h", "significant", "expected"),
    [
        (0.15, False, Rating.EQUIVALENT),
        (0.15, True, Rating.WORSE_SMALL),
        (0.2, True, Rating.WORSE_MEDIUM),
        (0.49, True, Rating.WORSE_MEDIUM),
        (0.5, True, Rating.WORSE_LARGE),
        (-0.1, True, Rating.BETTER_SMALL),
        (-0.3, True, Rating.BETTER_MEDIUM),
        (-0.8, True, Rating.BETTER_LARGE),
    ],
)
def test_rating_thresholds(h: float, significant: bool, expected: Rating) -> None:
    assert rate_by_effect(h, significant) is expected


@pytest.mark.parametrize(
    ("rl", "expected"),
    [
        (0.79, FourFifths.BELOW_RANGE),
        (0.80, FourFifths.NON_ADVERSE),
        (1.25, FourFifths.NON_ADVERSE),
        (1.2501, FourFifths.ADVERSE),
        (3.0, FourFifths.ADVERSE),
    ],
)
def test_four_fifths_edges(rl: float, expected: FourFifths) -> None:
    assert four_fifths(rl) is expected


def test_events_from_percent_both_forms_and_half_up() -> None:
    assert events_from_percent(20.83, 98) == 20  # 20.41
    assert events_from_percent(0.2083, 98) == 20
    assert events_from_percent(50, 3) == 2  # 1.5 rounds up, as Excel's ROUND does
    assert events_from_percent(0.5, 3) == 2
    assert events_from_percent(1, 7) == 7  # 1 is read as a fraction: 100%
    with pytest.raises(InputError):
        events_from_percent(120, 10)
    with pytest.raises(InputError):
        events_from_percent(-1, 10)


def test_board_gap_nscht_2024() -> None:
    # NSCHT WRES report 2024: board 21.43%, workforce 11.11%, difference 10.32 points
    gap = board_gap(3, 14, 215, 1935)
    assert gap.board_share * 100 == pytest.approx(21.43, abs=0.005)
    assert gap.workforce_share * 100 == pytest.approx(11.11, abs=0.005)
    assert gap.difference_pp == pytest.approx(10.32, abs=0.005)
    assert gap.members_for_parity == -1  # ceil(0.1111 × 14) = 2, minus 3 members


def test_members_for_parity_uses_exact_arithmetic() -> None:
    # 25% of 8 seats is exactly 2: a float product 2.0000000001 must not round up to 3
    assert board_gap(0, 8, 1, 4).members_for_parity == 2
    assert board_gap(1, 10, 1, 3).members_for_parity == 3  # ceil(3.33) = 4, minus 1


def test_counts_are_validated_in_plain_english() -> None:
    with pytest.raises(InputError, match=r"events \(12\) is more than total \(10\)"):
        fisher_p_value(12, 10, 1, 10)
    # InputError is a ValueError for Python callers.
    with pytest.raises(ValueError, match=r"events \(-1\) cannot be negative"):
        fisher_p_value(-1, 10, 1, 10)


@given(two_by_two())
def test_p_value_is_a_probability_and_symmetric(table: tuple[int, int, int, int]) -> None:
    we, wt, be, bt = table
    p = fisher_p_value(we, wt, be, bt)
    assert 0.0 <= p <= 1.0
    assert p == pytest.approx(fisher_p_value(be, bt, we, wt), rel=1e-9, abs=1e-12)


@given(two_by_two())
def test_relative_likelihood_direction_symmetry(table: tuple[int, int, int, int]) -> None:
    we, wt, be, bt = table
    forward = ratio_of_rates(we, wt, be, bt)
    backward = ratio_of_rates(be, bt, we, wt)
    if forward and backward:
        assert forward * backward == pytest.approx(1.0)
        ci_f = katz_interval(we, wt, be, bt)
        ci_b = katz_interval(be, bt, we, wt)
        assert ci_f
        assert ci_b
        assert ci_f[0] * ci_b[1] == pytest.approx(1.0)
        assert ci_f[0] <= forward <= ci_f[1]


@given(
    st.integers(1, 5000), st.integers(1, 5000), st.data(), st.sampled_from([0.8, 0.9, 0.95, 0.99])
)
def test_katz_interval_agrees_with_scipy_relative_risk(
    n1: int, n2: int, data: st.DataObject, level: float
) -> None:
    a = data.draw(st.integers(1, n1))
    c = data.draw(st.integers(1, n2))
    # scipy.stats.contingency.relative_risk(a, n1, c, n2).confidence_interval(level)
    reference = relative_risk(a, n1, c, n2).confidence_interval(confidence_level=level)
    low, high = katz_interval(a, n1, c, n2, level)  # type: ignore[misc]
    assert low == pytest.approx(reference.low, rel=1e-9)
    assert high == pytest.approx(reference.high, rel=1e-9)


@given(st.floats(0, 1), st.floats(0, 1))
def test_cohens_h_agrees_with_statsmodels(a: float, b: float) -> None:
    # statsmodels.stats.proportion.proportion_effectsize(a, b)
    assert cohens_h(a, b) == pytest.approx(float(proportion_effectsize(a, b)), rel=1e-9, abs=1e-12)


def _exact_fisher_big(a: int, n1: int, c: int, n2: int) -> float:
    """Exact rational two-sided p over the whole support (whole-number arithmetic)."""
    ones, n = a + c, n1 + n2
    support = range(max(0, ones - n2), min(n1, ones) + 1)
    weights = [math.comb(n1, x) * math.comb(n2, ones - x) for x in support]
    observed = weights[a - support.start]
    kept = sum(w for w in weights if w * 10**7 <= observed * (10**7 + 1))
    from fractions import Fraction

    return float(Fraction(kept, math.comb(n, ones)))


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 2500), st.integers(1, 2500), st.data())
def test_bounded_fisher_is_exact_to_1e_12(n1: int, n2: int, data: st.DataObject) -> None:
    # Only the part of the support that can change the p-value is summed; against exact
    # whole-number arithmetic over all of it, the answer is the same to 1e-12.
    a = data.draw(st.integers(0, n1))
    c = data.draw(st.integers(0, n2))
    exact = _exact_fisher_big(a, n1, c, n2)
    assert fisher_p_value(a, n1, c, n2) == pytest.approx(exact, rel=1e-11, abs=1e-12)


def _whole_support_fisher(a: int, n1: int, c: int, n2: int) -> float:
    # The previous implementation: every table of the support, via
    # scipy.stats.hypergeom.pmf(k, n1 + n2, n1, a + c) for k over the whole support.
    ones = a + c
    k = np.arange(max(0, ones - n2), min(n1, ones) + 1)
    pmf = hypergeom.pmf(k, n1 + n2, n1, ones)
    return min(1.0, float(pmf[pmf <= pmf[a - k[0]] * (1 + 1e-7)].sum()))


@pytest.mark.slow
@settings(max_examples=25, deadline=None)
@given(st.integers(1, 2_000_000), st.integers(1, 2_000_000), st.floats(0, 1), st.floats(-4, 4))
def test_bounded_fisher_at_national_counts(n1: int, n2: int, rate: float, shift: float) -> None:
    a = round(n1 * rate)
    spread = math.sqrt(max(n2 * rate * (1 - rate), 1.0))
    c = min(n2, max(0, round(n2 * rate + shift * spread)))
    # At millions the whole-support sum is itself only good to about 1e-8 (log-gamma of
    # four million carries that much rounding); the bounded sum uses exact term ratios.
    assert fisher_p_value(a, n1, c, n2) == pytest.approx(
        _whole_support_fisher(a, n1, c, n2), rel=1e-6, abs=1e-8
    )


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 5000), st.integers(1, 5000), st.data())
def test_fisher_agrees_with_scipy_fisher_exact_to_1e_12(
    n1: int, n2: int, data: st.DataObject
) -> None:
    a = data.draw(st.integers(0, n1))
    c = data.draw(st.integers(0, n2))
    # scipy.stats.fisher_exact([[a, n1 - a], [c, n2 - c]]).pvalue
    reference = min(1.0, float(fisher_exact([[a, n1 - a], [c, n2 - c]]).pvalue))
    assert fisher_p_value(a, n1, c, n2) == pytest.approx(reference, rel=0, abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(national_two_by_two())
def test_fisher_at_national_counts_agrees_with_scipy(table: tuple[int, int, int, int]) -> None:
    a, n1, c, n2 = table
    # scipy.stats.fisher_exact([[a, n1 - a], [c, n2 - c]]).pvalue
    reference = min(1.0, float(fisher_exact([[a, n1 - a], [c, n2 - c]]).pvalue))
    # Here scipy itself is off by up to about 5e-10: its probabilities go through log-gamma
    # of millions (compare both with the 50-digit reference in the next test).
    assert fisher_p_value(a, n1, c, n2) == pytest.approx(reference, rel=0, abs=2e-9)


def _decimal_fisher(a: int, n1: int, c: int, n2: int) -> Decimal:
    """Two-sided p in 50-digit decimal arithmetic: every probability relative to the mode's
    from the exact ratio of neighbouring terms, out to 1e-40 of the mode and of the
    observed table (the distribution is log-concave, so what lies beyond is smaller)."""
    events = a + c
    free = n2 - events
    low, high = max(0, events - n2), min(n1, events)
    mode = min(high, max(low, (events + 1) * (n1 + 1) // (n1 + n2 + 2)))
    with localcontext() as context:
        context.prec = 50
        terms = {mode: Decimal(1)}
        for step in (1, -1):
            k, term = mode, Decimal(1)
            while k != (high if step == 1 else low):
                if step == 1:
                    term *= Decimal((n1 - k) * (events - k)) / ((k + 1) * (free + k + 1))
                else:
                    term *= Decimal(k * (free + k)) / ((n1 - k + 1) * (events - k + 1))
                k += step
                terms[k] = term
                if term < Decimal("1e-40") and (k - a) * step > 0:
                    break
        observed = terms[a]
        limit = observed * (1 + Decimal("1e-7"))
        return sum((t for t in terms.values() if t <= limit), Decimal(0)) / sum(
            terms.values(), Decimal(0)
        )


@settings(max_examples=25, deadline=None)
@given(national_two_by_two())
def test_fisher_at_national_counts_is_exact_to_1e_12(table: tuple[int, int, int, int]) -> None:
    a, n1, c, n2 = table
    exact = float(_decimal_fisher(a, n1, c, n2))
    assert fisher_p_value(a, n1, c, n2) == pytest.approx(exact, rel=1e-11, abs=1e-12)


@given(st.floats(-40, 40))
def test_trend_z_test_p_agrees_with_scipy(z: float) -> None:
    # 2 * scipy.stats.norm.sf(abs(z))
    assert math.erfc(abs(z) / math.sqrt(2)) == pytest.approx(
        float(2 * norm.sf(abs(z))), rel=1e-9, abs=1e-300
    )
