"""``wres-xl new``: a blank standard workbook (WRES, or WDES with ``--standard wdes``)."""

from __future__ import annotations

import argparse
import sys
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


#: What openpyxl imports only in case it is given them: numpy, to recognise numpy numbers
#: in cells, and PIL (Pillow), for pictures. A blank workbook has neither, and the two cost
#: about a fifth of the command (0.1 s CPU of about 0.5 s, issue 15).
OPTIONAL_FOR_OPENPYXL = ("numpy", "PIL")


def import_openpyxl_alone() -> None:
    """Import openpyxl with its optional imports hidden, in a process that runs ``new`` and
    exits (``args.own_process``: the ``wres-xl`` program, never a caller of ``cli.main``).

    Safe there because openpyxl only looks the two up once, at its own import, to decide
    what it may be given later: the workbook it writes is the same, byte for byte
    (tests/test_lean_imports.py). It would not be safe in a process that goes on to hand
    openpyxl a numpy integer or a picture, which is why the program's process alone does
    it. The names are hidden only during the import, so numpy itself still imports after.
    """
    if "openpyxl" in sys.modules:
        return
    hidden = [name for name in OPTIONAL_FOR_OPENPYXL if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # None: "import fails" (docs)
    try:
        import openpyxl  # noqa: F401
    finally:
        for name in hidden:
            if sys.modules.get(name, "") is None:
                del sys.modules[name]


def run(args: argparse.Namespace, progress: Progress) -> int:
    if getattr(args, "own_process", False):
        import_openpyxl_alone()
    from wres_xl.workbook.template import build_template

    if args.standard == "WDES":
        from wres_xl.workbook.wdes_template import build_wdes_template as build_template
    path = build_template(args.file, organisation=args.org, year=args.year, overwrite=args.force)
    shown = f'"{path}"' if " " in str(path) else str(path)
    print(f"Created {path}. Fill in the yellow tables, then run: wres-xl refresh {shown}")
    return EXIT_OK
