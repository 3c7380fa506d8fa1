"""The WDES workforce from the same ESR extract as the WRES (SPEC §10).

The WRES counter already does the hard part once: one person per primary assignment, bank
workers out, staff groups and bands normalised, every exclusion reported. The WDES needs
exactly that with the person's *disability* in place of their ethnic origin. So the
extract's Disability column is read through ``classify_disability`` and handed to the same
counter in the ethnicity slot as a proxy code (Non-disabled → "A", the reference slot;
Disabled → "D", the focus slot; Unknown → "Z"), and the result is renamed to the WDES
columns. Ethnicity columns are ignored.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from wres_xl.core.disability import DisabilityGroup, classify_disability
from wres_xl.core.esr import (
    ETHNICITY,
    FIELD_ALIASES,
    EsrCounter,
    EsrImportResult,
    ImportReport,
    ValueNote,
    match_headers,
)
from wres_xl.core.wdes_standard import WORKFORCE
from wres_xl.errors import InputError

#: ESR column headers accepted for the disability field (case, spaces and punctuation ignored).
DISABILITY_ALIASES: tuple[str, ...] = (
    "Disability",
    "Disability Flag",
    "Disabled",
    "Disability Status",
    "Disability Indicator",
    "Disabled Flag",
)
_PROXY: dict[DisabilityGroup, str] = {
    DisabilityGroup.NON_DISABLED: "A",
    DisabilityGroup.DISABLED: "D",
    DisabilityGroup.UNKNOWN: "Z",
}
#: Unrecognised values go to the counter behind this mark, which no ethnic code or word
#: starts with, so the counter counts them Unknown and reports them; the mark is taken off.
_UNRECOGNISED = "#"
_ENGINE_COLUMN = "Ethnic Origin"
_IGNORED = "(ethnicity: not used for the WDES)"
_COLUMNS = dict(zip(("White", "BME", "Unknown"), WORKFORCE.columns[3:], strict=True))
_HEADCOUNT = {"white": "non_disabled", "bme": "disabled", "unknown": "unknown"}


def _key(value: object) -> str:
    return re.sub(r"[^a-z0-9]", "", str(value).casefold()) if value is not None else ""


def find_disability_column(headers: Sequence[object]) -> int | None:
    wanted = {_key(a) for a in DISABILITY_ALIASES}
    return next((i for i, h in enumerate(headers) if _key(h) in wanted), None)


def proxy_code(value: object) -> str:
    """The counter's code for a Disability value (see the module docstring)."""
    try:
        return _PROXY[classify_disability(value)]
    except InputError:
        return f"{_UNRECOGNISED}{value}"


class DisabilityCounter(EsrCounter):
    """``EsrCounter`` counting by disability instead of ethnicity."""

    def __init__(self, headers: Sequence[object], *, source: str = "the ESR extract") -> None:
        at = find_disability_column(headers)
        if at is None:
            raise InputError(
                f"{source[:1].upper()}{source[1:]} has no Disability column, so the WDES "
                f"workforce cannot be counted. Add ESR's Disability field to the extract (also "
                f"accepted: {', '.join(DISABILITY_ALIASES[1:])})."
            )
        renamed = list(headers)
        ethnic_aliases = {_key(a) for a in FIELD_ALIASES[ETHNICITY]}
        for i, header in enumerate(renamed):
            if _key(header) in ethnic_aliases:
                renamed[i] = _IGNORED
        renamed[at] = _ENGINE_COLUMN
        if match_headers(renamed).get(ETHNICITY) != at:
            raise AssertionError("the Disability column takes the engine's ethnicity slot")
        self.disability_header = str(headers[at])
        self._disability_at = at
        self._proxies: dict[object, str] = {}
        super().__init__(renamed, source=source)

    def add_rows(self, rows: Sequence[Sequence[object]], *, text: bool = False) -> None:
        at, cache = self._disability_at, self._proxies
        converted = []
        for row in rows:
            if len(row) <= at:
                converted.append(row)  # a short row: its disability cell is blank
                continue
            value = row[at]
            code = cache.get(value)
            if code is None:
                code = cache[value] = proxy_code(value)
            new = list(row)
            new[at] = code
            converted.append(new)
        super().add_rows(converted, text=text)

    def result(self, *, year: int) -> EsrImportResult:
        engine = super().result(year=year)
        workforce = [{_COLUMNS.get(k, k): v for k, v in row.items()} for row in engine.workforce]
        headcount = {_HEADCOUNT[k]: v for k, v in engine.headcount.items()}
        report = engine.report
        used = {**report.columns_used, ETHNICITY: self.disability_header}
        report = dataclasses.replace(
            report,
            headcount=headcount,
            unrecognised=tuple(self._note(n) for n in report.unrecognised),
            assumptions=tuple(self._note(n) for n in report.assumptions),
            columns_used=used,
        )
        return EsrImportResult(year=year, workforce=workforce, headcount=headcount, report=report)

    def _note(self, note: ValueNote) -> ValueNote:
        if note.column != _ENGINE_COLUMN:
            return note
        return dataclasses.replace(
            note,
            column=self.disability_header,
            value=note.value.removeprefix(_UNRECOGNISED),
            workforce_column=_COLUMNS.get(note.workforce_column or "", note.workforce_column),
        )


def wdes_report_lines(report: ImportReport) -> list[str]:
    """The import report for the terminal, in WDES words."""
    h = report.headcount
    engine_keys = {"white": h["non_disabled"], "bme": h["disabled"], "unknown": h["unknown"]}
    lines = dataclasses.replace(report, headcount=engine_keys).lines()
    lines[1] = (
        f"Counted {report.people_counted:,} people for WDES year {report.year} "
        f"(31 March {report.year}): {h['non_disabled']:,} Non-disabled, "
        f"{h['disabled']:,} Disabled, {h['unknown']:,} Unknown."
    )
    return lines
