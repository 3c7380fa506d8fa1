"""The tool-owned sheets' XML, written straight from the plain-data sheet model.

The file refresh used to render every owned sheet in an openpyxl scratch workbook and
transplant the result; importing and running openpyxl was a third of a refresh. This
module writes the same parts itself from :class:`~wres_xl.report.layout.SheetContent`:

- the worksheet XML (inline-string, number and boolean cells, column widths, row heights,
  merged cells, frozen panes, tab colour, print setup: A4, landscape or portrait, fitted to
  one page wide, print titles, row breaks, page header and footer);
- a small ``styles.xml`` of the cell formats the sheets use, which the package writer
  merges into the workbook's own (``package_write.merge_styles``, no duplicates);
- each sheet's drawing and chart parts (bar, horizontal bar and line charts, a dashed
  reference line drawn over columns, fill patterns, data labels, axis limits and formats).

The output follows what ``OpenpyxlWorkbook.write_sheet`` writes, element for element, so a
workbook refreshed by either reads the same; ``tests/test_sheet_xml.py`` compares the two
on the demo, cell by cell, style by style and chart by chart.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from lxml import etree

from wres_xl.report.layout import PAGE_NUMBER, STYLES, ChartSpec, SheetContent, header_text
from wres_xl.workbook.cell_text import ILLEGAL as _ILLEGAL
from wres_xl.workbook.cell_text import needs_quote_prefix
from wres_xl.workbook.package import (
    _PARSER,
    MAIN,
    R_NS,
    Footprint,
    col_letters,
    parse_ref,
)
from wres_xl.workbook.xlsx_numbers import BUILTIN_IDS, is_date_format, to_excel

_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
_BORDER_COLOUR = "00BFBFBF"
_MARKERS = ("circle", "square", "triangle", "diamond", "x", "star")
#: Excel's formats for a date or date-time typed into a General cell.
_DATE_FORMAT = "yyyy-mm-dd"
_DATETIME_FORMAT = "yyyy-mm-dd h:mm:ss"
#: A chart title in bold 12 point (the 18-point default crowds a chart half a page wide).
_TITLE_FONT = ' sz="1200" b="1"'


#: A cell's format as :func:`sheet_xml` writes it. Only a tag can match: every "<" in text
#: or in an attribute value is written as "&lt;".
_CELL_STYLE = re.compile(r'<c r="([A-Z]{1,3}[0-9]+)" s="([0-9]+)"')


@dataclass
class Rendered:
    """One owned sheet, ready to transplant: its XML (as text until :meth:`parse` points
    its cells at the workbook's formats), drawing, charts, print titles and footprint."""

    title: str
    text: str
    drawing: bytes | None
    charts: list[bytes]
    print_titles: str | None
    hidden: bool
    footprint: Footprint = field(default_factory=Footprint)
    xml: etree._Element = field(init=False)

    def styles_used(self) -> set[int]:
        """The scratch cell formats (indices into :func:`render`'s styles) its cells use."""
        return {int(s) for _, s in _CELL_STYLE.findall(self.text)}

    def parse(self, xf_map: dict[int, int] | None) -> etree._Element:
        """The sheet's XML, each cell's scratch format replaced by ``xf_map``'s (0 when it
        has none), or kept when there is no map."""
        text = self.text
        if xf_map is not None:
            text = _CELL_STYLE.sub(
                lambda m: f'<c r="{m.group(1)}" s="{xf_map.get(int(m.group(2)), 0)}"', text
            )
        self.xml = etree.fromstring(text.encode(), _PARSER)
        return self.xml


def _num(value: float) -> str:
    return f"{value:.16g}"


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(text: str) -> str:
    return _esc(text).replace('"', "&quot;")


def _rgb(colour: str) -> str:
    colour = colour.upper()
    return colour if len(colour) == 8 else "00" + colour[-6:]


class _StyleBook:
    """The cell formats used, in the shape openpyxl writes them (one list each of fonts,
    fills, borders, number formats and cell formats), for ``merge_styles``."""

    def __init__(self) -> None:
        self.fonts: dict[str, int] = {}
        self.fills: dict[str, int] = {}
        self.borders: dict[str, int] = {}
        self.formats: dict[str, int] = {}
        self.xfs: dict[str, int] = {}
        self._by_key: dict[tuple[str, bool, str | None], int] = {}

    @staticmethod
    def _index(table: dict[str, int], xml: str) -> int:
        return table.setdefault(xml, len(table))

    def xf(self, name: str, quote: bool = False, date_format: str | None = None) -> int:
        key = (name, quote, date_format)
        found = self._by_key.get(key)
        if found is not None:
            return found
        if not name:
            # No format but a quote prefix: the default font, as openpyxl leaves it.
            font = (
                '<font><name val="Calibri"/><family val="2"/><color theme="1"/>'
                '<sz val="11"/><scheme val="minor"/></font>'
            )
            xf = (
                f'<xf numFmtId="0" fontId="{self._index(self.fonts, font) + 1}" fillId="0" '
                f'borderId="0" pivotButton="0" quotePrefix="{int(quote)}" xfId="0"/>'
            )
            self._by_key[key] = self._index(self.xfs, xf) + 1
            return self._by_key[key]
        style = STYLES.get(name)
        if style is None:
            raise KeyError(f"unknown style {name!r}")
        font = (
            "<font>"
            + ('<b val="1"/>' if style.bold else "")
            + ('<i val="1"/>' if style.italic else "")
            + f'<sz val="{_num(style.size)}"/><color rgb="{_rgb(style.colour)}"/>'
            + '<name val="Arial"/></font>'
        )
        fill_id = 0
        if style.fill:
            fill = (
                '<fill><patternFill patternType="solid">'
                f'<fgColor rgb="{_rgb(style.fill)}"/></patternFill></fill>'
            )
            fill_id = self._index(self.fills, fill) + 1
        border_id = 0
        if style.border:
            side = f'style="thin"><color rgb="{_BORDER_COLOUR}"/>'
            border = (
                f"<border><left {side}</left><right {side}</right>"
                f"<top {side}</top><bottom {side}</bottom></border>"
            )
            border_id = self._index(self.borders, border) + 1
        code = style.number_format
        if date_format and not is_date_format(code):
            # As openpyxl does: a date under a number format would show as a serial number.
            code = date_format
        fmt_id = BUILTIN_IDS.get(code)
        if fmt_id is None:
            fmt_id = 164 + self._index(self.formats, code)
        align = ""
        if style.horizontal:
            align += f' horizontal="{style.horizontal}"'
        align += ' vertical="top"'
        if style.wrap:
            align += ' wrapText="1"'
        if style.indent:
            align += f' indent="{style.indent}"'
        xf = (
            f'<xf numFmtId="{fmt_id}" fontId="{self._index(self.fonts, font) + 1}" '
            f'fillId="{fill_id}" borderId="{border_id}" applyAlignment="1" pivotButton="0" '
            f'quotePrefix="{int(quote)}" xfId="0"><alignment{align}/></xf>'
        )
        index = self._index(self.xfs, xf) + 1
        self._by_key[key] = index
        return index

    def styles_xml(self) -> etree._Element:
        """The formats as a ``styleSheet``; index 0 of each list is the empty default."""
        formats = "".join(
            f'<numFmt numFmtId="{164 + i}" formatCode="{_attr(code)}"/>'
            for code, i in self.formats.items()
        )
        plain_border = "<border><left/><right/><top/><bottom/><diagonal/></border>"
        xml = (
            f'<styleSheet xmlns="{MAIN}"><numFmts>{formats}</numFmts>'
            f'<fonts><font><sz val="11"/><name val="Calibri"/></font>{"".join(self.fonts)}</fonts>'
            f"<fills><fill><patternFill/></fill>{''.join(self.fills)}</fills>"
            f"<borders>{plain_border}{''.join(self.borders)}</borders>"
            '<cellXfs><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
            f"{''.join(self.xfs)}</cellXfs></styleSheet>"
        )
        return etree.fromstring(xml.encode(), _PARSER)


def _cell_xml(ref: str, value: object, style: str | None, book: _StyleBook) -> str:
    # Complexity above 15 (C901): one branch per kind of value a cell holds, as openpyxl
    # decides it (text, formula-looking text, boolean, number, date, not-a-number).
    quote = False
    date_format = None
    if isinstance(value, str):
        if not value.isprintable():
            value = _ILLEGAL.sub("", value)
        # Text is never written as a formula: a name such as "=Smith" stays text, and the
        # quote prefix keeps it (and "+1", "0123", "TRUE") text when it is edited in Excel.
        quote = needs_quote_prefix(value)
    elif isinstance(value, dt.datetime):
        date_format = _DATETIME_FORMAT
    elif isinstance(value, dt.date):
        date_format = _DATE_FORMAT
    s = ""
    if style:
        s = f' s="{book.xf(style, quote, date_format)}"'
    elif quote:
        s = f' s="{book.xf("", True)}"'
    if value is None or value == "":
        return f'<c r="{ref}"{s}/>' if s else ""
    if isinstance(value, str):
        space = ' xml:space="preserve"' if value != value.strip() else ""
        return f'<c r="{ref}"{s} t="inlineStr"><is><t{space}>{_esc(value)}</t></is></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        number = float(value) if not isinstance(value, int) else value
        if isinstance(number, float) and not math.isfinite(number):
            # inf and NaN are no number an .xlsx can hold; shown as text, as the input
            # tables do.
            return f'<c r="{ref}"{s} t="inlineStr"><is><t>{number}</t></is></c>'
        return f'<c r="{ref}"{s} t="n"><v>{_num(number)}</v></c>'
    if isinstance(value, dt.date | dt.time):
        return f'<c r="{ref}"{s} t="n"><v>{_num(to_excel(value))}</v></c>'
    text = _esc(_ILLEGAL.sub("", str(value)))
    return f'<c r="{ref}"{s} t="inlineStr"><is><t>{text}</t></is></c>'


def _cells(content: SheetContent) -> dict[int, dict[int, tuple[object, str | None]]]:
    """Every cell the blocks write: later blocks replace a value, and keep the earlier
    format when they bring none (as writing into an openpyxl cell does)."""
    rows: dict[int, dict[int, tuple[object, str | None]]] = {}
    for block in content.blocks:
        for r in range(block.row, block.row + block.height):
            rows.setdefault(r, {})  # a row the block leaves empty is still written
        for row, col, value, style in block.cells():
            cells = rows[row]
            if not style and col in cells:
                style = cells[col][1]
            cells[col] = (value, style)
    return rows


def _pane(freeze: str | None) -> str:
    if not freeze or freeze.upper() == "A1":
        return '<selection activeCell="A1" sqref="A1"/>'
    row, col = parse_ref(freeze)
    attrs = ""
    active = "topRight"
    if col > 1:
        attrs += f' xSplit="{col - 1}"'
    if row > 1:
        attrs += f' ySplit="{row - 1}"'
        active = "bottomRight" if col > 1 else "bottomLeft"
    pane = f'<pane{attrs} topLeftCell="{freeze}" activePane="{active}" state="frozen"/>'
    before = ""
    if row > 1 and col > 1:
        before = '<selection pane="topRight"/><selection pane="bottomLeft"/>'
    return f'{pane}{before}<selection pane="{active}" activeCell="A1" sqref="A1"/>'


def _header_footer(content: SheetContent) -> str:
    header = footer = ""
    if content.print_header:
        header = f"&C&9 {header_text(content.print_header)}"
    if content.print_footer:
        footer = f"&L&8 {header_text(content.print_footer)}&R&8 {PAGE_NUMBER}"
    if not header and not footer:
        return ""
    return (
        f"<headerFooter><oddHeader>{_esc(header)}</oddHeader><oddFooter>{_esc(footer)}"
        "</oddFooter><evenHeader/><evenFooter/><firstHeader/><firstFooter/></headerFooter>"
    )


def _print_titles(title: str, rows: str | None) -> str | None:
    if not rows:
        return None
    first, _, last = rows.partition(":")
    quoted = "'" + title.replace("'", "''") + "'"
    return f"{quoted}!${first.strip('$')}:${(last or first).strip('$')}"


def _holds(cell: str) -> bool:
    """Whether a cell :func:`_cell_xml` wrote holds a value (``has_content`` of it): only
    a format (``<c r="A1" s="3"/>``) or empty text is not one."""
    return bool(cell) and not cell.endswith("/>") and "<t></t>" not in cell


def sheet_xml(
    content: SheetContent, book: _StyleBook, footprint: set[tuple[int, int]] | None = None
) -> str:
    """The worksheet part of one owned sheet (its drawing referenced as ``rId1``); the
    cells that hold a value are added to ``footprint``."""
    rows = _cells(content)
    for r in content.row_heights:
        rows.setdefault(r, {})
    data = ["<sheetData>"]
    used_rows = [r for r, cells in rows.items() if cells]
    used_cols = [c for cells in rows.values() for c in cells]
    for r in sorted(rows):
        height = content.row_heights.get(r)
        attrs = f' ht="{_num(height)}" customHeight="1"' if height is not None else ""
        data.append(f'<row r="{r}"{attrs}>')
        for c in sorted(rows[r]):
            value, style = rows[r][c]
            cell = _cell_xml(f"{col_letters(c)}{r}", value, style, book)
            data.append(cell)
            if footprint is not None and _holds(cell):
                footprint.add((r, c))
        data.append("</row>")
    data.append("</sheetData>")
    if used_rows:
        dimension = (
            f"{col_letters(min(used_cols))}{min(used_rows)}:"
            f"{col_letters(max(used_cols))}{max(used_rows)}"
        )
    else:
        dimension = "A1:A1"
    out = [f'<worksheet xmlns="{MAIN}"><sheetPr>']
    if content.tab_colour:
        out.append(f'<tabColor rgb="{_rgb(content.tab_colour)}"/>')
    out.append(
        '<outlinePr summaryBelow="1" summaryRight="1"/><pageSetUpPr fitToPage="1"/></sheetPr>'
        f'<dimension ref="{dimension}"/><sheetViews><sheetView showGridLines="0" '
        f'workbookViewId="0">{_pane(content.freeze)}</sheetView></sheetViews>'
        '<sheetFormatPr baseColWidth="8" defaultRowHeight="15"/>'
    )
    if content.column_widths:
        out.append("<cols>")
        out.extend(
            f'<col width="{_num(content.column_widths[col])}" customWidth="1" '
            f'min="{col}" max="{col}"/>'
            for col in sorted(content.column_widths)
        )
        out.append("</cols>")
    out.extend(data)
    merges = list(dict.fromkeys(content.merges))
    if merges:
        out.append(f'<mergeCells count="{len(merges)}">')
        for r1, c1, r2, c2 in merges:
            out.append(f'<mergeCell ref="{col_letters(c1)}{r1}:{col_letters(c2)}{r2}"/>')
        out.append("</mergeCells>")
    orientation = "landscape" if content.landscape else "portrait"
    out.append(
        '<printOptions gridLines="0"/><pageMargins left="0.75" right="0.75" top="1" '
        'bottom="1" header="0.5" footer="0.5"/>'
        f'<pageSetup orientation="{orientation}" paperSize="9" fitToHeight="0" fitToWidth="1"/>'
    )
    out.append(_header_footer(content))
    breaks = sorted(set(content.row_breaks))
    if breaks:
        out.append(f'<rowBreaks count="{len(breaks)}" manualBreakCount="{len(breaks)}">')
        # A break after row n starts the new page at row n + 1.
        out.extend(f'<brk id="{row - 1}" min="0" max="16383" man="1"/>' for row in breaks)
        out.append("</rowBreaks>")
    if content.charts:
        out.append(f'<drawing xmlns:r="{R_NS}" r:id="rId1"/>')
    out.append("</worksheet>")
    return "".join(out)


# --------------------------------------------------------------------------- charts


def _rich(text: str, size: str = "") -> str:
    a = f'xmlns:a="{_A}"'
    return (
        f"<tx><rich><a:bodyPr {a}/><a:p {a}><a:pPr><a:defRPr{size}/></a:pPr>"
        f"<a:r>{'<a:rPr' + size + '/>' if size else ''}<a:t>{_esc(text)}</a:t></a:r>"
        "</a:p></rich></tx>"
    )


def _ref(title: str, r1: int, c1: int, r2: int, c2: int) -> str:
    quoted = "'" + title.replace("'", "''") + "'"
    return f"{quoted}!${col_letters(c1)}${r1}:${col_letters(c2)}${r2}"


def _solid(colour: str) -> str:
    return f'<a:solidFill xmlns:a="{_A}"><a:srgbClr val="{colour}"/></a:solidFill>'


def _line(colour: str | None, dash: str, width: bool) -> str:
    fill = f'<a:solidFill><a:srgbClr val="{colour}"/></a:solidFill>' if colour else ""
    w = ' w="28575"' if width else ""
    return f'<a:ln xmlns:a="{_A}"{w}>{fill}<a:prstDash val="{dash}"/></a:ln>'


def _series(spec: ChartSpec, title: str, index: int, as_line: bool, markers: Iterable[str]) -> str:
    # Complexity above 15 (C901): one branch per series feature (line or bar, colour,
    # pattern, dash, labels), as ``openpyxl_backend._chart`` sets them.
    s = spec.series[index]
    dash = "dash" if s.dashed else "solid"
    out = [f'<ser><idx val="{index}"/><order val="{index}"/><tx><v>{_esc(s.title)}</v></tx><spPr>']
    marker = ""
    if as_line:
        out.append(_line(s.colour, dash, True))
        symbol = next(iter(markers)) if s.has_markers else "none"
        marker_fill = ""
        marker_line = _line(None, "solid", False)
        if s.colour and s.has_markers:
            marker_fill = _solid(s.colour)
            marker_line = _line(s.colour, "solid", False)
        marker = f'<marker><symbol val="{symbol}"/><spPr>{marker_fill}{marker_line}</spPr></marker>'
    elif s.colour and s.pattern:
        out.append(
            f'<a:pattFill xmlns:a="{_A}" prst="{s.pattern}"><a:fgClr><a:srgbClr '
            f'val="{s.colour}"/></a:fgClr><a:bgClr><a:srgbClr val="FFFFFF"/></a:bgClr>'
            f"</a:pattFill>{_line(s.colour, dash, False)}"
        )
    elif s.colour:
        out.append(_solid(s.colour) + _line(s.colour, dash, False))
    else:
        out.append(_line(None, dash, False))
    out.append("</spPr>")
    out.append(marker)
    if spec.data_labels and not s.dashed:
        fmt = ""
        if spec.y_format:
            # Labels one decimal finer than a whole-percent axis: 26.1%, not 26%.
            label_format = "0.0%" if spec.y_format == "0%" else spec.y_format
            fmt = f'<numFmt formatCode="{_attr(label_format)}"/>'
        position = "t" if as_line else "outEnd"
        out.append(
            f'<dLbls>{fmt}<dLblPos val="{position}"/><showLegendKey val="0"/>'
            '<showVal val="1"/><showCatName val="0"/><showSerName val="0"/>'
            '<showPercent val="0"/></dLbls>'
        )
    out.append(f"<cat><numRef><f>{_esc(_ref(title, *spec.categories))}</f></numRef></cat>")
    out.append(f"<val><numRef><f>{_esc(_ref(title, *s.values))}</f></numRef></val>")
    if as_line:
        out.append('<smooth val="0"/>')
    out.append("</ser>")
    return "".join(out)


def chart_xml(spec: ChartSpec, title: str) -> bytes:
    """One chart part, as ``openpyxl_backend._chart`` draws it."""
    line = spec.kind not in ("bar", "barh")
    overlay = spec.kind == "bar"
    markers = iter(_MARKERS * 4)
    main: list[str] = []
    over: list[str] = []
    for i, s in enumerate(spec.series):
        as_line = line or (overlay and s.dashed)
        text = _series(spec, title, i, as_line, markers)
        (over if overlay and s.dashed else main).append(text)
    axes = '<axId val="10"/><axId val="100"/>'
    if line:
        plot = f'<lineChart><grouping val="standard"/>{"".join(main)}{axes}</lineChart>'
    else:
        direction = "bar" if spec.kind == "barh" else "col"
        plot = (
            f'<barChart><barDir val="{direction}"/><grouping val="clustered"/>{"".join(main)}'
            f'<gapWidth val="150"/><overlap val="0"/>{axes}</barChart>'
        )
        if over:
            plot += f'<lineChart><grouping val="standard"/>{"".join(over)}{axes}</lineChart>'
    scaling = '<orientation val="minMax"/>'
    if spec.y_max is not None:
        scaling += f'<max val="{_num(spec.y_max)}"/>'
    if spec.y_min is not None:
        scaling += f'<min val="{_num(spec.y_min)}"/>'
    y_format = (
        f'<numFmt formatCode="{_attr(spec.y_format)}" sourceLinked="0"/>' if spec.y_format else ""
    )
    ticks = '<majorTickMark val="none"/><minorTickMark val="none"/>'
    xml = (
        f'<chartSpace xmlns="{_C}"><chart><title>{_rich(spec.title, _TITLE_FONT)}'
        f'<overlay val="0"/></title><plotArea>{plot}'
        '<catAx><axId val="10"/><scaling><orientation val="minMax"/></scaling>'
        f'<delete val="0"/><axPos val="l"/><title>{_rich(spec.x_title)}</title>{ticks}'
        '<crossAx val="100"/><lblOffset val="100"/></catAx>'
        f'<valAx><axId val="100"/><scaling>{scaling}</scaling><delete val="0"/>'
        f'<axPos val="l"/><majorGridlines/><title>{_rich(spec.y_title)}</title>{y_format}'
        f'{ticks}<crossAx val="10"/></valAx></plotArea><legend><legendPos val="b"/></legend>'
        '<plotVisOnly val="1"/><dispBlanksAs val="gap"/></chart></chartSpace>'
    )
    return xml.encode()


def drawing_xml(charts: list[ChartSpec]) -> bytes:
    """The sheet's drawing: one anchor per chart at its top-left cell, charts ``rId1..n``."""
    out = [f"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n<wsDr xmlns=\"{_XDR}\">"]
    for n, spec in enumerate(charts, start=1):
        row, col = parse_ref(spec.anchor)
        out.append(
            f"<oneCellAnchor><from><col>{col - 1}</col><colOff>0</colOff><row>{row - 1}</row>"
            f'<rowOff>0</rowOff></from><ext cx="{int(spec.width_cm * 360000)}" '
            f'cy="{int(spec.height_cm * 360000)}"/><graphicFrame><nvGraphicFramePr>'
            f'<cNvPr id="{n}" name="Chart {n}"/><cNvGraphicFramePr/></nvGraphicFramePr><xfrm/>'
            f'<a:graphic xmlns:a="{_A}"><a:graphicData uri="{_C}"><c:chart xmlns:c="{_C}" '
            f'xmlns:r="{R_NS}" r:id="rId{n}"/></a:graphicData></a:graphic></graphicFrame>'
            "<clientData/></oneCellAnchor>"
        )
    out.append("</wsDr>")
    return "".join(out).encode()


def render(contents: list[SheetContent]) -> tuple[list[Rendered], etree._Element]:
    """Every owned sheet's parts, and the cell formats they use (to merge)."""
    book = _StyleBook()
    out = []
    for content in contents:
        cells: set[tuple[int, int]] = set()
        text = sheet_xml(content, book, cells)
        drawing = drawing_xml(content.charts) if content.charts else None
        charts = [chart_xml(spec, content.title) for spec in content.charts]
        titles = _print_titles(content.title, content.print_title_rows)
        footprint = Footprint(cells, len(charts))
        out.append(
            Rendered(content.title, text, drawing, charts, titles, content.hidden, footprint)
        )
    return out, book.styles_xml()
