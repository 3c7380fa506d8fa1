"""The counts ledger and its suppression plan.

Every count the Publication shows or lets a reader work out is one ledger cell.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from wres_xl.core.groups import Group
from wres_xl.core.indicators import WresReport
from wres_xl.core.suppression import (
    Relation,
    SuppressionRules,
    exposed_cells,
    rounded_count,
    suppress,
)
from wres_xl.errors import InputError

if TYPE_CHECKING:
    # Only named in a signature: a WRES refresh does not import the WDES metrics.
    from wres_xl.core.wdes import WdesReport


Key = tuple[object, ...]


def publication_rules(report: WresReport | WdesReport) -> SuppressionRules:
    """The suppression rules from the Settings sheet (raises InputError when unusable)."""
    settings = report.settings
    return SuppressionRules(
        hide_up_to=settings.hide_up_to,
        marker=settings.redaction_marker,
        round_to=settings.round_to,
        board_in_full=not settings.suppress_board,
    )


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

    def _show_late(
        self,
        keys: list[Key],
        relations: list[tuple[tuple[Key, ...], Key, str]],
        rules: SuppressionRules,
    ) -> None:
        """Shows each late count (indicator 1's senior levels), most wanted first, where
        that leaves every hidden count as well protected as before; hides it otherwise.
        Nothing the first pass showed is hidden for them: the senior headline never costs
        a band, a staff group or the whole workforce (which indicators 3, 4 and 9 repeat).
        The steps, in order, are :class:`_LateLevels`' methods."""
        levels = _LateLevels(self, keys, relations, rules)
        levels.hide_for_now()
        levels.protect_small_levels()
        levels.show_where_safe()
        levels.show_those_given_away()
        levels.unpublish_those_pinned()

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


class _LateLevels:
    """The decision on one linked group's late counts (``Ledger._show_late``), one step
    per method, all against the same ledger, grid and audit tables (reused from call to
    call: each is checked again before it is trusted)."""

    def __init__(
        self,
        ledger: Ledger,
        keys: list[Key],
        relations: list[tuple[tuple[Key, ...], Key, str]],
        rules: SuppressionRules,
    ) -> None:
        self.ledger, self.counts = ledger, ledger.counts
        self.keys, self.relations, self.rules = keys, relations, rules
        _, self.where, self.engine_relations = ledger._grid(keys, relations)
        self.values = {cell: self.counts[key].value for key, cell in self.where.items()}
        self.late = [k for k in keys if self.counts[k].late]
        self.seen: list[dict[tuple[int, int], int]] = []  # the audit's checked tables, reused
        late = set(self.late)
        self.parts_of = {total: parts for parts, total, _ in relations if total in late}

    def hidden(self, key: Key) -> bool:
        return self.ledger.hidden(key)

    def exposed(self, pending: bool = False) -> dict[Key, tuple[float, float]]:
        """Hidden counts a reader can narrow down, with their ranges: those of the
        first pass and the small senior ones (or, with ``pending``, the senior ones
        hidden for now)."""
        counts, where = self.counts, self.where
        hidden = {where[k] for k in self.keys if self.hidden(k)}
        targets = [
            where[k]
            for k in self.keys
            if self.hidden(k)
            and (
                counts[k].late and counts[k].reason == "secondary"
                if pending
                else not counts[k].late or counts[k].reason == "primary"
            )
        ]
        if not targets:
            return {}
        found = exposed_cells(
            self.values,
            hidden,
            self.engine_relations,
            self.rules,
            targets=targets,
            witnesses=self.seen,
        )
        return {k: found[cell] for k, cell in where.items() if cell in found}

    def one_hidden(self) -> bool:
        """A sum with exactly one hidden count (SPEC §5's secondary rule), other than
        a senior count still hidden only for the moment (decided after, or unpublished)."""
        for parts, total, _ in self.relations:
            hidden = [k for k in (*parts, total) if self.hidden(k)]
            if len(hidden) == 1:
                only = self.counts[hidden[0]]
                if not (only.late and only.reason != "primary"):
                    return True
        return False

    def linked(self, near: set[Key]) -> set[Key]:
        """Every count in a sum with one of ``near``."""
        return {
            k
            for parts, total, _ in self.relations
            if near & {*parts, total}
            for k in (*parts, total)
        }

    def band_cells(self, near: set[Key]) -> list[Key]:
        """Shown, non-zero band counts in a sum with an exposed count, smallest first:
        what may be hidden as well so that a senior count can be shown (never a staff
        group's or the whole workforce's total, never another indicator's count)."""
        counts = self.counts
        return sorted(
            (
                k
                for k in self.linked(near)
                if k[0] == "band" and not self.hidden(k) and counts[k].value > 0
            ),
            key=lambda k: (Group.BME.value in k, counts[k].value, k),
        )

    def hide(self, key: Key, explanation: str) -> None:
        self.counts[key].reason, self.counts[key].explanation = "secondary", explanation

    def hide_for_now(self) -> None:
        """Every late count starts hidden: a small one for good (primary), any other
        non-zero one until it is decided (secondary)."""
        for key in self.late:
            count = self.counts[key]
            if 1 <= count.value <= self.rules.hide_up_to:
                count.reason, count.explanation = "primary", "A count from 1 to the threshold."
            elif count.value:
                self.hide(key, "Hidden so that the bands it adds up cannot be narrowed down by it.")

    def protect_small_levels(self) -> None:
        """A small senior count is hidden and must be protected as every hidden count is,
        but the first pass never saw it: the hidden bands it adds up may pin it down (with
        rounding, 7 + 3 hidden can leave their sum 6..14). Hide more bands, from the sums
        nearest it outwards, until none is narrowed; all else failing, everything."""
        near = set(self.exposed())
        while near:
            candidates = self.band_cells(near)
            if candidates:
                self.hide(
                    candidates[0],
                    "Hidden so that a small senior level's count cannot be narrowed down "
                    "from the bands it adds up.",
                )
                near = set(self.exposed())
                continue
            wider = near | {k for k in self.linked(near) if self.hidden(k)}
            if wider == near:
                for k in self.keys:
                    if self.counts[k].value and not self.hidden(k):
                        self.hide(
                            k,
                            "Hidden with every figure linked to it, so that a small senior "
                            "level's count cannot be narrowed down.",
                        )
                break
            near = wider

    def show_where_safe(self) -> None:
        """Each late count hidden for now, most wanted first, is shown where that (with up
        to ``_LATE_EXTRA`` more bands hidden) narrows no hidden count down."""
        for key in sorted(self.late, key=lambda k: self.counts[k].late):
            count = self.counts[key]
            if count.reason != "secondary":
                continue
            count.reason = None
            if self.rules.round_to <= 1 and all(
                not self.hidden(k) for k in self.parts_of.get(key, ())
            ):
                # The sum of counts shown unrounded: it tells a reader nothing new.
                count.explanation = ""
                continue
            extra: list[Key] = []
            found = set(self.exposed()) if not self.one_hidden() else {key}
            while found and key not in found and len(extra) < _LATE_EXTRA:
                candidates = self.band_cells(found)
                if not candidates:
                    break
                extra.append(candidates[0])
                self.hide(
                    candidates[0],
                    "Hidden so that the senior levels' figures can be shown without "
                    "narrowing down another hidden count.",
                )
                found = set(self.exposed()) if not self.one_hidden() else {key}
            if found:
                count.reason = "secondary"
                for k in extra:
                    self.counts[k].reason, self.counts[k].explanation = None, ""
            else:
                count.explanation = ""

    def show_those_given_away(self) -> None:
        """A late count still hidden that the shown ones give away exactly is shown (it is
        not small, and hiding it would tell a reader nothing but that it is hidden)."""
        for key in self.exposed(pending=True):
            count = self.counts[key]
            if count.late and count.reason == "secondary":
                count.reason = None
                if self.one_hidden() or self.exposed():
                    count.reason = "secondary"
                else:
                    count.explanation = ""

    def unpublish_those_pinned(self) -> None:
        """One the shown counts still pin down, and that cannot be shown either: not
        published at all (a marker would claim a protection it does not have)."""
        for key in self.exposed(pending=True):
            count = self.counts[key]
            if count.late and count.reason == "secondary":
                count.reason, count.unpublished = None, True
