"""WDES relative likelihoods come from the engine's one assembly (``event_result``), so
they have every check the WRES indicators have (issue 18: the copy had lost some)."""

from __future__ import annotations

import pytest

from tests.test_wdes import Y, data, event
from wres_xl.core.disability import DisabilityGroup as D
from wres_xl.core.indicators import (
    NotComputed,
    RatioResult,
    band_comparison,
    event_indicator,
    event_result,
)
from wres_xl.core.model import GroupCounts, PercentBasis
from wres_xl.core.stats import Rating
from wres_xl.core.wdes import compute_metric


def test_a_blank_headcount_from_a_workforce_year_with_errors_is_not_used() -> None:
    rows = [event(D.DISABLED, 7, None), event(D.NON_DISABLED, 14, None)]
    fine = compute_metric(data(capability=rows), "3", Y).result
    assert isinstance(fine, RatioResult)
    # The Workforce table has errors for the year (its bad rows were dropped): the
    # headcounts it would give are short, so metric 3 is not computed from them. The copy
    # of the WRES code used them as if they were whole.
    broken = compute_metric(
        data(capability=rows, invalid={("1", Y): "row 9 is not a number"}), "3", Y
    )
    assert isinstance(broken.result, NotComputed)
    assert broken.result.reason == (
        "the Non-disabled headcount is blank and comes from the Workforce table, which has "
        f"errors for {Y}"
    )


def test_a_missing_group_row_says_the_year_as_wres_does() -> None:
    result = compute_metric(data(capability=[event(D.DISABLED, 2, 100)]), "3", Y).result
    assert isinstance(result, NotComputed)
    assert result.reason == f"the Capability table has no Non-disabled row for {Y}"


def test_more_entries_than_the_workforce_headcount_is_located() -> None:
    rows = [event(D.DISABLED, 71, None), event(D.NON_DISABLED, 14, None)]
    result = compute_metric(data(capability=rows), "3", Y).result
    assert isinstance(result, NotComputed)
    # Disabled in the workforce: 20 + 40 + 2 + 0 + 1 + 7 = 70.
    assert result.reason == (
        "71 Disabled staff are recorded in the Capability table but the headcount from the "
        "Workforce table is only 70"
    )
    assert result.contradiction
    assert (result.row, result.column) == (2, "Entered formal capability")


@pytest.mark.parametrize("metric", ["2", "3"])
def test_one_assembly_serves_both_standards(metric: str) -> None:
    # The same counts through WRES indicator 2 or 3 and WDES metric 2 or 3: the same
    # statistics (the WDES slots are the WRES ones), only the words differ.
    rows = [event(D.DISABLED, 9, 120), event(D.NON_DISABLED, 80, 600)]
    wdes = compute_metric(
        data(**{"recruitment" if metric == "2" else "capability": rows}), metric, Y
    ).result
    engine = data(recruitment=rows, capability=rows).engine()
    wres = event_indicator(engine, int(metric), Y)
    assert isinstance(wdes, RatioResult)
    assert isinstance(wres, RatioResult)
    assert wdes.relative_likelihood == pytest.approx(wres.relative_likelihood)
    assert (wdes.p_value, wdes.ci_low, wdes.ci_high) == (wres.p_value, wres.ci_low, wres.ci_high)
    assert wdes.rating is wres.rating
    assert event_result.__module__ == "wres_xl.core.indicators"


def test_rounded_counts_that_put_more_bme_staff_outside_a_level_than_staff_are_rated() -> None:
    # Rounded to 5 each on its own: a workforce of 2,000 with 400 BME, a senior level of
    # 1,605 with none (true counts 1,603 and 0 of 1,998 with 398 BME, say) leaves 395
    # staff outside the level and 400 BME among them. The rating of the published counts
    # (test_random_trusts_publish_nothing_that_identifies_anyone found this) used to raise
    # "events (400) is more than total (395)"; the rest is taken as all BME.
    overall = GroupCounts(1600, 400, 0)
    level = GroupCounts(1605, 0, 0)
    share, p, significant, _, rating = band_comparison(level, overall, PercentBasis.ALL_STAFF, 0.05)
    assert share == 0
    assert p is not None
    assert significant
    assert rating is Rating.UNDER_LARGE
