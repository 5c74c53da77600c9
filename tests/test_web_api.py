"""The workspace's API and pages with the real app and a real database file: filters, paging,
exports, review actions with history, roles, CSRF and escaping of hostile report text."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import jsonschema
import pytest
from fastapi.testclient import TestClient

from sitrep.app import Sitrep
from sitrep.model import Document
from sitrep.store.accounts import Accounts
from sitrep.web.app import create_app

pytestmark = pytest.mark.databases

PASSWORD = "correct horse battery"
SCHEMA = Path(__file__).resolve().parent.parent / "src" / "sitrep" / "schema" / "incident.schema.json"


@pytest.fixture
def web(loaded: Sitrep, tmp_path: Path) -> TestClient:
    accounts = Accounts(loaded.store)
    accounts.add_user("ana", PASSWORD, "analyst")
    accounts.add_user("vic", PASSWORD, "viewer")
    return TestClient(create_app(loaded, tmp_path), base_url="http://127.0.0.1")


def _token(client: TestClient, username: str) -> dict[str, str]:
    accounts: Accounts = client.app.state.accounts  # type: ignore[attr-defined]
    return {"Authorization": f"Bearer {accounts.new_token(username)}"}


def _login(client: TestClient, username: str) -> str:
    """Log in through the form as a browser does; returns the session's CSRF token."""
    form = client.get("/login")
    login_csrf = re.search(r'name="csrf" value="([^"]+)"', form.text)
    assert login_csrf
    done = client.post(
        "/login",
        data={"username": username, "password": PASSWORD, "csrf": login_csrf.group(1), "next": "/incidents"},
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"] == "/incidents"
    cookie = done.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie
    me = client.get("/api/me").json()
    assert me["username"] == username
    return str(me["csrf"])


def test_nothing_is_read_without_an_account(web: TestClient) -> None:
    assert web.get("/healthz").json()["status"] == "ok"
    assert web.get("/api/incidents").status_code == 401
    page = web.get("/incidents", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/login")
    assert web.get("/api/incidents", headers={"Authorization": "Bearer srt_made_up"}).status_code == 401
    schema = web.get("/api/openapi.json").json()
    assert "/api/incidents" in schema["paths"] and "/api/incidents/{incident_id}/merge" in schema["paths"]


def test_filters_and_stable_pages(web: TestClient) -> None:
    auth = _token(web, "vic")

    def get(query: str) -> dict[str, object]:
        response = web.get(f"/api/incidents?{query}", headers=auth)
        assert response.status_code == 200, response.text
        result: dict[str, object] = response.json()
        return result

    syria = get("country=SY&limit=500")
    assert syria["total"] == 9
    places = {i["location"] for i in syria["items"]}  # type: ignore[attr-defined]
    assert {"Hader", "Abu Kamal", "Deir al-Zor"} <= places
    bombs = get("q=car%20bomb")
    assert {i["location"] for i in bombs["items"]} == {"Hader", "Deir al-Zor", "Aden"}  # type: ignore[attr-defined]
    # An actor by a former name's word: the al-Nusra Front is now Hay'at Tahrir al-Sham.
    nusra = get("actor=Nusra")
    assert nusra["total"] == 2
    assert all("Hay'at Tahrir al-Sham" in (i["actor1"], i["actor2"]) for i in nusra["items"])  # type: ignore[attr-defined]
    assert get("province=Diyala%20Governorate")["total"] == 3
    assert get("event_type=Battles&start=2017-11-06&end=2017-11-08")["total"] >= 1
    # Query syntax in the search box is searched for, not run.
    assert get("q=zzxq%22%29%20OR%20%2A%20NEAR%28--")["total"] == 0
    whole = get("limit=500")["items"]
    pages = [get(f"limit=5&offset={n}")["items"] for n in range(0, 20, 5)]
    paged = [i for page in pages for i in page]  # type: ignore[attr-defined]
    assert [i["id"] for i in paged] == [i["id"] for i in whole]  # type: ignore[attr-defined]
    assert [(i["date"], i["id"]) for i in paged] == sorted((i["date"], i["id"]) for i in paged)
    assert web.get("/api/incidents?status=bogus", headers=auth).status_code == 422


def test_one_incident_with_statements_sources_and_history(web: TestClient, loaded: Sitrep) -> None:
    auth = _token(web, "vic")
    aden = next(i for i in loaded.incidents() if i.location == "Aden")
    found = web.get(f"/api/incidents/{aden.id}", headers=auth).json()
    assert found["status"] == "new" and found["incident"]["killed"]["best"] == 50
    assert len(found["statements"]) >= 2 and all(s["source"] for s in found["statements"])
    assert found["history"][0]["field"] == "created"
    assert web.get("/api/incidents/sr-000000000000", headers=auth).status_code == 404


def test_exports_in_every_format(web: TestClient) -> None:
    auth = _token(web, "vic")
    validator = jsonschema.Draft202012Validator(
        json.loads(SCHEMA.read_text(encoding="utf-8")), format_checker=jsonschema.FormatChecker()
    )

    def export(fmt: str) -> str:
        response = web.get(f"/api/incidents/export?country=SY&format={fmt}", headers=auth)
        assert response.status_code == 200, response.text
        return response.text

    lines = export("jsonl").splitlines()
    assert len(lines) == 9
    for line in lines:
        validator.validate(json.loads(line))
    assert export("csv").splitlines()[0].startswith("id,date,country")
    assert "event_id_cnty" in export("acled").splitlines()[0]
    assert len(json.loads(export("geojson"))["features"]) == 9
    bundle = json.loads(export("stix"))
    assert bundle["type"] == "bundle"
    assert sum(o["type"] == "incident" for o in bundle["objects"]) == 9
    assert web.get("/api/incidents/export?format=xls", headers=auth).status_code == 422


def test_actors_places_control_and_bulletin(web: TestClient) -> None:
    auth = _token(web, "vic")
    hts = web.get("/api/actors?q=Headquarters", headers=auth).json()
    assert [a["id"] for a in hts] == ["hts"]
    deir = web.get("/api/places?q=Dayr%20az%20Zawr", headers=auth).json()
    assert deir and deir[0]["country"] == "SY"
    held = web.get("/api/control?date=2017-11-08", headers=auth).json()["held"]
    assert {"Deir al-Zor", "Husaybah"} <= {h["place"] for h in held}
    assert next(h for h in held if h["place"] == "Deir al-Zor")["camp"] == "government"
    bulletin = web.get("/api/bulletins/2017-11-02", headers=auth).json()
    assert bulletin["main_events"] and bulletin["sections"][0]["title"] == "Syria"
    preview = web.get("/bulletin/2017-11-02/document", headers=auth)
    assert preview.status_code == 200 and "Main events of the week" in preview.text
    assert "script-src" not in preview.headers["content-security-policy"]


def test_a_viewer_cannot_write_and_an_analyst_can(web: TestClient, loaded: Sitrep) -> None:
    target = loaded.incidents()[0].id
    refused = web.post(f"/api/incidents/{target}/approve", headers=_token(web, "vic"))
    assert refused.status_code == 403 and "analyst" in refused.json()["detail"]
    assert web.post(f"/api/incidents/{target}/approve").status_code == 401
    done = web.post(f"/api/incidents/{target}/approve", headers=_token(web, "ana"))
    assert done.status_code == 200
    history = loaded.history(target)
    assert (
        history[-1]["field"] == "status" and history[-1]["new"] == "approved" and history[-1]["by"] == "ana"
    )


def test_browser_writes_need_the_csrf_token(web: TestClient, loaded: Sitrep) -> None:
    target = loaded.incidents()[0].id
    csrf = _login(web, "ana")
    assert web.post(f"/api/incidents/{target}/approve").status_code == 403
    assert web.post(f"/api/incidents/{target}/approve", headers={"X-CSRF-Token": "wrong"}).status_code == 403
    assert web.post(f"/api/incidents/{target}/approve", headers={"X-CSRF-Token": csrf}).status_code == 200
    form = web.post(
        f"/incidents/{target}/status", data={"status": "new", "csrf": "forged"}, follow_redirects=False
    )
    assert form.status_code == 403
    missing = web.post(f"/incidents/{target}/status", data={"status": "new"}, follow_redirects=False)
    assert missing.status_code in {403, 422}
    ok = web.post(f"/incidents/{target}/status", data={"status": "new", "csrf": csrf}, follow_redirects=False)
    assert ok.status_code == 303
    assert web.app.state.sitrep.store.status_of(target)[0] == "new"  # type: ignore[attr-defined]
    logout = web.post("/logout", data={"csrf": csrf}, follow_redirects=False)
    assert logout.status_code == 303
    assert web.get("/api/me").status_code == 401


def test_a_login_form_from_elsewhere_is_refused(web: TestClient) -> None:
    response = web.post(
        "/login", data={"username": "ana", "password": PASSWORD, "csrf": "x"}, follow_redirects=False
    )
    assert response.status_code == 403
    form = web.get("/login")
    token = re.search(r'name="csrf" value="([^"]+)"', form.text)
    assert token
    wrong = web.post(
        "/login",
        data={"username": "ana", "password": "not the password", "csrf": token.group(1)},
        follow_redirects=False,
    )
    assert wrong.status_code == 303 and "failed=1" in wrong.headers["location"]
    outward = web.post(
        "/login",
        data={"username": "ana", "password": PASSWORD, "csrf": token.group(1), "next": "//evil.example/x"},
        follow_redirects=False,
    )
    assert outward.headers["location"] == "/incidents"


def test_merge_split_and_corrections_are_kept_with_who_and_when(web: TestClient, loaded: Sitrep) -> None:
    auth = _token(web, "ana")
    hader = sorted((i for i in loaded.incidents() if i.location == "Hader"), key=lambda i: i.date)
    keep, absorb = hader[0].id, hader[1].id
    moved = [s["key"] for s in web.get(f"/api/incidents/{absorb}", headers=auth).json()["statements"]]
    merged = web.post(f"/api/incidents/{keep}/merge", json={"other": absorb}, headers=auth)
    assert merged.status_code == 200, merged.text
    assert loaded.store.status_of(absorb) == ("merged", keep)
    assert absorb not in {i.id for i in loaded.incidents()}
    statements = web.get(f"/api/incidents/{keep}", headers=auth).json()["statements"]
    assert moved and set(moved) < {s["key"] for s in statements}
    history = loaded.history(keep)
    assert any(h["field"] == "merged" and h["by"] == "ana" and absorb in h["new"] for h in history)
    assert web.post(f"/api/incidents/{keep}/merge", json={"other": keep}, headers=auth).status_code == 400

    split = web.post(f"/api/incidents/{keep}/split", json={"statements": moved}, headers=auth)
    assert split.status_code == 200, split.text
    new_id = split.json()["id"]
    assert new_id not in {keep, absorb}
    assert {s["key"] for s in web.get(f"/api/incidents/{new_id}", headers=auth).json()["statements"]} == set(
        moved
    )
    assert any(h["field"] == "split from" and h["new"] == keep for h in loaded.history(new_id))

    corrected = web.patch(
        f"/api/incidents/{keep}", json={"killed": 17, "weapon": "vehicle-borne IED"}, headers=auth
    )
    assert corrected.status_code == 200, corrected.text
    assert corrected.json()["killed"]["best"] == 17
    assert web.patch(f"/api/incidents/{keep}", json={"id": "x"}, headers=auth).status_code == 400
    # A new report of the same incident rebuilds it; the analyst's figure stays.
    loaded.store.add_document(
        Document(
            text="On November 3, 2017, a car bomb exploded in the Druze village of Hader in Quneitra, "
            "killing 18 people, local sources said.",
            source="Haaretz",
            published=date(2017, 11, 9),
        )
    )
    loaded.extract()
    again = loaded.store.incident(loaded.builder, keep)
    assert again is not None and again.killed is not None and again.killed.best == 17
    assert any(h["field"] == "weapon" and h["by"] == "ana" for h in loaded.history(keep))


def test_hostile_report_text_renders_inert(web: TestClient, loaded: Sitrep) -> None:
    loaded.store.add_document(
        Document(
            text="On November 7, 2017, ISIS militants attacked a checkpoint in al-Safra, killing 4 soldiers. "
            '<script>alert("x")</script><img src=x onerror=alert(1)>',
            source="<b>Hostile</b> outlet",
            published=date(2017, 11, 7),
        )
    )
    loaded.extract()
    hostile = [i for i in loaded.incidents() if any("Hostile" in c.name for c in i.sources)]
    assert hostile
    _login(web, "ana")
    for path in (
        f"/incidents/{hostile[0].id}",
        "/incidents?q=checkpoint",
        "/timeline?start=2017-11-01&end=2017-11-09",
    ):
        page = web.get(path)
        assert page.status_code == 200
        assert (
            "<script>alert" not in page.text
            and "<img src=x" not in page.text
            and "<b>Hostile" not in page.text
        )
        assert "script-src 'self'" in page.headers["content-security-policy"]
    shown = web.get(f"/incidents/{hostile[0].id}").text
    assert (
        "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in shown
        and "&lt;b&gt;Hostile&lt;/b&gt; outlet" in shown
    )


def test_pages_render_for_a_viewer(web: TestClient) -> None:
    _login(web, "vic")
    for path in ("/map", "/timeline", "/review", "/bulletin?week=2017-11-02", "/incidents?country=SY"):
        page = web.get(path)
        assert page.status_code == 200, path
        assert "<h1>" in page.text
    review = web.get("/review").text
    assert "Approve</button>" not in review  # a viewer sees the queue, not the buttons
