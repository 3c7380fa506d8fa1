"""check, refresh, publish and the ribbon's Check are one analysis (issue 11): whatever the
workbook holds, they report the same problems and exit with the same code."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import xlwings

from tests.support import fake_xlwings as fx
from tests.support.helpers import nscht, workbook_with
from wres_xl import excel
from wres_xl.cli import main

pytestmark = pytest.mark.slow  # every test here is over 2 s


def _codes_and_checks(path: Path, tmp_path: Path) -> dict[str, tuple[int, list[dict[str, object]]]]:
    found = {}
    for command in ("check", "refresh"):
        copy = tmp_path / f"{command}-{path.name}"
        shutil.copy(path, copy)
        report = tmp_path / f"{command}.json"
        code = main(["-q", command, str(copy), "--json", str(report)])
        found[command] = (code, json.loads(report.read_text("utf-8"))["checks"])
    return found


def test_an_empty_workbook_fails_check_as_it_fails_refresh(tmp_path: Path) -> None:
    empty = tmp_path / "empty.xlsx"
    assert main(["-q", "new", str(empty)]) == 0
    found = _codes_and_checks(empty, tmp_path)
    assert found["check"] == found["refresh"]
    assert found["check"][0] == 1
    assert any("no data yet" in str(c["message"]) for c in found["check"][1])
    # publish has nothing to publish: the same data error, and no file written.
    out = tmp_path / "pub.xlsx"
    assert main(["-q", "publish", str(empty), str(out)]) == 1
    assert not out.exists()


def _hostile_inputs() -> dict[str, list[dict[str, object]]]:
    inputs = nscht()["inputs"]
    inputs["tblRecruitment"][0]["Appointed"] = 999
    inputs["tblSurvey"][0]["Respondents"] = "ninety"
    inputs["tblActions"] = [
        {"ID": "A1", "Indicator": 2, "Action": "Mentoring", "Status": "Done"},
        {"ID": "A2", "Indicator": "two", "Action": "Panels", "Status": "In progress"},
    ]
    return inputs


def test_the_action_plan_is_validated_by_check_as_by_refresh(tmp_path: Path) -> None:
    path = workbook_with(tmp_path / "t.xlsx", _hostile_inputs())
    found = _codes_and_checks(path, tmp_path)
    assert found["check"] == found["refresh"]
    plan = [c for c in found["check"][1] if c["sheet"] == "Action plan"]
    assert any(c["column"] == "Status" and "'Done'" in str(c["message"]) for c in plan), plan
    assert any(c["column"] == "Indicator" for c in plan)
    assert found["check"][0] == 1


def test_publish_exits_as_refresh_does_on_data_errors(tmp_path: Path) -> None:
    path = workbook_with(tmp_path / "t.xlsx", _hostile_inputs())
    out = tmp_path / "pub.xlsx"
    assert main(["-q", "publish", str(path), str(out)]) == 1
    assert out.exists()  # written: the figures the errors affect are shown as not available


def test_the_ribbon_check_reports_what_refresh_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = workbook_with(tmp_path / "t.xlsx", _hostile_inputs())
    found = _codes_and_checks(path, tmp_path)
    book = fx.book_from_xlsx(path)
    monkeypatch.setattr(xlwings.Book, "caller", classmethod(lambda cls: book))
    excel.check_caller()
    prompt = str(fx_alerts(book)[0]["prompt"])
    errors = sum(c["severity"] == "error" for c in found["refresh"][1])
    warnings = sum(c["severity"] == "warning" for c in found["refresh"][1])
    assert f"{errors} errors and {warnings} warnings found" in prompt
    assert book.app.calls["value.write"] == 0


def fx_alerts(book: fx.FakeBook) -> list[dict[str, object]]:
    alerts: list[dict[str, object]] = book.app.fake_alerts
    return alerts
