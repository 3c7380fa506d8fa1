"""``python -m wres_xl.workbook.template PATH``: regenerate the committed template."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from wres_xl.errors import COMMAND_PREFIX, InputError, WresFileError
from wres_xl.workbook.template import build_template


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m wres_xl.workbook.template",
        description="Write the standard WRES workbook (regenerates the committed template).",
    )
    parser.add_argument("path", type=Path, help="the .xlsx file to write (replaced if present)")
    parser.add_argument("--org", dest="organisation", default=None)
    parser.add_argument("--year", type=int, default=None)
    args = parser.parse_args(argv)
    try:
        build_template(args.path, organisation=args.organisation, year=args.year, overwrite=True)
    except (InputError, WresFileError) as exc:
        print(f"{COMMAND_PREFIX}{exc}", file=sys.stderr)
        return 2
    print(f"Wrote {args.path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
