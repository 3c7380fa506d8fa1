"""The JSON report of SPEC §7: rates as fractions 0–1, gaps named ``*_pp`` in points."""

from __future__ import annotations

from typing import Any

from wres_xl.core.indicators import (
    BoardResult,
    IndicatorResult,
    NotComputed,
    RatioResult,
    SurveyResult,
    WorkforceResult,
    WresReport,
)
from wres_xl.core.model import Check
from wres_xl.core.narrative import narrative


def _group(events: int, total: int) -> dict[str, Any]:
    return {"events": events, "total": total, "rate": events / total if total else None}


def _ratio(result: RatioResult, term: str) -> dict[str, Any]:
    return {
        "white": _group(result.white.events, result.white.total),
        "bme": _group(result.bme.events, result.bme.total),
        "relative_likelihood": result.relative_likelihood,
        "ci_low": result.ci_low,
        "ci_high": result.ci_high,
        "p_value": result.p_value,
        "significant": result.significant,
        "four_fifths": result.four_fifths.value if result.four_fifths else None,
        "rating": result.rating.value,
        "narrative": narrative(result, term),
        "cohens_h": result.cohens_h,
        "reason": result.not_computable_reason,
    }


def _survey(result: SurveyResult, term: str) -> dict[str, Any]:
    return {
        "white": {
            "respondents": result.white.total if result.white else None,
            "rate": result.white_rate,
        },
        "bme": {"respondents": result.bme.total if result.bme else None, "rate": result.bme_rate},
        "difference_pp": result.difference_pp,
        "p_value": result.p_value,
        "significant": result.significant,
        "rating": result.rating.value,
        "narrative": narrative(result, term),
        "cohens_h": result.cohens_h,
    }


def _workforce(result: WorkforceResult, term: str) -> dict[str, Any]:
    return {
        "overall": {
            "white": result.overall.white,
            "bme": result.overall.bme,
            "unknown": result.overall.unknown,
            "bme_pct": result.bme_share,
        },
        "bands": [
            {
                "staff_group": b.staff_group.value,
                "band": b.band,
                "white": b.counts.white,
                "bme": b.counts.bme,
                "unknown": b.counts.unknown,
                "bme_pct": b.bme_share,
                "rating": b.rating.value,
                "p_value": b.p_value,
            }
            for b in result.bands
        ],
        "senior": [
            {
                "level": s.level,
                "white": s.counts.white,
                "bme": s.counts.bme,
                "unknown": s.counts.unknown,
                "bme_pct": s.bme_share,
                "overall_bme_pct": s.overall_share,
                "difference_pp": s.difference_pp,
                "p_value": s.p_value,
                "significant": s.significant if s.p_value is not None else None,
                "rating": s.rating.value,
            }
            for s in result.senior
        ],
        "clusters": [
            {
                "staff_group": c.staff_group.value,
                "cluster": c.band,
                "white": c.counts.white,
                "bme": c.counts.bme,
                "unknown": c.counts.unknown,
                "bme_pct": c.bme_share,
                "rating": c.rating.value,
                "p_value": c.p_value,
            }
            for c in result.clusters
        ],
        "excluding_medical": {
            "white": result.excluding_medical.white,
            "bme": result.excluding_medical.bme,
            "unknown": result.excluding_medical.unknown,
            "bme_pct": result.excluding_medical_share,
        },
        "local_population_bme_pct": result.local_population_share,
        "rating": result.rating.value,
        "narrative": narrative(result, term),
    }


def _board(result: BoardResult, term: str) -> dict[str, Any]:
    # difference_pp is the whole board; rating and members_for_parity use voting members.
    return {
        "workforce_bme_pct": result.workforce_share,
        "board_bme_pct": result.board.share,
        "voting_bme_pct": result.voting.share,
        "executive_bme_pct": result.executive.share,
        "non_executive_bme_pct": result.non_executive.share,
        "difference_pp": result.board.difference_pp,
        "voting_difference_pp": result.voting.difference_pp,
        "executive_difference_pp": result.executive.difference_pp,
        "non_executive_difference_pp": result.non_executive.difference_pp,
        "members_for_parity": result.gap.members_for_parity,
        "rating": result.rating.value,
        "narrative": narrative(result, term),
        "board": {
            "white": result.board.counts.white,
            "bme": result.board.counts.bme,
            "unknown": result.board.counts.unknown,
        },
        "voting": {
            "white": result.voting.counts.white,
            "bme": result.voting.counts.bme,
            "unknown": result.voting.counts.unknown,
        },
    }


def result_json(result: IndicatorResult, term: str) -> dict[str, Any]:
    if isinstance(result, NotComputed):
        return {
            "rating": result.rating.value,
            "reason": result.reason,
            "narrative": narrative(result, term),
        }
    if isinstance(result, RatioResult):
        return _ratio(result, term)
    if isinstance(result, SurveyResult):
        return _survey(result, term)
    if isinstance(result, WorkforceResult):
        return _workforce(result, term)
    return _board(result, term)


def report_json(report: WresReport, checks: list[Check]) -> dict[str, Any]:
    term = report.settings.bme_term
    indicators: dict[str, Any] = {}
    for indicator, by_year in report.results.items():
        current = result_json(by_year[report.year], term)
        previous = by_year.get(report.previous_year)
        if previous is not None:
            current["previous"] = {"year": report.previous_year, **result_json(previous, term)}
        else:
            current["previous"] = None
        indicators[str(indicator)] = current
    settings = report.settings.as_json()
    settings["WRES year"] = report.year
    return {
        "organisation": report.settings.organisation,
        "year": report.year,
        "settings": settings,
        "indicators": indicators,
        "checks": [c.as_json() for c in checks],
    }
