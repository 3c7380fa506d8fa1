"""The nine WRES indicators (SPEC §3) for a year and the year before.

Each result is a named, full-precision object. An indicator whose inputs are missing or
invalid comes back as ``NotComputed`` with the reason; the others are still computed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from wres_xl.core import schema
from wres_xl.core.bands import (
    STAFF_GROUPS,
    StaffGroup,
    band_order,
    clusters_for,
    in_senior_level,
)
from wres_xl.core.groups import Group, group_label
from wres_xl.core.model import (
    BoardRow,
    DisciplinaryPeriod,
    EventRow,
    GroupCounts,
    PercentBasis,
    Settings,
    WresData,
)

# The indicator numbers are the schema's (one source).
from wres_xl.core.schema import ALL_INDICATORS as ALL_INDICATORS
from wres_xl.core.schema import RL_INDICATORS as RL_INDICATORS
from wres_xl.core.schema import SURVEY_INDICATORS as SURVEY_INDICATORS
from wres_xl.core.stats import (
    BoardGap,
    FourFifths,
    Rating,
    board_gap,
    cohens_h,
    fisher_p_value,
    four_fifths,
    katz_interval,
    rate_by_effect,
    rate_representation,
    ratio_of_rates,
)

INDICATOR_TITLES: dict[int, str] = {
    1: "Representation by pay band",
    2: "Appointment from shortlisting",
    3: "Entering the formal disciplinary process",
    4: "Accessing non-mandatory training and CPD",
    5: "Harassment, bullying or abuse from patients, relatives or the public",
    6: "Harassment, bullying or abuse from staff",
    7: "Belief that the trust provides equal opportunities for career progression",
    8: "Discrimination from a manager, team leader or colleague",
    9: "Board representation compared with the workforce",
}

#: The same titles cut to fit a terminal table (what ``wres-xl refresh`` prints).
INDICATOR_SHORT_TITLES: dict[int, str] = {
    1: "Representation (Band 8a+ vs workforce)",
    2: "Appointment from shortlisting",
    3: "Entering formal disciplinary process",
    4: "Non-mandatory training and CPD",
    5: "Abuse from patients and the public",
    6: "Abuse from staff",
    7: "Equal opportunities for progression",
    8: "Discrimination from managers or colleagues",
    9: "Voting board compared with the workforce",
}

#: Shortest of the three: the headings of the trust comparison's narrow columns.
INDICATOR_COMPACT_TITLES: dict[int, str] = {
    1: "Representation",
    2: "Appointment from shortlisting",
    3: "Formal disciplinary",
    4: "Non-mandatory training",
    5: "Harassment from the public",
    6: "Harassment from staff",
    7: "Equal opportunities",
    8: "Discrimination at work",
    9: "Board representation",
}

#: What each indicator's result is, with {term} for the trust's word for BME staff: the
#: measure column of the Summary sheet and the result column of the report and the
#: published tables.
INDICATOR_MEASURES: dict[int, str] = {
    1: "{term} share at Band 8a and above (incl. VSM) minus the workforce's (points)",
    2: "Relative likelihood (White ÷ {term})",
    3: "Relative likelihood ({term} ÷ White)",
    4: "Relative likelihood (White ÷ {term})",
    5: "Difference ({term} minus White, points)",
    6: "Difference ({term} minus White, points)",
    7: "Difference ({term} minus White, points)",
    8: "Difference ({term} minus White, points)",
    9: "{term} share of voting board members minus the workforce share (points)",
}


def measure_name(indicator: int, term: str) -> str:
    """INDICATOR_MEASURES[indicator] in the trust's word for BME staff."""
    return INDICATOR_MEASURES[indicator].format(term=term)


#: Indicators where a higher BME rate is worse for BME staff (the rest: a lower rate is worse).
HIGHER_IS_WORSE = frozenset({3, 5, 6, 8})


@dataclass(frozen=True)
class NotComputed:
    indicator: int
    year: int
    reason: str
    rating: Rating = Rating.NOT_COMPUTED
    #: True when the figures contradict each other (an error to correct, not missing data),
    #: with the input row and column to look at.
    contradiction: bool = False
    row: int | None = None
    column: str | None = None


@dataclass(frozen=True)
class GroupRate:
    events: int
    total: int

    @property
    def rate(self) -> float | None:
        return self.events / self.total if self.total else None


@dataclass(frozen=True)
class Comparison:
    """Shared statistics of a White-versus-BME 2×2 comparison."""

    p_value: float
    significant: bool
    cohens_h: float | None
    rating: Rating


def title_in_sentence(indicator: int) -> str:
    """The indicator's title inside a sentence: first letter lowered, CPD left alone."""
    title = INDICATOR_TITLES[indicator]
    return title[:1].lower() + title[1:]


def compare(
    indicator: int, white: GroupRate, bme: GroupRate, significance_level: float
) -> Comparison:
    """Fisher's exact test and Cohen's h, oriented so positive h is worse for BME staff."""
    p = fisher_p_value(white.events, white.total, bme.events, bme.total)
    significant = p < significance_level
    if white.rate is None or bme.rate is None:
        return Comparison(p, False, None, Rating.EQUIVALENT)
    if indicator in HIGHER_IS_WORSE:
        h = cohens_h(bme.rate, white.rate)
    else:
        h = cohens_h(white.rate, bme.rate)
    return Comparison(p, significant, h, rate_by_effect(h, significant))


@dataclass(frozen=True)
class RatioResult:
    """Indicators 2–4: a relative likelihood, oriented so above 1 is worse for BME staff."""

    indicator: int
    year: int
    white: GroupRate
    bme: GroupRate
    unknown: GroupRate | None
    relative_likelihood: float | None
    ci_low: float | None
    ci_high: float | None
    p_value: float
    significant: bool
    cohens_h: float | None
    four_fifths: FourFifths | None
    rating: Rating
    not_computable_reason: str | None = None
    headcount_source: str = ""
    period_years: tuple[int, ...] = ()


@dataclass(frozen=True)
class SurveyResult:
    """Indicators 5–8. ``white``/``bme`` are None when the trust has the published
    percentages but not the respondent counts: then there is no test (``Not tested``)."""

    indicator: int
    year: int
    white: GroupRate | None
    bme: GroupRate | None
    white_rate: float
    bme_rate: float
    difference_pp: float
    p_value: float | None
    significant: bool | None
    cohens_h: float | None
    rating: Rating


@dataclass(frozen=True)
class BandResult:
    staff_group: StaffGroup
    band: str
    counts: GroupCounts
    bme_share: float | None
    p_value: float | None
    significant: bool
    cohens_h: float | None
    rating: Rating
    rows: tuple[int, ...] = ()


#: Indicator 1's senior levels (JSON ``level``) and how a sentence names them.
SENIOR_LEVELS: dict[str, str] = {
    "8a+": "Band 8a and above",
    "8c+": "Band 8c and above",
    "consultants": "consultants",
}


@dataclass(frozen=True)
class SeniorResult:
    """The BME share at a senior level against the whole workforce's share.

    Rated Better/Worse (SPEC §3: worse for BME staff when the senior share is below the
    overall share), tested against the rest of the workforce as bands are.
    """

    level: str
    counts: GroupCounts
    #: Staff the share is of (all, or those of known ethnicity, per the setting).
    denominator: int
    bme_share: float | None
    overall_share: float | None
    p_value: float | None
    significant: bool
    cohens_h: float | None
    rating: Rating

    @property
    def label(self) -> str:
        return SENIOR_LEVELS[self.level]

    @property
    def difference_pp(self) -> float | None:
        if self.bme_share is None or self.overall_share is None:
            return None
        return (self.bme_share - self.overall_share) * 100


@dataclass(frozen=True)
class WorkforceResult:
    indicator: int
    year: int
    overall: GroupCounts
    bme_share: float | None
    bands: tuple[BandResult, ...]
    staff_group_totals: dict[StaffGroup, GroupCounts]
    basis: PercentBasis
    #: The headline: the worst of the senior levels (Band 8a+, 8c+, consultants).
    rating: Rating = Rating.REFERENCE_GROUP
    senior: tuple[SeniorResult, ...] = ()
    #: NHS England's clusters, rated as representation like the bands.
    clusters: tuple[BandResult, ...] = ()
    #: Non-clinical and Clinical together (the overall excluding Medical & Dental).
    excluding_medical: GroupCounts = field(default_factory=GroupCounts)
    local_population_share: float | None = None

    def senior_level(self, level: str) -> SeniorResult | None:
        return next((s for s in self.senior if s.level == level), None)

    @property
    def excluding_medical_share(self) -> float | None:
        return self.excluding_medical.bme_share(self.basis)


@dataclass(frozen=True)
class BoardPart:
    counts: GroupCounts
    share: float | None
    difference_pp: float | None
    #: Members the share is of (all, or those of known ethnicity, per the setting).
    denominator: int = 0


@dataclass(frozen=True)
class BoardResult:
    """Indicator 9. ``gap`` (the headline, the rating and the members needed for parity) is
    the board's *voting* membership against the workforce, as NHS England defines it."""

    indicator: int
    year: int
    workforce: GroupCounts
    board: BoardPart
    voting: BoardPart
    executive: BoardPart
    non_executive: BoardPart
    workforce_share: float
    gap: BoardGap
    rating: Rating


IndicatorResult = WorkforceResult | RatioResult | SurveyResult | BoardResult | NotComputed


@dataclass
class WresReport:
    settings: Settings
    year: int
    previous_year: int
    #: results[indicator][year]
    results: dict[int, dict[int, IndicatorResult]] = field(default_factory=dict)
    years: tuple[int, ...] = ()

    def current(self, indicator: int) -> IndicatorResult:
        return self.results[indicator][self.year]

    def previous(self, indicator: int) -> IndicatorResult:
        return self.results[indicator][self.previous_year]


#: What "no White staff ..." did not do, when an RL divides by zero.
_NONE_VERB = {2: "appointed", 3: "entered the formal disciplinary process", 4: "accessed"}


def ratio_sides(indicator: int, white: GroupRate, bme: GroupRate) -> tuple[GroupRate, GroupRate]:
    """(top, bottom) of indicator 2, 3 or 4's relative likelihood: BME on top for
    indicator 3 (BME ÷ White), White on top for 2 and 4, so above 1 is always worse for BME
    staff. The one place the orientation is decided (worksheet functions, WDES included)."""
    return (bme, white) if indicator == 3 else (white, bme)


def ratio_result(
    indicator: int,
    year: int,
    white: GroupRate,
    bme: GroupRate,
    *,
    significance_level: float = 0.05,
    unknown: GroupRate | None = None,
    headcount_source: str = "",
    period_years: tuple[int, ...] = (),
    level: float = 0.95,
    term: str = "BME",
    reference: str = "White",
    none_verb: str = "",
) -> RatioResult:
    """RL for indicator 2, 3 or 4 with CI, Fisher p, four-fifths and rating.

    Indicator 3 puts BME on top (BME ÷ White); 2 and 4 put White on top, so in every case
    an RL above 1 is worse for BME staff. ``term`` and ``reference`` are the two groups'
    words in the reason an RL cannot be calculated (``Disabled`` and ``non-disabled`` for
    the WDES), ``none_verb`` what the bottom group's staff did not do.
    """
    if indicator not in RL_INDICATORS:
        raise ValueError(f"indicator {indicator} has no relative likelihood")
    top, bottom = ratio_sides(indicator, white, bme)
    rl = ratio_of_rates(top.events, top.total, bottom.events, bottom.total)
    reason = None
    if rl is None:
        who = term if bottom is bme else reference
        if bottom.total == 0 or top.total == 0:
            empty = term if bme.total == 0 else reference
            reason = f"there are no {empty} staff in the denominator"
        else:
            verb = none_verb or _NONE_VERB[indicator]
            reason = f"no {who} staff {verb}, so the ratio divides by zero"
    ci = (
        katz_interval(top.events, top.total, bottom.events, bottom.total, level)
        if rl is not None
        else None
    )
    stats = compare(indicator, white, bme, significance_level)
    return RatioResult(
        indicator=indicator,
        year=year,
        white=white,
        bme=bme,
        unknown=unknown,
        relative_likelihood=rl,
        ci_low=ci[0] if ci else None,
        ci_high=ci[1] if ci else None,
        p_value=stats.p_value,
        significant=stats.significant,
        cohens_h=stats.cohens_h,
        four_fifths=four_fifths(rl) if rl is not None else None,
        rating=stats.rating,
        not_computable_reason=reason,
        headcount_source=headcount_source,
        period_years=period_years,
    )


def survey_result(
    indicator: int,
    year: int,
    white: GroupRate | None,
    bme: GroupRate | None,
    *,
    white_rate: float | None = None,
    bme_rate: float | None = None,
    significance_level: float = 0.05,
) -> SurveyResult:
    w = white_rate if white_rate is not None else ((white.rate if white else None) or 0.0)
    b = bme_rate if bme_rate is not None else ((bme.rate if bme else None) or 0.0)
    if white is None or bme is None:
        # Percentages without respondent counts: the difference is real, a test is not
        # possible (SPEC §4 "Not tested").
        return SurveyResult(
            indicator=indicator,
            year=year,
            white=white,
            bme=bme,
            white_rate=w,
            bme_rate=b,
            difference_pp=(b - w) * 100,
            p_value=None,
            significant=None,
            cohens_h=None,
            rating=Rating.NOT_TESTED,
        )
    stats = compare(indicator, white, bme, significance_level)
    return SurveyResult(
        indicator=indicator,
        year=year,
        white=white,
        bme=bme,
        white_rate=w,
        bme_rate=b,
        difference_pp=(b - w) * 100,
        p_value=stats.p_value,
        significant=stats.significant,
        cohens_h=stats.cohens_h,
        rating=stats.rating,
    )


def workforce_totals(data: WresData, year: int) -> GroupCounts | None:
    rows = [r for r in data.workforce if r.year == year]
    if not rows:
        return None
    total = GroupCounts()
    for r in rows:
        total = total + r.counts
    return total


def band_comparison(
    counts: GroupCounts, overall: GroupCounts, basis: PercentBasis, significance_level: float
) -> tuple[float | None, float | None, bool, float | None, Rating]:
    """A band's BME share against the rest of the workforce (Fisher) and the overall share (h).

    The test compares the band with everyone outside it, because testing a band against a
    total that contains it understates the difference.
    """
    band_n = counts.denominator(basis)
    overall_n = overall.denominator(basis)
    share = counts.bme_share(basis)
    overall_share = overall.bme_share(basis)
    if band_n == 0 or share is None or overall_share is None:
        # Nobody in the band: there is nothing to compare, which is not "in line".
        return share, None, False, None, Rating.NO_STAFF
    rest_n = overall_n - band_n
    # Published counts are rounded each on its own (SPEC §5), so the rest of the workforce
    # can seem to hold more BME staff than staff; it is then all BME.
    rest_bme = min(overall.bme - counts.bme, max(rest_n, 0))
    if rest_n <= 0:
        return share, None, False, None, Rating.IN_LINE
    p = fisher_p_value(rest_bme, rest_n, counts.bme, band_n)
    significant = p < significance_level
    # Positive h: fewer BME staff in the band than in the workforce (under-represented).
    h = cohens_h(overall_share, share)
    return share, p, significant, h, rate_representation(h, significant)


def senior_comparison(
    level: str,
    counts: GroupCounts,
    overall: GroupCounts,
    basis: PercentBasis,
    significance_level: float,
) -> SeniorResult:
    """A senior level's BME share against the rest of the workforce, rated Better/Worse:
    a senior share below the overall share is worse for BME staff."""
    share, p, significant, h, representation = band_comparison(
        counts, overall, basis, significance_level
    )
    if representation is Rating.NO_STAFF:
        rating = Rating.NOT_COMPUTED
    elif h is None:
        rating = Rating.EQUIVALENT
    else:
        rating = rate_by_effect(h, significant)
    return SeniorResult(
        level,
        counts,
        counts.denominator(basis),
        share,
        overall.bme_share(basis),
        p,
        significant,
        h,
        rating,
    )


def _sum_counts(rows: Iterable[GroupCounts]) -> GroupCounts:
    total = GroupCounts()
    for counts in rows:
        total = total + counts
    return total


#: Severity of a senior rating for BME staff, worst first (the headline is the worst level).
_HEADLINE_ORDER: tuple[Rating, ...] = (
    Rating.WORSE_LARGE,
    Rating.WORSE_MEDIUM,
    Rating.WORSE_SMALL,
    Rating.EQUIVALENT,
    Rating.BETTER_SMALL,
    Rating.BETTER_MEDIUM,
    Rating.BETTER_LARGE,
)


def senior_headline(senior: Iterable[SeniorResult]) -> Rating:
    ratings = {s.rating for s in senior}
    return next((r for r in _HEADLINE_ORDER if r in ratings), Rating.NOT_COMPUTED)


def workforce_result(data: WresData, year: int) -> IndicatorResult:
    settings = data.settings
    rows = [r for r in data.workforce if r.year == year]
    if not rows:
        return NotComputed(1, year, f"the Workforce table has no figures for {year}")
    basis = settings.percent_basis
    level = settings.significance_level
    overall = workforce_totals(data, year) or GroupCounts()
    by_group: dict[StaffGroup, GroupCounts] = defaultdict(GroupCounts)
    bands = []
    for r in sorted(
        rows, key=lambda r: (STAFF_GROUPS.index(r.staff_group), band_order(r.staff_group, r.band))
    ):
        by_group[r.staff_group] = by_group[r.staff_group] + r.counts
        share, p, sig, h, rating = band_comparison(r.counts, overall, basis, level)
        bands.append(
            BandResult(r.staff_group, r.band, r.counts, share, p, sig, h, rating, (r.row,))
        )
    clusters = []
    for group in STAFF_GROUPS:
        group_rows = [r for r in rows if r.staff_group is group]
        if not group_rows:
            continue
        for name, members in clusters_for(group):
            chosen = [r for r in group_rows if r.band in members]
            if not chosen:
                continue
            counts = _sum_counts(r.counts for r in chosen)
            share, p, sig, h, rating = band_comparison(counts, overall, basis, level)
            clusters.append(
                BandResult(
                    group, name, counts, share, p, sig, h, rating, tuple(r.row for r in chosen)
                )
            )
    afc = [r for r in rows if r.staff_group is not StaffGroup.MEDICAL]
    senior_counts = {
        level: _sum_counts(r.counts for r in rows if in_senior_level(level, r.staff_group, r.band))
        for level in SENIOR_LEVELS
    }
    senior = tuple(
        senior_comparison(name, counts, overall, basis, level)
        for name, counts in senior_counts.items()
    )
    return WorkforceResult(
        indicator=1,
        year=year,
        overall=overall,
        bme_share=overall.bme_share(basis),
        bands=tuple(bands),
        staff_group_totals=dict(by_group),
        basis=basis,
        rating=senior_headline(senior),
        senior=senior,
        clusters=tuple(clusters),
        excluding_medical=_sum_counts(r.counts for r in afc),
        local_population_share=settings.local_population_bme,
    )


def _event_totals(
    rows: Iterable[EventRow], years: tuple[int, ...]
) -> dict[Group, tuple[int, int | None]]:
    """Events and typed headcount per group that has rows (a group with no row is absent)."""
    out: dict[Group, tuple[int, int | None]] = {}
    for group in Group:
        chosen = [r for r in rows if r.group is group and r.year in years]
        if not chosen:
            continue
        events = sum(r.events for r in chosen)
        totals = [r.total for r in chosen]
        total = None if any(t is None for t in totals) else sum(t or 0 for t in totals)
        out[group] = (events, total)
    return out


@dataclass(frozen=True)
class EventSource:
    """Where a relative likelihood's counts come from, in the words of its standard (WRES
    indicators 2 to 4, WDES metrics 2 and 3): the one place they are assembled."""

    #: The engine's orientation (2 and 4: reference group on top; 3: focus group on top).
    indicator: int
    #: What a NotComputed result carries (the WRES indicator; 0 for a WDES metric, whose
    #: key its WdesMetric keeps).
    number: int
    #: The input sheet (``Recruitment``) and its events column, for reasons and locations.
    sheet: str
    column: str
    rows: Sequence[EventRow]
    #: Reference, focus and Unknown in reasons (``White``, the trust's BME term, ``Unknown``).
    words: Mapping[Group, str]
    #: Reasons the rows of a year cannot be used, by year.
    invalid: Mapping[int, str]
    #: A blank headcount is the workforce's (the table's Headcount column is optional).
    headcount_from_workforce: bool
    #: The setting's two-year rolling period applies (WRES 3, WDES 3).
    rolling: bool = False
    #: The reference group's word in running text, and what the bottom group's staff did
    #: not do when the RL divides by zero (see ``ratio_result``).
    reference: str = "White"
    none_verb: str = ""


def _workforce_headcount(
    data: WresData, source: EventSource, group: Group, years: tuple[int, ...]
) -> int | str:
    """The group's headcount from the Workforce table over ``years``, or why not."""
    word = source.words[group]
    total = 0
    for y in years:
        if (1, y) in data.invalid:
            return (
                f"the {word} headcount is blank and comes from the Workforce table, "
                f"which has errors for {y}"
            )
        counts = workforce_totals(data, y)
        if counts is None:
            return (
                f"the {word} headcount is blank in the {source.sheet} table and the "
                f"Workforce table has no rows for {y}"
            )
        total += counts.get(group)
    return total


# Complexity above 15 (C901): one early return per reason a relative likelihood cannot be
# computed, each with its message.
def event_result(data: WresData, source: EventSource, year: int) -> IndicatorResult:
    """A relative likelihood from its event rows (headcounts from the Workforce table where
    they are blank), or NotComputed with the reason, in the standard's words."""
    number, sheet = source.number, source.sheet
    years: tuple[int, ...] = (year,)
    if source.rolling and data.settings.disciplinary_period is DisciplinaryPeriod.TWO_YEAR:
        years = (year - 1, year)
    for y in years:
        if y in source.invalid:
            return NotComputed(number, year, f"{source.invalid[y]} for {y}")
    present = {r.year for r in source.rows}
    missing_years = [y for y in years if y not in present]
    if missing_years:
        listed = ", ".join(map(str, missing_years))
        return NotComputed(number, year, f"the {sheet} table has no figures for {listed}")
    totals = _event_totals(source.rows, years)
    headcount_source = ""
    resolved: dict[Group, GroupRate] = {}
    for group in (Group.WHITE, Group.BME, Group.UNKNOWN):
        word = source.words[group]
        if group not in totals:
            # Unknown is optional everywhere: with no Unknown row nothing is assumed about it
            # (and nothing is published for it).
            if group is Group.UNKNOWN:
                continue
            return NotComputed(number, year, f"the {sheet} table has no {word} row for {year}")
        events, total = totals[group]
        if total is None:
            if not source.headcount_from_workforce:  # pragma: no cover - the parser requires it
                continue
            found = _workforce_headcount(data, source, group, years)
            if isinstance(found, str):
                if group is Group.UNKNOWN:
                    continue  # the RL does not need the Unknown group
                return NotComputed(number, year, found)
            total = found
            headcount_source = headcount_source or "Workforce table"
        else:
            headcount_source = headcount_source or f"{sheet} table"
        if events > total:
            if group is Group.UNKNOWN:
                continue
            rows = [
                row for r in source.rows if r.group is group and r.year in years for row in r.rows
            ]
            from_workforce = headcount_source == "Workforce table"
            return NotComputed(
                number,
                year,
                f"{events:,} {word} staff are recorded in the {sheet} table but the "
                f"headcount{' from the Workforce table' if from_workforce else ''} "
                f"is only {total:,}",
                contradiction=True,
                row=min(rows) if rows else None,
                column=source.column,
            )
        resolved[group] = GroupRate(events, total)
    return ratio_result(
        source.indicator,
        year,
        resolved[Group.WHITE],
        resolved[Group.BME],
        significance_level=data.settings.significance_level,
        unknown=resolved.get(Group.UNKNOWN),
        headcount_source=headcount_source if source.headcount_from_workforce else "",
        period_years=years,
        term=source.words[Group.BME],
        reference=source.reference,
        none_verb=source.none_verb,
    )


_EVENTS_COLUMN = {
    2: "Appointed",
    3: "Entered formal disciplinary",
    4: "Accessed non-mandatory training",
}


def event_indicator(data: WresData, indicator: int, year: int) -> IndicatorResult:
    """WRES indicator 2, 3 or 4."""
    term = data.settings.bme_term
    source = EventSource(
        indicator=indicator,
        number=indicator,
        sheet={2: "Recruitment", 3: "Disciplinary", 4: "Training"}[indicator],
        column=_EVENTS_COLUMN[indicator],
        rows={2: data.recruitment, 3: data.disciplinary, 4: data.training}[indicator],
        words={g: group_label(g, term) for g in Group},
        invalid={y: reason for (i, y), reason in data.invalid.items() if i == indicator},
        headcount_from_workforce=indicator != 2,
        rolling=indicator == 3,
    )
    return event_result(data, source, year)


class SurveyAnswers(Protocol):
    """One group's answers to a survey question (a WRES or a WDES survey row)."""

    @property
    def rate(self) -> float | None: ...
    @property
    def respondents(self) -> int | None: ...
    @property
    def events(self) -> int | None: ...


def survey_comparison(
    indicator: int,
    year: int,
    reference: SurveyAnswers,
    focus: SurveyAnswers,
    significance_level: float,
) -> SurveyResult:
    """Two groups' survey answers compared (tested only when both give respondents)."""

    def counts(row: SurveyAnswers) -> GroupRate | None:
        if row.respondents is None or row.events is None:
            return None
        return GroupRate(row.events, row.respondents)

    ref_counts, focus_counts = counts(reference), counts(focus)
    both = ref_counts is not None and focus_counts is not None
    return survey_result(
        indicator,
        year,
        ref_counts if both else None,
        focus_counts if both else None,
        white_rate=reference.rate,
        bme_rate=focus.rate,
        significance_level=significance_level,
    )


def survey_indicator(data: WresData, indicator: int, year: int) -> IndicatorResult:
    if (indicator, year) in data.invalid:
        return NotComputed(indicator, year, f"{data.invalid[(indicator, year)]} for {year}")
    rows = {r.group: r for r in data.survey if r.year == year and r.indicator == indicator}
    term = data.settings.bme_term
    missing = [group_label(g, term) for g in (Group.WHITE, Group.BME) if g not in rows]
    if missing:
        return NotComputed(
            indicator,
            year,
            f"the Staff survey table has no {' or '.join(missing)} row for indicator "
            f"{indicator} in {year}",
        )
    return survey_comparison(
        indicator, year, rows[Group.WHITE], rows[Group.BME], data.settings.significance_level
    )


def _board_part(counts: GroupCounts, basis: PercentBasis, workforce_share: float) -> BoardPart:
    share = counts.bme_share(basis)
    diff = (share - workforce_share) * 100 if share is not None else None
    return BoardPart(counts, share, diff, counts.denominator(basis))


def board_indicator(data: WresData, year: int) -> IndicatorResult:
    if (9, year) in data.invalid:
        return NotComputed(9, year, f"{data.invalid[(9, year)]} for {year}")
    rows = [r for r in data.board if r.year == year]
    if not rows:
        return NotComputed(9, year, f"the Board table has no figures for {year}")
    workforce = workforce_totals(data, year)
    if workforce is None:
        return NotComputed(9, year, f"the Workforce table has no figures for {year}")
    basis = data.settings.percent_basis

    def total(selected: Iterable[BoardRow]) -> GroupCounts:
        out = GroupCounts()
        for r in selected:
            out = out + GroupCounts(**{r.group.value: r.headcount})
        return out

    board = total(rows)
    voting = total(r for r in rows if r.voting)
    if board.denominator(basis) == 0:
        return NotComputed(9, year, "the Board table has no members of known ethnicity")
    if voting.denominator(basis) == 0:
        return NotComputed(
            9,
            year,
            "the Board table has no voting members of known ethnicity (NHS England's "
            "indicator 9 compares the voting board with the workforce); mark voting members "
            "Yes in the Voting column",
        )
    wf_share = workforce.bme_share(basis)
    if wf_share is None:
        return NotComputed(9, year, f"the Workforce table has no staff for {year}")
    # NHS England's indicator 9 is the voting membership against the workforce: the
    # headline gap, the members needed for parity and the rating all use voting members.
    gap = board_gap(
        voting.bme, voting.denominator(basis), workforce.bme, workforce.denominator(basis)
    )
    # Boards are too small for a significance test or a degree: SPEC §4 rates them plain
    # "Worse" when at least one BME voting member short of the workforce share.
    rating = Rating.WORSE if gap.members_for_parity >= 1 else Rating.EQUIVALENT
    return BoardResult(
        indicator=9,
        year=year,
        workforce=workforce,
        board=_board_part(board, basis, wf_share),
        voting=_board_part(voting, basis, wf_share),
        executive=_board_part(total(r for r in rows if r.executive), basis, wf_share),
        non_executive=_board_part(total(r for r in rows if not r.executive), basis, wf_share),
        workforce_share=wf_share,
        gap=gap,
        rating=rating,
    )


def missing_table_result(data: WresData, indicator: int, year: int) -> NotComputed | None:
    needs = [spec.name for spec in schema.INDICATOR_TABLES[indicator]]
    for name in needs:
        if name in data.missing_tables:
            return NotComputed(indicator, year, data.missing_tables[name])
    return None


def compute_indicator(data: WresData, indicator: int, year: int) -> IndicatorResult:
    missing = missing_table_result(data, indicator, year)
    if missing is not None:
        return missing
    if indicator == 1:
        if (1, year) in data.invalid:
            return NotComputed(1, year, f"{data.invalid[(1, year)]} for {year}")
        return workforce_result(data, year)
    if indicator in RL_INDICATORS:
        return event_indicator(data, indicator, year)
    if indicator in SURVEY_INDICATORS:
        return survey_indicator(data, indicator, year)
    return board_indicator(data, year)


class _Inputs(Protocol):
    """A standard's validated inputs (WresData, WdesData)."""

    @property
    def settings(self) -> Settings: ...
    def years(self) -> list[int]: ...


def report_year(data: _Inputs) -> int | None:
    """The year a report is for: the year setting, else the latest year with data."""
    if data.settings.year is not None:
        return data.settings.year
    years = data.years()
    return years[-1] if years else None


def report_years(data: _Inputs, chosen: int) -> list[int]:
    """Every year a report computes: those in the data up to ``chosen``, and the year
    before it (for the comparison with last year), oldest first."""
    return sorted(y for y in set(data.years()) | {chosen, chosen - 1} if y <= chosen)


def compute_report(
    data: WresData, year: int | None = None, *, all_years: bool = True
) -> WresReport:
    """Every indicator for the WRES year and the year before (and, for trends, every year)."""
    chosen = year if year is not None else report_year(data)
    if chosen is None:
        raise ValueError("no WRES year: the workbook has no data and no 'WRES year' setting")
    years = report_years(data, chosen) if all_years else [chosen - 1, chosen]
    report = WresReport(
        settings=data.settings, year=chosen, previous_year=chosen - 1, years=tuple(years)
    )
    for indicator in ALL_INDICATORS:
        report.results[indicator] = {y: compute_indicator(data, indicator, y) for y in years}
    return report
