"""Paragraphs, headings and sentences, with their offsets in the document."""

from __future__ import annotations

import re
from dataclasses import dataclass

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u00a0]*\n|\n(?=[ \t]*[-▶►◆•*][ \t])")
# "² Update of the initial report ...": a footnote, outside the story.
_FOOTNOTE = re.compile(r"[¹²³⁴⁵⁶⁷⁸⁹⁰]+\s")
_LINE_BREAK = re.compile(r"(?<=[.!?\"”)])[ \t]*\n(?=[ \t]*[A-Z\"“▶►◆•*-])|\n(?=[ \t]*[-▶►◆•*][ \t])")
_BULLET = re.compile(r"^[\s\-▶►◆•*]+")
# A sentence ends at . ! or ? (maybe followed by a quote or bracket) before white space and
# a capital, a digit, a quote or a bullet.
_SENTENCE_END = re.compile(r"[.!?][\"”’)\]*]*\s+(?=[\"“'(\[▶►◆•*]*[A-Z0-9])")
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "lt",
        "col",
        "gen",
        "maj",
        "capt",
        "sgt",
        "mt",
        "st",
        "no",
        "nos",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "inc",
        "ltd",
        "co",
        "corp",
        "vs",
        "etc",
        "al",
        "u.s",
        "u.k",
        "u.n",
        "i.e",
        "e.g",
        "approx",
        "est",
        "dept",
        "gov",
        "sen",
        "rep",
        "fig",
    ]
)


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int
    heading: str | None
    section: int = 0
    """Offset of the heading above the sentence (0 before any heading): one section, one story."""


def _is_heading(text: str) -> bool:
    stripped = text.strip()
    return (
        0 < len(stripped) <= 120
        and "\n" not in stripped
        and stripped[-1] not in '.!?)"”'
        and not _BULLET.match(stripped)
        and stripped[:1].isupper()
        # "... northwest of al-Qa'im. #Anbar": a finished sentence inside is no heading.
        and not _SENTENCE_END.search(stripped)
    )


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of the non-blank paragraphs of ``text``."""
    spans: list[tuple[int, int]] = []
    pos = 0
    # Text with no blank line at all (feeds, digests) marks paragraphs by a line break after a
    # finished sentence.
    breaks = _PARAGRAPH_BREAK if "\n\n" in text.replace("\r", "") else _LINE_BREAK
    for match in breaks.finditer(text):
        spans.append((pos, match.start()))
        pos = match.end()
    spans.append((pos, len(text)))
    out: list[tuple[int, int]] = []
    for start, end in spans:
        chunk = text[start:end]
        if not chunk.strip():
            continue
        lead = len(chunk) - len(chunk.lstrip())
        trail = len(chunk) - len(chunk.rstrip())
        start, end = start + lead, end - trail
        if out and _continues_page(text, out[-1], start):
            # A page break cut the sentence: "... on the Syrian-Iraqi border\n\n(al-Jazeera, ...)".
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return [span for span in out if not _FOOTNOTE.match(text, span[0])]


def _continues_page(text: str, previous: tuple[int, int], start: int) -> bool:
    tail = text[previous[0] : previous[1]].rstrip()
    head = text[start : start + 1]
    return bool(tail) and tail[-1] not in '.!?:"”)' and (head.islower() or head == "(") and len(tail) > 120


def _word_closed(text: str, start: int, stop: int) -> str | None:
    """The word (letters, digits, "_" and dots) that the full stop before ``stop`` ends, not
    reaching back before ``start``: "Gen" in "Gen.", "U.S" in "U.S."."""
    if text[stop - 1] != ".":
        return None
    # Read back from the stop, rather than search forward from the sentence's start.
    i = stop - 1
    while i > start and (text[i - 1].isalnum() or text[i - 1] in "._"):
        i -= 1
    return text[i : stop - 1] or None


def _split_paragraph(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    pos = start
    chunk = text[start:end]
    for match in _SENTENCE_END.finditer(chunk):
        stop = start + match.start() + 1
        word = _word_closed(text, pos, stop)
        if word and (word.lower() in _ABBREVIATIONS or len(word) == 1):
            continue
        spans.append((pos, start + match.end()))
        pos = start + match.end()
    spans.append((pos, end))
    return spans


def sentences(text: str) -> list[Sentence]:
    """Sentences in document order, each knowing its paragraph and the heading above it."""
    out: list[Sentence] = []
    heading: str | None = None
    section = 0
    spans = paragraphs(text)
    for index, (p_start, p_end) in enumerate(spans):
        block = text[p_start:p_end]
        # A heading heads something: the last paragraph of a text is never one.
        if index < len(spans) - 1 and _is_heading(block):
            heading = block.strip()
            section = p_start
            continue
        for s_start, s_end in _split_paragraph(text, p_start, p_end):
            raw = text[s_start:s_end]
            lead = len(raw) - len(raw.lstrip())
            body = raw.strip()
            bullet = _BULLET.match(body)
            if bullet:
                lead += bullet.end()
                body = body[bullet.end() :]
            if body:
                out.append(
                    Sentence(s_start + lead, s_start + lead + len(body), body, index, heading, section)
                )
    return out
