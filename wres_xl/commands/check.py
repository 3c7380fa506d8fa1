"""``wres-xl check``: validate the input tables only; nothing is written but the JSON asked for."""

from __future__ import annotations

import argparse
from pathlib import Path

from wres_xl.commands.common import EXIT_DATA, EXIT_OK, FORCE_HELP, Progress, Subparsers
from wres_xl.workbook import outputs


def add_parser(sub: Subparsers) -> None:
    p = sub.add_parser("check", help="validate the input tables only; nothing is written")
    p.add_argument("file", type=Path)
    p.add_argument("--json", type=Path, dest="json_path", help="write the checks as JSON here")
    p.add_argument("--force", action="store_true", help=FORCE_HELP)
    p.set_defaults(run=run)


def run(args: argparse.Namespace, progress: Progress) -> int:
    from wres_xl.commands.terminal import print_checks
    from wres_xl.workbook.files import check_file

    # check writes nothing but the JSON it is asked for, and checks where first.
    plan = outputs.OutputPlan([args.file], force=args.force)
    if args.json_path:
        plan.add(args.json_path, "the JSON report")
    plan.validate()
    result = check_file(args.file, on_progress=progress)
    print_checks(result.checks)
    if args.json_path:
        plan.write_json(args.json_path, result.json)
    return EXIT_DATA if result.errors else EXIT_OK
