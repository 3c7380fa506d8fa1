"""The Publication sheet (SPEC §5) and the internal Suppression log.

Every count the published tables show, or let a reader work out (a *complement* such as
"not appointed" = shortlisted − appointed), is one cell of a single ledger. A figure that
appears in several tables (the whole-workforce White count is also indicator 3's White
headcount) is one ledger cell, so hiding it hides it everywhere. The additive relations
between ledger cells (bands add up to their staff group, staff groups to the workforce,
events plus non-events to their total, executive plus non-executive to the board) go to
the suppression engine together, so no combination of the published tables gives a
hidden count away. Percentages, rates, relative likelihoods, intervals, p-values and
ratings record the counts they are calculated from and are hidden when any of them is.

The log sheet holds the hidden values, so it is internal: ``wres-xl publish`` writes
only the Publication sheet's content.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Literal

from wres_xl.core.bands import STAFF_GROUPS, in_senior_level
from wres_xl.core.groups import Group
from wres_xl.core.indicators import (
    INDICATOR_TITLES,
    BoardResult,
    GroupRate,
    IndicatorResult,
    NotComputed,
    RatioResult,
    SurveyResult,
    WorkforceResult,
    WresReport,
    band_comparison,
    ratio_result,
    senior_comparison,
    survey_result,
)
from wres_xl.core.model import GroupCounts, PercentBasis, Settings
from wres_xl.core.schema import PUBLICATION_SHEET, SUPPRESSION_LOG_SHEET
from wres_xl.core.stats import Rating, board_gap, four_fifths
from wres_xl.core.suppression import (
    Relation,
    SuppressionRules,
    exposed_cells,
    footnote_text,
    rounded_count,
    suppress,
)
from wres_xl.errors import InputError
from wres_xl.report.common import SENIOR_ROW_NAMES, ci_text, organisation_line, title_rows
from wres_xl.report.layout import (
    PrintedTable,
    SheetContent,
    legend_rows,
    rating_style,
    representation_legend_rows,
)

if TYPE_CHECKING:
    # Only named in a signature: a WRES refresh does not import the WDES metrics.
    from wres_xl.core.wdes import WdesReport

Key = tuple[object, ...]
CellKind = Literal["count", "figure", "rating", "text"]

#: The Publication sheet's tables are nine columns wide (A to I).
WIDTH = 9
_NUMBER_WIDTH = 12
_COLUMN_WIDTHS = {1: 30, WIDTH: 24}
_GROUPS = (Group.WHITE, Group.BME, Group.UNKNOWN)
_RL_EVENTS = {
    2: "Appointed",
    3: "Entered formal disciplinary",
    4: "Accessed non-mandatory training",
}
_RL_NON_EVENTS = {
    2: "Not appointed",
    3: "Did not enter formal disciplinary",
    4: "Did not access non-mandatory training",
}
_RL_TOTAL = {2: "Shortlisted", 3: "Headcount", 4: "Headcount"}
_RL_RATE = {2: "Appointment rate", 3: "Rate of entry", 4: "Rate of access"}
_RL_VERB = {
    2: ("were appointed", "were not appointed", "were shortlisted"),
    3: (
        "entered the formal disciplinary process",
        "did not enter the formal disciplinary process",
        "were in the headcount",
    ),
    4: (
        "accessed non-mandatory training",
        "did not access non-mandatory training",
        "were in the headcount",
    ),
}
_SURVEY_VERB = {
    5: "reported harassment, bullying or abuse from patients, relatives or the public",
    6: "reported harassment, bullying or abuse from staff",
    7: "believed the trust provides equal opportunities for career progression",
    8: "reported discrimination from a manager, team leader or colleague",
}
_LOG_EXPLANATION_CHARS = 105
#: The words of every "withheld" and "not shown" note (see ``_Renderer.because``).
WITHHELD_NOTE = "Figures withheld to protect small numbers (see the note on small numbers)."
WITHHELD_REASON = (
    "calculated from a count hidden to protect small numbers (see the note on small numbers)."
)
_LOG_REASONS = {"primary": "Primary", "secondary": "Secondary", "derived": "Derived"}


def column_letter(col: int) -> str:
    """Excel's column letters for a 1-based column number (A, B, ... Z, AA ...)."""
    letters = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def round_ratio(value: float) -> float:
    """A relative likelihood as published: two decimals, the precision it is shown at."""
    return round(value, 2)


def published_figure(value: object, style: str) -> object:
    """A calculated figure as written to the published sheet: rounded to the precision
    its format shows (a percentage to 0.1 point, a ratio to 2 decimals, a p-value to 3
    or "<0.001", a difference in points to 0.1), so that the file holds nothing more
    precise than a reader sees."""
    if isinstance(value, bool) or not isinstance(value, float):
        return value
    if style.startswith("percent"):
        return round(value, 3)
    if style.startswith("ratio"):
        return round_ratio(value)
    if style == "pvalue":
        return "<0.001" if value < 0.001 else round(value, 3)
    if style == "points":
        return round(value, 1) + 0.0  # no "-0.0"
    return value


def publication_rules(report: WresReport | WdesReport) -> SuppressionRules:
    """The suppression rules from the Settings sheet (raises InputError when unusable)."""
    settings = report.settings
    return SuppressionRules(
        hide_up_to=settings.hide_up_to,
        marker=settings.redaction_marker,
        round_to=settings.round_to,
        board_in_full=not settings.suppress_board,
    )


# --------------------------------------------------------------------------- the ledger


@dataclass
class Count:
    """One count that the publication shows or lets a reader work out."""

    key: Key
    value: int
    table: str
    row: str
    column: str
    #: Completes "fewer than 8 ..." in a withheld note, e.g. "BME applicants were appointed".
    phrase: str
    #: For a count no table shows: how a reader works it out from the shown ones.
    worked_out: str = ""
    places: list[str] = field(default_factory=list)
    reason: str | None = None
    explanation: str = ""
    #: Published in full, never hidden or rounded (board figures, unless the Settings
    #: sheet says ``Suppress board figures`` is Yes).
    exempt: bool = False
    #: Decided after everything else, in this order (1 first), and shown only where that
    #: hides nothing more: indicator 1's senior levels (see ``Ledger._show_late``).
    late: int = 0
    #: A senior count neither shown nor marked hidden ("–"): one that the shown counts pin
    #: down closely (so a marker would promise a protection it does not have) but that
    #: cannot be shown without narrowing another hidden count. Not small (never pinned
    #: inside 1 to the threshold), and every figure calculated from it is hidden.
    unpublished: bool = False

    @property
    def hidden(self) -> bool:
        return self.reason is not None


#: How many more band counts the suppression may hide to show one senior count.
_LATE_EXTRA = 3


class Ledger:
    """Every count of the publication, and the sums that hold between them."""

    def __init__(self) -> None:
        self.counts: dict[Key, Count] = {}
        self.relations: list[tuple[tuple[Key, ...], Key, str]] = []
        self._names: set[tuple[str, str, str]] = set()

    def add(
        self,
        key: Key,
        value: int,
        *,
        table: str,
        row: str,
        column: str,
        phrase: str,
        worked_out: str = "",
    ) -> Key:
        if key in self.counts:
            return key
        name = (table, row, column)
        n = 2
        while name in self._names:  # two rows with the same band, say
            name = (table, f"{row} ({n})", column)
            n += 1
        self._names.add(name)
        self.counts[key] = Count(key, int(value), *name, phrase, worked_out)
        return key

    def relate(self, parts: Sequence[Key], total: Key, label: str) -> None:
        self.relations.append((tuple(parts), total, label))

    def hidden(self, key: Key) -> bool:
        """Not shown to a reader: hidden (the marker) or a senior count left unpublished."""
        count = self.counts[key]
        return count.hidden or count.unpublished

    def suppress(self, rules: SuppressionRules) -> None:
        """Primary and secondary suppression over every count, one linked group at a time
        (counts with no sum between them cannot give each other away). A group of exempt
        counts (the board's, published in full) is left as it is: no sum links it to a
        count that is suppressed. Late counts (indicator 1's senior levels) are left out of
        this first pass and decided after it, against everything it left (``_show_late``)."""
        late = {key for key, count in self.counts.items() if count.late}
        early = [r for r in self.relations if r[1] not in late and not late & set(r[0])]
        for keys, relations in self._components(early, exclude=late):
            if all(self.counts[key].exempt for key in keys):
                continue
            self._suppress_component(keys, relations, rules)
        if late:
            for keys, relations in self._components(self.relations):
                if late & set(keys):
                    self._show_late(keys, relations, rules)

    # Complexity above 15 (C901): one decision per senior level and year, each needing the
    # first pass's outcome; split, the rule would be spread over helpers sharing that state.
    def _show_late(  # noqa: C901
        self,
        keys: list[Key],
        relations: list[tuple[tuple[Key, ...], Key, str]],
        rules: SuppressionRules,
    ) -> None:
        """Shows each late count (indicator 1's senior levels), most wanted first, where
        that leaves every hidden count as well protected as before; hides it otherwise.
        Nothing the first pass showed is hidden for them: the senior headline never costs
        a band, a staff group or the whole workforce (which indicators 3, 4 and 9 repeat)."""
        _, where, engine_relations = self._grid(keys, relations)
        values = {cell: self.counts[key].value for key, cell in where.items()}
        late = [k for k in keys if self.counts[k].late]
        seen: list[dict[tuple[int, int], int]] = []  # the audit's checked tables, reused
        for key in late:
            count = self.counts[key]
            if 1 <= count.value <= rules.hide_up_to:
                count.reason, count.explanation = "primary", "A count from 1 to the threshold."
            elif count.value:
                count.reason = "secondary"
                count.explanation = (
                    "Hidden so that the bands it adds up cannot be narrowed down by it."
                )

        def exposed(pending: bool = False) -> dict[Key, tuple[float, float]]:
            """Hidden counts a reader can narrow down, with their ranges: those of the
            first pass and the small senior ones (or, with ``pending``, the senior ones
            hidden for now)."""
            hidden = {where[k] for k in keys if self.hidden(k)}
            targets = [
                where[k]
                for k in keys
                if self.hidden(k)
                and (
                    self.counts[k].late and self.counts[k].reason == "secondary"
                    if pending
                    else not self.counts[k].late or self.counts[k].reason == "primary"
                )
            ]
            if not targets:
                return {}
            found = exposed_cells(
                values, hidden, engine_relations, rules, targets=targets, witnesses=seen
            )
            return {k: found[cell] for k, cell in where.items() if cell in found}

        def one_hidden() -> bool:
            """A sum with exactly one hidden count (SPEC §5's secondary rule), other than
            a senior count still hidden only for the moment (decided after, or unpublished)."""
            for parts, total, _ in relations:
                hidden = [k for k in (*parts, total) if self.hidden(k)]
                if len(hidden) == 1:
                    only = self.counts[hidden[0]]
                    if not (only.late and only.reason != "primary"):
                        return True
            return False

        parts_of = {total: parts for parts, total, _ in relations if total in set(late)}

        def band_cells(near: set[Key]) -> list[Key]:
            """Shown, non-zero band counts in a sum with an exposed count, smallest first:
            what may be hidden as well so that a senior count can be shown (never a staff
            group's or the whole workforce's total, never another indicator's count)."""
            touching = {
                k
                for parts, total, _ in relations
                if near & {*parts, total}
                for k in (*parts, total)
            }
            return sorted(
                (
                    k
                    for k in touching
                    if k[0] == "band" and not self.hidden(k) and self.counts[k].value > 0
                ),
                key=lambda k: (Group.BME.value in k, self.counts[k].value, k),
            )

        # A small senior count is hidden and must be protected as every hidden count is, but
        # the first pass never saw it: the hidden bands it adds up may pin it down (with
        # rounding, 7 + 3 hidden can leave their sum 6..14). Hide more bands, from the sums
        # nearest it outwards, until none is narrowed; all else failing, everything.
        near = set(exposed())
        while near:
            candidates = band_cells(near)
            if candidates:
                self.counts[candidates[0]].reason = "secondary"
                self.counts[candidates[0]].explanation = (
                    "Hidden so that a small senior level's count cannot be narrowed down "
                    "from the bands it adds up."
                )
                near = set(exposed())
                continue
            wider = near | {
                k
                for parts, total, _ in relations
                if near & {*parts, total}
                for k in (*parts, total)
                if self.hidden(k)
            }
            if wider == near:
                for k in keys:
                    if self.counts[k].value and not self.hidden(k):
                        self.counts[k].reason = "secondary"
                        self.counts[k].explanation = (
                            "Hidden with every figure linked to it, so that a small senior "
                            "level's count cannot be narrowed down."
                        )
                break
            near = wider
        for key in sorted(late, key=lambda k: self.counts[k].late):
            count = self.counts[key]
            if count.reason != "secondary":
                continue
            count.reason = None
            if rules.round_to <= 1 and all(not self.hidden(k) for k in parts_of.get(key, ())):
                # The sum of counts shown unrounded: it tells a reader nothing new.
                count.explanation = ""
                continue
            extra: list[Key] = []
            found = set(exposed()) if not one_hidden() else {key}
            while found and key not in found and len(extra) < _LATE_EXTRA:
                candidates = band_cells(found)
                if not candidates:
                    break
                extra.append(candidates[0])
                self.counts[candidates[0]].reason = "secondary"
                self.counts[candidates[0]].explanation = (
                    "Hidden so that the senior levels' figures can be shown without "
                    "narrowing down another hidden count."
                )
                found = set(exposed()) if not one_hidden() else {key}
            if found:
                count.reason = "secondary"
                for k in extra:
                    self.counts[k].reason, self.counts[k].explanation = None, ""
            else:
                count.explanation = ""
        # A late count still hidden that the shown ones give away exactly is shown (it is
        # not small, and hiding it would tell a reader nothing but that it is hidden).
        for key in exposed(pending=True):
            count = self.counts[key]
            if count.late and count.reason == "secondary":
                count.reason = None
                if one_hidden() or exposed():
                    count.reason = "secondary"
                else:
                    count.explanation = ""
        # One the shown counts still pin down, and that cannot be shown either: not
        # published at all (a marker would claim a protection it does not have).
        for key in exposed(pending=True):
            count = self.counts[key]
            if count.late and count.reason == "secondary":
                count.reason, count.unpublished = None, True

    def shown_value(self, key: Key, rules: SuppressionRules) -> int:
        """The count as a reader sees it (rounded unless exempt)."""
        count = self.counts[key]
        return count.value if count.exempt else rounded_count(count.value, rules)

    def _components(
        self,
        relations: Sequence[tuple[tuple[Key, ...], Key, str]] | None = None,
        exclude: Collection[Key] = (),
    ) -> list[tuple[list[Key], list[tuple[tuple[Key, ...], Key, str]]]]:
        relations = self.relations if relations is None else relations
        parent: dict[Key, Key] = {key: key for key in self.counts if key not in exclude}

        def find(key: Key) -> Key:
            while parent[key] != key:
                parent[key] = parent[parent[key]]
                key = parent[key]
            return key

        for parts, total, _ in relations:
            root = find(total)
            for part in parts:
                other = find(part)
                if other != root:
                    parent[other] = root
        members: dict[Key, list[Key]] = {}
        for key in parent:
            members.setdefault(find(key), []).append(key)
        rels: dict[Key, list[tuple[tuple[Key, ...], Key, str]]] = {}
        for relation in relations:
            rels.setdefault(find(relation[1]), []).append(relation)
        return [(keys, rels.get(root, [])) for root, keys in members.items()]

    def _grid(
        self, keys: list[Key], relations: list[tuple[tuple[Key, ...], Key, str]]
    ) -> tuple[list[list[int | None]], dict[Key, tuple[int, int]], list[Relation]]:
        """The linked counts as the engine's grid (a row per table row, a column per
        column name), where each key sits in it, and the sums between them."""
        row_names: list[str] = []
        col_names: list[str] = []
        where: dict[Key, tuple[int, int]] = {}
        for key in keys:
            count = self.counts[key]
            row_name = f"{count.table}, {count.row}"
            if row_name not in row_names:
                row_names.append(row_name)
            if count.column not in col_names:
                col_names.append(count.column)
            where[key] = (row_names.index(row_name), col_names.index(count.column))
        grid: list[list[int | None]] = [[None] * len(col_names) for _ in row_names]
        for key, (r, c) in where.items():
            grid[r][c] = self.counts[key].value
        engine_relations = [
            Relation(tuple(where[p] for p in parts), where[total], label)
            for parts, total, label in relations
        ]
        return grid, where, engine_relations

    def _suppress_component(
        self,
        keys: list[Key],
        relations: list[tuple[tuple[Key, ...], Key, str]],
        rules: SuppressionRules,
    ) -> None:
        grid, where, engine_relations = self._grid(keys, relations)
        row_names = [""] * len(grid)
        col_names = [""] * (len(grid[0]) if grid else 0)
        for key, (r, c) in where.items():
            count = self.counts[key]
            row_names[r], col_names[c] = f"{count.table}, {count.row}", count.column
        by_cell = {cell: key for key, cell in where.items()}
        try:
            # BME counts are what a WRES report is for: hide another cell instead where
            # that protects just as well.
            spare = [cell for key, cell in where.items() if Group.BME.value in key]
            result = suppress(
                grid,
                engine_relations,
                rules,
                row_labels=row_names,
                col_labels=col_names,
                spare=spare,
            )
        except InputError as error:
            # Cannot happen while every total is a count of the ledger; if it ever does,
            # every non-zero count of the linked group is hidden rather than published
            # unsafely (zeros stay shown: the rule says hidden counts are at least 1, and
            # with every sum's non-zero cells hidden nothing has a largest value).
            for key in keys:
                count = self.counts[key]
                if count.value == 0:
                    continue
                small = 1 <= count.value <= rules.hide_up_to
                count.reason = "primary" if small else "secondary"
                count.explanation = f"Hidden with every figure linked to it, because: {error}"
            return
        for entry in result.log:
            count = self.counts[by_cell[(entry.row, entry.col)]]
            count.reason = entry.reason
            count.explanation = entry.explanation


# --------------------------------------------------------------------------- the layout


@dataclass(frozen=True)
class Cell:
    """One cell of a published table: a count, a figure calculated from counts (hidden
    when any of ``uses`` is), a rating (likewise) or plain text."""

    kind: CellKind
    value: object = None
    style: str = "text"
    key: Key | None = None
    uses: tuple[Key, ...] = ()


def _count(key: Key, bold: bool = False) -> Cell:
    return Cell("count", style="count_bold" if bold else "count", key=key)


def _figure(value: object, style: str, uses: Iterable[Key]) -> Cell:
    if value is None:
        return Cell("figure", "–", "marker", uses=tuple(uses))
    return Cell("figure", value, style, uses=tuple(uses))


def _rating(rating: Rating, uses: Iterable[Key]) -> Cell:
    if rating is Rating.NOT_COMPUTED:
        return Cell("text", "–", "text")
    return Cell("rating", rating, rating_style(rating), uses=tuple(uses))


def _header_height(headings: Sequence[str]) -> float:
    """Row height (points) that shows every wrapped heading in full."""
    lines = 1
    for col, heading in enumerate(headings, start=1):
        width = _COLUMN_WIDTHS.get(col, _NUMBER_WIDTH) - 1
        used, count = 0, 1
        for word in heading.split():
            if used and used + 1 + len(word) > width:
                count += 1
                used = len(word)
            else:
                used += len(word) + (1 if used else 0)
        lines = max(lines, count)
    return 13.0 * lines + 4


def _text(value: object = "", style: str = "text") -> Cell:
    return Cell("text", value, style)


@dataclass
class Line:
    label: str
    cells: list[Cell]
    label_style: str = "text"
    #: "data" rows hold figures; "header" rows column headings (label included).
    kind: Literal["data", "header", "blank"] = "data"
    #: The row's name in the suppression log, e.g. "Clinical, Band 5".
    name: str = ""
    #: A header line that starts a printed table of its own: the title row printed above
    #: it, naming the table and year (indicator 1's tables, one staff group each).
    title: str = ""


@dataclass
class Block:
    """One indicator for one year."""

    indicator: int
    year: int
    table: str
    heading: str
    lines: list[Line] = field(default_factory=list)
    #: Shown instead of the lines (an indicator that could not be calculated).
    message: str | None = None
    #: The main result's name and the counts it uses, for the "not shown" note.
    headline: tuple[str, tuple[Key, ...]] | None = None

    def counts_shown(self) -> list[Key]:
        return [
            cell.key
            for line in self.lines
            for cell in line.cells
            if cell.kind == "count" and cell.key is not None
        ]

    def keys_used(self) -> list[Key]:
        keys: list[Key] = []
        for line in self.lines:
            for cell in line.cells:
                if cell.key is not None:
                    keys.append(cell.key)
                keys.extend(cell.uses)
        return list(dict.fromkeys(keys))


@dataclass
class Section:
    indicator: int
    title: str
    notes: list[str] = field(default_factory=list)
    header: Line | None = None
    blocks: list[Block] = field(default_factory=list)


@dataclass(frozen=True)
class DerivedEntry:
    table: str
    row: str
    column: str
    value: str
    explanation: str
    place: str


@dataclass
class Publication:
    """Everything the two sheets are built from; tests read it too."""

    rules: SuppressionRules
    ledger: Ledger
    sections: list[Section]
    derived: list[DerivedEntry] = field(default_factory=list)
    #: Set when the settings cannot be used: the sheet says why and shows no figures.
    problem: str | None = None


class _Builder:
    def __init__(
        self, report: WresReport, rules: SuppressionRules, years: Sequence[int] | None = None
    ) -> None:
        self.report = report
        self.start(report.settings, rules, every_year(report) if years is None else years)

    def start(self, settings: Settings, rules: SuppressionRules, years: Sequence[int]) -> None:
        self.settings = settings
        self.years = list(years)
        self.rules = rules
        self.term = settings.bme_term
        self.basis = settings.percent_basis
        self.ledger = Ledger()

    # --- words (another standard's builder, see report/wdes_publication.py, overrides them)

    #: What a group of unknown staff is unknown by.
    unknown_by = "ethnicity"

    def group_word(self, group: Group) -> str:
        return self.term if group is Group.BME else group.label

    def who(self, group: Group, noun: str) -> str:
        if group is Group.UNKNOWN:
            return f"{noun} whose {self.unknown_by} is unknown"
        return f"{self.group_word(group)} {noun}"

    def name(self, indicator: int) -> str:
        """What a table is called ("Indicator 3"), and the ledger's key for it."""
        return f"Indicator {indicator}"

    def key_of(self, indicator: int) -> object:
        return indicator

    def table_name(self, indicator: int, year: int) -> str:
        return f"{self.name(indicator)} ({year})"

    def survey_heading(self, year: int) -> str:
        return f"NHS Staff Survey {year - 1} (WRES {year})"

    def rl_words(self, indicator: int) -> tuple[str, str, str, str, tuple[str, str, str]]:
        """Total, events, non-events and rate headings and the three verbs of an RL table."""
        i = indicator
        return _RL_TOTAL[i], _RL_EVENTS[i], _RL_NON_EVENTS[i], _RL_RATE[i], _RL_VERB[i]

    def survey_verb(self, indicator: int) -> str:
        return _SURVEY_VERB[indicator]

    def workforce_result(self, year: int) -> IndicatorResult | None:
        return self.report.results.get(1, {}).get(year)

    # --- shared counts -----------------------------------------------------------------

    def value(self, key: Key) -> int:
        return self.ledger.counts[key].value

    def group_counts(
        self,
        key: Key,
        table: str,
        row: str,
        counts: GroupCounts,
        where: str,
        noun: str = "staff",
    ) -> tuple[Key, Key, Key, Key]:
        """White, BME, Unknown and Total counts of one row, and the row's sum."""
        keys = [
            self.ledger.add(
                (*key, group.value),
                counts.get(group),
                table=table,
                row=row,
                column=self.group_word(group),
                phrase=f"{self.who(group, noun)} {where}",
            )
            for group in _GROUPS
        ]
        total = self.ledger.add(
            (*key, "total"),
            counts.total,
            table=table,
            row=row,
            column="Total",
            phrase=f"{noun} {where}",
        )
        return keys[0], keys[1], keys[2], total

    def workforce(self, year: int) -> tuple[Key, Key, Key, Key] | None:
        """The whole-workforce counts of ``year`` (indicator 1's bottom row), shared by
        indicators 1, 3, 4 and 9."""
        result = self.workforce_result(year)
        if not isinstance(result, WorkforceResult):
            return None
        return self.group_counts(
            ("workforce", year),
            self.table_name(1, year),
            "Whole workforce",
            result.overall,
            "in the whole workforce",
        )

    def shown(self, key: Key) -> int:
        """A count as the reader sees it: every figure published is calculated from
        these, so that it tells the reader nothing the counts beside it do not."""
        return self.ledger.shown_value(key, self.rules)

    @property
    def rounding(self) -> bool:
        return self.rules.round_to > 1

    def share(self, part: Key, whole: Sequence[Key]) -> float | None:
        """A percentage as published: from the rounded counts when rounding is on."""
        denominator = sum(self.shown(k) for k in whole)
        if denominator == 0:
            return None
        return self.shown(part) / denominator

    def shown_counts(self, keys: tuple[Key, Key, Key, Key]) -> GroupCounts:
        return GroupCounts(*(self.shown(k) for k in keys[:3]))

    def shown_rate(self, events: Key, total: Key) -> GroupRate:
        return GroupRate(self.shown(events), self.shown(total))

    def share_uses(self, keys: tuple[Key, Key, Key, Key], group: Group) -> tuple[Key, ...]:
        white, bme, unknown, total = keys
        if self.basis is PercentBasis.KNOWN:
            return (white, bme)
        return ({Group.WHITE: white, Group.BME: bme, Group.UNKNOWN: unknown}[group], total)

    def group_share(self, keys: tuple[Key, Key, Key, Key], group: Group) -> Cell:
        if self.basis is PercentBasis.KNOWN and group is Group.UNKNOWN:
            return _text("–", "marker")
        uses = self.share_uses(keys, group)
        part = keys[_GROUPS.index(group)]
        whole = uses if self.basis is PercentBasis.KNOWN else (keys[3],)
        return _figure(self.share(part, whole), "percent", uses)

    # --- indicator 1 -------------------------------------------------------------------

    def indicator1(self, result: WorkforceResult) -> Block:
        y = result.year
        table = self.table_name(1, y)
        block = Block(1, y, table, f"Workforce at 31 March {y}")
        overall = self.workforce(y)
        if overall is None:
            raise AssertionError("overall is not None")
        self.ledger.relate(overall[:3], overall[3], f"the row 'Whole workforce' of {table}")
        overall_uses = self.share_uses(overall, Group.BME)
        group_totals: list[tuple[Key, Key, Key, Key]] = []
        senior_parts: dict[str, list[tuple[Key, Key, Key, Key]]] = {
            s.level: [] for s in result.senior
        }
        band_lines: list[Line] = []
        for staff_group in STAFF_GROUPS:
            bands = [b for b in result.bands if b.staff_group is staff_group]
            totals = result.staff_group_totals.get(staff_group)
            if not bands or totals is None:
                continue
            name = staff_group.value
            band_lines.append(
                replace(
                    self.band_header(f"{name}: band"),
                    title=f"{self.name(1)}: {name} staff by pay band, 31 March {y}",
                )
            )
            band_keys = []
            for index, band in enumerate(bands):
                row = f"{name}, {band.band}"
                keys = self.group_counts(
                    ("band", y, name, index), table, row, band.counts, f"in {name} {band.band}"
                )
                self.ledger.relate(keys[:3], keys[3], f"the row '{row}' of {table}")
                band_keys.append(keys)
                for level, parts in senior_parts.items():
                    if in_senior_level(level, staff_group, band.band):
                        parts.append(keys)
                rating = band.rating
                if self.rounding:
                    # Rated on the published (rounded) counts, like every other figure.
                    *_, rating = band_comparison(
                        self.shown_counts(keys),
                        self.shown_counts(overall),
                        self.basis,
                        self.settings.significance_level,
                    )
                bme_share = self.group_share(keys, Group.BME)
                if bme_share.kind == "figure" and bme_share.style == "percent":
                    bme_share = replace(bme_share, style=rating_style(rating, "percent"))
                band_lines.append(
                    Line(
                        band.band,
                        [
                            *(_count(k) for k in keys),
                            self.group_share(keys, Group.WHITE),
                            bme_share,
                            self.group_share(keys, Group.UNKNOWN),
                            _rating(rating, (*self.share_uses(keys, Group.BME), *overall_uses)),
                        ],
                        name=row,
                    )
                )
            row = f"All {name}"
            keys = self.group_counts(("group", y, name), table, row, totals, f"in {name}")
            self.ledger.relate(keys[:3], keys[3], f"the row '{row}' of {table}")
            for col in range(4):
                self.ledger.relate(
                    [k[col] for k in band_keys],
                    keys[col],
                    f"the column '{self.ledger.counts[keys[col]].column}' of {name} in {table}",
                )
            group_totals.append(keys)
            band_lines.append(self.total_line(row, keys))
            band_lines.append(Line("", [], kind="blank"))
        for col in range(4):
            self.ledger.relate(
                [k[col] for k in group_totals],
                overall[col],
                f"the staff group totals of '{self.ledger.counts[overall[col]].column}' in {table}",
            )
        # The headline first (SPEC §3): the senior levels against the whole workforce.
        block.lines.extend(self.senior_lines(result, overall, senior_parts, table))
        block.lines.append(self.band_header("All staff groups"))
        whole = self.total_line("Whole workforce", overall)
        whole.cells[-1] = _text(Rating.BENCHMARK.value, rating_style(Rating.BENCHMARK))
        block.lines.append(whole)
        block.lines.append(Line("", [], kind="blank"))
        block.lines.extend(band_lines)
        while block.lines and block.lines[-1].kind == "blank":
            block.lines.pop()
        return block

    def senior_lines(
        self,
        result: WorkforceResult,
        overall: tuple[Key, Key, Key, Key],
        parts: dict[str, list[tuple[Key, Key, Key, Key]]],
        table: str,
    ) -> list[Line]:
        """Indicator 1's headline: the BME share at Band 8a and above, at 8c and above and
        among consultants, against the whole workforce's. A level shows the two counts its
        share is of (BME and all staff; White and BME when percentages are of known
        ethnicity), each a count of the ledger and the sum of its bands' counts, so the
        suppression and its audit see every way a reader could set them against the bands."""
        y = result.year
        term = self.term
        # Columns of the four group counts (White, BME, Unknown, Total) a level shows.
        columns = (0, 1) if self.basis is PercentBasis.KNOWN else (1, 3)
        names = {0: self.group_word(Group.WHITE), 1: term, 3: "Headcount"}
        headings = [
            *(names[c] for c in columns),
            f"{term} %",
            f"Whole workforce {term} %",
            "Difference (points)",
            "Rating",
        ]
        lines = [
            Line(
                "Senior level",
                [_text(h) for h in headings],
                "header_left",
                "header",
                title=f"{self.name(1)}: {term} staff at senior levels against the whole "
                f"workforce, 31 March {y}",
            )
        ]
        overall_share = self.group_share(overall, Group.BME)
        overall_uses = self.share_uses(overall, Group.BME)
        for senior in result.senior:
            label = SENIOR_ROW_NAMES[senior.level]
            where = f"at {label[:1].lower()}{label[1:]}"
            values = (
                senior.counts.white,
                senior.counts.bme,
                senior.counts.unknown,
                senior.counts.total,
            )
            keys: list[Key] = []
            for col in columns:
                group = _GROUPS[col] if col < len(_GROUPS) else None
                keys.append(
                    self.ledger.add(
                        # Keyed by group, as band counts are: BME counts are the ones
                        # the suppression keeps shown where it can.
                        ("senior", y, senior.level, group.value if group else "total"),
                        values[col],
                        table=table,
                        row=label,
                        column=names[col],
                        phrase=f"{self.who(group, 'staff')} {where}"
                        if group is not None
                        else f"staff {where}",
                    )
                )
                # The headline's order: 8a and above, consultants, then 8c and above;
                # the BME count before the headcount.
                rank = ("8a+", "consultants", "8c+").index(senior.level) * 2
                self.ledger.counts[keys[-1]].late = rank + (1 if col == 1 else 2)
                if parts[senior.level]:
                    self.ledger.relate(
                        [k[col] for k in parts[senior.level]],
                        keys[-1],
                        f"the bands of '{label}' ({names[col]}) in {table}",
                    )
            bme_key = keys[columns.index(1)]
            whole = (keys[1],) if columns == (1, 3) else tuple(keys)
            share = _figure(self.share(bme_key, whole), "percent_bold", keys)
            if self.rounding:
                # Rated on the published (rounded) counts, like every other figure.
                shown = {c: self.shown(k) for c, k in zip(columns, keys, strict=True)}
                white = shown.get(0, 0)
                bme = shown[1]
                unknown = shown[3] - bme if 3 in shown else 0
                senior = senior_comparison(
                    senior.level,
                    GroupCounts(white, bme, unknown),
                    self.shown_counts(overall),
                    self.basis,
                    self.settings.significance_level,
                )
            uses = (*keys, *overall_uses)
            difference = _difference(share, overall_share)
            # "No staff" as a band says it: hidden, like a rating, with what it is set against.
            rating = _rating(
                senior.rating if senior.bme_share is not None else Rating.NO_STAFF, uses
            )
            lines.append(
                Line(
                    label,
                    [
                        *(_count(k, bold=senior.level == "8a+") for k in keys),
                        share,
                        overall_share,
                        _figure(
                            round(difference, 1) if difference is not None else None, "points", uses
                        ),
                        rating,
                    ],
                    "wrap",  # "Consultants (incl. senior medical managers)" is long
                    name=label,
                )
            )
        lines.append(Line("", [], kind="blank"))
        return lines

    def band_header(self, first: str) -> Line:
        term = self.term
        white = self.group_word(Group.WHITE)
        headings = [white, term, "Unknown", "Total", f"{white} %", f"{term} %", "Unknown %"]
        return Line(first, [_text(h) for h in [*headings, "Rating"]], "header_left", "header")

    def total_line(self, label: str, keys: tuple[Key, Key, Key, Key]) -> Line:
        shares = [self.group_share(keys, g) for g in _GROUPS]
        bold_shares = [
            replace(s, style="percent_bold") if s.style == "percent" else s for s in shares
        ]
        return Line(
            label,
            [*(_count(k, bold=True) for k in keys), *bold_shares, _text("")],
            "bold",
            name=label,
        )

    # --- indicators 2 to 4 -------------------------------------------------------------

    def ratio_header(self, indicator: int) -> Line:
        term = self.term
        white = self.group_word(Group.WHITE)
        direction = f"{term} ÷ {white}" if indicator == 3 else f"{white} ÷ {term}"
        total, events, _, rate, _ = self.rl_words(indicator)
        headings = [
            total,
            events,
            rate,
            f"Relative likelihood ({direction})",
            "95% confidence interval",
            "p-value",
            "Four-fifths test",
            "Rating",
        ]
        return Line("Group", [_text(h) for h in headings], "header_left", "header")

    def headcount(self, result: RatioResult, group: Group, rate: GroupRate) -> Key | None:
        """The workforce count a headcount repeats (indicators 3 and 4 default to the
        indicator-1 totals), so that it is hidden or shown together with it."""
        if result.indicator not in (3, 4):
            return None
        years = result.period_years or (result.year,)
        counts = [self.workforce(y) for y in years]
        if any(c is None for c in counts):
            return None
        keys = [c[_GROUPS.index(group)] for c in counts if c is not None]
        if sum(self.value(k) for k in keys) != rate.total:
            return None
        if len(keys) == 1:
            return keys[0]
        table = self.table_name(result.indicator, result.year)
        word = self.group_word(group)
        total = self.ledger.add(
            ("events", self.key_of(result.indicator), result.year, group.value, "total"),
            rate.total,
            table=table,
            row=word,
            column=self.rl_words(result.indicator)[0],
            phrase=self.who(group, "staff") + " were in the headcount",
        )
        self.ledger.relate(
            keys,
            total,
            f"the {word} headcount of {table} (the workforce of "
            f"{' and '.join(map(str, years))} added together)",
        )
        return total

    def event_counts(self, result: RatioResult, group: Group, rate: GroupRate) -> tuple[Key, ...]:
        i, y = result.indicator, result.year
        table = self.table_name(i, y)
        word = self.group_word(group)
        noun = "applicants" if i == 2 else "staff"
        total_name, events_name, non_name, _, verbs = self.rl_words(i)
        events_verb, non_verb, total_verb = verbs
        base = ("events", self.key_of(i), y, group.value)
        total = self.headcount(result, group, rate) or self.ledger.add(
            (*base, "total"),
            rate.total,
            table=table,
            row=word,
            column=total_name,
            phrase=f"{self.who(group, noun)} {total_verb}",
        )
        events = self.ledger.add(
            (*base, "events"),
            rate.events,
            table=table,
            row=word,
            column=events_name,
            phrase=f"{self.who(group, noun)} {events_verb}",
        )
        non_events = self.ledger.add(
            (*base, "non-events"),
            rate.total - rate.events,
            table=table,
            row=word,
            column=non_name,
            phrase=f"{self.who(group, noun)} {non_verb}",
            worked_out=f"{total_name} minus {events_name.lower()}",
        )
        self.ledger.relate(
            [events, non_events],
            total,
            f"the row '{word}' of {table} ({events_name.lower()} and "
            f"{non_name.lower()} add up to the {total_name.lower()})",
        )
        return events, non_events, total

    def ratio(self, result: RatioResult) -> Block:
        i, y = result.indicator, result.year
        if len(result.period_years) > 1:
            first, last = min(result.period_years), max(result.period_years)
            heading = f"Two years to 31 March {last} ({first} and {last} added together)"
        else:
            heading = f"12 months to 31 March {y}"
        block = Block(i, y, self.table_name(i, y), heading)
        groups: list[tuple[Group, GroupRate]] = [
            (Group.WHITE, result.white),
            (Group.BME, result.bme),
        ]
        if result.unknown is not None:
            groups.append((Group.UNKNOWN, result.unknown))
        keys = {group: self.event_counts(result, group, rate) for group, rate in groups}
        comparison = (*keys[Group.WHITE], *keys[Group.BME])
        if self.rounding:
            # Every figure from the published (rounded) counts: the exact ones would let a
            # reader undo the rounding.
            white_keys, bme_keys = keys[Group.WHITE], keys[Group.BME]
            result = ratio_result(
                i,
                y,
                self.shown_rate(white_keys[0], white_keys[2]),
                self.shown_rate(bme_keys[0], bme_keys[2]),
                significance_level=self.settings.significance_level,
                period_years=result.period_years,
            )
        for group, _ in groups:
            events, non_events, total = keys[group]
            cells = [
                _count(total),
                _count(events),
                _figure(self.share(events, (total,)), "percent", (events, non_events, total)),
            ]
            if group is Group.BME:
                rl = (
                    None
                    if result.relative_likelihood is None
                    else round_ratio(result.relative_likelihood)
                )
                # The four-fifths test of the relative likelihood as printed, so that the
                # label cannot say more about it than its two decimals.
                test = four_fifths(rl) if rl is not None else None
                cells += [
                    _figure(
                        "n/a" if rl is None else rl,
                        "text" if rl is None else "ratio_bold",
                        comparison,
                    ),
                    _figure(ci_text(result.ci_low, result.ci_high), "text", comparison),
                    _figure(result.p_value, "pvalue", comparison),
                    _figure(test.label if test else "–", "text", comparison),
                    _rating(result.rating, comparison),
                ]
            elif group is Group.WHITE:
                cells += [_text(), _text(), _text(), _text()]
                cells.append(_text(Rating.BENCHMARK.value, rating_style(Rating.BENCHMARK)))
            else:
                cells += [_text() for _ in range(5)]
            word = self.group_word(group)
            block.lines.append(Line(word, cells, name=word))
        block.headline = ("The relative likelihood is not shown", comparison)
        return block

    # --- indicators 5 to 8 -------------------------------------------------------------

    def survey_header(self) -> Line:
        # Laid out in the columns the relative-likelihood tables use for the same things
        # (rate, result, p-value, rating), so the rating column is wide enough everywhere.
        headings = [
            "Respondents",
            "",
            "% of staff",
            f"Difference ({self.term} minus {self.group_word(Group.WHITE)}, points)",
            "",
            "p-value",
            "",
            "Rating",
        ]
        return Line("Group", [_text(h) for h in headings], "header_left", "header")

    def survey_untested(self, result: SurveyResult) -> Block:
        """Percentages as the trust has them, without respondents: no counts, so nothing to
        suppress, and no test (rated Not tested)."""
        i, y = result.indicator, result.year
        block = Block(i, y, self.table_name(i, y), self.survey_heading(y))
        for group, share in ((Group.WHITE, result.white_rate), (Group.BME, result.bme_rate)):
            cells = [_text("–", "marker"), _text(), _figure(share, "percent", ())]
            if group is Group.WHITE:
                cells += [_text(), _text(), _text(), _text()]
                cells.append(_text(Rating.BENCHMARK.value, rating_style(Rating.BENCHMARK)))
            else:
                cells += [
                    _figure(result.difference_pp, "points", ()),
                    _text(),
                    _text("not tested", "marker"),
                    _text(),
                    _text(Rating.NOT_TESTED.value, rating_style(Rating.NOT_TESTED)),
                ]
            word = self.group_word(group)
            block.lines.append(Line(word, cells, name=word))
        return block

    def survey_counts(
        self, i: int, y: int, group: Group, rate: GroupRate, table: str
    ) -> tuple[Key, Key, Key]:
        """One group's yes, no and respondent counts of a survey table, and their sum."""
        word = self.group_word(group)
        base = ("survey", self.key_of(i), y, group.value)
        who = self.who(group, "staff")
        total = self.ledger.add(
            (*base, "total"),
            rate.total,
            table=table,
            row=word,
            column="Respondents",
            phrase=f"{who} answered the question",
        )
        events = self.ledger.add(
            (*base, "events"),
            rate.events,
            table=table,
            row=word,
            column="Answered yes",
            phrase=f"{who} {self.survey_verb(i)}",
            worked_out="% of staff times respondents",
        )
        non_events = self.ledger.add(
            (*base, "non-events"),
            rate.total - rate.events,
            table=table,
            row=word,
            column="Answered no",
            phrase=f"{who} answered no",
            worked_out="respondents minus those who answered yes",
        )
        self.ledger.relate(
            [events, non_events],
            total,
            f"the row '{word}' of {table} (yes and no answers add up to the respondents)",
        )
        return events, non_events, total

    def survey(self, result: SurveyResult) -> Block:
        if result.white is None or result.bme is None:
            return self.survey_untested(result)
        i, y = result.indicator, result.year
        table = self.table_name(i, y)
        block = Block(i, y, table, self.survey_heading(y))
        keys: dict[Group, tuple[Key, Key, Key]] = {}
        shares: dict[Group, float | None] = {}
        groups: tuple[tuple[Group, GroupRate, float], ...] = (
            (Group.WHITE, result.white, result.white_rate),
            (Group.BME, result.bme, result.bme_rate),
        )
        for group, rate, published in groups:
            keys[group] = self.survey_counts(i, y, group, rate, table)
            events, _, total = keys[group]
            shares[group] = self.share(events, (total,)) if self.rules.round_to > 1 else published
        comparison = (*keys[Group.WHITE], *keys[Group.BME])
        if self.rounding:
            result = survey_result(
                i,
                y,
                self.shown_rate(keys[Group.WHITE][0], keys[Group.WHITE][2]),
                self.shown_rate(keys[Group.BME][0], keys[Group.BME][2]),
                significance_level=self.settings.significance_level,
            )
        white, bme = shares[Group.WHITE], shares[Group.BME]
        difference = (bme - white) * 100 if white is not None and bme is not None else None
        for group in (Group.WHITE, Group.BME):
            _, _, total = keys[group]
            cells = [_count(total), _text(), _figure(shares[group], "percent", keys[group])]
            if group is Group.WHITE:
                cells += [_text(), _text(), _text(), _text()]
                cells.append(_text(Rating.BENCHMARK.value, rating_style(Rating.BENCHMARK)))
            else:
                cells += [
                    _figure(difference, "points", comparison),
                    _text(),
                    _figure(result.p_value, "pvalue", comparison),
                    _text(),
                    _rating(result.rating, comparison),
                ]
            word = self.group_word(group)
            block.lines.append(Line(word, cells, name=word))
        block.headline = ("The difference between the groups is not shown", comparison)
        return block

    # --- indicator 9 -------------------------------------------------------------------

    def board_header(self) -> Line:
        term = self.term
        headings = [
            self.group_word(Group.WHITE),
            term,
            "Unknown",
            "Total",
            f"{term} % of board",
            f"{term} % of workforce",
            "Difference (points)",
            "Rating",
        ]
        return Line("Board members", [_text(h) for h in headings], "header_left", "header")

    def board(self, result: BoardResult) -> Block:
        y = result.year
        table = self.table_name(9, y)
        block = Block(9, y, table, f"Board at 31 March {y}")
        workforce = self.workforce(y) or self.group_counts(
            ("workforce", y),
            self.table_name(1, y),
            "Whole workforce",
            result.workforce,
            "in the whole workforce",
        )
        non_voting = GroupCounts(
            result.board.counts.white - result.voting.counts.white,
            result.board.counts.bme - result.voting.counts.bme,
            result.board.counts.unknown - result.voting.counts.unknown,
        )
        parts: dict[str, tuple[str, GroupCounts, str]] = {
            "board": ("Whole board", result.board.counts, "of the board"),
            "voting": ("Voting members", result.voting.counts, "of the board with a vote"),
            "non-voting": (
                "Non-voting members",
                non_voting,
                "of the board without a vote",
            ),
            "executive": (
                "Executive members",
                result.executive.counts,
                "of the board in executive roles",
            ),
            "non-executive": (
                "Non-executive members",
                result.non_executive.counts,
                "of the board in non-executive roles",
            ),
        }
        keys: dict[str, tuple[Key, Key, Key, Key]] = {}
        for name, (label, counts, where) in parts.items():
            keys[name] = self.group_counts(
                ("board", y, name), table, label, counts, where, "members"
            )
            self.ledger.relate(keys[name][:3], keys[name][3], f"the row '{label}' of {table}")
            for key in keys[name]:
                # Board members are public office holders (SPEC §5): their counts are
                # published in full unless the trust chooses otherwise.
                self.ledger.counts[key].exempt = self.rules.board_in_full
        for col in range(4):
            column = self.ledger.counts[keys["board"][col]].column
            self.ledger.relate(
                [keys["executive"][col], keys["non-executive"][col]],
                keys["board"][col],
                f"the column '{column}' of {table} (executive and non-executive members add "
                "up to the whole board)",
            )
            self.ledger.relate(
                [keys["voting"][col], keys["non-voting"][col]],
                keys["board"][col],
                f"the column '{column}' of {table} (voting and non-voting members add up to "
                "the whole board)",
            )
        for counts_key in keys["non-voting"]:
            self.ledger.counts[counts_key].worked_out = "whole board minus voting members"
        workforce_uses = self.share_uses(workforce, Group.BME)
        workforce_share = self.group_share(workforce, Group.BME)
        rating = result.rating
        if self.rounding:
            # Rated against the workforce share as published (from the rounded counts).
            board = self.shown_counts(keys["voting"])
            staff = self.shown_counts(workforce)
            if board.denominator(self.basis) and staff.denominator(self.basis):
                gap = board_gap(
                    board.bme,
                    board.denominator(self.basis),
                    staff.bme,
                    staff.denominator(self.basis),
                )
                rating = Rating.WORSE if gap.members_for_parity >= 1 else Rating.EQUIVALENT
        for name in ("board", "voting", "executive", "non-executive"):
            row_keys = keys[name]
            share = self.group_share(row_keys, Group.BME)
            uses = (*self.share_uses(row_keys, Group.BME), *workforce_uses)
            difference = _difference(share, workforce_share)
            cells = [
                *(_count(k) for k in row_keys),
                share,
                workforce_share,
                _figure(difference, "points", uses),
                # NHS England's indicator 9 (and so the rating) is the voting board.
                _rating(rating, uses) if name == "voting" else _text(""),
            ]
            label = parts[name][0]
            block.lines.append(Line(label, cells, name=label))
        block.headline = (
            f"The voting board's {self.term} share and its difference from the workforce are "
            "not shown",
            (*self.share_uses(keys["voting"], Group.BME), *workforce_uses),
        )
        return block

    # --- the whole publication ---------------------------------------------------------

    def not_available(self, indicator: int, year: int) -> Block:
        block = Block(
            indicator, year, self.table_name(indicator, year), _year_heading(indicator, year)
        )
        block.message = f"Not available: the figures for {year} could not be calculated."
        return block

    def build(self) -> Publication:
        report = self.report
        years = self.years
        sections: list[Section] = []
        for indicator in range(1, 10):
            section = Section(indicator, f"Indicator {indicator}: {INDICATOR_TITLES[indicator]}")
            if indicator == 1:
                basis = (
                    "Percentages are of all staff, including those whose ethnicity is unknown."
                    if self.basis is PercentBasis.ALL_STAFF
                    else "Percentages are of staff whose ethnicity is known."
                )
                section.notes.append(
                    f"{basis} Each band's {self.term} share is rated against the rest of the "
                    "workforce."
                )
            elif indicator in (2, 3, 4):
                section.header = self.ratio_header(indicator)
            elif indicator in (5, 6, 7, 8):
                section.header = self.survey_header()
            else:
                section.header = self.board_header()
            for year in years:
                result: IndicatorResult | None = report.results.get(indicator, {}).get(year)
                if result is None:
                    continue
                section.blocks.append(self.block(indicator, year, result))
            sections.append(section)
        self.ledger.suppress(self.rules)
        return Publication(self.rules, self.ledger, sections)

    def block(self, indicator: int, year: int, result: IndicatorResult) -> Block:
        if isinstance(result, WorkforceResult):
            return self.indicator1(result)
        if isinstance(result, RatioResult):
            return self.ratio(result)
        if isinstance(result, SurveyResult):
            return self.survey(result)
        if isinstance(result, BoardResult):
            return self.board(result)
        if not isinstance(result, NotComputed):
            raise AssertionError("isinstance(result, NotComputed)")
        return self.not_available(indicator, year)


def _difference(share: Cell, workforce_share: Cell) -> float | None:
    if not isinstance(share.value, float) or not isinstance(workforce_share.value, float):
        return None
    return (share.value - workforce_share.value) * 100


def years_text(years: Iterable[int]) -> str:
    """ "2025, 2024 and 2023": the years a table holds, newest first."""
    shown = [str(y) for y in sorted(set(years), reverse=True)]
    if len(shown) <= 1:
        return "".join(shown)
    return f"{', '.join(shown[:-1])} and {shown[-1]}"


def _year_heading(indicator: int, year: int) -> str:
    if indicator == 1:
        return f"Workforce at 31 March {year}"
    if indicator in (5, 6, 7, 8):
        return f"NHS Staff Survey {year - 1} (WRES {year})"
    if indicator == 9:
        return f"Board at 31 March {year}"
    return f"12 months to 31 March {year}"


def build_publication_model(report: WresReport, years: Sequence[int] | None = None) -> Publication:
    """The ledger, the suppression and the table layout, before any sheet is written.

    ``years`` (newest first) defaults to :func:`every_year`: the refreshed Publication
    sheet, the published file and the report document show the same tables, and every
    trend figure went through the same suppression (one ledger over all the years, so no
    year's figures can be set against another's)."""
    try:
        rules = publication_rules(report)
    except InputError as error:
        return Publication(SuppressionRules(), Ledger(), [], problem=str(error))
    return _Builder(report, rules, years).build()


def every_year(report: WresReport) -> list[int]:
    """The WRES year, the year before and every earlier year with any figures, newest first."""
    years = [report.year, report.previous_year]
    for year in sorted(report.years, reverse=True):
        if year in years:
            continue
        if any(
            not isinstance(by_year.get(year), NotComputed | None)
            for by_year in report.results.values()
        ):
            years.append(year)
    return years


# --------------------------------------------------------------------------- rendering


def _describe(value: object, style: str) -> str:
    """A figure as the published sheet would print it, for the log."""
    if isinstance(value, Rating):
        return value.value
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if style.startswith("percent"):
        return f"{value * 100:.1f}%"
    if style == "pvalue":
        return "<0.001" if value < 0.001 else f"{value:.3f}"
    if style == "points":
        return f"{value:+.1f} pts"
    if style.startswith("ratio"):
        return f"{value:.2f}"
    return f"{value:,}" if isinstance(value, int) else f"{value:g}"


class _Renderer:
    def __init__(
        self, publication: Publication, settings: Settings, title: str, subtitle: str
    ) -> None:
        self.pub = publication
        self.settings = settings
        self.title = title
        self.subtitle = subtitle
        self.rules = publication.rules
        self.ledger = publication.ledger
        self.sheet = SheetContent(PUBLICATION_SHEET, print_title_rows="1:2")
        self.row = 1
        self.headers: list[str] = []
        #: Where each printed table starts and its title (None until its first titled
        #: line names it).
        self.starts: list[list[object]] = []

    def note(self, text: str, style: str = "note_wrap", height: float | None = None) -> None:
        self.sheet.text(self.row, 1, text, style)
        self.sheet.merges.append((self.row, 1, self.row, WIDTH))
        if height is not None:
            self.sheet.row_heights[self.row] = height
        self.row += 1

    def render(self) -> SheetContent:
        title_rows(self.sheet, self.title, self.subtitle)
        self.row = 3
        if self.pub.problem is not None:
            self.note(
                "No figures are shown because a publication setting cannot be used: "
                f"{self.pub.problem}",
                "warning",
                30,
            )
            self._widths()
            return self.sheet
        self.note(footnote_text(self.rules), height=40)
        self.row += 1
        for section in self.pub.sections:
            self.section(section)
        self.row += 1
        self.start("Publication: the colour key")
        self.sheet.text(self.row, 1, "Colour key", "heading")
        self.row += 1
        self.sheet.add(self.row, 1, [["Rating", "Meaning"]], "header_left")
        self.sheet.merges.append((self.row, 2, self.row, WIDTH))
        for label, meaning in self.key_rows():
            self.row += 1
            self.sheet.add(
                self.row, 1, [[label, meaning]], styles=[[rating_style(str(label)), "text_plain"]]
            )
            self.sheet.merges.append((self.row, 2, self.row, WIDTH))
        self.row += 2
        self.start("Publication: the note on small numbers")
        self.sheet.text(self.row, 1, "Note on small numbers", "heading")
        self.row += 1
        self.note(footnote_text(self.rules), height=40)
        self._widths()
        self._tables()
        return self.sheet

    def key_rows(self, board: str = "indicator 9") -> list[tuple[str, str]]:
        """The colour key's labels and meanings."""
        term = self.settings.bme_term
        return [
            *((str(label), str(meaning)) for label, meaning in legend_rows(term)),
            (
                Rating.WORSE.value,
                f"Voting board short of the workforce's {term} share ({board})",
            ),
            (
                Rating.NOT_TESTED.value,
                "Survey percentages without respondent counts, so no significance test",
            ),
            *((str(label), str(meaning)) for label, meaning in representation_legend_rows(term)),
        ]

    def start(self, title: str | None) -> None:
        """A printed table starts at the current row (a page of its own when printed)."""
        self.starts.append([self.row, title])

    def _tables(self) -> None:
        last = max((b.row + b.height - 1 for b in self.sheet.blocks), default=self.row)
        bounds = [int(str(s[0])) for s in self.starts[1:]] + [last + 1]
        for (first, title), stop in zip(self.starts, bounds, strict=True):
            self.sheet.tables.append(
                PrintedTable(int(str(first)), stop - 1, str(title or self.sheet.title))
            )
        years = sorted({b.year for s in self.pub.sections for b in s.blocks}, reverse=True)
        self.sheet.print_header = f"Publication: the detailed tables, {years_text(years)}"

    def _widths(self) -> None:
        self.sheet.column_widths = {
            c: _COLUMN_WIDTHS.get(c, _NUMBER_WIDTH) for c in range(1, WIDTH + 1)
        }

    def section(self, section: Section) -> None:
        title = f"{section.title}, {years_text([b.year for b in section.blocks])}"
        # Indicator 1 prints a table per staff group and year, each titled by its first
        # line; the others print all their years as one table.
        self.start(None if section.header is None else title)
        self.sheet.text(self.row, 1, title, "heading")
        self.sheet.row_heights[self.row] = 18
        self.row += 1
        for note in section.notes:
            self.note(note, "note")
        if section.header is not None and any(b.message is None for b in section.blocks):
            self.line(section.header, None)
        for n, block in enumerate(section.blocks):
            self.block(block, section.header is None, first=n == 0)
        self.row += 1

    def block(self, block: Block, own_headers: bool, first: bool = True) -> None:
        if own_headers:
            if not first:
                self.start(None)
            self.sheet.text(self.row, 1, block.heading, "heading")
            self.row += 1
            if block.message is not None or self.withheld_reason(block) is not None:
                self.name_table(f"{block.table.rsplit(' (', 1)[0]}: {block.heading}")
        else:
            self.sheet.add(self.row, 1, [[block.heading, *[""] * (WIDTH - 1)]], "bold")
            self.row += 1
        if block.message is not None:
            self.note(block.message, "note")
            return
        withheld = self.withheld_reason(block)
        if withheld is not None:
            self.note(withheld, "note")
            for key in block.counts_shown():
                self.ledger.counts[key].places.append("withheld")
            return
        for line in block.lines:
            self.line(line, block)
        if block.headline is not None:
            name, uses = block.headline
            if any(self.ledger.hidden(k) for k in uses):
                self.note(f"{name}: {self.because(block, uses)}", "note")
        if own_headers:
            self.row += 1

    def name_table(self, title: str) -> bool:
        """Names the table just started and not yet named; False when there is none."""
        if self.starts and self.starts[-1][1] is None:
            self.starts[-1][1] = title
            return True
        return False

    def withheld_reason(self, block: Block) -> str | None:
        shown = block.counts_shown()
        if not shown or not any(self.ledger.hidden(k) for k in shown):
            return None
        if any(self.value_of(k) > 0 and not self.ledger.hidden(k) for k in shown):
            return None
        return WITHHELD_NOTE

    def value_of(self, key: Key) -> int:
        return self.ledger.counts[key].value

    def because(self, block: Block, uses: Iterable[Key]) -> str:
        """Why figures are hidden. The same words whatever is hidden and why: naming the
        small count (or saying that one is small at all) would tell a reader which hidden
        cell is at most the threshold, and so narrow down the ones beside it."""
        return WITHHELD_REASON

    def line(self, line: Line, block: Block | None) -> None:
        if line.kind == "blank":
            self.row += 1
            return
        if line.title:
            if not self.name_table(line.title):
                self.start(line.title)
            self.sheet.text(self.row, 1, line.title, "heading")
            self.row += 1
        if line.kind == "header":
            headings = [line.label, *(str(c.value) for c in line.cells)]
            self.headers = headings
            self.sheet.add(self.row, 1, [headings], "header_left")
            self.sheet.row_heights[self.row] = _header_height(headings)
            self.row += 1
            return
        values: list[object] = [line.label]
        styles: list[str | None] = [line.label_style]
        for offset, cell in enumerate(line.cells):
            value, style = self.display(cell, line, block, offset + 2)
            values.append(value)
            styles.append(style)
        self.sheet.add(self.row, 1, [values], styles=[styles])
        self.row += 1

    def display(self, cell: Cell, line: Line, block: Block | None, col: int) -> tuple[object, str]:
        marker = self.rules.marker
        place = f"{column_letter(col)}{self.row}"
        if cell.kind == "count":
            if cell.key is None:
                raise AssertionError("cell.key is not None")
            count = self.ledger.counts[cell.key]
            count.places.append(place)
            if count.hidden:
                return marker, "marker"
            if count.unpublished:
                return "–", "marker"
            return self.ledger.shown_value(cell.key, self.rules), cell.style
        if cell.kind == "text":
            return cell.value, cell.style
        hidden = [k for k in cell.uses if self.ledger.hidden(k)]
        if not hidden:
            value = cell.value.value if isinstance(cell.value, Rating) else cell.value
            return published_figure(value, cell.style), cell.style
        if block is None:
            raise AssertionError("block is not None")
        column = self.headers[col - 1] if col - 1 < len(self.headers) else ""
        names = ", ".join(
            f"{self.ledger.counts[k].row}: {self.ledger.counts[k].column}" for k in hidden
        )
        self.pub.derived.append(
            DerivedEntry(
                block.table,
                line.name or line.label,
                column,
                _describe(cell.value, cell.style),
                f"Hidden because it is calculated from a hidden count ({names}).",
                place,
            )
        )
        return marker, "marker"


def build_log(publication: Publication) -> SheetContent:
    """The internal Suppression log: every hidden figure, its value and why it is hidden."""
    sheet = SheetContent(SUPPRESSION_LOG_SHEET, freeze="A6", print_title_rows="1:5")
    title_rows(
        sheet,
        "Suppression log: what the Publication sheet hides, and why",
        "Internal: this sheet shows the hidden values. Never publish it; publish the "
        "Publication sheet or the file made by wres-xl publish.",
    )
    # Hidden counts, and senior counts left unpublished (shown as "–"; see Count.unpublished).
    counts = [c for c in publication.ledger.counts.values() if c.hidden or c.unpublished]
    primary = sum(1 for c in counts if c.reason == "primary")
    sheet.text(
        3,
        1,
        f"{len(counts)} count(s) hidden ({primary} primary: small counts; "
        f"{len(counts) - primary} secondary: hidden so that another hidden count cannot be "
        f"worked out) and {len(publication.derived)} derived figure(s) calculated from them. "
        f"Marker: {publication.rules.marker}.",
        "note",
    )
    headers = [
        "Table",
        "Row",
        "Column",
        "Value",
        "Why hidden",
        "Explanation",
        "Cell on the Publication sheet",
    ]
    sheet.add(5, 1, [headers], "header_left")
    order = {"primary": 0, "secondary": 1, "derived": 2}
    tables: list[str] = []
    entries: list[tuple[int, int, int, list[object]]] = []
    for n, count in enumerate(counts):
        if count.table not in tables:
            tables.append(count.table)
        places = [p for p in count.places if p != "withheld"]
        if places:
            where = ", ".join(places)
        elif "withheld" in count.places:
            where = "Not shown (figures withheld)"
        elif count.worked_out:
            where = f"Not shown; worked out as {count.worked_out}"
        else:
            where = "Not shown"
        reason = count.reason or "unpublished"
        entries.append(
            (
                tables.index(count.table),
                order.get(reason, 3),
                n,
                [
                    count.table,
                    count.row,
                    count.column,
                    count.value,
                    _LOG_REASONS.get(reason, "Not published"),
                    count.explanation,
                    where,
                ],
            )
        )
    for n, entry in enumerate(publication.derived):
        if entry.table not in tables:
            tables.append(entry.table)
        entries.append(
            (
                tables.index(entry.table),
                2,
                n,
                [
                    entry.table,
                    entry.row,
                    entry.column,
                    entry.value,
                    "Derived",
                    entry.explanation,
                    entry.place,
                ],
            )
        )
    entries.sort(key=lambda e: e[:3])
    row = 6
    if not entries:
        sheet.add(row, 1, [["", "", "", "", "", "Nothing is hidden.", ""]], "text")
    for _, _, _, values in entries:
        value_style = "count" if isinstance(values[3], int) else "text"
        sheet.add(
            row,
            1,
            [values],
            styles=[["text", "text", "text", value_style, "text", "wrap", "text"]],
        )
        # Excel does not fit row heights to wrapped text in a file it did not write.
        lines = -(-len(str(values[5])) // _LOG_EXPLANATION_CHARS)
        if lines > 1:
            sheet.row_heights[row] = 13.0 * lines + 2
        row += 1
    sheet.row_heights[5] = 30
    sheet.column_widths = {1: 20, 2: 30, 3: 26, 4: 16, 5: 12, 6: 90, 7: 26}
    years = sorted({b.year for s in publication.sections for b in s.blocks}, reverse=True)
    sheet.print_header = f"Suppression log: what the Publication sheet hides, {years_text(years)}"
    return sheet


def render_publication(publication: Publication, report: WresReport) -> SheetContent:
    return _Renderer(
        publication,
        report.settings,
        f"WRES {report.year}: figures for publication",
        organisation_line(report),
    ).render()


def build_publication(report: WresReport) -> list[SheetContent]:
    """[the Publication sheet, the internal Suppression log sheet]."""
    publication = build_publication_model(report)
    sheet = render_publication(publication, report)
    return [sheet, build_log(publication)]
