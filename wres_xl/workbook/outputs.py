"""May this command write that file? The one rule every ``wres-xl`` command follows.

A user's workbook (and the backup beside it) is the one thing wres-xl must never lose, and
the ways to lose it are mundane: a file name typed twice (``check A.xlsx --json A.xlsx``),
a name that already belongs to something else (``refresh A.xlsx --output B.xlsx``), a
folder that does not exist, discovered only after the workbook was replaced. So:

- every file a run will write is declared up front in an :class:`OutputPlan`, and the whole
  plan is validated (folder exists and can be written, name fits, not an input, not another
  output, not a backup, not open in Excel) **before anything is written**;
- a file that already exists and was not made by this run is replaced only when the user
  asked for it: ``--force``, or a yes typed at a prompt (with no terminal to ask at, the
  command refuses and says to add ``--force``);
- a backup (``NAME.backup.xlsx``) is never written over, deleted or truncated by anything
  but the refresh of its own workbook, which replaces it with a newer backup;
- files are written to a temporary name beside the target and moved into place, and every
  file written is recorded, so a failure can say truthfully whether anything was changed.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wres_xl.errors import WresFileError, WresFileNotFoundError
from wres_xl.workbook.atomic import (
    TEMPORARY_PREFIX,
    make_folder,
    move_into_place,
    temporary_beside,
    write_new,
)

#: Excel's own suffixes: a JSON or text report must never be given one of these names.
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm", ".xls", ".xlam")
BACKUP_MARK = ".backup"
#: Names wres-xl (and Excel) use for files that are not workbooks of their own.
TEMPORARY_PREFIXES = ("~$", TEMPORARY_PREFIX)

#: (question) -> True for yes, False for no, None when there is no one to ask.
Confirm = Callable[[str], "bool | None"]


def ask_in_terminal(question: str) -> bool | None:
    """A yes/no at the terminal; None when stdin is not a terminal (a script, a pipe, CI)."""
    if sys.stdin is None or not sys.stdin.isatty():
        return None
    try:
        answer = input(f"{question} [y/N] ")
    except EOFError:
        return False
    return answer.strip().casefold() in ("y", "yes")


def is_backup(path: Path) -> bool:
    """``NAME.backup.xlsx`` (or .xlsm): the copy a refresh keeps of the previous version."""
    return Path(path).stem.casefold().endswith(BACKUP_MARK) and Path(path).suffix.casefold() in (
        ".xlsx",
        ".xlsm",
    )


def is_temporary(path: Path) -> bool:
    """Excel's lock file (``~$NAME.xlsx``) or a wres-xl temporary file."""
    return Path(path).name.startswith(TEMPORARY_PREFIXES)


def backup_of(path: Path) -> Path:
    """Where a refresh in place keeps the previous version of ``path``."""
    path = Path(path)
    return path.with_name(f"{path.stem}{BACKUP_MARK}{path.suffix}")


def _real(path: Path) -> Path:
    # realpath, not resolve(strict): the file may not exist yet, its folder may be a symlink.
    return Path(os.path.realpath(os.path.abspath(path)))


def same_file(a: Path, b: Path) -> bool:
    """Whether ``a`` and ``b`` name the same file: after symlinks and ``..``, hard links,
    and, because Windows and macOS ignore case, names that differ only in case."""
    try:
        if os.path.exists(a) and os.path.exists(b):
            return os.path.samefile(a, b)
    except OSError:
        pass
    return str(_real(a)).casefold() == str(_real(b)).casefold()


def _upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def _shown(path: Path) -> str:
    return f"'{path}'"


@dataclass
class Output:
    path: Path
    what: str  # "the refreshed workbook", "the JSON report" ... for messages
    suffixes: tuple[str, ...] | None = None  # allowed endings; None = any but a workbook's
    in_place: bool = False  # the command's own input, rewritten on purpose (refresh FILE)
    backup: bool = False  # the backup a refresh in place rotates
    make_folder: bool = False  # the folder may be created (addin build DIR)
    replace: bool = False  # set by validate(): the file exists and may be replaced


class OutputPlan:
    """Every file one run of a command will write, checked before the first is written."""

    def __init__(
        self,
        inputs: Iterable[Path] = (),
        *,
        force: bool = False,
        confirm: Confirm = ask_in_terminal,
    ) -> None:
        self.inputs = [Path(p) for p in inputs]
        self.force = force
        self.confirm = confirm
        self.outputs: list[Output] = []
        self.validated = False

    # --- declaring -------------------------------------------------------------------------

    def add(
        self,
        path: Path,
        what: str,
        *,
        suffixes: tuple[str, ...] | None = None,
        in_place: bool = False,
        backup: bool = False,
        make_folder: bool = False,
    ) -> Path:
        self.outputs.append(Output(Path(path), what, suffixes, in_place, backup, make_folder))
        self.validated = False
        return Path(path)

    def add_refresh(self, workbook: Path, output: Path | None) -> None:
        """A refresh writes ``output``, or ``workbook`` itself and its backup."""
        if output is None:
            self.add(workbook, "the refreshed workbook", in_place=True)
            self.add(backup_of(workbook), "the backup of the workbook", backup=True)
        else:
            self.add(output, "the refreshed workbook", suffixes=(Path(workbook).suffix,))

    # --- validating ------------------------------------------------------------------------

    def validate(self) -> None:
        """Refuse (WresFileError, nothing written) any output that breaks the rule; ask about
        each existing file only once everything else is known to be fine."""
        for index, out in enumerate(self.outputs):
            self._check_one(out)
            for earlier in self.outputs[:index]:
                if same_file(earlier.path, out.path):
                    raise WresFileError(
                        f"{_upper(out.what)} and {earlier.what} would both be written to "
                        f"{_shown(out.path)}, so one would replace the other. Nothing was "
                        "changed. Give each a different file name."
                    )
        for out in self.outputs:
            out.replace = self._may_replace(out)
        self.validated = True

    # Complexity above 15 (C901): one check per way an output can be unsafe, in the order the
    # README lists them.
    def _check_one(self, out: Output) -> None:  # noqa: C901
        path = out.path
        name = path.name
        for source in self.inputs:
            if same_file(source, path) and not out.in_place:
                hint = (
                    " Leave out --output to refresh the workbook in place (a backup is kept)."
                    if out.what == "the refreshed workbook"
                    else " Give it a new name."
                )
                raise WresFileError(
                    f"{_upper(out.what)} cannot be written to {_shown(path)}: that is the "
                    f"file being read, and writing there would replace it. Nothing was "
                    f"changed.{hint}"
                )
        if out.in_place and is_backup(path):
            original = path.with_name(path.stem[: -len(BACKUP_MARK)] + path.suffix)
            raise WresFileError(
                f"'{name}' is the backup wres-xl keeps of '{original.name}', so it is not "
                "refreshed in place (that would replace the backup). Nothing was changed. Copy "
                "it to a new name first, or refresh it into a new file with --output."
            )
        if not out.in_place and not out.backup:
            if is_backup(path):
                raise WresFileError(
                    f"{_upper(out.what)} cannot be written to {_shown(path)}: names "
                    "ending in .backup.xlsx are kept for the backups wres-xl makes, and a "
                    "backup is never replaced. Nothing was changed. Choose another name."
                )
            for source in self.inputs:
                if same_file(backup_of(source), path):
                    raise WresFileError(
                        f"{_upper(out.what)} cannot be written to {_shown(path)}: that is "
                        f"the backup of '{source.name}'. Nothing was changed. Choose another "
                        "name."
                    )
        if is_temporary(path):
            raise WresFileError(
                f"'{name}' is a temporary file name (Excel and wres-xl use names starting "
                "with ~$ or .~wres-). Nothing was changed. Choose another name."
            )
        suffix = path.suffix.casefold()
        if out.suffixes is not None and suffix not in {s.casefold() for s in out.suffixes}:
            wanted = " or ".join(out.suffixes)
            raise WresFileError(
                f"{_upper(out.what)} must be a file whose name ends in {wanted}, not "
                f"'{name}'. Nothing was changed."
            )
        if (
            out.suffixes is None
            and suffix in WORKBOOK_SUFFIXES
            and not (out.in_place or out.backup)
        ):
            raise WresFileError(
                f"{_upper(out.what)} is not an Excel workbook, so it cannot be named "
                f"'{name}' (a name ending in {path.suffix} would look like one, and could "
                "replace one). Nothing was changed. Use a name ending in .json."
            )
        if path.is_dir():
            raise WresFileError(
                f"{_shown(path)} is a folder; {out.what} needs a file name. Nothing was changed."
            )
        folder = _real(path).parent
        if out.make_folder:
            while not folder.exists() and folder.parent != folder:
                folder = folder.parent
        if not folder.exists():
            raise WresFileNotFoundError(
                f"The folder {_shown(path.parent)} for {out.what} does not exist. Nothing was "
                "changed. Create the folder first, or choose another one."
            )
        if not folder.is_dir() and out.make_folder:
            raise WresFileError(
                f"Cannot create the folder {_shown(path.parent)} for {out.what}: {_shown(folder)} "
                "is a file, not a folder. Nothing was changed. Choose a folder you can write to."
            )
        if not folder.is_dir():
            raise WresFileError(
                f"{_upper(out.what)} cannot be written into {_shown(folder)}: it is a "
                "file, not a folder. Nothing was changed."
            )
        if not os.access(folder, os.W_OK | os.X_OK):
            raise WresFileError(
                f"The folder {_shown(folder)} cannot be written to, so {out.what} cannot be "
                "saved there. Nothing was changed. Choose a folder you can save files in."
            )
        lock = path.with_name("~$" + name)
        if not out.in_place and lock.exists():
            raise WresFileError(
                f"'{name}' seems to be open in Excel (its lock file {lock.name} is present), so "
                f"{out.what} was not written. Nothing was changed. Close it in Excel first."
            )

    def _may_replace(self, out: Output) -> bool:
        path = out.path
        if not path.exists():
            return False
        if out.in_place or out.backup:
            return True  # the workbook the user named, and the backup its refresh rotates
        if self.force:
            return True
        answer = self.confirm(
            f"'{path}' already exists and was not made by this command. Replace it with {out.what}?"
        )
        if answer is None:
            raise WresFileError(
                f"{_shown(path)} already exists, so {out.what} was not written over it (it may "
                "hold someone's work). Nothing was changed. Choose another name, or add "
                "--force to replace it."
            )
        if not answer:
            raise WresFileError(f"Nothing was changed: {_shown(path)} was kept as it was.")
        return True

    # --- writing ---------------------------------------------------------------------------

    def _output(self, target: Path) -> Output:
        if not self.validated:
            raise RuntimeError("OutputPlan.validate() must run before anything is written")
        for out in self.outputs:
            if same_file(out.path, target):
                return out
        raise RuntimeError(f"{target} is not an output of this plan")

    def temporary(self, target: Path) -> Path:
        """A temporary name beside ``target`` (same folder, so the final move is atomic)."""
        out = self._output(target)
        if out.make_folder:
            make_folder(
                out.path.parent, _shown(out.path.parent), "Choose a folder you can write to."
            )
        return temporary_beside(out.path)

    def commit(self, temporary: Path, target: Path) -> Path:
        """Move a finished temporary file into place, as the plan allows."""
        out = self._output(target)
        try:
            move_into_place(temporary, out.path, replace=out.replace, what=out.what)
        except PermissionError as error:
            raise WresFileError(
                f"Could not write {_shown(out.path)}: it is in use or read-only. Close it in "
                f"Excel (or any other program) and try again. {what_changed()}"
            ) from error
        except OSError as error:
            if isinstance(error, WresFileError):
                raise
            raise WresFileError(
                f"Could not write {_shown(out.path)} ({error.strerror or error}). {what_changed()}"
            ) from error
        finally:
            Path(temporary).unlink(missing_ok=True)
        record_written(out.path)
        return out.path

    def write_bytes(self, target: Path, data: bytes) -> Path:
        tmp = self.temporary(target)
        try:
            write_new(tmp, lambda handle: handle.write(data))
        except OSError as error:
            tmp.unlink(missing_ok=True)
            raise WresFileError(
                f"Could not write {_shown(target)} ({error.strerror or error}). {what_changed()}"
            ) from error
        return self.commit(tmp, target)

    def write_json(self, target: Path, payload: dict[str, Any]) -> Path:
        text = json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
        return self.write_bytes(target, text.encode("utf-8"))

    def written(self, target: Path) -> None:
        """Record a file another module wrote for this plan (the refresh's own swap)."""
        out = self._output(target)
        record_written(out.path)
        if out.in_place:
            record_written(backup_of(out.path))


# --- what this run has written ---------------------------------------------------------------
# For the messages only (never to grant a replace): one ``cli.main`` call is one run.

_WRITTEN: list[Path] = []


def record_written(path: Path) -> None:
    if not any(same_file(path, p) for p in _WRITTEN):
        _WRITTEN.append(Path(path))


def start_run() -> None:
    """Forget earlier runs (``cli.main`` may be called several times in one process)."""
    _WRITTEN.clear()


def what_changed() -> str:
    """The truthful sentence for an error message: nothing, or which files were written."""
    if not _WRITTEN:
        return "Nothing was changed."
    names = ", ".join(f"'{p}'" for p in _WRITTEN)
    return f"Already written before the problem: {names}; nothing else was changed."
