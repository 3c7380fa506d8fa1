"""Small-number suppression for published tables (SPEC §5).

A table is a grid of non-negative counts (``None`` marks a cell that is not a count, such
as a label) plus the additive *relations* that hold between its cells: a row of bands adds
up to its total, a column of bands adds up to the staff-group total, and so on. A reader
of the published table knows every relation, every shown count and that counts are never
negative; suppression must leave every hidden count impossible to work out from those.

The engine works in three steps:

1. **Primary**: a count from 1 to ``hide_up_to`` is hidden. Zero is shown (SPEC §5).
2. **Secondary**: no relation may contain exactly one hidden cell, because that cell is
   its total minus the shown cells. The smallest further non-zero shown cell of the
   relation is hidden (a part before the total on a tie, otherwise the first in order),
   repeated to a fixed point. A zero is never hidden: the published rule tells the reader
   that every hidden count is at least 1, and that must stay true.
3. **Audit**: the reader is modelled (see the notes above :func:`protection_interval`):
   for every hidden count, the smallest and largest value consistent with the shown
   counts (rounded ones within half the step), every relation and the rule itself is an
   integer programme. Most answers are proven without solving it (:class:`_Reasoner`:
   sure bounds from the sums, met by tables checked against everything the reader
   knows); the rest are solved (``scipy.optimize.milp``). While any hidden count's two
   are less than the protection interval (the threshold) apart, one more cell is hidden,
   choosing the smallest neighbour that closes the gap; when the greedy choices run out, every
   non-zero count is hidden and then shown again, largest first, wherever that is safe.

Derived figures (percentages, rates, relative likelihoods, confidence intervals,
p-values, ratings) that use a hidden count are hidden too: see :func:`derived_hidden`
and :func:`rate_hidden`. To protect a *complement* (for example 72 appointed out of 75
shortlisted reveals that 3 were not appointed), put the complement in the grid as a count
cell with a relation ``events + non-events = total``; it is then suppressed like any other
count even if only the events and totals are displayed.

Everything here is pure and full precision; rounding (``round_to``) happens only in the
display grid and in :func:`rounded_count`. scipy is imported only when the audit has
to solve an integer programme (about 0.3 s on a quiet machine for ``scipy.optimize``),
which the demo workbook's publication never does.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from wres_xl.errors import InputError

if TYPE_CHECKING:
    # numpy only for the integer programme, which a refresh rarely needs: importing it costs
    # about a tenth of a second of every refresh.
    import numpy as np
    from numpy.typing import NDArray

Cell = tuple[int, int]
"""(row, column) into the grid, both counted from 0."""

Grid = Sequence[Sequence[int | None]]
Reason = Literal["primary", "secondary", "derived"]
DisplayValue = int | str | None
_Hider = Callable[[Cell, Reason, str], None]

# How many neighbours of an exposed cell are tried, smallest first, for one that protects
# it on its own before settling for the smallest.
_TRIALS = 6

# How many relations the audit may derive from one linked group's own (see _Reasoner.derive)
# before leaving what is still open to the integer programme.
_DERIVED = 400

# How many checked tables a caller's list of witnesses keeps (see reader_ranges).
_WITNESSES = 48


@dataclass(frozen=True)
class SuppressionRules:
    """The publication settings (SPEC §7: ``Hide counts up to``, ``Redaction marker``,
    ``Round published counts to``)."""

    hide_up_to: int = 7
    marker: str = "*"
    round_to: int = 0
    #: Board counts published in full (``Suppress board figures`` is No): only the
    #: footnote and the publication's ledger read this; the engine never sees board cells.
    board_in_full: bool = False

    def __post_init__(self) -> None:
        if not _is_plain_int(self.hide_up_to) or self.hide_up_to < 0:
            raise InputError(
                f"'Hide counts up to' must be a whole number of 0 or more, not "
                f"{self.hide_up_to!r}. Set it on the Settings sheet (the usual value is 7)."
            )
        if not _is_plain_int(self.round_to) or self.round_to < 0:
            raise InputError(
                f"'Round published counts to' must be 0 (no rounding) or a whole number "
                f"such as 5, not {self.round_to!r}. Set it on the Settings sheet."
            )
        if not isinstance(self.marker, str) or not self.marker.strip():
            raise InputError(
                "'Redaction marker' must be some text, such as *, to show in place of a "
                "hidden count. Set it on the Settings sheet."
            )
        if _looks_numeric(self.marker):
            raise InputError(
                f"'Redaction marker' is '{self.marker}', which looks like a number and "
                "would be read as a count. Use a symbol or word such as * or 'suppressed'."
            )


@dataclass(frozen=True)
class Relation:
    """The cells ``parts`` add up to the cell ``total``.

    ``total=None`` means the total is not in this grid but is published elsewhere, so a
    reader knows it. ``label`` names the relation in plain English for the suppression log,
    for example ``"the row 'Band 8a'"``.
    """

    parts: tuple[Cell, ...]
    total: Cell | None
    label: str = ""

    @property
    def members(self) -> tuple[Cell, ...]:
        return self.parts if self.total is None else (*self.parts, self.total)


@dataclass(frozen=True)
class SuppressedCell:
    """One line of the suppression log (internal only: it holds the hidden value)."""

    row: int
    col: int
    value: int
    reason: Reason
    explanation: str


@dataclass(frozen=True)
class SuppressionResult:
    rules: SuppressionRules
    hidden: tuple[tuple[bool, ...], ...]
    reasons: tuple[tuple[Reason | None, ...], ...]
    display: tuple[tuple[DisplayValue, ...], ...]
    log: tuple[SuppressedCell, ...]

    @property
    def hidden_cells(self) -> frozenset[Cell]:
        return frozenset(
            (r, c) for r, row in enumerate(self.hidden) for c, flag in enumerate(row) if flag
        )

    def is_hidden(self, cell: Cell) -> bool:
        row, col = cell
        return self.hidden[row][col]

    def uses_hidden(self, uses: Iterable[Cell]) -> bool:
        """Whether a figure calculated from ``uses`` must be hidden too."""
        return any(self.is_hidden(cell) for cell in uses)


# --------------------------------------------------------------------------- relations


def row_and_column_relations(
    n_rows: int,
    n_cols: int,
    *,
    row_total_col: int | None,
    col_total_row: int | None,
    row_labels: Sequence[str] | None = None,
    col_labels: Sequence[str] | None = None,
) -> list[Relation]:
    """Relations of a band table: every row and every column adds up to its total.

    ``row_total_col`` is the column holding each row's total (``None`` when the table has
    no Total column: the row totals are then treated as published elsewhere), and
    ``col_total_row`` likewise the row holding each column's total. The Total row and the
    Total column are relations too, meeting at the grand total. A row or column with a
    single count and no total cell is left out: its "total" would be the count itself.
    """
    if n_rows < 0 or n_cols < 0:
        raise InputError("A table to publish cannot have a negative number of rows or columns.")
    if row_total_col is not None and not 0 <= row_total_col < n_cols:
        raise InputError(
            f"The Total column ({row_total_col + 1}) is outside the table's {n_cols} columns."
        )
    if col_total_row is not None and not 0 <= col_total_row < n_rows:
        raise InputError(
            f"The Total row ({col_total_row + 1}) is outside the table's {n_rows} rows."
        )
    _check_labels(row_labels, n_rows, "row")
    _check_labels(col_labels, n_cols, "column")

    relations: list[Relation] = []
    for r in range(n_rows):
        parts = tuple((r, c) for c in range(n_cols) if c != row_total_col)
        total = None if row_total_col is None else (r, row_total_col)
        label = _line_label("row", r, row_labels, is_total=r == col_total_row)
        relation = _relation_if_meaningful(parts, total, label)
        if relation is not None:
            relations.append(relation)
    for c in range(n_cols):
        parts = tuple((r, c) for r in range(n_rows) if r != col_total_row)
        total = None if col_total_row is None else (col_total_row, c)
        label = _line_label("column", c, col_labels, is_total=c == row_total_col)
        relation = _relation_if_meaningful(parts, total, label)
        if relation is not None:
            relations.append(relation)
    return relations


def implied_total_relations(
    grid: Grid,
    *,
    row_labels: Sequence[str] | None = None,
    col_labels: Sequence[str] | None = None,
) -> list[Relation]:
    """Relations for ``WRES_REDACT``: every row and every column of the range is the set of
    parts of a total that is published elsewhere.

    Cells that are not counts (``None``) are left out; a row or column with fewer than two
    counts has no relation, since its total would be the count itself.
    """
    shape = _grid_shape(grid)
    n_rows, n_cols = shape
    _check_labels(row_labels, n_rows, "row")
    _check_labels(col_labels, n_cols, "column")
    relations: list[Relation] = []
    for r in range(n_rows):
        parts = tuple((r, c) for c in range(n_cols) if grid[r][c] is not None)
        if len(parts) >= 2:
            relations.append(Relation(parts, None, _line_label("row", r, row_labels)))
    for c in range(n_cols):
        parts = tuple((r, c) for r in range(n_rows) if grid[r][c] is not None)
        if len(parts) >= 2:
            relations.append(Relation(parts, None, _line_label("column", c, col_labels)))
    return relations


def _relation_if_meaningful(
    parts: tuple[Cell, ...], total: Cell | None, label: str
) -> Relation | None:
    if not parts or (total is None and len(parts) < 2):
        return None
    return Relation(parts, total, label)


def _line_label(
    kind: str, index: int, labels: Sequence[str] | None, *, is_total: bool = False
) -> str:
    if labels is not None:
        return f"the {kind} '{labels[index]}'"
    if is_total:
        return f"the total {kind}"
    return f"{kind} {index + 1}"


def _check_labels(labels: Sequence[str] | None, expected: int, kind: str) -> None:
    if labels is not None and len(labels) != expected:
        raise InputError(
            f"The table to publish has {expected} {kind}s but {len(labels)} {kind} labels."
        )


# --------------------------------------------------------------------------- rounding


def rounded_count(value: int, rules: SuppressionRules) -> int:
    """``value`` as published: rounded to the nearest multiple of ``rules.round_to``
    (halves up), or unchanged when rounding is off."""
    count = _as_count(value, "The count to round")
    if rules.round_to <= 1:
        return count
    quotient, remainder = divmod(count, rules.round_to)
    if 2 * remainder >= rules.round_to:
        quotient += 1
    return quotient * rules.round_to


def published_share(part: int, whole: int, rules: SuppressionRules) -> float | None:
    """``part / whole`` as a fraction, computed from the published (rounded) counts, so
    that the percentage agrees with the counts beside it. ``None`` when the published
    whole is 0."""
    denominator = rounded_count(whole, rules)
    if denominator == 0:
        return None
    return rounded_count(part, rules) / denominator


# --------------------------------------------------------------------------- derived


def derived_hidden(uses: Iterable[Cell], hidden: Collection[Cell]) -> bool:
    """A percentage, rate, RL, CI, p-value or rating calculated from the counts in
    ``uses`` must be hidden when any of them is hidden (SPEC §5)."""
    return any(cell in hidden for cell in uses)


def rate_hidden(
    events: Cell,
    total: Cell,
    hidden: Collection[Cell],
    *,
    complement: Cell | None = None,
) -> bool:
    """Whether the rate ``events / total`` must be hidden: it uses its numerator, its
    denominator and (through ``total - events``) the complement."""
    uses = [events, total] if complement is None else [events, total, complement]
    return derived_hidden(uses, hidden)


def comparison_hidden(
    white: Sequence[Cell],
    bme: Sequence[Cell],
    hidden: Collection[Cell],
) -> bool:
    """Whether a White-versus-BME figure (RL, CI, p-value, rating, gap) must be hidden.

    ``white`` and ``bme`` list every count cell the comparison uses for each group:
    events, total and, when the grid holds it, the complement.
    """
    return derived_hidden([*white, *bme], hidden)


# --------------------------------------------------------------------------- footnote


def footnote_text(rules: SuppressionRules) -> str:
    """The footnote that states the rule used (SPEC §5)."""
    marker = rules.marker
    if rules.hide_up_to == 0:
        first = "No counts have been hidden for being small."
    elif rules.hide_up_to == 1:
        first = f"Counts of 1 are shown as {marker} to protect the privacy of individuals."
    else:
        first = (
            f"Counts from 1 to {rules.hide_up_to} are shown as {marker} to protect the privacy "
            "of individuals."
        )
    parts = [first]
    if rules.hide_up_to > 0:
        parts.append(
            f"Some larger counts are also shown as {marker} so that a hidden count cannot be "
            f"worked out from a total, and any percentage, rate, relative likelihood, "
            f"confidence interval, p-value or rating calculated from a hidden count is shown "
            f"as {marker} too."
        )
    if rules.round_to > 1:
        parts.append(
            f"Other counts are rounded to the nearest {rules.round_to}, and every percentage, "
            "relative likelihood, confidence interval, p-value and rating is calculated from "
            "the rounded counts, so totals may differ from the sum of their parts."
        )
    if rules.board_in_full:
        parts.append("Board figures are shown in full: board members are public office holders.")
    return " ".join(parts)


# --------------------------------------------------------------------------- audit
#
# The audit models the reader of the published tables. A reader knows:
#
# * every shown count: exactly, or, with rounding on, to within half the rounding step
#   (and, since counts from 1 to the threshold are never shown, not in that range);
# * every sum between counts (a row adds up to its total, a headcount repeats the
#   workforce total, events plus non-events are the total, figures repeated across
#   tables and years are one count);
# * the published rule: zeros are shown and never hidden, so every hidden count is at
#   least 1 (and a hidden primary count is at most the threshold, but which hidden cells
#   are primary is never said: every note reads the same whatever is small).
#
# A derived figure (percentage, rate, relative likelihood, interval, p-value, rating) is
# shown only when every count it uses is shown, and is written at the precision shown and
# computed from the shown (rounded) counts; so it is a function of what the reader
# already knows and adds nothing to the list above. Everything the reader knows is
# therefore linear in the true counts, and the smallest and largest value of each hidden
# count consistent with it is an integer programme. A hidden count is protected when the
# two are at least a protection interval apart (the threshold: a reader cannot narrow a
# count down to fewer values than the rule itself hides).


def protection_interval(rules: SuppressionRules) -> int:
    """How far apart the smallest and largest value a reader can give a hidden count
    must be: the threshold (at least 1, so that no hidden count is ever exact)."""
    return max(1, rules.hide_up_to)


def shown_range(value: int, rules: SuppressionRules) -> tuple[int, int, int | None]:
    """What a reader knows of a shown count: ``(low, high, gap_from)``. The count lies
    from ``low`` to ``high``; when ``gap_from`` is set the values from 1 to
    ``gap_from - 1`` are impossible too (a rounded 0 may be 0 or a count above the
    threshold, never a hidden count)."""
    shown = rounded_count(value, rules)
    step, top = rules.round_to, rules.hide_up_to
    if step <= 1:
        return shown, shown, None
    # Halves round up, so a shown r stands for r - floor(step/2) .. r + ceil(step/2) - 1
    # (r-2 .. r+2 for a step of 5).
    low = max(0, shown - step // 2)
    high = shown + (step + 1) // 2 - 1
    if low >= 1:
        return max(low, top + 1), high, None
    if top == 0:
        return 0, high, None
    if top >= high:
        return 0, 0, None
    return 0, high, top + 1


# Complexity above 15 (C901): one bound-tightening loop whose state (bounds, queue) the branches
# share.
def reader_ranges(  # noqa: C901
    values: Mapping[Cell, int],
    hidden: Collection[Cell],
    rels: Sequence[Relation],
    rules: SuppressionRules,
    *,
    targets: Iterable[Cell] | None = None,
    exact: Collection[Cell] = frozenset(),
    enough: float | None = None,
    witnesses: list[dict[Cell, int]] | None = None,
) -> dict[Cell, tuple[float, float]]:
    """For each hidden cell (or each of ``targets``), the smallest and largest value a
    reader of the published tables can give it (``inf`` when there is no largest).

    ``exact`` lists shown cells published unrounded. Hidden cells in no relation are
    ``(1, inf)``. With ``enough``, a cell found to spread at least that far is reported
    with the spread found (a narrower range than its true one, but already wide enough).

    ``witnesses`` is a list kept by a caller that audits the same counts many times over
    (hiding or showing a few more each time): the tables found are added to it, and those
    a later call finds still fitting everything the reader then knows are its first
    checked tables (each one is checked again, so any list is safe to pass).
    """
    hidden = frozenset(hidden)
    wanted = sorted(hidden if targets is None else set(targets))
    # What the reader knows of each cell in a relation: a fixed number, or a range.
    fixed: dict[Cell, int] = {}
    ranges: dict[Cell, tuple[int, float, int | None]] = {}
    for rel in rels:
        for cell in rel.members:
            if cell in fixed or cell in ranges:
                continue
            if cell in hidden:
                ranges[cell] = (1, math.inf, None)
            elif cell in exact or rules.round_to <= 1:
                fixed[cell] = values[cell]
            else:
                low, high, gap_from = shown_range(values[cell], rules)
                if low == high:
                    fixed[cell] = low
                else:
                    ranges[cell] = (low, high, gap_from)
    # Each relation as "sum of its unknown cells (signed) = a number the reader knows";
    # unknowns linked by no relation cannot tell each other anything, so each linked
    # group is its own small programme.
    equations: list[tuple[dict[Cell, float], float]] = []
    for rel in rels:
        terms: dict[Cell, float] = {}
        constant = 0.0
        signed = [(cell, 1.0) for cell in rel.parts]
        if rel.total is None:
            constant = float(sum(values[cell] for cell in rel.parts))
        else:
            signed.append((rel.total, -1.0))
        for cell, sign in signed:
            if cell in fixed:
                constant -= sign * fixed[cell]
            else:
                terms[cell] = terms.get(cell, 0.0) + sign
        if terms:
            equations.append((terms, constant))
    parent = {cell: cell for cell in ranges}

    def find(cell: Cell) -> Cell:
        while parent[cell] != cell:
            parent[cell] = parent[parent[cell]]
            cell = parent[cell]
        return cell

    for terms, _ in equations:
        first, *rest = terms
        for other in rest:
            a, b = find(first), find(other)
            if a != b:
                parent[b] = a
    groups: dict[Cell, list[Cell]] = {}
    for cell in ranges:
        groups.setdefault(find(cell), []).append(cell)
    cap = 4 * sum(values.values()) + 100
    out: dict[Cell, tuple[float, float]] = {}
    by_group: dict[Cell, list[Cell]] = {}
    for cell in wanted:
        if cell not in ranges:
            out[cell] = (1.0, math.inf)
        else:
            by_group.setdefault(find(cell), []).append(cell)
    for root, asked in by_group.items():
        rows = [eq for eq in equations if find(next(iter(eq[0]))) == root]
        cells = sorted(groups[root])
        truth = {c: values[c] for c in cells}
        found: dict[Cell, tuple[float, float]] | None = {}
        points: list[list[int]] = []
        open_cells = list(asked)
        if enough is not None:
            # Most answers need no integer programme: sure bounds from the sums alone,
            # met by tables built to reach them, settle them (see _Reasoner).
            old = [] if witnesses is None else [w for w in witnesses if any(c in w for c in cells)]
            known = [[w.get(c, values[c]) for c in cells] for w in old]
            reasoner = _Reasoner(cells, ranges, rows, cap, truth, known)
            settled, points = reasoner.settle(asked, enough)
            found = settled
            open_cells = [c for c in asked if c not in settled]
            if witnesses is not None:
                witnesses += [
                    dict(zip(cells, map(int, p), strict=True))
                    for p in points[len(reasoner.known) :]
                ]
                del witnesses[:-_WITNESSES]
        if open_cells:
            programme = _Programme(cells, ranges, rows, cap)
            solved = programme.ranges(open_cells, truth, enough, points)
            found = None if solved is None else {**(found or {}), **solved}
        if found is None:
            # No table fits what is published: possible only if the rule were broken (a
            # hidden 0). Treat the group as exposed so that more is hidden.
            found = {c: (float(values[c]), float(values[c])) for c in asked}
        out.update(found)
    return out


class _Reasoner:
    """What the sums alone say about one linked group of unknown cells, in plain integer
    arithmetic, before (and mostly instead of) an integer programme.

    Two kinds of fact, each sound on its own:

    * **Sure bounds** (outer bounds). Propagating a relation over the cells' ranges (a
      cell is the relation's known number less what the others can add up to) never
      removes a value that some table consistent with the reader's knowledge gives the
      cell; nor does *shaving*: when assuming ``x >= v`` leaves some cell with no value
      after propagation, no such table has ``x >= v``. True ranges lie within sure bounds.
    * **Tables** (inner bounds). A dive fixes a cell at a value and then every other cell
      in turn (at its true value where the bounds allow, else the nearest allowed),
      propagating after each; the finished table is checked against every relation and
      range from scratch (:meth:`fits`). A checked table is one the reader cannot rule
      out, so every value it gives a cell is one the reader must allow.

    A cell is settled when tables spread it at least ``enough`` apart (protected: its
    true range is at least as wide), or when tables reach both of its sure bounds (its
    exact range). Anything else is left to the integer programme. The model is the
    programme's (the same ranges, relations and cap), so the answers are the same.
    """

    def __init__(
        self,
        cells: Sequence[Cell],
        ranges: Mapping[Cell, tuple[int, float, int | None]],
        equations: Sequence[tuple[Mapping[Cell, float], float]],
        cap: int,
        truth: Mapping[Cell, int],
        known: Iterable[Sequence[int]] = (),
    ) -> None:
        self.cells = list(cells)
        self.index = {cell: i for i, cell in enumerate(self.cells)}
        self.cap = cap
        self.low = [int(ranges[c][0]) for c in self.cells]
        self.high = [int(min(ranges[c][1], cap)) for c in self.cells]
        self.gap = [ranges[c][2] or 0 for c in self.cells]
        # Each relation as (cells added, cells taken away, known number). Relations list
        # a cell once and add whole counts; anything else is left to the programme.
        self.usable = True
        self.eqs: list[tuple[list[int], list[int], int]] = []
        for terms, constant in equations:
            plus = [self.index[c] for c, a in terms.items() if a == 1]
            minus = [self.index[c] for c, a in terms.items() if a == -1]
            if len(plus) + len(minus) != len(terms) or constant != round(constant):
                self.usable = False
            self.eqs.append((plus, minus, round(constant)))
        self.touching: list[list[int]] = [[] for _ in self.cells]
        for e, (plus, minus, _) in enumerate(self.eqs):
            for j in (*plus, *minus):
                self.touching[j].append(e)
        self.truth = [truth[c] for c in self.cells]
        #: How many relations are the reader's own; those after them are derived (sums and
        #: differences of them, see :meth:`derive`), true of every table that fits these.
        self.given = len(self.eqs)
        #: Tables found before (by an earlier call) that fit everything the reader knows now.
        self.known = [list(point) for point in known if self.fits(point)]

    def derive(self, limit: int = _DERIVED) -> bool:
        """Adds relations that follow from the given ones: the sum or difference of two
        relations that cancels every cell they share and leaves fewer cells than either.

        Propagation reads one relation at a time, so it misses what only a combination
        says: with a senior level the sum of some bands, its column of bands less the
        level and less another column can pin two small counts to ``a + b = 7``. Each
        derived relation is a whole-number combination of relations every consistent
        table satisfies, so it holds in every such table: the sure bounds stay sure, and a
        checked table still fits. Returns whether any was added."""
        known = {self._key(plus, minus, constant) for plus, minus, constant in self.eqs}
        added = 0
        frontier = list(range(len(self.eqs)))
        while frontier and added < limit:
            fresh: list[int] = []
            for a in frontier:
                plus_a, minus_a, const_a = self.eqs[a]
                sign_a = dict.fromkeys(plus_a, 1) | dict.fromkeys(minus_a, -1)
                partners = {b for j in sign_a for b in self.touching[j] if b != a}
                for b in sorted(partners):
                    plus_b, minus_b, const_b = self.eqs[b]
                    sign_b = dict.fromkeys(plus_b, 1) | dict.fromkeys(minus_b, -1)
                    shared = sign_a.keys() & sign_b.keys()
                    # a + s * b cancels a shared cell when s = -(its sign in a * in b).
                    flips = {-sign_a[j] * sign_b[j] for j in shared}
                    if len(flips) != 1:
                        continue
                    s = flips.pop()
                    size = len(sign_a) + len(sign_b) - 2 * len(shared)
                    if size == 0 or size >= min(len(sign_a), len(sign_b)):
                        continue
                    terms = {j: v for j, v in sign_a.items() if j not in shared}
                    terms.update((j, s * v) for j, v in sign_b.items() if j not in shared)
                    plus = sorted(j for j, v in terms.items() if v > 0)
                    minus = sorted(j for j, v in terms.items() if v < 0)
                    constant = const_a + s * const_b
                    key = self._key(plus, minus, constant)
                    if key in known:
                        continue
                    known.add(key)
                    e = len(self.eqs)
                    self.eqs.append((plus, minus, constant))
                    for j in terms:
                        self.touching[j].append(e)
                    fresh.append(e)
                    added += 1
                    if added >= limit:
                        break
                if added >= limit:
                    break
            frontier = fresh
        return added > 0

    @staticmethod
    def _key(
        plus: Sequence[int], minus: Sequence[int], constant: int
    ) -> tuple[frozenset[int], frozenset[int], int]:
        # A relation and its negation say the same: the one whose smallest cell is added.
        if plus and (not minus or min(plus) < min(minus)):
            return frozenset(plus), frozenset(minus), constant
        return frozenset(minus), frozenset(plus), -constant

    def fits(self, point: Sequence[int]) -> bool:
        """Whether ``point`` satisfies every relation and every cell's range."""
        low, high, gap = self.low, self.high, self.gap
        for i, v in enumerate(point):
            if not low[i] <= v <= high[i] or 0 < v < gap[i]:
                return False
        for plus, minus, constant in self.eqs[: self.given]:  # the reader's own
            total = 0
            for j in plus:
                total += point[j]
            for j in minus:
                total -= point[j]
            if total != constant:
                return False
        return True

    # Complexity above 15 (C901): the inner loop of the audit, kept flat because a call per
    # relation costs measurable time on every refresh.
    def propagate(  # noqa: C901
        self, low: list[int], high: list[int], queue: list[int]
    ) -> bool:
        """Narrow ``low``/``high`` to a fixed point of the relations in ``queue`` and of
        those they touch; False when some cell is left with no value."""
        pending = set(queue)
        gap, eqs, touching = self.gap, self.eqs, self.touching
        while queue:
            e = queue.pop()
            pending.discard(e)
            plus, minus, constant = eqs[e]
            # The relation's left side ranges from sum_lo to sum_hi.
            sum_lo = sum_hi = 0
            widest = 0
            for j in plus:
                sum_lo += low[j]
                sum_hi += high[j]
                if high[j] - low[j] > widest:
                    widest = high[j] - low[j]
            for j in minus:
                sum_lo -= high[j]
                sum_hi -= low[j]
                if high[j] - low[j] > widest:
                    widest = high[j] - low[j]
            if sum_lo > constant or sum_hi < constant:
                return False
            if widest <= sum_hi - constant and widest <= constant - sum_lo:
                continue  # no cell can be narrowed by this relation
            changed: list[int] = []
            for sign, side in ((1, plus), (-1, minus)):
                for j in side:
                    lo_j, hi_j = low[j], high[j]
                    if sign > 0:  # x = constant - (the others)
                        lo = constant - sum_hi + hi_j
                        hi = constant - sum_lo + lo_j
                    else:  # x = (the others) - constant
                        lo = sum_lo + hi_j - constant
                        hi = sum_hi + lo_j - constant
                    lo = lo if lo > lo_j else lo_j
                    hi = hi if hi < hi_j else hi_j
                    g = gap[j]
                    if 0 < lo < g:
                        lo = g
                    if hi < g and hi > 0:
                        hi = 0
                    if lo > hi:
                        return False
                    if lo != lo_j or hi != hi_j:
                        if sign > 0:
                            sum_lo += lo - lo_j
                            sum_hi += hi - hi_j
                        else:
                            sum_lo -= hi - hi_j
                            sum_hi -= lo - lo_j
                        low[j], high[j] = lo, hi
                        changed.append(j)
            for j in changed:
                for other in touching[j]:
                    if other not in pending:
                        pending.add(other)
                        queue.append(other)
        return True

    def dive(
        self, low: list[int], high: list[int], i: int, value: int, toward: int = 0
    ) -> list[int] | None:
        """A checked table with cell ``i`` at ``value`` (no cell fixed first when ``i`` is
        negative), the other cells at their true values where they can be (``toward`` 0),
        else as low (-1) or as high (+1) as they can be; None when the dive fails."""
        low, high = low.copy(), high.copy()
        if i >= 0:
            low[i] = high[i] = value
            if not self.propagate(low, high, list(self.touching[i])):
                return None
        truth = self.truth if toward == 0 else low if toward < 0 else high
        gap = self.gap
        if toward == 0:
            point = self._clamped_truth(low, high)
            if point is not None:
                return point if self.fits(point) else None
        open_cells = [j for j in range(len(low)) if low[j] != high[j]]
        while True:
            # The most constrained open cell next: its value decides most.
            open_cells = [j for j in open_cells if low[j] != high[j]]
            if not open_cells:
                break
            j = min(open_cells, key=lambda k: high[k] - low[k])
            v = min(max(truth[j], low[j]), high[j])
            if 0 < v < gap[j]:
                v = gap[j] if gap[j] <= high[j] else 0
            low[j] = high[j] = v
            if not self.propagate(low, high, list(self.touching[j])):
                return None
        return low if self.fits(low) else None

    def _clamped_truth(self, low: list[int], high: list[int]) -> list[int] | None:
        """The table the greedy loop of :meth:`dive` would build, found without it when it
        can be: each cell at its true value moved into its bounds (as the loop moves it),
        if that is a table of every relation. Then fixing the cells one by one never moves
        a bound past it (propagation keeps every table inside the bounds), so the loop sets
        each cell to this very value. None when the cells moved break a relation."""
        gap, truth = self.gap, self.truth
        point = truth.copy()
        moved: list[int] = []
        for j, v in enumerate(truth):
            lo, hi = low[j], high[j]
            v = lo if v < lo else hi if v > hi else v
            if 0 < v < gap[j]:
                v = gap[j] if gap[j] <= hi else 0
            if v != truth[j]:
                if not lo <= v <= hi:
                    return None
                point[j] = v
                moved.append(j)
        # The true table meets every relation: only those with a cell moved can break.
        for e in {e for j in moved for e in self.touching[j]}:
            plus, minus, constant = self.eqs[e]
            if sum(point[j] for j in plus) - sum(point[j] for j in minus) != constant:
                return None
        return point

    def excludes(self, low: list[int], high: list[int], i: int, lo: int, hi: int) -> bool:
        """Whether no table has cell ``i`` from ``lo`` to ``hi`` (shaving)."""
        low, high = low.copy(), high.copy()
        low[i], high[i] = max(low[i], lo), min(high[i], hi)
        return low[i] > high[i] or not self.propagate(low, high, list(self.touching[i]))

    def settle(
        self, asked: Sequence[Cell], enough: float
    ) -> tuple[dict[Cell, tuple[float, float]], list[list[int]]]:
        """The asked cells this settles, with their ranges (exact, or spread at least
        ``enough``), and the checked tables found, for the programme to start from.

        What the given relations leave open is tried again with derived ones
        (:meth:`derive`): tighter sure bounds, and dives that fail less often."""
        if not self.usable or not self.fits(self.truth):
            return {}, []  # e.g. a table breaking the rule (a hidden 0): the programme decides
        out, tables = self._settle(asked, enough, list(self.known))
        open_cells = [cell for cell in asked if cell not in out]
        if open_cells and self.derive():
            more, tables = self._settle(open_cells, enough, tables)
            out.update(more)
        return out, tables

    # Complexity above 15 (C901): the audit's three stages (sure bounds, witness tables, milp)
    # in the order that makes each cheaper than the next; read together they are the proof.
    def _settle(  # noqa: C901
        self, asked: Sequence[Cell], enough: float, tables: list[list[int]]
    ) -> tuple[dict[Cell, tuple[float, float]], list[list[int]]]:
        low, high = self.low.copy(), self.high.copy()
        if not self.propagate(low, high, list(range(len(self.eqs)))):
            return {}, tables
        lowest = self.truth.copy()
        highest = self.truth.copy()
        for table in tables:
            for j, v in enumerate(table):
                lowest[j] = min(lowest[j], v)
                highest[j] = max(highest[j], v)
        need = math.ceil(enough)

        def seek(i: int, value: int, toward: int = 0) -> bool:
            point = self.dive(low, high, i, value, toward)
            if point is None:
                return False
            tables.append(point)
            for j, v in enumerate(point):
                if v < lowest[j]:
                    lowest[j] = v
                if v > highest[j]:
                    highest[j] = v
            return True

        def open_(i: int) -> bool:
            return highest[i] - lowest[i] < need and (lowest[i] > low[i] or highest[i] < high[i])

        def narrow(i: int, up: bool) -> None:
            # Walk the tables' reach towards the sure bound, one value at a time, until
            # a table reaches it or shaving moves the bound in to meet them.
            for _ in range(need + 2):
                if not open_(i):
                    return
                if up and highest[i] < high[i]:
                    v = highest[i] + 1
                    if seek(i, v):
                        continue
                    if not self.excludes(low, high, i, v, high[i]):
                        return
                    high[i] = v - 1
                elif not up and lowest[i] > low[i]:
                    v = lowest[i] - 1
                    if seek(i, v):
                        continue
                    if not self.excludes(low, high, i, low[i], v):
                        return
                    low[i] = v + 1
                else:
                    return
                # A bound moved in: what follows from it is sure too.
                if not self.propagate(low, high, list(self.touching[i])):
                    return  # cannot happen (the true table fits); the programme decides

        # Two tables first with every cell as low, then as high, as it can be: between
        # them they often reach most cells' bounds at once.
        if sum(open_(self.index[cell]) for cell in asked) > 2:
            seek(-1, 0, -1)
            seek(-1, 0, 1)
        out: dict[Cell, tuple[float, float]] = {}
        for cell in asked:
            i = self.index[cell]
            if open_(i) and lowest[i] > low[i]:
                seek(i, low[i])
            if open_(i) and highest[i] < high[i]:
                seek(i, min(high[i], lowest[i] + need))
            if open_(i) and highest[i] - need >= low[i]:
                seek(i, highest[i] - need)
            narrow(i, up=True)
            narrow(i, up=False)
            if highest[i] - lowest[i] >= need:
                out[cell] = (float(lowest[i]), float(highest[i]))
            elif lowest[i] == low[i] and highest[i] == high[i]:
                top = math.inf if high[i] >= self.cap else float(high[i])
                out[cell] = (float(low[i]), top)
        return out, tables


class _Programme:
    """The integer programme of one linked group of unknown cells."""

    def __init__(
        self,
        cells: Sequence[Cell],
        ranges: Mapping[Cell, tuple[int, float, int | None]],
        equations: Sequence[tuple[Mapping[Cell, float], float]],
        cap: int,
    ) -> None:
        # Imported here: scipy.optimize costs a few hundred milliseconds to import, paid
        # only when a publication is built, never on a plain refresh's import path.
        import numpy as np
        from scipy.optimize import Bounds, LinearConstraint

        self.cells = list(cells)
        self.index = {cell: i for i, cell in enumerate(cells)}
        gaps = [(self.index[c], r[2], r[1]) for c, r in ranges.items() if c in self.index and r[2]]
        n = len(cells) + len(gaps)
        self.n = n
        self.cap = float(cap)
        rows: list[NDArray[np.float64]] = []
        lows: list[float] = []
        highs: list[float] = []
        for terms, constant in equations:
            row = np.zeros(n)
            for cell, sign in terms.items():
                row[self.index[cell]] = sign
            rows.append(row)
            lows.append(constant)
            highs.append(constant)
        for j, (i, gap_from, high) in enumerate(gaps):
            # The cell is 0 when its switch is 0, and gap_from .. high when it is 1.
            z = len(cells) + j
            up = np.zeros(n)
            up[i], up[z] = 1.0, -float(high)
            down = np.zeros(n)
            down[i], down[z] = 1.0, -float(gap_from)
            rows += [up, down]
            lows += [-np.inf, 0.0]
            highs += [0.0, np.inf]
        # A count with no largest value is capped far above anything in the table: a
        # solution at the cap stands for "as large as you like".
        var_lows = [float(ranges[c][0]) for c in cells] + [0.0] * len(gaps)
        var_highs = [min(float(ranges[c][1]), self.cap) for c in cells] + [1.0] * len(gaps)
        self.bounds = Bounds(np.array(var_lows), np.array(var_highs))
        self.constraints = (
            [LinearConstraint(np.array(rows), np.array(lows), np.array(highs))] if rows else []
        )

    def solve(self, objective: Mapping[Cell, float]) -> NDArray[np.float64] | None:
        import numpy as np
        from scipy.optimize import milp

        c = np.zeros(self.n)
        for cell, weight in objective.items():
            c[self.index[cell]] = weight
        result = milp(
            c, constraints=self.constraints, bounds=self.bounds, integrality=np.ones(self.n)
        )
        if result.status != 0 or result.x is None:
            return None
        return np.round(np.asarray(result.x, dtype=np.float64)[: len(self.cells)])

    def ranges(
        self,
        asked: Sequence[Cell],
        truth: Mapping[Cell, int],
        enough: float | None,
        known: Sequence[Sequence[int]] = (),
    ) -> dict[Cell, tuple[float, float]] | None:
        """Each asked cell's smallest and largest value; with ``enough``, a cell shown to
        reach at least that spread by the solutions found so far is reported with that
        spread instead (it is protected, and its exact range is not needed). ``known``
        are tables already checked to fit everything the reader knows."""
        # Every solution found is a table the reader cannot rule out; the true table is
        # the first. A cell whose values across them already spread far enough needs no
        # programme of its own.
        import numpy as np

        lowest = np.array([float(truth[c]) for c in self.cells])
        highest = lowest.copy()
        for table in known:
            point = np.asarray(table, dtype=np.float64)
            np.minimum(lowest, point, out=lowest)
            np.maximum(highest, point, out=highest)

        def add(point: NDArray[np.float64] | None) -> bool:
            if point is None:
                return False
            np.minimum(lowest, point, out=lowest)
            np.maximum(highest, point, out=highest)
            return True

        def settled(cell: Cell) -> bool:
            i = self.index[cell]
            return enough is not None and highest[i] - lowest[i] >= enough

        open_cells = [c for c in asked if not settled(c)]
        if enough is not None and len(open_cells) > 1:
            add(self.solve(dict.fromkeys(open_cells, -1.0)))
            add(self.solve(dict.fromkeys(open_cells, 1.0)))
        out: dict[Cell, tuple[float, float]] = {}
        for cell in asked:
            i = self.index[cell]
            if settled(cell):
                out[cell] = (float(lowest[i]), float(highest[i]))
                continue
            low = self.solve({cell: 1.0})
            if not add(low):
                return None
            if settled(cell):
                out[cell] = (float(lowest[i]), float(highest[i]))
                continue
            high = self.solve({cell: -1.0})
            if not add(high):
                return None
            if low is None or high is None:
                raise AssertionError("low is not None and high is not None")
            top = math.inf if high[i] >= self.cap else float(high[i])
            out[cell] = (float(low[i]), top)
        return out


def exposed_cells(
    values: Mapping[Cell, int],
    hidden: Collection[Cell],
    rels: Sequence[Relation],
    rules: SuppressionRules,
    *,
    exact: Collection[Cell] = frozenset(),
    targets: Iterable[Cell] | None = None,
    witnesses: list[dict[Cell, int]] | None = None,
) -> dict[Cell, tuple[float, float]]:
    """The hidden cells a reader can narrow to less than the protection interval, with
    the range the reader can give each (``witnesses``: see :func:`reader_ranges`)."""
    interval = protection_interval(rules)
    ranges = reader_ranges(
        values,
        hidden,
        rels,
        rules,
        targets=targets,
        exact=exact,
        enough=interval,
        witnesses=witnesses,
    )
    return {cell: r for cell, r in ranges.items() if r[1] - r[0] < interval}


def recoverable_cells(
    grid: Grid,
    hidden: Iterable[Cell],
    relations: Iterable[Relation],
    rules: SuppressionRules | None = None,
) -> set[Cell]:
    """The hidden cells a reader can narrow to fewer values than the protection interval
    from the shown cells, the relations and the published rule (see the audit notes)."""
    rules = SuppressionRules() if rules is None else rules
    values = _grid_values(grid)
    rels = tuple(relations)
    _check_relations(values, _grid_shape(grid), rels)
    return set(exposed_cells(values, frozenset(hidden), rels, rules))


# --------------------------------------------------------------------------- suppress


def suppress(
    grid: Grid,
    relations: Iterable[Relation],
    rules: SuppressionRules | None = None,
    *,
    row_labels: Sequence[str] | None = None,
    col_labels: Sequence[str] | None = None,
    also_hide: Iterable[Cell] = (),
    spare: Iterable[Cell] = (),
) -> SuppressionResult:
    """Apply primary and secondary suppression to ``grid`` (SPEC §5).

    ``row_labels``/``col_labels`` only name cells in the log. ``also_hide`` lists cells
    that must be hidden because the same figure is hidden in another published table (a
    0 among them stays shown: zeros are never hidden). ``spare`` lists cells to keep
    shown when another cell would protect as well: the publication spares BME counts,
    the figures a WRES report exists to show, so a small Unknown count costs a White or
    total cell rather than the BME one beside it.

    Zeros are never hidden, so the published rule "every hidden count is at least 1" is
    true. After this, no relation has exactly one hidden cell and every hidden cell's
    range for a reader (:func:`reader_ranges`) is at least :func:`protection_interval`
    wide. A count that cannot be protected whatever is hidden (possible only when some
    totals are published elsewhere, as with ``WRES_REDACT``) raises
    :class:`InputError` rather than publish it.
    """
    rules = SuppressionRules() if rules is None else rules
    shape = _grid_shape(grid)
    values = _grid_values(grid)
    rels = tuple(relations)
    _check_relations(values, shape, rels)
    _check_labels(row_labels, shape[0], "row")
    _check_labels(col_labels, shape[1], "column")
    name = _CellNamer(row_labels, col_labels)
    spared = frozenset(spare)
    # A count whose relation's other cells are all zeros, with the total published
    # elsewhere, is that total whatever is hidden (zeros are never hidden): hiding it
    # protects nothing, so it is never chosen, and a small one cannot be published.
    zeros_exact = shown_range(0, rules)[1] == 0  # a rounded 0 may stand for 2 when t < 2
    given_away = frozenset(
        cell
        for rel in rels
        if rel.total is None and zeros_exact
        for cell in rel.parts
        if all(values[other] == 0 for other in rel.parts if other != cell)
    )

    hidden: set[Cell] = set()
    reasons: dict[Cell, Reason] = {}
    log: list[SuppressedCell] = []
    to_check: set[Cell] = set()
    seen: list[dict[Cell, int]] = []  # checked tables, for the next audit to start from

    def hide(cell: Cell, reason: Reason, explanation: str) -> None:
        hidden.add(cell)
        to_check.add(cell)
        reasons[cell] = reason
        log.append(SuppressedCell(cell[0], cell[1], values[cell], reason, explanation))

    for cell in sorted(values):
        value = values[cell]
        if 1 <= value <= rules.hide_up_to:
            if cell in given_away:
                raise _cannot_protect(cell, value, name)
            hide(
                cell,
                "primary",
                f"Hidden because it is {value}, at or below the threshold of {rules.hide_up_to}.",
            )
    for cell in sorted(set(also_hide)):
        if cell not in values:
            raise InputError(
                f"Cell {name(cell)} was asked to be hidden but is not a count in the table."
            )
        if cell in hidden or values[cell] == 0:
            continue
        if cell in given_away:
            raise _cannot_protect(cell, values[cell], name)
        hide(
            cell,
            "secondary",
            "Hidden because the same figure is hidden in another published table.",
        )

    while True:
        _secondary_pass(values, rels, hidden, hide, name, spared, given_away)
        # Hiding one more cell only widens what a reader can say of every other hidden
        # cell (its exact value becomes a range from 1 up), so a cell once protected
        # stays protected and only the new and the still exposed cells need checking.
        exposed = exposed_cells(values, hidden, rels, rules, targets=to_check, witnesses=seen)
        to_check = set(exposed)
        if not exposed:
            break
        target = min(exposed, key=lambda c: (exposed[c][1] - exposed[c][0], c))
        choice = _close_leak(values, rels, hidden, target, spared, rules, given_away, seen)
        if choice is None:
            # The greedy choices have run out: start again from every non-zero count
            # hidden (the most a reader can be denied) and show again, largest first,
            # each count whose showing leaves every hidden count protected.
            final = _hide_all_then_show(values, rels, rules, hidden, given_away, spared, name)
            for cell in hidden - final:
                del reasons[cell]
            hidden &= final
            log[:] = [e for e in log if (e.row, e.col) in final]
            for cell in sorted(final - hidden):
                hide(
                    cell,
                    "secondary",
                    "Hidden so that no hidden count in this table can be narrowed down by "
                    "combining the shown counts, rows, columns and totals.",
                )
            break
        low, high = exposed[target]
        hide(
            choice,
            "secondary",
            f"Hidden so that the hidden count at {name(target)} cannot be narrowed down "
            f"(to {_span(low, high)}) by combining the shown counts, rows, columns and "
            "totals.",
        )

    n_rows, n_cols = shape
    hidden_rows = tuple(tuple((r, c) in hidden for c in range(n_cols)) for r in range(n_rows))
    reason_rows = tuple(tuple(reasons.get((r, c)) for c in range(n_cols)) for r in range(n_rows))
    display_rows = tuple(
        tuple(_display(values.get((r, c)), (r, c) in hidden, rules) for c in range(n_cols))
        for r in range(n_rows)
    )
    return SuppressionResult(rules, hidden_rows, reason_rows, display_rows, tuple(log))


def _hide_all_then_show(
    values: Mapping[Cell, int],
    rels: Sequence[Relation],
    rules: SuppressionRules,
    hidden: Collection[Cell],
    given_away: Collection[Cell],
    spared: Collection[Cell],
    name: _CellNamer,
) -> set[Cell]:
    """The cells to hide when the greedy choices have run out: every non-zero count in a
    relation, less those given away whatever is hidden, then each one shown again
    (spared cells first, then the largest) whose showing leaves every hidden count
    protected. Raises when a small count cannot be protected even so."""
    primary = {c for c in hidden if values[c] <= rules.hide_up_to}
    linked = {c for rel in rels for c in rel.members if values[c] > 0 and c not in given_away}
    everything = set(hidden) | linked
    while exposed := exposed_cells(values, everything, rels, rules):
        small = sorted(set(exposed) & primary)
        if small:
            raise _cannot_protect(small[0], values[small[0]], name)
        # A larger count the totals give away anyway is shown: hiding it protects
        # nothing, and the rule is that every hidden count is protected.
        everything -= set(exposed)
    for cell in sorted(everything - primary, key=lambda c: (c not in spared, -values[c], c)):
        trial = everything - {cell}
        # Shown again only if no sum is left with one hidden count (the secondary rule holds
        # even where rounding alone would protect that count).
        lone = any(
            sum(member in trial for member in rel.members) == 1
            for rel in rels
            if cell in rel.members
        )
        if not lone and not exposed_cells(values, trial, rels, rules):
            everything = trial
    return everything


def _span(low: float, high: float) -> str:
    if low == high:
        return f"exactly {int(low)}"
    return f"{int(low)} to {int(high)}"


def redact_grid(grid: Grid, rules: SuppressionRules | None = None) -> list[list[DisplayValue]]:
    """``WRES_REDACT``: the same-shaped block with primary and secondary suppression,
    every row and every column of the range being the parts of a total published
    elsewhere. Cells that are not counts (``None``) stay ``None``."""
    result = suppress(grid, implied_total_relations(grid), rules)
    return [list(row) for row in result.display]


def _display(value: int | None, is_hidden: bool, rules: SuppressionRules) -> DisplayValue:
    if value is None:
        return None
    if is_hidden:
        return rules.marker
    return rounded_count(value, rules)


def _secondary_pass(
    values: Mapping[Cell, int],
    rels: Sequence[Relation],
    hidden: set[Cell],
    hide: _Hider,
    name: _CellNamer,
    spared: Collection[Cell] = frozenset(),
    never: Collection[Cell] = frozenset(),
) -> None:
    changed = True
    while changed:
        changed = False
        for k, rel in enumerate(rels):
            lone = [cell for cell in rel.members if cell in hidden]
            if len(lone) != 1:
                continue
            ranked = _ranked_candidates(values, [(k, rel)], {*hidden, *never}, spared)
            if not ranked:
                # Every other cell is a zero (or a count hiding cannot help): whether the
                # lone cell is given away (a rounded 0 may stand for a count above the
                # threshold) is for the audit to say.
                continue
            what = rel.label or "a group of cells that adds up to a total"
            hide(
                ranked[0],
                "secondary",
                f"Hidden so that the other hidden count in {what} cannot be worked out by "
                "subtraction.",
            )
            changed = True


def _close_leak(
    values: Mapping[Cell, int],
    rels: Sequence[Relation],
    hidden: set[Cell],
    target: Cell,
    spared: Collection[Cell],
    rules: SuppressionRules,
    never: Collection[Cell] = frozenset(),
    seen: list[dict[Cell, int]] | None = None,
) -> Cell | None:
    """The cell to hide next so that ``target`` is protected: the first of its
    neighbours (cells sharing a relation with it, smallest first) that protects it on its
    own, else the smallest neighbour, else the smallest cell in any relation."""
    touching = [(k, rel) for k, rel in enumerate(rels) if target in rel.members]
    ranked = _ranked_candidates(values, touching, {*hidden, *never}, spared)
    for cell in ranked[:_TRIALS]:
        trial = frozenset(hidden | {cell})
        if not exposed_cells(values, trial, rels, rules, targets=[target], witnesses=seen):
            return cell
    if ranked:
        return ranked[0]
    everywhere = _ranked_candidates(values, list(enumerate(rels)), {*hidden, *never}, spared)
    return everywhere[0] if everywhere else None


def _ranked_candidates(
    values: Mapping[Cell, int],
    rels: Sequence[tuple[int, Relation]],
    hidden: Collection[Cell],
    spared: Collection[Cell] = frozenset(),
) -> list[Cell]:
    # Never a zero (the rule promises every hidden count is at least 1); cells not spared
    # first, then smallest, then a part before a total, then first in order.
    best: dict[Cell, tuple[bool, int, bool, int, int]] = {}
    for k, rel in rels:
        for position, cell in enumerate(rel.members):
            if cell in hidden or values[cell] == 0:
                continue
            key = (cell in spared, values[cell], cell == rel.total, k, position)
            if cell not in best or key < best[cell]:
                best[cell] = key
    return sorted(best, key=lambda cell: best[cell])


def _cannot_protect(cell: Cell, value: int, name: _CellNamer) -> InputError:
    return InputError(
        f"The count at {name(cell)} ({value}) can be worked out from the table's totals "
        "whatever else is hidden, so it cannot be published safely. Combine that row or "
        "column with a neighbouring one (for example merge small bands) and publish again."
    )


class _CellNamer:
    def __init__(self, row_labels: Sequence[str] | None, col_labels: Sequence[str] | None) -> None:
        self._rows = row_labels
        self._cols = col_labels

    def __call__(self, cell: Cell) -> str:
        row, col = cell
        rows, cols = self._rows, self._cols
        row_text = f"row '{rows[row]}'" if rows and 0 <= row < len(rows) else f"row {row + 1}"
        col_text = f"column '{cols[col]}'" if cols and 0 <= col < len(cols) else f"column {col + 1}"
        return f"{row_text}, {col_text}"


# --------------------------------------------------------------------------- validation


def _grid_shape(grid: Grid) -> tuple[int, int]:
    n_rows = len(grid)
    n_cols = len(grid[0]) if n_rows else 0
    for r, row in enumerate(grid):
        if len(row) != n_cols:
            raise InputError(
                f"The table to publish is not rectangular: row {r + 1} has {len(row)} cells "
                f"but row 1 has {n_cols}."
            )
    return n_rows, n_cols


def _grid_values(grid: Grid) -> dict[Cell, int]:
    _grid_shape(grid)
    values: dict[Cell, int] = {}
    for r, row in enumerate(grid):
        for c, raw in enumerate(row):
            if raw is None:
                continue
            values[(r, c)] = _as_count(raw, f"The value in row {r + 1}, column {c + 1}")
    return values


def _as_count(raw: object, where: str) -> int:
    if isinstance(raw, bool):
        raise InputError(f"{where} is {raw}, not a count of staff.")
    if isinstance(raw, numbers.Integral):
        count = int(raw)
    elif isinstance(raw, numbers.Real) and float(raw).is_integer():
        count = int(float(raw))
    else:
        raise InputError(f"{where} is {raw!r}, which is not a whole number of staff.")
    if count < 0:
        raise InputError(f"{where} is {count}; a count of staff cannot be negative.")
    return count


def _check_relations(
    values: Mapping[Cell, int], shape: tuple[int, int], rels: Sequence[Relation]
) -> None:
    n_rows, n_cols = shape
    for rel in rels:
        what = rel.label or "a relation"
        members = rel.members
        if len(members) < 2:
            raise InputError(f"{what.capitalize()} needs at least two cells to add up.")
        if len(set(members)) != len(members):
            raise InputError(f"{what.capitalize()} lists the same cell twice.")
        for row, col in members:
            if not (0 <= row < n_rows and 0 <= col < n_cols):
                raise InputError(
                    f"{what.capitalize()} refers to row {row + 1}, column {col + 1}, "
                    f"outside the {n_rows} by {n_cols} table."
                )
            if (row, col) not in values:
                raise InputError(
                    f"{what.capitalize()} includes row {row + 1}, column {col + 1}, "
                    "which is not a count."
                )
        if rel.total is not None:
            parts_sum = sum(values[cell] for cell in rel.parts)
            total = values[rel.total]
            if parts_sum != total:
                row, col = rel.total
                raise InputError(
                    f"The total for {what} (row {row + 1}, column {col + 1}) is {total}, but "
                    f"its parts add up to {parts_sum}. Correct the counts so that the total "
                    "is the sum of its parts before publishing."
                )


def _is_plain_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _looks_numeric(text: str) -> bool:
    try:
        float(text.strip().replace(",", ""))
    except ValueError:
        return False
    return True
