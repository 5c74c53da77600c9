"""Statements to and from their database rows (JSON columns for the nested parts)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sitrep.model import ActorRef, Citation, Figure, PlaceRef, Statement


def _actor(ref: ActorRef | None) -> dict[str, str] | None:
    return None if ref is None else {"id": ref.id, "name": ref.name, "surface": ref.surface}


def _actor_back(data: dict[str, str] | None) -> ActorRef | None:
    return None if not data else ActorRef(data["id"], data["name"], data.get("surface", ""))


def _figure(f: Figure) -> dict[str, Any]:
    return {"value": f.value, "qualifier": f.qualifier, "group": f.group, "side": f.side, "text": f.text}


def _citation(c: Citation) -> dict[str, Any]:
    return {
        "name": c.name,
        "date": c.date.isoformat() if c.date else None,
        "affiliation": c.affiliation,
        "url": c.url,
    }


def to_row(s: Statement, document_id: int, extractor: str) -> dict[str, Any]:
    place = s.place
    return {
        "key": s.key,
        "document_id": document_id,
        "kind": s.kind,
        "span_start": s.start,
        "span_end": s.end,
        "text": s.text,
        "date": s.date,
        "date_precision": s.date_precision,
        "date_explicit": s.date_explicit,
        "event_type": s.event_type,
        "sub_event_type": s.sub_event_type,
        "weapon": s.weapon,
        "suicide": s.suicide,
        "actor1_id": s.actor1.id if s.actor1 else None,
        "actor2_id": s.actor2.id if s.actor2 else None,
        "claimed_by_id": s.claimed_by.id if s.claimed_by else None,
        "claim_channel": s.claim_channel,
        "perpetrator_claim": s.perpetrator_claim,
        "place_id": place.id if place else None,
        "place": None
        if place is None
        else {
            "id": place.id,
            "name": place.name,
            "country": place.country,
            "admin1": place.admin1,
            "lat": place.lat,
            "lon": place.lon,
            "kind": place.kind,
            "precision": place.precision,
        },
        "actors": {
            "actor1": _actor(s.actor1),
            "actor2": _actor(s.actor2),
            "claimed_by": _actor(s.claimed_by),
        },
        "killed": [_figure(f) for f in s.killed],
        "wounded": [_figure(f) for f in s.wounded],
        "citations": [_citation(c) for c in s.citations],
        "confidence": s.confidence,
        "section": s.section,
        "hour": s.hour,
        "extractor": extractor,
    }


def from_row(row: Any, document_hash: str) -> Statement:
    place = row.place
    actors = row.actors or {}
    return Statement(
        kind=row.kind,
        document_hash=document_hash,
        start=row.span_start,
        end=row.span_end,
        text=row.text,
        date=row.date,
        event_type=row.event_type,
        sub_event_type=row.sub_event_type,
        weapon=row.weapon,
        suicide=row.suicide,
        actor1=_actor_back(actors.get("actor1")),
        actor2=_actor_back(actors.get("actor2")),
        claimed_by=_actor_back(actors.get("claimed_by")),
        place=None
        if not place
        else PlaceRef(
            id=place["id"],
            name=place["name"],
            country=place["country"],
            admin1=place["admin1"],
            lat=place["lat"],
            lon=place["lon"],
            kind=place["kind"],
            precision=place["precision"],
        ),
        killed=tuple(Figure(**f) for f in row.killed),
        wounded=tuple(Figure(**f) for f in row.wounded),
        citations=tuple(
            Citation(
                name=c["name"],
                date=date.fromisoformat(c["date"]) if c["date"] else None,
                affiliation=c.get("affiliation"),
                url=c.get("url"),
            )
            for c in row.citations
        ),
        claim_channel=row.claim_channel,
        perpetrator_claim=row.perpetrator_claim,
        date_precision=row.date_precision,
        date_explicit=row.date_explicit,
        confidence=row.confidence,
        section=row.section,
        hour=row.hour,
    )
