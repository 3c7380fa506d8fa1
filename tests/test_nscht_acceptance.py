"""Acceptance: a real trust's published WRES 2024 figures, through a real workbook and the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.support.helpers import nscht, workbook_with

pytestmark = pytest.mark.slow  # every test here is over 2 s


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("nscht")
    path = workbook_with(folder / "nscht.xlsx", nscht()["inputs"])
    out = folder / "report.json"
    done = subprocess.run(
        [sys.executable, "-m", "wres_xl.cli", "refresh", str(path), "--json", str(out)],
        capture_output=True,
        text=True,
    )
    assert done.returncode in (0, 1), done.stderr
    assert "Traceback" not in done.stderr
    return json.loads(out.read_text())


def test_indicator_1_overall_and_bands(report: dict[str, Any]) -> None:
    expected = nscht()["expected"]["indicator_1"]
    overall = report["indicators"]["1"]["overall"]
    for key in ("white", "bme", "unknown"):
        assert overall[key] == expected["overall_2024"][key]
    assert overall["bme_pct"] * 100 == pytest.approx(expected["overall_2024"]["bme_pct"], abs=0.05)
    previous = report["indicators"]["1"]["previous"]["overall"]
    assert previous["bme"] == expected["overall_2023"]["bme"]
    assert previous["bme_pct"] * 100 == pytest.approx(expected["overall_2023"]["bme_pct"], abs=0.05)
    bands = {(b["staff_group"], b["band"]): b for b in report["indicators"]["1"]["bands"]}
    assert bands[("Clinical", "Band 3")]["bme_pct"] * 100 == pytest.approx(
        expected["clinical_band_3_2024_bme_pct"], abs=0.05
    )
    assert bands[("Clinical", "Band 5")]["bme_pct"] * 100 == pytest.approx(
        expected["clinical_band_5_2024_bme_pct"], abs=0.05
    )
    assert bands[("Medical & Dental", "Consultant")]["bme_pct"] * 100 == pytest.approx(
        expected["medical_consultant_2024_bme_pct"], abs=0.05
    )


def test_relative_likelihoods(report: dict[str, Any]) -> None:
    expected = nscht()["expected"]
    for indicator in ("2", "3"):
        current = report["indicators"][indicator]
        published = expected[f"indicator_{indicator}"]
        assert round(current["relative_likelihood"], 2) == pytest.approx(published["2024"])
        assert round(current["previous"]["relative_likelihood"], 2) == pytest.approx(
            published["2023"]
        )
    # 2023 had no Global Majority disciplinary cases: RL 0, and no Katz interval exists.
    assert report["indicators"]["3"]["previous"]["ci_low"] is None


def test_survey_indicators(report: dict[str, Any]) -> None:
    expected = nscht()["expected"]
    for indicator in ("6", "7", "8"):
        got = report["indicators"][indicator]
        published = expected[f"indicator_{indicator}"]["2024"]
        assert got["bme"]["rate"] * 100 == pytest.approx(published["bme_pct"], abs=0.005)
        assert got["white"]["rate"] * 100 == pytest.approx(published["white_pct"], abs=0.005)
    # Indicator 8 (15.96% vs 4.76%) is the trust's clearest significant disparity.
    assert report["indicators"]["8"]["significant"] is True
    assert report["indicators"]["8"]["rating"].startswith("Worse")


def test_indicator_5_has_no_data_and_says_so(report: dict[str, Any]) -> None:
    five = report["indicators"]["5"]
    assert five["rating"] == "Not computed"
    assert "survey" in five["reason"].lower()


def test_board(report: dict[str, Any]) -> None:
    published = nscht()["expected"]["indicator_9"]
    board = report["indicators"]["9"]
    assert board["board_bme_pct"] * 100 == pytest.approx(published["board_bme_pct"], abs=0.005)
    assert board["workforce_bme_pct"] * 100 == pytest.approx(
        published["workforce_bme_pct"], abs=0.005
    )
    assert board["difference_pp"] == pytest.approx(published["difference_pp"], abs=0.005)
    assert board["executive_difference_pp"] + board["workforce_bme_pct"] * 100 == pytest.approx(
        published["executive_bme_pct"], abs=0.005
    )
    assert board["rating"] == "Equivalent"


def test_narrative_uses_the_trusts_term(report: dict[str, Any]) -> None:
    text = report["indicators"]["2"]["narrative"]
    assert "Global Majority applicants" in text
    assert "BME" not in text


def test_json_shape(report: dict[str, Any]) -> None:
    assert report["organisation"] == "North Staffordshire Combined Healthcare NHS Trust"
    assert report["year"] == 2024
    assert set(report["indicators"]) == {str(i) for i in range(1, 10)}
    for key in (
        "white",
        "bme",
        "relative_likelihood",
        "ci_low",
        "ci_high",
        "p_value",
        "significant",
        "four_fifths",
        "rating",
        "narrative",
        "previous",
    ):
        assert key in report["indicators"]["2"], key
    assert report["indicators"]["2"]["previous"]["year"] == 2023
    for check in report["checks"]:
        assert set(check) >= {"severity", "sheet", "row", "column", "message"}


def test_refreshed_workbook_has_every_output_sheet(tmp_path: Path) -> None:
    import openpyxl

    from wres_xl.workbook.files import refresh_file

    path = workbook_with(tmp_path / "n.xlsx", nscht()["inputs"])
    refresh_file(path)
    names = openpyxl.load_workbook(path).sheetnames
    for sheet in ("Summary", "Indicator 1", "Publication", "Checks"):
        assert sheet in names
