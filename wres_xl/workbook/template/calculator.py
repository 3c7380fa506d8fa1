"""Live formulas: the Calculator sheet, each indicator worked out with the WRES functions."""

from __future__ import annotations

import re
from collections.abc import Sequence

from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from wres_xl.core import schema
from wres_xl.core.groups import BME_TERMS, Group
from wres_xl.core.indicators import INDICATOR_TITLES
from wres_xl.core.stats import Rating
from wres_xl.report import summary as summary_layout
from wres_xl.report.layout import RATING_FILLS
from wres_xl.report.palette import NHS_DARK_BLUE
from wres_xl.workbook.openpyxl_backend import fit_to_page
from wres_xl.workbook.template.sheets import DATA_VALIDATION_LAST_ROW, first_data_row
from wres_xl.workbook.template.styles import (
    CALCULATOR_TAB_COLOUR,
    COUNT_FORMAT,
    YEAR_FORMAT,
    _put,
    _title_block,
)

#
# Plain ranges rather than table references (tblRecruitment[Appointed]) because the formula
# engine the tests use cannot read table references; the ranges run to the last validated
# row, which is as far as a table is expected to grow. Criteria are written so the engine
# and Excel agree: no "<>" (not blank) criteria, text settings read as INDEX(...)&"".

_CALC_TITLE = "Calculator: the WRES indicators worked out live"
_CALC_INSTRUCTION = (
    "Every figure here is a formula over your input tables, using the WRES worksheet functions. "
    "Copy any of them to use on your own figures. Refresh never changes this sheet."
)
_CALC_HINT = (
    "The WRES_ functions come with the WRES add-in (without it these cells show #NAME?). "
    "Ratings here use the 0.05 significance level."
)
_CALC_WIDTHS = {"A": 46, "B": 22, "C": 22, "D": 22, "E": 80}

RATIO_FORMAT = "0.00"
P_VALUE_FORMAT = '[<0.001]"< 0.001";0.000'
SHARE_FORMAT = "0.0%"
POINTS_FORMAT = "+0.0;-0.0;0.0"

#: The words for BME staff the input tables accept, as an Excel array constant: a SUMIFS
#: given it adds up the rows for every word (wrapped in SUM).
_BME_WORDS_CONSTANT = "{" + ",".join(f'"{term}"' for term in BME_TERMS) + "}"

#: The Summary sheet's fixed layout, as its builder (report/summary.py) defines it.
_SUMMARY_ROW_OFFSET = summary_layout.HEADER_ROW
_SUMMARY_RATING_COLUMN = get_column_letter(summary_layout.RATING_COLUMN)
_SUMMARY_CHANGE_COLUMN = get_column_letter(summary_layout.CHANGE_COLUMN)
_NOT_REFRESHED = "Press Refresh"


def _sheet_ref(name: str) -> str:
    """A sheet name as a formula writes it: quoted only when it must be, as Excel does."""
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", name) and not re.fullmatch(
        r"[A-Za-z]{1,3}[0-9]+|[RrCc][0-9]*", name
    ):
        return name
    return "'" + name.replace("'", "''") + "'"


def _column(spec: schema.TableSpec, header: str) -> str:
    """A table column as a plain absolute range, such as ``Recruitment!$D$5:$D$5000``."""
    letter = get_column_letter(spec.columns.index(header) + 1)
    first = first_data_row(spec)
    return f"{_sheet_ref(spec.sheet)}!${letter}${first}:${letter}${DATA_VALIDATION_LAST_ROW}"


Criteria = Sequence[tuple[str, str]]


def _ifs(function: str, criteria: Criteria, target: str | None = None) -> str:
    args = [target] if target else []
    for rng, criterion in criteria:
        args += [rng, criterion]
    return f"{function}({','.join(args)})"


def _by_group(
    function: str, spec: schema.TableSpec, group: Group, criteria: Criteria, target: str | None
) -> str:
    """SUMIFS/COUNTIFS over the rows of one group: White, or every accepted word for BME."""
    ethnicity = _column(spec, "Ethnicity")
    if group is Group.WHITE:
        return _ifs(function, [*criteria, (ethnicity, '"White"')], target)
    return "SUM(" + _ifs(function, [*criteria, (ethnicity, _BME_WORDS_CONSTANT)], target) + ")"


def _absolute(column: str, row: int) -> str:
    return f"${column}${row}"


def _text_setting(name: str) -> str:
    default = schema.SETTINGS_BY_NAME[name].default
    names, values = _column(schema.SETTINGS, "Setting"), _column(schema.SETTINGS, "Value")
    found = f'INDEX({values},MATCH("{name}",{names},0))&""'
    return f'=IFERROR(IF({found}="","{default}",{found}),"{default}")'


def _number_setting(name: str, default: str) -> str:
    names, values = _column(schema.SETTINGS, "Setting"), _column(schema.SETTINGS, "Value")
    return (
        f'=IF(COUNTIFS({names},"{name}",{values},">=0")>0,'
        f'SUMIFS({values},{names},"{name}"),{default})'
    )


class _Writer:
    """Writes labelled rows down a sheet and remembers where named cells landed."""

    def __init__(self, ws: Worksheet, row: int) -> None:
        self.ws = ws
        self.row = row
        self.at: dict[str, str] = {}
        self.rating_cells: list[str] = []

    def skip(self, rows: int = 1) -> None:
        self.row += rows

    def heading(self, text: str) -> None:
        cell = _put(self.ws, self.row, 1, text, "WRES heading")
        cell.font = Font(name="Arial", size=12, bold=True, color=NHS_DARK_BLUE)
        self.ws.row_dimensions[self.row].height = 22
        self.row += 1

    def header(self, labels: Sequence[str]) -> None:
        for col, label in enumerate(labels, start=1):
            _put(self.ws, self.row, col, label, "WRES table header")
        self.row += 1

    def line(
        self,
        label: str,
        values: Sequence[object],
        note: str = "",
        *,
        number_format: str | None = None,
        style: str = "WRES output",
        name: str | None = None,
        text: bool = False,
    ) -> int:
        row = self.row
        _put(self.ws, row, 1, label, "WRES text").alignment = Alignment(
            vertical="top", wrap_text=True
        )
        for col, value in enumerate(values, start=2):
            cell = _put(self.ws, row, col, value, style)
            if number_format:
                cell.number_format = number_format
            cell.alignment = Alignment(horizontal="right", vertical="top")
        if note:
            _put(self.ws, row, 5, note, "WRES hint").alignment = Alignment(
                vertical="top", wrap_text=True
            )
            lines = max(1, -(-len(note) // 95), -(-len(label) // 44))
            if lines > 1:
                self.ws.row_dimensions[row].height = 12.5 * lines + 2
        if name:
            self.at[name] = _absolute("B", row)
        if text:
            for col in range(2, 2 + len(values)):
                self.ws.cell(row, col).alignment = Alignment(horizontal="left", vertical="top")
        self.row += 1
        return row

    def pieces(self, label: str, columns: int, call: str, note: str, number_format: str) -> int:
        """A function that returns several cells (WRES_CI), one cell each through INDEX.

        Excel 365 spills such a result by itself, but older versions need an array formula
        (Ctrl+Shift+Enter), which openpyxl cannot compare or keep as a plain value; INDEX
        works the same in every version and in the formula engine.
        """
        return self.line(
            label,
            [_index(call, 1, n, block=False) for n in range(1, columns + 1)],
            note,
            number_format=number_format,
        )

    def sentence(self, label: str, formula: str) -> None:
        row = self.row
        _put(self.ws, row, 1, label, "WRES text").alignment = Alignment(
            vertical="top", wrap_text=True
        )
        for col in (2, 3, 4, 5):
            _put(self.ws, row, col, None, "WRES output")
        cell = self.ws.cell(row, 2, formula)
        cell.alignment = Alignment(vertical="top", wrap_text=True)
        self.ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=5)
        self.ws.row_dimensions[row].height = 42
        self.row += 1

    def rating(self, label: str, formula: str, note: str) -> int:
        row = self.line(label, [formula], note)
        self.ws[f"B{row}"].alignment = Alignment(horizontal="left", vertical="top")
        self.rating_cells.append(f"B{row}")
        return row


def _build_calculator(ws: Worksheet) -> None:
    ws.sheet_properties.tabColor = CALCULATOR_TAB_COLOUR
    ws.sheet_view.showGridLines = False
    _title_block(ws, _CALC_TITLE, _CALC_INSTRUCTION, _CALC_HINT)
    for letter, width in _CALC_WIDTHS.items():
        ws.column_dimensions[letter].width = width

    w = _Writer(ws, 5)
    _calculator_settings(w)
    _calculator_workforce(w)
    _calculator_ratio(w, 2)
    # Printed, each pair of sections starts a page so none is split across two.
    _page_break(ws, w.row)
    _calculator_ratio(w, 3)
    _calculator_ratio(w, 4)
    for indicator in schema.SURVEY_INDICATORS:
        if indicator % 2:
            _page_break(ws, w.row)
        _calculator_survey(w, indicator)
    _page_break(ws, w.row)
    _calculator_board(w)
    _calculator_tidying(w)
    _calculator_redaction(w)

    _rating_colours(ws, w.rating_cells)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    fit_to_page(ws)
    ws.print_title_rows = "1:3"


def _page_break(ws: Worksheet, row: int) -> None:
    ws.row_breaks.append(Break(id=row - 1))


def _calculator_settings(w: _Writer) -> None:
    w.heading("The year and settings used")
    w.header(["Setting", "Value", "", "", "How it is worked out"])
    w.line(
        "Year to show (optional)",
        [None],
        "Leave blank to show the WRES year from Settings. Type another year, such as 2024, "
        "to see that year's figures.",
        number_format=YEAR_FORMAT,
        style="WRES input",
        name="chosen",
    )
    years = ",".join(_column(spec, "Year") for spec in schema.INPUT_TABLES[1:-1])
    chosen = w.at["chosen"]
    from_settings = _number_setting("WRES year", f"MAX({years})").removeprefix("=")
    w.line(
        "Year shown",
        [f"=IF(ISNUMBER({chosen}),{chosen},{from_settings})"],
        "The year typed above; otherwise the WRES year in Settings; otherwise the latest year "
        "in your tables (as Refresh does).",
        number_format=YEAR_FORMAT,
        name="year",
    )
    w.line(
        "Term for BME staff",
        [_text_setting("Term for BME staff")],
        "From Settings; used in the sentences that WRES_NARRATIVE writes.",
        text=True,
        name="term",
    )
    w.line(
        "Percentages based on",
        [_text_setting("Percentages based on")],
        "From Settings; decides whether Unknown counts in the shares for indicators 1 and 9.",
        text=True,
        name="basis",
    )
    w.line(
        "Disciplinary period",
        [_text_setting("Disciplinary period")],
        "From Settings; Two-year rolling adds the year before to indicator 3.",
        text=True,
        name="period",
    )
    year = w.at["year"]
    w.line(
        "First year counted for indicator 3",
        [f'=IF({w.at["period"]}="Two-year rolling",{year}-1,{year})'],
        "The year shown, or the year before it too for a two-year rolling period.",
        number_format=YEAR_FORMAT,
        name="first",
    )
    default_hide = str(schema.SETTINGS_BY_NAME["Hide counts up to"].default)
    w.line(
        "Hide counts up to",
        [_number_setting("Hide counts up to", default_hide)],
        "From Settings; used by WRES_REDACT at the bottom of this sheet.",
        number_format="0",
        name="hide",
    )
    w.skip()


def _year_criteria(
    spec: schema.TableSpec, w: _Writer, *, period: bool = False
) -> list[tuple[str, str]]:
    year = _column(spec, "Year")
    if period:
        return [(year, f'">="&{w.at["first"]}'), (year, f'"<="&{w.at["year"]}')]
    return [(year, w.at["year"])]


def _workforce_total(w: _Writer, header: str, *, period: bool = False) -> str:
    return _ifs(
        "SUMIFS",
        _year_criteria(schema.WORKFORCE, w, period=period),
        _column(schema.WORKFORCE, header),
    )


def _calculator_workforce(w: _Writer) -> None:
    w.heading(f"Indicator 1: {INDICATOR_TITLES[1]}")
    w.header(["", "White", "BME", "Unknown", "How it is worked out"])
    row = w.line(
        "Staff in post (all staff groups and bands)",
        [f"={_workforce_total(w, h)}" for h in ("White", "BME", "Unknown")],
        "SUMIFS adds up the Workforce rows for the year shown: "
        "=SUMIFS(Workforce!$D$5:$D$5000, Workforce!$A$5:$A$5000, year).",
        number_format=COUNT_FORMAT,
    )
    white, bme, unknown = (f"${c}${row}" for c in "BCD")
    known = f'{w.at["basis"]}="Known ethnicity"'
    denominator = f"IF({known},{white}+{bme},{white}+{bme}+{unknown})"
    w.line(
        "Share of staff",
        [
            f'=IFERROR({white}/{denominator},"")',
            f'=IFERROR({bme}/{denominator},"")',
            f'=IF({known},"",IFERROR({unknown}/{denominator},""))',
        ],
        "Each group divided by all staff (or by White + BME when Settings say Known "
        "ethnicity). The Indicator 1 sheet rates every band after a Refresh.",
        number_format=SHARE_FORMAT,
    )
    w.skip()


_RATIO_ROWS: dict[int, tuple[schema.TableSpec, str, str, str, str]] = {
    # indicator: (table, events column, total column, events label, total label)
    2: (schema.RECRUITMENT, "Appointed", "Shortlisted", "Appointed", "Shortlisted"),
    3: (
        schema.DISCIPLINARY,
        "Entered formal disciplinary",
        "Headcount",
        "Entered formal disciplinary investigation",
        "Headcount",
    ),
    4: (
        schema.TRAINING,
        "Accessed non-mandatory training",
        "Headcount",
        "Accessed non-mandatory training or CPD",
        "Headcount",
    ),
}

_RL_NOUNS: dict[int, tuple[str, str]] = {
    2: ("appointed", "shortlisted"),
    3: ("entered", "headcount"),
    4: ("accessed", "headcount"),
}

_RL_MEANING: dict[int, str] = {
    2: "White ÷ BME appointment rate; above 1 means White applicants were more likely to be "
    "appointed.",
    3: "BME ÷ White rate; above 1 means BME staff were more likely to enter the formal "
    "disciplinary process.",
    4: "White ÷ BME rate; above 1 means White staff were more likely to access training.",
}


def _calculator_ratio(w: _Writer, indicator: int) -> None:
    spec, events_column, total_column, events_label, total_label = _RATIO_ROWS[indicator]
    noun, total_noun = _RL_NOUNS[indicator]
    period = indicator == 3
    criteria = _year_criteria(spec, w, period=period)
    w.heading(f"Indicator {indicator}: {INDICATOR_TITLES[indicator]}")
    w.header(["", "White", "BME", "", "How it is worked out"])
    words = ", ".join(BME_TERMS)
    events_row = w.line(
        events_label,
        [
            "=" + _by_group("SUMIFS", spec, g, criteria, _column(spec, events_column))
            for g in (Group.WHITE, Group.BME)
        ],
        f"SUMIFS adds up the {spec.sheet} rows for the "
        + ("period" if period else "year shown")
        + f" and group. BME rows may say {words}: the list in curly brackets adds them all.",
        number_format=COUNT_FORMAT,
    )
    if indicator == 2:
        totals = [
            "=" + _by_group("SUMIFS", spec, g, criteria, _column(spec, total_column))
            for g in (Group.WHITE, Group.BME)
        ]
        total_note = "Added up the same way. Unknown ethnicity is left out of the ratio."
    else:
        totals = [_headcount(w, spec, g, criteria, period) for g in (Group.WHITE, Group.BME)]
        total_note = (
            "The Headcount column when it is filled in for every row of the group; otherwise "
            "the Workforce totals for the year (as Refresh does)."
        )
    total_row = w.line(total_label, totals, total_note, number_format=COUNT_FORMAT)

    counts = ",".join(
        f"${c}${r}"
        for c, r in (("B", events_row), ("B", total_row), ("C", events_row), ("C", total_row))
    )
    rl = w.line(
        "Relative likelihood",
        [f"=WRES_RL({indicator},{counts})"],
        f"WRES_RL({indicator}, White {noun}, White {total_noun}, BME {noun}, BME {total_noun}): "
        f"{_RL_MEANING[indicator]}",
        number_format=RATIO_FORMAT,
    )
    w.pieces(
        "95% confidence interval (lower, upper)",
        2,
        f"WRES_CI({indicator},{counts})",
        "WRES_CI gives two cells, lower and upper: in Excel 365 =WRES_CI(...) in one cell fills "
        "both; INDEX(WRES_CI(...), 1) and (..., 2) pick each, in any Excel.",
        RATIO_FORMAT,
    )
    w.line(
        "p-value (Fisher's exact test)",
        [f"=WRES_PVALUE({counts})"],
        "WRES_PVALUE(White events, White total, BME events, BME total): below 0.05 means the "
        "difference is unlikely to be chance.",
        number_format=P_VALUE_FORMAT,
    )
    w.rating(
        "Rating",
        f"=WRES_RATING({indicator},{counts})",
        "WRES_RATING: Equivalent, or Better/Worse to a small, medium or large degree.",
    )
    w.line(
        "Four-fifths test",
        [f"=WRES_FOURFIFTHS($B${rl})"],
        "WRES_FOURFIFTHS(relative likelihood): Adverse above 1.25, Non-adverse from 0.80 to "
        "1.25, Below 0.80 under that.",
        text=True,
    )
    w.sentence(
        "In words (WRES_NARRATIVE), for your report",
        f"=WRES_NARRATIVE({indicator},{counts},{w.at['term']})",
    )
    w.skip()


def _headcount(
    w: _Writer, spec: schema.TableSpec, group: Group, criteria: Criteria, period: bool
) -> str:
    headcount = _column(spec, "Headcount")
    rows = _by_group("COUNTIFS", spec, group, criteria, None)
    blanks = _by_group("COUNTIFS", spec, group, [*criteria, (headcount, '""')], None)
    typed = _by_group("SUMIFS", spec, group, criteria, headcount)
    workforce = _workforce_total(w, group.label, period=period)
    return f"=IF(AND({rows}>0,{blanks}=0),{typed},{workforce})"


def _calculator_survey(w: _Writer, indicator: int) -> None:
    spec = schema.SURVEY
    criteria = [*_year_criteria(spec, w), (_column(spec, "Indicator"), str(indicator))]
    w.heading(f"Indicator {indicator}: {INDICATOR_TITLES[indicator]} (staff survey)")
    w.header(["", "White", "BME", "", "How it is worked out"])
    groups = (Group.WHITE, Group.BME)
    answered = w.line(
        "Staff who answered",
        [
            "=" + _by_group("SUMIFS", spec, g, criteria, _column(spec, "Respondents"))
            for g in groups
        ],
        f"SUMIFS picks the Staff survey row for the year shown, indicator {indicator} and group.",
        number_format=COUNT_FORMAT,
    )
    percent = w.line(
        "Percent, as typed",
        ["=" + _by_group("SUMIFS", spec, g, criteria, _column(spec, "Percent")) for g in groups],
        "27.5 and 27.5% are both read as 27.5%.",
        number_format="0.00",
    )
    events = w.line(
        "Staff behind the percentage",
        [f"=WRES_EVENTS(${c}${percent},${c}${answered})" for c in "BC"],
        "WRES_EVENTS(percent, staff who answered): the number of staff, rounded, that the "
        "significance test needs.",
        number_format=COUNT_FORMAT,
    )

    def fraction(c: str) -> str:
        return f"IF(${c}${percent}>1,${c}${percent}/100,${c}${percent})"

    w.line(
        "Difference, BME minus White (percentage points)",
        [f"=({fraction('C')}-{fraction('B')})*100"],
        "Plain Excel: the BME percentage minus the White percentage.",
        number_format=POINTS_FORMAT,
    )
    counts = f"$B${events},$B${answered},$C${events},$C${answered}"
    w.line(
        "p-value (Fisher's exact test)",
        [f"=WRES_PVALUE({counts})"],
        "WRES_PVALUE on the numbers of staff, as for indicators 2 to 4.",
        number_format=P_VALUE_FORMAT,
    )
    w.rating(
        "Rating",
        f"=WRES_RATING({indicator},{counts})",
        "WRES_RATING(indicator, White staff, White answered, BME staff, BME answered).",
    )
    w.sentence(
        "In words (WRES_SURVEY_NARRATIVE), for your report",
        f"=WRES_SURVEY_NARRATIVE({indicator},$B${percent},$B${answered},$C${percent},"
        f"$C${answered},{w.at['term']})",
    )
    w.skip()


def _calculator_board(w: _Writer) -> None:
    spec = schema.BOARD
    criteria = _year_criteria(spec, w)
    headcount = _column(spec, "Headcount")
    known = f'{w.at["basis"]}="Known ethnicity"'
    w.heading(f"Indicator 9: {INDICATOR_TITLES[9]}")
    w.header(["", "Board", "Workforce", "", "How it is worked out"])
    bme = w.line(
        "BME members / staff",
        [
            "=" + _by_group("SUMIFS", spec, Group.BME, criteria, headcount),
            f"={_workforce_total(w, 'BME')}",
        ],
        "SUMIFS over the Board rows (every word for BME) and the Workforce BME column.",
        number_format=COUNT_FORMAT,
    )
    board_white = _by_group("SUMIFS", spec, Group.WHITE, criteria, headcount)
    board_all = _ifs("SUMIFS", criteria, headcount)
    wf_white, wf_unknown = _workforce_total(w, "White"), _workforce_total(w, "Unknown")
    total = w.line(
        "Members / staff counted",
        [
            f"=IF({known},{board_white}+$B${bme},{board_all})",
            f"=IF({known},{wf_white}+$C${bme},{wf_white}+$C${bme}+{wf_unknown})",
        ],
        "Everyone, or only people of known ethnicity when Settings say Known ethnicity.",
        number_format=COUNT_FORMAT,
    )
    w.line(
        "BME share",
        [f'=IFERROR(${c}${bme}/${c}${total},"")' for c in "BC"],
        "",
        number_format=SHARE_FORMAT,
    )
    w.line(
        "Gap: board share minus workforce share (percentage points)",
        [f"=WRES_BOARD_GAP($B${bme},$B${total},$C${bme},$C${total})"],
        "WRES_BOARD_GAP(BME board members, board members, BME staff, staff): below 0 means "
        "the board has a smaller BME share than the workforce.",
        number_format=POINTS_FORMAT,
    )
    w.skip()


_GROUP_EXAMPLES = ("C3 White Unspecified", "LK Asian unspecified", "Global Majority", "Not stated")
_BAND_EXAMPLES = ("Band 8 - Range A", "8C", "AfC Band 5", "Medical Consultant")


def _calculator_tidying(w: _Writer) -> None:
    w.heading("Checking your own values")
    w.header(["Try it", "You type", "Result", "", "How it works"])
    for n, text in enumerate(_GROUP_EXAMPLES):
        row = w.line(
            "Ethnic group of an ESR ethnic origin" if n == 0 else "",
            [text],
            "WRES_GROUP(text): White, BME or Unknown. The NHS code at the start decides, so "
            "'LK Asian unspecified' is BME."
            if n == 0
            else "",
            style="WRES input",
        )
        _result(w, row, f"=WRES_GROUP($B${row})")
    for n, text in enumerate(_BAND_EXAMPLES):
        row = w.line(
            "Standard name of a pay band" if n == 0 else "",
            [text],
            "WRES_BAND(text): the band as the WRES tables name it, or a WRES: message saying "
            "what is wrong."
            if n == 0
            else "",
            style="WRES input",
        )
        _result(w, row, f"=WRES_BAND($B${row})")
    w.skip()


def _result(w: _Writer, row: int, formula: str) -> None:
    w.ws[f"B{row}"].alignment = Alignment(horizontal="left", vertical="top")
    cell = _put(w.ws, row, 3, formula, "WRES output")
    cell.alignment = Alignment(horizontal="left", vertical="top")


#: An illustrative block of senior-band counts (White, BME, Unknown) to hide small numbers in.
_REDACTION_EXAMPLE: tuple[tuple[str, int, int, int], ...] = (
    ("Band 7", 412, 66, 7),
    ("Band 8a", 126, 13, 3),
    ("Band 8b", 42, 4, 1),
    ("Band 8c", 15, 2, 0),
)


def _calculator_redaction(w: _Writer) -> None:
    w.heading("Hiding small numbers before you publish")
    w.header(["Your counts (an example: type over it)", "White", "BME", "Unknown", "How it works"])
    first = w.row
    for n, (band, *counts) in enumerate(_REDACTION_EXAMPLE):
        w.line(
            band,
            counts,
            "Type or paste any block of counts here: each row and each column is treated as "
            "adding up to a published total."
            if n == 0
            else "",
            number_format=COUNT_FORMAT,
            style="WRES input",
        )
    last = w.row - 1
    w.header(["Safe to publish", "White", "BME", "Unknown", ""])
    out_first = w.row
    for n in range(len(_REDACTION_EXAMPLE)):
        w.line(
            f"=$A${first + n}",
            [None, None, None],
            "WRES_REDACT(block, hide up to): counts from 1 up to the Hide counts up to "
            f"setting (cell {w.at['hide'].replace('$', '')}) are hidden as *, and enough "
            "others that none can be worked out by subtraction. In Excel 365 one "
            "=WRES_REDACT(...) fills the block; INDEX(..., row, column) picks each cell."
            if n == 0
            else "",
            number_format=COUNT_FORMAT,
        )
    call = f"WRES_REDACT($B${first}:$D${last},{w.at['hide']})"
    for n in range(len(_REDACTION_EXAMPLE)):
        for c, letter in enumerate("BCD", start=1):
            w.ws[f"{letter}{out_first + n}"] = _index(call, n + 1, c, block=True)


def _index(call: str, row: int, column: int, *, block: bool) -> str:
    """One cell of a function's several-cell result. Past the first cell an error is left
    blank: when the function answers with one WRES: message, the first cell shows it."""
    picked = f"INDEX({call},{row},{column})" if block else f"INDEX({call},{column})"
    return f"={picked}" if (row, column) == (1, 1) else f'=IFERROR({picked},"")'


def _rating_colours(ws: Worksheet, cells: Sequence[str]) -> None:
    """The Summary sheet's rating colours, by conditional formatting on the label."""
    if not cells:
        return
    target = " ".join(cells)
    for label, fill in RATING_FILLS.items():
        # Indicator 1's representation labels never reach the Summary's rating column.
        if label in (Rating.NOT_COMPUTED.value, Rating.REFERENCE_GROUP.value) or (
            Rating(label).is_representation
        ):
            continue
        dark = label in (Rating.BETTER_LARGE.value, Rating.WORSE_LARGE.value)
        ws.conditional_formatting.add(
            target,
            CellIsRule(  # type: ignore[no-untyped-call]  # unannotated in types-openpyxl
                operator="equal",
                formula=[f'"{label}"'],
                fill=PatternFill("solid", fgColor=fill, bgColor=fill),
                font=Font(color="FFFFFF" if dark else "000000", bold=label.startswith("Worse")),
            ),
        )
