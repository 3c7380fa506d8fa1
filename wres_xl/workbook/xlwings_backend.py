"""The workbook interface over a workbook open in Excel, through xlwings.

Every exchange with Excel is a COM call (an Apple event on a Mac) costing a millisecond or
more, so nothing here goes cell by cell: a table is read as one 2-D block, each block of a
sheet is written in one call, and formats are applied to ranges that gather every cell of
the same style (one union address such as ``A5:O5,B7:B9``), a handful of calls per style.

Only the plain, long-standing xlwings API is relied on for the data (values, tables,
sheets, number formats, fills, fonts, widths, merges). Cosmetics that xlwings exposes only
in recent versions, or only through Excel's object model (``.api``: borders, tab colour,
frozen panes, page setup, chart titles), are applied best-effort: when one cannot be set
(an older xlwings, Excel on a Mac) it is logged and skipped, and the figures are still
right. The .xlsx file backend (openpyxl) is the verified path for how sheets look.

Unlike the file backend, a tool-owned sheet is cleared and rewritten rather than deleted
and re-added: deleting a sheet in a live workbook would turn every formula pointing at it
(other sheets reference Summary cells) into #REF!.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from decimal import Decimal
from enum import Enum
from functools import partial
from typing import Any

from wres_xl.core.model import RawTable
from wres_xl.errors import CELL_PREFIX, WorkbookError
from wres_xl.report.layout import PAGE_NUMBER, STYLES, ChartSpec, SheetContent, Style, header_text
from wres_xl.workbook import table_edits as edits
from wres_xl.workbook.cell_text import needs_quote_prefix
from wres_xl.workbook.table_edits import CONTROL_CHARACTERS, column_letter

log = logging.getLogger(__name__)

#: Excel's Range() accepts an address of at most 255 characters.
_MAX_ADDRESS = 250
_FONT = "Arial"  # as the file backend, so both give the same look
_BORDER_COLOUR = "BFBFBF"
_STANDARD_WIDTH = 8.43
_POINTS_PER_CM = 72 / 2.54

# Excel object-model constants (XlHAlign, XlVAlign, XlLineStyle, XlBorderWeight, ...).
_XL_HALIGN = {"left": -4131, "center": -4108, "right": -4152, "general": 1}
_XL_VALIGN = {"top": -4160, "center": -4108, "bottom": -4107}
_XL_CONTINUOUS = 1
_XL_THIN = 2
_XL_LANDSCAPE, _XL_PORTRAIT = 2, 1
_CHART_TYPES = {"bar": "column_clustered", "barh": "bar_clustered", "line": "line"}


# --- values ------------------------------------------------------------------------------


def excel_text(text: str) -> str:
    """``text`` as it must be assigned to a cell's Value so that Excel keeps it as text.

    Excel parses a string assigned over COM as if it were typed: "=Smith" becomes a
    formula, "0123" the number 123, "TRUE" a logical, "March 2024" a date. A leading
    apostrophe (Excel's prefix character, never shown in the cell) keeps it as typed.
    """
    text = CONTROL_CHARACTERS.sub("", text)
    return "'" + text if needs_quote_prefix(text) else text


def to_excel(value: object) -> object:
    """A Python value as it is handed to Excel."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, str):
        return excel_text(value)
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, int | dt.date | dt.datetime):
        return value
    if isinstance(value, Decimal):
        return float(value)
    return excel_text(str(value))


def from_excel(value: object) -> object:
    """A cell value as read from Excel, made the same as the file backend reads it.

    Excel holds every number as a double; an .xlsx file read by openpyxl gives whole
    numbers as ints, so whole doubles become ints here too (currency cells, which pywin32
    returns as Decimal, likewise).
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, Decimal):
        value = float(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


# --- addresses and rectangles ------------------------------------------------------------


def address(r1: int, c1: int, r2: int | None = None, c2: int | None = None) -> str:
    first = f"{column_letter(c1)}{r1}"
    if r2 is None or c2 is None or (r2, c2) == (r1, c1):
        return first
    return f"{first}:{column_letter(c2)}{r2}"


def _cell_position(ref: str) -> tuple[int, int]:
    match = re.fullmatch(r"\$?([A-Za-z]{1,3})\$?(\d+)", ref.strip())
    if match is None:
        raise ValueError(f"not a cell reference: {ref!r}")
    col = 0
    for ch in match.group(1).upper():
        col = col * 26 + ord(ch) - 64
    return int(match.group(2)), col


Rect = tuple[int, int, int, int]


def rectangles(cells: Iterable[tuple[int, int]]) -> list[Rect]:
    """Cover exactly ``cells`` with few rectangles (r1, c1, r2, c2): runs along each row,
    stacked while consecutive rows have the same run."""
    by_row: dict[int, list[int]] = defaultdict(list)
    for r, c in set(cells):
        by_row[r].append(c)
    out: list[Rect] = []
    open_runs: dict[tuple[int, int], int] = {}  # (c1, c2) -> first row
    previous: int | None = None
    for r in sorted(by_row):
        cols = sorted(by_row[r])
        runs: list[tuple[int, int]] = []
        start = cols[0]
        for a, b in itertools.pairwise(cols):
            if b != a + 1:
                runs.append((start, a))
                start = b
        runs.append((start, cols[-1]))
        carried: dict[tuple[int, int], int] = {}
        for run in runs:
            if previous == r - 1 and run in open_runs:
                carried[run] = open_runs.pop(run)
            else:
                carried[run] = r
        for (c1, c2), r1 in open_runs.items():
            out.append((r1, c1, previous if previous is not None else r1, c2))
        open_runs = carried
        previous = r
    for (c1, c2), r1 in open_runs.items():
        out.append((r1, c1, previous if previous is not None else r1, c2))
    return sorted(out)


def union_addresses(rects: Sequence[Rect]) -> list[str]:
    """Comma-joined addresses, each short enough for one Range() call."""
    chunks: list[str] = []
    current = ""
    for rect in rects:
        part = address(*rect)
        if current and len(current) + 1 + len(part) > _MAX_ADDRESS:
            chunks.append(current)
            current = part
        else:
            current = f"{current},{part}" if current else part
    if current:
        chunks.append(current)
    return chunks


def _styled_cells(content: SheetContent) -> dict[str, list[tuple[int, int]]]:
    """The cells of each style name; where blocks overlap, the last style named for a cell
    is the one it gets, whole (as in the file backend)."""
    per_cell: dict[tuple[int, int], str] = {}
    for block in content.blocks:
        for row, col, _, name in block.cells():
            if not name:
                continue
            if name not in STYLES:
                raise KeyError(f"unknown style {name!r}")
            per_cell[(row, col)] = name
    grouped: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for cell, name in per_cell.items():
        grouped[name].append(cell)
    return dict(grouped)


def _hex(colour: str) -> str:
    return "#" + colour[-6:]


def _bgr(colour: str) -> int:
    """Excel's object model takes colours as one integer, blue-green-red."""
    rgb = colour[-6:]
    r, g, b = int(rgb[0:2], 16), int(rgb[2:4], 16), int(rgb[4:6], 16)
    return r + g * 256 + b * 65536


def _has_property(obj: object, name: str) -> bool:
    # Checked on the class: on an older xlwings, setting a missing property would only
    # add a plain attribute to the Python object and silently do nothing in Excel.
    return isinstance(getattr(type(obj), name, None), property)


# --- the session -------------------------------------------------------------------------


@contextmanager
def excel_session(book: Any) -> Iterator[Any]:
    """Excel set up for a fast write (no redrawing, no recalculation, no event macros),
    and put back as it was afterwards, whatever happens in between."""
    app = book.app
    changed: list[tuple[str, object]] = []
    for name, value in (("screen_updating", False), ("enable_events", False)):
        try:
            before = getattr(app, name)
            setattr(app, name, value)
            changed.append((name, before))
        except Exception as error:  # an Excel that refuses one setting still refreshes
            log.info("could not set %s: %s", name, error)
    try:
        before_calc = app.calculation
        app.calculation = "manual"
        changed.append(("calculation", before_calc))
    except Exception as error:
        log.info("could not set calculation to manual: %s", error)
    try:
        status: object = app.status_bar
    except Exception:
        status = False
    try:
        yield app
    finally:
        for name, before in reversed(changed):
            try:
                setattr(app, name, before)
            except Exception as error:
                log.warning("could not restore %s to %r: %s", name, before, error)
        try:
            # False hands the status bar back to Excel.
            app.status_bar = status if isinstance(status, str) and status else False
        except Exception as error:
            log.warning("could not restore the status bar: %s", error)


# --- the backend -------------------------------------------------------------------------


class XlwingsWorkbook:
    """A WRES workbook open in Excel (an ``xlwings.Book``)."""

    def __init__(self, book: Any, *, on_progress: Callable[[str], None] | None = None) -> None:
        self.book = book
        self.app = book.app
        self._on_progress = on_progress
        self._tables: dict[str, tuple[Any, Any]] | None = None
        #: Cosmetic steps that could not be applied (see the module docstring).
        self.skipped: list[str] = []

    # --- helpers -------------------------------------------------------------------------

    def _best_effort(self, what: str, action: Callable[[], object]) -> bool:
        try:
            action()
            return True
        except Exception as error:
            log.info("skipped %s: %s: %s", what, type(error).__name__, error)
            self.skipped.append(what)
            return False

    def _set(self, obj: Any, name: str, value: object, com: tuple[str, object] | None) -> None:
        """Set an xlwings property, or the Excel object-model one when this xlwings has none."""
        if _has_property(obj, name):
            self._best_effort(name, lambda: setattr(obj, name, value))
        elif com is not None:
            self._best_effort(com[0], lambda: setattr(obj.api, com[0], com[1]))

    def _find_sheet(self, title: str) -> Any | None:
        wanted = title.casefold()
        for sheet in self.book.sheets:
            if sheet.name.casefold() == wanted:
                return sheet
        return None

    def _index_tables(self) -> dict[str, tuple[Any, Any]]:
        index: dict[str, tuple[Any, Any]] = {}
        for sheet in self.book.sheets:
            for table in sheet.tables:
                index.setdefault(table.name.casefold(), (sheet, table))
        return index

    def find_table(self, name: str) -> tuple[Any, Any] | None:
        if self._tables is None or name.casefold() not in self._tables:
            self._tables = self._index_tables()
        return self._tables.get(name.casefold())

    def _table_block(self, name: str) -> tuple[Any, Any, int, int, list[list[object]]]:
        """Sheet, table, top row, left column and every cell (header row first), in one read."""
        found = self.find_table(name)
        if found is None:
            raise WorkbookError(f"The Excel Table {name} was not found.", table=name)
        sheet, table = found
        rng = table.range
        values = rng.options(ndim=2, err_to_str=True).value
        return sheet, table, rng.row, rng.column, [list(row) for row in values]

    # --- reading -------------------------------------------------------------------------

    #: Rows under a table read with it, to notice figures typed just outside it.
    _BELOW = 20

    def read_table(self, name: str) -> RawTable | None:
        found = self.find_table(name)
        if found is None:
            return None
        sheet, table = found
        rng = table.range
        top, left = rng.row, rng.column
        height, width = rng.shape
        last = min(top + height - 1 + self._BELOW, 1_048_576)
        # One read for the table and the few rows under it: each read is a COM round trip.
        values = (
            sheet.range((top, left), (last, left + width - 1))
            .options(ndim=2, err_to_str=True)
            .value
        )
        block = [list(row) for row in values[:height]]
        header_rows = 1 if table.show_headers else 0
        totals = 1 if table.show_totals else 0
        cells = [[from_excel(v) for v in row] for row in block]
        headers = (
            tuple(str(v if v is not None else "").strip() for v in cells[0])
            if header_rows
            else tuple("" for _ in cells[0])
        )
        rows = cells[header_rows : len(cells) - totals]
        below = []
        for offset, row in enumerate(values[height:]):
            if all(v is None or v == "" for v in row):
                break
            below.append(top + height + offset)
        return RawTable(
            table.name, sheet.name, headers, rows, top + header_rows, rows_below=tuple(below)
        )

    def sheet_names(self) -> list[str]:
        return [sheet.name for sheet in self.book.sheets]

    # --- writing a sheet -----------------------------------------------------------------

    def _owned_sheet(self, title: str) -> Any:
        sheet = self._find_sheet(title)
        if sheet is None:
            sheets = self.book.sheets
            count = len(sheets)
            return sheets.add(title, after=sheets[count - 1] if count else None)
        # Unmerged first: a block written across part of an old merged area would fail.
        sheet.cells.unmerge()
        sheet.clear()
        for chart in list(sheet.charts):
            chart.delete()
        sheet.cells.column_width = _STANDARD_WIDTH
        if not sheet.visible:
            sheet.visible = True
        return sheet

    def write_sheet(self, content: SheetContent) -> None:
        sheet = self._owned_sheet(content.title)
        for block in content.blocks:
            _write_block(sheet, block.row, block.col, block.values)
        for name, cells in _styled_cells(content).items():
            for union in union_addresses(rectangles(cells)):
                self._apply_style(sheet.range(union), STYLES[name])
        for (c1, c2), width in _runs(content.column_widths):
            sheet.range((1, c1), (1, c2)).column_width = width
        for (r1, r2), height in _runs(content.row_heights):
            sheet.range((r1, 1), (r2, 1)).row_height = height
        for r1, c1, r2, c2 in content.merges:
            sheet.range((r1, c1), (r2, c2)).merge()
        self._sheet_cosmetics(sheet, content)
        for spec in content.charts:
            self._best_effort(f"chart '{spec.title}'", partial(self._chart, sheet, spec))
        if content.hidden:
            sheet.visible = False

    def _apply_style(self, rng: Any, style: Style) -> None:
        font = rng.font
        font.name = _FONT
        font.size = style.size
        font.color = _hex(style.colour)
        # Cleared cells are neither bold nor italic, so only True needs a call.
        if style.bold:
            font.bold = True
        if style.italic:
            font.italic = True
        if style.fill:
            rng.color = _hex(style.fill)
        if style.number_format != "General":
            rng.number_format = style.number_format
        if style.horizontal:
            self._set(
                rng,
                "horizontal_alignment",
                style.horizontal,
                ("HorizontalAlignment", _XL_HALIGN[style.horizontal]),
            )
        # Top everywhere, as the file backend: numbers stay level with wrapped text beside them.
        self._set(rng, "vertical_alignment", "top", ("VerticalAlignment", _XL_VALIGN["top"]))
        if style.wrap:
            rng.wrap_text = True
        if style.indent:
            self._best_effort("indent", lambda: setattr(rng.api, "IndentLevel", style.indent))
        if style.border:
            self._best_effort("borders", lambda: self._borders(rng))

    def _borders(self, rng: Any) -> None:
        try:
            borders = rng.api.Borders  # Windows: edges and inside lines in three calls
            borders.LineStyle = _XL_CONTINUOUS
            borders.Weight = _XL_THIN
            borders.Color = _bgr(_BORDER_COLOUR)
        except Exception:
            # Excel on a Mac (no COM): xlwings' own borders API, where this xlwings has it.
            rng.borders.set(
                "all", line_style="continuous", weight="thin", color=_hex(_BORDER_COLOUR)
            )

    def _sheet_cosmetics(self, sheet: Any, content: SheetContent) -> None:
        if content.tab_colour:
            colour = content.tab_colour
            self._best_effort("tab colour", lambda: setattr(sheet.api.Tab, "Color", _bgr(colour)))
        if _has_property(sheet, "show_gridlines"):
            self._best_effort("gridlines", lambda: setattr(sheet, "show_gridlines", False))
        if content.freeze:
            freeze = content.freeze
            self._best_effort("frozen panes", lambda: self._freeze(sheet, freeze))
        self._best_effort("page setup", lambda: self._page_setup(sheet, content))
        self._best_effort("page breaks", lambda: _page_breaks(sheet, content))

    def _freeze(self, sheet: Any, cell: str) -> None:
        row, col = _cell_position(cell)
        sheet.activate()
        window = self.app.api.ActiveWindow
        window.FreezePanes = False
        window.ScrollRow = 1
        window.ScrollColumn = 1
        window.SplitColumn = col - 1
        window.SplitRow = row - 1
        window.FreezePanes = True

    def _page_setup(self, sheet: Any, content: SheetContent) -> None:
        api = self.app.api
        # Page setup talks to the printer driver on every property unless told not to.
        api.PrintCommunication = False
        try:
            setup = sheet.api.PageSetup
            setup.Orientation = _XL_LANDSCAPE if content.landscape else _XL_PORTRAIT
            setup.Zoom = False
            setup.FitToPagesWide = 1
            setup.FitToPagesTall = False
            setup.PrintGridlines = False
            if content.print_title_rows:
                first, _, last = content.print_title_rows.partition(":")
                setup.PrintTitleRows = f"${first}:${last or first}"
            _page_heading(setup, content)
        finally:
            api.PrintCommunication = True

    def _chart(self, sheet: Any, spec: ChartSpec) -> None:
        anchor = sheet.range(spec.anchor)
        chart = sheet.charts.add(
            left=anchor.left,
            top=anchor.top,
            width=spec.width_cm * _POINTS_PER_CM,
            height=spec.height_cm * _POINTS_PER_CM,
        )
        chart.chart_type = _CHART_TYPES.get(spec.kind, "column_clustered")
        source = sheet.range(",".join(address(*s.values) for s in spec.series))
        by_columns = all(s.values[1] == s.values[3] for s in spec.series)
        try:
            chart.set_source_data(source, plot_by="columns" if by_columns else "rows")
        except TypeError:  # xlwings before 0.37.3 lets Excel decide
            chart.set_source_data(source)
        categories = sheet.range(address(*spec.categories))
        self._best_effort("chart categories", lambda: chart.set_x_axis_values(categories))
        if _has_property(chart, "title"):
            self._best_effort("chart title", lambda: setattr(chart, "title", spec.title))
        else:
            self._best_effort("chart title", lambda: _com_chart_title(chart, spec.title))
        for i, series in enumerate(spec.series):
            self._best_effort("chart series", partial(_style_series, chart, i, series))
            self._best_effort(
                "chart series look", partial(_series_look, chart, i, series, spec.data_labels)
            )
        self._best_effort("chart axes", lambda: _chart_axes(chart, spec))

    # --- table edits ---------------------------------------------------------------------

    def set_table_cells(self, table: str, column: str, values: Mapping[int, object]) -> None:
        if not values:
            return
        found = self.find_table(table)
        if found is None:
            raise WorkbookError(f"The Excel Table {table} was not found.", table=table)
        sheet, tbl = found
        header = tbl.header_row_range
        headers = header.options(ndim=2).value[0]
        col = header.column + edits.header_index(headers, column, table)
        runs: list[list[int]] = []
        for row in sorted(values):
            if runs and runs[-1][-1] == row - 1:
                runs[-1].append(row)
            else:
                runs.append([row])
        for run in runs:
            sheet.range((run[0], col)).value = [[to_excel(values[r])] for r in run]

    def append_table_rows(self, table: str, rows: Sequence[Mapping[str, object]]) -> None:
        if not rows:
            return
        sheet, tbl, top, left, block = self._table_block(table)
        headers = [edits.column_name(from_excel(v)) for v in block[0]]
        right = left + len(headers) - 1
        max_row = top + len(block) - 1
        plan = edits.plan_append(
            top, max_row, len(rows), lambda r: edits.is_blank_row(block[r - top])
        )
        if plan.grows:
            below = sheet.range((max_row + 1, left), (plan.end, right)).options(ndim=2).value
            cells = (
                (max_row + 1 + i, left + j, value)
                for i, values in enumerate(below)
                for j, value in enumerate(values)
            )
            edits.refuse_overwrite(plan, cells, count=len(rows), table=table, sheet=sheet.name)
            tbl.resize(sheet.range((top, left), (plan.end, right)))
        matrix = [
            [to_excel(v) for v in edits.values_in_order(mapping, headers)] for mapping in rows
        ]
        sheet.range((plan.start, left)).value = matrix

    # --- progress ------------------------------------------------------------------------

    def progress(self, message: str) -> None:
        self._best_effort(
            "status bar", lambda: setattr(self.app, "status_bar", f"{CELL_PREFIX}{message}…")
        )
        if self._on_progress is not None:
            self._on_progress(message)


def _write_block(sheet: Any, row: int, col: int, values: Sequence[Sequence[object]]) -> None:
    matrix = [[to_excel(v) for v in row_values] for row_values in values]
    widths = {len(r) for r in matrix}
    if not matrix or widths == {0}:
        return
    if len(widths) == 1:
        sheet.range((row, col)).value = matrix
        return
    # A ragged block: Excel takes rectangles only, and padding would blank cells that an
    # earlier block wrote, so each row goes on its own.
    for offset, row_values in enumerate(matrix):
        if row_values:
            sheet.range((row + offset, col)).value = [row_values]


def _runs(sizes: Mapping[int, float]) -> list[tuple[tuple[int, int], float]]:
    """Consecutive columns (or rows) of the same size, so each run is one call."""
    out: list[tuple[tuple[int, int], float]] = []
    for index in sorted(sizes):
        size = sizes[index]
        if out and out[-1][0][1] == index - 1 and out[-1][1] == size:
            out[-1] = ((out[-1][0][0], index), size)
        else:
            out.append(((index, index), size))
    return out


def _com_chart_title(chart: Any, title: str) -> None:
    com = chart.api[1]  # Windows: (ChartObject, Chart)
    com.HasTitle = True
    com.ChartTitle.Text = title


def _style_series(chart: Any, index: int, spec: Any) -> None:
    if not _has_property(chart, "series"):  # xlwings before 0.37.5: Excel's object model
        chart.api[1].SeriesCollection(index + 1).Name = spec.title
        return
    series = chart.series[index]
    series.name = spec.title
    if spec.colour:
        if chart.chart_type.startswith("line"):
            series.line_color = _hex(spec.colour)
        else:
            series.fill_color = _hex(spec.colour)


#: Excel's MsoPatternType for the OOXML presets of layout.BAR_PATTERNS, and its
#: MsoLineDashStyle for a dashed series.
_MSO_PATTERNS = {"wdUpDiag": 26, "smGrid": 23, "dkVert": 14}
_MSO_LINE_DASH = 4


def _series_look(chart: Any, index: int, spec: Any, labels: bool) -> None:
    """What tells a series apart besides colour, through Excel's object model: the bar
    pattern or the dash, and a value label on every bar or point."""
    com = chart.api[1].SeriesCollection(index + 1)
    if spec.pattern in _MSO_PATTERNS:
        com.Format.Fill.Patterned(_MSO_PATTERNS[spec.pattern])
        if spec.colour:
            com.Format.Fill.ForeColor.RGB = _bgr(spec.colour)
            com.Format.Fill.BackColor.RGB = _bgr("FFFFFF")
    if spec.dashed:
        com.Format.Line.DashStyle = _MSO_LINE_DASH
    if labels and not spec.dashed:
        com.HasDataLabels = True


def _chart_axes(chart: Any, spec: ChartSpec) -> None:
    chart.category_axis.title = spec.x_title or None
    axis = chart.value_axis
    axis.title = spec.y_title or None
    if spec.y_min is not None:
        axis.minimum_scale = spec.y_min
    if spec.y_max is not None:
        axis.maximum_scale = spec.y_max
    if spec.y_format:
        axis.number_format = spec.y_format


_XL_PAPER_A4 = 9


def _page_breaks(sheet: Any, content: SheetContent) -> None:
    """The plan's manual breaks (SheetContent.row_breaks: the row that starts a new page),
    as the file backend writes them; the sheet's earlier breaks go first, since clearing
    a sheet's cells leaves them."""
    api = sheet.api
    api.ResetAllPageBreaks()
    for row in sorted(set(content.row_breaks)):
        api.HPageBreaks.Add(sheet.range((row, 1)).api)


def _page_heading(setup: Any, content: SheetContent) -> None:
    """The same page heading and footer as the file backend, through PageSetup."""
    setup.PaperSize = _XL_PAPER_A4
    if content.print_header:
        setup.CenterHeader = header_text(content.print_header)
    if content.print_footer:
        setup.LeftFooter = header_text(content.print_footer)
        setup.RightFooter = PAGE_NUMBER
