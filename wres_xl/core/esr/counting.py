"""Counting an extract's rows into the Workforce table.

The extract arrives in chunks of rows (``EsrCounter.add_rows``), so nothing the size of the
extract is ever held as Python objects: each chunk is reduced to a few integer codes per row
(the person, the "profile" of classified columns, the medical grade texts) and dropped.
``EsrCounter.result`` then works on those integer arrays alone, in named steps.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from wres_xl.core.bands import (
    AFC_BANDS,
    MEDICAL_BANDS,
    STAFF_GROUPS,
    bands_for,
)
from wres_xl.core.esr.columns import (
    ASSIGNMENT,
    CATEGORY,
    DATE,
    ETHNICITY,
    FIELD_ALIASES,
    GRADE,
    JOB_ROLE,
    OCCUPATION,
    PAY_BAND,
    PERSON,
    POSITION,
    PRIMARY,
    STAFF_GROUP,
    _sentence,
    columns_error,
    match_headers,
    missing_needs,
)
from wres_xl.core.esr.results import EsrImportResult, Exclusion, ImportReport, ValueNote, _people
from wres_xl.core.esr.values import (
    _AFC_CODES,
    _BAND_SLOTS,
    _ETHNIC_ORDER,
    _GROUP_CODES,
    _MEDICAL_CODE,
    _MEDICAL_RANK,
    _MEDICAL_RANK_BASE,
    _display,
    _is_bank,
    _is_blank,
    _person_from_assignment,
    _person_key,
    _primary_flag,
    esr_afc_band,
    esr_medical_grade,
    esr_staff_group,
)
from wres_xl.core.groups import Group, classify_ethnicity
from wres_xl.core.model import Severity
from wres_xl.core.schema import WORKFORCE
from wres_xl.errors import InputError, UnknownLabelError

IntArray = npt.NDArray[np.intp]
BoolArray = npt.NDArray[np.bool_]


#: Columns classified together: every row is reduced to its combination ("profile") of these
#: values, which a trust has a few thousand of, and each profile is classified once.
_PROFILE_FIELDS = (STAFF_GROUP, PAY_BAND, GRADE, CATEGORY, ETHNICITY, PRIMARY)
_ROLE_FIELDS = (JOB_ROLE, POSITION, OCCUPATION)
_NOT_RECOGNISED = "left out of the Workforce table"
#: Person keys are int64: a number (the usual ESR employee number) is its own key, so the
#: common case never builds a string; any other text gets an id from a dict, stored as
#: ``_TEXT_KEY_BASE - id`` so it cannot meet a number. ``_NO_PERSON`` marks a blank.
_NO_PERSON = -1
_TEXT_KEY_BASE = -2
_MAX_DIGITS = 18  # every 18-digit number fits an int64
#: Comma-joined plain employee numbers: each 1 to 18 ASCII digits, so each fits an int64.
_NUMBER_LIST = re.compile(r"[0-9]{1,18}(?:,[0-9]{1,18})*")


def factorize(values: Sequence[Hashable], *, text: bool = False) -> tuple[IntArray, list[Any]]:
    """Codes per value and the distinct values in first-seen order, with numpy.

    Values are grouped by their hashes (one C-level call each, then a numpy sort of
    integers). Numbers have structured hashes (-1 and -2 share one), so unless ``text``
    says every value is a string (or a tuple of strings), each value is compared with its
    group's representative and a chunk where two differ is factorised exactly with a dict.
    Strings are hashed with SipHash under a key drawn at random for each process, so two
    different strings share a hash with odds of 2**-64 a pair: below one in ten billion for
    a whole chunk, far rarer than a memory fault, and not something an input can arrange.
    """
    n = len(values)
    if not n:
        return np.empty(0, dtype=np.intp), []
    hashes = np.fromiter(map(hash, values), dtype=np.int64, count=n)
    _, first, codes = np.unique(hashes, return_index=True, return_inverse=True)
    # First-seen order, so results never depend on the process's hash seed.
    order = np.argsort(first, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    codes = rank[codes.reshape(-1)]
    first = first[order]
    if not text:
        objects = np.fromiter(values, dtype=object, count=n)
        if not bool((objects == objects[first][codes]).all()):
            index: dict[Hashable, int] = {}
            add = index.setdefault
            exact = [add(v, len(index)) for v in values]
            return np.array(exact, dtype=np.intp), list(index)
    return codes.astype(np.intp, copy=False), [values[i] for i in first.tolist()]


@dataclass(frozen=True, slots=True)
class _NoteKey:
    """What a value note is about; notes with the same key are added together."""

    column: str  # the extract's header
    value: str  # the value as shown to users
    outcome: str  # e.g. "counted as Unknown"
    workforce_column: str | None  # the tblWorkforce column it affects
    severity: Severity


@dataclass(slots=True)
class _Count:
    """Rows and counted people that one value note is about."""

    rows: int = 0
    people: int = 0


class _Tally:
    """Rows and counted people per note key, for the report's value notes."""

    def __init__(self) -> None:
        self.found: dict[_NoteKey, _Count] = {}

    def add(self, key: _NoteKey, rows: int, people: int) -> None:
        if rows:
            entry = self.found.setdefault(key, _Count())
            entry.rows += rows
            entry.people += people

    def notes(self) -> list[ValueNote]:
        ordered = sorted(
            self.found.items(), key=lambda kv: (kv[0].column, -kv[1].rows, kv[0].value)
        )
        return [
            ValueNote(
                k.column, k.value, c.rows, c.people, k.outcome, k.workforce_column, k.severity
            )
            for k, c in ordered
        ]


@dataclass(slots=True)
class _Profiles:
    """Each distinct profile (combination of ``_PROFILE_FIELDS`` values), classified once."""

    fields: list[str]  # the profile fields this extract has, in tuple order
    used: Mapping[str, str]
    combos: list[tuple[object, ...]] = dataclasses.field(default_factory=list)
    blank: list[bool] = dataclasses.field(default_factory=list)
    group: list[int] = dataclasses.field(
        default_factory=list
    )  # index in STAFF_GROUPS, -1 unrecognised
    ethnic: list[int] = dataclasses.field(default_factory=list)  # index in _ETHNIC_ORDER
    ethnic_found: list[bool] = dataclasses.field(default_factory=list)
    bank: list[bool] = dataclasses.field(default_factory=list)
    primary: list[bool | None] = dataclasses.field(
        default_factory=list
    )  # None: not a recognisable flag
    band: list[int] = dataclasses.field(
        default_factory=list
    )  # index in AFC_BANDS, -1 none (or medical)
    band_note: list[_NoteKey | None] = dataclasses.field(default_factory=list)
    ids: dict[tuple[object, ...], int] = dataclasses.field(default_factory=dict)
    _memo: dict[tuple[str, object], Any] = dataclasses.field(default_factory=dict)

    def value(self, combo: tuple[object, ...], name: str) -> object:
        return combo[self.fields.index(name)] if name in self.fields else None

    def _once(self, name: str, value: object, classify: Callable[[Any], Any]) -> Any:
        key = (name, value)
        if key not in self._memo:
            self._memo[key] = classify(value)
        return self._memo[key]

    def add(self, combo: tuple[object, ...]) -> int:
        """The id of ``combo``, classifying it when it is new."""
        found = self.ids.get(combo)
        if found is not None:
            return found
        has = dict(zip(self.fields, combo, strict=True))
        group = self._once(STAFF_GROUP, has[STAFF_GROUP], _group_code)
        ethnic, found_ethnic = self._once(ETHNICITY, has[ETHNICITY], _ethnic_code)
        blank = all(_is_blank(v) for v in combo)
        band, note = -1, None
        if group in _AFC_CODES and not blank:
            band_fields = [f for f in (PAY_BAND, GRADE) if f in has]
            texts = tuple(has[f] for f in band_fields)
            band, note = self._once(
                "afc", texts, lambda t: _afc_for(t, [self.used[f] for f in band_fields])
            )
        self.ids[combo] = len(self.combos)
        self.combos.append(combo)
        self.blank.append(blank)
        self.group.append(group)
        self.ethnic.append(ethnic)
        self.ethnic_found.append(found_ethnic)
        self.bank.append(CATEGORY in has and self._once(CATEGORY, has[CATEGORY], _is_bank))
        self.primary.append(
            self._once(PRIMARY, has[PRIMARY], _primary_flag) if PRIMARY in has else False
        )
        self.band.append(band)
        self.band_note.append(note)
        return len(self.combos) - 1


def _group_code(value: object) -> int:
    group = esr_staff_group(value)
    return -1 if group is None else _GROUP_CODES[group]


def _ethnic_code(value: object) -> tuple[int, bool]:
    try:
        return _ETHNIC_ORDER.index(classify_ethnicity(value)), True
    except UnknownLabelError:
        return _ETHNIC_ORDER.index(Group.UNKNOWN), False


@dataclass(slots=True)
class _MedicalGrades:
    """Each distinct (grade, band, role...) text combination of medical rows, graded once."""

    fields: list[str]
    used: Mapping[str, str]
    ids: dict[tuple[object, ...], int] = dataclasses.field(default_factory=dict)
    grade: list[int] = dataclasses.field(default_factory=list)  # index in MEDICAL_BANDS
    note: dict[int, _NoteKey] = dataclasses.field(default_factory=dict)

    def add(self, texts: tuple[object, ...]) -> int:
        found = self.ids.get(texts)
        if found is not None:
            return found
        k = self.ids[texts] = len(self.grade)
        grade = esr_medical_grade(texts)
        if grade is None:
            grade = "Other"
            column, value = _first_text(texts, self.fields, self.used)
            self.note[k] = _NoteKey(
                column, value, "counted as Medical & Dental grade 'Other'", "Band", Severity.WARNING
            )
        self.grade.append(MEDICAL_BANDS.index(grade))
        return k


@dataclass(frozen=True, slots=True)
class _RowFacts:
    """Per-row integer facts of the whole extract, ready for choosing assignments."""

    person: IntArray  # person id, -1 when none
    n_people: int
    profile: IntArray
    staff_group: IntArray
    band: IntArray  # index within the group's bands, -1 unrecognised
    rank: IntArray  # seniority for choosing the highest assignment
    ethnic: IntArray
    bank: BoolArray
    primary: BoolArray
    live: BoolArray  # not a blank line
    medical_key: IntArray  # id in _MedicalGrades, -1 for non-medical rows


@dataclass(frozen=True, slots=True)
class _Choice:
    """Which assignment counts for each person, and which rows were left out."""

    substantive: BoolArray
    bank_only: BoolArray
    bank_extra: BoolArray
    chosen: IntArray  # one row per person with a substantive post
    chosen_mask: BoolArray
    placed_rows: IntArray  # chosen rows with a recognised staff group and band


class _Chunk(NamedTuple):
    """The integer codes of one chunk of rows, kept until ``result`` joins them."""

    profile: IntArray  # id in _Profiles
    person: npt.NDArray[np.int64]  # person key (_NO_PERSON when none)
    medical_key: IntArray  # id in _MedicalGrades, -1 for non-medical rows


class EsrCounter:
    """Counts an ESR extract fed in chunks of rows: ``add_rows`` each chunk, then ``result``.

    ``headers`` is the extract's header row; rows are sequences in that order (short rows
    are padded with blanks). Memory grows by a few integers per row, never by the rows.
    """

    def __init__(self, headers: Sequence[object], *, source: str = "the ESR extract") -> None:
        positions = match_headers(headers)
        missing = missing_needs(positions)
        if missing:
            raise columns_error([_display(h) for h in headers if not _is_blank(h)], missing, source)
        self.source = source
        self.used = {f: str(headers[i]) for f, i in positions.items()}
        self._positions = positions
        self._width = max(positions.values()) + 1
        fields = [f for f in _PROFILE_FIELDS if f in positions]
        self._profile_of = itemgetter(*(positions[f] for f in fields))
        self._profiles = _Profiles(fields, self.used)
        med_fields = [f for f in (GRADE, PAY_BAND, *_ROLE_FIELDS) if f in positions]
        self._medical = _MedicalGrades(med_fields, self.used)
        self._medical_of = _tuple_getter([positions[f] for f in med_fields])
        self._text_keys: dict[str, int] = {}
        self._date_of = itemgetter(positions.get(DATE, 0))
        self._chunks: list[_Chunk] = []
        self._dates: dict[object, None] = {}
        self.rows = 0

    @property
    def date_header(self) -> str | None:
        """The header of the snapshot-date column, if the extract has one."""
        return self.used.get(DATE)

    @property
    def dates(self) -> list[object]:
        """The distinct values of the snapshot-date column, in first-seen order."""
        return list(self._dates)

    def add_rows(self, rows: Sequence[Sequence[object]], *, text: bool = False) -> None:
        """Count a chunk of rows; ``text`` promises every cell is a ``str`` (a CSV file)."""
        if not rows:
            return
        try:
            self._add(rows, text)
        except IndexError:  # a short CSV line: its missing cells are blank
            pad = ("",) * self._width
            self._add([r if len(r) >= self._width else (*r, *pad[len(r) :]) for r in rows], text)

    def _add(self, rows: Sequence[Sequence[object]], text: bool) -> None:
        # A short row raises IndexError at any getter below; everything changed before the
        # chunk is appended at the end is a cache that a retry finds again, so it is safe.
        dates = dict.fromkeys(map(self._date_of, rows)) if DATE in self._positions else {}
        codes, combos = factorize(list(map(self._profile_of, rows)), text=text)
        known, add = self._profiles.ids.get, self._profiles.add
        ids = np.array([add(c) if (i := known(c)) is None else i for c in combos], dtype=np.intp)
        profile = ids[codes]
        person = self._person_keys(rows, text)
        groups = np.array([self._profiles.group[i] for i in ids.tolist()], dtype=np.intp)
        medical_key = np.full(len(rows), -1, dtype=np.intp)
        medical = np.flatnonzero(groups[codes] == _MEDICAL_CODE)
        if medical.size:
            texts = [self._medical_of(rows[i]) for i in medical.tolist()]
            m_codes, distinct = factorize(texts, text=text)
            m_ids = np.array([self._medical.add(t) for t in distinct], dtype=np.intp)
            medical_key[medical] = m_ids[m_codes]
        self._dates.update(dates)
        self._chunks.append(_Chunk(profile, person, medical_key))
        self.rows += len(rows)

    def _person_keys(self, rows: Sequence[Sequence[object]], text: bool) -> npt.NDArray[np.int64]:
        keys = np.full(len(rows), _NO_PERSON, dtype=np.int64)
        if PERSON in self._positions:
            at = self._positions[PERSON]
            keys = self._keys(list(map(itemgetter(at), rows)), _person_key, text)
        if ASSIGNMENT in self._positions:
            need = np.flatnonzero(keys == _NO_PERSON)
            if need.size:
                at = self._positions[ASSIGNMENT]
                values = [rows[i][at] for i in need.tolist()]
                keys[need] = self._keys(values, _person_from_assignment, text)
        return keys

    def _keys(
        self, values: list[object], key: Callable[[object], str | None], text: bool
    ) -> npt.NDArray[np.int64]:
        fast = _number_keys(values) if key is _person_key else None
        if fast is not None:
            return fast
        codes, distinct = factorize(values, text=text)
        add = self._text_keys.setdefault
        out = np.empty(len(distinct), dtype=np.int64)
        for i, value in enumerate(distinct):
            k = key(value)
            if k is None:
                out[i] = _NO_PERSON
            elif len(k) <= _MAX_DIGITS and k.isascii() and k.isdigit():
                out[i] = int(k)
            else:
                out[i] = _TEXT_KEY_BASE - add(k, len(self._text_keys))
        return out[codes]

    def result(self, *, year: int) -> EsrImportResult:
        """Workforce counts, headcounts and the import report for WRES year ``year``."""
        facts = self._row_facts()
        rows_read = int(facts.live.sum())
        if not rows_read:
            raise InputError(
                f"{_sentence(self.source)} has column headers but no rows of staff below them. "
                "Check that the extract was run for the right organisation and date."
            )
        choice = _choose_assignments(facts)
        workforce, headcount = _workforce_rows(year, facts, choice)
        value_notes = self._value_notes(facts, choice)
        report = ImportReport(
            source=self.source,
            year=year,
            rows_read=rows_read,
            people_counted=len(choice.placed_rows),
            headcount=headcount,
            exclusions=_exclusions(facts, choice, self.used),
            unrecognised=tuple(v for v in value_notes if v.severity != Severity.INFO),
            assumptions=tuple(v for v in value_notes if v.severity == Severity.INFO),
            notes=tuple(self._general_notes(facts, choice)),
            columns_used=dict(self.used),
        )
        return EsrImportResult(year=year, workforce=workforce, headcount=headcount, report=report)

    def _row_facts(self) -> _RowFacts:
        p = self._profiles
        empty = np.empty(0, dtype=np.intp)
        profile = np.concatenate([c.profile for c in self._chunks]) if self._chunks else empty
        keys = (
            np.concatenate([c.person for c in self._chunks])
            if self._chunks
            else np.empty(0, dtype=np.int64)
        )
        medical_key = (
            np.concatenate([c.medical_key for c in self._chunks]) if self._chunks else empty
        )
        person = np.full(len(keys), -1, dtype=np.intp)
        known = keys != _NO_PERSON
        distinct, ids = np.unique(keys[known], return_inverse=True)
        person[known] = ids.reshape(-1)
        band = np.array(p.band, dtype=np.intp)[profile] if p.combos else empty.copy()
        rank = band.copy()
        medical = np.flatnonzero(medical_key >= 0)
        if medical.size:
            grades = np.array(self._medical.grade, dtype=np.intp)[medical_key[medical]]
            seniority = np.array([_MEDICAL_RANK[b] for b in MEDICAL_BANDS], dtype=np.intp)
            band[medical] = grades
            rank[medical] = _MEDICAL_RANK_BASE + seniority[grades]

        def per_row(values: Sequence[Any], dtype: type) -> Any:
            return np.array(values, dtype=dtype)[profile] if values else np.empty(0, dtype)

        return _RowFacts(
            person=person,
            n_people=max(len(distinct), 1),
            profile=profile,
            staff_group=per_row(p.group, np.intp),
            band=band,
            rank=rank,
            ethnic=per_row(p.ethnic, np.intp),
            bank=per_row(p.bank, np.bool_),
            primary=per_row([bool(f) for f in p.primary], np.bool_),
            live=~(per_row(p.blank, np.bool_) & (person < 0)),
            medical_key=medical_key,
        )

    def _value_notes(self, facts: _RowFacts, choice: _Choice) -> list[ValueNote]:
        p, used = self._profiles, self.used
        n = len(p.combos)
        tally = _Tally()
        rows_by = np.bincount(facts.profile[choice.substantive], minlength=n)
        people_by = np.bincount(facts.profile[choice.chosen], minlength=n)
        counted_by = np.bincount(facts.profile[choice.placed_rows], minlength=n)
        for i in np.flatnonzero(rows_by).tolist():
            combo = p.combos[i]
            rows_i, people_i = int(rows_by[i]), int(people_by[i])
            if not p.ethnic_found[i]:
                shown = _display(p.value(combo, ETHNICITY))
                key = _NoteKey(
                    used[ETHNICITY], shown, "counted as Unknown", "Unknown", Severity.WARNING
                )
                tally.add(key, rows_i, int(counted_by[i]))
            if p.group[i] < 0:
                shown = _display(p.value(combo, STAFF_GROUP))
                key = _NoteKey(
                    used[STAFF_GROUP], shown, _NOT_RECOGNISED, "Staff group", Severity.WARNING
                )
                tally.add(key, rows_i, people_i)
            if p.primary[i] is None:
                shown = _display(p.value(combo, PRIMARY))
                key = _NoteKey(
                    used[PRIMARY], shown, "treated as not primary", None, Severity.WARNING
                )
                tally.add(key, rows_i, people_i)
            band_note = p.band_note[i]
            if band_note is not None:
                tally.add(band_note, rows_i, people_i)
        if self._medical.note:
            key_of = facts.medical_key
            med_rows_by = np.bincount(key_of[choice.substantive & (key_of >= 0)])
            med_people_by = np.bincount(
                key_of[choice.chosen_mask & (key_of >= 0)], minlength=len(med_rows_by)
            )
            for k, note in self._medical.note.items():
                if k < len(med_rows_by):
                    tally.add(note, int(med_rows_by[k]), int(med_people_by[k]))
        return tally.notes()

    def _general_notes(self, facts: _RowFacts, choice: _Choice) -> list[tuple[Severity, str]]:
        notes: list[tuple[Severity, str]] = []
        if CATEGORY not in self.used:
            notes.append(
                (
                    Severity.WARNING,
                    "The extract has no Assignment Category column, so bank staff could not be "
                    "recognised and every assignment was counted as a substantive post. Check "
                    "that the extract leaves out bank-only staff.",
                )
            )
        marked = facts.person[choice.substantive & facts.primary]
        multi_primary = np.bincount(marked, minlength=facts.n_people)
        if (multi_primary > 1).any():
            notes.append(
                (
                    Severity.INFO,
                    f"{_people(int((multi_primary > 1).sum()))} had more than one assignment "
                    "marked primary; the highest band among them was used.",
                )
            )
        if PERSON not in self.used:
            notes.append(
                (
                    Severity.INFO,
                    "There is no employee number column, so people were identified by the part "
                    f"of the {self.used[ASSIGNMENT]} before the '-'.",
                )
            )
        return notes


def _tuple_getter(positions: Sequence[int]) -> Callable[[Sequence[object]], tuple[object, ...]]:
    """``itemgetter`` that always returns a tuple, even for one position."""
    if len(positions) == 1:
        (at,) = positions
        return lambda row: (row[at],)
    return itemgetter(*positions)


def _number_keys(values: list[object]) -> npt.NDArray[np.int64] | None:
    """Person keys of a chunk whose employee numbers are all plain numbers, else None.

    The same keys ``_person_key`` gives ("00123" and 123.0 are both person 123), without a
    Python call per row; a chunk with a blank, a sign, a space, text or a number too long
    for int64 takes the exact path.
    """
    try:
        joined = ",".join(values)  # type: ignore[arg-type]
    except TypeError:  # not all text: Excel numbers
        if not set(map(type, values)) <= {float, int}:
            return None
        numbers = np.array(values, dtype=np.float64)
        whole = (numbers >= 0) & (numbers < 2**53) & (numbers == np.floor(numbers))
        return numbers.astype(np.int64) if bool(whole.all()) else None
    if _NUMBER_LIST.fullmatch(joined) is None:
        return None
    # numpy parses the list in C; the pattern above has ruled out what it would misread.
    return np.fromstring(joined, dtype=np.int64, sep=",")


def _choose_assignments(facts: _RowFacts) -> _Choice:
    """One assignment per person: substantive, then primary, then the highest rank, then the
    earliest row; bank assignments never count (SPEC §2)."""
    person, n = facts.person, len(facts.person)
    has_person = facts.live & (person >= 0)
    substantive = has_person & ~facts.bank
    has_substantive = np.zeros(facts.n_people, dtype=np.bool_)
    has_substantive[person[substantive]] = True
    bank_rows = has_person & facts.bank
    bank_only = bank_rows & ~has_substantive[person]
    bank_extra = bank_rows & has_substantive[person]

    rows = np.flatnonzero(substantive)
    order = np.lexsort((-rows, facts.rank[rows], facts.primary[rows], person[rows]))
    ordered = rows[order]
    sorted_people = person[ordered]
    last = np.ones(len(ordered), dtype=np.bool_)
    last[:-1] = sorted_people[1:] != sorted_people[:-1]
    chosen = ordered[last]
    chosen_mask = np.zeros(n, dtype=np.bool_)
    chosen_mask[chosen] = True
    placed_rows = chosen[(facts.staff_group[chosen] >= 0) & (facts.band[chosen] >= 0)]
    return _Choice(substantive, bank_only, bank_extra, chosen, chosen_mask, placed_rows)


def _workforce_rows(
    year: int, facts: _RowFacts, choice: _Choice
) -> tuple[list[dict[str, object]], dict[str, int]]:
    """tblWorkforce rows (every standard band, zeros included) and headcount per group."""
    placed = choice.placed_rows
    cells = (facts.staff_group[placed] * _BAND_SLOTS + facts.band[placed]) * 3 + facts.ethnic[
        placed
    ]
    counts = np.bincount(cells, minlength=len(STAFF_GROUPS) * _BAND_SLOTS * 3).reshape(
        len(STAFF_GROUPS), _BAND_SLOTS, 3
    )
    workforce: list[dict[str, object]] = []
    for g, group in enumerate(STAFF_GROUPS):
        for b, band_label in enumerate(bands_for(group)):
            white, bme, unknown = (int(x) for x in counts[g, b])
            values = (year, group.value, band_label, white, bme, unknown)
            workforce.append(dict(zip(WORKFORCE.columns, values, strict=True)))
    totals = counts.sum(axis=(0, 1))
    headcount = {grp.value: int(totals[i]) for i, grp in enumerate(_ETHNIC_ORDER)}
    return workforce, headcount


def _exclusions(
    facts: _RowFacts, choice: _Choice, used: Mapping[str, str]
) -> tuple[Exclusion, ...]:
    def people_in(mask: BoolArray) -> int:
        seen = np.zeros(facts.n_people, dtype=np.bool_)
        seen[facts.person[mask]] = True
        return int(seen.sum())

    placed = np.zeros(len(facts.person), dtype=np.bool_)
    placed[choice.placed_rows] = True
    not_placed = choice.chosen_mask & ~placed
    person_label = FIELD_ALIASES[PERSON][0] if PERSON in used else FIELD_ALIASES[ASSIGNMENT][0]
    return (
        Exclusion(
            f"no {person_label}, so the person could not be identified",
            int((facts.live & (facts.person < 0)).sum()),
            0,
            Severity.WARNING,
        ),
        Exclusion(
            "bank assignments of people with no substantive post (bank-only staff are not counted)",
            int(choice.bank_only.sum()),
            people_in(choice.bank_only),
        ),
        Exclusion(
            "bank assignments of people who also have a substantive post (counted on that post)",
            int(choice.bank_extra.sum()),
            people_in(choice.bank_extra),
        ),
        Exclusion(
            "further assignments of people already counted on their "
            + ("primary assignment or " if PRIMARY in used else "")
            + "highest band",
            int(choice.substantive.sum()) - len(choice.chosen),
            people_in(choice.substantive & ~choice.chosen_mask),
        ),
        Exclusion(
            "staff group or pay band not recognised (listed below), so left out of the "
            "Workforce table",
            int(not_placed.sum()),
            int(not_placed.sum()),
            Severity.WARNING,
        ),
    )


def _first_text(
    texts: Sequence[object], fields: Sequence[str], used: Mapping[str, str]
) -> tuple[str, str]:
    """(column, value) of the first non-blank text, to name an unrecognised band."""
    for name, value in zip(fields, texts, strict=True):
        if not _is_blank(value):
            return used[name], _display(value)
    return used[fields[0]], "(blank)"


def _afc_for(texts: Sequence[object], headers: Sequence[str]) -> tuple[int, _NoteKey | None]:
    """(AfC band index or -1, report note or None) from the pay band, else the grade."""
    for header, value in zip(headers, texts, strict=True):
        label, assumed = esr_afc_band(value)
        if label is not None:
            if not assumed:
                return AFC_BANDS.index(label), None
            outcome = (
                "counted as VSM (a pay band outside Agenda for Change; check these are very "
                "senior managers)"
            )
            return AFC_BANDS.index(label), _NoteKey(
                header, _display(value), outcome, "Band", Severity.INFO
            )
    first = next(((h, v) for h, v in zip(headers, texts, strict=True) if not _is_blank(v)), None)
    header, value = first if first else (headers[0], "")
    return -1, _NoteKey(header, _display(value), _NOT_RECOGNISED, "Band", Severity.WARNING)
