"""The WRES report document (wres-xl report, the ribbon's Report button, the demo) and the
published file's lead sheets: built from publication-safe figures only."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from lxml import etree

from tests.support import fake_xlwings as fx
from wres_xl import excel
from wres_xl.cli import main
from wres_xl.commands.demo.wres_data import demo_inputs
from wres_xl.commands.publish.wres import (
    PUBLISHED_SHEETS,
    inspect_publish_copy,
    publish_file,
    published_path_for,
)
from wres_xl.commands.report.docx import report_path_for, write_report
from wres_xl.workbook.openpyxl_backend import OpenpyxlWorkbook, fill_table
from wres_xl.workbook.template import make_workbook, save_workbook_deterministic

YEAR = 2025


def _workbook(
    path: Path,
    *,
    settings: dict[str, object] | None = None,
    bme_appointed: int | None = None,
) -> Path:
    """The demo trust, with settings changed and (optionally) a small number of BME
    appointments in the WRES year, which the publication must hide."""
    inputs = demo_inputs()
    for row in inputs["tblSettings"]:
        if settings and row["Setting"] in settings:
            row["Value"] = settings[row["Setting"]]
    if bme_appointed is not None:
        for row in inputs["tblRecruitment"]:
            if row["Year"] == YEAR and row["Ethnicity"] == "BME":
                row["Shortlisted"], row["Appointed"] = 40, bme_appointed
    workbook = OpenpyxlWorkbook(make_workbook(organisation="Example NHS Trust"))
    for table, rows in inputs.items():
        fill_table(workbook, table, rows)
    save_workbook_deterministic(workbook.wb, path)
    return path


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _table_numbers(docx_path: Path) -> list[int]:
    """Every whole number written alone in a table cell, except the first column (labels
    such as indicator numbers and bands)."""
    import docx

    found = []
    for table in docx.Document(str(docx_path)).tables:
        if table.rows and table.rows[0].cells[0].text.strip() == "Board members":
            continue  # published in full by default: board members are public office holders
        for row in table.rows[1:]:
            for cell in row.cells[1:]:
                text = cell.text.strip().replace(",", "")
                if re.fullmatch(r"\d+", text):
                    found.append(int(text))
    return found


@pytest.fixture(scope="module")
def demo_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("report")
    source = _workbook(
        folder / "trust.xlsx",
        settings={
            "Term for BME staff": "Global Majority",
            "Board lead": "Dr A. Example, Chief People Officer",
            "Report author": "EDI Lead",
            "Date signed off": dt.datetime(2025, 9, 12),
            "Report URL": "https://example.nhs.uk/wres",
        },
    )
    return write_report(source, folder / "trust.docx")


@pytest.mark.slow
def test_the_document_has_every_section_as_word_headings(demo_report: Path) -> None:
    import docx

    document = docx.Document(str(demo_report))
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    level1 = [text for style, text in headings if style == "Heading 1"]
    assert "Executive summary" in level1
    for i in range(1, 10):
        assert any(text.startswith(f"Indicator {i}:") for text in level1), i
    assert {"Aspirational targets", "Action plan", "Appendix: about the statistics"} <= set(level1)
    # A table-of-contents field over the headings, so Word can list them with pages.
    assert 'TOC \\o "1-2"' in _parts(demo_report)["word/document.xml"].decode()
    # Word tables, and one chart picture per indicator.
    assert len(document.tables) > 20
    # One chart picture per indicator, and a trend chart each when the workbook holds more
    # than two years (the demo holds three).
    assert len(document.inline_shapes) == 18
    assert all(s.width > 0 for s in document.inline_shapes)


@pytest.mark.slow
def test_the_cover_carries_the_sign_off_settings(demo_report: Path) -> None:
    import docx

    text = "\n".join(p.text for p in docx.Document(str(demo_report)).paragraphs[:12])
    assert "Board lead: Dr A. Example, Chief People Officer" in text
    assert "Report author: EDI Lead" in text
    assert "Date signed off by the Board: 12 September 2025" in text
    assert "Published at: https://example.nhs.uk/wres" in text
    assert "Workforce Race Equality Standard (WRES) report 2025" in text


@pytest.mark.slow
def test_the_trusts_term_is_used_throughout(demo_report: Path) -> None:
    import docx

    document = docx.Document(str(demo_report))
    words = [p.text for p in document.paragraphs]
    # The action plan's words are the trust's own (the demo's were typed with "BME").
    tables = [t for t in document.tables if t.rows[0].cells[1].text != "Action"]
    words += [c.text for t in tables for r in t.rows for c in r.cells]
    text = "\n".join(words)
    assert "Global Majority" in text
    # "BME" appears only where the cover explains the trust's term against NHS England's.
    assert [w for w in words if re.search(r"\bBME\b", w)] == [
        next(w for w in words if "the group NHS England's WRES calls BME" in w)
    ]


@pytest.mark.slow
def test_the_executive_summary_counts_changes_concerns_and_completeness(
    demo_report: Path,
) -> None:
    import docx

    text = "\n".join(p.text for p in docx.Document(str(demo_report)).paragraphs)
    summary = re.search(
        r"(\d) of the nine indicators improved .*?, (\d) got worse and (\d) showed", text
    )
    assert summary is not None
    assert sum(int(n) for n in summary.groups()) <= 9
    assert re.search(r"\d+\.\d% of staff have a recorded ethnicity", text)
    concerns = [p for p in text.splitlines() if p.startswith("Indicator ") and "):" in p]
    assert 1 <= len(concerns) <= 3


def _small_trust(folder: Path, appointed: int) -> Path:
    return _workbook(folder / f"small-{appointed}.xlsx", bme_appointed=appointed)


@pytest.mark.slow
def test_no_hidden_count_reaches_the_document(tmp_path: Path) -> None:
    """Two trusts that differ only in a count the publication hides (3 or 5 BME staff
    appointed) get byte-identical documents: nothing in any part, text or picture, depends
    on the hidden value."""
    first = write_report(_small_trust(tmp_path, 3), tmp_path / "three.docx")
    second = write_report(_small_trust(tmp_path, 5), tmp_path / "five.docx")
    a, b = _parts(first), _parts(second)
    assert a.keys() == b.keys()
    different = [name for name in a if a[name] != b[name]]
    assert different == []
    # And the hidden count is shown as the marker where it would be.
    assert not any(1 <= n <= 7 for n in _table_numbers(first))
    xml = "".join(v.decode("utf-8", "replace") for k, v in a.items() if k.endswith(".xml"))
    assert "*" in xml


@pytest.mark.slow
def test_the_same_trust_with_a_shown_count_does_differ(tmp_path: Path) -> None:
    """The check above can fail: a count above the threshold changes the document."""
    first = write_report(_small_trust(tmp_path, 12), tmp_path / "twelve.docx")
    second = write_report(_small_trust(tmp_path, 14), tmp_path / "fourteen.docx")
    assert _parts(first)["word/document.xml"] != _parts(second)["word/document.xml"]


@pytest.mark.slow
def test_the_published_file_hides_the_same_counts(tmp_path: Path) -> None:
    outs = []
    for appointed in (3, 5):
        out = tmp_path / f"published-{appointed}.xlsx"
        publish_file(_small_trust(tmp_path, appointed), out)
        outs.append(_parts(out))
    assert outs[0] == outs[1]


@pytest.mark.slow
def test_the_published_file_leads_with_summary_charts_tables_and_actions(
    tmp_path: Path,
) -> None:
    out = publish_file(_workbook(tmp_path / "trust.xlsx"), tmp_path / "published.xlsx")
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == list(PUBLISHED_SHEETS)
    assert PUBLISHED_SHEETS[:4] == ("Summary", "Charts", "Publication", "Action plan")
    summary = book["Summary"]
    assert [summary.cell(4 + i, 1).value for i in range(1, 10)] == list(range(1, 10))
    assert summary["F4"].value == "Change since last year"
    # The senior headline first, then indicators 2-4, 5-8, 9 and the bands.
    assert len(book["Charts"]._charts) == 5  # type: ignore[attr-defined]  # openpyxl's private list
    # Indicator 1's headline is the senior one, rated like the others (not "some bands").
    assert "Band 8a and above" in str(summary["C5"].value)
    assert str(summary["H5"].value).startswith(("Worse", "Better", "Equivalent"))
    assert "Band 8a and above (incl. VSM)" in str(summary["I5"].value)
    texts = [str(c.value) for row in summary.iter_rows() for c in row if c.value is not None]
    assert "Indicator 1: BME staff at senior levels, 2025 and 2024" in texts
    assert "Consultants (incl. senior medical managers)" in texts
    actions = book["Action plan"]
    assert [c.value for c in actions[4]] == [
        "Indicator",
        "Action",
        "Measure of success",
        "Timescale",
        "Lead",
        "Status",
    ]
    for ws in book.worksheets:
        assert ws.oddHeader.center.text
        assert "2025" in ws.oddHeader.center.text
        assert ws.oddFooter.right.text == "Page &P of &N"
        assert "Example NHS Trust" in (ws.oddFooter.left.text or "")
        assert int(ws.page_setup.paperSize or 0) == int(ws.PAPERSIZE_A4)
    assert book["Publication"].row_breaks.count > 0
    assert inspect_publish_copy(out) == []


@pytest.mark.slow
def test_a_picture_in_a_published_file_fails_the_inspection(tmp_path: Path) -> None:
    out = publish_file(_workbook(tmp_path / "trust.xlsx"), tmp_path / "published.xlsx")
    parts = _parts(out)
    drawing = parts["xl/drawings/drawing1.xml"].decode()
    assert drawing.endswith("</wsDr>")
    parts["xl/drawings/drawing1.xml"] = (drawing[: -len("</wsDr>")] + "<pic></pic></wsDr>").encode()
    tampered = tmp_path / "tampered.xlsx"
    with zipfile.ZipFile(tampered, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    assert any("picture" in p for p in inspect_publish_copy(tampered))


@pytest.mark.slow
def test_the_report_command_writes_and_refuses_to_overwrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _workbook(tmp_path / "trust.xlsx")
    out = tmp_path / "report.docx"
    assert main(["-q", "report", str(source), str(out)]) == 0
    first = _parts(out)
    out.write_bytes(b"my own edits")
    assert main(["-q", "report", str(source), str(out)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert out.read_bytes() == b"my own edits"
    assert main(["-q", "report", str(source), str(out), "--force"]) == 0
    assert _parts(out) == first
    assert main(["-q", "report", str(source), str(tmp_path / "report.pdf")]) == 2
    assert not list(tmp_path.glob(".~wres-*"))


@pytest.mark.slow
def test_the_demo_writes_the_report_beside_the_workbook(tmp_path: Path) -> None:
    workbook = tmp_path / "demo.xlsx"
    assert main(["-q", "demo", str(workbook)]) == 0
    report = report_path_for(workbook)
    assert report.exists()
    assert zipfile.is_zipfile(report)
    # All three things a trust prints: the workbook, the published copy and the report.
    published = published_path_for(workbook)
    assert inspect_publish_copy(published) == []
    assert openpyxl.load_workbook(published).sheetnames == list(PUBLISHED_SHEETS)
    # Run again (--force for the workbook): the demo replaces its own report.
    assert main(["-q", "demo", str(workbook), "--force"]) == 0
    # Someone else's document of that name is left alone.
    other = tmp_path / "other.xlsx"
    foreign = report_path_for(other)
    foreign.write_bytes(b"someone's document")
    assert main(["-q", "demo", str(other)]) == 2
    assert foreign.read_bytes() == b"someone's document"
    # Refused before anything was written: no workbook either.
    assert not other.exists()
    assert not published_path_for(other).exists()
    # Nor is someone else's file where the published copy would go.
    third = tmp_path / "third.xlsx"
    published_path_for(third).write_bytes(b"someone's copy")
    assert main(["-q", "demo", str(third)]) == 2
    assert published_path_for(third).read_bytes() == b"someone's copy"
    assert not third.exists()
    assert not report_path_for(third).exists()


@pytest.mark.slow
def test_the_ribbon_report_button_writes_the_same_document(tmp_path: Path) -> None:
    source = _workbook(tmp_path / "trust.xlsx")
    cli_copy = write_report(source, tmp_path / "cli.docx")
    book = fx.book_from_xlsx(source)
    book.fake_fullname = str(source)
    shown: list[tuple[str, str]] = []
    message = excel.run_report(book, alert=lambda m, mode: shown.append((m, mode)))
    out = report_path_for(source)
    assert shown == [(message, "info")]
    assert str(out) in message
    assert _parts(out) == _parts(cli_copy)
    # Pressed again, the report is not written over.
    excel.run_report(book, alert=lambda m, mode: shown.append((m, mode)))
    assert shown[-1][1] == "critical"
    assert "already exists" in shown[-1][0]


def test_the_ribbon_asks_for_an_unsaved_workbook_to_be_saved(tmp_path: Path) -> None:
    book = fx.book_from_xlsx(_workbook(tmp_path / "trust.xlsx"))
    book.fake_fullname = "Book1"
    shown: list[tuple[str, str]] = []
    excel.run_report(book, alert=lambda m, mode: shown.append((m, mode)))
    assert shown[0][1] == "critical"
    assert "Save the workbook first" in shown[0][0]


def test_the_ribbon_has_a_report_button_with_its_callback() -> None:
    root = Path(__file__).resolve().parents[1] / "vba"
    ui = (root / "customUI14.xml").read_text("utf-8")
    vba = (root / "WresRibbon.bas").read_text("utf-8")
    assert 'label="Report"' in ui
    assert 'onAction="WresReport"' in ui
    assert "Public Sub WresReport(control As IRibbonControl)" in vba
    assert "wres_xl.excel.report_caller()" in vba


@pytest.mark.slow
def test_published_charts_tell_series_apart_without_colour(tmp_path: Path) -> None:
    """Every bar series after the first has a fill pattern of its own, a dashed series is
    a reference line, and every bar is labelled with its value: colour is never the only
    difference between two series."""
    out = publish_file(_workbook(tmp_path / "trust.xlsx"), tmp_path / "published.xlsx")
    charts = [
        v.decode() for k, v in _parts(out).items() if re.fullmatch(r"xl/charts/chart\d+\.xml", k)
    ]
    assert len(charts) == 5
    c = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
    a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    for xml in charts:
        root = etree.fromstring(xml.encode())
        series = list(root.iter(f"{c}ser"))
        assert len(series) >= 2
        looks = set()
        for ser in series:
            pattern = next(ser.iter(f"{a}pattFill"), None)
            dashed = any(d.get("val") == "dash" for d in ser.iter(f"{a}prstDash"))
            looks.add(
                pattern.get("prst") if pattern is not None else ("dash" if dashed else "solid")
            )
        assert len(looks) == len(series), looks
        if "Whole workforce" not in xml or "pay band" not in xml:
            assert any(v.get("val") == "1" for v in root.iter(f"{c}showVal"))


@pytest.mark.slow
def test_every_report_table_repeats_its_header_and_keeps_rows_whole(demo_report: Path) -> None:
    xml = _parts(demo_report)["word/document.xml"].decode()
    tables = re.findall(r"<w:tbl>.*?</w:tbl>", xml, re.S)
    assert len(tables) > 20
    for table in tables:
        rows = re.findall(r"<w:tr[ >].*?</w:tr>", table, re.S)
        assert "<w:tblHeader" in rows[0]
        assert all("<w:cantSplit" in row for row in rows)


def test_the_report_leads_indicator_1_with_the_senior_levels(demo_report: Path) -> None:
    import docx

    document = docx.Document(str(demo_report))
    text = "\n".join(p.text for p in document.paragraphs)
    concerns = [p for p in text.splitlines() if p.startswith("Indicator 1 (")]
    assert concerns
    assert "at Band 8a and above (incl. VSM)" in concerns[0]
    headers = [[c.text for c in t.rows[0].cells] for t in document.tables]
    assert [
        "Senior level",
        "Global Majority %",
        "Whole workforce Global Majority %",
        "Difference (points)",
        "Rating",
    ] in headers
    # The trend covers every year the workbook holds.
    assert any(h[1:4] == ["2023", "2024", "2025"] for h in headers)


@pytest.mark.slow
def test_board_figures_are_published_and_rated_by_default(
    demo_report: Path, tmp_path: Path
) -> None:
    """Board members are public office holders: their counts are in the report and the
    published file in full, and indicator 9 carries its rating (the voting members')."""
    import docx

    document = docx.Document(str(demo_report))
    board = next(t for t in document.tables if t.rows[0].cells[0].text == "Board members")
    voting = next(r for r in board.rows if r.cells[0].text.startswith("Voting members"))
    assert [c.text for c in voting.cells[1:4]] == ["9", "2", "0"]
    glance = next(t for t in document.tables if t.rows[0].cells[0].text == "No.")
    row9 = next(r for r in glance.rows if r.cells[0].text == "9")
    assert row9.cells[-1].text == "Worse"
    out = publish_file(_workbook(tmp_path / "trust.xlsx"), tmp_path / "published.xlsx")
    summary = openpyxl.load_workbook(out)["Summary"]
    assert summary["A13"].value == 9
    assert summary["H13"].value == "Worse"


@pytest.mark.slow
def test_the_aspirational_target_is_given_for_the_trust_as_a_whole(demo_report: Path) -> None:
    """Where every staff group's senior counts are too small to publish, the target is
    still given for bands 8a and above together, from indicator 1's published headline."""
    import docx

    document = docx.Document(str(demo_report))
    target = next(t for t in document.tables if t.rows[0].cells[0].text == "Staff group")
    rows = [[c.text for c in r.cells] for r in target.rows[1:]]
    assert rows[0][0] == "All non-medical staff groups"
    total, now, goal = (int(v.replace(",", "")) for v in rows[0][1:4])
    assert now < goal <= total
    assert rows[0][4] == f"+{goal - now}"
