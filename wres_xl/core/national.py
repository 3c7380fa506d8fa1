"""National WRES averages for NHS trusts (NHS England WRES data analysis reports)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources

from wres_xl.core import schema


@dataclass(frozen=True)
class NationalFigure:
    indicator: int
    measure: str
    group: str
    year: int
    value: float
    unit: str

    @property
    def fraction(self) -> float:
        """Percentages as fractions 0–1; ratios unchanged."""
        return self.value / 100 if self.unit == "percent" else self.value


@cache
def load_national_figures() -> tuple[NationalFigure, ...]:
    text = resources.files("wres_xl").joinpath("data/national_benchmarks.csv").read_text("utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return tuple(
        NationalFigure(
            indicator=int(row["indicator"]),
            measure=row["measure"],
            group=row["group"],
            year=int(row["year"]),
            value=float(row["value"]),
            unit=row["unit"],
        )
        for row in csv.DictReader(io.StringIO("\n".join(lines)))
    )


def national(
    indicator: int, year: int, *, measure: str | None = None, group: str = ""
) -> NationalFigure | None:
    """The national figure for an indicator and WRES year, or None where none is published.

    Defaults: indicator 1 → BME share of workforce; 2–4 → relative likelihood; 5–8 →
    the group's percentage (``group`` 'bme' or 'white'); 9 → BME share of boards.
    """
    default_measure = {
        1: "bme_share_of_workforce",
        9: "bme_share_of_board",
    }.get(indicator, "relative_likelihood" if indicator in schema.RL_INDICATORS else "percent")
    wanted = measure or default_measure
    for b in load_national_figures():
        if b.indicator == indicator and b.year == year and b.measure == wanted:
            if indicator in schema.SURVEY_INDICATORS and b.group != (group or "bme"):
                continue
            return b
    return None


def latest_national(indicator: int, year: int, **kwargs: str) -> NationalFigure | None:
    """The newest national figure at or before ``year`` (national reports lag a year)."""
    for y in range(year, year - 5, -1):
        found = national(indicator, y, **kwargs)
        if found is not None:
            return found
    return None
