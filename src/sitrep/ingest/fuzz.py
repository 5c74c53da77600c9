"""Inputs for fuzzing the readers: real samples of each format and ways to break them.

Used by the property tests (a fixed number of inputs in CI) and by benchmarks/fuzz_ingest.py
(a longer run that reports how many inputs it tried and keeps any that crash a reader).
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable

# One small, valid sample a format, written here so the fuzzer needs no files.
SAMPLES: dict[str, bytes] = {
    "text": b"Source: SANA\nPublished: 2017-11-03\n\nOn November 3, 2017, a car bomb exploded in Hader.\n",
    "markdown": (
        b"---\nsource: Khutwa\npublished: 2017-11-03\n---\n# Attack\n\nClashes near *Hader* killed 12.\n"
    ),
    "html": (
        b"<!DOCTYPE html><html><head><title>Attack</title><meta property='og:site_name' content='Haaretz'>"
        b"</head><body><article><h1>Car bomb</h1><p>On November 3, 2017, a car bomb exploded in Hader, "
        b"killing 16 people, the Syrian news agency said.</p></article></body></html>"
    ),
    "feed": (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Murasiloun</title><item><title>A</title>'
        b"<pubDate>Sat, 04 Nov 2017 08:30:00 +0000</pubDate><description>&lt;p&gt;Clashes in Hader killed "
        b"dozens.&lt;/p&gt;</description></item></channel></rss>"
    ),
    "jsonl": (
        b'{"id": 1, "text": "A car bomb exploded in Aden.", "source": "Amaq", "published": "2017-11-05"}\n'
        b'{"id": 2, "text": "Clashes in Hader.", "published": "2017-11-06T10:00:00"}\n'
    ),
    "telegram": json.dumps(
        {
            "name": "Amaq",
            "id": 1,
            "messages": [
                {"id": 1, "type": "message", "date": "2017-11-05T09:00:00", "text": ["A ", {"text": "bomb"}]}
            ],
        }
    ).encode(),
    # A one-page PDF with a text layer and an author, as pypdf writes one.
    "pdf": (
        b"%PDF-1.3\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<\n/Producer (pypdf)\n/Author (SANA)\n>"
        b">\nendobj\n2 0 obj\n<<\n/Type /Pages\n/Count 1\n/Kids [ 4 0 R ]\n>>"
        b"\nendobj\n3 0 obj\n<<\n/Type /Catalog\n/Pages 2 0 R\n>>\nendobj\n4 0"
        b" obj\n<<\n/Type /Page\n/Resources <<\n/Font <<\n/F1 5 0 R\n>>\n>>\n/"
        b"MediaBox [ 0.0 0.0 200 200 ]\n/Parent 2 0 R\n/Contents 6 0 R\n>"
        b">\nendobj\n5 0 obj\n<<\n/Type /Font\n/Subtype /Type1\n/BaseFont /H"
        b"elvetica\n>>\nendobj\n6 0 obj\n<<\n/Length 47\n>>\nstream\nBT /F1 12"
        b" Tf 10 100 Td (Car bomb in Aden) Tj ET\nendstream\nendobj\nxref"
        b"\n0 7\n0000000000 65535 f \n0000000015 00000 n \n0000000069 0000"
        b"0 n \n0000000128 00000 n \n0000000177 00000 n \n0000000309 0000"
        b"0 n \n0000000379 00000 n \ntrailer\n<<\n/Size 7\n/Root 3 0 R\n/Inf"
        b"o 1 0 R\n>>\nstartxref\n476\n%%EOF\n"
    ),
}


def _flip(data: bytes, rng: random.Random) -> bytes:
    if not data:
        return data
    at = rng.randrange(len(data))
    return data[:at] + bytes([rng.randrange(256)]) + data[at + 1 :]


def _truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def _splice(data: bytes, rng: random.Random) -> bytes:
    other = rng.choice(list(SAMPLES.values()))
    at = rng.randrange(len(data) + 1)
    return data[:at] + other[rng.randrange(len(other) + 1) :]


def _repeat(data: bytes, rng: random.Random) -> bytes:
    if not data:
        return data
    a = rng.randrange(len(data))
    b = min(len(data), a + rng.randrange(1, 40))
    return data[:b] + data[a:b] * rng.randrange(2, 200) + data[b:]


def _nest(data: bytes, rng: random.Random) -> bytes:
    depth = rng.choice((50, 500, 5000))
    return b"<div>" * depth + data + b"</div>" * rng.randrange(depth + 1)


def _encoding(data: bytes, rng: random.Random) -> bytes:
    text = data.decode("utf-8", errors="replace")
    return text.encode(rng.choice(("utf-16", "latin-1", "cp1256", "utf-8-sig")), errors="replace")


def _insert_junk(data: bytes, rng: random.Random) -> bytes:
    junk = rng.choice(
        (b"\x00", b"\xff\xfe", b"<!ENTITY x 'y'>", b"]]>", b"&#0;", b"\xed\xa0\x80", b"{", b'"', b"\\u0000")
    )
    at = rng.randrange(len(data) + 1)
    return data[:at] + junk + data[at:]


MUTATIONS: tuple[Callable[[bytes, random.Random], bytes], ...] = (
    _flip,
    _truncate,
    _splice,
    _repeat,
    _nest,
    _encoding,
    _insert_junk,
)


def mutate(data: bytes, rng: random.Random, rounds: int = 3) -> bytes:
    """``data`` passed through a few random mutations."""
    for _ in range(rng.randrange(1, rounds + 1)):
        data = rng.choice(MUTATIONS)(data, rng)
    return data
