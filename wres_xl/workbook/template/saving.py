"""Deterministic saving: fixed metadata and zip timestamps, atomic replace of the target file."""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
import zipfile
from pathlib import Path
from typing import IO

from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter

from wres_xl.errors import WresFileError

#: Fixed document metadata so two builds give byte-identical files.
CREATOR = "wres-xl"
FIXED_TIMESTAMP = dt.datetime(2024, 1, 1, 0, 0, 0)
_ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)


def save_workbook_deterministic(workbook: Workbook, path: Path) -> None:
    """Save with fixed zip timestamps and metadata, replacing ``path`` only once fully written.

    ``openpyxl.Workbook.save`` stamps the current time into the file; going through the
    writer directly keeps the committed template byte-stable across rebuilds.
    """
    path = Path(path)
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            _repack_zip(raw.getvalue(), handle)
        os.chmod(tmp_name, _new_file_mode())
        os.replace(tmp_name, path)
    except OSError as exc:
        Path(tmp_name).unlink(missing_ok=True)
        raise WresFileError(f"Could not write '{path}': {exc.strerror or exc}.") from exc
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def _new_file_mode() -> int:
    # mkstemp creates files readable by the owner only; a workbook should get the usual
    # permissions, as if Excel had saved it.
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _repack_zip(data: bytes, handle: IO[bytes]) -> None:
    source = zipfile.ZipFile(io.BytesIO(data))
    with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIMESTAMP)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            target.writestr(fixed, source.read(info.filename))
