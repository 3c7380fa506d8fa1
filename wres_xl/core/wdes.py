"""The WDES metrics (SPEC §10) on the WRES engine.

The groups fill the engine's comparison slots (Non-disabled where White is, Disabled
where BME is, see ``DisabilityGroup.engine_slot``), so metric 1 is indicator 1's band and
cluster representation, metrics 2 and 3 are the relative likelihoods of indicators 2 and 3
(Katz CI, Fisher, four-fifths, Cohen's h), metrics 4a–7 are survey comparisons with the
direction the standard gives, and metric 10 is indicator 9. Only what the WRES has no
counterpart for is computed here: metric 8 (Disabled staff only), 9a (engagement score)
and 9b (yes/no with a narrative).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from wres_xl.core.disability import DisabilityGroup
from wres_xl.core.indicators import (
    BoardResult,
    EventSource,
    GroupRate,
    IndicatorResult,
    NotComputed,
    RatioResult,
    SurveyResult,
    WorkforceResult,
    board_indicator,
    event_result,
    ratio_result,
    report_year,
    report_years,
    survey_comparison,
    survey_result,
    workforce_result,
)
from wres_xl.core.model import (
    BoardRow,
    Check,
    DisciplinaryPeriod,
    EventRow,
    Settings,
    WorkforceRow,
    WresData,
)
from wres_xl.core.narrative import pct, points, significance_clause
from wres_xl.core.report_json import result_json
from wres_xl.core.standard import Computation, Direction, MetricSpec
from wres_xl.core.stats import Rating, events_from_percent
from wres_xl.core.wdes_standard import WDES

DISABLED = DisabilityGroup.DISABLED.label
NON_DISABLED = DisabilityGroup.NON_DISABLED.label
#: The engine indicator whose statistics a metric runs: RL orientation (2: reference on
#: top, 3: focus on top) and survey direction (5: higher is worse, 7: lower is worse).
_ENGINE_RL = {"2": 2, "3": 3}


def engine_indicator(metric: MetricSpec) -> int:
    """The engine indicator whose orientation a comparable metric takes."""
    if metric.computation is Computation.RELATIVE_LIKELIHOOD:
        return _ENGINE_RL[metric.key]
    return engine_survey_indicator(metric)


def engine_survey_indicator(metric: MetricSpec) -> int:
    return 5 if metric.direction is Direction.HIGHER_IS_WORSE else 7


@dataclass(frozen=True)
class WdesSurveyRow:
    """One group's row of tblSurvey for one metric. ``events`` is round(percent ×
    respondents) when both are given; ``score`` is metric 9a's 0–10 engagement score."""

    year: int
    metric: str
    group: DisabilityGroup
    respondents: int | None
    rate: float | None
    score: float | None = None
    row: int | None = None

    @property
    def events(self) -> int | None:
        if self.respondents is None or self.rate is None:
            return None
        return events_from_percent(self.rate, self.respondents)


@dataclass(frozen=True)
class VoicesRow:
    year: int
    facilitates: bool
    narrative: str
    row: int | None = None


@dataclass
class WdesData:
    """Everything the WDES metrics need, validated. Workforce and board counts are held
    in the engine's slots (``GroupCounts.white`` = Non-disabled, ``.bme`` = Disabled);
    event and board rows carry ``DisabilityGroup.engine_slot`` groups."""

    settings: Settings
    workforce: list[WorkforceRow] = field(default_factory=list)
    recruitment: list[EventRow] = field(default_factory=list)
    capability: list[EventRow] = field(default_factory=list)
    survey: list[WdesSurveyRow] = field(default_factory=list)
    voices: list[VoicesRow] = field(default_factory=list)
    board: list[BoardRow] = field(default_factory=list)
    #: (metric key, year) → why its inputs cannot be used.
    invalid: dict[tuple[str, int], str] = field(default_factory=dict)
    #: metric key → why its table cannot be read (missing, or a column missing).
    missing: dict[str, str] = field(default_factory=dict)
    checks: list[Check] = field(default_factory=list)

    def engine(self) -> WresData:
        """The same figures as the engine's data (metric 1 → 1, 3 → 3, 10 → 9)."""
        invalid = {
            (int(key), year): reason
            for (key, year), reason in self.invalid.items()
            if key in ("1", "2", "3")
        }
        invalid.update({(9, y): r for (k, y), r in self.invalid.items() if k == "10"})
        return WresData(
            settings=self.settings,
            workforce=self.workforce,
            recruitment=self.recruitment,
            disciplinary=self.capability,
            board=self.board,
            invalid=invalid,
        )

    def years(self) -> list[int]:
        found: set[int] = set()
        for rows in (
            self.workforce,
            self.recruitment,
            self.capability,
            self.survey,
            self.voices,
            self.board,
        ):
            found.update(r.year for r in rows)
        found.update(year for (_, year) in self.invalid)
        return sorted(found)


def wdes_settings(**values: Any) -> Settings:
    """Engine settings for a WDES workbook: the focus group's word is Disabled and the
    metric-3 period is ``capability_period``."""
    period = values.pop("capability_period", DisciplinaryPeriod.SINGLE)
    return Settings(bme_term=DISABLED, disciplinary_period=DisciplinaryPeriod(period), **values)


# --- results the WRES has no counterpart for -----------------------------------------


@dataclass(frozen=True)
class SingleGroupResult:
    """Metric 8: the Disabled percentage alone (no comparison group)."""

    year: int
    respondents: int | None
    rate: float
    events: int | None
    #: No comparison group, so no test: the value, its trend and the national figure.
    rating: Rating = Rating.NOT_TESTED


@dataclass(frozen=True)
class ScoreResult:
    """Metric 9a: engagement scores 0–10; ``difference`` = Disabled − Non-disabled points."""

    year: int
    non_disabled: float
    disabled: float
    difference: float
    #: Published scores are means without the spread, so no test is possible.
    rating: Rating = Rating.NOT_TESTED


@dataclass(frozen=True)
class VoicesResult:
    """Metric 9b: does the trust facilitate the voices of Disabled staff, and how."""

    year: int
    facilitates: bool
    narrative: str
    rating: Rating


MetricResult = IndicatorResult | SingleGroupResult | ScoreResult | VoicesResult


@dataclass(frozen=True)
class WdesMetric:
    """One metric's result for one year; ``result`` is the engine's (or a WDES-only) one."""

    metric: str
    year: int
    result: MetricResult

    @property
    def rating(self) -> Rating:
        return self.result.rating


@dataclass
class WdesReport:
    settings: Settings
    year: int
    previous_year: int
    #: results[metric key][year]
    results: dict[str, dict[int, WdesMetric]] = field(default_factory=dict)

    def current(self, metric: str) -> WdesMetric:
        return self.results[metric][self.year]

    def previous(self, metric: str) -> WdesMetric:
        return self.results[metric][self.previous_year]


# --- the metrics -------------------------------------------------------------------


def _not_computed(metric: str, year: int, reason: str) -> NotComputed:
    # NotComputed carries an int indicator; the WDES key is kept on the WdesMetric.
    return NotComputed(0, year, reason)


def event_metric(data: WdesData, metric: str, year: int) -> IndicatorResult:
    """Metric 2 (appointment from shortlisting) or 3 (formal capability): the engine's
    relative likelihood from the WDES rows, in WDES words."""
    spec = WDES.metric(metric)
    table = WDES.table(spec.table)
    words = spec.events
    if words is None:
        raise AssertionError(f"metric {metric} is not a relative likelihood")
    source = EventSource(
        indicator=_ENGINE_RL[metric],
        number=0,
        sheet=table.sheet,
        column=spec.wording,
        rows=data.recruitment if metric == "2" else data.capability,
        words={g.engine_slot: g.label for g in DisabilityGroup},
        invalid={y: reason for (key, y), reason in data.invalid.items() if key == metric},
        headcount_from_workforce=words.total in table.optional_columns,
        rolling=metric == "3",
        reference=WDES.reference.word,
        none_verb=words.verbs[0],
    )
    return event_result(data.engine(), source, year)


def rl_result(
    metric: str,
    year: int,
    non_disabled: GroupRate,
    disabled: GroupRate,
    significance_level: float = 0.05,
) -> RatioResult:
    """Metric 2 (non-disabled rate ÷ Disabled rate) or 3 (Disabled ÷ non-disabled) of two
    groups' counts (the worksheet functions): the engine's RL with CI, Fisher p, four-fifths
    and rating, reasons in WDES words."""
    words = WDES.metric(metric).events
    return ratio_result(
        _ENGINE_RL[metric],
        year,
        non_disabled,
        disabled,
        significance_level=significance_level,
        term=DISABLED,
        reference=WDES.reference.word,
        none_verb=words.verbs[0] if words else "",
    )


def survey_metric_result(
    metric: str,
    year: int,
    non_disabled: GroupRate,
    disabled: GroupRate,
    significance_level: float = 0.05,
) -> SurveyResult:
    """Metrics 4a-i to 7 of two groups' counts (the worksheet functions), with the direction
    the standard gives them."""
    return survey_result(
        engine_survey_indicator(WDES.metric(metric)),
        year,
        non_disabled,
        disabled,
        significance_level=significance_level,
    )


def _survey_rows(data: WdesData, metric: str, year: int) -> dict[DisabilityGroup, WdesSurveyRow]:
    return {r.group: r for r in data.survey if r.year == year and r.metric == metric}


def survey_metric(data: WdesData, metric: str, year: int) -> IndicatorResult:
    """Metrics 4a-i to 7: Disabled vs non-disabled percentages (SPEC §4 tests)."""
    spec = WDES.metric(metric)
    if (metric, year) in data.invalid:
        return _not_computed(metric, year, f"{data.invalid[(metric, year)]} for {year}")
    rows = _survey_rows(data, metric, year)
    wanted = (DisabilityGroup.NON_DISABLED, DisabilityGroup.DISABLED)
    missing = [g.label for g in wanted if g not in rows or rows[g].rate is None]
    if missing:
        return _not_computed(
            metric,
            year,
            f"the Staff survey table has no {' or '.join(missing)} percentage for metric "
            f"{metric} in {year}",
        )
    return survey_comparison(
        engine_survey_indicator(spec),
        year,
        rows[DisabilityGroup.NON_DISABLED],
        rows[DisabilityGroup.DISABLED],
        data.settings.significance_level,
    )


def adjustments_metric(data: WdesData, year: int) -> MetricResult:
    """Metric 8: the Disabled percentage only."""
    if ("8", year) in data.invalid:
        return _not_computed("8", year, f"{data.invalid[('8', year)]} for {year}")
    row = _survey_rows(data, "8", year).get(DisabilityGroup.DISABLED)
    if row is None or row.rate is None:
        return _not_computed(
            "8", year, f"the Staff survey table has no Disabled percentage for metric 8 in {year}"
        )
    return SingleGroupResult(year, row.respondents, row.rate, row.events)


def engagement_metric(data: WdesData, year: int) -> MetricResult:
    """Metric 9a: engagement score (0–10), Disabled minus non-disabled, in points."""
    if ("9a", year) in data.invalid:
        return _not_computed("9a", year, f"{data.invalid[('9a', year)]} for {year}")
    rows = _survey_rows(data, "9a", year)
    wanted = (DisabilityGroup.NON_DISABLED, DisabilityGroup.DISABLED)
    missing = [g.label for g in wanted if g not in rows or rows[g].score is None]
    if missing:
        return _not_computed(
            "9a",
            year,
            f"the Staff survey table has no {' or '.join(missing)} engagement score (Score "
            f"column, metric 9a) for {year}",
        )
    reference = rows[DisabilityGroup.NON_DISABLED].score or 0.0
    focus = rows[DisabilityGroup.DISABLED].score or 0.0
    return ScoreResult(year, reference, focus, focus - reference)


def voices_metric(data: WdesData, year: int) -> MetricResult:
    """Metric 9b: Yes (rated Equivalent) or No (rated Worse), with the trust's narrative."""
    rows = [r for r in data.voices if r.year == year]
    if not rows:
        return _not_computed("9b", year, f"the Voices table has no row for {year}")
    row = rows[-1]
    rating = Rating.EQUIVALENT if row.facilitates else Rating.WORSE
    return VoicesResult(year, row.facilitates, row.narrative, rating)


def _board_reason(reason: str) -> str:
    return (
        reason.replace("known ethnicity", "known disability status")
        .replace("NHS England's indicator 9", "NHS England's metric 10")
        .replace("indicator 9", "metric 10")
    )


def compute_metric(data: WdesData, metric: str, year: int) -> WdesMetric:
    spec = WDES.metric(metric)
    result: MetricResult
    if spec.key in data.missing:
        result = _not_computed(spec.key, year, data.missing[spec.key])
    elif spec.computation is Computation.REPRESENTATION:
        if ("1", year) in data.invalid:
            result = _not_computed("1", year, f"{data.invalid[('1', year)]} for {year}")
        else:
            result = workforce_result(data.engine(), year)
    elif spec.computation is Computation.RELATIVE_LIKELIHOOD:
        result = event_metric(data, spec.key, year)
    elif spec.computation is Computation.SURVEY:
        result = survey_metric(data, spec.key, year)
    elif spec.computation is Computation.SINGLE_GROUP:
        result = adjustments_metric(data, year)
    elif spec.computation is Computation.SCORE:
        result = engagement_metric(data, year)
    elif spec.computation is Computation.YES_NO:
        result = voices_metric(data, year)
    else:
        result = board_indicator(data.engine(), year)
        if isinstance(result, NotComputed):
            result = replace(result, reason=_board_reason(result.reason))
    return WdesMetric(spec.key, year, result)


def compute_wdes_report(data: WdesData, year: int | None = None) -> WdesReport:
    """Every WDES metric for the WDES year and every year before it in the data."""
    chosen = year if year is not None else report_year(data)
    if chosen is None:
        raise ValueError("no WDES year: the workbook has no data and no 'WDES year' setting")
    years = report_years(data, chosen)
    report = WdesReport(settings=data.settings, year=chosen, previous_year=chosen - 1)
    for key in WDES.metric_keys:
        report.results[key] = {y: compute_metric(data, key, y) for y in years}
    return report


# --- wording -------------------------------------------------------------------------


def metric_narrative(item: WdesMetric) -> str:
    """One plain-English sentence for a metric's result."""
    spec = WDES.metric(item.metric)
    result = item.result
    year = item.year
    if isinstance(result, NotComputed):
        return f"Metric {spec.key} could not be computed for {year}: {result.reason}."
    if isinstance(result, RatioResult):
        return _rl_sentence(spec, result)
    if isinstance(result, SurveyResult):
        return _survey_sentence(spec, result)
    if isinstance(result, SingleGroupResult):
        return f"{pct(result.rate)} of Disabled staff {spec.wording} in {year}."
    if isinstance(result, ScoreResult):
        gap = result.difference
        side = "lower" if gap < 0 else "higher"
        tail = "the same as" if round(gap, 1) == 0 else f"{abs(gap):.1f} points {side} than"
        return (
            f"The staff engagement score of Disabled staff was {result.disabled:.1f} out of 10 "
            f"in {year}, {tail} non-disabled staff ({result.non_disabled:.1f})."
        )
    if isinstance(result, VoicesResult):
        if result.facilitates:
            return (
                f"The trust has taken action to facilitate the voices of Disabled staff in "
                f"{year}." + (f" {result.narrative}" if result.narrative else "")
            )
        return f"The trust reported no action to facilitate the voices of Disabled staff in {year}."
    if isinstance(result, WorkforceResult):
        share = result.bme_share
        if share is None:
            return f"The Workforce table has no staff for {year}."
        return (
            f"{pct(share)} of the workforce were Disabled in {year} "
            f"({result.overall.bme:,} of {result.overall.total:,} staff)."
        )
    if not isinstance(result, BoardResult):
        raise AssertionError("isinstance(result, BoardResult)")
    voting = result.voting
    return (
        f"Disabled members made up {pct(voting.share or 0.0)} of the voting board against "
        f"{pct(result.workforce_share)} of the workforce in {year} (a difference of "
        f"{points(voting.difference_pp or 0.0)})."
    )


def _rl_sentence(spec: MetricSpec, result: RatioResult) -> str:
    what = (
        "to be appointed from shortlisting"
        if spec.key == "2"
        else "to enter the formal capability process"
    )
    who = "applicants" if spec.key == "2" else "staff"
    rl = result.relative_likelihood
    if rl is None:
        return (
            f"The relative likelihood {what} cannot be calculated: {result.not_computable_reason}."
        )
    top, bottom = ("Non-disabled", "Disabled") if spec.key == "2" else ("Disabled", "non-disabled")
    sentence = f"{top} {who} were {rl:.2f} times as likely as {bottom} {who} {what}"
    sentence += "; " + significance_clause(result.significant, result.p_value) + "."
    if rl > 1.25:
        sentence += " The ratio is above 1.25, outside NHS England's non-adverse range."
    return sentence


def _survey_sentence(spec: MetricSpec, result: SurveyResult) -> str:
    sentence = (
        f"{pct(result.bme_rate)} of Disabled staff {spec.wording}, compared with "
        f"{pct(result.white_rate)} of non-disabled staff (a difference of "
        f"{points(result.difference_pp)})"
    )
    if result.p_value is None:
        return sentence + "; not tested: the Staff survey table has no respondent counts."
    return sentence + "; " + significance_clause(bool(result.significant), result.p_value) + "."


# --- JSON (SPEC §10) -----------------------------------------------------------------

_KEY_RENAMES = (("white", "non_disabled"), ("bme", "disabled"))


def _rename(value: Any) -> Any:
    """The engine's JSON with the WDES group keys (``white`` → ``non_disabled``,
    ``bme_pct`` → ``disabled_pct`` ...)."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            for old, new in _KEY_RENAMES:
                key = key.replace(old, new) if old in key.split("_") else key
            out[key] = _rename(item)
        return out
    if isinstance(value, list):
        return [_rename(v) for v in value]
    return value


def metric_json(item: WdesMetric) -> dict[str, Any]:
    result = item.result
    body: dict[str, Any]
    if isinstance(result, NotComputed):
        body = {"rating": result.rating.value, "reason": result.reason}
    elif isinstance(result, SingleGroupResult):
        body = {
            "disabled": {"respondents": result.respondents, "rate": result.rate},
            "rating": result.rating.value,
        }
    elif isinstance(result, ScoreResult):
        body = {
            "non_disabled": {"score": result.non_disabled},
            "disabled": {"score": result.disabled},
            "difference": result.difference,
            "rating": result.rating.value,
        }
    elif isinstance(result, VoicesResult):
        body = {
            "facilitates_voices": result.facilitates,
            "actions": result.narrative,
            "rating": result.rating.value,
        }
    else:
        body = _rename(result_json(result, DISABLED))
    body["narrative"] = metric_narrative(item)
    return body


def wdes_report_json(report: WdesReport, checks: list[Check]) -> dict[str, Any]:
    indicators: dict[str, Any] = {}
    for key, by_year in report.results.items():
        current = metric_json(by_year[report.year])
        previous = by_year.get(report.previous_year)
        current["previous"] = (
            {"year": report.previous_year, **metric_json(previous)} if previous else None
        )
        indicators[key] = current
    settings = report.settings.as_json()
    for wres_only in ("WRES year", "Term for BME staff", "Local population BME %"):
        settings.pop(wres_only, None)
    settings["Capability period"] = settings.pop("Disciplinary period")
    settings["WDES year"] = report.year
    return {
        "standard": "WDES",
        "organisation": report.settings.organisation,
        "year": report.year,
        "settings": {"Standard": "WDES", **settings},
        "indicators": indicators,
        "checks": [c.as_json() for c in checks],
    }
