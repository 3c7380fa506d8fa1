"""The WDES publication is the one publication builder given the WDES standard (issue 18):
the defects its copy of the WRES builder had are gone with the copy."""

from __future__ import annotations

import pytest

from tests.test_wdes_hostile_inputs import _demo_rows, _tables
from wres_xl.core.wdes import WdesReport, compute_wdes_report
from wres_xl.core.wdes_inputs import parse_wdes_inputs
from wres_xl.core.wdes_standard import WDES
from wres_xl.report.publication import Publication, PublicationBuilder
from wres_xl.report.wdes_publication import build_wdes_publication_model, render_wdes_publication

Demo = tuple[WdesReport, Publication, PublicationBuilder]


@pytest.fixture(scope="module")
def demo() -> Demo:
    report = compute_wdes_report(parse_wdes_inputs(_tables(_demo_rows())))
    publication, builder = build_wdes_publication_model(report)
    return report, publication, builder


@pytest.mark.slow
def test_metric_1_prints_its_own_tables_as_wres_indicator_1_does(demo: Demo) -> None:
    report, publication, _ = demo
    first = publication.sections[0]
    assert first.title == "Metric 1: Representation by pay cluster"
    # The copy gave metric 1 metric 9b's header: a "Year | Facilitates voices" row printed
    # above the representation tables, and every year's tables run into one.
    assert first.header is None
    sheet = render_wdes_publication(publication, report)
    column_a = [v for (_, col), v in sorted(sheet.cell_values().items()) if col == 1]
    metric_9b = column_a.index(next(t for t in column_a if str(t).startswith("Metric 9b")))
    assert "Year" not in column_a[:metric_9b]
    texts = [str(v) for v in sheet.cell_values().values()]
    assert "Facilitates voices" not in texts


@pytest.mark.slow
def test_a_year_without_figures_is_headed_by_its_period(demo: Demo) -> None:
    report, publication, _ = demo
    sections = {s.title.split(":")[0]: s for s in publication.sections}
    headings = {
        key: [
            b.heading
            for b in sections[f"Metric {key}"].blocks
            if str(b.message).startswith("Not available")
        ]
        for key in ("4a-i", "9b", "10")
    }
    # The demo has no 2023 survey, voices or board: each year says which period is missing
    # (the copy said only "WDES 2023"), as the years that have figures do.
    assert headings == {
        "4a-i": ["NHS Staff Survey 2022 (WDES 2023)"],
        "9b": ["12 months to 31 March 2023"],
        "10": ["Board at 31 March 2023"],
    }
    available = [b.heading for b in sections["Metric 4a-i"].blocks if b.message is None]
    assert available == ["NHS Staff Survey 2024 (WDES 2025)", "NHS Staff Survey 2023 (WDES 2024)"]
    assert report.year == 2025


@pytest.mark.slow
def test_every_wdes_metric_is_a_section_in_the_standards_order_and_words(demo: Demo) -> None:
    _, publication, builder = demo
    assert [s.title for s in publication.sections] == [
        f"Metric {m.key}: {m.title}" for m in WDES.metrics
    ]
    assert builder.standard is WDES
    # The relative likelihood tables carry the standard's words and orientation.
    header = publication.sections[2].header
    assert header is not None
    assert [c.value for c in header.cells][:4] == [
        "Headcount",
        "Entered formal capability",
        "Rate of entry",
        "Relative likelihood (Disabled ÷ Non-disabled)",
    ]
