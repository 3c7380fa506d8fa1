"""``wres-xl publish FILE OUT``: the publication-safe copy of a WRES workbook (SPEC §5).

The copy is a new workbook written from scratch, never a copy of the source, so nothing
the source holds can travel with it: it has the Publication sheet's values (small
numbers already hidden) and a short About sheet, and nothing else: no formulas, input or
hidden sheets, comments, defined names, external links, macros, data validation, or
document properties from the source. The written file is inspected before it is moved
into place, and the source workbook is only ever read.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from openpyxl import Workbook

from wres_xl.core.indicators import WresReport
from wres_xl.core.model import Check, Severity
from wres_xl.core.schema import PUBLICATION_SHEET
from wres_xl.core.suppression import SuppressionRules, footnote_text
from wres_xl.core.wdes import WdesReport
from wres_xl.errors import WresError, WresFileError, WresFileNotFoundError
from wres_xl.report.layout import SheetContent, print_ready
from wres_xl.report.publication import (
    build_publication_model,
    publication_rules,
    render_publication,
)
from wres_xl.report.publish_sheets import (
    PUBLISHED_ACTIONS,
    PUBLISHED_CHARTS,
    PUBLISHED_SUMMARY,
    build_published_actions,
    build_published_charts,
    build_published_summary,
)
from wres_xl.workbook.openpyxl_backend import OpenpyxlWorkbook, load_workbook
from wres_xl.workbook.outputs import Confirm, OutputPlan, ask_in_terminal, same_file
from wres_xl.workbook.refresh import analyse_workbook
from wres_xl.workbook.template import FIXED_TIMESTAMP, save_workbook_deterministic
from wres_xl.workbook.wdes_refresh import workbook_standard

ABOUT_SHEET = "About"
#: The summary leads, then the charts, the detailed tables and the action plan.
PUBLISHED_SHEETS: tuple[str, ...] = (
    PUBLISHED_SUMMARY,
    PUBLISHED_CHARTS,
    PUBLICATION_SHEET,
    PUBLISHED_ACTIONS,
    ABOUT_SHEET,
)
CREATOR = "wres-xl"
_SOURCE_SUFFIXES = (".xlsx", ".xlsm")

# Package parts a values-only workbook never needs; any of them would be a way for
# something from the source (or a hidden count) to travel with the copy.
_FORBIDDEN_PARTS = (
    "vbaProject",
    "externalLink",
    "comments",
    "vmlDrawing",
    # Charts are allowed (over the Charts sheet's published figures); pictures are not.
    "media/",
    "pivot",
    "queryTable",
    "connections",
    "customXml",
    "docProps/custom",
    "embeddings",
    "threadedComment",
    "persons",
)
_FORBIDDEN_SHEET_XML = ("<f>", "<f ", "<dataValidations", "<legacyDrawing", "<hyperlinks")
_FORBIDDEN_CORE_FIELDS = (
    "title",
    "subject",
    "keywords",
    "description",
    "lastModifiedBy",
    "category",
    "contentStatus",
    "identifier",
    "lastPrinted",
)


def publish_file(
    source: Path,
    out: Path,
    *,
    on_progress: Callable[[str], None] | None = None,
    force: bool = False,
    confirm: Confirm = ask_in_terminal,
) -> Path:
    """Write the publication-safe copy of ``source`` to ``out`` and return ``out``."""
    return publish_workbook(source, out, on_progress=on_progress, force=force, confirm=confirm).out


@dataclass
class PublishResult:
    out: Path
    #: The same analysis refresh and check run: its errors make ``publish`` exit 1 as they do.
    checks: list[Check]

    @property
    def errors(self) -> list[Check]:
        return [c for c in self.checks if c.severity is Severity.ERROR]


def publish_workbook(
    source: Path,
    out: Path,
    *,
    on_progress: Callable[[str], None] | None = None,
    force: bool = False,
    confirm: Confirm = ask_in_terminal,
    plan: OutputPlan | None = None,
) -> PublishResult:
    """Publish ``source`` to ``out``, reporting the problems a refresh would report.
    ``plan``: one already validated with ``out`` in it (the demo checks all its files
    before writing any)."""
    source, out = Path(source), Path(out)
    _check_source(source, out)
    if plan is None:
        plan = OutputPlan([source], force=force, confirm=confirm)
        add_published_output(plan, out)
        plan.validate()

    def progress(message: str) -> None:
        if on_progress is not None:
            on_progress(message)

    workbook = OpenpyxlWorkbook(load_workbook(source), path=source, on_progress=on_progress)
    if workbook_standard(workbook).name == "WDES":
        from wres_xl.commands.publish.wdes import publish_wdes

        return publish_wdes(workbook, source, out, plan, progress)
    found = analyse_workbook(workbook)
    report = found.report
    if report is None:
        raise NothingToPublishError(
            f"'{source.name}' has nothing to publish: its input tables are empty. Fill in the "
            "Workforce table (and the others), refresh, and publish again. Nothing was changed.",
            checks=found.checks,
        )
    year = report.year
    rules = checked_rules(report, source, found.checks, progress)
    progress("Hiding small numbers")
    publication = build_publication_model(report)
    sheet = render_publication(publication, report)
    from wres_xl.commands.report.docx import action_items

    sheets = [
        build_published_summary(report, publication),
        build_published_charts(report, publication),
        sheet,
        build_published_actions(report, action_items(found.analysis.tables.get("tblActions"))),
        about_sheet(report.settings.organisation, year, rules),
    ]
    for content in sheets:
        print_ready(content, organisation=report.settings.organisation, year=year)
    progress("Writing the publication-safe copy")
    book = values_only_workbook(sheets)
    _write_checked(book, out, plan)
    return PublishResult(out, found.checks)


def add_published_output(plan: OutputPlan, out: Path) -> None:
    plan.add(out, "the publication-safe copy", suffixes=(".xlsx",))


def published_path_for(workbook: Path) -> Path:
    """Where the demo puts the publication-safe copy: beside the workbook."""
    return workbook.with_name(f"{workbook.stem} published.xlsx")


def checked_rules(
    report: WresReport | WdesReport,
    source: Path,
    checks: Sequence[Check],
    progress: Callable[[str], None],
) -> SuppressionRules:
    """The publication rules, or the reason nothing is published; data errors reported."""
    try:
        rules = publication_rules(report)
    except WresError as error:
        raise WresError(
            f"Nothing was published, because a setting on the Settings sheet of "
            f"'{source.name}' cannot be used: {error}"
        ) from error
    errors = [c for c in checks if c.severity is Severity.ERROR]
    if errors:
        progress(
            f"{len(errors)} data error(s) found: the figures they affect are shown as not "
            f"available. Run 'wres-xl check {source.name}' to see them."
        )
    return rules


class NothingToPublishError(WresError):
    """The workbook has no data, so no copy was written (exit 1, as refresh and check)."""

    def __init__(self, message: str, *, checks: list[Check]) -> None:
        super().__init__(message)
        self.checks = checks


def about_sheet(
    organisation: str,
    year: int,
    rules: SuppressionRules,
    standard: str = "Workforce Race Equality Standard (WRES)",
    short: str = "WRES",
) -> SheetContent:
    """A short explanation of the copy, from nothing but what the copy already shows."""
    sheet = SheetContent(ABOUT_SHEET, landscape=False)
    sheet.text(1, 1, "About this file", "title")
    sheet.row_heights[1] = 24
    who = organisation or "the organisation"
    lines = [
        f"The {standard} figures of {who} for {year}, ready to publish.",
        f"Made by wres-xl from the organisation's {short} workbook. This file holds values only: "
        "no formulas, no input data and no hidden sheets.",
        f"How small numbers are protected: {footnote_text(rules)}",
    ]
    for row, line in enumerate(lines, start=3):
        sheet.text(row, 1, line, "wrap_plain")
        sheet.row_heights[row] = 48
    sheet.column_widths = {1: 100}
    sheet.print_header = f"About this file, {short} {year}"
    return sheet


def values_only_workbook(sheets: list[SheetContent]) -> Workbook:
    """A brand-new workbook holding ``sheets`` as plain values and formats."""
    book = Workbook()
    default = book.active
    writer = OpenpyxlWorkbook(book)
    for content in sheets:
        # Print titles are the one defined name the copy may hold (_xlnm.Print_Titles, a
        # range on its own sheet); charts draw only from the sheet they sit on.
        writer.write_sheet(replace(content, hidden=False))
    if default is not None:
        book.remove(default)
    book.active = 0
    props = book.properties
    props.creator = CREATOR
    props.lastModifiedBy = None
    props.title = None
    props.subject = None
    props.keywords = None
    props.description = None
    props.category = None
    props.created = FIXED_TIMESTAMP
    props.modified = FIXED_TIMESTAMP
    return book


def _check_source(source: Path, out: Path) -> None:
    if not source.exists():
        raise WresFileNotFoundError(
            f"'{source}' does not exist. Check the file name and folder of your WRES workbook."
        )
    if source.is_dir():
        raise WresFileError(f"'{source}' is a folder, not an Excel workbook.")
    if source.suffix.lower() not in _SOURCE_SUFFIXES:
        raise WresFileError(
            f"'{source.name}' is not an Excel workbook wres-xl can read (it needs .xlsx or "
            ".xlsm). In Excel use File ▸ Save As ▸ Excel Workbook (.xlsx)."
        )
    if out.suffix.lower() != ".xlsx":
        raise WresFileError(
            f"The publication-safe copy must be an Excel workbook whose name ends in .xlsx, "
            f"not '{out.name}'. For example: wres-xl publish {source.name} "
            f"{source.stem}-publication.xlsx"
        )
    if same_file(source, out):
        raise WresFileError(
            f"The publication-safe copy cannot be written over '{source.name}' itself: that "
            "would replace your workbook and its data. Give the copy a new name, for example "
            f"{source.stem}-publication.xlsx."
        )


def _write_checked(
    book: Workbook, out: Path, plan: OutputPlan, sheets: Sequence[str] = PUBLISHED_SHEETS
) -> None:
    tmp = plan.temporary(out)
    try:
        save_workbook_deterministic(book, tmp)
        problems = inspect_publish_copy(tmp, sheets)
        if problems:
            raise WresError(
                "Nothing was published: the copy failed its final safety check ("
                + "; ".join(problems)
                + "). Please report this to the wres-xl team."
            )
        plan.commit(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)


def inspect_publish_copy(path: Path, expected: Sequence[str] = PUBLISHED_SHEETS) -> list[str]:
    """Everything in a written copy that should not be there (empty when it is clean)."""
    problems: list[str] = []
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        problems.extend(
            f"it contains the part {name}"
            for name in names
            if any(part in name for part in _FORBIDDEN_PARTS)
        )
        workbook = archive.read("xl/workbook.xml").decode("utf-8")
        sheets = re.findall(r'<sheet [^>]*name="([^"]*)"', workbook)
        if sheets != list(expected):
            problems.append(f"its sheets are {sheets}")
        problems.extend(
            "it has defined names other than print titles"
            for name_xml in re.findall(r"<definedName\b[^>]*>[^<]*</definedName>", workbook)
            if 'name="_xlnm.Print_Titles"' not in name_xml or "!" not in name_xml
        )
        for name in names:
            if name.startswith("xl/drawings/") and name.endswith(".xml"):
                drawing = archive.read(name).decode("utf-8")
                # Any namespace prefix (openpyxl writes none, Excel writes xdr:).
                if re.search(r"<(?:\w+:)?(?:pic|sp|grpSp|cxnSp)\b", drawing):
                    problems.append(f"{name} holds a picture or shape")
            if name.startswith("xl/charts/") and name.endswith(".xml"):
                chart = archive.read(name).decode("utf-8")
                refs = re.findall(r"<(?:c:)?f>([^<]*)</(?:c:)?f>", chart)
                if any(not ref.lstrip("'").startswith(PUBLISHED_CHARTS) for ref in refs):
                    problems.append(f"{name} draws from outside the {PUBLISHED_CHARTS} sheet")
        if 'state="hidden"' in workbook or 'state="veryHidden"' in workbook:
            problems.append("it has a hidden sheet")
        for name in names:
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                xml = archive.read(name).decode("utf-8")
                problems.extend(
                    f"{name} contains {tag.strip('<')}"
                    for tag in _FORBIDDEN_SHEET_XML
                    if tag in xml
                )
        core = archive.read("docProps/core.xml").decode("utf-8")
        problems.extend(
            f"its document properties have a {field}"
            for field in _FORBIDDEN_CORE_FIELDS
            if re.search(rf"<\w+:{field}\b", core)
        )
        if f">{CREATOR}<" not in core:
            problems.append("its document properties do not name wres-xl as the creator")
    return problems
