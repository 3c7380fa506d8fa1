"""Rendering the Publication model to the Publication sheet's content."""

from __future__ import annotations

from collections.abc import Iterable

from wres_xl.core.indicators import WresReport
from wres_xl.core.model import Settings
from wres_xl.core.schema import PUBLICATION_SHEET
from wres_xl.core.standard import WRES, Computation, Standard
from wres_xl.core.stats import Rating
from wres_xl.core.suppression import footnote_text
from wres_xl.report.common import organisation_line, title_rows
from wres_xl.report.layout import (
    PrintedTable,
    SheetContent,
    column_letter,
    legend_rows,
    rating_style,
    representation_legend_rows,
)
from wres_xl.report.publication.ledger import Key
from wres_xl.report.publication.model import (
    _COLUMN_WIDTHS,
    _NUMBER_WIDTH,
    WIDTH,
    Block,
    Cell,
    DerivedEntry,
    Line,
    Publication,
    Section,
    _header_height,
    published_figure,
    years_text,
)

#: The words of every "withheld" and "not shown" note (see ``_Renderer.because``).
WITHHELD_NOTE = "Figures withheld to protect small numbers (see the note on small numbers)."
WITHHELD_REASON = (
    "calculated from a count hidden to protect small numbers (see the note on small numbers)."
)


def _describe(value: object, style: str) -> str:
    """A figure as the published sheet would print it, for the log."""
    if isinstance(value, Rating):
        return value.value
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if style.startswith("percent"):
        return f"{value * 100:.1f}%"
    if style == "pvalue":
        return "<0.001" if value < 0.001 else f"{value:.3f}"
    if style == "points":
        return f"{value:+.1f} pts"
    if style.startswith("ratio"):
        return f"{value:.2f}"
    return f"{value:,}" if isinstance(value, int) else f"{value:g}"


class _Renderer:
    def __init__(
        self,
        publication: Publication,
        settings: Settings,
        title: str,
        subtitle: str,
        standard: Standard = WRES,
    ) -> None:
        self.standard = standard
        self.pub = publication
        self.settings = settings
        self.title = title
        self.subtitle = subtitle
        self.rules = publication.rules
        self.ledger = publication.ledger
        self.sheet = SheetContent(PUBLICATION_SHEET, print_title_rows="1:2")
        self.row = 1
        self.headers: list[str] = []
        #: Where each printed table starts and its title (None until its first titled
        #: line names it).
        self.starts: list[list[object]] = []

    def note(self, text: str, style: str = "note_wrap", height: float | None = None) -> None:
        self.sheet.text(self.row, 1, text, style)
        self.sheet.merges.append((self.row, 1, self.row, WIDTH))
        if height is not None:
            self.sheet.row_heights[self.row] = height
        self.row += 1

    def render(self) -> SheetContent:
        title_rows(self.sheet, self.title, self.subtitle)
        self.row = 3
        if self.pub.problem is not None:
            self.note(
                "No figures are shown because a publication setting cannot be used: "
                f"{self.pub.problem}",
                "warning",
                30,
            )
            self._widths()
            return self.sheet
        self.note(footnote_text(self.rules), height=40)
        self.row += 1
        for section in self.pub.sections:
            self.section(section)
        self.row += 1
        self.start("Publication: the colour key")
        self.sheet.text(self.row, 1, "Colour key", "heading")
        self.row += 1
        self.sheet.add(self.row, 1, [["Rating", "Meaning"]], "header_left")
        self.sheet.merges.append((self.row, 2, self.row, WIDTH))
        for label, meaning in self.key_rows():
            self.row += 1
            self.sheet.add(
                self.row, 1, [[label, meaning]], styles=[[rating_style(str(label)), "text_plain"]]
            )
            self.sheet.merges.append((self.row, 2, self.row, WIDTH))
        self.row += 2
        self.start("Publication: the note on small numbers")
        self.sheet.text(self.row, 1, "Note on small numbers", "heading")
        self.row += 1
        self.note(footnote_text(self.rules), height=40)
        self._widths()
        self._tables()
        return self.sheet

    def key_rows(self) -> list[tuple[str, str]]:
        """The colour key's labels and meanings, in the standard's words."""
        term = self.settings.bme_term
        standard = self.standard
        board = standard.first(Computation.BOARD)
        meaning = {
            Rating.REFERENCE_GROUP.value: f"The {standard.reference.label} group, the "
            "reference for comparison"
        }
        return [
            *(
                (str(label), meaning.get(str(label), str(text)))
                for label, text in legend_rows(term)
            ),
            (
                Rating.WORSE.value,
                f"Voting board short of the workforce's {term} share "
                f"({standard.noun.lower()} {board.key})",
            ),
            (Rating.NOT_TESTED.value, self.not_tested_meaning()),
            *((str(label), str(text)) for label, text in representation_legend_rows(term)),
        ]

    def not_tested_meaning(self) -> str:
        """What Not tested means: survey percentages without respondents, and the metrics
        that have no test at all (WDES 8, one group; 9a, mean scores)."""
        untested = {
            Computation.SINGLE_GROUP: f"{self.settings.bme_term} staff only",
            Computation.SCORE: "mean scores",
        }
        noun = self.standard.noun.lower()
        never = [
            f"{noun} {m.key} ({untested[m.computation]})"
            for m in self.standard.metrics
            if m.computation in untested
        ]
        if not never:
            return "Survey percentages without respondent counts, so no significance test"
        return "No significance test: survey percentages without respondent counts, " + (
            " and ".join(never)
        )

    def start(self, title: str | None) -> None:
        """A printed table starts at the current row (a page of its own when printed)."""
        self.starts.append([self.row, title])

    def _tables(self) -> None:
        last = max((b.row + b.height - 1 for b in self.sheet.blocks), default=self.row)
        bounds = [int(str(s[0])) for s in self.starts[1:]] + [last + 1]
        for (first, title), stop in zip(self.starts, bounds, strict=True):
            self.sheet.tables.append(
                PrintedTable(int(str(first)), stop - 1, str(title or self.sheet.title))
            )
        years = sorted({b.year for s in self.pub.sections for b in s.blocks}, reverse=True)
        self.sheet.print_header = f"Publication: the detailed tables, {years_text(years)}"

    def _widths(self) -> None:
        self.sheet.column_widths = {
            c: _COLUMN_WIDTHS.get(c, _NUMBER_WIDTH) for c in range(1, WIDTH + 1)
        }

    def section(self, section: Section) -> None:
        title = f"{section.title}, {years_text([b.year for b in section.blocks])}"
        # Indicator 1 prints a table per staff group and year, each titled by its first
        # line; the others print all their years as one table.
        self.start(None if section.header is None else title)
        self.sheet.text(self.row, 1, title, "heading")
        self.sheet.row_heights[self.row] = 18
        self.row += 1
        for note in section.notes:
            self.note(note, "note")
        if section.header is not None and any(b.message is None for b in section.blocks):
            self.line(section.header, None)
        for n, block in enumerate(section.blocks):
            self.block(block, section.header is None, first=n == 0)
        self.row += 1

    def block(self, block: Block, own_headers: bool, first: bool = True) -> None:
        if own_headers:
            if not first:
                self.start(None)
            self.sheet.text(self.row, 1, block.heading, "heading")
            self.row += 1
            if block.message is not None or self.withheld_reason(block) is not None:
                self.name_table(f"{block.table.rsplit(' (', 1)[0]}: {block.heading}")
        else:
            self.sheet.add(self.row, 1, [[block.heading, *[""] * (WIDTH - 1)]], "bold")
            self.row += 1
        if block.message is not None:
            self.note(block.message, "note")
            return
        withheld = self.withheld_reason(block)
        if withheld is not None:
            self.note(withheld, "note")
            for key in block.counts_shown():
                self.ledger.counts[key].places.append("withheld")
            return
        for line in block.lines:
            self.line(line, block)
        if block.headline is not None:
            name, uses = block.headline
            if any(self.ledger.hidden(k) for k in uses):
                self.note(f"{name}: {self.because(block, uses)}", "note")
        if own_headers:
            self.row += 1

    def name_table(self, title: str) -> bool:
        """Names the table just started and not yet named; False when there is none."""
        if self.starts and self.starts[-1][1] is None:
            self.starts[-1][1] = title
            return True
        return False

    def withheld_reason(self, block: Block) -> str | None:
        shown = block.counts_shown()
        if not shown or not any(self.ledger.hidden(k) for k in shown):
            return None
        if any(self.value_of(k) > 0 and not self.ledger.hidden(k) for k in shown):
            return None
        return WITHHELD_NOTE

    def value_of(self, key: Key) -> int:
        return self.ledger.counts[key].value

    def because(self, block: Block, uses: Iterable[Key]) -> str:
        """Why figures are hidden. The same words whatever is hidden and why: naming the
        small count (or saying that one is small at all) would tell a reader which hidden
        cell is at most the threshold, and so narrow down the ones beside it."""
        return WITHHELD_REASON

    def line(self, line: Line, block: Block | None) -> None:
        if line.kind == "blank":
            self.row += 1
            return
        if line.title:
            if not self.name_table(line.title):
                self.start(line.title)
            self.sheet.text(self.row, 1, line.title, "heading")
            self.row += 1
        if line.kind == "header":
            headings = [line.label, *(str(c.value) for c in line.cells)]
            self.headers = headings
            self.sheet.add(self.row, 1, [headings], "header_left")
            self.sheet.row_heights[self.row] = _header_height(headings)
            self.row += 1
            return
        values: list[object] = [line.label]
        styles: list[str | None] = [line.label_style]
        for offset, cell in enumerate(line.cells):
            value, style = self.display(cell, line, block, offset + 2)
            values.append(value)
            styles.append(style)
        self.sheet.add(self.row, 1, [values], styles=[styles])
        self.row += 1

    def display(self, cell: Cell, line: Line, block: Block | None, col: int) -> tuple[object, str]:
        marker = self.rules.marker
        place = f"{column_letter(col)}{self.row}"
        if cell.kind == "count":
            if cell.key is None:
                raise AssertionError("cell.key is not None")
            count = self.ledger.counts[cell.key]
            count.places.append(place)
            if count.hidden:
                return marker, "marker"
            if count.unpublished:
                return "–", "marker"
            return self.ledger.shown_value(cell.key, self.rules), cell.style
        if cell.kind == "text":
            return cell.value, cell.style
        hidden = [k for k in cell.uses if self.ledger.hidden(k)]
        if not hidden:
            value = cell.value.value if isinstance(cell.value, Rating) else cell.value
            return published_figure(value, cell.style), cell.style
        if block is None:
            raise AssertionError("block is not None")
        column = self.headers[col - 1] if col - 1 < len(self.headers) else ""
        names = ", ".join(
            f"{self.ledger.counts[k].row}: {self.ledger.counts[k].column}" for k in hidden
        )
        self.pub.derived.append(
            DerivedEntry(
                block.table,
                line.name or line.label,
                column,
                _describe(cell.value, cell.style),
                f"Hidden because it is calculated from a hidden count ({names}).",
                place,
            )
        )
        return marker, "marker"


def render_publication(publication: Publication, report: WresReport) -> SheetContent:
    return render_standard(
        publication, WRES, report.settings, report.year, organisation_line(report)
    )


def render_standard(
    publication: Publication, standard: Standard, settings: Settings, year: int, subtitle: str
) -> SheetContent:
    """The Publication sheet of any standard's publication."""
    title = f"{standard.name} {year}: figures for publication"
    return _Renderer(publication, settings, title, subtitle, standard).render()
