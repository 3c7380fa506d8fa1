"""The raw worksheet functions, registered in the `formulas` engine with no adapter.

A checker may register ``wres_xl.udfs`` directly, translating only the engine's blank-cell
token (tests/support/engine.py); the engine then passes numpy arrays and its own range
objects, where Excel (through xlwings) passes plain values.
Run in a subprocess so the raw registration does not replace tests.support.formula_engine's.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import openpyxl
import pytest

from wres_xl import udfs

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = r"""
import json, sys
sys.path.insert(0, sys.argv[2])
import formulas
from formulas.functions import FUNCTIONS
from tests.support.engine import blank_as_none
from wres_xl import udfs
for name in udfs.__all__:
    FUNCTIONS[name] = blank_as_none(getattr(udfs, name))
model = formulas.ExcelModel().loads(sys.argv[1]).finish()
solution = model.calculate()
out = {}
for key, value in solution.items():
    if key.upper().endswith(("!E1", "!E2", "!E3", "!E4", "!E5")):
        v = value.value
        v = v.ravel()[0] if hasattr(v, "ravel") else v
        v = v.item() if hasattr(v, "item") else v
        out[key.split("!")[-1]] = v if isinstance(v, (int, float, str)) else str(v)
print(json.dumps(out))
"""


@pytest.mark.slow
def test_raw_functions_evaluate_in_the_formulas_engine(tmp_path: Path) -> None:
    pytest.importorskip("formulas")
    path = tmp_path / "raw.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([418, 1422, 149, 612, "=WRES_RL(2,A1,B1,C1,D1)"])
    ws.append(["C3 White Unspecified", None, None, None, "=WRES_GROUP(A2)"])
    ws.append([20.83, 98, None, None, "=WRES_EVENTS(A3,B3)"])
    ws.append([None, None, None, None, "=WRES_PVALUE(A1,B1,C1,D1)"])
    ws.append([None, None, None, None, "=WRES_RL(2,A1,B1,C5,D1)"])
    wb.save(path)
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(path), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout.strip().splitlines()[-1])
    assert got["E1"] == pytest.approx(udfs.WRES_RL(2, 418, 1422, 149, 612))
    assert got["E2"] == "White"
    assert got["E3"] == 20
    assert got["E4"] == pytest.approx(udfs.WRES_PVALUE(418, 1422, 149, 612))
    assert got["E5"] == "WRES: BME appointed is blank"


def test_numpy_and_range_like_arguments() -> None:
    class Range:  # the shape of a formula engine's range object
        def __init__(self, value: object) -> None:
            self.value = value

    cell = np.array([[418.0]])
    assert udfs.WRES_RL(np.float64(2), cell, Range(np.array([[1422.0]])), 149, 612) == (
        pytest.approx(udfs.WRES_RL(2, 418, 1422, 149, 612))
    )
    block = np.array([[50.0, 3.0, 40.0], [60.0, 20.0, 30.0]])
    assert udfs.WRES_REDACT(block) == udfs.WRES_REDACT([[50, 3, 40], [60, 20, 30]])
