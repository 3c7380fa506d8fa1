"""Words for people on each sheet, keyed by the schema names (a renamed table fails here)."""

from __future__ import annotations

from wres_xl.core import schema
from wres_xl.workbook.template.sheets import CALCULATOR_SHEET, START_SHEET

_SHEET_TITLES: dict[str, str] = {
    schema.SETTINGS.name: "Settings: how the report is worked out",
    schema.WORKFORCE.name: "Workforce: staff in post by pay band (indicator 1)",
    schema.RECRUITMENT.name: "Recruitment: shortlisting and appointment (indicator 2)",
    schema.DISCIPLINARY.name: "Disciplinary: formal investigations (indicator 3)",
    schema.TRAINING.name: "Training: non-mandatory training and CPD (indicator 4)",
    schema.SURVEY.name: "Staff survey: NHS Staff Survey results (indicators 5 to 8)",
    schema.BOARD.name: "Board: board membership (indicator 9)",
    schema.ACTIONS.name: "Action plan",
}

_INSTRUCTIONS: dict[str, str] = {
    schema.SETTINGS.name: (
        "Change only the yellow Value column. The values already there are the standard defaults."
    ),
    schema.WORKFORCE.name: (
        "Headcount at 31 March of each WRES year, by staff group and pay band, for White, BME and "
        "Unknown ethnicity. Leave out bank-only workers."
    ),
    schema.RECRUITMENT.name: (
        "People shortlisted and appointed in the 12 months to 31 March, one row per year and "
        "ethnic group (White, BME, Unknown)."
    ),
    schema.DISCIPLINARY.name: (
        "Staff entering a formal disciplinary investigation in the 12 months to 31 March. Leave "
        "Headcount blank to use the Workforce totals."
    ),
    schema.TRAINING.name: (
        "Staff accessing non-mandatory training or CPD in the 12 months to 31 March. Leave "
        "Headcount blank to use the Workforce totals."
    ),
    schema.SURVEY.name: (
        "Results for WRES indicators 5 to 8 from the Staff Survey run in the autumn before the "
        "WRES year. Percent as printed (27.5 or 27.5%)."
    ),
    schema.BOARD.name: (
        "Board members at 31 March: one row per role, voting status and ethnic group, with the "
        "number of members."
    ),
    schema.ACTIONS.name: (
        "Your WRES action plan. Refresh adds suggested actions for indicators rated Worse; it "
        "never deletes a row or changes your text."
    ),
}

_HINTS: dict[str, str] = {
    schema.SETTINGS.name: "Setting names are fixed: don't rename or delete them.",
    schema.ACTIONS.name: (
        "Current rating (grey) is filled in by Refresh. Set Status to Dismissed to stop a "
        "suggestion coming back."
    ),
}
_DEFAULT_HINT = (
    "Type or paste into the yellow table; it grows as you add rows. Keep the blue headings. "
    "Extra columns to the right are allowed and ignored."
)

_SHEET_PURPOSE: dict[str, str] = {
    START_SHEET: "This page: how to use the workbook.",
    schema.SETTINGS.sheet: "Your organisation's name, the WRES year, how figures are calculated.",
    schema.WORKFORCE.sheet: "Staff in post by staff group, pay band and ethnicity (indicator 1).",
    schema.RECRUITMENT.sheet: "Shortlisted and appointed applicants (indicator 2).",
    schema.DISCIPLINARY.sheet: "Staff entering formal disciplinary investigation (indicator 3).",
    schema.TRAINING.sheet: "Staff accessing non-mandatory training and CPD (indicator 4).",
    schema.SURVEY.sheet: "NHS Staff Survey results for indicators 5 to 8.",
    schema.BOARD.sheet: "Board members by role, voting status and ethnicity (indicator 9).",
    schema.ACTIONS.sheet: "Your action plan; Refresh suggests actions where a result is Worse.",
    CALCULATOR_SHEET: "Each indicator worked out live with the WRES functions, to copy.",
    schema.SUMMARY_SHEET: "All nine indicators for the WRES year and the year before, rated.",
    schema.INDICATOR1_SHEET: "Representation in every pay band, coloured by rating.",
    schema.TRENDS_SHEET: "Each indicator across all the years in the workbook.",
    schema.PUBLICATION_SHEET: "The figures to publish, with small numbers hidden.",
    schema.SUPPRESSION_LOG_SHEET: "Which numbers were hidden in Publication, and why.",
    schema.CHECKS_SHEET: "Problems found in your data, with where they are and what to do.",
}

_OUTPUT_PLACEHOLDER = (
    "This sheet is filled in by WRES ▸ Refresh (or wres-xl refresh). "
    "Don't type here: it is rewritten on every refresh."
)
