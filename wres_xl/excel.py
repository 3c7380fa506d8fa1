"""What the WRES ribbon buttons run inside Excel.

The add-in's VBA calls, through xlwings' ``RunPython``::

    RunPython "import wres_xl.excel; wres_xl.excel.refresh_caller()"
    RunPython "import wres_xl.excel; wres_xl.excel.check_caller()"
    RunPython "import wres_xl.excel; wres_xl.excel.report_caller()"

Each finds the workbook, runs the same refresh (or check) as the command line over the
live workbook, and tells the user in a message box what happened, in plain English. A
problem with the data is reported on the Checks sheet; an error the user can act on shows
its message; anything unexpected shows a short message and leaves the details in a log
file (never a Python traceback in the message box).

``run_refresh(book, alert=...)`` and ``run_check(...)`` hold the logic; the ``*_caller``
functions only find the book, so the logic can be tested without Excel.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from wres_xl import limit_blas_threads
from wres_xl.core import schema
from wres_xl.core.indicators import NotComputed
from wres_xl.core.model import Check, Severity, counted
from wres_xl.errors import WresError
from wres_xl.workbook.refresh import RefreshResult, check_workbook, refresh_workbook
from wres_xl.workbook.xlwings_backend import XlwingsWorkbook, excel_session

#: (message, mode): mode is xlwings' alert mode, "info" or "critical".
Alert = Callable[[str, str], object]

TITLE = "WRES"
_LISTED_PROBLEMS = 3
_MAX_PROBLEM_CHARS = 220


# --- entry points for the ribbon ---------------------------------------------------------


def refresh_caller() -> None:
    """WRES ▸ Refresh."""
    run_refresh(caller_book())


def check_caller() -> None:
    """WRES ▸ Check."""
    run_check(caller_book())


def report_caller() -> None:
    """WRES ▸ Report."""
    run_report(caller_book())


def caller_book() -> Any:
    """The workbook whose button was pressed; the active workbook when run by hand.

    Every ribbon entry point starts here, so this is where wres-xl's own work in Excel's
    Python begins.
    """
    import xlwings as xw

    limit_blas_threads()

    try:
        return xw.Book.caller()
    except Exception:  # not called through RunPython (e.g. from a Python prompt)
        return xw.books.active


# --- run and report ----------------------------------------------------------------------


def run_refresh(book: Any, *, alert: Alert | None = None, log_file: Path | None = None) -> str:
    """Refresh ``book`` and tell the user how it went; returns the message shown."""
    show = alert or _app_alert(book)
    backend = XlwingsWorkbook(book)
    try:
        with excel_session(book):
            result = refresh_workbook(backend)
            _activate(book, schema.SUMMARY_SHEET if result.report else schema.CHECKS_SHEET)
        message = refresh_message(result)
        mode = "critical" if result.errors else "info"
        if backend.skipped:
            _log(
                log_file,
                "refresh",
                f"formatting skipped: {', '.join(sorted(set(backend.skipped)))}",
            )
    except WresError as error:
        message, mode = f"WRES refresh stopped. {error.message}", "critical"
    except Exception as error:
        message = unexpected_message("refresh", error, _log_error(log_file, "refresh", error))
        mode = "critical"
    show(message, mode)
    return message


def run_check(book: Any, *, alert: Alert | None = None, log_file: Path | None = None) -> str:
    """Check ``book``'s input tables without changing anything; returns the message shown."""
    show = alert or _app_alert(book)
    try:
        with excel_session(book):
            result = check_workbook(XlwingsWorkbook(book))
        message = check_message(result)
        mode = "critical" if result.errors else "info"
    except WresError as error:
        message, mode = f"WRES check stopped. {error.message}", "critical"
    except Exception as error:
        message = unexpected_message("check", error, _log_error(log_file, "check", error))
        mode = "critical"
    show(message, mode)
    return message


# --- messages ----------------------------------------------------------------------------


def run_report(book: Any, *, alert: Alert | None = None, log_file: Path | None = None) -> str:
    """Write the report document beside ``book`` (the code ``wres-xl report`` runs) and say
    where it went; returns the message shown."""
    from wres_xl.commands.report.docx import build_report, report_path_for, report_plan, write_docx

    show = alert or _app_alert(book)
    try:
        full = getattr(book, "fullname", "") or ""
        if not full or not os.path.isabs(full):
            raise WresError(
                "Save the workbook first (File ▸ Save As), so the report can be written beside "
                "it, then press Report again."
            )
        out = report_path_for(Path(full))
        # Checked before any work: an existing document (it may hold the trust's own
        # edits) is never replaced from the ribbon.
        plan = report_plan(Path(full), out)
        backend = XlwingsWorkbook(book)
        with excel_session(book):
            document = build_report(backend, Path(full).name)
        write_docx(document, out, plan)
        message = (
            f"The WRES report was written to {out}. It holds the publication-safe figures "
            "only; open it in Word to add your own words."
        )
        mode = "info"
    except WresError as error:
        message, mode = f"WRES report stopped. {error.message}", "critical"
    except Exception as error:
        path = _log_error(log_file, "report", error)
        message, mode = unexpected_message("report", error, path), "critical"
    show(message, mode)
    return message


def problem_counts(checks: list[Check]) -> str:
    """'2 errors and 1 warning', or '' when there are neither."""
    errors = sum(c.severity is Severity.ERROR for c in checks)
    warnings = sum(c.severity is Severity.WARNING for c in checks)
    parts = [counted(n, word) for n, word in ((errors, "error"), (warnings, "warning")) if n]
    return " and ".join(parts)


def _computed(result: RefreshResult) -> tuple[int, list[int]]:
    report = result.report
    if report is None:
        raise AssertionError("report is not None")
    missing = [
        i
        for i in schema.ALL_INDICATORS
        if isinstance(report.results.get(i, {}).get(report.year), NotComputed | None)
    ]
    return len(schema.ALL_INDICATORS) - len(missing), missing


def _indicator_list(numbers: list[int]) -> str:
    text = ", ".join(str(n) for n in numbers[:-1])
    return f"{text} and {numbers[-1]}" if text else str(numbers[-1])


def refresh_message(result: RefreshResult) -> str:
    checks_sheet = schema.CHECKS_SHEET
    if result.report is None:
        return (
            "WRES refresh stopped: the workbook has no data yet, so nothing could be worked "
            "out. Fill in the Workforce table (and the others) for at least one year, then "
            f"press Refresh again. See the {checks_sheet} sheet."
        )
    computed, missing = _computed(result)
    text = (
        f"WRES refresh finished for {result.report.year}: {counted(computed, 'indicator')} computed"
    )
    if missing:
        word = "indicator" if len(missing) == 1 else "indicators"
        text += f" ({word} {_indicator_list(missing)} could not be)"
    problems = problem_counts(result.checks)
    if problems:
        text += f", {problems} — see the {checks_sheet} sheet."
    elif missing:
        text += f" — see the {checks_sheet} sheet for why."
    else:
        text += ", no problems found in the data. The results are on the Summary sheet."
    if result.actions_added:
        text += (
            f" Added {counted(result.actions_added, 'suggested action')} to the "
            f"{schema.ACTIONS.sheet}."
        )
    return text


def _where(check: Check) -> str:
    where = f"{check.sheet} sheet"
    if check.row:
        where += f", row {check.row}"
    if check.column:
        where += f", column {check.column}"
    return where


def check_message(result: RefreshResult) -> str:
    problems = problem_counts(result.checks)
    if result.report is None:
        head = "WRES check (nothing was changed): the workbook has no data yet"
        head += f", and {problems} found." if problems else "."
    else:
        computed, missing = _computed(result)
        head = (
            f"WRES check for {result.report.year} (nothing was changed): "
            f"{counted(computed, 'indicator')} can be computed"
        )
        if missing:
            word = "indicator" if len(missing) == 1 else "indicators"
            head += f" ({word} {_indicator_list(missing)} cannot)"
        head += f", {problems} found." if problems else ", no problems found in the data."
    listed = [c for c in result.checks if c.severity in (Severity.ERROR, Severity.WARNING)]
    if not listed:
        return head + " Press Refresh to update the report sheets."
    lines = [head, ""]
    for check in listed[:_LISTED_PROBLEMS]:
        text = check.message
        if len(text) > _MAX_PROBLEM_CHARS:
            text = text[: _MAX_PROBLEM_CHARS - 1].rstrip() + "…"
        lines.append(f"• {_where(check)}: {text}")
    if len(listed) > _LISTED_PROBLEMS:
        lines.append(f"… and {len(listed) - _LISTED_PROBLEMS} more.")
    lines += ["", f"Press Refresh to list every problem on the {schema.CHECKS_SHEET} sheet."]
    return "\n".join(lines)


def describe(error: BaseException) -> str:
    """One plain line for an error; for Excel's own refusals (pywin32's com_error, whose
    text is a tuple of codes), Excel's description of what went wrong."""
    info = getattr(error, "excepinfo", None)
    if not info and len(error.args) >= 3 and isinstance(error.args[2], tuple):
        info = error.args[2]
    if info and len(info) > 2 and isinstance(info[2], str) and info[2].strip():
        text = info[2]
    else:
        text = str(error)
    lines = text.strip().splitlines()
    line = " ".join(lines[0].split()) if lines else type(error).__name__
    if len(line) > 160:
        line = line[:159].rstrip() + "…"
    return line.rstrip(".")


def unexpected_message(action: str, error: BaseException, log_path: Path | None) -> str:
    changed = (
        "Your own data was not changed, but some WRES sheets may be only partly updated."
        if action == "refresh"
        else "Nothing was changed."
    )
    if log_path is not None:
        support = (
            f"If it happens again, send the file {log_path} (it has the details) to whoever "
            "supports WRES in your organisation."
        )
    else:
        support = (
            "If it happens again, tell whoever supports WRES in your organisation what you "
            "were doing (the details could not be saved to a log file)."
        )
    return (
        f"WRES could not finish the {action} because of an unexpected problem: "
        f"{describe(error)}. {changed} Please try again. {support}"
    )


# --- Excel and the log -------------------------------------------------------------------


def _app_alert(book: Any) -> Alert:
    def show(message: str, mode: str) -> object:
        return book.app.alert(message, title=TITLE, mode=mode)

    return show


def _activate(book: Any, title: str) -> None:
    for sheet in book.sheets:
        if sheet.name == title:
            try:
                sheet.activate()
            except Exception as error:  # a hidden sheet cannot be activated; not worth failing
                logging.getLogger(__name__).info("could not activate %s: %s", title, error)
            return


def log_file_path() -> Path:
    """Where details of unexpected problems go: %LOCALAPPDATA%\\wres-xl\\wres-xl.log on
    Windows, ~/.wres-xl/wres-xl.log elsewhere."""
    local = os.environ.get("LOCALAPPDATA")
    if local:
        return Path(local) / "wres-xl" / "wres-xl.log"
    return Path.home() / ".wres-xl" / "wres-xl.log"


def _log(log_file: Path | None, action: str, text: str) -> Path | None:
    path = log_file or log_file_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now().isoformat(timespec="seconds")
        with path.open("a", encoding="utf-8") as handle:
            handle.write(f"[{stamp}] {action}: {text}\n")
        return path
    except OSError:
        return None


def _log_error(log_file: Path | None, action: str, error: BaseException) -> Path | None:
    detail = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    return _log(log_file, action, detail)
