"""``wres-xl compare``: one comparison workbook across several trusts."""

from __future__ import annotations

import argparse
from pathlib import Path

from wres_xl.commands.common import FORCE_HELP, Progress, Subparsers


def add_parser(sub: Subparsers) -> None:
    p = sub.add_parser("compare", help="one comparison workbook across several trusts")
    p.add_argument("files", type=Path, nargs="+", metavar="FILE")
    p.add_argument("--output", "-o", type=Path, required=True, help="the comparison workbook")
    p.add_argument("--force", action="store_true", help=FORCE_HELP)
    p.set_defaults(run=run)


def run(args: argparse.Namespace, progress: Progress) -> int:
    from wres_xl.commands.compare.build import run_compare

    return run_compare(args.files, args.output, force=args.force, on_progress=progress)
