"""Never lose a user's data: temp file + verify + swap + backup, refusal before writing."""

from __future__ import annotations

import hashlib
import re
import shutil
import zipfile
from pathlib import Path
from typing import BinaryIO

import openpyxl
import pytest
from openpyxl.chart import BarChart, Reference

from tests.support.helpers import nscht, workbook_with
from wres_xl.errors import WresError, WresFileError
from wres_xl.workbook.files import backup_path, refresh_file
from wres_xl.workbook.package import PackageWorkbook


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _all_values(path: Path) -> dict[str, list[tuple[object, ...]]]:
    wb = openpyxl.load_workbook(path)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    return workbook_with(tmp_path / "trust.xlsx", nscht()["inputs"])


@pytest.mark.slow
def test_refresh_in_place_keeps_a_backup_of_the_previous_version(workbook: Path) -> None:
    before = workbook.read_bytes()
    refresh_file(workbook)
    assert backup_path(workbook).read_bytes() == before
    assert openpyxl.load_workbook(workbook)["Summary"]["B6"].value == "Representation by pay band"
    assert sorted(p.name for p in workbook.parent.iterdir()) == [
        "trust.backup.xlsx",
        "trust.xlsx",
    ]


@pytest.mark.slow
def test_refresh_into_output_leaves_the_original_alone(workbook: Path, tmp_path: Path) -> None:
    digest = _digest(workbook)
    out = tmp_path / "out.xlsx"
    refresh_file(workbook, output=out)
    assert _digest(workbook) == digest
    assert "Summary" in openpyxl.load_workbook(out).sheetnames
    assert not backup_path(workbook).exists()


@pytest.mark.slow
def test_two_refreshes_give_identical_cells(workbook: Path) -> None:
    refresh_file(workbook)
    first = _all_values(workbook)
    refresh_file(workbook)
    assert _all_values(workbook) == first


@pytest.mark.slow
def test_a_failing_save_leaves_the_file_byte_identical_and_no_stray_files(
    workbook: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    digest = _digest(workbook)
    real_save = PackageWorkbook.save

    def half_written(self: PackageWorkbook, handle: BinaryIO) -> None:
        real_save(self, handle)
        handle.truncate(1000)  # the disk filled up half-way through
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(PackageWorkbook, "save", half_written)
    with pytest.raises(OSError, match="No space"):
        refresh_file(workbook)
    assert _digest(workbook) == digest
    assert [p.name for p in workbook.parent.iterdir()] == ["trust.xlsx"]


@pytest.mark.slow
def test_user_sheets_and_notes_beside_tables_are_kept(workbook: Path) -> None:
    wb = openpyxl.load_workbook(workbook)
    own = wb.create_sheet("My notes")
    own["A1"] = "Board paper draft"
    own["B2"] = "=1+1"
    wb["Recruitment"]["H5"] = "Checked with HR on 3 June"
    wb["Action plan"].cell(1, 20).value = "note far right"
    wb.save(workbook)
    refresh_file(workbook)
    again = openpyxl.load_workbook(workbook)
    assert again["My notes"]["A1"].value == "Board paper draft"
    assert again["My notes"]["B2"].value == "=1+1"
    assert again["Recruitment"]["H5"].value == "Checked with HR on 3 June"
    assert again["Action plan"].cell(1, 20).value == "note far right"


@pytest.mark.slow
def test_inputs_are_never_written(workbook: Path) -> None:
    before = _all_values(workbook)
    refresh_file(workbook)
    after = _all_values(workbook)
    for sheet in ("Settings", "Workforce", "Recruitment", "Disciplinary", "Staff survey", "Board"):
        assert after[sheet] == before[sheet], sheet


def _add_chart(path: Path, sheet: str = "My chart") -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb.create_sheet(sheet)
    for i in range(1, 5):
        ws.append([f"Year {i}", i * 3])
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=2, min_row=1, max_row=4))
    ws.add_chart(chart, "D2")
    wb.save(path)


@pytest.mark.slow
def test_a_users_chart_is_kept(workbook: Path) -> None:
    _add_chart(workbook)
    refresh_file(workbook)
    assert len(openpyxl.load_workbook(workbook)["My chart"]._charts) == 1  # type: ignore[attr-defined]  # openpyxl's private list


@pytest.mark.slow
def test_a_users_picture_is_kept(workbook: Path) -> None:
    _inject_picture(workbook, "Workforce")
    refresh_file(workbook)
    with zipfile.ZipFile(workbook) as z:
        assert "xl/media/logo.png" in z.namelist()
        assert b"Logo" in z.read("xl/drawings/drawing9.xml")


def _inject_picture(path: Path, sheet_name: str) -> None:
    """Add a drawing with one picture to a sheet at package level, as Excel would save it."""
    png = bytes.fromhex(
        "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
        "0000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
    )
    src = zipfile.ZipFile(path)
    sheet_part = _sheet_part(src, sheet_name)
    rels_part = sheet_part.replace("worksheets/", "worksheets/_rels/") + ".rels"
    drawing = (
        '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        "<xdr:oneCellAnchor><xdr:from><xdr:col>8</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>1"
        '</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:ext cx="9525" cy="9525"/>'
        '<xdr:pic><xdr:nvPicPr><xdr:cNvPr id="2" name="Logo"/><xdr:cNvPicPr/></xdr:nvPicPr>'
        '<xdr:blipFill><a:blip r:embed="rId1"/><a:stretch><a:fillRect/></a:stretch></xdr:blipFill>'
        '<xdr:spPr><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr></xdr:pic>'
        "<xdr:clientData/></xdr:oneCellAnchor></xdr:wsDr>"
    )
    drawing_rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/image" Target="../media/logo.png"/></Relationships>'
    )
    out = path.with_suffix(".tmp")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == sheet_part:
                data = data.replace(
                    b"</worksheet>",
                    b'<drawing xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
                    b'relationships" r:id="rIdPic"/></worksheet>',
                )
                # <drawing> must come before <tableParts>, as the schema orders them.
                text = data.decode()
                drawing_tag = re.search(r"<drawing [^>]*/>", text)
                assert drawing_tag
                text = text.replace(drawing_tag.group(0), "")
                text = re.sub(r"(<tableParts)", drawing_tag.group(0) + r"\1", text, count=1)
                data = text.encode()
            elif item.filename == rels_part:
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdPic" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/drawing" '
                    b'Target="../drawings/drawing9.xml"/>'
                    b"</Relationships>",
                )
            elif item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Default Extension="png" ContentType="image/png"/><Override PartName='
                    b'"/xl/drawings/drawing9.xml" ContentType="application/vnd.openxmlformats-'
                    b'officedocument.drawing+xml"/></Types>',
                )
            dst.writestr(item, data)
        dst.writestr("xl/drawings/drawing9.xml", drawing)
        dst.writestr("xl/drawings/_rels/drawing9.xml.rels", drawing_rels)
        dst.writestr("xl/media/logo.png", png)
    src.close()
    shutil.move(out, path)


def _sheet_part(z: zipfile.ZipFile, sheet_name: str) -> str:
    inventory_names = {
        m.group(1): m.group(2)
        for m in re.finditer(
            r'<sheet [^>]*name="([^"]+)"[^>]*r:id="([^"]+)"', z.read("xl/workbook.xml").decode()
        )
    }
    rid = inventory_names[sheet_name]
    rels = z.read("xl/_rels/workbook.xml.rels").decode()
    target = re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="{rid}"', rels)
    assert target
    found = target.group(1) or target.group(2)
    return "xl/" + found.lstrip("/").removeprefix("xl/")


def _package_with_macros_and_ribbon(source: Path, target: Path) -> bytes:
    """Turn a refreshed .xlsx into an .xlsm with a VBA project and a custom ribbon part."""
    import xlwings

    quickstart = Path(xlwings.__file__).parent / "quickstart_standalone.xlsm"
    with zipfile.ZipFile(quickstart) as z:
        vba = z.read("xl/vbaProject.bin")
    ribbon = (
        '<customUI xmlns="http://schemas.microsoft.com/office/2009/07/customui"><ribbon><tabs>'
        '<tab id="myTab" label="My tab"><group id="g" label="Mine"><button id="b" label="Go" '
        'onAction="MyMacro"/></group></tab></tabs></ribbon></customUI>'
    )
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
                ).replace(
                    b"</Types>",
                    b'<Default Extension="bin" ContentType="application/vnd.ms-office.'
                    b'vbaProject"/></Types>',
                )
            elif item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/'
                    b'relationships/vbaProject" Target="vbaProject.bin"/></Relationships>',
                )
            elif item.filename == "_rels/.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdUi" Type="http://schemas.microsoft.com/office/2007/'
                    b'relationships/ui/extensibility" Target="customUI/customUI14.xml"/>'
                    b"</Relationships>",
                )
            dst.writestr(item, data)
        dst.writestr("xl/vbaProject.bin", vba)
        dst.writestr("customUI/customUI14.xml", ribbon)
    return vba


@pytest.mark.slow
def test_macros_and_a_custom_ribbon_are_kept(workbook: Path, tmp_path: Path) -> None:
    xlsm = tmp_path / "with-macros.xlsm"
    vba = _package_with_macros_and_ribbon(workbook, xlsm)
    refresh_file(xlsm)
    with zipfile.ZipFile(xlsm) as z:
        assert z.read("xl/vbaProject.bin") == vba
        assert b"My tab" in z.read("customUI/customUI14.xml")
        assert b"ui/extensibility" in z.read("_rels/.rels")
    assert "Summary" in openpyxl.load_workbook(xlsm, keep_vba=True).sheetnames


def test_a_truncated_file_is_reported_and_left_alone(workbook: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(workbook.read_bytes()[:5000])
    digest = _digest(broken)
    with pytest.raises(WresFileError, match="damaged") as info:
        refresh_file(broken)
    assert "Traceback" not in str(info.value)
    assert _digest(broken) == digest
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.xlsx", "trust.xlsx"]


def test_a_missing_file_and_a_wrong_type_are_plain_errors(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="does not exist"):
        refresh_file(tmp_path / "nope.xlsx")
    csv = tmp_path / "data.csv"
    csv.write_text("a,b\n")
    with pytest.raises(WresError, match=r"\.xlsx"):
        refresh_file(csv)


def test_a_workbook_open_in_excel_is_not_refreshed(workbook: Path) -> None:
    lock = workbook.with_name("~$" + workbook.name)
    lock.write_bytes(b"owner")
    digest = _digest(workbook)
    with pytest.raises(WresFileError, match="open in Excel"):
        refresh_file(workbook)
    assert _digest(workbook) == digest


@pytest.mark.slow
def test_output_sheets_charts_are_recreated_not_refused(workbook: Path) -> None:
    # The tool's own charts (on tool-owned sheets) must not block the next refresh.
    refresh_file(workbook)
    refresh_file(workbook)


@pytest.mark.slow
def test_a_users_pivot_table_is_kept(workbook: Path) -> None:
    from tests.support.pivot_package import add_pivot_table

    wb = openpyxl.load_workbook(workbook)
    ws = wb.create_sheet("Pivot data")
    for row in (["Group", "Staff"], ["North", 10], ["South", 20]):
        ws.append(row)
    wb.save(workbook)
    with zipfile.ZipFile(workbook) as z:
        part = _sheet_part(z, "Pivot data")
    add_pivot_table(workbook, part)
    # A real, readable pivot (openpyxl's private list of a sheet's pivot tables).
    assert openpyxl.load_workbook(workbook)["Pivot data"]._pivots  # type: ignore[attr-defined]

    refresh_file(workbook)
    again = openpyxl.load_workbook(workbook)
    pivots = again["Pivot data"]._pivots  # type: ignore[attr-defined]  # openpyxl's private list
    assert len(pivots) == 1
    assert pivots[0].name == "StaffPivot"
    assert pivots[0].location.ref == "D1:E4"
    with zipfile.ZipFile(workbook) as z:
        assert any(n.startswith("xl/pivotCache/pivotCacheDefinition") for n in z.namelist())
    assert "Summary" in again.sheetnames
