"""Hypothesis strategies shared by the test suite.

One section per area of the product; add new strategies under their own heading and keep
each section self-contained (its own imports at the top of the file, its own helpers).
"""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import strategies as st

from wres_xl.core.suppression import SuppressionRules

# =====================================================================================
# Suppression (SPEC §5): tables of counts as trusts publish them
# =====================================================================================

GROUP_COLUMNS = ("White", "BME", "Unknown", "Group 4", "Group 5")


def small_counts() -> st.SearchStrategy[int]:
    """Counts skewed the way WRES tables are: many zeros and counts at or below the usual
    threshold of 7, some moderate, a few large."""
    return st.one_of(
        st.just(0),
        st.integers(1, 7),
        st.integers(1, 7),
        st.integers(8, 30),
        st.integers(31, 400),
    )


@dataclass(frozen=True)
class CountTable:
    """A band table: ``inner[band][group]`` counts, optionally with a Total column (each
    band's total, last column) and a Total row (each group's total, last row)."""

    inner: tuple[tuple[int, ...], ...]
    total_column: bool
    total_row: bool

    @property
    def n_inner_rows(self) -> int:
        return len(self.inner)

    @property
    def n_inner_cols(self) -> int:
        return len(self.inner[0])

    @property
    def row_total_col(self) -> int | None:
        return self.n_inner_cols if self.total_column else None

    @property
    def col_total_row(self) -> int | None:
        return self.n_inner_rows if self.total_row else None

    @property
    def grid(self) -> list[list[int | None]]:
        rows: list[list[int | None]] = []
        for band in self.inner:
            row: list[int | None] = list(band)
            if self.total_column:
                row.append(sum(band))
            rows.append(row)
        if self.total_row:
            totals: list[int | None] = [
                sum(band[c] for band in self.inner) for c in range(self.n_inner_cols)
            ]
            if self.total_column:
                totals.append(sum(sum(band) for band in self.inner))
            rows.append(totals)
        return rows

    @property
    def row_labels(self) -> list[str]:
        labels = [f"Band {i + 1}" for i in range(self.n_inner_rows)]
        return [*labels, "Total"] if self.total_row else labels

    @property
    def col_labels(self) -> list[str]:
        labels = list(GROUP_COLUMNS[: self.n_inner_cols])
        return [*labels, "Total"] if self.total_column else labels


@st.composite
def count_tables(
    draw: st.DrawFn,
    *,
    max_rows: int = 8,
    max_cols: int = 5,
    min_rows: int = 1,
    min_cols: int = 1,
    counts: st.SearchStrategy[int] | None = None,
) -> CountTable:
    cell = small_counts() if counts is None else counts
    n_rows = draw(st.integers(min_rows, max_rows))
    n_cols = draw(st.integers(min_cols, max_cols))
    inner = tuple(tuple(draw(cell) for _ in range(n_cols)) for _ in range(n_rows))
    return CountTable(inner, draw(st.booleans()), draw(st.booleans()))


@st.composite
def redact_ranges(
    draw: st.DrawFn, *, max_rows: int = 8, max_cols: int = 5
) -> list[list[int | None]]:
    """A range as passed to ``WRES_REDACT``: counts, with the odd non-count (label) cell."""
    n_rows = draw(st.integers(2, max_rows))
    n_cols = draw(st.integers(2, max_cols))
    cell = st.one_of(small_counts(), small_counts(), small_counts(), st.none())
    return [[draw(cell) for _ in range(n_cols)] for _ in range(n_rows)]


def zero_heavy_counts() -> st.SearchStrategy[int]:
    """Mostly zeros: sparse tables are where non-negativity gives hidden cells away."""
    return st.one_of(st.just(0), st.just(0), small_counts())


def suppression_rules() -> st.SearchStrategy[SuppressionRules]:
    return st.builds(
        SuppressionRules,
        hide_up_to=st.sampled_from([7, 7, 0, 1, 3, 10]),
        marker=st.sampled_from(["*", "[c]", "suppressed", "x"]),
        round_to=st.sampled_from([0, 0, 5, 10]),
    )
