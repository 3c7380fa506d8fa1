"""``wres-xl report FILE OUT.docx`` and the ribbon's Report button: the WRES report document.

The content is built as plain data by ``wres_xl.report.document`` from the suppressed
publication model only; this module reads the workbook (through either backend, so the
ribbon and the command line run the same code), writes the Word file with python-docx
and draws the charts with matplotlib (imported here only, so nothing else pays for it).
The file goes to a temporary name beside the target and is moved into place only when
complete; an existing file is never replaced unless ``force`` is given.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from wres_xl.core.indicators import compute_report, report_year
from wres_xl.core.model import RawTable
from wres_xl.errors import WresError, WresFileError, WresFileNotFoundError
from wres_xl.report.document import (
    ActionItem,
    Chart,
    Document,
    Heading,
    PageBreak,
    Paragraph,
    Table,
    TableOfContents,
    build_document,
)
from wres_xl.report.publication import build_publication_model, publication_rules
from wres_xl.workbook.interface import WorkbookBackend
from wres_xl.workbook.outputs import OutputPlan
from wres_xl.workbook.refresh import read_inputs

CREATOR = "wres-xl"
#: Okabe–Ito colours (distinguishable with the common colour-vision deficiencies), each
#: series also with its own hatching, and every bar labelled with its value.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9")
HATCHES = ("", "//", "..", "xx", "\\\\")
#: Trend lines: each series its own marker and dash as well as its colour.
MARKERS = ("o", "s", "^", "D", "v")
DASHES = ("-", "--", ":", "-.", (0, (5, 1, 1, 1)))
_INTERNAL_ACTION_STATUSES = {"dismissed"}


def report_path_for(workbook: Path) -> Path:
    """Where the Report button (and the demo) put the document: beside the workbook."""
    return workbook.with_name(f"{workbook.stem} WRES report.docx")


def build_report(backend: WorkbookBackend, source_name: str) -> Document:
    """The report document's content for the workbook behind ``backend``."""
    data, tables = read_inputs(backend)
    year = report_year(data)
    if year is None:
        raise WresError(
            f"'{source_name}' has nothing to report: its input tables are empty. Fill in the "
            "Workforce table (and the others), then make the report again."
        )
    backend.progress(f"Computing the nine indicators for {year}")
    report = compute_report(data, year)
    try:
        publication_rules(report)
    except WresError as error:
        raise WresError(
            f"No report was written, because a setting on the Settings sheet of "
            f"'{source_name}' cannot be used: {error}"
        ) from error
    backend.progress("Hiding small numbers")
    publication = build_publication_model(report)
    return build_document(report, publication, action_items(tables.get("tblActions")))


def action_items(table: RawTable | None) -> list[ActionItem]:
    """The action plan as published: the user's own columns only (no ID, source or the
    tool's rating, which could carry a figure the publication hides), dismissed rows left out."""
    if table is None:
        return []

    def cell(row: Sequence[object], name: str) -> str:
        index = table.column_index(name)
        value = row[index] if index is not None and index < len(row) else None
        if value is None:
            return ""
        if hasattr(value, "strftime"):
            return f"{value:%d %B %Y}"
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return " ".join(str(value).split())

    items = []
    for row in table.rows:
        if not cell(row, "Action"):
            continue
        if cell(row, "Status").casefold() in _INTERNAL_ACTION_STATUSES:
            continue
        items.append(
            ActionItem(
                cell(row, "Indicator"),
                cell(row, "Action"),
                cell(row, "Measure of success"),
                cell(row, "Timescale"),
                cell(row, "Lead"),
                cell(row, "Status"),
            )
        )
    return items


def write_report(
    source: Path,
    out: Path,
    *,
    force: bool = False,
    on_progress: Callable[[str], None] | None = None,
    plan: OutputPlan | None = None,
) -> Path:
    """``wres-xl report``: read ``source`` (an .xlsx/.xlsm workbook), write ``out``.

    ``out`` goes through the one output rule (:mod:`wres_xl.workbook.outputs`); a command that
    writes several files (the demo) passes the plan it has already checked them all in."""
    from wres_xl.workbook.openpyxl_backend import OpenpyxlWorkbook, load_workbook

    source, out = Path(source), Path(out)
    if not source.exists():
        raise WresFileNotFoundError(
            f"'{source}' does not exist. Check the file name and folder of your WRES workbook."
        )
    if source.suffix.lower() not in (".xlsx", ".xlsm"):
        raise WresFileError(
            f"'{source.name}' is not an Excel workbook wres-xl can read (it needs .xlsx or .xlsm)."
        )
    if plan is None:
        plan = report_plan(source, out, force=force)
    backend = OpenpyxlWorkbook(load_workbook(source), path=source, on_progress=on_progress)
    from wres_xl.commands.publish.wdes import build_wdes_report
    from wres_xl.workbook.wdes_refresh import workbook_standard

    if workbook_standard(backend).name == "WDES":
        document = build_wdes_report(backend, source.name)
    else:
        document = build_report(backend, source.name)
    if on_progress:
        on_progress("Writing the report document")
    return write_docx(document, out, plan)


def report_plan(source: Path, out: Path, *, force: bool = False) -> OutputPlan:
    """The checked plan for writing one report document ``out`` from ``source``."""
    plan = OutputPlan([source], force=force)
    add_report_output(plan, out)
    plan.validate()
    return plan


def add_report_output(plan: OutputPlan, out: Path) -> None:
    plan.add(out, "the report document", suffixes=(".docx",))


# --------------------------------------------------------------------------- Word


def write_docx(document: Document, out: Path, plan: OutputPlan) -> Path:
    """Render ``document`` and write it to ``out`` as ``plan`` (already validated) allows."""
    buffer = io.BytesIO()
    render_docx(document).save(buffer)
    return plan.write_bytes(Path(out), buffer.getvalue())


def render_docx(document: Document) -> Any:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    word = docx.Document()
    _properties(word, document)
    section = word.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.0))
    normal = word.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10.5)
    _header_footer(section, document)
    new_page = False
    for element in document.elements:
        if isinstance(element, PageBreak):
            new_page = True
            continue
        first = _end_of_body(word)
        if isinstance(element, Heading):
            word.add_heading(element.text, element.level)
        elif isinstance(element, Paragraph):
            _paragraph(word, element)
        elif isinstance(element, Table):
            _table(word, element)
        elif isinstance(element, Chart):
            _picture(word, element)
        elif isinstance(element, TableOfContents):
            _toc(word, document)
        if new_page:
            _start_page(word, first)
            new_page = False
    return word


def _end_of_body(word: Any) -> int:
    """Where the next element goes in the body: before its closing section properties."""
    from docx.oxml.ns import qn

    body = word.element.body
    return len(body) - 1 if len(body) and body[-1].tag == qn("w:sectPr") else len(body)


def _start_page(word: Any, first: int) -> None:
    """The element that starts at body position ``first`` opens a new page: its first
    paragraph is set "page break before", rather than an empty paragraph holding a break,
    which makes a blank page whenever the page before ends full."""
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph as WordParagraph

    body = word.element.body
    if first < len(body) and body[first].tag == qn("w:p"):
        WordParagraph(body[first], word._body).paragraph_format.page_break_before = True
        return
    marker = word.add_paragraph()  # a table first: an empty paragraph breaks before it
    marker.paragraph_format.page_break_before = True
    body.insert(first, marker._p)


def _properties(word: Any, document: Document) -> None:
    """Only what the document itself says: no author, no template or editing metadata."""
    import datetime as dt

    props = word.core_properties
    props.author = CREATOR
    props.last_modified_by = ""
    props.title = document.title
    props.subject = ""
    props.keywords = ""
    props.comments = ""
    props.category = ""
    props.revision = 1
    stamp = dt.datetime(2000, 1, 1, tzinfo=dt.UTC).replace(tzinfo=None)
    props.created = stamp
    props.modified = stamp
    props.last_printed = stamp


def _fld_char(kind: str) -> Any:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    fld = OxmlElement("w:fldChar")
    fld.set(qn("w:fldCharType"), kind)
    if kind == "begin":
        fld.set(qn("w:dirty"), "true")
    return fld


def _field(paragraph: Any, instruction: str, placeholder: str = "", close: bool = True) -> None:
    """A Word field (page number, table of contents); python-docx has no API for them."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def char(kind: str) -> Any:
        run = OxmlElement("w:r")
        run.append(_fld_char(kind))
        return run

    instr_run = OxmlElement("w:r")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    instr_run.append(instr)
    p = paragraph._p
    p.append(char("begin"))
    p.append(instr_run)
    p.append(char("separate"))
    text_run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = placeholder
    text_run.append(text)
    p.append(text_run)
    if close:
        p.append(char("end"))


def _header_footer(section: Any, document: Document) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    header = section.header.paragraphs[0]
    header.text = document.page_header
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for run in header.runs:
        run.font.size = Pt(8.5)
    footer = section.footer.paragraphs[0]
    footer.text = f"{document.page_footer} · Page "
    _field(footer, "PAGE", "1")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES", "1")
    for run in footer.runs:
        run.font.size = Pt(8)


def _toc(word: Any, document: Document) -> None:
    """A Word table-of-contents field over the headings. Its shown result is the list of
    main headings (without page numbers) until Word updates the field, which it offers to do
    when the document opens."""
    from docx.oxml import OxmlElement

    headings = [e.text for e in document.elements if isinstance(e, Heading) and e.level == 1]
    entries = [h for h in headings if h != "Contents"]
    first = word.add_paragraph()
    _field(first, 'TOC \\o "1-2" \\h \\z \\u', entries[0] if entries else "", close=False)
    for text in entries[1:]:
        word.add_paragraph(text)
    last = word.add_paragraph(
        "(In Word: right-click the contents and choose Update Field to add page numbers.)"
    )
    end = OxmlElement("w:r")
    end.append(_fld_char("end"))
    last._p.append(end)


def _paragraph(word: Any, element: Paragraph) -> None:
    from docx.shared import Pt, RGBColor

    style = {"bullet": "List Bullet", "note": None, "cover": None}.get(element.kind)
    paragraph = word.add_paragraph(style=style)
    if element.lead:
        paragraph.add_run(element.lead).bold = True
    run = paragraph.add_run(element.text)
    if element.kind == "note":
        run.italic = True
        run.font.size = Pt(9)
        run.font.color.rgb = RGBColor(0x42, 0x55, 0x63)
    elif element.kind == "cover":
        run.font.size = Pt(16)


def _table(word: Any, element: Table) -> None:
    from docx.shared import Pt

    width = max(len(element.header), *(len(r) for r in element.rows)) if element.rows else 0
    width = max(width, len(element.header))
    if width == 0:
        return
    if element.caption:
        caption = word.add_paragraph(style="Caption")
        caption.add_run(element.caption)
        caption.paragraph_format.keep_with_next = True
    table = word.add_table(rows=1, cols=width)
    table.style = "Table Grid"
    for i, text in enumerate(element.header):
        cell = table.rows[0].cells[i]
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    _repeat_header(table.rows[0])
    for values in element.rows:
        cells = table.add_row().cells
        for i, text in enumerate(values[:width]):
            cells[i].text = text
    size = _column_widths(table, element, width)
    for row in table.rows:
        _keep_row_whole(row)
        if size != _BODY_POINTS:
            for run in (r for c in row.cells for p in c.paragraphs for r in p.runs):
                run.font.size = Pt(size)
    _keep_table_together(table, element)
    word.add_paragraph()


#: Tables with more columns than this are set in 8.5-point type (smaller still when their
#: longest words would not fit across the page at that size).
_SMALL_TABLE_COLUMNS = 6
_BODY_POINTS = 10.5
_TABLE_POINTS = {False: (_BODY_POINTS, 9.5, 8.5), True: (8.5, 8.0, 7.5)}
_TEXT_WIDTH_CM = 17.0
_SHORT_COLUMN = 12
#: Centimetres an average character of bold Arial takes at 8.5 points (checked against
#: Liberation Sans Bold: "Unknown" 1.35 cm, "Appointment" 1.85 cm), and a cell's own
#: margins (0.19 cm a side) with room to spare.
_CM_PER_CHAR_8_5 = 0.18
_CELL_PADDING_CM = 0.5
#: Character widths against the average, so "Unknown" and "Shortlisted" are measured
#: apart (Arial's capitals and m, w are wide; i, l, t and punctuation narrow).
_WIDE, _NARROW = frozenset("ABCDEFGHKNOQRSUVXYZmw%"), frozenset("ijlftrI.,;:'!|()- ")


def _text_width(text: str, per_char: float) -> float:
    weights = (1.3 if c in _WIDE else 0.5 if c in _NARROW else 1.0 for c in text)
    return sum(weights) * per_char


def _pieces(text: str) -> list[str]:
    """The parts a line may break between: spaces, and after a hyphen (Word breaks
    "Under-represented" after the hyphen)."""
    return [p for word in text.split() for p in re.split(r"(?<=-)", word) if p]


def _column_widths(table: Any, element: Table, width: int) -> float:
    """Columns as wide as their text needs (long action texts get the room), within the
    page: equal widths make a six-column action plan one word per line. No column is
    narrower than its longest word in bold ("BME", "Unknown", "Appointment" are never
    broken inside the word): the type gets smaller first. Returns the type size (points)."""
    from docx.shared import Cm

    texts_by_col = [
        [element.header[col] if col < len(element.header) else ""]
        + [r[col] for r in element.rows if col < len(r)]
        for col in range(width)
    ]
    pieces = [[w for t in texts for w in _pieces(t)] or ["x"] for texts in texts_by_col]
    for points in _TABLE_POINTS[width > _SMALL_TABLE_COLUMNS]:
        per_char = _CM_PER_CHAR_8_5 * points / 8.5
        floors = [max(_text_width(w, per_char) for w in p) + _CELL_PADDING_CM for p in pieces]
        if sum(floors) <= _TEXT_WIDTH_CM:
            break
    needs = [
        max(min(max(len(t) for t in texts), 60), max(len(w) for w in p), 3)
        for texts, p in zip(texts_by_col, pieces, strict=True)
    ]
    # Short columns (numbers, single words) get what their longest entry needs; the
    # long-text columns share what is left, by how much text they hold.
    cm = [
        max(need * per_char + _CELL_PADDING_CM, floor) if need <= _SHORT_COLUMN else 0.0
        for need, floor in zip(needs, floors, strict=True)
    ]
    left = _TEXT_WIDTH_CM - sum(cm)
    flexible = sum(need for need, w in zip(needs, cm, strict=True) if w == 0.0)
    if flexible:
        cm = [
            w or max(2.0, floor, left * need / flexible)
            for need, floor, w in zip(needs, floors, cm, strict=True)
        ]
    cm = _fit_across(cm, floors)
    table.autofit = False
    for col, width_cm in enumerate(cm):
        size = Cm(width_cm)
        # Both the grid (LibreOffice reads it) and each cell (Word reads those).
        table.columns[col].width = size
        for cell in table.columns[col].cells:
            cell.width = size
    return points


def _fit_across(cm: list[float], floors: list[float]) -> list[float]:
    """Widths that add up to the text width: what a column has above its floor (its
    longest word) shrinks or grows first; only when the floors alone are too wide is
    every column scaled."""
    floors = [min(f, w) for f, w in zip(floors, cm, strict=True)]
    room, spare = _TEXT_WIDTH_CM - sum(floors), sum(cm) - sum(floors)
    if room <= 0 or spare <= 0:
        scale = _TEXT_WIDTH_CM / sum(cm)
        return [w * scale for w in cm]
    return [f + (w - f) * room / spare for f, w in zip(floors, cm, strict=True)]


def _repeat_header(row: Any) -> None:
    """A table that runs over a page repeats its header row (Word's 'Repeat as header row')."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _keep_row_whole(row: Any) -> None:
    """A row never breaks across a page (Word's "Allow row to break across pages" off)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    if properties.find(qn("w:cantSplit")) is None:
        properties.insert(0, OxmlElement("w:cantSplit"))


#: Tables of up to this many lines of text are kept on one page (each row's paragraphs
#: "keep with next"); a longer one runs over a page, repeating its header row there.
_KEEP_TOGETHER_LINES = 40


def _keep_table_together(table: Any, element: Table) -> None:
    widths = [max(1.0, c.width.cm if c.width else 2.0) for c in table.columns]
    lines = 0
    for values in [element.header, *element.rows]:
        # About 5.5 characters of 8.5-point Arial to the centimetre.
        lines += max(
            (
                -(-len(text) // max(1, int(w * 5.5)))
                for text, w in zip(values, widths, strict=False)
            ),
            default=1,
        )
    if lines > _KEEP_TOGETHER_LINES:
        return
    for row in table.rows[:-1]:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


def _picture(word: Any, chart: Chart) -> None:
    from docx.shared import Cm

    stream = io.BytesIO(chart_png(chart))
    word.add_picture(stream, width=Cm(16))
    caption = word.add_paragraph(style="Caption")
    caption.add_run(chart.description or chart.title)
    # Alternative text for screen readers: the drawing's description.
    inline = word.inline_shapes[-1]._inline
    inline.docPr.set("descr", chart.description or chart.title)


def chart_png(chart: Chart) -> bytes:
    """The chart as a PNG: bars with values written on them, one colour and one hatching
    per series, reference lines dashed and labelled, a marker where a figure is hidden."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    if chart.kind == "line":
        return _line_png(chart)
    many = len(chart.categories) > 8
    fig, ax = plt.subplots(figsize=(8, 4.4 if many else 3.6), dpi=150)
    try:
        n = len(chart.series)
        width = 0.8 / max(n, 1)
        top = 0.0
        for s_index, series in enumerate(chart.series):
            for c_index, value in enumerate(series.values):
                x = c_index + (s_index - (n - 1) / 2) * width
                if value is None:
                    if c_index not in series.absent:
                        ax.text(x, 0, chart.marker, ha="center", va="bottom", fontsize=10)
                    continue
                ax.bar(
                    x,
                    value,
                    width * 0.95,
                    color=PALETTE[s_index % len(PALETTE)],
                    hatch=HATCHES[s_index % len(HATCHES)],
                    edgecolor="#222222",
                    linewidth=0.6,
                    label=series.name,
                )
                top = max(top, value)
                ax.text(
                    x,
                    value,
                    _label(value, chart.unit),
                    ha="center",
                    va="bottom",
                    fontsize=7 if many else 8,
                    rotation=90 if many else 0,
                )
        for value, label in chart.references:
            ax.axhline(value, color="#333333", linestyle="--", linewidth=1)
            ax.text(
                len(chart.categories) - 0.5, value, f" {label}", va="bottom", ha="right", fontsize=7
            )
            top = max(top, value)
        ax.set_xticks(range(len(chart.categories)))
        ax.set_xticklabels(
            chart.categories,
            rotation=60 if many else 0,
            ha="right" if many else "center",
            fontsize=7 if many else 9,
        )
        ax.set_ylim(0, top * 1.25 if top > 0 else 1)
        if chart.unit == "percent":
            ax.yaxis.set_major_formatter(lambda v, _: f"{v * 100:.0f}%")
        ax.set_ylabel(chart.y_label)
        ax.set_title(chart.title, fontsize=10)
        handles, labels = ax.get_legend_handles_labels()
        unique = dict(zip(labels, handles, strict=False))
        if len(unique) > 1:
            ax.legend(unique.values(), unique.keys(), fontsize=8, loc="upper left")
        return _finished_png(fig, ax)
    finally:
        plt.close(fig)


def _line_png(chart: Chart) -> bytes:
    """A trend: one line per series over the years, each with its own marker and dash
    (never colour alone), every point labelled with its value, and the marker written
    where a year's figure is not published (the line breaks there)."""
    from matplotlib import pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 3.8), dpi=150)
    try:
        xs = range(len(chart.categories))
        top = 0.0
        for n, series in enumerate(chart.series):
            ys = [float("nan") if v is None else v for v in series.values]
            ax.plot(
                xs,
                ys,
                color=PALETTE[n % len(PALETTE)],
                linestyle=DASHES[n % len(DASHES)],
                marker=MARKERS[n % len(MARKERS)],
                markersize=6,
                linewidth=1.8,
                label=series.name,
            )
            for x, value in zip(xs, series.values, strict=True):
                if value is None:
                    if x not in series.absent:
                        ax.annotate(chart.marker, (x, 0), ha="center", va="bottom", fontsize=10)
                    continue
                top = max(top, value)
                ax.annotate(
                    _label(value, chart.unit),
                    (x, value),
                    textcoords="offset points",
                    xytext=(0, 6 if n % 2 == 0 else -12),
                    ha="center",
                    fontsize=7,
                )
        for value, label in chart.references:
            ax.axhline(value, color="#333333", linestyle=(0, (2, 2)), linewidth=0.8)
            ax.text(
                len(chart.categories) - 1, value, f" {label}", va="bottom", ha="right", fontsize=7
            )
            top = max(top, value)
        ax.set_xticks(list(xs))
        ax.set_xticklabels(chart.categories, fontsize=9)
        ax.set_xlim(-0.4, len(chart.categories) - 0.6)
        ax.set_ylim(0, top * 1.25 if top > 0 else 1)
        if chart.unit == "percent":
            ax.yaxis.set_major_formatter(lambda v, _: f"{v * 100:.0f}%")
        ax.set_ylabel(chart.y_label)
        ax.set_title(chart.title, fontsize=10)
        ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
        return _finished_png(fig, ax)
    finally:
        plt.close(fig)


def _finished_png(fig: Any, ax: Any) -> bytes:
    """A drawn chart as PNG bytes: the same frame and the same file for every chart."""
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    buffer = io.BytesIO()
    # No metadata: the image says nothing beyond what is drawn.
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def _label(value: float, unit: str) -> str:
    if unit == "percent":
        return f"{value * 100:.1f}%"
    if unit == "ratio":
        return f"{value:.2f}"
    if unit == "score":
        return f"{value:.1f}"
    return f"{value:+.1f}"
