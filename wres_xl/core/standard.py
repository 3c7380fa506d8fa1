"""A workforce equality standard as data (issue 18, SPEC §10).

A standard is its groups (the reference group first), its metrics (with their table,
computation, direction and wording), its tables, its settings, its action library and its
national benchmarks. The engine's statistics are the same for every standard: a metric
names the *computation* it runs and the *direction* that is worse for the focus group, and
the groups fill the engine's two comparison slots (reference first, then focus).

WRES is one instance, built here from the constants the WRES code already uses (so WRES
behaves exactly as before); WDES is the other (``wres_xl.core.wdes_standard``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from wres_xl.core import schema
from wres_xl.core.indicators import HIGHER_IS_WORSE, INDICATOR_TITLES
from wres_xl.core.model import RawTable
from wres_xl.core.schema import SettingSpec, TableSpec
from wres_xl.errors import InputError


class Computation(str, Enum):
    """What the engine computes for a metric."""

    #: Shares by band and cluster, rated as representation (WRES 1, WDES 1).
    REPRESENTATION = "representation"
    #: A relative likelihood of two rates with Katz CI, Fisher p, four-fifths (WRES 2–4, WDES 2–3).
    RELATIVE_LIKELIHOOD = "relative likelihood"
    #: Survey percentages of two groups, Fisher p and Cohen's h (WRES 5–8, WDES 4a–7).
    SURVEY = "survey"
    #: One group's survey percentage, no comparison group (WDES 8).
    SINGLE_GROUP = "single group"
    #: A score 0–10 per group, difference in points (WDES 9a).
    SCORE = "score"
    #: Yes / No with a narrative (WDES 9b).
    YES_NO = "yes/no"
    #: Board share against the workforce share, in points (WRES 9, WDES 10).
    BOARD = "board"


class Direction(str, Enum):
    """Which way is worse for the focus group (BME, Disabled)."""

    HIGHER_IS_WORSE = "higher is worse"
    LOWER_IS_WORSE = "lower is worse"
    #: Relative likelihoods are oriented so that above 1 is worse.
    ABOVE_ONE_IS_WORSE = "above 1 is worse"
    #: Representation: under-represented at senior levels is the concern.
    REPRESENTATION = "representation"


@dataclass(frozen=True)
class GroupSpec:
    """One of a standard's three groups."""

    #: JSON and code key (``white``, ``non_disabled`` ...).
    key: str
    #: The word shown and typed (``White``, ``Non-disabled`` ...).
    label: str
    #: The engine slot the group fills: ``reference``, ``focus`` or ``unknown``.
    slot: str
    #: The word in running text where it is not the label (``non-disabled``).
    in_text: str = ""

    @property
    def word(self) -> str:
        return self.in_text or self.label


@dataclass(frozen=True)
class EventWords:
    """The words of a relative-likelihood table besides its events column
    (``MetricSpec.wording``): the other two columns, the rate and what each count says."""

    total: str
    non_events: str
    rate: str
    #: What the events, the non-events and the total count say ("were appointed" ...).
    verbs: tuple[str, str, str]
    #: Who is counted.
    noun: str = "staff"


@dataclass(frozen=True)
class MetricSpec:
    """One indicator or metric of a standard."""

    #: JSON key under ``"indicators"``: ``"1"``, ``"4a-i"`` ...
    key: str
    title: str
    computation: Computation
    direction: Direction
    #: The input table the figures come from.
    table: str
    #: For relative likelihoods: which group's rate is on top (``reference`` or ``focus``).
    numerator: str = ""
    #: The events column of an RL table, or the survey question in a sentence.
    wording: str = ""
    #: A relative likelihood's other columns and verbs.
    events: EventWords | None = None

    @property
    def higher_is_worse(self) -> bool:
        return self.direction is Direction.HIGHER_IS_WORSE


@dataclass(frozen=True)
class Standard:
    name: str
    title: str
    #: Reference group first, then the focus group, then Unknown.
    groups: tuple[GroupSpec, GroupSpec, GroupSpec]
    metrics: tuple[MetricSpec, ...]
    tables: tuple[TableSpec, ...]
    settings: tuple[SettingSpec, ...]
    #: Header of the group column in event, survey and board tables.
    group_column: str
    #: The setting naming the reporting year.
    year_setting: str
    #: The setting choosing a single year or two-year rolling for the RL metric that has one.
    period_setting: str
    #: Package resources (under wres_xl/).
    action_library: str
    benchmarks: str
    #: What a metric is called in tables and titles ("Indicator 3", "Metric 4a-i").
    noun: str
    #: What staff in the Unknown group are unknown by ("ethnicity").
    unknown_by: str
    #: The workforce rows whose shares representation rates ("band", "cluster").
    representation_unit: str

    @property
    def reference(self) -> GroupSpec:
        return self.groups[0]

    @property
    def focus(self) -> GroupSpec:
        return self.groups[1]

    @property
    def unknown(self) -> GroupSpec:
        return self.groups[2]

    @property
    def metric_keys(self) -> tuple[str, ...]:
        return tuple(m.key for m in self.metrics)

    def metric(self, key: object) -> MetricSpec:
        """The metric a user typed (``2``, ``"4a-i"``, ``" 4A-I "``), or an InputError."""
        wanted = _metric_key(key)
        for m in self.metrics:
            if m.key == wanted:
                return m
        keys = ", ".join(self.metric_keys)
        raise InputError(f"{key!r} is not a {self.name} metric. Use one of {keys}.")

    def table(self, name: str) -> TableSpec:
        for t in self.tables:
            if t.name == name:
                return t
        raise KeyError(name)

    def group_key(self, slot: str) -> str:
        return next(g.key for g in self.groups if g.slot == slot)

    def first(self, computation: Computation) -> MetricSpec:
        """The standard's (first) metric of a computation: its representation, its board."""
        return next(m for m in self.metrics if m.computation is computation)


def _metric_key(value: object) -> str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "".join(str(value).split()).casefold()


# --- WRES, from the constants the WRES code uses -------------------------------------

_WRES_TABLE_OF: dict[int, str] = {
    1: schema.WORKFORCE.name,
    2: schema.RECRUITMENT.name,
    3: schema.DISCIPLINARY.name,
    4: schema.TRAINING.name,
    9: schema.BOARD.name,
}
_WRES_RL_COLUMN: dict[int, str] = {
    2: "Appointed",
    3: "Entered formal disciplinary",
    4: "Accessed non-mandatory training",
}
_WRES_RL_WORDS: dict[int, EventWords] = {
    2: EventWords(
        "Shortlisted",
        "Not appointed",
        "Appointment rate",
        ("were appointed", "were not appointed", "were shortlisted"),
        noun="applicants",
    ),
    3: EventWords(
        "Headcount",
        "Did not enter formal disciplinary",
        "Rate of entry",
        (
            "entered the formal disciplinary process",
            "did not enter the formal disciplinary process",
            "were in the headcount",
        ),
    ),
    4: EventWords(
        "Headcount",
        "Did not access non-mandatory training",
        "Rate of access",
        (
            "accessed non-mandatory training",
            "did not access non-mandatory training",
            "were in the headcount",
        ),
    ),
}
#: What a survey indicator's "yes" answer says, after "White staff" or "BME staff".
_WRES_SURVEY_WORDING: dict[int, str] = {
    5: "reported harassment, bullying or abuse from patients, relatives or the public",
    6: "reported harassment, bullying or abuse from staff",
    7: "believed the trust provides equal opportunities for career progression",
    8: "reported discrimination from a manager, team leader or colleague",
}


def _wres_metric(indicator: int) -> MetricSpec:
    title = INDICATOR_TITLES[indicator]
    if indicator == 1:
        return MetricSpec(
            "1", title, Computation.REPRESENTATION, Direction.REPRESENTATION, _WRES_TABLE_OF[1]
        )
    if indicator in _WRES_RL_COLUMN:
        return MetricSpec(
            str(indicator),
            title,
            Computation.RELATIVE_LIKELIHOOD,
            Direction.ABOVE_ONE_IS_WORSE,
            _WRES_TABLE_OF[indicator],
            # Indicator 3 puts BME on top; 2 and 4 put White on top (SPEC §3).
            numerator="focus" if indicator == 3 else "reference",
            wording=_WRES_RL_COLUMN[indicator],
            events=_WRES_RL_WORDS[indicator],
        )
    if indicator == 9:
        return MetricSpec(
            "9", title, Computation.BOARD, Direction.LOWER_IS_WORSE, _WRES_TABLE_OF[9]
        )
    return MetricSpec(
        str(indicator),
        title,
        Computation.SURVEY,
        Direction.HIGHER_IS_WORSE if indicator in HIGHER_IS_WORSE else Direction.LOWER_IS_WORSE,
        schema.SURVEY.name,
        wording=_WRES_SURVEY_WORDING[indicator],
    )


WRES = Standard(
    name="WRES",
    title="Workforce Race Equality Standard",
    groups=(
        GroupSpec("white", "White", "reference"),
        GroupSpec("bme", "BME", "focus"),
        GroupSpec("unknown", "Unknown", "unknown"),
    ),
    metrics=tuple(_wres_metric(i) for i in sorted(INDICATOR_TITLES)),
    tables=schema.INPUT_TABLES,
    settings=schema.SETTING_SPECS,
    group_column="Ethnicity",
    year_setting="WRES year",
    period_setting="Disciplinary period",
    action_library="data/actions.csv",
    benchmarks="data/national_benchmarks.csv",
    noun="Indicator",
    unknown_by="ethnicity",
    representation_unit="band",
)

#: The setting in tblSettings that says which standard a workbook holds (SPEC §10).
STANDARD_SETTING = "Standard"
DEFAULT_STANDARD = "WRES"


def standards() -> dict[str, Standard]:
    """Every standard by name (imported here, late, so WRES never loads WDES code)."""
    from wres_xl.core.wdes_standard import WDES

    return {WRES.name: WRES, WDES.name: WDES}


def get_standard(value: object) -> Standard:
    """The standard a ``Standard`` setting names (blank means WRES), or an InputError."""
    text = "" if value is None else " ".join(str(value).split())
    if not text:
        return WRES
    known = standards()
    found = known.get(text.upper())
    if found is None:
        raise InputError(
            f"The Standard setting is {text!r}; it must be {' or '.join(known)}. "
            "Type WRES or WDES in the Value column of the Standard row on the Settings sheet."
        )
    return found


def settings_standard(table: RawTable | None) -> Standard:
    """The standard a tblSettings table names (WRES when absent or blank)."""
    if table is None:
        return get_standard(None)
    name_i, value_i = table.column_index("Setting"), table.column_index("Value")
    if name_i is None or value_i is None:
        return get_standard(None)
    for row in table.rows:
        name = row[name_i] if name_i < len(row) else None
        if " ".join(str(name or "").split()).casefold() == STANDARD_SETTING.casefold():
            return get_standard(row[value_i] if value_i < len(row) else None)
    return get_standard(None)
