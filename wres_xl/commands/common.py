"""What every command shares: exit codes, the parser that exits with code 2, option types."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any, TypeAlias

from wres_xl.errors import COMMAND_PREFIX

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2
FORCE_HELP = "replace an existing file this command did not make (it is never a backup)"

Progress = Callable[[str], None] | None
#: What ``add_subparsers`` returns; each command module adds its parser to it.
Subparsers: TypeAlias = "argparse._SubParsersAction[Any]"


class Parser(argparse.ArgumentParser):
    """Usage errors print one plain line and exit with EXIT_USAGE (argparse's own is 2 too)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{COMMAND_PREFIX}{message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value
