"""Excel's number formats and date serials, without importing openpyxl.

The file refresh reads and writes packages itself (``package.py``, ``sheet_xml.py``);
importing openpyxl only for these tables and two conversions cost about a quarter of a
second of every refresh. They follow ECMA-376 §18.8.30 (built-in formats) and Excel's
1900 date system, as openpyxl does (the tests compare them with openpyxl's).
"""

from __future__ import annotations

import datetime as dt
import re

BUILTIN_FORMATS: dict[int, str] = {
    0: "General",
    1: "0",
    2: "0.00",
    3: "#,##0",
    4: "#,##0.00",
    5: '"$"#,##0_);("$"#,##0)',
    6: '"$"#,##0_);[Red]("$"#,##0)',
    7: '"$"#,##0.00_);("$"#,##0.00)',
    8: '"$"#,##0.00_);[Red]("$"#,##0.00)',
    9: "0%",
    10: "0.00%",
    11: "0.00E+00",
    12: "# ?/?",
    13: "# ??/??",
    14: "mm-dd-yy",
    15: "d-mmm-yy",
    16: "d-mmm",
    17: "mmm-yy",
    18: "h:mm AM/PM",
    19: "h:mm:ss AM/PM",
    20: "h:mm",
    21: "h:mm:ss",
    22: "m/d/yy h:mm",
    37: "#,##0_);(#,##0)",
    38: "#,##0_);[Red](#,##0)",
    39: "#,##0.00_);(#,##0.00)",
    40: "#,##0.00_);[Red](#,##0.00)",
    41: r'_(* #,##0_);_(* \(#,##0\);_(* "-"_);_(@_)',
    42: r'_("$"* #,##0_);_("$"* \(#,##0\);_("$"* "-"_);_(@_)',
    43: r'_(* #,##0.00_);_(* \(#,##0.00\);_(* "-"??_);_(@_)',
    44: r'_("$"* #,##0.00_)_("$"* \(#,##0.00\)_("$"* "-"??_)_(@_)',
    45: "mm:ss",
    46: "[h]:mm:ss",
    47: "mmss.0",
    48: "##0.0E+0",
    49: "@",
}
BUILTIN_IDS: dict[str, int] = {code: i for i, code in BUILTIN_FORMATS.items()}

# Quoted text and bracketed parts other than elapsed-time codes ([h], [mm], [ss]) carry no
# date letters.
_STRIP = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DATE_LETTER = re.compile(r"(?<![_\\])[dmhysDMHYS]")
WINDOWS_EPOCH = dt.datetime(1899, 12, 30)
_DAY_SECONDS = 86400


def is_date_format(code: str | None) -> bool:
    """Whether a number in this format is a date or time (its first section decides)."""
    if code is None:
        return False
    return _DATE_LETTER.search(_STRIP.sub("", code.split(";")[0])) is not None


def _day_fraction(value: dt.datetime | dt.time) -> float:
    seconds = value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
    return seconds / _DAY_SECONDS


def to_excel(value: dt.date | dt.datetime | dt.time, epoch: dt.datetime = WINDOWS_EPOCH) -> float:
    """The Excel serial of a date, date-time or time of day."""
    if isinstance(value, dt.time):
        return _day_fraction(value)
    moment = value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())
    days = (moment.replace(tzinfo=None) - epoch).days
    if 0 < days <= 60 and epoch == WINDOWS_EPOCH:
        days -= 1  # Excel counts a 29 February 1900 that never was
    return days + _day_fraction(moment)


def from_excel(value: float, epoch: dt.datetime = WINDOWS_EPOCH) -> dt.datetime | dt.time:
    """The date-time (or, below 1, the time of day) an Excel serial stands for."""
    day, fraction = divmod(value, 1)
    diff = dt.timedelta(milliseconds=round(fraction * _DAY_SECONDS * 1000))
    if 0 <= value < 1 and diff.days == 0:
        seconds = diff.seconds
        return dt.time(seconds // 3600, seconds // 60 % 60, seconds % 60, diff.microseconds)
    if 0 < value < 60 and epoch == WINDOWS_EPOCH:
        day += 1
    return epoch + dt.timedelta(days=day) + diff
