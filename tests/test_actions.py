"""The action plan's pure rules (SPEC §8) and the built-in action library."""

from __future__ import annotations

import csv
import dataclasses
import re
from collections import Counter
from datetime import date
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.strategies import action_rows, rating_maps
from tests.support.ratings import rating_trend, worst_rating
from wres_xl.core.actions import (
    ACTION_ID_PATTERN,
    LIBRARY_COLUMNS,
    NOT_COMPUTED,
    ActionRow,
    ActionTemplate,
    CellValue,
    IndicatorStatus,
    RatingChange,
    apply_action_plan_update,
    load_action_library,
    normalise_action_id,
    parse_action_library,
    parse_indicator,
    plan_action_updates,
    progress_summary,
    validate_action_rows,
)
from wres_xl.core.schema import ACTIONS, STATUS_VALUES
from wres_xl.errors import InputError, UnknownLabelError, WresError

LIBRARY = load_action_library()

# Every ID the library has shipped with. IDs are written into users' workbooks and matched
# on every refresh, so one that disappears or moves indicator would re-suggest or lose actions.
SHIPPED_IDS = {
    1: ["WRES-1-01", "WRES-1-02", "WRES-1-03", "WRES-1-04", "WRES-1-05", "WRES-1-06"],
    2: ["WRES-2-01", "WRES-2-02", "WRES-2-03", "WRES-2-04", "WRES-2-05", "WRES-2-06"],
    3: ["WRES-3-01", "WRES-3-02", "WRES-3-03", "WRES-3-04", "WRES-3-05", "WRES-3-06"],
    4: ["WRES-4-01", "WRES-4-02", "WRES-4-03", "WRES-4-04", "WRES-4-05"],
    5: ["WRES-5-01", "WRES-5-02", "WRES-5-03", "WRES-5-04", "WRES-5-05"],
    6: ["WRES-6-01", "WRES-6-02", "WRES-6-03", "WRES-6-04", "WRES-6-05"],
    7: ["WRES-7-01", "WRES-7-02", "WRES-7-03", "WRES-7-04", "WRES-7-05"],
    8: ["WRES-8-01", "WRES-8-02", "WRES-8-03", "WRES-8-04", "WRES-8-05"],
    9: ["WRES-9-01", "WRES-9-02", "WRES-9-03", "WRES-9-04", "WRES-9-05"],
}


def ids_for(indicator: int) -> list[str]:
    return [t.id for t in LIBRARY if t.indicator == indicator]


def status(rating: str, four_fifths: str | None = None) -> IndicatorStatus:
    return IndicatorStatus(rating, four_fifths)


# A trust's first year: 2 and 5 are Worse, 3 is Equivalent but outside the four-fifths range,
# the rest need no suggestions.
FIRST_RATINGS = {
    1: status("Equivalent"),
    2: status("Worse to a medium degree", "adverse"),
    3: status("Equivalent", "adverse"),
    4: status("Better to a small degree", "below-range"),
    5: status("Worse to a large degree"),
    6: status("Equivalent"),
    7: status("Not computed"),
    8: status("Better to a medium degree"),
    9: status("Equivalent"),
}


# --- the library ------------------------------------------------------------------------


def test_library_file_is_utf8_csv_with_the_documented_columns() -> None:
    text = resources.files("wres_xl").joinpath("data/actions.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    assert (
        tuple(rows[0])
        == LIBRARY_COLUMNS
        == (
            "id",
            "indicator",
            "action",
            "measure_of_success",
            "timescale",
        )
    )
    assert [r["id"] for r in rows] == [t.id for t in LIBRARY]


def test_library_has_four_to_six_actions_for_every_indicator() -> None:
    counts = Counter(t.indicator for t in LIBRARY)
    assert sorted(counts) == list(range(1, 10))
    assert all(4 <= n <= 6 for n in counts.values()), counts


def test_library_ids_are_unique_well_formed_and_match_their_indicator() -> None:
    ids = [t.id for t in LIBRARY]
    assert len({normalise_action_id(i) for i in ids}) == len(ids)
    for template in LIBRARY:
        match = re.fullmatch(r"WRES-([1-9])-(\d{2})", template.id)
        assert match, template.id
        assert int(match.group(1)) == template.indicator
        assert ACTION_ID_PATTERN.match(template.id)


def test_shipped_ids_are_never_renumbered_or_removed() -> None:
    by_id = {t.id: t.indicator for t in LIBRARY}
    for indicator, ids in SHIPPED_IDS.items():
        for action_id in ids:
            assert by_id.get(action_id) == indicator, f"{action_id} was removed or moved"


def test_library_is_in_indicator_order_and_cached() -> None:
    assert [t.indicator for t in LIBRARY] == sorted(t.indicator for t in LIBRARY)
    assert load_action_library() is LIBRARY


def test_library_text_reads_as_plain_english() -> None:
    for t in LIBRARY:
        for text in (t.action, t.measure_of_success, t.timescale):
            assert text == text.strip(), t.id
            assert "\n" not in text, t.id
            assert "  " not in text, t.id
        assert t.action[0].isupper(), t.id
        assert t.action.endswith("."), t.id
        assert t.measure_of_success.endswith("."), t.id
        # The term for BME staff is swapped in ("Global Majority", "ethnically diverse"), so
        # an article in front of it would read wrongly for some terms.
        assert not re.search(r"\ban? BME\b", t.action + " " + t.measure_of_success), t.id
        assert len(t.action) <= 300, t.id


@pytest.mark.parametrize(
    ("indicator", "phrases"),
    [
        (1, ["8a", "talent pipeline"]),
        (2, ["inclusive recruitment", "anonymised shortlisting", "interview panel", "8a"]),
        (3, ["decision check", "independent of the line", "twice a year", "investigating officer"]),
        (4, ["track who gets it by ethnicity", "transparent criteria", "career conversations"]),
        (5, ["zero tolerance", "reporting route", "datix", "support"]),
        (6, ["bystander", "civility", "freedom to speak up", "anti-racism"]),
        (
            7,
            ["talent management", "reverse", "mentoring", "career conversation", "positive action"],
        ),
        (8, ["report discrimination", "hold managers to account", "edi objective", "appraisal"]),
        (9, ["non-executive", "search firms", "shadowing", "board development"]),
    ],
)
def test_library_covers_the_evidence_based_ground(indicator: int, phrases: list[str]) -> None:
    text = " ".join(t.action for t in LIBRARY if t.indicator == indicator).casefold()
    missing = [p for p in phrases if p.casefold() not in text]
    assert not missing


def test_library_timescales_are_realistic_durations() -> None:
    allowed = re.compile(r"^(\d+ months|Ongoing, .+)$")
    assert all(allowed.match(t.timescale) for t in LIBRARY)


GOOD_HEADER = "id,indicator,action,measure_of_success,timescale\n"
GOOD_LINE = 'WRES-2-01,2,"Train panels, all of them.",All trained.,6 months\n'


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("", 1, "empty"),
        ("id,action\n" + GOOD_LINE, 1, "header"),
        (GOOD_HEADER + GOOD_LINE + GOOD_LINE, 3, "already used on line 2"),
        (GOOD_HEADER + GOOD_LINE + " WRES-2-01 ,2,Again.,Done.,6 months\n", 3, "already used"),
        (GOOD_HEADER + "WRES-2-02,10,Act.,Done.,6 months\n", 2, "not a number from 1 to 9"),
        (GOOD_HEADER + "WRES-2-02,3,Act.,Done.,6 months\n", 2, "does not belong to indicator 3"),
        (GOOD_HEADER + "ACT-1,2,Act.,Done.,6 months\n", 2, "not of the form"),
        (GOOD_HEADER + "WRES-2-02,2,Train panels, all,Done.,6 months\n", 2, "fields"),
        (GOOD_HEADER + "WRES-2-02,2,Act.,,6 months\n", 2, "measure_of_success"),
        (GOOD_HEADER + "\n", 2, "no actions"),
    ],
)
def test_a_broken_library_file_names_the_line(text: str, line: int, words: str) -> None:
    with pytest.raises(WresError) as caught:
        parse_action_library(text, source="actions.csv")
    message = str(caught.value)
    assert f"line {line}" in message
    assert words in message
    assert "actions.csv" in message


def test_library_line_numbers_count_quoted_line_breaks() -> None:
    text = GOOD_HEADER + 'WRES-2-01,2,"Two\nlines.",Done.,6 months\n' + GOOD_LINE
    with pytest.raises(WresError, match="line 4"):
        parse_action_library(text)


def test_a_good_library_text_parses_with_bom_and_blank_lines() -> None:
    parsed = parse_action_library("\ufeff" + GOOD_HEADER + "\n" + GOOD_LINE)
    assert parsed == (
        ActionTemplate("WRES-2-01", 2, "Train panels, all of them.", "All trained.", "6 months"),
    )


# --- rows ----------------------------------------------------------------------------------


def test_action_row_mirrors_the_tblactions_columns() -> None:
    cells: dict[str, CellValue] = {
        "ID": "WRES-2-01",
        "Indicator": 2,
        "Action": "Train panels.",
        "Measure of success": "All trained.",
        "Timescale": date(2026, 3, 31),
        "Lead": "Head of Recruitment",
        "Status": "On track",
        "Source": "Suggested",
        "Current rating": "Equivalent",
        "My notes": "ignored",
    }
    row = ActionRow.from_cells(cells)
    assert tuple(row.to_cells()) == ACTIONS.columns
    assert row.to_cells() == {k: v for k, v in cells.items() if k != "My notes"}
    assert row.values()[4] == date(2026, 3, 31)
    assert ActionRow.from_cells({}).is_blank


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (3, 3),
        (3.0, 3),
        ("3", 3),
        (" Indicator 9 ", 9),
        ("indicator 1", 1),
        (0, None),
        (10, None),
        (2.5, None),
        ("3a", None),
        ("", None),
        (None, None),
        (True, None),
        (date(2024, 3, 3), None),
    ],
)
def test_parse_indicator(value: CellValue, expected: int | None) -> None:
    assert parse_indicator(value) == expected


# --- the refresh plan -----------------------------------------------------------------------


def first_refresh() -> list[ActionRow]:
    update = plan_action_updates([], FIRST_RATINGS)
    return apply_action_plan_update([], update)


def test_first_plan_appends_suggestions_for_worse_and_adverse_indicators_only() -> None:
    update = plan_action_updates([], FIRST_RATINGS)
    # At most three per indicator, strongest (library order) first.
    expected_ids = ids_for(2)[:3] + ids_for(3)[:3] + ids_for(5)[:3]
    assert [r.id for r in update.rows_to_append] == expected_ids
    assert update.rating_changes == ()
    for row in update.rows_to_append:
        template = next(t for t in LIBRARY if t.id == row.id)
        assert row.indicator == template.indicator
        assert row.action == template.action
        assert row.measure_of_success == template.measure_of_success
        assert row.timescale == template.timescale
        assert row.lead == "Needs a lead"
        assert row.status == "Not started"
        assert row.source == "Suggested"
        assert row.current_rating == FIRST_RATINGS[template.indicator].current_rating
    # When four-fifths is the trigger, Current rating says so.
    assert {r.current_rating for r in update.rows_to_append if r.indicator == 3} == {
        "Equivalent; four-fifths adverse"
    }
    assert update.notes == (
        "Added 3 suggested actions for indicator 2 "
        "(Worse to a medium degree; adverse under the four-fifths rule).",
        "Added 3 suggested actions for indicator 3 "
        "(Equivalent, but adverse under the four-fifths rule).",
        "Added 3 suggested actions for indicator 5 (Worse to a large degree).",
    )


def test_better_below_range_equivalent_and_not_computed_get_no_suggestions() -> None:
    ratings = {
        1: status("Equivalent"),
        2: status("Better to a large degree", "below-range"),
        3: status("Equivalent", "non-adverse"),
        4: status("Not computed"),
        9: status("Benchmark"),
    }
    update = plan_action_updates([], ratings)
    assert update.rows_to_append == ()
    assert update.notes == ()


def test_indicator_9_bare_worse_rating_gets_suggestions() -> None:
    update = plan_action_updates([], {9: status("Worse")})
    assert [r.id for r in update.rows_to_append] == ids_for(9)[:3]
    assert {r.current_rating for r in update.rows_to_append} == {"Worse"}


def users_edits(rows: list[ActionRow]) -> list[ActionRow]:
    """What an analyst does between refreshes: edit, assign, progress, dismiss, add their own."""
    edited = list(rows)
    first2, second2 = [i for i, r in enumerate(edited) if r.indicator == 2][:2]
    edited[first2] = dataclasses.replace(
        edited[first2],
        action="Inclusive recruitment training for all band 7+ panels (our wording).",
        lead="Head of Recruitment",
        status="On track",
        timescale=date(2026, 3, 31),
    )
    edited[second2] = dataclasses.replace(edited[second2], status="Dismissed", lead="EDI lead")
    i5 = next(i for i, r in enumerate(edited) if r.indicator == 5)
    edited[i5] = dataclasses.replace(edited[i5], status="Complete", measure_of_success="Done.")
    edited.append(
        ActionRow(
            id=None,
            indicator=3,
            action="Pilot restorative conversations in two directorates.",
            measure_of_success="Pilot evaluated.",
            timescale="6 months",
            lead="Deputy Director of People",
            status="Not started",
            source="Own",
            current_rating=None,
        )
    )
    return edited


def test_second_plan_after_edits_changes_nothing_but_current_rating() -> None:
    edited = users_edits(first_refresh())
    update = plan_action_updates(edited, FIRST_RATINGS)
    # The analyst completed one of indicator 5's three suggestions: the next strongest is
    # offered, and nothing else (the dismissed indicator-2 suggestion is not replaced).
    assert [r.id for r in update.rows_to_append] == [ids_for(5)[3]]
    # Only the own row, which has no rating yet, needs one.
    assert update.rating_changes == (
        RatingChange(len(edited) - 1, "Equivalent; four-fifths adverse"),
    )
    after = apply_action_plan_update(edited, update)
    assert len(after) == len(edited) + 1
    after, appended = after[: len(edited)], after[len(edited) :]
    for before_row, after_row in zip(edited, after, strict=True):
        assert dataclasses.replace(after_row, current_rating=None) == dataclasses.replace(
            before_row, current_rating=None
        )
    ids = [normalise_action_id(r.id) for r in after if r.id is not None]
    assert len(ids) == len(set(ids))
    assert after[-1].source == "Own"
    assert after[-1].current_rating == "Equivalent; four-fifths adverse"
    # The analyst's dismissal is acknowledged, not undone.
    assert any("1 suggestion you dismissed was not added again" in n for n in update.notes)
    assert any("already has 3 suggested actions not yet complete" in n for n in update.notes)
    # And a third refresh has nothing to do at all.
    assert plan_action_updates([*after, *appended], FIRST_RATINGS).is_empty


def test_changed_ratings_update_current_rating_on_every_row_of_the_indicator() -> None:
    edited = users_edits(first_refresh())
    edited = apply_action_plan_update(edited, plan_action_updates(edited, FIRST_RATINGS))
    ratings = dict(FIRST_RATINGS)
    ratings[2] = status("Equivalent", "non-adverse")
    ratings[3] = status("Worse to a small degree", "adverse")
    update = plan_action_updates(edited, ratings)
    assert update.rows_to_append == ()
    changed = {edited[i].indicator for i, _ in update.rating_changes}
    assert changed == {2, 3}
    for index, rating in update.rating_changes:
        wanted = ratings[int(edited[index].indicator)]  # type: ignore[arg-type]
        assert rating == wanted.current_rating
    assert {r for _, r in update.rating_changes if r.startswith("Worse")} == {
        "Worse to a small degree; four-fifths adverse"
    }
    # Dismissed and own rows are rated too: the rating describes the indicator, not the action.
    dismissed = next(i for i, r in enumerate(edited) if r.status == "Dismissed")
    own = next(i for i, r in enumerate(edited) if r.source == "Own")
    assert {dismissed, own} <= {i for i, _ in update.rating_changes}
    # An improving indicator keeps its actions: the tool never deletes a row.
    after = apply_action_plan_update(edited, update)
    assert [r.id for r in after] == [r.id for r in edited]


def test_an_indicator_turning_worse_appends_only_its_suggestions() -> None:
    edited = users_edits(first_refresh())
    edited = apply_action_plan_update(edited, plan_action_updates(edited, FIRST_RATINGS))
    ratings = dict(FIRST_RATINGS)
    ratings[6] = status("Worse to a small degree")
    update = plan_action_updates(edited, ratings)
    assert [r.id for r in update.rows_to_append] == ids_for(6)[:3]
    assert {r.current_rating for r in update.rows_to_append} == {"Worse to a small degree"}
    assert update.rating_changes == ()
    assert "Added 3 suggested actions for indicator 6" in update.notes[-1]
    after = apply_action_plan_update(edited, update)
    assert after[: len(edited)] == apply_action_plan_update(
        edited, dataclasses.replace(update, rows_to_append=())
    )


def test_ids_are_matched_ignoring_case_and_spaces() -> None:
    existing = [
        ActionRow(id=" wres-5-01 ", indicator=5, action="Ours", status="On track", source="Own"),
        ActionRow(id="WRES - 5 - 02", indicator=5, action="Ours", status="Complete"),
        ActionRow(id="Wres-5-03", indicator=4, action="Filed elsewhere", status="At risk"),
    ]
    update = plan_action_updates(existing, {5: status("Worse to a small degree")})
    # 5-01 (on track) and 5-03 (at risk, filed under indicator 4) count towards the three,
    # 5-02 (complete) does not: one more, the next strongest, fills the three.
    assert [r.id for r in update.rows_to_append] == ids_for(5)[3:4]
    assert [r.id for r in existing] == [" wres-5-01 ", "WRES - 5 - 02", "Wres-5-03"]


def test_dismissed_suggestions_are_not_added_again() -> None:
    existing = [
        ActionRow(id=action_id, indicator=8, action="x", status="dismissed", source="Suggested")
        for action_id in ids_for(8)
    ]
    update = plan_action_updates(existing, {8: status("Worse to a medium degree")})
    assert update.rows_to_append == ()
    assert update.notes == (
        "Indicator 8 (Worse to a medium degree): all its suggested actions are already in the "
        f"plan, so none were added. {len(ids_for(8))} suggestions you dismissed were not added "
        "again.",
    )
    assert {c.current_rating for c in update.rating_changes} == {"Worse to a medium degree"}


def test_rows_without_a_valid_indicator_are_left_alone_and_reported() -> None:
    existing = [
        ActionRow(id="OWN-1", indicator=None, action="Celebrate Black History Month"),
        ActionRow(),
        ActionRow(indicator="Indicator 4", action="Audit CPD", current_rating="Old"),
        ActionRow(indicator=12, action="Typo", current_rating="Worse to a small degree"),
    ]
    update = plan_action_updates(existing, {4: status("Equivalent")}, first_data_row=5)
    assert update.rating_changes == (RatingChange(2, "Equivalent"),)
    assert update.unrated_rows == (0, 3)
    assert update.notes == (
        "Rows 5 and 8 of the Action plan sheet have no indicator number from 1 to 9, so Current "
        "rating was left as it was. Type the indicator number in the Indicator column.",
    )


def test_indicators_missing_from_ratings_are_shown_as_not_computed() -> None:
    existing = [
        ActionRow(id="X", indicator=7, action="a", current_rating="Worse to a small degree")
    ]
    update = plan_action_updates(existing, {})
    assert update.rating_changes == (RatingChange(0, NOT_COMPUTED),)


def test_suggestions_use_the_trusts_term() -> None:
    update = plan_action_updates([], {2: status("Worse to a small degree")}, term="Global Majority")
    text = " ".join(f"{r.action} {r.measure_of_success}" for r in update.rows_to_append)
    assert "BME" not in text
    assert "Global Majority panel member" in text


def test_a_rating_for_an_indicator_outside_1_to_9_is_refused() -> None:
    with pytest.raises(InputError, match="Indicator 10"):
        plan_action_updates([], {10: status("Equivalent")})


def test_a_caller_library_is_used_and_never_duplicated() -> None:
    library = (
        ActionTemplate("WRES-2-01", 2, "A.", "M.", "6 months"),
        ActionTemplate("wres-2-01", 2, "A again.", "M.", "6 months"),
        ActionTemplate("WRES-2-02", 2, "B.", "M.", "6 months"),
    )
    update = plan_action_updates([], {2: status("Worse to a small degree")}, library)
    assert [r.action for r in update.rows_to_append] == ["A.", "B."]


# --- ratings, trend, progress --------------------------------------------------------------


def test_indicator_status_accepts_either_spelling_and_refuses_unknown_labels() -> None:
    s = IndicatorStatus("worse  to a MEDIUM degree", "Adverse")
    assert (s.rating, s.four_fifths, s.needs_action) == (
        "Worse to a medium degree",
        "adverse",
        True,
    )
    assert IndicatorStatus("Equivalent", "Below 0.80").four_fifths == "below-range"
    assert IndicatorStatus("Equivalent", "Non-adverse").four_fifths == "non-adverse"
    assert IndicatorStatus("Equivalent", "").four_fifths is None
    with pytest.raises(UnknownLabelError, match="Red"):
        IndicatorStatus("Red")
    with pytest.raises(ValueError, match="four-fifths"):
        IndicatorStatus("Equivalent", "bad")


@pytest.mark.parametrize(
    ("current", "previous", "expected"),
    [
        ("Worse to a large degree", "Worse to a small degree", "Worse than last year"),
        ("Worse to a small degree", "Equivalent", "Worse than last year"),
        ("Equivalent", "Worse to a medium degree", "Improved"),
        ("Better to a small degree", "Equivalent", "Improved"),
        ("Equivalent", "Equivalent", "No change"),
        ("Worse", "Worse to a small degree", "No change"),
        ("Equivalent", None, "New this year"),
        ("Equivalent", "", "New this year"),
        ("Equivalent", "Not computed", "Not computed last year"),
        ("Not computed", "Equivalent", "Not computed this year"),
    ],
)
def test_rating_trend(current: str, previous: str | None, expected: str) -> None:
    assert rating_trend(current, previous) == expected


def test_worst_rating_summarises_several_bands() -> None:
    assert worst_rating(["Equivalent", "Worse to a small degree", "Better to a large degree"]) == (
        "Worse to a small degree"
    )
    assert worst_rating(["Benchmark", "Better to a small degree"]) == "Benchmark"
    assert worst_rating(["Not computed"]) == NOT_COMPUTED
    assert worst_rating([]) == NOT_COMPUTED


def test_progress_summary_counts_every_status() -> None:
    rows = [
        ActionRow(action="a", status="On track"),
        ActionRow(action="b", status="on  track"),
        ActionRow(action="c", status="Dismissed"),
        ActionRow(action="d", status=None),
        ActionRow(action="e", status="Done"),
        ActionRow(),
    ]
    assert progress_summary(rows) == {
        "Not started": 1,
        "On track": 2,
        "At risk": 0,
        "Complete": 0,
        "Dismissed": 1,
    }
    assert list(progress_summary([])) == list(STATUS_VALUES)
    assert set(progress_summary([]).values()) == {0}


# --- validation ----------------------------------------------------------------------------


def test_valid_rows_have_no_problems() -> None:
    rows = [dataclasses.replace(r, lead="EDI lead") for r in first_refresh()]
    assert validate_action_rows(rows) == ()
    assert validate_action_rows([*rows, ActionRow()]) == ()


def test_actions_without_a_lead_are_marked_and_listed_once() -> None:
    rows = first_refresh()
    assert {r.lead for r in rows} == {"Needs a lead"}
    rows[0] = dataclasses.replace(rows[0], lead="Head of Recruitment")
    rows[1] = dataclasses.replace(rows[1], lead=None, status="Dismissed")
    rows[2] = dataclasses.replace(rows[2], lead="  ")
    problems = [p for p in validate_action_rows(rows) if p.column == "Lead"]
    assert len(problems) == 1
    # Rows 2.. on the sheet: index 0 has a lead, index 1 is dismissed; 2.. need one.
    assert problems[0].row == 4
    assert problems[0].message.startswith("Rows 4 to 10 of the")


def test_user_mistakes_become_structured_problems_not_exceptions() -> None:
    good = ActionRow(
        action="Do it", status="Not started", source="Own", indicator=2, lead="EDI lead"
    )
    rows = [
        dataclasses.replace(good, id="A-1"),
        dataclasses.replace(good, status="Done"),
        dataclasses.replace(good, indicator=11),
        dataclasses.replace(good, source="Mine"),
        dataclasses.replace(good, indicator=None, status=None, source=None),
        dataclasses.replace(good, id=" a-1"),
    ]
    problems = validate_action_rows(rows, first_data_row=4)
    found = [(p.row, p.column, p.index) for p in problems]
    assert found == [
        (5, "Status", 1),
        (6, "Indicator", 2),
        (7, "Source", 3),
        (8, "Indicator", 4),
        (8, "Status", 4),
        (8, "Source", 4),
        (9, "ID", 5),
    ]
    by_place = {(p.row, p.column): p for p in problems}
    assert "'Done' is not a status" in by_place[5, "Status"].message
    assert "Not started, On track, At risk, Complete or Dismissed" in by_place[5, "Status"].message
    assert "Type a whole number from 1 to 9" in by_place[6, "Indicator"].message
    assert "Choose Own" in by_place[7, "Source"].message
    assert "also used on row 4" in by_place[9, "ID"].message
    assert str(by_place[5, "Status"]).startswith("Action plan sheet, row 5, column Status: ")
    assert {p.sheet for p in problems} == {"Action plan"}
    assert {p.table for p in problems} == {"tblActions"}
    assert {p.severity for p in problems} == {"warning"}


# --- properties ----------------------------------------------------------------------------


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(existing=st.lists(action_rows, max_size=25), ratings=rating_maps)
def test_plan_only_touches_current_rating_and_is_idempotent(
    existing: list[ActionRow], ratings: dict[int, IndicatorStatus]
) -> None:
    update = plan_action_updates(existing, ratings)
    after = apply_action_plan_update(existing, update)

    # No row deleted or reordered; no user-editable cell changed.
    assert len(after) == len(existing) + len(update.rows_to_append)
    for before_row, after_row in zip(existing, after, strict=False):
        for column in ACTIONS.columns:
            if column not in ACTIONS.tool_owned_columns:
                assert after_row.to_cells()[column] == before_row.to_cells()[column]
    assert len({c.row_index for c in update.rating_changes}) == len(update.rating_changes)

    # Appended rows are new, for indicators that need action, and never duplicated.
    present = {normalise_action_id(r.id) for r in existing}
    appended_ids = [normalise_action_id(r.id) for r in update.rows_to_append]
    assert len(set(appended_ids)) == len(appended_ids)
    assert not set(appended_ids) & present
    for row in update.rows_to_append:
        assert isinstance(row.indicator, int)
        assert ratings[row.indicator].needs_action

    # Applying the plan again does nothing.
    again = plan_action_updates(after, ratings)
    assert again.is_empty
    assert apply_action_plan_update(after, again) == after


@pytest.mark.parametrize(
    ("rows", "words"),
    [
        ([5], "Row 5"),
        ([5, 7], "Rows 5 and 7"),
        ([4, 5], "Rows 4 and 5"),
        (list(range(21, 42)), "Rows 21 to 41"),
        ([12, 3, 9, 8, 10], "Rows 3, 8 to 10 and 12"),
    ],
)
def test_rows_are_listed_as_ranges_a_reader_can_take_in(rows: list[int], words: str) -> None:
    from wres_xl.core.actions import _row_list

    assert _row_list(rows) == words


@pytest.mark.parametrize(
    ("indicator", "message"),
    [
        ("4a-i", None),
        (" 4A-II ", None),
        (10, None),
        (
            None,
            "The metric is blank. Type the WDES metric (1, 2, 3, 4a-i, 4a-ii, 4a-iii, 4b, 5, 6, "
            "7, 8, 9a, 9b, 10) this action is for, so its current rating can be shown.",
        ),
        (
            11,
            "11 is not a WDES metric. Type one of 1, 2, 3, 4a-i, 4a-ii, 4a-iii, 4b, 5, 6, 7, "
            "8, 9a, 9b, 10.",
        ),
    ],
)
def test_a_wdes_action_plan_is_checked_against_the_wdes_metrics(
    indicator: str | int | None, message: str | None
) -> None:
    from wres_xl.core.wdes_standard import WDES

    row = ActionRow(indicator=indicator, action="Ours", lead="Ann", status="On track", source="Own")
    found = [p.message for p in validate_action_rows([row], standard=WDES)]
    assert found == ([] if message is None else [message])
