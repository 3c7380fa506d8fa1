"""The WDES action library and national benchmarks (package data, SPEC §8–§10).

The action library has the WRES library's shape (``wres_xl/data/actions.csv``), keyed by
metric (``WDES-4a-i-01``: metric, then a two-digit serial never reused), and its rows go
into the same tblActions through the same ``ActionRow``. The refresh rules are the WRES
ones: suggestions are appended for a metric rated Worse (or four-fifths adverse) unless
already present or dismissed; nothing is deleted and no user column is changed.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from wres_xl.core.actions import (
    MAX_SUGGESTIONS_PER_INDICATOR,
    NEEDS_LEAD,
    SOURCE_SUGGESTED,
    STATUS_NOT_STARTED,
    ActionRow,
    canonical_status,
    normalise_action_id,
)
from wres_xl.core.wdes_standard import WDES
from wres_xl.errors import WresError

LIBRARY_RESOURCE = WDES.action_library
BENCHMARK_RESOURCE = WDES.benchmarks
LIBRARY_COLUMNS: tuple[str, ...] = ("id", "metric", "action", "measure_of_success", "timescale")
ACTION_ID_PATTERN = re.compile(r"^WDES-(1|2|3|4a-i|4a-ii|4a-iii|4b|5|6|7|8|9a|9b|10)-(\d{2})$")


@dataclass(frozen=True)
class WdesActionTemplate:
    id: str
    metric: str
    action: str
    measure_of_success: str
    timescale: str

    def to_row(self, current_rating: str) -> ActionRow:
        """The row appended to tblActions (``Indicator`` holds the metric: 2, "4a-i" ...)."""
        return ActionRow(
            id=self.id,
            indicator=int(self.metric) if self.metric.isdigit() else self.metric,
            action=self.action,
            measure_of_success=self.measure_of_success,
            timescale=self.timescale,
            lead=NEEDS_LEAD,
            status=STATUS_NOT_STARTED,
            source=SOURCE_SUGGESTED,
            current_rating=current_rating,
        )


def _damaged(source: str, line: int, problem: str) -> WresError:
    return WresError(
        f"The built-in WDES action library ({source}) is damaged at line {line}: {problem} "
        "Reinstall wres-xl; if you edited this file on purpose, correct that line."
    )


def parse_wdes_library(text: str, source: str = LIBRARY_RESOURCE) -> tuple[WdesActionTemplate, ...]:
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff")))
    header = next(reader, None)
    if header is None or tuple(h.strip() for h in header) != LIBRARY_COLUMNS:
        raise _damaged(source, 1, f"the header should be {','.join(LIBRARY_COLUMNS)}.")
    out: list[WdesActionTemplate] = []
    seen: set[str] = set()
    for record in reader:
        line = reader.line_num
        if not any(f.strip() for f in record):
            continue
        if len(record) != len(LIBRARY_COLUMNS):
            raise _damaged(source, line, f"it has {len(record)} fields, not 5.")
        action_id, metric, action, measure, timescale = (f.strip() for f in record)
        match = ACTION_ID_PATTERN.match(action_id)
        if match is None or match.group(1) != metric:
            raise _damaged(source, line, f"the ID {action_id!r} does not match metric {metric!r}.")
        if normalise_action_id(action_id) in seen:
            raise _damaged(source, line, f"the ID {action_id} is used twice.")
        seen.add(normalise_action_id(action_id))
        if not (action and measure and timescale):
            raise _damaged(source, line, f"{action_id} has a blank field.")
        out.append(WdesActionTemplate(action_id, metric, action, measure, timescale))
    if not out:
        raise _damaged(source, reader.line_num, "it holds no actions.")
    return tuple(out)


@cache
def load_wdes_library() -> tuple[WdesActionTemplate, ...]:
    text = resources.files("wres_xl").joinpath(LIBRARY_RESOURCE).read_text(encoding="utf-8")
    return parse_wdes_library(text)


def suggest_wdes_actions(
    ratings: Mapping[str, str],
    needs_action: Iterable[str],
    existing: Sequence[ActionRow],
    library: Sequence[WdesActionTemplate] | None = None,
) -> tuple[ActionRow, ...]:
    """Rows to append: up to three open suggestions per metric that needs action, skipping
    any already in the plan (dismissed ones included), in library order."""
    templates = load_wdes_library() if library is None else tuple(library)
    present = {normalise_action_id(r.id) for r in existing if r.id not in (None, "")}
    wanted = set(needs_action)
    rows: list[ActionRow] = []
    for metric in WDES.metric_keys:
        if metric not in wanted:
            continue
        suggestions = [t for t in templates if t.metric == metric]
        keys = {normalise_action_id(t.id) for t in suggestions}
        open_now = sum(
            1
            for r in existing
            if normalise_action_id(r.id) in keys and canonical_status(r.status) != "Complete"
        )
        room = max(0, MAX_SUGGESTIONS_PER_INDICATOR - open_now)
        new = [t for t in suggestions if normalise_action_id(t.id) not in present][:room]
        rows.extend(t.to_row(ratings.get(metric, "Not computed")) for t in new)
    return tuple(rows)


# --- national benchmarks -------------------------------------------------------------


@dataclass(frozen=True)
class WdesBenchmark:
    metric: str
    measure: str
    year: int
    value: float
    unit: str
    source: str

    @property
    def fraction(self) -> float:
        return self.value / 100 if self.unit == "percent" else self.value


@cache
def load_wdes_benchmarks() -> tuple[WdesBenchmark, ...]:
    text = resources.files("wres_xl").joinpath(BENCHMARK_RESOURCE).read_text("utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return tuple(
        WdesBenchmark(
            metric=row["metric"],
            measure=row["measure"],
            year=int(row["year"]),
            value=float(row["value"]),
            unit=row["unit"],
            source=row["source"],
        )
        for row in csv.DictReader(io.StringIO("\n".join(lines)))
    )


_DEFAULT_MEASURE = {
    "1": "disabled_share_of_workforce",
    "2": "relative_likelihood",
    "3": "relative_likelihood",
    "8": "percent",
    "10": "disabled_share_of_voting_board",
}


def wdes_national(metric: str, year: int, measure: str | None = None) -> WdesBenchmark | None:
    """The national figure for a metric and WDES year, or None where none was found."""
    wanted = measure or _DEFAULT_MEASURE.get(metric)
    return next(
        (
            b
            for b in load_wdes_benchmarks()
            if b.metric == metric and b.year == year and b.measure == wanted
        ),
        None,
    )
