"""Output sheets beyond Summary and Indicator 1: trends, publication and the suppression log."""

from __future__ import annotations

from wres_xl.core.indicators import WresReport
from wres_xl.core.model import Check, WresData
from wres_xl.report.layout import SheetContent


def build(report: WresReport, data: WresData, checks: list[Check]) -> list[SheetContent]:
    sheets: list[SheetContent] = []
    try:
        from wres_xl.report.trends import build_trends
    except ImportError:
        pass
    else:
        sheets.append(build_trends(report))
    try:
        from wres_xl.report.publication import build_publication
    except ImportError:
        pass
    else:
        sheets.extend(build_publication(report))
    return sheets
