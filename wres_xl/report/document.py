"""The WRES report document as plain data: headings, paragraphs, tables and charts.

Built only from the suppressed publication model (through ``report.published``), so the
document can say nothing the published file does not. ``wres_xl.commands.report.docx`` writes it
with python-docx and draws the charts with matplotlib; nothing here touches either.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from wres_xl.core.bands import SENIOR_AFC_BANDS, STAFF_GROUPS, StaffGroup
from wres_xl.core.indicators import INDICATOR_TITLES, WresReport, measure_name
from wres_xl.core.model import PercentBasis
from wres_xl.core.schema import (
    ALL_INDICATORS,
    DEFAULT_REDACTION_MARKER,
    RL_INDICATORS,
    SURVEY_INDICATORS,
)
from wres_xl.core.suppression import footnote_text
from wres_xl.core.targets import equitable_headcount
from wres_xl.report.publication import Publication
from wres_xl.report.published import (
    HIDDEN,
    Headline,
    SeniorFigure,
    TrendRow,
    change_words,
    concerns,
    display_text,
    headline,
    is_number,
    known_ethnicity_share,
    national_figure,
    published_sentence,
    published_tables,
    published_years,
    shown,
    trend_rows,
)


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    text: str
    #: "body", "bullet", "note" or "cover" (large cover lines).
    kind: str = "body"
    #: A bold lead-in before the text, e.g. "Board lead: ".
    lead: str = ""


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[list[str]]
    caption: str = ""


@dataclass(frozen=True)
class Series:
    name: str
    #: One value per category; None where the figure is not published (drawn as the marker).
    values: tuple[float | None, ...]
    #: Categories with no figure at all (a year the workbook has no data for): a gap with
    #: no marker, since nothing is being withheld there.
    absent: tuple[int, ...] = ()


@dataclass(frozen=True)
class Chart:
    """A bar chart: categories along the bottom, one bar per series in each."""

    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    y_label: str
    #: "percent" (values are fractions), "ratio" or "points".
    unit: str
    #: Reference lines (value, label), e.g. equal likelihood at 1.
    references: tuple[tuple[float, str], ...] = ()
    #: Printed beside a bar whose value is not published.
    marker: str = DEFAULT_REDACTION_MARKER
    #: Alternative text for screen readers.
    description: str = ""
    #: "bar", or "line" (a trend: categories are years; each series has its own marker
    #: and dash, and every point is labelled with its value).
    kind: str = "bar"


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class TableOfContents:
    pass


Element = Heading | Paragraph | Table | Chart | PageBreak | TableOfContents


@dataclass
class ActionItem:
    indicator: str
    action: str
    measure: str
    timescale: str
    lead: str
    status: str


@dataclass
class Document:
    title: str
    #: Printed at the top of every page.
    page_header: str
    #: Printed at the foot of every page (the writer adds the page number).
    page_footer: str
    elements: list[Element] = field(default_factory=list)

    def add(self, *elements: Element) -> None:
        self.elements.extend(elements)

    def text(self) -> str:
        """Every word of the document, for tests."""
        parts: list[str] = [self.title, self.page_header, self.page_footer]
        for e in self.elements:
            if isinstance(e, Heading | Paragraph):
                parts.append(e.text)
            elif isinstance(e, Table):
                parts += [*e.header, *(c for r in e.rows for c in r), e.caption]
            elif isinstance(e, Chart):
                parts += [e.title, *e.categories, e.description]
        return "\n".join(parts)


def result_name(indicator: int, term: str) -> str:
    """The result column's heading: the core's measure wording (one for every report)."""
    return measure_name(indicator, term)


def _number(value: object) -> float | None:
    return float(value) if is_number(value) else None  # type: ignore[arg-type]


def build_document(
    report: WresReport, publication: Publication, actions: Sequence[ActionItem] = ()
) -> Document:
    settings = report.settings
    term = settings.bme_term
    org = settings.organisation or "Your organisation"
    year = report.year
    marker = publication.rules.marker
    doc = Document(
        title=f"Workforce Race Equality Standard (WRES) report {year}",
        page_header=f"{org} · WRES report {year}",
        page_footer=f"{org} · Workforce Race Equality Standard {year}",
    )
    _cover(doc, report)
    doc.add(PageBreak(), Heading("Contents", 1), TableOfContents(), PageBreak())
    if publication.problem is not None:
        doc.add(
            Heading("No figures", 1),
            Paragraph(
                "No figures are shown because a publication setting cannot be used: "
                f"{publication.problem}"
            ),
        )
        return doc
    _executive_summary(doc, report, publication)
    for indicator in ALL_INDICATORS:
        doc.add(PageBreak())
        _indicator_section(doc, report, publication, indicator, marker)
    doc.add(PageBreak())
    _targets(doc, report, publication)
    doc.add(PageBreak())
    _action_plan(doc, actions, term)
    doc.add(PageBreak())
    _about(doc, report, publication)
    return doc


def _cover(doc: Document, report: WresReport) -> None:
    s = report.settings
    blank = "to be completed"
    doc.add(
        Heading(doc.title, 0),
        Paragraph(s.organisation or "Your organisation", "cover"),
        Paragraph(
            f"Workforce at 31 March {report.year}, compared with {report.previous_year}.",
            "cover",
        ),
        Paragraph(s.board_lead or blank, lead="Board lead: "),
        Paragraph(s.report_author or blank, lead="Report author: "),
        Paragraph(s.date_signed_off or blank, lead="Date signed off by the Board: "),
        Paragraph(s.report_url or blank, lead="Published at: "),
        Paragraph(
            f"In this report '{s.bme_term}' means staff from Black, Asian and other minority "
            "ethnic backgrounds, the group NHS England's WRES calls BME. Small numbers are "
            "hidden so that no one can be identified.",
            "note",
        ),
    )


def _executive_summary(doc: Document, report: WresReport, publication: Publication) -> None:
    term = report.settings.bme_term
    doc.add(Heading("Executive summary", 1))
    words = [change_words(report, publication, i)[1] for i in ALL_INDICATORS]
    improved, worse, held = (words.count(w) for w in ("improved", "worse", "held"))
    other = 9 - improved - worse - held
    text = (
        f"Since {report.previous_year}, {improved} of the nine indicators improved for {term} "
        f"staff, {worse} got worse and {held} showed no significant change"
    )
    text += f"; {other} could not be compared (not published or not available)." if other else "."
    doc.add(Paragraph(text))
    found = concerns(report, publication)
    doc.add(Heading("The largest concerns", 2))
    if found:
        doc.add(*(Paragraph(c, "bullet") for c in found))
    else:
        doc.add(
            Paragraph(
                f"No published indicator shows a significant difference that is worse for {term} "
                "staff."
            )
        )
    doc.add(Heading("Data completeness", 2))
    share = known_ethnicity_share(publication, report)
    if is_number(share):
        if not isinstance(share, float):
            raise AssertionError("isinstance(share, float)")
        doc.add(
            Paragraph(
                f"{share * 100:.1f}% of staff have a recorded ethnicity (White or {term}); the "
                "rest are recorded as unknown or not stated. The more staff record their "
                "ethnicity, the more reliable these figures are."
            )
        )
    else:
        doc.add(
            Paragraph(
                "The share of staff with a recorded ethnicity is not published, because it "
                "rests on small numbers."
            )
        )
    doc.add(Heading("The nine indicators at a glance", 2))
    doc.add(_summary_table(report, publication))


def _summary_table(report: WresReport, publication: Publication) -> Table:
    term = report.settings.bme_term
    marker = publication.rules.marker
    rows = []
    for i in ALL_INDICATORS:
        now = headline(publication, report, i, report.year)
        before = headline(publication, report, i, report.previous_year)
        national, style, national_year = national_figure(i, report.year)
        rows.append(
            [
                str(i),
                INDICATOR_TITLES[i],
                result_name(i, term),
                display_text(now.result if now.available else None, now.result_style, marker),
                display_text(
                    before.result if before.available else None, before.result_style, marker
                ),
                display_text(national, style, marker)
                + (f" ({national_year})" if national_year else ""),
                change_words(report, publication, i)[1],
                _rating_text(now, marker),
            ]
        )
    return Table(
        [
            "No.",
            "Indicator",
            "Measure",
            str(report.year),
            str(report.previous_year),
            "National",
            "Change",
            "Rating",
        ],
        rows,
        f"The nine WRES indicators, {report.year} and {report.previous_year}. {marker}: not "
        "published (small numbers).",
    )


def _rating_text(h: Headline, marker: str) -> str:
    """The headline rating; indicator 1's is the worst of its published senior levels."""
    return display_text(h.rating, "text", marker) if h.available else "–"


def _indicator_section(
    doc: Document, report: WresReport, publication: Publication, indicator: int, marker: str
) -> None:
    term = report.settings.bme_term
    now = headline(publication, report, indicator, report.year)
    before = headline(publication, report, indicator, report.previous_year)
    doc.add(Heading(f"Indicator {indicator}: {INDICATOR_TITLES[indicator]}", 1))
    doc.add(Paragraph(published_sentence(now, report)))
    national, style, national_year = national_figure(indicator, report.year)
    if indicator == 1:
        doc.add(Heading(f"{term} staff at senior levels, {report.year}", 2))
        doc.add(_senior_table(now, term, marker))
    doc.add(Heading("National comparison and trend", 2))
    change_text, _ = change_words(report, publication, indicator)
    doc.add(_trend_table(report, publication, indicator, marker, national, style, national_year))
    doc.add(Paragraph(f"Change since {report.previous_year}: {change_text}"))
    trend = _trend_chart(report, publication, indicator, marker)
    if trend is not None:
        doc.add(trend)
    chart = _chart(report, publication, indicator, now, before, national)
    if chart is not None:
        doc.add(chart)
    doc.add(Heading("The figures", 2))
    for table in published_tables(publication, indicator):
        if table.header:
            doc.add(Table(table.header, table.rows, table.title))
        else:
            doc.add(Paragraph(table.title, "note"))
        for note in table.notes:
            doc.add(Paragraph(note, "note"))


def _senior_table(h: Headline, term: str, marker: str) -> Table:
    """Indicator 1's headline: each senior level against the whole workforce."""
    rows = [
        [
            f.label,
            display_text(f.share, "percent", marker),
            display_text(f.workforce_share, "percent", marker),
            display_text(f.difference, "points", marker),
            display_text(f.rating, "text", marker),
        ]
        for f in h.senior
    ]
    return Table(
        ["Senior level", f"{term} %", f"Whole workforce {term} %", "Difference (points)", "Rating"],
        rows,
        f"Indicator 1: the {term} share at senior levels against the whole workforce, "
        f"{h.year}. {marker}: not published (small numbers).",
    )


def _trend_table(
    report: WresReport,
    publication: Publication,
    indicator: int,
    marker: str,
    national: object,
    national_style: str,
    national_year: str,
) -> Table:
    """Every year the workbook holds, oldest first, then the latest national figure (in the
    unit of the indicator's headline, on its row)."""
    return trend_table(
        trend_rows(publication, report, indicator),
        published_years(publication),
        f"Indicator {indicator}",
        marker,
        (national, national_style, national_year),
    )


def trend_table(
    trend: Sequence[TrendRow],
    years: Sequence[int],
    name: str,
    marker: str,
    national: tuple[object, str, str],
    national_on: str | None = None,
) -> Table:
    """A measure per row over the published years, oldest first, then the latest national
    figure (value, style, year) on the row labelled ``national_on``, or by default on the
    rows in the headline's unit (points or a ratio)."""
    value, style, national_year = national
    rows = []
    for row in trend:
        national_text = ""
        if (
            row.label == national_on
            if national_on is not None
            else row.label.endswith("(points)") or row.style == "ratio"
        ):
            national_text = display_text(value, style, marker)
        rows.append(
            [
                row.label,
                *(display_text(row.values.get(y), row.style, marker) for y in years),
                national_text,
            ]
        )
    return Table(
        ["", *(str(y) for y in years), f"National ({national_year or '–'})"],
        rows,
        f"{name}, {years[0]} to {years[-1]}: this trust and the national "
        f"average for NHS trusts. {marker}: not published (small numbers).",
    )


def _trend_chart(
    report: WresReport, publication: Publication, indicator: int, marker: str
) -> Chart | None:
    """A line over the years for each share (or relative likelihood) of the trend table,
    drawn where the workbook holds more than two years."""
    unit = "ratio" if indicator in RL_INDICATORS else "percent"
    return trend_chart(
        trend_rows(publication, report, indicator),
        published_years(publication),
        f"Indicator {indicator}",
        unit,
        marker,
    )


def trend_chart(
    trend: Sequence[TrendRow],
    years: Sequence[int],
    name: str,
    unit: str,
    marker: str,
    y_label: str = "",
) -> Chart | None:
    """A line over the years for each row of a trend table but its differences in points,
    drawn where there are more than two years; a hidden figure is a gap with the marker."""
    if len(years) <= 2:
        return None
    rows = [r for r in trend if r.style != "points"]
    references: tuple[tuple[float, str], ...] = (
        ((1.0, "Equal likelihood (1.00)"),) if unit == "ratio" else ()
    )
    return Chart(
        f"{name}: {years[0]} to {years[-1]}",
        tuple(str(y) for y in years),
        tuple(
            Series(
                r.label,
                tuple(_number(r.values.get(y)) for y in years),
                tuple(i for i, y in enumerate(years) if r.values.get(y) is None),
            )
            for r in rows
        ),
        y_label or ("Relative likelihood" if unit == "ratio" else "% of staff"),
        unit,
        references,
        marker,
        f"{name} each year from {years[0]} to {years[-1]}: "
        + "; ".join(r.label for r in rows)
        + f". A gap ({marker}) is a figure not published because it rests on small numbers.",
        kind="line",
    )


def _chart(
    report: WresReport,
    publication: Publication,
    indicator: int,
    now: Headline,
    before: Headline,
    national: object,
) -> Chart | None:
    term = report.settings.bme_term
    marker = publication.rules.marker
    years = (str(report.previous_year), str(report.year))
    if indicator == 1:
        return _band_chart(report, publication, marker)
    if indicator in RL_INDICATORS:
        values = (_number(before.result), _number(now.result), _number(national))
        return Chart(
            f"Indicator {indicator}: relative likelihood",
            (*years, "National"),
            (Series("Relative likelihood", values),),
            "Relative likelihood",
            "ratio",
            ((1.0, "Equal likelihood (1.00)"), (1.25, "Upper end of non-adverse range (1.25)")),
            marker,
            f"Bars for {years[0]}, {years[1]} and the national average; 1.00 means equal "
            f"likelihood; above 1 is worse for {term} staff.",
        )
    if indicator in SURVEY_INDICATORS:
        return Chart(
            f"Indicator {indicator}: % of staff",
            years,
            (
                Series("White", (_number(before.white), _number(now.white))),
                Series(term, (_number(before.bme), _number(now.bme))),
            ),
            "% of staff",
            "percent",
            (),
            marker,
            f"White and {term} staff, {years[0]} and {years[1]}.",
        )
    return Chart(
        f"Indicator 9: {term} share of the board's voting members and of the workforce",
        years,
        (
            Series("Voting board members", (_number(before.board_share), _number(now.board_share))),
            Series("Workforce", (_number(before.workforce_share), _number(now.workforce_share))),
        ),
        f"{term} %",
        "percent",
        (),
        marker,
        f"The {term} share of the board's voting members beside the {term} share of the workforce.",
    )


def _band_chart(report: WresReport, publication: Publication, marker: str) -> Chart | None:
    term = report.settings.bme_term
    section = next(s for s in publication.sections if s.indicator == 1)
    block = next((b for b in section.blocks if b.year == report.year and b.message is None), None)
    if block is None:
        return None
    categories: list[str] = []
    values: list[float | None] = []
    for line in block.lines:
        if line.kind != "data" or ", " not in line.name or len(line.cells) < 6:
            continue
        group, band = line.name.split(", ", 1)
        short = {"Non-clinical": "NC", "Clinical": "C", "Medical & Dental": "M&D"}.get(group, group)
        categories.append(f"{short} {band}")
        values.append(_number(shown(publication, line.cells[5])))
    if not categories:
        return None
    overall = _number(headline(publication, report, 1, report.year).workforce_bme)
    refs = ((overall, f"Whole workforce ({overall * 100:.1f}%)"),) if overall is not None else ()
    return Chart(
        f"Indicator 1: {term} share of each pay band, {report.year}",
        tuple(categories),
        (Series(f"{term} %", tuple(values)),),
        f"{term} % of the band",
        "percent",
        refs,
        marker,
        f"The {term} share of each band (NC: non-clinical, C: clinical, M&D: medical and "
        "dental), with the whole-workforce share as a line.",
    )


def _senior(
    publication: Publication, report: WresReport, group: StaffGroup
) -> tuple[int, int] | None:
    """BME and total headcount at bands 8a and above, from the published counts; None
    when any of them is hidden (the target would give a hidden count away)."""
    section = next(s for s in publication.sections if s.indicator == 1)
    block = next((b for b in section.blocks if b.year == report.year and b.message is None), None)
    if block is None:
        return None
    bme = total = 0
    found = False
    for line in block.lines:
        if line.kind != "data" or line.name not in {
            f"{group.value}, {b}" for b in SENIOR_AFC_BANDS
        }:
            continue
        b, t = shown(publication, line.cells[1]), shown(publication, line.cells[3])
        if b is HIDDEN or t is HIDDEN:
            return None
        if not (isinstance(b, int) and isinstance(t, int)):
            raise AssertionError("isinstance(b, int) and isinstance(t, int)")
        bme, total, found = bme + b, total + t, True
    return (bme, total) if found else None


def _targets(doc: Document, report: WresReport, publication: Publication) -> None:
    s = report.settings
    term = s.bme_term
    doc.add(Heading("Aspirational targets", 1))
    overall = _number(headline(publication, report, 1, report.year).workforce_bme)
    share: float | None
    if s.local_population_bme is not None:
        share = s.local_population_bme
        basis = f"the local population's {term} share ({share * 100:.1f}%)"
    elif overall is not None:
        share = overall
        basis = f"the workforce's {term} share ({share * 100:.1f}%)"
    else:
        share, basis = None, ""
    if share is None:
        doc.add(Paragraph("The targets are not published: they rest on small numbers."))
        return
    doc.add(
        Paragraph(
            f"NHS England asks every trust to make its senior workforce (bands 8a and above, "
            f"including very senior managers) as diverse as {basis} by {s.target_year}. The "
            f"table shows how many more {term} staff at these bands that would mean, at "
            "today's number of senior posts."
        )
    )
    rows = []
    withheld = False
    top = _senior_total(headline(publication, report, 1, report.year).senior, s.percent_basis)
    if top is not None:
        rows.append(_target_row("All non-medical staff groups", *top, share))
    for group in STAFF_GROUPS:
        if group is StaffGroup.MEDICAL:
            continue
        senior = _senior(publication, report, group)
        if senior is None:
            withheld = True
            continue
        rows.append(_target_row(group.value, *senior, share))
    if rows:
        doc.add(
            Table(
                [
                    "Staff group",
                    "Staff at 8a and above",
                    f"{term} now",
                    f"{term} at the target share",
                    f"More {term} staff needed",
                ],
                rows,
                f"Aspirational targets for {s.target_year}.",
            )
        )
    if withheld:
        doc.add(
            Paragraph(
                "Some staff groups are left out: their senior counts are small enough to "
                "identify individuals.",
                "note",
            )
        )


def _senior_total(senior: Sequence[SeniorFigure], basis: PercentBasis) -> tuple[int, int] | None:
    """Bands 8a and above of every non-medical group together, as indicator 1's headline
    publishes them: (BME, the staff the share is of); None when a count is not published."""
    top = next((f for f in senior if f.level == "8a+"), None)
    if top is None:
        return None
    first, second = top.counts
    if not isinstance(first, int) or not isinstance(second, int):
        return None
    if basis is PercentBasis.KNOWN:
        return second, first + second  # White and BME: the share is of known ethnicity
    return first, second


def _target_row(name: str, bme: int, total: int, share: float) -> list[str]:
    goal = equitable_headcount(share, total)
    return [
        name,
        f"{total:,}",
        f"{bme:,}",
        f"{goal:,}",
        f"+{goal - bme}" if goal > bme else "none: already met",
    ]


def _action_plan(doc: Document, actions: Sequence[ActionItem], term: str) -> None:
    doc.add(Heading("Action plan", 1))
    if not actions:
        doc.add(Paragraph("The action plan has no actions yet (see the Action plan sheet)."))
        return
    doc.add(
        Paragraph(
            f"What the trust will do to improve the experience of {term} staff, by indicator."
        ),
        Table(
            ["Indicator", "Action", "Measure of success", "Timescale", "Lead", "Status"],
            [[a.indicator, a.action, a.measure, a.timescale, a.lead, a.status] for a in actions],
            "The WRES action plan.",
        ),
    )


def _about(doc: Document, report: WresReport, publication: Publication) -> None:
    term = report.settings.bme_term
    level = report.settings.significance_level
    doc.add(
        Heading("Appendix: about the statistics", 1),
        Paragraph(
            "Relative likelihood (indicators 2, 3 and 4) compares how likely two groups are "
            "to have something happen. 1.00 means equally likely. For appointment and training "
            f"a figure above 1 means White staff were more likely than {term} staff; for "
            f"disciplinary it means {term} staff were more likely. NHS England treats figures "
            "from 0.80 to 1.25 as non-adverse."
        ),
        Paragraph(
            "Statistically significant means the difference is unlikely to be chance alone. We "
            f"use Fisher's exact test and call a difference significant when p is below {level:g}. "
            "A difference that is not significant may still matter, especially with small "
            "numbers: watch the trend over several years."
        ),
        Paragraph(
            "Small, medium and large describe how big a significant difference is (Cohen's h: "
            "under 0.2 small, under 0.5 medium, otherwise large). Every rating is written out in "
            "words, so the colours and patterns are never the only guide."
        ),
        Paragraph(
            "Staff survey figures (indicators 5 to 8) come from the NHS Staff Survey of the "
            "autumn before the WRES year. Board figures (indicator 9) compare the board's "
            "voting members with the whole workforce; boards are small, so one appointment "
            "moves the figure a lot and no significance test is used."
        ),
        Paragraph(f"Small numbers: {footnote_text(publication.rules)}"),
        Paragraph(
            "National figures are the averages for NHS trusts published in NHS England's WRES "
            "data analysis reports; the newest available year is shown."
        ),
    )
