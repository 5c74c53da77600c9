"""Reading reports from files, folders and URLs into Documents.

``read`` is the one entry point: it walks folders, picks a reader by file type (by name,
then by sniffing the first bytes), enforces the size limit, and yields a ``Rejected`` with a
reason for anything it cannot read instead of raising, so a batch always goes on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import httpx

from sitrep.config import Config
from sitrep.errors import IngestError
from sitrep.ingest.fetch import fetch
from sitrep.ingest.formats import (
    Item,
    Rejected,
    read_feed,
    read_html,
    read_jsonl,
    read_markdown,
    read_pdf,
    read_telegram,
    read_text,
)
from sitrep.model import Document

__all__ = ["READERS", "Item", "Rejected", "read", "read_bytes"]

log = logging.getLogger(__name__)

Reader = Callable[[bytes, str], Iterator[Item]]
READERS: dict[str, Reader] = {
    "text": read_text,
    "markdown": read_markdown,
    "html": read_html,
    "pdf": read_pdf,
    "feed": read_feed,
    "jsonl": read_jsonl,
    "telegram": read_telegram,
}
_SUFFIXES = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "telegram",
}
_CONTENT_TYPES = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/pdf": "pdf",
    "application/rss+xml": "feed",
    "application/atom+xml": "feed",
    "application/xml": "feed",
    "text/xml": "feed",
    "text/plain": "text",
    "text/markdown": "markdown",
    "application/jsonl": "jsonl",
    "application/x-ndjson": "jsonl",
}


def sniff(data: bytes) -> str | None:
    """The format of ``data`` judged by its first bytes, or None when it says nothing."""
    head = data[:2048].lstrip().lower()
    if head.startswith(b"%pdf"):
        return "pdf"
    if head.startswith(b"<?xml") or head.startswith(b"<rss") or head.startswith(b"<feed"):
        return "feed" if (b"<rss" in head or b"<feed" in head or b"<rdf" in head) else "html"
    if head.startswith(b"<!doctype html") or head.startswith(b"<html"):
        return "html"
    if head.startswith(b"{"):
        return "jsonl"
    return None


def read_bytes(data: bytes, origin: str, kind: str | None = None) -> Iterator[Item]:
    """Documents in ``data``; ``kind`` names the format, else it is sniffed (text by default)."""
    fmt = kind or sniff(data) or "text"
    try:
        yield from READERS[fmt](data, origin)
    except IngestError as exc:
        yield Rejected(origin, str(exc).removeprefix(f"{origin}: "))


def _with_defaults(item: Item, source: str | None, published: date | None) -> Item:
    if isinstance(item, Document):
        return replace(item, source=item.source or source, published=item.published or published)
    return item


def _read_file(path: Path, config: Config) -> Iterator[Item]:
    origin = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        yield Rejected(origin, f"cannot read: {exc.strerror}")
        return
    if size > config.max_document_bytes:
        yield Rejected(origin, f"too large: {size} bytes (limit {config.max_document_bytes})")
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield Rejected(origin, f"cannot read: {exc.strerror}")
        return
    kind = _SUFFIXES.get(path.suffix.lower())
    sniffed = sniff(data)
    if kind == "feed" and sniffed == "html":
        kind = "html"
    yield from read_bytes(data, origin, kind or sniffed)


def read(
    target: str,
    config: Config,
    *,
    source: str | None = None,
    published: date | None = None,
    transport: httpx.BaseTransport | None = None,
) -> Iterator[Item]:
    """Every document in a file, a folder (recursively, in name order) or an http(s) URL.

    ``source`` and ``published`` fill in what a document does not say itself.
    """
    if target.startswith(("http://", "https://")):
        try:
            data, content_type = fetch(target, config, transport=transport)
        except IngestError as exc:
            yield Rejected(target, str(exc))
            return
        kind = _CONTENT_TYPES.get(content_type) or sniff(data)
        for item in read_bytes(data, target, kind):
            if isinstance(item, Document) and item.url is None:
                item = replace(item, url=target)
            yield _with_defaults(item, source, published)
        return
    path = Path(target)
    if path.is_dir():
        # A folder's README or LICENSE describes the folder; it is not a report.
        files = sorted(
            p
            for p in path.rglob("*")
            if p.is_file()
            and not p.name.startswith(".")
            and p.stem.upper() not in {"README", "LICENSE", "NOTICE"}
        )
        for file in files:
            if file.suffix.lower() not in _SUFFIXES:
                log.debug("skipping %s: not a report format", file)
                continue
            for item in _read_file(file, config):
                yield _with_defaults(item, source, published)
        return
    if not path.exists():
        yield Rejected(target, "no such file or folder")
        return
    for item in _read_file(path, config):
        yield _with_defaults(item, source, published)
