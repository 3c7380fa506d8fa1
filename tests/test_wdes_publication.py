"""`wres-xl publish` of a WDES workbook: the same suppression, audit and safety check as WRES.

The independent attacker (tests/support/wdes_attacker.py, the WRES attacker's integer
programme over the WDES labels) reads only the published file and the rule, and must not
narrow any hidden count below the protection interval; the raw XML of every part must
hold no hidden count where the tables hide it."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from tests.support.attacker import Rule
from tests.support.wdes_attacker import attack
from tests.test_wdes_workbook import _cli, _fill
from wres_xl.commands.publish.wdes import WDES_PUBLISHED_SHEETS
from wres_xl.commands.publish.wres import inspect_publish_copy


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("wdes-pub")
    path = folder / "wdes.xlsx"
    assert (
        _cli("new", str(path), "--standard", "wdes", "--org", "Example NHS Trust").returncode == 0
    )
    _fill(path)
    before = path.read_bytes()
    done = _cli("publish", str(path), str(folder / "published.xlsx"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert path.read_bytes() == before  # the source is only read
    return path, folder / "published.xlsx"


@pytest.mark.slow
def test_the_wdes_copy_has_the_summary_tables_and_action_plan_only(
    published: tuple[Path, Path],
) -> None:
    _, out = published
    assert inspect_publish_copy(out, WDES_PUBLISHED_SHEETS) == []
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Summary", "Publication", "Action plan", "About"]
    summary = book["Summary"]
    keys = [summary.cell(r, 1).value for r in range(5, 19)]
    assert keys == [
        "1",
        "2",
        "3",
        "4a-i",
        "4a-ii",
        "4a-iii",
        "4b",
        "5",
        "6",
        "7",
        "8",
        "9a",
        "9b",
        "10",
    ]
    # Metric 2 from 100/400 against 8/50: RL 0.25 / 0.16 = 1.5625, published as 1.56.
    assert summary["C6"].value == 1.56
    # Metric 3: 2 Disabled staff entered capability (1 to 7), so its RL and rating are hidden.
    assert summary["C7"].value == "*"
    assert summary["D7"].value == "*"
    assert summary["C17"].value == "Yes"
    texts = [c.value for row in book["Publication"].iter_rows() for c in row if c.value]
    assert "Metric 3: Entering the formal capability process, 2025 and 2024" in texts
    assert "About this file" in [c.value for c in book["About"]["A"]]


@pytest.mark.slow
def test_the_attacker_recovers_no_hidden_wdes_count(published: tuple[Path, Path]) -> None:
    _, out = published
    found = attack(out, Rule(term="Disabled"))
    # The Band 8a, consultant and capability counts of 1 and 2 are hidden, with more.
    assert len(found.hidden) >= 6
    assert found.findings == []


@pytest.mark.slow
def test_no_hidden_wdes_count_is_in_any_xml_part(published: tuple[Path, Path]) -> None:
    _, out = published
    book = openpyxl.load_workbook(out)
    sheet = book["Publication"]
    # The small counts of the inputs (Disabled in Band 8a = 2, consultants = 1, capability =
    # 2, Unknown Band 8a = 3) are shown as * in their cells (capability: the Summary test) ...
    rows = {str(r[0].value): [c.value for c in r] for r in sheet.iter_rows() if r[0].value}
    assert rows["Band 8a"][2] == "*"
    assert rows["Consultant"][2] == "*"
    with zipfile.ZipFile(out) as archive:
        for name in archive.namelist():
            text = archive.read(name).decode("utf-8")
            assert not re.search(r"<(?:\w+:)?f[ >/]", text), f"a formula in {name}"
            assert "comment" not in name
        xml = archive.read("xl/worksheets/sheet2.xml").decode("utf-8")
    # ... and nowhere else: no number cell of the tables holds a small count 1..7 (board
    # rows are published in full, and hold none here).
    board = {
        r[0].row
        for r in sheet.iter_rows()
        if r[0].value
        in ("Whole board", "Voting members", "Executive members", "Non-executive members")
    }
    small = re.findall(r'<c r="[B-I](\d+)"[^>]*><v>([1-7])</v>', xml)
    assert [cell for cell in small if int(cell[0]) not in board] == []
    assert small  # the board's 5 executive and 6 non-executive members are shown


@pytest.mark.slow
def test_the_wdes_attacker_finds_a_count_a_careless_copy_gives_away(
    published: tuple[Path, Path], tmp_path: Path
) -> None:
    """The attacker can fail: showing the consultants' 9 Unknown (hidden so that the 1
    Disabled consultant cannot be worked out) gives the 1 away as 70 - 60 - 9."""
    _, out = published
    book = openpyxl.load_workbook(out)
    sheet = book["Publication"]
    row = next(r for r in sheet.iter_rows() if r[0].value == "Consultant")
    assert row[3].value == "*"
    row[3].value = 9
    careless = tmp_path / "careless.xlsx"
    book.save(careless)
    findings = attack(careless, Rule(term="Disabled")).findings
    assert any("Consultant" in f and "narrowed to 1..1" in f for f in findings), findings


@pytest.mark.slow
def test_rounded_wdes_copy_resists_the_attacker(tmp_path: Path) -> None:
    """With 'Round published counts to' 5, every shown count is a multiple of 5 and every
    figure is calculated from the rounded counts; the attacker still recovers nothing."""
    path = tmp_path / "wdes.xlsx"
    made = _cli("new", str(path), "--standard", "wdes", "--org", "Example NHS Trust")
    assert made.returncode == 0, made.stderr
    _fill(path)
    book = openpyxl.load_workbook(path)
    settings = book["Settings"]
    row = next(r for r in settings.iter_rows() if r[0].value == "Round published counts to")
    row[1].value = 5
    book.save(path)
    out = tmp_path / "published.xlsx"
    done = _cli("publish", str(path), str(out))
    assert done.returncode == 0, done.stdout + done.stderr
    published = openpyxl.load_workbook(out)["Publication"]
    counts = [
        c.value
        for r in published.iter_rows()
        if r[0].value in ("Non-disabled", "Disabled", "Whole workforce")
        for c in r[1:2]
        if isinstance(c.value, int)
    ]
    assert counts
    assert all(v % 5 == 0 for v in counts), counts
    found = attack(out, Rule(term="Disabled", round_to=5))
    assert found.findings == []


@pytest.mark.slow
def test_a_wdes_refresh_writes_the_same_publication_and_its_internal_log(
    published: tuple[Path, Path], tmp_path: Path
) -> None:
    source, out = published
    copy = tmp_path / "refreshed.xlsx"
    copy.write_bytes(source.read_bytes())
    done = _cli("refresh", str(copy))
    assert done.returncode == 0, done.stdout + done.stderr
    refreshed = openpyxl.load_workbook(copy)
    assert {"Summary", "Publication", "Suppression log", "Checks"} <= set(refreshed.sheetnames)

    def values(ws: Worksheet) -> dict[str, object]:
        return {c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None}

    # The published copy's tables are the refreshed sheet's, cell for cell.
    assert values(openpyxl.load_workbook(out)["Publication"]) == values(refreshed["Publication"])
    log = [[c.value for c in row] for row in refreshed["Suppression log"].iter_rows(min_row=6)]
    reasons = {row[4] for row in log if row[4]}
    assert {"Primary", "Secondary", "Derived"} <= reasons
    primary = [row for row in log if row[4] == "Primary"]
    assert all(isinstance(row[3], int) and 1 <= row[3] <= 7 for row in primary)
