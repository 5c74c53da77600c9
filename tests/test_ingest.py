"""Every supported format from the demo corpus, bad items rejected with a reason, and a real
HTTP server on 127.0.0.1 for URLs."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from sitrep.app import Sitrep
from sitrep.config import Config
from sitrep.ingest import Rejected, read
from sitrep.model import Document

from .conftest import DEMO

# The test server is on 127.0.0.1, which is refused unless allowed.
CONFIG = Config(fetch_allow="127.0.0.1")


def docs(target: str | Path, config: Config = CONFIG) -> list[Document | Rejected]:
    return list(read(str(target), config))


def test_html_main_text_and_metadata() -> None:
    (doc,) = docs(DEMO / "html" / "haaretz-2017-11-03-hader-car-bomb.html")
    assert isinstance(doc, Document)
    assert doc.source == "Haaretz" and doc.published == date(2017, 11, 3)
    assert "Hader" in doc.text and "cookie" not in doc.text.lower()
    assert doc.url and doc.url.startswith("https://")


def test_feed_entries_become_documents() -> None:
    found = docs(DEMO / "feeds" / "murasiloun.xml")
    assert len(found) == 4 and all(isinstance(d, Document) for d in found)
    assert {d.source for d in found if isinstance(d, Document)} == {"Murasiloun"}


def test_pdf_text_and_metadata() -> None:
    (doc,) = docs(DEMO / "pdf" / "russian-mod-2017-11-03-abu-kamal-strikes.pdf")
    assert isinstance(doc, Document)
    assert doc.source == "Russian Ministry of Defence" and doc.published == date(2017, 11, 3)
    assert "Abu Kamal" in doc.text


def test_markdown_front_matter_and_text_headers() -> None:
    (md,) = docs(DEMO / "markdown" / "sohr-2017-11-06-hadar-clashes.md")
    (txt,) = docs(DEMO / "text" / "egyptian-army-2017-11-02-north-sinai.txt")
    assert isinstance(md, Document) and md.source == "Syrian Observatory for Human Rights"
    assert md.published == date(2017, 11, 6) and not md.text.startswith("---")
    assert isinstance(txt, Document) and txt.published == date(2017, 11, 2)


def test_whole_demo_folder_reads_without_rejections() -> None:
    found = docs(DEMO)
    assert not [d for d in found if isinstance(d, Rejected)]
    assert len(found) == 47


def test_bad_jsonl_lines_are_rejected_and_the_rest_read(tmp_path: Path) -> None:
    path = tmp_path / "items.jsonl"
    path.write_text(
        '{"id": "a", "text": "Five civilians were wounded.", "published": "2017-11-04"}\n'
        "{not json\n"
        '{"id": "b", "text": 42}\n'
        '{"id": "c", "text": "x", "published": "yesterday"}\n'
        '["a list"]\n'
        '{"id": "d", "text": "Clashes near Hader."}\n',
        encoding="utf-8",
    )
    found = docs(path)
    good = [d for d in found if isinstance(d, Document)]
    bad = [d for d in found if isinstance(d, Rejected)]
    assert [d.external_id for d in good] == ["a", "d"]
    assert [r.origin for r in bad] == [f"{path}:2", f"{path}:3", f"{path}:4", f"{path}:5"]
    assert "not JSON" in bad[0].reason and "wrong type" in bad[1].reason


def test_binary_oversized_and_missing_files_are_rejected(tmp_path: Path) -> None:
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    big = tmp_path / "big.txt"
    big.write_text("word " * 1000)
    assert "binary" in docs(binary)[0].reason  # type: ignore[union-attr]
    small = Config(max_document_bytes=100)
    assert "too large" in docs(big, small)[0].reason  # type: ignore[union-attr]
    assert "no such file" in docs(tmp_path / "missing.txt")[0].reason  # type: ignore[union-attr]


def test_broken_pdf_and_feed_are_rejected(tmp_path: Path) -> None:
    pdf = tmp_path / "broken.pdf"
    pdf.write_bytes(b"%PDF-1.7\n this is not a pdf at all")
    feed = tmp_path / "broken.xml"
    feed.write_bytes(b"<rss><channel><title>X</title><item><title>unterminated")
    (bad_pdf,) = docs(pdf)
    assert isinstance(bad_pdf, Rejected)
    found = docs(feed)
    assert all(isinstance(d, Rejected) for d in found) and found


def test_windows_1252_text_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "old.txt"
    path.write_bytes("Source: Al Arabiya\n\nClashes in Dar\xe2a killed 3 people.".encode("cp1252"))
    (doc,) = docs(path)
    assert isinstance(doc, Document) and "Darâa" in doc.text


class _Handler(BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, tuple[int, str, bytes]]] = {}

    def do_GET(self) -> None:
        status, kind, body = self.routes.get(self.path, (404, "text/plain", b"not found"))
        if status in (301, 302):
            self.send_response(status)
            self.send_header("Location", body.decode())
            self.end_headers()
            return
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture
def server() -> Iterator[str]:
    feed = (DEMO / "feeds" / "murasiloun.xml").read_bytes()
    _Handler.routes = {
        "/feed.xml": (200, "application/rss+xml", feed),
        "/moved": (302, "", b"/feed.xml"),
        "/loop": (302, "", b"/loop"),
        "/gone": (500, "text/plain", b"boom"),
    }
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_feed_over_http(server: str) -> None:
    found = docs(f"{server}/moved")
    assert len(found) == 4 and all(isinstance(d, Document) for d in found)


def test_http_failures_are_rejections(server: str) -> None:
    assert "HTTP 500" in docs(f"{server}/gone")[0].reason  # type: ignore[union-attr]
    assert "redirects" in docs(f"{server}/loop")[0].reason  # type: ignore[union-attr]
    tiny = Config(max_document_bytes=50, fetch_allow="127.0.0.1")
    assert "too large" in docs(f"{server}/feed.xml", tiny)[0].reason  # type: ignore[union-attr]


def test_a_time_of_publication_is_kept_when_given() -> None:
    from datetime import time

    from sitrep.ingest.formats import parse_time

    assert parse_time("2017-11-02T20:00:00+00:00") == time(20, 0)
    assert parse_time("2017-11-02T23:30:00+03:00") == time(20, 30)
    assert parse_time("2017-11-02") is None


@pytest.mark.databases
def test_ingest_stores_each_report_once_and_records_what_it_rejects(app: Sitrep, tmp_path: Path) -> None:
    items = tmp_path / "items.jsonl"
    items.write_text(
        '{"id": "a", "text": "Five civilians were wounded in Hader.", "published": "2017-11-04"}\n'
        "{not json\n",
        encoding="utf-8",
    )
    read_alone = [d for d in docs(DEMO) if isinstance(d, Document)]
    first = app.ingest([str(DEMO), str(items)])
    assert first.added == len(read_alone) + 1 and first.duplicates == 0
    assert [r.origin for r in first.rejected] == [f"{items}:2"]
    again = app.ingest([str(DEMO), str(items)])
    assert again.added == 0 and again.duplicates == first.added
    counts = app.store.counts()
    assert counts["documents"] == first.added and counts["rejections"] == 2
    assert [origin for origin, _ in app.store.iter_rejections()] == [f"{items}:2", f"{items}:2"]
    stored = {d.hash: d for _, d in app.store.pending_documents("none yet")}
    for doc in read_alone:
        back = stored[doc.hash]
        assert (back.text, back.source, back.published, back.published_time, back.title, back.url) == (
            doc.text,
            doc.source,
            doc.published,
            doc.published_time,
            doc.title,
            doc.url,
        )
