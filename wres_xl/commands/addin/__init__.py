"""``wres-xl addin build|install``: build the Excel add-in (WRES.xlam) or install it."""

from __future__ import annotations

import argparse
from pathlib import Path

from wres_xl.commands.common import EXIT_OK, FORCE_HELP, Parser, Progress, Subparsers


def add_parser(sub: Subparsers) -> None:
    p = sub.add_parser("addin", help="build or install the Excel add-in (WRES.xlam)")
    addin = p.add_subparsers(dest="addin_command", required=True, parser_class=Parser)
    b = addin.add_parser("build", help="build WRES.xlam")
    b.add_argument("dir", type=Path, nargs="?", default=None)
    b.add_argument("--force", action="store_true", help=FORCE_HELP)
    i = addin.add_parser("install", help="install WRES.xlam where Excel loads add-ins")
    i.add_argument("--addin", type=Path, default=None, help="an already built WRES.xlam")
    p.set_defaults(run=run)


def run(args: argparse.Namespace, progress: Progress) -> int:
    from wres_xl.commands.addin import build as addin

    if args.addin_command == "build":
        built = addin.build_addin(args.dir, force=args.force)
        print(f"Built the WRES add-in: {built}")
        return EXIT_OK
    installed = addin.install_addin(args.addin)
    print(installed.message())
    return EXIT_OK
