"""One plain-English sentence per indicator, in the trust's own term for BME staff.

Numbers are rounded here, at the edge, the way a report would print them.
"""

from __future__ import annotations

from wres_xl.core.indicators import (
    BoardResult,
    IndicatorResult,
    NotComputed,
    RatioResult,
    SeniorResult,
    SurveyResult,
    WorkforceResult,
    title_in_sentence,
)
from wres_xl.core.stats import FourFifths

#: Below this many events in either group a finding gets a small-numbers caution.
SMALL_NUMBERS = 10

_RL_WHO = {2: "applicants", 3: "staff", 4: "staff"}
_RL_WHAT = {
    2: "to be appointed from shortlisting",
    3: "to enter the formal disciplinary process",
    4: "to access non-mandatory training and CPD",
}
_SURVEY_WHAT = {
    5: "experienced harassment, bullying or abuse from patients, relatives or the public",
    6: "experienced harassment, bullying or abuse from staff",
    7: "believe the organisation provides equal opportunities for career progression or promotion",
    8: "experienced discrimination at work from a manager, team leader or other colleague",
}


def pct(value: float, places: int = 1) -> str:
    return f"{value * 100:.{places}f}%"


def significance_clause(significant: bool, p_value: float, level: float = 0.05) -> str:
    p_text = "p < 0.001" if p_value < 0.001 else f"p = {p_value:.3f}"
    if significant:
        return f"this difference is statistically significant ({p_text})"
    return (
        f"this difference is not statistically significant ({p_text}), so it may be due to chance"
    )


def _caution(events: tuple[int, ...], term: str) -> str:
    smallest = min(events)
    if smallest < SMALL_NUMBERS:
        return (
            f" The numbers are small ({smallest} in one group), so treat this with caution and "
            "look at the trend over several years."
        )
    return ""


def ratio_sentence(result: RatioResult, term: str = "BME") -> str:
    i = result.indicator
    who = _RL_WHO[i]
    if result.relative_likelihood is None:
        return (
            f"The relative likelihood {_RL_WHAT[i]} cannot be calculated{_for_year(result.year)}: "
            f"{result.not_computable_reason}."
        )
    top, bottom = (term, "White") if i == 3 else ("White", term)
    rl = result.relative_likelihood
    if rl >= 1 or rl == 0:
        subject, other, value = top, bottom, rl
    else:
        subject, other, value = bottom, top, 1 / rl
    if rl == 0:
        sentence = (
            f"No {top} {who} {_past(i)}{_for_year(result.year, 'in')}, so the relative "
            "likelihood is 0"
        )
    else:
        sentence = (
            f"{subject} {who} were {value:.2f} times as likely as {other} {who} {_RL_WHAT[i]}"
        )
    sentence += "; " + significance_clause(result.significant, result.p_value)
    if result.four_fifths is FourFifths.ADVERSE:
        sentence += ". The ratio is above 1.25, outside NHS England's non-adverse range"
    sentence += "."
    return sentence + _caution((result.white.events, result.bme.events), term)


def _for_year(year: int, word: str = "for") -> str:
    # Worksheet functions have no year; the workbook's sentences do.
    return f" {word} {year}" if year else ""


def _past(indicator: int) -> str:
    return {
        2: "were appointed from shortlisting",
        3: "entered the formal disciplinary process",
        4: "accessed non-mandatory training or CPD",
    }[indicator]


def points(value: float) -> str:
    """A difference in percentage points, always with its unit: "+3.7 pts"."""
    return f"{value:+.1f} pts"


def survey_sentence(result: SurveyResult, term: str = "BME") -> str:
    what = _SURVEY_WHAT[result.indicator]
    sentence = (
        f"{pct(result.bme_rate)} of {term} staff {what}, compared with {pct(result.white_rate)} "
        f"of White staff (a difference of {points(result.difference_pp)})"
    )
    if result.white is None or result.bme is None or result.p_value is None:
        return sentence + (
            "; not tested: without the number of staff who answered in each group, the "
            "difference cannot be tested for significance. Type the respondents on the Staff "
            "survey sheet to have it tested."
        )
    sentence += "; " + significance_clause(bool(result.significant), result.p_value) + "."
    return sentence + _caution((result.white.events, result.bme.events), term)


def _senior_clause(senior: SeniorResult, term: str) -> str:
    """ "9.8% of staff at Band 8a and above (25 of 255)"."""
    if senior.bme_share is None:
        return f"no staff at {senior.label}"
    where = "among" if senior.level == "consultants" else "of staff at"
    return (
        f"{pct(senior.bme_share)} {where} {senior.label} "
        f"({senior.counts.bme:,} of {senior.denominator:,})"
    )


def senior_test_clause(senior: SeniorResult) -> str:
    if senior.p_value is None or senior.difference_pp is None:
        return "not tested"
    p_text = "p < 0.001" if senior.p_value < 0.001 else f"p = {senior.p_value:.3f}"
    gap = points(senior.difference_pp)
    if senior.significant:
        return f"a gap of {gap}, statistically significant ({p_text})"
    return f"a gap of {gap}, not statistically significant ({p_text})"


def workforce_sentence(result: WorkforceResult, term: str = "BME") -> str:
    share = result.bme_share
    if share is None:
        return f"The workforce table for {result.year} has no staff."
    senior = {s.level: s for s in result.senior}
    first = senior.get("8a+")
    text = f"{term} staff are {pct(share)} of the workforce"
    if result.local_population_share is not None:
        text += f" (local population: {pct(result.local_population_share)})"
    if first is not None and first.bme_share is not None:
        joiner = "but" if first.bme_share < share else "and"
        text += f" {joiner} {_senior_clause(first, term)}: {senior_test_clause(first)}."
    else:
        text += "; there are no staff at Band 8a and above."
    others = [senior[k] for k in ("8c+", "consultants") if k in senior]
    parts = [
        f"{_senior_clause(s, term)} ({senior_test_clause(s)})"
        for s in others
        if s.bme_share is not None
    ]
    if parts:
        text += f" {term} staff are " + " and ".join(parts) + "."
    over_low = [
        b
        for b in result.clusters
        if b.rating.value.startswith("Over") and b.band.startswith(("Under", "Bands 5"))
    ]
    if over_low:
        names = ", ".join(f"{b.band} ({b.staff_group.value})" for b in over_low[:3])
        text += f" {term} staff are over-represented at {names}."
    return text


def board_sentence(result: BoardResult, term: str = "BME") -> str:
    gap = result.gap
    voting = result.voting.counts
    text = (
        f"{term} members are {pct(gap.board_share)} of the board's voting members "
        f"({voting.bme} of {result.voting.denominator}) and {pct(gap.workforce_share)} of the "
        f"workforce, a difference of {points(gap.difference_pp)}"
    )
    if gap.members_for_parity >= 1:
        more = gap.members_for_parity
        text += (
            f"; {more} more {term} voting member{'s' if more > 1 else ''} would be needed to "
            "match the workforce share."
        )
    else:
        text += "; the voting board matches or exceeds the workforce share."
    whole = result.board
    if whole.share is not None and whole.denominator != result.voting.denominator:
        text += (
            f" The whole board, including non-voting members, is {pct(whole.share)} {term} "
            f"({whole.counts.bme} of {whole.denominator})."
        )
    return text


def narrative(result: IndicatorResult, term: str = "BME") -> str:
    if isinstance(result, NotComputed):
        return (
            f"Indicator {result.indicator} ({title_in_sentence(result.indicator)}) was not "
            f"computed for {result.year} because {result.reason}. See the Checks sheet."
        )
    if isinstance(result, RatioResult):
        return ratio_sentence(result, term)
    if isinstance(result, SurveyResult):
        return survey_sentence(result, term)
    if isinstance(result, WorkforceResult):
        return workforce_sentence(result, term)
    return board_sentence(result, term)
