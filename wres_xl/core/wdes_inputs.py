"""Reading the WDES input tables (SPEC §10) into ``WdesData``, with located problems.

The cell rules are the WRES ones (``wres_xl.core.inputs``: whole counts, years, numbers
typed as text); only the group column (Disability), the metric keys and the WDES-only
tables (tblCapability, tblVoices, the Score column) are read here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace

from wres_xl.core import inputs as wres_inputs
from wres_xl.core.bands import normalise_band, normalise_staff_group
from wres_xl.core.disability import DisabilityGroup, classify_disability
from wres_xl.core.model import (
    BoardRow,
    EventRow,
    GroupCounts,
    RawTable,
    Severity,
    WorkforceRow,
    WresData,
)
from wres_xl.core.stats import as_fraction
from wres_xl.core.wdes import VoicesRow, WdesData, WdesSurveyRow, wdes_settings
from wres_xl.core.wdes_standard import (
    BOARD,
    CAPABILITY,
    RECRUITMENT,
    SURVEY,
    SURVEY_METRICS,
    VOICES,
    WDES,
    WORKFORCE,
)
from wres_xl.errors import InputError, UnknownLabelError

_Cells = wres_inputs.Cells
_Problems = wres_inputs.Problems
_rows = wres_inputs.table_rows
_blank = wres_inputs.is_blank
_describe = wres_inputs.describe

#: WDES setting → the WRES setting parsed the same way.
_SAME_AS_WRES = {"WDES year": "WRES year", "Capability period": "Disciplinary period"}
#: A WRES setting name a trust may carry over into its WDES workbook, read as the WDES one
#: (a workbook copied from the WRES one says "WRES year"; ignoring it would change the year).
_FROM_WRES = {"wres year": "WDES year"}
_WDES_SETTING_NAMES = {s.name.casefold(): s.name for s in WDES.settings} | _FROM_WRES


class _WdesProblems(_Problems):
    """Problems recorded on the WdesData: (metric, year) keys instead of indicators."""

    def __init__(self, data: WdesData) -> None:
        super().__init__(WresData(settings=data.settings, checks=data.checks))
        self.wdes = data

    def invalidate_metric(self, metrics: Sequence[str], year: int, reason: str) -> None:
        for metric in metrics:
            self.wdes.invalid.setdefault((metric, year), reason)


def _group(cells: wres_inputs.Cells, column: str = "Disability") -> DisabilityGroup | None:
    value = cells.raw(column)
    try:
        return classify_disability(value)
    except UnknownLabelError:
        cells.error(
            column,
            f"{column} {_describe(value)} is not recognised. Use Non-disabled, Disabled or "
            "Unknown (ESR's Yes, No, Not declared and Prefer not to say are read too).",
        )
        return None


def parse_wdes_settings(table: RawTable | None, problems: _WdesProblems) -> None:
    if table is None:
        return
    setting_i, value_i = table.column_index("Setting"), table.column_index("Value")
    if setting_i is None or value_i is None:
        return
    translated: list[list[object]] = []
    for offset, values in enumerate(table.rows):
        row = list(values)
        name = " ".join(str(row[setting_i] or "").split()) if setting_i < len(row) else ""
        known = _WDES_SETTING_NAMES.get(name.casefold())
        if name and known is None:
            problems.add(
                Severity.WARNING,
                table,
                f"The setting '{name}' is not a WDES setting, so it is ignored. Settings are: "
                + ", ".join(s.name for s in WDES.settings)
                + ".",
                row=table.first_row + offset,
                column="Setting",
            )
            row = [None] * len(row)
        elif known == "Standard":
            row = [None] * len(row)
        elif known is not None:
            row[setting_i] = _SAME_AS_WRES.get(known, known)
            if known == "Percentages based on" and value_i < len(row):
                text = " ".join(str(row[value_i] or "").split()).casefold()
                if text in ("known disability status", "known disability"):
                    row[value_i] = "Known ethnicity"
        translated.append(row)
    before = len(problems.data.checks)
    engine = RawTable(table.name, table.sheet, table.headers, translated, table.first_row)
    settings = wres_inputs.parse_settings(engine, problems)
    for i in range(before, len(problems.data.checks)):
        check = problems.data.checks[i]
        message = check.message
        for wres_name, wdes_name in (*((v, k) for k, v in _SAME_AS_WRES.items()),):
            message = message.replace(wres_name, wdes_name)
        message = message.replace("Known ethnicity", "Known disability status")
        problems.data.checks[i] = replace(check, message=message)
    problems.wdes.settings = wdes_settings(
        organisation=settings.organisation,
        year=settings.year,
        percent_basis=settings.percent_basis,
        capability_period=settings.disciplinary_period,
        significance_level=settings.significance_level,
        hide_up_to=settings.hide_up_to,
        redaction_marker=settings.redaction_marker,
        round_to=settings.round_to,
        suppress_board=settings.suppress_board,
        target_year=settings.target_year,
        board_lead=settings.board_lead,
        report_author=settings.report_author,
        date_signed_off=settings.date_signed_off,
        report_url=settings.report_url,
    )


def parse_wdes_workforce(table: RawTable, problems: _WdesProblems) -> list[WorkforceRow]:
    rows: list[WorkforceRow] = []
    columns = WORKFORCE.columns[3:]
    for excel_row, values in _rows(table):
        cells = _Cells(table, values, excel_row, problems)
        year = cells.year()
        staff_group = band = None
        try:
            staff_group = normalise_staff_group(cells.raw("Staff group"))
            band = normalise_band(cells.raw("Band"), staff_group)
        except UnknownLabelError as error:
            cells.error("Band" if staff_group else "Staff group", str(error))
        if all(_blank(cells.raw(c)) for c in columns) and cells.ok:
            continue
        counts = [cells.whole(c, noun="the number of staff") for c in columns]
        if year is None:
            continue
        if not cells.ok or staff_group is None or band is None or None in counts:
            problems.invalidate_metric(("1", "10"), year, "the Workforce table has errors")
            continue
        nd, d, unknown = (c or 0 for c in counts)
        rows.append(WorkforceRow(year, staff_group, band, GroupCounts(nd, d, unknown), excel_row))
    return rows


def parse_wdes_events(
    table: RawTable, problems: _WdesProblems, *, metric: str, events_column: str,
    total_column: str, total_optional: bool,
) -> list[EventRow]:  # fmt: skip
    events: dict[tuple[int, DisabilityGroup], int] = defaultdict(int)
    totals: dict[tuple[int, DisabilityGroup], list[int | None]] = defaultdict(list)
    where: dict[tuple[int, DisabilityGroup], list[int]] = defaultdict(list)
    for excel_row, values in _rows(table):
        cells = _Cells(table, values, excel_row, problems)
        year = cells.year()
        group = _group(cells)
        total = cells.whole(total_column, optional=total_optional, noun="the number")
        count = cells.whole(events_column, noun="the number")
        if total is not None and count is not None and count > total:
            cells.error(events_column, f"{events_column} ({count}) is more than {total_column} "
                        f"({total}). Check both numbers on row {excel_row}.")  # fmt: skip
        if year is None:
            continue
        if not cells.ok or group is None or count is None:
            problems.invalidate_metric((metric,), year, f"the {table.sheet} table has errors")
            continue
        events[(year, group)] += count
        totals[(year, group)].append(total)
        where[(year, group)].append(excel_row)
    out = []
    for (year, group), count in events.items():
        given = totals[(year, group)]
        if any(t is None for t in given) and not all(t is None for t in given):
            problems.add(
                Severity.ERROR,
                table,
                f"{total_column} is filled in on some {group.label} rows for {year} and blank "
                "on others. Fill it in on every row of that group, or leave it blank on all.",
                row=where[(year, group)][0],
                column=total_column,
            )
            problems.invalidate_metric((metric,), year, f"the {table.sheet} table has errors")
            continue
        total_value = None if given[0] is None else sum(t or 0 for t in given)
        out.append(
            EventRow(year, group.engine_slot, count, total_value, tuple(where[(year, group)]))
        )
    return out


def _metric_key(value: object) -> str | None:
    try:
        key = WDES.metric(value).key
    except InputError:
        return None
    return key if key in SURVEY_METRICS else None


def parse_wdes_survey(table: RawTable, problems: _WdesProblems) -> list[WdesSurveyRow]:
    rows = []
    for excel_row, values in _rows(table):
        cells = _Cells(table, values, excel_row, problems)
        year = cells.year()
        metric = _metric_key(cells.raw("Metric"))
        if metric is None:
            cells.error("Metric", f"Metric {_describe(cells.raw('Metric'))} is not a staff "
                        f"survey metric. Use one of {', '.join(SURVEY_METRICS)}.")  # fmt: skip
        group = _group(cells)
        respondents = cells.whole("Respondents", optional=True, noun="the number who answered")
        rate: float | None = None
        if not _blank(cells.raw("Percent")):
            number, _ = wres_inputs.as_number(cells.raw("Percent"))
            try:
                rate = as_fraction(number) if number is not None else None
            except InputError:
                rate = None
            if rate is None:
                cells.error("Percent", f"Percent {_describe(cells.raw('Percent'))} is not a "
                            "percentage. Type it as 20.8 or 20.8%.")  # fmt: skip
        score: float | None = None
        if not _blank(cells.raw("Score")):
            number, _ = wres_inputs.as_number(cells.raw("Score"))
            if number is None or not 0 <= number <= 10:
                cells.error("Score", f"Score {_describe(cells.raw('Score'))} is not an "
                            "engagement score from 0 to 10.")  # fmt: skip
            else:
                score = number
        if year is None:
            continue
        if not cells.ok or metric is None or group is None:
            if metric is not None:
                problems.invalidate_metric((metric,), year, "the Staff survey table has errors")
            continue
        if metric == "9a" and score is None:
            cells.error("Score", "Metric 9a needs the engagement score (0 to 10) in Score.")
            problems.invalidate_metric(("9a",), year, "the Staff survey table has errors")
            continue
        if metric != "9a" and rate is None:
            cells.error("Percent", f"Metric {metric} needs the percentage in Percent.")
            problems.invalidate_metric((metric,), year, "the Staff survey table has errors")
            continue
        rows.append(WdesSurveyRow(year, metric, group, respondents, rate, score, excel_row))
    return rows


def parse_voices(table: RawTable, problems: _WdesProblems) -> list[VoicesRow]:
    rows = []
    for excel_row, values in _rows(table):
        cells = _Cells(table, values, excel_row, problems)
        year = cells.year()
        answer = " ".join(str(cells.raw("Facilitates voices") or "").split()).casefold()
        if answer not in ("yes", "no", "y", "n"):
            cells.error("Facilitates voices", "Facilitates voices must be Yes or No.")
        if year is None or not cells.ok:
            continue
        narrative = " ".join(str(cells.raw("Narrative") or "").split())
        rows.append(VoicesRow(year, answer.startswith("y"), narrative, excel_row))
    return rows


def parse_wdes_board(table: RawTable, problems: _WdesProblems) -> list[BoardRow]:
    # The WRES board rules (Role, Voting: the same helpers) with the Disability column as
    # the group.
    rows = []
    for excel_row, values in _rows(table):
        cells = _Cells(table, values, excel_row, problems)
        year = cells.year()
        executive = wres_inputs.board_role(cells)
        voting = wres_inputs.board_voting(cells)
        group = _group(cells)
        headcount = cells.whole("Headcount", noun="the number of board members")
        if year is None:
            continue
        if not cells.ok or None in (executive, voting, group, headcount):
            problems.invalidate_metric(("10",), year, "the Board table has errors")
            continue
        if group is None or headcount is None:
            raise AssertionError("a Board row without errors has a group and a headcount")
        rows.append(
            BoardRow(year, bool(executive), bool(voting), group.engine_slot, headcount, excel_row)
        )
    return rows


def parse_wdes_inputs(tables: Mapping[str, RawTable | None]) -> WdesData:
    """Validate every WDES input table; problems become ``data.checks``, never exceptions."""
    data = WdesData(settings=wdes_settings())
    problems = _WdesProblems(data)
    settings = wres_inputs.check_columns(
        tables.get("tblSettings"), WDES.table("tblSettings"), problems
    )
    parse_wdes_settings(settings, problems)
    problems.data.settings = data.settings
    if t := wres_inputs.check_columns(tables.get(WORKFORCE.name), WORKFORCE, problems):
        data.workforce = parse_wdes_workforce(t, problems)
    if t := wres_inputs.check_columns(tables.get(RECRUITMENT.name), RECRUITMENT, problems):
        data.recruitment = parse_wdes_events(
            t, problems, metric="2", events_column="Appointed", total_column="Shortlisted",
            total_optional=False,
        )  # fmt: skip
    if t := wres_inputs.check_columns(tables.get(CAPABILITY.name), CAPABILITY, problems):
        data.capability = parse_wdes_events(
            t, problems, metric="3", events_column="Entered formal capability",
            total_column="Headcount", total_optional=True,
        )  # fmt: skip
    if t := wres_inputs.check_columns(tables.get(SURVEY.name), SURVEY, problems):
        data.survey = parse_wdes_survey(t, problems)
    if t := wres_inputs.check_columns(tables.get(VOICES.name), VOICES, problems):
        data.voices = parse_voices(t, problems)
    if t := wres_inputs.check_columns(tables.get(BOARD.name), BOARD, problems):
        data.board = parse_wdes_board(t, problems)
    for name, reason in problems.data.missing_tables.items():
        for metric in WDES.metrics:
            # Metric 10 compares the board with the workforce, so it needs both tables.
            needs = {metric.table, WORKFORCE.name} if metric.key == "10" else {metric.table}
            if name in needs:
                data.missing.setdefault(metric.key, reason)
    return data
