"""Who held which place, and when it changed hands: a timeline built from control incidents."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sitrep.model import TERRITORY_CHANGES, Incident


@dataclass(frozen=True)
class ControlChange:
    place: str
    country: str
    date: date
    taken_by: str | None
    taken_from: str | None
    sources: tuple[str, ...]
    incident_id: str
    latitude: float | None = None
    longitude: float | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "place": self.place,
            "country": self.country,
            "date": self.date.isoformat(),
            "taken_by": self.taken_by,
            "taken_from": self.taken_from,
            "sources": list(self.sources),
            "incident": self.incident_id,
            "latitude": self.latitude,
            "longitude": self.longitude,
        }


def timeline(incidents: Iterable[Incident]) -> dict[str, list[ControlChange]]:
    """Every change of control, by place, oldest first."""
    out: dict[str, list[ControlChange]] = {}
    for i in incidents:
        if i.sub_event_type not in TERRITORY_CHANGES:
            continue
        change = ControlChange(
            place=i.location,
            country=i.country,
            date=i.date,
            taken_by=i.actor1,
            taken_from=i.actor2,
            sources=tuple(dict.fromkeys(c.name for c in i.sources)),
            incident_id=i.id,
            latitude=i.latitude,
            longitude=i.longitude,
        )
        out.setdefault(i.location, []).append(change)
    for changes in out.values():
        changes.sort(key=lambda c: (c.date, c.incident_id))
    return dict(sorted(out.items()))


def holders_on(incidents: Iterable[Incident], day: date) -> list[ControlChange]:
    """For each place that ever changed hands, its last change on or before ``day``."""
    held = []
    for changes in timeline(incidents).values():
        before = [c for c in changes if c.date <= day]
        if before:
            held.append(before[-1])
    return held


def changes_between(incidents: Iterable[Incident], start: date, end: date) -> list[ControlChange]:
    """Changes of control from ``start`` to ``end`` inclusive, in date order."""
    return sorted(
        (c for changes in timeline(incidents).values() for c in changes if start <= c.date <= end),
        key=lambda c: (c.date, c.place),
    )
