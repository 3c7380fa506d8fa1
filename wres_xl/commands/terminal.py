"""What the command line prints after a refresh or a check: short, aligned, plain English."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from wres_xl.core.indicators import (
    ALL_INDICATORS,
    INDICATOR_SHORT_TITLES,
    BoardResult,
    IndicatorResult,
    NotComputed,
    RatioResult,
    SurveyResult,
    WorkforceResult,
)
from wres_xl.core.model import Check, Severity
from wres_xl.report.common import headline_rating
from wres_xl.workbook.refresh import RefreshResult


def result_text(result: IndicatorResult | None) -> str:
    if result is None or isinstance(result, NotComputed):
        return "not computed"
    if isinstance(result, RatioResult):
        if result.relative_likelihood is None:
            return "RL n/a"
        ci = (
            f" ({result.ci_low:.2f}–{result.ci_high:.2f})"
            if result.ci_low is not None and result.ci_high is not None
            else ""
        )
        return f"RL {result.relative_likelihood:.2f}{ci}"
    if isinstance(result, SurveyResult):
        return f"{result.bme_rate * 100:.1f}% vs {result.white_rate * 100:.1f}% White"
    if isinstance(result, WorkforceResult):
        senior = result.senior_level("8a+")
        if senior is None or senior.bme_share is None:
            return f"{(result.bme_share or 0) * 100:.1f}% of staff"
        return f"8a+ {senior.bme_share * 100:.1f}% vs {(result.bme_share or 0) * 100:.1f}%"
    if not isinstance(result, BoardResult):
        raise AssertionError("isinstance(result, BoardResult)")
    return f"voting gap {result.gap.difference_pp:+.1f} pts"


def wdes_summary_lines(report: dict[str, Any]) -> list[str]:
    """The WDES metrics and their ratings, from the refresh's JSON report (SPEC §10)."""
    from wres_xl.core.wdes_standard import WDES

    y = report["year"]
    org = report.get("organisation") or "(organisation not set)"
    titles = {key: WDES.metric(key).title for key in report["indicators"]}
    width = max(len(t) for t in titles.values())
    lines = [
        f"WDES {y} · {org} · Disabled compared with non-disabled staff",
        "",
        f"{'#':>6}  {'Metric':<{width}} {'Rating':<26} {y - 1}",
        f"{'-' * 6}  {'-' * width} {'-' * 26} {'-' * 22}",
    ]
    for key, body in report["indicators"].items():
        previous = body.get("previous") or {}
        lines.append(
            f"{key:>6}  {titles[key]:<{width}} {body['rating']:<26} {previous.get('rating', '')}"
        )
    return lines


def summary_lines(result: RefreshResult) -> list[str]:
    report = result.report
    if report is None:
        # An empty WDES workbook's JSON has every metric Not computed and no year: nothing
        # to tabulate, as for an empty WRES one.
        wdes = result.json.get("standard") == "WDES"
        if wdes and result.json.get("indicators") and result.json.get("year") is not None:
            return wdes_summary_lines(result.json)
        unit = "metrics" if wdes else "indicators"
        return [f"No {unit} computed: the workbook has no data yet."]
    term = report.settings.bme_term
    org = report.settings.organisation or "(organisation not set)"
    y, p = report.year, report.previous_year
    lines = [
        f"WRES {y} · {org} · {term} compared with White staff",
        "",
        f"{'#':>2}  {'Indicator':<44} {y!s:<24} {'Rating':<26} {p}",
        f"{'-' * 2}  {'-' * 44} {'-' * 24} {'-' * 26} {'-' * 22}",
    ]
    for i in ALL_INDICATORS:
        current = report.results[i].get(y)
        previous = report.results[i].get(p)
        title = INDICATOR_SHORT_TITLES[i]
        rating = headline_rating(current).value if current is not None else "Not computed"
        lines.append(
            f"{i:>2}  {title:<44} {result_text(current):<24} {rating:<26} {result_text(previous)}"
        )
    return lines


def check_lines(checks: Sequence[Check]) -> list[str]:
    errors = [c for c in checks if c.severity is Severity.ERROR]
    warnings = [c for c in checks if c.severity is Severity.WARNING]
    lines = [f"{len(errors)} error(s), {len(warnings)} warning(s) found in the input tables."]
    for check in (errors + warnings)[:20]:
        where = check.sheet
        if check.row:
            where += f", row {check.row}"
        if check.column:
            where += f", column {check.column}"
        lines.append(f"  {check.severity.value.upper():<7} {where}: {check.message}")
    if len(errors) + len(warnings) > 20:
        lines.append(f"  … and {len(errors) + len(warnings) - 20} more: see the Checks sheet.")
    return lines


def print_refresh_outcome(result: RefreshResult, path: Path) -> None:
    for line in summary_lines(result):
        print(line)
    print()
    for line in check_lines(result.checks):
        print(line)
    if result.actions_added:
        print(f"Added {result.actions_added} suggested action(s) to the Action plan sheet.")
    print(f"Refreshed {path}. Open it in Excel and start with the Summary sheet.")


def print_checks(checks: Sequence[Check]) -> None:
    for line in check_lines(checks):
        print(line)
