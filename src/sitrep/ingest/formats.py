"""One reader a format. Each takes bytes and where they came from, and yields documents or
rejections: one bad item never stops the others."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any
from xml.etree import ElementTree
from xml.sax import SAXException

import feedparser
import trafilatura
import yaml
from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import fromstring as defused_fromstring
from lxml import html as lxml_html
from pypdf import PdfReader

from sitrep.errors import IngestError
from sitrep.model import Document


@dataclass(frozen=True)
class Rejected:
    """An item that could not be read, and why."""

    origin: str
    reason: str


Item = Document | Rejected


def decode(data: bytes, origin: str) -> str:
    """Text from bytes: UTF-8 (with or without BOM), else Windows-1252; binary is refused."""
    if b"\x00" in data[:4096]:
        raise IngestError(f"{origin}: binary content (NUL bytes), not a text document")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise IngestError(f"{origin}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
        return text


def parse_time(value: Any) -> time | None:
    """The UTC time of day in an ISO date-time string or a datetime; None for a bare date."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str) and "T" in value:
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    else:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.time().replace(tzinfo=None)


def parse_date(value: Any) -> date | None:
    """A date from an ISO string, a datetime, or a date; None when absent or unreadable."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for candidate in (text[:10], text):
        try:
            return date.fromisoformat(candidate)
        except ValueError:
            continue
    return None


def _paragraphs(text: str) -> str:
    """Single line breaks between blocks become blank lines, so paragraphs stay paragraphs."""
    lines = [line.strip() for line in text.splitlines()]
    return "\n\n".join(line for line in lines if line)


def read_text(data: bytes, origin: str) -> Iterator[Item]:
    """Plain text; optional "Source:" / "Published:" / "Title:" / "URL:" header lines."""
    text = decode(data, origin)
    meta: dict[str, str] = {}
    lines = text.splitlines()
    while lines and (m := re.match(r"^(Source|Published|Title|URL):\s*(.+)$", lines[0], re.I)):
        meta[m.group(1).lower()] = m.group(2).strip()
        lines.pop(0)
    yield _with_header("\n".join(lines).strip(), meta, "text", origin)


def _with_header(body: str, meta: dict[str, Any], fmt: str, origin: str) -> Item:
    """A document from its body and the source/published/title/url lines or front matter above it."""
    if not body:
        return Rejected(origin, "empty document: no text")
    return Document(
        text=body,
        source=meta.get("source"),
        published=parse_date(meta.get("published")),
        title=meta.get("title"),
        url=meta.get("url"),
        format=fmt,
    )


def read_markdown(data: bytes, origin: str) -> Iterator[Item]:
    """Markdown with optional YAML front matter (source, published, title, url)."""
    text = decode(data, origin)
    meta: dict[str, Any] = {}
    if text.startswith("---"):
        parts = text.split("\n---", 1)
        if len(parts) == 2:
            try:
                loaded = yaml.safe_load(parts[0].lstrip("-\n"))
            except (yaml.YAMLError, ValueError) as exc:
                # ValueError: YAML reads 2017-13-03 as a date and the calendar refuses it.
                yield Rejected(origin, f"malformed front matter: {exc}")
                return
            if isinstance(loaded, dict):
                meta = loaded
                text = parts[1].lstrip("-").lstrip("\n")
    yield _with_header(re.sub(r"^#+\s*", "", text, flags=re.M).strip(), meta, "markdown", origin)


def read_html(data: bytes, origin: str) -> Iterator[Item]:
    """A web page: its main text (trafilatura), outlet, date, title and canonical URL."""
    try:
        # trafilatura returns its Document (or a dict with as_dict=True); read it as Any.
        result: Any = trafilatura.bare_extraction(
            data, with_metadata=True, include_comments=False, include_tables=False
        )
    except RecursionError:
        yield Rejected(origin, "unreadable HTML: nested too deeply to read")
        return
    except Exception as exc:
        yield Rejected(origin, f"unreadable HTML: {type(exc).__name__}: {exc}")
        return
    if result is None or not (result.text or "").strip():
        yield Rejected(origin, "no main text found in the HTML page")
        return
    yield Document(
        text=_paragraphs(result.text),
        source=result.sitename or None,
        published=parse_date(result.date),
        title=result.title,
        url=result.url,
        format="html",
    )


def read_pdf(data: bytes, origin: str) -> Iterator[Item]:
    """A PDF's text layer; outlet from /Author, date from /CreationDate."""
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            yield Rejected(origin, "encrypted PDF: cannot read its text")
            return
        text = "\n\n".join((page.extract_text() or "").strip() for page in reader.pages)
        meta = reader.metadata
    except RecursionError:
        yield Rejected(origin, "unreadable PDF: its objects nest too deeply")
        return
    except Exception as exc:
        # pypdf meets a corrupt file with whatever its internals raise (LimitReachedError,
        # TypeError on a null object, ...): all of them mean the same to a reader of reports.
        yield Rejected(origin, f"unreadable PDF: {type(exc).__name__}: {exc}")
        return
    if not text.strip():
        yield Rejected(origin, "PDF has no text layer (scanned images only?)")
        return
    published = None
    if meta is not None:
        try:
            created = meta.creation_date
        except (ValueError, TypeError):
            created = None
        published = created.date() if created else None
    # pypdf keeps the layout's line breaks; a paragraph is a run of lines ending in a stop.
    joined = re.sub(r"(?<![.:!?])\n(?!\n)", " ", text)
    yield Document(
        text=joined.strip(),
        source=(meta.author if meta else None) or None,
        published=published,
        title=(meta.title if meta else None) or None,
        format="pdf",
    )


def _strip_html(fragment: str) -> str:
    if "<" not in fragment:
        return fragment.strip()
    try:
        tree = lxml_html.fromstring(fragment)
    except (ValueError, lxml_html.etree.ParserError):
        return re.sub(r"<[^>]+>", " ", fragment).strip()
    blocks = [" ".join(el.text_content().split()) for el in tree.iter("p", "li", "h1", "h2", "h3")]
    blocks = [b for b in blocks if b]
    return "\n\n".join(blocks) if blocks else " ".join(tree.text_content().split())


def _refuse_entities(data: bytes) -> str | None:
    """Why a feed is refused unread, or None: an XML document that declares entities may be a
    "billion laughs" bomb or reach for local files (external entities); feeds never need them."""
    try:
        defused_fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except (EntitiesForbidden, ExternalReferenceForbidden, DTDForbidden) as exc:
        return f"refused: the XML declares entities ({type(exc).__name__}), as XML bombs do"
    except (DefusedXmlException, ElementTree.ParseError, ValueError):
        # Malformed XML: feedparser's lenient reading is tried next and reports its own error.
        return None
    return None


def read_feed(data: bytes, origin: str) -> Iterator[Item]:
    """RSS or Atom: one document an entry, the channel title as outlet."""
    refused = _refuse_entities(data)
    if refused:
        yield Rejected(origin, refused)
        return
    parsed = feedparser.parse(data)
    if parsed.bozo and not parsed.entries:
        yield Rejected(origin, f"malformed feed: {parsed.get('bozo_exception')}")
        return
    outlet = parsed.feed.get("title")
    broken = parsed.get("bozo_exception")
    if parsed.bozo and isinstance(broken, SAXException):
        # A feed cut off or broken part-way: the entries before the break are read, and the
        # break is reported, since whatever followed it is lost.
        yield Rejected(origin, f"malformed feed, read up to the error only: {broken}")
    for index, entry in enumerate(parsed.entries):
        where = f"{origin}#{entry.get('id') or index}"
        content = entry.get("content")
        raw = content[0].get("value") if content else entry.get("summary") or entry.get("description")
        if not raw:
            yield Rejected(where, "feed entry has no text")
            continue
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        published = date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday) if stamp else None
        # feedparser's parsed stamps are UTC.
        published_time = time(stamp.tm_hour, stamp.tm_min) if stamp else None
        text = _strip_html(raw)
        if not text:
            # "<p& gt;Clashes ...</p>" is one malformed tag to an HTML parser, as to a browser.
            yield Rejected(where, "feed entry has only markup, no text")
            continue
        title = entry.get("title")
        yield Document(
            text=text,
            source=outlet,
            published=published,
            title=title,
            url=entry.get("link"),
            format="feed",
            external_id=entry.get("id"),
            published_time=published_time,
        )


_JSONL_FIELDS: dict[str, type | tuple[type, ...]] = {
    "text": str,
    "source": (str, type(None)),
    "published": (str, type(None)),
    "url": (str, type(None)),
    "title": (str, type(None)),
    "id": (str, int, type(None)),
    "language": (str, type(None)),
}


def read_jsonl(data: bytes, origin: str) -> Iterator[Item]:
    """JSON Lines of report items: {"id", "text", "source"?, "published"?, "url"?, "title"?}."""
    text = decode(data, origin)
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{origin}:{number}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Rejected(where, f"not JSON: {exc.msg} at column {exc.colno}")
            continue
        if not isinstance(item, dict):
            yield Rejected(where, "a line must be a JSON object")
            continue
        wrong = [k for k, kinds in _JSONL_FIELDS.items() if k in item and not isinstance(item[k], kinds)]
        if wrong:
            yield Rejected(where, f"wrong type for field(s): {', '.join(wrong)}")
            continue
        if not (item.get("text") or "").strip():
            yield Rejected(where, "item has no text")
            continue
        published = parse_date(item.get("published"))
        published_time = parse_time(item.get("published"))
        if item.get("published") and published is None:
            yield Rejected(where, f"unreadable published date {item['published']!r}")
            continue
        yield Document(
            text=item["text"].strip(),
            source=item.get("source"),
            published=published,
            published_time=published_time,
            url=item.get("url"),
            title=item.get("title"),
            format="jsonl",
            language=item.get("language"),
            external_id=None if item.get("id") is None else str(item["id"]),
        )


def _telegram_text(value: Any) -> str:
    """A message's text: Telegram exports it as a string or as a list of strings and entities."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "".join(
            part if isinstance(part, str) else str(part.get("text", ""))
            for part in value
            if isinstance(part, str | dict)
        )
    return ""


def _telegram_chats(export: dict[str, Any]) -> list[dict[str, Any]]:
    # A channel's own export is one chat; a whole account's export lists them under "chats".
    if isinstance(export.get("messages"), list):
        return [export]
    chats = export.get("chats")
    listed = chats.get("list") if isinstance(chats, dict) else None
    return [c for c in listed if isinstance(c, dict)] if isinstance(listed, list) else []


def read_telegram(data: bytes, origin: str) -> Iterator[Item]:
    """A Telegram Desktop export (result.json): one document a text message, the channel as
    outlet ("Telegram: Amaq"), its date and time of posting, a t.me link where the channel has
    a public username."""
    try:
        export = json.loads(decode(data, origin))
    except json.JSONDecodeError as exc:
        yield Rejected(origin, f"not JSON: {exc.msg} at line {exc.lineno}")
        return
    chats = _telegram_chats(export) if isinstance(export, dict) else []
    if not chats:
        yield Rejected(origin, "not a Telegram export: no messages and no chats")
        return
    for chat in chats:
        name = chat.get("name") if isinstance(chat.get("name"), str) else None
        username = chat.get("username") if isinstance(chat.get("username"), str) else None
        messages = chat.get("messages")
        if not isinstance(messages, list):
            yield Rejected(f"{origin}#{name}", "chat has no list of messages")
            continue
        for message in messages:
            if not isinstance(message, dict) or message.get("type", "message") != "message":
                continue
            where = f"{origin}#{chat.get('id', name)}/{message.get('id')}"
            text = _telegram_text(message.get("text")).strip()
            if not text:
                continue
            posted = message.get("date")
            published = parse_date(posted) if isinstance(posted, str) else None
            if isinstance(posted, str) and published is None:
                yield Rejected(where, f"unreadable message date {posted!r}")
                continue
            yield Document(
                text=text,
                source=f"Telegram: {name}" if name else "Telegram",
                published=published,
                published_time=parse_time(posted),
                url=f"https://t.me/{username}/{message['id']}" if username and "id" in message else None,
                format="telegram",
                external_id=f"telegram:{chat.get('id', name)}:{message.get('id')}",
            )
