"""What an import found: the counts, the rows left out and the values noted, as report lines
and Checks-sheet problems.
"""

from __future__ import annotations

from dataclasses import dataclass

from wres_xl.core.groups import Group, group_label
from wres_xl.core.model import Check, Severity
from wres_xl.core.schema import WORKFORCE

#: What every ESR import line on the Checks sheet starts with.
CHECK_PREFIX = "ESR import: "


@dataclass(frozen=True)
class Exclusion:
    """Rows of the extract that were not counted, and why."""

    reason: str
    rows: int
    people: int
    severity: Severity = Severity.INFO


@dataclass(frozen=True)
class ValueNote:
    """A value in the extract that was not recognised, or was mapped by an assumption."""

    column: str  # the header as it appears in the extract
    value: str
    rows: int  # rows considered for counting (not bank, with an employee number)
    people: int  # counted people whose chosen assignment carries the value
    outcome: str  # e.g. "counted as Unknown"
    workforce_column: str | None  # the tblWorkforce column it affects
    severity: Severity = Severity.WARNING


@dataclass(frozen=True)
class ImportReport:
    source: str
    year: int
    rows_read: int
    people_counted: int
    headcount: dict[str, int]
    exclusions: tuple[Exclusion, ...]
    unrecognised: tuple[ValueNote, ...]
    assumptions: tuple[ValueNote, ...]
    #: General remarks: (severity, message).
    notes: tuple[tuple[Severity, str], ...]
    #: Field → header of the extract column used for it.
    columns_used: dict[str, str]

    @property
    def rows_excluded(self) -> int:
        return sum(e.rows for e in self.exclusions)

    def unrecognised_counts(self) -> dict[str, int]:
        """Extract column → number of rows with a value that was not recognised."""
        counts: dict[str, int] = {}
        for note in self.unrecognised:
            counts[note.column] = counts.get(note.column, 0) + note.rows
        return counts

    def lines(self, bme_term: str = "BME") -> list[str]:
        """Plain-English lines for the terminal."""
        h = self.headcount
        out = [
            f"Read {self.rows_read:,} rows from {self.source}.",
            f"Counted {self.people_counted:,} people for WRES year {self.year} "
            f"(31 March {self.year}): {h['white']:,} White, {h['bme']:,} "
            f"{group_label(Group.BME, bme_term)}, {h['unknown']:,} Unknown.",
        ]
        shown = [e for e in self.exclusions if e.rows]
        if shown:
            out.append(f"Left out {self.rows_excluded:,} rows:")
            out.extend(f"  {_exclusion_text(e)}" for e in shown)
        if self.unrecognised:
            out.append("Values not recognised:")
            out.extend(f"  {_note_text(n)}" for n in self.unrecognised)
        if self.assumptions:
            out.append("Assumptions made:")
            out.extend(f"  {_note_text(n)}" for n in self.assumptions)
        out.extend(message for _, message in self.notes)
        return out

    def checks(self) -> list[Check]:
        """Problems for the Checks sheet: on the Workforce table, each starting "ESR import: "."""

        def check(severity: Severity, column: str | None, message: str) -> Check:
            return Check(
                severity,
                WORKFORCE.sheet,
                CHECK_PREFIX + message,
                table=WORKFORCE.name,
                column=column,
            )

        found = [
            check(
                Severity.INFO,
                None,
                f"Imported the {self.year} workforce from the ESR extract {self.source}: "
                f"{self.rows_read:,} rows read, {self.people_counted:,} people counted.",
            )
        ]
        found += [
            check(e.severity, None, f"{_exclusion_text(e)}.") for e in self.exclusions if e.rows
        ]
        found += [
            check(n.severity, n.workforce_column, f"{_note_text(n)}.")
            for n in (*self.unrecognised, *self.assumptions)
        ]
        found += [check(severity, None, message) for severity, message in self.notes]
        return found


def _rows(n: int) -> str:
    return f"{n:,} row" + ("" if n == 1 else "s")


def _people(n: int) -> str:
    return f"{n:,} " + ("person" if n == 1 else "people")


def _exclusion_text(e: Exclusion) -> str:
    who = f" ({_people(e.people)})" if e.people else ""
    return f"{_rows(e.rows)}{who}: {e.reason}"


def _note_text(n: ValueNote) -> str:
    return f"{n.column} '{n.value}' in {_rows(n.rows)}; {_people(n.people)} {n.outcome}"


@dataclass(frozen=True)
class EsrImportResult:
    year: int
    #: tblWorkforce rows in standard order, zero rows included, exactly WORKFORCE.columns.
    workforce: list[dict[str, object]]
    #: Total headcount per ethnic group, for the Disciplinary and Training Headcount columns.
    headcount: dict[str, int]
    report: ImportReport
