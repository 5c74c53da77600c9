"""The records that move between stages: ingest → extract → resolve → store → report.

Every stage takes and returns these frozen dataclasses; nothing passes nested dicts.
``Incident.to_json`` is the one place the exchange format of
``schema/incident.schema.json`` is produced.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any, Literal

EVENT_TYPES = (
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Strategic developments",
    "Protests",
    "Riots",
)
# The ACLED sub-event types by which a place changes hands.
TERRITORY_CHANGES = frozenset({"Government regains territory", "Non-state actor overtakes territory"})

StatementKind = Literal["incident", "claim", "control"]
Side = Literal["victim", "perpetrator", "unknown"]
DatePrecision = Literal["day", "week", "month"]


def content_hash(text: str) -> str:
    """The identity of a document's text: SHA-256 of its NFC form with outer space stripped."""
    norm = unicodedata.normalize("NFC", text).strip()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Document:
    """One report as ingested: its text and what is known of where it came from."""

    text: str
    source: str | None = None
    published: date | None = None
    url: str | None = None
    title: str | None = None
    format: str = "text"
    language: str | None = None
    external_id: str | None = None
    published_time: time | None = None
    """Time of day of publication (UTC) where the source gives one, as feeds and wires do."""

    @property
    def hash(self) -> str:
        return content_hash(self.text)


@dataclass(frozen=True)
class Citation:
    """Who reported a statement and when: "(SANA, November 3, 2017)"."""

    name: str
    date: date | None
    affiliation: str | None = None
    url: str | None = None

    def label(self) -> str:
        if self.date is None:
            return self.name
        return f"{self.name}, {self.date:%B} {self.date.day}, {self.date.year}"


@dataclass(frozen=True)
class Figure:
    """One reported number of killed or wounded, as the report put it."""

    value: int
    qualifier: str
    group: str | None = None
    side: Side = "unknown"
    text: str = ""


@dataclass(frozen=True)
class PlaceRef:
    """A place resolved against the gazetteer, with ACLED geo-precision (1 place, 2 near, 3 province)."""

    id: str
    name: str
    country: str
    admin1: str | None
    lat: float | None
    lon: float | None
    kind: str
    precision: int = 1


@dataclass(frozen=True)
class ActorRef:
    """An actor resolved against the knowledge base, with the words that named it."""

    id: str
    name: str
    surface: str = ""


@dataclass(frozen=True)
class Statement:
    """One fact asserted by one span of one document: an incident, a claim or a control change."""

    kind: StatementKind
    document_hash: str
    start: int
    end: int
    text: str
    date: date | None
    event_type: str | None = None
    sub_event_type: str | None = None
    weapon: str | None = None
    suicide: bool | None = None
    actor1: ActorRef | None = None
    actor2: ActorRef | None = None
    place: PlaceRef | None = None
    killed: tuple[Figure, ...] = ()
    wounded: tuple[Figure, ...] = ()
    citations: tuple[Citation, ...] = ()
    claimed_by: ActorRef | None = None
    claim_channel: str | None = None
    perpetrator_claim: bool = False
    date_precision: DatePrecision = "day"
    date_explicit: bool = True
    confidence: float = 0.5
    section: int = 0
    hour: int | None = None
    """Hour of the day (UTC) the statement's event or claim happened, where told or known."""

    @property
    def key(self) -> str:
        """Stable identity: the same span of the same document always has the same key."""
        raw = f"{self.document_hash}:{self.start}:{self.end}:{self.kind}"
        return hashlib.sha1(raw.encode("ascii")).hexdigest()[:20]


@dataclass(frozen=True)
class Report:
    """One source's figure for an incident, as kept in ``Count.reports``."""

    value: int
    qualifier: str
    source: str

    def to_json(self) -> dict[str, Any]:
        return {"value": self.value, "qualifier": self.qualifier, "source": self.source}


@dataclass(frozen=True)
class Count:
    """UCDP-style low / best / high across reports, with who reported what."""

    best: int
    low: int
    high: int
    reports: tuple[Report, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "best": self.best,
            "low": self.low,
            "high": self.high,
            "reports": [r.to_json() for r in self.reports],
        }


@dataclass(frozen=True)
class Claim:
    """A claim of responsibility: who claimed, through which channel, when."""

    actor: str
    channel: str | None
    date: date | None
    latency_hours: float | None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"channel": self.channel or "unknown", "latency_hours": self.latency_hours}
        if self.date is not None:
            out["date"] = self.date.isoformat()
        return out


@dataclass(frozen=True)
class Incident:
    """An event built from one or more statements, in the exchange schema's terms."""

    id: str
    date: date
    country: str
    location: str
    latitude: float | None
    longitude: float | None
    event_type: str
    sub_event_type: str
    actor1: str | None
    killed: Count | None
    wounded: Count | None
    sources: tuple[Citation, ...]
    summary: str
    admin1: str | None = None
    geo_precision: int = 1
    date_precision: DatePrecision = "day"
    weapon: str | None = None
    actor2: str | None = None
    suicide: bool | None = None
    claimed_by: str | None = None
    claim: Claim | None = None
    confidence: float | None = None
    statement_keys: tuple[str, ...] = field(default=(), compare=False)

    def to_json(self) -> dict[str, Any]:
        """The incident as ``schema/incident.schema.json`` defines it."""
        return {
            "id": self.id,
            "date": self.date.isoformat(),
            "date_precision": self.date_precision,
            "country": self.country,
            "admin1": self.admin1,
            "location": self.location,
            "latitude": self.latitude,
            "longitude": self.longitude,
            "geo_precision": self.geo_precision,
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "weapon": self.weapon,
            "actor1": self.actor1,
            "actor2": self.actor2,
            "killed": self.killed.to_json() if self.killed else None,
            "wounded": self.wounded.to_json() if self.wounded else None,
            "suicide": self.suicide,
            "claimed_by": self.claimed_by,
            "claim": self.claim.to_json() if self.claim else None,
            "sources": [
                {
                    "name": c.name,
                    "date": c.date.isoformat(),
                    "url": c.url,
                    "affiliation": c.affiliation,
                }
                for c in self.sources
                if c.date is not None
            ],
            "summary": self.summary,
            "confidence": self.confidence,
        }


@dataclass(frozen=True)
class AggregateClaim:
    """A group's balance sheet: period totals it claims ("311 suicide attacks"), from one report."""

    group: str
    country: str | None
    start: date
    end: date
    figures: dict[str, int]
    source: str | None
    published: date | None
    title: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "country": self.country,
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "claimed": self.figures,
            "source": self.source,
            "published": self.published.isoformat() if self.published else None,
            "title": self.title,
        }


@dataclass(frozen=True)
class Tally:
    """Incidents, killed and wounded of one group on one day: what trends are counted from,
    whether from incidents in memory (``tallies``) or from the store's own aggregate query."""

    day: date
    group: str
    incidents: int
    killed: int
    wounded: int
