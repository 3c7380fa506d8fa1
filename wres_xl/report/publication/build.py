"""Building the Publication model from a standard's results (WRES, WDES).

One section per metric of the standard, one block per year, every cell naming the ledger
counts it uses. The standard supplies the words (its groups, its metrics' titles, columns
and verbs) and the list of metrics; each block is built by its result's computation, so a
WDES relative likelihood is the very same table, ledger counts and suppression as a WRES one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from wres_xl.core.bands import STAFF_GROUPS, in_senior_level
from wres_xl.core.groups import Group
from wres_xl.core.indicators import (
    BoardResult,
    GroupRate,
    NotComputed,
    RatioResult,
    SurveyResult,
    WorkforceResult,
    WresReport,
    band_comparison,
    ratio_result,
    senior_comparison,
    survey_result,
)
from wres_xl.core.model import GroupCounts, PercentBasis, Settings
from wres_xl.core.standard import WRES, Computation, EventWords, MetricSpec, Standard
from wres_xl.core.stats import Rating, board_gap, four_fifths
from wres_xl.core.suppression import SuppressionRules
from wres_xl.core.wdes import ScoreResult, SingleGroupResult, VoicesResult
from wres_xl.errors import InputError
from wres_xl.report.common import SENIOR_ROW_NAMES, ci_text
from wres_xl.report.layout import rating_style
from wres_xl.report.publication.ledger import Key, Ledger, publication_rules
from wres_xl.report.publication.model import (
    Block,
    Cell,
    Line,
    Publication,
    Section,
    _count,
    _figure,
    _rating,
    _text,
    round_ratio,
)

_GROUPS = (Group.WHITE, Group.BME, Group.UNKNOWN)
#: A metric's results by year: the engine's, or a WDES-only one (metrics 8, 9a, 9b).
MetricResults = Mapping[int, object]


class PublicationBuilder:
    """The publication of one standard's results: ``results[metric key][year]``."""

    def __init__(
        self,
        standard: Standard,
        settings: Settings,
        results: Mapping[str, MetricResults],
        year: int,
        rules: SuppressionRules,
        years: Sequence[int],
    ) -> None:
        self.standard = standard
        self.results = results
        self.year = year
        self.settings = settings
        self.years = list(years)
        self.rules = rules
        self.term = settings.bme_term
        self.basis = settings.percent_basis
        self.ledger = Ledger()
        self.representation = standard.first(Computation.REPRESENTATION)
        #: The metric whose section is being built.
        self.spec = standard.metrics[0]
        #: Each metric's block for the report year (what a summary's headline is).
        self.current: dict[str, Block] = {}

    # --- the standard's words ------------------------------------------------------------

    def group_word(self, group: Group) -> str:
        if group is Group.BME:
            return self.term
        return (self.standard.reference if group is Group.WHITE else self.standard.unknown).label

    def who(self, group: Group, noun: str) -> str:
        if group is Group.UNKNOWN:
            return f"{noun} whose {self.standard.unknown_by} is unknown"
        return f"{self.group_word(group)} {noun}"

    def name(self, spec: MetricSpec) -> str:
        """What a table is called ("Indicator 3", "Metric 4a-i")."""
        return f"{self.standard.noun} {spec.key}"

    def table_name(self, spec: MetricSpec, year: int) -> str:
        return f"{self.name(spec)} ({year})"

    def key_of(self, spec: MetricSpec) -> str:
        """The metric's part of its counts' ledger keys."""
        return spec.key

    def survey_heading(self, year: int) -> str:
        return f"NHS Staff Survey {year - 1} ({self.standard.name} {year})"

    def rl_words(self) -> EventWords:
        """The columns and verbs of the relative likelihood being built."""
        if self.spec.events is None:
            raise AssertionError(f"{self.spec.key} has no relative-likelihood words")
        return self.spec.events

    def workforce_result(self, year: int) -> object:
        return self.results.get(self.representation.key, {}).get(year)

    # --- shared counts -----------------------------------------------------------------

    def value(self, key: Key) -> int:
        return self.ledger.counts[key].value

    def group_counts(
        self,
        key: Key,
        table: str,
        row: str,
        counts: GroupCounts,
        where: str,
        noun: str = "staff",
    ) -> tuple[Key, Key, Key, Key]:
        """White, BME, Unknown and Total counts of one row, and the row's sum."""
        keys = [
            self.ledger.add(
                (*key, group.value),
                counts.get(group),
                table=table,
                row=row,
                column=self.group_word(group),
                phrase=f"{self.who(group, noun)} {where}",
            )
            for group in _GROUPS
        ]
        total = self.ledger.add(
            (*key, "total"),
            counts.total,
            table=table,
            row=row,
            column="Total",
            phrase=f"{noun} {where}",
        )
        return keys[0], keys[1], keys[2], total

    def workforce(self, year: int) -> tuple[Key, Key, Key, Key] | None:
        """The whole-workforce counts of ``year`` (indicator 1's bottom row), shared by
        indicators 1, 3, 4 and 9."""
        result = self.workforce_result(year)
        if not isinstance(result, WorkforceResult):
            return None
        return self.group_counts(
            ("workforce", year),
            self.table_name(self.representation, year),
            "Whole workforce",
            result.overall,
            "in the whole workforce",
        )

    def shown(self, key: Key) -> int:
        """A count as the reader sees it: every figure published is calculated from
        these, so that it tells the reader nothing the counts beside it do not."""
        return self.ledger.shown_value(key, self.rules)

    @property
    def rounding(self) -> bool:
        return self.rules.round_to > 1

    def share(self, part: Key, whole: Sequence[Key]) -> float | None:
        """A percentage as published: from the rounded counts when rounding is on."""
        denominator = sum(self.shown(k) for k in whole)
        if denominator == 0:
            return None
        return self.shown(part) / denominator

    def shown_counts(self, keys: tuple[Key, Key, Key, Key]) -> GroupCounts:
        return GroupCounts(*(self.shown(k) for k in keys[:3]))

    def shown_rate(self, events: Key, total: Key) -> GroupRate:
        return GroupRate(self.shown(events), self.shown(total))

    def share_uses(self, keys: tuple[Key, Key, Key, Key], group: Group) -> tuple[Key, ...]:
        white, bme, unknown, total = keys
        if self.basis is PercentBasis.KNOWN:
            return (white, bme)
        return ({Group.WHITE: white, Group.BME: bme, Group.UNKNOWN: unknown}[group], total)

    def group_share(self, keys: tuple[Key, Key, Key, Key], group: Group) -> Cell:
        if self.basis is PercentBasis.KNOWN and group is Group.UNKNOWN:
            return _text("–", "marker")
        uses = self.share_uses(keys, group)
        part = keys[_GROUPS.index(group)]
        whole = uses if self.basis is PercentBasis.KNOWN else (keys[3],)
        return _figure(self.share(part, whole), "percent", uses)

    # --- indicator 1 -------------------------------------------------------------------

    def indicator1(self, result: WorkforceResult) -> Block:
        y = result.year
        table = self.table_name(self.representation, y)
        block = Block(1, y, table, f"Workforce at 31 March {y}")
        overall = self.workforce(y)
        if overall is None:
            raise AssertionError("overall is not None")
        self.ledger.relate(overall[:3], overall[3], f"the row 'Whole workforce' of {table}")
        overall_uses = self.share_uses(overall, Group.BME)
        group_totals: list[tuple[Key, Key, Key, Key]] = []
        senior_parts: dict[str, list[tuple[Key, Key, Key, Key]]] = {
            s.level: [] for s in result.senior
        }
        band_lines: list[Line] = []
        for staff_group in STAFF_GROUPS:
            bands = [b for b in result.bands if b.staff_group is staff_group]
            totals = result.staff_group_totals.get(staff_group)
            if not bands or totals is None:
                continue
            name = staff_group.value
            band_lines.append(
                replace(
                    self.band_header(f"{name}: band"),
                    title=f"{self.name(self.representation)}: {name} staff by pay band, "
                    f"31 March {y}",
                )
            )
            band_keys = []
            for index, band in enumerate(bands):
                row = f"{name}, {band.band}"
                keys = self.group_counts(
                    ("band", y, name, index), table, row, band.counts, f"in {name} {band.band}"
                )
                self.ledger.relate(keys[:3], keys[3], f"the row '{row}' of {table}")
                band_keys.append(keys)
                for level, parts in senior_parts.items():
                    if in_senior_level(level, staff_group, band.band):
                        parts.append(keys)
                rating = band.rating
                if self.rounding:
                    # Rated on the published (rounded) counts, like every other figure.
                    *_, rating = band_comparison(
                        self.shown_counts(keys),
                        self.shown_counts(overall),
                        self.basis,
                        self.settings.significance_level,
                    )
                bme_share = self.group_share(keys, Group.BME)
                if bme_share.kind == "figure" and bme_share.style == "percent":
                    bme_share = replace(bme_share, style=rating_style(rating, "percent"))
                band_lines.append(
                    Line(
                        band.band,
                        [
                            *(_count(k) for k in keys),
                            self.group_share(keys, Group.WHITE),
                            bme_share,
                            self.group_share(keys, Group.UNKNOWN),
                            _rating(rating, (*self.share_uses(keys, Group.BME), *overall_uses)),
                        ],
                        name=row,
                    )
                )
            row = f"All {name}"
            keys = self.group_counts(("group", y, name), table, row, totals, f"in {name}")
            self.ledger.relate(keys[:3], keys[3], f"the row '{row}' of {table}")
            for col in range(4):
                self.ledger.relate(
                    [k[col] for k in band_keys],
                    keys[col],
                    f"the column '{self.ledger.counts[keys[col]].column}' of {name} in {table}",
                )
            group_totals.append(keys)
            band_lines.append(self.total_line(row, keys))
            band_lines.append(Line("", [], kind="blank"))
        for col in range(4):
            self.ledger.relate(
                [k[col] for k in group_totals],
                overall[col],
                f"the staff group totals of '{self.ledger.counts[overall[col]].column}' in {table}",
            )
        # The headline first (SPEC §3): the senior levels against the whole workforce.
        block.lines.extend(self.senior_lines(result, overall, senior_parts, table))
        block.lines.append(self.band_header("All staff groups"))
        whole = self.total_line("Whole workforce", overall)
        whole.cells[-1] = _reference()
        block.lines.append(whole)
        block.lines.append(Line("", [], kind="blank"))
        block.lines.extend(band_lines)
        while block.lines and block.lines[-1].kind == "blank":
            block.lines.pop()
        return block

    def senior_lines(
        self,
        result: WorkforceResult,
        overall: tuple[Key, Key, Key, Key],
        parts: dict[str, list[tuple[Key, Key, Key, Key]]],
        table: str,
    ) -> list[Line]:
        """Indicator 1's headline: the BME share at Band 8a and above, at 8c and above and
        among consultants, against the whole workforce's. A level shows the two counts its
        share is of (BME and all staff; White and BME when percentages are of known
        ethnicity), each a count of the ledger and the sum of its bands' counts, so the
        suppression and its audit see every way a reader could set them against the bands."""
        y = result.year
        term = self.term
        # Columns of the four group counts (White, BME, Unknown, Total) a level shows.
        columns = (0, 1) if self.basis is PercentBasis.KNOWN else (1, 3)
        names = {0: self.group_word(Group.WHITE), 1: term, 3: "Headcount"}
        headings = [
            *(names[c] for c in columns),
            f"{term} %",
            f"Whole workforce {term} %",
            "Difference (points)",
            "Rating",
        ]
        lines = [
            Line(
                "Senior level",
                [_text(h) for h in headings],
                "header_left",
                "header",
                title=f"{self.name(self.representation)}: {term} staff at senior levels "
                f"against the whole workforce, 31 March {y}",
            )
        ]
        overall_share = self.group_share(overall, Group.BME)
        overall_uses = self.share_uses(overall, Group.BME)
        for senior in result.senior:
            label = SENIOR_ROW_NAMES[senior.level]
            where = f"at {label[:1].lower()}{label[1:]}"
            values = (
                senior.counts.white,
                senior.counts.bme,
                senior.counts.unknown,
                senior.counts.total,
            )
            keys: list[Key] = []
            for col in columns:
                group = _GROUPS[col] if col < len(_GROUPS) else None
                keys.append(
                    self.ledger.add(
                        # Keyed by group, as band counts are: BME counts are the ones
                        # the suppression keeps shown where it can.
                        ("senior", y, senior.level, group.value if group else "total"),
                        values[col],
                        table=table,
                        row=label,
                        column=names[col],
                        phrase=f"{self.who(group, 'staff')} {where}"
                        if group is not None
                        else f"staff {where}",
                    )
                )
                # The headline's order: 8a and above, consultants, then 8c and above;
                # the BME count before the headcount.
                rank = ("8a+", "consultants", "8c+").index(senior.level) * 2
                self.ledger.counts[keys[-1]].late = rank + (1 if col == 1 else 2)
                if parts[senior.level]:
                    self.ledger.relate(
                        [k[col] for k in parts[senior.level]],
                        keys[-1],
                        f"the bands of '{label}' ({names[col]}) in {table}",
                    )
            bme_key = keys[columns.index(1)]
            whole = (keys[1],) if columns == (1, 3) else tuple(keys)
            share = _figure(self.share(bme_key, whole), "percent_bold", keys)
            if self.rounding:
                # Rated on the published (rounded) counts, like every other figure.
                shown = {c: self.shown(k) for c, k in zip(columns, keys, strict=True)}
                white = shown.get(0, 0)
                bme = shown[1]
                unknown = shown[3] - bme if 3 in shown else 0
                senior = senior_comparison(
                    senior.level,
                    GroupCounts(white, bme, unknown),
                    self.shown_counts(overall),
                    self.basis,
                    self.settings.significance_level,
                )
            uses = (*keys, *overall_uses)
            difference = _difference(share, overall_share)
            # "No staff" as a band says it: hidden, like a rating, with what it is set against.
            rating = _rating(
                senior.rating if senior.bme_share is not None else Rating.NO_STAFF, uses
            )
            lines.append(
                Line(
                    label,
                    [
                        *(_count(k, bold=senior.level == "8a+") for k in keys),
                        share,
                        overall_share,
                        _figure(
                            round(difference, 1) if difference is not None else None, "points", uses
                        ),
                        rating,
                    ],
                    "wrap",  # "Consultants (incl. senior medical managers)" is long
                    name=label,
                )
            )
        lines.append(Line("", [], kind="blank"))
        return lines

    def band_header(self, first: str) -> Line:
        term = self.term
        white = self.group_word(Group.WHITE)
        headings = [white, term, "Unknown", "Total", f"{white} %", f"{term} %", "Unknown %"]
        return Line(first, [_text(h) for h in [*headings, "Rating"]], "header_left", "header")

    def total_line(self, label: str, keys: tuple[Key, Key, Key, Key]) -> Line:
        shares = [self.group_share(keys, g) for g in _GROUPS]
        bold_shares = [
            replace(s, style="percent_bold") if s.style == "percent" else s for s in shares
        ]
        return Line(
            label,
            [*(_count(k, bold=True) for k in keys), *bold_shares, _text("")],
            "bold",
            name=label,
        )

    # --- indicators 2 to 4 -------------------------------------------------------------

    def ratio_header(self) -> Line:
        term = self.term
        white = self.group_word(Group.WHITE)
        direction = f"{term} ÷ {white}" if self.spec.numerator == "focus" else f"{white} ÷ {term}"
        words = self.rl_words()
        headings = [
            words.total,
            self.spec.wording,
            words.rate,
            f"Relative likelihood ({direction})",
            "95% confidence interval",
            "p-value",
            "Four-fifths test",
            "Rating",
        ]
        return Line("Group", [_text(h) for h in headings], "header_left", "header")

    def headcount(self, result: RatioResult, group: Group, rate: GroupRate) -> Key | None:
        """The workforce count a headcount repeats (a headcount the table may leave blank,
        WRES 3 and 4 and WDES 3, defaults to the workforce totals), so that it is hidden or
        shown together with it."""
        optional = self.standard.table(self.spec.table).optional_columns
        if self.rl_words().total not in optional:
            return None
        years = result.period_years or (result.year,)
        counts = [self.workforce(y) for y in years]
        if any(c is None for c in counts):
            return None
        keys = [c[_GROUPS.index(group)] for c in counts if c is not None]
        if sum(self.value(k) for k in keys) != rate.total:
            return None
        if len(keys) == 1:
            return keys[0]
        table = self.table_name(self.spec, result.year)
        word = self.group_word(group)
        total = self.ledger.add(
            ("events", self.key_of(self.spec), result.year, group.value, "total"),
            rate.total,
            table=table,
            row=word,
            column=self.rl_words().total,
            phrase=self.who(group, "staff") + " were in the headcount",
        )
        self.ledger.relate(
            keys,
            total,
            f"the {word} headcount of {table} (the workforce of "
            f"{' and '.join(map(str, years))} added together)",
        )
        return total

    def event_counts(self, result: RatioResult, group: Group, rate: GroupRate) -> tuple[Key, ...]:
        y = result.year
        table = self.table_name(self.spec, y)
        word = self.group_word(group)
        words = self.rl_words()
        noun = words.noun
        total_name, events_name, non_name = words.total, self.spec.wording, words.non_events
        events_verb, non_verb, total_verb = words.verbs
        base = ("events", self.key_of(self.spec), y, group.value)
        total = self.headcount(result, group, rate) or self.ledger.add(
            (*base, "total"),
            rate.total,
            table=table,
            row=word,
            column=total_name,
            phrase=f"{self.who(group, noun)} {total_verb}",
        )
        events = self.ledger.add(
            (*base, "events"),
            rate.events,
            table=table,
            row=word,
            column=events_name,
            phrase=f"{self.who(group, noun)} {events_verb}",
        )
        non_events = self.ledger.add(
            (*base, "non-events"),
            rate.total - rate.events,
            table=table,
            row=word,
            column=non_name,
            phrase=f"{self.who(group, noun)} {non_verb}",
            worked_out=f"{total_name} minus {events_name.lower()}",
        )
        self.ledger.relate(
            [events, non_events],
            total,
            f"the row '{word}' of {table} ({events_name.lower()} and "
            f"{non_name.lower()} add up to the {total_name.lower()})",
        )
        return events, non_events, total

    def ratio(self, result: RatioResult) -> Block:
        i, y = result.indicator, result.year
        if len(result.period_years) > 1:
            first, last = min(result.period_years), max(result.period_years)
            heading = f"Two years to 31 March {last} ({first} and {last} added together)"
        else:
            heading = f"12 months to 31 March {y}"
        block = Block(i, y, self.table_name(self.spec, y), heading)
        groups: list[tuple[Group, GroupRate]] = [
            (Group.WHITE, result.white),
            (Group.BME, result.bme),
        ]
        if result.unknown is not None:
            groups.append((Group.UNKNOWN, result.unknown))
        keys = {group: self.event_counts(result, group, rate) for group, rate in groups}
        comparison = (*keys[Group.WHITE], *keys[Group.BME])
        if self.rounding:
            # Every figure from the published (rounded) counts: the exact ones would let a
            # reader undo the rounding.
            white_keys, bme_keys = keys[Group.WHITE], keys[Group.BME]
            result = ratio_result(
                i,
                y,
                self.shown_rate(white_keys[0], white_keys[2]),
                self.shown_rate(bme_keys[0], bme_keys[2]),
                significance_level=self.settings.significance_level,
                period_years=result.period_years,
            )
        for group, _ in groups:
            events, non_events, total = keys[group]
            cells = [
                _count(total),
                _count(events),
                _figure(self.share(events, (total,)), "percent", (events, non_events, total)),
            ]
            if group is Group.BME:
                rl = (
                    None
                    if result.relative_likelihood is None
                    else round_ratio(result.relative_likelihood)
                )
                # The four-fifths test of the relative likelihood as printed, so that the
                # label cannot say more about it than its two decimals.
                test = four_fifths(rl) if rl is not None else None
                cells += [
                    _figure(
                        "n/a" if rl is None else rl,
                        "text" if rl is None else "ratio_bold",
                        comparison,
                    ),
                    _figure(ci_text(result.ci_low, result.ci_high), "text", comparison),
                    _figure(result.p_value, "pvalue", comparison),
                    _figure(test.label if test else "–", "text", comparison),
                    _rating(result.rating, comparison),
                ]
            elif group is Group.WHITE:
                cells += [_text(), _text(), _text(), _text()]
                cells.append(_reference())
            else:
                cells += [_text() for _ in range(5)]
            word = self.group_word(group)
            block.lines.append(Line(word, cells, name=word))
        block.headline = ("The relative likelihood is not shown", comparison)
        return block

    # --- indicators 5 to 8 -------------------------------------------------------------

    def survey_header(self) -> Line:
        # Laid out in the columns the relative-likelihood tables use for the same things
        # (rate, result, p-value, rating), so the rating column is wide enough everywhere.
        headings = [
            "Respondents",
            "",
            "% of staff",
            f"Difference ({self.term} minus {self.group_word(Group.WHITE)}, points)",
            "",
            "p-value",
            "",
            "Rating",
        ]
        return Line("Group", [_text(h) for h in headings], "header_left", "header")

    def survey_untested(self, result: SurveyResult) -> Block:
        """Percentages as the trust has them, without respondents: no counts, so nothing to
        suppress, and no test (rated Not tested)."""
        i, y = result.indicator, result.year
        block = Block(i, y, self.table_name(self.spec, y), self.survey_heading(y))
        for group, share in ((Group.WHITE, result.white_rate), (Group.BME, result.bme_rate)):
            cells = [_text("–", "marker"), _text(), _figure(share, "percent", ())]
            if group is Group.WHITE:
                cells += [_text(), _text(), _text(), _text()]
                cells.append(_reference())
            else:
                cells += [
                    _figure(result.difference_pp, "points", ()),
                    _text(),
                    _text("not tested", "marker"),
                    _text(),
                    _not_tested(),
                ]
            word = self.group_word(group)
            block.lines.append(Line(word, cells, name=word))
        return block

    def survey_counts(
        self, y: int, group: Group, rate: GroupRate, table: str
    ) -> tuple[Key, Key, Key]:
        """One group's yes, no and respondent counts of a survey table, and their sum."""
        word = self.group_word(group)
        base = ("survey", self.key_of(self.spec), y, group.value)
        who = self.who(group, "staff")
        total = self.ledger.add(
            (*base, "total"),
            rate.total,
            table=table,
            row=word,
            column="Respondents",
            phrase=f"{who} answered the question",
        )
        events = self.ledger.add(
            (*base, "events"),
            rate.events,
            table=table,
            row=word,
            column="Answered yes",
            phrase=f"{who} {self.spec.wording}",
            worked_out="% of staff times respondents",
        )
        non_events = self.ledger.add(
            (*base, "non-events"),
            rate.total - rate.events,
            table=table,
            row=word,
            column="Answered no",
            phrase=f"{who} answered no",
            worked_out="respondents minus those who answered yes",
        )
        self.ledger.relate(
            [events, non_events],
            total,
            f"the row '{word}' of {table} (yes and no answers add up to the respondents)",
        )
        return events, non_events, total

    def survey(self, result: SurveyResult) -> Block:
        if result.white is None or result.bme is None:
            return self.survey_untested(result)
        i, y = result.indicator, result.year
        table = self.table_name(self.spec, y)
        block = Block(i, y, table, self.survey_heading(y))
        keys: dict[Group, tuple[Key, Key, Key]] = {}
        shares: dict[Group, float | None] = {}
        groups: tuple[tuple[Group, GroupRate, float], ...] = (
            (Group.WHITE, result.white, result.white_rate),
            (Group.BME, result.bme, result.bme_rate),
        )
        for group, rate, published in groups:
            keys[group] = self.survey_counts(y, group, rate, table)
            events, _, total = keys[group]
            shares[group] = self.share(events, (total,)) if self.rules.round_to > 1 else published
        comparison = (*keys[Group.WHITE], *keys[Group.BME])
        if self.rounding:
            result = survey_result(
                i,
                y,
                self.shown_rate(keys[Group.WHITE][0], keys[Group.WHITE][2]),
                self.shown_rate(keys[Group.BME][0], keys[Group.BME][2]),
                significance_level=self.settings.significance_level,
            )
        white, bme = shares[Group.WHITE], shares[Group.BME]
        difference = (bme - white) * 100 if white is not None and bme is not None else None
        for group in (Group.WHITE, Group.BME):
            _, _, total = keys[group]
            cells = [_count(total), _text(), _figure(shares[group], "percent", keys[group])]
            if group is Group.WHITE:
                cells += [_text(), _text(), _text(), _text()]
                cells.append(_reference())
            else:
                cells += [
                    _figure(difference, "points", comparison),
                    _text(),
                    _figure(result.p_value, "pvalue", comparison),
                    _text(),
                    _rating(result.rating, comparison),
                ]
            word = self.group_word(group)
            block.lines.append(Line(word, cells, name=word))
        block.headline = ("The difference between the groups is not shown", comparison)
        return block

    # --- indicator 9 -------------------------------------------------------------------

    def board_header(self) -> Line:
        term = self.term
        headings = [
            self.group_word(Group.WHITE),
            term,
            "Unknown",
            "Total",
            f"{term} % of board",
            f"{term} % of workforce",
            "Difference (points)",
            "Rating",
        ]
        return Line("Board members", [_text(h) for h in headings], "header_left", "header")

    def board(self, result: BoardResult) -> Block:
        y = result.year
        table = self.table_name(self.spec, y)
        block = Block(9, y, table, f"Board at 31 March {y}")
        workforce = self.workforce(y) or self.group_counts(
            ("workforce", y),
            self.table_name(self.representation, y),
            "Whole workforce",
            result.workforce,
            "in the whole workforce",
        )
        non_voting = GroupCounts(
            result.board.counts.white - result.voting.counts.white,
            result.board.counts.bme - result.voting.counts.bme,
            result.board.counts.unknown - result.voting.counts.unknown,
        )
        parts: dict[str, tuple[str, GroupCounts, str]] = {
            "board": ("Whole board", result.board.counts, "of the board"),
            "voting": ("Voting members", result.voting.counts, "of the board with a vote"),
            "non-voting": (
                "Non-voting members",
                non_voting,
                "of the board without a vote",
            ),
            "executive": (
                "Executive members",
                result.executive.counts,
                "of the board in executive roles",
            ),
            "non-executive": (
                "Non-executive members",
                result.non_executive.counts,
                "of the board in non-executive roles",
            ),
        }
        keys: dict[str, tuple[Key, Key, Key, Key]] = {}
        for name, (label, counts, where) in parts.items():
            keys[name] = self.group_counts(
                ("board", y, name), table, label, counts, where, "members"
            )
            self.ledger.relate(keys[name][:3], keys[name][3], f"the row '{label}' of {table}")
            for key in keys[name]:
                # Board members are public office holders (SPEC §5): their counts are
                # published in full unless the trust chooses otherwise.
                self.ledger.counts[key].exempt = self.rules.board_in_full
        for col in range(4):
            column = self.ledger.counts[keys["board"][col]].column
            self.ledger.relate(
                [keys["executive"][col], keys["non-executive"][col]],
                keys["board"][col],
                f"the column '{column}' of {table} (executive and non-executive members add "
                "up to the whole board)",
            )
            self.ledger.relate(
                [keys["voting"][col], keys["non-voting"][col]],
                keys["board"][col],
                f"the column '{column}' of {table} (voting and non-voting members add up to "
                "the whole board)",
            )
        for counts_key in keys["non-voting"]:
            self.ledger.counts[counts_key].worked_out = "whole board minus voting members"
        workforce_uses = self.share_uses(workforce, Group.BME)
        workforce_share = self.group_share(workforce, Group.BME)
        rating = result.rating
        if self.rounding:
            # Rated against the workforce share as published (from the rounded counts).
            board = self.shown_counts(keys["voting"])
            staff = self.shown_counts(workforce)
            if board.denominator(self.basis) and staff.denominator(self.basis):
                gap = board_gap(
                    board.bme,
                    board.denominator(self.basis),
                    staff.bme,
                    staff.denominator(self.basis),
                )
                rating = Rating.WORSE if gap.members_for_parity >= 1 else Rating.EQUIVALENT
        for name in ("board", "voting", "executive", "non-executive"):
            row_keys = keys[name]
            share = self.group_share(row_keys, Group.BME)
            uses = (*self.share_uses(row_keys, Group.BME), *workforce_uses)
            difference = _difference(share, workforce_share)
            cells = [
                *(_count(k) for k in row_keys),
                share,
                workforce_share,
                _figure(difference, "points", uses),
                # NHS England's indicator 9 (and so the rating) is the voting board.
                _rating(rating, uses) if name == "voting" else _text(""),
            ]
            label = parts[name][0]
            block.lines.append(Line(label, cells, name=label))
        block.headline = (
            f"The voting board's {self.term} share and its difference from the workforce are "
            "not shown",
            (*self.share_uses(keys["voting"], Group.BME), *workforce_uses),
        )
        return block

    # --- what the WRES has no table for (WDES 8, 9a, 9b) ----------------------------------

    def single_group(self, result: SingleGroupResult) -> Block:
        """The focus group's respondents only (WDES 8). Their yes and no counts are ledger
        cells (with the sum between them), so a small count is hidden as anywhere else."""
        y = result.year
        table = self.table_name(self.spec, y)
        block = Block(0, y, table, self.survey_heading(y))
        uses: tuple[Key, ...] = ()
        total_cell = _text("–", "marker")
        if result.respondents is not None and result.events is not None:
            rate_counts = GroupRate(result.events, result.respondents)
            uses = self.survey_counts(y, Group.BME, rate_counts, table)
            total_cell = _count(uses[2])
        rate = self.share(uses[0], (uses[2],)) if uses and self.rounding else result.rate
        share = _figure(rate, "percent", uses)
        cells = [total_cell, _text(), share, *(_text() for _ in range(4)), _not_tested()]
        word = self.group_word(Group.BME)
        block.lines.append(Line(word, cells, name=word))
        block.headline = ("The percentage is not shown", uses)
        return block

    def scores(self, result: ScoreResult) -> Block:
        """Mean scores as the survey publishes them (WDES 9a), no counts to hide."""
        y = result.year
        block = Block(0, y, self.table_name(self.spec, y), self.survey_heading(y))
        for group, score in ((Group.WHITE, result.non_disabled), (Group.BME, result.disabled)):
            cells = [_text(), _text(), _figure(round(score, 2), "ratio", ())]
            if group is Group.BME:
                cells += [_figure(result.difference, "points", ()), _text(), _text(), _text()]
                cells.append(_not_tested())
            else:
                cells += [_text() for _ in range(4)]
                cells.append(_reference())
            word = self.group_word(group)
            block.lines.append(Line(word, cells, name=word))
        return block

    def voices(self, result: VoicesResult) -> Block:
        y = result.year
        block = Block(0, y, self.table_name(self.spec, y), f"12 months to 31 March {y}")
        answer = "Yes" if result.facilitates else "No"
        block.message = (
            f"Facilitates the voices of {self.group_word(Group.BME)} staff: {answer}. "
            f"{result.narrative}"
        )
        return block

    def score_header(self) -> Line:
        headings = ["", "", "Mean score (0-10)"]
        headings.append(f"Difference ({self.term} minus {self.group_word(Group.WHITE)}, points)")
        headings += ["", "", "", "Rating"]
        return Line("Group", [_text(h) for h in headings], "header_left", "header")

    # --- the whole publication ---------------------------------------------------------

    def header(self, computation: Computation) -> Line | None:
        """The one header a section prints above all its years (representation: none, each
        staff group and year prints its own table)."""
        if computation is Computation.REPRESENTATION:
            return None
        if computation is Computation.RELATIVE_LIKELIHOOD:
            return self.ratio_header()
        if computation in (Computation.SURVEY, Computation.SINGLE_GROUP):
            return self.survey_header()
        if computation is Computation.SCORE:
            return self.score_header()
        if computation is Computation.BOARD:
            return self.board_header()
        # Yes / no: each year's answer is a note, so the header is never printed; having
        # one keeps every year in one printed table, as the other metrics are.
        return Line("Year", [_text("Facilitates voices")], "header_left", "header")

    def representation_note(self) -> str:
        unknown_by = self.standard.unknown_by
        basis = (
            f"Percentages are of all staff, including those whose {unknown_by} is unknown."
            if self.basis is PercentBasis.ALL_STAFF
            else f"Percentages are of staff whose {unknown_by} is known."
        )
        return (
            f"{basis} Each {self.standard.representation_unit}'s {self.term} share is rated "
            "against the rest of the workforce."
        )

    def not_available(self, number: int, year: int) -> Block:
        block = Block(number, year, self.table_name(self.spec, year), self.year_heading(year))
        block.message = f"Not available: the figures for {year} could not be calculated."
        return block

    def year_heading(self, year: int) -> str:
        computation = self.spec.computation
        if computation is Computation.REPRESENTATION:
            return f"Workforce at 31 March {year}"
        if computation in (Computation.SURVEY, Computation.SINGLE_GROUP, Computation.SCORE):
            return self.survey_heading(year)
        if computation is Computation.BOARD:
            return f"Board at 31 March {year}"
        return f"12 months to 31 March {year}"

    def build(self) -> Publication:
        sections: list[Section] = []
        for number, spec in enumerate(self.standard.metrics, start=1):
            self.spec = spec
            section = Section(number, f"{self.name(spec)}: {spec.title}")
            if spec.computation is Computation.REPRESENTATION:
                section.notes.append(self.representation_note())
            section.header = self.header(spec.computation)
            by_year = self.results.get(spec.key, {})
            for year in self.years:
                if year not in by_year:
                    continue
                block = self.block(number, year, by_year[year])
                section.blocks.append(block)
                if year == self.year:
                    self.current[spec.key] = block
            sections.append(section)
        self.ledger.suppress(self.rules)
        return Publication(self.rules, self.ledger, sections)

    @property
    def headlines(self) -> dict[str, tuple[Cell, Cell]]:
        """Per metric key: the report year's headline figure and rating cells."""
        return {
            spec.key: self.headline(spec, self.current[spec.key])
            for spec in self.standard.metrics
            if spec.key in self.current
        }

    def headline(self, spec: MetricSpec, block: Block) -> tuple[Cell, Cell]:
        return headline_cells(spec, block, self.group_word(Group.BME))

    def block(self, number: int, year: int, result: object) -> Block:
        if isinstance(result, WorkforceResult):
            return self.indicator1(result)
        if isinstance(result, RatioResult):
            return self.ratio(result)
        if isinstance(result, SurveyResult):
            return self.survey(result)
        if isinstance(result, BoardResult):
            return self.board(result)
        if isinstance(result, SingleGroupResult):
            return self.single_group(result)
        if isinstance(result, ScoreResult):
            return self.scores(result)
        if isinstance(result, VoicesResult):
            return self.voices(result)
        if not isinstance(result, NotComputed):
            raise AssertionError(f"no publication table for {type(result).__name__}")
        return self.not_available(number, year)


def headline_cells(spec: MetricSpec, block: Block, focus: str) -> tuple[Cell, Cell]:
    """A metric's headline figure and rating as its table shows them, with the counts they
    use, so that a summary hides them exactly when the tables do (``focus``: the word of the
    focus group's line)."""
    none = (_text("–", "marker"), _text(Rating.NOT_COMPUTED.value, "text"))
    lines = {line.name: line for line in block.lines}
    computation = spec.computation
    if (
        computation is Computation.YES_NO
        and block.message is not None
        and not block.message.startswith("Not")
    ):
        return _text(block.message.split(": ", 1)[1].split(".")[0], "bold"), _text("")
    if block.message is not None:
        return none
    if computation is Computation.REPRESENTATION:
        line = lines.get("Whole workforce")
        return none if line is None else (line.cells[5], _text(""))
    if computation is Computation.BOARD:
        line = lines.get("Voting members")
        return none if line is None else (line.cells[4], line.cells[7])
    line = lines.get(focus)
    if line is None:
        return none
    figure = 2 if computation in (Computation.SINGLE_GROUP, Computation.SCORE) else 3
    return line.cells[figure], line.cells[7]


def _reference() -> Cell:
    return _text(Rating.REFERENCE_GROUP.value, rating_style(Rating.REFERENCE_GROUP))


def _not_tested() -> Cell:
    return _text(Rating.NOT_TESTED.value, rating_style(Rating.NOT_TESTED))


def _difference(share: Cell, workforce_share: Cell) -> float | None:
    if not isinstance(share.value, float) or not isinstance(workforce_share.value, float):
        return None
    return (share.value - workforce_share.value) * 100


def build_publication_model(report: WresReport, years: Sequence[int] | None = None) -> Publication:
    """The ledger, the suppression and the table layout, before any sheet is written.

    ``years`` (newest first) defaults to :func:`every_year`: the refreshed Publication
    sheet, the published file and the report document show the same tables, and every
    trend figure went through the same suppression (one ledger over all the years, so no
    year's figures can be set against another's)."""
    try:
        rules = publication_rules(report)
    except InputError as error:
        return Publication(SuppressionRules(), Ledger(), [], problem=str(error))
    results = {str(i): by_year for i, by_year in report.results.items()}
    chosen = every_year(report) if years is None else years
    builder = PublicationBuilder(WRES, report.settings, results, report.year, rules, chosen)
    return builder.build()


def every_year(report: WresReport) -> list[int]:
    """The WRES year, the year before and every earlier year with any figures, newest first."""
    years = [report.year, report.previous_year]
    for year in sorted(report.years, reverse=True):
        if year in years:
            continue
        if any(
            not isinstance(by_year.get(year), NotComputed | None)
            for by_year in report.results.values()
        ):
            years.append(year)
    return years
