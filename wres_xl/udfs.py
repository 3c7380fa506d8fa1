"""Worksheet functions (SPEC §6), one Python function per Excel function of the same name.

Each is a thin wrapper over the core. Excel hands over numbers as floats and blank cells
as None, so arguments are checked here and bad input comes back as a short ``WRES: …``
text in the cell, never a traceback; the detail goes to the log.
"""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from wres_xl.core.bands import normalise_band
from wres_xl.core.disability import classify_disability
from wres_xl.core.groups import classify_ethnicity, tidy_term
from wres_xl.core.indicators import (
    RL_INDICATORS,
    SURVEY_INDICATORS,
    GroupRate,
    compare,
    ratio_result,
    ratio_sides,
    survey_result,
)
from wres_xl.core.inputs import CountFault, as_number, count_fault
from wres_xl.core.narrative import narrative
from wres_xl.core.schema import DEFAULT_HIDE_UP_TO
from wres_xl.core.standard import WRES, Computation, MetricSpec, Standard
from wres_xl.core.stats import (
    as_fraction,
    board_gap,
    events_from_percent,
    fisher_p_value,
    four_fifths,
    katz_interval,
    ratio_of_rates,
    too_large,
)
from wres_xl.core.wdes import (
    WdesMetric,
    engine_indicator,
    metric_narrative,
    rl_result,
    survey_metric_result,
)
from wres_xl.core.wdes_standard import WDES
from wres_xl.errors import CELL_PREFIX, InputError, WresError

log = logging.getLogger("wres_xl.udfs")

F = TypeVar("F", bound=Callable[..., Any])
PREFIX = CELL_PREFIX


class _Unregistered:
    """xlwings' ``func``/``arg`` decorators where xlwings has not been imported.

    In Excel, xlwings' UDF server imports this module after importing xlwings itself, so
    the real decorators register the functions. Anywhere else (the formula engine, the
    Calculator checks, a notebook) they do nothing, as xlwings' own do off Windows, and
    importing xlwings only for them cost half a second and pandas.
    """

    @staticmethod
    def func(function: F) -> F:
        return function

    @staticmethod
    def arg(*args: Any, **kwargs: Any) -> Callable[[F], F]:
        return lambda function: function


if TYPE_CHECKING or "xlwings" in sys.modules:
    import xlwings as xw
else:
    xw = _Unregistered()


def _cell_safe(function: F, prefix: str = PREFIX) -> F:
    """Turn every failure into a ``WRES: …`` cell text; log the detail."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            if not all(type(a) in _PLAIN for a in args):
                args = tuple(_plain(a) for a in args)
            return function(*args, **kwargs)
        except WresError as error:
            log.info("%s%s: %s", function.__name__, args, error)
            return prefix + _short(str(error))
        except Exception:
            log.exception("%s%s failed", function.__name__, args)
            return prefix + "something went wrong; see the wres-xl log for details"

    return wrapper  # type: ignore[return-value]


_PLAIN = frozenset({int, float, str, bool, type(None), list, tuple})


def _plain(value: Any) -> Any:
    """What xlwings would hand over, from whatever a formula engine passes instead: a numpy
    array (one cell becomes its value, a block a list of rows) or a range object holding one.
    An engine's own blank-cell marker is the engine's to translate (tests/support/engine.py
    for the `formulas` package), not Excel's."""
    if type(value) in _PLAIN:
        return value
    inner = getattr(value, "value", None)
    if inner is not None and not isinstance(value, str):
        value = inner  # a range object, such as the formulas package's Ranges
    if hasattr(value, "tolist") and hasattr(value, "ndim"):  # numpy array or scalar
        if getattr(value, "size", 0) == 1:
            return _plain(value.reshape(-1)[0] if value.ndim else value.item())
        rows = value.tolist() if value.ndim == 2 else [value.reshape(-1).tolist()]
        return [[_plain(cell) for cell in row] for row in rows]
    if isinstance(value, str):
        return str(value)
    return value


def _short(message: str) -> str:
    """The first sentence only: a cell has room for the problem, the log has the rest."""
    return message.split(". ")[0].rstrip(".")


def _count(value: object, name: str) -> int:
    # Fast path: Excel hands over whole numbers as floats; most calls end here.
    if (type(value) is float or type(value) is int) and count_fault(value) is None:
        return int(value)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise InputError(f"{name} is blank")
    number = _number(value, name)
    fault = count_fault(number)
    if fault is CountFault.NEGATIVE:
        raise InputError(f"{name} ({number:g}) cannot be negative")
    if fault is CountFault.TOO_LARGE:
        raise InputError(too_large(name, number))
    if fault is CountFault.NOT_WHOLE:
        raise InputError(f"{name} ({number:g}) must be a whole number")
    return int(number)


def _number(value: object, name: str) -> float:
    """The core's reading of a number (inputs.as_number); here only the cell's words."""
    number, _ = as_number(value)
    if number is not None:
        return number
    if value is None:
        raise InputError(f"{name} is blank")
    if isinstance(value, str):
        if "," in value:
            raise InputError(
                f"{name} ('{value}') is not a number; use a full stop for decimals "
                "(1.25) and commas only between thousands (1,250)"
            )
        raise InputError(f"{name} ('{value}') is not a number")
    if isinstance(value, float):  # NaN or an infinity
        raise InputError(f"{name} ({value}) is not a number")
    raise InputError(f"{name} is not a number")


def _level(value: object) -> float:
    """A confidence level: a fraction such as 0.95, or a percentage such as 95 or "95%".

    A value from 1 up to 50 is refused rather than guessed at: 1.5 could be a slip for
    0.95 or a 1.5% interval, and either reading would put a wrong interval in a report.
    """
    if value is None:
        return 0.95
    number = _number(value, "level")
    if 0 < number < 1:
        return number
    if 50 <= number < 100:
        return number / 100
    raise InputError(
        f"level ({number:g}) must be a fraction between 0 and 1, such as 0.95, or a "
        "percentage from 50 up to 100, such as 95"
    )


def _indicator(value: object, allowed: tuple[int, ...]) -> int:
    if isinstance(value, int | float) and not isinstance(value, bool) and value in allowed:
        return int(value)
    number = _number(value, "indicator")
    if not number.is_integer() or int(number) not in allowed:
        choices = ", ".join(map(str, allowed[:-1])) + f" or {allowed[-1]}"
        raise InputError(f"indicator must be {choices}, not {number:g}")
    return int(number)


#: What Excel hands over for a number (a bool is neither, whatever Python says).
_NUMBER_TYPES = frozenset({float, int})


def _count_words(standard: Standard) -> dict[str, tuple[str, str]]:
    """(events, total) words of each relative-likelihood metric, from the core's table of
    it: "Appointed" among tblRecruitment's counts gives ("appointed", "shortlisted")."""
    words: dict[str, tuple[str, str]] = {}
    for metric in standard.metrics:
        if metric.computation is Computation.RELATIVE_LIKELIHOOD:
            counts = standard.table(metric.table).count_columns
            total = next(c for c in counts if c != metric.wording)
            words[metric.key] = (metric.wording.split()[0].casefold(), total.casefold())
    return words


@dataclass(frozen=True)
class _Groups:
    """One standard's words in the two-group functions: its group labels (reference group
    first), the reference group's word inside a sentence, the count words of each relative
    likelihood metric, and whether "events more than total" names the group (the WDES
    functions' wording does, the WRES ones' never has)."""

    reference: str
    focus: str
    reference_word: str
    counts: dict[str, tuple[str, str]]
    names_group: bool
    prefix: str

    def words(self, metric: str) -> tuple[str, str]:
        return self.counts.get(metric, ("events", "total"))


_WRES_GROUPS = _Groups(
    WRES.reference.label,
    WRES.focus.label,
    WRES.reference.label,
    _count_words(WRES),
    names_group=False,
    prefix=PREFIX,
)


def _rates(
    groups: _Groups, values: tuple[object, object, object, object], metric: str
) -> tuple[GroupRate, GroupRate]:
    """The reference and focus groups' (events, total) as whole numbers, events within
    totals, neither total zero; ``metric`` chooses the words of a problem."""
    if all(type(v) in _NUMBER_TYPES and count_fault(v) is None for v in values):  # type: ignore[arg-type]
        # The common case in a worksheet: four counts (floats from Excel).
        ref_e, ref_t, foc_e, foc_t = (int(v) for v in values)  # type: ignore[call-overload]
    else:
        events, total = groups.words(metric)
        ref, focus = groups.reference, groups.focus
        ref_e, ref_t, foc_e, foc_t = (
            _count(value, f"{group} {word}")
            for value, group, word in zip(
                values, (ref, ref, focus, focus), (events, total, events, total), strict=True
            )
        )
    if ref_e > ref_t or foc_e > foc_t or ref_t == 0 or foc_t == 0:
        events, total = groups.words(metric)
        for group, e, t in ((groups.reference, ref_e, ref_t), (groups.focus, foc_e, foc_t)):
            if e > t:
                named = f"{group} {events}" if groups.names_group else events
                raise InputError(f"{named} ({e}) is more than {total} ({t})")
            if t == 0:
                raise InputError(f"{group} {total} is 0, so there is no rate to compare")
    return GroupRate(ref_e, ref_t), GroupRate(foc_e, foc_t)


def _relative_likelihood(
    groups: _Groups, indicator: int, metric: str, values: tuple[object, object, object, object]
) -> Any:
    """WRES_RL and WDES_RL: ``indicator`` is the engine's (it orients the ratio)."""
    reference, focus = _rates(groups, values, metric)
    top, bottom = ratio_sides(indicator, reference, focus)
    rl = ratio_of_rates(top.events, top.total, bottom.events, bottom.total)
    if rl is None:
        who = groups.focus if bottom is focus else groups.reference_word
        return groups.prefix + f"not computable: no {who} events, so the ratio divides by zero"
    return rl


def _interval(
    groups: _Groups,
    indicator: int,
    metric: str,
    values: tuple[object, object, object, object],
    level: object,
) -> Any:
    """WRES_CI and WDES_CI: the Katz interval of the relative likelihood, two cells."""
    conf = _level(level)
    top, bottom = ratio_sides(indicator, *_rates(groups, values, metric))
    ci = katz_interval(top.events, top.total, bottom.events, bottom.total, conf)
    if ci is None:
        return groups.prefix + "no confidence interval when a group has zero events"
    return [ci[0], ci[1]]


def _p_value(groups: _Groups, values: tuple[object, object, object, object]) -> Any:
    """WRES_PVALUE and WDES_PVALUE: Fisher's exact test of the two groups' rates."""
    reference, focus = _rates(groups, values, "")
    return fisher_p_value(reference.events, reference.total, focus.events, focus.total)


@xw.func
@xw.arg("indicator", doc="WRES indicator: 2 (shortlisting), 3 (disciplinary) or 4 (training).")
@xw.arg("white_events", doc="White staff appointed / entering disciplinary / accessing training.")
@xw.arg("white_total", doc="White staff shortlisted / in the workforce.")
@xw.arg("bme_events", doc="BME staff appointed / entering disciplinary / accessing training.")
@xw.arg("bme_total", doc="BME staff shortlisted / in the workforce.")
@_cell_safe
def WRES_RL(
    indicator: Any,
    white_events: Any,
    white_total: Any,
    bme_events: Any,
    bme_total: Any,
) -> Any:
    """Relative likelihood for WRES indicator 2, 3 or 4; above 1 is worse for BME staff.

    Indicator 2 and 4: White rate ÷ BME rate. Indicator 3: BME rate ÷ White rate.
    """
    i = _indicator(indicator, RL_INDICATORS)
    values = (white_events, white_total, bme_events, bme_total)
    return _relative_likelihood(_WRES_GROUPS, i, str(i), values)


@xw.func
@xw.arg("indicator", doc="WRES indicator: 2, 3 or 4.")
@xw.arg("white_events", doc="White events (appointed / entered / accessed).")
@xw.arg("white_total", doc="White total (shortlisted / headcount).")
@xw.arg("bme_events", doc="BME events.")
@xw.arg("bme_total", doc="BME total.")
@xw.arg("level", doc="Confidence level, default 0.95 (95%).")
@_cell_safe
def WRES_CI(
    indicator: Any,
    white_events: Any,
    white_total: Any,
    bme_events: Any,
    bme_total: Any,
    level: Any = None,
) -> Any:
    """Confidence interval of the relative likelihood (Katz log method): two cells, lower
    and upper."""
    i = _indicator(indicator, RL_INDICATORS)
    values = (white_events, white_total, bme_events, bme_total)
    return _interval(_WRES_GROUPS, i, str(i), values, level)


@xw.func
@xw.arg("white_events", doc="White staff with the outcome (appointed, disciplined, trained, yes).")
@xw.arg("white_total", doc="All White staff compared (shortlisted, headcount or respondents).")
@xw.arg("bme_events", doc="BME staff with the outcome (appointed, disciplined, trained, yes).")
@xw.arg("bme_total", doc="All BME staff compared (shortlisted, headcount or respondents).")
@_cell_safe
def WRES_PVALUE(white_events: Any, white_total: Any, bme_events: Any, bme_total: Any) -> Any:
    """Two-sided Fisher's exact test p-value comparing the White and BME rates."""
    return _p_value(_WRES_GROUPS, (white_events, white_total, bme_events, bme_total))


@xw.func
@xw.arg("indicator", doc="WRES indicator 2 to 8.")
@xw.arg("white_events", doc="White staff with the outcome (appointed, disciplined, trained, yes).")
@xw.arg("white_total", doc="All White staff compared (shortlisted, headcount or respondents).")
@xw.arg("bme_events", doc="BME staff with the outcome (appointed, disciplined, trained, yes).")
@xw.arg("bme_total", doc="All BME staff compared (shortlisted, headcount or respondents).")
@_cell_safe
def WRES_RATING(
    indicator: Any,
    white_events: Any,
    white_total: Any,
    bme_events: Any,
    bme_total: Any,
) -> Any:
    """Colour-key rating for indicators 2–8: Equivalent, or Better/Worse to a small, medium or
    large degree (significant at p < 0.05, degree by Cohen's h)."""
    i = _indicator(indicator, RL_INDICATORS + SURVEY_INDICATORS)
    white, bme = _rates(_WRES_GROUPS, (white_events, white_total, bme_events, bme_total), str(i))
    return compare(i, white, bme, 0.05).rating.value


@xw.func
@xw.arg("rl", doc="A relative likelihood, such as the result of WRES_RL.")
@_cell_safe
def WRES_FOURFIFTHS(rl: Any) -> Any:
    """NHS England's four-fifths test: Adverse (above 1.25), Non-adverse, or Below 0.80."""
    if isinstance(rl, str) and rl.startswith(PREFIX):
        raise InputError("the relative likelihood is itself an error: " + rl[len(PREFIX) :])
    value = _number(rl, "relative likelihood")
    if value < 0:
        raise InputError(f"relative likelihood ({value:g}) cannot be negative")
    return four_fifths(value).label


@xw.func
@xw.arg("percent", doc="Survey result: a fraction (0.208 or 20.8%) or 0–100 (20.8).")
@xw.arg("respondents", doc="Number of staff in the group who answered.")
@_cell_safe
def WRES_EVENTS(percent: Any, respondents: Any) -> Any:
    """Number of staff behind a survey percentage: round(percent × respondents)."""
    return events_from_percent(_number(percent, "percent"), _count(respondents, "respondents"))


@xw.func
@xw.arg("board_bme", doc="BME members of the board (voting members for the WRES headline).")
@xw.arg("board_total", doc="All members of the board (voting members for the WRES headline).")
@xw.arg("workforce_bme", doc="BME staff in the workforce.")
@xw.arg("workforce_total", doc="All staff in the workforce.")
@_cell_safe
def WRES_BOARD_GAP(
    board_bme: Any, board_total: Any, workforce_bme: Any, workforce_total: Any
) -> Any:
    """Indicator 9: BME % of the board minus BME % of the workforce, in percentage points."""
    return board_gap(
        _count(board_bme, "BME board members"),
        _count(board_total, "board members"),
        _count(workforce_bme, "BME staff"),
        _count(workforce_total, "staff"),
    ).difference_pp


@xw.func
@xw.arg("ethnic_origin", doc="An ESR ethnic origin such as 'C3 White Unspecified' or a label.")
@_cell_safe
def WRES_GROUP(ethnic_origin: Any) -> Any:
    """White, BME or Unknown for an NHS ethnic category code or label (the code decides)."""
    if isinstance(ethnic_origin, float) and ethnic_origin.is_integer():
        ethnic_origin = int(ethnic_origin)
    return classify_ethnicity(ethnic_origin).label


@xw.func
@xw.arg("band_text", doc="A pay band or grade as typed, such as 'Band 8 - Range A' or 'AfC 5'.")
@_cell_safe
def WRES_BAND(band_text: Any) -> Any:
    """The standard WRES band label ('Band 8a', 'Consultant' …)."""
    return normalise_band(band_text)


@xw.func
@xw.arg("range", ndim=2, doc="A block of counts; each row and each column is part of a total.")
# A plain string (the add-in reads it from the source); a test keeps the 7 the schema's.
@xw.arg("hide_up_to", doc="Hide counts from 1 up to this number (default 7).")
@_cell_safe
def WRES_REDACT(range: Any, hide_up_to: Any = None) -> Any:
    """The block with small counts hidden as '*' and enough others hidden that none can be
    worked out by subtraction (primary and secondary suppression)."""
    # Imported here: suppression needs scipy's linear programming, which would otherwise
    # load with every worksheet function although only this one uses it.
    from wres_xl.core.suppression import SuppressionRules, redact_grid

    threshold = DEFAULT_HIDE_UP_TO if hide_up_to is None else _count(hide_up_to, "hide_up_to")
    grid = _grid(range)
    return redact_grid(grid, SuppressionRules(hide_up_to=threshold))


def _term_word(term: object) -> str:
    """The trust's word for BME staff, tidied; BME when the argument is left out."""
    return tidy_term(term)


def _grid(value: object) -> list[list[int | None]]:
    rows: list[list[object]]
    if isinstance(value, list | tuple):
        if value and all(isinstance(r, list | tuple) for r in value):
            rows = [list(r) for r in value]
        else:
            rows = [list(value)]
    else:
        rows = [[value]]
    out: list[list[int | None]] = []
    for r, row in enumerate(rows, start=1):
        converted: list[int | None] = []
        for c, cell in enumerate(row, start=1):
            if cell is None or (isinstance(cell, str) and not cell.strip()):
                converted.append(None)
            else:
                converted.append(_count(cell, f"the value in row {r}, column {c} of the range"))
        out.append(converted)
    return out


@xw.func
@xw.arg("indicator", doc="WRES indicator 2 to 8.")
@xw.arg("white_events", doc="White staff with the outcome (appointed, disciplined, trained, yes).")
@xw.arg("white_total", doc="All White staff compared (shortlisted, headcount or respondents).")
@xw.arg("bme_events", doc="BME staff with the outcome (appointed, disciplined, trained, yes).")
@xw.arg("bme_total", doc="All BME staff compared (shortlisted, headcount or respondents).")
@xw.arg("term", doc="Your trust's word for BME staff (default BME).")
@_cell_safe
def WRES_NARRATIVE(
    indicator: Any,
    white_events: Any,
    white_total: Any,
    bme_events: Any,
    bme_total: Any,
    term: Any = None,
) -> Any:
    """One plain-English sentence describing the comparison, for a report."""
    i = _indicator(indicator, RL_INDICATORS + SURVEY_INDICATORS)
    word = _term_word(term)
    white, bme = _rates(_WRES_GROUPS, (white_events, white_total, bme_events, bme_total), str(i))
    if i in RL_INDICATORS:
        return narrative(ratio_result(i, 0, white, bme), word)
    if white.rate is None or bme.rate is None:
        raise AssertionError("white.rate is not None and bme.rate is not None")
    return narrative(survey_result(i, 0, white, bme), word)


@xw.func
@xw.arg("indicator", doc="Staff survey indicator 5, 6, 7 or 8.")
@xw.arg("white_percent", doc="White result as published: 16.13 or 16.13%.")
@xw.arg("white_respondents", doc="White staff who answered.")
@xw.arg("bme_percent", doc="BME result as published: 20.83 or 20.83%.")
@xw.arg("bme_respondents", doc="BME staff who answered.")
@xw.arg("term", doc="Your trust's word for BME staff (default BME).")
@_cell_safe
def WRES_SURVEY_NARRATIVE(
    indicator: Any,
    white_percent: Any,
    white_respondents: Any,
    bme_percent: Any,
    bme_respondents: Any,
    term: Any = None,
) -> Any:
    """One plain-English sentence for a staff survey indicator, quoting the percentages as
    published (WRES_NARRATIVE, given counts, can only quote staff ÷ respondents)."""
    i = _indicator(indicator, SURVEY_INDICATORS)
    word = _term_word(term)
    w_rate = as_fraction(_number(white_percent, "White percent"))
    b_rate = as_fraction(_number(bme_percent, "BME percent"))
    w_n = _count(white_respondents, "White respondents")
    b_n = _count(bme_respondents, "BME respondents")
    if w_n == 0 or b_n == 0:
        raise InputError(f"{'White' if w_n == 0 else 'BME'} respondents is 0")
    white = GroupRate(events_from_percent(w_rate, w_n), w_n)
    bme = GroupRate(events_from_percent(b_rate, b_n), b_n)
    return narrative(survey_result(i, 0, white, bme, white_rate=w_rate, bme_rate=b_rate), word)


# --- WDES (SPEC §10): the same conventions, the reference group (Non-disabled) first --------

#: SPEC §6 (line 130): bad input returns a text starting ``WRES:``; §10 (line 283) keeps
#: "the others of §6" and changes only the function names' prefix (``WDES_``), so WDES
#: functions' messages start ``WRES:`` too (the text names the WDES metric or group).
WDES_PREFIX = PREFIX
#: Metrics comparing two rates: the relative likelihoods and the survey percentages.
_WDES_RL_METRICS = ("2", "3")
_WDES_COMPARED = ("2", "3", "4a-i", "4a-ii", "4a-iii", "4b", "5", "6", "7")
_WDES_GROUPS = _Groups(
    WDES.reference.label,
    WDES.focus.label,
    WDES.reference.label.lower(),  # "no non-disabled events"
    _count_words(WDES),
    names_group=True,
    prefix=WDES_PREFIX,
)


def _wdes_safe(function: F) -> F:
    return _cell_safe(function, WDES_PREFIX)


def _wdes_metric(value: object, allowed: tuple[str, ...]) -> MetricSpec:
    spec = WDES.metric(value)
    if spec.key not in allowed:
        choices = ", ".join(allowed[:-1]) + f" or {allowed[-1]}"
        raise InputError(f"metric must be {choices}, not {spec.key}")
    return spec


@xw.func
@xw.arg("metric", doc="WDES metric: 2 (appointment from shortlisting) or 3 (formal capability).")
@xw.arg("nondisabled_events", doc="Non-disabled staff appointed / entering formal capability.")
@xw.arg("nondisabled_total", doc="Non-disabled staff shortlisted / in the workforce.")
@xw.arg("disabled_events", doc="Disabled staff appointed / entering formal capability.")
@xw.arg("disabled_total", doc="Disabled staff shortlisted / in the workforce.")
@_wdes_safe
def WDES_RL(
    metric: Any,
    nondisabled_events: Any,
    nondisabled_total: Any,
    disabled_events: Any,
    disabled_total: Any,
) -> Any:
    """Relative likelihood for WDES metric 2 or 3; above 1 is worse for Disabled staff.

    Metric 2: non-disabled rate ÷ Disabled rate. Metric 3: Disabled rate ÷ non-disabled rate.
    """
    spec = _wdes_metric(metric, _WDES_RL_METRICS)
    values = (nondisabled_events, nondisabled_total, disabled_events, disabled_total)
    return _relative_likelihood(_WDES_GROUPS, engine_indicator(spec), spec.key, values)


@xw.func
@xw.arg("metric", doc="WDES metric: 2 or 3.")
@xw.arg("nondisabled_events", doc="Non-disabled events (appointed / entered).")
@xw.arg("nondisabled_total", doc="Non-disabled total (shortlisted / headcount).")
@xw.arg("disabled_events", doc="Disabled events.")
@xw.arg("disabled_total", doc="Disabled total.")
@xw.arg("level", doc="Confidence level, default 0.95 (95%).")
@_wdes_safe
def WDES_CI(
    metric: Any,
    nondisabled_events: Any,
    nondisabled_total: Any,
    disabled_events: Any,
    disabled_total: Any,
    level: Any = None,
) -> Any:
    """Confidence interval of the WDES relative likelihood (Katz log method): two cells,
    lower and upper."""
    spec = _wdes_metric(metric, _WDES_RL_METRICS)
    values = (nondisabled_events, nondisabled_total, disabled_events, disabled_total)
    return _interval(_WDES_GROUPS, engine_indicator(spec), spec.key, values, level)


@xw.func
@xw.arg("nondisabled_events", doc="Non-disabled staff with the outcome (appointed, yes ...).")
@xw.arg("nondisabled_total", doc="All non-disabled staff compared (shortlisted, respondents ...).")
@xw.arg("disabled_events", doc="Disabled staff with the outcome (appointed, yes ...).")
@xw.arg("disabled_total", doc="All Disabled staff compared (shortlisted, respondents ...).")
@_wdes_safe
def WDES_PVALUE(
    nondisabled_events: Any, nondisabled_total: Any, disabled_events: Any, disabled_total: Any
) -> Any:
    """Two-sided Fisher's exact test p-value comparing the non-disabled and Disabled rates."""
    values = (nondisabled_events, nondisabled_total, disabled_events, disabled_total)
    return _p_value(_WDES_GROUPS, values)


@xw.func
@xw.arg("metric", doc="WDES metric 2, 3, 4a-i, 4a-ii, 4a-iii, 4b, 5, 6 or 7.")
@xw.arg("nondisabled_events", doc="Non-disabled staff with the outcome (appointed, yes ...).")
@xw.arg("nondisabled_total", doc="All non-disabled staff compared (shortlisted, respondents ...).")
@xw.arg("disabled_events", doc="Disabled staff with the outcome (appointed, yes ...).")
@xw.arg("disabled_total", doc="All Disabled staff compared (shortlisted, respondents ...).")
@_wdes_safe
def WDES_RATING(
    metric: Any,
    nondisabled_events: Any,
    nondisabled_total: Any,
    disabled_events: Any,
    disabled_total: Any,
) -> Any:
    """Colour-key rating for WDES metrics 2 to 7: Equivalent, or Better/Worse for Disabled
    staff to a small, medium or large degree (p < 0.05, degree by Cohen's h)."""
    spec = _wdes_metric(metric, _WDES_COMPARED)
    values = (nondisabled_events, nondisabled_total, disabled_events, disabled_total)
    nd, d = _rates(_WDES_GROUPS, values, spec.key)
    return compare(engine_indicator(spec), nd, d, 0.05).rating.value


@xw.func
@xw.arg("metric", doc="WDES metric 2, 3, 4a-i, 4a-ii, 4a-iii, 4b, 5, 6 or 7.")
@xw.arg("nondisabled_events", doc="Non-disabled staff with the outcome (appointed, yes ...).")
@xw.arg("nondisabled_total", doc="All non-disabled staff compared (shortlisted, respondents ...).")
@xw.arg("disabled_events", doc="Disabled staff with the outcome (appointed, yes ...).")
@xw.arg("disabled_total", doc="All Disabled staff compared (shortlisted, respondents ...).")
@_wdes_safe
def WDES_NARRATIVE(
    metric: Any,
    nondisabled_events: Any,
    nondisabled_total: Any,
    disabled_events: Any,
    disabled_total: Any,
) -> Any:
    """One plain-English sentence describing a WDES comparison, for a report."""
    spec = _wdes_metric(metric, _WDES_COMPARED)
    values = (nondisabled_events, nondisabled_total, disabled_events, disabled_total)
    nd, d = _rates(_WDES_GROUPS, values, spec.key)
    if spec.key in _WDES_RL_METRICS:
        return metric_narrative(WdesMetric(spec.key, 0, rl_result(spec.key, 0, nd, d)))
    result = survey_metric_result(spec.key, 0, nd, d)
    return metric_narrative(WdesMetric(spec.key, 0, result))


@xw.func
@xw.arg("board_disabled", doc="Disabled members of the board (voting members for the headline).")
@xw.arg("board_total", doc="All members of the board (voting members for the headline).")
@xw.arg("workforce_disabled", doc="Disabled staff in the workforce.")
@xw.arg("workforce_total", doc="All staff in the workforce.")
@_wdes_safe
def WDES_BOARD_GAP(
    board_disabled: Any, board_total: Any, workforce_disabled: Any, workforce_total: Any
) -> Any:
    """Metric 10: Disabled % of the board minus Disabled % of the workforce, in points."""
    counts = (
        ("Disabled board members", "board members", board_disabled, board_total),
        ("Disabled staff", "staff", workforce_disabled, workforce_total),
    )
    checked: list[int] = []
    for part, whole, part_value, whole_value in counts:
        p, w = _count(part_value, part), _count(whole_value, whole)
        if p > w:
            raise InputError(f"{part} ({p}) is more than {whole} ({w})")
        if w == 0:
            raise InputError(f"{whole} is 0, so there is no Disabled share")
        checked.extend((p, w))
    return board_gap(*checked).difference_pp


@xw.func
@xw.arg("disability", doc="An ESR disability value (Yes, No, Not declared ...) or a label.")
@_wdes_safe
def WDES_GROUP(disability: Any) -> Any:
    """Non-disabled, Disabled or Unknown for an ESR disability value or a label."""
    return classify_disability(disability).label


#: The WDES worksheet functions (kept out of ``__all__``, the WRES functions the
#: Calculator sheet and the formula engine show).
WDES_FUNCTIONS: tuple[str, ...] = (
    "WDES_BOARD_GAP",
    "WDES_CI",
    "WDES_GROUP",
    "WDES_NARRATIVE",
    "WDES_PVALUE",
    "WDES_RATING",
    "WDES_RL",
)


__all__ = [
    "WRES_BAND",
    "WRES_BOARD_GAP",
    "WRES_CI",
    "WRES_EVENTS",
    "WRES_FOURFIFTHS",
    "WRES_GROUP",
    "WRES_NARRATIVE",
    "WRES_PVALUE",
    "WRES_RATING",
    "WRES_REDACT",
    "WRES_RL",
    "WRES_SURVEY_NARRATIVE",
]
