"""The WRES year of an extract, from its snapshot dates."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence

from wres_xl.core.esr.columns import DATE, FIELD_ALIASES, match_headers
from wres_xl.core.esr.values import _display, _is_blank
from wres_xl.errors import InputError


def _as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 20000 < value < 80000:
        # An Excel serial date that arrived as a number.
        return dt.date(1899, 12, 30) + dt.timedelta(days=int(value))
    if not isinstance(value, str):
        return None
    # Drop a time of day ("2024-03-31T00:00:00", "31/03/2024 00:00").
    text = re.split(r"[T ](?=\d{1,2}:)", value.strip())[0]
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d-%b-%Y", "%d %b %Y", "%d %B %Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def wres_year_of(date: dt.date) -> int | None:
    """The WRES year whose 31 March snapshot ``date`` is within three months of, if any."""
    for year in (date.year, date.year + 1):
        if abs((date - dt.date(year, 3, 31)).days) <= 92:
            return year
    return None


def infer_esr_year(columns: Mapping[str, Sequence[object]]) -> tuple[int, str]:
    """(year, how it was found) from a snapshot-date column; an InputError if it cannot tell.

    WRES year Y is the workforce at 31 March Y, so an extract dated within three months of
    31 March Y is for year Y. Every date in the column must give the same year.
    """
    headers = list(columns)
    found = match_headers(headers)
    if DATE not in found:
        return year_from_dates(None, ())
    return year_from_dates(str(headers[found[DATE]]), columns[headers[found[DATE]]])


def year_from_dates(header: str | None, values: Iterable[object]) -> tuple[int, str]:
    """``infer_esr_year`` on the values of the snapshot-date column ``header`` (None: absent)."""
    ask = "Give the WRES year yourself (for example --year 2024 on the command line)."
    if header is None:
        raise InputError(
            "Could not tell which WRES year this extract is for: it has no snapshot date "
            f"column ({', '.join(FIELD_ALIASES[DATE][:3])}). {ask}"
        )
    years: dict[int, dt.date] = {}
    for value in dict.fromkeys(values):
        if _is_blank(value):
            continue
        date = _as_date(value)
        year = None if date is None else wres_year_of(date)
        if date is None or year is None:
            raise InputError(
                f"Could not tell which WRES year this extract is for: the {header} column "
                f"holds '{_display(value)}', which is not a date within three months of "
                f"31 March. {ask}",
                column=header,
            )
        years.setdefault(year, date)
    if len(years) != 1:
        dates = ", ".join(d.isoformat() for d in sorted(years.values()))
        reason = f"holds dates for different years ({dates})" if years else "is empty"
        raise InputError(
            f"Could not tell which WRES year this extract is for: the {header} column "
            f"{reason}. {ask}",
            column=header,
        )
    ((year, date),) = years.items()
    return year, f"the {header} column ({date.isoformat()})"
