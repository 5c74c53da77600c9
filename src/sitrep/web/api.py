"""The JSON API under /api: read with the viewer role, review with the analyst role.

Lists are ordered by date then id, so pages never shuffle; ``limit`` and ``offset`` page
through them and ``total`` says how many match. Exports take the same filters.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, HTTPException, Query, Request
from fastapi.responses import Response

from sitrep.analyse.control import holders_on
from sitrep.app import Sitrep
from sitrep.kb.normalize import fold_name
from sitrep.kb.stix import incidents_to_stix
from sitrep.model import TERRITORY_CHANGES, Incident
from sitrep.report.bulletin import compose
from sitrep.report.edits import load_edits, overlay_path
from sitrep.report.exports import FORMATS
from sitrep.report.maps import outlines_geojson
from sitrep.store import IncidentFilter
from sitrep.store.accounts import Accounts
from sitrep.store.db import LIVE_STATUSES, STATUSES
from sitrep.web.security import Caller, check_csrf, require

router = APIRouter(prefix="/api", tags=["api"])
MAX_PAGE = 500
MAX_EXPORT = 200_000
MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "acled": "text/csv; charset=utf-8",
    "geojson": "application/geo+json",
    "jsonl": "application/x-ndjson",
    "stix": "application/json",
}


def sitrep_of(request: Request) -> Sitrep:
    app: Sitrep = request.app.state.sitrep
    return app


def accounts_of(request: Request) -> Accounts:
    accounts: Accounts = request.app.state.accounts
    return accounts


def viewer(request: Request) -> Caller:
    return require(request, accounts_of(request), "viewer")


def analyst(request: Request) -> Caller:
    caller = require(request, accounts_of(request), "analyst")
    check_csrf(caller, request.headers.get("x-csrf-token"))
    return caller


def incident_filter(
    start: Annotated[str | None, Query(description="First day (YYYY-MM-DD)", max_length=10)] = None,
    end: Annotated[str | None, Query(description="Last day (YYYY-MM-DD)", max_length=10)] = None,
    country: Annotated[str | None, Query(description="ISO 3166-1 alpha-2 code", max_length=2)] = None,
    province: Annotated[
        str | None, Query(description="First-level division (admin1)", max_length=200)
    ] = None,
    actor: Annotated[str | None, Query(description="Any name or alias of an actor", max_length=200)] = None,
    event_type: Annotated[str | None, Query(description="ACLED event type", max_length=60)] = None,
    sub_event_type: Annotated[str | None, Query(description="ACLED sub-event type", max_length=60)] = None,
    q: Annotated[
        str | None, Query(description="Words in the summary, place, actors or reports", max_length=200)
    ] = None,
    status: Annotated[str | None, Query(description=f"Review status: {', '.join(STATUSES)}")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> IncidentFilter:
    if status and status not in STATUSES:
        raise HTTPException(422, f"status is one of {', '.join(STATUSES)}")
    return IncidentFilter(
        start=_day(start, "start"),
        end=_day(end, "end"),
        country=country or None,
        admin1=province or None,
        actor=actor or None,
        event_type=event_type or None,
        sub_event_types=(sub_event_type,) if sub_event_type else (),
        text=q or None,
        statuses=(status,) if status else LIVE_STATUSES,
        limit=limit,
        offset=offset,
    )


def _day(value: str | None, name: str) -> date | None:
    """A date from a query string; an empty field (a form left blank) means no bound."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise HTTPException(422, f"{name} is a date, YYYY-MM-DD") from exc


Filters = Annotated[IncidentFilter, Depends(incident_filter)]


def with_translations(app: Sitrep, statements: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Statements with a machine translation of each non-English quote, when the team has
    configured a translator; the quote itself is kept as published."""
    translator = app.translator
    if translator is None:
        return statements
    out = []
    for s in statements:
        language = (s.get("language") or "en").split("+")[-1]
        if language != "en":
            s = {
                **s,
                "translation": translator.translate(s["text"], language),
                "translated_by": translator.name,
            }
        out.append(s)
    return out


def _item(incident: Incident, status: str) -> dict[str, Any]:
    return {**incident.to_json(), "status": status}


@router.get("/incidents", summary="Incidents matching the filters, a page at a time")
def list_incidents(
    request: Request, where: Filters, _caller: Annotated[Caller, Depends(viewer)]
) -> dict[str, Any]:
    app = sitrep_of(request)
    found = app.store.incidents(app.builder, where, app.kb)
    statuses = app.store.statuses([i.id for i in found])
    return {
        "total": app.store.count(where, app.kb),
        "limit": where.limit,
        "offset": where.offset,
        "items": [_item(i, statuses.get(i.id, "new")) for i in found],
    }


@router.get("/incidents/export", summary="Every incident matching the filters in an exchange format")
def export_incidents(
    request: Request,
    where: Filters,
    _caller: Annotated[Caller, Depends(viewer)],
    format: Annotated[
        str, Query(description="csv, acled, geojson, jsonl (the contract's schema) or stix")
    ] = "jsonl",
) -> Response:
    if format not in MEDIA:
        raise HTTPException(422, f"format is one of {', '.join(MEDIA)}")
    app = sitrep_of(request)
    unpaged = IncidentFilter(**{**where.__dict__, "limit": MAX_EXPORT, "offset": 0})
    found = app.store.incidents(app.builder, unpaged, app.kb)
    body = str(incidents_to_stix(found, app.kb)) if format == "stix" else FORMATS[format](found)
    suffix = {"acled": "acled.csv", "stix": "stix.json"}.get(format, format)
    return Response(
        body,
        media_type=MEDIA[format],
        headers={"Content-Disposition": f'attachment; filename="sitrep-incidents.{suffix}"'},
    )


@router.get("/incidents/{incident_id}", summary="One incident with its statements, sources and history")
def get_incident(
    request: Request, incident_id: str, _caller: Annotated[Caller, Depends(viewer)]
) -> dict[str, Any]:
    app = sitrep_of(request)
    incident = app.store.incident(app.builder, incident_id)
    state = app.store.status_of(incident_id)
    if state is None:
        raise HTTPException(404, f"no incident {incident_id}")
    return {
        "incident": incident.to_json() if incident else None,
        "status": state[0],
        "merged_into": state[1],
        "statements": with_translations(app, app.store.statements_of_incident(incident_id)),
        "history": app.history(incident_id),
    }


@router.post("/incidents/{incident_id}/approve", summary="Approve an incident for publication")
def approve(
    request: Request, incident_id: str, caller: Annotated[Caller, Depends(analyst)]
) -> dict[str, Any]:
    sitrep_of(request).store.set_status(incident_id, "approved", caller.user.username)
    return {"id": incident_id, "status": "approved"}


@router.post("/incidents/{incident_id}/reject", summary="Mark as not an incident (kept, with its history)")
def reject(
    request: Request,
    incident_id: str,
    caller: Annotated[Caller, Depends(analyst)],
    note: Annotated[str | None, Body(embed=True, max_length=500)] = None,
) -> dict[str, Any]:
    sitrep_of(request).store.set_status(incident_id, "rejected", caller.user.username, note)
    return {"id": incident_id, "status": "rejected"}


@router.post("/incidents/{incident_id}/reopen", summary="Back to the review queue")
def reopen(request: Request, incident_id: str, caller: Annotated[Caller, Depends(analyst)]) -> dict[str, Any]:
    sitrep_of(request).store.set_status(incident_id, "new", caller.user.username)
    return {"id": incident_id, "status": "new"}


@router.patch("/incidents/{incident_id}", summary="Correct fields; corrections outlive new reports")
def correct(
    request: Request,
    incident_id: str,
    caller: Annotated[Caller, Depends(analyst)],
    fields: Annotated[dict[str, Any], Body(examples=[{"killed": 16, "location": "Hader"}])],
) -> dict[str, Any]:
    app = sitrep_of(request)
    incident = app.store.correct(app.builder, incident_id, fields, caller.user.username)
    return incident.to_json()


@router.post("/incidents/{incident_id}/merge", summary="Merge another incident into this one")
def merge(
    request: Request,
    incident_id: str,
    caller: Annotated[Caller, Depends(analyst)],
    other: Annotated[str, Body(embed=True, max_length=40)],
) -> dict[str, Any]:
    app = sitrep_of(request)
    return app.store.merge(app.builder, incident_id, other, caller.user.username).to_json()


@router.post("/incidents/{incident_id}/split", summary="Move some statements to a new incident")
def split(
    request: Request,
    incident_id: str,
    caller: Annotated[Caller, Depends(analyst)],
    statements: Annotated[list[str], Body(embed=True, max_length=500)],
) -> dict[str, Any]:
    app = sitrep_of(request)
    return app.store.split(app.builder, incident_id, statements, caller.user.username).to_json()


@router.get("/actors", summary="Actors of the knowledge base, found by any of their names")
def actors(
    request: Request,
    _caller: Annotated[Caller, Depends(viewer)],
    q: Annotated[str | None, Query(max_length=200)] = None,
) -> list[dict[str, Any]]:
    kb = sitrep_of(request).kb
    wanted = fold_name(q) if q else None
    return [
        {
            "id": a.id,
            "name": a.name,
            "type": a.type,
            "country": a.country,
            "aliases": list(a.aliases),
            "former_names": [f.name for f in a.former_names],
            "relations": [{"actor": r.actor, "relation": r.relation} for r in a.relations],
        }
        for a in kb.actors
        if wanted is None or any(wanted in fold_name(n) for n in a.names())
    ]


@router.get("/places", summary="Curated places with every transliteration")
def places(
    request: Request,
    _caller: Annotated[Caller, Depends(viewer)],
    q: Annotated[str | None, Query(max_length=200)] = None,
) -> list[dict[str, Any]]:
    kb = sitrep_of(request).kb
    wanted = fold_name(q) if q else None
    return [
        {
            "id": p.id,
            "name": p.name,
            "kind": p.kind,
            "country": p.country,
            "admin1": p.admin1,
            "lat": p.lat,
            "lon": p.lon,
            "aliases": list(p.aliases),
        }
        for p in kb.places
        if wanted is None or any(wanted in fold_name(n) for n in (p.name, *p.aliases))
    ]


@router.get("/control", summary="Who held each place that changed hands, on a day")
def control(
    request: Request,
    _caller: Annotated[Caller, Depends(viewer)],
    day: Annotated[date | None, Query(alias="date")] = None,
) -> dict[str, Any]:
    app = sitrep_of(request)
    day = day or date.today()
    held = holders_on(app.store.latest_of_each_place(app.builder, TERRITORY_CHANGES, day), day)
    out = []
    for change in held:
        camp = app.kb.camp_of(change.taken_by, day)
        out.append(
            {**change.to_json(), "camp": camp.id if camp else None, "colour": camp.colour if camp else None}
        )
    return {"date": day.isoformat(), "held": out}


@router.get("/bulletins/{week}", summary="The bulletin of the week from this day, with the analyst's edits")
def bulletin(request: Request, week: date, _caller: Annotated[Caller, Depends(viewer)]) -> dict[str, Any]:
    app = sitrep_of(request)
    edits = load_edits(overlay_path(request.app.state.bulletin_dir, week))
    b = compose(app.store, app.builder, app.kb, week, edits)
    return {
        "week_start": b.week_start.isoformat(),
        "week_end": b.week_end.isoformat(),
        "main_events": [
            {"incident": it.incident.id, "headline": it.headline, "text": it.sentences[0]}
            for it in b.main_events
        ],
        "sections": [
            {
                "title": s.title,
                "trend": s.trend,
                "commentary": s.commentary,
                "subsections": {
                    sub: [
                        {"incident": it.incident.id, "headline": it.headline, "sentences": list(it.sentences)}
                        for it in items
                    ]
                    for sub, items in s.subsections.items()
                },
            }
            for s in b.sections
        ],
        "outside_powers": [{"power": p, "text": text} for p, text in b.outside],
        "footnotes": [n.text for n in b.footnotes],
        "figures": sorted(b.figures),
    }


@router.get("/boundaries", summary="Country outlines for the map (Natural Earth, public domain)")
def country_outlines(_caller: Annotated[Caller, Depends(viewer)]) -> Response:
    return Response(
        outlines_geojson(),
        media_type="application/geo+json",
        headers={"Cache-Control": "private, max-age=86400"},
    )


@router.get("/me", summary="Who the caller is, and the CSRF token for a browser session's writes")
def me(caller: Annotated[Caller, Depends(viewer)]) -> dict[str, Any]:
    return {
        "username": caller.user.username,
        "role": caller.user.role,
        "csrf": caller.session.csrf if caller.session else None,
    }
