"""Change between WRES years, judged by statistics rather than by the raw difference.

A trust's figures move every year by chance alone, most of all where numbers are small
(disciplinary cases, a survey's BME respondents). The Summary and Trends sheets call a
change "improved" or "worse" only when a test says it is unlikely to be chance, at the
workbook's ``Significance level``; otherwise "no significant change". Direction is always
from the point of view of BME staff, as the ratings are.

Methods, per indicator:

* 1: the BME share at Band 8a and above (including VSM), indicator 1's headline, this year
  against last, Fisher's exact test on BME and other senior staff in the two years (higher
  share = improved).
* 2–4: whether the relative likelihood itself changed: a z-test on the difference of the
  two years' log RLs, with the Katz standard errors (Altman & Bland, BMJ 2003;326:219,
  "Interaction revisited: the difference between two estimates"). This is the test that
  matches the Katz intervals the sheets already show, so an analyst can reproduce it from
  the printed intervals: SE = (ln upper − ln lower) / (2 × 1.96). Breslow–Day was rejected
  because it tests odds ratios, not the ratio of rates WRES reports. RLs are oriented so
  above 1 is worse for BME staff, so a significant fall is "improved".
* 5–8: the BME percentage this year against last, Fisher's exact test on BME events and
  non-events in the two years; whether a rise is worse depends on the indicator
  (``HIGHER_IS_WORSE``). The White rate is not tested: it is the reference, and the
  Summary's rating already compares the two groups within each year.
* 9: boards are too small to test. The change is the number of BME voting members the
  board is short of workforce parity: "improved" when the shortfall fell by at least one member,
  "worse" when it rose by at least one, else "no change". A board at or above parity has
  a shortfall of zero, so adding BME members beyond parity is not called an improvement.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from wres_xl.core.indicators import (
    HIGHER_IS_WORSE,
    BoardResult,
    GroupRate,
    IndicatorResult,
    NotComputed,
    RatioResult,
    SurveyResult,
    WorkforceResult,
)
from wres_xl.core.stats import fisher_p_value

IMPROVED = "improved"
WORSE = "worse"
NO_SIGNIFICANT_CHANGE = "no significant change"
NO_CHANGE = "no change"
NOT_COMPARABLE = "not comparable"

#: Every wording describe_change can return.
CHANGE_WORDS: tuple[str, ...] = (IMPROVED, WORSE, NO_SIGNIFICANT_CHANGE, NO_CHANGE, NOT_COMPARABLE)


@dataclass(frozen=True)
class Change:
    """The change in one indicator from one year to the next."""

    wording: str
    #: Two-sided p of the year-on-year test; None where no test applies (indicator 9, or
    #: nothing to compare).
    p_value: float | None = None
    #: Why the years cannot be compared, when ``wording`` is "not comparable".
    reason: str = ""
    #: The values compared (last year, this year) and how to print them.
    before: float | None = None
    after: float | None = None
    unit: str = ""
    #: What the values are, e.g. "BME share at Band 8a and above"; "" for the RL.
    measure: str = ""
    #: Indicator 9: BME voting members short of parity (last year, this year).
    shortfall: tuple[int, int] | None = None
    #: A survey comparison without respondents cannot be tested.
    untested: bool = False

    def text(self) -> str:
        """Values and direction first, then the test: "up from 1.14 to 1.21; not a
        statistically significant change (p = 0.52)"."""
        if self.before is None or self.after is None:
            return f"not comparable: {self.reason}" if self.reason else "not comparable"
        shown_before, shown_after = _show(self.before, self.unit), _show(self.after, self.unit)
        if shown_before == shown_after:
            movement = f"unchanged at {shown_after}"
        else:
            way = "up" if self.after > self.before else "down"
            movement = f"{way} from {shown_before} to {shown_after}"
        if self.measure:
            movement = f"{self.measure} {movement}"
        return f"{movement}; {self._verdict()}"

    def _verdict(self) -> str:
        p_text = ""
        if self.p_value is not None:
            p_text = " (p < 0.001)" if self.p_value < 0.001 else f" (p = {self.p_value:.3f})"
        if self.shortfall is not None:
            before, now = self.shortfall
            if now == 0 and before == 0:
                state = "at or above parity both years"
            elif now == 0:
                state = f"now at or above parity (was {_members(before)} short)"
            elif before == 0:
                state = f"now {_members(now)} short of parity (was at or above it)"
            else:
                state = f"{_members(now)} short of parity (was {before})"
            return f"{state}: {self.wording}"
        if self.untested:
            return "not tested (the staff survey table has no respondent counts)"
        if self.wording == IMPROVED:
            return f"a statistically significant improvement{p_text}"
        if self.wording == WORSE:
            return f"a statistically significant worsening{p_text}"
        if self.wording == NO_SIGNIFICANT_CHANGE:
            return f"not a statistically significant change{p_text}"
        return self.wording


def _members(n: int) -> str:
    return f"{n} member{'s' if n != 1 else ''}"


def _show(value: float, unit: str) -> str:
    if unit == "ratio":
        return f"{value:.2f}"
    if unit == "percent":
        return f"{value * 100:.1f}%"
    return f"{value:g}"


def rl_change_test(current: RatioResult, previous: RatioResult) -> tuple[float, float] | None:
    """(z, two-sided p) for "the RL changed between the two years"; None if either is undefined.

    A year with no events in one group has an RL of 0 and no log; its 2×2 table then gets
    the Haldane–Anscombe correction (0.5 added to every cell) so the change can still be
    tested, which is the usual practice for zero cells.
    """
    logs = []
    for result in (current, previous):
        top, bottom = _oriented(result)
        if top.total == 0 or bottom.total == 0:
            return None
        a, n1, c, n2 = top.events, top.total, bottom.events, bottom.total
        if a == 0 or c == 0:
            a_f, n1_f, c_f, n2_f = a + 0.5, n1 + 1.0, c + 0.5, n2 + 1.0
        else:
            a_f, n1_f, c_f, n2_f = float(a), float(n1), float(c), float(n2)
        log_rl = math.log((a_f / n1_f) / (c_f / n2_f))
        variance = 1 / a_f - 1 / n1_f + 1 / c_f - 1 / n2_f
        logs.append((log_rl, variance))
    (log_now, var_now), (log_before, var_before) = logs
    se = math.sqrt(var_now + var_before)
    if se == 0:
        return None
    z = (log_now - log_before) / se
    # Two-sided normal p = 2·sf(|z|) = erfc(|z|/√2), exact in the far tail (scipy's
    # 2 * norm.sf(abs(z)) in the tests), without importing scipy.stats.
    return z, math.erfc(abs(z) / math.sqrt(2))


def _oriented(result: RatioResult) -> tuple[GroupRate, GroupRate]:
    """The RL's numerator and denominator groups (indicator 3 puts BME on top)."""
    return (result.bme, result.white) if result.indicator == 3 else (result.white, result.bme)


def rate_change(
    before: GroupRate, now: GroupRate, *, higher_is_better: bool, significance_level: float
) -> Change:
    """One group's rate last year against this year, Fisher's exact test on the two years."""
    if before.total == 0 or now.total == 0 or before.rate is None or now.rate is None:
        return Change(NOT_COMPARABLE, reason="a year has no staff in the group")
    p = fisher_p_value(before.events, before.total, now.events, now.total)
    if p >= significance_level or now.rate == before.rate:
        wording = NO_SIGNIFICANT_CHANGE
    else:
        went_up = now.rate > before.rate
        wording = IMPROVED if went_up == higher_is_better else WORSE
    return Change(wording, p, before=before.rate, after=now.rate, unit="percent")


def compare_years(
    indicator: int,
    current: IndicatorResult | None,
    previous: IndicatorResult | None,
    significance_level: float = 0.05,
    term: str = "BME",
) -> Change:
    """The change from ``previous`` to ``current`` for one indicator, with its test."""
    if current is None or previous is None:
        return Change(NOT_COMPARABLE, reason="one of the years has no result")
    if isinstance(current, NotComputed) or isinstance(previous, NotComputed):
        return Change(NOT_COMPARABLE, reason="one of the years was not computed")
    if isinstance(current, WorkforceResult) and isinstance(previous, WorkforceResult):
        now, before = current.senior_level("8a+"), previous.senior_level("8a+")
        if now is None or before is None:
            return Change(NOT_COMPARABLE, reason="a year has no staff at Band 8a and above")
        change = rate_change(
            GroupRate(before.counts.bme, before.denominator),
            GroupRate(now.counts.bme, now.denominator),
            higher_is_better=True,
            significance_level=significance_level,
        )
        if change.wording == NOT_COMPARABLE:
            return Change(NOT_COMPARABLE, reason="a year has no staff at Band 8a and above")
        return replace(change, measure=f"{term} share at Band 8a and above")
    if isinstance(current, RatioResult) and isinstance(previous, RatioResult):
        if current.relative_likelihood is None or previous.relative_likelihood is None:
            return Change(NOT_COMPARABLE, reason="the relative likelihood is undefined")
        test = rl_change_test(current, previous)
        if test is None:
            return Change(NOT_COMPARABLE, reason="the relative likelihood is undefined")
        z, p = test
        wording = NO_SIGNIFICANT_CHANGE if p >= significance_level or z == 0 else None
        return Change(
            wording or (IMPROVED if z < 0 else WORSE),
            p,
            before=previous.relative_likelihood,
            after=current.relative_likelihood,
            unit="ratio",
        )
    if isinstance(current, SurveyResult) and isinstance(previous, SurveyResult):
        measure = f"{term} %"
        if current.bme is None or previous.bme is None:
            return Change(
                NOT_COMPARABLE,
                reason="without respondent counts the change cannot be tested",
                before=previous.bme_rate,
                after=current.bme_rate,
                unit="percent",
                measure=measure,
                untested=True,
            )
        change = rate_change(
            previous.bme,
            current.bme,
            higher_is_better=indicator not in HIGHER_IS_WORSE,
            significance_level=significance_level,
        )
        # The test needs the respondent counts, but the values shown are the published
        # percentages, so the change line quotes the same figure as the Summary and report
        # (a published 49.4% is not re-derived as 140/284 = 49.3%).
        if change.wording == NOT_COMPARABLE:
            return replace(change, measure=measure)
        return replace(change, measure=measure, before=previous.bme_rate, after=current.bme_rate)
    if isinstance(current, BoardResult) and isinstance(previous, BoardResult):
        short_now = max(0, current.gap.members_for_parity)
        short_before = max(0, previous.gap.members_for_parity)
        if short_now < short_before:
            wording = IMPROVED
        elif short_now > short_before:
            wording = WORSE
        else:
            wording = NO_CHANGE
        return Change(
            wording,
            before=previous.gap.board_share,
            after=current.gap.board_share,
            unit="percent",
            measure=f"{term} share of voting members",
            shortfall=(short_before, short_now),
        )
    return Change(NOT_COMPARABLE, reason="the two years hold different kinds of result")


def describe_change(
    indicator: int,
    current: IndicatorResult | None,
    previous: IndicatorResult | None,
    significance_level: float = 0.05,
) -> str:
    """'improved', 'worse', 'no significant change', 'no change' (indicator 9) or
    'not comparable', for BME staff, from ``previous`` to ``current``."""
    return compare_years(indicator, current, previous, significance_level).wording


def change_text(
    indicator: int,
    current: IndicatorResult | None,
    previous: IndicatorResult | None,
    significance_level: float = 0.05,
    term: str = "BME",
) -> str:
    """The change as a reader needs it: the values and their direction, then the test."""
    return compare_years(indicator, current, previous, significance_level, term).text()
