"""The WDES figures of the demo's fictional trust (Example NHS Trust), SPEC §10 tables.

Made up, but shaped like a real trust's: the same staff in post as the WRES demo (each
band's headcount is the WRES demo's), of whom about 5% have declared a disability (rising
each year with a declaration campaign, fewer in the senior bands) and about 15% have not
said; the recruitment, capability, survey and board figures follow the national pattern of
the NHS England WDES reports (Disabled applicants less likely to be appointed, Disabled
staff more likely to enter capability, worse survey results on every question).
"""

from __future__ import annotations

from wres_xl.commands.demo.wres_data import DEMO_YEARS, band_headcounts
from wres_xl.core.schema import TableSpec
from wres_xl.core.wdes_standard import (
    BOARD,
    CAPABILITY,
    DISABLED,
    NON_DISABLED,
    RECRUITMENT,
    SURVEY,
    VOICES,
    WORKFORCE,
)
from wres_xl.core.wdes_standard import UNKNOWN as UNKNOWN_GROUP

#: Declared Disabled share by year, at Band 7 and below (senior bands: half of it).
_DISABLED_SHARE = {2023: 0.042, 2024: 0.047, 2025: 0.052}
_UNKNOWN_SHARE = {2023: 0.19, 2024: 0.17, 2025: 0.15}
_SENIOR = ("Band 8a", "Band 8b", "Band 8c", "Band 8d", "Band 9", "VSM", "Consultant")

# (year, non-disabled shortlisted, appointed, Disabled shortlisted, appointed)
_RECRUITMENT = (
    (2023, 2310, 602, 212, 41),
    (2024, 2385, 618, 241, 49),
    (2025, 2452, 640, 268, 58),
)
# (year, non-disabled entered formal capability, Disabled entered): headcounts from Workforce.
_CAPABILITY = ((2023, 20, 2), (2024, 21, 3), (2025, 22, 3))
# metric: (non-disabled %, Disabled %) in the 2025 survey; the earlier year a little worse.
_SURVEY_2025 = {
    "4a-i": (24.1, 31.0),
    "4a-ii": (8.2, 13.5),
    "4a-iii": (17.9, 25.6),
    "4b": (47.5, 46.0),
    "5": (56.2, 49.4),
    "6": (16.8, 24.9),
    "7": (41.3, 31.8),
}
_RESPONDENTS = {2024: (1710, 402), 2025: (1794, 446)}
_ADJUSTMENTS = {2024: (330, 71.2), 2025: (352, 73.6)}  # (Disabled respondents, %)
_ENGAGEMENT = {2024: (6.9, 6.3), 2025: (7.0, 6.5)}
_VOICES = {
    2024: "The Disability and Long-term Conditions Network meets every month; its chair "
    "reports to the People Committee twice a year.",
    2025: "The Network has an executive sponsor, protected time for its chair and co-chairs, "
    "and reviewed the reasonable adjustments passport with the People team.",
}
# (year, role, voting, non-disabled, Disabled, unknown)
_BOARD = (
    (2024, "Executive", "Yes", 5, 0, 0),
    (2024, "Executive", "No", 2, 0, 0),
    (2024, "Non-executive", "Yes", 5, 0, 1),
    (2025, "Executive", "Yes", 5, 0, 0),
    (2025, "Executive", "No", 2, 0, 0),
    (2025, "Non-executive", "Yes", 5, 1, 0),
    (2025, "Non-executive", "No", 1, 0, 0),
)


def _row(table: TableSpec, *values: object) -> dict[str, object]:
    return dict(zip(table.columns, values, strict=True))


def _split(year: int, band: str, total: int) -> tuple[int, int, int]:
    """(non-disabled, Disabled, unknown) of a band's headcount."""
    share = _DISABLED_SHARE[year] / (2 if band in _SENIOR else 1)
    disabled = round(total * share)
    unknown = round(total * _UNKNOWN_SHARE[year])
    return total - disabled - unknown, disabled, unknown


def wdes_demo_inputs() -> dict[str, list[dict[str, object]]]:
    """Rows for every WDES input table but Settings, keyed by Excel Table name."""
    workforce = [
        _row(WORKFORCE, year, group, band, *_split(year, band, total))
        for year in DEMO_YEARS
        for group, band, total in band_headcounts(year)
    ]
    recruitment = [
        row
        for year, nd_short, nd_app, d_short, d_app in _RECRUITMENT
        for row in (
            _row(RECRUITMENT, year, NON_DISABLED, nd_short, nd_app),
            _row(RECRUITMENT, year, DISABLED, d_short, d_app),
        )
    ]
    capability = [
        row
        for year, nd, d in _CAPABILITY
        for row in (
            _row(CAPABILITY, year, NON_DISABLED, None, nd),
            _row(CAPABILITY, year, DISABLED, None, d),
        )
    ]
    survey: list[dict[str, object]] = []
    for year, (nd_n, d_n) in _RESPONDENTS.items():
        worse = 1.0 if year == 2025 else 1.05
        for metric, (nd_pct, d_pct) in _SURVEY_2025.items():
            survey.append(_row(SURVEY, year, metric, NON_DISABLED, nd_n, nd_pct, None))
            survey.append(_row(SURVEY, year, metric, DISABLED, d_n, round(d_pct * worse, 1), None))
        n, pct = _ADJUSTMENTS[year]
        survey.append(_row(SURVEY, year, "8", DISABLED, n, pct, None))
        nd_score, d_score = _ENGAGEMENT[year]
        survey.append(_row(SURVEY, year, "9a", NON_DISABLED, None, None, nd_score))
        survey.append(_row(SURVEY, year, "9a", DISABLED, None, None, d_score))
    voices = [_row(VOICES, year, "Yes", text) for year, text in _VOICES.items()]
    board = [
        _row(BOARD, year, role, voting, group, count)
        for year, role, voting, *counts in _BOARD
        for group, count in zip((NON_DISABLED, DISABLED, UNKNOWN_GROUP), counts, strict=True)
    ]
    return {
        WORKFORCE.name: workforce,
        RECRUITMENT.name: recruitment,
        CAPABILITY.name: capability,
        SURVEY.name: survey,
        VOICES.name: voices,
        BOARD.name: board,
    }
