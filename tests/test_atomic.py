"""The one atomic write: a failure mid-write leaves the old file and no temporary behind."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

import pytest

from wres_xl.errors import WresFileError
from wres_xl.workbook.atomic import (
    PRIVATE_MODE,
    TEMPORARY_PREFIX,
    make_folder,
    move_into_place,
    temporary_beside,
    write_atomically,
    write_new,
)
from wres_xl.workbook.outputs import is_temporary


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "book.xlsx"
    target.write_bytes(b"old")

    def half(handle: BinaryIO) -> None:
        handle.write(b"ne")
        raise OSError(28, "No space left on device")

    with pytest.raises(WresFileError, match="No space left"):
        write_atomically(target, half, failed=lambda e: WresFileError(str(e.strerror)))
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.xlsx"]


def test_a_write_replaces_the_file_with_the_mode_asked_for(tmp_path: Path) -> None:
    target = tmp_path / "copy.xlsx"
    target.write_bytes(b"old")
    write_atomically(target, lambda h: h.write(b"new"), mode=PRIVATE_MODE, durable=True)
    assert target.read_bytes() == b"new"
    if os.name != "nt":
        assert stat.S_IMODE(target.stat().st_mode) == PRIVATE_MODE
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy.xlsx"]


def test_the_temporary_is_hidden_known_and_keeps_the_extension(tmp_path: Path) -> None:
    tmp = temporary_beside(tmp_path / "trust.docx")
    assert tmp.parent == tmp_path
    assert tmp.name.startswith(TEMPORARY_PREFIX)
    assert tmp.suffix == ".docx"
    assert is_temporary(tmp)
    assert temporary_beside(tmp_path / "trust.docx") != tmp


def test_a_move_that_must_not_replace_refuses_a_file_that_appeared(tmp_path: Path) -> None:
    tmp, target = tmp_path / "t", tmp_path / "out.json"
    tmp.write_bytes(b"mine")
    target.write_bytes(b"someone's")
    with pytest.raises(WresFileError, match="appeared while the report"):
        move_into_place(tmp, target, replace=False, what="the report")
    assert target.read_bytes() == b"someone's"
    move_into_place(tmp, target, replace=True, what="the report")
    assert target.read_bytes() == b"mine"


def test_a_folder_that_cannot_be_made_is_named(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(WresFileError, match=r"Cannot create the folder .*sub.*Choose"):
        make_folder(blocker / "sub", advice="Choose a folder you can write to.")
    make_folder(tmp_path / "a" / "b")
    assert (tmp_path / "a" / "b").is_dir()


def test_a_check_before_the_move_that_fails_leaves_the_old_file_as_it_was(tmp_path: Path) -> None:
    target = tmp_path / "book.xlsx"
    target.write_bytes(b"old")
    seen: list[bytes] = []

    def refuse(temporary: Path) -> None:
        seen.append(temporary.read_bytes())  # finished and flushed before the check
        raise WresFileError("the new copy could not be checked")

    with pytest.raises(WresFileError, match="could not be checked"):
        write_atomically(
            target,
            lambda handle: handle.write(b"new"),
            durable=True,
            failed=lambda e: AssertionError(f"a check's own error is not re-worded: {e}"),
            before_move=refuse,
        )
    assert seen == [b"new"]
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.xlsx"]


def test_a_temporary_is_always_a_new_file(tmp_path: Path) -> None:
    """write_new never writes into a file (or through a link) already at the name."""
    there = tmp_path / "there.xlsx"
    there.write_bytes(b"someone's")
    link = tmp_path / "link.xlsx"
    link.symlink_to(tmp_path / "elsewhere.xlsx")
    for path in (there, link):
        with pytest.raises(FileExistsError):
            write_new(path, lambda handle: handle.write(b"ours"))
    assert there.read_bytes() == b"someone's"
    assert not (tmp_path / "elsewhere.xlsx").exists()
    new = tmp_path / "new.xlsx"
    write_new(new, lambda handle: handle.write(b"ours"), mode=PRIVATE_MODE, durable=True)
    assert new.read_bytes() == b"ours"
    assert stat.S_IMODE(new.stat().st_mode) & 0o077 == 0
