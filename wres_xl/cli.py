"""The ``wres-xl`` command (SPEC §7).

Exit codes: 0 success, 1 data errors (listed on the Checks sheet), 2 usage or file
errors. Tracebacks only with ``--debug``: users get one plain message that says what to do.
"""

from __future__ import annotations

import argparse
import logging
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from wres_xl import __version__
from wres_xl.errors import WresError

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2
DEFAULT_DEMO_FILE = "wres-demo.xlsx"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"wres-xl: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _progress(quiet: bool) -> Callable[[str], None] | None:
    if quiet:
        return None

    def show(message: str) -> None:
        print(f"  … {message}", file=sys.stderr, flush=True)

    return show


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="wres-xl",
        description="NHS Workforce Race Equality Standard (WRES) workbooks: create, refresh, "
        "check and publish.",
    )
    parser.add_argument("--version", action="version", version=f"wres-xl {__version__}")
    parser.add_argument("--debug", action="store_true", help="show full error tracebacks")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress messages")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("new", help="create a blank standard WRES workbook")
    p.add_argument("file", type=Path)
    p.add_argument("--org", help="organisation name for the Settings sheet")
    p.add_argument("--year", type=int, help="WRES year; also pre-fills the Workforce bands")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")

    p = sub.add_parser("demo", help="build and refresh an example workbook (Example NHS Trust)")
    p.add_argument("file", type=Path, nargs="?", default=Path(DEFAULT_DEMO_FILE))

    p = sub.add_parser("refresh", help="compute every indicator and rewrite the output sheets")
    p.add_argument("file", type=Path)
    p.add_argument("--output", "-o", type=Path, help="write the refreshed workbook here instead")
    p.add_argument("--json", type=Path, dest="json_path", help="also write the JSON report here")

    p = sub.add_parser("check", help="validate the input tables only; nothing is written")
    p.add_argument("file", type=Path)
    p.add_argument("--json", type=Path, dest="json_path", help="write the checks as JSON here")

    p = sub.add_parser("publish", help="write a publication-safe, values-only copy")
    p.add_argument("file", type=Path)
    p.add_argument("out", type=Path)

    p = sub.add_parser("import-esr", help="fill the Workforce table from an ESR staff extract")
    p.add_argument("extract", type=Path)
    p.add_argument("file", type=Path)
    p.add_argument("--year", type=int)
    p.add_argument("--replace", action="store_true", help="replace that year's rows without asking")

    p = sub.add_parser("addin", help="build or install the Excel add-in (WRES.xlam)")
    addin = p.add_subparsers(dest="addin_command", required=True, parser_class=_Parser)
    b = addin.add_parser("build", help="build WRES.xlam")
    b.add_argument("dir", type=Path, nargs="?", default=None)
    i = addin.add_parser("install", help="install WRES.xlam where Excel loads add-ins")
    i.add_argument("--addin", type=Path, default=None, help="an already built WRES.xlam")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.WARNING)
    try:
        return _run(args)
    except WresError as error:
        if args.debug:
            traceback.print_exc()
        print(f"wres-xl: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("wres-xl: stopped; nothing was changed.", file=sys.stderr)
        return EXIT_USAGE
    except Exception as error:  # the last line of defence: no traceback without --debug
        if args.debug:
            traceback.print_exc()
        print(
            f"wres-xl: something unexpected went wrong ({type(error).__name__}: {error}). "
            "Nothing was changed. Run again with --debug for the details and send them to the "
            "wres-xl team.",
            file=sys.stderr,
        )
        return EXIT_USAGE


def _run(args: argparse.Namespace) -> int:
    progress = _progress(args.quiet)
    if args.command == "new":
        from wres_xl.workbook.template import build_template

        path = build_template(
            args.file, organisation=args.org, year=args.year, overwrite=args.force
        )
        shown = f'"{path}"' if " " in str(path) else str(path)
        print(f"Created {path}. Fill in the yellow tables, then run: wres-xl refresh {shown}")
        return EXIT_OK
    if args.command == "demo":
        from wres_xl.demo import run_demo

        return run_demo(args.file, progress)
    if args.command == "refresh":
        from wres_xl.summary_text import print_refresh_outcome
        from wres_xl.workbook.files import refresh_file

        result = refresh_file(
            args.file, output=args.output, json_path=args.json_path, on_progress=progress
        )
        print_refresh_outcome(result, args.output or args.file)
        return EXIT_DATA if result.errors else EXIT_OK
    if args.command == "check":
        from wres_xl.summary_text import print_checks
        from wres_xl.workbook.files import check_file, write_json

        result = check_file(args.file, on_progress=progress)
        print_checks(result.checks)
        if args.json_path:
            write_json(args.json_path, result.json)
        return EXIT_DATA if result.errors else EXIT_OK
    if args.command == "publish":
        from wres_xl.publish import publish_file

        publish_file(args.file, args.out, on_progress=progress)
        print(f"Wrote the publication-safe copy to {args.out}")
        return EXIT_OK
    if args.command == "import-esr":
        from wres_xl.esr_import import run_import

        return int(run_import(args.extract, args.file, year=args.year, replace=args.replace))
    if args.command == "addin":
        from wres_xl import addin

        if args.addin_command == "build":
            built = addin.build_addin(args.dir)
            print(f"Built the WRES add-in: {built}")
            return EXIT_OK
        installed = addin.install_addin(args.addin)
        print(installed.message())
        return EXIT_OK
    raise AssertionError(args.command)  # pragma: no cover


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
