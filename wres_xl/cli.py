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

from wres_xl import __version__, limit_blas_threads, outputs
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


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


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

    force_help = "replace an existing file this command did not make (it is never a backup)"
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
    p.add_argument("--force", action="store_true", help=force_help)

    p = sub.add_parser("demo", help="build and refresh an example workbook (Example NHS Trust)")
    p.add_argument("file", type=Path, nargs="?", default=Path(DEFAULT_DEMO_FILE))
    p.add_argument("--force", action="store_true", help=force_help)

    p = sub.add_parser(
        "refresh",
        help="compute every indicator and rewrite the output sheets (of one or many workbooks)",
    )
    p.add_argument(
        "files",
        type=Path,
        nargs="+",
        metavar="FILE_OR_FOLDER",
        help="a workbook, or several, or folders of them (backups and temporary files skipped)",
    )
    p.add_argument("--output", "-o", type=Path, help="write the refreshed workbook here instead")
    p.add_argument("--json", type=Path, dest="json_path", help="also write the JSON report here")
    p.add_argument(
        "--jobs",
        "-j",
        type=_positive,
        default=None,
        help="workbooks refreshed at once (default: the number of processor cores)",
    )
    p.add_argument("--force", action="store_true", help=force_help)

    p = sub.add_parser("check", help="validate the input tables only; nothing is written")
    p.add_argument("file", type=Path)
    p.add_argument("--json", type=Path, dest="json_path", help="write the checks as JSON here")
    p.add_argument("--force", action="store_true", help=force_help)

    p = sub.add_parser("publish", help="write a publication-safe, values-only copy")
    p.add_argument("file", type=Path)
    p.add_argument("out", type=Path)
    p.add_argument("--force", action="store_true", help=force_help)

    p = sub.add_parser("report", help="write the WRES report document (Word) for publication")
    p.add_argument("file", type=Path)
    p.add_argument("out", type=Path)
    p.add_argument("--force", action="store_true", help="replace an existing document")

    p = sub.add_parser("import-esr", help="fill the Workforce table from an ESR staff extract")
    p.add_argument("extract", type=Path)
    p.add_argument("file", type=Path)
    p.add_argument("--year", type=int)
    p.add_argument("--replace", action="store_true", help="replace that year's rows without asking")

    p = sub.add_parser("compare", help="one comparison workbook across several trusts")
    p.add_argument("files", type=Path, nargs="+", metavar="FILE")
    p.add_argument("--output", "-o", type=Path, required=True, help="the comparison workbook")
    p.add_argument("--force", action="store_true", help=force_help)

    p = sub.add_parser("addin", help="build or install the Excel add-in (WRES.xlam)")
    addin = p.add_subparsers(dest="addin_command", required=True, parser_class=_Parser)
    b = addin.add_parser("build", help="build WRES.xlam")
    b.add_argument("dir", type=Path, nargs="?", default=None)
    b.add_argument("--force", action="store_true", help=force_help)
    i = addin.add_parser("install", help="install WRES.xlam where Excel loads add-ins")
    i.add_argument("--addin", type=Path, default=None, help="an already built WRES.xlam")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    limit_blas_threads()
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.WARNING)
    outputs.start_run()
    try:
        return _run(args)
    except WresError as error:
        if args.debug:
            traceback.print_exc()
        print(f"wres-xl: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(f"wres-xl: stopped. {outputs.what_changed()}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as error:  # the last line of defence: no traceback without --debug
        if args.debug:
            traceback.print_exc()
        print(
            f"wres-xl: something unexpected went wrong ({type(error).__name__}: {error}). "
            f"{outputs.what_changed()} Run again with --debug for the details and send them to "
            "the wres-xl team.",
            file=sys.stderr,
        )
        return EXIT_USAGE


# Complexity above 15 (C901): one short branch per subcommand, each with its own lazy import
# (test_lean_imports).
def _run(args: argparse.Namespace) -> int:  # noqa: C901
    progress = _progress(args.quiet)
    if args.command == "new":
        from wres_xl.workbook.template import build_template

        if args.standard == "WDES":
            from wres_xl.workbook.wdes_template import build_wdes_template as build_template
        path = build_template(
            args.file, organisation=args.org, year=args.year, overwrite=args.force
        )
        shown = f'"{path}"' if " " in str(path) else str(path)
        print(f"Created {path}. Fill in the yellow tables, then run: wres-xl refresh {shown}")
        return EXIT_OK
    if args.command == "demo":
        from wres_xl.demo import run_demo

        return run_demo(args.file, progress, force=args.force)
    if args.command == "refresh":
        return _refresh(args, progress)
    if args.command == "check":
        from wres_xl.summary_text import print_checks
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
    if args.command == "publish":
        from wres_xl.publish import NothingToPublishError, publish_workbook
        from wres_xl.summary_text import print_checks

        try:
            published = publish_workbook(
                args.file, args.out, on_progress=progress, force=args.force
            )
        except NothingToPublishError as error:
            print_checks(error.checks)
            print(f"wres-xl: {error}", file=sys.stderr)
            return EXIT_DATA
        print(f"Wrote the publication-safe copy to {args.out}")
        if published.errors:
            print(
                f"{len(published.errors)} data error(s) in {args.file.name}: the figures they "
                f"affect are shown as not available. Run 'wres-xl check {args.file}' to see them."
            )
            return EXIT_DATA
        return EXIT_OK
    if args.command == "report":
        from wres_xl.report_docx import write_report

        write_report(args.file, args.out, force=args.force, on_progress=progress)
        print(f"Wrote the report document to {args.out}")
        return EXIT_OK
    if args.command == "import-esr":
        from wres_xl.esr_import import run_import

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
    if args.command == "compare":
        from wres_xl.compare import run_compare

        return run_compare(args.files, args.output, force=args.force, on_progress=progress)
    if args.command == "addin":
        from wres_xl import addin

        if args.addin_command == "build":
            built = addin.build_addin(args.dir, force=args.force)
            print(f"Built the WRES add-in: {built}")
            return EXIT_OK
        installed = addin.install_addin(args.addin)
        print(installed.message())
        return EXIT_OK
    raise AssertionError(args.command)  # pragma: no cover


def _refresh(args: argparse.Namespace, progress: Callable[[str], None] | None) -> int:
    files: list[Path] = args.files
    if len(files) == 1 and not files[0].is_dir():
        return _refresh_one(files[0], args, progress)
    # Only now: one workbook needs no worker processes (multiprocessing costs an import).
    from wres_xl.batch import default_jobs, find_workbooks, refresh_many

    if args.output is not None or args.json_path is not None:
        raise WresError(
            "--output and --json work with one workbook at a time. With several workbooks (or "
            "a folder) each is refreshed in place and keeps its backup; refresh a workbook on "
            "its own to write it elsewhere or to get its JSON report. Nothing was changed."
        )
    found = find_workbooks(files)
    return refresh_many(found.workbooks, jobs=args.jobs or default_jobs(), skipped=found.skipped)


def _refresh_one(
    path: Path, args: argparse.Namespace, progress: Callable[[str], None] | None
) -> int:
    from wres_xl.summary_text import print_refresh_outcome
    from wres_xl.workbook.files import refresh_file

    # Every file this refresh will write is checked before the first is written.
    plan = outputs.OutputPlan([path], force=args.force)
    plan.add_refresh(path, args.output)
    if args.json_path:
        plan.add(args.json_path, "the JSON report")
    plan.validate()
    result = refresh_file(path, output=args.output, on_progress=progress)
    plan.written(args.output or path)
    if args.json_path:
        plan.write_json(args.json_path, result.json)
    print_refresh_outcome(result, args.output or path)
    return EXIT_DATA if result.errors else EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
