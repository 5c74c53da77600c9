"""Folding text for matching names: case, diacritics, apostrophes, hyphens, Arabic letter forms.

``fold`` keeps a map from each folded character back to the original offset, so a match
found in folded text is reported on the original span.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_APOSTROPHES = frozenset("'’‘ʼʻʿʾ`´′")
_SPACES = frozenset('-‐‑‒–—_/.,;:()[]"“”«»!?*')
# Arabic letter variants that writers use interchangeably.
# Persian writes kaf and yeh with letters of its own, and Arabic-script names cross between
# the languages ("دیر الزور", "دير الزور").
_ARABIC = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ی": "ي", "ک": "ك", "ة": "ه", "ۀ": "ه", "ـ": None}
)


@lru_cache(maxsize=4096)
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
    return _fold_ascii(text) if text.isascii() else _fold_table(text)


def _fold_chars(text: str) -> tuple[str, list[int]]:
    out: list[str] = []
    offsets: list[int] = []
    last = " "
    for i, ch in enumerate(text):
        if ch in _APOSTROPHES and text[i + 1 : i + 2] in {"s", "S"} and not text[i + 2 : i + 3].isalnum():
            # A possessive ("ISIS's") keeps its owner a whole word.
            ch = " "
        folded = _fold_char(ch)
        if len(folded) == 1:
            if folded == " " and last == " ":
                continue
            out.append(folded)
            offsets.append(i)
            last = folded
            continue
        for c in folded:
            if c == " " and last == " ":
                continue
            out.append(c)
            offsets.append(i)
            last = c
    return "".join(out), offsets


# A possessive's apostrophe, which ``_fold_chars`` turns into a space ("ISIS's").
_ANY_POSSESSIVE = re.compile("[" + re.escape("".join(sorted(_APOSTROPHES))) + "]" + r"(?=[sS](?![^\W_]))")


def _fold_table(text: str) -> tuple[str, list[int]]:
    """``_fold_chars`` by one translation, for text whose every character folds to at most one
    character (nearly all text): the others, and NUL (which stands for a dropped character
    below), go to the character walk."""
    table: dict[int, str] = {}
    for ch in set(text):
        folded = _fold_char(ch)
        if len(folded) > 1 or ch == "\x00":
            return _fold_chars(text)
        table[ord(ch)] = folded or "\x00"
    return _squeeze(_ANY_POSSESSIVE.sub(" ", text).translate(table))


_POSSESSIVE = re.compile(r"['`](?=[sS](?![A-Za-z0-9]))")
# Same length as the input: lower case, separators to spaces, apostrophes to NUL (dropped below).
_ASCII_SAME_LENGTH = str.maketrans(
    {
        **{chr(c): chr(c).lower() for c in range(128)},
        **{c: " " for c in _SPACES if c.isascii()},
        **{c: " " for c in " \t\n\r\f\v"},
        **{c: "\x00" for c in _APOSTROPHES if c.isascii()},
    }
)


def _fold_ascii(text: str) -> tuple[str, list[int]]:
    """``fold`` for ASCII text: one translation, then the dropped positions found by pattern."""
    same = _POSSESSIVE.sub(" ", text).translate(_ASCII_SAME_LENGTH)
    if "\x00" not in same and "  " not in same and not same.startswith(" "):
        return same, list(range(len(same)))
    return _squeeze(same)


def _squeeze(same: str) -> tuple[str, list[int]]:
    """Text translated one character for one, NUL standing for a character that folds to
    nothing: the NULs dropped, and the spaces that open the text or follow a space (NULs
    aside); with the offset of each character kept."""
    pieces: list[str] = []
    offsets: list[int] = []
    # Spaces and NULs opening the text are all dropped.
    pos = len(same) - len(same.lstrip(" \x00"))
    for run in _DROPPED.finditer(same, pos):
        start, end = run.span()
        pieces.append(same[pos:start])
        offsets.extend(range(pos, start))
        # A run of spaces and NULs keeps its first space.
        kept = same.find(" ", start, end)
        if kept != -1:
            pieces.append(" ")
            offsets.append(kept)
        pos = end
    pieces.append(same[pos:])
    offsets.extend(range(pos, len(same)))
    return "".join(pieces), offsets


# Runs of two or more spaces and NULs, and lone NULs. Written to open on one character
# class, which lets the engine skip ahead to the next space or NUL.
_DROPPED = re.compile(r"[ \x00](?:[ \x00]+|(?<=\x00))")


_ASCII_FOLD = str.maketrans(
    {**{c: "" for c in _APOSTROPHES if c.isascii()}, **{c: " " for c in _SPACES if c.isascii()}}
)
_RUNS = re.compile(r"\s+")


def fold_name(name: str) -> str:
    """A name as it is looked up: folded and trimmed (same result as ``fold``)."""
    if name.isascii() and "'s" not in name:
        return _RUNS.sub(" ", name.translate(_ASCII_FOLD).lower()).strip()
    return fold(name)[0].strip()
