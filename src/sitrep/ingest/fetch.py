"""HTTP fetching with limits in one place: timeout, redirects and response size."""

from __future__ import annotations

import httpx

from sitrep.config import Config
from sitrep.errors import IngestError


def fetch(url: str, config: Config, *, transport: httpx.BaseTransport | None = None) -> tuple[bytes, str]:
    """The body and media type at ``url``; IngestError on any failure or when over the limit."""
    limit = config.max_document_bytes
    try:
        with (
            httpx.Client(
                transport=transport,
                timeout=config.fetch_timeout,
                follow_redirects=True,
                max_redirects=config.max_redirects,
                headers={"User-Agent": config.user_agent},
            ) as client,
            client.stream("GET", url) as response,
        ):
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
                chunks.append(chunk)
            content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    except httpx.TooManyRedirects as exc:
        raise IngestError(f"too many redirects (limit {config.max_redirects})") from exc
    except httpx.HTTPError as exc:
        raise IngestError(f"fetch failed: {type(exc).__name__}: {exc}") from exc
    return b"".join(chunks), content_type
