"""The WDES Publication sheet and published summary (SPEC §5 and §10), on the WRES ledger.

The WDES metrics that are engine results (1, 2, 3, 4a–7 and 10: Non-disabled in White's
slot, Disabled in BME's) go through the very same table builders as the WRES indicators,
so every count is one cell of the same :class:`~wres_xl.report.publication.Ledger`, with
the same sums, the same primary and secondary suppression and the same audit. This module
only gives the tables their WDES names and words, and adds what the WRES has no table for:
metric 8 (Disabled respondents only, a count that is suppressed like any other), 9a (mean
scores, no counts) and 9b (yes / no).
"""

from __future__ import annotations

from collections.abc import Sequence

from wres_xl.core.groups import Group
from wres_xl.core.indicators import (
    BoardResult,
    GroupRate,
    IndicatorResult,
    NotComputed,
    RatioResult,
    SurveyResult,
    WorkforceResult,
)
from wres_xl.core.model import PercentBasis
from wres_xl.core.standard import Computation
from wres_xl.core.stats import Rating
from wres_xl.core.suppression import SuppressionRules
from wres_xl.core.wdes import (
    ScoreResult,
    SingleGroupResult,
    VoicesResult,
    WdesReport,
    engine_indicator,
)
from wres_xl.core.wdes_standard import DISABLED, NON_DISABLED, WDES
from wres_xl.errors import InputError
from wres_xl.report.common import title_rows
from wres_xl.report.layout import SheetContent, rating_style
from wres_xl.report.publication import (
    Block,
    Cell,
    Ledger,
    Line,
    Publication,
    Section,
    _Builder,
    _count,
    _figure,
    _Renderer,
    _text,
    publication_rules,
    published_figure,
)
from wres_xl.report.publish_sheets import PUBLISHED_SUMMARY

_RL_WORDS = {
    "2": (
        "Shortlisted",
        "Appointed",
        "Not appointed",
        "Appointment rate",
        ("were appointed", "were not appointed", "were shortlisted"),
    ),
    "3": (
        "Headcount",
        "Entered formal capability",
        "Did not enter formal capability",
        "Rate of entry",
        (
            "entered the formal capability process",
            "did not enter the formal capability process",
            "were in the headcount",
        ),
    ),
}


def wdes_organisation_line(report: WdesReport) -> str:
    org = report.settings.organisation or "Your organisation"
    return (
        f"{org} · WDES {report.year} (workforce at 31 March {report.year}) compared with "
        f"{report.previous_year}"
    )


def wdes_years(report: WdesReport) -> list[int]:
    """The WDES year, the year before and every earlier year with figures, newest first."""
    years = [report.year, report.previous_year]
    found = {
        year
        for by_year in report.results.values()
        for year, item in by_year.items()
        if not isinstance(item.result, NotComputed)
    }
    years.extend(y for y in sorted(found, reverse=True) if y not in years)
    return years


class WdesBuilder(_Builder):
    """The WRES table builders with the WDES names; ``metric`` is the table being built."""

    unknown_by = "disability status"

    def __init__(
        self, report: WdesReport, rules: SuppressionRules, years: Sequence[int] | None = None
    ) -> None:
        self.wdes = report
        self.metric = "1"
        #: Per metric key: the current year's headline figure and rating cells.
        self.headlines: dict[str, tuple[Cell, Cell]] = {}
        self.start(report.settings, rules, wdes_years(report) if years is None else years)

    def group_word(self, group: Group) -> str:
        return {Group.WHITE: NON_DISABLED, Group.BME: DISABLED}.get(group, group.label)

    def name(self, indicator: int) -> str:
        # The engine's indicator 1 is metric 1 and its 9 is metric 10, whichever table asks.
        key = {1: "1", 9: "10"}.get(indicator, self.metric)
        return f"Metric {key}"

    def key_of(self, indicator: int) -> object:
        return f"wdes-{self.metric}"

    def survey_heading(self, year: int) -> str:
        return f"NHS Staff Survey {year - 1} (WDES {year})"

    def rl_words(self, indicator: int) -> tuple[str, str, str, str, tuple[str, str, str]]:
        return _RL_WORDS[self.metric]

    def survey_verb(self, indicator: int) -> str:
        return WDES.metric(self.metric).wording

    def workforce_result(self, year: int) -> IndicatorResult | None:
        item = self.wdes.results.get("1", {}).get(year)
        result = None if item is None else item.result
        return result if isinstance(result, WorkforceResult) else None

    # --- what the WRES has no table for -------------------------------------------------

    def single_group(self, result: SingleGroupResult) -> Block:
        """Metric 8: Disabled respondents only. Their yes and no counts are ledger cells
        (with the sum between them), so a small count is hidden as anywhere else."""
        y = result.year
        table = self.table_name(0, y)
        block = Block(0, y, table, self.survey_heading(y))
        uses: tuple[tuple[object, ...], ...] = ()
        total_cell = _text("–", "marker")
        if result.respondents is not None and result.events is not None:
            rate_counts = GroupRate(result.events, result.respondents)
            events, non_events, total = self.survey_counts(0, y, Group.BME, rate_counts, table)
            uses = (events, non_events, total)
            total_cell = _count(total)
        rate = self.share(uses[0], (uses[2],)) if uses and self.rounding else result.rate
        share = _figure(rate, "percent", uses)
        rating = _text(Rating.NOT_TESTED.value, rating_style(Rating.NOT_TESTED))
        cells = [total_cell, _text(), share, _text(), _text(), _text(), _text(), rating]
        block.lines.append(Line(DISABLED, cells, name=DISABLED))
        block.headline = ("The percentage is not shown", uses)
        return block

    def scores(self, result: ScoreResult) -> Block:
        """Metric 9a: mean scores as the survey publishes them, no counts to hide."""
        y = result.year
        block = Block(0, y, self.table_name(0, y), self.survey_heading(y))
        for word, score in ((NON_DISABLED, result.non_disabled), (DISABLED, result.disabled)):
            cells = [_text(), _text(), _figure(round(score, 2), "ratio", ())]
            if word == DISABLED:
                cells += [_figure(result.difference, "points", ()), _text(), _text(), _text()]
                cells.append(_text(Rating.NOT_TESTED.value, rating_style(Rating.NOT_TESTED)))
            else:
                cells += [_text() for _ in range(4)]
                cells.append(
                    _text(Rating.REFERENCE_GROUP.value, rating_style(Rating.REFERENCE_GROUP))
                )
            block.lines.append(Line(word, cells, name=word))
        return block

    def voices(self, result: VoicesResult) -> Block:
        y = result.year
        block = Block(0, y, self.table_name(0, y), f"12 months to 31 March {y}")
        answer = "Yes" if result.facilitates else "No"
        block.message = f"Facilitates the voices of Disabled staff: {answer}. {result.narrative}"
        return block

    # --- the whole publication ---------------------------------------------------------

    def header_for(self, computation: Computation) -> Line | None:
        spec = WDES.metric(self.metric)
        if computation is Computation.RELATIVE_LIKELIHOOD:
            return self.ratio_header(engine_indicator(spec))
        if computation in (Computation.SURVEY, Computation.SINGLE_GROUP):
            return self.survey_header()
        if computation is Computation.SCORE:
            headings = ["", "", "Mean score (0-10)", f"Difference ({DISABLED} minus "]
            headings[3] += f"{NON_DISABLED}, points)"
            headings += ["", "", "", "Rating"]
            return Line("Group", [_text(h) for h in headings], "header_left", "header")
        if computation is Computation.BOARD:
            return self.board_header()
        # Metric 9b: each year's answer is a note, so the header is never printed; having
        # one keeps every year in one printed table, as the other metrics are.
        return Line("Year", [_text("Facilitates voices")], "header_left", "header")

    def build(self) -> Publication:
        sections: list[Section] = []
        for n, spec in enumerate(WDES.metrics, start=1):
            self.metric = spec.key
            section = Section(n, f"Metric {spec.key}: {spec.title}")
            if spec.computation is Computation.REPRESENTATION:
                basis = (
                    "Percentages are of all staff, including those whose disability status is "
                    "unknown."
                    if self.basis is PercentBasis.ALL_STAFF
                    else "Percentages are of staff whose disability status is known."
                )
                section.notes.append(
                    f"{basis} Each cluster's {DISABLED} share is rated against the rest of the "
                    "workforce."
                )
            section.header = self.header_for(spec.computation)
            for year in self.years:
                item = self.wdes.results.get(spec.key, {}).get(year)
                if item is None:
                    continue
                block = self.metric_block(spec.key, year, item.result)
                section.blocks.append(block)
                if year == self.wdes.year:
                    self.headlines[spec.key] = headline_cells(spec.key, block)
            sections.append(section)
        self.ledger.suppress(self.rules)
        return Publication(self.rules, self.ledger, sections)

    def metric_block(self, key: str, year: int, result: object) -> Block:
        if isinstance(result, SingleGroupResult):
            return self.single_group(result)
        if isinstance(result, ScoreResult):
            return self.scores(result)
        if isinstance(result, VoicesResult):
            return self.voices(result)
        if isinstance(result, NotComputed) or not isinstance(
            result, WorkforceResult | RatioResult | SurveyResult | BoardResult
        ):
            block = Block(0, year, self.table_name(0, year), f"WDES {year}")
            block.message = f"Not available: the figures for {year} could not be calculated."
            return block
        return self.block(result.indicator if key != "1" else 1, year, result)


def headline_cells(key: str, block: Block) -> tuple[Cell, Cell]:
    """The current year's headline figure and rating as the tables show them (with the
    counts they use, so that the summary hides them exactly when the tables do)."""
    none = (_text("–", "marker"), _text(Rating.NOT_COMPUTED.value, "text"))
    lines = {line.name: line for line in block.lines}
    if key == "9b" and block.message is not None and not block.message.startswith("Not"):
        return _text(block.message.split(": ", 1)[1].split(".")[0], "bold"), _text("")
    if block.message is not None:
        return none
    if key == "1":
        line = lines.get("Whole workforce")
        return none if line is None else (line.cells[5], _text(""))
    if key == "10":
        line = lines.get("Voting members")
        return none if line is None else (line.cells[4], line.cells[7])
    line = lines.get(DISABLED)
    if line is None:
        return none
    figure = 2 if key in ("8", "9a") else 3
    return line.cells[figure], line.cells[7]


class WdesRenderer(_Renderer):
    def key_rows(self, board: str = "metric 10") -> list[tuple[str, str]]:
        rows = super().key_rows(board)
        meaning = {
            Rating.REFERENCE_GROUP.value: f"The {NON_DISABLED} group, the reference for comparison",
            Rating.NOT_TESTED.value: "No significance test: survey percentages without "
            "respondent counts, metric 8 (Disabled staff only) and metric 9a (mean scores)",
        }
        return [(label, meaning.get(label, text)) for label, text in rows]


def build_wdes_publication_model(report: WdesReport) -> tuple[Publication, WdesBuilder]:
    try:
        rules = publication_rules(report)
    except InputError as error:
        builder = WdesBuilder(report, SuppressionRules())
        return Publication(SuppressionRules(), Ledger(), [], problem=str(error)), builder
    builder = WdesBuilder(report, rules)
    return builder.build(), builder


def render_wdes_publication(publication: Publication, report: WdesReport) -> SheetContent:
    return WdesRenderer(
        publication,
        report.settings,
        f"WDES {report.year}: figures for publication",
        wdes_organisation_line(report),
    ).render()


def build_wdes_published_summary(
    report: WdesReport, publication: Publication, builder: WdesBuilder
) -> SheetContent:
    """The published summary: each metric's headline figure and rating, hidden exactly
    where the detailed tables hide what it is calculated from."""
    sheet = SheetContent(PUBLISHED_SUMMARY, freeze="A5", print_title_rows="1:4")
    title_rows(sheet, f"WDES {report.year}: summary of the metrics", wdes_organisation_line(report))
    sheet.text(
        3,
        1,
        "Disabled staff compared with non-disabled staff (the reference group). Figures "
        "calculated from a hidden small count are shown as "
        f"{publication.rules.marker}; the tables that follow give the detail.",
        "note",
    )
    sheet.add(4, 1, [["Metric", "What it measures", "Figure", "Rating"]], "header_left")
    ledger = publication.ledger
    for row, spec in enumerate(WDES.metrics, start=5):
        figure, rating = builder.headlines.get(
            spec.key, (_text("–", "marker"), _text(Rating.NOT_COMPUTED.value))
        )
        values: list[object] = [spec.key, spec.title]
        styles: list[str | None] = ["bold", "wrap"]
        for cell in (figure, rating):
            if any(ledger.hidden(k) for k in cell.uses):
                values.append(publication.rules.marker)
                styles.append("marker")
                continue
            value = cell.value.value if isinstance(cell.value, Rating) else cell.value
            values.append(published_figure(value, cell.style))
            styles.append(cell.style)
        sheet.add(row, 1, [values], styles=[styles])
    sheet.column_widths = {1: 8, 2: 60, 3: 14, 4: 28}
    sheet.print_header = f"Summary, WDES {report.year}"
    return sheet
