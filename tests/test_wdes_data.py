"""The WDES action library and national benchmarks shipped as package data."""

from __future__ import annotations

import pytest

from wres_xl.core.actions import ActionRow
from wres_xl.core.wdes_data import (
    load_wdes_benchmarks,
    load_wdes_library,
    parse_wdes_library,
    suggest_wdes_actions,
    wdes_national,
)
from wres_xl.core.wdes_standard import WDES
from wres_xl.errors import WresError


def test_library_covers_every_metric_with_stable_ids() -> None:
    library = load_wdes_library()
    assert {t.metric for t in library} == set(WDES.metric_keys)
    assert len({t.id for t in library}) == len(library)
    words = " ".join(t.action for t in library).casefold()
    for topic in (
        "reasonable adjustments passport",
        "disability confident",
        "capability process",
        "staff network",
        "declaration campaign",
    ):
        assert topic in words, topic


def test_damaged_library_is_refused_naming_the_line() -> None:
    text = "id,metric,action,measure_of_success,timescale\nWDES-2-01,3,a,b,c\n"
    with pytest.raises(WresError, match="line 2"):
        parse_wdes_library(text)


def test_suggestions_skip_present_and_dismissed() -> None:
    existing = [ActionRow(id="wdes-8-01", indicator=8, status="Dismissed")]
    rows = suggest_wdes_actions({"8": "Worse"}, ["8"], existing)
    assert [r.id for r in rows] == ["WDES-8-02", "WDES-8-03"]
    assert rows[0].indicator == 8
    assert rows[0].current_rating == "Worse"
    four = suggest_wdes_actions({"4a-i": "Worse to a small degree"}, ["4a-i"], [])
    assert [r.indicator for r in four] == ["4a-i"]


def test_benchmarks_have_sources_and_no_invented_years() -> None:
    rows = load_wdes_benchmarks()
    assert all(r.source and 2019 <= r.year <= 2024 for r in rows)
    share = wdes_national("1", 2023)
    assert share is not None
    assert share.fraction == pytest.approx(0.049)
    rl = wdes_national("2", 2022)
    assert rl is not None
    assert rl.value == 1.08
    assert wdes_national("3", 2020) is None  # not found: left blank, not estimated
