"""The published bulletin: maps, trend chart, claims and propaganda tables, footnotes to earlier
bulletins, the Word document, and sensible output for a thin week."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import docx
import pytest
from matplotlib.image import imread

from sitrep.analyse.control import ControlChange
from sitrep.app import Sitrep
from sitrep.kb.registry import Actor, KnowledgeBase, Relation
from sitrep.report import maps
from sitrep.report.bulletin import compose, render_html, render_markdown

WEEK = date(2017, 11, 2)
PNG = b"\x89PNG\r\n\x1a\n"


def _pixels(png: bytes) -> tuple[int, int]:
    image = imread(io.BytesIO(png))
    return image.shape[1], image.shape[0]


@pytest.mark.databases
def test_the_demo_week_has_its_maps_and_chart_with_captions_and_sources(loaded: Sitrep) -> None:
    b = compose(loaded.store, loaded.builder, loaded.kb, WEEK)
    assert set(b.figures) == {"map-incidents", "map-control", "chart-trends"}
    for g in b.figures.values():
        assert g.png.startswith(PNG)
        width, height = _pixels(g.png)
        assert width >= 1000 and height >= 400
        assert g.caption and g.source
    incidents = b.figures["map-incidents"]
    # New York is half a world away from the week's theatres: named, not drawn.
    assert "Not shown" not in incidents.caption  # the New York attack is an update, not this week's
    assert "Natural Earth" in incidents.source
    control = b.figures["map-control"]
    assert "November 8, 2017" in control.caption
    html = render_html(b)
    assert html.count('src="data:image/png;base64,') == 3
    assert not re.search(r'(?:src|href)="https?://', html), "the HTML must stand alone"
    for g in b.figures.values():
        assert g.caption in html
    markdown = render_markdown(b)
    assert "![" in markdown and "(bulletin-2017-11-02-map-control.png)" in markdown


def test_the_control_map_colours_holders_by_the_seeds_key(kb: KnowledgeBase) -> None:
    government = kb.camp_of("Syrian Arab Army")
    assert government is not None and government.colour == "#d7301f"
    assert kb.camp_of("ISIS") is not None and kb.camp_of("ISIS").id == "isis"  # type: ignore[union-attr]
    assert [c.id for c in kb.camps] == [
        "isis",
        "government",
        "kurdish",
        "rebels",
        "coalition-rebels",
        "turkey",
        "uncontrolled",
    ]
    # An actor the key does not list takes the camp of its sponsor while the backing lasts.
    proxy = Actor(
        "test-proxy",
        "Test Proxy Brigade",
        "militia",
        relations=(Relation("hezbollah", "backed by", until=date(2017, 12, 31)),),
    )
    extended = replace(kb, actors=(*kb.actors, proxy))
    assert extended.camp_of("Test Proxy Brigade", date(2017, 11, 8)) == government
    assert extended.camp_of("Test Proxy Brigade", date(2018, 6, 1)) is None
    assert extended.camp_of("Nobody in particular") is None


def test_the_control_map_draws_each_holder_and_lists_far_places(kb: KnowledgeBase) -> None:
    def change(place: str, lat: float, lon: float, by: str) -> ControlChange:
        return ControlChange(place, "SY", date(2017, 11, 3), by, None, ("SANA",), place, lat, lon)

    held = [
        change("Deir al-Zor", 35.33, 40.14, "Syrian Arab Army"),
        change("Raqqa", 35.95, 39.01, "Syrian Democratic Forces"),
        change("Faraway", -33.9, 151.2, "ISIS"),
    ]
    camps = {c.taken_by: camp for c in held if c.taken_by and (camp := kb.camp_of(c.taken_by))}
    g = maps.control_map(held, camps, kb.camps, date(2017, 11, 8), {"Deir al-Zor"})
    assert g is not None and g.png.startswith(PNG)
    assert "Not shown: Faraway." in g.caption
    assert maps.control_map([], {}, kb.camps, date(2017, 11, 8), set()) is None


def test_extent_keeps_a_readable_minimum_and_a_page_shape() -> None:
    west, south, east, north = maps.extent([maps.Point(33.5, 36.3, "Damascus", "SY")])
    assert east - west >= maps.MIN_SPAN_LON and north - south >= maps.MIN_SPAN_LAT - 1e-9
    near, far = maps.split_far(
        [
            maps.Point(33.5, 36.3, "Damascus", "SY"),
            maps.Point(35.3, 40.1, "Deir al-Zor", "SY"),
            maps.Point(40.7, -74.0, "New York", "US"),
        ]
    )
    assert [p.label for p in far] == ["New York"] and len(near) == 2


def test_packaged_boundaries_hold_countries_and_the_theatres_provinces() -> None:
    shapes = maps.boundaries()
    syria = [b for b in shapes if b.country == "SY"]
    assert any(b.level == 0 for b in syria)
    provinces = {b.name for b in syria if b.level == 1}
    assert len(provinces) >= 14 and {"Dayr Az Zawr", "Quneitra"} <= provinces
    assert sum(b.level == 0 for b in shapes) > 200


def test_trend_chart_shades_weeks_before_the_store_begins() -> None:
    weeks = [date(2017, 10, 19), date(2017, 10, 26), date(2017, 11, 2)]
    g = maps.trend_chart(weeks, {"Syria": [0, 2, 8]}, "Incidents a week", date(2017, 10, 30))
    assert g is not None and "3 weeks to November 8, 2017" in g.caption
    assert maps.trend_chart(weeks, {"Syria": [0, 0, 0]}, "Incidents a week", None) is None


@pytest.mark.databases
def test_claims_and_propaganda_tables(loaded: Sitrep) -> None:
    b = compose(loaded.store, loaded.builder, loaded.kb, WEEK)
    new_york = [r for r in b.claims if r.incident.location == "New York City"]
    assert new_york and any(d.startswith("late") for d in new_york[0].departures)
    assert any("unusual channel" in d for d in new_york[0].departures)
    (sheet,) = b.propaganda
    assert sheet.claim.figures["suicide attacks"] == 311
    markdown = render_markdown(b)
    assert "## Claims of responsibility" in markdown and "| 53 h |" in markdown
    assert "## Propaganda and reality" in markdown and "311 suicide attacks" in markdown


@pytest.mark.databases
def test_an_update_points_to_the_earlier_bulletin(loaded: Sitrep) -> None:
    b = compose(loaded.store, loaded.builder, loaded.kb, WEEK)
    (note,) = b.footnotes
    assert note.earlier_week == date(2017, 10, 26)
    assert "October 26 – November 1, 2017" in note.text
    assert "(bulletin-2017-10-26.md)" in render_markdown(b)
    assert 'href="bulletin-2017-10-26.html"' in render_html(b)
    other = next(s for s in b.sections if s.title == "Other countries")
    assert other.trend is not None and other.trend.startswith("No new incident this week")
    syria = next(s for s in b.sections if s.title == "Syria")
    assert syria.trend is not None and "(not counting 1 demonstration)" in syria.trend


def test_the_word_document_follows_the_bulletin(loaded: Sitrep, tmp_path: Path) -> None:
    (path,) = loaded.write_bulletin(WEEK, tmp_path, ("docx",))
    document = docx.Document(str(path))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == "Main events of the week"
    assert {"Syria", "Iraq", "Claims of responsibility", "Propaganda and reality", "Notes"} <= set(headings)
    assert len(document.inline_shapes) == 3
    text = "\n".join(p.text for p in document.paragraphs)
    assert "(SANA, November 3, 2017)" in text or "SANA, November" in text


@pytest.mark.databases
def test_a_week_with_one_theatre_or_none_comes_out_whole(loaded: Sitrep, tmp_path: Path) -> None:
    empty = compose(loaded.store, loaded.builder, loaded.kb, date(2020, 1, 2))
    assert empty.is_empty and not empty.figures and not empty.footnotes
    written = loaded.write_bulletin(date(2020, 1, 2), tmp_path, ("md", "html", "docx"))
    assert [p.name for p in written] == [
        "bulletin-2020-01-02.md",
        "bulletin-2020-01-02.html",
        "bulletin-2020-01-02.docx",
    ]
    assert "No incidents were recorded" in written[0].read_text(encoding="utf-8")
    # The week before the demo week holds only the New York attack.
    single = compose(loaded.store, loaded.builder, loaded.kb, date(2017, 10, 26))
    assert [s.title for s in single.sections] == ["Other countries"]
    markdown = render_markdown(single)
    assert "New York" in markdown and "## Syria" not in markdown


@pytest.mark.parametrize("fmt", ["txt", "rtf"])
def test_an_unknown_format_is_a_clear_error(loaded: Sitrep, tmp_path: Path, fmt: str) -> None:
    from sitrep.errors import ReportError

    with pytest.raises(ReportError, match="unknown bulletin format"):
        loaded.write_bulletin(WEEK, tmp_path, (fmt,))


@pytest.mark.databases
def test_the_store_finds_each_places_last_change_as_the_timeline_does(loaded: Sitrep) -> None:
    from sitrep.analyse.control import holders_on
    from sitrep.model import TERRITORY_CHANGES

    day = date(2017, 11, 8)
    by_store = holders_on(loaded.store.latest_of_each_place(loaded.builder, TERRITORY_CHANGES, day), day)
    by_timeline = holders_on(loaded.incidents(), day)
    assert by_store == by_timeline and len(by_store) >= 4
    assert loaded.store.latest_of_each_place(loaded.builder, TERRITORY_CHANGES, date(2017, 11, 1)) == []


def test_outside_powers_are_listed_with_their_proxies(loaded: Sitrep) -> None:
    b = compose(loaded.store, loaded.builder, loaded.kb, WEEK)
    powers = dict(b.outside)
    russia = powers["Russian armed forces"]
    assert russia.count("air strikes in Abu Kamal") + russia.count("Air strikes in Abu Kamal") == 2
    # Russia backs the Syrian army, but the army's own operations are not Russia's.
    assert "Deir al-Zor" not in russia
    assert "through Hezbollah, which it backs" in powers["Iranian government"]
    assert all(sentence.endswith(").") for sentence in powers.values())
    markdown = render_markdown(b)
    assert markdown.index("## Involvement of outside powers") < markdown.index(
        "## The battle for hearts and minds"
    )
