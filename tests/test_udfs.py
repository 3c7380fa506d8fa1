"""Worksheet functions exactly as SPEC §6 names them, called as Excel would call them."""

from __future__ import annotations

import inspect
import math
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.strategies import hostile_cells
from tests.strategies import udf_counts as counts
from wres_xl import udfs

SPEC_SIGNATURES = {
    "WRES_RL": ["indicator", "white_events", "white_total", "bme_events", "bme_total"],
    "WRES_CI": ["indicator", "white_events", "white_total", "bme_events", "bme_total", "level"],
    "WRES_PVALUE": ["white_events", "white_total", "bme_events", "bme_total"],
    "WRES_RATING": ["indicator", "white_events", "white_total", "bme_events", "bme_total"],
    "WRES_FOURFIFTHS": ["rl"],
    "WRES_EVENTS": ["percent", "respondents"],
    "WRES_BOARD_GAP": ["board_bme", "board_total", "workforce_bme", "workforce_total"],
    "WRES_GROUP": ["ethnic_origin"],
    "WRES_BAND": ["band_text"],
    "WRES_REDACT": ["range", "hide_up_to"],
    "WRES_NARRATIVE": [
        "indicator",
        "white_events",
        "white_total",
        "bme_events",
        "bme_total",
        "term",
    ],
}


@pytest.mark.parametrize("name", sorted(SPEC_SIGNATURES))
def test_names_and_argument_orders_follow_the_spec(name: str) -> None:
    function = getattr(udfs, name)
    assert list(inspect.signature(function).parameters) == SPEC_SIGNATURES[name]
    assert function.__doc__
    assert len(function.__doc__) > 20


def test_rl_orientation_per_indicator() -> None:
    # 2 and 4: White rate ÷ BME rate; 3: BME rate ÷ White rate
    assert udfs.WRES_RL(2, 418, 1422, 149, 612) == pytest.approx(1.2074, abs=1e-4)
    assert udfs.WRES_RL(3, 13, 1705, 3, 215) == pytest.approx(1.8301, abs=1e-4)
    assert udfs.WRES_RL(4, 10, 100, 20, 100) == pytest.approx(0.5)


def test_ci_two_cells_reference() -> None:
    # scipy relative_risk(10, 75, 12, 225) -> 2.5 (1.126, 5.550): indicator 2 puts White on top
    low, high = udfs.WRES_CI(2, 10, 75, 12, 225)
    assert (low, high) == pytest.approx((1.126, 5.550), abs=5e-4)
    narrow = udfs.WRES_CI(2, 10, 75, 12, 225, 0.9)
    assert narrow[0] > low
    assert udfs.WRES_CI(2, 10, 75, 12, 225, 95) == [low, high]  # 95 read as 95%


def test_excel_passes_floats() -> None:
    assert udfs.WRES_RL(2.0, 418.0, 1422.0, 149.0, 612.0) == udfs.WRES_RL(2, 418, 1422, 149, 612)
    assert udfs.WRES_EVENTS(0.2083, 98.0) == 20


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (
            lambda: udfs.WRES_RL(2, 12, 10, 5, 20),
            "WRES: appointed (12) is more than shortlisted (10)",
        ),
        (lambda: udfs.WRES_RL(5, 1, 10, 1, 10), "WRES: indicator must be 2, 3 or 4, not 5"),
        (lambda: udfs.WRES_RL(2, None, 10, 1, 10), "WRES: White appointed is blank"),
        (
            lambda: udfs.WRES_RL(2, "ten", 10, 1, 10),
            "WRES: White appointed ('ten') is not a number",
        ),
        (
            lambda: udfs.WRES_RL(2, 1.5, 10, 1, 10),
            "WRES: White appointed (1.5) must be a whole number",
        ),
        (lambda: udfs.WRES_RL(2, -1, 10, 1, 10), "WRES: White appointed (-1) cannot be negative"),
        (
            lambda: udfs.WRES_PVALUE(0, 0, 1, 10),
            "WRES: White total is 0, so there is no rate to compare",
        ),
        (lambda: udfs.WRES_PVALUE(1, 0, 1, 10), "WRES: events (1) is more than total (0)"),
    ],
)
def test_bad_input_returns_a_short_wres_message(call: object, expected: str) -> None:
    assert call() == expected  # type: ignore[operator]


def test_rl_not_computable_when_the_denominator_rate_is_zero() -> None:
    result = udfs.WRES_RL(2, 10, 100, 0, 50)
    assert isinstance(result, str)
    assert result.startswith("WRES: not computable")
    assert udfs.WRES_CI(2, 10, 100, 0, 50).startswith("WRES:")


def test_pvalue_and_rating() -> None:
    assert udfs.WRES_PVALUE(418, 1422, 149, 612) == pytest.approx(0.020453882260840314)
    assert udfs.WRES_RATING(2, 418, 1422, 149, 612) == "Worse to a small degree"
    # indicator 8: BME 15/94 vs White 53/1114 is worse for BME staff; reversed it is better
    assert udfs.WRES_RATING(8, 53, 1114, 15, 94).startswith("Worse")
    assert udfs.WRES_RATING(8, 15, 94, 53, 1114).startswith("Better")
    assert udfs.WRES_RATING(7, 50, 100, 48, 100) == "Equivalent"


def test_fourfifths_labels() -> None:
    assert udfs.WRES_FOURFIFTHS(1.3) == "Adverse"
    assert udfs.WRES_FOURFIFTHS(1.25) == "Non-adverse"
    assert udfs.WRES_FOURFIFTHS(0.79) == "Below 0.80"
    assert udfs.WRES_FOURFIFTHS("WRES: not computable").startswith("WRES:")


def test_events_board_group_band() -> None:
    assert udfs.WRES_EVENTS(20.83, 98) == 20
    assert udfs.WRES_BOARD_GAP(3, 14, 215, 1935) == pytest.approx(10.3175, abs=1e-4)
    assert udfs.WRES_GROUP("C3 White Unspecified") == "White"
    assert udfs.WRES_GROUP("LK Asian unspecified") == "BME"
    assert udfs.WRES_GROUP("Z Not Stated") == "Unknown"
    assert udfs.WRES_GROUP(99.0) == "Unknown"
    assert udfs.WRES_GROUP("Martian").startswith("WRES: ")
    assert udfs.WRES_BAND("Band 8 - Range A") == "Band 8a"
    assert udfs.WRES_BAND("Medical Consultant") == "Consultant"
    assert udfs.WRES_BAND("Band 8").startswith("WRES: ")


def test_narrative_sentence_and_term() -> None:
    text = udfs.WRES_NARRATIVE(2, 418, 1422, 149, 612, "Global Majority")
    assert text.startswith(
        "White applicants were 1.21 times as likely as Global Majority applicants to be "
        "appointed from shortlisting; this difference is statistically significant"
    )
    survey = udfs.WRES_NARRATIVE(8, 53, 1114, 15, 94)
    assert survey.startswith("16.0% of BME staff experienced discrimination")


def test_survey_narrative_quotes_published_percentages() -> None:
    text = udfs.WRES_SURVEY_NARRATIVE(8, 4.76, 1114, 15.96, 94, "Global Majority")
    assert text.startswith(
        "16.0% of Global Majority staff experienced discrimination at work from a manager, "
        "team leader or other colleague, compared with 4.8% of White staff (a difference of "
        "+11.2 pts); this difference is statistically significant"
    )
    assert udfs.WRES_SURVEY_NARRATIVE(8, 0.0476, 1114, 0.1596, 94) == udfs.WRES_SURVEY_NARRATIVE(
        8, 4.76, 1114, 15.96, 94
    )
    assert udfs.WRES_SURVEY_NARRATIVE(2, 5, 10, 5, 10).startswith("WRES: indicator must be 5")
    assert udfs.WRES_SURVEY_NARRATIVE(8, 5, 0, 5, 10) == "WRES: White respondents is 0"


def test_redact_primary_and_secondary() -> None:
    grid = [[50, 3, 40], [60, 20, 30]]
    redacted = udfs.WRES_REDACT(grid)
    assert len(redacted) == 2
    assert all(len(r) == 3 for r in redacted)
    assert redacted[0][1] == "*"
    hidden_in_row0 = sum(1 for v in redacted[0] if v == "*")
    hidden_in_col1 = sum(1 for r in redacted if r[1] == "*")
    assert hidden_in_row0 >= 2
    assert hidden_in_col1 >= 2
    assert udfs.WRES_REDACT([[0, 10], [10, 10]]) == [[0, 10], [10, 10]]  # zero is shown
    assert udfs.WRES_REDACT([[5, 10, 10]], 4) == [[5, 10, 10]]


CATCH_ALL = "something went wrong"


def _check_cell_results(a: object, b: object, c: object, d: object) -> None:
    """Every function answers with a number, a label or a specific WRES: message, never the
    catch-all one (which means an unexpected exception inside)."""
    for result in (
        udfs.WRES_RL(2, a, b, c, d),
        udfs.WRES_CI(3, a, b, c, d),
        udfs.WRES_PVALUE(a, b, c, d),
        udfs.WRES_RATING(3, a, b, c, d),
        udfs.WRES_NARRATIVE(4, a, b, c, d),
        udfs.WRES_NARRATIVE(6, a, b, c, d),
        udfs.WRES_BOARD_GAP(a, b, c, d),
        udfs.WRES_EVENTS(a, b),
        udfs.WRES_FOURFIFTHS(a),
    ):
        assert isinstance(result, str | float | int | list)
        if isinstance(result, str):
            assert "Traceback" not in result
            assert CATCH_ALL not in result, (a, b, c, d, result)
        if isinstance(result, float):
            assert not math.isnan(result)


@given(counts, counts, counts, counts)
def test_udfs_never_raise(a: int, b: int, c: int, d: int) -> None:
    _check_cell_results(a, b, c, d)


@given(*[hostile_cells()] * 4)
def test_udfs_never_raise_on_hostile_cells(a: object, b: object, c: object, d: object) -> None:
    _check_cell_results(a, b, c, d)


@pytest.mark.parametrize("target", ["fisher_p_value", "katz_interval", "ratio_of_rates"])
def test_the_never_raise_check_fails_when_the_statistics_raise(
    monkeypatch: pytest.MonkeyPatch, target: str
) -> None:
    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("a bug")

    monkeypatch.setattr(udfs, target, broken)
    with pytest.raises(AssertionError):
        _check_cell_results(40, 100, 20, 100)


def test_huge_counts_answer_quickly_or_say_why() -> None:
    # Counts of a national workforce: a real answer, at once.
    start = time.perf_counter()
    p = udfs.WRES_PVALUE(1_000_000, 2_000_000, 1_003_000, 2_000_000)
    assert time.perf_counter() - start < 1.0  # was 24 s and MemoryError at 1e8
    # scipy.stats.fisher_exact([[1000000, 1000000], [1003000, 997000]]).pvalue
    assert p == pytest.approx(0.0027086386323, rel=1e-9)
    for args in [(5e7, 1e8, 5e7, 1e8), (1e20, 1e20, 5, 10)]:
        start = time.perf_counter()
        message = udfs.WRES_PVALUE(*args)
        assert time.perf_counter() - start < 0.1
        assert isinstance(message, str)
        assert message.startswith("WRES: ")
        assert "larger than the whole NHS workforce" in message
    assert "1e+20" in udfs.WRES_RL(2, 1e20, 1e20, 5, 10)


def test_fourfifths_does_not_read_a_decimal_comma_as_thousands() -> None:
    message = udfs.WRES_FOURFIFTHS("1,25")
    assert isinstance(message, str)
    assert message.startswith("WRES: ")
    assert "1.25" in message
    assert udfs.WRES_FOURFIFTHS("1.25") == "Non-adverse"
    assert udfs.WRES_FOURFIFTHS("1,250") == "Adverse"  # a thousands separator is fine


@pytest.mark.parametrize("level", [1.5, 1, 0, -0.95, 100, 150, "1.5"])
def test_ci_level_must_be_a_fraction_or_a_percentage(level: object) -> None:
    message = udfs.WRES_CI(2, 50, 400, 20, 300, level)
    assert isinstance(message, str)
    assert "level" in message
    assert "0.95" in message


def test_ci_level_as_fraction_or_percentage_agree() -> None:
    expected = udfs.WRES_CI(2, 50, 400, 20, 300)
    for level in (0.95, 95, "95%", "0.95"):
        assert udfs.WRES_CI(2, 50, 400, 20, 300, level) == pytest.approx(expected)


@given(
    counts, st.integers(min_value=1, max_value=300), counts, st.integers(min_value=1, max_value=300)
)
def test_rl_symmetry_between_indicators_2_and_3(we: int, wt: int, be: int, bt: int) -> None:
    # Indicator 2 is White÷BME and 3 is BME÷White: swapping which group is called White
    # turns one orientation into the other, so the two calls give the same ratio.
    if we > wt or be > bt:
        return
    two = udfs.WRES_RL(2, we, wt, be, bt)
    three = udfs.WRES_RL(3, be, bt, we, wt)
    assert type(two) is type(three)
    if isinstance(two, float):
        assert two == pytest.approx(three)


def test_redact_hides_up_to_the_schema_default() -> None:
    from wres_xl.core.schema import DEFAULT_HIDE_UP_TO

    source = inspect.getsource(udfs)
    assert f"(default {DEFAULT_HIDE_UP_TO})." in source
    n = DEFAULT_HIDE_UP_TO
    assert udfs.WRES_REDACT([[n, 50, 50], [50, 50, 50]])[0][0] == "*"
    assert udfs.WRES_REDACT([[n + 1, 50, 50], [n + 1, 50, 50]])[0][0] == n + 1


def test_the_count_rule_and_words_are_the_cores() -> None:
    """udfs holds no count rule (MAX_COUNT, a 0 ≤ x test) nor count words of its own: the
    words come from each standard's tables, the rule from inputs.count_fault."""
    import ast

    source = inspect.getsource(udfs)
    tree = ast.parse(source)
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    assert "MAX_COUNT" not in names
    words = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)}
    assert not words & {"shortlisted", "headcount", "appointed", "entered", "accessed"}
    assert udfs.WRES_RL(3, 12, 10, 1, 5) == "WRES: entered (12) is more than headcount (10)"
    assert (
        udfs.WRES_RL(4, 0, 0, 1, 5) == "WRES: White headcount is 0, so there is no rate to compare"
    )
    assert udfs.WRES_RL(2, 2**60, 2**61, 1, 5).startswith(
        "WRES: White appointed (1.15e+18) is more"
    )
    assert udfs.WDES_RL(3, 1, 5, 7, 6) == "WRES: Disabled entered (7) is more than headcount (6)"
    assert udfs.WDES_PVALUE(1, 0, 1, 5) == "WRES: Non-disabled events (1) is more than total (0)"
    assert udfs.WDES_RL(3, 0, 8, 5, 10) == (
        "WRES: not computable: no non-disabled events, so the ratio divides by zero"
    )
