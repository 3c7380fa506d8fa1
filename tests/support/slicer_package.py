"""Slicers on a user sheet, as Excel 2013+ saves them (hand-written to the schema).

A table slicer and a pivot-table slicer: their ``xl/slicers`` and ``xl/slicerCaches``
parts, the x14/x15 ``extLst`` entries of the sheet and of ``workbook.xml`` that list them,
their ``Slicer_*`` defined names, and the drawing that places them (with the shape Excel
writes for applications that cannot show a slicer).
"""

from __future__ import annotations

import re

from tests.support import pivot_package as pv
from tests.support.package_parts import (
    MAIN,
    Parts,
    R,
    add_rel,
    add_type,
    add_user_sheet,
)

X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
X15 = "http://schemas.microsoft.com/office/spreadsheetml/2010/11/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
SLICER_REL = "http://schemas.microsoft.com/office/2007/relationships/slicer"
SLICER_CACHE_REL = "http://schemas.microsoft.com/office/2007/relationships/slicerCache"


def _anchor(row: int, name: str, requires: str, ns: str) -> str:
    frame = (
        f'<xdr:twoCellAnchor editAs="oneCell"><xdr:from><xdr:col>7</xdr:col><xdr:colOff>0'
        f"</xdr:colOff><xdr:row>{row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to>"
        f"<xdr:col>10</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>{row + 10}</xdr:row>"
        "<xdr:rowOff>0</xdr:rowOff></xdr:to>"
    )
    choice = (
        frame + '<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr>'
        f'<xdr:cNvPr id="{row + 2}" name="{name}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>'
        '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic>'
        '<a:graphicData uri="http://schemas.microsoft.com/office/drawing/2010/slicer">'
        '<sle:slicer xmlns:sle="http://schemas.microsoft.com/office/drawing/2010/slicer" '
        f'name="{name}"/></a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/>'
        "</xdr:twoCellAnchor>"
    )
    fallback = (
        frame + '<xdr:sp macro="" textlink=""><xdr:nvSpPr><xdr:cNvPr id="0" name=""/>'
        '<xdr:cNvSpPr><a:spLocks noTextEdit="1"/></xdr:cNvSpPr></xdr:nvSpPr><xdr:spPr>'
        '<a:xfrm><a:off x="4000000" y="0"/><a:ext cx="1828800" cy="1905000"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr><xdr:txBody><a:bodyPr/>'
        '<a:lstStyle/><a:p><a:r><a:rPr lang="en-GB" sz="1100"/><a:t>This shape represents a '
        "slicer.</a:t></a:r></a:p></xdr:txBody></xdr:sp><xdr:clientData/></xdr:twoCellAnchor>"
    )
    return (
        f'<mc:AlternateContent xmlns:mc="{MC}"><mc:Choice xmlns:{requires}="{ns}" '
        f'Requires="{requires}">{choice}</mc:Choice><mc:Fallback>{fallback}</mc:Fallback>'
        "</mc:AlternateContent>"
    )


def add_slicers(parts: Parts) -> None:
    """A user sheet 'Staff' with a table tblStaff (A1:B3) and a pivot table (D1:E4) over
    it, a table slicer and a pivot slicer on Group, in a drawing on that sheet."""
    sheet = "xl/worksheets/sheetStaff.xml"
    parts[sheet] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<worksheet xmlns="{MAIN}" xmlns:r="{R}" xmlns:mc="{MC}" '
        f'xmlns:x14="{X14}" mc:Ignorable="x14"><dimension ref="A1:E4"/><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Group</t></is></c><c r="B1" t="inlineStr">'
        "<is><t>Staff</t></is></c></row>"
        '<row r="2"><c r="A2" t="inlineStr"><is><t>North</t></is></c><c r="B2"><v>10</v></c></row>'
        '<row r="3"><c r="A3" t="inlineStr"><is><t>South</t></is></c><c r="B3"><v>20</v></c></row>'
        '</sheetData><drawing r:id="rIdDr"/><tableParts count="1"><tablePart r:id="rIdTb"/>'
        '</tableParts><extLst><ext uri="{A8765BA9-456A-4dab-B4F3-ACF838C121DE}">'
        '<x14:slicerList><x14:slicer r:id="rIdSlP"/></x14:slicerList></ext>'
        f'<ext uri="{{3A4CF648-6AED-40f4-86FF-DC5316D8AED3}}" xmlns:x15="{X15}">'
        '<x14:slicerList><x14:slicer r:id="rIdSlT"/></x14:slicerList></ext></extLst>'
        "</worksheet>"
    ).encode()
    add_user_sheet(parts, "Staff", sheet)
    sheet_id = max(
        int(x)
        for x in __import__("re").findall(r'sheetId="(\d+)"', parts["xl/workbook.xml"].decode())
    )
    parts["xl/tables/tableStaff.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<table xmlns="{MAIN}" id="50" name="tblStaff" displayName="tblStaff" ref="A1:B3">'
        '<autoFilter ref="A1:B3"/><tableColumns count="2"><tableColumn id="1" name="Group"/>'
        '<tableColumn id="2" name="Staff"/></tableColumns><tableStyleInfo name="TableStyleMedium2"'
        ' showFirstColumn="0" showLastColumn="0" showRowStripes="1" showColumnStripes="0"/>'
        "</table>"
    ).encode()
    parts["xl/drawings/drawingStaff.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<xdr:wsDr xmlns:xdr="{XDR}" xmlns:a="{A}">'
        + _anchor(0, "Group", "a14", "http://schemas.microsoft.com/office/drawing/2010/main")
        + _anchor(12, "Group 1", "sle15", "http://schemas.microsoft.com/office/drawing/2012/slicer")
        + "</xdr:wsDr>"
    ).encode()
    parts["xl/slicers/slicer1.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<slicers xmlns="{X14}" xmlns:mc="{MC}" mc:Ignorable="x" xmlns:x="{MAIN}">'
        '<slicer name="Group" cache="Slicer_Group" caption="Group" rowHeight="241300"/>'
        "</slicers>"
    ).encode()
    parts["xl/slicers/slicer2.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<slicers xmlns="{X14}" xmlns:mc="{MC}" mc:Ignorable="x" xmlns:x="{MAIN}">'
        '<slicer name="Group 1" cache="Slicer_Group1" caption="Group" rowHeight="241300"/>'
        "</slicers>"
    ).encode()
    parts["xl/slicerCaches/slicerCache1.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<slicerCacheDefinition xmlns="{X14}" xmlns:mc="{MC}" mc:Ignorable="x" '
        f'xmlns:x="{MAIN}" name="Slicer_Group" sourceName="Group"><pivotTables>'
        f'<pivotTable tabId="{sheet_id}" name="StaffPivot"/></pivotTables><data>'
        '<tabular pivotCacheId="1"><items count="2"><i x="0" s="1"/><i x="1" s="1"/></items>'
        "</tabular></data></slicerCacheDefinition>"
    ).encode()
    parts["xl/slicerCaches/slicerCache2.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<slicerCacheDefinition xmlns="{X14}" xmlns:mc="{MC}" mc:Ignorable="x x15" '
        f'xmlns:x="{MAIN}" xmlns:x15="{X15}" name="Slicer_Group1" sourceName="Group">'
        '<extLst><x:ext uri="{2F2917AC-EB37-4324-AD4E-5DD8C200BD13}">'
        '<x15:tableSlicerCache tableId="50" column="1"/></x:ext></extLst>'
        "</slicerCacheDefinition>"
    ).encode()
    # The pivot table and its cache (pivot_package's), the cache known to slicers by id 1.
    cache = pv.CACHE.replace('sheet="Pivot data"', 'sheet="Staff"').replace(
        "</pivotCacheDefinition>",
        f'<extLst><ext uri="{{725AE2AE-9491-48be-B2B4-4EB974FC3084}}" xmlns:x14="{X14}">'
        '<x14:pivotCacheDefinition pivotCacheId="1"/></ext></extLst></pivotCacheDefinition>',
    )
    parts["xl/pivotCache/pivotCacheDefinition1.xml"] = cache.encode()
    parts["xl/pivotCache/pivotCacheRecords1.xml"] = pv.RECORDS.encode()
    parts["xl/pivotTables/pivotTable1.xml"] = pv.TABLE.encode()
    add_rel(
        parts,
        "xl/pivotCache/pivotCacheDefinition1.xml",
        "rId1",
        f"{R}/pivotCacheRecords",
        "pivotCacheRecords1.xml",
    )
    add_rel(
        parts,
        "xl/pivotTables/pivotTable1.xml",
        "rId1",
        f"{R}/pivotCacheDefinition",
        "../pivotCache/pivotCacheDefinition1.xml",
    )
    add_rel(parts, sheet, "rIdPT", f"{R}/pivotTable", "../pivotTables/pivotTable1.xml")
    add_rel(parts, sheet, "rIdTb", f"{R}/table", "../tables/tableStaff.xml")
    add_rel(parts, sheet, "rIdDr", f"{R}/drawing", "../drawings/drawingStaff.xml")
    add_rel(parts, sheet, "rIdSlP", SLICER_REL, "../slicers/slicer1.xml")
    add_rel(parts, sheet, "rIdSlT", SLICER_REL, "../slicers/slicer2.xml")
    add_rel(
        parts,
        "xl/workbook.xml",
        "rIdPivot",
        f"{R}/pivotCacheDefinition",
        "pivotCache/pivotCacheDefinition1.xml",
    )
    add_rel(parts, "xl/workbook.xml", "rIdSc1", SLICER_CACHE_REL, "slicerCaches/slicerCache1.xml")
    add_rel(parts, "xl/workbook.xml", "rIdSc2", SLICER_CACHE_REL, "slicerCaches/slicerCache2.xml")
    wb = parts["xl/workbook.xml"].decode()
    names = (
        '<definedName name="Slicer_Group">#N/A</definedName>'
        '<definedName name="Slicer_Group1">#N/A</definedName>'
    )
    wb = wb.replace("<definedNames>", "<definedNames>" + names, 1)
    caches = f'<pivotCaches><pivotCache xmlns:r="{R}" cacheId="7" r:id="rIdPivot"/></pivotCaches>'
    ext = (
        f'<extLst><ext uri="{{BBE1A952-AA13-448e-AADC-164F8A28A991}}" xmlns:x14="{X14}">'
        f'<x14:slicerCaches><x14:slicerCache xmlns:r="{R}" r:id="rIdSc1"/></x14:slicerCaches>'
        f'</ext><ext uri="{{46BE6895-7355-4a93-B00E-2C351335B9C9}}" xmlns:x15="{X15}">'
        f'<x15:slicerCaches xmlns:x14="{X14}"><x14:slicerCache xmlns:r="{R}" r:id="rIdSc2"/>'
        "</x15:slicerCaches></ext></extLst>"
    )
    m = re.search(r"<calcPr[^>]*/>", wb)
    assert m, "no calcPr"
    wb = wb[: m.end()] + caches + wb[m.end() :]
    wb = wb.replace("</workbook>", ext + "</workbook>")
    parts["xl/workbook.xml"] = wb.encode()
    office = "application/vnd.openxmlformats-officedocument"
    sheetml = f"{office}.spreadsheetml"
    types = {
        "/xl/tables/tableStaff.xml": f"{sheetml}.table+xml",
        "/xl/drawings/drawingStaff.xml": f"{office}.drawing+xml",
        "/xl/slicers/slicer1.xml": "application/vnd.ms-excel.slicer+xml",
        "/xl/slicers/slicer2.xml": "application/vnd.ms-excel.slicer+xml",
        "/xl/slicerCaches/slicerCache1.xml": "application/vnd.ms-excel.slicerCache+xml",
        "/xl/slicerCaches/slicerCache2.xml": "application/vnd.ms-excel.slicerCache+xml",
        "/xl/pivotCache/pivotCacheDefinition1.xml": f"{sheetml}.pivotCacheDefinition+xml",
        "/xl/pivotCache/pivotCacheRecords1.xml": f"{sheetml}.pivotCacheRecords+xml",
        "/xl/pivotTables/pivotTable1.xml": f"{sheetml}.pivotTable+xml",
    }
    add_type(
        parts,
        "".join(f'<Override PartName="{n}" ContentType="{t}"/>' for n, t in types.items()),
    )
