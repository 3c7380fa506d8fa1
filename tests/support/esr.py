"""ESR counts from columns in memory: the tests' way into the counter (files are read in
chunks by commands/import_esr/reader)."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

from wres_xl.core.esr import EsrCounter, EsrImportResult, match_headers
from wres_xl.errors import InputError


def aggregate_esr(
    columns: Mapping[str, Sequence[object]], *, year: int, source: str = "the ESR extract"
) -> EsrImportResult:
    """Workforce counts from ESR columns keyed by their headers (any accepted spelling).

    ``source`` names the extract in messages (for example "'staff.xlsx' (sheet 'Data')").
    Raises ``InputError`` when needed columns are missing, have different lengths, or hold
    no rows. Files are read in chunks straight into an ``EsrCounter`` instead.
    """
    headers = list(columns)
    counter = EsrCounter(headers, source=source)
    wanted = set(match_headers(headers).values())
    lengths = {len(columns[headers[i]]) for i in wanted}
    if len(lengths) > 1:
        raise InputError(
            f"The columns of {source} have different numbers of rows, so rows cannot be "
            "matched up. Export the extract again."
        )
    # Columns it does not recognise are never read, whatever their length.
    cells = (columns[h] if i in wanted else itertools.repeat(None) for i, h in enumerate(headers))
    counter.add_rows(list(zip(*cells, strict=False)))
    return counter.result(year=year)
