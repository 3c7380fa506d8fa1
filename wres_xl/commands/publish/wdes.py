"""``wres-xl publish`` and ``wres-xl report`` of a WDES workbook, on the WRES machinery.

The tables go through the WRES ledger and suppression (report/wdes_publication.py), the copy
is written by the same ``values_only_workbook`` and inspected by the same
``inspect_publish_copy`` before it is moved into place; only the sheets differ: the summary
of the metrics, the detailed tables, the action plan and About (no Charts sheet). The report
document is built from the same suppressed publication (report/wdes_document.py).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from wres_xl.commands.publish.wres import (
    ABOUT_SHEET,
    NothingToPublishError,
    PublishResult,
    _write_checked,
    about_sheet,
    checked_rules,
    values_only_workbook,
)
from wres_xl.core.schema import ACTIONS, PUBLICATION_SHEET
from wres_xl.errors import WresError
from wres_xl.report.document import Document
from wres_xl.report.layout import print_ready
from wres_xl.report.publish_sheets import (
    PUBLISHED_ACTIONS,
    PUBLISHED_SUMMARY,
    published_actions_sheet,
)
from wres_xl.report.wdes_publication import (
    build_wdes_publication_model,
    build_wdes_published_summary,
    render_wdes_publication,
    wdes_organisation_line,
)
from wres_xl.workbook.interface import WorkbookBackend
from wres_xl.workbook.openpyxl_backend import OpenpyxlWorkbook
from wres_xl.workbook.outputs import OutputPlan
from wres_xl.workbook.wdes_refresh import analyse_wdes

WDES_PUBLISHED_SHEETS: tuple[str, ...] = (
    PUBLISHED_SUMMARY,
    PUBLICATION_SHEET,
    PUBLISHED_ACTIONS,
    ABOUT_SHEET,
)


def publish_wdes(
    workbook: OpenpyxlWorkbook,
    source: Path,
    out: Path,
    plan: OutputPlan,
    progress: Callable[[str], None],
) -> PublishResult:
    from wres_xl.commands.report.docx import action_items

    _, report, checks, tables = analyse_wdes(workbook)
    if report is None:
        raise NothingToPublishError(
            f"'{source.name}' has nothing to publish: its WDES input tables are empty. Fill in "
            "the Workforce table (and the others), refresh, and publish again. Nothing was "
            "changed.",
            checks=checks,
        )
    rules = checked_rules(report, source, checks, progress)
    progress("Hiding small numbers")
    publication, builder = build_wdes_publication_model(report)
    organisation = report.settings.organisation
    sheets = [
        build_wdes_published_summary(report, publication, builder),
        render_wdes_publication(publication, report),
        published_actions_sheet(
            "Disabled",
            report.year,
            wdes_organisation_line(report),
            action_items(tables.get("tblActions")),
            standard="WDES",
            first_column="Metric",
        ),
        about_sheet(
            organisation,
            report.year,
            rules,
            standard="Workforce Disability Equality Standard (WDES)",
            short="WDES",
        ),
    ]
    for content in sheets:
        print_ready(content, organisation=organisation, year=report.year, standard="WDES")
    progress("Writing the publication-safe copy")
    _write_checked(values_only_workbook(sheets), out, plan, WDES_PUBLISHED_SHEETS)
    return PublishResult(out, checks)


def build_wdes_report(backend: WorkbookBackend, source_name: str) -> Document:
    """The WDES report document's content (``wres-xl report`` on a WDES workbook)."""
    from wres_xl.commands.report.docx import action_items
    from wres_xl.report.wdes_document import build_wdes_document
    from wres_xl.report.wdes_publication import build_wdes_publication_model

    _, report, _, tables = analyse_wdes(backend)
    if report is None:
        raise WresError(
            f"'{source_name}' has nothing to report: its WDES input tables are empty. Fill in "
            "the Workforce table (and the others), then make the report again."
        )
    backend.progress("Hiding small numbers")
    publication, builder = build_wdes_publication_model(report)
    return build_wdes_document(report, publication, builder, action_items(tables.get(ACTIONS.name)))
