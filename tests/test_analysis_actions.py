"""The action-plan planning the refresh runs, now in the core (core/analysis.py)."""

from __future__ import annotations

from wres_xl.commands.demo.wres_data import demo_inputs
from wres_xl.core.actions import IndicatorStatus, apply_action_plan_update, plan_action_updates
from wres_xl.core.analysis import Analysis, action_plan_update, analyse, indicator_statuses
from wres_xl.core.indicators import RatioResult
from wres_xl.core.model import RawTable
from wres_xl.core.schema import ACTIONS, ALL_INDICATORS, TABLES_BY_NAME
from wres_xl.report.common import headline_rating


def demo_tables(*, actions: bool = True) -> dict[str, RawTable | None]:
    tables: dict[str, RawTable | None] = {}
    for name, rows in demo_inputs().items():
        spec = TABLES_BY_NAME[name]
        cells = [[row.get(c) for c in spec.columns] for row in rows]
        tables[name] = RawTable(name, spec.sheet, tuple(spec.columns), cells, 2)
    if not actions:
        tables[ACTIONS.name] = None
    return tables


def demo_analysis(*, actions: bool = True) -> Analysis:
    return analyse(demo_tables(actions=actions))


def test_statuses_are_the_headline_ratings_the_summary_shows() -> None:
    report = demo_analysis().report
    assert report is not None
    statuses = indicator_statuses(report)
    assert sorted(statuses) == list(ALL_INDICATORS)
    for indicator, status in statuses.items():
        result = report.results[indicator][report.year]
        assert status.rating == headline_rating(result).value
        if isinstance(result, RatioResult) and result.four_fifths:
            assert status.four_fifths == result.four_fifths.value
        else:
            assert status.four_fifths is None


def test_no_action_plan_table_plans_nothing() -> None:
    analysis = demo_analysis(actions=False)
    checks = list(analysis.checks)
    assert action_plan_update(analysis) is None
    assert analysis.checks == checks


def test_the_update_is_planned_from_the_statuses_and_rejudges_the_plan() -> None:
    analysis = demo_analysis()
    report, table = analysis.report, analysis.tables[ACTIONS.name]
    assert report is not None
    assert table is not None
    statuses = {
        i: IndicatorStatus(
            headline_rating(r).value,
            r.four_fifths.value if isinstance(r, RatioResult) and r.four_fifths else None,
        )
        for i in ALL_INDICATORS
        if (r := report.results[i].get(report.year)) is not None
    }
    expected = plan_action_updates(
        analysis.action_rows,
        statuses,
        term=report.settings.bme_term,
        first_data_row=table.first_row,
    )
    update = action_plan_update(analysis)
    assert update == expected
    assert update is not None
    assert update.rows_to_append  # the demo has indicators needing action and one blank row
    # The plan is judged as it will be once written: what judging those rows directly gives.
    kept = list(analysis.action_rows)
    while kept and kept[-1].is_blank:
        kept.pop()
    fresh = demo_analysis()
    fresh.check_action_plan_as(apply_action_plan_update(kept, expected))
    assert analysis.checks == fresh.checks
