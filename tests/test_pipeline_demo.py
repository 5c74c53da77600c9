"""The whole path on the bundled week: ingest → extract → resolve → store → bulletin."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from sitrep.app import Sitrep
from sitrep.model import Document, Incident
from sitrep.report.bulletin import compose, render_markdown
from sitrep.store import IncidentFilter
from sitrep.store import schema as t

from .conftest import DEMO

pytestmark = pytest.mark.databases

WEEK = date(2017, 11, 2)


def _find(incidents: list[Incident], location: str, sub_event: str) -> list[Incident]:
    return [i for i in incidents if i.location == location and i.sub_event_type == sub_event]


def test_reingesting_and_reextracting_changes_nothing(loaded: Sitrep) -> None:
    before = loaded.store.counts()
    again = loaded.ingest([str(DEMO)])
    assert again.added == 0 and again.duplicates == before["documents"]
    report = loaded.extract()
    assert report.documents == 0 and report.statements == 0
    assert loaded.store.counts() == before


def test_hader_car_bomb_is_one_incident_with_its_figure(loaded: Sitrep) -> None:
    incidents = loaded.incidents(IncidentFilter(start=WEEK, end=date(2017, 11, 8)))
    bombs = [i for i in incidents if i.location == "Hader" and i.weapon == "vehicle-borne IED"]
    assert len(bombs) == 1
    (bomb,) = bombs
    assert bomb.date == date(2017, 11, 3) and bomb.country == "SY"
    assert bomb.actor1 == "Hay'at Tahrir al-Sham"
    assert bomb.killed is not None and 16 in {r.value for r in bomb.killed.reports}
    assert {"Haaretz"} <= {c.name for c in bomb.sources}
    assert abs((bomb.latitude or 0) - 33.279) < 0.01 and abs((bomb.longitude or 0) - 35.830) < 0.01


def test_conflicting_figures_are_kept_per_source(loaded: Sitrep) -> None:
    incidents = loaded.incidents()
    reports = {
        (r.source, r.value) for i in incidents if i.location == "Hader" and i.killed for r in i.killed.reports
    }
    assert ("YouTube: Arab Union Party", 15) in reports


def test_control_changes_and_actor_filter(loaded: Sitrep) -> None:
    incidents = loaded.incidents()
    taken = {(i.location, i.actor1) for i in incidents if i.sub_event_type == "Government regains territory"}
    assert ("Husaybah", "Iraqi army") in taken
    assert ("Deir al-Zor", "Syrian Arab Army") in taken
    by_alias = loaded.incidents(IncidentFilter(actor="Headquarters for the Liberation of al-Sham"))
    assert by_alias and all("Hay'at Tahrir al-Sham" in (i.actor1, i.actor2) for i in by_alias)
    assert all(i.country == "IQ" for i in loaded.incidents(IncidentFilter(country="iq")))


def test_commentary_and_forecasts_report_no_incident(loaded: Sitrep) -> None:
    cited = {c.name for i in loaded.incidents() for c in i.sources}
    assert "Analyst commentary" not in cited


_CITATION = re.compile(r"\(([^()]+?, [A-Z][a-z]+ \d{1,2}, \d{4}(?:; [^()]+?, [A-Z][a-z]+ \d{1,2}, \d{4})*)\)")


def test_every_bulletin_sentence_is_cited_from_stored_statements(loaded: Sitrep) -> None:
    bulletin = compose(loaded.store, loaded.builder, loaded.kb, WEEK)
    with loaded.store.engine.connect() as conn:
        stored = {
            (c["name"], c["date"])
            for row in conn.execute(select(t.statements.c.citations))
            for c in row.citations
        }
    items = [it for s in bulletin.sections for sub in s.subsections.values() for it in sub]
    assert items and bulletin.main_events
    sentences = [s for item in items for s in item.sentences] + [s for _, s in bulletin.outside]
    assert bulletin.outside
    for sentence in sentences:
        groups = _CITATION.findall(sentence)
        assert groups, f"uncited sentence: {sentence}"
        # The sources close the sentence before its full stop, as the seed writes them.
        assert sentence.endswith(")."), f"citation outside the sentence: {sentence}"
        for one in (c for g in groups for c in g.split("; ")):
            name, month_day, year = one.rsplit(", ", 2)
            when = datetime.strptime(f"{month_day}, {year}", "%B %d, %Y").date()
            assert (name, when.isoformat()) in stored, one
    ids = [it.incident.id for it in items]
    assert len(ids) == len(set(ids)), "an incident appears twice"


def test_bulletin_structure_and_files(loaded: Sitrep, tmp_path: Path) -> None:
    markdown = render_markdown(compose(loaded.store, loaded.builder, loaded.kb, WEEK))
    assert markdown.startswith("# Sitrep weekly bulletin")
    assert "November 2 – 8, 2017" in markdown
    headings = re.findall(r"^## (.+)$", markdown, flags=re.M)
    assert headings[0] == "Main events of the week"
    assert headings.index("Syria") < headings.index("Iraq") < headings.index("Yemen")
    written = loaded.write_bulletin(WEEK, tmp_path)
    stem = "bulletin-2017-11-02"
    assert [p.name for p in written] == [
        f"{stem}-map-incidents.png",
        f"{stem}-map-control.png",
        f"{stem}-chart-trends.png",
        f"{stem}.md",
        f"{stem}.html",
        f"{stem}.pdf",
        f"{stem}.docx",
    ]
    assert (tmp_path / f"{stem}.pdf").read_bytes().startswith(b"%PDF")
    html = (tmp_path / f"{stem}.html").read_text(encoding="utf-8")
    assert "<h2>Main events of the week</h2>" in html


def test_empty_week_still_makes_a_bulletin(loaded: Sitrep) -> None:
    markdown = render_markdown(compose(loaded.store, loaded.builder, loaded.kb, date(2020, 1, 1)))
    assert "No incidents were recorded" in markdown


def test_rejections_are_recorded(app: Sitrep, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "Clashes in Hader."}\n{oops\n', encoding="utf-8")
    report = app.ingest([str(bad)])
    assert report.added == 1 and len(report.rejected) == 1
    assert [o for o, _ in app.store.iter_rejections()] == [f"{bad}:2"]


def test_one_report_of_a_complex_attack_is_one_incident(loaded: Sitrep) -> None:
    (aden,) = [i for i in loaded.incidents() if i.location == "Aden"]
    assert aden.sub_event_type == "Suicide bomb" and aden.claimed_by == "ISIS"
    assert aden.killed is not None and aden.killed.best == 50
    assert 69 in {r.value for r in aden.killed.reports if r.qualifier.startswith("claimed")}


def test_neighbouring_towns_change_hands_separately(loaded: Sitrep) -> None:
    taken = sorted(
        (i.location, i.date) for i in loaded.incidents() if i.sub_event_type == "Government regains territory"
    )
    assert ("al-Qa'im", date(2017, 11, 4)) in taken and ("Husaybah", date(2017, 11, 3)) in taken


def test_victims_are_not_perpetrators(loaded: Sitrep) -> None:
    incidents = loaded.incidents()
    (hur,) = [i for i in incidents if i.location == "Hur Rajab"]
    assert hur.actor1 is None
    (miq,) = [i for i in incidents if i.location == "al-Miqdadiyah"]
    assert miq.actor1 == "ISIS" and miq.killed is not None and miq.killed.best == 2


def test_strikes_on_two_named_days_are_two_events_by_the_ministrys_forces(loaded: Sitrep) -> None:
    strikes = sorted(
        (i.date, i.actor1) for i in loaded.incidents() if i.location == "Abu Kamal" and i.weapon == "aircraft"
    )
    assert strikes == [
        (date(2017, 11, 3), "Russian armed forces"),
        (date(2017, 11, 4), "Russian armed forces"),
    ]


def test_claim_latency_counts_from_the_attack_day(loaded: Sitrep) -> None:
    (attack,) = [i for i in loaded.incidents() if i.location == "New York City"]
    assert attack.date == date(2017, 10, 31) and attack.claim is not None
    assert attack.claim.channel == "al-Naba'"
    # Tuesday afternoon (15:00) to the Thursday-evening issue (20:00 UTC): more than two days.
    assert attack.claim.latency_hours == 53.0
    # The stored claims table, read by SQL users, gives the claim report the same hours.
    with loaded.store.engine.connect() as conn:
        stored = (
            conn.execute(
                select(t.claims.c.latency_hours)
                .join(t.statements, t.statements.c.key == t.claims.c.statement_key)
                .where(t.claims.c.incident_id == attack.id, t.statements.c.kind == "claim")
            )
            .scalars()
            .all()
        )
    assert stored == [53.0]


def test_an_army_spokesmans_report_names_the_army(loaded: Sitrep) -> None:
    (sinai,) = [i for i in loaded.incidents() if i.country == "EG"]
    assert sinai.actor1 == "Egyptian armed forces"
    assert (sinai.killed and sinai.killed.best, sinai.wounded and sinai.wounded.best) == (6, 5)


def test_accidents_and_weapon_talk_are_not_attacks(app: Sitrep) -> None:
    quiet = [
        "Four workers were hurt when a tank at a gas plant in Basra exploded on Thursday night.",
        "The sanctions in Baghdad target the missile development programme.",
        "Coast guards in Basra intercepted a boat carrying migrants on Sunday.",
    ]
    for text in quiet:
        assert app.parse(Document(text=text, published=date(2017, 11, 5))) == [], text


def test_the_day_a_statement_was_made_is_not_the_day_of_the_attack(app: Sitrep) -> None:
    text = (
        "Bombs in two suburbs of Abuja killed at least 15 people, the emergency agency said on the "
        "3 Oct 15. The explosions went off in Abuja on the night of the 2 Oct 15."
    )
    (incident,) = app.parse(Document(text=text, published=date(2015, 10, 8)))
    assert incident.date == date(2015, 10, 2) and incident.killed is not None and incident.killed.best == 15


def test_a_note_tag_names_the_event_and_armed_victims_make_a_battle(app: Sitrep) -> None:
    (intercepted,) = app.parse(
        Document(
            text="Interception: On 1 December 2023, militants fired rockets at Ashkelon; most were downed.",
            published=date(2023, 12, 1),
        )
    )
    assert (intercepted.event_type, intercepted.sub_event_type) == (
        "Strategic developments",
        "Disrupted weapons use",
    )
    (shot,) = app.parse(
        Document(
            text="On 1 December 2023, in Tijuana, two police officers were shot and injured by armed men.",
            published=date(2023, 12, 1),
        )
    )
    assert (shot.event_type, shot.sub_event_type) == ("Battles", "Armed clash")


def test_geocoding_fails_well(app: Sitrep) -> None:
    # An unknown village falls back to its province at precision 3, not to a namesake abroad.
    (shelled,) = app.parse(
        Document(
            text="On 1 December 2023, regime forces shelled Kafr Taal town in Aleppo countryside.",
            published=date(2023, 12, 1),
        )
    )
    assert (shelled.country, shelled.geo_precision) == ("SY", 3)
    # Of the places that share a name, the one in the report's country is taken; none of the
    # Mexican La Sabanas the gazetteer knows is in Guerrero, so the state is, not a wrong pin.
    (killed,) = app.parse(
        Document(
            text="On 1 December 2023, in La Sabana, Tabasco, a man was shot and killed by two armed men.",
            published=date(2023, 12, 1),
        )
    )
    assert (killed.country, killed.location, killed.geo_precision) == ("MX", "La Sábana", 1)
    (killed,) = app.parse(
        Document(
            text="On 1 December 2023, in La Sabana, Guerrero, a man was shot and killed by two armed men.",
            published=date(2023, 12, 1),
        )
    )
    assert (killed.country, killed.location, killed.geo_precision) == ("MX", "Guerrero", 3)
    # An unknown place in a known country still yields the event, at country precision.
    (attack,) = app.parse(
        Document(
            text="02/07/2015: A bomb went off in Qwertyabad area, Pakistan. Three civilians were wounded.",
            published=date(2015, 2, 7),
        )
    )
    assert (attack.country, attack.geo_precision) == ("PK", 3)
    assert attack.wounded is not None and attack.wounded.best == 3


def test_every_coded_demo_incident_is_found_once(loaded: Sitrep) -> None:
    """data/demo/expected.yaml: each incident an analyst codes from the demo week is found (by
    day, radius and sub-type) with its toll, and no incident is stored twice."""
    import math

    import yaml

    expected = yaml.safe_load((DEMO / "expected.yaml").read_text(encoding="utf-8"))
    incidents = loaded.incidents()

    def km(a: Incident, lat: float, lon: float) -> float:
        if a.latitude is None or a.longitude is None:
            return math.inf
        p1, p2 = math.radians(a.latitude), math.radians(lat)
        dl = math.radians(lon - a.longitude)
        return 6371 * math.acos(
            min(1.0, math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl))
        )

    for item in expected:
        found = [
            i
            for i in incidents
            if abs((i.date - item["date"]).days) <= item.get("days", 1)
            and km(i, item["lat"], item["lon"]) <= item["km"]
            and i.sub_event_type == item["sub_event_type"]
        ]
        assert found, f"{item['key']}: not found"
        incident = min(found, key=lambda i: km(i, item["lat"], item["lon"]))
        if item.get("killed") is not None:
            assert incident.killed is not None and incident.killed.best == item["killed"], item["key"]
        if item.get("killed_low") is not None:
            assert incident.killed is not None and incident.killed.best >= item["killed_low"], item["key"]
        if item.get("wounded") is not None:
            assert incident.wounded is not None and incident.wounded.best == item["wounded"], item["key"]
    keys = [(i.date, i.location, i.sub_event_type) for i in incidents]
    assert len(keys) == len(set(keys)), "an incident is stored twice"


def test_a_note_tag_alone_makes_the_event(app: Sitrep) -> None:
    (moved,) = app.parse(
        Document(
            text="Movement of forces: On 30 November 2023, Houthi forces deployed to Marib.",
            published=date(2023, 12, 1),
        )
    )
    assert (moved.event_type, moved.sub_event_type) == ("Strategic developments", "Change to group/activity")


def test_an_outlet_is_introduced_once_in_the_registrys_words(loaded: Sitrep) -> None:
    markdown = render_markdown(compose(loaded.store, loaded.builder, loaded.kb, WEEK))
    intro = "The Murasiloun website, affiliated with supporters of the Syrian regime, reported"
    assert markdown.count(intro) == 1
    assert markdown.count("affiliated with supporters of the Syrian regime") == 1
    # The citation keeps the outlet's short name, as the seed's do.
    assert "(Murasiloun, November 4, 2017)" in markdown
