"""Deterministic saving: fixed metadata and zip timestamps, atomic replace of the target file."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import IO

from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter

from wres_xl.errors import WresFileError
from wres_xl.workbook.atomic import write_atomically

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
    # A workbook gets the usual permissions, as if Excel had saved it (SHARED_MODE).
    write_atomically(
        path,
        lambda handle: _repack_zip(raw.getvalue(), handle),
        failed=lambda exc: WresFileError(f"Could not write '{path}': {exc.strerror or exc}."),
    )


def _repack_zip(data: bytes, handle: IO[bytes]) -> None:
    source = zipfile.ZipFile(io.BytesIO(data))
    with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIMESTAMP)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            target.writestr(fixed, source.read(info.filename))
