"""Work out a workbook's formulas without Excel: the `formulas` package plus our own UDFs.

Excel is not available where the product is built and tested, yet the template's Calculator
and Action plan sheets hold live formulas that call the WRES worksheet functions. This
module loads an .xlsx with the independent formula engine `formulas`, teaches it the
``WRES_*`` functions of :mod:`wres_xl.udfs`, calculates every cell, and returns the values,
so tests (and curious users) can check that the live formulas give the refresh's figures.

The engine hands a function its arguments as its own range and array objects; Excel (through
xlwings) hands over plain numbers, text and ``None`` for a blank cell. ``_excel_argument``
converts between the two, so the UDFs see exactly what they would see in Excel.

What `formulas` (1.3) cannot evaluate, and how the template avoids it:

* structured references such as ``tblRecruitment[Appointed]`` (a parse error): the template
  uses plain ranges such as ``Recruitment!$D$5:$D$5000``;
* criteria ``"<>"`` (not blank: it counts the wrong cells) and ``"<>text"`` (case-sensitive,
  where Excel is not) in COUNTIFS/SUMIFS, and wildcard criteria (also case-sensitive): the
  template counts what it wants rather than what it does not, such as all rows minus the
  dismissed ones, and matches whole words;
* a blank setting read with INDEX is 0, as in Excel: text settings are read as
  ``INDEX(…)&""`` and numeric ones are checked with COUNTIFS before SUMIFS reads them.

Array formulas (``{=WRES_CI(…)}`` over two cells) do evaluate here, but openpyxl keeps them
as objects that never compare equal, so a refreshed workbook would look changed; the
template picks each cell of a several-cell result with INDEX instead, which every Excel
version and this engine read the same way.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter, quote_sheetname, range_boundaries

from wres_xl import udfs
from wres_xl.errors import WorkbookError, WresFileError, WresFileNotFoundError

__all__ = [
    "UDF_NAMES",
    "cell_key",
    "evaluate_formula",
    "evaluate_workbook",
    "register_udfs",
]

#: Every worksheet function of SPEC §6, by its Excel name.
UDF_NAMES: tuple[str, ...] = tuple(udfs.__all__)

_REGISTER_LOCK = threading.Lock()
_OUTPUT_KEY = re.compile(r"^'\[(?P<book>[^\]]*)\](?P<sheet>(?:[^']|'')+)'!(?P<ref>[A-Z$0-9:]+)$")


def cell_key(sheet: str, coordinate: str) -> str:
    """The key of one cell in :func:`evaluate_workbook`'s result: ``'Calculator'!B7``.

    The sheet name is always quoted (as Excel quotes names with spaces), so every key has
    one shape whatever the sheet is called.
    """
    return "'" + sheet.replace("'", "''") + "'!" + coordinate.replace("$", "").upper()


def _formulas() -> Any:
    try:
        import formulas
    except ImportError as error:  # pragma: no cover - formulas is a test dependency
        raise WresFileError(
            "Working out formulas outside Excel needs the Python package 'formulas'. Install "
            "it with:  pip install formulas"
        ) from error
    return formulas


def register_udfs() -> None:
    """Make the ``WRES_*`` worksheet functions known to `formulas` (once per process).

    `formulas` looks functions up by upper-case Excel name in its module-level table while it
    parses a workbook, so this must run before a workbook is loaded.
    """
    _formulas()
    from formulas.functions import FUNCTIONS

    with _REGISTER_LOCK:
        for name in UDF_NAMES:
            if name not in FUNCTIONS:
                FUNCTIONS[name] = _engine_function(getattr(udfs, name))


def _engine_function(udf: Callable[..., Any]) -> Callable[..., Any]:
    def call(*args: Any) -> Any:
        converted = [_excel_argument(a) for a in args]
        for value in converted:
            error = _excel_error(value)
            if error is not None:
                # As Excel's own functions do: an error in an argument is the result.
                return error
        return _engine_result(udf(*converted))

    call.__name__ = udf.__name__
    call.__doc__ = udf.__doc__
    return call


def _excel_argument(value: Any) -> Any:
    """What xlwings would pass for this argument: a number, text, bool, None or a 2-D list."""
    import numpy as np
    import schedula as sh
    from formulas.ranges import Ranges

    if isinstance(value, Ranges):
        value = value.value
    if isinstance(value, np.ndarray):
        if value.size == 1:
            return _excel_argument(value.ravel()[0])
        grid = value if value.ndim == 2 else value.reshape(1, -1)
        return [[_excel_argument(cell) for cell in row] for row in grid.tolist()]
    if value is sh.EMPTY or value is None:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        # Excel keeps every number as a double; xlwings hands UDFs floats.
        return float(value)
    return value


def _excel_error(value: Any) -> Any:
    from formulas.tokens.operand import XlError

    if isinstance(value, XlError):
        return value
    if isinstance(value, list):
        for row in value:
            for cell in row:
                if isinstance(cell, XlError):
                    return cell
    return None


def _engine_result(value: Any) -> Any:
    import numpy as np
    from formulas.functions import Array

    if isinstance(value, list | tuple):
        rows = value if value and all(isinstance(r, list | tuple) for r in value) else [value]
        # A blank cell in a returned block shows as an empty cell in Excel (xlwings writes
        # None as nothing); the engine needs a value, and "" displays the same.
        grid = [["" if cell is None else cell for cell in row] for row in rows]
        return np.asarray(grid, dtype=object).view(Array)
    return value


def evaluate_formula(formula: str, *args: object) -> object:
    """Evaluate one formula such as ``=WRES_RL(2, A1, B1, C1, D1)`` with `formulas`.

    ``args`` are the values of the cells it refers to, in the order the engine lists its
    inputs (left to right). A result of several cells comes back as rows of values. Handy
    in a test or a notebook; the workbook path is :func:`evaluate_workbook`.
    """
    formulas = _formulas()
    register_udfs()
    function = formulas.Parser().ast(formula)[1].compile()
    result = getattr(function(*args), "value", None)
    result = function(*args) if result is None else result
    import numpy as np

    if isinstance(result, np.ndarray) and result.size > 1:
        return [[_plain(cell) for cell in row] for row in result.tolist()]
    return _plain(result)


def evaluate_workbook(path: Path) -> dict[str, object]:
    """Calculate every formula of the workbook at ``path``; values keyed by :func:`cell_key`.

    The result holds every cell the engine saw (typed values and formula results); the
    cells of an array formula (such as a two-cell ``WRES_CI``) each have their own key.
    Values are plain Python: float, int, str, bool or None (blank); an Excel error is its
    text, such as ``"#DIV/0!"``. Raises ``WorkbookError`` naming the cell when a formula
    uses syntax the engine cannot read.
    """
    path = Path(path)
    if not path.is_file():
        raise WresFileNotFoundError(
            f"'{path}' does not exist, so its formulas cannot be worked out."
        )
    formulas = _formulas()
    register_udfs()
    model = formulas.ExcelModel()
    try:
        model.loads(str(path))
    except formulas.errors.FormulaError as error:
        raise _unreadable_formula(path, error) from error
    model.finish()
    solution = model.calculate()
    sheet_names = _sheet_names(path)

    values: dict[str, object] = {}
    for key in model.cells:
        if key not in solution:
            continue
        match = _OUTPUT_KEY.match(key)
        if match is None:
            continue  # a defined name rather than a cell
        sheet = sheet_names.get(match["sheet"].replace("''", "'"), match["sheet"])
        for coordinate, value in _cells(match["ref"], solution[key]):
            values[cell_key(sheet, coordinate)] = value
    return values


def _cells(ref: str, result: Any) -> Iterator[tuple[str, object]]:
    grid = getattr(result, "value", result)
    min_col, min_row, max_col, max_row = range_boundaries(ref)
    if min_col is None or min_row is None or max_col is None or max_row is None:
        raise WorkbookError(f"The range {ref} is a whole row or column, not a block of cells.")
    for r in range(min_row, max_row + 1):
        for c in range(min_col, max_col + 1):
            try:
                value = grid[r - min_row][c - min_col]
            except (IndexError, TypeError):
                value = grid
            yield f"{get_column_letter(c)}{r}", _plain(value)


def _plain(value: Any) -> object:
    import numpy as np
    import schedula as sh
    from formulas.tokens.operand import XlError

    if isinstance(value, np.ndarray):
        value = value.ravel()[0] if value.size else None
    if value is sh.EMPTY or value is None:
        return None
    if isinstance(value, XlError):
        return str(value)
    if isinstance(value, np.generic):
        return value.item()
    return value


def _sheet_names(path: Path) -> Mapping[str, str]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    try:
        return {name.upper(): name for name in book.sheetnames}
    finally:
        book.close()


def _sheet_in_formula(name: str) -> str:
    return name if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name) else quote_sheetname(name)


def _unreadable_formula(path: Path, error: Exception) -> WorkbookError:
    from openpyxl import load_workbook

    formulas = _formulas()
    text = str(error.args[1]) if len(error.args) > 1 else str(error)
    book = load_workbook(path)
    parser = formulas.Parser()
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                formula = getattr(cell.value, "text", cell.value)
                if not (isinstance(formula, str) and formula.startswith("=")):
                    continue
                try:
                    parser.ast(formula)
                except formulas.errors.FormulaError:
                    where = f"{_sheet_in_formula(ws.title)}!{cell.coordinate}"
                    return WorkbookError(
                        f"The formula in {where} ({formula}) uses Excel syntax the formula "
                        "engine cannot read (for example a table reference such as "
                        "tblRecruitment[Appointed]). Use a plain range such as "
                        "Recruitment!$D$5:$D$5000 instead.",
                        sheet=ws.title,
                        row=cell.row,
                    )
    return WorkbookError(f"A formula in '{path.name}' cannot be read by the formula engine: {text}")
