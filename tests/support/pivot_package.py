"""A minimal pivot table added to a workbook at package level, as Excel would save it.

Excel is not available here, so the parts are written by hand to the Office Open XML
schema: a pivot cache (definition and records) over a small data range, and a pivot table
on the same sheet that reads it.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"

CACHE = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<pivotCacheDefinition xmlns="{MAIN}" xmlns:r="{REL}" r:id="rId1" refreshOnLoad="1"
 recordCount="2" createdVersion="6" refreshedVersion="6" minRefreshableVersion="3">
<cacheSource type="worksheet"><worksheetSource ref="A1:B3" sheet="Pivot data"/></cacheSource>
<cacheFields count="2">
<cacheField name="Group" numFmtId="0"><sharedItems count="2"><s v="North"/><s v="South"/>
</sharedItems></cacheField>
<cacheField name="Staff" numFmtId="0"><sharedItems containsSemiMixedTypes="0"
 containsString="0" containsNumber="1" containsInteger="1" minValue="10" maxValue="20"/>
</cacheField>
</cacheFields>
</pivotCacheDefinition>"""

RECORDS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<pivotCacheRecords xmlns="{MAIN}" xmlns:r="{REL}" count="2">
<r><x v="0"/><n v="10"/></r><r><x v="1"/><n v="20"/></r>
</pivotCacheRecords>"""

TABLE = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<pivotTableDefinition xmlns="{MAIN}" name="StaffPivot" cacheId="7" dataCaption="Values"
 applyNumberFormats="0" applyBorderFormats="0" applyFontFormats="0" applyPatternFormats="0"
 applyAlignmentFormats="0" applyWidthHeightFormats="1" updatedVersion="6"
 minRefreshableVersion="3" createdVersion="6" indent="0" outline="1" outlineData="1">
<location ref="D1:E4" firstHeaderRow="1" firstDataRow="1" firstDataCol="1"/>
<pivotFields count="2">
<pivotField axis="axisRow" showAll="0"><items count="3"><item x="0"/><item x="1"/>
<item t="default"/></items></pivotField>
<pivotField dataField="1" showAll="0"/>
</pivotFields>
<rowFields count="1"><field x="0"/></rowFields>
<rowItems count="3"><i><x/></i><i><x v="1"/></i><i t="grand"><x/></i></rowItems>
<colItems count="1"><i/></colItems>
<dataFields count="1"><dataField name="Sum of Staff" fld="1" baseField="0" baseItem="0"/>
</dataFields>
</pivotTableDefinition>"""


def _rels(*relationships: tuple[str, str, str]) -> str:
    inner = "".join(
        f'<Relationship Id="{rid}" Type="{REL}/{kind}" Target="{target}"/>'
        for rid, kind, target in relationships
    )
    head = '<?xml version="1.0" encoding="UTF-8"?>'
    return f'{head}<Relationships xmlns="{PKG}">{inner}</Relationships>'


def add_pivot_table(path: Path, sheet_part: str) -> None:
    """Give the sheet at ``sheet_part`` (e.g. 'xl/worksheets/sheet17.xml'), which holds
    'Group'/'Staff' data in A1:B3, a pivot table in D1:E4."""
    sheet_rels = sheet_part.replace("worksheets/", "worksheets/_rels/") + ".rels"
    out = path.with_suffix(".pivot.tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        names = src.namelist()
        for item in src.infolist():
            data = src.read(item.filename).decode("utf-8")
            if item.filename == "xl/workbook.xml":
                # The prefix is declared here: openpyxl with lxml leaves an unused xmlns:r off
                # the workbook element.
                caches = (
                    f'<pivotCaches><pivotCache xmlns:r="{REL}" cacheId="7" r:id="rIdPivot"/>'
                    "</pivotCaches>"
                )
                if "<calcPr" in data:
                    data = re.sub(r"(<calcPr[^>]*/>)", r"\1" + caches, data, count=1)
                else:
                    data = data.replace("</workbook>", caches + "</workbook>")
            elif item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    "</Relationships>",
                    f'<Relationship Id="rIdPivot" Type="{REL}/pivotCacheDefinition" '
                    'Target="pivotCache/pivotCacheDefinition1.xml"/></Relationships>',
                )
            elif item.filename == "[Content_Types].xml":
                base = "application/vnd.openxmlformats-officedocument.spreadsheetml"
                data = data.replace(
                    "</Types>",
                    '<Override PartName="/xl/pivotCache/pivotCacheDefinition1.xml" '
                    f'ContentType="{base}.pivotCacheDefinition+xml"/>'
                    '<Override PartName="/xl/pivotCache/pivotCacheRecords1.xml" '
                    f'ContentType="{base}.pivotCacheRecords+xml"/>'
                    '<Override PartName="/xl/pivotTables/pivotTable1.xml" '
                    f'ContentType="{base}.pivotTable+xml"/></Types>',
                )
            elif item.filename == sheet_rels:
                data = data.replace(
                    "</Relationships>",
                    f'<Relationship Id="rIdPT" Type="{REL}/pivotTable" '
                    'Target="../pivotTables/pivotTable1.xml"/></Relationships>',
                )
            dst.writestr(item, data)
        if sheet_rels not in names:
            dst.writestr(
                sheet_rels, _rels(("rIdPT", "pivotTable", "../pivotTables/pivotTable1.xml"))
            )
        dst.writestr("xl/pivotCache/pivotCacheDefinition1.xml", CACHE)
        dst.writestr(
            "xl/pivotCache/_rels/pivotCacheDefinition1.xml.rels",
            _rels(("rId1", "pivotCacheRecords", "pivotCacheRecords1.xml")),
        )
        dst.writestr("xl/pivotCache/pivotCacheRecords1.xml", RECORDS)
        dst.writestr("xl/pivotTables/pivotTable1.xml", TABLE)
        dst.writestr(
            "xl/pivotTables/_rels/pivotTable1.xml.rels",
            _rels(("rId1", "pivotCacheDefinition", "../pivotCache/pivotCacheDefinition1.xml")),
        )
    shutil.move(out, path)
