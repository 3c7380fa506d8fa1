"""The workbook contract of SPEC §7: table names, sheet names, columns and settings.

These names are interfaces users and other tools rely on; everything that reads or
writes the workbook takes them from here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TableSpec:
    name: str
    sheet: str
    columns: tuple[str, ...]
    #: Columns whose values must be whole numbers (blank allowed where ``optional``).
    count_columns: tuple[str, ...] = ()
    optional_columns: tuple[str, ...] = ()
    #: Columns the tool writes; everything else belongs to the user.
    tool_owned_columns: tuple[str, ...] = ()


SETTINGS = TableSpec("tblSettings", "Settings", ("Setting", "Value"))
WORKFORCE = TableSpec(
    "tblWorkforce",
    "Workforce",
    ("Year", "Staff group", "Band", "White", "BME", "Unknown"),
    count_columns=("White", "BME", "Unknown"),
)
RECRUITMENT = TableSpec(
    "tblRecruitment",
    "Recruitment",
    ("Year", "Ethnicity", "Shortlisted", "Appointed"),
    count_columns=("Shortlisted", "Appointed"),
)
DISCIPLINARY = TableSpec(
    "tblDisciplinary",
    "Disciplinary",
    ("Year", "Ethnicity", "Headcount", "Entered formal disciplinary"),
    count_columns=("Headcount", "Entered formal disciplinary"),
    optional_columns=("Headcount",),
)
TRAINING = TableSpec(
    "tblTraining",
    "Training",
    ("Year", "Ethnicity", "Headcount", "Accessed non-mandatory training"),
    count_columns=("Headcount", "Accessed non-mandatory training"),
    optional_columns=("Headcount",),
)
SURVEY = TableSpec(
    "tblSurvey",
    "Staff survey",
    ("Year", "Indicator", "Ethnicity", "Respondents", "Percent"),
    count_columns=("Respondents",),
)
BOARD = TableSpec(
    "tblBoard",
    "Board",
    ("Year", "Role", "Voting", "Ethnicity", "Headcount"),
    count_columns=("Headcount",),
)
ACTIONS = TableSpec(
    "tblActions",
    "Action plan",
    (
        "ID",
        "Indicator",
        "Action",
        "Measure of success",
        "Timescale",
        "Lead",
        "Status",
        "Source",
        "Current rating",
    ),
    tool_owned_columns=("Current rating",),
)

INPUT_TABLES: tuple[TableSpec, ...] = (
    SETTINGS,
    WORKFORCE,
    RECRUITMENT,
    DISCIPLINARY,
    TRAINING,
    SURVEY,
    BOARD,
    ACTIONS,
)
TABLES_BY_NAME: dict[str, TableSpec] = {t.name: t for t in INPUT_TABLES}

#: Output sheets the refresh owns and rewrites whole.
SUMMARY_SHEET = "Summary"
INDICATOR1_SHEET = "Indicator 1"
PUBLICATION_SHEET = "Publication"
CHECKS_SHEET = "Checks"
TRENDS_SHEET = "Trends"
SUPPRESSION_LOG_SHEET = "Suppression log"
OUTPUT_SHEETS: tuple[str, ...] = (
    SUMMARY_SHEET,
    INDICATOR1_SHEET,
    TRENDS_SHEET,
    PUBLICATION_SHEET,
    SUPPRESSION_LOG_SHEET,
    CHECKS_SHEET,
)

STATUS_NOT_STARTED = "Not started"
STATUS_VALUES: tuple[str, ...] = (
    STATUS_NOT_STARTED,
    "On track",
    "At risk",
    "Complete",
    "Dismissed",
)
SOURCE_SUGGESTED, SOURCE_OWN = "Suggested", "Own"
SOURCE_VALUES: tuple[str, ...] = (SOURCE_SUGGESTED, SOURCE_OWN)
ROLE_VALUES: tuple[str, ...] = ("Executive", "Non-executive")
VOTING_VALUES: tuple[str, ...] = ("Yes", "No")
#: The indicator numbers: all nine, the relative likelihoods (2-4) and the survey ones (5-8).
ALL_INDICATORS: tuple[int, ...] = tuple(range(1, 10))
RL_INDICATORS: tuple[int, ...] = (2, 3, 4)
SURVEY_INDICATORS: tuple[int, ...] = (5, 6, 7, 8)
#: The years a WRES (or WDES) year may be: inputs, settings, the template's checks and --year.
MIN_YEAR, MAX_YEAR = 2000, 2100
#: The input tables each indicator is worked out from, its own table first (indicator 9
#: compares the board with the workforce, so it needs both).
INDICATOR_TABLES: dict[int, tuple[TableSpec, ...]] = {
    1: (WORKFORCE,),
    2: (RECRUITMENT,),
    3: (DISCIPLINARY,),
    4: (TRAINING,),
    5: (SURVEY,),
    6: (SURVEY,),
    7: (SURVEY,),
    8: (SURVEY,),
    9: (BOARD, WORKFORCE),
}
PERCENT_BASES: tuple[str, ...] = ("All staff", "Known ethnicity")
DISCIPLINARY_PERIODS: tuple[str, ...] = ("Single year", "Two-year rolling")


@dataclass(frozen=True)
class NumberRule:
    """What a number setting may hold: the one rule the core's settings reader checks and
    the template's data validation (its type, bounds and error text) is built from."""

    whole: bool
    low: float
    high: float
    #: What to type, for the cell's error box and the problem list alike.
    advice: str

    def allows(self, number: float) -> bool:
        return self.low <= number <= self.high and (not self.whole or float(number).is_integer())


@dataclass(frozen=True)
class SettingSpec:
    name: str
    default: object
    note: str
    choices: tuple[str, ...] = ()
    #: For a number setting: the values it may take.
    number: NumberRule | None = None


_YEAR_RULE_ADVICE = "Type a year such as 2024 (the 31 March snapshot year)."


#: The defaults a blank setting takes (model.Settings reads these too).
DEFAULT_SIGNIFICANCE_LEVEL = 0.05
DEFAULT_HIDE_UP_TO = 7
DEFAULT_REDACTION_MARKER = "*"
DEFAULT_ROUND_TO = 0
DEFAULT_TARGET_YEAR = 2028

SETTING_SPECS: tuple[SettingSpec, ...] = (
    SettingSpec("Organisation", None, "Your trust's name, as it should appear on every sheet."),
    SettingSpec(
        "WRES year",
        None,
        "The year to report (31 March snapshot). Leave blank to use the latest year in your data.",
        number=NumberRule(True, MIN_YEAR, MAX_YEAR, _YEAR_RULE_ADVICE),
    ),
    SettingSpec(
        "Term for BME staff",
        "BME",
        "The word your trust uses: BME, BAME, Global Majority, ethnically diverse, "
        "ethnic minority.",
        ("BME", "BAME", "Global Majority", "ethnically diverse", "ethnic minority"),
    ),
    SettingSpec(
        "Percentages based on",
        "All staff",
        "All staff: Unknown ethnicity included, so shares add to 100%. Known ethnicity: excluded.",
        PERCENT_BASES,
    ),
    SettingSpec(
        "Disciplinary period",
        "Single year",
        "Indicator 3: one year, or the last two years added together (for small numbers).",
        DISCIPLINARY_PERIODS,
    ),
    SettingSpec(
        "Significance level",
        DEFAULT_SIGNIFICANCE_LEVEL,
        "A difference is called significant when Fisher's exact test gives p below this.",
        number=NumberRule(
            False, 0.0001, 0.5, "Type a number between 0.0001 and 0.5, for example 0.05."
        ),
    ),
    SettingSpec(
        "Hide counts up to",
        DEFAULT_HIDE_UP_TO,
        "Publication: counts from 1 up to this number are hidden so nobody can be identified.",
        number=NumberRule(True, 0, 100, "Type a whole number, for example 7 (0 hides nothing)."),
    ),
    SettingSpec(
        "Redaction marker",
        DEFAULT_REDACTION_MARKER,
        "Publication: what is shown in place of a hidden number.",
    ),
    SettingSpec(
        "Round published counts to",
        DEFAULT_ROUND_TO,
        "Publication: 5 rounds shown counts to the nearest 5; 0 leaves them as they are.",
        number=NumberRule(True, 0, 100, "Type 0 (no rounding) or 5 (round to the nearest 5)."),
    ),
    SettingSpec(
        "Local population BME %",
        None,
        "Aspirational targets: the BME share of your local population. Blank uses the "
        "workforce share.",
        number=NumberRule(False, 0, 100, "Type a percentage between 0 and 100, or leave it blank."),
    ),
    SettingSpec(
        "Target year",
        DEFAULT_TARGET_YEAR,
        "Aspirational targets: the year to reach them by.",
        number=NumberRule(True, MIN_YEAR, MAX_YEAR, "Type a year such as 2028."),
    ),
    SettingSpec(
        "Suppress board figures",
        "No",
        "Publication: No shows board counts in full (board members are public office "
        "holders); Yes hides small ones like any other count.",
        ("No", "Yes"),
    ),
    # The sign-off fields the NHS England WRES reporting template asks for; they go on the
    # cover of the report document (wres-xl report) and nowhere that needs a count.
    SettingSpec("Board lead", None, "Report cover: the Board member who leads on the WRES."),
    SettingSpec("Report author", None, "Report cover: who wrote the report."),
    SettingSpec("Date signed off", None, "Report cover: when the Board signed the report off."),
    SettingSpec("Report URL", None, "Report cover: where the report is published online."),
)
SETTINGS_BY_NAME: dict[str, SettingSpec] = {s.name: s for s in SETTING_SPECS}


def setting_spec(name: object) -> SettingSpec | None:
    """The setting a Settings row names: spaces and case do not matter ("term for  BME staff")."""
    wanted = " ".join(str(name).split()).casefold()
    return next((s for s in SETTING_SPECS if s.name.casefold() == wanted), None)
