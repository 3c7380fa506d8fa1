"""The one exception family users meet.

Every error a user can cause is a ``WresError``; each subclass is also the builtin
exception a Python caller would expect (``ValueError``, ``FileNotFoundError`` ...), so
``except ValueError`` keeps working. Messages are written for an HR analyst: they say
where the problem is in Excel terms and what to do about it.
"""

from __future__ import annotations

#: What starts every message the command line prints for an error (``wres-xl: …``).
COMMAND_PREFIX = "wres-xl: "
#: What starts the text a worksheet function returns instead of a value (SPEC §6).
CELL_PREFIX = "WRES: "


class WresError(Exception):
    """Base of every error wres-xl raises on purpose."""

    def __init__(
        self,
        message: str,
        *,
        sheet: str | None = None,
        table: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.sheet = sheet
        self.table = table
        self.row = row
        self.column = column

    def __str__(self) -> str:
        return self.message


class InputError(WresError, ValueError):
    """A value the user typed or pasted cannot be used."""


class UnknownLabelError(InputError):
    """A band, staff group, ethnicity or setting label that is not recognised."""


class WorkbookError(WresError, ValueError):
    """The workbook is not a WRES workbook, or a table or column is missing."""


class UnsafeRefreshError(WresError, RuntimeError):
    """A refresh would lose something the user owns, so it was refused before writing."""


class WresFileError(WresError, OSError):
    """A file cannot be read or written."""


class WresFileNotFoundError(WresFileError, FileNotFoundError):
    """A file named on the command line does not exist."""
