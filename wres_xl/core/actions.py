"""The action plan (SPEC §8): the built-in action library and the refresh rules for tblActions.

The action plan belongs to the user. A refresh may only append suggested actions for
indicators that show a disparity and keep the tool-owned ``Current rating`` column up to
date; everything else a user typed, including a dismissal, must survive every refresh.
This module decides *what* to change; the workbook layer writes it.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, NamedTuple, TypeAlias

from wres_xl.core import schema
from wres_xl.core.model import Check, Severity, counted
from wres_xl.core.schema import ACTIONS, SOURCE_VALUES, STATUS_VALUES
from wres_xl.core.schema import SOURCE_SUGGESTED as SOURCE_SUGGESTED
from wres_xl.core.schema import STATUS_NOT_STARTED as STATUS_NOT_STARTED
from wres_xl.core.stats import COLOUR_RATINGS, FourFifths, Rating
from wres_xl.errors import InputError, UnknownLabelError, WresError

if TYPE_CHECKING:
    from wres_xl.core.standard import Standard

#: A value read from, or written to, one Excel cell.
CellValue: TypeAlias = str | int | float | date | None

INDICATORS: tuple[int, ...] = schema.ALL_INDICATORS
LIBRARY_COLUMNS: tuple[str, ...] = ("id", "indicator", "action", "measure_of_success", "timescale")
LIBRARY_RESOURCE = "data/actions.csv"
#: Library IDs look like ``WRES-3-01``: the indicator, then a two-digit serial that is never reused.
ACTION_ID_PATTERN = re.compile(r"^WRES-([1-9])-(\d{2})$")

# The words are the rating enum's (core.stats.Rating): one vocabulary.
NOT_COMPUTED: str = Rating.NOT_COMPUTED.value
NOT_TESTED: str = Rating.NOT_TESTED.value
RATING_LABELS: tuple[str, ...] = tuple(r.value for r in COLOUR_RATINGS)
# Higher is better for BME staff. Benchmark is the reference cell's own label, so it sits with
# Equivalent. A bare "Better"/"Worse" (indicator 9 has no degree) ranks as the small degree;
# "Better" is no Rating (the enum has Worse only), so it is the one word written here.
_RATING_RANK: dict[str, int] = {
    Rating.WORSE_LARGE.value: -3,
    Rating.WORSE_MEDIUM.value: -2,
    Rating.WORSE_SMALL.value: -1,
    Rating.WORSE.value: -1,
    Rating.EQUIVALENT.value: 0,
    Rating.REFERENCE_GROUP.value: 0,
    "Better": 1,
    Rating.BETTER_SMALL.value: 1,
    Rating.BETTER_MEDIUM.value: 2,
    Rating.BETTER_LARGE.value: 3,
}
_RATING_BY_KEY: dict[str, str] = {
    " ".join(label.split()).casefold(): label for label in (*_RATING_RANK, NOT_COMPUTED, NOT_TESTED)
}

#: Every spelling of a four-fifths result the project reads, to core.stats' one enum.
_FOUR_FIFTHS_BY_KEY: dict[str, FourFifths] = {
    "adverse": FourFifths.ADVERSE,
    "non-adverse": FourFifths.NON_ADVERSE,
    "non adverse": FourFifths.NON_ADVERSE,
    "nonadverse": FourFifths.NON_ADVERSE,
    "below-range": FourFifths.BELOW_RANGE,
    "below range": FourFifths.BELOW_RANGE,
    "below 0.80": FourFifths.BELOW_RANGE,
    "below 0.8": FourFifths.BELOW_RANGE,
}

TREND_NEW = "New this year"
TREND_IMPROVED = "Improved"
TREND_WORSE = "Worse than last year"
TREND_SAME = "No change"
TREND_NOT_COMPUTED_NOW = "Not computed this year"
TREND_NOT_COMPUTED_BEFORE = "Not computed last year"

#: Written in the Lead cell of every suggested action, so an unowned action stands out; the
#: user replaces it with a name.
NEEDS_LEAD = "Needs a lead"
#: Suggestions added per indicator: a plan of 38 unowned actions helps nobody, so a refresh
#: keeps at most this many open suggestions per indicator, strongest (library order) first.
MAX_SUGGESTIONS_PER_INDICATOR = 3


# --- the action library -------------------------------------------------------------------


@dataclass(frozen=True)
class ActionTemplate:
    """One suggested action from the built-in library."""

    id: str
    indicator: int
    action: str
    measure_of_success: str
    timescale: str

    def to_row(self, current_rating: str, term: str = "BME") -> ActionRow:
        """The row appended to tblActions, worded with the trust's own term for BME staff."""
        return ActionRow(
            id=self.id,
            indicator=self.indicator,
            action=_use_term(self.action, term),
            measure_of_success=_use_term(self.measure_of_success, term),
            timescale=self.timescale,
            lead=NEEDS_LEAD,
            status=STATUS_NOT_STARTED,
            source=SOURCE_SUGGESTED,
            current_rating=current_rating,
        )


def _use_term(text: str, term: str) -> str:
    # Library text says "BME" and never "a BME"/"an BME", so any term reads grammatically.
    return text if term == "BME" else re.sub(r"\bBME\b", term, text)


def _library_error(source: str, line: int, problem: str) -> WresError:
    return WresError(
        f"The built-in action library ({source}) is damaged at line {line}: {problem} "
        "Reinstall wres-xl; if you edited this file on purpose, correct that line."
    )


def parse_action_library(text: str, source: str = LIBRARY_RESOURCE) -> tuple[ActionTemplate, ...]:
    """Parse and check the library CSV; any fault raises a WresError naming the line."""
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff")))
    try:
        header = next(reader)
    except StopIteration:
        raise _library_error(source, 1, "the file is empty.") from None
    if tuple(h.strip() for h in header) != LIBRARY_COLUMNS:
        raise _library_error(
            source,
            reader.line_num,
            f"the header should be {','.join(LIBRARY_COLUMNS)} but is {','.join(header)}.",
        )
    templates: list[ActionTemplate] = []
    seen: dict[str, int] = {}
    for record in reader:
        line = reader.line_num
        if not any(field.strip() for field in record):
            continue
        if len(record) != len(LIBRARY_COLUMNS):
            raise _library_error(
                source,
                line,
                f"it has {len(record)} fields but should have {len(LIBRARY_COLUMNS)} "
                "(put text containing commas in double quotes).",
            )
        action_id, indicator_text, action, measure, timescale = (f.strip() for f in record)
        match = ACTION_ID_PATTERN.match(action_id)
        if match is None:
            raise _library_error(
                source, line, f"the ID {action_id!r} is not of the form WRES-3-01."
            )
        if indicator_text not in {str(i) for i in INDICATORS}:
            raise _library_error(
                source, line, f"the indicator {indicator_text!r} is not a number from 1 to 9."
            )
        indicator = int(indicator_text)
        if int(match.group(1)) != indicator:
            raise _library_error(
                source, line, f"the ID {action_id} does not belong to indicator {indicator}."
            )
        key = normalise_action_id(action_id)
        if key in seen:
            raise _library_error(
                source, line, f"the ID {action_id} is already used on line {seen[key]}."
            )
        seen[key] = line
        for column, value in zip(LIBRARY_COLUMNS[2:], (action, measure, timescale), strict=True):
            if not value:
                raise _library_error(source, line, f"the {column} of {action_id} is blank.")
        templates.append(ActionTemplate(action_id, indicator, action, measure, timescale))
    if not templates:
        raise _library_error(source, reader.line_num, "it holds no actions.")
    return tuple(templates)


@cache
def load_action_library() -> tuple[ActionTemplate, ...]:
    """The action library shipped with the package (``wres_xl/data/actions.csv``)."""
    resource = resources.files("wres_xl").joinpath(LIBRARY_RESOURCE)
    try:
        text = resource.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise WresError(
            f"The built-in action library ({LIBRARY_RESOURCE}) cannot be read ({exc}). "
            "Reinstall wres-xl."
        ) from exc
    return parse_action_library(text)


# --- rows of tblActions -------------------------------------------------------------------

#: ActionRow attribute for each tblActions column, in table order.
FIELD_FOR_COLUMN: dict[str, str] = {
    "ID": "id",
    "Indicator": "indicator",
    "Action": "action",
    "Measure of success": "measure_of_success",
    "Timescale": "timescale",
    "Lead": "lead",
    "Status": "status",
    "Source": "source",
    "Current rating": "current_rating",
}
if tuple(FIELD_FOR_COLUMN) != ACTIONS.columns:
    raise AssertionError("tuple(FIELD_FOR_COLUMN) == ACTIONS.columns")


@dataclass(frozen=True)
class ActionRow:
    """One row of tblActions, holding the cell values exactly as the user left them."""

    id: CellValue = None
    indicator: CellValue = None
    action: CellValue = None
    measure_of_success: CellValue = None
    timescale: CellValue = None
    lead: CellValue = None
    status: CellValue = None
    source: CellValue = None
    current_rating: CellValue = None

    @classmethod
    def from_cells(cls, cells: Mapping[str, CellValue]) -> ActionRow:
        """Build from ``{column header: value}``; missing columns are blank, extra ones ignored."""
        return cls(**{field: cells.get(column) for column, field in FIELD_FOR_COLUMN.items()})

    def to_cells(self) -> dict[str, CellValue]:
        """``{column header: value}`` in tblActions column order."""
        return {column: getattr(self, field) for column, field in FIELD_FOR_COLUMN.items()}

    def values(self) -> tuple[CellValue, ...]:
        """The cell values in tblActions column order."""
        return tuple(self.to_cells().values())

    @property
    def is_blank(self) -> bool:
        return all(_is_blank(v) for v in self.values())


def _is_blank(value: CellValue) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text_key(value: CellValue) -> str:
    return " ".join(str(value).split()).casefold()


def normalise_action_id(value: CellValue) -> str:
    """Key for matching IDs: case and spaces ignored (``wres - 3 - 01`` is ``WRES-3-01``)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return re.sub(r"\s+", "", str(value)).casefold()


_INDICATOR_TEXT = re.compile(r"^(?:indicator|ind\.?|wres)?\s*([1-9])(?:\.0+)?$", re.IGNORECASE)


def parse_indicator(value: CellValue) -> int | None:
    """The indicator 1–9 in a cell (``3``, ``3.0``, ``"3"``, ``"Indicator 3"``), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value in INDICATORS else None
    if isinstance(value, float):
        return int(value) if value.is_integer() and int(value) in INDICATORS else None
    if isinstance(value, str):
        match = _INDICATOR_TEXT.match(value.strip())
        return int(match.group(1)) if match else None
    return None


def canonical_status(value: CellValue) -> str | None:
    """The Status list entry a cell means (any case or spacing), or None if blank/unrecognised."""
    if _is_blank(value):
        return None
    key = _text_key(value)
    return next((s for s in STATUS_VALUES if s.casefold() == key), None)


def canonical_source(value: CellValue) -> str | None:
    """``Suggested`` or ``Own`` (any case or spacing), or None if blank/unrecognised."""
    if _is_blank(value):
        return None
    key = _text_key(value)
    return next((s for s in SOURCE_VALUES if s.casefold() == key), None)


# --- ratings --------------------------------------------------------------------------------


def canonical_rating(label: str) -> str:
    """The rating label as the core writes it; UnknownLabelError for anything else."""
    found = _RATING_BY_KEY.get(_text_key(label))
    if found is None:
        raise UnknownLabelError(
            f"{label!r} is not a rating. Ratings are: {', '.join(RATING_LABELS)}, {NOT_COMPUTED}."
        )
    return found


def canonical_four_fifths(value: str | None) -> FourFifths | None:
    """``adverse``/``non-adverse``/``below-range`` from either spelling the project uses."""
    if value is None or not value.strip():
        return None
    found = _FOUR_FIFTHS_BY_KEY.get(_text_key(value))
    if found is None:
        raise UnknownLabelError(
            f"{value!r} is not a four-fifths result. Use adverse, non-adverse or below-range."
        )
    return found


@dataclass(frozen=True)
class IndicatorStatus:
    """An indicator's rating this year and, for indicators 2–4, its four-fifths result."""

    rating: str
    four_fifths: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "rating", canonical_rating(self.rating))
        object.__setattr__(self, "four_fifths", canonical_four_fifths(self.four_fifths))

    @property
    def is_worse(self) -> bool:
        return self.rating.startswith("Worse")

    @property
    def is_adverse(self) -> bool:
        return self.four_fifths == FourFifths.ADVERSE

    @property
    def needs_action(self) -> bool:
        """SPEC §8: suggestions are due when rated Worse (any degree) or four-fifths adverse."""
        return self.is_worse or self.is_adverse

    @property
    def reason(self) -> str:
        if self.is_worse and self.is_adverse:
            return f"{self.rating}; adverse under the four-fifths rule"
        if self.is_adverse:
            return f"{self.rating}, but adverse under the four-fifths rule"
        return self.rating

    @property
    def current_rating(self) -> str:
        """What the Current rating column shows: the rating, and the four-fifths result when
        it is adverse, since that alone can be why an Equivalent indicator has actions."""
        if self.is_adverse:
            return f"{self.rating}; four-fifths adverse"
        return self.rating


# --- the refresh plan -----------------------------------------------------------------------


class RatingChange(NamedTuple):
    """Set ``Current rating`` of ``existing[row_index]`` to ``current_rating``."""

    row_index: int
    current_rating: str


@dataclass(frozen=True)
class ActionPlanUpdate:
    """What a refresh does to tblActions: append rows and set Current rating, nothing else."""

    rows_to_append: tuple[ActionRow, ...]
    rating_changes: tuple[RatingChange, ...]
    notes: tuple[str, ...]
    #: Indexes of non-blank rows whose Indicator is not 1–9 (left exactly as they were).
    unrated_rows: tuple[int, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.rows_to_append and not self.rating_changes


def _row_list(rows: Sequence[int]) -> str:
    """ "Row 5", "Rows 5 and 7", "Rows 21 to 41" or "Rows 3, 8 to 10 and 12": consecutive
    rows as a range, so a first plan's twenty new rows read as one span."""
    spans: list[list[int]] = []
    for r in sorted(set(rows)):
        if spans and r == spans[-1][1] + 1:
            spans[-1][1] = r
        else:
            spans.append([r, r])
    parts: list[str] = []
    for a, b in spans:
        # Two rows read better as "4 and 5" than as a range.
        parts += [str(a)] if a == b else [str(a), str(b)] if b == a + 1 else [f"{a} to {b}"]
    if len(parts) == 1 and spans[0][0] == spans[0][1]:
        return f"Row {parts[0]}"
    if len(parts) == 1:
        return f"Rows {parts[0]}"
    return f"Rows {', '.join(parts[:-1])} and {parts[-1]}"


# Complexity above 15 (C901): the SPEC §8 rules in the order the spec gives them.
def plan_action_updates(  # noqa: C901
    existing: Sequence[ActionRow],
    ratings: Mapping[int, IndicatorStatus],
    library: Sequence[ActionTemplate] | None = None,
    *,
    term: str = "BME",
    first_data_row: int = 2,
) -> ActionPlanUpdate:
    """Decide a refresh's changes to tblActions (SPEC §8).

    For each indicator rated Worse or four-fifths adverse, the library's actions whose ID is
    not already on any row (whatever its status, including Dismissed) are appended in library
    order (each indicator's actions are listed strongest first), until the indicator has
    ``MAX_SUGGESTIONS_PER_INDICATOR`` suggestions that are not Complete: so a second refresh
    adds nothing, a dismissal is respected, and completing one brings in the next.
    ``Current rating`` of every row with an indicator 1–9 is set to that indicator's
    rating, with "; four-fifths adverse" when that is why it has actions (``Not computed``
    when ``ratings`` has none). No other cell is ever changed.
    ``first_data_row`` is the sheet row of ``existing[0]``, used only in the notes.
    """
    for indicator in ratings:
        if indicator not in INDICATORS:
            raise InputError(f"Indicator {indicator} is not a WRES indicator (1 to 9).")
    templates = load_action_library() if library is None else tuple(library)

    def rating_text(indicator: int) -> str:
        status = ratings.get(indicator)
        return NOT_COMPUTED if status is None else status.current_rating

    present = {normalise_action_id(row.id) for row in existing if not _is_blank(row.id)}
    dismissed = {
        normalise_action_id(row.id)
        for row in existing
        if not _is_blank(row.id) and canonical_status(row.status) == "Dismissed"
    }

    new_keys: set[str] = set()
    notes: list[str] = []
    for indicator in INDICATORS:
        status = ratings.get(indicator)
        if status is None or not status.needs_action:
            continue
        suggestions = [t for t in templates if t.indicator == indicator]
        library_keys = {normalise_action_id(t.id) for t in suggestions}
        # A dismissed suggestion still counts (the analyst said no; more of the same is not
        # pushed on them); a completed one does not, so the next strongest is offered.
        open_suggestions = sum(
            1
            for row in existing
            if normalise_action_id(row.id) in library_keys
            and canonical_status(row.status) != "Complete"
        )
        room = max(0, MAX_SUGGESTIONS_PER_INDICATOR - open_suggestions)
        unused = [t for t in suggestions if normalise_action_id(t.id) not in present]
        new = unused[:room]
        new_keys.update(normalise_action_id(t.id) for t in new)
        n_dismissed = sum(normalise_action_id(t.id) in dismissed for t in suggestions)
        if new:
            note = (
                f"Added {counted(len(new), 'suggested action', 'suggested actions')} "
                f"for indicator {indicator} ({status.reason})."
            )
        elif unused:
            note = (
                f"Indicator {indicator} ({status.reason}): it already has "
                f"{MAX_SUGGESTIONS_PER_INDICATOR} suggested actions not yet complete, so no "
                "more were added; the next is offered when one is complete."
            )
        elif suggestions:
            note = (
                f"Indicator {indicator} ({status.reason}): all its suggested actions are "
                "already in the plan, so none were added."
            )
        else:
            note = f"Indicator {indicator} ({status.reason}): the library has no suggestions."
        if n_dismissed:
            was = counted(
                n_dismissed, "suggestion you dismissed was", "suggestions you dismissed were"
            )
            note += f" {was} not added again."
        notes.append(note)
    # Library order; a key is taken once so a caller's library with a repeated ID cannot
    # put the same action in the plan twice.
    appended: list[ActionRow] = []
    for template in templates:
        key = normalise_action_id(template.id)
        if key in new_keys:
            new_keys.discard(key)
            appended.append(template.to_row(rating_text(template.indicator), term))

    changes: list[RatingChange] = []
    unrated: list[int] = []
    for index, row in enumerate(existing):
        row_indicator = parse_indicator(row.indicator)
        if row_indicator is None:
            if not row.is_blank:
                unrated.append(index)
            continue
        wanted = rating_text(row_indicator)
        if row.current_rating != wanted:
            changes.append(RatingChange(index, wanted))
    if unrated:
        notes.append(
            f"{_row_list([first_data_row + i for i in unrated])} of the {ACTIONS.sheet} sheet "
            f"{'has' if len(unrated) == 1 else 'have'} no indicator number from 1 to 9, so "
            f"Current rating was left as it was. Type the indicator number in the Indicator column."
        )
    return ActionPlanUpdate(tuple(appended), tuple(changes), tuple(notes), tuple(unrated))


def apply_action_plan_update(
    existing: Sequence[ActionRow], update: ActionPlanUpdate
) -> list[ActionRow]:
    """The table after the refresh: the same rows with new ratings, then the appended rows."""
    rows = list(existing)
    for index, rating in update.rating_changes:
        rows[index] = replace(rows[index], current_rating=rating)
    rows.extend(update.rows_to_append)
    return rows


# --- progress and validation ----------------------------------------------------------------


def progress_summary(rows: Iterable[ActionRow]) -> dict[str, int]:
    """Count of actions by Status, every status present in list order.

    A row with no Status has not been started, so it counts as Not started; a Status
    that is not in the list is counted nowhere (validate_action_rows reports it).
    """
    counts = dict.fromkeys(STATUS_VALUES, 0)
    for row in rows:
        if row.is_blank:
            continue
        if _is_blank(row.status):
            counts[STATUS_NOT_STARTED] += 1
            continue
        status = canonical_status(row.status)
        if status is not None:
            counts[status] += 1
    return counts


def _action_check(index: int, row: int, column: str, value: CellValue, message: str) -> Check:
    """A problem in a user's action plan row, for the Checks sheet (a warning: nothing in
    the plan stops a refresh)."""
    return Check(
        Severity.WARNING,
        ACTIONS.sheet,
        message,
        table=ACTIONS.name,
        row=row,
        column=column,
        value=value,
        index=index,
    )


def _quoted(value: CellValue) -> str:
    return f"'{value}'" if isinstance(value, str) else str(value)


def _not_an_indicator(value: CellValue) -> str | None:
    """Why ``value`` is not a WRES indicator number 1 to 9, or None."""
    if _is_blank(value):
        return (
            "The indicator is blank. Type the number of the WRES indicator (1 to 9) this "
            "action is for, so its current rating can be shown."
        )
    if parse_indicator(value) is None:
        return f"{_quoted(value)} is not an indicator number. Type a whole number from 1 to 9."
    return None


def _not_a_metric(value: CellValue, standard: Standard) -> str | None:
    """Why ``value`` names none of a standard's metrics (WDES: '4a-i', 10), or None."""
    keys = ", ".join(standard.metric_keys)
    if _is_blank(value):
        return (
            f"The metric is blank. Type the {standard.name} metric ({keys}) this action is "
            "for, so its current rating can be shown."
        )
    try:
        standard.metric(value)
    except InputError:
        return f"{_quoted(value)} is not a {standard.name} metric. Type one of {keys}."
    return None


def validate_action_rows(
    rows: Sequence[ActionRow], *, first_data_row: int = 2, standard: Standard | None = None
) -> tuple[Check, ...]:
    """Problems in tblActions a user can fix; nothing here stops a refresh.

    ``first_data_row`` is the sheet row of ``rows[0]`` so problems name the Excel row.
    Completely blank rows are ignored. ``standard`` is given for a standard other than the
    WRES, whose Indicator column names its metrics ('4a-i') rather than numbers 1 to 9.
    """
    problems: list[Check] = []
    first_row_of_id: dict[str, int] = {}
    statuses = ", ".join(STATUS_VALUES[:-1]) + f" or {STATUS_VALUES[-1]}"
    no_lead: list[int] = []

    for index, row in enumerate(rows):
        if row.is_blank:
            continue
        sheet_row = first_data_row + index

        def problem(column: str, value: CellValue, message: str, *, i: int = index) -> None:
            problems.append(_action_check(i, first_data_row + i, column, value, message))

        why = (
            _not_an_indicator(row.indicator)
            if standard is None
            else _not_a_metric(row.indicator, standard)
        )
        if why is not None:
            problem("Indicator", row.indicator, why)
        if _is_blank(row.status):
            problem(
                "Status",
                row.status,
                f"The status is blank, so this action is counted as Not started. Choose "
                f"{statuses} from the list.",
            )
        elif canonical_status(row.status) is None:
            problem(
                "Status",
                row.status,
                f"{_quoted(row.status)} is not a status. Choose {statuses} from the list.",
            )
        if _is_blank(row.source):
            problem(
                "Source",
                row.source,
                "The source is blank. Choose Own for an action you wrote yourself, or "
                "Suggested for one from the built-in library.",
            )
        elif canonical_source(row.source) is None:
            problem(
                "Source",
                row.source,
                f"{_quoted(row.source)} is not a source. Choose Own for an action you wrote "
                "yourself, or Suggested for one from the built-in library.",
            )
        if (
            _is_blank(row.lead) or _text_key(row.lead) == NEEDS_LEAD.casefold()
        ) and canonical_status(row.status) not in ("Dismissed", "Complete"):
            no_lead.append(index)
        if _is_blank(row.action):
            problem(
                "Action",
                row.action,
                "The action is blank. Describe the action, or delete the row if it is not needed.",
            )
        if not _is_blank(row.id):
            key = normalise_action_id(row.id)
            if key in first_row_of_id:
                problem(
                    "ID",
                    row.id,
                    f"The ID {_quoted(row.id)} is also used on row {first_row_of_id[key]}. Give "
                    "each action its own ID, or clear the ID of an action you wrote yourself.",
                )
            else:
                first_row_of_id[key] = sheet_row
    if no_lead:
        # One line for all of them: a first plan can have a dozen, and each is already
        # marked in its own Lead cell.
        first = no_lead[0]
        problems.append(
            _action_check(
                first,
                first_data_row + first,
                "Lead",
                rows[first].lead,
                f"{_row_list([first_data_row + i for i in no_lead])} of the {ACTIONS.sheet} "
                f"sheet {'has' if len(no_lead) == 1 else 'have'} no lead (blank or "
                f"'{NEEDS_LEAD}'). Type the name or role of the person who will make each "
                "action happen; an action nobody owns rarely happens.",
            )
        )
    return tuple(problems)
