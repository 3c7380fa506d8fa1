"""``wres-xl refresh``: compute every indicator and rewrite the output sheets, of one or many."""

from __future__ import annotations

import argparse
from pathlib import Path

from wres_xl.commands.common import (
    EXIT_DATA,
    EXIT_OK,
    FORCE_HELP,
    Progress,
    Subparsers,
    positive,
)
from wres_xl.errors import WresError
from wres_xl.workbook import outputs


def add_parser(sub: Subparsers) -> None:
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
        type=positive,
        default=None,
        help="workbooks refreshed at once (default: the number of processor cores)",
    )
    p.add_argument("--force", action="store_true", help=FORCE_HELP)
    p.set_defaults(run=run)


def run(args: argparse.Namespace, progress: Progress) -> int:
    files: list[Path] = args.files
    if len(files) == 1 and not files[0].is_dir():
        return _refresh_one(files[0], args, progress)
    # Only now: one workbook needs no worker processes (multiprocessing costs an import).
    from wres_xl.commands.refresh.batch import default_jobs, find_workbooks, refresh_many

    if args.output is not None or args.json_path is not None:
        raise WresError(
            "--output and --json work with one workbook at a time. With several workbooks (or "
            "a folder) each is refreshed in place and keeps its backup; refresh a workbook on "
            "its own to write it elsewhere or to get its JSON report. Nothing was changed."
        )
    found = find_workbooks(files)
    return refresh_many(found.workbooks, jobs=args.jobs or default_jobs(), skipped=found.skipped)


def _refresh_one(path: Path, args: argparse.Namespace, progress: Progress) -> int:
    from wres_xl.commands.terminal import print_refresh_outcome
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
