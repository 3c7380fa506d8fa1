"""``wres-xl demo``: a fictional trust's workbook, filled, refreshed and summarised."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from wres_xl.demo_data import DEMO_ORGANISATION, demo_inputs
from wres_xl.errors import WresFileError


def build_demo_workbook(path: Path) -> Path:
    """Write the demo trust's inputs into a new standard workbook (not yet refreshed)."""
    from wres_xl.workbook.openpyxl_backend import OpenpyxlWorkbook, fill_table
    from wres_xl.workbook.template import make_workbook, save_workbook_deterministic

    workbook = OpenpyxlWorkbook(make_workbook(organisation=DEMO_ORGANISATION))
    for table, rows in demo_inputs().items():
        fill_table(workbook, table, rows)
    save_workbook_deterministic(workbook.wb, path)
    return path


def run_demo(path: Path, progress: Callable[[str], None] | None = None) -> int:
    from wres_xl.summary_text import print_refresh_outcome
    from wres_xl.workbook.files import refresh_file

    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise WresFileError(f"The demo workbook name must end in .xlsx, not '{path.name}'.")
    if progress:
        progress(f"Writing the example workbook for {DEMO_ORGANISATION}")
    build_demo_workbook(path)
    result = refresh_file(path, on_progress=progress)
    path.with_name(f"{path.stem}.backup{path.suffix}").unlink(missing_ok=True)
    print_refresh_outcome(result, path)
    print(file=sys.stdout)
    print("This is made-up data for a fictional trust, to show what wres-xl produces.")
    return 0
