"""Counting the workforce from a record-level ESR staff extract (issue 7, SPEC §2).

ESR exports one row per *assignment*, so the rows are not people: a nurse with a
substantive post and a bank post appears twice, a doctor with two part-time posts twice.
This package turns such columns into the ``tblWorkforce`` counts:

* each person is counted once, on the assignment the extract marks as primary, otherwise
  on their highest band (AfC bands in ``AFC_BANDS`` order; any medical grade ranks above any
  AfC band, and medical grades rank Other < Trainee grade < Non-consultant career grade <
  Consultant < Senior medical manager); ties go to the earlier row so results are stable;
* bank assignments are ignored, so a person whose every assignment is bank is not counted
  at all (SPEC §2);
* the employee number identifies the person; where it is blank (or the column is absent)
  the part of the ESR assignment number before the "-" is used, because ESR builds
  assignment numbers as ``<employee number>-<sequence>``;
* ethnic origin is classified by its leading NHS code (``classify_ethnicity``); a value that
  is not recognised is counted as Unknown and listed in the report;
* a person whose chosen assignment has an unrecognised staff group or AfC pay band is left
  out of the Workforce table (a band-table cell must be a real band) and listed in the
  report with the value, so totals always equal the sum of the table; a Medical & Dental
  person whose grade is not recognised is counted as "Other", the WRES grade for "other and
  local doctor grades", and listed too;
* pay bands outside Agenda for Change ("Non-AfC Grade", "Non-Review Body Band") are counted
  as VSM and the report says so, because for non-medical staff that is what they nearly
  always are.

Everything is vectorised: each column is factorised once (a hash lookup per row) and every
*distinct* value is classified once, so 100,000 rows cost a few tens of milliseconds.
"""

from __future__ import annotations

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
    best_header_guess,
    columns_error,
    find_header_row,
    match_headers,
    missing_needs,
)
from wres_xl.core.esr.counting import (
    BoolArray,
    EsrCounter,
    IntArray,
    _number_keys,
    factorize,
)
from wres_xl.core.esr.results import EsrImportResult, Exclusion, ImportReport, ValueNote
from wres_xl.core.esr.values import _person_key, esr_afc_band, esr_medical_grade, esr_staff_group
from wres_xl.core.esr.year import infer_esr_year, wres_year_of, year_from_dates

__all__ = [
    "ASSIGNMENT",
    "CATEGORY",
    "DATE",
    "ETHNICITY",
    "FIELD_ALIASES",
    "GRADE",
    "JOB_ROLE",
    "OCCUPATION",
    "PAY_BAND",
    "PERSON",
    "POSITION",
    "PRIMARY",
    "STAFF_GROUP",
    "BoolArray",
    "EsrCounter",
    "EsrImportResult",
    "Exclusion",
    "ImportReport",
    "IntArray",
    "ValueNote",
    "_number_keys",
    "_person_key",
    "best_header_guess",
    "columns_error",
    "esr_afc_band",
    "esr_medical_grade",
    "esr_staff_group",
    "factorize",
    "find_header_row",
    "infer_esr_year",
    "match_headers",
    "missing_needs",
    "wres_year_of",
    "year_from_dates",
]
