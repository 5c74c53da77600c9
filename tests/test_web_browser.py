"""The workspace in a real browser: Debian's headless Chromium driven by Playwright against
`sitrep serve`'s app on a loopback port, over a real database file.

Screenshots are written to the test's temporary folder, and also to $SITREP_SCREENSHOTS when
that is set, so a person can look at them.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import uvicorn

from sitrep.app import Sitrep
from sitrep.model import Document
from sitrep.store.accounts import Accounts
from sitrep.web.app import create_app

from .conftest import free_port

CHROMIUM = Path("/usr/bin/chromium")
PASSWORD = "correct horse battery"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's chromium is not installed (make test installs it)"
)


@pytest.fixture
def server(loaded: Sitrep, tmp_path: Path) -> Iterator[str]:
    accounts = Accounts(loaded.store)
    accounts.add_user("ana", PASSWORD, "analyst")
    loaded.store.add_document(
        Document(
            text="On November 7, 2017, ISIS militants attacked a checkpoint in al-Safra, killing 4 soldiers. "
            "<script>alert('injected')</script><img src=x onerror=\"alert('img')\">",
            source="Hostile outlet",
            published=date(2017, 11, 7),
        )
    )
    loaded.extract()
    port = free_port()
    config = uvicorn.Config(create_app(loaded, tmp_path), host="127.0.0.1", port=port, log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the workspace did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(timeout=10)


def _shot(page: object, tmp_path: Path, name: str) -> Path:
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)  # type: ignore[attr-defined]
    keep = os.environ.get("SITREP_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(keep) / path.name)
    return path


def test_an_analyst_reviews_in_the_browser(server: str, loaded: Sitrep, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    hader = sorted((i for i in loaded.incidents() if i.location == "Hader"), key=lambda i: (i.date, i.id))
    keep, duplicate = hader[0].id, hader[1].id
    hostile = next(i for i in loaded.incidents() if any(c.name == "Hostile outlet" for c in i.sources))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))

        # Log in: the workspace sends a stranger to the form and back afterwards.
        page.goto(f"{server}/incidents")
        expect(page).to_have_url(f"{server}/login?next=/incidents")
        page.fill("input[name=username]", "ana")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        expect(page.locator("h1")).to_have_text("Incidents")

        # Filter the table.
        page.fill("input[name=country]", "SY")
        page.fill("input[name=q]", "Hader")
        page.click("form.filters button[type=submit]")
        expect(page.locator("p.summary")).to_contain_text("4 incidents")
        expect(page.locator("table.incidents tbody tr")).to_have_count(4)
        _shot(page, tmp_path, "incidents-filtered")

        # Open an incident: its statements and every source's figure.
        page.click(f"a[href='/incidents/{keep}']")
        expect(page.locator("h2", has_text="Source statements")).to_be_visible()
        expect(page.locator("table.figures")).to_be_visible()

        # Merge the duplicate into it; the history says who did it.
        page.fill("input[name=other]", duplicate)
        page.click("text=Merge into this one")
        expect(page.locator("table.history")).to_contain_text("merged")
        expect(page.locator("table.history")).to_contain_text("ana")
        _shot(page, tmp_path, "incident-after-merge")
        assert loaded.store.status_of(duplicate) == ("merged", keep)

        # The bulletin preview, with the merge already in it.
        page.goto(f"{server}/bulletin?week=2017-11-02")
        frame = page.frame_locator("iframe.bulletin")
        expect(frame.locator("h2").first).to_have_text("Main events of the week")
        _shot(page, tmp_path, "bulletin-preview")

        # The map: Leaflet from the package, outlines and incidents from the API.
        page.goto(f"{server}/map?start=2017-11-01&end=2017-11-08")
        expect(page.locator("#map-status")).to_contain_text("incidents", timeout=20000)
        shown = re.search(r"(\d+) incidents, (\d+) places held", page.locator("#map-status").inner_text())
        assert shown and int(shown.group(1)) >= 17 and int(shown.group(2)) >= 4
        assert page.locator(".control-square").count() == int(shown.group(2))
        assert page.locator(".leaflet-pane canvas, .leaflet-overlay-pane svg").count() >= 1
        _shot(page, tmp_path, "map")

        # A report carrying a script shows it as text and runs nothing.
        page.goto(f"{server}/incidents/{hostile.id}")
        expect(page.locator("ol.statements")).to_contain_text("<script>alert('injected')</script>")
        page.wait_for_timeout(300)
        assert dialogs == []
        assert errors == []
        browser.close()
