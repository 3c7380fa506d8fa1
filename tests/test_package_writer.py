"""The file refresh writes only what wres-xl owns; every other part stays byte for byte.

Each case is a real workbook made by the template and then edited at package level the way
Excel would save the feature (Excel is not available here, so the parts are written to the
Office Open XML schema by hand). After a refresh, every part the tool does not own must be
byte-identical, the file must open in openpyxl (and, for the combined case, LibreOffice),
and the OOXML validator (openxml-audit) must find no error the input did not have.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import re
import shutil
import stat
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from lxml import etree

from tests.support.helpers import nscht, workbook_with
from tests.support.package_parts import (
    MAIN,
    Parts,
    R,
    add_rel,
    add_type,
    add_user_sheet,
    insert_in_sheet,
    read_parts,
    sheet_part,
    write_parts,
)
from tests.support.slicer_package import add_slicers
from wres_xl.core import schema
from wres_xl.errors import UnsafeRefreshError, WresFileError
from wres_xl.workbook.files import backup_path, refresh_file
from wres_xl.workbook.package import PackageWorkbook, parse_rels, rels_path
from wres_xl.workbook.package_write import FONT_ORDER

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
# --- building packages ------------------------------------------------------------------


def schema_clean(parts: Parts) -> None:
    """The template's fonts list the name first (openpyxl's order), which the validator
    reports; put them in schema order so the input is valid and any error is the tool's."""
    root = etree.fromstring(parts["xl/styles.xml"])
    for font in root.iter(f"{{{MAIN}}}font"):
        kids = sorted(font, key=lambda c: FONT_ORDER.index(etree.QName(c).localname))
        for kid in kids:
            font.append(kid)
    parts["xl/styles.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")


TAIL = (
    "phoneticPr",
    "conditionalFormatting",
    "dataValidations",
    "hyperlinks",
    "printOptions",
    "pageMargins",
    "pageSetup",
    "headerFooter",
    "rowBreaks",
    "colBreaks",
    "ignoredErrors",
    "drawing",
    "legacyDrawing",
    "legacyDrawingHF",
    "tableParts",
    "extLst",
)


def _after(tag: str) -> tuple[str, ...]:
    return TAIL[TAIL.index(tag) + 1 :]


def add_chart(parts: Parts) -> None:
    part = sheet_part(parts, "Workforce")
    chart = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><c:chart>'
        '<c:plotArea><c:layout/><c:barChart><c:barDir val="col"/><c:grouping val="clustered"/>'
        '<c:ser><c:idx val="0"/><c:order val="0"/><c:val><c:numRef><c:f>Workforce!$D$6:$D$8'
        '</c:f></c:numRef></c:val></c:ser><c:axId val="1"/><c:axId val="2"/></c:barChart>'
        '<c:catAx><c:axId val="1"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
        '<c:delete val="0"/><c:axPos val="b"/><c:crossAx val="2"/></c:catAx>'
        '<c:valAx><c:axId val="2"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
        '<c:delete val="0"/><c:axPos val="l"/><c:crossAx val="1"/></c:valAx>'
        "</c:plotArea></c:chart></c:chartSpace>"
    )
    drawing = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"'
        ' xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        "<xdr:twoCellAnchor><xdr:from><xdr:col>12</xdr:col><xdr:colOff>0</xdr:colOff>"
        "<xdr:row>1</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>18</xdr:col>"
        "<xdr:colOff>0</xdr:colOff><xdr:row>15</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>"
        '<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="2" name="My chart"/>'
        '<xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr><xdr:xfrm><a:off x="0" y="0"/>'
        '<a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic><a:graphicData '
        'uri="http://schemas.openxmlformats.org/drawingml/2006/chart">'
        '<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
        f'xmlns:r="{R}" r:id="rId1"/></a:graphicData></a:graphic></xdr:graphicFrame>'
        "<xdr:clientData/></xdr:twoCellAnchor></xdr:wsDr>"
    )
    parts["xl/charts/chart77.xml"] = chart.encode()
    parts["xl/drawings/drawing77.xml"] = drawing.encode()
    add_rel(parts, "xl/drawings/drawing77.xml", "rId1", f"{R}/chart", "../charts/chart77.xml")
    add_rel(parts, part, "rIdUserChart", f"{R}/drawing", "../drawings/drawing77.xml")
    insert_in_sheet(parts, part, f'<drawing xmlns:r="{R}" r:id="rIdUserChart"/>', _after("drawing"))
    add_type(
        parts,
        '<Override PartName="/xl/charts/chart77.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.drawingml.chart+xml"/><Override PartName="/xl/drawings/'
        'drawing77.xml" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/>',
    )


def _picture_drawing(rid: str = "rId1") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"'
        f' xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="{R}">'
        "<xdr:oneCellAnchor><xdr:from><xdr:col>8</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>1"
        '</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:ext cx="95250" cy="95250"/>'
        '<xdr:pic><xdr:nvPicPr><xdr:cNvPr id="3" name="Logo"/><xdr:cNvPicPr/></xdr:nvPicPr>'
        f'<xdr:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch>'
        '</xdr:blipFill><xdr:spPr><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr>'
        "</xdr:pic><xdr:clientData/></xdr:oneCellAnchor></xdr:wsDr>"
    )


def add_picture(parts: Parts, sheet: str = "Recruitment") -> None:
    part = sheet_part(parts, sheet)
    parts["xl/drawings/drawing88.xml"] = _picture_drawing().encode()
    parts["xl/media/trustlogo.png"] = PNG
    add_rel(parts, "xl/drawings/drawing88.xml", "rId1", f"{R}/image", "../media/trustlogo.png")
    add_rel(parts, part, "rIdUserPic", f"{R}/drawing", "../drawings/drawing88.xml")
    insert_in_sheet(parts, part, f'<drawing xmlns:r="{R}" r:id="rIdUserPic"/>', _after("drawing"))
    if b'Extension="png"' not in parts["[Content_Types].xml"]:
        add_type(parts, '<Default Extension="png" ContentType="image/png"/>')
    add_type(
        parts,
        '<Override PartName="/xl/drawings/drawing88.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/>',
    )


def add_rich_text(parts: Parts) -> None:
    """Rich text in a shared string on a user sheet and inline on the Action plan sheet
    (which the refresh edits), beside the tables."""
    sst = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<sst xmlns="{MAIN}" count="1" uniqueCount="1"><si><r><rPr><b/><sz val="11"/>'
        '<color rgb="FFC00000"/><rFont val="Arial"/></rPr><t>Checked</t></r><r><t xml:space='
        '"preserve"> with HR</t></r></si></sst>'
    )
    parts["xl/sharedStrings.xml"] = sst.encode()
    add_rel(parts, "xl/workbook.xml", "rIdSst", f"{R}/sharedStrings", "sharedStrings.xml")
    add_type(
        parts,
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats'
        '-officedocument.spreadsheetml.sharedStrings+xml"/>',
    )
    _put_cell(parts, sheet_part(parts, "Recruitment"), 2, "N", '<c r="N2" t="s"><v>0</v></c>')
    _put_cell(
        parts,
        sheet_part(parts, "Action plan"),
        2,
        "T",
        '<c r="T2" t="inlineStr"><is><r><rPr><i/><sz val="10"/><rFont val="Arial"/></rPr>'
        '<t>Rich</t></r><r><rPr><b/><sz val="10"/><rFont val="Arial"/></rPr><t>Note</t></r>'
        "</is></c>",
    )


def _put_cell(parts: Parts, part: str, row: int, col: str, xml: str) -> None:
    """Add a cell at the end of a row (``col`` beyond the row's other cells)."""
    text = parts[part].decode()
    m = re.search(rf'<row r="{row}"[^>]*?(/?)>', text)
    if m is None:
        later = [x for x in re.finditer(r'<row r="(\d+)"', text) if int(x.group(1)) > row]
        at = later[0].start() if later else text.index("</sheetData>")
        text = text[:at] + f'<row r="{row}">{xml}</row>' + text[at:]
    elif m.group(1):
        text = text[: m.start()] + m.group(0)[:-2] + ">" + xml + "</row>" + text[m.end() :]
    else:
        end = text.index("</row>", m.end())
        text = text[:end] + xml + text[end:]
    text = re.sub(rf'(<row r="{row}"[^>]*?) spans="[^"]*"', r"\1", text)
    parts[part] = text.encode()


def add_dynamic_array(parts: Parts) -> None:
    part = "xl/worksheets/sheetUser.xml"
    parts[part] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<worksheet xmlns="{MAIN}" xmlns:r="{R}"><sheetData>'
        '<row r="1"><c r="A1" cm="1"><f t="array" ref="A1:A3">_xlfn._xlws.SORT(B1:B3)</f>'
        '<v>1</v></c><c r="B1"><v>3</v></c></row><row r="2"><c r="A2"><v>2</v></c>'
        '<c r="B2"><v>1</v></c></row><row r="3"><c r="A3"><v>3</v></c><c r="B3"><v>2</v></c>'
        "</row></sheetData></worksheet>"
    ).encode()
    parts["xl/metadata.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<metadata xmlns="{MAIN}" xmlns:xda="http://schemas.microsoft.com/office/'
        'spreadsheetml/2017/dynamicarray"><metadataTypes count="1"><metadataType '
        'name="XLDAPR" minSupportedVersion="120000" copy="1" pasteAll="1" pasteValues="1" '
        'merge="1" splitFirst="1" rowColShift="1" clearFormats="1" clearComments="1" '
        'assign="1" coerce="1" cellMeta="1"/></metadataTypes><futureMetadata name="XLDAPR" '
        'count="1"><bk><extLst><ext uri="{bdbb8cdc-fa1e-496e-a857-3c3f30c029c3}">'
        '<xda:dynamicArrayProperties fDynamic="1" fCollapsed="0"/></ext></extLst></bk>'
        '</futureMetadata><cellMetadata count="1"><bk><rc t="1" v="0"/></bk></cellMetadata>'
        "</metadata>"
    ).encode()
    add_user_sheet(parts, "Sorted", part)
    add_rel(parts, "xl/workbook.xml", "rIdMeta", f"{R}/sheetMetadata", "metadata.xml")
    add_type(
        parts,
        '<Override PartName="/xl/metadata.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheetMetadata+xml"/>',
    )


def add_custom_xml(parts: Parts) -> None:
    parts["customXml/item1.xml"] = (
        b'<?xml version="1.0" encoding="utf-8"?><p:properties xmlns:p="http://schemas.'
        b'microsoft.com/office/2006/metadata/properties"><documentManagement><Department>'
        b"People</Department></documentManagement></p:properties>"
    )
    parts["customXml/itemProps1.xml"] = (
        b'<?xml version="1.0" encoding="utf-8"?><ds:datastoreItem ds:itemID="{6C2A7F3E-1111-'
        b'4222-8333-944455556666}" xmlns:ds="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/customXml"><ds:schemaRefs><ds:schemaRef ds:uri="http://schemas.microsoft.com/'
        b'office/2006/metadata/properties"/></ds:schemaRefs></ds:datastoreItem>'
    )
    add_rel(parts, "customXml/item1.xml", "rId1", f"{R}/customXmlProps", "itemProps1.xml")
    add_rel(parts, "xl/workbook.xml", "rIdCx", f"{R}/customXml", "../customXml/item1.xml")
    add_type(
        parts,
        '<Override PartName="/customXml/itemProps1.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.customXmlProperties+xml"/>',
    )


def add_header_image(parts: Parts) -> None:
    part = sheet_part(parts, "Board")
    vml = (
        '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:'
        'office:office" xmlns:x="urn:schemas-microsoft-com:office:excel"><v:shape id="LH" '
        'o:spid="_x0000_s1025" type="#_x0000_t75" style="position:absolute;margin-left:0;'
        'margin-top:0;width:30pt;height:30pt;z-index:1"><v:imagedata o:relid="rId1" '
        'o:title="logo"/><o:lock v:ext="edit" rotation="t"/></v:shape></xml>'
    )
    parts["xl/drawings/vmlDrawingHF1.vml"] = vml.encode()
    parts["xl/media/headerlogo.png"] = PNG
    add_rel(parts, "xl/drawings/vmlDrawingHF1.vml", "rId1", f"{R}/image", "../media/headerlogo.png")
    add_rel(parts, part, "rIdHF", f"{R}/vmlDrawing", "../drawings/vmlDrawingHF1.vml")
    text = parts[part].decode()
    text = re.sub(r"<headerFooter[^>]*/>|<headerFooter.*?</headerFooter>", "", text, flags=re.S)
    parts[part] = text.encode()
    insert_in_sheet(
        parts, part, "<headerFooter><oddHeader>&amp;L&amp;G</oddHeader></headerFooter>",
        _after("headerFooter"),
    )  # fmt: skip
    insert_in_sheet(parts, part, f'<legacyDrawingHF xmlns:r="{R}" r:id="rIdHF"/>',
                    _after("legacyDrawingHF"))  # fmt: skip
    if b'Extension="vml"' not in parts["[Content_Types].xml"]:
        add_type(parts, '<Default Extension="vml" ContentType="application/vnd.openxmlformats-'
                 'officedocument.vmlDrawing"/>')  # fmt: skip
    if b'Extension="png"' not in parts["[Content_Types].xml"]:
        add_type(parts, '<Default Extension="png" ContentType="image/png"/>')


def make_signed_xlsm(parts: Parts) -> None:
    ct = (
        parts["[Content_Types].xml"]
        .decode()
        .replace(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
        )
    )
    parts["[Content_Types].xml"] = ct.encode()
    add_type(
        parts,
        '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
        '<Override PartName="/xl/vbaProjectSignature.bin" ContentType="application/vnd.ms-'
        'office.vbaProjectSignature"/>',
    )
    # Not a real VBA project: the test is that these bytes come back unchanged. They start
    # as compound files do, which is what the validator checks.
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    parts["xl/vbaProject.bin"] = ole + b"VBA project bytes" + bytes(range(256))
    parts["xl/vbaProjectSignature.bin"] = ole + b"PKCS7 signature" + bytes(range(255, 0, -1))
    add_rel(
        parts, "xl/workbook.xml", "rIdVba", "http://schemas.microsoft.com/office/2006/"
        "relationships/vbaProject", "vbaProject.bin",
    )  # fmt: skip
    add_rel(
        parts, "xl/vbaProject.bin", "rId1", "http://schemas.microsoft.com/office/2006/"
        "relationships/vbaProjectSignature", "vbaProjectSignature.bin",
    )  # fmt: skip
    wb = parts["xl/workbook.xml"].decode()
    wb = re.sub(r"<workbookPr\s*/>", '<workbookPr codeName="ThisWorkbook"/>', wb)
    parts["xl/workbook.xml"] = wb.encode()
    # Excel gives every sheet a code name, the tool's sheets too.
    for name in sheet_names(parts):
        part = sheet_part(parts, name)
        text = parts[part].decode()
        if "<sheetPr" in text:
            text = re.sub(r"<sheetPr", f'<sheetPr codeName="{code_name(name)}"', text, count=1)
        else:
            text = re.sub(
                r"(<worksheet[^>]*>)", rf'\1<sheetPr codeName="{code_name(name)}"/>', text
            )
        parts[part] = text.encode()


def code_name(sheet: str) -> str:
    return "Sheet" + re.sub(r"\W", "", sheet)


def code_names(parts: Parts) -> dict[str, str | None]:
    out = {}
    for name in sheet_names(parts):
        m = re.search(rb'<sheetPr[^>]*codeName="([^"]*)"', parts[sheet_part(parts, name)])
        out[name] = m.group(1).decode() if m else None
    return out


def add_cached_formula(parts: Parts) -> tuple[str, int]:
    """A formula in a Workforce count cell, with the result Excel saved."""
    part = sheet_part(parts, "Workforce")
    text = parts[part].decode()
    # The first numeric data cell of the table (a count).
    m = re.search(r'<c r="([D-Z]\d+)"([^>]*?)(?: t="n")?><v>(\d+)</v></c>', text)
    assert m, "no count cell"
    ref, attrs, value = m.group(1), m.group(2), int(m.group(3))
    cell = f'<c r="{ref}"{attrs}><f>{value - 1}+1</f><v>{value}</v></c>'
    parts[part] = (text[: m.start()] + cell + text[m.end() :]).encode()
    return ref, value


def add_local_names(parts: Parts) -> None:
    wb = parts["xl/workbook.xml"].decode()
    names = (
        '<definedName name="MyNote" localSheetId="2">Workforce!$A$1</definedName>'
        '<definedName name="TrustTotal">Workforce!$D$6</definedName>'
    )
    if "<definedNames>" in wb:
        wb = wb.replace("<definedNames>", "<definedNames>" + names, 1)
    else:
        wb = wb.replace("</sheets>", "</sheets><definedNames>" + names + "</definedNames>", 1)
    parts["xl/workbook.xml"] = wb.encode()


def add_views_ranges_ignored(parts: Parts) -> None:
    part = sheet_part(parts, "Disciplinary")
    before_csv = ("phoneticPr",)
    insert_in_sheet(
        parts, part,
        '<protectedRanges><protectedRange sqref="A1:B2" name="HR only"/></protectedRanges>',
        ("scenarios", "autoFilter", "sortState", "dataConsolidate", "customSheetViews",
         "mergeCells", *before_csv, *TAIL),
    )  # fmt: skip
    insert_in_sheet(
        parts, part,
        '<customSheetViews><customSheetView guid="{11111111-2222-3333-4444-555555555555}" '
        'scale="85" showGridLines="0"><selection activeCell="B3" sqref="B3"/>'
        "</customSheetView></customSheetViews>",
        ("mergeCells", *before_csv, *TAIL),
    )  # fmt: skip
    insert_in_sheet(
        parts,
        part,
        '<ignoredErrors><ignoredError sqref="A1:Z99" numberStoredAsText="1"/></ignoredErrors>',
        _after("ignoredErrors"),
    )


def add_query(parts: Parts) -> None:
    """A Power Query style connection with a query table on a user sheet."""
    part = sheet_part(parts, "Start")
    parts["xl/connections.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<connections xmlns="{MAIN}"><connection id="1" name="Query - Staff" type="5" '
        'refreshedVersion="6" background="1" saveData="1"><dbPr connection="Provider='
        'Microsoft.Mashup.OleDb.1;Data Source=$Workbook$;Location=Staff" command="SELECT * '
        'FROM [Staff]"/></connection></connections>'
    ).encode()
    parts["xl/queryTables/queryTable1.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<queryTable xmlns="{MAIN}" name="Staff" connectionId="1" autoFormatId="16" '
        'applyNumberFormats="0" applyBorderFormats="0" applyFontFormats="0" '
        'applyPatternFormats="0" applyAlignmentFormats="0" applyWidthHeightFormats="0"/>'
    ).encode()
    add_rel(parts, "xl/workbook.xml", "rIdConn", f"{R}/connections", "connections.xml")
    add_rel(parts, part, "rIdQt", f"{R}/queryTable", "../queryTables/queryTable1.xml")
    add_type(
        parts,
        '<Override PartName="/xl/connections.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.connections+xml"/><Override PartName="/xl/queryTables/'
        'queryTable1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.queryTable+xml"/>',
    )


CASES: dict[str, Callable[[Parts], object]] = {
    "query": add_query,
    "chart": add_chart,
    "picture": add_picture,
    "rich text": add_rich_text,
    "dynamic array": add_dynamic_array,
    "customXml": add_custom_xml,
    "header image": add_header_image,
    "signed xlsm with code names": make_signed_xlsm,
    "cached formula": add_cached_formula,
    "sheet-local names": add_local_names,
    "custom views, protected ranges, ignored errors": add_views_ranges_ignored,
    "table and pivot slicers": add_slicers,
}


# --- what a refresh may change ------------------------------------------------------------


def owned_parts(parts: Parts) -> set[str]:
    """Parts a refresh may rewrite: the owned sheets and everything hanging off them, the
    Action plan sheet and its table, and the shared parts the issue lists."""
    out = {
        "xl/styles.xml",
        "[Content_Types].xml",
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "xl/calcChain.xml",
    }
    out |= {n for n in parts if n.startswith("customXml/") and "wres" in n}
    names = {s.get("name") for s in etree.fromstring(parts["xl/workbook.xml"]).iter(
        f"{{{MAIN}}}sheet")}  # fmt: skip
    for name in [*schema.OUTPUT_SHEETS, "Action plan"]:
        if name not in names:
            continue
        todo = [sheet_part(parts, name)]
        while todo:
            part = todo.pop()
            out |= {part, rels_path(part)}
            if rels_path(part) in parts and name != "Action plan":
                todo += [r.target for r in parse_rels(parts[rels_path(part)], part)]
            elif rels_path(part) in parts:
                out |= {
                    r.target
                    for r in parse_rels(parts[rels_path(part)], part)
                    if r.type.endswith("/table")
                }
    return out


def assert_kept(before: Parts, after: Parts) -> None:
    allowed = owned_parts(before) | owned_parts(after)
    changed = [n for n in before if n not in allowed and after.get(n) != before[n]]
    assert not changed, f"parts the tool does not own changed or vanished: {changed}"


def validator_errors(path: Path) -> list[str]:
    from openxml_audit import OpenXmlValidator
    from openxml_audit.errors import ValidationSeverity

    result = OpenXmlValidator().validate(path)
    return [str(e) for e in result.errors if e.severity == ValidationSeverity.ERROR]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def template_parts(tmp_path_factory: pytest.TempPathFactory) -> Parts:
    folder = tmp_path_factory.mktemp("base")
    path = workbook_with(folder / "trust.xlsx", nscht()["inputs"])
    parts = read_parts(path)
    schema_clean(parts)
    return parts


def build(tmp_path: Path, parts: Parts, *edits: Callable[[Parts], object], suffix: str = ".xlsx"
          ) -> Path:  # fmt: skip
    parts = dict(parts)
    for edit in edits:
        edit(parts)
    path = tmp_path / f"trust{suffix}"
    write_parts(path, parts)
    return path


# --- the cases ----------------------------------------------------------------------------


@pytest.mark.slow
def test_the_clean_template_passes_the_validator(tmp_path: Path, template_parts: Parts) -> None:
    path = build(tmp_path, template_parts)
    assert validator_errors(path) == []
    refresh_file(path)
    assert validator_errors(path) == []


@pytest.mark.slow
@pytest.mark.parametrize("case", list(CASES))
# openpyxl (reading the result) warns that it would drop the user's slicers; the package
# writer keeps them (asserted byte for byte).
@pytest.mark.filterwarnings("ignore:Slicer List extension is not supported:UserWarning")
@pytest.mark.filterwarnings("ignore:Unknown extension is not supported:UserWarning")
def test_a_refresh_keeps_every_part_it_does_not_own(
    case: str, tmp_path: Path, template_parts: Parts
) -> None:
    suffix = ".xlsm" if "xlsm" in case else ".xlsx"
    path = build(tmp_path, template_parts, CASES[case], suffix=suffix)
    before = read_parts(path)
    assert validator_errors(path) == []  # the input is valid, so any error is the tool's
    result = refresh_file(path)
    after = read_parts(path)
    assert_kept(before, after)
    assert "Summary" in result.sheets_written
    wb = openpyxl.load_workbook(path, keep_vba=suffix == ".xlsm")
    assert wb["Summary"]["B6"].value == "Representation by pay band"
    assert validator_errors(path) == []


@pytest.mark.slow
def test_rich_text_on_the_edited_action_plan_sheet_is_kept(
    tmp_path: Path, template_parts: Parts
) -> None:
    path = build(tmp_path, template_parts, add_rich_text)
    refresh_file(path)
    after = read_parts(path)
    sheet = after[sheet_part(after, "Action plan")].decode()
    assert re.search(r"<(\w+:)?i/>.*?<(\w+:)?t>Rich</", sheet)
    assert "Note</" in sheet
    ratings = [
        c.value for c in openpyxl.load_workbook(path)["Action plan"]["A"] if c.value is not None
    ]
    assert ratings  # the refresh did write the action plan


@pytest.mark.slow
def test_a_formula_input_with_a_saved_result_is_read_and_kept(
    tmp_path: Path, template_parts: Parts
) -> None:
    parts = dict(template_parts)
    ref, value = add_cached_formula(parts)
    path = tmp_path / "trust.xlsx"
    write_parts(path, parts)
    first = refresh_file(path)
    second = refresh_file(path)  # failed before: "holds a formula whose result is not saved"
    assert first.json == second.json
    cell = openpyxl.load_workbook(path)["Workforce"][ref]
    assert cell.value == f"={value - 1}+1"
    assert openpyxl.load_workbook(path, data_only=True)["Workforce"][ref].value == value


def libreoffice_text(path: Path, folder: Path) -> str:
    """The text of ``path`` as LibreOffice renders it to PDF (it must open the file)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    profile = (folder / "profile").as_uri()
    out = folder / "pdf"
    done = subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(out), str(path)],
        capture_output=True, text=True, timeout=240,
    )  # fmt: skip
    pdf = out / (path.stem + ".pdf")
    assert done.returncode == 0, done.stderr
    assert pdf.exists(), done.stderr
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout


@pytest.mark.slow
def test_the_kitchen_sink_opens_in_libreoffice(tmp_path: Path, template_parts: Parts) -> None:
    edits = [e for k, e in CASES.items() if "xlsm" not in k]
    path = build(tmp_path, template_parts, *edits)
    before = read_parts(path)
    refresh_file(path)
    assert_kept(before, read_parts(path))
    assert validator_errors(path) == []
    assert "Representation by pay band" in libreoffice_text(path, tmp_path)


# --- what a user put on an owned sheet ------------------------------------------------------


def _edit_owned(path: Path, edit: Callable[[Parts], object]) -> None:
    parts = read_parts(path)
    edit(parts)
    write_parts(path, parts)


@pytest.mark.slow
def test_a_value_typed_on_an_owned_sheet_is_refused_not_dropped(
    tmp_path: Path, template_parts: Parts
) -> None:
    path = build(tmp_path, template_parts)
    refresh_file(path)
    _edit_owned(
        path,
        lambda p: _put_cell(
            p,
            sheet_part(p, "Summary"),
            3,
            "Z",
            '<c r="Z3" t="inlineStr"><is><t>my note</t></is></c>',
        ),
    )
    digest = _digest(path)
    backup = _digest(backup_path(path))
    with pytest.raises(UnsafeRefreshError) as info:
        refresh_file(path)
    message = str(info.value)
    assert "'Summary'" in message
    assert "Z3" in message
    assert "not changed" in message
    assert "sheet of your own" in message
    assert _digest(path) == digest
    assert _digest(backup_path(path)) == backup
    assert sorted(p.name for p in tmp_path.iterdir()) == ["trust.backup.xlsx", "trust.xlsx"]


@pytest.mark.slow
def test_a_picture_on_an_owned_sheet_is_refused(tmp_path: Path, template_parts: Parts) -> None:
    path = build(tmp_path, template_parts)
    refresh_file(path)
    _edit_owned(path, lambda p: add_picture(p, "Checks"))
    _assert_refused_untouched(path, r"'Checks'.*1 picture WRES did not draw")


@pytest.mark.slow
def test_a_chart_added_to_an_owned_sheet_is_refused(tmp_path: Path, template_parts: Parts) -> None:
    path = build(tmp_path, template_parts)
    refresh_file(path)

    def extra_chart(parts: Parts) -> None:
        part = sheet_part(parts, "Trends")
        drawing_rel = next(
            r for r in parse_rels(parts[rels_path(part)], part) if r.type.endswith("/drawing")
        )
        text = parts[drawing_rel.target].decode()
        anchor = r"<(?:xdr:)?(two|one)CellAnchor.*?</(?:xdr:)?\1CellAnchor>"
        anchors = [m.group(0) for m in re.finditer(anchor, text, re.S)]
        assert anchors
        parts[drawing_rel.target] = text.replace(anchors[0], anchors[0] * 2, 1).encode()

    _edit_owned(path, extra_chart)
    _assert_refused_untouched(path, r"'Trends'.*1 chart WRES did not draw")


def _assert_refused_untouched(path: Path, pattern: str) -> None:
    """Refused before anything was written, saying what to do."""
    digest, backup = _digest(path), _digest(backup_path(path))
    with pytest.raises(UnsafeRefreshError, match=pattern) as info:
        refresh_file(path)
    assert "not changed" in str(info.value)
    assert "sheet of your own" in str(info.value)
    assert _digest(path) == digest
    assert _digest(backup_path(path)) == backup
    assert sorted(p.name for p in path.parent.iterdir()) == [backup_path(path).name, path.name]


@pytest.mark.slow
def test_what_the_tool_wrote_last_time_is_not_mistaken_for_a_users(
    tmp_path: Path, template_parts: Parts
) -> None:
    """A refresh with many problems writes a long Checks sheet; once they are fixed the next
    one writes a short sheet, and the rows it no longer fills were the tool's own."""
    parts = dict(template_parts)
    part = sheet_part(parts, "Workforce")
    clean = parts[part]
    parts[part] = re.sub(
        rb'<c r="([D-Z]\d+)"([^>]*?)(?: t="n")?><v>\d+</v></c>',
        lambda m: (
            b'<c r="' + m.group(1) + b'"' + m.group(2) + b' t="inlineStr"><is><t>lots</t></is></c>'
        ),
        clean,
    )
    path = tmp_path / "trust.xlsx"
    write_parts(path, parts)
    long_run = refresh_file(path)
    long_rows = openpyxl.load_workbook(path)["Checks"].max_row
    fixed = read_parts(path)
    fixed[part] = clean
    write_parts(path, fixed)
    short_run = refresh_file(path)  # no refusal
    assert len(short_run.checks) < len(long_run.checks)
    assert openpyxl.load_workbook(path)["Checks"].max_row < long_rows


@pytest.mark.slow
def test_a_value_typed_on_an_owned_sheet_before_any_record_is_refused(
    tmp_path: Path, template_parts: Parts
) -> None:
    """A workbook never refreshed by this version has no record: the tool's cells are known
    by their formats, and a value typed into a blank cell is the user's."""
    path = build(
        tmp_path,
        template_parts,
        lambda p: _put_cell(
            p, sheet_part(p, "Trends"), 3, "Z", '<c r="Z3" t="inlineStr"><is><t>x</t></is></c>'
        ),
    )
    with pytest.raises(UnsafeRefreshError, match=r"'Trends'.*Z3"):
        refresh_file(path)


# --- repeat refreshes ---------------------------------------------------------------------


@pytest.mark.slow
def _every_case(suffix: str) -> list[Callable[[Parts], object]]:
    return [e for k, e in CASES.items() if ("xlsm" in k) == (suffix == ".xlsm") or "xlsm" not in k]


@pytest.mark.parametrize("suffix", [".xlsx", ".xlsm"])
def test_two_refreshes_give_identical_packages(
    suffix: str, tmp_path: Path, template_parts: Parts
) -> None:
    path = build(tmp_path, template_parts, *_every_case(suffix), suffix=suffix)
    refresh_file(path)
    first = read_parts(path)
    refresh_file(path)
    second = read_parts(path)
    # Nothing differs: the tool stamps no time into the parts it owns.
    assert sorted(first) == sorted(second)
    assert [n for n in first if first[n] != second[n]] == []


@pytest.mark.parametrize("hostile", [False, True], ids=["template", "every case"])
@pytest.mark.slow
def test_ten_refreshes_leave_styles_as_after_the_first(
    hostile: bool, tmp_path: Path, template_parts: Parts
) -> None:
    path = build(tmp_path, template_parts, *(_every_case(".xlsx") if hostile else []))
    refresh_file(path)
    styles = read_parts(path)["xl/styles.xml"]
    for _ in range(9):
        refresh_file(path)
    assert read_parts(path)["xl/styles.xml"] == styles
    count = int(re.search(rb'<cellXfs count="(\d+)"', styles).group(1))
    assert count < 120


# --- the file the user has ------------------------------------------------------------------


@pytest.mark.slow
def test_a_private_file_stays_private_and_keeps_its_owner(tmp_path: Path, template_parts: Parts
                                                          ) -> None:  # fmt: skip
    path = build(tmp_path, template_parts)
    os.chmod(path, 0o600)
    os.chown(path, 1234, 5678) if os.geteuid() == 0 else None
    seen: list[int] = []
    real_save = PackageWorkbook.save

    def watching(self: PackageWorkbook, handle: object) -> None:
        temps = [p for p in tmp_path.iterdir() if p.name.startswith(".~wres-")]
        seen.extend(stat.S_IMODE(p.stat().st_mode) for p in temps)
        real_save(self, handle)  # type: ignore[arg-type]

    PackageWorkbook.save = watching  # type: ignore[method-assign]
    try:
        refresh_file(path)
    finally:
        PackageWorkbook.save = real_save  # type: ignore[method-assign]
    assert seen
    assert set(seen) == {0o600}
    info = path.stat()
    assert stat.S_IMODE(info.st_mode) == 0o600
    assert stat.S_IMODE(backup_path(path).stat().st_mode) == 0o600
    if os.geteuid() == 0:
        assert (info.st_uid, info.st_gid) == (1234, 5678)


@pytest.mark.slow
def test_a_symbolic_link_refreshes_the_real_workbook(tmp_path: Path, template_parts: Parts) -> None:
    real_folder = tmp_path / "shared drive"
    real_folder.mkdir()
    real = build(real_folder, template_parts)
    link = tmp_path / "link.xlsx"
    link.symlink_to(real)
    refresh_file(link)
    assert link.is_symlink()
    assert os.path.realpath(link) == str(real)
    assert "wresOwnedSheets" in str(read_parts(real).keys())
    assert backup_path(real).exists()


@pytest.mark.slow
def test_a_read_only_file_is_refused_with_a_message(tmp_path: Path, template_parts: Parts) -> None:
    path = build(tmp_path, template_parts)
    os.chmod(path, 0o444)
    digest = _digest(path)
    with pytest.raises(WresFileError, match="read-only") as info:
        refresh_file(path)
    assert "nothing was changed" in str(info.value)
    assert _digest(path) == digest
    assert [p.name for p in tmp_path.iterdir()] == ["trust.xlsx"]


@pytest.mark.slow
def test_stale_temporary_copies_of_this_workbook_are_removed(
    tmp_path: Path, template_parts: Parts
) -> None:
    path = build(tmp_path, template_parts)
    # A killed refresh (a process id no longer running) and an old-style leftover.
    dead = subprocess.run(["true"]).returncode  # noqa: F841 - a short-lived process
    stale = tmp_path / ".~wres-trust.xlsx.999999.deadbeef.refresh.tmp"
    stale.write_bytes(b"unredacted copy")
    # A draft another command is writing (wres-xl demo names it so) is not this refresh's.
    draft = tmp_path / f".~wres-{'ab' * 16}.xlsx"
    draft.write_bytes(b"a draft in progress")
    other = tmp_path / ".~wres-other.xlsx.999999.deadbeef.refresh.tmp"
    other.write_bytes(b"another workbook's copy")
    live = tmp_path / f".~wres-trust.xlsx.{os.getppid()}.cafe.refresh.tmp"
    live.write_bytes(b"a refresh still running")
    refresh_file(path)
    assert not stale.exists()
    assert other.exists()
    assert live.exists()
    assert draft.exists()


_KILLED_CHILD = """
import sys, time
from pathlib import Path
from wres_xl.workbook import files, package

stage = sys.argv[2]
if stage == "refresh":
    real = package.PackageWriter.copy_raw

    def slow(self, source, info):
        time.sleep(0.05)  # a slow disk: the kill lands while the copy is half written
        real(self, source, info)

    package.PackageWriter.copy_raw = slow
else:
    real_match = files._match_metadata

    def stall(fd, source):
        print("backup written", flush=True)
        time.sleep(60)
        real_match(fd, source)

    files._match_metadata = stall
files.refresh_file(Path(sys.argv[1]))
"""


@pytest.mark.slow
@pytest.mark.parametrize("stage", ["refresh", "backup"])
def test_a_killed_refresh_leaves_the_workbook_and_no_copy_after_the_next_run(
    stage: str, tmp_path: Path, template_parts: Parts
) -> None:
    """SIGKILL while the refreshed copy (or the backup) is being written: the workbook is as
    it was, and the next refresh removes the hidden unredacted copy the killed one left."""
    import signal
    import sys
    import time

    path = build(tmp_path, template_parts)
    refresh_file(path)
    digest = _digest(path)
    child = subprocess.Popen(
        [sys.executable, "-c", _KILLED_CHILD, str(path), stage],
        stdout=subprocess.PIPE, text=True, cwd=Path(__file__).parent.parent,
    )  # fmt: skip
    kind = f".{stage}.tmp"
    deadline = time.monotonic() + 120
    temps: list[Path] = []
    while time.monotonic() < deadline and child.poll() is None:
        temps = [p for p in tmp_path.iterdir() if p.name.startswith(".~wres-")]
        if any(p.name.endswith(kind) and p.stat().st_size > 0 for p in temps):
            time.sleep(0.1)
            break
        time.sleep(0.005)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    if child.stdout is not None:
        child.stdout.close()
    assert child.returncode == -signal.SIGKILL, "the refresh finished before it was killed"
    left = [p for p in tmp_path.iterdir() if p.name.startswith(".~wres-")]
    assert [p for p in left if p.name.endswith(kind)], "the kill should leave a copy behind"
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in left)  # private meanwhile
    assert _digest(path) == digest
    with zipfile.ZipFile(backup_path(path)) as z:
        assert z.testzip() is None  # the previous backup is whole
    refresh_file(path)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".~wres-")] == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["trust.backup.xlsx", "trust.xlsx"]


@pytest.mark.slow
def test_a_failure_while_writing_the_backup_keeps_the_previous_backup(
    tmp_path: Path, template_parts: Parts, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = build(tmp_path, template_parts)
    refresh_file(path)
    backup_before = _digest(backup_path(path))
    digest = _digest(path)
    real_replace = os.replace

    def full_disk(src: object, dst: object) -> None:
        if str(dst).endswith(".backup.xlsx"):
            raise OSError(28, "No space left on device")
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(WresFileError, match="disk is full"):
        refresh_file(path)
    assert _digest(path) == digest
    assert _digest(backup_path(path)) == backup_before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["trust.backup.xlsx", "trust.xlsx"]


def _tmpfs(folder: Path, size: str) -> bool:
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    folder.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                          capture_output=True)  # fmt: skip
    return done.returncode == 0


@pytest.mark.slow
@pytest.mark.parametrize("copies", [0.5, 1.5], ids=["refreshed copy", "backup copy"])
def test_a_full_disk_leaves_the_workbook_and_its_backup(
    copies: float, tmp_path: Path, template_parts: Parts
) -> None:
    """The disk fills while the refreshed copy is written, or (room for that one copy only)
    while the backup is."""
    disk = tmp_path / "disk"
    if not _tmpfs(disk, "1m"):
        pytest.skip("cannot mount a small tmpfs here")
    try:
        path = build(disk, template_parts)
        refresh_file(path)  # a backup now exists
        backup = _digest(backup_path(path))
        filler = disk / "filler"
        with open(filler, "wb") as handle:
            # Leave room for only part of the copies the refresh writes.
            room = shutil.disk_usage(disk).free - int(path.stat().st_size * copies)
            handle.write(b"\0" * max(0, room))
        digest = _digest(path)
        stage = "the backup" if copies > 1 else "the refreshed workbook"
        with pytest.raises(WresFileError, match=f"disk is full.*{stage}"):
            refresh_file(path)
        assert _digest(path) == digest
        assert _digest(backup_path(path)) == backup
        assert sorted(p.name for p in disk.iterdir()) == ["filler", "trust.backup.xlsx",
                                                          "trust.xlsx"]  # fmt: skip
    finally:
        subprocess.run(["umount", str(disk)], capture_output=True)


# --- rows typed below a table ----------------------------------------------------------------


@pytest.mark.slow
def test_rows_typed_just_below_a_table_are_reported(tmp_path: Path, template_parts: Parts) -> None:
    parts = dict(template_parts)
    part = sheet_part(parts, "Workforce")
    table = next(
        r.target for r in parse_rels(parts[rels_path(part)], part) if r.type.endswith("/table")
    )
    ref = re.search(rb'ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"', parts[table])
    assert ref
    col, last = ref.group(1).decode(), int(ref.group(4))
    for row in (last + 1, last + 2):
        _put_cell(parts, part, row, col, f'<c r="{col}{row}"><v>2024</v></c>')
    path = tmp_path / "trust.xlsx"
    write_parts(path, parts)
    result = refresh_file(path)
    below = [c for c in result.checks if "outside the table" in c.message]
    assert len(below) == 1
    check = below[0]
    assert check.sheet == "Workforce"
    assert check.row == last + 1
    assert f"Rows {last + 1}–{last + 2}" in check.message
    assert "extend the table" in check.message
    checks_sheet = [
        str(v) for row in openpyxl.load_workbook(path)["Checks"].iter_rows(values_only=True)
        for v in row if v
    ]  # fmt: skip
    assert any("outside the table" in v for v in checks_sheet)


def test_live_excel_reports_rows_typed_below_a_table_too() -> None:
    from tests.support import fake_xlwings as fx
    from wres_xl.core.analysis import rows_below_checks
    from wres_xl.workbook.xlwings_backend import XlwingsWorkbook

    book = fx.FakeBook()
    sheet = book.fake_new_sheet("Workforce")
    for j, h in enumerate(schema.WORKFORCE.columns):
        sheet.fake_put(4, 1 + j, h)
    sheet.fake_put(5, 1, 2024)
    sheet.fake_add_table(schema.WORKFORCE.name, "A4:H5")
    sheet.fake_put(6, 1, 2024)  # typed just below: outside the table
    sheet.fake_put(7, 4, 12)
    sheet.fake_put(9, 1, "a note further down")  # not directly below: not reported
    table = XlwingsWorkbook(book).read_table(schema.WORKFORCE.name)
    assert table is not None
    assert table.rows_below == (6, 7)
    (check,) = rows_below_checks([table])
    assert check.sheet == "Workforce"
    assert check.row == 6
    assert "Rows 6–7" in check.message


def test_a_password_protected_workbook_gets_a_message_not_damaged(tmp_path: Path) -> None:
    # An encrypted .xlsx is an OLE compound file, not a zip.
    path = tmp_path / "locked.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))
    with pytest.raises(WresFileError, match="password") as info:
        refresh_file(path)
    assert "damaged" not in str(info.value)
    assert [p.name for p in tmp_path.iterdir()] == ["locked.xlsx"]


@pytest.mark.slow
def test_a_workbook_refreshed_by_the_old_whole_file_writer_refreshes_cleanly(
    tmp_path: Path,
) -> None:
    """Upgrading: owned sheets written by openpyxl's whole-workbook save (no record of what
    the tool wrote) are recognised as the tool's, and their old charts replaced, not kept."""
    from wres_xl.workbook.openpyxl_backend import OpenpyxlWorkbook, load_workbook
    from wres_xl.workbook.refresh import refresh_workbook

    path = workbook_with(tmp_path / "trust.xlsx", nscht()["inputs"])
    old = OpenpyxlWorkbook(load_workbook(path), path=path)
    refresh_workbook(old)
    old.save(path)
    refresh_file(path)
    refresh_file(path)
    with zipfile.ZipFile(path) as z:
        charts = [n for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
    assert len(charts) == 7  # the Trends sheet's, once
    assert len(openpyxl.load_workbook(path)["Trends"]._charts) == 7  # type: ignore[attr-defined]  # openpyxl's private list


# --- sheet names are matched as Excel matches them: without regard to case -------------------


def rename_sheet(parts: Parts, old: str, new: str) -> None:
    wb = parts["xl/workbook.xml"].decode()
    assert f'name="{old}"' in wb
    parts["xl/workbook.xml"] = wb.replace(f'name="{old}"', f'name="{new}"', 1).encode()


def sheet_names(parts: Parts) -> list[str]:
    root = etree.fromstring(parts["xl/workbook.xml"])
    return [s.get("name", "") for s in root.iter(f"{{{MAIN}}}sheet")]


@pytest.mark.slow
def test_an_owned_sheet_renamed_in_other_case_is_refreshed_not_duplicated(
    tmp_path: Path, template_parts: Parts
) -> None:
    """Excel sees "SUMMARY" as the Summary sheet (and refuses a second one): the refresh
    writes into it under the user's spelling, as live Excel does, and the tool's own
    references (chart series, print titles) use that spelling."""
    path = build(tmp_path, template_parts)
    refresh_file(path)

    def rename(parts: Parts) -> None:
        rename_sheet(parts, "Summary", "SUMMARY")
        rename_sheet(parts, "Trends", "trends")
        wb = parts["xl/workbook.xml"].decode()
        wb = wb.replace("'Trends'!", "'trends'!").replace("'Summary'!", "'SUMMARY'!")
        wb = wb.replace(
            "<definedNames>",
            "<definedNames><definedName name=\"Headline\">'SUMMARY'!$B$6</definedName>",
            1,
        )
        parts["xl/workbook.xml"] = wb.encode()

    _edit_owned(path, rename)
    before = read_parts(path)
    result = refresh_file(path)
    after = read_parts(path)
    assert "Summary" in result.sheets_written
    names = sheet_names(after)
    assert names == sheet_names(before)  # nothing added, nothing renamed
    assert len({n.upper() for n in names}) == len(names)
    assert (
        "<definedName name=\"Headline\">'SUMMARY'!$B$6</definedName>"
        in after["xl/workbook.xml"].decode()
    )
    wb = openpyxl.load_workbook(path)
    assert wb["SUMMARY"]["B6"].value == "Representation by pay band"
    charts = [after[n].decode() for n in after if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
    assert charts
    assert all("'trends'!" in c and "'Trends'!" not in c for c in charts)
    assert validator_errors(path) == []
    # And again: the record of what the tool wrote is found under the user's spelling.
    refresh_file(path)
    assert read_parts(path) == after


@pytest.mark.slow
def test_a_note_typed_on_an_owned_sheet_renamed_in_other_case_is_refused(
    tmp_path: Path, template_parts: Parts
) -> None:
    path = build(tmp_path, template_parts)
    refresh_file(path)

    def rename_and_type(parts: Parts) -> None:
        rename_sheet(parts, "Checks", "checks")
        _put_cell(
            parts, sheet_part(parts, "checks"), 2, "Z",
            '<c r="Z2" t="inlineStr"><is><t>my note</t></is></c>',
        )  # fmt: skip

    _edit_owned(path, rename_and_type)
    digest = _digest(path)
    with pytest.raises(UnsafeRefreshError, match=r"'checks'.*Z2.*sheet of your own"):
        refresh_file(path)
    assert _digest(path) == digest


@pytest.mark.slow
def test_tables_and_part_names_are_matched_without_regard_to_case(
    tmp_path: Path, template_parts: Parts
) -> None:
    """A table Excel saved as "TBLACTIONS", and relationship targets spelled in another case
    than the stored part names, are the same tables and parts."""

    def shout(parts: Parts) -> None:
        part = sheet_part(parts, "Action plan")
        rels = parts[rels_path(part)].decode()
        table = next(r.target for r in parse_rels(rels.encode(), part) if r.type.endswith("/table"))
        parts[table] = parts[table].replace(
            b'displayName="tblActions"', b'displayName="TBLACTIONS"'
        )
        # The Summary sheet's relationship, and the Action plan's to its table, name their
        # parts in capitals.
        for source, target in (("xl/workbook.xml", sheet_part(parts, "Summary")), (part, table)):
            text = parts[rels_path(source)].decode()
            relative = posixpath.relpath(target, posixpath.dirname(source))
            spelled = re.compile(rf'Target="(?:{re.escape(relative)}|/{re.escape(target)})"')
            assert spelled.search(text), text
            parts[rels_path(source)] = spelled.sub(
                lambda m: f'Target="{m.group(0)[8:-1].upper()}"', text, count=1
            ).encode()

    path = build(tmp_path, template_parts, shout)
    # The validator (like openpyxl) matches targets by exact spelling, so it reports the
    # capitals; the refresh must add nothing to that.
    errors_before = validator_errors(path)
    refresh_file(path)
    after = read_parts(path)
    assert not [n for n in after if n != n.lower() and n.lower() in after]  # no twin parts
    summary = next(n for n in after if n.lower() == sheet_part(template_parts, "Summary"))
    assert b"Representation by pay band" in after[summary]
    assert [e for e in validator_errors(path) if e not in errors_before] == []
    from wres_xl.workbook.package import PackageWorkbook

    with PackageWorkbook(path) as wb:
        table = wb.read_table("tblActions")
    assert table is not None
    assert table.name == "TBLACTIONS"
    rating = [h.casefold() for h in table.headers].index("current rating")
    # The refresh found TBLACTIONS and wrote its Current rating column.
    assert any(row[rating] for row in table.rows)


# --- a growing table takes its rules with it, as in Excel ------------------------------------

X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
XM = "http://schemas.microsoft.com/office/excel/2006/main"


def add_action_rules(parts: Parts) -> None:
    """Rules a user added to the action plan's one (blank) table row 20, in A19:I20, the
    way Excel saves them: a drop-down on Lead, a rule reaching past the table (H:K), one
    above the table, a highlight over the whole row, and a list from another sheet (which
    Excel keeps in the x14 extension)."""
    part = sheet_part(parts, "Action plan")
    text = parts[part].decode()
    assert 'ref="A19:I20"' in parts[_actions_table(parts)].decode()
    rules = (
        '<dataValidation type="list" allowBlank="1" showErrorMessage="1" sqref="F20">'
        '<formula1>"Ann Lee,Bob Khan"</formula1></dataValidation>'
        '<dataValidation type="whole" allowBlank="1" operator="between" sqref="H20:K20">'
        "<formula1>0</formula1><formula2>9</formula2></dataValidation>"
        '<dataValidation type="list" allowBlank="1" sqref="C5:C8"><formula1>"x,y"</formula1>'
        "</dataValidation>"
    )
    text = re.sub(
        r'<dataValidations count="(\d+)">',
        lambda m: f'<dataValidations count="{int(m.group(1)) + 3}">' + rules,
        text,
        count=1,
    )
    text = text.replace(
        "<dataValidations",
        '<conditionalFormatting sqref="A20:I20"><cfRule type="expression" dxfId="0" '
        'priority="20"><formula>$G20="At risk"</formula></cfRule></conditionalFormatting>'
        "<dataValidations",
        1,
    )
    ext = (
        f'<extLst><ext uri="{{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}}" xmlns:x14="{X14}">'
        f'<x14:dataValidations count="1" xmlns:xm="{XM}"><x14:dataValidation type="list" '
        'allowBlank="1"><x14:formula1><xm:f>Settings!$C$5:$C$9</xm:f></x14:formula1>'
        "<xm:sqref>D20</xm:sqref></x14:dataValidation></x14:dataValidations></ext></extLst>"
    )
    assert "<extLst" not in text
    parts[part] = text.replace("</worksheet>", ext + "</worksheet>").encode()


def _actions_table(parts: Parts) -> str:
    part = sheet_part(parts, "Action plan")
    return next(
        r.target for r in parse_rels(parts[rels_path(part)], part) if r.type.endswith("/table")
    )


def _sqrefs(sheet: bytes) -> list[str]:
    root = etree.fromstring(sheet)
    found = [
        el.get("sqref", "")
        for el in root.iter(f"{{{MAIN}}}dataValidation", f"{{{MAIN}}}conditionalFormatting")
    ]
    return found + [el.text or "" for el in root.iter(f"{{{XM}}}sqref")]


@pytest.mark.slow
# The test reads the refreshed file back with openpyxl, which cannot load the x14 (cross-sheet)
# list validation it checks and says so; the refresh itself never goes through openpyxl.
@pytest.mark.filterwarnings("ignore:Data Validation extension is not supported:UserWarning")
def test_rules_on_the_action_plan_grow_with_the_table_as_in_excel(
    tmp_path: Path, template_parts: Parts
) -> None:
    path = build(tmp_path, template_parts, add_action_rules)
    before = read_parts(path)
    refresh_file(path)
    after = read_parts(path)
    ref = re.search(rb'ref="A19:I(\d+)"', after[_actions_table(after)])
    assert ref is not None
    end = int(ref.group(1))
    assert end > 21, "the refresh should have appended several suggested actions"
    part = sheet_part(after, "Action plan")
    old, new = _sqrefs(before[part]), _sqrefs(after[part])
    expected = {
        "F20": f"F20:F{end}",
        "H20:K20": f"H20:K20 H21:I{end}",  # carried down only inside the table
        "A20:I20": f"A20:I{end}",
        "D20": f"D20:D{end}",  # the x14 list from another sheet
    }
    assert new == [expected.get(s, s) for s in old]
    assert "C5:C8" in new
    assert "B20:B5000" in new
    assert validator_errors(path) == []
    wb = openpyxl.load_workbook(path)
    lead = next(
        v for v in wb["Action plan"].data_validations.dataValidation if "F20" in str(v.sqref)
    )
    assert str(lead.sqref) == f"F20:F{end}"
    refresh_file(path)  # nothing more to add: the rules stay as they are
    assert _sqrefs(read_parts(path)[part]) == new


@pytest.mark.slow
def test_a_table_with_a_total_row_is_refused_not_corrupted(
    tmp_path: Path, template_parts: Parts
) -> None:
    """Rows go in above a total row, which would have to move: refused, with what to do."""

    def totals(parts: Parts) -> None:
        table = _actions_table(parts)
        text = parts[table].decode()
        text = text.replace('ref="A19:I20"', 'ref="A19:I21"', 1).replace(
            'headerRowCount="1"', 'headerRowCount="1" totalsRowCount="1"', 1
        )
        text = text.replace('<autoFilter ref="A19:I21"/>', '<autoFilter ref="A19:I20"/>')
        text = text.replace('<autoFilter ref="A19:I20"/>', '<autoFilter ref="A19:I20"/>')
        text = text.replace(
            '<tableColumn id="1" name="ID"/>',
            '<tableColumn id="1" name="ID" totalsRowLabel="Total"/>',
        )
        parts[table] = text.encode()
        _put_cell(parts, sheet_part(parts, "Action plan"), 21, "A",
                  '<c r="A21" t="inlineStr"><is><t>Total</t></is></c>')  # fmt: skip

    path = build(tmp_path, template_parts, totals)
    digest = _digest(path)
    with pytest.raises(UnsafeRefreshError, match=r"tblActions.*total row.*Nothing was changed"):
        refresh_file(path)
    assert _digest(path) == digest
    assert [p.name for p in tmp_path.iterdir()] == ["trust.xlsx"]


# --- slicers ----------------------------------------------------------------------------------


def _slicer_pieces(workbook_xml: bytes) -> list[bytes]:
    """What workbook.xml holds for the slicers: the pivot cache list, the x14/x15 slicer
    cache lists (extLst) and the Slicer_* names, canonicalised."""
    root = etree.fromstring(workbook_xml)
    found = [root.find(f"{{{MAIN}}}pivotCaches"), root.find(f"{{{MAIN}}}extLst")]
    found += [
        n for n in root.iter(f"{{{MAIN}}}definedName") if n.get("name", "").startswith("Slicer_")
    ]
    assert all(el is not None for el in found)
    assert len(found) == 4
    return [etree.tostring(el, method="c14n") for el in found if el is not None]


@pytest.mark.slow
# openpyxl (only the test reads with it) would drop the slicer list; the refresh never uses it.
@pytest.mark.filterwarnings("ignore:Slicer List extension is not supported:UserWarning")
@pytest.mark.filterwarnings("ignore:Unknown extension is not supported:UserWarning")
def test_slicers_on_a_users_sheet_are_kept_byte_for_byte(
    tmp_path: Path, template_parts: Parts
) -> None:
    path = build(tmp_path, template_parts, add_slicers)
    before = read_parts(path)
    assert validator_errors(path) == []
    refresh_file(path)
    after = read_parts(path)
    slicer_parts = [
        n
        for n in before
        if n.startswith(("xl/slicers/", "xl/slicerCaches/", "xl/pivotCache/", "xl/pivotTables/"))
        or "Staff" in n
    ]
    assert len(slicer_parts) >= 12, slicer_parts
    assert [n for n in slicer_parts if after.get(n) != before[n]] == []
    assert_kept(before, after)
    assert _slicer_pieces(after["xl/workbook.xml"]) == _slicer_pieces(before["xl/workbook.xml"])
    wb_rels = {
        (r.id, r.type, r.target)
        for r in parse_rels(after["xl/_rels/workbook.xml.rels"], "xl/workbook.xml")
    }
    assert {
        (r.id, r.type, r.target)
        for r in parse_rels(before["xl/_rels/workbook.xml.rels"], "xl/workbook.xml")
        if "slicer" in r.type or "pivot" in r.type
    } <= wb_rels
    assert validator_errors(path) == []
    assert openpyxl.load_workbook(path)["Staff"]["A2"].value == "North"
    text = libreoffice_text(path, tmp_path)
    assert "Representation by pay band" in text
    assert "South" in text
    refresh_file(path)
    assert read_parts(path) == after  # a second refresh changes nothing


@pytest.mark.slow
def test_a_signed_macro_workbook_keeps_its_signature_and_every_code_name(
    tmp_path: Path, template_parts: Parts
) -> None:
    path = build(tmp_path, template_parts, make_signed_xlsm, suffix=".xlsm")
    before = read_parts(path)
    assert all(code_names(before).values())
    refresh_file(path)
    after = read_parts(path)
    for part in ("xl/vbaProject.bin", "xl/vbaProjectSignature.bin", "xl/_rels/vbaProject.bin.rels"):
        assert after[part] == before[part]
    # The tool's own sheets are rewritten, and keep the code names macros know them by.
    assert code_names(after) == code_names(before)
    assert b'codeName="ThisWorkbook"' in after["xl/workbook.xml"]
    assert b"vbaProjectSignature" in after["xl/_rels/vbaProject.bin.rels"]
    assert b"macroEnabled.main+xml" in after["[Content_Types].xml"]
    assert validator_errors(path) == []
    assert "Representation by pay band" in libreoffice_text(path, tmp_path)


# --- a calculated column on tblActions; a tab colour and protection on an owned sheet -------

_LENGTH = "LEN(tblActions[[#This Row],[Action]])"


def add_calculated_columns(parts: Parts) -> None:
    """Two formula columns a user added to tblActions, as Excel saves them: a structured
    reference (Length) and a plain one (Twice, B20*2), each with its cached result."""
    table = _actions_table(parts)
    text = parts[table].decode()
    assert 'ref="A19:I20"' in text
    text = text.replace('ref="A19:I20"', 'ref="A19:K20"')
    text = text.replace('<tableColumns count="9">', '<tableColumns count="11">')
    text = text.replace(
        "</tableColumns>",
        f'<tableColumn id="10" name="Length"><calculatedColumnFormula>{_LENGTH}'
        '</calculatedColumnFormula></tableColumn><tableColumn id="11" name="Twice">'
        "<calculatedColumnFormula>B20*2</calculatedColumnFormula></tableColumn></tableColumns>",
    )
    parts[table] = text.encode()
    part = sheet_part(parts, "Action plan")
    _put_cell(parts, part, 19, "J", '<c r="J19" t="inlineStr"><is><t>Length</t></is></c>')
    _put_cell(parts, part, 19, "K", '<c r="K19" t="inlineStr"><is><t>Twice</t></is></c>')
    _put_cell(parts, part, 20, "J", f'<c r="J20"><f>{_LENGTH}</f><v>0</v></c>')
    _put_cell(parts, part, 20, "K", '<c r="K20"><f>B20*2</f><v>0</v></c>')


def _formulas(sheet: bytes) -> dict[str, tuple[str | None, bool]]:
    root = etree.fromstring(sheet)
    out = {}
    for c in root.iter(f"{{{MAIN}}}c"):
        f = c.find(f"{{{MAIN}}}f")
        if f is not None:
            out[c.get("r", "")] = (f.text, c.find(f"{{{MAIN}}}v") is not None)
    return out


@pytest.mark.slow
def test_rows_added_to_the_action_plan_get_its_calculated_columns(
    tmp_path: Path, template_parts: Parts
) -> None:
    path = build(tmp_path, template_parts, add_calculated_columns)
    assert validator_errors(path) == []
    before = read_parts(path)
    refresh_file(path)
    after = read_parts(path)
    assert_kept(before, after)
    m = re.search(rb'ref="A19:K(\d+)"', after[_actions_table(after)])
    assert m is not None
    end = int(m.group(1))
    assert end > 21, "the refresh should have appended several suggested actions"
    found = _formulas(after[sheet_part(after, "Action plan")])
    # The blank first row is reused (its formulas do not make it a row of actions); every
    # row has the column's formula, moved to its row as Excel fills it, with no result yet.
    for r in range(20, end + 1):
        assert found[f"J{r}"] == (_LENGTH, False)
        assert found[f"K{r}"] == (f"B{r}*2", False)
    assert b'fullCalcOnLoad="1"' in after["xl/workbook.xml"]
    assert validator_errors(path) == []
    refresh_file(path)  # the formulas without results are read as blank, not refused
    again = read_parts(path)
    assert again == after
    # LibreOffice calculates the new rows: each is the length of its action, twice its B.
    out = tmp_path / "lo"
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    done = subprocess.run(
        [soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--convert-to", "xlsx", "--outdir", str(out), str(path)],
        capture_output=True, text=True, timeout=240,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    ws = openpyxl.load_workbook(out / path.name, data_only=True)["Action plan"]
    for r in range(21, end + 1):
        action = ws[f"C{r}"].value or ""
        assert ws[f"J{r}"].value == len(action), r
        assert ws[f"K{r}"].value == 2 * (ws[f"B{r}"].value or 0), r


def _guard_summary(parts: Parts) -> None:
    part = sheet_part(parts, "Summary")
    text = parts[part].decode()
    text = re.sub(r'<tabColor rgb="[^"]*"/>', '<tabColor rgb="FFFF0000"/>', text, count=1)
    text = text.replace(
        "</sheetData>",
        '</sheetData><sheetProtection algorithmName="SHA-512" hashValue="aGFzaA==" '
        'saltValue="c2FsdA==" spinCount="100000" sheet="1" objects="1" scenarios="1"/>'
        '<protectedRanges><protectedRange sqref="C6:C9" name="Notes"/></protectedRanges>',
        1,
    )
    parts[part] = text.encode()


@pytest.mark.slow
def test_a_tab_colour_and_protection_set_on_an_owned_sheet_are_kept(
    tmp_path: Path, template_parts: Parts
) -> None:
    path = build(tmp_path, template_parts)
    refresh_file(path)
    _edit_owned(path, _guard_summary)
    edited = read_parts(path)[sheet_part(read_parts(path), "Summary")]
    assert validator_errors(path) == []
    refresh_file(path)
    parts = read_parts(path)
    sheet = etree.fromstring(parts[sheet_part(parts, "Summary")])
    old = etree.fromstring(edited)
    for tag in ("sheetProtection", "protectedRanges"):
        kept = sheet.find(f"{{{MAIN}}}{tag}")
        assert kept is not None, tag
        assert etree.tostring(kept) == etree.tostring(old.find(f"{{{MAIN}}}{tag}"))
    tab = sheet.find(f"{{{MAIN}}}sheetPr/{{{MAIN}}}tabColor")
    assert tab is not None
    assert tab.get("rgb") == "FFFF0000"
    assert validator_errors(path) == []
    ws = openpyxl.load_workbook(path)["Summary"]
    assert ws.protection.sheet
    assert ws.sheet_properties.tabColor.rgb == "FFFF0000"
    # Other owned sheets keep the tool's colour and no protection.
    checks = etree.fromstring(parts[sheet_part(parts, "Checks")])
    assert checks.find(f"{{{MAIN}}}sheetProtection") is None
    refresh_file(path)
    assert read_parts(path) == parts
