"""``wres-xl new``: a blank standard workbook (WRES, or WDES with ``--standard wdes``)."""

from __future__ import annotations

import argparse
from pathlib import Path

from wres_xl.commands.common import EXIT_OK, FORCE_HELP, Progress, Subparsers


def add_parser(sub: Subparsers) -> None:
    p = sub.add_parser("new", help="create a blank standard WRES workbook")
    p.add_argument("file", type=Path)
    p.add_argument("--org", help="organisation name for the Settings sheet")
    p.add_argument("--year", type=int, help="WRES year; also pre-fills the Workforce bands")
    p.add_argument(
        "--standard",
        type=str.upper,
        choices=("WRES", "WDES"),
        default="WRES",
        help="which standard the workbook holds: wres (default) or wdes",
    )
    p.add_argument("--force", action="store_true", help=FORCE_HELP)
    p.set_defaults(run=run)


def run(args: argparse.Namespace, progress: Progress) -> int:
    from wres_xl.workbook.template import build_template

    if args.standard == "WDES":
        from wres_xl.workbook.wdes_template import build_wdes_template as build_template
    path = build_template(args.file, organisation=args.org, year=args.year, overwrite=args.force)
    shown = f'"{path}"' if " " in str(path) else str(path)
    print(f"Created {path}. Fill in the yellow tables, then run: wres-xl refresh {shown}")
    return EXIT_OK
