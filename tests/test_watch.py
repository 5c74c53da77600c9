"""`sitrep watch` against a real HTTP server on 127.0.0.1 whose feeds change, fail, redirect
and misbehave, and a folder of Telegram exports."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from sitrep.app import Sitrep
from sitrep.errors import ConfigError
from sitrep.extract.pipeline import Extractor
from sitrep.store.sources import SourceHealth
from sitrep.watch import Watcher, WatchSource, load_watch_file

from .conftest import DEMO

FEED = (DEMO / "feeds" / "murasiloun.xml").read_bytes()
EXTRA_ITEM = b"""<item>
      <title>Car bomb in Deir ez-Zor</title>
      <link>https://www.murasiloun.invalid/2017/11/06/car-bomb/</link>
      <guid>https://www.murasiloun.invalid/2017/11/06/car-bomb/</guid>
      <pubDate>Mon, 06 Nov 2017 09:00:00 +0000</pubDate>
      <description>On November 6, 2017, a car bomb exploded at a checkpoint in al-Mayadin,
        killing 7 soldiers.</description>
    </item>
  </channel>"""
BOMB = (
    b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]><rss><channel><title>&c;</title><item><description>&c;'
    b"</description></item></channel></rss>"
)


class Handler(BaseHTTPRequestHandler):
    """Routes: path -> (status, content type, body, extra headers). ETags are honoured."""

    routes: ClassVar[dict[str, tuple[int, str, bytes, dict[str, str]]]] = {}
    seen: ClassVar[list[tuple[str, str | None]]] = []

    def do_GET(self) -> None:
        Handler.seen.append((self.path, self.headers.get("If-None-Match")))
        if self.path == "/slow":
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.end_headers()
            for _ in range(40):
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(0.1)
            return
        status, kind, body, headers = self.routes.get(self.path, (404, "text/plain", b"not found", {}))
        etag = headers.get("ETag")
        if etag and self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(status)
        if kind:
            self.send_header("Content-Type", kind)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture
def server() -> Iterator[str]:
    Handler.routes = {
        "/feed.xml": (200, "application/rss+xml", FEED, {"ETag": '"v1"'}),
        "/moved": (302, "", b"", {"Location": "/feed.xml"}),
        "/to-metadata": (302, "", b"", {"Location": "http://169.254.169.254/latest/meta-data"}),
        "/broken": (500, "text/plain", b"boom", {}),
        "/truncated": (200, "application/rss+xml", FEED[: len(FEED) // 3], {}),
        "/bomb": (200, "application/rss+xml", BOMB, {}),
        "/huge": (200, "application/rss+xml", FEED + b" " * 300_000, {}),
    }
    Handler.seen = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2017, 11, 8, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def local(app: Sitrep, extractor: Extractor) -> Sitrep:
    """The app allowed to fetch from 127.0.0.1 (and nothing else private), with a small size cap."""
    config = replace(app.config, fetch_allow="127.0.0.1", max_document_bytes=200_000, fetch_timeout=2.0)
    allowed = Sitrep(config, app.kb)
    allowed.__dict__["extractor"] = extractor
    return allowed


def test_a_feed_is_polled_with_conditional_requests_and_new_items_extracted(
    local: Sitrep, server: str
) -> None:
    clock = Clock()
    source = WatchSource("Murasiloun", "feed", f"{server}/moved", timedelta(minutes=10))
    watcher = Watcher(local, [source], clock=clock)
    (first,) = watcher.run_once()
    assert (first.status, first.added) == ("new items", 4)
    assert local.store.counts()["incidents"] >= 1  # extracted as they arrived
    assert watcher.run_once() == []  # not due yet
    clock.now += timedelta(minutes=11)
    (second,) = watcher.run_once()
    assert second.status == "not modified" and Handler.seen[-1] == ("/feed.xml", '"v1"')
    Handler.routes["/feed.xml"] = (
        200,
        "application/rss+xml",
        FEED.replace(b"</channel>", EXTRA_ITEM),
        {"ETag": '"v2"'},
    )
    clock.now += timedelta(minutes=11)
    (third,) = watcher.run_once()
    assert (third.status, third.added, third.duplicates) == ("new items", 1, 4)
    assert any(i.location == "al-Mayadeen" for i in local.incidents())
    state = SourceHealth(local.store).get("Murasiloun")
    assert state is not None and state.healthy and state.items_seen == 9 and state.documents_added == 5


def test_a_failing_source_backs_off_without_holding_up_the_others(local: Sitrep, server: str) -> None:
    clock = Clock()
    broken = WatchSource("Broken", "feed", f"{server}/broken", timedelta(minutes=10))
    good = WatchSource("Good", "feed", f"{server}/feed.xml", timedelta(minutes=10))
    watcher = Watcher(local, [broken, good], clock=clock)
    results = {r.name: r for r in watcher.run_once()}
    assert results["Broken"].status == "failed" and "HTTP 500" in (results["Broken"].error or "")
    assert results["Good"].added == 4
    health = SourceHealth(local.store)
    state = health.get("Broken")
    assert state is not None and state.failures == 1 and not state.healthy
    assert state.next_due_at == clock.now + timedelta(minutes=20)
    clock.now += timedelta(minutes=21)
    watcher.run_once()
    state = health.get("Broken")
    assert (
        state is not None and state.failures == 2 and state.next_due_at == clock.now + timedelta(minutes=40)
    )
    Handler.routes["/broken"] = Handler.routes["/feed.xml"]
    clock.now += timedelta(minutes=41)
    watcher.run_once()
    state = health.get("Broken")
    assert state is not None and state.healthy and state.last_error and "HTTP 500" in state.last_error


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/truncated", "malformed feed"),
        ("/bomb", "XML declares entities"),
        ("/huge", "too large"),
        ("/slow", "too slow"),
        ("/to-metadata", "link-local"),
    ],
)
def test_misbehaving_feeds_are_reported_and_the_run_goes_on(
    local: Sitrep, server: str, path: str, reason: str
) -> None:
    bad = WatchSource("Bad", "feed", f"{server}{path}")
    good = WatchSource("Good", "feed", f"{server}/feed.xml")
    results = {r.name: r for r in Watcher(local, [bad, good], clock=Clock()).run_once()}
    problem = results["Bad"].error or "; ".join(r.reason for r in results["Bad"].rejected)
    assert reason in problem
    # What the bad feed held before its break is kept; the good feed is read whole, once.
    assert results["Good"].added + results["Good"].duplicates == 4
    assert local.store.counts()["documents"] == 4
    assert SourceHealth(local.store).get("Good").healthy  # type: ignore[union-attr]


def test_private_addresses_are_refused_unless_allowed(app: Sitrep, server: str) -> None:
    # The app fixture's settings allow nothing private: not even the test server.
    results = Watcher(app, [WatchSource("Local", "feed", f"{server}/feed.xml")], clock=Clock()).run_once()
    assert results[0].status == "failed" and "127.0.0.1" in (results[0].error or "")
    assert "loopback" in (results[0].error or "")
    for url in ("http://10.1.2.3/feed", "http://[::1]/feed", "http://192.168.0.1/"):
        failed = Watcher(app, [WatchSource("Private", "feed", url)], clock=Clock()).run_once()
        assert failed[0].status == "failed" and "refused" in (failed[0].error or "")
    assert not any(path for path, _ in Handler.seen)


def _telegram(messages: list[dict[str, Any]]) -> bytes:
    export = {
        "name": "Amaq Agency",
        "type": "public_channel",
        "id": 1001,
        "username": "amaq_test",
        "messages": messages,
    }
    return json.dumps(export, ensure_ascii=False).encode("utf-8")


def test_telegram_exports_dropped_in_a_folder(local: Sitrep, tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    (folder / "ChatExport_2017-11-05").mkdir(parents=True)
    messages = [
        {"id": 1, "type": "service", "date": "2017-11-05T08:00:00", "text": ""},
        {
            "id": 2,
            "type": "message",
            "date": "2017-11-05T09:12:00",
            "text": [
                "Amaq Agency: ",
                {"type": "bold", "text": "A martyrdom operation"},
                " with a car bomb struck the CID building in Aden, killing 29 apostates.",
            ],
        },
        {"id": 3, "type": "message", "date": "not a date", "text": "Broken message."},
    ]
    export = folder / "ChatExport_2017-11-05" / "result.json"
    export.write_bytes(_telegram(messages))
    (folder / "notes.json").write_text('{"unrelated": true}', encoding="utf-8")
    clock = Clock()
    watcher = Watcher(
        local, [WatchSource("Amaq", "telegram", str(folder), timedelta(minutes=5))], clock=clock
    )
    (result,) = watcher.run_once()
    assert result.added == 1
    reasons = sorted(r.reason for r in result.rejected)
    assert reasons == [
        "not a Telegram export: no messages and no chats",
        "unreadable message date 'not a date'",
    ]
    (aden,) = [i for i in local.incidents() if i.location == "Aden"]
    assert any(c.name == "Telegram: Amaq Agency" for c in aden.sources)
    messages.append({"id": 4, "type": "message", "date": "2017-11-05T10:00:00", "text": "Clashes in Hader."})
    export.write_bytes(_telegram(messages))
    clock.now += timedelta(minutes=6)
    (again,) = watcher.run_once()
    assert (again.added, again.duplicates) == (1, 1)


def test_watch_file_mistakes_are_clear(tmp_path: Path) -> None:
    path = tmp_path / "watch.yaml"
    cases = {
        "sources: {}": "expected a list",
        "sources:\n  - {name: x}": "exactly one of feed, page, telegram",
        "sources:\n  - {feed: ftp://x/feed}": "http(s) URL",
        "sources:\n  - {feed: http://x/a, every: soon}": "'every' is a number and a unit",
        "sources:\n  - {feed: http://x/a, name: A}\n  - {feed: http://x/b, name: A}": "used twice",
        "sources:\n  - {feed: http://x/a, colour: red}": "unknown key",
    }
    for text, message in cases.items():
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ConfigError, match=re.escape(message)):
            load_watch_file(path)
    path.write_text(
        "sources:\n  - {name: A, feed: 'http://x/a', every: 90s, source: SANA}\n", encoding="utf-8"
    )
    (only,) = load_watch_file(path)
    assert only == WatchSource("A", "feed", "http://x/a", timedelta(seconds=90), "SANA")


def test_sitrep_watch_runs_until_sigterm(local: Sitrep, server: str, tmp_path: Path) -> None:
    watch_file = tmp_path / "watch.yaml"
    watch_file.write_text(f"sources:\n  - {{name: Murasiloun, feed: '{server}/feed.xml', every: 1s}}\n")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "sitrep",
            "--database",
            local.config.database_url,
            "watch",
            "--file",
            str(watch_file),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={"SITREP_FETCH_ALLOW": "127.0.0.1", "PATH": "/usr/bin:/bin"},
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert first.startswith("Murasiloun: new items, 4 new")
        time.sleep(1.5)
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0 and "stopped" in err
    assert "Murasiloun: not modified" in out
    health = subprocess.run(
        [
            sys.executable,
            "-m",
            "sitrep",
            "--database",
            local.config.database_url,
            "sources",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    (state,) = json.loads(health.stdout)
    assert state["healthy"] and state["documents_added"] == 4
