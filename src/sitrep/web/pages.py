"""The workspace's pages: map, timeline, incident table, incident page, review queue, bulletin.

Every page is rendered on the server from the same store calls as the API; every form that
changes something posts the session's CSRF token and lands back on the page it came from.
"""

from __future__ import annotations

import secrets
from collections import Counter
from datetime import date, timedelta
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from sitrep.model import EVENT_TYPES
from sitrep.report.bulletin import compose, render_html
from sitrep.report.edits import load_edits, overlay_path
from sitrep.store import IncidentFilter
from sitrep.store.db import EDITABLE, STATUSES
from sitrep.web.api import Filters, accounts_of, sitrep_of, with_translations
from sitrep.web.security import COOKIE, Caller, Forbidden, check_csrf, require

router = APIRouter(include_in_schema=False)
LOGIN_CSRF = "sitrep_login"
PAGE = 50


def _page(request: Request, template: str, caller: Caller | None, **values: Any) -> HTMLResponse:
    html = request.app.state.templates.get_template(template).render(
        user=caller.user if caller else None,
        csrf=caller.session.csrf if caller and caller.session else "",
        path=request.url.path,
        **values,
    )
    return HTMLResponse(html)


def viewer_page(request: Request) -> Caller:
    return require(request, accounts_of(request), "viewer")


def analyst_form(request: Request) -> Caller:
    return require(request, accounts_of(request), "analyst")


def _cookie_flags(request: Request) -> dict[str, Any]:
    return {"httponly": True, "samesite": "strict", "secure": request.url.scheme == "https", "path": "/"}


def _safe_next(target: str | None) -> str:
    # Only a path on this site: never an address elsewhere ("//evil.example", "https://...").
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/incidents"
    return target


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/incidents", status_code=303)


@router.get("/login")
def login_form(request: Request, next: str | None = None, failed: bool = False) -> HTMLResponse:
    token = secrets.token_urlsafe(24)
    response = _page(request, "login.html.j2", None, login_csrf=token, next=_safe_next(next), failed=failed)
    response.set_cookie(LOGIN_CSRF, token, max_age=1800, **_cookie_flags(request))
    return response


@router.post("/login")
def login(
    request: Request,
    username: Annotated[str, Form(max_length=80)],
    password: Annotated[str, Form(max_length=500)],
    csrf: Annotated[str, Form(max_length=100)],
    next: Annotated[str, Form(max_length=500)] = "/incidents",
) -> Response:
    expected = request.cookies.get(LOGIN_CSRF, "")
    if not expected or not secrets.compare_digest(expected, csrf):
        raise Forbidden("the login form expired or did not come from this site; reload it")
    accounts = accounts_of(request)
    user = accounts.authenticate(username.strip().lower(), password)
    if user is None:
        return RedirectResponse(
            "/login?" + urlencode({"next": _safe_next(next), "failed": "1"}), status_code=303
        )
    secret, session = accounts.open_session(user)
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(COOKIE, secret, expires=session.expires_at, **_cookie_flags(request))
    response.delete_cookie(LOGIN_CSRF, path="/")
    return response


@router.post("/logout")
def logout(request: Request, csrf: Annotated[str, Form(max_length=100)]) -> Response:
    caller = viewer_page(request)
    check_csrf(caller, csrf)
    secret = request.cookies.get(COOKIE)
    if secret:
        accounts_of(request).close_session(secret)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


def _query_without(request: Request, *names: str) -> str:
    return urlencode([(k, v) for k, v in request.query_params.multi_items() if k not in names and v])


@router.get("/incidents")
def incidents_page(
    request: Request, where: Filters, caller: Annotated[Caller, Depends(viewer_page)]
) -> HTMLResponse:
    app = sitrep_of(request)
    where = IncidentFilter(**{**where.__dict__, "limit": min(where.limit or PAGE, PAGE)})
    found = app.store.incidents(app.builder, where, app.kb)
    total = app.store.count(where, app.kb)
    return _page(
        request,
        "incidents.html.j2",
        caller,
        incidents=found,
        statuses=app.store.statuses([i.id for i in found]),
        total=total,
        where=where,
        query=_query_without(request, "offset"),
        export_query=_query_without(request, "offset", "limit"),
        event_types=EVENT_TYPES,
        all_statuses=STATUSES,
    )


@router.get("/incidents/{incident_id}")
def incident_page(
    request: Request, incident_id: str, caller: Annotated[Caller, Depends(viewer_page)]
) -> HTMLResponse:
    app = sitrep_of(request)
    state = app.store.status_of(incident_id)
    if state is None:
        page = _page(request, "error.html.j2", caller, title="No such incident", message=incident_id)
        page.status_code = 404
        return page
    incident = app.store.incident(app.builder, incident_id)
    return _page(
        request,
        "incident.html.j2",
        caller,
        incident=incident,
        incident_id=incident_id,
        status=state[0],
        merged_into=state[1],
        statements=with_translations(app, app.store.statements_of_incident(incident_id)),
        history=app.history(incident_id),
        editable=EDITABLE,
        can_review=caller.user.can("analyst"),
    )


def _form_write(request: Request, csrf: str) -> Caller:
    caller = analyst_form(request)
    check_csrf(caller, csrf)
    return caller


@router.post("/incidents/{incident_id}/status")
def set_status_form(
    request: Request,
    incident_id: str,
    csrf: Annotated[str, Form(max_length=100)],
    status: Annotated[str, Form(max_length=20)],
    note: Annotated[str, Form(max_length=500)] = "",
    back: Annotated[str, Form(max_length=500)] = "",
) -> RedirectResponse:
    caller = _form_write(request, csrf)
    sitrep_of(request).store.set_status(incident_id, status, caller.user.username, note or None)
    return RedirectResponse(_safe_next(back or f"/incidents/{incident_id}"), status_code=303)


@router.post("/incidents/{incident_id}/correct")
async def correct_form(request: Request, incident_id: str) -> RedirectResponse:
    form = await request.form()
    caller = _form_write(request, str(form.get("csrf", "")))
    app = sitrep_of(request)
    current = app.store.incident(app.builder, incident_id)
    if current is None:
        raise Forbidden(f"no incident {incident_id} to correct")
    fields: dict[str, Any] = {}
    for name in EDITABLE:
        raw = str(form.get(name, "")).strip()
        value = _shown(current, name)
        if raw == value:
            continue
        fields[name] = _parsed(name, raw)
    if fields:
        app.store.correct(app.builder, incident_id, fields, caller.user.username)
    return RedirectResponse(f"/incidents/{incident_id}", status_code=303)


def _shown(incident: Any, name: str) -> str:
    """A field as the correction form shows it."""
    value = getattr(incident, name)
    if name in {"killed", "wounded"}:
        value = value.best if value is not None else None
    return "" if value is None else str(value)


def _parsed(name: str, raw: str) -> Any:
    if raw == "":
        return None
    if name in {"killed", "wounded"}:
        return int(raw) if raw.isdigit() else _bad(name, raw)
    if name in {"latitude", "longitude"}:
        try:
            return float(raw)
        except ValueError:
            return _bad(name, raw)
    if name == "date":
        try:
            return date.fromisoformat(raw).isoformat()
        except ValueError:
            return _bad(name, raw)
    return raw


def _bad(name: str, raw: str) -> Any:
    raise Forbidden(f"{name}: {raw!r} is not a valid value")


@router.post("/incidents/{incident_id}/merge")
def merge_form(
    request: Request,
    incident_id: str,
    csrf: Annotated[str, Form(max_length=100)],
    other: Annotated[str, Form(max_length=40)],
) -> RedirectResponse:
    caller = _form_write(request, csrf)
    app = sitrep_of(request)
    app.store.merge(app.builder, incident_id, other.strip(), caller.user.username)
    return RedirectResponse(f"/incidents/{incident_id}", status_code=303)


@router.post("/incidents/{incident_id}/split")
async def split_form(request: Request, incident_id: str) -> RedirectResponse:
    form = await request.form()
    caller = _form_write(request, str(form.get("csrf", "")))
    app = sitrep_of(request)
    keys = [str(k) for k in form.getlist("statement")]
    created = app.store.split(app.builder, incident_id, keys, caller.user.username)
    return RedirectResponse(f"/incidents/{created.id}", status_code=303)


@router.get("/review")
def review_page(
    request: Request, caller: Annotated[Caller, Depends(viewer_page)], offset: int = 0
) -> HTMLResponse:
    app = sitrep_of(request)
    where = IncidentFilter(statuses=("new",), limit=PAGE, offset=max(0, offset))
    found = app.store.incidents(app.builder, where, app.kb)
    return _page(
        request,
        "review.html.j2",
        caller,
        incidents=found,
        total=app.store.count(where),
        offset=where.offset,
        page=PAGE,
        can_review=caller.user.can("analyst"),
    )


@router.get("/map")
def map_page(
    request: Request, where: Filters, caller: Annotated[Caller, Depends(viewer_page)]
) -> HTMLResponse:
    day = where.end or date.today()
    return _page(
        request,
        "map.html.j2",
        caller,
        where=where,
        data_query=_query_without(request, "offset", "limit"),
        control_day=day.isoformat(),
        event_types=EVENT_TYPES,
    )


@router.get("/timeline")
def timeline_page(
    request: Request, where: Filters, caller: Annotated[Caller, Depends(viewer_page)]
) -> HTMLResponse:
    app = sitrep_of(request)
    end = where.end or date.today()
    start = where.start or end - timedelta(days=7 * 12 - 1)
    ranged = IncidentFilter(**{**where.__dict__, "start": start, "end": end, "limit": 5000, "offset": 0})
    found = app.store.incidents(app.builder, ranged, app.kb)
    weeks = [start + timedelta(days=7 * n) for n in range((end - start).days // 7 + 1)]
    counts: Counter[tuple[int, str]] = Counter()
    for i in found:
        counts[((i.date - start).days // 7, i.event_type)] += 1
    bars: list[dict[str, Any]] = [
        {"week": w, "counts": [(t, counts[(n, t)]) for t in EVENT_TYPES if counts[(n, t)]]}
        for n, w in enumerate(weeks)
    ]
    peak = max((sum(c for _, c in b["counts"]) for b in bars), default=0)
    by_day: dict[date, list[Any]] = {}
    for i in reversed(found):
        by_day.setdefault(i.date, []).append(i)
    return _page(
        request,
        "timeline.html.j2",
        caller,
        bars=bars,
        peak=max(peak, 1),
        by_day=by_day,
        start=start,
        end=end,
        shown=len(found),
        event_types=EVENT_TYPES,
        where=where,
    )


@router.get("/bulletin")
def bulletin_page(
    request: Request, caller: Annotated[Caller, Depends(viewer_page)], week: date | None = None
) -> HTMLResponse:
    week = week or date.today() - timedelta(days=6)
    return _page(request, "bulletin.html.j2", caller, week=week)


@router.get("/bulletin/{week}/document")
def bulletin_document(
    request: Request, week: date, _caller: Annotated[Caller, Depends(viewer_page)]
) -> HTMLResponse:
    app = sitrep_of(request)
    edits = load_edits(overlay_path(request.app.state.bulletin_dir, week))
    html = render_html(compose(app.store, app.builder, app.kb, week, edits))
    # The bulletin is a standalone document with its own inline style sheet and no script.
    return HTMLResponse(
        html,
        headers={
            "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
            "frame-ancestors 'self'"
        },
    )
