"""The knowledge base as a STIX 2.1 bundle, for threat-intelligence tools.

  armed groups, militias, parties, people   → threat-actor (+ intrusion-set for armed groups)
  state forces, coalitions, outlets         → identity
  curated places                            → location
  affiliations, sponsors, membership        → relationship (related-to / attributed-to)

Object ids are derived from the knowledge base's own ids (UUID v5), and every object carries
the same fixed timestamp, so exporting twice gives the same bundle.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import stix2

from sitrep.kb.registry import Actor, KnowledgeBase
from sitrep.model import Incident

_NAMESPACE = uuid.UUID("6f0d8e9c-5f53-4c59-9a59-6e2a7d1b3c11")
_EPOCH = datetime(2017, 11, 8, tzinfo=UTC)
_ARMED = frozenset({"jihadist group", "rebel group", "militia"})
_IDENTITY = frozenset({"state force", "foreign state force", "coalition", "civilians"})
_THREAT_TYPES = {
    "jihadist group": ["terrorist"],
    "rebel group": ["activist"],
    "militia": ["nation-state"],
    "political party": ["activist"],
    "person": ["terrorist"],
}


def _id(kind: str, key: str) -> str:
    return f"{kind}--{uuid.uuid5(_NAMESPACE, f'{kind}:{key}')}"


def _common(kind: str, key: str) -> dict[str, Any]:
    return {"id": _id(kind, key), "created": _EPOCH, "modified": _EPOCH}


def _actor_objects(actor: Actor) -> list[Any]:
    description = actor.description or ""
    if actor.role:
        description = f"{actor.role}. {description}".strip()
    aliases = sorted({*actor.aliases, *actor.kunyas, *(f.name for f in actor.former_names)})
    if actor.type in _IDENTITY:
        return [
            stix2.Identity(
                **_common("identity", actor.id),
                name=actor.name,
                identity_class="organization" if actor.type != "civilians" else "group",
                description=description or None,
                sectors=["government-national"] if actor.type != "civilians" else None,
            )
        ]
    objects: list[Any] = [
        stix2.ThreatActor(
            **_common("threat-actor", actor.id),
            name=actor.name,
            aliases=aliases or None,
            threat_actor_types=_THREAT_TYPES.get(actor.type, ["unknown"]),
            description=description or None,
            resource_level="individual" if actor.type == "person" else "organization",
        )
    ]
    if actor.type in _ARMED:
        objects.append(
            stix2.IntrusionSet(
                **_common("intrusion-set", actor.id),
                name=actor.name,
                aliases=aliases or None,
                description=description or None,
            )
        )
    return objects


def _ref(kb: KnowledgeBase, actor_id: str) -> str | None:
    actor = kb.actor_by_id.get(actor_id)
    if actor is None:
        return None
    return _id("identity" if actor.type in _IDENTITY else "threat-actor", actor.id)


def to_stix(kb: KnowledgeBase) -> stix2.Bundle:
    """Every actor, outlet and curated place, and the relations between actors."""
    objects: list[Any] = []
    for actor in kb.actors:
        objects.extend(_actor_objects(actor))
    for actor in kb.actors:
        source = _ref(kb, actor.id)
        pairs = [(r.actor, r.relation, r.note, r.start, r.until) for r in actor.relations]
        if actor.member_of:
            pairs.append((actor.member_of, "part of", None, None, None))
        for other, relation, note, start, until in pairs:
            target = _ref(kb, other)
            if source is None or target is None:
                continue
            dated = " ".join(
                part for part in (f"from {start}" if start else "", f"until {until}" if until else "") if part
            )
            objects.append(
                stix2.Relationship(
                    **_common("relationship", f"{actor.id}:{relation}:{other}"),
                    relationship_type="attributed-to" if relation == "part of" else "related-to",
                    source_ref=source,
                    target_ref=target,
                    description="; ".join(p for p in (relation, dated, note or "") if p),
                )
            )
    for outlet in kb.sources:
        objects.append(
            stix2.Identity(
                **_common("identity", f"source:{outlet.id}"),
                name=outlet.name,
                identity_class="organization",
                sectors=["communications"],
                description=(
                    f"{outlet.kind}; affiliation: {outlet.affiliation or 'none known'}; "
                    f"reliability {outlet.reliability} (Admiralty scale)"
                ),
            )
        )
    for place in kb.places:
        if place.lat is None or place.lon is None:
            continue
        objects.append(
            stix2.Location(
                **_common("location", place.id),
                name=place.name,
                latitude=place.lat,
                longitude=place.lon,
                country=place.country,
                administrative_area=place.admin1,
                description=f"{place.kind}; also {', '.join(place.aliases)}" if place.aliases else place.kind,
            )
        )
    return stix2.Bundle(objects=objects, id=_id("bundle", "sitrep-knowledge"), allow_custom=False)


def incidents_to_stix(incidents: Iterable[Incident], kb: KnowledgeBase) -> stix2.Bundle:
    """Incidents as STIX 2.1: each an ``incident`` with its place (``location``, ``located-at``),
    its perpetrator (``attributed-to`` the knowledge base's threat actor or identity) and its
    sources as external references; tolls and ACLED coding ride as ``x_sitrep_*`` properties.
    Ids derive from incident ids, so the same incidents give the same bundle."""
    objects: list[Any] = []
    actors_seen: set[str] = set()
    ids: list[str] = []
    for i in incidents:
        ids.append(i.id)
        incident_ref = _id("incident", i.id)
        objects.append(
            stix2.Incident(
                id=incident_ref,
                created=_EPOCH,
                modified=_EPOCH,
                name=f"{i.sub_event_type} in {i.location}, {i.date.isoformat()}",
                description=i.summary,
                external_references=[
                    {"source_name": c.name, "description": c.label(), **({"url": c.url} if c.url else {})}
                    for c in i.sources
                ],
                allow_custom=True,
                x_sitrep_date=i.date.isoformat(),
                x_sitrep_event_type=i.event_type,
                x_sitrep_sub_event_type=i.sub_event_type,
                x_sitrep_killed=i.killed.best if i.killed else None,
                x_sitrep_wounded=i.wounded.best if i.wounded else None,
                x_sitrep_geo_precision=i.geo_precision,
            )
        )
        if i.latitude is not None and i.longitude is not None:
            location_ref = _id("location", f"incident:{i.id}")
            objects.append(
                stix2.Location(
                    id=location_ref,
                    created=_EPOCH,
                    modified=_EPOCH,
                    name=i.location,
                    latitude=i.latitude,
                    longitude=i.longitude,
                    country=i.country,
                    administrative_area=i.admin1,
                )
            )
            objects.append(
                stix2.Relationship(
                    **_common("relationship", f"{i.id}:located-at"),
                    relationship_type="located-at",
                    source_ref=incident_ref,
                    target_ref=location_ref,
                )
            )
        actor = kb.actor_by_name.get(i.actor1 or "")
        if actor is not None:
            if actor.id not in actors_seen:
                actors_seen.add(actor.id)
                objects.extend(_actor_objects(actor))
            target = _ref(kb, actor.id)
            if target is not None:
                objects.append(
                    stix2.Relationship(
                        **_common("relationship", f"{i.id}:attributed-to:{actor.id}"),
                        relationship_type="attributed-to",
                        source_ref=incident_ref,
                        target_ref=target,
                    )
                )
    key = hashlib.sha1(",".join(ids).encode("ascii")).hexdigest()
    return stix2.Bundle(objects=objects, id=_id("bundle", f"incidents:{key}"), allow_custom=True)
