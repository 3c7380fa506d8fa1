"""Writing a refreshed package: owned sheets transplanted, everything else kept as it was.

See ``wres_xl.workbook.package`` for the design. The steps, all planned before the first
byte is written:

1. Write the owned sheets' XML, drawings and charts from the sheet model
   (``wres_xl.workbook.sheet_xml``), with a small styles part of the formats they use.
2. Refuse if a user's work sits on an owned sheet (cells beyond what the tool wrote last
   time, pictures, shapes, extra charts, notes, tables).
3. Merge those cell formats into the workbook's ``styles.xml``, reusing identical ones.
4. Replace each owned sheet's XML, drawing and charts (old tool parts removed), update
   ``workbook.xml``, the relationship parts and ``[Content_Types].xml``, record the new
   footprint, and write every untouched part as its original compressed bytes.
"""

from __future__ import annotations

import contextlib
import copy
import posixpath
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, BinaryIO

from lxml import etree

from wres_xl.core.model import counted
from wres_xl.errors import UnsafeRefreshError
from wres_xl.workbook.package import (
    _FIXED_TIME,
    _PARSER,
    CT_CHART,
    CT_CUSTOM_PROPS,
    CT_DRAWING,
    CT_NS,
    CT_WORKSHEET,
    FOOTPRINT_ITEM_ID,
    FOOTPRINT_NS,
    MAIN,
    PKG_RELS,
    R_NS,
    REL_CALC_CHAIN,
    REL_CHART,
    REL_CUSTOM_XML,
    REL_CUSTOM_XML_PROPS,
    REL_DRAWING,
    REL_PRINTER,
    REL_WORKSHEET,
    Footprint,
    PackageWriter,
    Rel,
    SheetInfo,
    SourcePackage,
    describe_cells,
    has_content,
    iter_cells,
    parse_ref,
    q,
    rels_path,
    rels_xml,
    serialize,
    sheet_key,
)
from wres_xl.workbook.sheet_xml import Rendered as _Rendered
from wres_xl.workbook.sheet_xml import render

if TYPE_CHECKING:
    from wres_xl.workbook.package import PackageWorkbook

_STYLE_ORDER = (
    "numFmts",
    "fonts",
    "fills",
    "borders",
    "cellStyleXfs",
    "cellXfs",
    "cellStyles",
    "dxfs",
    "tableStyles",
    "colors",
    "extLst",
)
_BOOL_TAGS = {"b", "i", "strike", "outline", "shadow", "condense", "extend"}
_FOOTPRINT_PART = "customXml/wresOwnedSheets.xml"
_FOOTPRINT_PROPS = "customXml/wresOwnedSheetsProps.xml"
_DS = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"
_KIND_NAMES = {
    "comments": "notes (comments)",
    "threadedComment": "threaded comments",
    "vmlDrawing": "notes, form controls or a header/footer picture",
    "table": "an Excel table",
    "pivotTable": "a pivot table",
    "hyperlink": "hyperlinks",
    "oleObject": "an embedded object",
    "ctrlProp": "a form control",
    "control": "an ActiveX control",
    "image": "a background picture",
    "slicer": "a slicer",
    "timeline": "a timeline",
    "queryTable": "a query table",
}


def _canon(el: etree._Element) -> tuple[object, ...]:
    tag = etree.QName(el).localname
    attrs = {}
    for key, value in el.attrib.items():
        name = etree.QName(key).localname
        if name == "rgb":
            value = value.upper()[-6:]
        elif value in ("true", "false"):
            value = "1" if value == "true" else "0"
        attrs[name] = value
    if tag in _BOOL_TAGS:
        attrs.setdefault("val", "1")
    kids = tuple(sorted(_canon(c) for c in el if isinstance(c.tag, str)))
    return (tag, tuple(sorted(attrs.items())), kids)


#: The child order the Open XML schema (and Excel) uses for a font; openpyxl writes the
#: name first, which strict validators reject.
FONT_ORDER = (
    "b", "i", "strike", "condense", "extend", "outline", "shadow", "u", "vertAlign", "sz",
    "color", "name", "family", "charset", "scheme",
)  # fmt: skip


def _in_schema_order(item: etree._Element) -> etree._Element:
    if etree.QName(item).localname != "font":
        return item
    children = [c for c in item if isinstance(c.tag, str)]
    rank = {name: i for i, name in enumerate(FONT_ORDER)}
    children.sort(key=lambda c: rank.get(etree.QName(c).localname, len(rank)))
    for child in children:
        item.append(child)
    return item


def _section(root: etree._Element, tag: str) -> etree._Element:
    found = root.find(q(tag))
    if found is not None:
        return found
    element = etree.Element(q(tag))
    position = _STYLE_ORDER.index(tag)
    later = [
        child
        for child in root
        if isinstance(child.tag, str)
        and etree.QName(child).localname in _STYLE_ORDER[position + 1 :]
    ]
    if later:
        later[0].addprevious(element)
    else:
        root.append(element)
    return element


def _xf_key(xf: etree._Element) -> tuple[object, ...]:
    children = tuple(sorted(_canon(c) for c in xf if isinstance(c.tag, str)))
    return (
        xf.get("numFmtId", "0"),
        xf.get("fontId", "0"),
        xf.get("fillId", "0"),
        xf.get("borderId", "0"),
        xf.get("xfId", "0"),
        xf.get("quotePrefix", "0") in ("1", "true"),
        children,
    )


def _parts_used(scratch: etree._Element, used: set[int]) -> dict[str, set[int]]:
    """The scratch fonts, fills and borders the cell formats in ``used`` refer to."""
    xfs = list(_section(scratch, "cellXfs").iterchildren(q("xf")))
    needed: dict[str, set[int]] = {"fonts": set(), "fills": set(), "borders": set()}
    for i in used:
        if i < len(xfs):
            for attr, tag in (("fontId", "fonts"), ("fillId", "fills"), ("borderId", "borders")):
                needed[tag].add(int(xfs[i].get(attr, "0")))
    return needed


def merge_styles(target: etree._Element, scratch: etree._Element, used: set[int]) -> dict[int, int]:
    """Map the scratch cellXfs in ``used`` onto the target's, appending only what is new:
    only the fonts, fills and borders those formats use, each once."""
    needed = _parts_used(scratch, used)
    mapping: dict[str, dict[int, int]] = {}
    for tag, child in (("fonts", "font"), ("fills", "fill"), ("borders", "border")):
        s_items = list(_section(scratch, tag).iterchildren(q(child)))
        t_section = _section(target, tag)
        t_items = list(t_section.iterchildren(q(child)))
        index: dict[tuple[object, ...], int] = {}
        for i, item in enumerate(t_items):
            index.setdefault(_canon(item), i)
        mapping[tag] = {}
        for i, item in enumerate(s_items):
            if i not in needed[tag]:
                continue
            key = _canon(item)
            if key not in index:
                t_section.append(_in_schema_order(copy.deepcopy(item)))
                index[key] = len(t_items)
                t_items.append(item)
                t_section.set("count", str(len(t_items)))
            mapping[tag][i] = index[key]
    s_fmts = {
        int(n.get("numFmtId", "0")): n.get("formatCode", "") for n in scratch.iter(q("numFmt"))
    }
    t_fmt_section = target.find(q("numFmts"))
    t_fmts = {
        n.get("formatCode", ""): int(n.get("numFmtId", "0"))
        for n in (t_fmt_section.iterchildren(q("numFmt")) if t_fmt_section is not None else ())
    }
    fmt_map: dict[int, int] = {}
    for fmt_id, code in s_fmts.items():
        if code in t_fmts:
            fmt_map[fmt_id] = t_fmts[code]
            continue
        section = _section(target, "numFmts")
        new_id = max([163, *t_fmts.values()]) + 1
        element = etree.SubElement(section, q("numFmt"))
        element.set("numFmtId", str(new_id))
        element.set("formatCode", code)
        section.set("count", str(len(section)))
        t_fmts[code] = new_id
        fmt_map[fmt_id] = new_id
    s_xfs = list(_section(scratch, "cellXfs").iterchildren(q("xf")))
    t_section = _section(target, "cellXfs")
    t_xfs = list(t_section.iterchildren(q("xf")))
    xf_index: dict[tuple[object, ...], int] = {}
    for i, xf in enumerate(t_xfs):
        xf_index.setdefault(_xf_key(xf), i)
    out: dict[int, int] = {}
    for i in sorted(used):
        if i >= len(s_xfs):
            continue
        xf = copy.deepcopy(s_xfs[i])
        fmt = int(xf.get("numFmtId", "0"))
        xf.set("numFmtId", str(fmt_map.get(fmt, fmt)))
        for attr, tag in (("fontId", "fonts"), ("fillId", "fills"), ("borderId", "borders")):
            xf.set(attr, str(mapping[tag].get(int(xf.get(attr, "0")), 0)))
        xf.set("xfId", "0")
        key = _xf_key(xf)
        if key not in xf_index:
            t_section.append(xf)
            xf_index[key] = len(t_xfs)
            t_xfs.append(xf)
            t_section.set("count", str(len(t_xfs)))
        out[i] = xf_index[key]
    return out


_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"


def _find_footprint(wb: PackageWorkbook) -> tuple[str | None, dict[str, Footprint]]:
    for rel in wb.wb_rels:
        if rel.type != REL_CUSTOM_XML or rel.target not in wb.pkg:
            continue
        try:
            root = etree.fromstring(wb.pkg.read(rel.target), _PARSER)
        except etree.XMLSyntaxError:
            continue
        if root.tag != q("ownedSheets", FOOTPRINT_NS):
            continue
        found = {}
        for sheet in root.iterchildren(q("sheet", FOOTPRINT_NS)):
            try:
                charts = int(sheet.get("charts", "0"))
            except ValueError:
                charts = 0
            found[sheet.get("name", "")] = Footprint.decode(sheet.text or "", charts)
        return rel.target, found
    return None, {}


def _drawing_items(root: etree._Element) -> Counter[str]:
    counts: Counter[str] = Counter()
    for anchor in root:
        if not isinstance(anchor.tag, str):
            continue
        for child in anchor:
            if not isinstance(child.tag, str):
                continue
            tag = etree.QName(child).localname
            if tag == "graphicFrame":
                is_chart = any(True for _ in child.iter(q("chart", _C)))
                counts["chart" if is_chart else "object"] += 1
            elif tag == "pic":
                counts["picture"] += 1
            elif tag in ("sp", "grpSp", "cxnSp"):
                counts["shape"] += 1
            elif tag == "AlternateContent":
                counts["control or shape"] += 1
    return counts


def _user_work(
    wb: PackageWorkbook,
    sheet: SheetInfo,
    rendered: _Rendered,
    recorded: Footprint | None,
    changes: _Changes,
) -> list[str]:
    """What on an existing owned sheet the tool did not write (and a refresh would delete)."""
    pkg = wb.pkg
    problems: list[str] = []
    typed = []
    if recorded is not None:
        holding = _cells_holding_values(changes.old_sheet(sheet.part), pkg.read(sheet.part))
        typed = list(holding - recorded.cells)
    else:
        for r, c, cell in iter_cells(pkg.read(sheet.part)):
            # Written before wres-xl kept a record: every cell it wrote carries one of its
            # formats, while a value typed into a blank cell has the default one.
            if has_content(cell) and not (
                (r, c) in rendered.footprint.cells or cell.get("s", "0") not in ("", "0")
            ):
                typed.append((r, c))
    if typed:
        problems.append(f"cells {describe_cells(typed)} hold values WRES did not write")
    for rel in pkg.rels(sheet.part):
        kind = rel.type.rsplit("/", 1)[-1]
        if rel.type == REL_PRINTER or (rel.external and kind == "hyperlink"):
            if kind == "hyperlink":
                problems.append("it has hyperlinks")
            continue
        if rel.type == REL_DRAWING:
            if rel.target not in pkg:
                continue
            items = _drawing_items(pkg.xml(rel.target))
            allowed = recorded.charts if recorded is not None else items["chart"]
            extra = {k: n for k, n in items.items() if k != "chart"}
            if items["chart"] > allowed:
                extra["chart"] = items["chart"] - allowed
            for kind_name, n in sorted(extra.items()):
                problems.append(f"it has {counted(n, kind_name)} WRES did not draw")
            continue
        problems.append(f"it has {_KIND_NAMES.get(kind, f'a {kind!r} part')}")
    root_text = pkg.read(sheet.part)
    for tag, what in (
        (b"<conditionalFormatting", "conditional formatting rules"),
        (b"<dataValidations", "data validation rules"),
        (b"<hyperlinks", "hyperlinks"),
    ):
        if tag in root_text or tag.replace(b"<", b":") in root_text:
            problems.append(f"it has {what}")
    return sorted(set(problems))


#: ``has_content`` as XPath: a formula, a saved value (the text before the value's first
#: child) or inline text; and the cells without a reference, which only ``iter_cells`` places.
_HOLDING = etree.XPath(
    "//m:c[m:f or m:v[node()[1][self::text()]] or m:is[string(.) != '']]/@r",
    namespaces={"m": MAIN},
    smart_strings=False,
)
_UNPLACED = etree.XPath("boolean(//m:c[not(@r) or @r = ''])", namespaces={"m": MAIN})


def _cells_holding_values(root: etree._Element, data: bytes) -> set[tuple[int, int]]:
    """(row, column) of every cell of a sheet part (``data``, parsed as ``root``) that
    holds a value (``has_content``), as ``iter_cells`` places them."""
    if _UNPLACED(root):
        return {(r, c) for r, c, cell in iter_cells(data) if has_content(cell)}
    return {parse_ref(ref) for ref in _HOLDING(root)}


def _refusal(path_name: str, found: dict[str, list[str]]) -> str:
    listed = "; ".join(
        f"on the sheet '{name}', {'; '.join(items)}" for name, items in found.items()
    )
    sheets = ", ".join(f"'{name}'" for name in found)
    return (
        f"Refresh refused: '{path_name}' was not changed. {sheets} "
        f"{'is a sheet' if len(found) == 1 else 'are sheets'} WRES rewrites on every refresh, "
        f"and a refresh would delete what you added there: {listed}. What to do: move these "
        "to a sheet of your own (cut them and paste them onto a new sheet; a chart or picture "
        "can be cut and pasted too), then refresh again."
    )


def _graph(pkg_names: set[str], read_rels: dict[str, list[Rel]], start: str) -> set[str]:
    """Every part reachable from ``start`` through relationships (``start`` excluded)."""
    seen: set[str] = set()
    todo = [start]
    while todo:
        part = todo.pop()
        for rel in read_rels.get(part, []):
            if rel.external or rel.target in seen or rel.target not in pkg_names:
                continue
            seen.add(rel.target)
            todo.append(rel.target)
    return seen


@dataclass
class _Changes:
    """What the refresh writes: the new parts, the parts removed, the content types to
    declare, and the workbook's relationships as they become."""

    pkg: SourcePackage
    wb_rels: list[Rel]
    new_parts: dict[str, bytes] = field(default_factory=dict)
    deleted: set[str] = field(default_factory=set)
    overrides: dict[str, str] = field(default_factory=dict)
    rel_ids: set[str] = field(default_factory=set)
    old_roots: dict[str, etree._Element] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.rel_ids = {r.id for r in self.wb_rels}

    def old_sheet(self, part: str) -> etree._Element:
        """An owned sheet's part as it was, parsed once (it is read, never changed)."""
        root = self.old_roots.get(part)
        if root is None:
            root = self.old_roots[part] = etree.fromstring(self.pkg.read(part), _PARSER)
        return root

    def fresh(self, stem: str) -> str:
        """The lowest free conventional name (``xl/charts/chart3.xml``): every old owned part
        is freed first, so the next refresh picks the same names again."""
        # Part names are compared without regard to case (Open Packaging Conventions).
        taken = {name.lower() for name in self.pkg.names if name not in self.deleted}
        taken |= {name.lower() for name in self.new_parts}
        n = 1
        while f"{stem}{n}.xml".lower() in taken:
            n += 1
        return f"{stem}{n}.xml"

    def relate(self, rel_type: str, target: str) -> str:
        """A new relationship from the workbook part, under the lowest free ``rIdN``."""
        rid = "rId1"
        n = 1
        while rid in self.rel_ids:
            n += 1
            rid = f"rId{n}"
        self.rel_ids.add(rid)
        self.wb_rels.append(Rel(rid, rel_type, target))
        return rid


def write_package(wb: PackageWorkbook, handle: BinaryIO) -> None:
    """The module docstring's steps, in order: every refusal before the first byte is
    written, then each part in turn."""
    pkg = wb.pkg
    rendered, scratch_styles = _render_owned(wb)
    footprint_part, recorded_by_name = _find_footprint(wb)
    # Excel matches sheet names without regard to case: a sheet the user renamed "SUMMARY"
    # is the Summary sheet (Excel would not let a second one exist), and so is its record.
    recorded = {sheet_key(name): fp for name, fp in recorded_by_name.items()}
    by_name = {sheet_key(s.name): s for s in wb.sheets}
    changes = _Changes(pkg, list(wb.wb_rels))
    _refuse_user_work(wb, rendered, by_name, recorded, changes)  # 2.
    all_rels = _relationships(pkg)
    xf_map = _merge_owned_styles(wb, rendered, scratch_styles, changes)  # 3.
    for item in rendered:
        item.parse(xf_map)
    wb_before = serialize(wb.wb_root)  # 4.
    sheets_el = wb.wb_root.find(q("sheets"))
    if sheets_el is None:
        raise AssertionError("sheets_el is not None")
    view = wb.wb_root.find(f"{q('bookViews')}/{q('workbookView')}")
    active = int(view.get("activeTab", "0")) if view is not None else 0
    calc_chain_stale = _free_old_parts(pkg, rendered, by_name, all_rels, changes)
    calc_chain_stale |= wb._overwritten_formulas
    for item in rendered:
        sheet = by_name.get(sheet_key(item.title))
        if sheet is None or not sheet.part:
            sheet = _new_sheet(wb, sheets_el, item.title, changes)
            by_name[sheet_key(item.title)] = sheet
        _place_sheet(wb, item, sheet, wb.sheets.index(sheet) == active, changes)
    _edited_inputs(wb, changes)
    if rendered:
        footprint_part = _record_footprint(
            rendered, recorded_by_name, by_name, footprint_part, changes
        )
    if calc_chain_stale:
        _drop_calc_chain(changes)
    _workbook_parts(wb, wb_before, changes)
    _content_types(pkg, footprint_part, changes)
    _write_zip(pkg, handle, changes)


def _render_owned(wb: PackageWorkbook) -> tuple[list[_Rendered], etree._Element | None]:
    """1. The owned sheets' parts from the sheet model, each with its footprint."""
    return render(wb.contents) if wb.contents else ([], None)


def _refuse_user_work(
    wb: PackageWorkbook,
    rendered: list[_Rendered],
    by_name: dict[str, SheetInfo],
    recorded: dict[str, Footprint],
    changes: _Changes,
) -> None:
    """2. Refuse before anything is written."""
    pkg = wb.pkg
    found: dict[str, list[str]] = {}
    for item in rendered:
        sheet = by_name.get(sheet_key(item.title))
        if sheet is None or not sheet.part or sheet.part not in pkg:
            continue
        problems = _user_work(wb, sheet, item, recorded.get(sheet_key(item.title)), changes)
        if problems:
            found[sheet.name] = problems
    if found:
        raise UnsafeRefreshError(_refusal(wb.path.name, found))


def _relationships(pkg: SourcePackage) -> dict[str, list[Rel]]:
    """Every relationship in the package, to know which old parts only owned sheets use."""
    all_rels: dict[str, list[Rel]] = {}
    for name in pkg.names:
        if name.endswith(".rels") and "/_rels/" in "/" + name:
            folder, base = posixpath.split(name)
            source = posixpath.join(posixpath.dirname(folder), base[: -len(".rels")])
            try:
                all_rels[pkg.canonical(source)] = pkg.parse_rels(pkg.read(name), source)
            except etree.XMLSyntaxError:
                continue
    return all_rels


def _merge_owned_styles(
    wb: PackageWorkbook,
    rendered: list[_Rendered],
    scratch_styles: etree._Element | None,
    changes: _Changes,
) -> dict[int, int] | None:
    """3. The owned sheets' cell formats merged into the workbook's ``styles.xml``; what
    each scratch format became (None when nothing was merged)."""
    pkg = wb.pkg
    styles_part = wb._styles_part()
    xf_map = None
    if rendered and scratch_styles is not None and styles_part is not None:
        used = set().union(*(item.styles_used() for item in rendered))
        # The styles as table rows left them (cell formats added for a quote prefix).
        styles_root = wb.styles_root if wb.styles_root is not None else pkg.xml(styles_part)
        before = serialize(pkg.xml(styles_part))
        xf_map = merge_styles(styles_root, scratch_styles, used)
        after = serialize(styles_root)
        if after != before:
            changes.new_parts[styles_part] = after
    elif wb.styles_root is not None and styles_part is not None:
        changes.new_parts[styles_part] = serialize(wb.styles_root)
    return xf_map


def _free_old_parts(
    pkg: SourcePackage,
    rendered: list[_Rendered],
    by_name: dict[str, SheetInfo],
    all_rels: dict[str, list[Rel]],
    changes: _Changes,
) -> bool:
    """The previous owned parts go first (and only those no other part refers to); whether
    a formula cell is among what is replaced (the calculation chain is then stale)."""
    stale = False
    deleted = changes.deleted
    for item in rendered:
        sheet = by_name.get(sheet_key(item.title))
        if sheet is not None and sheet.part:
            part = sheet.part
            old = _graph(pkg.names, all_rels, part)
            referenced_elsewhere = {
                rel.target
                for source, rels in all_rels.items()
                if source != part and source not in old
                for rel in rels
            }
            deleted |= {p for p in old if p not in referenced_elsewhere}
            if part in pkg and b"<f" in pkg.read(part):
                stale = True
            if pkg.canonical(rels_path(part)) in pkg.names:
                deleted.add(pkg.canonical(rels_path(part)))
            for p in list(deleted):
                if pkg.canonical(rels_path(p)) in pkg.names:
                    deleted.add(pkg.canonical(rels_path(p)))
    return stale


def _new_sheet(
    wb: PackageWorkbook, sheets_el: etree._Element, title: str, changes: _Changes
) -> SheetInfo:
    """An owned sheet the workbook does not have yet, added after its last sheet."""
    part = changes.fresh("xl/worksheets/sheet")
    rid = changes.relate(REL_WORKSHEET, part)
    used_ids = {s.sheet_id for s in wb.sheets}
    element = etree.SubElement(sheets_el, q("sheet"))
    element.set("name", title)
    element.set("sheetId", str(max(used_ids | {0}) + 1))
    element.set(q("id", R_NS), rid)
    sheet = SheetInfo(title, max(used_ids | {0}) + 1, rid, part, element)
    wb.sheets.append(sheet)
    changes.overrides[part] = CT_WORKSHEET
    return sheet


def _place_sheet(
    wb: PackageWorkbook, item: _Rendered, sheet: SheetInfo, active: bool, changes: _Changes
) -> None:
    """4. One owned sheet's XML, drawing and charts, in its part (old or new)."""
    pkg = wb.pkg
    part = sheet.part
    position = wb.sheets.index(sheet)
    if part in pkg:
        # A damaged old sheet has nothing to keep: it is replaced whole.
        with contextlib.suppress(etree.XMLSyntaxError):
            _keep_sheet_settings(changes.old_sheet(part), item.xml)
    if item.hidden:
        sheet.element.set("state", "hidden")
    else:
        sheet.element.attrib.pop("state", None)
    for sv in item.xml.iter(q("sheetView")):
        if active and not item.hidden:
            sv.set("tabSelected", "1")
        else:
            sv.attrib.pop("tabSelected", None)
    if sheet.name != item.title:
        # The user's spelling of the sheet ("SUMMARY") is kept, as Excel keeps it; the
        # references the tool writes use it too.
        item.charts = [_retitle_chart(chart, item.title, sheet.name) for chart in item.charts]
        if item.print_titles:
            item.print_titles = _retitle(item.print_titles, item.title, sheet.name)
    _set_print_titles(wb.wb_root, position, item.title, item.print_titles)
    sheet_rels = _place_drawing(item, changes)
    changes.new_parts[part] = serialize(item.xml)
    changes.overrides.setdefault(part, CT_WORKSHEET)
    if sheet_rels:
        changes.new_parts[rels_path(part)] = rels_xml(part, sheet_rels)
    changes.deleted -= set(changes.new_parts)


def _place_drawing(item: _Rendered, changes: _Changes) -> list[Rel]:
    """The sheet's drawing and its charts as new parts; the sheet's relationships to them."""
    drawing_el = item.xml.find(q("drawing"))
    if item.drawing is None or drawing_el is None:
        if drawing_el is not None:
            item.xml.remove(drawing_el)
        return []
    drawing_part = changes.fresh("xl/drawings/drawing")
    chart_rels = []
    for j, chart in enumerate(item.charts, start=1):
        chart_part = changes.fresh("xl/charts/chart")
        changes.new_parts[chart_part] = chart
        changes.overrides[chart_part] = CT_CHART
        chart_rels.append(Rel(f"rId{j}", REL_CHART, chart_part))
    changes.new_parts[drawing_part] = item.drawing
    changes.new_parts[rels_path(drawing_part)] = rels_xml(drawing_part, chart_rels)
    changes.overrides[drawing_part] = CT_DRAWING
    drawing_el.set(q("id", R_NS), "rId1")
    return [Rel("rId1", REL_DRAWING, drawing_part)]


def _edited_inputs(wb: PackageWorkbook, changes: _Changes) -> None:
    """Input sheets and tables edited in place."""
    for part in wb._dirty_parts:
        changes.new_parts[part] = serialize(wb._sheets_xml[part].root)
    for part, root in wb._tables_xml.items():
        data = serialize(root)
        if data != serialize(wb.pkg.xml(part)):
            changes.new_parts[part] = data


def _record_footprint(
    rendered: list[_Rendered],
    recorded_by_name: dict[str, Footprint],
    by_name: dict[str, SheetInfo],
    footprint_part: str | None,
    changes: _Changes,
) -> str:
    """The record of what was written on each owned sheet, for the next refresh; its part."""
    written = {sheet_key(item.title) for item in rendered}
    merged = {name: fp for name, fp in recorded_by_name.items() if sheet_key(name) not in written}
    for item in rendered:
        merged[by_name[sheet_key(item.title)].name] = item.footprint
    root = etree.Element(q("ownedSheets", FOOTPRINT_NS), nsmap={None: FOOTPRINT_NS})
    for title in sorted(merged):
        el = etree.SubElement(root, q("sheet", FOOTPRINT_NS))
        el.set("name", title)
        el.set("charts", str(merged[title].charts))
        el.text = merged[title].encode()
    data = serialize(root)
    if footprint_part is None:
        footprint_part = _FOOTPRINT_PART
        changes.relate(REL_CUSTOM_XML, footprint_part)
        changes.new_parts[rels_path(footprint_part)] = rels_xml(
            footprint_part, [Rel("rId1", REL_CUSTOM_XML_PROPS, _FOOTPRINT_PROPS)]
        )
        changes.new_parts[_FOOTPRINT_PROPS] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<ds:datastoreItem ds:itemID="{FOOTPRINT_ITEM_ID}" xmlns:ds="{_DS}">'
            f'<ds:schemaRefs><ds:schemaRef ds:uri="{FOOTPRINT_NS}"/></ds:schemaRefs>'
            "</ds:datastoreItem>"
        ).encode()
        changes.overrides[_FOOTPRINT_PROPS] = CT_CUSTOM_PROPS
    pkg = changes.pkg
    if footprint_part not in pkg.names or pkg.read(footprint_part) != data:
        changes.new_parts[footprint_part] = data
    return footprint_part


def _drop_calc_chain(changes: _Changes) -> None:
    """calcChain lists formula cells; an entry for a cell that no longer holds a formula
    makes Excel report the file as damaged. Excel rebuilds a missing chain on load, so
    dropping it is safe, and it is dropped only when a formula cell was replaced."""
    for rel in [r for r in changes.wb_rels if r.type == REL_CALC_CHAIN]:
        changes.wb_rels.remove(rel)
        changes.deleted.add(rel.target)


def _workbook_parts(wb: PackageWorkbook, wb_before: bytes, changes: _Changes) -> None:
    """``workbook.xml`` and its relationships, where they changed."""
    pkg = wb.pkg
    if wb.formulas_written:
        _calculate_on_open(wb.wb_root)
    wb_after = serialize(wb.wb_root)
    if wb_after != wb_before:
        changes.new_parts[wb.wb_part] = wb_after
    if [(r.id, r.type, r.target) for r in changes.wb_rels] != [
        (r.id, r.type, r.target) for r in wb.wb_rels
    ]:
        changes.new_parts[rels_path(wb.wb_part)] = _edit_rels(
            pkg.read(rels_path(wb.wb_part)), wb.wb_part, wb.wb_rels, changes.wb_rels
        )


def _content_types(pkg: SourcePackage, footprint_part: str | None, changes: _Changes) -> None:
    """``[Content_Types].xml``: removed parts undeclared, new ones declared."""
    ct_root = pkg.xml("[Content_Types].xml")
    ct_before = serialize(ct_root)
    # Keyed without regard to case, as part names are compared.
    existing = {
        o.get("PartName", "").lstrip("/").lower(): o for o in ct_root.iter(q("Override", CT_NS))
    }
    for name in changes.deleted:
        if name.lower() in existing and name not in changes.new_parts:
            ct_root.remove(existing.pop(name.lower()))
    for name, ctype in sorted(changes.overrides.items()):
        if name.lower() in existing:
            existing[name.lower()].set("ContentType", ctype)
        else:
            el = etree.SubElement(ct_root, q("Override", CT_NS))
            el.set("PartName", "/" + name)
            el.set("ContentType", ctype)
    has_xml = any(
        d.get("Extension", "").lower() == "xml" for d in ct_root.iter(q("Default", CT_NS))
    )
    if not has_xml and footprint_part and footprint_part.lower() not in existing:
        el = etree.SubElement(ct_root, q("Override", CT_NS))
        el.set("PartName", "/" + footprint_part)
        el.set("ContentType", "application/xml")
    ct_after = serialize(ct_root)
    if ct_after != ct_before:
        changes.new_parts["[Content_Types].xml"] = ct_after


def _write_zip(pkg: SourcePackage, handle: BinaryIO, changes: _Changes) -> None:
    """Write: the original order (untouched parts as their compressed bytes), then the new
    parts."""
    new_parts, deleted = changes.new_parts, changes.deleted
    writer = PackageWriter(handle)
    try:
        written = set()
        for info in pkg.infos:
            name = info.filename
            if name in written:
                continue
            written.add(name)
            if name in deleted and name not in new_parts:
                continue
            if name in new_parts:
                writer.write(name, new_parts[name], info.date_time)
            else:
                writer.copy_raw(pkg, info)
        for name in sorted(new_parts):
            if name not in written:
                writer.write(name, new_parts[name], _FIXED_TIME)
    except BaseException:
        writer.abort()
        raise
    writer.close()


#: What may stand before ``calcPr`` in a workbook part (CT_Workbook's sequence).
_BEFORE_CALC_PR = (
    "fileVersion", "fileSharing", "workbookPr", "workbookProtection", "bookViews", "sheets",
    "functionGroups", "externalReferences", "definedNames",
)  # fmt: skip


def _calculate_on_open(wb_root: etree._Element) -> None:
    """Ask Excel to calculate every formula when it opens the workbook: formulas written
    without a result (a calculated column's, in appended rows) would otherwise show blank."""
    calc = wb_root.find(q("calcPr"))
    if calc is None:
        calc = etree.Element(q("calcPr"))
        before = [
            child
            for child in wb_root
            if isinstance(child.tag, str) and etree.QName(child).localname in _BEFORE_CALC_PR
        ]
        if before:
            before[-1].addnext(calc)
        else:
            wb_root.insert(0, calc)
    calc.set("fullCalcOnLoad", "1")


def _keep_sheet_settings(old: etree._Element, new: etree._Element) -> None:
    """Carry across what a user (or Excel) set on the owned sheet itself, which the tool's
    sheet does not say: the code name (a macro refers to the sheet by it, ``Sheet11.Range``,
    and the VBA project, signed or not, has a module named after it), a tab colour, and the
    sheet's protection with its protected ranges."""
    old_pr = old.find(q("sheetPr"))
    pr = new.find(q("sheetPr"))
    if old_pr is not None:
        code_name = old_pr.get("codeName")
        tab = old_pr.find(q("tabColor"))
        if code_name is not None or tab is not None:
            if pr is None:
                pr = etree.Element(q("sheetPr"))
                new.insert(0, pr)
            if code_name is not None:
                pr.set("codeName", code_name)
            if tab is not None:
                mine = pr.find(q("tabColor"))
                if mine is not None:
                    pr.remove(mine)
                pr.insert(0, copy.deepcopy(tab))
    data = new.find(q("sheetData"))
    if data is None:
        return
    for tag in ("protectedRanges", "sheetProtection"):
        # Each right after sheetData (CT_Worksheet: sheetProtection, then protectedRanges).
        kept = old.find(q(tag))
        if kept is not None:
            data.addnext(copy.deepcopy(kept))


def _quoted(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


def _retitle(formula: str, old: str, new: str) -> str:
    """``formula`` with its references to the sheet ``old`` (quoted or not) naming ``new``."""
    pattern = re.compile(
        rf"(?<![\w.'])(?:{re.escape(_quoted(old))}|{re.escape(old)})!", re.IGNORECASE
    )
    return pattern.sub(lambda _m: _quoted(new) + "!", formula)


def _retitle_chart(chart: bytes, old: str, new: str) -> bytes:
    root = etree.fromstring(chart, _PARSER)
    for f in root.iter(q("f", _C)):
        if f.text:
            f.text = _retitle(f.text, old, new)
    return serialize(root)


def _set_print_titles(
    wb_root: etree._Element, position: int, title: str, titles: str | None
) -> None:
    names = wb_root.find(q("definedNames"))
    if names is not None:
        for el in list(names.iterchildren(q("definedName"))):
            if el.get("name") == "_xlnm.Print_Titles" and el.get("localSheetId") == str(position):
                names.remove(el)
    if not titles:
        if names is not None and len(names) == 0:
            wb_root.remove(names)
        return
    if names is None:
        names = etree.Element(q("definedNames"))
        anchor = wb_root.find(q("sheets"))
        if anchor is None:
            raise AssertionError("anchor is not None")
        anchor.addnext(names)
    el = etree.Element(q("definedName"))
    el.set("name", "_xlnm.Print_Titles")
    el.set("localSheetId", str(position))
    el.text = titles
    # Excel keeps defined names sorted by name; placed in order, a re-save changes nothing.
    later = [
        n for n in names.iterchildren(q("definedName")) if (n.get("name") or "") > el.get("name")
    ]
    if later:
        later[0].addprevious(el)
    else:
        names.append(el)


def _edit_rels(data: bytes, source: str, before: list[Rel], after: list[Rel]) -> bytes:
    """The relationship part with removals and additions only; other entries kept as they
    were (attribute order and spelling of their targets included)."""
    root = etree.fromstring(data, _PARSER)
    keep = {r.id for r in after}
    have = {r.id for r in before}
    for el in list(root.iter(q("Relationship", PKG_RELS))):
        if el.get("Id") not in keep:
            root.remove(el)
    for rel in after:
        if rel.id in have:
            continue
        el = etree.SubElement(root, q("Relationship", PKG_RELS))
        el.set("Id", rel.id)
        el.set("Type", rel.type)
        el.set("Target", posixpath.relpath(rel.target, posixpath.dirname(source) or "."))
    return serialize(root)


__all__ = ["merge_styles", "write_package"]
