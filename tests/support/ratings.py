"""Summaries of ratings the tests check the action plan's words against."""

from __future__ import annotations

from collections.abc import Iterable

# _RATING_RANK: the core's order of ratings, which its own rules read directly.
from wres_xl.core.actions import (
    _RATING_RANK,
    NOT_COMPUTED,
    TREND_IMPROVED,
    TREND_NEW,
    TREND_NOT_COMPUTED_BEFORE,
    TREND_NOT_COMPUTED_NOW,
    TREND_SAME,
    TREND_WORSE,
    canonical_rating,
)


def rating_rank(label: str) -> int | None:
    """Order of ratings for BME staff (-3 worst … +3 best); None for Not computed."""
    canonical = canonical_rating(label)
    return _RATING_RANK.get(canonical)


def worst_rating(labels: Iterable[str]) -> str:
    """The worst of several ratings (e.g. indicator 1's bands); Not computed when none rated."""
    worst: str | None = None
    worst_rank = 0
    for label in labels:
        rank = rating_rank(label)
        if rank is not None and (worst is None or rank < worst_rank):
            worst, worst_rank = canonical_rating(label), rank
    return NOT_COMPUTED if worst is None else worst


def rating_trend(current: str, previous: str | None) -> str:
    """Plain-English change since last year, shown beside each indicator's actions."""
    now = rating_rank(current)
    if now is None:
        return TREND_NOT_COMPUTED_NOW
    if previous is None or not previous.strip():
        return TREND_NEW
    before = rating_rank(previous)
    if before is None:
        return TREND_NOT_COMPUTED_BEFORE
    if now < before:
        return TREND_WORSE
    if now > before:
        return TREND_IMPROVED
    return TREND_SAME
