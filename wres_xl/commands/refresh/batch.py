"""``wres-xl refresh FILE_OR_FOLDER ... [--jobs N]``: many workbooks, one process.

A national or ICB analyst refreshes a couple of hundred trusts' workbooks at once. Starting a
Python per workbook costs more than the refresh itself (the imports), so the workbooks are
shared among N worker processes that each import the refresh once: on Linux they are forked
from this process after it has imported it; elsewhere (spawn) each worker imports it when it
starts and then refreshes many workbooks.

Backups (``*.backup.xlsx``), Excel's lock files (``~$*``) and wres-xl's temporary files
(``.~wres-*``) are never refreshed: a naive ``*.xlsx`` loop would refresh the backups too,
and replace each backup with a refreshed copy of itself.

Each worker refreshes two workbooks at a time in threads: a refresh spends part of its time
waiting for the disk to make its files durable (``fsync``), which releases the interpreter,
so one refresh computes while the other waits. Workbooks are handed out a few at a time,
the biggest first, so no worker is left with a big one at the end.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from wres_xl.core.model import counted
from wres_xl.core.schema import ALL_INDICATORS
from wres_xl.errors import WresError, WresFileError, WresFileNotFoundError
from wres_xl.workbook.outputs import is_backup, is_temporary

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


@dataclass(frozen=True)
class Outcome:
    path: str
    code: int  # 0 refreshed, 1 refreshed with data errors, 2 not refreshed
    text: str  # what happened, for the one line per workbook


@dataclass(frozen=True)
class Found:
    workbooks: list[Path]
    skipped: list[Path]


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS and Windows have no affinity call
        return max(1, os.cpu_count() or 1)


def find_workbooks(arguments: Sequence[Path]) -> Found:
    """The workbooks named, and those directly inside the folders named (not below them),
    in a stable order, without backups or temporary files and without duplicates."""
    workbooks: list[Path] = []
    skipped: list[Path] = []
    seen: set[str] = set()

    def take(path: Path) -> None:
        if is_backup(path) or is_temporary(path):
            skipped.append(path)
            return
        key = os.path.normcase(os.path.realpath(path))
        if key not in seen:
            seen.add(key)
            workbooks.append(path)

    for argument in arguments:
        if argument.is_dir():
            for path in sorted(argument.iterdir(), key=lambda p: p.name.casefold()):
                if path.is_file() and path.suffix.casefold() in WORKBOOK_SUFFIXES:
                    take(path)
        elif argument.exists():
            take(argument)
        else:
            raise WresFileNotFoundError(
                f"'{argument}' does not exist. Check the file or folder name. Nothing was changed."
            )
    return Found(workbooks, skipped)


def refresh_one(path: str) -> Outcome:
    """Refresh one workbook in place; never raises (one bad workbook must not stop the rest)."""
    from wres_xl.core.indicators import NotComputed
    from wres_xl.core.model import Severity
    from wres_xl.workbook.files import refresh_file
    from wres_xl.workbook.outputs import OutputPlan

    try:
        plan = OutputPlan([Path(path)])
        plan.add_refresh(Path(path), None)
        plan.validate()
        result = refresh_file(Path(path))
        plan.written(Path(path))
    except WresError as error:
        return Outcome(path, EXIT_USAGE, f"not refreshed: {error}")
    except Exception as error:  # one unexpected failure is reported, the batch goes on
        return Outcome(
            path,
            EXIT_USAGE,
            f"not refreshed: something unexpected went wrong ({type(error).__name__}: "
            f"{error}); the workbook was not changed. Refresh it alone with --debug for details.",
        )
    errors = sum(c.severity is Severity.ERROR for c in result.checks)
    warnings = sum(c.severity is Severity.WARNING for c in result.checks)
    problems = f"{counted(errors, 'error')}, {counted(warnings, 'warning')}"
    if result.json.get("standard") == "WDES":
        return _wdes_outcome(path, result.json, problems, errors)
    report = result.report
    if report is None:
        return Outcome(path, EXIT_DATA, f"no data yet ({problems}); see its Checks sheet")
    computed = sum(
        not isinstance(report.results[i].get(report.year), NotComputed | None)
        for i in ALL_INDICATORS
    )
    text = f"{report.year}: {computed} of 9 indicators computed, {problems}"
    if errors:
        return Outcome(path, EXIT_DATA, text + "; see its Checks sheet")
    return Outcome(path, EXIT_OK, text)


def _wdes_outcome(path: str, payload: dict[str, object], problems: str, errors: int) -> Outcome:
    """A WDES workbook's line: its metrics are counted from the refresh's JSON (SPEC §10)."""
    metrics = payload.get("indicators")
    year = payload.get("year")
    if year is None or not isinstance(metrics, dict):
        return Outcome(path, EXIT_DATA, f"WDES, no data yet ({problems}); see its Checks sheet")
    computed = sum(
        1
        for item in metrics.values()
        if isinstance(item, dict) and item.get("rating") not in ("Not computed", None)
    )
    text = f"WDES {year}: {computed} of {len(metrics)} metrics computed, {problems}"
    if errors:
        return Outcome(path, EXIT_DATA, text + "; see its Checks sheet")
    return Outcome(path, EXIT_OK, text)


#: Refreshes in flight in one worker (one computes while the other waits for the disk), and
#: workbooks handed to a worker at once.
THREADS = 2
CHUNK = 4


def _warm() -> None:
    """Import the refresh once per worker, before its first workbook (the package writer
    too, which a refresh imports only when it saves), then set what was imported aside from
    the garbage collector: it lives as long as the worker, and scanning it again on every
    collection costs each workbook's refresh time for nothing."""
    import wres_xl.workbook.files
    import wres_xl.workbook.package_write  # noqa: F401

    gc.collect()
    gc.freeze()


def refresh_some(paths: Sequence[str]) -> list[Outcome]:
    """Refresh ``paths`` (one worker's share) ``THREADS`` at a time."""
    if len(paths) == 1:
        return [refresh_one(paths[0])]
    threads = ThreadPoolExecutor(max_workers=THREADS)
    futures = [threads.submit(refresh_one, path) for path in paths]
    try:
        return [future.result() for future in futures]
    finally:
        # Stopped (Ctrl+C): the workbooks not started are left as they are; the refreshes
        # under way finish (a refresh replaces its workbook whole, or not at all).
        threads.shutdown(wait=True, cancel_futures=True)


def _chunks(workbooks: Sequence[Path], jobs: int) -> list[list[str]]:
    """The workbooks in shares of up to ``CHUNK``, the biggest first; fewer to a share
    when there are few workbooks for each worker."""

    def size(path: Path) -> int:
        try:
            return path.stat().st_size
        except OSError:
            return 0

    ordered = sorted(workbooks, key=size, reverse=True)
    n = max(1, min(CHUNK, len(ordered) // (jobs * 2)))
    return [[str(p) for p in ordered[i : i + n]] for i in range(0, len(ordered), n)]


def _context() -> multiprocessing.context.BaseContext:
    # fork shares the already-imported refresh with every worker at no cost; macOS's system
    # libraries are not fork-safe, and Windows has only spawn.
    if sys.platform.startswith("linux"):
        _warm()
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


_LABEL = {EXIT_OK: "ok", EXIT_DATA: "errors", EXIT_USAGE: "not done"}


def _line(outcome: Outcome) -> str:
    return f"{_LABEL[outcome.code]:<9}{outcome.path}  {outcome.text}"


def refresh_many(workbooks: Sequence[Path], *, jobs: int, skipped: Iterable[Path] = ()) -> int:
    """Refresh ``workbooks`` with ``jobs`` workers, print one line each and a summary, and
    return the worst exit code."""
    skipped = list(skipped)
    if not workbooks:
        raise WresFileError(
            "No workbooks to refresh: no .xlsx or .xlsm files were found"
            + (f" (skipped {counted(len(skipped), 'backup or temporary file')})" if skipped else "")
            + ". Nothing was changed."
        )
    jobs = max(1, min(jobs, len(workbooks)))
    start = time.perf_counter()
    outcomes: list[Outcome] = []
    names = [str(p) for p in workbooks]
    try:
        if jobs == 1:
            for name in names:
                outcomes.append(refresh_one(name))
                print(_line(outcomes[-1]), flush=True)
        else:
            with ProcessPoolExecutor(
                max_workers=jobs, mp_context=_context(), initializer=_warm
            ) as pool:
                futures: list[Future[list[Outcome]]] = [
                    pool.submit(refresh_some, share) for share in _chunks(workbooks, jobs)
                ]
                try:
                    for future in as_completed(futures):
                        for outcome in future.result():
                            outcomes.append(outcome)
                            print(_line(outcome), flush=True)
                except BaseException:
                    for future in futures:
                        future.cancel()
                    raise
    except KeyboardInterrupt:
        done = sum(o.code != EXIT_USAGE for o in outcomes)
        print(
            f"Stopped: {counted(done, 'workbook')} had been refreshed (each keeps its backup); "
            f"the other {len(workbooks) - done} were not changed, apart from any being "
            "refreshed as it stopped (each of those was refreshed whole, with its backup).",
            file=sys.stderr,
        )
        return EXIT_USAGE
    seconds = time.perf_counter() - start
    clean = sum(o.code == EXIT_OK for o in outcomes)
    with_errors = sum(o.code == EXIT_DATA for o in outcomes)
    failed = sum(o.code == EXIT_USAGE for o in outcomes)
    summary = (
        f"Refreshed {len(outcomes) - failed} of {counted(len(workbooks), 'workbook')} in "
        f"{seconds:.1f} s with {counted(jobs, 'worker')}: {clean} without data errors, "
        f"{with_errors} with data errors (listed on their Checks sheets), {failed} not refreshed"
    )
    if skipped:
        summary += f"; skipped {counted(len(skipped), 'backup or temporary file')}"
    print(summary + ".")
    return max((o.code for o in outcomes), default=EXIT_OK)
