"""The workbook interface over an .xlsx/.xlsm package, writing only what wres-xl owns.

A refresh outside Excel must not round-trip the user's workbook through a library that
drops what it does not model. So this backend reads and writes the package itself:

- Input tables are read from their table parts (``xl/tables/*.xml``) and the cells' saved
  values straight from the sheet XML; a formula's cached result is read and the formula
  left in place. Only the sheets that hold the tables wres-xl reads are parsed.
- The tool-owned output sheets' XML, drawings and charts are written straight from the
  sheet model (``sheet_xml.py``; no openpyxl, which a refresh never imports) and replace
  the previous ones; their cell formats are merged into the workbook's own ``styles.xml``
  (an identical format is reused, so refreshing again adds nothing). A tab colour, sheet
  protection and code name set on an owned sheet are kept.
- Rows appended to a table get its calculated columns' formulas, as Excel fills them.
- Writes into input tables (``Current rating``, appended action rows, an ESR import) edit
  the cells of that one sheet in place and the table's ``ref``; the rest of that sheet (rich
  text, validations, conditional formats) is kept.
- Every other part is copied across as its original compressed bytes.

What the tool wrote on each owned sheet last time is recorded in a small custom XML part
(Excel keeps those), so anything a user added there since is found and the refresh refused
before a byte is written, instead of being dropped.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import io
import math
import posixpath
import re
import struct
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from lxml import etree

from wres_xl.core import schema
from wres_xl.core.model import RawTable
from wres_xl.errors import UnsafeRefreshError, WorkbookError, WresFileError
from wres_xl.report.layout import SheetContent, column_letter, wrapped_row_height
from wres_xl.workbook.cell_text import needs_quote_prefix
from wres_xl.workbook.table_edits import (
    cell_text,
    header_index,
    plan_append,
    refuse_overwrite,
    values_in_order,
)

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
STRICT_MAIN = "http://purl.oclc.org/ooxml/spreadsheetml/main"
FOOTPRINT_NS = "urn:wres-xl:owned-sheets:1"
#: A fixed data-store id, so the footprint part is found again and two refreshes match.
FOOTPRINT_ITEM_ID = "{5F0E2C1A-3B7D-4C52-9E0A-57A1E5C0FFEE}"

REL_WORKSHEET = R_NS + "/worksheet"
REL_DRAWING = R_NS + "/drawing"
REL_CHART = R_NS + "/chart"
REL_TABLE = R_NS + "/table"
REL_CALC_CHAIN = R_NS + "/calcChain"
REL_CUSTOM_XML = R_NS + "/customXml"
REL_CUSTOM_XML_PROPS = R_NS + "/customXmlProps"
REL_PRINTER = R_NS + "/printerSettings"

CT_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
CT_DRAWING = "application/vnd.openxmlformats-officedocument.drawing+xml"
CT_CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
CT_CUSTOM_PROPS = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"

OWNED_SHEETS = frozenset(schema.OUTPUT_SHEETS)
_NS = {"m": MAIN, "r": R_NS, "p": PKG_RELS, "ct": CT_NS, "xdr": XDR}
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)
_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")
_PARSER = etree.XMLParser(remove_blank_text=False, resolve_entities=False, huge_tree=True)


def q(tag: str, ns: str = MAIN) -> str:
    return f"{{{ns}}}{tag}"


def sheet_key(name: str) -> str:
    """A sheet name as Excel compares it: without regard to case, letter for letter
    ("summary", "SUMMARY" and "Summary" are one sheet; Excel refuses a second)."""
    return "".join(ch.upper() if len(ch.upper()) == 1 else ch for ch in name)


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


#: Column letters under the name the package writer's modules import (report.layout's).
col_letters = column_letter


@functools.lru_cache(maxsize=65536)
def parse_ref(ref: str) -> tuple[int, int]:
    """(row, column) of "B12" (cached: every sheet read asks for the same few thousand)."""
    m = _REF.match(ref.strip())
    if not m:
        raise ValueError(f"not a cell reference: {ref!r}")
    return int(m.group(2)), _col_index(m.group(1))


def _parse_range(ref: str) -> tuple[int, int, int, int]:
    """(min_row, min_col, max_row, max_col) of "A1:C9"."""
    first, _, last = ref.partition(":")
    r1, c1 = parse_ref(first)
    r2, c2 = parse_ref(last or first)
    return min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)


def _range_ref(r1: int, c1: int, r2: int, c2: int) -> str:
    return f"{column_letter(c1)}{r1}:{column_letter(c2)}{r2}"


def serialize(root: etree._Element) -> bytes:
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return data


def rels_path(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def _relative(source: str, target: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(source) or ".")


# --- the zip container -------------------------------------------------------------------


class SourcePackage:
    """The parts of a package, read on demand, with their original compressed bytes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._handle: BinaryIO = open(path, "rb")  # noqa: SIM115 - closed by close()
            self.zip = zipfile.ZipFile(self._handle)
        except zipfile.BadZipFile as error:
            self._handle.seek(0)
            encrypted = self._handle.read(8) == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
            self._handle.close()
            if encrypted and path.suffix.lower() in (".xlsx", ".xlsm"):
                raise WresFileError(
                    f"'{path.name}' is protected with a password to open, so wres-xl cannot "
                    "read it (nothing was changed). Refresh it inside Excel with WRES ▸ "
                    "Refresh, or remove the password (File ▸ Info ▸ Protect Workbook ▸ Encrypt "
                    "with Password, clear it) and run wres-xl again."
                ) from error
            raise WresFileError(
                f"'{path.name}' is not a valid Excel workbook (the file is damaged or "
                f"incomplete: {error}). Open it in Excel and save it again as an Excel "
                "Workbook (.xlsx), or restore it from a backup."
            ) from error
        self.infos = self.zip.infolist()
        self.names = {i.filename for i in self.infos}
        self._by_lower = {name.lower(): name for name in self.names}
        self._cache: dict[str, bytes] = {}

    def canonical(self, name: str) -> str:
        """The stored spelling of a part name: part names are compared without regard to
        case (Open Packaging Conventions), so a target "../Tables/Table1.xml" is the part
        "xl/tables/table1.xml"."""
        if name in self.names:
            return name
        return self._by_lower.get(name.lower(), name)

    def parse_rels(self, data: bytes, source: str) -> list[Rel]:
        rels = parse_rels(data, source)
        for rel in rels:
            if not rel.external:
                rel.target = self.canonical(rel.target)
        return rels

    def close(self) -> None:
        self.zip.close()
        self._handle.close()

    def __contains__(self, name: str) -> bool:
        return name in self.names

    def read(self, name: str) -> bytes:
        data = self._cache.get(name)
        if data is None:
            try:
                data = self.zip.read(name)
            except (zipfile.BadZipFile, KeyError, OSError, EOFError) as error:
                raise WresFileError(
                    f"'{self.path.name}' is damaged: part of its contents ({name}) cannot be "
                    f"read ({error}). Open it in Excel (which may offer to repair it) and save "
                    "it again."
                ) from error
            self._cache[name] = data
        return data

    def xml(self, name: str) -> etree._Element:
        try:
            return etree.fromstring(self.read(name), _PARSER)
        except etree.XMLSyntaxError as error:
            raise WresFileError(
                f"'{self.path.name}' is damaged: its part {name} is not well-formed XML "
                f"({error}). Open it in Excel (which may offer to repair it) and save it again."
            ) from error

    def raw(self, info: zipfile.ZipInfo) -> bytes:
        """The member's compressed bytes as stored, to copy it without recompressing."""
        self._handle.seek(info.header_offset)
        header = self._handle.read(30)
        if header[:4] != b"PK\x03\x04":
            raise WresFileError(f"'{self.path.name}' is damaged (bad zip entry {info.filename}).")
        name_len, extra_len = struct.unpack("<HH", header[26:30])
        self._handle.seek(info.header_offset + 30 + name_len + extra_len)
        return self._handle.read(info.compress_size)

    def rels(self, part: str) -> list[Rel]:
        path = self.canonical(rels_path(part) if part else "_rels/.rels")
        if path not in self.names:
            return []
        return self.parse_rels(self.read(path), part)


@dataclass
class Rel:
    id: str
    type: str
    target: str  # absolute part name, or the URL when external
    external: bool = False


def parse_rels(data: bytes, source: str) -> list[Rel]:
    root = etree.fromstring(data, _PARSER)
    out = []
    for rel in root.iter(q("Relationship", PKG_RELS)):
        target = rel.get("Target", "")
        external = rel.get("TargetMode") == "External"
        if not external:
            if target.startswith("/"):
                target = target[1:]
            else:
                target = posixpath.normpath(posixpath.join(posixpath.dirname(source), target))
        out.append(Rel(rel.get("Id", ""), rel.get("Type", ""), target, external))
    return out


def rels_xml(source: str, rels: Sequence[Rel]) -> bytes:
    root = etree.Element(q("Relationships", PKG_RELS), nsmap={None: PKG_RELS})
    for rel in rels:
        element = etree.SubElement(root, q("Relationship", PKG_RELS))
        element.set("Id", rel.id)
        element.set("Type", rel.type)
        element.set("Target", rel.target if rel.external else _relative(source, rel.target))
        if rel.external:
            element.set("TargetMode", "External")
    return serialize(root)


class PackageWriter:
    """Writes a new zip: unchanged members as their original compressed bytes."""

    def __init__(self, handle: BinaryIO) -> None:
        self.zip = zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED)

    def copy_raw(self, source: SourcePackage, info: zipfile.ZipInfo) -> None:
        raw = source.raw(info)
        new = zipfile.ZipInfo(info.filename, info.date_time)
        new.compress_type = info.compress_type
        new.external_attr = info.external_attr
        new.create_system = info.create_system
        new.flag_bits = info.flag_bits & 0x0800  # keep UTF-8 names, drop data descriptor
        new.CRC = info.CRC
        new.compress_size = info.compress_size
        new.file_size = info.file_size
        z = self.zip
        fp = z.fp
        if fp is None:
            raise AssertionError("fp is not None")
        new.header_offset = fp.tell()
        fp.write(new.FileHeader(None))
        fp.write(raw)
        z.filelist.append(new)
        z.NameToInfo[new.filename] = new
        z.start_dir = fp.tell()
        z._didModify = True  # type: ignore[attr-defined]

    def write(self, name: str, data: bytes, date_time: tuple[int, ...] = _FIXED_TIME) -> None:
        info = zipfile.ZipInfo(name, date_time)  # type: ignore[arg-type]
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o600 << 16
        self.zip.writestr(info, data)

    def close(self) -> None:
        self.zip.close()

    def abort(self) -> None:
        """Give up after a failed write (a full disk): the caller discards the file, so no
        central directory is written, now or when the object is collected."""
        self.zip.fp = None


# --- reading tables ----------------------------------------------------------------------


@dataclass
class TableDef:
    name: str
    part: str
    sheet: str
    sheet_part: str
    ref: str
    header_rows: int
    totals_rows: int
    columns: list[str]
    #: A calculated column's formula by column offset (Excel fills it into new rows), and
    #: whether it is an array formula.
    formulas: dict[int, tuple[str, bool]] = field(default_factory=dict)

    @property
    def bounds(self) -> tuple[int, int, int, int]:
        return _parse_range(self.ref)


@dataclass
class SheetInfo:
    name: str
    sheet_id: int
    rid: str
    part: str
    element: etree._Element


class SheetCells:
    """A parsed sheet: its tree and an index of cell elements by (row, column)."""

    def __init__(self, root: etree._Element) -> None:
        self.root = root
        data = root.find(q("sheetData"))
        if data is None:
            data = etree.SubElement(root, q("sheetData"))
        self.data = data
        self.rows: dict[int, etree._Element] = {}
        self.cells: dict[tuple[int, int], etree._Element] = {}
        last_row = 0
        for row in data.iterchildren(q("row")):
            r = int(row.get("r") or last_row + 1)
            last_row = r
            self.rows[r] = row
            last_col = 0
            for c in row.iterchildren(q("c")):
                ref = c.get("r")
                col = parse_ref(ref)[1] if ref else last_col + 1
                last_col = col
                self.cells[(r, col)] = c

    def row(self, r: int) -> etree._Element:
        found = self.rows.get(r)
        if found is not None:
            return found
        element = etree.Element(q("row"))
        element.set("r", str(r))
        after = [n for n in self.rows if n < r]
        if after:
            self.rows[max(after)].addnext(element)
        else:
            self.data.insert(0, element)
        self.rows[r] = element
        return element

    def cell(self, r: int, c: int) -> etree._Element:
        found = self.cells.get((r, c))
        if found is not None:
            return found
        row = self.row(r)
        row.attrib.pop("spans", None)  # an optional hint; stale once a cell is added
        element = etree.Element(q("c"))
        element.set("r", f"{column_letter(c)}{r}")
        before = [k for k in self.cells if k[0] == r and k[1] > c]
        if before:
            self.cells[min(before)].addprevious(element)
        else:
            row.append(element)
        self.cells[(r, c)] = element
        return element


_F, _V, _IS = q("f"), q("v"), q("is")


def has_content(c: etree._Element) -> bool:
    """A formula, a saved value or inline text (a cell with only a format is empty)."""
    for child in c:
        tag = child.tag
        if tag == _F:
            return True
        if tag == _V and child.text:
            return True
        if tag == _IS and "".join(child.itertext()):
            return True
    return False


class PackageWorkbook:
    """A WRES workbook file, read and written at package level (see the module docstring)."""

    def __init__(self, path: Path, on_progress: Callable[[str], None] | None = None) -> None:
        self.path = Path(path)
        self._on_progress = on_progress
        self.pkg = SourcePackage(self.path)
        try:
            self._load_structure()
        except BaseException:
            self.pkg.close()
            raise
        self.contents: list[SheetContent] = []
        self._sheets_xml: dict[str, SheetCells] = {}
        self._dirty_parts: set[str] = set()
        self._tables_xml: dict[str, etree._Element] = {}
        self._shared: list[str] | None = None
        self._date_styles: set[int] | None = None
        #: The styles part, once a table row needed a cell format with (or without) a
        #: quote prefix that the file did not have; the writer saves it with the rest.
        self.styles_root: etree._Element | None = None
        self._quote_xfs: dict[tuple[str, bool], str] = {}
        self._overwritten_formulas = False
        #: Formulas written without a result (a calculated column's, in appended rows): Excel
        #: is then told to calculate the workbook when it opens it.
        self.formulas_written = False

    def close(self) -> None:
        self.pkg.close()

    def __enter__(self) -> PackageWorkbook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- structure ---------------------------------------------------------------------

    def _load_structure(self) -> None:
        pkg = self.pkg
        if "[Content_Types].xml" not in pkg:
            raise WresFileError(
                f"'{self.path.name}' is not an Excel workbook (it has no content types part). "
                "Open it in Excel and save it again as an Excel Workbook (.xlsx)."
            )
        office = [r for r in pkg.rels("") if r.type.endswith("/officeDocument")]
        self.wb_part = office[0].target if office else "xl/workbook.xml"
        if self.wb_part not in pkg:
            raise WresFileError(
                f"'{self.path.name}' is damaged: it has no workbook part. Open it in Excel "
                "(which may offer to repair it) and save it again."
            )
        self.wb_root = pkg.xml(self.wb_part)
        if self.wb_root.tag == q("workbook", STRICT_MAIN):
            raise UnsafeRefreshError(
                f"Refresh refused: '{self.path.name}' was not changed. It is saved in the "
                "'Strict Open XML' format, which wres-xl cannot write into safely. In Excel use "
                "File ▸ Save As ▸ Excel Workbook (.xlsx), then refresh again."
            )
        self.wb_rels = pkg.rels(self.wb_part)
        by_id = {r.id: r for r in self.wb_rels}
        self.sheets: list[SheetInfo] = []
        sheets_el = self.wb_root.find(q("sheets"))
        for el in sheets_el.iterchildren(q("sheet")) if sheets_el is not None else ():
            rid = el.get(q("id", R_NS), "")
            rel = by_id.get(rid)
            part = rel.target if rel is not None and rel.type == REL_WORKSHEET else ""
            self.sheets.append(
                SheetInfo(el.get("name", ""), int(el.get("sheetId", "0")), rid, part, el)
            )
        pr = self.wb_root.find(q("workbookPr"))
        self.date1904 = pr is not None and pr.get("date1904") in ("1", "true")
        self.tables: dict[str, TableDef] = {}
        for sheet in self.sheets:
            if not sheet.part or sheet.part not in pkg:
                continue
            for rel in pkg.rels(sheet.part):
                if rel.type != REL_TABLE or rel.target not in pkg:
                    continue
                root = pkg.xml(rel.target)
                name = root.get("displayName") or root.get("name") or ""
                columns = []
                formulas = {}
                for i, column in enumerate(root.iter(q("tableColumn"))):
                    columns.append(column.get("name", ""))
                    formula = column.find(q("calculatedColumnFormula"))
                    if formula is not None and (formula.text or "").strip():
                        array = formula.get("array") in ("1", "true")
                        formulas[i] = (formula.text or "", array)
                self.tables[name.casefold()] = TableDef(
                    name,
                    rel.target,
                    sheet.name,
                    sheet.part,
                    root.get("ref", "A1"),
                    int(root.get("headerRowCount", "1")),
                    int(root.get("totalsRowCount", "0")),
                    columns,
                    formulas,
                )

    def sheet_names(self) -> list[str]:
        return [s.name for s in self.sheets]

    def progress(self, message: str) -> None:
        if self._on_progress is not None:
            self._on_progress(message)

    def _sheet(self, part: str) -> SheetCells:
        found = self._sheets_xml.get(part)
        if found is None:
            found = SheetCells(self.pkg.xml(part))
            self._sheets_xml[part] = found
        return found

    def _shared_strings(self) -> list[str]:
        if self._shared is None:
            self._shared = []
            rel = next((r for r in self.wb_rels if r.type.endswith("/sharedStrings")), None)
            if rel is not None and rel.target in self.pkg:
                root = self.pkg.xml(rel.target)
                for si in root.iterchildren(q("si")):
                    self._shared.append(_text_of(si))
        return self._shared

    def _is_date_style(self, s: int) -> bool:
        if self._date_styles is None:
            from wres_xl.workbook.xlsx_numbers import BUILTIN_FORMATS, is_date_format

            self._date_styles = set()
            styles = self._styles_part()
            if styles is not None:
                root = self.pkg.xml(styles)
                custom = {
                    int(n.get("numFmtId", "0")): n.get("formatCode", "")
                    for n in root.iter(q("numFmt"))
                }
                xfs = root.find(q("cellXfs"))
                for i, xf in enumerate(xfs.iterchildren(q("xf")) if xfs is not None else ()):
                    fmt_id = int(xf.get("numFmtId", "0"))
                    code = custom.get(fmt_id, BUILTIN_FORMATS.get(fmt_id, "General"))
                    if is_date_format(code):
                        self._date_styles.add(i)
        return s in self._date_styles

    def _styles_part(self) -> str | None:
        rel = next((r for r in self.wb_rels if r.type.endswith("/styles")), None)
        return rel.target if rel is not None and rel.target in self.pkg else None

    def _value(self, c: etree._Element | None, sheet: str, calculated: bool = False) -> object:
        """A cell's value (its formula's saved result); ``calculated``: the cell is in a
        table's calculated column, whose formula may have no result yet (rows a refresh
        added, before Excel calculated them), read as blank."""
        if c is None:
            return None
        t = c.get("t", "n")
        v = c.find(q("v"))
        f = c.find(q("f"))
        if t == "inlineStr":
            inline = c.find(q("is"))
            return _text_of(inline) if inline is not None else None
        if v is None:
            if f is not None and not calculated:
                ref = c.get("r", "")
                raise WorkbookError(
                    f"Sheet '{sheet}', cell {ref} holds a formula whose result is not saved in "
                    "the file. Open the workbook in Excel and save it (so the result is "
                    "stored), or type the number instead of a formula.",
                    sheet=sheet,
                    row=parse_ref(ref)[0] if ref else None,
                )
            return None
        text = v.text or ""
        if t == "s":
            strings = self._shared_strings()
            try:
                return strings[int(text)]
            except (ValueError, IndexError):
                return None
        if t in ("str", "e"):
            return text
        if t == "b":
            return text.strip() in ("1", "true")
        if t == "d":
            try:
                return dt.datetime.fromisoformat(text)
            except ValueError:
                return text
        try:
            number: float | int = int(text) if re.fullmatch(r"-?\d+", text.strip()) else float(text)
        except ValueError:
            return text
        s = int(c.get("s", "0") or 0)
        if s and self._is_date_style(s):
            from wres_xl.workbook.xlsx_numbers import from_excel

            epoch = dt.datetime(1904, 1, 1) if self.date1904 else None
            try:
                return from_excel(number, epoch) if epoch else from_excel(number)
            except (ValueError, OverflowError):
                return number
        return number

    def _table(self, name: str) -> TableDef:
        found = self.tables.get(name.casefold())
        if found is None:
            raise WorkbookError(f"The Excel Table {name} was not found.")
        return found

    def _headers(self, table: TableDef) -> list[str]:
        r1, c1, _, c2 = table.bounds
        if table.header_rows:
            sheet = self._sheet(table.sheet_part)
            cells = [self._value(sheet.cells.get((r1, c)), table.sheet) for c in range(c1, c2 + 1)]
            if any(v not in (None, "") for v in cells):
                return [str(v if v is not None else "").strip() for v in cells]
        names = list(table.columns) + [""] * (c2 - c1 + 1)
        return [n.strip() for n in names[: c2 - c1 + 1]]

    def read_table(self, name: str) -> RawTable | None:
        table = self.tables.get(name.casefold())
        if table is None:
            return None
        sheet = self._sheet(table.sheet_part)
        r1, c1, r2, c2 = table.bounds
        first = r1 + table.header_rows
        last = r2 - table.totals_rows
        rows = [
            [
                self._value(sheet.cells.get((r, c)), table.sheet, c - c1 in table.formulas)
                for c in range(c1, c2 + 1)
            ]
            for r in range(first, last + 1)
        ]
        return RawTable(
            table.name,
            table.sheet,
            tuple(self._headers(table)),
            rows,
            first,
            rows_below=tuple(self._rows_below(table, sheet)),
        )

    def _rows_below(self, table: TableDef, sheet: SheetCells) -> list[int]:
        """Rows typed directly under the table in its columns, which Excel does not count as
        part of it (a table grows only when typed into from inside)."""
        _, c1, r2, c2 = table.bounds
        found = []
        r = r2 + 1
        while any(
            (cell := sheet.cells.get((r, c))) is not None and has_content(cell)
            for c in range(c1, c2 + 1)
        ):
            found.append(r)
            r += 1
        return found

    # --- writing into input tables -----------------------------------------------------

    def _put(self, sheet: SheetCells, part: str, r: int, c: int, value: object) -> None:
        cell = sheet.cell(r, c)
        if cell.find(q("f")) is not None:
            self._overwritten_formulas = True
        for child in list(cell):
            cell.remove(child)
        for attr in ("t", "cm", "vm", "ph"):
            cell.attrib.pop(attr, None)
        self._dirty_parts.add(part)
        if value is None or value == "":
            return
        if isinstance(value, float) and not math.isfinite(value):
            value = str(value)  # "inf" is no number an .xlsx can hold; keep it visible as text
        if isinstance(value, bool):
            cell.set("t", "b")
            etree.SubElement(cell, q("v")).text = "1" if value else "0"
        elif isinstance(value, int | float):
            etree.SubElement(cell, q("v")).text = (
                repr(value) if isinstance(value, float) else str(value)
            )
        elif isinstance(value, dt.date):
            from wres_xl.workbook.xlsx_numbers import to_excel

            etree.SubElement(cell, q("v")).text = repr(to_excel(value))
        else:
            text = cell_text(str(value))
            # Inline text: written as text whatever it looks like ("=Smith" stays a name).
            cell.set("t", "inlineStr")
            t = etree.SubElement(etree.SubElement(cell, q("is")), q("t"))
            t.text = text
            if text != text.strip() or "\n" in text:
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")

    def _put_formula(self, cell: etree._Element, offset: int, formula: str, array: bool) -> None:
        """A calculated column's formula in a data row ``offset`` rows below the first, as
        Excel fills it in (without a result: Excel calculates it when it opens the
        workbook)."""
        f = etree.SubElement(cell, q("f"))
        f.text = _shift_rows(formula, offset)
        if array:
            f.set("t", "array")
            f.set("ref", cell.get("r", ""))
        self.formulas_written = True

    def _table_xml(self, table: TableDef) -> etree._Element:
        found = self._tables_xml.get(table.part)
        if found is None:
            found = self.pkg.xml(table.part)
            self._tables_xml[table.part] = found
        return found

    def _set_ref(self, table: TableDef, ref: str) -> None:
        table.ref = ref
        root = self._table_xml(table)
        root.set("ref", ref)
        auto = root.find(q("autoFilter"))
        if auto is not None:
            # The filter covers the header and data rows, not a total row.
            r1, c1, r2, c2 = _parse_range(ref)
            auto.set("ref", _range_ref(r1, c1, r2 - table.totals_rows, c2))
        sheet = self._sheet(table.sheet_part)
        dim = sheet.root.find(q("dimension"))
        if dim is not None:
            try:
                a = _parse_range(dim.get("ref", "A1"))
                b = _parse_range(ref)
                dim.set(
                    "ref",
                    _range_ref(min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])),
                )
            except ValueError:
                pass

    def _carry_rules_down(self, tdef: TableDef, old_last: int, new_last: int) -> None:
        """What Excel does when a table grows: a data validation (a drop-down list) or a
        conditional format that reaches the table's last data row is carried down to the
        new rows, in the table's columns. Rules that stop short of it, or already cover the
        new rows, are left alone."""
        if new_last <= old_last:
            return
        _, c1, _, c2 = tdef.bounds
        sheet = self._sheet(tdef.sheet_part)
        for child in sheet.root:
            if child is sheet.data or not isinstance(child.tag, str):
                continue
            for el in child.iter():
                if not isinstance(el.tag, str):
                    continue
                name = etree.QName(el).localname
                if name in ("dataValidation", "conditionalFormatting") and el.get("sqref"):
                    grown = _grow_sqref(el.get("sqref", ""), old_last, new_last, c1, c2)
                    if grown is not None:
                        el.set("sqref", grown)
                        self._dirty_parts.add(tdef.sheet_part)
                elif el.tag == _XM_SQREF and el.text:
                    grown = _grow_sqref(el.text, old_last, new_last, c1, c2)
                    if grown is not None:
                        el.text = grown
                        self._dirty_parts.add(tdef.sheet_part)

    def set_table_cells(self, table: str, column: str, values: Mapping[int, object]) -> None:
        tdef = self._table(table)
        headers = self._headers(tdef)
        index = header_index(headers, column, table)
        sheet = self._sheet(tdef.sheet_part)
        _, c1, _, _ = tdef.bounds
        for row, value in values.items():
            self._put(sheet, tdef.sheet_part, row, c1 + index, value)

    def _style_row(self, tdef: TableDef) -> list[str | None]:
        r1, c1, _, c2 = tdef.bounds
        sheet = self._sheet(tdef.sheet_part)
        out = []
        for c in range(c1, c2 + 1):
            cell = sheet.cells.get((r1 + tdef.header_rows, c))
            out.append(cell.get("s") if cell is not None else None)
        return out

    def _row_style(self, s: str, value: object) -> str:
        """The first data row's cell format ``s`` for ``value`` in a new row, its quote
        prefix following the value: on text Excel would re-read ("=1+1", "April 2025 to
        March 2026"), off elsewhere, as the sheet writers decide it."""
        quote = isinstance(value, str) and needs_quote_prefix(value)
        found = self._quote_xfs.get((s, quote))
        if found is not None:
            return found
        part = self._styles_part()
        root = self.styles_root
        if root is None and part is not None:
            root = self.pkg.xml(part)
        xfs = root.find(q("cellXfs")) if root is not None else None
        items = list(xfs.iterchildren(q("xf"))) if xfs is not None else []
        index = int(s)
        if xfs is None or index >= len(items):
            return s
        xf = items[index]
        if (xf.get("quotePrefix", "0") in ("1", "true")) == quote:
            self._quote_xfs[(s, quote)] = s
            return s
        variant = copy.deepcopy(xf)
        variant.set("quotePrefix", "1" if quote else "0")
        xfs.append(variant)
        xfs.set("count", str(len(items) + 1))
        self.styles_root = root
        self._quote_xfs[(s, quote)] = str(len(items))
        return str(len(items))

    def append_table_rows(self, table: str, rows: Sequence[Mapping[str, object]]) -> None:
        if not rows:
            return
        tdef = self._table(table)
        headers = self._headers(tdef)
        sheet = self._sheet(tdef.sheet_part)
        r1, c1, r2, c2 = tdef.bounds
        first = r1 + tdef.header_rows
        columns = range(c1, c2 + 1)

        def filled(r: int, c: int) -> bool:
            return (cell := sheet.cells.get((r, c))) is not None and has_content(cell)

        # A row is blank when only a calculated column's formula is in it.
        plan = plan_append(
            first - 1,
            r2 - tdef.totals_rows,
            len(rows),
            lambda r: not any(filled(r, c) for c in columns if c - c1 not in tdef.formulas),
        )
        start, end = plan.start, plan.end
        if plan.grows:
            _refuse_totals_row(tdef, f"add {len(rows)} suggested action(s) to")
        below = ((r, c, filled(r, c) or None) for r in range(r2 + 1, end + 1) for c in columns)
        refuse_overwrite(plan, below, count=len(rows), table=table, sheet=tdef.sheet)
        styles = self._style_row(tdef)
        widths = _column_widths(sheet.root)
        for offset, mapping in enumerate(rows):
            r = start + offset
            texts: list[tuple[str, float]] = []
            for i, value in enumerate(values_in_order(mapping, headers)):
                self._put(sheet, tdef.sheet_part, r, c1 + i, value)
                if value is None and i in tdef.formulas:
                    self._put_formula(sheet.cell(r, c1 + i), r - first, *tdef.formulas[i])
                if styles[i] is not None:
                    sheet.cell(r, c1 + i).set("s", self._row_style(styles[i] or "0", value))
                if isinstance(value, str) and value:
                    texts.append((value, widths.get(c1 + i, 8.43)))
            # Files written outside Excel carry no auto-fitted heights: long action texts
            # would otherwise overlap the next row.
            row = sheet.row(r)
            row.set("ht", f"{wrapped_row_height(texts):g}")
            row.set("customHeight", "1")
        if end > r2:
            self._set_ref(tdef, _range_ref(r1, c1, end, c2))
            self._carry_rules_down(tdef, r2, end)

    def fill_table(self, table: str, rows: Sequence[Mapping[str, object]]) -> None:
        """Replace a table's data rows with ``rows`` (keys are column headers); the table keeps
        at least one (blank) data row, as Excel requires."""
        tdef = self._table(table)
        headers = self._headers(tdef)
        sheet = self._sheet(tdef.sheet_part)
        r1, c1, r2, c2 = tdef.bounds
        first = r1 + tdef.header_rows
        if tdef.totals_rows and max(1, len(rows)) != r2 - tdef.totals_rows - first + 1:
            _refuse_totals_row(tdef, "replace the rows of")
        styles = self._style_row(tdef)
        for r in range(first, r2 - tdef.totals_rows + 1):
            for c in range(c1, c2 + 1):
                if (r, c) in sheet.cells:
                    self._put(sheet, tdef.sheet_part, r, c, None)
        new_last = first + max(1, len(rows)) - 1
        if new_last > r2:
            blocked = [
                f"{column_letter(c)}{r}"
                for r in range(r2 + 1, new_last + 1)
                for c in range(c1, c2 + 1)
                if (cell := sheet.cells.get((r, c))) is not None and has_content(cell)
            ]
            if blocked:
                raise UnsafeRefreshError(
                    f"The table {table} on the '{tdef.sheet}' sheet needs to grow to row "
                    f"{new_last}, but cell {blocked[0]} below it is not empty. Nothing was "
                    "changed. Move whatever is below the table further down, then try again.",
                    sheet=tdef.sheet,
                    table=table,
                )
        for offset, mapping in enumerate(rows):
            r = first + offset
            for i, value in enumerate(values_in_order(mapping, headers)):
                self._put(sheet, tdef.sheet_part, r, c1 + i, value)
                if value is None and i in tdef.formulas:
                    self._put_formula(sheet.cell(r, c1 + i), r - first, *tdef.formulas[i])
                if styles[i] is not None:
                    sheet.cell(r, c1 + i).set("s", self._row_style(styles[i] or "0", value))
        self._set_ref(tdef, _range_ref(r1, c1, new_last + tdef.totals_rows, c2))
        self._carry_rules_down(tdef, r2, new_last)

    # --- owned sheets --------------------------------------------------------------------

    def write_sheet(self, content: SheetContent) -> None:
        self.contents = [c for c in self.contents if c.title != content.title]
        self.contents.append(content)

    def save(self, handle: BinaryIO) -> None:
        """Write the refreshed package to ``handle`` (refusing first if a user's work on an
        owned sheet would be lost)."""
        from wres_xl.workbook.package_write import write_package

        write_package(self, handle)


# A formula's parts a row shift leaves alone (text, quoted sheet names, structured references
# such as tblActions[[#This Row],[Action]]), and the A1 references it moves.
_FORMULA_PARTS = re.compile(
    r'"(?:[^"]|"")*"'
    r"|'(?:[^']|'')*'"
    r"|\[(?:[^\[\]]|\[[^\]]*\])*\]"
    r"|(?<![A-Za-z0-9_.$])(\$?[A-Za-z]{1,3})(\$?)(\d+)(?![A-Za-z0-9_(])"
)


def _shift_rows(formula: str, offset: int) -> str:
    """``formula`` filled ``offset`` rows down, as Excel fills a calculated column: relative
    row numbers move, absolute ones ($5) and structured references stay."""
    if not offset:
        return formula

    def move(m: re.Match[str]) -> str:
        if m.group(3) is None or m.group(2):
            return m.group(0)
        return f"{m.group(1)}{int(m.group(3)) + offset}"

    return _FORMULA_PARTS.sub(move, formula)


def _text_of(element: etree._Element) -> str:
    """The text of a string item: plain, or the runs of rich text (phonetic hints left out)."""
    parts = []
    for child in element:
        tag = etree.QName(child).localname
        if tag == "t":
            parts.append(child.text or "")
        elif tag == "r":
            t = child.find(q("t"))
            if t is not None:
                parts.append(t.text or "")
    return "".join(parts)


def _refuse_totals_row(tdef: TableDef, doing: str) -> None:
    """Rows are added at the bottom of a table; with a total row there, that row would have
    to move, and every formula pointing at it with it, which only Excel can do safely."""
    if tdef.totals_rows:
        raise UnsafeRefreshError(
            f"WRES needs to {doing} the table {tdef.name} on the '{tdef.sheet}' sheet, but "
            "the table has a total row at the bottom, which a refresh outside Excel cannot "
            "move. Nothing was changed. Switch the total row off (click in the table, then "
            "Table Design ▸ untick Total Row), refresh, and switch it back on; or refresh "
            "inside Excel with WRES ▸ Refresh.",
            sheet=tdef.sheet,
            table=tdef.name,
        )


_XM_SQREF = q("sqref", "http://schemas.microsoft.com/office/excel/2006/main")


def _grow_sqref(sqref: str, old_last: int, new_last: int, c1: int, c2: int) -> str | None:
    """``sqref`` with each range that ends on row ``old_last`` and meets columns c1..c2
    carried down to ``new_last`` in those columns (None when nothing changes)."""
    out = []
    changed = False
    for piece in sqref.split():
        out.append(piece)
        try:
            pr1, pc1, pr2, pc2 = _parse_range(piece)
        except ValueError:
            continue  # a whole column ("C:C") already covers the new rows
        if pr2 != old_last or pc2 < c1 or pc1 > c2:
            continue
        changed = True
        if c1 <= pc1 and pc2 <= c2:
            out[-1] = _range_ref(pr1, pc1, new_last, pc2)
        else:
            out.append(_range_ref(old_last + 1, max(pc1, c1), new_last, min(pc2, c2)))
    return " ".join(out) if changed else None


def _column_widths(root: etree._Element) -> dict[int, float]:
    widths: dict[int, float] = {}
    cols = root.find(q("cols"))
    for col in cols.iterchildren(q("col")) if cols is not None else ():
        try:
            lo, hi, width = int(col.get("min", "0")), int(col.get("max", "0")), col.get("width")
        except ValueError:
            continue
        if width is None:
            continue
        for c in range(lo, min(hi, lo + 64) + 1):
            widths[c] = float(width)
    return widths


@dataclass
class Footprint:
    """What wres-xl wrote on one owned sheet: its non-empty cells and its charts."""

    cells: set[tuple[int, int]] = field(default_factory=set)
    charts: int = 0

    def encode(self) -> str:
        by_row: dict[int, list[int]] = {}
        for r, c in self.cells:
            by_row.setdefault(r, []).append(c)
        runs: list[str] = []
        for r in sorted(by_row):
            cols = sorted(by_row[r])
            start = prev = cols[0]
            for c in [*cols[1:], 0]:
                if c == prev + 1:
                    prev = c
                    continue
                first = f"{column_letter(start)}{r}"
                runs.append(first if prev == start else f"{first}:{column_letter(prev)}{r}")
                start = prev = c
        return " ".join(runs)

    @classmethod
    def decode(cls, text: str, charts: int) -> Footprint:
        cells: set[tuple[int, int]] = set()
        for run in text.split():
            try:
                r1, c1, r2, c2 = _parse_range(run)
            except ValueError:
                continue
            cells.update((r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1))
        return cls(cells, charts)


def iter_cells(data: bytes) -> Iterable[tuple[int, int, etree._Element]]:
    """(row, column, element) of every cell of a sheet, parsed incrementally."""
    last_row = 0
    last_col = 0
    for _, element in etree.iterparse(
        io.BytesIO(data), events=("end",), tag=(q("c"), q("row")), huge_tree=True
    ):
        if element.tag == q("row"):
            last_row = int(element.get("r") or last_row + 1)
            last_col = 0
            element.clear()
            continue
        ref = element.get("r")
        if ref:
            r, c = parse_ref(ref)
        else:
            r, c = last_row + 1, last_col + 1
        last_col = c
        yield r, c, element


def describe_cells(cells: Iterable[tuple[int, int]], limit: int = 8) -> str:
    refs = [f"{column_letter(c)}{r}" for r, c in sorted(cells)]
    shown = ", ".join(refs[:limit])
    return shown + (f" and {len(refs) - limit} more" if len(refs) > limit else "")


def blank(value: Any) -> bool:
    return value is None or value == ""
