"""``wres-xl import-esr``: fill the Workforce table from an ESR staff extract."""

from __future__ import annotations

import argparse
from pathlib import Path

from wres_xl.commands.common import Progress, Subparsers
from wres_xl.errors import WresError
from wres_xl.workbook import outputs


def add_parser(sub: Subparsers) -> None:
    p = sub.add_parser("import-esr", help="fill the Workforce table from an ESR staff extract")
    p.add_argument("extract", type=Path)
    p.add_argument("file", type=Path)
    p.add_argument("--year", type=int)
    p.add_argument("--replace", action="store_true", help="replace that year's rows without asking")
    p.set_defaults(run=run)


def run(args: argparse.Namespace, progress: Progress) -> int:
    from wres_xl.commands.import_esr.importer import run_import

    if outputs.same_file(args.extract, args.file):
        raise WresError(
            f"The extract and the workbook are the same file ('{args.file}'). Nothing was "
            "changed. Give the ESR extract first, then the WRES workbook to fill."
        )
    plan = outputs.OutputPlan([args.extract, args.file])
    plan.add_refresh(args.file, None)
    plan.validate()
    code = int(run_import(args.extract, args.file, year=args.year, replace=args.replace))
    plan.written(args.file)
    return code
