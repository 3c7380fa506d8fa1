"""A stand-in for the small part of xlwings that wres_xl's Excel edge uses.

Excel is not available here, so ``XlwingsWorkbook`` and the ribbon entry points are tested
against this: an in-memory grid behind objects with xlwings' names and signatures
(checked against the installed xlwings by tests/test_xlwings_backend.py), which counts
every call that would cross to Excel (a COM call on Windows) in ``app.calls``.

The API relied on (xlwings 0.37.8, ``xlwings/main.py``):

- ``App``: ``status_bar`` (str, or False when Excel owns it), ``screen_updating``,
  ``enable_events``, ``calculation`` ('manual' / 'automatic' / 'semiautomatic'),
  ``alert(prompt, title=None, buttons="ok", mode=None, callback=None)``, ``api``.
- ``Book``: ``name``, ``app``, ``sheets``, ``activate(steal_focus=False)``;
  ``Book.caller()`` and ``xlwings.books.active`` are patched in tests.
- ``Sheets``: iteration, ``len``, ``[name or 0-based index]`` (negative too), ``(name or
  1-based index)``, ``add(name=None, before=None, after=None)`` (ValueError on a duplicate
  name; the new sheet becomes active).
- ``Sheet``: ``name``, ``book``, ``index`` (1-based), ``range(cell1, cell2=None)``, ``cells``,
  ``tables``, ``charts``, ``clear()``, ``delete()``, ``activate()``, ``visible``,
  ``show_gridlines`` (0.37.3), ``api``.
- ``Range``: ``options(convert=None, **options)`` (``ndim``, ``err_to_str`` ...), ``value``,
  ``row``, ``column``, ``shape``, ``address``, ``left``, ``top``, ``color``, ``number_format``,
  ``font`` (``name``, ``size``, ``color``, ``bold``, ``italic``), ``column_width``,
  ``row_height``, ``merge(across=False)``, ``unmerge()``, ``wrap_text``,
  ``horizontal_alignment`` and ``vertical_alignment`` (0.37.3), ``api``.
- ``Table`` (``sheet.tables``, 0.21): ``name``, ``range``, ``header_row_range``,
  ``data_body_range``, ``show_headers``, ``show_totals``, ``resize(range)`` (0.24.4).
- ``Charts.add(left=0, top=0, width=355, height=211, ...)``; ``Chart``: ``chart_type``,
  ``set_source_data(source, plot_by=None)``, ``set_x_axis_values(source)``, ``title``,
  ``series`` (``name``, ``fill_color``, ``line_color``), ``category_axis`` /
  ``value_axis`` (``title``, ``minimum_scale``, ``maximum_scale``, ``number_format``),
  ``delete()``.

Semantics kept from xlwings and Excel:

- Reading: every number comes back as a float (Excel holds doubles), empty cells and
  empty strings as None, error cells as None or, with ``err_to_str=True``, as "#N/A";
  without ``ndim`` a single cell is a scalar and a single row or column a flat list.
- Writing: a list of lists is written from the range's top-left cell at the data's own
  size; a scalar fills the whole range; a jagged list of lists raises, as xlwings does.
  A string is parsed as Excel parses typed input: a leading apostrophe keeps the rest as
  text; "=..." (or "+", "-", "@" not followed by a number) becomes a formula, which this
  stand-in cannot evaluate (reading one raises);
  numbers ("0123", "-5", "1,000", "50%") become numbers and "TRUE"/"FALSE" logicals. Dates
  typed as text ("March 2024") are not modelled.
- ``sheet.clear()`` removes values, formats and merged areas but not charts; writing to a
  protected sheet (``fake_protect()``) raises ``FakeComError``, as Excel does.
- ``api`` is a recorder of Excel object-model calls: it accepts only member names listed in
  ``COM_MEMBERS`` (real Excel names, so a typo fails) and logs each set in
  ``app.api_log``; it does not change the grid.

Members whose names start with ``fake_`` are for tests only and are not xlwings API.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# xlwings' own vocabularies, so the stand-in accepts exactly what xlwings accepts.
from xlwings.base_classes import (
    CHART_PLOT_BY,
    CHART_TYPES,
    HORIZONTAL_ALIGNMENTS,
    VERTICAL_ALIGNMENTS,
)

MAX_ROW, MAX_COL = 1_048_576, 16_384
Rect = tuple[int, int, int, int]

COM_MEMBERS = frozenset(
    {
        # Application / Window
        "ActiveWindow", "PrintCommunication", "FreezePanes", "SplitRow", "SplitColumn",
        "ScrollRow", "ScrollColumn", "DisplayGridlines",
        # Worksheet
        "Tab", "Color", "PageSetup", "Orientation", "Zoom", "FitToPagesWide",
        "FitToPagesTall", "PrintTitleRows", "PrintGridlines", "PaperSize", "CenterHeader",
        "LeftFooter", "RightFooter", "ResetAllPageBreaks", "HPageBreaks", "Add",
        # Range
        "Borders", "LineStyle", "Weight", "HorizontalAlignment", "VerticalAlignment",
        "IndentLevel",
        # Chart
        "HasTitle", "ChartTitle", "Text", "SeriesCollection", "Name", "Format", "Fill",
        "Patterned", "ForeColor", "BackColor", "RGB", "Line", "DashStyle", "HasDataLabels",
    }
)  # fmt: skip

_CALCULATION = ("manual", "automatic", "semiautomatic")
_OPTIONS = ("ndim", "numbers", "dates", "empty", "transpose", "expand", "chunksize",
            "err_to_str")  # fmt: skip
_ERRORS = ("#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!")
_NUMBER = re.compile(r"^\s*[-+]?((\d{1,3}(,\d{3})+|\d+)(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*(%?)\s*$")


class FakeComError(Exception):
    """What pywin32 raises when Excel refuses a call."""


@dataclass
class FakeCell:
    value: object = None
    formula: str | None = None
    number_format: str = "General"
    fill: tuple[int, int, int] | None = None
    bold: bool = False
    italic: bool = False
    size: float = 11
    font_color: tuple[int, int, int] = (0, 0, 0)
    font_name: str = "Calibri"
    wrap: bool = False
    halign: str = "general"
    valign: str = "bottom"

    def is_blank(self) -> bool:
        return self == FakeCell()


@dataclass(frozen=True)
class ExcelError:
    text: str


def _rgb(colour: object) -> tuple[int, int, int] | None:
    if colour is None:
        return None
    if isinstance(colour, tuple):
        return (int(colour[0]), int(colour[1]), int(colour[2]))
    if isinstance(colour, str):
        text = colour.lstrip("#")
        return (int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16))
    if isinstance(colour, int):
        return (colour % 256, colour // 256 % 256, colour // 65536)
    raise ValueError(f"not a colour: {colour!r}")


def _col_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def _col_letters(n: int) -> str:
    out = ""
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(65 + rest) + out
    return out


def _parse_area(text: str) -> Rect:
    parts = text.replace("$", "").split(":")
    cells = []
    for part in parts:
        m = re.fullmatch(r"([A-Za-z]{1,3})(\d+)", part.strip())
        if m is None:
            raise FakeComError(f"Range('{text}') is not a valid address")
        cells.append((int(m.group(2)), _col_number(m.group(1))))
    (r1, c1), (r2, c2) = cells[0], cells[-1]
    return (min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2))


def _typed(value: object) -> tuple[object, str | None]:
    """(value, formula) for what Range.Value = value stores in a cell."""
    if value is None or value == "":
        return None, None
    if isinstance(value, bool):
        return value, None
    if isinstance(value, int | float):
        if isinstance(value, float) and math.isnan(value):
            return None, None
        return float(value), None
    if isinstance(value, dt.datetime):
        return value, None
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day), None
    if isinstance(value, str):
        if value.startswith("'"):
            return (value[1:] or None), None
        if value.startswith("="):
            return None, value
        if value.strip().upper() in ("TRUE", "FALSE"):
            return value.strip().upper() == "TRUE", None
        m = _NUMBER.match(value)
        if m:
            number = float(value.strip().rstrip("%").replace(",", ""))
            return (number / 100 if m.group(6) else number), None
        if value[0] in "+-@":  # Excel reads "+A1" or "-x" as the start of a formula
            return None, "=" + value
        return value, None
    raise FakeComError(f"Excel cannot hold a {type(value).__name__}")


class ComObject:
    """Records Excel object-model traffic (see the module docstring)."""

    _path: str
    _app: FakeApp

    def __init__(self, path: str, app: FakeApp) -> None:
        object.__setattr__(self, "_path", path)
        object.__setattr__(self, "_app", app)

    def __getattr__(self, name: str) -> ComObject:
        if name not in COM_MEMBERS:
            raise AttributeError(f"{self._path}.{name} is not modelled")
        self._app.calls["api.get"] += 1
        return ComObject(f"{self._path}.{name}", self._app)

    def __setattr__(self, name: str, value: object) -> None:
        if name not in COM_MEMBERS:
            raise AttributeError(f"{self._path}.{name} is not modelled")
        self._app.calls["api.set"] += 1
        self._app.api_log.append((f"{self._path}.{name}", value))

    def __call__(self, *args: object) -> ComObject:
        self._app.calls["api.call"] += 1
        # Calls are logged as well as sets (page breaks are methods); a Range argument is
        # logged by its path, e.g. "Range('$A$22')".
        shown = [a._path if isinstance(a, ComObject) else a for a in args]
        self._app.api_log.append((f"{self._path}()", tuple(shown)))
        return ComObject(f"{self._path}({', '.join(map(repr, args))})", self._app)

    def __getitem__(self, index: int) -> ComObject:
        return ComObject(f"{self._path}[{index}]", self._app)


class FakeApp:
    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()
        self.api_log: list[tuple[str, object]] = []
        self.fake_alerts: list[dict[str, object]] = []
        self._status_bar: str | bool = False
        self._screen_updating = True
        self._enable_events = True
        self._calculation = "automatic"
        self.books: list[FakeBook] = []

    def _get(self, name: str) -> Any:
        self.calls[f"app.{name}.get"] += 1
        return getattr(self, "_" + name)

    def _set(self, name: str, value: object) -> None:
        self.calls[f"app.{name}.set"] += 1
        setattr(self, "_" + name, value)

    @property
    def status_bar(self) -> str | bool:
        return self._get("status_bar")

    @status_bar.setter
    def status_bar(self, value: str | bool) -> None:
        if value is not False and not isinstance(value, str):
            raise FakeComError("StatusBar takes text or False")
        self._set("status_bar", value)

    @property
    def screen_updating(self) -> bool:
        return bool(self._get("screen_updating"))

    @screen_updating.setter
    def screen_updating(self, value: bool) -> None:
        self._set("screen_updating", bool(value))

    @property
    def enable_events(self) -> bool:
        return bool(self._get("enable_events"))

    @enable_events.setter
    def enable_events(self, value: bool) -> None:
        self._set("enable_events", bool(value))

    @property
    def calculation(self) -> str:
        return str(self._get("calculation"))

    @calculation.setter
    def calculation(self, value: str) -> None:
        if value not in _CALCULATION:
            raise KeyError(value)  # xlwings looks the name up in a dict
        self._set("calculation", value)

    @property
    def api(self) -> ComObject:
        return ComObject("Application", self)

    def alert(
        self,
        prompt: str,
        title: str | None = None,
        buttons: str = "ok",
        mode: str | None = None,
        callback: str | None = None,
    ) -> str | None:
        if buttons not in ("ok", "ok_cancel", "yes_no", "yes_no_cancel"):
            raise KeyError(buttons)
        if mode not in (None, "info", "critical"):
            raise KeyError(mode)
        self.calls["app.alert"] += 1
        self.fake_alerts.append({"prompt": prompt, "title": title, "mode": mode})
        return "ok"


class FakeBook:
    def __init__(self, name: str = "Book1.xlsx", app: FakeApp | None = None) -> None:
        self.name = name
        #: The saved file's full path ("" for a book never saved), as Book.fullname.
        self.fake_fullname = ""
        self.app = app or FakeApp()
        self.app.books.append(self)
        self._sheets: list[FakeSheet] = []
        self.fake_active: FakeSheet | None = None

    @property
    def sheets(self) -> FakeSheets:
        return FakeSheets(self)

    @property
    def fullname(self) -> str:
        return self.fake_fullname or self.name

    def activate(self, steal_focus: bool = False) -> None:
        self.app.calls["book.activate"] += 1

    def fake_sheet(self, name: str) -> FakeSheet:
        return next(s for s in self._sheets if s.fake_name == name)

    def fake_new_sheet(self, name: str) -> FakeSheet:
        sheet = FakeSheet(self, name)
        self._sheets.append(sheet)
        return sheet


class FakeSheets:
    def __init__(self, book: FakeBook) -> None:
        self._book = book

    def __iter__(self) -> Iterator[FakeSheet]:
        return iter(list(self._book._sheets))

    def __len__(self) -> int:
        return len(self._book._sheets)

    def __call__(self, name_or_index: int | str) -> FakeSheet:
        self._book.app.calls["sheets.item"] += 1
        if isinstance(name_or_index, int):
            return self._book._sheets[name_or_index - 1]
        for sheet in self._book._sheets:
            if sheet.fake_name.casefold() == name_or_index.casefold():
                return sheet
        raise KeyError(name_or_index)

    def __getitem__(self, key: int | str) -> FakeSheet:
        if isinstance(key, int):
            length = len(self)
            if key >= length or key < -length:
                raise IndexError(f"Index {key} out of range ({length} elements)")
            return self(key % length + 1)
        return self(key)

    def __contains__(self, key: str) -> bool:
        return any(s.fake_name.casefold() == key.casefold() for s in self._book._sheets)

    @property
    def active(self) -> FakeSheet:
        assert self._book.fake_active is not None
        return self._book.fake_active

    def add(
        self,
        name: str | None = None,
        before: FakeSheet | None = None,
        after: FakeSheet | None = None,
    ) -> FakeSheet:
        if name is not None and name.lower() in (s.fake_name.lower() for s in self):
            raise ValueError(f"Sheet named '{name}' already present in workbook")
        self._book.app.calls["sheets.add"] += 1
        sheet = FakeSheet(self._book, name or f"Sheet{len(self) + 1}")
        sheets = self._book._sheets
        if before is not None:
            sheets.insert(sheets.index(before), sheet)
        elif after is not None:
            sheets.insert(sheets.index(after) + 1, sheet)
        else:
            sheets.insert(0, sheet)  # Excel adds before the active sheet; first is enough
        self._book.fake_active = sheet
        return sheet


class FakeSheet:
    def __init__(self, book: FakeBook, name: str) -> None:
        self._book = book
        self.fake_name = name
        self.fake_grid: dict[tuple[int, int], FakeCell] = {}
        self.fake_merges: list[Rect] = []
        self.fake_widths: dict[int, float] = {}
        self.fake_default_width = 8.43
        self.fake_heights: dict[int, float] = {}
        self.fake_tables: list[FakeTable] = []
        self.fake_charts: list[FakeChart] = []
        self.fake_visible = True
        self.fake_gridlines = True
        self.fake_protected = False

    # --- test helpers --------------------------------------------------------------------

    def fake_cell(self, row: int, col: int) -> FakeCell:
        return self.fake_grid.get((row, col), FakeCell())

    def fake_values(self) -> dict[tuple[int, int], object]:
        return {k: c.value for k, c in self.fake_grid.items() if c.value is not None}

    def fake_put(self, row: int, col: int, value: object) -> None:
        """Type a value (test set-up, not counted)."""
        cell = self.fake_grid.setdefault((row, col), FakeCell())
        if isinstance(value, str) and value in _ERRORS:
            cell.value, cell.formula = ExcelError(value), None
        else:
            cell.value, cell.formula = _typed(value)

    def fake_add_table(self, name: str, ref: str) -> FakeTable:
        table = FakeTable(self, name, _parse_area(ref))
        self.fake_tables.append(table)
        return table

    def fake_protect(self) -> None:
        self.fake_protected = True

    def _check_writable(self) -> None:
        if self.fake_protected:
            raise FakeComError("The cell or chart you're trying to change is on a protected sheet.")

    def _count(self, what: str) -> None:
        self._book.app.calls[what] += 1

    # --- xlwings API ---------------------------------------------------------------------

    @property
    def name(self) -> str:
        self._count("sheet.name")
        return self.fake_name

    @property
    def book(self) -> FakeBook:
        return self._book

    @property
    def index(self) -> int:
        self._count("sheet.index")
        return self._book._sheets.index(self) + 1

    @property
    def api(self) -> ComObject:
        return ComObject(f"Worksheets({self.fake_name!r})", self._book.app)

    def range(
        self,
        cell1: str | tuple[int, int] | FakeRange,
        cell2: str | tuple[int, int] | FakeRange | None = None,
    ) -> FakeRange:
        self._count("range")

        def area(cell: str | tuple[int, int] | FakeRange) -> list[Rect]:
            if isinstance(cell, FakeRange):
                if cell.sheet is not self:
                    raise ValueError("Range is not on this sheet")
                return list(cell._areas)
            if isinstance(cell, tuple):
                r, c = cell
                if not (1 <= r <= MAX_ROW and 1 <= c <= MAX_COL):
                    raise FakeComError(f"cell {cell} is outside the sheet")
                return [(r, c, r, c)]
            return [_parse_area(part) for part in cell.split(",")]

        first = area(cell1)
        if cell2 is None:
            return FakeRange(self, first)
        second = area(cell2)
        if len(first) != 1 or len(second) != 1:
            raise FakeComError("Range(cell1, cell2) takes two single areas")
        a, b = first[0], second[0]
        return FakeRange(
            self, [(min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))]
        )

    @property
    def cells(self) -> FakeRange:
        return FakeRange(self, [(1, 1, MAX_ROW, MAX_COL)])

    @property
    def tables(self) -> FakeTables:
        self._count("sheet.tables")
        return FakeTables(self)

    @property
    def charts(self) -> FakeCharts:
        self._count("sheet.charts")
        return FakeCharts(self)

    def clear(self) -> None:
        self._check_writable()
        self._count("sheet.clear")
        self.fake_grid.clear()
        self.fake_merges.clear()

    def delete(self) -> None:
        self._count("sheet.delete")
        self._book._sheets.remove(self)

    def activate(self) -> None:
        if not self.fake_visible:
            raise FakeComError("Activate method of Worksheet class failed")
        self._book.activate()
        self._count("sheet.activate")
        self._book.fake_active = self

    @property
    def visible(self) -> bool:
        self._count("sheet.visible.get")
        return self.fake_visible

    @visible.setter
    def visible(self, value: bool) -> None:
        self._count("sheet.visible.set")
        self.fake_visible = bool(value)

    @property
    def show_gridlines(self) -> bool:
        return self.fake_gridlines

    @show_gridlines.setter
    def show_gridlines(self, value: bool) -> None:
        self._count("sheet.show_gridlines.set")
        self.fake_gridlines = bool(value)


class FakeFont:
    def __init__(self, rng: FakeRange) -> None:
        self._range = rng

    def _set(self, attr: str, value: object) -> None:
        self._range._format(f"font.{attr}", lambda cell: setattr(cell, attr, value))

    @property
    def bold(self) -> bool:
        return self._range._first().bold

    @bold.setter
    def bold(self, value: bool) -> None:
        self._set("bold", bool(value))

    @property
    def italic(self) -> bool:
        return self._range._first().italic

    @italic.setter
    def italic(self, value: bool) -> None:
        self._set("italic", bool(value))

    @property
    def size(self) -> float:
        return self._range._first().size

    @size.setter
    def size(self, value: float) -> None:
        if value <= 0:
            raise ValueError("size must be positive")
        self._set("size", float(value))

    @property
    def color(self) -> tuple[int, int, int]:
        return self._range._first().font_color

    @color.setter
    def color(self, value: tuple[int, int, int] | str) -> None:
        self._set("font_color", _rgb(value))

    @property
    def name(self) -> str:
        return self._range._first().font_name

    @name.setter
    def name(self, value: str) -> None:
        self._set("font_name", value)


class FakeRange:
    def __init__(self, sheet: FakeSheet, areas: list[Rect], **options: Any) -> None:
        self._sheet = sheet
        self._areas = areas
        self._options = options

    def _count(self, what: str) -> None:
        self._sheet._count(what)

    def _cells(self) -> Iterator[tuple[int, int]]:
        for r1, c1, r2, c2 in self._areas:
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    yield r, c

    def _first(self) -> FakeCell:
        r1, c1, _, _ = self._areas[0]
        return self._sheet.fake_cell(r1, c1)

    def _format(self, what: str, change: Any) -> None:
        self._sheet._check_writable()
        self._count(what)
        self._count("format")
        for key in self._cells():
            change(self._sheet.fake_grid.setdefault(key, FakeCell()))

    def _single(self) -> Rect:
        if len(self._areas) != 1:
            raise FakeComError("this works on a single area only")
        return self._areas[0]

    # --- xlwings API ---------------------------------------------------------------------

    @property
    def sheet(self) -> FakeSheet:
        return self._sheet

    @property
    def api(self) -> ComObject:
        return ComObject(f"Range({self.address!r})", self._sheet._book.app)

    def options(self, convert: Any = None, **options: Any) -> FakeRange:
        if convert is not None:
            raise NotImplementedError("converters are not modelled")
        unknown = set(options) - set(_OPTIONS)
        if unknown:
            raise TypeError(f"unknown options {sorted(unknown)}")
        return FakeRange(self._sheet, self._areas, **options)

    @property
    def row(self) -> int:
        self._count("range.row")
        return self._areas[0][0]

    @property
    def column(self) -> int:
        self._count("range.column")
        return self._areas[0][1]

    @property
    def shape(self) -> tuple[int, int]:
        r1, c1, r2, c2 = self._areas[0]
        return r2 - r1 + 1, c2 - c1 + 1

    @property
    def address(self) -> str:
        def one(rect: Rect) -> str:
            r1, c1, r2, c2 = rect
            first = f"${_col_letters(c1)}${r1}"
            return first if (r1, c1) == (r2, c2) else f"{first}:${_col_letters(c2)}${r2}"

        return ",".join(one(a) for a in self._areas)

    @property
    def left(self) -> float:
        c1 = self._areas[0][1]
        widths = self._sheet.fake_widths
        return sum(
            (widths.get(c, self._sheet.fake_default_width) * 7 + 5) * 0.75 for c in range(1, c1)
        )

    @property
    def top(self) -> float:
        r1 = self._areas[0][0]
        return sum(self._sheet.fake_heights.get(r, 15.0) for r in range(1, r1))

    @property
    def value(self) -> Any:
        r1, c1, r2, c2 = self._single()
        self._count("value.read")
        err_to_str = bool(self._options.get("err_to_str"))
        rows: list[list[object]] = []
        for r in range(r1, r2 + 1):
            row: list[object] = []
            for c in range(c1, c2 + 1):
                cell = self._sheet.fake_cell(r, c)
                if cell.formula is not None:
                    raise NotImplementedError(
                        f"the stand-in cannot evaluate the formula in {_col_letters(c)}{r}"
                    )
                value = cell.value
                if isinstance(value, ExcelError):
                    value = value.text if err_to_str else None
                row.append(None if value == "" else value)
            rows.append(row)
        ndim = self._options.get("ndim")
        if ndim == 2:
            return rows
        if len(rows) == 1:
            return rows[0][0] if len(rows[0]) == 1 else rows[0]
        if len(rows[0]) == 1:
            return [r[0] for r in rows]
        return rows

    @value.setter
    def value(self, data: Any) -> None:
        self._sheet._check_writable()
        if isinstance(data, list | tuple) and data and isinstance(data[0], list | tuple):
            if len({len(row) for row in data}) != 1:
                raise Exception("All elements of a 2d list or tuple must be of the same length")
            matrix = [list(row) for row in data]
            scalar = False
        elif isinstance(data, list | tuple):
            matrix, scalar = [list(data)], False
        else:
            matrix, scalar = [[data]], True
        self._count("value.write")
        r1, c1, r2, c2 = self._single()
        if scalar:
            targets = [(r, c, matrix[0][0]) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]
        else:
            targets = [
                (r1 + i, c1 + j, v) for i, row in enumerate(matrix) for j, v in enumerate(row)
            ]
        for r, c, v in targets:
            cell = self._sheet.fake_grid.setdefault((r, c), FakeCell())
            cell.value, cell.formula = _typed(v)

    @property
    def color(self) -> tuple[int, int, int] | None:
        return self._first().fill

    @color.setter
    def color(self, color_or_rgb: tuple[int, int, int] | int | str | None) -> None:
        rgb = _rgb(color_or_rgb)
        self._format("color", lambda cell: setattr(cell, "fill", rgb))

    @property
    def number_format(self) -> str:
        return self._first().number_format

    @number_format.setter
    def number_format(self, value: str) -> None:
        self._format("number_format", lambda cell: setattr(cell, "number_format", value))

    @property
    def font(self) -> FakeFont:
        self._count("font.get")
        return FakeFont(self)

    @property
    def wrap_text(self) -> bool:
        return self._first().wrap

    @wrap_text.setter
    def wrap_text(self, value: bool) -> None:
        self._format("wrap_text", lambda cell: setattr(cell, "wrap", bool(value)))

    @property
    def horizontal_alignment(self) -> str:
        return self._first().halign

    @horizontal_alignment.setter
    def horizontal_alignment(self, value: str) -> None:
        if value not in HORIZONTAL_ALIGNMENTS:
            raise ValueError(value)
        self._format("horizontal_alignment", lambda cell: setattr(cell, "halign", value))

    @property
    def vertical_alignment(self) -> str:
        return self._first().valign

    @vertical_alignment.setter
    def vertical_alignment(self, value: str) -> None:
        if value not in VERTICAL_ALIGNMENTS:
            raise ValueError(value)
        self._format("vertical_alignment", lambda cell: setattr(cell, "valign", value))

    @property
    def column_width(self) -> float | None:
        c1 = self._areas[0][1]
        return self._sheet.fake_widths.get(c1, self._sheet.fake_default_width)

    @column_width.setter
    def column_width(self, value: float) -> None:
        self._sheet._check_writable()
        if not 0 <= value <= 255:
            raise FakeComError("column width must be 0 to 255")
        self._count("column_width")
        self._count("format")
        for _r1, c1, _r2, c2 in self._areas:
            if (c1, c2) == (1, MAX_COL):
                self._sheet.fake_widths.clear()
                self._sheet.fake_default_width = value
            else:
                for c in range(c1, c2 + 1):
                    self._sheet.fake_widths[c] = value

    @property
    def row_height(self) -> float | None:
        return self._sheet.fake_heights.get(self._areas[0][0], 15.0)

    @row_height.setter
    def row_height(self, value: float) -> None:
        self._sheet._check_writable()
        self._count("row_height")
        self._count("format")
        for r1, _, r2, _ in self._areas:
            for r in range(r1, r2 + 1):
                self._sheet.fake_heights[r] = value

    def merge(self, across: bool = False) -> None:
        self._sheet._check_writable()
        self._count("merge")
        self._count("format")
        r1, c1, r2, c2 = self._single()
        if across:
            self._sheet.fake_merges.extend((r, c1, r, c2) for r in range(r1, r2 + 1))
        else:
            self._sheet.fake_merges.append((r1, c1, r2, c2))

    def unmerge(self) -> None:
        self._sheet._check_writable()
        self._count("unmerge")
        areas = self._areas
        self._sheet.fake_merges = [
            m
            for m in self._sheet.fake_merges
            if not any(
                m[0] <= a[2] and a[0] <= m[2] and m[1] <= a[3] and a[1] <= m[3] for a in areas
            )
        ]


class FakeTable:
    def __init__(self, sheet: FakeSheet, name: str, rect: Rect) -> None:
        self._sheet = sheet
        self.fake_name = name
        self.fake_rect = rect
        self.fake_show_headers = True
        self.fake_show_totals = False

    @property
    def api(self) -> ComObject:
        return ComObject(f"ListObjects({self.fake_name!r})", self._sheet._book.app)

    @property
    def parent(self) -> FakeSheet:
        return self._sheet

    @property
    def name(self) -> str:
        self._sheet._count("table.name")
        return self.fake_name

    @property
    def range(self) -> FakeRange:
        self._sheet._count("table.range")
        return FakeRange(self._sheet, [self.fake_rect])

    @property
    def header_row_range(self) -> FakeRange | None:
        self._sheet._count("table.header_row_range")
        r1, c1, _, c2 = self.fake_rect
        return FakeRange(self._sheet, [(r1, c1, r1, c2)]) if self.fake_show_headers else None

    @property
    def data_body_range(self) -> FakeRange | None:
        r1, c1, r2, c2 = self.fake_rect
        first = r1 + (1 if self.fake_show_headers else 0)
        last = r2 - (1 if self.fake_show_totals else 0)
        return FakeRange(self._sheet, [(first, c1, last, c2)]) if last >= first else None

    @property
    def show_headers(self) -> bool:
        self._sheet._count("table.show_headers")
        return self.fake_show_headers

    @property
    def show_totals(self) -> bool:
        self._sheet._count("table.show_totals")
        return self.fake_show_totals

    def resize(self, range: FakeRange) -> None:
        self._sheet._check_writable()
        self._sheet._count("table.resize")
        new = range._single()
        old = self.fake_rect
        if new[0] != old[0] or new[2] < new[0] + 1:
            raise FakeComError(
                "The header row must stay in the same row and the table needs a data row."
            )
        if new[1] > old[3] or new[3] < old[1]:
            raise FakeComError("The new table range must overlap the old one.")
        self.fake_rect = new


class FakeTables:
    def __init__(self, sheet: FakeSheet) -> None:
        self._sheet = sheet

    def __iter__(self) -> Iterator[FakeTable]:
        return iter(list(self._sheet.fake_tables))

    def __len__(self) -> int:
        return len(self._sheet.fake_tables)

    def __getitem__(self, key: int | str) -> FakeTable:
        if isinstance(key, int):
            return self._sheet.fake_tables[key]
        return next(t for t in self._sheet.fake_tables if t.fake_name.casefold() == key.casefold())


@dataclass
class FakeChartSeries:
    fake_source: Rect
    name: str = ""
    fill_color: object = None
    line_color: object = None


@dataclass
class FakeChartAxis:
    title: str | None = None
    minimum_scale: float | None = None
    maximum_scale: float | None = None
    number_format: str = "General"


@dataclass
class FakeChart:
    fake_sheet: FakeSheet
    name: str
    left: float
    top: float
    width: float
    height: float
    _chart_type: str = "column_clustered"
    fake_title: str | None = None
    fake_series: list[FakeChartSeries] = field(default_factory=list)
    fake_x_values: Rect | None = None
    fake_category_axis: FakeChartAxis = field(default_factory=FakeChartAxis)
    fake_value_axis: FakeChartAxis = field(default_factory=FakeChartAxis)

    @property
    def series(self) -> list[FakeChartSeries]:
        return self.fake_series

    @property
    def category_axis(self) -> FakeChartAxis:
        return self.fake_category_axis

    @property
    def value_axis(self) -> FakeChartAxis:
        return self.fake_value_axis

    @property
    def api(self) -> tuple[ComObject, ComObject]:
        app = self.fake_sheet._book.app
        return ComObject("ChartObject", app), ComObject("Chart", app)

    @property
    def chart_type(self) -> str:
        return self._chart_type

    @chart_type.setter
    def chart_type(self, value: str) -> None:
        if value not in CHART_TYPES:
            raise ValueError(f"Invalid chart type {value!r}")
        self._chart_type = value

    @property
    def title(self) -> str | None:
        return self.fake_title

    @title.setter
    def title(self, value: str | None) -> None:
        if value is not None and not isinstance(value, str):
            raise ValueError(f"Invalid title {value!r}. Must be a string or None to hide it.")
        self.fake_title = value

    def set_source_data(self, source: FakeRange, plot_by: str | None = None) -> None:
        if plot_by is not None and plot_by not in CHART_PLOT_BY:
            raise ValueError(f"Invalid plot_by {plot_by!r}")
        self.fake_series = []
        for r1, c1, r2, c2 in source._areas:
            by_columns = plot_by == "columns" or (plot_by is None and r2 - r1 >= c2 - c1)
            if by_columns:
                self.fake_series += [FakeChartSeries((r1, c, r2, c)) for c in range(c1, c2 + 1)]
            else:
                self.fake_series += [FakeChartSeries((r, c1, r, c2)) for r in range(r1, r2 + 1)]

    def set_x_axis_values(self, source: FakeRange) -> None:
        self.fake_x_values = source._single()

    def delete(self) -> None:
        self.fake_sheet.fake_charts.remove(self)


class FakeCharts:
    def __init__(self, sheet: FakeSheet) -> None:
        self._sheet = sheet

    def __iter__(self) -> Iterator[FakeChart]:
        return iter(list(self._sheet.fake_charts))

    def __len__(self) -> int:
        return len(self._sheet.fake_charts)

    def add(
        self,
        left: float = 0,
        top: float = 0,
        width: float = 355,
        height: float = 211,
    ) -> FakeChart:
        self._sheet._check_writable()
        self._sheet._count("charts.add")
        chart = FakeChart(self._sheet, f"Chart {len(self) + 1}", left, top, width, height)
        self._sheet.fake_charts.append(chart)
        return chart


# --- loading a real workbook into the stand-in ---------------------------------------------


def book_from_xlsx(path: Path, sheet_names: Sequence[str] | None = None) -> FakeBook:
    """The cell values and tables of an .xlsx file, as Excel would hold them once opened."""
    import openpyxl

    wb = openpyxl.load_workbook(path)
    book = FakeBook(Path(path).name)
    for ws in wb.worksheets:
        if sheet_names is not None and ws.title not in sheet_names:
            continue
        sheet = book.fake_new_sheet(ws.title)
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    sheet.fake_put(cell.row, cell.column, _as_typed(cell.value))
        for table in ws.tables.values():
            sheet.fake_add_table(table.displayName, table.ref)
        sheet.fake_visible = ws.sheet_state == "visible"
    book.fake_active = book._sheets[0]
    book.app.calls.clear()
    return book


def _as_typed(value: object) -> object:
    # A text cell in the file is text in Excel, whatever it looks like.
    if isinstance(value, str):
        return value if value.startswith("=") else "'" + value
    text = getattr(value, "text", None)  # an array formula
    if isinstance(text, str):
        return text if text.startswith("=") else "=" + text
    return value
