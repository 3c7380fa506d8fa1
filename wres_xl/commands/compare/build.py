"""``wres-xl compare FILES... --output OUT.xlsx``: one comparison workbook across trusts.

Each workbook is only read (the same analysis refresh and check run); the comparison is a
new, values-only workbook written through the output rule (``wres_xl.workbook.outputs``): checked
before anything is read, never over an input, a backup or an existing file unless asked.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl import Workbook

from wres_xl.commands.refresh.batch import find_workbooks
from wres_xl.core.indicators import WresReport
from wres_xl.core.model import Severity, counted
from wres_xl.errors import WresError
from wres_xl.report.comparison import (
    WDES_COMPARED,
    WRES_COMPARED,
    Compared,
    Trust,
    build_comparison,
)
from wres_xl.workbook.openpyxl_backend import OpenpyxlWorkbook, load_workbook
from wres_xl.workbook.outputs import Confirm, OutputPlan, ask_in_terminal
from wres_xl.workbook.refresh import analyse_workbook
from wres_xl.workbook.wdes_refresh import workbook_standard

if TYPE_CHECKING:
    from wres_xl.core.wdes import WdesReport
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
            f"A comparison needs at least two workbooks; {len(found.workbooks)} found. "
            "Nothing was changed."
        )
    trusts: list[Trust] = []
    names: dict[str, int] = {}
    worst = 0
    standards: dict[str, list[str]] = {}
    for path in found.workbooks:
        if on_progress:
            on_progress(f"Reading {path.name}")
        try:
            book = OpenpyxlWorkbook(load_workbook(path), path=path)
        except FileNotFoundError:
            raise WresError(f"'{path}' does not exist. Nothing was changed.") from None
        held = workbook_standard(book).name
        standards.setdefault(held, []).append(path.name)
        if len(standards) > 1:
            continue  # refused below, once every workbook's standard is known
        report, errors = _analyse(book, held)
        if report is None:
            print(f"skipped  {path}  no data yet")
            worst = max(worst, 1)
            continue
        if errors:
            worst = max(worst, 1)
        name = report.settings.organisation or path.stem
        names[name] = names.get(name, 0) + 1
        if names[name] > 1:
            name = f"{name} ({path.name})"
        trusts.append(Trust(name, report))
        print(
            f"{'errors' if errors else 'ok':<9}{path}  {report.year}"
            + (f": {errors} data error(s); see its Checks sheet" if errors else "")
        )
    standard = _one_standard(standards)
    if not trusts:
        raise WresError("None of the workbooks has any data to compare. Nothing was changed.")
    out = Workbook()
    default = out.active
    writer = OpenpyxlWorkbook(out)
    for sheet in build_comparison(trusts, standard):
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
    print(f"Wrote the comparison of {counted(len(trusts), 'trust')} to {output}")
    return worst


def _one_standard(standards: dict[str, list[str]]) -> Compared:
    """The standard every workbook holds (its Standard setting); a mix is refused, since a
    WRES indicator and a WDES metric are not the same measure."""
    if len(standards) > 1:
        lists = "; ".join(f"{name}: {', '.join(files)}" for name, files in standards.items())
        raise WresError(
            f"These workbooks mix standards ({lists}). A comparison is of one standard: run "
            "wres-xl compare once on the WRES workbooks and once on the WDES workbooks, each "
            "with its own --output file. Nothing was changed."
        )
    return WDES_COMPARED if "WDES" in standards else WRES_COMPARED


def _analyse(book: OpenpyxlWorkbook, standard: str) -> tuple[WresReport | WdesReport | None, int]:
    """(the workbook's report, or None without data; its number of data errors), read only."""
    if standard == "WDES":
        from wres_xl.workbook.wdes_refresh import analyse_wdes

        _, wdes, checks, _ = analyse_wdes(book)
        return wdes, sum(c.severity is Severity.ERROR for c in checks)
    analysis = analyse_workbook(book)
    return analysis.report, len(analysis.errors)
