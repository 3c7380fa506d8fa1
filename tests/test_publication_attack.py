"""Issue 19: publication that cannot leak, checked by an attacker that reads only the
published file (``tests/support/attacker.py``, independent of the engine).

The three constructions of the issue, each of which recovered exact hidden counts from
files published by the earlier engine, and a sample of the random-trust attack of
``benchmarks/attack_publication.py`` run through the real ``wres-xl publish`` command.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import openpyxl
import pytest

from tests.support.attacker import Rule, attack, parse, read_cells
from tests.support.helpers import workbook_with
from wres_xl.cli import main
from wres_xl.core.model import RawTable
from wres_xl.workbook.files import refresh_file

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import attack_publication as bench


def _workforce(*rows: tuple[str, str, int, int, int]) -> list[dict[str, object]]:
    return [
        {"Year": year, "Staff group": group, "Band": band, "White": w, "BME": b, "Unknown": u}
        for year in (2023, 2024)
        for group, band, w, b, u in rows
    ]


def _publish(
    tmp_path: Path, tables: Mapping[str, Sequence[Mapping[str, object]]], **settings: object
):
    source = workbook_with(tmp_path / "trust.xlsx", tables, **{"WRES year": 2024, **settings})
    out = tmp_path / "published.xlsx"
    assert main(["publish", str(source), str(out)]) == 0
    return source, out


def _figures(path: Path) -> dict[tuple[object, ...], object]:
    return parse(read_cells(path), "BME").figures


def test_a_withheld_note_does_not_name_the_small_count(tmp_path: Path) -> None:
    # Construction 1: shortlisted 9, appointed 8. The note used to say "fewer than 8
    # White applicants were not appointed", so appointed (not named) was not small: 8.
    recruitment = [
        {"Year": year, "Ethnicity": e, "Shortlisted": s, "Appointed": a}
        for year in (2023, 2024)
        for e, s, a in (("White", 9, 8), ("BME", 40, 20), ("Unknown", 0, 0))
    ]
    survey = [
        {"Year": year, "Indicator": 5, "Ethnicity": e, "Respondents": r, "Percent": p}
        for year in (2023, 2024)
        for e, r, p in (("White", 9, 8 / 9), ("BME", 40, 0.5))
    ]
    workforce = _workforce(("Clinical", "Band 5", 300, 120, 20))
    _, out = _publish(
        tmp_path, {"tblRecruitment": recruitment, "tblSurvey": survey, "tblWorkforce": workforce}
    )
    result = attack(out, Rule())
    assert result.findings == []
    notes = parse(read_cells(out), "BME").notes
    assert not any("fewer than" in n or "not appointed" in n for n in notes), notes
    figures = _figures(out)
    assert figures[(2, 2024, "White", "events")] == "*"
    # What the reader can say of the White appointed count: at least 7 values apart.
    low, high = result.ranges[(2, 2024, "White", "events")]
    assert high - low >= 7


@pytest.mark.slow
def test_two_stars_beside_a_total_are_not_pinned_to_1(tmp_path: Path) -> None:
    # Construction 2: zeros are shown, so every * is at least 1, and "White 20, BME *,
    # Unknown *, Total 22" says both are 1.
    workforce = _workforce(("Clinical", "Band 5", 20, 1, 1), ("Clinical", "Band 6", 200, 60, 30))
    _, out = _publish(tmp_path, {"tblWorkforce": workforce})
    result = attack(out, Rule())
    assert result.findings == []
    band = (1, 2024, "Clinical", "Band 5")
    figures = _figures(out)
    assert figures[(*band, "BME")] == figures[(*band, "Unknown")] == "*"
    assert not (figures[(*band, "White")] == 20 and figures[(*band, "Total")] == 22)
    for column in ("BME", "Unknown"):
        low, high = result.ranges[(*band, column)]
        assert high - low >= 7, (column, low, high)


@pytest.mark.slow
def test_rounding_cannot_be_undone_through_the_calculated_figures(tmp_path: Path) -> None:
    # Construction 3: with 'Round published counts to' 5, the relative likelihood and
    # p-value used to come from the exact counts at full precision, so trying the 5^4
    # exact tables behind the rounded counts found the true one.
    recruitment = [
        {"Year": year, "Ethnicity": e, "Shortlisted": s, "Appointed": a}
        for year in (2023, 2024)
        for e, s, a in (("White", 143, 41), ("BME", 88, 12), ("Unknown", 0, 0))
    ]
    workforce = _workforce(("Clinical", "Band 5", 300, 120, 20))
    _, out = _publish(
        tmp_path,
        {"tblRecruitment": recruitment, "tblWorkforce": workforce},
        **{"Round published counts to": 5},
    )
    assert attack(out, Rule(round_to=5)).findings == []
    figures = _figures(out)
    white = [figures[(2, 2024, "White", k)] for k in ("events", "total")]
    bme = [figures[(2, 2024, "BME", k)] for k in ("events", "total")]
    assert white == [40, 145]
    assert bme == [10, 90]
    # The figures are those of the rounded counts, written at the precision shown.
    assert figures[(2, 2024, "BME", "rl")] == round((40 / 145) / (10 / 90), 2)
    assert figures[(2, 2024, "BME", "rl")] != round((41 / 143) / (12 / 88), 2)
    assert figures[(2, 2024, "White", "rate")] == round(40 / 145, 3)
    exact = [(a, s) for a in range(38, 43) for s in range(143, 148)]
    candidates = [
        (a, s, c, t)
        for a, s in exact
        for c in range(8, 13)
        for t in range(88, 93)
        if round((a / s) / (c / t), 2) == figures[(2, 2024, "BME", "rl")]
    ]
    assert len(candidates) > 1  # the printed figure does not single out the true table


@pytest.mark.slow
def test_board_figures_are_published_in_full_unless_the_trust_says_otherwise(
    tmp_path: Path,
) -> None:
    board = [
        {"Year": year, "Role": role, "Voting": "Yes", "Ethnicity": e, "Headcount": n}
        for year in (2023, 2024)
        for role, e, n in (
            ("Executive", "White", 5),
            ("Executive", "BME", 1),
            ("Non-executive", "White", 6),
            ("Non-executive", "BME", 2),
        )
    ]
    workforce = _workforce(("Clinical", "Band 5", 300, 120, 20))
    tables: dict[str, Sequence[Mapping[str, object]]] = {
        "tblBoard": board,
        "tblWorkforce": workforce,
    }
    _, shown = _publish(tmp_path, tables)
    assert _figures(shown)[(9, 2024, "board", "BME")] == 3
    footnote = str(openpyxl.load_workbook(shown)["Publication"]["A3"].value)
    assert "Board figures are shown in full" in footnote
    (tmp_path / "hidden").mkdir()
    _, hidden = _publish(tmp_path / "hidden", tables, **{"Suppress board figures": "Yes"})
    figures = _figures(hidden)
    assert figures[(9, 2024, "board", "BME")] == "*"
    assert figures[(9, 2024, "executive", "BME")] == "*"
    assert attack(hidden, Rule(board_in_full=False)).findings == []


def _rows(table: RawTable) -> list[dict[str, object]]:
    return [dict(zip(table.headers, row, strict=True)) for row in table.rows]


def _random_trust_tables(rng: random.Random, settings: dict[str, object]):
    tables = bench.trust(rng, settings)
    return {name: _rows(table) for name, table in tables.items() if name != "tblSettings"}


CONFIGS = [
    ("All staff", "Single year", 0, 7),
    ("Known ethnicity", "Two-year rolling", 5, 3),
    ("All staff", "Two-year rolling", 0, 10),
    ("Known ethnicity", "Single year", 5, 7),
]


@pytest.mark.slow
@pytest.mark.parametrize("config", CONFIGS, ids=lambda c: "-".join(map(str, c)))
def test_the_attacker_recovers_nothing_from_random_small_trusts(
    tmp_path: Path, config: tuple[str, str, int, int]
) -> None:
    # A sample of benchmarks/attack_publication.py (which runs 200 trusts per
    # configuration), through the real command and the real workbook.
    basis, period, round_to, threshold = config
    settings: dict[str, object] = {
        "Percentages based on": basis,
        "Disciplinary period": period,
        "Round published counts to": round_to,
        "Hide counts up to": threshold,
    }
    rng = random.Random(f"ci-{config}")
    rule = Rule(threshold=threshold, round_to=round_to)
    for n in range(2):
        folder = tmp_path / str(n)
        folder.mkdir()
        source, out = _publish(folder, _random_trust_tables(rng, settings), **settings)
        result = attack(out, rule)
        assert result.findings == [], result.findings
        # The Publication sheet of the refreshed workbook follows the same rules: the
        # same values, and the attacker recovers nothing from it either.
        refresh_file(source)
        assert read_cells(source) == read_cells(out)
        assert attack(source, rule).findings == []


@pytest.mark.slow
def test_the_attack_script_runs_clean_on_every_configuration() -> None:
    assert bench.main(["--trusts", "3"]) == 0
