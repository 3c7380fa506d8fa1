"""The Workforce Disability Equality Standard as data (SPEC §10, NHS England WDES guidance).

Names here (tables, columns, settings, metric keys, group keys) are the interface of
SPEC §10: users, acceptance checks and other tools rely on them.
"""

from __future__ import annotations

from wres_xl.core import schema
from wres_xl.core.schema import SettingSpec, TableSpec
from wres_xl.core.standard import (
    Computation,
    Direction,
    EventWords,
    GroupSpec,
    MetricSpec,
    Standard,
)

NON_DISABLED = "Non-disabled"
DISABLED = "Disabled"
UNKNOWN = "Unknown"
GROUP_LABELS: tuple[str, str, str] = (NON_DISABLED, DISABLED, UNKNOWN)

WORKFORCE = TableSpec(
    "tblWorkforce",
    "Workforce",
    ("Year", "Staff group", "Band", NON_DISABLED, DISABLED, UNKNOWN),
    count_columns=(NON_DISABLED, DISABLED, UNKNOWN),
)
RECRUITMENT = TableSpec(
    "tblRecruitment",
    "Recruitment",
    ("Year", "Disability", "Shortlisted", "Appointed"),
    count_columns=("Shortlisted", "Appointed"),
)
CAPABILITY = TableSpec(
    "tblCapability",
    "Capability",
    ("Year", "Disability", "Headcount", "Entered formal capability"),
    count_columns=("Headcount", "Entered formal capability"),
    optional_columns=("Headcount",),
)
SURVEY = TableSpec(
    "tblSurvey",
    "Staff survey",
    ("Year", "Metric", "Disability", "Respondents", "Percent", "Score"),
    count_columns=("Respondents",),
    optional_columns=("Respondents", "Percent", "Score"),
)
VOICES = TableSpec(
    "tblVoices",
    "Voices",
    ("Year", "Facilitates voices", "Narrative"),
)
BOARD = TableSpec(
    "tblBoard",
    "Board",
    ("Year", "Role", "Voting", "Disability", "Headcount"),
    count_columns=("Headcount",),
)

INPUT_TABLES: tuple[TableSpec, ...] = (
    schema.SETTINGS,
    WORKFORCE,
    RECRUITMENT,
    CAPABILITY,
    SURVEY,
    VOICES,
    BOARD,
    schema.ACTIONS,
)

#: Metrics whose rows live in tblSurvey (SPEC §10).
SURVEY_METRICS: tuple[str, ...] = ("4a-i", "4a-ii", "4a-iii", "4b", "5", "6", "7", "8", "9a")
PERCENT_BASES: tuple[str, ...] = ("All staff", "Known disability status")
CAPABILITY_PERIODS: tuple[str, ...] = schema.DISCIPLINARY_PERIODS

METRICS: tuple[MetricSpec, ...] = (
    MetricSpec(
        "1",
        "Representation by pay cluster",
        Computation.REPRESENTATION,
        Direction.REPRESENTATION,
        WORKFORCE.name,
    ),
    MetricSpec(
        "2",
        "Appointment from shortlisting",
        Computation.RELATIVE_LIKELIHOOD,
        Direction.ABOVE_ONE_IS_WORSE,
        RECRUITMENT.name,
        numerator="reference",
        wording="Appointed",
        events=EventWords(
            "Shortlisted",
            "Not appointed",
            "Appointment rate",
            ("were appointed", "were not appointed", "were shortlisted"),
            noun="applicants",
        ),
    ),
    MetricSpec(
        "3",
        "Entering the formal capability process",
        Computation.RELATIVE_LIKELIHOOD,
        Direction.ABOVE_ONE_IS_WORSE,
        CAPABILITY.name,
        numerator="focus",
        wording="Entered formal capability",
        events=EventWords(
            "Headcount",
            "Did not enter formal capability",
            "Rate of entry",
            (
                "entered the formal capability process",
                "did not enter the formal capability process",
                "were in the headcount",
            ),
        ),
    ),
    MetricSpec(
        "4a-i",
        "Harassment, bullying or abuse from patients, relatives or the public",
        Computation.SURVEY,
        Direction.HIGHER_IS_WORSE,
        SURVEY.name,
        wording="experienced harassment, bullying or abuse from patients, relatives or the public",
    ),
    MetricSpec(
        "4a-ii",
        "Harassment, bullying or abuse from managers",
        Computation.SURVEY,
        Direction.HIGHER_IS_WORSE,
        SURVEY.name,
        wording="experienced harassment, bullying or abuse from managers",
    ),
    MetricSpec(
        "4a-iii",
        "Harassment, bullying or abuse from other colleagues",
        Computation.SURVEY,
        Direction.HIGHER_IS_WORSE,
        SURVEY.name,
        wording="experienced harassment, bullying or abuse from other colleagues",
    ),
    MetricSpec(
        "4b",
        "Reporting the last experience of harassment, bullying or abuse",
        Computation.SURVEY,
        Direction.LOWER_IS_WORSE,
        SURVEY.name,
        wording="said they or a colleague reported their last experience of harassment, "
        "bullying or abuse",
    ),
    MetricSpec(
        "5",
        "Belief that the trust provides equal opportunities for career progression",
        Computation.SURVEY,
        Direction.LOWER_IS_WORSE,
        SURVEY.name,
        wording="believe the trust provides equal opportunities for career progression or "
        "promotion",
    ),
    MetricSpec(
        "6",
        "Pressure from a manager to come to work when not well enough",
        Computation.SURVEY,
        Direction.HIGHER_IS_WORSE,
        SURVEY.name,
        wording="felt pressure from their manager to come to work when not feeling well "
        "enough to perform their duties",
    ),
    MetricSpec(
        "7",
        "Satisfaction with the extent the organisation values their work",
        Computation.SURVEY,
        Direction.LOWER_IS_WORSE,
        SURVEY.name,
        wording="are satisfied with the extent to which the organisation values their work",
    ),
    MetricSpec(
        "8",
        "Adequate adjustments for Disabled staff",
        Computation.SINGLE_GROUP,
        Direction.LOWER_IS_WORSE,
        SURVEY.name,
        wording="said their employer has made adequate adjustment(s) to enable them to carry "
        "out their work",
    ),
    MetricSpec(
        "9a",
        "Staff engagement score (0-10)",
        Computation.SCORE,
        Direction.LOWER_IS_WORSE,
        SURVEY.name,
    ),
    MetricSpec(
        "9b",
        "Action to facilitate the voices of Disabled staff",
        Computation.YES_NO,
        Direction.LOWER_IS_WORSE,
        VOICES.name,
    ),
    MetricSpec(
        "10",
        "Board representation compared with the workforce",
        Computation.BOARD,
        Direction.LOWER_IS_WORSE,
        BOARD.name,
    ),
)


def _wres_setting(name: str) -> SettingSpec:
    return schema.SETTINGS_BY_NAME[name]


SETTING_SPECS: tuple[SettingSpec, ...] = (
    SettingSpec("Standard", "WDES", "Which standard this workbook holds: WRES or WDES.", ("WDES",)),
    _wres_setting("Organisation"),
    SettingSpec(
        "WDES year",
        None,
        "The year to report (31 March snapshot). Leave blank to use the latest year in your data.",
    ),
    SettingSpec(
        "Percentages based on",
        "All staff",
        "All staff: Unknown disability status included, so shares add to 100%. "
        "Known disability status: excluded.",
        PERCENT_BASES,
    ),
    SettingSpec(
        "Capability period",
        "Single year",
        "Metric 3: one year, or the last two years added together (NHS England allows a "
        "two-year rolling average for small numbers).",
        CAPABILITY_PERIODS,
    ),
    _wres_setting("Significance level"),
    _wres_setting("Hide counts up to"),
    _wres_setting("Redaction marker"),
    _wres_setting("Round published counts to"),
    _wres_setting("Target year"),
    _wres_setting("Suppress board figures"),
    SettingSpec("Board lead", None, "Report cover: the Board member who leads on the WDES."),
    _wres_setting("Report author"),
    _wres_setting("Date signed off"),
    _wres_setting("Report URL"),
)

WDES = Standard(
    name="WDES",
    title="Workforce Disability Equality Standard",
    groups=(
        GroupSpec("non_disabled", NON_DISABLED, "reference", in_text="non-disabled"),
        GroupSpec("disabled", DISABLED, "focus"),
        GroupSpec("unknown", UNKNOWN, "unknown"),
    ),
    metrics=METRICS,
    tables=INPUT_TABLES,
    settings=SETTING_SPECS,
    group_column="Disability",
    year_setting="WDES year",
    period_setting="Capability period",
    action_library="data/wdes_actions.csv",
    benchmarks="data/wdes_national_benchmarks.csv",
    noun="Metric",
    unknown_by="disability status",
    representation_unit="cluster",
)
