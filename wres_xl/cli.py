"""The ``wres-xl`` command (SPEC §7): the parser and the one error guard.

Each subcommand lives in its own module in ``wres_xl.commands``. Exit codes: 0 success,
1 data errors (listed on the Checks sheet), 2 usage or file errors. Tracebacks only with
``--debug``: users get one plain message that says what to do.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Callable, Sequence

from wres_xl import __version__, limit_blas_threads
from wres_xl.commands import COMMANDS
from wres_xl.commands.common import EXIT_DATA, EXIT_OK, EXIT_USAGE, Parser
from wres_xl.commands.demo import DEFAULT_DEMO_FILE
from wres_xl.errors import COMMAND_PREFIX, WresError
from wres_xl.workbook import outputs

__all__ = ["DEFAULT_DEMO_FILE", "EXIT_DATA", "EXIT_OK", "EXIT_USAGE", "build_parser", "main"]


def _progress(quiet: bool) -> Callable[[str], None] | None:
    if quiet:
        return None

    def show(message: str) -> None:
        print(f"  … {message}", file=sys.stderr, flush=True)

    return show


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="wres-xl",
        description="NHS Workforce Race Equality Standard (WRES) workbooks: create, refresh, "
        "check and publish.",
    )
    parser.add_argument("--version", action="version", version=f"wres-xl {__version__}")
    parser.add_argument("--debug", action="store_true", help="show full error tracebacks")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress messages")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    for command in COMMANDS:
        command.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None, *, own_process: bool = False) -> int:
    limit_blas_threads()
    parser = build_parser()
    args = parser.parse_args(argv)
    args.own_process = own_process
    if args.debug:
        # Only then: without it Python's last-resort handler already prints warnings, and
        # importing logging is a cost of every command.
        import logging

        logging.basicConfig(level=logging.DEBUG)
    outputs.start_run()
    try:
        code: int = args.run(args, _progress(args.quiet))
    except WresError as error:
        if args.debug:
            traceback.print_exc()
        print(f"{COMMAND_PREFIX}{error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(f"{COMMAND_PREFIX}stopped. {outputs.what_changed()}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as error:  # the last line of defence: no traceback without --debug
        if args.debug:
            traceback.print_exc()
        print(
            f"{COMMAND_PREFIX}something unexpected went wrong ({type(error).__name__}: {error}). "
            f"{outputs.what_changed()} Run again with --debug for the details and send them to "
            "the wres-xl team.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    return code


def command_line() -> int:
    """The ``wres-xl`` program (its console script and ``python -m wres_xl.cli``): the
    process runs one command and exits, so a command may set the interpreter up for itself
    alone (``new`` imports openpyxl without numpy and Pillow: see commands/new.py)."""
    return main(own_process=True)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(command_line())
