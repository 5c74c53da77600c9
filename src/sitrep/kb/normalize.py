"""Folding text for matching names: case, diacritics, apostrophes, hyphens, Arabic letter forms.

``fold`` keeps a map from each folded character back to the original offset, so a match
found in folded text is reported on the original span.
"""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = frozenset("'’‘ʼʻʿʾ`´′")
_SPACES = frozenset('-‐‑‒–—_/.,;:()[]"“”«»!?*')
# Arabic letter variants that writers use interchangeably.
_ARABIC = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ـ": None})


def _fold_char(ch: str) -> str:
    if ch in _APOSTROPHES:
        return ""
    if ch in _SPACES or ch.isspace():
        return " "
    decomposed = unicodedata.normalize("NFKD", ch.translate(_ARABIC))
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return kept.lower()


def fold(text: str) -> tuple[str, list[int]]:
    """Folded text and, for each of its characters, the offset of the original character.

    Runs of white space collapse to one space, so "Deir  al-Zor" and "Deir al Zor" fold alike.
    """
    out: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        if ch in _APOSTROPHES and text[i + 1 : i + 2] in {"s", "S"} and not text[i + 2 : i + 3].isalnum():
            # A possessive ("ISIS's") keeps its owner a whole word.
            ch = " "
        for c in _fold_char(ch):
            if c == " " and (not out or out[-1] == " "):
                continue
            out.append(c)
            offsets.append(i)
    return "".join(out), offsets


_ASCII_FOLD = str.maketrans(
    {**{c: "" for c in _APOSTROPHES if c.isascii()}, **{c: " " for c in _SPACES if c.isascii()}}
)
_RUNS = re.compile(r"\s+")


def fold_name(name: str) -> str:
    """A name as it is looked up: folded and trimmed (same result as ``fold``)."""
    if name.isascii() and "'s" not in name:
        return _RUNS.sub(" ", name.translate(_ASCII_FOLD).lower()).strip()
    return fold(name)[0].strip()
