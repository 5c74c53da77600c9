"""HTTP fetching with every limit in one place: addresses, redirects, size and time.

A URL from a feed or a configuration file is not trusted: before each request, the first and
every redirect, the host's addresses are checked, and private, loopback, link-local and other
non-public addresses are refused unless the ``fetch_allow`` setting names them (tests allow
127.0.0.1). Redirects are followed by hand so that each hop is checked. Conditional requests
(ETag, Last-Modified) let a watcher poll a feed without downloading it again.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from sitrep.config import Config
from sitrep.errors import IngestError

_REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class Fetched:
    """A response: 304 (not modified, no body) or 200 with the body and its validators."""

    status: int
    body: bytes
    content_type: str
    etag: str | None
    last_modified: str | None
    url: str


def _allowed(config: Config) -> tuple[set[str], list[ipaddress.IPv4Network | ipaddress.IPv6Network]]:
    hosts: set[str] = set()
    networks: list[ipaddress.IPv4Network | ipaddress.IPv6Network] = []
    for entry in (e.strip() for e in config.fetch_allow.split(",")):
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            hosts.add(entry.lower())
    return hosts, networks


def check_address(url: str, config: Config) -> None:
    """Refuse a URL whose host is, or resolves to, a non-public address not explicitly allowed."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"}:
        raise IngestError(f"refused: only http and https URLs are fetched, not {parts.scheme or 'none'}")
    host = (parts.hostname or "").lower()
    if not host:
        raise IngestError("refused: the URL names no host")
    hosts, networks = _allowed(config)
    if host in hosts:
        return
    try:
        addresses = {ipaddress.ip_address(host)}
    except ValueError:
        try:
            infos = socket.getaddrinfo(host, parts.port or (443 if parts.scheme == "https" else 80))
        except (socket.gaierror, UnicodeError) as exc:
            raise IngestError(f"cannot resolve {host}: {exc}") from exc
        addresses = {ipaddress.ip_address(info[4][0]) for info in infos}
    for address in addresses:
        if any(address in network for network in networks):
            continue
        if not address.is_global or address.is_multicast:
            kind = (
                "loopback"
                if address.is_loopback
                else "link-local"
                if address.is_link_local
                else "private"
                if address.is_private
                else "non-public"
            )
            shown = host if host == str(address) else f"{host} ({address})"
            raise IngestError(f"refused: {shown} is a {kind} address (allow it with the fetch_allow setting)")


def fetch_conditional(
    url: str,
    config: Config,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    transport: httpx.BaseTransport | None = None,
) -> Fetched:
    """GET ``url`` with the validators of an earlier response; IngestError on any failure."""
    limit = config.max_document_bytes
    headers = {"User-Agent": config.user_agent}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    # httpx's timeout bounds each wait; the deadline bounds the whole exchange, so a server
    # trickling a byte a second cannot hold a fetch forever.
    deadline = time.monotonic() + config.fetch_timeout
    try:
        with httpx.Client(transport=transport, timeout=config.fetch_timeout, headers=headers) as client:
            for _ in range(config.max_redirects + 1):
                check_address(url, config)
                with client.stream("GET", url) as response:
                    if response.status_code in _REDIRECTS and "location" in response.headers:
                        url = urljoin(url, response.headers["location"])
                        continue
                    if response.status_code == 304:
                        return Fetched(304, b"", "", etag, last_modified, url)
                    if response.status_code >= 400:
                        raise IngestError(f"HTTP {response.status_code} from {url}")
                    declared = response.headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > limit:
                        raise IngestError(f"too large: {declared} bytes (limit {limit})")
                    chunks: list[bytes] = []
                    received = 0
                    for chunk in response.iter_bytes():
                        received += len(chunk)
                        if received > limit:
                            raise IngestError(f"too large: more than {limit} bytes")
                        if time.monotonic() > deadline:
                            raise IngestError(f"too slow: not done in {config.fetch_timeout:g} s")
                        chunks.append(chunk)
                    return Fetched(
                        response.status_code,
                        b"".join(chunks),
                        response.headers.get("content-type", "").split(";")[0].strip().lower(),
                        response.headers.get("etag"),
                        response.headers.get("last-modified"),
                        url,
                    )
    except httpx.HTTPError as exc:
        raise IngestError(f"fetch failed: {type(exc).__name__}: {exc}") from exc
    raise IngestError(f"too many redirects (limit {config.max_redirects})")


def fetch(url: str, config: Config, *, transport: httpx.BaseTransport | None = None) -> tuple[bytes, str]:
    """The body and media type at ``url``; IngestError on any failure or when over a limit."""
    fetched = fetch_conditional(url, config, transport=transport)
    return fetched.body, fetched.content_type
