"""Watching sources: poll feeds, pages and Telegram export folders on a schedule, store what is
new, extract it, and keep each source's health.

The watch list is a YAML file (``watch_file`` setting, default watch.yaml)::

    sources:
      - name: SANA English
        feed: https://sana.sy/en/?feed=rss2      # RSS or Atom
        every: 15m
      - name: Ministry statements
        page: https://example.org/statements      # one web page, read as an article
        every: 2h
        source: Ministry of Defence               # outlet, where the page does not say
      - name: Amaq exports
        telegram: /srv/exports/amaq               # a folder where Telegram Desktop exports land
        every: 5m

A feed or page is fetched with the validators of its last response (ETag, Last-Modified), so an
unchanged one costs a 304. A source that fails is retried later and later (its interval doubled
for each failure in a row, up to ``MAX_BACKOFF``); one source's failure never holds up another.
Every item is stored once: documents are keyed by their text, so polling again is harmless.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import yaml

from sitrep.app import Sitrep
from sitrep.errors import ConfigError, IngestError
from sitrep.ingest import READERS, Rejected, read_bytes
from sitrep.ingest.fetch import fetch_conditional
from sitrep.model import Document
from sitrep.store.sources import SourceHealth, SourceState

log = logging.getLogger(__name__)

KINDS = ("feed", "page", "telegram")
DEFAULT_EVERY = timedelta(minutes=15)
MAX_BACKOFF = timedelta(hours=6)
_DURATION = re.compile(r"^\s*(\d+)\s*(s|m|h|d)\s*$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


@dataclass(frozen=True)
class WatchSource:
    name: str
    kind: str
    target: str
    every: timedelta = DEFAULT_EVERY
    source: str | None = None
    """The outlet to record when an item does not name one."""


@dataclass
class PollResult:
    name: str
    status: str
    """"new items", "no new items", "not modified" or "failed"."""
    added: int = 0
    duplicates: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    error: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.name,
            "status": self.status,
            "added": self.added,
            "duplicates": self.duplicates,
            "rejected": [{"origin": r.origin, "reason": r.reason} for r in self.rejected],
            "error": self.error,
        }


def parse_every(value: Any, where: str) -> timedelta:
    if value is None:
        return DEFAULT_EVERY
    found = _DURATION.match(str(value))
    if not found:
        raise ConfigError(f"{where}: 'every' is a number and a unit (30s, 15m, 2h, 1d), not {value!r}")
    every = timedelta(**{_UNITS[found.group(2)]: int(found.group(1))})
    if every < timedelta(seconds=1):
        raise ConfigError(f"{where}: 'every' must be a second or more")
    return every


def load_watch_file(path: Path) -> list[WatchSource]:
    """The watch list; ConfigError naming the entry on any mistake."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as exc:
        raise ConfigError(f"cannot read the watch list {path}: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from exc
    entries = data.get("sources") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ConfigError(f"{path}: expected a list under 'sources'")
    out: list[WatchSource] = []
    for n, entry in enumerate(entries, start=1):
        where = f"{path}: source {n}"
        if not isinstance(entry, dict):
            raise ConfigError(f"{where}: expected a mapping")
        kinds = [k for k in KINDS if entry.get(k)]
        if len(kinds) != 1:
            raise ConfigError(f"{where}: give exactly one of {', '.join(KINDS)}")
        kind = kinds[0]
        target = str(entry[kind])
        if kind in {"feed", "page"} and not target.startswith(("http://", "https://")):
            raise ConfigError(f"{where}: a {kind} is an http(s) URL")
        name = str(entry.get("name") or target)
        if any(s.name == name for s in out):
            raise ConfigError(f"{where}: the name {name!r} is used twice")
        unknown = set(entry) - {"name", "every", "source", *KINDS}
        if unknown:
            raise ConfigError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
        source = entry.get("source")
        out.append(WatchSource(name, kind, target, parse_every(entry.get("every"), where), source))
    return out


class Watcher:
    def __init__(
        self,
        app: Sitrep,
        sources: list[WatchSource],
        *,
        transport: httpx.BaseTransport | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.app = app
        self.sources = sources
        self.health = SourceHealth(app.store)
        self.transport = transport
        self.clock = clock

    def _state(self, ws: WatchSource) -> SourceState:
        state = self.health.get(ws.name)
        if state is None or state.target != ws.target or state.kind != ws.kind:
            # A new source, or one pointed elsewhere: old validators would be wrong.
            return SourceState(ws.name, ws.kind, ws.target, items_seen=state.items_seen if state else 0)
        return state

    def due(self) -> list[WatchSource]:
        now = self.clock()
        return [
            ws
            for ws in self.sources
            if (state := self.health.get(ws.name)) is None
            or state.target != ws.target
            or state.next_due_at is None
            or state.next_due_at <= now
        ]

    def next_due(self) -> datetime | None:
        """When the next watched source is due: now if one has never been polled."""
        due = {s.name: s.next_due_at for s in self.health.all()}
        if any(ws.name not in due for ws in self.sources):
            return self.clock()
        return min((t for ws in self.sources if (t := due[ws.name]) is not None), default=None)

    def _items(
        self, ws: WatchSource, state: SourceState
    ) -> tuple[list[Document | Rejected], SourceState, bool]:
        """The source's items, its state with fresh validators, and whether it changed (False
        only for an HTTP 304)."""
        config = self.app.config
        if ws.kind == "telegram":
            folder = Path(ws.target)
            if not folder.is_dir():
                raise IngestError(f"no such folder {folder}")
            items: list[Document | Rejected] = []
            for file in sorted(p for p in folder.rglob("*.json") if p.is_file()):
                size = file.stat().st_size
                if size > config.max_document_bytes:
                    items.append(
                        Rejected(str(file), f"too large: {size} bytes (limit {config.max_document_bytes})")
                    )
                    continue
                items.extend(READERS["telegram"](file.read_bytes(), str(file)))
            return items, state, True
        fetched = fetch_conditional(
            ws.target, config, etag=state.etag, last_modified=state.last_modified, transport=self.transport
        )
        validators = replace(state, etag=fetched.etag, last_modified=fetched.last_modified)
        if fetched.status == 304:
            return [], validators, False
        kind = "feed" if ws.kind == "feed" else "html" if fetched.content_type != "application/pdf" else "pdf"
        found = []
        for item in read_bytes(fetched.body, ws.target, kind):
            if isinstance(item, Document) and item.url is None and ws.kind == "page":
                item = replace(item, url=fetched.url)
            found.append(item)
        return found, validators, True

    def poll(self, ws: WatchSource) -> PollResult:
        """Read one source now, store what is new, and record how it went."""
        state = self._state(ws)
        now = self.clock()
        state = replace(state, last_checked_at=now)
        try:
            items, state, changed = self._items(ws, state)
        except IngestError as exc:
            failures = state.failures + 1
            wait = min(ws.every * (2 ** min(failures, 16)), MAX_BACKOFF)
            self.health.save(
                replace(
                    state,
                    failures=failures,
                    last_error=str(exc),
                    last_error_at=now,
                    next_due_at=now + max(wait, ws.every),
                )
            )
            log.warning("watch %s failed (%d in a row): %s", ws.name, failures, exc)
            return PollResult(ws.name, "failed", error=str(exc))
        result = PollResult(ws.name, "new items" if changed else "not modified")
        for item in items:
            if isinstance(item, Rejected):
                self.app.store.add_rejection(item.origin, item.reason)
                result.rejected.append(item)
                continue
            document = replace(item, source=item.source or ws.source or ws.name)
            _, created = self.app.store.add_document(document, origin=ws.target)
            result.added += created
            result.duplicates += not created
        if changed and not result.added:
            result.status = "no new items"
        self.health.save(
            replace(
                state,
                failures=0,
                last_success_at=now,
                next_due_at=now + ws.every,
                items_seen=state.items_seen + len(items),
                documents_added=state.documents_added + result.added,
            )
        )
        return result

    def run_once(self) -> list[PollResult]:
        """Poll every due source, then extract what arrived."""
        results = [self.poll(ws) for ws in self.due()]
        if any(r.added for r in results):
            self.app.extract()
        return results

    def run(self, stop: threading.Event, report: Callable[[PollResult], None] | None = None) -> None:
        """Poll until ``stop`` is set, sleeping until the next source is due."""
        while not stop.is_set():
            for result in self.run_once():
                if report is not None:
                    report(result)
            upcoming = self.next_due()
            wait = 60.0 if upcoming is None else (upcoming - self.clock()).total_seconds()
            stop.wait(timeout=min(max(wait, 0.5), 60.0))
