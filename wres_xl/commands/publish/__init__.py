"""``wres-xl publish``: a publication-safe, values-only copy of a refreshed workbook."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from wres_xl.commands.common import EXIT_DATA, EXIT_OK, FORCE_HELP, Progress, Subparsers
from wres_xl.errors import COMMAND_PREFIX


def add_parser(sub: Subparsers) -> None:
    p = sub.add_parser("publish", help="write a publication-safe, values-only copy")
    p.add_argument("file", type=Path)
    p.add_argument("out", type=Path)
    p.add_argument("--force", action="store_true", help=FORCE_HELP)
    p.set_defaults(run=run)


def run(args: argparse.Namespace, progress: Progress) -> int:
    from wres_xl.commands.publish.wres import NothingToPublishError, publish_workbook
    from wres_xl.commands.terminal import print_checks

    try:
        published = publish_workbook(args.file, args.out, on_progress=progress, force=args.force)
    except NothingToPublishError as error:
        print_checks(error.checks)
        print(f"{COMMAND_PREFIX}{error}", file=sys.stderr)
        return EXIT_DATA
    print(f"Wrote the publication-safe copy to {args.out}")
    if published.errors:
        print(
            f"{len(published.errors)} data error(s) in {args.file.name}: the figures they "
            f"affect are shown as not available. Run 'wres-xl check {args.file}' to see them."
        )
        return EXIT_DATA
    return EXIT_OK
