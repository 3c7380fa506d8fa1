"""``wres-xl demo``: a fictional trust's workbook, filled, refreshed and summarised."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from wres_xl.commands.demo.wres_data import DEMO_ORGANISATION, demo_inputs
from wres_xl.workbook.outputs import Confirm, OutputPlan, ask_in_terminal


def build_demo_workbook(path: Path) -> Path:
    """Write the demo trust's inputs into a new standard workbook (not yet refreshed)."""
    from wres_xl.workbook.openpyxl_backend import OpenpyxlWorkbook, fill_table
    from wres_xl.workbook.template import make_workbook, save_workbook_deterministic

    workbook = OpenpyxlWorkbook(make_workbook(organisation=DEMO_ORGANISATION))
    for table, rows in demo_inputs().items():
        fill_table(workbook, table, rows)
    save_workbook_deterministic(workbook.wb, path)
    return path


def wdes_demo_path(path: Path) -> Path:
    """Where the WDES demo goes beside the WRES one: ``wres`` in the name becomes ``wdes``
    (wres-demo.xlsx -> wdes-demo.xlsx), or ``-wdes`` is added (trust.xlsx -> trust-wdes.xlsx)."""
    stem = path.stem
    swapped = stem.replace("wres", "wdes").replace("WRES", "WDES")
    return path.with_name(f"{swapped if swapped != stem else stem + '-wdes'}{path.suffix}")


def build_wdes_demo_workbook(path: Path) -> Path:
    """The same trust's WDES workbook, filled by the SPEC §10 table names (not refreshed)."""
    from wres_xl.commands.demo.wdes_data import wdes_demo_inputs
    from wres_xl.commands.demo.wres_data import DEMO_YEAR
    from wres_xl.workbook.openpyxl_backend import OpenpyxlWorkbook, fill_table
    from wres_xl.workbook.template import save_workbook_deterministic
    from wres_xl.workbook.wdes_template import make_wdes_workbook

    workbook = OpenpyxlWorkbook(make_wdes_workbook(organisation=DEMO_ORGANISATION, year=DEMO_YEAR))
    for table, rows in wdes_demo_inputs().items():
        fill_table(workbook, table, rows)
    save_workbook_deterministic(workbook.wb, path)
    return path


def run_demo(
    path: Path,
    progress: Callable[[str], None] | None = None,
    *,
    force: bool = False,
    confirm: Confirm = ask_in_terminal,
) -> int:
    from wres_xl.commands.publish.wres import (
        add_published_output,
        publish_workbook,
        published_path_for,
    )
    from wres_xl.commands.report.docx import add_report_output, report_path_for, write_report
    from wres_xl.commands.terminal import print_refresh_outcome
    from wres_xl.workbook.files import refresh_file

    path = Path(path)
    document, published = report_path_for(path), published_path_for(path)
    wdes = wdes_demo_path(path)
    # Every file is checked before any is written, so a refusal changes nothing.
    plan = OutputPlan(force=force, confirm=confirm)
    plan.add(path, "the demo workbook", suffixes=(".xlsx",))
    add_published_output(plan, published)
    add_report_output(plan, document)
    plan.add(wdes, "the WDES demo workbook", suffixes=(".xlsx",))
    plan.validate()
    if progress:
        progress(f"Writing the example workbook for {DEMO_ORGANISATION}")
    # Built under a temporary name and refreshed into place: a refresh in place would keep
    # (and so replace) a NAME.backup.xlsx, which may be the backup of the user's own workbook.
    draft = plan.temporary(path)
    try:
        build_demo_workbook(draft)
        result = refresh_file(draft, output=path, on_progress=progress)
    finally:
        draft.unlink(missing_ok=True)
    plan.written(path)
    print_refresh_outcome(result, path)
    publish_workbook(path, published, on_progress=progress, plan=plan)
    print(f"Wrote the publication-safe copy to {published}")
    write_report(path, document, on_progress=progress, plan=plan)
    print(f"Wrote the WRES report document to {document}")
    _write_wdes_demo(wdes, plan, progress)
    print(file=sys.stdout)
    print("This is made-up data for a fictional trust, to show what wres-xl produces.")
    return 0


def _write_wdes_demo(path: Path, plan: OutputPlan, progress: Callable[[str], None] | None) -> None:
    from wres_xl.workbook.files import refresh_file

    if progress:
        progress(f"Writing the example WDES workbook for {DEMO_ORGANISATION}")
    draft = plan.temporary(path)
    try:
        build_wdes_demo_workbook(draft)
        refresh_file(draft, output=path, on_progress=progress)
    finally:
        draft.unlink(missing_ok=True)
    plan.written(path)
    print(f"Wrote the WDES workbook of the same trust, refreshed, to {path}")
