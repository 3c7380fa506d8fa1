"""The WDES attacker uses every figure a reader of the published file sees.

tests/support/wdes_attacker.py reads the published WDES file (Publication and Summary)
and nothing else: the shown counts, the rule (threshold, marker, rounding), the sums its
labels imply, and every shown share, rate, relative likelihood, difference and board
percentage at the precision written, each as linear inequalities in the same integer
programme as the WRES attacker's (tests/support/attacker.py ``Reader``). Here it attacks
`wres-xl publish` of a workbook full of small numbers under each publication setting and
must find nothing; and each kind of figure it reads has a can-fail twin, a published copy
with one figure shown that the package hides, that it must catch.
"""

from __future__ import annotations

import random
from pathlib import Path

import openpyxl
import pytest

from tests.support.attacker import Rule
from tests.support.wdes_attacker import attack
from tests.support.wdes_fill import new_filled, published


def _w(year: int, group: str, band: str, nd: int, d: int, unknown: int) -> dict[str, object]:
    return {
        "Year": year,
        "Staff group": group,
        "Band": band,
        "Non-disabled": nd,
        "Disabled": d,
        "Unknown": unknown,
    }


def _s(year: int, metric: str, group: str, n: int | None, pct: float) -> dict[str, object]:
    return {"Year": year, "Metric": metric, "Disability": group, "Respondents": n, "Percent": pct}


def _e(year: int, group: str, a: str, n: int | None, b: str, k: int) -> dict[str, object]:
    return {"Year": year, "Disability": group, a: n, b: k}


ND, D = "Non-disabled", "Disabled"
R = ("Shortlisted", "Appointed")
C = ("Headcount", "Entered formal capability")
#: Small numbers everywhere a reader could work one out: Disabled counts of 0-7 in bands,
#: 5 Disabled applicants not appointed, 3 Disabled staff entering capability, survey
#: answers of 5 (2% of 250), 3 (10% of 30) and 4 (2% of 200), a 9-respondent group, a
#: percentage with no counts, a Disabled board member.
ROWS: dict[str, list[dict[str, object]]] = {
    "tblWorkforce": [
        _w(2025, "Clinical", "Band 3", 200, 20, 30),
        _w(2025, "Clinical", "Band 5", 450, 40, 10),
        _w(2025, "Clinical", "Band 8a", 95, 2, 3),
        _w(2025, "Non-clinical", "Band 8c", 49, 0, 1),
        _w(2025, "Medical & Dental", "Consultant", 60, 1, 9),
        _w(2025, "Medical & Dental", "Trainee grade", 80, 7, 3),
        _w(2024, "Clinical", "Band 3", 190, 18, 30),
        _w(2024, "Clinical", "Band 5", 440, 38, 12),
        _w(2024, "Clinical", "Band 8a", 90, 3, 3),
        _w(2024, "Medical & Dental", "Consultant", 58, 2, 9),
    ],
    "tblRecruitment": [
        _e(2025, ND, *R[:1], 100, R[1], 95),
        _e(2025, D, *R[:1], 50, R[1], 45),
        _e(2024, ND, *R[:1], 380, R[1], 90),
        _e(2024, D, *R[:1], 40, R[1], 9),
    ],
    "tblCapability": [
        _e(2025, ND, C[0], 934, C[1], 12),
        _e(2025, D, C[0], 70, C[1], 9),
        _e(2024, ND, C[0], None, C[1], 10),
        _e(2024, D, C[0], None, C[1], 3),
    ],
    "tblSurvey": [
        _s(2025, "4a-ii", ND, 1000, 0.995),
        _s(2025, "4a-ii", D, 250, 0.12),
        _s(2025, "4a-iii", ND, None, 0.18),
        _s(2025, "4a-iii", D, None, 0.25),
        _s(2025, "4b", ND, 1000, 0.45),
        _s(2025, "4b", D, 250, 0.02),
        _s(2025, "5", ND, 900, 0.6),
        _s(2025, "5", D, 30, 0.9),
        _s(2025, "6", ND, 800, 0.2),
        _s(2025, "6", D, 120, 0.2834),
        _s(2025, "7", ND, 900, 0.5),
        _s(2025, "7", D, 9, 0.5),
        _s(2025, "8", D, 200, 0.98),
        {"Year": 2025, "Metric": "9a", "Disability": ND, "Score": 7.1},
        {"Year": 2025, "Metric": "9a", "Disability": D, "Score": 6.6},
    ],
    "tblVoices": [{"Year": 2025, "Facilitates voices": "Yes", "Narrative": "A network."}],
    "tblBoard": [
        {"Year": 2025, "Role": "Executive", "Voting": "Yes", "Disability": ND, "Headcount": 5},
        {"Year": 2025, "Role": "Non-executive", "Voting": "Yes", "Disability": D, "Headcount": 1},
        {"Year": 2025, "Role": "Non-executive", "Voting": "Yes", "Disability": ND, "Headcount": 5},
    ],
}

SETTINGS: dict[str, tuple[dict[str, object], Rule]] = {
    "as shipped": ({}, Rule(term=D)),
    "known status only": ({"Percentages based on": "Known disability status"}, Rule(term=D)),
    "two-year capability": ({"Capability period": "Two-year rolling"}, Rule(term=D)),
    "rounded to 5": ({"Round published counts to": 5}, Rule(term=D, round_to=5)),
    "threshold 10": ({"Hide counts up to": 10}, Rule(term=D, threshold=10)),
    "board suppressed": ({"Suppress board figures": "Yes"}, Rule(term=D, board_in_full=False)),
}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("wdes-attack-base")
    return published(folder, new_filled(folder, ROWS))


@pytest.mark.slow
@pytest.mark.parametrize("setting", list(SETTINGS))
def test_the_attacker_recovers_nothing_under_each_setting(
    setting: str, tmp_path: Path, base: Path
) -> None:
    values, rule = SETTINGS[setting]
    out = base if not values else published(tmp_path, new_filled(tmp_path, ROWS, values))
    found = attack(out, rule)
    assert found.findings == []
    # It attacked something: the band, capability, survey and recruitment counts hidden.
    assert len(found.hidden) >= 30


def _copy_with(base: Path, tmp_path: Path, sheet: str, label: str, column: int, value: object,
               nth: int = 0) -> Path:  # fmt: skip
    """The published copy with one cell of the ``nth`` row labelled ``label`` changed."""
    book = openpyxl.load_workbook(base)
    rows = [r for r in book[sheet].iter_rows() if r[0].value == label]
    cell = rows[nth][column]
    assert cell.value == "*", (label, [c.value for c in rows[nth]])
    cell.value = value  # type: ignore[assignment]  # a test's cell value
    out = tmp_path / "careless.xlsx"
    book.save(out)
    return out


def _after(base: Path, heading: str, label: str) -> int:
    """Which of the rows labelled ``label`` follows the table heading starting ``heading``."""
    book = openpyxl.load_workbook(base, read_only=True)
    seen, nth = False, 0
    for row in book["Publication"].iter_rows(values_only=True):
        text = str(row[0] or "")
        seen = seen or text.startswith(heading)
        if text == label:
            if seen:
                return nth
            nth += 1
    raise AssertionError(f"no {label!r} after {heading!r}")


@pytest.mark.slow
def test_a_shown_rate_beside_a_hidden_count_gives_it_away(base: Path, tmp_path: Path) -> None:
    # 2024: 3 of the 61 Disabled staff entered capability, hidden. Showing the rate 3 / 61 =
    # 0.0492 as 0.049 pins the count: 0.0485 x 61 = 2.96 <= events <= 0.0495 x 61 = 3.02.
    nth = _after(base, "Metric 3", "Disabled") + 1
    out = _copy_with(base, tmp_path, "Publication", "Disabled", 3, 0.049, nth)
    findings = attack(out, Rule(term=D)).findings
    assert "hidden ('3', 2024, 'BME', 'events') is narrowed to 3..3" in findings


@pytest.mark.slow
def test_a_shown_difference_at_a_senior_level_gives_the_count_away(
    base: Path, tmp_path: Path
) -> None:
    # 2024: 2 Disabled consultants of 69, hidden; whole workforce 61 / 893 = 6.831%.
    # Difference (2/69 - 61/893) x 100 = 2.899 - 6.831 = -3.93, shown as -3.9: so
    # Disabled / 69 lies in 0.06831 - 0.0395 .. 0.06831 - 0.0385, Disabled in 1.99..2.06.
    out = _copy_with(
        base, tmp_path, "Publication", "Consultants (incl. senior medical managers)", 5, -3.9, 1
    )
    findings = attack(out, Rule(term=D)).findings
    name = ("1", 2024, "senior", "Consultants (incl. senior medical managers)", "BME")
    assert f"hidden {name} is narrowed to 2..2" in findings


@pytest.mark.slow
def test_a_shown_survey_percentage_gives_a_small_answer_count_away(
    base: Path, tmp_path: Path
) -> None:
    # Metric 8: 98% of 200 Disabled respondents: yes within 0.98 x 200 +- (0.5 + 0.1), so
    # 196, and 4 said no: a small count nobody shows, worked out from the percentage.
    out = _copy_with(
        base, tmp_path, "Publication", "Disabled", 3, 0.98, _after(base, "Metric 8", "Disabled")
    )
    findings = attack(out, Rule(term=D)).findings
    assert "unshown ('8', 2025, 'BME', 'no') is a small count, 4..4" in findings


@pytest.mark.slow
def test_the_summary_sheet_is_read_too(base: Path, tmp_path: Path) -> None:
    # Metric 8's headline, 98% of 200 (4 said no), is hidden on the Publication and so on
    # the Summary. A Summary showing it gives the 4 away as the table would.
    book = openpyxl.load_workbook(base)
    row = next(r for r in book["Summary"].iter_rows() if r[0].value == "8")
    assert row[2].value == "*"
    row[2].value = 0.98
    out = tmp_path / "careless.xlsx"
    book.save(out)
    findings = attack(out, Rule(term=D)).findings
    assert "the Summary shows 8 = 0.98, hidden as ('8', 2025, 'BME', 'percent')" in findings
    assert "unshown ('8', 2025, 'BME', 'no') is a small count, 4..4" in findings


@pytest.mark.slow
def test_a_relative_likelihood_between_two_hidden_rates_narrows_both(
    base: Path, tmp_path: Path
) -> None:
    # Metric 2, 2025: Non-disabled 95 of 100 appointed, Disabled 45 of 50; both appointed
    # counts hidden (5 not appointed each), the totals shown. Showing the RL (95/100) /
    # (45/50) = 1.0556 as 1.06 ties them: ND / 100 = (1.055..1.065) x D / 50, so ND lies in
    # 2.11 D .. 2.13 D. For D = 1..7 that window holds no whole number (2.11..2.13,
    # 4.22..4.26, ..., 14.77..14.91); D = 8 gives ND = 17; ND <= 100 caps D at 47.
    nth = _after(base, "Metric 2", "Disabled")
    out = _copy_with(base, tmp_path, "Publication", "Disabled", 4, 1.06, nth)
    found = attack(out, Rule(term=D))
    # Without the RL the Disabled count is anything from 1 to 50; with it, 8 to 47.
    assert found.ranges[("2", 2025, "BME", "events")] == (8, 47)
    assert found.ranges[("2", 2025, "White", "events")] == (17, 100)
    # The shown RL beside the hidden counts is a finding in itself.
    assert "('2', 2025, 'BME', 'rl') = 1.06 is shown beside a hidden count" in found.findings


@pytest.mark.slow
def test_a_figure_more_precise_than_its_counts_is_caught(base: Path, tmp_path: Path) -> None:
    # 2024 metric 2: Non-disabled 90 of 380 = 0.2368, shown 0.237. A copy showing 0.238
    # says something the shown counts do not.
    book = openpyxl.load_workbook(base)
    rows = [r for r in book["Publication"].iter_rows() if r[0].value == ND and r[3].value == 0.237]
    assert rows
    rows[0][3].value = 0.238
    out = tmp_path / "careless.xlsx"
    book.save(out)
    findings = attack(out, Rule(term=D)).findings
    assert any(f.startswith("('2', 2024, 'White', 'rate') = 0.238 says more") for f in findings)


@pytest.mark.slow
def test_survey_and_board_figures_are_recalculated(base: Path, tmp_path: Path) -> None:
    # Metric 6: 28.34% of 120 Disabled (34 yes) against 20% of 800 (160): the difference
    # 28.3 - 20.0 = +8.3 points and Fisher's p (scipy.stats.fisher_exact([[160, 640],
    # [34, 86]]).pvalue = 0.041) are on show. A copy with +9.9 and p = 0.5 says what no
    # yes counts the percentages allow could give. The board's executive difference,
    # 0 / 5 - 70 / 1060 = -6.6 points, shown as -5.0, likewise.
    book = openpyxl.load_workbook(base)
    sheet = book["Publication"]
    row = next(r for r in sheet.iter_rows() if r[0].value == D and r[3].value == 0.283)
    assert (row[4].value, row[6].value) == (8.3, 0.041)
    row[4].value, row[6].value = 9.9, 0.5
    board = next(r for r in sheet.iter_rows() if r[0].value == "Executive members")
    assert board[7].value == -6.6
    board[7].value = -5.0
    out = tmp_path / "careless.xlsx"
    book.save(out)
    findings = attack(out, Rule(term=D)).findings
    assert any(f.startswith("('6', 2025, 'BME', 'difference') = 9.9 says more") for f in findings)
    assert "('6', 2025, 'BME', 'p') = 0.5 is no p-value the shown figures allow" in findings
    assert any(f.startswith("('10', 2025, 'executive', 'difference') = -5 says") for f in findings)
    # No yes counts satisfy +9.9 points and both percentages at once: the integer
    # programme has no solution, itself a finding.
    assert any(f.startswith("the shown figures contradict each other") for f in findings)


_BANDS = (
    ("Clinical", "Band 2"),
    ("Clinical", "Band 3"),
    ("Clinical", "Band 5"),
    ("Clinical", "Band 8a"),
    ("Clinical", "Band 8b"),
    ("Non-clinical", "Band 4"),
    ("Non-clinical", "Band 8c"),
    ("Non-clinical", "VSM"),
    ("Medical & Dental", "Consultant"),
    ("Medical & Dental", "Trainee grade"),
)
_SMALL = (0, 1, 2, 3, 5, 7, 8, 9, 12, 20, 40)


def _random_rows(seed: int) -> dict[str, list[dict[str, object]]]:
    """Small numbers where a reader could work one out, drawn at random (fixed seeds)."""
    r = random.Random(seed)
    rows: dict[str, list[dict[str, object]]] = {
        k: [] for k in ("tblWorkforce", "tblRecruitment", "tblCapability", "tblSurvey")
    }
    for y in (2024, 2025):
        for group, band in r.sample(_BANDS, r.randint(2, 7)):
            n = r.choice((5, 9, 30, 80, 200))
            rows["tblWorkforce"].append(_w(y, group, band, n, r.choice(_SMALL), r.choice(_SMALL)))
        for who in (ND, D):
            shortlisted = r.choice((8, 12, 30, 50, 200))
            rows["tblRecruitment"].append(
                _e(y, who, R[0], shortlisted, R[1], r.randint(0, shortlisted))
            )
            rows["tblCapability"].append(_e(y, who, C[0], None, C[1], r.choice(_SMALL)))
        for metric in r.sample(("4a-i", "4b", "5", "6", "7"), 3):
            for who in (ND, D):
                n = r.choice((9, 15, 40, 120, 400))
                rows["tblSurvey"].append(
                    _s(y, metric, who, n, r.choice((0.01, 0.02, 0.05, 0.3, 0.9, 0.97, 0.99)))
                )
        rows["tblSurvey"].append(_s(y, "8", D, r.choice((9, 30, 200)), r.choice((0.5, 0.96, 0.99))))
    return rows


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1001, 1002, 2007, 2013])
def test_random_small_number_workbooks_publish_without_a_leak(seed: int, tmp_path: Path) -> None:
    # 50 such workbooks (mixed settings) were attacked while this was written, with no
    # finding; these four seeds keep the check running.
    out = published(tmp_path, new_filled(tmp_path, _random_rows(seed)))
    found = attack(out, Rule(term=D))
    assert found.findings == []
    assert found.hidden
