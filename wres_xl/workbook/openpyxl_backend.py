"""The workbook interface over an .xlsx file, with openpyxl."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from copy import copy
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.chart import BarChart, LineChart, Reference, Series
from openpyxl.chart.data_source import NumFmt
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.chart.text import RichText, Text
from openpyxl.chart.title import Title
from openpyxl.drawing.colors import ColorChoice
from openpyxl.drawing.fill import PatternFillProperties
from openpyxl.drawing.text import (
    CharacterProperties,
    Paragraph,
    ParagraphProperties,
    RegularTextRun,
)
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.styles.fonts import Font as _Font
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.header_footer import HeaderFooterItem
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.table import Table
from openpyxl.worksheet.worksheet import Worksheet

from wres_xl.core.model import RawTable
from wres_xl.errors import WorkbookError
from wres_xl.report.layout import (
    PAGE_NUMBER,
    STYLES,
    ChartSpec,
    SheetContent,
    Style,
    header_text,
    wrapped_row_height,
)
from wres_xl.workbook.cell_text import needs_quote_prefix
from wres_xl.workbook.package_write import FONT_ORDER
from wres_xl.workbook.table_edits import (
    cell_text,
    column_name,
    header_index,
    is_blank_row,
    plan_append,
    refuse_overwrite,
    values_in_order,
)

# openpyxl writes a font's children (name, charset, family, b, i, ...) out of the order of
# CT_Font's sequence in the Open XML SDK (b, i, strike, ..., sz, color, name, family, charset,
# scheme), which is the order Excel itself writes. ECMA-376's transitional schema accepts
# either, but a strict validator (openxml-audit's default, the SDK's own) reports every font
# of styles.xml as an error. Reading is by tag, so only the order written changes; every
# file wres-xl writes with openpyxl (template, output sheets, published copy) goes through
# this module (the file refresh writes its sheets without openpyxl, see sheet_xml.py), so this
# is the one place to set it.
_Font.__elements__ = FONT_ORDER

_THIN = Side(style="thin", color="BFBFBF")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def load_workbook(path: Path) -> Workbook:
    keep_vba = path.suffix.lower() in (".xlsm", ".xlam", ".xltm")
    try:
        return openpyxl.load_workbook(path, keep_vba=keep_vba, keep_links=True, rich_text=False)
    except FileNotFoundError:
        raise
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        from wres_xl.errors import WresFileError

        raise WresFileError(
            f"'{path.name}' could not be opened as an Excel workbook ({type(error).__name__}: "
            f"{error}). It may be damaged or not an .xlsx file. Open it in Excel and save it "
            "again as an Excel Workbook (.xlsx), then retry."
        ) from error


class OpenpyxlWorkbook:
    """A WRES workbook file held in memory by openpyxl."""

    def __init__(
        self,
        workbook: Workbook,
        *,
        path: Path | None = None,
        on_progress: Callable[[str], None] | None = None,
    ) -> None:
        self.wb = workbook
        self.path = path
        self._on_progress = on_progress
        self._values_only: Workbook | None = None
        self._styles: dict[str, StyleArray] = {}

    @classmethod
    def open(cls, path: Path, on_progress: Callable[[str], None] | None = None) -> OpenpyxlWorkbook:
        return cls(load_workbook(path), path=path, on_progress=on_progress)

    # --- reading -------------------------------------------------------------------------

    def find_table(self, name: str) -> tuple[Worksheet, Table] | None:
        wanted = name.casefold()
        for ws in self.wb.worksheets:
            # TableList.items() yields (name, ref) strings; values() yields the Table objects.
            for table in ws.tables.values():
                if (table.displayName or table.name or "").casefold() == wanted:
                    return ws, table
        return None

    def read_table(self, name: str) -> RawTable | None:
        found = self.find_table(name)
        if found is None:
            return None
        ws, table = found
        min_col, min_row, max_col, max_row = _bounds(table.ref)
        header_rows = table.headerRowCount if table.headerRowCount is not None else 1
        headers = tuple(
            str(ws.cell(min_row, c).value or "").strip() for c in range(min_col, max_col + 1)
        )
        first = min_row + header_rows
        last = max_row - (table.totalsRowCount or 0)
        rows: list[list[object]] = [
            [self._value(ws, r, c) for c in range(min_col, max_col + 1)]
            for r in range(first, last + 1)
        ]
        return RawTable(table.displayName or name, ws.title, headers, rows, first)

    def _value(self, ws: Worksheet, row: int, col: int) -> object:
        value = ws.cell(row, col).value
        if isinstance(value, str) and value.startswith("="):
            # A formula: use the value Excel last calculated and saved with the file.
            cached = self._cached(ws.title, row, col)
            if cached is None:
                raise WorkbookError(
                    f"Sheet '{ws.title}', cell {get_column_letter(col)}{row} holds a formula "
                    "whose result is not saved in the file. Open the workbook in Excel and save "
                    "it (so the result is stored), or type the number instead of a formula.",
                    sheet=ws.title,
                    row=row,
                )
            return cached
        if hasattr(value, "value") and not isinstance(value, str | int | float):
            return getattr(value, "value", None)
        return value

    def _cached(self, sheet: str, row: int, col: int) -> object:
        if self._values_only is None:
            if self.path is None:
                return None
            self._values_only = openpyxl.load_workbook(self.path, data_only=True, read_only=False)
        return self._values_only[sheet].cell(row, col).value

    def sheet_names(self) -> list[str]:
        return list(self.wb.sheetnames)

    # --- writing -------------------------------------------------------------------------

    def write_sheet(self, content: SheetContent) -> None:
        title = content.title
        if title in self.wb.sheetnames:
            old = self.wb[title]
            index = self.wb.sheetnames.index(title)
            self.wb.remove(old)
            ws = self.wb.create_sheet(title, index)
        else:
            ws = self.wb.create_sheet(title)
        for block in content.blocks:
            for row, col, value, style in block.cells():
                cell = ws.cell(row, col)
                # The format first, then the value: the value decides the quote prefix
                # and a date's format, which the style's cached format must not undo.
                if style:
                    self._apply(cell, style)
                _put(cell, value)
        for col, width in content.column_widths.items():
            ws.column_dimensions[get_column_letter(col)].width = width
        for row, height in content.row_heights.items():
            ws.row_dimensions[row].height = height
        for r1, c1, r2, c2 in content.merges:
            # ws.merge_cells() re-formats every edge cell's border (about a millisecond a
            # merge); the cells already carry their styles, so only the range is recorded.
            ref = f"{get_column_letter(c1)}{r1}:{get_column_letter(c2)}{r2}"
            ws.merged_cells.add(MergedCellRange(ws, ref))
        if content.freeze:
            ws.freeze_panes = content.freeze
        if content.tab_colour:
            ws.sheet_properties.tabColor = content.tab_colour
        ws.page_setup.orientation = "landscape" if content.landscape else "portrait"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        fit_to_page(ws)
        ws.print_options.gridLines = False
        if content.print_title_rows:
            ws.print_title_rows = content.print_title_rows
        ws.sheet_view.showGridLines = False
        for chart in content.charts:
            ws.add_chart(_chart(ws, chart), chart.anchor)
        for row in sorted(set(content.row_breaks)):
            # openpyxl's Break(id=n) breaks after row n, so the new page starts at row n + 1.
            ws.row_breaks.append(Break(id=row - 1))
        if content.hidden:
            ws.sheet_state = "hidden"
        _print_setup(ws, content)

    def _apply(self, cell: Cell, name: str) -> None:
        cached = self._styles.get(name)
        if cached is not None:
            # Copying the resolved style indexes is ~50× faster than assigning font, fill and
            # alignment objects, which openpyxl re-hashes into the workbook's style tables.
            cell._style = copy(cached)  # type: ignore[attr-defined]  # see _STYLE_SLOT
            return
        style = STYLES.get(name)
        if style is None:
            raise KeyError(f"unknown style {name!r}")
        parts = _openpyxl_style(style)
        cell.font = parts["font"]
        if parts["fill"] is not None:
            cell.fill = parts["fill"]
        cell.number_format = parts["number_format"]
        cell.alignment = parts["alignment"]
        if parts["border"] is not None:
            cell.border = parts["border"]
        self._styles[name] = copy(cell._style)  # type: ignore[attr-defined]  # _STYLE_SLOT

    def _table_geometry(self, name: str) -> tuple[Worksheet, Table, list[str], int, int, int]:
        found = self.find_table(name)
        if found is None:
            raise WorkbookError(f"The Excel Table {name} was not found.")
        ws, table = found
        min_col, min_row, max_col, max_row = _bounds(table.ref)
        headers = [column_name(ws.cell(min_row, c).value) for c in range(min_col, max_col + 1)]
        return ws, table, headers, min_col, min_row, max_row

    def set_table_cells(self, table: str, column: str, values: Mapping[int, object]) -> None:
        ws, _, headers, min_col, _, _ = self._table_geometry(table)
        index = header_index(headers, column, table)
        for row, value in values.items():
            _put(_writable(ws.cell(row, min_col + index)), value)

    def append_table_rows(self, table: str, rows: Sequence[Mapping[str, object]]) -> None:
        if not rows:
            return
        ws, tbl, headers, min_col, min_row, max_row = self._table_geometry(table)
        max_col = min_col + len(headers) - 1
        columns = range(min_col, max_col + 1)
        plan = plan_append(
            min_row,
            max_row,
            len(rows),
            lambda r: is_blank_row(ws.cell(r, c).value for c in columns),
        )
        start, end = plan.start, plan.end
        below = ((r, c, ws.cell(r, c).value) for r in range(max_row + 1, end + 1) for c in columns)
        refuse_overwrite(plan, below, count=len(rows), table=table, sheet=ws.title)
        style_source = [ws.cell(min_row + 1, c) for c in columns]
        for offset, mapping in enumerate(rows):
            r = start + offset
            for i, value in enumerate(values_in_order(mapping, headers)):
                cell = _writable(ws.cell(r, min_col + i))
                source = style_source[i]
                if source.has_style and r != source.row:
                    cell._style = copy(source._style)  # type: ignore[attr-defined,union-attr]  # _STYLE_SLOT
                _put(cell, value)
        for r in range(start, end + 1):
            ws.row_dimensions[r].height = _wrapped_height(ws, r, min_col, max_col)
        if plan.grows:
            tbl.ref = f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{end}"
            if tbl.autoFilter is not None:
                tbl.autoFilter.ref = tbl.ref

    def progress(self, message: str) -> None:
        if self._on_progress is not None:
            self._on_progress(message)

    def save(self, path: Path) -> None:
        self.wb.save(path)


def _print_setup(ws: Worksheet, content: SheetContent) -> None:
    """A4, and a heading and footer on every printed page (SheetContent.print_*)."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    header, footer = odd_header_footer(ws)
    if content.print_header:
        header.center.text = header_text(content.print_header)
        header.center.size = 9
    if content.print_footer:
        footer.left.text = header_text(content.print_footer)
        footer.left.size = 8
        footer.right.text = PAGE_NUMBER
        footer.right.size = 8


def odd_header_footer(ws: Worksheet) -> tuple[HeaderFooterItem, HeaderFooterItem]:
    """The sheet's (odd-page) header and footer; openpyxl makes both with the sheet, but its
    types allow None, so a missing one is made here rather than assumed."""
    parts = ws.HeaderFooter
    header = parts.oddHeader
    if header is None:
        header = parts.oddHeader = HeaderFooterItem()
    footer = parts.oddFooter
    if footer is None:
        footer = parts.oddFooter = HeaderFooterItem()
    return header, footer


def fit_to_page(ws: Worksheet) -> None:
    """Print the sheet scaled to the page (the fitToWidth/fitToHeight counts apply)."""
    props = ws.sheet_properties.pageSetUpPr
    if props is None:  # openpyxl makes one with the sheet; its types allow None
        props = ws.sheet_properties.pageSetUpPr = PageSetupProperties()
    props.fitToPage = True


def _bounds(ref: str) -> tuple[int, int, int, int]:
    """min_col, min_row, max_col, max_row of a table's range (an Excel Table always has
    all four corners; openpyxl's types allow whole rows and columns, which have not)."""
    min_col, min_row, max_col, max_row = range_boundaries(ref)
    if min_col is None or min_row is None or max_col is None or max_row is None:
        raise WorkbookError(f"The table range {ref} is not a block of cells.")
    return min_col, min_row, max_col, max_row


def _writable(cell: Cell | MergedCell) -> Cell:
    if isinstance(cell, MergedCell):
        raise WorkbookError(
            f"Cell {cell.coordinate} of a table is merged with the cell beside it, so WRES "
            "cannot write it. Nothing was changed. Unmerge it, then refresh again."
        )
    return cell


# _STYLE_SLOT: openpyxl keeps a cell's resolved style indexes in the StyleableObject slot
# `_style`, which types-openpyxl does not declare; copying it is the fast path (see _apply).


def _wrapped_height(ws: Worksheet, row: int, first_col: int, last_col: int) -> float:
    """A row height that shows every wrapped line: files written outside Excel carry no
    auto-fitted heights, so long action texts would otherwise overlap the next row."""
    cells = [
        (value, ws.column_dimensions[get_column_letter(c)].width or 8.43)
        for c in range(first_col, last_col + 1)
        if isinstance(value := ws.cell(row, c).value, str) and value
    ]
    return wrapped_row_height(cells)


def _put(cell: Cell, value: object) -> None:
    """Write ``value`` into a cell that already has its format (call it after the style).

    The value decides the quote prefix, on or off (``needs_quote_prefix``: text Excel
    would re-read as a formula, number, logical or date): a prefix copied with a format
    (the style cache, a table row's format) must neither reach a number or plain text nor
    be lost from such text. A date keeps a date format (openpyxl sets one when
    the cell's own format is not a date format), so it does not show as a serial number.
    """
    quote = False
    if type(value) is not str:
        # Table values arrive as object; openpyxl checks the type itself when it is set (a
        # ValueError for anything a cell cannot hold), which is the check wanted here.
        cell.value = value  # type: ignore[assignment]
    else:
        value = cell_text(value)  # control characters make the file unreadable
        cell.value = value
        if value.startswith("="):
            # Text is never written as a formula: a name such as "=Smith" stays text.
            cell.data_type = "s"
        quote = needs_quote_prefix(value)
    if quote or cell.quotePrefix:
        cell.quotePrefix = quote


def _openpyxl_style(style: Style) -> dict[str, Any]:
    return {
        "font": Font(
            name="Arial",
            bold=style.bold,
            italic=style.italic,
            size=style.size,
            color=style.colour,
        ),
        "fill": PatternFill("solid", fgColor=style.fill) if style.fill else None,
        "number_format": style.number_format,
        "alignment": Alignment(
            horizontal=style.horizontal,
            # Top alignment everywhere: in a row with wrapped text, numbers stay level with it.
            vertical="top",
            wrap_text=style.wrap,
            indent=style.indent,
        ),
        "border": _BORDER if style.border else None,
    }


_MARKERS = ("circle", "square", "triangle", "diamond", "x", "star")


def _title(text: str, size: int = 1200) -> Title:
    """A bold 12-point chart title (the 18-point default crowds a chart half a page wide)."""
    font = CharacterProperties(sz=size, b=True)
    paragraph = Paragraph(
        pPr=ParagraphProperties(defRPr=font), r=[RegularTextRun(rPr=font, t=text)]
    )
    return Title(tx=Text(rich=RichText(p=[paragraph])), overlay=False)


# Complexity above 15 (C901): one branch per chart feature of ChartSpec (kind, axes, patterns,
# dashes, labels), mirrored by the xlwings backend's chart writer.
def _chart(ws: Worksheet, spec: ChartSpec) -> BarChart | LineChart:  # noqa: C901
    chart: BarChart | LineChart
    if spec.kind in ("bar", "barh"):
        chart = BarChart()
        chart.type = "bar" if spec.kind == "barh" else "col"
        chart.grouping = "clustered"
        chart.overlap = 0
    else:
        chart = LineChart()
    chart.title = _title(spec.title)
    chart.x_axis.title = spec.x_title
    chart.y_axis.title = spec.y_title
    # types-openpyxl declares width an int; openpyxl keeps centimetres as a float.
    chart.width = spec.width_cm  # type: ignore[assignment]
    chart.height = spec.height_cm
    # openpyxl ≥3.1 hides axes unless told otherwise; a chart without axes is unreadable.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    if spec.y_min is not None:
        chart.y_axis.scaling.min = spec.y_min
    if spec.y_max is not None:
        chart.y_axis.scaling.max = spec.y_max
    if spec.y_format:
        chart.y_axis.numFmt = NumFmt(formatCode=spec.y_format, sourceLinked=False)
    if chart.legend is not None:  # a new chart always has one
        chart.legend.position = "b"
    # A dashed series in a bar chart is a reference level (such as the whole-workforce
    # share): drawn as a line over the bars, on the same axes, rather than as more bars.
    overlay = LineChart() if isinstance(chart, BarChart) and chart.type == "col" else None
    markers = iter(_MARKERS * 4)
    for s in spec.series:
        r1, c1, r2, c2 = s.values
        ref = Reference(ws, min_col=c1, min_row=r1, max_col=c2, max_row=r2)
        series = Series(ref, title=s.title)
        as_line = isinstance(chart, LineChart) or (overlay is not None and s.dashed)
        if as_line:
            series.smooth = False
            series.graphicalProperties.line.width = 28575
            series.marker.symbol = next(markers) if s.has_markers else "none"
            if s.colour and s.has_markers:
                series.marker.graphicalProperties = GraphicalProperties(solidFill=s.colour)
                series.marker.graphicalProperties.line.solidFill = s.colour
        if s.colour:
            if as_line:
                series.graphicalProperties.line.solidFill = s.colour
            elif s.pattern:
                # Stripes or grid in the series colour on white, outlined in the colour.
                # The stubs type prst as a Literal and srgbClr as RGBPercent; openpyxl takes the
                # preset name and a hex colour string at run time.
                series.graphicalProperties.pattFill = PatternFillProperties(
                    prst=s.pattern,  # type: ignore[arg-type]
                    fgClr=ColorChoice(srgbClr=s.colour),  # type: ignore[arg-type]
                    bgClr=ColorChoice(srgbClr="FFFFFF"),  # type: ignore[arg-type]
                )
                series.graphicalProperties.line.solidFill = s.colour
            else:
                series.graphicalProperties.solidFill = s.colour
                series.graphicalProperties.line.solidFill = s.colour
        if spec.data_labels and not s.dashed:
            series.dLbls = DataLabelList()
            series.dLbls.showVal = True
            for hidden in ("showSerName", "showCatName", "showLegendKey", "showPercent"):
                setattr(series.dLbls, hidden, False)
            if spec.y_format:
                # Labels one decimal finer than a whole-percent axis: 26.1%, not 26%.
                series.dLbls.numFmt = "0.0%" if spec.y_format == "0%" else spec.y_format
            series.dLbls.position = "t" if as_line else "outEnd"
        if s.dashed:
            series.graphicalProperties.line.dashStyle = "dash"
        if overlay is not None and s.dashed:
            overlay.series.append(series)
        else:
            chart.series.append(series)
    r1, c1, r2, c2 = spec.categories
    categories = Reference(ws, min_col=c1, min_row=r1, max_col=c2, max_row=r2)
    chart.set_categories(categories)
    if overlay is not None and overlay.series:
        overlay.set_categories(categories)
        chart += overlay
    return chart


def fill_table(
    workbook: OpenpyxlWorkbook, table: str, rows: Sequence[Mapping[str, object]]
) -> None:
    """Replace a table's data rows with ``rows`` (keys are column headers); for demo, tests
    and imports. The table keeps at least one (blank) data row, as Excel requires."""
    package_fill = getattr(workbook, "fill_table", None)
    if package_fill is not None:  # a package-level workbook edits the sheet XML itself
        package_fill(table, rows)
        return
    ws, tbl, headers, min_col, min_row, max_row = workbook._table_geometry(table)
    max_col = min_col + len(headers) - 1
    for r in range(min_row + 1, max_row + 1):
        for c in range(min_col, max_col + 1):
            ws.cell(r, c).value = None
    new_max = min_row + max(1, len(rows))
    style_source = [ws.cell(min_row + 1, c) for c in range(min_col, max_col + 1)]
    for offset, mapping in enumerate(rows):
        r = min_row + 1 + offset
        for i, value in enumerate(values_in_order(mapping, headers)):
            cell = _writable(ws.cell(r, min_col + i))
            if style_source[i].has_style and r != style_source[i].row:
                cell._style = copy(style_source[i]._style)  # type: ignore[attr-defined,union-attr]  # _STYLE_SLOT
            _put(cell, value)
        if any(isinstance(v, str) and len(v) > 20 for v in mapping.values()):
            ws.row_dimensions[r].height = _wrapped_height(ws, r, min_col, max_col)
    tbl.ref = f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{new_max}"
    if tbl.autoFilter is not None:
        tbl.autoFilter.ref = tbl.ref
