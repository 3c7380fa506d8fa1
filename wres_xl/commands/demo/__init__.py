"""``wres-xl demo``: build and refresh the example workbook (Example NHS Trust)."""

from __future__ import annotations

import argparse
from pathlib import Path

from wres_xl.commands.common import FORCE_HELP, Progress, Subparsers

DEFAULT_DEMO_FILE = "wres-demo.xlsx"


def add_parser(sub: Subparsers) -> None:
    p = sub.add_parser("demo", help="build and refresh an example workbook (Example NHS Trust)")
    p.add_argument("file", type=Path, nargs="?", default=Path(DEFAULT_DEMO_FILE))
    p.add_argument("--force", action="store_true", help=FORCE_HELP)
    p.set_defaults(run=run)


def run(args: argparse.Namespace, progress: Progress) -> int:
    from wres_xl.commands.demo.build import run_demo

    return run_demo(args.file, progress, force=args.force)
