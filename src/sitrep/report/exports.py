"""Incidents in exchange formats: JSON Lines (the contract's schema), CSV, GeoJSON, ACLED-style CSV."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

from sitrep.model import Incident

CSV_FIELDS = [
    "id",
    "date",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "event_type",
    "sub_event_type",
    "weapon",
    "actor1",
    "actor2",
    "killed",
    "killed_low",
    "killed_high",
    "wounded",
    "wounded_low",
    "wounded_high",
    "suicide",
    "claimed_by",
    "sources",
    "summary",
]
# ACLED's export columns that Sitrep can fill; ACLED codes fatalities only.
ACLED_FIELDS = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "country",
    "iso",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
]


def to_jsonl(incidents: Iterable[Incident]) -> str:
    return "".join(json.dumps(i.to_json(), ensure_ascii=False) + "\n" for i in incidents)


def _flat(i: Incident) -> dict[str, object]:
    return {
        "id": i.id,
        "date": i.date.isoformat(),
        "country": i.country,
        "admin1": i.admin1,
        "location": i.location,
        "latitude": i.latitude,
        "longitude": i.longitude,
        "geo_precision": i.geo_precision,
        "event_type": i.event_type,
        "sub_event_type": i.sub_event_type,
        "weapon": i.weapon,
        "actor1": i.actor1,
        "actor2": i.actor2,
        "killed": i.killed.best if i.killed else None,
        "killed_low": i.killed.low if i.killed else None,
        "killed_high": i.killed.high if i.killed else None,
        "wounded": i.wounded.best if i.wounded else None,
        "wounded_low": i.wounded.low if i.wounded else None,
        "wounded_high": i.wounded.high if i.wounded else None,
        "suicide": i.suicide,
        "claimed_by": i.claimed_by,
        "sources": "; ".join(c.label() for c in i.sources),
        "summary": i.summary,
    }


def to_csv(incidents: Iterable[Incident]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for i in incidents:
        writer.writerow(_flat(i))
    return out.getvalue()


def to_acled(incidents: Iterable[Incident]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=ACLED_FIELDS, lineterminator="\n")
    writer.writeheader()
    for i in incidents:
        writer.writerow(
            {
                "event_id_cnty": i.id,
                "event_date": i.date.isoformat(),
                "year": i.date.year,
                "time_precision": {"day": 1, "week": 2, "month": 3}[i.date_precision],
                "event_type": i.event_type,
                "sub_event_type": i.sub_event_type,
                "actor1": i.actor1 or "",
                "actor2": i.actor2 or "",
                "country": i.country,
                "iso": i.country,
                "admin1": i.admin1 or "",
                "location": i.location,
                "latitude": i.latitude,
                "longitude": i.longitude,
                "geo_precision": i.geo_precision,
                "source": "; ".join(sorted({c.name for c in i.sources})),
                "notes": i.summary,
                "fatalities": i.killed.best if i.killed else 0,
            }
        )
    return out.getvalue()


def to_geojson(incidents: Iterable[Incident]) -> str:
    features = []
    for i in incidents:
        geometry = None
        if i.latitude is not None and i.longitude is not None:
            geometry = {"type": "Point", "coordinates": [i.longitude, i.latitude]}
        features.append({"type": "Feature", "id": i.id, "geometry": geometry, "properties": i.to_json()})
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)


FORMATS = {"jsonl": to_jsonl, "csv": to_csv, "geojson": to_geojson, "acled": to_acled}
