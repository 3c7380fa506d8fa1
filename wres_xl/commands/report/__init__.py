"""``wres-xl report``: the WRES report document (Word) for publication."""

from __future__ import annotations

import argparse
from pathlib import Path

from wres_xl.commands.common import EXIT_OK, Progress, Subparsers


def add_parser(sub: Subparsers) -> None:
    p = sub.add_parser("report", help="write the WRES report document (Word) for publication")
    p.add_argument("file", type=Path)
    p.add_argument("out", type=Path)
    p.add_argument("--force", action="store_true", help="replace an existing document")
    p.set_defaults(run=run)


def run(args: argparse.Namespace, progress: Progress) -> int:
    from wres_xl.commands.report.docx import write_report

    write_report(args.file, args.out, force=args.force, on_progress=progress)
    print(f"Wrote the report document to {args.out}")
    return EXIT_OK
