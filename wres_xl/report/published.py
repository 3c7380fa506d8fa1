"""The headline figures of the publication, read back from the suppressed publication model.

Everything a reader of the published file or the report document sees outside the detailed
tables (the summary, the charts, the executive summary, the narrative) is taken from here,
and this module only ever reads a figure through :func:`shown`: a count hidden by the
suppression, or a figure calculated from one, comes back as :data:`HIDDEN`, never as its
value. So the summary cannot say more than the detailed tables already say.

Values are rounded to the precision they are printed with (SPEC §5: no published value
carries more precision than it shows).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Final

from wres_xl.core.indicators import (
    HIGHER_IS_WORSE,
    INDICATOR_TITLES,
    IndicatorResult,
    WresReport,
)
from wres_xl.core.narrative import _RL_WHAT, _RL_WHO, _SURVEY_WHAT, significance_clause
from wres_xl.core.national import latest_national
from wres_xl.core.schema import ALL_INDICATORS, RL_INDICATORS, SURVEY_INDICATORS
from wres_xl.core.stats import FourFifths, Rating
from wres_xl.core.suppression import rounded_count
from wres_xl.core.trends import IMPROVED, NO_CHANGE, NO_SIGNIFICANT_CHANGE, WORSE, compare_years
from wres_xl.report.common import SENIOR_ROW_NAMES
from wres_xl.report.publication import Block, Cell, Line, Publication


class _Hidden:
    """A figure the publication does not show (printed as the redaction marker)."""

    def __repr__(self) -> str:
        return "HIDDEN"


HIDDEN: Final = _Hidden()

_SEVERITY = {
    Rating.WORSE_LARGE: 0,
    Rating.WORSE_MEDIUM: 1,
    Rating.WORSE: 2,
    Rating.WORSE_SMALL: 3,
}
_PLACES = {"percent": 3, "ratio": 2, "points": 1, "pvalue": 3}


def _round(value: object, style: str) -> object:
    if isinstance(value, bool) or not isinstance(value, float):
        return value
    for prefix, places in _PLACES.items():
        if style.startswith(prefix) or style.endswith(prefix):
            return round(value, places)
    return value


def shown(publication: Publication, cell: Cell) -> object:
    """What the published table shows in ``cell``: the value, or HIDDEN.

    The same rule as the Publication sheet: a hidden count is hidden, a figure or rating
    that uses any hidden count is hidden, shown counts are rounded when rounding is on.
    """
    ledger = publication.ledger
    if cell.kind == "count":
        if cell.key is None:
            raise AssertionError("cell.key is not None")
        count = ledger.counts[cell.key]
        if count.hidden or count.unpublished:
            return HIDDEN
        return rounded_count(count.value, publication.rules)
    if cell.kind == "text":
        return cell.value
    if any(ledger.hidden(k) for k in cell.uses):
        return HIDDEN
    value = cell.value.value if isinstance(cell.value, Rating) else cell.value
    return _round(value, cell.style)


def display_text(value: object, style: str, marker: str) -> str:
    """A published value as printed text (the report document's tables)."""
    if value is HIDDEN:
        return marker
    if value is None:
        return "–"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if style.startswith("percent") or style.endswith("percent"):
        return f"{value * 100:.1f}%"
    if style == "pvalue":
        return "<0.001" if value < 0.001 else f"{value:.3f}"
    if style == "points":
        return f"{value:+.1f}"
    if style == "score":
        return f"{value:.1f}"
    if style.startswith("ratio") or style.endswith("ratio"):
        return f"{value:.2f}"
    return f"{value:,}" if isinstance(value, int) else f"{value:g}"


@dataclass(frozen=True)
class PublishedTable:
    """One published table as rows of text (header first), for the report document."""

    title: str
    header: list[str]
    rows: list[list[str]]
    #: Notes printed under the table (withheld figures, why).
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SeniorFigure:
    """One senior level of indicator 1's headline as published (HIDDEN where it is not)."""

    level: str
    #: The table's row name, e.g. "Band 8a and above (incl. VSM)".
    label: str
    share: object
    workforce_share: object
    difference: object
    rating: object
    #: The level's two published counts, as its table shows them (HIDDEN where not
    #: published): BME and headcount, or White and BME when percentages are of staff of
    #: known ethnicity.
    counts: tuple[object, object] = (None, None)

    @property
    def no_staff(self) -> bool:
        return self.rating == Rating.NO_STAFF.value


@dataclass(frozen=True)
class Headline:
    """The published headline figures of one indicator for one year."""

    indicator: int
    year: int
    available: bool
    white: object = None
    bme: object = None
    #: The indicator's result: BME share (1), RL (2–4), difference in points (5–9).
    result: object = None
    result_style: str = "text"
    p_value: object = None
    rating: object = None
    four_fifths: object = None
    #: Indicator 1: published band ratings, (staff group, band, rating).
    band_ratings: tuple[tuple[str, str, str], ...] = ()
    #: Indicator 1's headline: the senior levels (8a+, 8c+, consultants) as published.
    senior: tuple[SeniorFigure, ...] = ()
    #: Indicator 1: the whole workforce's published BME share.
    workforce_bme: object = None
    #: Indicator 9: published BME shares of the board's voting members and of the workforce.
    board_share: object = None
    workforce_share: object = None

    @property
    def hidden(self) -> bool:
        return self.result is HIDDEN


def _line(block: Block, name: str) -> Line | None:
    return next((line for line in block.lines if line.name == name), None)


def _block(publication: Publication, indicator: int, year: int) -> Block | None:
    for section in publication.sections:
        if section.indicator == indicator:
            for block in section.blocks:
                if block.year == year:
                    return block
    return None


def headline(publication: Publication, report: WresReport, indicator: int, year: int) -> Headline:
    block = _block(publication, indicator, year)
    if block is None or block.message is not None or not block.lines:
        return Headline(indicator, year, available=False)
    term = report.settings.bme_term

    def get(line: Line | None, index: int) -> object:
        if line is None or index >= len(line.cells):
            return None
        return shown(publication, line.cells[index])

    if indicator == 1:
        whole = _line(block, "Whole workforce")
        bands: list[tuple[str, str, str]] = []
        for line in block.lines:
            if line.kind != "data" or ", " not in line.name or len(line.cells) < 8:
                continue
            staff_group, band = line.name.split(", ", 1)
            rating = get(line, 7)
            if isinstance(rating, str):
                bands.append((staff_group, band, rating))
        levels = [(lv, label, _line(block, label)) for lv, label in SENIOR_ROW_NAMES.items()]
        senior = tuple(
            SeniorFigure(
                level,
                label,
                share=get(found, 2),
                workforce_share=get(found, 3),
                difference=get(found, 4),
                rating=get(found, 5),
                counts=(get(found, 0), get(found, 1)),
            )
            for level, label, found in levels
            if found is not None
        )
        top = next((f for f in senior if f.level == "8a+"), None)
        return Headline(
            1,
            year,
            True,
            white=get(whole, 5),
            bme=top.share if top else None,
            # As on the Summary sheet: the 8a+ share against the workforce's, in points.
            result=top.difference if top else None,
            result_style="points",
            rating=senior_rating(senior),
            band_ratings=tuple(bands),
            senior=senior,
            workforce_bme=get(whole, 5),
        )
    if indicator in RL_INDICATORS:
        white, bme = _line(block, "White"), _line(block, term)
        return Headline(
            indicator,
            year,
            True,
            white=get(white, 2),
            bme=get(bme, 2),
            result=get(bme, 3),
            result_style="ratio",
            p_value=get(bme, 5),
            four_fifths=get(bme, 6),
            rating=get(bme, 7),
        )
    if indicator in SURVEY_INDICATORS:
        white, bme = _line(block, "White"), _line(block, term)
        return Headline(
            indicator,
            year,
            True,
            white=get(white, 2),
            bme=get(bme, 2),
            result=get(bme, 3),
            result_style="points",
            p_value=get(bme, 5),
            rating=get(bme, 7),
        )
    board, voting = _line(block, "Whole board"), _line(block, "Voting members")
    return Headline(
        9,
        year,
        True,
        white=None,
        bme=get(voting, 4),
        result=get(voting, 6),
        result_style="points",
        # The rating is the voting members' (SPEC §7): it sits on their line, not the board's.
        rating=get(voting, 7) or get(board, 7),
        board_share=get(voting, 4),
        workforce_share=get(voting, 5),
    )


#: Senior ratings, worst first: indicator 1's headline rating is the worst published one.
_SENIOR_ORDER = (
    Rating.WORSE_LARGE,
    Rating.WORSE_MEDIUM,
    Rating.WORSE_SMALL,
    Rating.EQUIVALENT,
    Rating.BETTER_SMALL,
    Rating.BETTER_MEDIUM,
    Rating.BETTER_LARGE,
)


def senior_rating(senior: Sequence[SeniorFigure]) -> object:
    """The worst rating among the published senior levels; HIDDEN when none is published,
    None when no level has staff."""
    shown_ratings = {f.rating for f in senior if isinstance(f.rating, str)}
    for rating in _SENIOR_ORDER:
        if rating.value in shown_ratings:
            return rating.value
    if any(f.rating is HIDDEN for f in senior):
        return HIDDEN
    return None


def is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


# --------------------------------------------------------------------------- words


def _pct(value: object) -> str:
    return f"{value * 100:.1f}%" if is_number(value) else "not published"  # type: ignore[operator]


def published_sentence(h: Headline, report: WresReport) -> str:
    """One plain-English sentence from the published figures only."""
    term = report.settings.bme_term
    i = h.indicator
    if not h.available:
        return f"Not available: the figures for {h.year} could not be calculated."
    if h.hidden and i != 1:
        return (
            "Not published: the figures rest on numbers small enough to identify individuals "
            "(see the note on small numbers)."
        )
    if i == 1:
        return senior_sentence(h, term)
    if i in RL_INDICATORS:
        rl = h.result
        if not is_number(rl):
            return f"The relative likelihood {_RL_WHAT[i]} cannot be calculated for {h.year}."
        if not isinstance(rl, int | float):
            raise AssertionError("isinstance(rl, int | float)")
        top, bottom = (term, "White") if i == 3 else ("White", term)
        who = _RL_WHO[i]
        if rl == 0:
            text = f"No {top} {who} were counted, so the relative likelihood is 0"
        elif rl >= 1:
            text = f"{top} {who} were {rl:.2f} times as likely as {bottom} {who} {_RL_WHAT[i]}"
        else:
            text = f"{bottom} {who} were {1 / rl:.2f} times as likely as {top} {who} {_RL_WHAT[i]}"
        return f"{text}; {_significance(h)}."
    if i in SURVEY_INDICATORS:
        return (
            f"{_pct(h.bme)} of {term} staff {_SURVEY_WHAT[i]}, compared with {_pct(h.white)} of "
            f"White staff; {_significance(h)}."
        )
    diff = h.result
    if not isinstance(diff, int | float):
        raise AssertionError("isinstance(diff, int | float)")
    return (
        f"{term} members make up {_pct(h.board_share)} of the board's voting members and "
        f"{_pct(h.workforce_share)} of the workforce, a difference of {diff:+.1f} percentage "
        "points."
    )


_SENIOR_PLACE = {
    "8a+": "at Band 8a and above (incl. VSM)",
    "8c+": "at Band 8c and above",
    "consultants": "among consultants",
}


def senior_sentence(h: Headline, term: str) -> str:
    """Indicator 1's headline in words: each senior level's published share against the
    whole workforce's, with its rating; a level not published is said to be so."""
    parts = []
    for f in h.senior:
        place = _SENIOR_PLACE.get(f.level, f.label)
        if f.no_staff:
            parts.append(f"there are no staff {place.removeprefix('at ').removeprefix('among ')}")
        elif not is_number(f.share):
            parts.append(f"the share {place} is not published (small numbers)")
        else:
            gap = (
                f" ({f.difference:+.1f} points; {str(f.rating).lower()})"
                if is_number(f.difference) and isinstance(f.rating, str)
                else ""
            )
            parts.append(f"{_pct(f.share)} {place}{gap}")
    whole = _pct(h.workforce_bme)
    if not parts:
        return f"{term} staff make up {whole} of the workforce."
    return f"{term} staff make up {whole} of the whole workforce, and {_join(parts)}."


def _join(parts: Sequence[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{'; '.join(parts[:-1])}; and {parts[-1]}"


def _significance(h: Headline) -> str:
    if h.rating == "Not tested" or not is_number(h.p_value):
        return "no significance test was possible (the survey gave percentages only)"
    significant = isinstance(h.rating, str) and h.rating.startswith(("Better", "Worse"))
    if not isinstance(h.p_value, int | float):
        raise AssertionError("isinstance(h.p_value, int | float)")
    return significance_clause(significant, float(h.p_value))


def change_words(report: WresReport, publication: Publication, indicator: int) -> tuple[str, str]:
    """(the change since last year in words, the word alone: improved / worse / held /
    not published / not comparable), from the published figures of both years."""
    now = headline(publication, report, indicator, report.year)
    before = headline(publication, report, indicator, report.previous_year)
    if not now.available or not before.available:
        return "Not comparable: one of the years has no figures.", "not comparable"
    if now.hidden or before.hidden:
        return "Not published: one of the years rests on small numbers.", "not published"
    results: dict[int, IndicatorResult] = report.results.get(indicator, {})
    change = compare_years(
        indicator,
        results.get(report.year),
        results.get(report.previous_year),
        report.settings.significance_level,
    )
    word = {
        IMPROVED: "improved",
        WORSE: "worse",
        NO_SIGNIFICANT_CHANGE: "held",
        NO_CHANGE: "held",
    }.get(change.wording, "not comparable")
    style = now.result_style
    then = display_text(before.result, style, "")
    current = display_text(now.result, style, "")
    if word == "improved":
        return f"Improved: {then} in {report.previous_year}, {current} in {report.year}.", word
    if word == "worse":
        return f"Worse: {then} in {report.previous_year}, {current} in {report.year}.", word
    if word == "held":
        return (
            f"No significant change: {then} in {report.previous_year}, {current} in {report.year}.",
            word,
        )
    return "Not comparable between the two years.", word


def national_figure(indicator: int, year: int) -> tuple[object, str, str]:
    """The national figure in the unit of the indicator's result, the style and its year
    (for survey and board indicators, the national difference in points)."""
    if indicator in RL_INDICATORS:
        b = latest_national(indicator, year)
        return (b.value, "ratio", str(b.year)) if b else (None, "text", "")
    if indicator in SURVEY_INDICATORS:
        bme = latest_national(indicator, year, group="bme")
        white = latest_national(indicator, year, group="white")
        if bme and white:
            return round(bme.value - white.value, 1), "points", str(bme.year)
        return None, "text", ""
    if indicator == 1:
        # Like for like with the headline: the nearest national senior measure (the VSM
        # share) minus the national workforce share, in points.
        vsm = latest_national(1, year, measure="bme_share_of_vsm")
        workforce = latest_national(1, year)
        if vsm and workforce and vsm.year == workforce.year:
            return round(vsm.value - workforce.value, 1), "points", str(vsm.year)
        return None, "text", ""
    board, workforce = latest_national(9, year), latest_national(1, year)
    if board and workforce and board.year == workforce.year:
        return round(board.value - workforce.value, 1), "points", str(board.year)
    return None, "text", ""


def concerns(report: WresReport, publication: Publication, limit: int = 3) -> list[str]:
    """The largest published concerns, worst first, as sentences."""
    found: list[tuple[int, int, str]] = []
    for indicator in ALL_INDICATORS:
        h = headline(publication, report, indicator, report.year)
        if not h.available or (h.hidden and indicator != 1):
            continue
        severity = _SEVERITY.get(Rating(h.rating)) if _is_rating(h.rating) else None
        adverse = h.four_fifths == FourFifths.ADVERSE.label
        if severity is None and not adverse:
            continue
        found.append(
            (3 if severity is None else severity, indicator, published_sentence(h, report))
        )
    found.sort()
    return [
        f"Indicator {i} ({INDICATOR_TITLES[i].lower()}): {text}" for _, i, text in found[:limit]
    ]


def _is_rating(value: object) -> bool:
    return isinstance(value, str) and value in {r.value for r in Rating}


def known_ethnicity_share(publication: Publication, report: WresReport) -> object:
    """Share of the workforce whose ethnicity is known, from the published counts."""
    block = _block(publication, 1, report.year)
    whole = _line(block, "Whole workforce") if block is not None else None
    if whole is None:
        return None
    white, bme, _, total = (shown(publication, c) for c in whole.cells[:4])
    if not all(is_number(v) for v in (white, bme, total)) or total == 0:
        return HIDDEN
    if not (isinstance(white, int) and isinstance(bme, int) and isinstance(total, int)):
        raise AssertionError(
            "isinstance(white, int) and isinstance(bme, int) and isinstance(total, int)"
        )
    return round((white + bme) / total, 3)


def published_tables(publication: Publication, indicator: int) -> list[PublishedTable]:
    """The detailed tables of one indicator (every year) as published text: one table per
    block, or, where a block holds several (indicator 1: the senior levels, then a table
    per staff group), one per header line, titled as the sheet titles it."""
    marker = publication.rules.marker
    out: list[PublishedTable] = []
    for section in publication.sections:
        if section.indicator != indicator:
            continue
        for block in section.blocks:
            if block.message is not None:
                out.append(PublishedTable(block.heading, [], [], [block.message]))
                continue
            withheld = _withheld(publication, block)
            notes = (
                ["Figures withheld: publishing them could identify individuals."]
                if withheld
                else []
            )
            tables: list[tuple[str, list[str], list[list[str]]]] = []
            if section.header is not None:
                header = [section.header.label, *(str(c.value) for c in section.header.cells)]
                tables.append((block.heading, header, []))
            for line in block.lines:
                if line.kind == "blank":
                    continue
                if line.kind == "header":
                    header = [line.label, *(str(c.value) for c in line.cells)]
                    tables.append((line.title or block.heading, header, []))
                    continue
                cells = [
                    display_text(HIDDEN if withheld else shown(publication, c), c.style, marker)
                    for c in line.cells
                ]
                if not tables:
                    tables.append((block.heading, [], []))
                tables[-1][2].append([line.label, *cells])
            for title, header, rows in tables:
                width = len(header)
                out.append(PublishedTable(title, header, [_trim(r, width) for r in rows], notes))
    return out


@dataclass(frozen=True)
class TrendRow:
    """One measure over the years, as published (HIDDEN where a year's figure is not)."""

    label: str
    style: str
    values: dict[int, object]


def published_years(publication: Publication) -> list[int]:
    """The years the publication holds, oldest first."""
    return sorted({b.year for s in publication.sections for b in s.blocks})


def trend_rows(publication: Publication, report: WresReport, indicator: int) -> list[TrendRow]:
    """The indicator's headline measures for every published year, from the published
    figures only (indicator 1: each senior level's share and the whole workforce's)."""
    term = report.settings.bme_term
    by_year = {y: headline(publication, report, indicator, y) for y in published_years(publication)}

    def row(label: str, style: str, get: Callable[[Headline], object]) -> TrendRow:
        return TrendRow(
            label, style, {y: get(h) if h.available else None for y, h in by_year.items()}
        )

    def level(name: str, field_name: str) -> Callable[[Headline], object]:
        def get(h: Headline) -> object:
            found = next((f for f in h.senior if f.level == name), None)
            return getattr(found, field_name) if found is not None else None

        return get

    if indicator == 1:
        return [
            row(f"{term} % at Band 8a and above (incl. VSM)", "percent", level("8a+", "share")),
            row(f"{term} % at Band 8c and above (incl. VSM)", "percent", level("8c+", "share")),
            row(f"{term} % of consultants", "percent", level("consultants", "share")),
            row(f"{term} % of the whole workforce", "percent", lambda h: h.workforce_bme),
            row("Band 8a and above against the workforce (points)", "points", lambda h: h.result),
        ]
    if indicator in RL_INDICATORS:
        return [row(_RESULT_ROW[indicator].format(term=term), "ratio", lambda h: h.result)]
    if indicator in SURVEY_INDICATORS:
        return [
            row(f"{term} %", "percent", lambda h: h.bme),
            row("White %", "percent", lambda h: h.white),
            row(f"Difference ({term} minus White, points)", "points", lambda h: h.result),
        ]
    return [
        row(f"{term} % of the board's voting members", "percent", lambda h: h.board_share),
        row(f"{term} % of the workforce", "percent", lambda h: h.workforce_share),
        row("Difference (points)", "points", lambda h: h.result),
    ]


_RESULT_ROW = {
    2: "Relative likelihood (White ÷ {term}) of appointment from shortlisting",
    3: "Relative likelihood ({term} ÷ White) of entering the formal disciplinary process",
    4: "Relative likelihood (White ÷ {term}) of accessing non-mandatory training",
}


def _withheld(publication: Publication, block: Block) -> bool:
    """The Publication sheet withholds a block whose every non-zero count is hidden."""
    shown_keys = block.counts_shown()
    ledger = publication.ledger
    if not shown_keys or not any(ledger.hidden(k) for k in shown_keys):
        return False
    return not any(ledger.counts[k].value > 0 and not ledger.hidden(k) for k in shown_keys)


def _trim(row: Sequence[str], width: int | None = None) -> list[str]:
    """Drops the empty spacer columns the sheet layout needs and a document does not."""
    if width is not None:
        return list(row[:width]) + [""] * max(0, width - len(row))
    return list(row)


__all__ = [
    "HIDDEN",
    "HIGHER_IS_WORSE",
    "Headline",
    "PublishedTable",
    "SeniorFigure",
    "TrendRow",
    "change_words",
    "concerns",
    "display_text",
    "headline",
    "known_ethnicity_share",
    "national_figure",
    "published_sentence",
    "published_tables",
    "published_years",
    "senior_rating",
    "senior_sentence",
    "shown",
    "trend_rows",
]
