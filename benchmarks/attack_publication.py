"""Attack the publication of many random small trusts and print what the attacker recovers.

Run: python benchmarks/attack_publication.py [--trusts 200] [--seed 1] [--config ...]
(exit 1 when any hidden count is narrowed below the protection interval, any count that
is not shown is pinned inside 1..threshold, a note says which count is small, or a shown
figure carries information its counts do not.)

Each trust is drawn at random (counts 0-30, many of them 1-7, zeros among them), for every
configuration: both percentage bases, both disciplinary periods, rounding off and to 5,
thresholds 3, 7 and 10. The publication is built by the same calls ``wres-xl publish``
makes and written as the same values-only file; the attacker (``tests/support/attacker.py``,
written apart from the engine) reads only that file. The figures printed per
configuration: trusts attacked, findings (must be 0), hidden counts per trust (the cost
in information) and seconds per trust.

``--count-only`` counts the hidden cells without attacking: run it on an older checkout to
measure the hidden cells per trust before a change.
"""

from __future__ import annotations

import argparse
import itertools
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.support.attacker import Rule, attack, hidden_counts  # noqa: E402
from wres_xl.commands.publish.wres import about_sheet, values_only_workbook  # noqa: E402
from wres_xl.core import schema  # noqa: E402
from wres_xl.core.indicators import compute_report  # noqa: E402
from wres_xl.core.inputs import parse_inputs  # noqa: E402
from wres_xl.core.model import RawTable  # noqa: E402
from wres_xl.report.publication import (  # noqa: E402
    build_publication_model,
    publication_rules,
    render_publication,
)
from wres_xl.workbook.template import save_workbook_deterministic  # noqa: E402

YEAR = 2024
YEARS = (YEAR - 2, YEAR - 1, YEAR)
GROUPS = ("White", "BME", "Unknown")
BANDS = {
    "Non-clinical": ["Band 2", "Band 3", "Band 5", "Band 8a", "Band 8c", "VSM"],
    "Clinical": ["Band 4", "Band 5", "Band 6", "Band 7", "Band 8b", "Band 9"],
    "Medical & Dental": ["Consultant", "Non-consultant career grade", "Trainee grade"],
}
BASES = ("All staff", "Known ethnicity")
PERIODS = ("Single year", "Two-year rolling")
ROUNDING = (0, 5)
THRESHOLDS = (3, 7, 10)


def count(rng: random.Random) -> int:
    """0 to 30, with zeros and many counts from 1 to 7."""
    kind = rng.random()
    if kind < 0.2:
        return 0
    if kind < 0.6:
        return rng.randint(1, 7)
    return rng.randint(8, 30)


def trust(rng: random.Random, settings: dict[str, object]) -> dict[str, RawTable]:
    def table(spec: schema.TableSpec, rows: list[list[object]]) -> RawTable:
        return RawTable(spec.name, spec.sheet, spec.columns, rows, 5)

    groups = rng.sample(list(BANDS), rng.randint(1, 3))
    bands = {g: rng.sample(BANDS[g], rng.randint(1, 3)) for g in groups}
    workforce = []
    totals = {y: dict.fromkeys(GROUPS, 0) for y in YEARS}
    for y in YEARS:
        for g in groups:
            for band in bands[g]:
                counts = [count(rng) for _ in GROUPS]
                workforce.append([y, g, band, *counts])
                for group, n in zip(GROUPS, counts, strict=True):
                    totals[y][group] += n
    recruitment, disciplinary, training, survey, board = [], [], [], [], []
    for y in YEARS:
        for group in GROUPS:
            shortlisted = count(rng)
            recruitment.append([y, group, shortlisted, rng.randint(0, shortlisted)])
            entered = min(rng.choice([0, 0, 0, 1, 2, 3, count(rng)]), totals[y][group])
            disciplinary.append([y, group, None, entered])
            training.append([y, group, None, rng.randint(0, totals[y][group])])
        for indicator in (5, 6, 7, 8):
            for group in ("White", "BME"):
                respondents = count(rng) + 1
                yes = rng.randint(0, respondents)
                survey.append([y, indicator, group, respondents, yes / respondents])
        for role in schema.ROLE_VALUES:
            for voting in schema.VOTING_VALUES:
                board.extend(
                    [y, role, voting, group, rng.choice([0, 0, 1, 2, 3])] for group in GROUPS
                )
    return {
        "tblSettings": table(schema.SETTINGS, [[k, v] for k, v in settings.items()]),
        "tblWorkforce": table(schema.WORKFORCE, workforce),
        "tblRecruitment": table(schema.RECRUITMENT, recruitment),
        "tblDisciplinary": table(schema.DISCIPLINARY, disciplinary),
        "tblTraining": table(schema.TRAINING, training),
        "tblSurvey": table(schema.SURVEY, survey),
        "tblBoard": table(schema.BOARD, board),
    }


def publish_tables(tables: dict[str, RawTable], out: Path) -> None:
    """What ``wres-xl publish`` writes, from input tables instead of a workbook."""
    report = compute_report(parse_inputs(tables))
    sheet = render_publication(build_publication_model(report), report)
    about = about_sheet(report.settings.organisation, report.year, publication_rules(report))
    save_workbook_deterministic(values_only_workbook([sheet, about]), out)


def run(
    config: tuple[str, str, int, int], trusts: int, seed: int, folder: Path, count_only: bool
) -> tuple[int, list[str], list[int], float]:
    basis, period, round_to, threshold = config
    settings: dict[str, object] = {
        "WRES year": YEAR,
        "Percentages based on": basis,
        "Disciplinary period": period,
        "Round published counts to": round_to,
        "Hide counts up to": threshold,
    }
    rule = Rule(threshold=threshold, round_to=round_to)
    rng = random.Random(f"{seed}-{config}")
    findings: list[str] = []
    hidden: list[int] = []
    start = time.perf_counter()
    for n in range(trusts):
        out = folder / f"trust-{n}.xlsx"
        publish_tables(trust(rng, settings), out)
        hidden.append(hidden_counts(out, rule))
        if not count_only:
            findings += [f"trust {n}: {f}" for f in attack(out, rule).findings]
        out.unlink()
    return trusts, findings, hidden, (time.perf_counter() - start) / max(trusts, 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trusts", type=int, default=200, help="trusts per configuration")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count-only", action="store_true")
    parser.add_argument(
        "--config",
        action="append",
        default=None,
        help="one configuration as basis,period,rounding,threshold (repeatable)",
    )
    args = parser.parse_args(argv)
    configs = list(itertools.product(BASES, PERIODS, ROUNDING, THRESHOLDS))
    if args.config:
        configs = []
        for text in args.config:
            basis, period, round_to, threshold = text.split(",")
            configs.append((basis, period, int(round_to), int(threshold)))
    print(
        f"{'Percentages based on':<16} {'Disciplinary':<17} {'Round':>5} {'Hide':>4} "
        f"{'Trusts':>6} {'Findings':>8} {'Hidden/trust':>12} {'s/trust':>7}"
    )
    failed = 0
    all_hidden: list[int] = []
    with tempfile.TemporaryDirectory() as tmp:
        for config in configs:
            trusts, findings, hidden, seconds = run(
                config, args.trusts, args.seed, Path(tmp), args.count_only
            )
            all_hidden += hidden
            failed += len(findings)
            basis, period, round_to, threshold = config
            print(
                f"{basis:<16} {period:<17} {round_to:>5} {threshold:>4} {trusts:>6} "
                f"{len(findings):>8} {statistics.mean(hidden):>12.1f} {seconds:>7.2f}",
                flush=True,
            )
            for finding in findings[:5]:
                print(f"    {finding}")
    print(f"Hidden counts per trust over every configuration: {statistics.mean(all_hidden):.1f}")
    print(f"Findings in all: {failed} (must be 0)")
    return 0 if failed == 0 or args.count_only else 1


if __name__ == "__main__":
    sys.exit(main())
