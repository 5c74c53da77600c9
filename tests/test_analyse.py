"""Control timeline, claim habits and weekly trends, on the demo week and on incidents made here."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitrep.analyse.claims import departures, habits
from sitrep.analyse.control import changes_between, holders_on, timeline
from sitrep.analyse.trends import grouping, weekly_trends
from sitrep.app import Sitrep
from sitrep.cli import cli
from sitrep.kb.registry import KnowledgeBase
from sitrep.model import Claim, Count, Incident

WEEK = date(2017, 11, 2)


def test_control_timeline_of_the_demo_week(loaded: Sitrep) -> None:
    incidents = loaded.incidents()
    changed = {
        (c.place, c.date, c.taken_by) for c in changes_between(incidents, WEEK, WEEK + timedelta(days=6))
    }
    assert ("al-Qa'im", date(2017, 11, 4), "Iraqi army") in changed
    assert ("Deir al-Zor", date(2017, 11, 3), "Syrian Arab Army") in changed
    assert "al-Qa'im" not in {c.place for c in holders_on(incidents, date(2017, 11, 3))}
    held = {c.place: c.taken_by for c in holders_on(incidents, date(2017, 11, 8))}
    assert held["al-Qa'im"] == "Iraqi army" and held["Deir al-Zor"] == "Syrian Arab Army"
    assert all(len(v) >= 1 for v in timeline(incidents).values())


def test_control_command_as_json(loaded: Sitrep, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "--database",
            loaded.config.database_url,
            "control",
            "--date",
            "2017-11-08",
            "--week",
            "2017-11-02",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {c["place"] for c in data["changes"]} >= {"al-Qa'im", "Deir al-Zor", "Husaybah"}


@pytest.mark.databases
def test_the_new_york_claim_departs_from_habit(loaded: Sitrep) -> None:
    incidents = loaded.incidents()
    known = habits(incidents, loaded.kb)
    assert known["ISIS"].channel == "Amaq" and known["ISIS"].basis == "knowledge base"
    (ny,) = [i for i in incidents if i.location == "New York City"]
    flags = departures(ny, known)
    assert any(f.startswith("late") for f in flags)
    assert "unusual channel: al-Naba' rather than Amaq" in flags


def _incident(day: date, country: str, killed: int, claim: Claim | None = None) -> Incident:
    return Incident(
        id=f"sr-{day.isoformat()}-{country}-{killed}",
        date=day,
        country=country,
        location="Somewhere",
        latitude=None,
        longitude=None,
        event_type="Explosions/Remote violence",
        sub_event_type="Remote explosive/landmine/IED",
        actor1="ISIS",
        killed=Count(killed, killed, killed),
        wounded=None,
        sources=(),
        summary="",
        claimed_by="ISIS" if claim else None,
        claim=claim,
    )


def test_observed_habits_replace_the_recorded_one(kb: KnowledgeBase) -> None:
    day = date(2020, 1, 6)
    incidents = [
        _incident(day + timedelta(days=n), "IQ", 1, Claim("ISIS", "al-Naba'", day, float(h)))
        for n, h in enumerate((30, 40, 50))
    ]
    known = habits(incidents, kb)
    assert (known["ISIS"].channel, known["ISIS"].median_hours, known["ISIS"].basis) == (
        "al-Naba'",
        40,
        "observed",
    )
    assert departures(incidents[0], known) == []


def test_trends_call_out_a_decrease(kb: KnowledgeBase) -> None:
    week = date(2020, 2, 3)
    earlier = [_incident(week - timedelta(days=7 * w + 1 + n), "IQ", 2) for w in range(4) for n in range(5)]
    now = [_incident(week + timedelta(days=1), "IQ", 1)]
    (iraq,) = [t for t in weekly_trends(earlier + now, week, grouping("theatre", kb)) if t.group == "Iraq"]
    assert (iraq.incidents, iraq.prior_incidents, iraq.prior_killed) == (1, 5.0, 10.0)
    assert iraq.words == "a sharp decrease in the intensity of attacks"
    same = [_incident(week + timedelta(days=n), "IQ", 2) for n in range(5)]
    (steady,) = weekly_trends(earlier + same, week, grouping("theatre", kb))
    assert steady.words == "no marked change in the number of attacks"
    (alone,) = weekly_trends(now, week, grouping("theatre", kb))
    assert alone.words == "no earlier weeks on record to compare with"


@pytest.mark.databases
def test_two_car_bombs_in_one_city_stay_two_and_one_attack_told_twice_is_one(app: Sitrep) -> None:
    from sitrep.model import Document

    reports = [
        (
            "Wire A",
            "A car bomb exploded at the central market in Kirkuk on Monday morning, killing five people.",
        ),
        (
            "Wire B",
            "In a separate attack, a second car bomb went off near the police headquarters in Kirkuk "
            "on Monday evening, killing three officers.",
        ),
        (
            "Wire C",
            "Five people were killed on Monday when a car bomb tore through the Kirkuk market, police said.",
        ),
    ]
    for outlet, text in reports:
        app.store.add_document(Document(text=text, source=outlet, published=date(2020, 3, 3)))
    app.extract()
    bombs = [i for i in app.incidents() if i.location == "Kirkuk"]
    assert sorted(i.killed.best for i in bombs if i.killed) == [3, 5]
    (market,) = [i for i in bombs if i.killed and i.killed.best == 5]
    assert {c.name for c in market.sources} == {"Wire A", "Wire C"}


@pytest.mark.databases
def test_a_later_report_updates_an_incident_of_an_earlier_week_and_history_says_so(app: Sitrep) -> None:
    from sitrep.model import Document

    first = "On Monday, March 2, 2020, a car bomb exploded at the market in Kirkuk, killing five people."
    later = "The toll of the March 2 car bomb at the Kirkuk market rose to 12, police said."
    app.store.add_document(Document(text=first, source="Wire A", published=date(2020, 3, 2)))
    app.extract()
    (bomb,) = [i for i in app.incidents() if i.location == "Kirkuk"]
    app.store.add_document(Document(text=later, source="Wire B", published=date(2020, 3, 10)))
    app.extract()
    (updated,) = [i for i in app.incidents() if i.location == "Kirkuk"]
    assert updated.id == bomb.id and updated.killed is not None
    assert {r.value for r in updated.killed.reports} == {5, 12}
    changes = app.history(bomb.id)
    assert changes[0]["field"] == "created" and changes[0]["source"] == "Wire A"
    assert any(c["field"] in {"killed_best", "summary"} and c["source"] == "Wire B" for c in changes[1:])


@pytest.mark.databases
def test_a_balance_sheet_is_kept_as_claims_beside_the_independent_count(loaded: Sitrep) -> None:
    from sitrep.analyse.propaganda import compare

    (sheet,) = loaded.store.aggregate_claims()
    assert sheet.source == "Haq" and sheet.published == date(2017, 11, 4)
    assert (sheet.group, sheet.country, sheet.start, sheet.end) == (
        "ISIS",
        "SY",
        date(2016, 10, 2),
        date(2017, 9, 20),
    )
    assert sheet.figures == {"suicide attacks": 311, "vehicles destroyed": 831, "casualties": 11182}
    result = compare(sheet, loaded.incidents())
    assert result.incidents == 0 and result.notes == ["the store holds no report from the claim's period"]
    week = [
        _incident(date(2017, 3, 6), "SY", 4),
        _incident(date(2017, 3, 8), "SY", 2),
        _incident(date(2017, 3, 9), "IQ", 9),
    ]
    result = compare(sheet, week)
    assert (result.incidents, result.killed) == (2, 6)
    assert result.notes and "no total" in result.notes[0]
