"""The ``wres-xl`` commands, one module each; ``wres_xl.cli`` is only the parser and error guard.

Every command module has ``add_parser(sub)``, which adds its subcommand and its options and
sets ``run``, and ``run(args, progress) -> int``, which returns the exit code. The work each
command does is imported inside ``run``, so ``wres-xl --help`` and the light commands never
import what only another command needs (tests/test_lean_imports.py).
"""

from wres_xl.commands import addin, check, compare, demo, import_esr, new, publish, refresh, report

#: The subcommands in the order ``wres-xl --help`` lists them.
COMMANDS = (new, demo, refresh, check, publish, report, import_esr, compare, addin)

__all__ = ["COMMANDS"]
