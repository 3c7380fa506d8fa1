"""SPEC §10 (WDES) as a hostile acceptance check would read it: by its names only.

Every name below is copied from /work/shared/SPEC.md (never read at run time); the comment
beside each gives the SPEC line it comes from. The workbook is made by the command line
(``wres-xl new FILE --standard wdes``), read back with openpyxl, filled by table, column and
setting names, refreshed by the command line, and its ``--json`` report checked for the keys
and types SPEC names. The worksheet functions are called by their SPEC names and argument
names, and the add-in is checked to register each one.

Where §10 only says "as §7" or "as indicator 9", the WRES key is translated the way §10
translates groups (SPEC line 258: ``white``/``bme`` become ``non_disabled``/``disabled``),
so ``bme_pct`` reads ``disabled_pct`` and ``workforce_bme_pct`` reads
``workforce_disabled_pct``.
"""

from __future__ import annotations

import inspect
import json
import math
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.support.wdes_fill import cli, fill
from wres_xl import udfs
from wres_xl.commands.addin.functions import vba_descriptions, vba_wrappers, worksheet_functions

Y = 2025

# SPEC line 257: the setting `Standard` (`WRES` default, or `WDES`) in `tblSettings`.
STANDARD_SETTING = "Standard"
# SPEC line 258: `wres-xl new FILE --standard wdes` writes the WDES workbook.
NEW_FLAGS = ("--standard", "wdes")
# SPEC lines 258-260: groups, reference first; JSON keys non_disabled, disabled, unknown.
GROUPS = ("Non-disabled", "Disabled", "Unknown")
GROUP_KEYS = ("non_disabled", "disabled", "unknown")
# SPEC lines 260-262: "standard": "WDES" and the metrics under "indicators" keyed so.
METRIC_KEYS: tuple[str, ...] = ("1", "2", "3", "4a-i", "4a-ii", "4a-iii", "4b")
METRIC_KEYS += ("5", "6", "7", "8", "9a", "9b", "10")
# SPEC lines 239-241 (§8): tblActions columns.
ACTION_COLUMNS: tuple[str, ...] = ("ID", "Indicator", "Action", "Measure of success")
ACTION_COLUMNS += ("Timescale", "Lead", "Status", "Source", "Current rating")
# SPEC lines 264-273: tables (sheets) and columns.
TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "tblSettings": ("Settings", ("Setting", "Value")),  # line 266
    "tblWorkforce": (  # line 267
        "Workforce",
        ("Year", "Staff group", "Band", "Non-disabled", "Disabled", "Unknown"),
    ),
    "tblRecruitment": ("Recruitment", ("Year", "Disability", "Shortlisted", "Appointed")),  # 268
    "tblCapability": (  # line 269
        "Capability",
        ("Year", "Disability", "Headcount", "Entered formal capability"),
    ),
    "tblSurvey": (  # line 270
        "Staff survey",
        ("Year", "Metric", "Disability", "Respondents", "Percent", "Score"),
    ),
    "tblVoices": ("Voices", ("Year", "Facilitates voices", "Narrative")),  # line 271
    "tblBoard": ("Board", ("Year", "Role", "Voting", "Disability", "Headcount")),  # line 272
    # line 273 "as §8"; §8 lines 239-241:
    "tblActions": (
        "Action plan",
        ACTION_COLUMNS,
    ),
}
# SPEC line 270: the Metric values tblSurvey takes.
SURVEY_METRICS = ("4a-i", "4a-ii", "4a-iii", "4b", "5", "6", "7", "8", "9a")
# SPEC line 278: `Capability period` setting `Single year` or `Two-year rolling`.
CAPABILITY_PERIOD = ("Capability period", ("Single year", "Two-year rolling"))
# SPEC lines 158 and 163 (§7, kept by §10 for tblWorkforce and tblBoard): allowed values.
STAFF_GROUPS = ("Non-clinical", "Clinical", "Medical & Dental")
ROLES, VOTING = ("Executive", "Non-executive"), ("Yes", "No")
# SPEC lines 229 and 235 (§7 JSON): rating labels a refresh writes where it cannot compute.
NOT_COMPUTED, NOT_TESTED = "Not computed", "Not tested"  # lines 235, 229
SEVERITIES = ("error", "warning", "info")  # line 230
# SPEC line 130: bad input returns a short text starting `WRES:`.
PREFIX = "WRES:"
# SPEC lines 281-283: WDES_RL's argument order, and the others of §6 with a WDES_ prefix.
WDES_RL_ARGS = (
    "metric",
    "nondisabled_events",
    "nondisabled_total",
    "disabled_events",
    "disabled_total",
)


def _new(folder: Path) -> Path:
    path = folder / "wdes.xlsx"
    made = cli("new", str(path), *NEW_FLAGS)
    assert made.returncode == 0, made.stdout + made.stderr
    return path


def _tables(path: Path) -> dict[str, tuple[str, list[object]]]:
    book = openpyxl.load_workbook(path)
    found: dict[str, tuple[str, list[object]]] = {}
    for ws in book.worksheets:
        for name in ws.tables:
            ref = ws.tables[name].ref
            found[name] = (ws.title, [c.value for c in ws[ref][0]])
    return found


@pytest.mark.slow
def test_new_standard_wdes_holds_exactly_the_spec_tables_and_columns(tmp_path: Path) -> None:
    path = _new(tmp_path)
    found = _tables(path)
    assert set(found) == set(TABLES)
    for name, (sheet, columns) in TABLES.items():
        assert found[name][0] == sheet, name
        # extra columns are allowed (SPEC line 152); every SPEC column is there, in order
        headers = [h for h in found[name][1] if h in columns]
        assert headers == list(columns), (name, found[name][1])
    settings = openpyxl.load_workbook(path)["Settings"]
    values = {r[0]: r[1] for r in settings.iter_rows(values_only=True)}
    assert values[STANDARD_SETTING] == "WDES"
    assert values[CAPABILITY_PERIOD[0]] in CAPABILITY_PERIOD[1]


def _survey_rows() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = [
        {"Year": Y, "Metric": m, "Disability": g, "Respondents": r, "Percent": p}
        for m in SURVEY_METRICS[:7]
        for g, r, p in ((GROUPS[0], 300, 20), (GROUPS[1], 60, 0.30))
    ]
    rows.append(
        {"Year": Y, "Metric": "8", "Disability": GROUPS[1], "Respondents": 60, "Percent": 70}
    )
    rows += [
        {"Year": Y, "Metric": "9a", "Disability": GROUPS[0], "Score": 7.1},
        {"Year": Y, "Metric": "9a", "Disability": GROUPS[1], "Score": 6.5},
    ]
    return rows


TYPICAL: dict[str, list[dict[str, object]]] = {
    "tblWorkforce": [
        {
            "Year": Y,
            "Staff group": STAFF_GROUPS[0],
            "Band": "Band 3",
            "Non-disabled": 100,
            "Disabled": 20,
            "Unknown": 10,
        },
        {
            "Year": Y,
            "Staff group": STAFF_GROUPS[1],
            "Band": "Band 8a",
            "Non-disabled": 200,
            "Disabled": 30,
            "Unknown": 5,
        },
        {
            "Year": Y,
            "Staff group": STAFF_GROUPS[2],
            "Band": "Consultant",
            "Non-disabled": 50,
            "Disabled": 5,
            "Unknown": 2,
        },
    ],
    "tblRecruitment": [
        {"Year": Y, "Disability": GROUPS[0], "Shortlisted": 400, "Appointed": 100},
        {"Year": Y, "Disability": GROUPS[1], "Shortlisted": 80, "Appointed": 12},
    ],
    "tblCapability": [
        {"Year": Y, "Disability": GROUPS[0], "Headcount": 350, "Entered formal capability": 7},
        {"Year": Y, "Disability": GROUPS[1], "Headcount": 55, "Entered formal capability": 3},
    ],
    "tblSurvey": _survey_rows(),
    "tblVoices": [{"Year": Y, "Facilitates voices": "Yes", "Narrative": "A staff network."}],
    "tblBoard": [
        {"Year": Y, "Role": ROLES[0], "Voting": VOTING[0], "Disability": GROUPS[0], "Headcount": 5},
        {"Year": Y, "Role": ROLES[0], "Voting": VOTING[0], "Disability": GROUPS[1], "Headcount": 1},
        {"Year": Y, "Role": ROLES[1], "Voting": VOTING[0], "Disability": GROUPS[0], "Headcount": 6},
        {"Year": Y, "Role": ROLES[1], "Voting": VOTING[1], "Disability": GROUPS[0], "Headcount": 2},
    ],
}

LONG = "A very long narrative. " * 2000  # 46,000 characters: over Excel's 32,767 per cell


def _hostile() -> dict[str, list[dict[str, object]]]:
    return {
        "tblWorkforce": [
            {
                "Year": Y,
                "Staff group": STAFF_GROUPS[0],
                "Band": "Band 3",
                "Non-disabled": "lots",
                "Disabled": -5,
                "Unknown": None,
            },
            {
                "Year": Y,
                "Staff group": "Aliens",
                "Band": LONG[:5000],
                "Non-disabled": 1e9,
                "Disabled": "=1+1",
                "Unknown": 2.5,
            },
            {
                "Year": None,
                "Staff group": None,
                "Band": None,
                "Non-disabled": None,
                "Disabled": None,
                "Unknown": None,
            },
            {
                "Year": Y,
                "Staff group": STAFF_GROUPS[1],
                "Band": "Band 5",
                "Non-disabled": 200,
                "Disabled": 30,
                "Unknown": 5,
            },
        ],
        "tblRecruitment": [
            {"Year": Y, "Disability": GROUPS[0], "Shortlisted": 10, "Appointed": 12},
            {"Year": Y, "Disability": GROUPS[1], "Shortlisted": "=1+1", "Appointed": "some"},
            {"Year": "last year", "Disability": "Maybe", "Shortlisted": -5, "Appointed": 1e9},
        ],
        "tblCapability": [
            {
                "Year": Y,
                "Disability": GROUPS[0],
                "Headcount": None,
                "Entered formal capability": -5,
            },
            {
                "Year": Y,
                "Disability": GROUPS[1],
                "Headcount": 1e9,
                "Entered formal capability": "x",
            },
        ],
        "tblSurvey": [
            {
                "Year": Y,
                "Metric": "4a-i",
                "Disability": GROUPS[0],
                "Respondents": -5,
                "Percent": 250,
            },
            {
                "Year": Y,
                "Metric": "4a-i",
                "Disability": GROUPS[1],
                "Respondents": "ten",
                "Percent": "=1+1",
            },
            {"Year": Y, "Metric": "11", "Disability": GROUPS[1], "Respondents": 10, "Percent": 10},
            {"Year": Y, "Metric": "9a", "Disability": GROUPS[0], "Score": 11},
            {"Year": Y, "Metric": "9a", "Disability": GROUPS[1], "Score": "high"},
            {"Year": Y, "Metric": "8", "Disability": GROUPS[0], "Respondents": 1e9, "Percent": -5},
        ],
        "tblVoices": [{"Year": Y, "Facilitates voices": "Perhaps", "Narrative": LONG[:30000]}],
        "tblBoard": [
            {
                "Year": Y,
                "Role": "Chair",
                "Voting": "Sometimes",
                "Disability": GROUPS[1],
                "Headcount": -5,
            },
            {
                "Year": Y,
                "Role": ROLES[0],
                "Voting": VOTING[0],
                "Disability": GROUPS[0],
                "Headcount": "=1+1",
            },
            {
                "Year": Y,
                "Role": ROLES[1],
                "Voting": VOTING[0],
                "Disability": GROUPS[0],
                "Headcount": 1e9,
            },
        ],
    }


def _refresh_json(path: Path) -> tuple[int, dict[str, Any]]:
    out = path.with_suffix(".json")
    done = cli("refresh", str(path), "--json", str(out))
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    # the terminal names the standard and every metric, and never says nothing was computed
    assert "No indicators computed" not in done.stdout
    assert done.stdout.startswith(f"WDES {Y}"), done.stdout
    listed = [line.split()[0] for line in done.stdout.splitlines()[4 : 4 + len(METRIC_KEYS)]]
    assert listed == list(METRIC_KEYS), done.stdout
    # SPEC line 181: exit 0 success, 1 data errors reported in Checks
    assert done.returncode in (0, 1), done.stdout + done.stderr
    report: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return done.returncode, report


def _is(value: object, kind: str) -> bool:
    """SPEC's JSON types: ``int``, ``float``, ``str``, ``bool``, ``dict``, ``list``; ``?`` null."""
    if kind.endswith("?"):
        return value is None or _is(value, kind[:-1])
    if kind == "float":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    return type(value).__name__ == kind


# SPEC lines 207-235 (§7 JSON) with §10's group keys (lines 258-260).
RL_KEYS = {  # metrics 2 and 3: "2": {...}, "3": {...same keys...} (lines 213-217)
    "relative_likelihood": "float?",
    "ci_low": "float?",
    "ci_high": "float?",
    "p_value": "float",
    "significant": "bool",
    "four_fifths": "str",
    "rating": "str",
    "narrative": "str",
    "previous": "dict",
}
RL_GROUP = {"events": "int", "total": "int", "rate": "float"}  # line 213
SURVEY_KEYS = {  # metrics 4a-i to 7, as indicators 5-8 (lines 218-220)
    "difference_pp": "float",
    "p_value": "float",
    "significant": "bool",
    "rating": "str",
    "narrative": "str",
    "previous": "dict",
}
SURVEY_GROUP = {"respondents": "int", "rate": "float"}  # line 218
BOARD_KEYS = {  # metric 10 "as indicator 9, on Disabled share" (line 281; JSON lines 221-224)
    "workforce_disabled_pct": "float",
    "board_disabled_pct": "float",
    "difference_pp": "float",
    "voting_difference_pp": "float?",
    "executive_difference_pp": "float?",
    "non_executive_difference_pp": "float?",
    "members_for_parity": "int",
    "rating": "str",
}
OVERALL = {"non_disabled": "int", "disabled": "int", "unknown": "int", "disabled_pct": "float"}
BAND = {"staff_group": "str", "band": "str", **OVERALL, "rating": "str"}  # lines 210-212
SENIOR = {  # lines 225-226
    "level": "str",
    "disabled_pct": "float?",
    "overall_disabled_pct": "float",
    "difference_pp": "float?",
    "p_value": "float?",
    "rating": "str",
}
CLUSTER = {"staff_group": "str", "cluster": "str", **OVERALL, "rating": "str"}  # 227-228
CHECK = {  # lines 230-231
    "severity": "str",
    "sheet": "str",
    "row": "int?",
    "column": "str?",
    "message": "str",
}


def _wrong(where: str, body: dict[str, Any], keys: dict[str, str]) -> list[str]:
    return [
        f"{where}.{key}: {body.get(key, '<missing>')!r} is not {kind}"
        for key, kind in keys.items()
        if key not in body or not _is(body[key], kind)
    ]


def _schema_problems(report: dict[str, Any]) -> list[str]:  # noqa: C901 - one metric per branch, read as the SPEC table
    wrong = _wrong(
        "",
        report,
        {
            "organisation": "str?",
            "year": "int",
            "settings": "dict",
            "indicators": "dict",
            "checks": "list",
        },
    )
    if report.get("standard") != "WDES":
        wrong.append(f"standard is {report.get('standard')!r}")
    metrics = report["indicators"]
    if list(metrics) != list(METRIC_KEYS):
        wrong.append(f"indicator keys {list(metrics)}")
    for key, body in metrics.items():
        if body.get("rating") == NOT_COMPUTED:
            continue  # SPEC line 235: present, rating Not computed, a check says why
        if key == "1":
            wrong += _wrong("1.overall", body["overall"], OVERALL)
            for band in body["bands"]:
                wrong += _wrong("1.bands", band, BAND)
            for senior in body["senior"]:
                wrong += _wrong("1.senior", senior, SENIOR)
                if senior["level"] not in ("8a+", "8c+", "consultants"):
                    wrong.append(f"1.senior.level {senior['level']!r}")
            for cluster in body["clusters"]:
                wrong += _wrong("1.clusters", cluster, CLUSTER)
        elif key in ("2", "3"):
            wrong += _wrong(key, body, RL_KEYS)
            for group in GROUP_KEYS[:2]:
                wrong += _wrong(f"{key}.{group}", body[group], RL_GROUP)
        elif key in SURVEY_METRICS[:7]:
            if body["rating"] == NOT_TESTED:  # line 229: no respondents
                wrong += [f"{key}.{k} not null" for k in ("p_value", "significant") if body[k]]
                continue
            wrong += _wrong(key, body, SURVEY_KEYS)
            for group in GROUP_KEYS[:2]:
                wrong += _wrong(f"{key}.{group}", body[group], SURVEY_GROUP)
        elif key == "8":  # lines 279-280: Disabled staff only, no comparison
            wrong += _wrong("8.disabled", body["disabled"], SURVEY_GROUP)
            wrong += _wrong("8", body, {"rating": "str", "narrative": "str"})
        elif key == "10":
            wrong += _wrong("10", body, BOARD_KEYS)
        else:  # 9a (engagement score, points) and 9b: SPEC names no keys but a rating
            wrong += _wrong(key, body, {"rating": "str"})
        if key in ("2", "3", *SURVEY_METRICS[:7], "10") and body.get("previous") is not None:
            wrong += _wrong(f"{key}.previous", body["previous"], {"year": "int"})
    for check in report["checks"]:
        wrong += _wrong("checks", check, CHECK)
        if check.get("severity") not in SEVERITIES:
            wrong.append(f"check severity {check.get('severity')!r}")
    return wrong


@pytest.mark.slow
def test_typical_workbook_gives_every_spec_key_with_its_type(tmp_path: Path) -> None:
    path = _new(tmp_path)
    fill(path, TYPICAL, {"Organisation": "Example NHS Trust"})
    code, report = _refresh_json(path)
    assert code == 0, report["checks"]
    assert _schema_problems(report) == []
    ratings = {k: v["rating"] for k, v in report["indicators"].items()}
    assert NOT_COMPUTED not in ratings.values(), ratings
    assert report["settings"][STANDARD_SETTING] == "WDES"
    # hand-worked: metric 2 RL = (100/400) / (12/80) = 0.25 / 0.15 (SPEC lines 276-277)
    m2 = report["indicators"]["2"]
    assert m2["relative_likelihood"] == pytest.approx(0.25 / 0.15)
    assert m2["non_disabled"]["rate"] == pytest.approx(0.25)
    # metric 3 RL = Disabled rate / non-disabled rate = (3/55) / (7/350) (line 277)
    assert report["indicators"]["3"]["relative_likelihood"] == pytest.approx((3 / 55) / (7 / 350))
    # survey rates are fractions whether typed as 20 or 0.30 (§7 line 166, JSON line 207)
    survey = report["indicators"]["4a-i"]
    assert (survey["non_disabled"]["rate"], survey["disabled"]["rate"]) == (0.2, 0.3)
    assert survey["difference_pp"] == pytest.approx(10.0)
    # metric 10: voting board 1 Disabled of 12 against 55 of 422 staff, points (line 281)
    board = report["indicators"]["10"]
    assert board["voting_difference_pp"] == pytest.approx(100 * (1 / 12 - 55 / 422))
    assert board["difference_pp"] == pytest.approx(100 * (1 / 14 - 55 / 422))


@pytest.mark.slow
def test_two_year_rolling_capability_period_is_taken(tmp_path: Path) -> None:
    path = _new(tmp_path)
    rows = dict(TYPICAL)
    rows["tblCapability"] = [
        *TYPICAL["tblCapability"],
        {"Year": Y - 1, "Disability": GROUPS[0], "Headcount": 340, "Entered formal capability": 3},
        {"Year": Y - 1, "Disability": GROUPS[1], "Headcount": 45, "Entered formal capability": 2},
    ]
    fill(path, rows, {CAPABILITY_PERIOD[0]: CAPABILITY_PERIOD[1][1]})
    _, report = _refresh_json(path)
    m3 = report["indicators"]["3"]
    assert m3["disabled"]["events"] == 5
    assert m3["relative_likelihood"] == pytest.approx((5 / 100) / (10 / 690))


@pytest.mark.slow
def test_hostile_values_in_every_table_never_crash_and_keep_the_json_shape(
    tmp_path: Path,
) -> None:
    path = _new(tmp_path)
    fill(path, _hostile(), {"Organisation": LONG[:3000], "Significance level": "=1+1"})
    code, report = _refresh_json(path)
    assert code == 1  # data errors, reported in Checks
    assert _schema_problems(report) == []
    sheets = {c["sheet"] for c in report["checks"] if c["severity"] == "error"}
    for table in ("tblWorkforce", "tblRecruitment", "tblCapability", "tblSurvey", "tblBoard"):
        assert TABLES[table][0] in sheets, (table, sheets)
    said = [c["message"] for c in report["checks"]]
    for key, body in report["indicators"].items():
        if body["rating"] == NOT_COMPUTED:  # SPEC line 235: and a check explaining why
            why = [m for m in said if m.startswith(f"Metric {key} (") and "not computed" in m]
            assert why, key
    messages = " ".join(c["message"] for c in report["checks"])
    assert "Traceback" not in messages
    assert all(len(c["message"]) < 1000 for c in report["checks"])
    # WDES words only (SPEC line 258: the groups are Non-disabled, Disabled, Unknown)
    assert [m for m in said if "WRES" in m or "BME" in m or "White" in m] == []
    assert [m for m in said if m.count("(0 if") > 1] == []


# --- worksheet functions (SPEC §6 names with the WDES_ prefix, line 281-283) --------

#: The §6 functions whose meaning differs between the standards (group-specific counts,
#: a metric argument, a disability group), so SPEC line 283 names them WDES_ too.
WDES_NAMES: dict[str, tuple[str, ...]] = {
    "WDES_RL": WDES_RL_ARGS,  # line 281-282 verbatim
    "WDES_CI": (*WDES_RL_ARGS, "level"),  # §6 line 137, [level] optional
    "WDES_PVALUE": WDES_RL_ARGS[1:],  # §6 line 138
    "WDES_RATING": WDES_RL_ARGS,  # §6 line 139
    "WDES_NARRATIVE": WDES_RL_ARGS,  # §6 line 146 (WDES has no [term]: the words are fixed)
    "WDES_BOARD_GAP": (  # §6 line 142
        "board_disabled",
        "board_total",
        "workforce_disabled",
        "workforce_total",
    ),
    "WDES_GROUP": ("disability",),  # §6 line 143
}


@pytest.mark.parametrize("name", sorted(WDES_NAMES))
def test_each_wdes_function_is_importable_with_the_spec_argument_order(name: str) -> None:
    function = getattr(udfs, name)
    parameters = list(inspect.signature(function).parameters)
    assert tuple(parameters) == WDES_NAMES[name]
    # reference group first (SPEC lines 258-259): the first count argument is the non-disabled one
    counts = [p for p in parameters if "disabled" in p]
    if counts and name != "WDES_BOARD_GAP":
        assert counts[0].startswith("nondisabled")


def test_hand_worked_function_answers() -> None:
    # metric 2: (100/400) / (12/80) = 1.6667; metric 3: (3/55) / (7/350) = 2.7273
    assert udfs.WDES_RL(2, 100, 400, 12, 80) == pytest.approx(5 / 3)
    assert udfs.WDES_RL("3", 7, 350, 3, 55) == pytest.approx(30 / 11)
    # Katz: exp(ln RL ± 1.96 sqrt(1/a - 1/n1 + 1/c - 1/n2)), a over n1 the non-disabled side
    se = math.sqrt(1 / 100 - 1 / 400 + 1 / 12 - 1 / 80)
    low, high = udfs.WDES_CI(2, 100, 400, 12, 80)
    assert low == pytest.approx(5 / 3 * math.exp(-1.959964 * se), rel=1e-5)
    assert high == pytest.approx(5 / 3 * math.exp(1.959964 * se), rel=1e-5)
    # Fisher, 0 of 3 against 3 of 3: the two extreme tables, each 1/C(6,3) = 1/20
    assert udfs.WDES_PVALUE(0, 3, 3, 3) == pytest.approx(0.1)
    # 50% against 10% appointed: Cohen's h = 2 asin(sqrt .5) - 2 asin(sqrt .1) = 0.93, large
    assert udfs.WDES_RATING(2, 200, 400, 10, 100) == "Worse to a large degree"
    assert udfs.WDES_RATING("4a-i", 60, 300, 18, 60) == "Equivalent"
    assert udfs.WDES_BOARD_GAP(1, 12, 55, 422) == pytest.approx(100 * (1 / 12 - 55 / 422))
    disabled, non_disabled, unknown = GROUPS[1], GROUPS[0], GROUPS[2]
    answers = [udfs.WDES_GROUP(v) for v in ("Yes", "No", "Not declared")]
    assert answers == [disabled, non_disabled, unknown]
    assert "1.67 times" in udfs.WDES_NARRATIVE(2, 100, 400, 12, 80)


BAD_CALLS: list[tuple[str, tuple[object, ...], str]] = [
    # SPEC line 131's example, in WDES words
    (
        "WDES_RL",
        (2, 12, 10, 1, 5),
        f"{PREFIX} Non-disabled appointed (12) is more than shortlisted (10)",
    ),
    ("WDES_RL", (9, 1, 2, 1, 2), PREFIX),
    ("WDES_RL", (2, "abc", 10, 1, 5), PREFIX),
    ("WDES_RL", (2, -5, 10, 1, 5), PREFIX),
    ("WDES_RL", (2, None, 10, 1, 5), PREFIX),
    ("WDES_RL", (2, 1e9, 1e9 + 1, 1, 5), PREFIX),
    ("WDES_RL", (2, "=1+1", 10, 1, 5), PREFIX),
    ("WDES_RL", (2, 0, 10, 0, 10), PREFIX),
    ("WDES_CI", (2, 1, 10, 1, 10, "abc"), PREFIX),
    ("WDES_CI", (3, 0, 10, 1, 10), PREFIX),
    ("WDES_PVALUE", (5, 4, 1, 2), PREFIX),
    ("WDES_RATING", ("8", 1, 2, 1, 2), PREFIX),
    ("WDES_NARRATIVE", ("9a", 1, 2, 1, 2), PREFIX),
    ("WDES_BOARD_GAP", (13, 12, 55, 422), PREFIX),
    ("WDES_BOARD_GAP", (1, 0, 55, 422), PREFIX),
    ("WDES_GROUP", (5,), PREFIX),
]


@pytest.mark.parametrize(("name", "args", "starts"), BAD_CALLS)
def test_bad_input_answers_wres_text(name: str, args: tuple[object, ...], starts: str) -> None:
    answer = getattr(udfs, name)(*args)
    assert isinstance(answer, str)
    assert answer.startswith(starts)


def test_the_add_in_registers_every_wdes_function_with_its_arguments() -> None:
    functions = {f.name: f for f in worksheet_functions()}
    wrappers = vba_wrappers(list(functions.values()))
    described = vba_descriptions(list(functions.values()))
    for name, arguments in WDES_NAMES.items():
        assert tuple(a.name for a in functions[name].arguments) == arguments
        params = ", ".join(f"Optional {a}" if a == "level" else a for a in arguments)
        assert f"Function {name}({params})" in wrappers
        assert f'XLPy.CallUDF("wres_xl.udfs", "{name}"' in wrappers
        assert f'"{name}"' in described


def _add_setting(path: Path, name: str, value: object) -> None:
    """A new row at the foot of tblSettings, as a user adds one in Excel."""
    book = openpyxl.load_workbook(path)
    ws = book[TABLES["tblSettings"][0]]
    table = ws.tables["tblSettings"]
    first, last = table.ref.split(":")
    row = ws[last].row + 1
    ws.cell(row, 1).value = name
    ws.cell(row, 2).value = value  # type: ignore[assignment]  # a test's setting value
    table.ref = f"{first}:{''.join(c for c in last if c.isalpha())}{row}"
    book.save(path)


@pytest.mark.slow
def test_a_wres_workbook_takes_the_standard_setting_without_a_warning(tmp_path: Path) -> None:
    """SPEC line 257: `Standard` (`WRES` default, or `WDES`) is a setting of every workbook."""
    path = tmp_path / "wres.xlsx"
    assert cli("new", str(path)).returncode == 0
    _add_setting(path, STANDARD_SETTING, "WRES")
    out = tmp_path / "wres.json"
    done = cli("refresh", str(path), "--json", str(out))
    assert "Traceback" not in done.stderr
    checks = json.loads(out.read_text(encoding="utf-8"))["checks"]
    assert [c for c in checks if STANDARD_SETTING in c["message"]] == []


@pytest.mark.slow
def test_check_publish_and_report_take_a_wdes_workbook_and_never_trace_back(
    tmp_path: Path,
) -> None:
    """SPEC §7 lines 181-199: check, publish and report, on a typical and a hostile WDES book."""
    for name, rows, want in (("typical", TYPICAL, {0}), ("hostile", _hostile(), {1, 2})):
        folder = tmp_path / name
        folder.mkdir()
        path = _new(folder)
        fill(path, rows, {})
        for args in (
            ("check", str(path)),
            ("publish", str(path), str(tmp_path / f"{name}-published.xlsx")),
            ("report", str(path), str(tmp_path / f"{name}.docx")),
        ):
            done = cli(*args)
            said = done.stdout + done.stderr
            assert "Traceback" not in said, (name, args[0], said)
            # check: 1 when Checks has errors; publish and report refuse (2) or report (1)
            assert done.returncode in (want if args[0] != "check" else {min(want)}), said


def test_functions_take_excel_numbers_and_spec_argument_names() -> None:
    """Excel passes every number as a float; a caller may name SPEC's arguments (line 282)."""
    assert udfs.WDES_RL(2.0, 100.0, 400.0, 12.0, 80.0) == pytest.approx(5 / 3)
    named = dict(zip(WDES_RL_ARGS, (3, 7, 350, 3, 55), strict=True))
    assert udfs.WDES_RL(**named) == pytest.approx(30 / 11)
    assert udfs.WDES_RATING(" 4A-I ", 60.0, 300.0, 18.0, 60.0) == "Equivalent"
    low, high = udfs.WDES_CI(3.0, 7.0, 350.0, 3.0, 55.0, 95.0)
    assert low < 30 / 11 < high


@pytest.mark.slow
def test_import_esr_fills_the_wdes_workforce_table(tmp_path: Path) -> None:
    """SPEC §7 line 189 (`wres-xl import-esr EXTRACT FILE [--year YYYY]`) into a WDES book."""
    import csv

    from tests.test_wdes_esr import HEADERS, PEOPLE

    extract = tmp_path / "esr.csv"
    with extract.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([HEADERS, *PEOPLE])
    path = _new(tmp_path)
    done = cli("import-esr", str(extract), str(path), "--year", str(Y))
    assert done.returncode == 0, done.stdout + done.stderr
    _, report = _refresh_json(path)
    # by hand: primary, non-bank assignments; Disabled "Yes" and "YES" (people 1 and 6),
    # non-disabled "No" and " no " (2, 3); Unknown: Not Declared, Prefer not to say,
    # Unspecified, blank, Maybe (4, 5, 8, 9, 10); person 7 is bank staff
    overall = report["indicators"]["1"]["overall"]
    assert [overall[k] for k in GROUP_KEYS] == [2, 2, 5]
    assert overall["disabled_pct"] == pytest.approx(2 / 9)
