"""The fictional trust behind ``wres-xl demo``: three years of realistic WRES inputs.

"Example NHS Trust" is a made-up acute trust of about 6,000 staff whose BME share rises
from 22% to 26% over the three years. The figures are fixed literals (not random) so the
demo workbook, its screenshots and the tests that read it never change between runs.
They are chosen to exercise the whole product:

* a typical WRES picture in indicator 1: a high BME share at bands 2-5 and among doctors,
  falling sharply at band 8a and above, with cells of 1-7 at senior bands that the
  publication view must hide, and some empty bands (zeros);
* a significant recruitment disparity (indicator 2, relative likelihood 1.50 in 2025);
* disciplinary counts small enough that the relative likelihood has a wide interval;
* a significant survey gap for discrimination (indicator 8) and career progression (7);
* a board with one or two BME members.

Every table is internally consistent: appointed never exceeds shortlisted, events and
survey respondents never exceed the group's workforce headcount, and the explicit 2023
disciplinary headcounts equal that year's workforce totals.
"""

from __future__ import annotations

from wres_xl.core.schema import (
    ACTIONS,
    BOARD,
    DISCIPLINARY,
    RECRUITMENT,
    SETTING_SPECS,
    SETTINGS,
    SURVEY,
    TRAINING,
    WORKFORCE,
    TableSpec,
)

DEMO_ORGANISATION = "Example NHS Trust"
DEMO_YEAR = 2025
DEMO_YEARS: tuple[int, ...] = (2023, 2024, 2025)

Counts = tuple[int, int, int]  # White, BME, Unknown

# Staff in post at 31 March of each year, bank-only workers excluded.
# (staff group, band, 2023, 2024, 2025), each year as (White, BME, Unknown).
_WORKFORCE: tuple[tuple[str, str, Counts, Counts, Counts], ...] = (
    ("Non-clinical", "Under Band 1", (9, 2, 0), (11, 2, 0), (12, 3, 1)),
    ("Non-clinical", "Band 1", (0, 0, 0), (0, 0, 0), (0, 0, 0)),
    ("Non-clinical", "Band 2", (374, 103, 10), (383, 120, 10), (391, 138, 11)),
    ("Non-clinical", "Band 3", (294, 69, 7), (301, 81, 8), (308, 94, 8)),
    ("Non-clinical", "Band 4", (222, 47, 6), (230, 54, 6), (237, 62, 6)),
    ("Non-clinical", "Band 5", (129, 24, 2), (133, 28, 2), (137, 32, 3)),
    ("Non-clinical", "Band 6", (91, 13, 2), (95, 15, 2), (98, 18, 2)),
    ("Non-clinical", "Band 7", (68, 8, 2), (71, 9, 2), (73, 11, 2)),
    ("Non-clinical", "Band 8a", (47, 4, 1), (49, 5, 1), (51, 6, 1)),
    ("Non-clinical", "Band 8b", (28, 2, 0), (29, 2, 1), (30, 3, 1)),
    ("Non-clinical", "Band 8c", (16, 1, 0), (17, 1, 0), (17, 2, 0)),
    ("Non-clinical", "Band 8d", (9, 1, 0), (9, 0, 0), (10, 1, 0)),
    ("Non-clinical", "Band 9", (4, 0, 0), (4, 1, 0), (4, 1, 0)),
    ("Non-clinical", "VSM", (8, 1, 0), (7, 1, 0), (8, 1, 1)),
    ("Clinical", "Under Band 1", (15, 3, 0), (17, 3, 0), (18, 4, 1)),
    ("Clinical", "Band 1", (0, 0, 0), (0, 0, 0), (0, 0, 0)),
    ("Clinical", "Band 2", (263, 66, 7), (269, 74, 7), (274, 84, 7)),
    ("Clinical", "Band 3", (448, 118, 12), (459, 137, 12), (469, 158, 13)),
    ("Clinical", "Band 4", (154, 32, 4), (160, 38, 4), (167, 44, 4)),
    ("Clinical", "Band 5", (781, 324, 17), (795, 381, 18), (808, 443, 19)),
    ("Clinical", "Band 6", (604, 134, 11), (619, 157, 12), (635, 183, 12)),
    ("Clinical", "Band 7", (391, 49, 7), (402, 57, 7), (412, 66, 7)),
    ("Clinical", "Band 8a", (116, 9, 3), (121, 11, 3), (126, 13, 3)),
    ("Clinical", "Band 8b", (40, 2, 0), (41, 3, 0), (42, 4, 1)),
    ("Clinical", "Band 8c", (13, 2, 0), (14, 2, 0), (15, 2, 0)),
    ("Clinical", "Band 8d", (5, 1, 0), (5, 1, 0), (6, 1, 0)),
    ("Clinical", "Band 9", (2, 0, 0), (2, 0, 0), (2, 0, 0)),
    ("Clinical", "VSM", (0, 0, 0), (0, 0, 0), (0, 0, 0)),
    ("Medical & Dental", "Consultant", (190, 113, 6), (194, 122, 6), (197, 131, 7)),
    ("Medical & Dental", "Senior medical manager", (5, 1, 0), (5, 1, 0), (4, 2, 0)),
    ("Medical & Dental", "Non-consultant career grade", (54, 61, 2), (56, 66, 2), (57, 72, 3)),
    ("Medical & Dental", "Trainee grade", (143, 115, 8), (146, 126, 8), (148, 138, 9)),
    ("Medical & Dental", "Other", (12, 6, 1), (12, 7, 1), (12, 8, 1)),
)

# Indicator 2, the 12 months to 31 March: (year, ethnicity, shortlisted, appointed).
# Relative likelihood (White / BME): 2023 1.39, 2024 1.31, 2025 1.50; all significant.
_RECRUITMENT: tuple[tuple[int, str, int, int], ...] = (
    (2023, "White", 2980, 846),
    (2023, "BME", 1620, 331),
    (2023, "Unknown", 142, 47),
    (2024, "White", 3105, 869),
    (2024, "BME", 1890, 405),
    (2024, "Unknown", 151, 49),
    (2025, "White", 3240, 972),
    (2025, "BME", 2150, 430),
    (2025, "Unknown", 160, 52),
)

# Indicator 3: (year, ethnicity, entered formal disciplinary). 2023 gives headcounts
# explicitly (as a trust copying them from ESR would); later years leave them blank so the
# workforce totals are used. RL (BME / White): 2023 0.82, 2024 1.09, 2025 1.16, none
# significant, every interval spanning 1.
_DISCIPLINARY: tuple[tuple[int, str, int], ...] = (
    (2023, "White", 21),
    (2023, "BME", 5),
    (2023, "Unknown", 1),
    (2024, "White", 17),
    (2024, "BME", 6),
    (2024, "Unknown", 0),
    (2025, "White", 19),
    (2025, "BME", 8),
    (2025, "Unknown", 1),
)
_EXPLICIT_HEADCOUNT_YEARS: tuple[int, ...] = (2023,)

# Indicator 4: (year, ethnicity, accessed non-mandatory training); headcounts left blank.
# RL (White / BME): 2023 1.12, 2024 1.06, 2025 1.09.
_TRAINING: tuple[tuple[int, str, int], ...] = (
    (2023, "White", 2540),
    (2023, "BME", 655),
    (2023, "Unknown", 46),
    (2024, "White", 2700),
    (2024, "BME", 821),
    (2024, "Unknown", 50),
    (2025, "White", 2861),
    (2025, "BME", 947),
    (2025, "Unknown", 58),
)

# Indicators 5-8 from the NHS Staff Survey run in the autumn before each WRES year
# (about 45% response): (year, indicator, White respondents, White %, BME respondents, BME %).
# Each percentage is exactly events / respondents to two decimals. Indicator 8 (BME 15%,
# White 6%) and indicator 7 are significant every year; indicator 5 never is.
_SURVEY: tuple[tuple[int, int, int, float, int, float], ...] = (
    (2023, 5, 2060, 28.4, 500, 30.0),
    (2023, 6, 2048, 23.1, 497, 27.57),
    (2023, 7, 2020, 57.18, 488, 43.65),
    (2023, 8, 2035, 6.39, 492, 16.26),
    (2024, 5, 2125, 27.58, 575, 29.74),
    (2024, 6, 2113, 22.39, 572, 26.92),
    (2024, 7, 2085, 58.08, 563, 45.12),
    (2024, 8, 2100, 6.19, 567, 15.87),
    (2025, 5, 2190, 26.89, 655, 28.24),
    (2025, 6, 2178, 21.3, 652, 25.46),
    (2025, 7, 2150, 58.79, 643, 46.97),
    (2025, 8, 2165, 6.0, 647, 15.15),
)

# Indicator 9: a 14-member board; (year, role, voting, White, BME).
_BOARD: tuple[tuple[int, str, str, int, int], ...] = (
    (2023, "Executive", "Yes", 5, 0),
    (2023, "Executive", "No", 2, 0),
    (2023, "Non-executive", "Yes", 6, 1),
    (2023, "Non-executive", "No", 0, 0),
    (2024, "Executive", "Yes", 5, 0),
    (2024, "Executive", "No", 2, 0),
    (2024, "Non-executive", "Yes", 5, 1),
    (2024, "Non-executive", "No", 1, 0),
    (2025, "Executive", "Yes", 4, 1),
    (2025, "Executive", "No", 2, 0),
    (2025, "Non-executive", "Yes", 5, 1),
    (2025, "Non-executive", "No", 1, 0),
)

# One action the trust wrote itself, so the demo shows that refresh keeps user rows.
_OWN_ACTION: dict[str, object] = {
    "ID": "OWN-01",
    "Indicator": 7,
    "Action": (
        "Reverse mentoring: pair BME staff at bands 5 to 7 with executive directors, "
        "with a career conversation every quarter."
    ),
    "Measure of success": (
        "Indicator 7 gap between White and BME staff halved in the 2026 staff survey."
    ),
    "Timescale": "April 2025 to March 2026",
    "Lead": "Chief People Officer",
    "Status": "On track",
    "Source": "Own",
    "Current rating": None,
}


def _row(table: TableSpec, *values: object) -> dict[str, object]:
    return dict(zip(table.columns, values, strict=True))


def _workforce_counts(year: int) -> list[tuple[str, str, Counts]]:
    index = DEMO_YEARS.index(year)
    return [(group, band, yearly[index]) for group, band, *yearly in _WORKFORCE]


def band_headcounts(year: int) -> list[tuple[str, str, int]]:
    """(staff group, band, headcount) of ``year``: the WDES demo splits the same staff."""
    return [(group, band, sum(counts)) for group, band, counts in _workforce_counts(year)]


def _workforce_totals(year: int) -> Counts:
    cells = [counts for _, _, counts in _workforce_counts(year)]
    return (
        sum(white for white, _, _ in cells),
        sum(bme for _, bme, _ in cells),
        sum(unknown for _, _, unknown in cells),
    )


def _group_headcount(year: int, ethnicity: str) -> int:
    return _workforce_totals(year)[("White", "BME", "Unknown").index(ethnicity)]


def demo_inputs() -> dict[str, list[dict[str, object]]]:
    """Rows for every input table of the demo workbook, keyed by Excel Table name.

    Each row maps the table's column headers (SPEC §7) to a value; a fresh copy is
    returned on every call, so callers may change it freely.
    """
    settings_values: dict[str, object] = {"Organisation": DEMO_ORGANISATION, "WRES year": DEMO_YEAR}
    settings = [
        _row(SETTINGS, spec.name, settings_values.get(spec.name, spec.default))
        for spec in SETTING_SPECS
    ]
    workforce = [
        _row(WORKFORCE, year, group, band, *counts)
        for year in DEMO_YEARS
        for group, band, counts in _workforce_counts(year)
    ]
    recruitment = [_row(RECRUITMENT, *entry) for entry in _RECRUITMENT]
    disciplinary = [
        _row(
            DISCIPLINARY,
            year,
            ethnicity,
            _group_headcount(year, ethnicity) if year in _EXPLICIT_HEADCOUNT_YEARS else None,
            entered,
        )
        for year, ethnicity, entered in _DISCIPLINARY
    ]
    training = [
        _row(TRAINING, year, ethnicity, None, accessed) for year, ethnicity, accessed in _TRAINING
    ]
    survey = [
        row
        for year, indicator, white_n, white_pct, bme_n, bme_pct in _SURVEY
        for row in (
            _row(SURVEY, year, indicator, "White", white_n, white_pct),
            _row(SURVEY, year, indicator, "BME", bme_n, bme_pct),
        )
    ]
    board = [
        row
        for year, role, voting, white, bme in _BOARD
        for row in (
            _row(BOARD, year, role, voting, "White", white),
            _row(BOARD, year, role, voting, "BME", bme),
        )
    ]
    return {
        SETTINGS.name: settings,
        WORKFORCE.name: workforce,
        RECRUITMENT.name: recruitment,
        DISCIPLINARY.name: disciplinary,
        TRAINING.name: training,
        SURVEY.name: survey,
        BOARD.name: board,
        ACTIONS.name: [dict(_OWN_ACTION)],
    }
