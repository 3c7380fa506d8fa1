"""Statistics for every WRES comparison (SPEC §4).

Full-precision, named results; rounding happens only where values are displayed.
The formulas are the ones scipy (``fisher_exact``, ``relative_risk``) and statsmodels
(``proportion_effectsize``) implement, written out with ``math`` and
``statistics.NormalDist``: every ribbon click and every worksheet-function session starts
a fresh Python, and importing scipy.stats and statsmodels (and the pandas it pulls in)
cost two seconds before the first answer. tests/test_stats.py holds them to those
libraries.
"""

from __future__ import annotations

import bisect
import itertools
import math
import operator
from dataclasses import dataclass
from enum import Enum
from fractions import Fraction
from statistics import NormalDist

from wres_xl.errors import InputError

SMALL_EFFECT = 0.2
MEDIUM_EFFECT = 0.5
FOUR_FIFTHS_LOW = 0.80
FOUR_FIFTHS_HIGH = 1.25
#: The largest count accepted in a cell or a worksheet-function argument. The whole
#: NHS in England employs about 1.5 million people, so a bigger number is a typing or
#: paste error; and it bounds the work of Fisher's test (which grows with the square root
#: of the counts) so that no cell can freeze Excel. Sums of accepted cells (a workforce
#: total) may exceed it: they are checked where they are typed, not here.
MAX_COUNT = 10_000_000


class Rating(str, Enum):
    """The colour key: eight labels, plus Not computed for missing or invalid inputs."""

    #: The reference group's own row (White, or non-disabled for WDES): what the other is
    #: compared with.
    REFERENCE_GROUP = "Benchmark"
    EQUIVALENT = "Equivalent"
    BETTER_SMALL = "Better to a small degree"
    BETTER_MEDIUM = "Better to a medium degree"
    BETTER_LARGE = "Better to a large degree"
    WORSE_SMALL = "Worse to a small degree"
    WORSE_MEDIUM = "Worse to a medium degree"
    WORSE_LARGE = "Worse to a large degree"
    #: Indicator 9 only: a board short of parity (no test, so no degree).
    WORSE = "Worse"
    #: A survey comparison with percentages but no respondent counts (no test possible).
    NOT_TESTED = "Not tested"
    NOT_COMPUTED = "Not computed"
    # Indicator 1 bands and clusters describe representation against the rest of the
    # workforce, not better or worse (SPEC §4): a band where BME staff are concentrated is
    # no success, so these labels have a key and colours of their own.
    UNDER_SMALL = "Under-represented to a small degree"
    UNDER_MEDIUM = "Under-represented to a medium degree"
    UNDER_LARGE = "Under-represented to a large degree"
    OVER_SMALL = "Over-represented to a small degree"
    OVER_MEDIUM = "Over-represented to a medium degree"
    OVER_LARGE = "Over-represented to a large degree"
    IN_LINE = "In line"
    NO_STAFF = "No staff"

    @property
    def is_worse(self) -> bool:
        return self.value.startswith("Worse")

    @property
    def is_better(self) -> bool:
        return self.value.startswith("Better")

    @property
    def is_representation(self) -> bool:
        return self in REPRESENTATION_RATINGS


COLOUR_RATINGS: tuple[Rating, ...] = (
    Rating.REFERENCE_GROUP,
    Rating.EQUIVALENT,
    Rating.BETTER_SMALL,
    Rating.BETTER_MEDIUM,
    Rating.BETTER_LARGE,
    Rating.WORSE_SMALL,
    Rating.WORSE_MEDIUM,
    Rating.WORSE_LARGE,
)


#: Indicator 1's representation key, in the order it is shown.
REPRESENTATION_RATINGS: tuple[Rating, ...] = (
    Rating.UNDER_LARGE,
    Rating.UNDER_MEDIUM,
    Rating.UNDER_SMALL,
    Rating.IN_LINE,
    Rating.OVER_SMALL,
    Rating.OVER_MEDIUM,
    Rating.OVER_LARGE,
    Rating.NO_STAFF,
)


class FourFifths(str, Enum):
    NON_ADVERSE = "non-adverse"
    ADVERSE = "adverse"
    BELOW_RANGE = "below-range"

    @property
    def label(self) -> str:
        """Wording of the WRES_FOURFIFTHS worksheet function."""
        return {
            "non-adverse": "Non-adverse",
            "adverse": "Adverse",
            "below-range": "Below 0.80",
        }[self.value]


def check_counts(events: int, total: int, *, what: str = "events", of: str = "total") -> None:
    """Raise a plain-English InputError unless 0 <= events <= total are whole numbers."""
    for name, value in ((what, events), (of, total)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise InputError(f"{name} ({value}) must be a whole number.")
        if value < 0:
            raise InputError(f"{name} ({value}) cannot be negative.")
    if events > total:
        raise InputError(f"{what} ({events}) is more than {of} ({total}).")


def too_large(name: str, value: float) -> str:
    """The one wording for a count above MAX_COUNT."""
    shown = f"{value:,.0f}" if value < 1e15 else f"{value:.3g}"
    return (
        f"{name} ({shown}) is more than {MAX_COUNT:,}, larger than the whole NHS workforce. "
        "Check the number: it may have been pasted with extra digits."
    )


def fisher_p_value(white_events: int, white_total: int, bme_events: int, bme_total: int) -> float:
    """Two-sided Fisher's exact p for the 2×2 table of events and non-events by group."""
    check_counts(white_events, white_total)
    check_counts(bme_events, bme_total)
    p = _fisher_two_sided(white_events, white_total, bme_events, bme_total)
    # Summing floating-point probabilities can give a hair above 1.
    return min(1.0, max(0.0, p))


#: scipy's fisher_exact counts tables "as extreme" when their probability is within this
#: relative tolerance of the observed one; the same is used here so results agree.
_FISHER_RTOL = 1 + 1e-7
#: Terms below this fraction of the observed table's probability cannot change the p-value
#: in its 16th significant figure, and beyond them the tails only shrink (the distribution
#: is log-concave), so the sums stop there.
_NEGLIGIBLE = 1e-17
#: How far (in log units) the observed table may lie below the mode and still be reached by
#: walking out from the mode (about 9 standard deviations); beyond that the p-value is
#: below e^-40 and each tail is found by a search instead.
_WALK_LIMIT = 40.0


def _fisher_two_sided(a: int, n1: int, c: int, n2: int) -> float:
    """Two-sided Fisher's exact p: the total hypergeometric probability of every table with
    the same margins that is no more likely than the observed one (scipy's definition).

    Only the part of the support that can change the answer is visited. The
    probabilities rise to the mode and fall away from it, so each side is walked out
    from the mode with the exact ratio of neighbouring terms until the terms fall below
    1e-17 of the observed table's: a few thousand terms even at two million staff per
    group, where summing the whole support took 400 ms and a huge one ran out of memory.
    """
    events = a + c
    total = n1 + n2
    if events in (0, total) or n1 == 0 or n2 == 0:
        return 1.0
    low, high = max(0, events - n2), min(n1, events)
    mode = min(high, max(low, (events + 1) * (n1 + 1) // (total + 2)))
    log_observed = _log_pmf(a, n1, n2, events)
    if _log_pmf(mode, n1, n2, events) - log_observed <= _WALK_LIMIT:
        return _fisher_near(a, n1, n2, events, low, high, mode)
    return _fisher_far(a, n1, n2, events, low, high, mode, log_observed)


def _fisher_near(a: int, n1: int, n2: int, events: int, low: int, high: int, mode: int) -> float:
    """Terms relative to the mode, summed over both sides and divided by their total: the
    log-gamma function never enters the answer (at millions of staff it is good to 1e-8
    only), so the p-value is as exact as the ratios of whole numbers it is built from."""
    side = 1 if a > mode else -1
    end, other_end = (high, low) if side == 1 else (low, high)
    # The observed table's side first: its term sets how far both sides must go.
    first_floor = _NEGLIGIBLE if a == mode else 0.0
    near = _walk(n1, n2, events, mode, side, end, a, first_floor)
    observed = near[abs(a - mode) - 1] if a != mode else 1.0
    other = _walk(n1, n2, events, mode, -side, other_end, None, observed * _NEGLIGIBLE)
    limit = observed * _FISHER_RTOL
    # Each side falls away from the mode (every ratio beyond it is at most 1, and rounding
    # keeps that), so the tables no more likely than the observed one end each side.
    extreme = [*near[_first_at_most(near, limit) :], *other[_first_at_most(other, limit) :]]
    if limit >= 1.0:
        extreme.append(1.0)
    return math.fsum(extreme) / math.fsum(itertools.chain(near, other, (1.0,)))


def _first_at_most(falling: list[float], limit: float) -> int:
    """Index of the first term of a non-increasing list that is at most ``limit``."""
    return bisect.bisect_left(falling, -limit, key=operator.neg)


def _walk(
    n1: int,
    n2: int,
    events: int,
    start: int,
    step: int,
    end: int,
    observed_at: int | None,
    floor: float = 0.0,
) -> list[float]:
    """P(k)/P(start) for k = start + step, start + 2·step, … up to ``end``, while the terms
    are at least ``floor``; once ``observed_at`` is passed the floor becomes 1e-17 of its
    term. Returns the terms (the one at ``observed_at``, if reached, is
    ``terms[abs(observed_at - start) - 1]``).

    Short walks run in plain Python. Long ones (national counts: thousands of terms) compute
    the ratios with numpy a block at a time and multiply them up with ``cumprod``, which
    multiplies in the same order as the loop, so the terms are the same to the last bit.
    """
    terms: list[float] = []
    term, k = 1.0, start
    free = n2 - events
    while k != end and len(terms) < _SHORT_WALK:
        if step == 1:
            term *= (n1 - k) * (events - k) / ((k + 1) * (free + k + 1))
        else:
            term *= k * (free + k) / ((n1 - k + 1) * (events - k + 1))
        k += step
        if term < floor or term == 0.0:
            return terms
        terms.append(term)
        if k == observed_at:
            floor = term * _NEGLIGIBLE
    if k == end:
        return terms
    return _walk_blocks(n1, n2, events, k, step, end, observed_at, floor, term, terms)


#: Terms walked in plain Python before numpy takes over (importing numpy costs more than a
#: few hundred loop steps, and small tables never get that far).
_SHORT_WALK = 256


def _walk_blocks(
    n1: int,
    n2: int,
    events: int,
    k: int,
    step: int,
    end: int,
    observed_at: int | None,
    floor: float,
    term: float,
    terms: list[float],
) -> list[float]:
    """The rest of :func:`_walk` from ``k`` (whose term is ``term``), in numpy blocks."""
    import numpy as np  # only for national-size tables: not on the worksheet import path

    free = n2 - events
    size = 4096
    while k != end:
        count = min(size, abs(end - k))
        # k before each step. For counts up to MAX_COUNT every product is below 2**53, so
        # the products are exact in floating point and each quotient rounds as the loop's.
        ks = np.arange(k, k + step * count, step, dtype=np.int64)
        if step == 1:
            ratios = ((n1 - ks) * (events - ks)) / ((ks + 1) * (free + ks + 1))
        else:
            ratios = (ks * (free + ks)) / ((n1 - ks + 1) * (events - ks + 1))
        ratios[0] *= term
        block = np.multiply.accumulate(ratios)
        floors = np.full(count, floor)
        if observed_at is not None and 0 < (observed_at - k) * step <= count:
            at = (observed_at - k) * step - 1
            floor = float(block[at]) * _NEGLIGIBLE
            floors[at + 1 :] = floor
        stop = np.flatnonzero((block < floors) | (block == 0.0))
        if stop.size:
            terms.extend(block[: stop[0]].tolist())
            return terms
        terms.extend(block.tolist())
        term = float(block[-1])
        k += step * count
        size *= 2
    return terms


def _fisher_far(
    a: int, n1: int, n2: int, events: int, low: int, high: int, mode: int, log_observed: float
) -> float:
    """The observed table is far in a tail (p < e^-40): sum that tail from the table out,
    find where the other side falls to the observed probability by bisection (the log
    probabilities fall steadily away from the mode), and sum that tail out from there."""
    side = 1 if a > mode else -1
    end, other_end = (high, low) if side == 1 else (low, high)
    limit = math.log(_FISHER_RTOL)
    # Outward from the observed table. No table inward of it can tie with it: that needs
    # neighbouring terms within 1e-7 of each other more than 9 standard deviations from
    # the mode, which takes a standard deviation of 10^8, groups of about 10^16 staff.
    outward = _walk(n1, n2, events, a, side, end, None, _NEGLIGIBLE)
    total = math.fsum((1.0, *outward))
    # The first table on the other side no more likely than the observed one.
    inner, outer = mode, other_end
    if _log_pmf(outer, n1, n2, events) - log_observed <= limit:
        while abs(outer - inner) > 1:
            middle = (inner + outer) // 2
            if _log_pmf(middle, n1, n2, events) - log_observed <= limit:
                outer = middle
            else:
                inner = middle
        log_start = _log_pmf(outer, n1, n2, events) - log_observed
        scale = math.exp(log_start)
        tail = _walk(n1, n2, events, outer, -side, other_end, None, _NEGLIGIBLE / scale)
        total += scale * math.fsum((1.0, *tail))
    return math.exp(log_observed) * total


def _log_pmf(k: int, n1: int, n2: int, events: int) -> float:
    """log P(X = k) for X ~ Hypergeometric(n1 + n2, n1, events)."""
    return _log_choose(n1, k) + _log_choose(n2, events - k) - _log_choose(n1 + n2, events)


def _log_choose(n: int, k: int) -> float:
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)


def ratio_of_rates(
    numerator_events: int, numerator_total: int, denominator_events: int, denominator_total: int
) -> float | None:
    """Rate of the first group divided by the rate of the second; None when undefined."""
    if numerator_total == 0 or denominator_total == 0 or denominator_events == 0:
        return None
    return (numerator_events / numerator_total) / (denominator_events / denominator_total)


def katz_interval(
    numerator_events: int,
    numerator_total: int,
    denominator_events: int,
    denominator_total: int,
    level: float = 0.95,
) -> tuple[float, float] | None:
    """Katz log confidence interval of a ratio of rates (scipy ``relative_risk``).

    None when either group has zero events (the log interval does not exist) or a group
    has nobody in it.
    """
    if not 0 < level < 1:
        raise InputError(f"Confidence level ({level}) must be between 0 and 1, such as 0.95.")
    if min(numerator_events, denominator_events, numerator_total, denominator_total) <= 0:
        return None
    # log RR ± z·SE, SE = √(1/a − 1/n₁ + 1/c − 1/n₂) (Katz et al. 1978), as relative_risk.
    log_rr = math.log(numerator_events / numerator_total) - math.log(
        denominator_events / denominator_total
    )
    se = math.sqrt(
        1 / numerator_events - 1 / numerator_total + 1 / denominator_events - 1 / denominator_total
    )
    z = NormalDist().inv_cdf(1 - (1 - level) / 2)
    return math.exp(log_rr - z * se), math.exp(log_rr + z * se)


def cohens_h(rate_a: float, rate_b: float) -> float:
    """Cohen's h = 2·asin(√a) − 2·asin(√b) (statsmodels ``proportion_effectsize``)."""
    return 2 * math.asin(math.sqrt(rate_a)) - 2 * math.asin(math.sqrt(rate_b))


def rate_by_effect(h: float, significant: bool) -> Rating:
    """Rating of a comparison whose effect size ``h`` is signed so positive is worse for BME."""
    if not significant or h == 0 or math.isnan(h):
        return Rating.EQUIVALENT
    size = abs(h)
    if h > 0:
        if size < SMALL_EFFECT:
            return Rating.WORSE_SMALL
        return Rating.WORSE_MEDIUM if size < MEDIUM_EFFECT else Rating.WORSE_LARGE
    if size < SMALL_EFFECT:
        return Rating.BETTER_SMALL
    return Rating.BETTER_MEDIUM if size < MEDIUM_EFFECT else Rating.BETTER_LARGE


def rate_representation(h: float, significant: bool) -> Rating:
    """Representation of a band: ``h`` is Cohen's h of the overall share against the band's
    share, so positive means the band has fewer BME staff than the workforce."""
    if not significant or h == 0 or math.isnan(h):
        return Rating.IN_LINE
    size = abs(h)
    if h > 0:
        if size < SMALL_EFFECT:
            return Rating.UNDER_SMALL
        return Rating.UNDER_MEDIUM if size < MEDIUM_EFFECT else Rating.UNDER_LARGE
    if size < SMALL_EFFECT:
        return Rating.OVER_SMALL
    return Rating.OVER_MEDIUM if size < MEDIUM_EFFECT else Rating.OVER_LARGE


def four_fifths(relative_likelihood: float) -> FourFifths:
    if relative_likelihood > FOUR_FIFTHS_HIGH:
        return FourFifths.ADVERSE
    if relative_likelihood < FOUR_FIFTHS_LOW:
        return FourFifths.BELOW_RANGE
    return FourFifths.NON_ADVERSE


def events_from_percent(percent: float, respondents: int) -> int:
    """round(percent × respondents), halves away from zero as Excel's ROUND does.

    ``percent`` may be a fraction (0–1, as Excel % cells hold it) or 0–100; any value
    above 1 is read as a percentage (SPEC §7).
    """
    fraction = as_fraction(percent)
    if isinstance(respondents, bool) or not isinstance(respondents, int) or respondents < 0:
        raise InputError(f"respondents ({respondents}) must be a whole number of 0 or more.")
    # Through Fraction of the decimal text so 20.83% of 98 is not nudged by binary floats.
    exact = Fraction(repr(fraction)) * respondents
    return math.floor(exact + Fraction(1, 2))


def as_fraction(percent: float) -> float:
    """A percentage typed as 0–100 or as an Excel fraction, as a fraction 0–1."""
    if isinstance(percent, bool) or not isinstance(percent, int | float) or math.isnan(percent):
        raise InputError(f"percent ({percent}) must be a number, such as 20.8 or 0.208.")
    if percent < 0 or percent > 100:
        raise InputError(f"percent ({percent}) must be between 0 and 100.")
    return percent / 100 if percent > 1 else float(percent)


@dataclass(frozen=True)
class BoardGap:
    workforce_share: float
    board_share: float
    difference_pp: float
    members_for_parity: int


def board_gap(
    board_bme: int, board_total: int, workforce_bme: int, workforce_total: int
) -> BoardGap:
    """Indicator 9: BME share of the board minus BME share of the workforce, in points.

    ``members_for_parity`` = ceil(workforce share × board size) − BME members, computed in
    exact arithmetic so a share of exactly 25% of 8 seats gives 2, not 3. Negative when
    the board has more BME members than parity needs.
    """
    check_counts(board_bme, board_total, what="BME board members", of="board members")
    check_counts(workforce_bme, workforce_total, what="BME staff", of="staff")
    if board_total == 0:
        raise InputError("The board has no members, so its BME share cannot be worked out.")
    if workforce_total == 0:
        raise InputError("The workforce has no staff, so its BME share cannot be worked out.")
    workforce_share = workforce_bme / workforce_total
    board_share = board_bme / board_total
    needed = -((-workforce_bme * board_total) // workforce_total)
    return BoardGap(
        workforce_share=workforce_share,
        board_share=board_share,
        difference_pp=(board_share - workforce_share) * 100,
        members_for_parity=needed - board_bme,
    )
