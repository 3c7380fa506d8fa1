"""Turn raw Excel Tables into validated WRES data, with every problem as a Check.

Nothing here raises for bad data: a user with one typo in the survey table should still
get the other eight indicators. Each problem names the sheet, table, Excel row and
column and says what to do; the indicator (and year) it affects is marked invalid.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import Enum

from wres_xl.core import schema
from wres_xl.core.bands import normalise_band, normalise_staff_group
from wres_xl.core.groups import BME_TERMS, Group, classify_ethnicity, group_label, tidy_term
from wres_xl.core.model import (
    BoardRow,
    Check,
    DisciplinaryPeriod,
    EventRow,
    PercentBasis,
    RawTable,
    Settings,
    Severity,
    SurveyRow,
    WorkforceRow,
    WresData,
)
from wres_xl.core.standard import STANDARD_SETTING
from wres_xl.core.stats import MAX_COUNT, events_from_percent, too_large
from wres_xl.errors import InputError, UnknownLabelError

#: Which indicators each input table feeds; an error in the table for a year stops them.
TABLE_INDICATORS: dict[str, tuple[int, ...]] = {
    spec.name: tuple(i for i, specs in schema.INDICATOR_TABLES.items() if spec in specs)
    for spec in schema.INPUT_TABLES
    if any(spec in specs for specs in schema.INDICATOR_TABLES.values())
}
MIN_YEAR, MAX_YEAR = schema.MIN_YEAR, schema.MAX_YEAR


class _Problems:
    def __init__(self, data: WresData) -> None:
        self.data = data

    def add(
        self,
        severity: Severity,
        table: RawTable | schema.TableSpec,
        message: str,
        *,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.data.checks.append(
            Check(severity, table.sheet, message, table=table.name, row=row, column=column)
        )

    def invalidate(self, indicators: Sequence[int], year: int, reason: str) -> None:
        for indicator in indicators:
            self.data.invalid.setdefault((indicator, year), reason)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def _describe(value: object) -> str:
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, dt.datetime | dt.date | dt.time):
        # A date or time in a count cell is usually a number Excel auto-formatted.
        shown = value.date() if isinstance(value, dt.datetime) and not value.time() else value
        return f"a date or time ({shown})"
    return str(value)


#: A plain decimal number as people type it; thousands separators are handled apart.
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
#: Commas as thousands separators only: 1,234 and 12,345,678.5, never 1,25 (a decimal
#: comma, which must not be read as 125).
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")


def number_from_text(text: str) -> float | None:
    """A number typed as text ("1,234", "20.8%", "-5"), or None when it is not one.

    Only commas that separate thousands are accepted, and no spelled-out infinities or
    "nan" (which Python's float() would read), so nothing a person types turns into a
    different number without a message.
    """
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "")
    percent = cleaned.endswith("%")
    if percent:
        cleaned = cleaned[:-1]
    if "," in cleaned:
        if not _THOUSANDS.fullmatch(cleaned):
            return None
        cleaned = cleaned.replace(",", "")
    if not _PLAIN_NUMBER.fullmatch(cleaned):
        return None
    number = float(cleaned)
    if math.isinf(number):
        return None
    return number / 100 if percent else number


def as_number(value: object) -> tuple[float | None, bool]:
    """(number, was_text). Numbers typed as text ("1,234") are read but flagged; a bool,
    NaN, an infinity or anything else is no number. The one reading of a number cell, used
    by the input tables and the worksheet functions."""
    if isinstance(value, bool):
        return None, False
    if isinstance(value, int | float):
        number = float(value)
        return (None, False) if math.isnan(number) or math.isinf(number) else (number, False)
    if isinstance(value, str):
        return number_from_text(value), True
    return None, False


class CountFault(Enum):
    """Why a number is not a count."""

    NEGATIVE = "negative"
    TOO_LARGE = "too large"
    NOT_WHOLE = "not whole"


def count_fault(number: float) -> CountFault | None:
    """The one rule for a count (None when ``number`` is one): a whole number from 0 up to
    MAX_COUNT. Checked in this order, so each caller words the first fault only."""
    if number < 0:
        return CountFault.NEGATIVE
    if number > MAX_COUNT:
        return CountFault.TOO_LARGE
    if not float(number).is_integer():
        return CountFault.NOT_WHOLE
    return None


@dataclass
class _Cells:
    """Helper reading one table row with located, plain-English problems."""

    table: RawTable
    values: Sequence[object]
    excel_row: int
    problems: _Problems
    ok: bool = True

    def raw(self, column: str) -> object:
        index = self.table.column_index(column)
        if index is None or index >= len(self.values):
            return None
        return self.values[index]

    def error(self, column: str | None, message: str) -> None:
        self.ok = False
        self.problems.add(Severity.ERROR, self.table, message, row=self.excel_row, column=column)

    def whole(self, column: str, *, optional: bool = False, noun: str = "a count") -> int | None:
        value = self.raw(column)
        if _blank(value):
            if not optional:
                self.error(column, f"{column} is blank. Type {noun} (0 if there were none).")
            return None
        number, was_text = as_number(value)
        if number is None:
            held = "the text " if isinstance(value, str) else ""
            self.error(
                column,
                f"{column} holds {held}{_describe(value)}, not a number. "
                f"Type {noun} as a plain number (0 if there were none).",
            )
            return None
        fault = count_fault(number)
        if fault is CountFault.NEGATIVE:
            self.error(column, f"{column} is {_describe(value)}: a count cannot be negative.")
            return None
        if fault is CountFault.TOO_LARGE:
            self.error(column, too_large(column, number))
            return None
        if fault is CountFault.NOT_WHOLE:
            self.error(column, f"{column} is {_describe(value)}: a count must be a whole number.")
            return None
        if was_text:
            self.problems.add(
                Severity.WARNING,
                self.table,
                f"{column} holds {_describe(value)} stored as text; it was read as "
                f"{int(number)}. Format the column as a number to avoid surprises.",
                row=self.excel_row,
                column=column,
            )
        return int(number)

    def year(self) -> int | None:
        value = self.raw("Year")
        number, _ = as_number(value)
        if _blank(value):
            self.error(
                "Year", "Year is blank. Type the year of the 31 March snapshot (for example 2024)."
            )
            return None
        if number is None or not float(number).is_integer() or not (MIN_YEAR <= number <= MAX_YEAR):
            self.error(
                "Year",
                f"Year {_describe(value)} is not a year. Type the year as four digits, "
                "for example 2024 (the year of the 31 March snapshot).",
            )
            return None
        return int(number)

    def group(self, column: str = "Ethnicity") -> Group | None:
        value = self.raw(column)
        try:
            return classify_ethnicity(value)
        except UnknownLabelError:
            term = self.problems.data.settings.bme_term
            others = [t for t in BME_TERMS if t.casefold() != term.casefold()]
            self.error(
                column,
                f"{column} {_describe(value)} is not recognised. Use White, {term} (or "
                f"{' / '.join(others)}), Unknown, or an NHS ethnic category code such as "
                "'A White - British' or 'H Indian'.",
            )
            return None


def _rows(table: RawTable) -> list[tuple[int, Sequence[object]]]:
    out = []
    for offset, values in enumerate(table.rows):
        if all(_blank(v) for v in values):
            continue
        out.append((table.first_row + offset, values))
    return out


def _check_columns(
    table: RawTable | None, spec: schema.TableSpec, problems: _Problems
) -> RawTable | None:
    data = problems.data
    if table is None:
        data.missing_tables[spec.name] = (
            f"the table {spec.name} is missing from the {spec.sheet} sheet"
        )
        problems.add(
            Severity.ERROR,
            spec,
            f"The Excel Table {spec.name} was not found (it should be on the '{spec.sheet}' "
            "sheet). Copy that sheet from a new workbook made with 'wres-xl new', or rename "
            f"your table to {spec.name} (Table Design ▸ Table Name).",
        )
        return None
    missing = [c for c in spec.columns if table.column_index(c) is None]
    if missing:
        data.missing_tables[spec.name] = f"the table {spec.name} has no column {', '.join(missing)}"
        problems.add(
            Severity.ERROR,
            table,
            f"The table {spec.name} has no column headed "
            + ", ".join(f"'{c}'" for c in missing)
            + ". Restore the header text exactly as in a new wres-xl workbook: "
            + ", ".join(spec.columns)
            + ".",
            column=missing[0],
        )
        return None
    return table


def parse_settings(table: RawTable | None, problems: _Problems) -> Settings:
    settings = Settings()
    if table is None:
        return settings
    setting_i, value_i = table.column_index("Setting"), table.column_index("Value")
    if setting_i is None or value_i is None:
        return settings
    seen: dict[str, int] = {}
    changes: dict[str, object] = {}
    for excel_row, values in _rows(table):
        name_raw = values[setting_i] if setting_i < len(values) else None
        value = values[value_i] if value_i < len(values) else None
        if _blank(name_raw):
            continue
        name = " ".join(str(name_raw).split())
        if name.casefold() == STANDARD_SETTING.casefold():
            continue  # SPEC §10: which standard; settings_standard read it before this reader
        spec = schema.setting_spec(name)
        if spec is None:
            problems.add(
                Severity.WARNING,
                table,
                f"The setting '{name}' is not one wres-xl knows, so it is ignored. Settings are: "
                + ", ".join(s.name for s in schema.SETTING_SPECS)
                + ".",
                row=excel_row,
                column="Setting",
            )
            continue
        if spec.name in seen:
            problems.add(
                Severity.WARNING,
                table,
                f"'{spec.name}' is set twice (rows {seen[spec.name]} and {excel_row}); "
                f"row {excel_row} is used. Delete one of them.",
                row=excel_row,
                column="Value",
            )
        seen[spec.name] = excel_row
        if _blank(value):
            continue
        try:
            field_name, parsed = _parse_setting(spec, value)
        except InputError as error:
            problems.add(
                Severity.ERROR,
                table,
                f"{spec.name}: {error} The default ({_default_text(spec)}) is used until you "
                "correct it.",
                row=excel_row,
                column="Value",
            )
            continue
        changes[field_name] = parsed
    return replace(settings, **changes)  # type: ignore[arg-type]


def _default_text(spec: schema.SettingSpec) -> str:
    return "blank" if spec.default is None else str(spec.default)


def _choice(spec: schema.SettingSpec, value: object) -> str:
    text = " ".join(str(value).split())
    for choice in spec.choices:
        if choice.casefold() == text.casefold():
            return choice
    raise InputError(f"'{text}' is not one of: {', '.join(spec.choices)}.")


#: Free-text settings for the report cover, by setting name: the Settings field they fill.
_TEXT_SETTINGS = {
    "Board lead": "board_lead",
    "Report author": "report_author",
    "Date signed off": "date_signed_off",
    "Report URL": "report_url",
}


#: Day 0 of Excel's (1900) date system, as Excel counts it (with its 1900 leap-year slip).
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def _setting_text(value: object) -> str:
    """A cover field as text: an Excel date cell (read as a datetime) becomes its day in
    words, e.g. 12 September 2024, the way the cover prints it."""
    if isinstance(value, dt.datetime | dt.date):
        return f"{value.day} {value:%B %Y}"
    return " ".join(str(value).split())


# Complexity above 15 (C901): one branch per setting, each with its own rule and message.
def _parse_setting(spec: schema.SettingSpec, value: object) -> tuple[str, object]:  # noqa: C901
    number, _ = as_number(value)
    name = spec.name
    if name == "Organisation":
        return "organisation", str(value).strip()
    if name == "Term for BME staff":
        return "bme_term", tidy_term(value)
    if name == "Percentages based on":
        return "percent_basis", PercentBasis(_choice(spec, value))
    if name == "Disciplinary period":
        return "disciplinary_period", DisciplinaryPeriod(_choice(spec, value))
    if name == "Suppress board figures":
        return "suppress_board", _choice(spec, value) == "Yes"
    if name == "Date signed off" and number is not None and not isinstance(value, str):
        # A date typed into a General-format cell is stored as Excel's day number.
        if not 1 <= number < 2958466:
            raise InputError(f"{value} is not a date. Type it as a date, such as 12/09/2025.")
        value = _EXCEL_EPOCH + dt.timedelta(days=int(number))
    if name in _TEXT_SETTINGS:
        return _TEXT_SETTINGS[name], _setting_text(value)
    if name == "Redaction marker":
        text = str(value).strip()
        if text.lstrip("-+").replace(".", "").isdigit():
            raise InputError("the marker must not be a number, or readers would take it as one.")
        return "redaction_marker", text
    if number is None:
        raise InputError(f"{_describe(value)} is not a number.")
    if spec.number is not None and not spec.number.allows(number):
        raise InputError(f"{value} cannot be used. {spec.number.advice}")
    if name in ("WRES year", "Target year"):
        return ("year" if name == "WRES year" else "target_year"), int(number)
    if name == "Significance level":
        return "significance_level", number
    if name == "Hide counts up to":
        return "hide_up_to", int(number)
    if name == "Round published counts to":
        return "round_to", int(number)
    if name == "Local population BME %":
        return "local_population_bme", number / 100 if number > 1 else number
    raise InputError(f"{_describe(value)} cannot be used.")  # pragma: no cover


def parse_workforce(table: RawTable, problems: _Problems) -> list[WorkforceRow]:
    rows: list[WorkforceRow] = []
    seen: dict[tuple[int, str, str], int] = {}
    for excel_row, values in _rows(table):
        cells = _Cells(table, values, excel_row, problems)
        year = cells.year()
        staff_group = band = None
        try:
            staff_group = normalise_staff_group(cells.raw("Staff group"))
        except UnknownLabelError as error:
            cells.error("Staff group", str(error))
        if staff_group is not None:
            try:
                band = normalise_band(cells.raw("Band"), staff_group)
            except UnknownLabelError as error:
                cells.error("Band", str(error))
        if all(_blank(cells.raw(c)) for c in ("White", "BME", "Unknown")) and cells.ok:
            continue  # a pre-filled band row nobody has typed numbers into yet
        counts = [cells.whole(c, noun="the number of staff") for c in ("White", "BME", "Unknown")]
        if year is None:
            continue
        if staff_group is not None and band is not None:
            key = (year, staff_group.value, band)
            if key in seen:
                cells.error(
                    "Band",
                    f"{band} ({staff_group.value}, {year}) appears twice, on rows {seen[key]} "
                    f"and {excel_row}. Keep one row per band: add the numbers into one row and "
                    "delete the other.",
                )
            seen.setdefault(key, excel_row)
        if not cells.ok or staff_group is None or band is None or None in counts:
            # Indicators 3 and 4 are not stopped here: they need the Workforce table only
            # when a headcount is left blank, and then they see (1, year) is invalid.
            problems.invalidate(
                TABLE_INDICATORS[table.name], year, "the Workforce table has errors"
            )
            continue
        white, bme, unknown = (c or 0 for c in counts)
        from wres_xl.core.model import GroupCounts

        rows.append(
            WorkforceRow(year, staff_group, band, GroupCounts(white, bme, unknown), excel_row)
        )
    return _without_empty_years(table, rows, problems)


def _without_empty_years(
    table: RawTable, rows: list[WorkforceRow], problems: _Problems
) -> list[WorkforceRow]:
    """A year whose every count is 0 is an error: no trust has no staff, and percentages of
    nobody mean nothing. Indicators 1 and 9 for that year are not computed (and 3 and 4
    only when their headcounts would come from here); the rest still are."""
    staff: dict[int, int] = defaultdict(int)
    first_row: dict[int, int] = {}
    for r in rows:
        staff[r.year] += r.counts.total
        first_row.setdefault(r.year, r.row)
    empty = {year for year, total in staff.items() if total == 0}
    for year in sorted(empty):
        problems.add(
            Severity.ERROR,
            table,
            f"Every count in the Workforce table for {year} is 0, so there is no workforce to "
            "work out shares of. Type the number of staff in each band (31 March "
            f"{year}), or delete that year's rows.",
            row=first_row[year],
            column="White",
        )
        problems.invalidate(TABLE_INDICATORS[table.name], year, "the Workforce table has no staff")
    return rows


def parse_events(
    table: RawTable,
    problems: _Problems,
    *,
    events_column: str,
    total_column: str,
    total_optional: bool,
    indicator: int,
    events_noun: str,
    total_noun: str,
) -> list[EventRow]:
    totals: dict[tuple[int, Group], list[int | None]] = defaultdict(list)
    events: dict[tuple[int, Group], int] = defaultdict(int)
    rows_by_key: dict[tuple[int, Group], list[int]] = defaultdict(list)
    seen_text: dict[tuple[int, str], int] = {}
    for excel_row, values in _rows(table):
        cells = _Cells(table, values, excel_row, problems)
        year = cells.year()
        group = cells.group()
        total = cells.whole(total_column, optional=total_optional, noun=total_noun)
        count = cells.whole(events_column, noun=events_noun)
        if total is not None and count is not None and count > total:
            cells.error(
                events_column,
                f"{events_column} ({count}) is more than {total_column} ({total}). "
                f"Check both numbers on row {excel_row}.",
            )
        if year is not None:
            text = " ".join(str(cells.raw("Ethnicity") or "").split()).casefold()
            if (year, text) in seen_text:
                cells.error(
                    "Ethnicity",
                    f"'{cells.raw('Ethnicity') or '(blank)'}' for {year} appears twice, on rows "
                    f"{seen_text[(year, text)]} and {excel_row}. Keep one row: add the numbers "
                    "into one row and delete the other.",
                )
            seen_text.setdefault((year, text), excel_row)
        if year is None:
            continue
        if not cells.ok or group is None or count is None:
            problems.invalidate((indicator,), year, f"the {table.sheet} table has errors")
            continue
        key = (year, group)
        events[key] += count
        totals[key].append(total)
        rows_by_key[key].append(excel_row)
    result = []
    term = problems.data.settings.bme_term
    for key, count in events.items():
        year, group = key
        given = totals[key]
        if all(t is None for t in given):
            total_value: int | None = None
        elif any(t is None for t in given):
            problems.add(
                Severity.ERROR,
                table,
                f"{total_column} is filled in on some {group_label(group, term)} rows for "
                f"{year} and blank on others. Fill it in on every row of that group, or leave "
                "it blank on all of them.",
                row=rows_by_key[key][0],
                column=total_column,
            )
            problems.invalidate((indicator,), year, f"the {table.sheet} table has errors")
            continue
        else:
            total_value = sum(t for t in given if t is not None)
        if len(rows_by_key[key]) > 1:
            problems.add(
                Severity.INFO,
                table,
                f"Rows {', '.join(map(str, rows_by_key[key]))} are all "
                f"{group_label(group, term)} for {year}; they were added together.",
                row=rows_by_key[key][0],
                column="Ethnicity",
            )
        result.append(EventRow(year, group, count, total_value, tuple(rows_by_key[key])))
    return result


def parse_survey(table: RawTable, problems: _Problems) -> list[SurveyRow]:
    grouped: dict[tuple[int, int, Group], list[tuple[int | None, int | None, int, float]]] = (
        defaultdict(list)
    )
    seen_text: dict[tuple[int, int, str], int] = {}
    term = problems.data.settings.bme_term
    for excel_row, values in _rows(table):
        cells = _Cells(table, values, excel_row, problems)
        year = cells.year()
        indicator_value, _ = as_number(cells.raw("Indicator"))
        indicator: int | None = None
        if indicator_value is None or indicator_value not in schema.SURVEY_INDICATORS:
            cells.error(
                "Indicator",
                f"Indicator {_describe(cells.raw('Indicator'))} is not a staff survey indicator. "
                "Use 5, 6, 7 or 8.",
            )
        else:
            indicator = int(indicator_value)
        group = cells.group()
        respondents = cells.whole(
            "Respondents", optional=True, noun="the number of staff who answered"
        )
        percent_raw = cells.raw("Percent")
        percent, _ = as_number(percent_raw)
        if _blank(percent_raw):
            cells.error("Percent", "Percent is blank. Type the survey result, such as 20.8%.")
        elif percent is None or not 0 <= percent <= 100:
            cells.error(
                "Percent",
                f"Percent {_describe(percent_raw)} is not a percentage. Type a number between 0 "
                "and 100 (or an Excel percentage such as 20.8%).",
            )
            percent = None
        if year is not None and indicator is not None:
            text = " ".join(str(cells.raw("Ethnicity") or "").split()).casefold()
            key_text = (year, indicator, text)
            if key_text in seen_text:
                cells.error(
                    "Ethnicity",
                    f"Indicator {indicator} for '{cells.raw('Ethnicity') or '(blank)'}' in {year} "
                    f"appears twice, on rows {seen_text[key_text]} and {excel_row}. Delete one.",
                )
            seen_text.setdefault(key_text, excel_row)
        if year is None or indicator is None:
            continue
        if respondents == 0:
            cells.error(
                "Respondents",
                "Respondents is 0: a percentage of nobody cannot be compared. Type the number "
                "of staff in this group who answered, or delete the row if nobody did.",
            )
        if not cells.ok or group is None or percent is None:
            problems.invalidate((indicator,), year, "the Staff survey table has errors")
            continue
        fraction = percent / 100 if percent > 1 else percent
        if respondents is None and _blank(cells.raw("Respondents")):
            who = group_label(group, term)
            problems.add(
                Severity.WARNING,
                table,
                f"Respondents is blank, so indicator {indicator} for {year} shows the "
                "percentages and the difference in points but is rated Not tested: a "
                "significance test needs the number of staff who answered. Type the number "
                f"of {who} respondents (the staff survey's breakdown by ethnicity gives it) "
                "to have the difference tested.",
                row=excel_row,
                column="Respondents",
            )
            grouped[(year, indicator, group)].append((None, None, excel_row, fraction))
            continue
        if respondents is None:
            problems.invalidate((indicator,), year, "the Staff survey table has errors")
            continue
        events = events_from_percent(percent, respondents)
        grouped[(year, indicator, group)].append((respondents, events, excel_row, fraction))
    result = []
    for (year, indicator, group), entries in grouped.items():
        rows = tuple(e[2] for e in entries)
        if len(entries) == 1:
            # Keep the published percentage itself rather than events/respondents, which
            # can differ in the last decimal place.
            respondents_one, events_one, _, fraction = entries[0]
            result.append(
                SurveyRow(year, indicator, group, respondents_one, fraction, events_one, rows)
            )
            continue
        if any(e[0] is None for e in entries):
            problems.add(
                Severity.ERROR,
                table,
                f"Rows {', '.join(map(str, rows))} are all {group_label(group, term)} for "
                f"indicator {indicator} in {year}, and at least one has no Respondents, so "
                "their percentages cannot be combined. Type the respondents on every one of "
                "these rows, or keep one row.",
                row=rows[0],
                column="Respondents",
            )
            problems.invalidate((indicator,), year, "the Staff survey table has errors")
            continue
        respondents = sum(e[0] or 0 for e in entries)
        events = sum(e[1] or 0 for e in entries)
        rate = events / respondents if respondents else 0.0
        result.append(SurveyRow(year, indicator, group, respondents, rate, events, rows))
    return result


def board_role(cells: _Cells) -> bool | None:
    """A board row's Role: True for executive, False for non-executive, None (an error
    recorded on the row) for anything else. Shared by every standard's Board table."""
    role_text = " ".join(str(cells.raw("Role") or "").split()).casefold().replace("-", " ")
    executive: bool | None = None
    if role_text in ("executive", "exec", "executive director", "executive directors"):
        executive = True
    elif role_text in (
        "non executive",
        "nonexecutive",
        "non exec",
        "ned",
        "neds",
        "non executive director",
        "non executive directors",
    ):
        executive = False
    else:
        cells.error(
            "Role",
            f"Role {_describe(cells.raw('Role'))} is not recognised. Use Executive "
            "or Non-executive.",
        )
    return executive


def board_voting(cells: _Cells) -> bool | None:
    """A board row's Voting: True, False, or None (an error recorded on the row)."""
    voting_text = str(cells.raw("Voting") or "").strip().casefold()
    voting: bool | None = None
    if voting_text in ("yes", "y", "true", "1", "voting"):
        voting = True
    elif voting_text in ("no", "n", "false", "0", "non voting", "non-voting"):
        voting = False
    else:
        cells.error(
            "Voting",
            f"Voting {_describe(cells.raw('Voting'))} is not recognised. Use Yes or No.",
        )
    return voting


def parse_board(table: RawTable, problems: _Problems) -> list[BoardRow]:
    rows = []
    for excel_row, values in _rows(table):
        cells = _Cells(table, values, excel_row, problems)
        year = cells.year()
        executive = board_role(cells)
        voting = board_voting(cells)
        group = cells.group()
        headcount = cells.whole("Headcount", noun="the number of board members")
        if year is None:
            continue
        if (
            not cells.ok
            or executive is None
            or voting is None
            or group is None
            or headcount is None
        ):
            problems.invalidate((9,), year, "the Board table has errors")
            continue
        rows.append(BoardRow(year, executive, voting, group, headcount, excel_row))
    return rows


_TableParser = Callable[[RawTable, _Problems], list[object]]

# The row-reading helpers other standards' parsers use (core/wdes_inputs.py): public names
# for the same objects, so those parsers depend on no private name of this module.
Problems = _Problems
Cells = _Cells
table_rows = _rows
check_columns = _check_columns
describe = _describe
is_blank = _blank


def parse_inputs(tables: Mapping[str, RawTable | None]) -> WresData:
    """Validate every input table; problems become ``data.checks``, never exceptions."""
    data = WresData(settings=Settings())
    problems = _Problems(data)
    settings_table = _check_columns(tables.get("tblSettings"), schema.SETTINGS, problems)
    data.settings = parse_settings(settings_table, problems)

    if (t := _check_columns(tables.get("tblWorkforce"), schema.WORKFORCE, problems)) is not None:
        data.workforce = parse_workforce(t, problems)
    if (
        t := _check_columns(tables.get("tblRecruitment"), schema.RECRUITMENT, problems)
    ) is not None:
        data.recruitment = parse_events(
            t,
            problems,
            events_column="Appointed",
            total_column="Shortlisted",
            total_optional=False,
            indicator=2,
            events_noun="the number appointed",
            total_noun="the number shortlisted",
        )
    if (
        t := _check_columns(tables.get("tblDisciplinary"), schema.DISCIPLINARY, problems)
    ) is not None:
        data.disciplinary = parse_events(
            t,
            problems,
            events_column="Entered formal disciplinary",
            total_column="Headcount",
            total_optional=True,
            indicator=3,
            events_noun="the number who entered the formal disciplinary process",
            total_noun="the headcount, or leave it blank to use the Workforce table",
        )
    if (t := _check_columns(tables.get("tblTraining"), schema.TRAINING, problems)) is not None:
        data.training = parse_events(
            t,
            problems,
            events_column="Accessed non-mandatory training",
            total_column="Headcount",
            total_optional=True,
            indicator=4,
            events_noun="the number who accessed non-mandatory training or CPD",
            total_noun="the headcount, or leave it blank to use the Workforce table",
        )
    if (t := _check_columns(tables.get("tblSurvey"), schema.SURVEY, problems)) is not None:
        data.survey = parse_survey(t, problems)
    if (t := _check_columns(tables.get("tblBoard"), schema.BOARD, problems)) is not None:
        data.board = parse_board(t, problems)
    return data
