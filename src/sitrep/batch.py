"""Parsing many documents at once, in one process or spread over worker processes.

Each worker builds its own knowledge base and matcher once, then parses the documents it is
sent in chunks; results come back in input order. Nothing is stored.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from functools import cache, partial
from itertools import islice

from sitrep.app import Sitrep
from sitrep.config import Config
from sitrep.model import Document, Incident

CHUNK = 32


@dataclass(frozen=True)
class BatchItem:
    """One line of a batch: its id and the document it carries, or why it could not be read."""

    id: str
    document: Document | None
    error: str | None = None


@dataclass(frozen=True)
class BatchResult:
    id: str
    incidents: tuple[Incident, ...] = ()
    error: str | None = None


def read_batch(lines: Iterable[str], today: date) -> Iterator[BatchItem]:
    """Batch items from JSON Lines of {"id", "text", "published"?, "source"?}."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        item_id = str(number)
        try:
            item = json.loads(line)
            if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                raise ValueError("a line must be an object with a text string")
            item_id = str(item.get("id", number))
            when = date.fromisoformat(item["published"]) if item.get("published") else today
            source = item.get("source")
            if source is not None and not isinstance(source, str):
                raise ValueError("source must be a string")
            yield BatchItem(item_id, Document(text=item["text"], source=source, published=when))
        except (ValueError, TypeError, KeyError) as exc:
            yield BatchItem(item_id, None, f"line {number}: {exc}")


def _parse_one(app: Sitrep, item: BatchItem) -> BatchResult:
    if item.document is None:
        return BatchResult(item.id, error=item.error)
    try:
        return BatchResult(item.id, tuple(app.parse(item.document)))
    except Exception as exc:  # one bad document must not end the batch
        return BatchResult(item.id, error=f"{type(exc).__name__}: {exc}")


@cache
def worker_app(config: Config) -> Sitrep:
    """The worker process's application, built on its first chunk and kept for the rest."""
    return Sitrep(config)


def _parse_chunk(config: Config, items: list[BatchItem]) -> list[BatchResult]:
    app = worker_app(config)
    return [_parse_one(app, item) for item in items]


def _chunks(items: Iterable[BatchItem], size: int) -> Iterator[list[BatchItem]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def parse_batch(items: Iterable[BatchItem], app: Sitrep, workers: int = 1) -> Iterator[BatchResult]:
    """Parse every item, in order; ``workers`` > 1 spreads the work over that many processes."""
    if workers <= 1:
        for item in items:
            yield _parse_one(app, item)
        return
    # Build the place index here, once, rather than in every worker at the same moment.
    app.extractor  # noqa: B018
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for results in pool.map(partial(_parse_chunk, app.config), _chunks(items, CHUNK)):
            yield from results
