"""`wres-xl compare` of WDES workbooks: one row per trust and metric, each trust's rank, the
national WDES figure and a chart per metric, with each figure shown only where the trust's
own published file shows it (the same publication model and suppression)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from tests.test_wdes_workbook import _cli, _fill
from wres_xl.commands.demo.build import build_wdes_demo_workbook
from wres_xl.report.comparison import WDES_MEASURES, WITHHELD
from wres_xl.workbook.files import refresh_file


@pytest.fixture(scope="module")
def compared(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    folder = tmp_path_factory.mktemp("wdes-compare")
    demo = build_wdes_demo_workbook(folder / "demo.xlsx")
    refresh_file(demo)
    other = folder / "second.xlsx"
    made = _cli("new", str(other), "--standard", "wdes", "--org", "Second NHS Trust")
    assert made.returncode == 0, made.stderr
    _fill(other)
    out = folder / "compare.xlsx"
    done = _cli("compare", str(demo), str(other), "-o", str(out))
    assert done.returncode == 0, done.stdout + done.stderr
    published = folder / "demo published.xlsx"
    assert _cli("publish", str(demo), str(published)).returncode == 0
    return out, demo, published


def _rows(out: Path) -> dict[tuple[str, str], dict[str, object]]:
    ws = openpyxl.load_workbook(out)["Comparison"]
    header = [str(c.value) for c in ws[4]]
    rows = {}
    for r in ws.iter_rows(min_row=5, values_only=True):
        if r[0] is None:
            continue
        row: dict[str, object] = dict(zip(header, r, strict=True))
        rows[(str(r[0]), str(r[2]).split(". ")[0])] = row
    return rows


@pytest.mark.slow
def test_one_row_per_trust_and_metric_with_rank_and_national(
    compared: tuple[Path, Path, Path],
) -> None:
    out, _, _ = compared
    rows = _rows(out)
    assert {k for _, k in rows} == set(WDES_MEASURES)
    assert len(rows) == 2 * len(WDES_MEASURES)
    demo = rows[("Example NHS Trust", "2")]
    second = rows[("Second NHS Trust", "2")]
    # Metric 2: the demo's 640/2452 ÷ 58/268 = 1.21 against 100/400 ÷ 8/50 = 0.25/0.16 = 1.56;
    # lower is better for Disabled staff, so the demo ranks first.
    assert demo["Value"] == 1.21
    assert second["Value"] == 1.56
    assert demo["Rank among compared"] == "1 of 2"
    assert second["Rank among compared"] == "2 of 2"
    assert demo["National figure"] == 0.99  # 2023, data/wdes_national_benchmarks.csv
    assert demo["Against national"] == "Worse than national"
    # Metric 8: higher is better; the national figure is 2023's 73.4%.
    assert rows[("Example NHS Trust", "8")]["National figure"] == 0.734
    book = openpyxl.load_workbook(out)
    assert book["Comparison"]["D4"].value == "Measure"
    assert book["Comparison"]["C4"].value == "Metric"
    about = [c.value for c in book["About"]["A"] if c.value]
    assert any(str(v).startswith("Metric 9b (whether the trust facilitates") for v in about)
    assert len(book["Charts"]._charts) == len(WDES_MEASURES)  # type: ignore[attr-defined]  # openpyxl's private list


@pytest.mark.slow
def test_a_figure_the_published_file_hides_is_not_compared(
    compared: tuple[Path, Path, Path],
) -> None:
    out, _, published = compared
    rows = _rows(out)
    summary = openpyxl.load_workbook(published)["Summary"]
    shown = {str(summary.cell(r, 1).value): summary.cell(r, 3).value for r in range(5, 19)}
    hidden = [key for key, value in shown.items() if value == "*" and key in WDES_MEASURES]
    assert "3" in hidden  # 3 Disabled staff entered capability
    for key in hidden:
        row = rows[("Example NHS Trust", key)]
        assert row["Value"] == WITHHELD
        assert row["Previous year"] == "–"
        assert row["Rank among compared"] == "–"
    # The Second trust's 2 Disabled staff in capability are hidden too.
    assert rows[("Second NHS Trust", "3")]["Note"] == "hidden: small numbers"
