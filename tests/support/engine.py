"""The `formulas` engine's own quirks, translated here rather than in the code Excel runs.

`formulas` hands a blank cell to a function as schedula's EMPTY token, a ``str`` subclass
whose ``==`` is identity; Excel (through xlwings) hands over None. A checker registering the
raw worksheet functions wraps each with :func:`blank_as_none`; everything else the engine
passes (numpy arrays, range objects) the functions take as they are.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any


def blank_as_none(function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` with schedula's EMPTY token passed as None, as Excel passes a blank,
    alone or inside the array (or range) the engine wraps a cell in."""

    @functools.wraps(function)
    def call(*args: Any) -> Any:
        return function(*(_blank_as_none(a) for a in args))

    return call


def _blank_as_none(value: Any) -> Any:
    import numpy as np
    import schedula as sh
    from formulas.ranges import Ranges

    if isinstance(value, Ranges):
        value = value.value
    if value is sh.EMPTY:
        return None
    if isinstance(value, np.ndarray) and value.dtype == object:
        out = value.copy()
        for index, cell in np.ndenumerate(value):
            if cell is sh.EMPTY:
                out[index] = None
        return out
    return value
