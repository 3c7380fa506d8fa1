"""The one way wres-xl puts a file in place: written beside it under a temporary name, then
moved over it in one step, so a reader never sees half a file and a failure leaves the old
one as it was. Used by the output plan, the template saving, the add-in installer and the
refresh of a workbook file (its workbook, backup and JSON); it knows nothing of what is written.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from wres_xl.errors import WresFileError

#: What every wres-xl temporary file's name starts with (outputs.is_temporary knows it).
TEMPORARY_PREFIX = ".~wres-"
#: A new file's permissions before the umask, as any program's new file gets them.
SHARED_MODE = 0o666
#: The owner only: for copies holding a workbook's unredacted counts.
PRIVATE_MODE = 0o600
#: A temporary is always a new file (never one a link or another writer put there).
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


def temporary_beside(target: Path) -> Path:
    """A new hidden name in ``target``'s folder (the same file system, so the final move
    is atomic), keeping its extension so a program that checks it still opens the file."""
    target = Path(target)
    return target.with_name(f"{TEMPORARY_PREFIX}{os.urandom(16).hex()}{target.suffix}")


def make_folder(folder: Path, shown: object = None, advice: str = "") -> None:
    """Create ``folder`` and its parents; a WresFileError naming it when that fails."""
    try:
        Path(folder).mkdir(parents=True, exist_ok=True)
    except OSError as error:
        message = f"Cannot create the folder {shown or folder} ({error.strerror or error})."
        raise WresFileError(f"{message} {advice}" if advice else message) from error


def write_new(
    path: Path,
    write: Callable[[BinaryIO], object],
    *,
    mode: int = SHARED_MODE,
    durable: bool = False,
) -> None:
    """Create ``path`` (never one already there, nor through a link) and write it through
    ``write(handle)``; ``durable`` flushes it to disk. The one way a temporary is written."""
    fd = os.open(path, _NEW_FILE, mode)
    with os.fdopen(fd, "wb") as handle:
        write(handle)
        if durable:
            handle.flush()
            os.fsync(handle.fileno())


def write_atomically(
    target: Path,
    write: Callable[[BinaryIO], object],
    *,
    mode: int = SHARED_MODE,
    durable: bool = False,
    temporary: Path | None = None,
    failed: Callable[[OSError], Exception] | None = None,
    before_move: Callable[[Path], object] | None = None,
) -> None:
    """Write ``target`` through ``write(handle)`` and a temporary file moved over it.

    ``mode`` is the new file's permissions before the umask (PRIVATE_MODE for unredacted
    copies); ``durable`` flushes the file to disk before the move and the folder after it
    (a refresh's workbook and backup). ``temporary`` names the temporary file when a caller
    needs its own name (to find it again after a crash); by default it is
    :func:`temporary_beside`. An OSError while writing or moving becomes ``failed(error)``
    when given. ``before_move(temporary)`` runs on the finished, flushed file just before
    the move (to check it, or to do what must come first); what it raises stops the write
    as it is. The temporary file never outlives the call.
    """
    target = Path(target)
    tmp = temporary if temporary is not None else temporary_beside(target)
    try:
        try:
            write_new(tmp, write, mode=mode, durable=durable)
        except OSError as error:
            if failed is None:
                raise
            raise failed(error) from error
        if before_move is not None:
            before_move(tmp)
        try:
            os.replace(tmp, target)
        except OSError as error:
            if failed is None:
                raise
            raise failed(error) from error
        if durable:
            _fsync_folder(target.parent)
    finally:
        tmp.unlink(missing_ok=True)


def _fsync_folder(folder: Path) -> None:
    """Flush a folder's entries (the name a move just changed); best effort, not on Windows."""
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def move_into_place(temporary: Path, target: Path, *, replace: bool, what: str) -> None:
    """Put a finished ``temporary`` at ``target``: over it when ``replace``, else only if
    nothing has appeared there meanwhile (a hard link fails rather than replace; file systems
    without hard links, some network shares, fall back to a last look and a move)."""
    if replace:
        os.replace(temporary, target)
        return
    appeared = WresFileError(
        f"'{target}' appeared while {what} was being written, so it was not replaced. "
        "Run the command again."
    )
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise appeared from None
    except OSError:
        if target.exists():
            raise appeared from None
        os.replace(temporary, target)
