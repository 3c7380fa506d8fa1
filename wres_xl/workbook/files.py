"""Refreshing a workbook file without ever losing the user's data.

The refresh writes into the package only what wres-xl owns (``wres_xl.workbook.package``):
every other part of the user's workbook is copied across byte for byte, so charts,
pictures, pivot tables, slicers, queries, macros and their signature are simply kept.

The refreshed package is written to a private temporary file in the workbook's own folder,
flushed to disk, given the original's permissions and owner, and only then swapped in with
one atomic rename, after the previous version has been copied (again through a temporary
name and a rename) to ``NAME.backup.xlsx``. A symbolic link is followed, so the real
workbook is refreshed. A failure at any point leaves the original and any earlier backup
exactly as they were and removes its temporary files; a killed process cannot clean up, so
the next refresh of the same workbook removes what it left.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import stat
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from wres_xl.core import schema
from wres_xl.core.model import Check
from wres_xl.errors import WresFileError, WresFileNotFoundError
from wres_xl.workbook.atomic import PRIVATE_MODE, TEMPORARY_PREFIX, write_atomically
from wres_xl.workbook.package import PackageWorkbook
from wres_xl.workbook.refresh import RefreshResult, check_workbook, refresh_workbook

OWNED_SHEETS = frozenset(schema.OUTPUT_SHEETS)
SUPPORTED_SUFFIXES = (".xlsx", ".xlsm")
_NOT_WRITTEN = "the refreshed workbook could not be written"


def _check_target(path: Path) -> None:
    if not path.exists():
        raise WresFileNotFoundError(
            f"'{path}' does not exist. Check the file name and folder (use 'wres-xl new {path}' "
            "to create a new WRES workbook)."
        )
    if path.is_dir():
        raise WresFileError(f"'{path}' is a folder, not an Excel workbook.")
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise WresFileError(
            f"'{path.name}' is not an Excel workbook wres-xl can refresh (it needs .xlsx or "
            ".xlsm). In Excel use File ▸ Save As ▸ Excel Workbook (.xlsx)."
        )
    lock = path.with_name("~$" + path.name)
    if lock.exists():
        raise WresFileError(
            f"'{path.name}' seems to be open in Excel (its lock file {lock.name} is present). "
            "Close it in Excel first, or use WRES ▸ Refresh inside Excel.",
        )


def _is_read_only(path: Path) -> bool:
    mode = path.stat().st_mode
    # Root may write anything, but a file the user marked read-only is still not to be
    # replaced: the mode bits say what the user meant.
    return not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(path, os.W_OK)


def _check_writable(path: Path, shown: Path) -> None:
    if _is_read_only(path):
        raise WresFileError(
            f"'{shown.name}' is read-only, so it was not refreshed (nothing was changed). "
            "To refresh it, make it writable (in Windows Explorer: right-click ▸ Properties ▸ "
            "untick Read-only), or write a refreshed copy with --output NEW.xlsx."
        )
    folder = path.parent
    if not os.access(folder, os.W_OK | os.X_OK):
        raise WresFileError(
            f"The folder '{folder}' cannot be written to, so '{shown.name}' was not refreshed "
            "(nothing was changed). Copy the workbook to a folder of your own and refresh it "
            "there, or use --output with a folder you can write to."
        )


def _temp_name(target: Path, kind: str) -> Path:
    return target.with_name(
        f"{TEMPORARY_PREFIX}{target.name}.{os.getpid()}.{os.urandom(4).hex()}.{kind}.tmp"
    )


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name == "nt":  # os.kill would end the process there; age decides instead
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def _remove_stale_temporaries(target: Path) -> list[Path]:
    """Remove the temporary copies an interrupted refresh of ``target`` left (they hold
    the workbook's unredacted counts). A copy belonging to a refresh still running is kept."""
    removed: list[Path] = []
    prefix = f"{TEMPORARY_PREFIX}{target.name}."
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return removed
    for entry in entries:
        name = entry.name
        stale = False
        if name.startswith(prefix) and name.endswith(".tmp"):
            pid_text = name[len(prefix) :].split(".", 1)[0]
            if pid_text.isdigit():
                stale = not _process_alive(int(pid_text))
                if os.name == "nt":
                    stale = time.time() - entry.stat().st_mtime > 3600
        if stale:
            try:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
            except OSError:
                pass
    return removed


def _disk_full(error: OSError, path: Path, what: str) -> WresFileError:
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return WresFileError(
            f"The disk is full ({error.strerror or error}): {what}. Nothing was changed: "
            f"'{path.name}' and its previous backup are as they were. Free some space on "
            "that drive, then refresh again."
        )
    return WresFileError(f"{what} ({error}). Nothing was changed: '{path.name}' is as it was.")


def _match_metadata(fd: int, source: os.stat_result) -> None:
    if hasattr(os, "fchmod"):
        os.fchmod(fd, stat.S_IMODE(source.st_mode))
    if hasattr(os, "fchown"):
        # Only root may give a file away; the permissions are still kept.
        with contextlib.suppress(PermissionError):
            os.fchown(fd, source.st_uid, source.st_gid)


def _copy_backup(source: Path, backup: Path, shown: Path) -> None:
    """Copy ``source`` to ``backup`` through a temporary name, so a backup is never half
    written and the previous one survives a full disk."""
    info = source.stat()
    what = f"the backup {backup.name} could not be written"

    def copy(out: BinaryIO) -> None:
        with open(source, "rb") as src:
            while chunk := src.read(1 << 20):
                out.write(chunk)
        _match_metadata(out.fileno(), info)

    write_atomically(
        backup,
        copy,
        mode=PRIVATE_MODE,  # whatever the umask: the copy holds every unredacted count
        durable=True,
        temporary=_temp_name(backup, "backup"),
        failed=lambda error: _disk_full(error, shown, what),
    )


def write_json(target: Path, payload: dict[str, Any]) -> None:
    data = (json.dumps(payload, indent=2, ensure_ascii=False) + "\n").encode()
    write_atomically(
        target,
        lambda out: out.write(data),
        mode=PRIVATE_MODE,
        durable=True,
        temporary=_temp_name(target, "write"),
    )


def backup_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}.backup{path.suffix}")


def _verify(written: Path, workbook: PackageWorkbook) -> None:
    """The new package opens and lists every part it should (a cheap proof, not a parse)."""
    import zipfile

    with zipfile.ZipFile(written) as z:
        names = set(z.namelist())
        bad = z.testzip() if written.stat().st_size < 5_000_000 else None
    missing = [n for n in (workbook.wb_part, "[Content_Types].xml") if n not in names]
    if missing or bad is not None:
        raise WresFileError(
            f"The refreshed copy of '{workbook.path.name}' could not be checked "
            f"({missing or bad}); nothing was changed. Please report this to the wres-xl team."
        )


def refresh_file(
    path: Path,
    *,
    output: Path | None = None,
    json_path: Path | None = None,
    on_progress: Callable[[str], None] | None = None,
    before_refresh: Callable[[Any], Sequence[Check]] | None = None,
) -> RefreshResult:
    """Refresh ``path`` in place (keeping ``NAME.backup.xlsx``) or into ``output``.

    ``before_refresh`` gets the workbook (a ``PackageWorkbook``: ``read_table``,
    ``set_table_cells``, ``append_table_rows`` and ``fill_table`` through
    ``openpyxl_backend.fill_table``) and may change input tables first (an ESR import
    does), inside the same safe write; the checks it returns are listed on the Checks sheet.
    """
    path = Path(path)
    _check_target(path)
    # Through a symbolic link to the real workbook: replacing the link itself would leave
    # the real file unrefreshed while reporting success.
    real = Path(os.path.realpath(path))
    if output is not None:
        target = Path(output)
        if target.suffix.lower() != path.suffix.lower():
            raise WresFileError(
                f"The output '{target.name}' must have the same extension as '{path.name}' "
                f"({path.suffix})."
            )
        if not target.parent.exists():
            raise WresFileNotFoundError(
                f"The folder '{target.parent}' for the output does not exist."
            )
        if target.exists():
            target = Path(os.path.realpath(target))
            _check_writable(target, Path(output))
    else:
        target = real
        _check_writable(real, path)
    _remove_stale_temporaries(target)
    # A refresh killed while copying the backup leaves that copy under the backup's name.
    _remove_stale_temporaries(backup_path(real))
    metadata = real.stat()
    workbook = PackageWorkbook(real, on_progress=on_progress)

    def check_back_up_and_match(tmp: Path) -> None:
        # Before the swap: the new package is proved whole, the previous version is kept
        # as the backup, and the new file takes the original's permissions and owner.
        workbook.close()
        _verify(tmp, workbook)
        if output is None:
            _copy_backup(real, backup_path(real), path)
        with open(tmp, "rb+") as handle:
            _match_metadata(handle.fileno(), metadata)

    try:
        extra = list(before_refresh(workbook)) if before_refresh is not None else []
        result = refresh_workbook(workbook, extra)
        if on_progress:
            on_progress("Saving")
        write_atomically(
            target,
            workbook.save,
            mode=PRIVATE_MODE,  # until the swap: the copy holds every unredacted count
            durable=True,
            temporary=_temp_name(target, "refresh"),
            failed=lambda error: _disk_full(error, path, _NOT_WRITTEN),
            before_move=check_back_up_and_match,
        )
    finally:
        workbook.close()
    if json_path is not None:
        write_json(Path(json_path), result.json)
    return result


def check_file(path: Path, on_progress: Callable[[str], None] | None = None) -> RefreshResult:
    path = Path(path)
    _check_target(path)
    with PackageWorkbook(Path(os.path.realpath(path)), on_progress=on_progress) as workbook:
        return check_workbook(workbook)
