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
   repeated to a fixed point. A zero is hidden only when the relation has no non-zero
   shown cell left: for the row ``[0, 3, 50]`` with total 53, the 50 is hidden, not the
   0 (and not the total, which is never smaller than a part). Hiding the 0 would tell
   the reader that the two hidden cells add up to 3, so the 3 would be pinned between 0
   and 3; hiding the 50 leaves a pair that adds up to 53.
3. **Audit**: rows and columns can leak together even when none of them has exactly one
   hidden cell. :func:`recoverable_cells` solves the whole linear system exactly (and
   uses the fact that counts are never negative, so that a group of hidden cells known to
   add up to 0 is known to be all zeros); while any hidden cell is still determined, one
   more cell is hidden, choosing the smallest cell next to the leak that closes it.

Derived figures (percentages, rates, relative likelihoods, confidence intervals,
p-values, ratings) that use a hidden count are hidden too: see :func:`derived_hidden`
and :func:`rate_hidden`. To protect a *complement* (for example 72 appointed out of 75
shortlisted reveals that 3 were not appointed), put the complement in the grid as a count
cell with a relation ``events + non-events = total``; it is then suppressed like any other
count even if only the events and totals are displayed.

Everything here is pure and full precision; rounding (``round_to``) happens only in the
display grid and in :func:`rounded_count`.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray
from scipy.linalg import null_space
from scipy.optimize import linprog

from wres_xl.errors import InputError

Cell = tuple[int, int]
"""(row, column) into the grid, both counted from 0."""

Grid = Sequence[Sequence[int | None]]
Reason = Literal["primary", "secondary", "derived"]
DisplayValue = int | str | None
_Hider = Callable[[Cell, Reason, str], None]

# A null-space row shorter than this means the coordinate is fixed. The constraint
# matrices hold only 0 and +-1, so a free coordinate has a projection far larger.
_NULL_TOLERANCE = 1e-8
# Bound on the search direction in the forced-zero linear programme; any direction
# needed for tables of this size is orders of magnitude shorter, and the bound keeps
# the solver from exploiting rounding noise with huge steps.
_DIRECTION_BOUND = 1e6


@dataclass(frozen=True)
class SuppressionRules:
    """The publication settings (SPEC §7: ``Hide counts up to``, ``Redaction marker``,
    ``Round published counts to``)."""

    hide_up_to: int = 7
    marker: str = "*"
    round_to: int = 0

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
            f"Other counts are rounded to the nearest {rules.round_to}, and percentages are "
            "calculated from the rounded counts, so totals may differ from the sum of their "
            "parts."
        )
    return " ".join(parts)


# --------------------------------------------------------------------------- audit


def recoverable_cells(
    grid: Grid, hidden: Iterable[Cell], relations: Iterable[Relation]
) -> set[Cell]:
    """The hidden cells whose value a reader can work out exactly from the shown cells,
    the relations and the fact that counts are never negative.

    Hidden cells not in any relation are never recoverable.
    """
    values = _grid_values(grid)
    rels = tuple(relations)
    _check_relations(values, _grid_shape(grid), rels)
    return _audit(values, frozenset(hidden), rels)


def _audit(
    values: Mapping[Cell, int], hidden: frozenset[Cell], rels: Sequence[Relation]
) -> set[Cell]:
    unknowns = sorted({cell for rel in rels for cell in rel.members if cell in hidden})
    if not unknowns:
        return set()
    index = {cell: i for i, cell in enumerate(unknowns)}
    # Each relation reads sum(hidden parts) - hidden total = a number the reader knows.
    matrix = np.zeros((len(rels), len(unknowns)))
    for k, rel in enumerate(rels):
        for cell in rel.parts:
            if cell in index:
                matrix[k, index[cell]] += 1.0
        if rel.total is not None and rel.total in index:
            matrix[k, index[rel.total]] -= 1.0

    zeros = [i for i, cell in enumerate(unknowns) if values[cell] == 0]
    forced = _forced_zeros(matrix, zeros) if zeros else set()
    free = [i for i in range(len(unknowns)) if i not in forced]
    determined = set(forced)
    if free:
        basis: NDArray[np.float64] = np.asarray(null_space(matrix[:, free]), dtype=np.float64)
        if basis.shape[1] == 0:
            determined.update(free)
        else:
            lengths = np.linalg.norm(basis, axis=1)
            determined.update(free[j] for j in range(len(free)) if lengths[j] < _NULL_TOLERANCE)
    return {unknowns[i] for i in determined}


def _forced_zeros(matrix: NDArray[np.float64], zeros: Sequence[int]) -> set[int]:
    """Hidden zeros that the reader knows must be zero.

    The true values are one solution; a hidden zero could be larger iff some direction
    ``d`` with ``matrix @ d = 0`` raises it while lowering no other hidden zero. Because
    such directions form a cone, one linear programme finds them all: maximise the sum of
    ``t_z`` with ``d_z >= t_z``, ``0 <= t_z <= 1`` and ``d >= 0`` on the hidden zeros.
    """
    n = matrix.shape[1]
    m = len(zeros)
    objective = np.concatenate([np.zeros(n), -np.ones(m)])
    a_eq = np.hstack([matrix, np.zeros((matrix.shape[0], m))])
    b_eq = np.zeros(matrix.shape[0])
    a_ub = np.zeros((m, n + m))
    for j, z in enumerate(zeros):
        a_ub[j, z] = -1.0
        a_ub[j, n + j] = 1.0
    b_ub = np.zeros(m)
    bounds = [(-_DIRECTION_BOUND, _DIRECTION_BOUND)] * n + [(0.0, 1.0)] * m
    for z in zeros:
        bounds[z] = (0.0, _DIRECTION_BOUND)
    solution = linprog(
        objective, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs"
    )
    if solution.status != 0:
        # Cannot happen for a feasible bounded programme; assuming the worst only makes
        # suppression hide more.
        return set(zeros)
    lifts: NDArray[np.float64] = np.asarray(solution.x, dtype=np.float64)[n:]
    return {z for j, z in enumerate(zeros) if lifts[j] < 0.5}


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
    that must be hidden because the same figure is hidden in another published table;
    such a cell that is 0 and already given away by the totals is left shown. ``spare``
    lists cells to keep shown when another cell would protect as well: the publication
    spares BME counts, the figures a WRES report exists to show, so a small Unknown count
    costs a White or total cell rather than the BME one beside it.

    After this, no relation has exactly one hidden cell and :func:`recoverable_cells` is
    empty. A count that the published totals give away whatever is hidden (possible only
    when some totals are published elsewhere, as with ``WRES_REDACT``) cannot be protected:
    that raises :class:`InputError` rather than publish it.
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

    in_relations = frozenset(cell for rel in rels for cell in rel.members)
    # Cells the totals give away even with every cell hidden: hiding them protects
    # nothing, so they are never chosen, and a small one among them cannot be published.
    given_away = _audit(values, in_relations, rels)

    hidden: set[Cell] = set()
    reasons: dict[Cell, Reason] = {}
    log: list[SuppressedCell] = []

    def hide(cell: Cell, reason: Reason, explanation: str) -> None:
        hidden.add(cell)
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
        if cell in hidden:
            continue
        if cell in given_away:
            if values[cell] == 0:
                continue
            raise _cannot_protect(cell, values[cell], name)
        hide(
            cell,
            "secondary",
            "Hidden because the same figure is hidden in another published table.",
        )

    while True:
        _secondary_pass(values, rels, hidden, given_away, hide, name, spared)
        leaks = _audit(values, frozenset(hidden), rels)
        if not leaks:
            break
        target = min(leaks)
        choice = _close_leak(values, rels, hidden, given_away, target, spared)
        if choice is None:
            raise _cannot_protect(target, values[target], name)
        hide(
            choice,
            "secondary",
            f"Hidden so that the hidden count at {name(target)} cannot be worked out by "
            "combining several rows, columns and totals.",
        )

    n_rows, n_cols = shape
    hidden_rows = tuple(tuple((r, c) in hidden for c in range(n_cols)) for r in range(n_rows))
    reason_rows = tuple(tuple(reasons.get((r, c)) for c in range(n_cols)) for r in range(n_rows))
    display_rows = tuple(
        tuple(_display(values.get((r, c)), (r, c) in hidden, rules) for c in range(n_cols))
        for r in range(n_rows)
    )
    return SuppressionResult(rules, hidden_rows, reason_rows, display_rows, tuple(log))


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
    given_away: Collection[Cell],
    hide: _Hider,
    name: _CellNamer,
    spared: Collection[Cell] = frozenset(),
) -> None:
    changed = True
    while changed:
        changed = False
        for k, rel in enumerate(rels):
            lone = [cell for cell in rel.members if cell in hidden]
            if len(lone) != 1:
                continue
            ranked = _ranked_candidates(values, [(k, rel)], hidden, given_away, spared)
            if not ranked:
                # Only a cell the totals give away could sit alone here, and those were
                # refused before this point.
                raise _cannot_protect(lone[0], values[lone[0]], name)
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
    given_away: Collection[Cell],
    target: Cell,
    spared: Collection[Cell] = frozenset(),
) -> Cell | None:
    """The cell to hide next so that ``target`` stops being recoverable: the smallest
    neighbour (in a relation with ``target``) that closes the leak on its own, else the
    smallest neighbour, else the smallest cell anywhere."""
    touching = [(k, rel) for k, rel in enumerate(rels) if target in rel.members]
    ranked = _ranked_candidates(values, touching, hidden, given_away, spared)
    for cell in ranked:
        if target not in _audit(values, frozenset(hidden | {cell}), rels):
            return cell
    if ranked:
        return ranked[0]
    everywhere = _ranked_candidates(values, list(enumerate(rels)), hidden, given_away, spared)
    return everywhere[0] if everywhere else None


def _ranked_candidates(
    values: Mapping[Cell, int],
    rels: Sequence[tuple[int, Relation]],
    hidden: Collection[Cell],
    given_away: Collection[Cell],
    spared: Collection[Cell] = frozenset(),
) -> list[Cell]:
    # Non-zero before zero (a hidden zero next to a small count gives the count away), then
    # cells not spared, then smallest, then a part before a total, then first in order.
    best: dict[Cell, tuple[bool, bool, int, bool, int, int]] = {}
    for k, rel in rels:
        for position, cell in enumerate(rel.members):
            if cell in hidden or cell in given_away:
                continue
            value = values[cell]
            key = (value == 0, cell in spared, value, cell == rel.total, k, position)
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
