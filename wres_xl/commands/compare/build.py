"""``wres-xl compare FILES... --output OUT.xlsx``: one comparison workbook across trusts.

Each workbook is only read (the same analysis refresh and check run); the comparison is a
new, values-only workbook written through the output rule (``wres_xl.workbook.outputs``): checked
before anything is read, never over an input, a backup or an existing file unless asked.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from openpyxl import Workbook

from wres_xl.commands.refresh.batch import find_workbooks
from wres_xl.errors import WresError
from wres_xl.report.comparison import Trust, build_comparison
from wres_xl.workbook.openpyxl_backend import OpenpyxlWorkbook, load_workbook
from wres_xl.workbook.outputs import Confirm, OutputPlan, ask_in_terminal
from wres_xl.workbook.refresh import analyse_workbook
from wres_xl.workbook.template import FIXED_TIMESTAMP, save_workbook_deterministic


def run_compare(
    files: Sequence[Path],
    output: Path,
    *,
    force: bool = False,
    confirm: Confirm = ask_in_terminal,
    on_progress: Callable[[str], None] | None = None,
) -> int:
    found = find_workbooks([Path(f) for f in files])
    plan = OutputPlan([*found.workbooks, *found.skipped], force=force, confirm=confirm)
    plan.add(output, "the comparison workbook", suffixes=(".xlsx",))
    plan.validate()
    if len(found.workbooks) < 2:
        raise WresError(
            f"A comparison needs at least two WRES workbooks; {len(found.workbooks)} found. "
            "Nothing was changed."
        )
    trusts: list[Trust] = []
    names: dict[str, int] = {}
    worst = 0
    for path in found.workbooks:
        if on_progress:
            on_progress(f"Reading {path.name}")
        try:
            book = OpenpyxlWorkbook(load_workbook(path), path=path)
        except FileNotFoundError:
            raise WresError(f"'{path}' does not exist. Nothing was changed.") from None
        analysis = analyse_workbook(book)
        if analysis.report is None:
            print(f"skipped  {path}  no data yet")
            worst = max(worst, 1)
            continue
        if analysis.errors:
            worst = max(worst, 1)
        name = analysis.report.settings.organisation or path.stem
        names[name] = names.get(name, 0) + 1
        if names[name] > 1:
            name = f"{name} ({path.name})"
        trusts.append(Trust(name, analysis.report))
        errors = len(analysis.errors)
        print(
            f"{'errors' if errors else 'ok':<9}{path}  {analysis.report.year}"
            + (f": {errors} data error(s); see its Checks sheet" if errors else "")
        )
    if not trusts:
        raise WresError("None of the workbooks has any data to compare. Nothing was changed.")
    out = Workbook()
    default = out.active
    writer = OpenpyxlWorkbook(out)
    for sheet in build_comparison(trusts):
        writer.write_sheet(sheet)
    if default is not None:
        out.remove(default)
    out.active = 0
    out.properties.creator = "wres-xl"
    out.properties.created = FIXED_TIMESTAMP
    out.properties.modified = FIXED_TIMESTAMP
    tmp = plan.temporary(output)
    try:
        save_workbook_deterministic(out, tmp)
        plan.commit(tmp, output)
    finally:
        tmp.unlink(missing_ok=True)
    print(f"Wrote the comparison of {len(trusts)} trusts to {output}")
    return worst
