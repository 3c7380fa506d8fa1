"""What the Trends sheet reads: a standard's metrics by year, its words and its national figures.

The sheet, its table, its charts and its targets are built from a ``TrendView`` only, so a
WRES workbook and a WDES workbook get the same Trends sheet from the same code. Each
standard makes its view from its report: ``wres_view`` here, ``wdes_view`` in
``report.trends.wdes``. The view carries the standard (metrics, computations, directions,
group words), each metric's results by year, the national figure lookup and the change
wording between years.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from wres_xl.core.indicators import WresReport
from wres_xl.core.model import Settings
from wres_xl.core.national import NationalFigure, national
from wres_xl.core.standard import WRES, Computation, MetricSpec, Standard
from wres_xl.core.trends import change_text
from wres_xl.report.common import organisation_line

if TYPE_CHECKING:
    from wres_xl.report.trends.table import TrendRow

#: (metric key, year, measure or None for the metric's headline, group "" / "bme" / "white").
NationalLookup = Callable[[str, int, str | None, str], NationalFigure | None]
#: (metric, year) → the change from the year before, as the sheet prints it.
ChangeText = Callable[[MetricSpec, int], str]
#: Adds one chart-data series: (series key, label, values by year, number style).
PutSeries = Callable[[str, str, Sequence[float | None], str], None]
#: One metric's values by year: (value of a result, metric key) → values.
PerYear = Callable[[Callable[[object | None], float | None], str], list[float | None]]


def _no_rows(view: TrendView, metric: MetricSpec, header_year: int | None) -> list[TrendRow]:
    raise AssertionError(f"{view.standard.name} has no Trends rows for {metric.computation}")


def _no_data(view: TrendView, put: PutSeries, per_year: PerYear) -> None:
    """A standard whose metrics are all of the shared kinds adds no chart data of its own."""


@dataclass(frozen=True, slots=True)
class TrendWords:
    """The sentences that differ between standards; everything else comes from the standard."""

    #: "indicator" / "metric", and the number word in titles ("nine", "ten").
    unit: str
    count: str
    #: Per RL metric key: what the RL is the likelihood of ("appointment from shortlisting").
    rl_phrases: Mapping[str, str]
    #: Per metric key: the chart and chart-data title ("Indicator 2: appointment").
    short_titles: Mapping[str, str]
    #: The two notes under the title: how change is tested, and the tests per metric.
    tests_note: str
    #: The targets' first note, given the target source wording.
    target_goal: str
    #: What a group column records ("ethnicity"), and how to give a local population
    #: share instead of the workforce's ("" where the standard has no such setting).
    status: str = "ethnicity"
    local_population_fix: str = ", or set 'Local population BME %' on the Settings sheet"
    local_population_hint: str = (
        ". To use your local population instead, fill in 'Local population BME %' on the "
        "Settings sheet"
    )


@dataclass(frozen=True, slots=True)
class TrendView:
    standard: Standard
    words: TrendWords
    settings: Settings
    year: int
    previous_year: int
    years: tuple[int, ...]
    organisation: str
    #: results[metric key][year]: the engine's result, or a standard's own result type.
    results: Mapping[str, Mapping[int, object]]
    national_lookup: NationalLookup
    change: ChangeText
    #: The rows of a metric kind the shared table does not build (WDES 8, 9a, 9b).
    rows: Callable[[TrendView, MetricSpec, int | None], list[TrendRow]] = _no_rows
    #: The chart-data series of those kinds.
    chart_data: Callable[[TrendView, PutSeries, PerYear], None] = _no_data

    @property
    def term(self) -> str:
        """The focus group's word: the BME term setting, or Disabled."""
        return self.settings.bme_term

    @property
    def reference(self) -> str:
        return self.standard.reference.label

    @property
    def unit_title(self) -> str:
        """'Indicator' / 'Metric', to start a title."""
        return self.words.unit.capitalize()

    def metrics(self, *kinds: Computation) -> list[MetricSpec]:
        return [m for m in self.standard.metrics if m.computation in kinds]

    def result(self, key: str, year: int) -> object | None:
        return self.results.get(key, {}).get(year)

    def national(
        self, key: str, year: int, *, measure: str | None = None, group: str = ""
    ) -> NationalFigure | None:
        return self.national_lookup(key, year, measure, group)

    def latest_national(
        self, key: str, year: int, *, measure: str | None = None, group: str = ""
    ) -> NationalFigure | None:
        """The newest national figure at or before ``year`` (national reports lag a year)."""
        for y in range(year, year - 5, -1):
            found = self.national(key, y, measure=measure, group=group)
            if found is not None:
                return found
        return None

    def key_cell(self, key: str) -> object:
        """The metric's number as the table's first column shows it (2, "4a-i")."""
        return int(key) if key.isdigit() else key

    def keys_text(self, keys: list[str]) -> str:
        """'Indicators 5, 6 and 8' / 'indicator 7' for a note."""
        shown = keys[0] if len(keys) == 1 else f"{', '.join(keys[:-1])} and {keys[-1]}"
        return f"{self.words.unit}{'s' if len(keys) > 1 else ''} {shown}"


_WRES_WORDS = TrendWords(
    unit="indicator",
    count="nine",
    rl_phrases={
        "2": "appointment from shortlisting",
        "3": "entering the formal disciplinary process",
        "4": "accessing non-mandatory training",
    },
    short_titles={
        "2": "Indicator 2: appointment",
        "3": "Indicator 3: disciplinary",
        "4": "Indicator 4: training",
        "5": "Indicator 5: abuse from patients or public",
        "6": "Indicator 6: abuse from staff",
        "7": "Indicator 7: equal opportunities for progression",
        "8": "Indicator 8: discrimination at work",
    },
    tests_note=(
        "Tests: indicator 1 (the {term} share at Band 8a and above) and 5–8, Fisher's exact "
        "test on the {term} share in the two years; "
        "2–4, a z-test on the change in the log relative likelihood (Katz standard errors); "
        "9, a change of at least one board member in the shortfall. Colours are explained by "
        "the Rating rows. National averages: NHS England WRES data analysis reports."
    ),
    target_goal=(
        "NHS England's Model Employer goal: {term} representation at every band from 8a "
        "upward to match {source}."
    ),
)


def _wres_national(key: str, year: int, measure: str | None, group: str) -> NationalFigure | None:
    return national(int(key), year, measure=measure, group=group)


def wres_view(report: WresReport) -> TrendView:
    """The WRES report as the Trends sheet reads it."""
    level, term = report.settings.significance_level, report.settings.bme_term

    def change(metric: MetricSpec, year: int) -> str:
        i = int(metric.key)
        by_year = report.results[i]
        before = report.years[report.years.index(year) - 1]
        return change_text(i, by_year.get(year), by_year.get(before), level, term)

    return TrendView(
        standard=WRES,
        words=_WRES_WORDS,
        settings=report.settings,
        year=report.year,
        previous_year=report.previous_year,
        years=tuple(report.years),
        organisation=organisation_line(report),
        results={str(i): by_year for i, by_year in report.results.items()},
        national_lookup=_wres_national,
        change=change,
    )
