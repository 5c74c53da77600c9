"""The store on each database: migrations both ways, rows that come back as they went in, text
search, places within a radius (PostGIS and the fallback), and concurrent first opens."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime

import pytest
from alembic import command
from sqlalchemy import text

from sitrep.app import Sitrep
from sitrep.geo import haversine_km
from sitrep.model import Document
from sitrep.store import IncidentFilter, Store
from sitrep.store.migrate import alembic_config, migrating

pytestmark = pytest.mark.databases

HADER = (33.279, 35.830)
REPORT = Document(
    text="On November 3, 2017, a car bomb exploded in the Druze village of Hader in Quneitra, "
    "killing 9 people, the Syrian Observatory for Human Rights said.",
    source="Syrian Observatory for Human Rights",
    published=date(2017, 11, 3),
)


def _migrate(store: Store, revision: str) -> None:
    """Move ``store``'s database to ``revision``, up or down, as Store does on open."""
    cfg = alembic_config(store.engine.url.render_as_string(hide_password=False))
    with migrating(store.engine) as conn:
        cfg.attributes["connection"] = conn
        current = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        if revision == "base" or (current is not None and revision < current):
            command.downgrade(cfg, revision)
        else:
            command.upgrade(cfg, revision)


def test_the_store_is_on_the_database_it_was_given(app: Sitrep, database_url: str) -> None:
    assert app.store.engine.dialect.name == database_url.split(":")[0]


def test_migrations_go_down_to_nothing_and_up_again(app: Sitrep) -> None:
    app.store.add_document(REPORT)
    app.extract()
    _migrate(app.store, "base")
    with app.store.engine.connect() as conn:
        left = conn.execute(text("SELECT version_num FROM alembic_version")).all()
    assert left == []
    app.store.close()
    again = Store(app.config.database_url)
    assert again.counts()["incidents"] == 0
    again.close()


def test_text_stored_before_search_existed_is_found_after_migrating(app: Sitrep) -> None:
    app.store.add_document(REPORT)
    app.extract()
    assert app.store.count(IncidentFilter(text="druze village")) == 1
    _migrate(app.store, "0005")
    _migrate(app.store, "head")
    assert app.store.count(IncidentFilter(text="druze village")) == 1
    assert app.store.count(IncidentFilter(text="druze zzxq")) == 0
    (incident,) = app.incidents()
    assert [h["field"] for h in app.store.history(incident.id)] == ["created"]


def test_statements_come_back_as_they_were_extracted(app: Sitrep) -> None:
    doc_id, _ = app.store.add_document(REPORT)
    statements = app.extractor.extract(REPORT)
    assert statements and any(s.killed for s in statements)
    assert app.store.save_statements(doc_id, statements, "v") == len(statements)
    assert app.store.save_statements(doc_id, statements, "v") == 0
    with app.store.engine.connect() as conn:
        stored = app.store._statements_of(conn, [s.key for s in statements])
    assert sorted(stored, key=lambda s: s.key) == sorted(statements, key=lambda s: s.key)


def test_moments_come_back_in_utc(app: Sitrep) -> None:
    app.store.add_document(REPORT)
    app.extract()
    (incident,) = app.incidents()
    (created, *_) = app.store.history(incident.id)
    at = datetime.fromisoformat(created["at"])
    assert at.tzinfo is not None and abs((datetime.now(UTC) - at).total_seconds()) < 600


def test_hostile_search_words_are_plain_words(app: Sitrep) -> None:
    app.store.add_document(REPORT)
    app.extract()
    for words in ['car" OR "', "bomb & !car", "*", "car:* | zzxq", "NEAR(car bomb)", "'; DROP TABLE x; --"]:
        assert app.store.count(IncidentFilter(text=words)) in {0, 1}
    assert app.store.count(IncidentFilter(text="!!! ...")) == 0


def _nearby_by_hand(app: Sitrep, lat: float, lon: float, km: float) -> set[str]:
    return {
        i.id
        for i in app.incidents()
        if i.latitude is not None
        and i.longitude is not None
        and haversine_km(lat, lon, i.latitude, i.longitude) <= km
    }


@pytest.mark.parametrize("km", [1.0, 30.0, 150.0, 600.0, 25_000.0])
def test_incidents_within_a_radius_are_those_measured_by_hand(loaded: Sitrep, km: float) -> None:
    found = loaded.store.incidents_near(loaded.builder, *HADER, km)
    assert {i.id for _, i in found} == _nearby_by_hand(loaded, *HADER, km)
    distances = [d for d, _ in found]
    assert distances == sorted(distances) and all(d <= km for d in distances)
    if km >= 1:
        assert any(i.location == "Hader" for _, i in found)
    filtered = loaded.store.incidents_near(loaded.builder, *HADER, km, IncidentFilter(country="SY"))
    assert {i.id for _, i in filtered} == {i.id for _, i in found if i.country == "SY"}
    assert loaded.store.count(IncidentFilter(near=(*HADER, km))) == len(found)


@pytest.mark.databases("postgresql")
def test_postgis_and_the_fallback_find_the_same_incidents(loaded: Sitrep) -> None:
    store = loaded.store
    with store.engine.connect() as conn:
        available = conn.execute(text("SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'")).first()
    if available is None:
        assert not store.postgis
        pytest.skip("PostGIS is not installed on this server: the fallback answered above")
    assert store.postgis
    with_postgis = {km: store.incidents_near(loaded.builder, *HADER, km) for km in (5.0, 120.0, 900.0)}
    store.postgis = False
    for km, found in with_postgis.items():
        assert store.incidents_near(loaded.builder, *HADER, km) == found


def test_places_across_the_antimeridian_and_near_a_pole(app: Sitrep) -> None:
    app.store.add_document(REPORT)
    app.extract()
    (incident,) = app.incidents()
    with app.store.engine.begin() as conn:
        conn.execute(
            text("UPDATE incidents SET latitude = -16.5, longitude = 179.9 WHERE id = :id"),
            {"id": incident.id},
        )
    assert app.store.count(IncidentFilter(near=(-16.5, -179.9, 30.0))) == 1
    assert app.store.count(IncidentFilter(near=(89.9, 0.0, 12_000.0))) == 1
    assert app.store.count(IncidentFilter(near=(89.9, 0.0, 100.0))) == 0


@pytest.mark.databases("postgresql")
def test_processes_opening_a_new_database_together_migrate_it_once(app: Sitrep) -> None:
    _migrate(app.store, "base")
    app.store.close()
    errors: list[BaseException] = []

    def open_store() -> None:
        try:
            Store(app.config.database_url).close()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=open_store) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
