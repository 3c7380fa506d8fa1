"""Aspirational targets (NHS England's "A model employer"): BME representation at senior bands.

For each band from 8a upward, the equitable BME headcount is the target share of the
band's headcount, and the appointments needed are how far the band falls short of it.

Rounding rule: equitable = round-half-up(share × band headcount), computed exactly (the
share is read from its decimal text, so 11.17% of 50 is not nudged by binary floats);
needed = max(0, equitable − current BME headcount). Totals are the sums of the band rows,
so the table adds up and a band above its equitable level does not hide a shortfall in
another band.

The target share is the ``Local population BME %`` setting when given, else the BME share
of the whole workforce in the WRES year (on the ``Percentages based on`` denominator,
which is also the band headcount used here).

Worked example (NSCHT WRES report 2024, Table 5): its "Band 8a–8d" table is the
Non-clinical staff group only, 8a to 8d (VSM and Clinical bands excluded): 2 of 26, 0 of
10, 1 of 6 and 1 of 8, so 4 Global Majority staff of 50. At the 11.17% local population
share the equitable headcounts are 3, 1, 1 and 1 (6 in all), so 1 + 1 = 2 more are needed.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from wres_xl.core.bands import SENIOR_AFC_BANDS, StaffGroup
from wres_xl.core.indicators import WorkforceResult
from wres_xl.core.model import GroupCounts, PercentBasis
from wres_xl.errors import InputError

#: The staff groups the model employer targets cover (medical grades are not AfC bands).
TARGET_STAFF_GROUPS: tuple[StaffGroup, ...] = (StaffGroup.NON_CLINICAL, StaffGroup.CLINICAL)


def round_half_up(value: Fraction) -> int:
    """Nearest whole number, halves rounded up (as Excel's ROUND does for positive numbers)."""
    return math.floor(value + Fraction(1, 2))


def _exact(share: float | Fraction) -> Fraction:
    if isinstance(share, Fraction):
        return share
    if isinstance(share, bool) or not isinstance(share, int | float) or math.isnan(share):
        raise InputError(f"The target share ({share}) must be a number between 0 and 1.")
    return Fraction(repr(float(share)))


def equitable_headcount(share: float | Fraction, headcount: int) -> int:
    """round-half-up(share × headcount): the BME headcount that would match ``share``."""
    exact = _exact(share)
    if not 0 <= exact <= 1:
        raise InputError(
            f"The target share ({float(exact):.4g}) must be between 0 and 1 (0% to 100%). "
            "Check 'Local population BME %' on the Settings sheet."
        )
    if headcount < 0:
        raise InputError(f"A band headcount ({headcount}) cannot be negative.")
    return round_half_up(exact * headcount)


@dataclass(frozen=True)
class BandTarget:
    band: str
    current: int
    headcount: int
    equitable: int
    needed: int

    @property
    def current_share(self) -> float | None:
        return self.current / self.headcount if self.headcount else None


def band_target(band: str, current: int, headcount: int, share: float | Fraction) -> BandTarget:
    if current < 0 or current > headcount:
        raise InputError(
            f"{band}: the BME headcount ({current}) must be between 0 and the band's headcount "
            f"({headcount})."
        )
    equitable = equitable_headcount(share, headcount)
    return BandTarget(band, current, headcount, equitable, max(0, equitable - current))


@dataclass(frozen=True)
class TargetTable:
    """Band rows for one set of staff groups, at one target share."""

    staff_groups: tuple[StaffGroup, ...]
    share: float
    bands: tuple[BandTarget, ...]

    @property
    def label(self) -> str:
        return " and ".join(g.value for g in self.staff_groups)

    @property
    def total(self) -> BandTarget:
        return BandTarget(
            "Total",
            sum(b.current for b in self.bands),
            sum(b.headcount for b in self.bands),
            sum(b.equitable for b in self.bands),
            sum(b.needed for b in self.bands),
        )


def target_share(
    result: WorkforceResult, local_population: float | None
) -> tuple[float, str] | None:
    """The share to aim for and where it comes from ("local population" or "workforce").

    None when there is nothing to aim for: no local population share, and no staff (of
    known ethnicity, on that basis) to take a workforce share from. That is a gap in the
    data to report, never a reason to stop a refresh.
    """
    if local_population is not None:
        return local_population, "local population"
    if result.bme_share is None:
        return None
    return result.bme_share, "workforce"


def senior_counts(
    result: WorkforceResult,
    staff_groups: Iterable[StaffGroup] = TARGET_STAFF_GROUPS,
    bands: Sequence[str] = SENIOR_AFC_BANDS,
) -> dict[str, GroupCounts]:
    """Headcounts per band (in ``bands`` order) summed over ``staff_groups``; bands with no
    staff left out."""
    groups = set(staff_groups)
    out: dict[str, GroupCounts] = {}
    for band in bands:
        total = GroupCounts()
        for b in result.bands:
            if b.band == band and b.staff_group in groups:
                total = total + b.counts
        if total.total:
            out[band] = total
    return out


def aspirational_targets(
    result: WorkforceResult,
    share: float | Fraction,
    staff_groups: Sequence[StaffGroup] = TARGET_STAFF_GROUPS,
    bands: Sequence[str] = SENIOR_AFC_BANDS,
) -> TargetTable:
    """Current, equitable and needed BME headcount for each band with staff."""
    basis: PercentBasis = result.basis
    rows = tuple(
        band_target(band, counts.bme, counts.denominator(basis), share)
        for band, counts in senior_counts(result, staff_groups, bands).items()
    )
    return TargetTable(tuple(staff_groups), float(share), rows)


@dataclass(frozen=True)
class Milestone:
    year: int
    #: Appointments needed by 31 March of ``year``, counted from the WRES year.
    cumulative: int
    #: Of which in the twelve months to 31 March of ``year``.
    in_year: int
    #: BME headcount at the senior bands by then, if the establishment stays as it is.
    headcount: int


def milestones(current: int, needed: int, year: int, target_year: int) -> tuple[Milestone, ...]:
    """An even trajectory from the WRES year to the target year.

    By year k the cumulative appointments are round-half-up(needed × (k − year) ÷ (target
    year − year)), so the last milestone is exactly ``needed``. Empty when the target year
    is not after the WRES year.
    """
    if needed < 0 or current < 0:
        raise InputError("Headcounts and appointments needed cannot be negative.")
    span = target_year - year
    if span <= 0:
        return ()
    out = []
    before = 0
    for step in range(1, span + 1):
        cumulative = round_half_up(Fraction(needed * step, span))
        out.append(Milestone(year + step, cumulative, cumulative - before, current + cumulative))
        before = cumulative
    return tuple(out)
