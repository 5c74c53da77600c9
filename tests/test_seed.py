"""`sitrep parse` on the reference bulletin itself (../shared/seed): its violent incidents."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sitrep.app import Sitrep
from sitrep.model import Document, Incident


@pytest.fixture(scope="module")
def seed_incidents(shared: Path, app_module: Sitrep) -> list[Incident]:
    text = (shared / "seed" / "spotlight-2017-11-02.txt").read_text(encoding="utf-8")
    return app_module.parse(Document(text=text, published=date(2017, 11, 8)))


@pytest.fixture(scope="module")
def app_module(kb, extractor):  # type: ignore[no-untyped-def]
    from sitrep.config import Config

    app = Sitrep(Config(), kb)
    app.__dict__["extractor"] = extractor
    return app


def _one(incidents: list[Incident], location: str, **fields: object) -> Incident:
    found = [
        i for i in incidents if i.location == location and all(getattr(i, k) == v for k, v in fields.items())
    ]
    assert found, f"no incident at {location} with {fields}"
    return found[0]


def test_hader_car_bomb(seed_incidents: list[Incident]) -> None:
    bomb = _one(seed_incidents, "Hader", weapon="vehicle-borne IED", date=date(2017, 11, 3))
    assert bomb.actor1 == "Hay'at Tahrir al-Sham"
    assert bomb.killed is not None and bomb.killed.best == 16
    assert bomb.country == "SY" and bomb.admin1 == "Quneitra Governorate"
    assert abs((bomb.latitude or 0) - 33.279) < 0.01


def test_deir_al_zor_displaced_car_bomb(seed_incidents: list[Incident]) -> None:
    bomb = _one(seed_incidents, "Deir al-Zor", date=date(2017, 11, 4), actor1="ISIS")
    assert bomb.killed is not None and bomb.killed.best == 100
    assert any(r.qualifier == "more than" for r in bomb.killed.reports)


def test_iraq_incidents(seed_incidents: list[Incident]) -> None:
    ied = _one(seed_incidents, "al-Miqdadiyah", sub_event_type="Remote explosive/landmine/IED")
    assert ied.actor1 == "ISIS" and ied.killed is not None and ied.killed.best == 2
    hur = _one(seed_incidents, "Hur Rajab")
    assert hur.wounded is not None and hur.wounded.best == 5 and hur.killed is None
    _one(seed_incidents, "Husaybah", sub_event_type="Government regains territory", actor1="Iraqi army")
    _one(seed_incidents, "al-Qa'im", sub_event_type="Government regains territory")


def test_aden_is_one_incident_of_its_parts_with_the_claim_apart(seed_incidents: list[Incident]) -> None:
    (aden,) = [i for i in seed_incidents if i.location == "Aden"]
    assert aden.actor1 == "ISIS" and aden.suicide and aden.claimed_by == "ISIS"
    assert aden.killed is not None and aden.killed.best == 29 + 21
    assert {(r.value, r.qualifier) for r in aden.killed.reports} >= {
        (50, "sum of parts"),
        (69, "claimed, exact"),
    }


def test_sinai_figures_are_the_perpetrators_dead_and_wounded(seed_incidents: list[Incident]) -> None:
    (sinai,) = [i for i in seed_incidents if i.country == "EG"]
    assert sinai.actor1 == "Egyptian armed forces" and sinai.event_type == "Battles"
    assert sinai.killed is not None and sinai.killed.best == 6
    assert sinai.wounded is not None and sinai.wounded.best == 5


def test_new_york_claim_latency_from_the_attack_day(seed_incidents: list[Incident]) -> None:
    (attack,) = [i for i in seed_incidents if i.location == "New York City"]
    assert attack.claimed_by == "ISIS" and attack.claim is not None
    assert attack.claim.date == date(2017, 11, 2) and attack.claim.channel == "al-Naba'"
    assert attack.killed is not None and attack.killed.best == 8


def test_captions_background_and_standing_control_invent_nothing(seed_incidents: list[Incident]) -> None:
    places = {i.location for i in seed_incidents}
    assert "Berlin" not in places, "the 2016 Berlin attack is background in a caption"
    assert not {"Idlib", "Latakia", "Hmeimim Air Base"} & places
    assert [i.date for i in seed_incidents if i.location == "al-Qa'im"] == [date(2017, 11, 4)]
    assert all(i.date >= date(2017, 10, 31) for i in seed_incidents)


def test_no_incident_from_the_forecast(seed_incidents: list[Incident]) -> None:
    for incident in seed_incidents:
        assert "expected" not in incident.summary
