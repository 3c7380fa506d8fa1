"""Building real .xlsx packages part by part, for the package writer's tests.

Excel is not available here, so the tests write each feature's parts to the Office Open XML
schema by hand; these helpers read a package into a dict of parts, edit it, and write it.
"""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

from lxml import etree

from wres_xl.workbook.package import parse_rels, rels_path

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
Parts = dict[str, bytes]


def read_parts(path: Path) -> Parts:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def write_parts(path: Path, parts: Parts) -> None:
    tmp = path.with_name(path.name + ".building")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    os.replace(tmp, path)


def sheet_part(parts: Parts, name: str) -> str:
    wb = etree.fromstring(parts["xl/workbook.xml"])
    rid = next(s.get(f"{{{R}}}id") for s in wb.iter(f"{{{MAIN}}}sheet") if s.get("name") == name)
    rels = parse_rels(parts["xl/_rels/workbook.xml.rels"], "xl/workbook.xml")
    return next(r.target for r in rels if r.id == rid)


def add_rel(parts: Parts, source: str, rid: str, kind: str, target: str) -> None:
    path = rels_path(source) if source else "_rels/.rels"
    text = parts.get(path, f'<Relationships xmlns="{PKG}"></Relationships>'.encode()).decode()
    parts[path] = text.replace(
        "</Relationships>",
        f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"/></Relationships>',
    ).encode()


def add_type(parts: Parts, xml: str) -> None:
    ct = parts["[Content_Types].xml"].decode()
    parts["[Content_Types].xml"] = ct.replace("</Types>", xml + "</Types>").encode()


def insert_in_sheet(parts: Parts, part: str, xml: str, before: tuple[str, ...]) -> None:
    """Put ``xml`` into the sheet before the first of ``before`` present (schema order)."""
    text = parts[part].decode()
    for tag in before:
        m = re.search(rf"<{tag}[ />]", text)
        if m:
            text = text[: m.start()] + xml + text[m.start() :]
            break
    else:
        text = text.replace("</worksheet>", xml + "</worksheet>")
    parts[part] = text.encode()


def add_user_sheet(parts: Parts, name: str, part: str) -> None:
    rid = "rIdUser" + re.sub(r"\W", "", name)
    wb = parts["xl/workbook.xml"].decode()
    ids = [int(x) for x in re.findall(r'sheetId="(\d+)"', wb)]
    wb = wb.replace(
        "</sheets>",
        f'<sheet xmlns:r="{R}" name="{name}" sheetId="{max(ids) + 1}" r:id="{rid}"/></sheets>',
    )
    parts["xl/workbook.xml"] = wb.encode()
    add_rel(parts, "xl/workbook.xml", rid, f"{R}/worksheet", part.removeprefix("xl/"))
    add_type(
        parts,
        f'<Override PartName="/{part}" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.worksheet+xml"/>',
    )
