"""The WDES workbook end to end: `new --standard wdes`, filled by the SPEC §10 table and
column names, refreshed through the CLI; JSON keys and values as SPEC §10 fixes them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

ROWS: dict[str, list[dict[str, object]]] = {
    "tblWorkforce": [
        {"Year": 2025, "Staff group": "Clinical", "Band": "Band 5", "Non-disabled": 450,
         "Disabled": 40, "Unknown": 10},
        {"Year": 2025, "Staff group": "Clinical", "Band": "Band 8a", "Non-disabled": 95,
         "Disabled": 2, "Unknown": 3},
        {"Year": 2025, "Staff group": "Medical & Dental", "Band": "Consultant",
         "Non-disabled": 60, "Disabled": 1, "Unknown": 9},
    ],
    "tblRecruitment": [
        {"Year": 2025, "Disability": "Non-disabled", "Shortlisted": 400, "Appointed": 100},
        {"Year": 2025, "Disability": "Disabled", "Shortlisted": 50, "Appointed": 8},
    ],
    "tblCapability": [
        {"Year": 2025, "Disability": "Non-disabled", "Headcount": None,
         "Entered formal capability": 6},
        {"Year": 2025, "Disability": "Disabled", "Headcount": None,
         "Entered formal capability": 2},
    ],
    "tblSurvey": [
        {"Year": 2025, "Metric": "4a-i", "Disability": "Non-disabled", "Respondents": 1000,
         "Percent": 20},
        {"Year": 2025, "Metric": "4a-i", "Disability": "Disabled", "Respondents": 250,
         "Percent": 0.28},
        {"Year": 2025, "Metric": "8", "Disability": "Disabled", "Respondents": 200,
         "Percent": 75.5},
        {"Year": 2025, "Metric": "9a", "Disability": "Non-disabled", "Score": 7.1},
        {"Year": 2025, "Metric": "9a", "Disability": "Disabled", "Score": 6.6},
    ],
    "tblVoices": [
        {"Year": 2025, "Facilitates voices": "Yes",
         "Narrative": "The Disability Network meets monthly with an executive sponsor."},
    ],
    "tblBoard": [
        {"Year": 2025, "Role": "Executive", "Voting": "Yes", "Disability": "Non-disabled",
         "Headcount": 5},
        {"Year": 2025, "Role": "Non-executive", "Voting": "Yes", "Disability": "Non-disabled",
         "Headcount": 6},
    ],
}  # fmt: skip


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wres_xl.cli", *args], capture_output=True, text=True, timeout=300
    )


def _fill(path: Path) -> None:
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        for name in list(ws.tables):
            if name not in ROWS:
                continue
            table = ws.tables[name]
            top = ws[table.ref.split(":")[0]].row
            headers = [c.value for c in ws[top]]
            for offset, values in enumerate(ROWS[name], start=1):
                for col, header in enumerate(headers, start=1):
                    ws.cell(top + offset, col, values.get(str(header)))  # type: ignore[call-overload]  # test rows hold cell values
            last = top + len(ROWS[name])
            table.ref = f"A{top}:{get_column_letter(len(headers))}{last}"
    wb.save(path)


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    folder = tmp_path_factory.mktemp("wdes")
    path = folder / "wdes.xlsx"
    made = _cli("new", str(path), "--standard", "wdes", "--org", "Example NHS Trust")
    assert made.returncode == 0, made.stderr
    _fill(path)
    done = _cli("refresh", str(path), "--json", str(folder / "out.json"))
    assert done.returncode == 0, done.stdout + done.stderr
    return path, json.loads((folder / "out.json").read_text())


def test_new_writes_the_spec_tables(tmp_path: Path) -> None:
    path = tmp_path / "blank.xlsx"
    assert _cli("new", str(path), "--standard", "WDES").returncode == 0
    wb = openpyxl.load_workbook(path)
    tables = {name for ws in wb.worksheets for name in ws.tables}
    assert set(tables) == {
        "tblSettings", "tblWorkforce", "tblRecruitment", "tblCapability", "tblSurvey",
        "tblVoices", "tblBoard", "tblActions",
    }  # fmt: skip
    ws = wb["Settings"]
    values = {r[0].value: r[1].value for r in ws.iter_rows(min_row=5) if r[0].value}
    assert values["Standard"] == "WDES"
    assert values["Capability period"] == "Single year"


def test_json_is_spec_section_10(refreshed: tuple[Path, dict[str, object]]) -> None:
    _, out = refreshed
    assert out["standard"] == "WDES"
    assert out["year"] == 2025
    metrics = out["indicators"]
    assert isinstance(metrics, dict)
    two = metrics["2"]
    # (100 / 400) ÷ (8 / 50) = 1.5625.
    assert two["relative_likelihood"] == pytest.approx(1.5625)
    assert two["non_disabled"]["total"] == 400
    assert two["disabled"]["events"] == 8
    three = metrics["3"]
    # Headcounts from the Workforce table: Disabled 43, non-disabled 605:
    # (2 / 43) ÷ (6 / 605) = 4.690.
    assert three["relative_likelihood"] == pytest.approx((2 / 43) / (6 / 605))
    assert metrics["1"]["overall"]["disabled_pct"] == pytest.approx(43 / 670)
    assert metrics["4a-i"]["difference_pp"] == pytest.approx(8.0)
    assert metrics["4a-i"]["rating"] == "Worse to a small degree"
    assert metrics["8"]["disabled"]["rate"] == pytest.approx(0.755)
    assert metrics["9a"]["difference"] == pytest.approx(-0.5)
    assert metrics["9b"]["facilitates_voices"] is True
    # Board: 0 Disabled of 11 voting members against 43 / 670 = 6.4% of the workforce.
    assert metrics["10"]["voting_difference_pp"] == pytest.approx(-100 * 43 / 670)
    assert metrics["10"]["rating"] == "Worse"
    assert metrics["4b"]["rating"] == "Not computed"


def test_summary_and_action_plan(refreshed: tuple[Path, dict[str, object]]) -> None:
    path, _ = refreshed
    wb = openpyxl.load_workbook(path)
    summary = {r[0].value: r for r in wb["Summary"].iter_rows(min_row=5) if r[0].value}
    assert summary["2"][2].value == pytest.approx(1.5625)
    assert summary["10"][3].value == "Worse"
    ws = wb["Action plan"]
    table = ws.tables["tblActions"]
    rows = list(ws[table.ref])
    ids = [r[0].value for r in rows[1:] if r[0].value]
    # Metric 2 is four-fifths adverse (1.56), 3 adverse, 4a-i and 10 rated Worse.
    assert {i.rsplit("-", 1)[0] for i in ids} >= {"WDES-2", "WDES-3", "WDES-4a-i", "WDES-10"}
    # A second refresh adds nothing more and changes no value (idempotent).
    again = _cli("refresh", str(path))
    assert again.returncode == 0
    rows2 = list(openpyxl.load_workbook(path)["Action plan"][table.ref])
    assert [[c.value for c in r] for r in rows2] == [[c.value for c in r] for r in rows]


def test_check_reads_the_standard_from_the_workbook(
    refreshed: tuple[Path, dict[str, object]],
) -> None:
    path, _ = refreshed
    done = _cli("check", str(path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Metric 4b" in done.stdout


def test_check_lists_the_action_plan_problems_a_wdes_refresh_would(
    refreshed: tuple[Path, dict[str, object]], tmp_path: Path
) -> None:
    # check reports what refresh reports, for the WDES as for the WRES: a status that is not
    # one, and an Indicator that names no WDES metric; the metrics ('4a-i', 10) are not
    # mistaken for bad WRES indicator numbers. Its JSON is the whole §10 JSON.
    source, _ = refreshed
    path = tmp_path / "plan.xlsx"
    path.write_bytes(source.read_bytes())
    wb = openpyxl.load_workbook(path)
    ws = wb["Action plan"]
    top = ws[ws.tables["tblActions"].ref.split(":")[0]].row
    headers = [c.value for c in ws[top]]
    ws.cell(top + 1, headers.index("Status") + 1, "Nearly")
    ws.cell(top + 2, headers.index("Indicator") + 1, "4z")
    wb.save(path)
    done = _cli("check", str(path), "--json", str(tmp_path / "check.json"))
    assert done.returncode == 0, done.stdout + done.stderr
    found = json.loads((tmp_path / "check.json").read_text())
    plan = [c for c in found["checks"] if c["sheet"] == "Action plan"]
    assert {(c["row"], c["column"]) for c in plan if c["column"] != "Lead"} == {
        (top + 1, "Status"),
        (top + 2, "Indicator"),
    }
    bad_metric = next(c for c in plan if c["column"] == "Indicator")
    assert bad_metric["message"].startswith("'4z' is not a WDES metric. Type one of 1, 2, 3,")
    assert "'Nearly' is not a status" in done.stdout
    assert found["standard"] == "WDES"
    assert set(found["indicators"]) >= {"1", "4a-i", "9b", "10"}


def test_refreshing_a_new_empty_wdes_workbook_says_what_to_fill_in(tmp_path: Path) -> None:
    # The refresh of a workbook straight from `new --standard wdes` crashed printing its
    # summary (the JSON has no year); it is a data problem, told as one, exit 1.
    path = tmp_path / "empty.xlsx"
    assert _cli("new", str(path), "--standard", "wdes").returncode == 0
    for command in ("refresh", "check"):
        done = _cli(command, str(path))
        assert done.returncode == 1, done.stdout + done.stderr
        assert "unexpected" not in done.stderr
        assert "Traceback" not in done.stderr
        assert "no WDES data yet" in done.stdout
    assert "No metrics computed: the workbook has no data yet." in _cli("refresh", str(path)).stdout
    assert "Checks" in openpyxl.load_workbook(path).sheetnames


def test_import_esr_fills_the_wdes_workforce(tmp_path: Path) -> None:
    from tests.test_wdes_esr import _csv

    path = tmp_path / "wdes.xlsx"
    assert _cli("new", str(path), "--standard", "wdes").returncode == 0
    done = _cli("import-esr", str(_csv(tmp_path / "esr.csv")), str(path), "--year", "2025")
    assert done.returncode in (0, 1), done.stdout + done.stderr
    assert "2 Non-disabled, 2 Disabled, 5 Unknown" in done.stdout
    ws = openpyxl.load_workbook(path)["Workforce"]
    rows = list(ws[ws.tables["tblWorkforce"].ref])
    header = [c.value for c in rows[0]]
    assert header == ["Year", "Staff group", "Band", "Non-disabled", "Disabled", "Unknown"]
    cells = {(r[1].value, r[2].value): tuple(c.value for c in r[3:6]) for r in rows[1:]}
    assert cells[("Clinical", "Band 5")] == (2, 1, 0)
    assert cells[("Medical & Dental", "Consultant")] == (0, 1, 1)


@pytest.mark.slow
def test_compare_refuses_a_mix_of_wres_and_wdes_workbooks_and_says_what_to_do(
    refreshed: tuple[Path, dict[str, object]], tmp_path: Path
) -> None:
    # compare now compares WDES workbooks (tests/test_wdes_compare.py); what it refuses is
    # a mix, since a WRES indicator and a WDES metric are different measures.
    path, _ = refreshed
    wres = tmp_path / "wres.xlsx"
    assert _cli("new", str(wres)).returncode == 0
    done = _cli("compare", str(path), str(wres), "-o", str(tmp_path / "compare.xlsx"))
    assert done.returncode == 2, done.stdout + done.stderr
    said = done.stdout + done.stderr
    assert "These workbooks mix standards (WDES: wdes.xlsx; WRES: wres.xlsx)" in said
    assert "run wres-xl compare once on the WRES workbooks and once on the WDES" in said
    assert not (tmp_path / "compare.xlsx").exists()


@pytest.mark.slow
def test_report_on_a_wdes_workbook_is_the_suppressed_wdes_document(
    refreshed: tuple[Path, dict[str, object]], tmp_path: Path
) -> None:
    import docx

    path, _ = refreshed
    out = tmp_path / "report.docx"
    done = _cli("report", str(path), str(out))
    assert done.returncode == 0, done.stdout + done.stderr
    document = docx.Document(str(out))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Workforce Disability Equality Standard (WDES) report 2025" in text
    assert (
        "Metric 4a-i: Harassment, bullying or abuse from patients, relatives or the public" in text
    )
    # Metric 2 (nothing small): its sentence; metric 3 (2 Disabled staff): none.
    assert "Non-disabled applicants were 1.56 times as likely" in text
    assert "Metric 3" in text
    assert "2 of 43" not in text
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
    summary = next(t for t in tables if t[0][:2] == ["Metric", "What it measures"])
    assert summary[3][2:] == ["*", "*"]  # metric 3's RL and rating, as the published file
    capability = next(t for t in tables if t[0][1:3] == ["Headcount", "Entered formal capability"])
    disabled = next(row for row in capability if row[0] == "Disabled")
    assert disabled[2] == "*"


def test_two_new_wdes_workbooks_are_byte_identical(tmp_path: Path) -> None:
    # A blank workbook carries no clock time, as the WRES template: the same command gives
    # the same file (a trust can tell a changed workbook from an unchanged one).
    from wres_xl.workbook.wdes_template import build_wdes_template

    first = build_wdes_template(tmp_path / "a.xlsx", organisation="Example NHS Trust", year=2025)
    second = build_wdes_template(tmp_path / "b.xlsx", organisation="Example NHS Trust", year=2025)
    assert first.read_bytes() == second.read_bytes()
    import zipfile

    with zipfile.ZipFile(first) as package:
        core = package.read("docProps/core.xml").decode()
    # Two saves within one second would match even with the clock in them: check the stamp.
    assert "2024-01-01T00:00:00Z" in core


def test_a_new_wdes_workbook_lays_out_and_prints_as_the_wres_one(tmp_path: Path) -> None:
    # The shared template functions: the same widths, wrapped long-text columns and print
    # setup (A4, one page wide, heading row repeated) on every input sheet of both standards.
    from wres_xl.core.wdes_standard import WDES
    from wres_xl.workbook.template import make_workbook
    from wres_xl.workbook.wdes_template import make_wdes_workbook

    wres, wdes = make_workbook(year=2025), make_wdes_workbook(year=2025)
    for spec in WDES.tables:
        ws = wdes[spec.sheet]
        setup = ws.page_setup
        assert (str(setup.paperSize), setup.fitToWidth, setup.fitToHeight) == ("9", 1, 0)  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == "$4:$4"
        assert ws.oddHeader.center.text == "&A · WDES workbook"
        assert ws.oddFooter.right.text
        theirs = wres[spec.sheet] if spec.sheet in wres.sheetnames else wres["Workforce"]
        assert ws.oddFooter.left.text == theirs.oddFooter.left.text
        assert ws.oddFooter.right.text == theirs.oddFooter.right.text
        # A heading both standards have is as wide in both.
        wres_widths = {
            c.value: theirs.column_dimensions[c.column_letter].width
            for c in theirs[theirs.tables[next(iter(theirs.tables))].ref.split(":")[0][1:]]
            if c.value
        }
        for cell in ws[4]:
            if cell.value in wres_widths and not (
                spec.sheet == "Action plan" and cell.value == "ID"
            ):
                assert ws.column_dimensions[cell.column_letter].width == wres_widths[cell.value]
    actions, wres_actions = wdes["Action plan"], wres["Action plan"]
    assert actions.page_setup.orientation == "landscape"
    for col in "CDEF":  # Action, Measure of success, Timescale, Lead: as wide as the WRES's
        assert actions.column_dimensions[col].width == wres_actions.column_dimensions[col].width
        assert actions[f"{col}5"].alignment.wrap_text


@pytest.mark.slow
def test_refresh_fits_the_heights_of_the_wdes_action_rows_it_adds(tmp_path: Path) -> None:
    from wres_xl.commands.demo.build import build_wdes_demo_workbook
    from wres_xl.report.layout import wrapped_row_height
    from wres_xl.workbook.files import refresh_file

    path = build_wdes_demo_workbook(tmp_path / "wdes.xlsx")
    refresh_file(path)
    ws = openpyxl.load_workbook(path)["Action plan"]
    rows = list(ws[ws.tables["tblActions"].ref])
    headers = [c.value for c in rows[0]]
    action = headers.index("Action")
    width = ws.column_dimensions[get_column_letter(action + 1)].width
    assert width >= 60
    added = [row for row in rows[1:] if row[0].value]
    assert len(added) >= 10
    for row in added:
        text = str(row[action].value)
        height = ws.row_dimensions[row[0].row].height
        assert height >= wrapped_row_height([(text, width)]) > 13, (row[0].value, height)
        assert row[action].alignment.wrap_text, row[0].value
