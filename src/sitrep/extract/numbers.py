"""Quantities as reports write them: "16", "11,182", "twenty-four", "more than 100", "dozens"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from sitrep.kb.registry import Lexicon

TOKEN = re.compile(r"\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?|[A-Za-z]+(?:['’][A-Za-z]+)?|[^\sA-Za-z\d]")


class Token(NamedTuple):
    """One word, number or sign; a named tuple, as a document's sentences make thousands."""

    text: str
    start: int
    end: int
    lower: str


@dataclass(frozen=True)
class Quantity:
    value: int
    qualifier: str
    first: int  # index of the first token of the phrase (qualifier included)
    last: int  # index of the last token


def tokenize(text: str) -> list[Token]:
    # tuple.__new__ builds each token without the named tuple's own __new__, a Python call.
    new = tuple.__new__
    return [new(Token, (word := m.group(), m.start(), m.end(), word.lower())) for m in TOKEN.finditer(text)]


def words_to_int(words: list[str], lexicon: Lexicon) -> int | None:
    """ "two hundred and five" → 205; None when the words are not a number."""
    total, current, seen = 0, 0, False
    for word in words:
        w = word.lower()
        if w == "and" and seen:
            continue
        if w not in lexicon.number_words or w in {"a", "an"}:
            return None
        value = lexicon.number_words[w]
        seen = True
        if value == 100:
            current = max(current, 1) * 100
        elif value == 1000:
            total += max(current, 1) * 1000
            current = 0
        else:
            current += value
    return total + current if seen else None


def _digits(text: str) -> int | None:
    cleaned = text.replace(",", "")
    if not (cleaned.isascii() and cleaned.isdigit()):
        return None
    return int(cleaned)


# Words that may stand inside a run of number words ("twenty - four", "two hundred and five").
_JOINERS = frozenset({"and", "-"})


def find_quantities(tokens: list[Token], lexicon: Lexicon, masked: set[int]) -> list[Quantity]:
    """Number phrases among ``tokens``; tokens whose index is in ``masked`` (dates) are skipped."""
    out: list[Quantity] = []
    number_words = lexicon.number_words
    # Read once: the loop below asks every token of every sentence with a casualty word.
    qualifier_phrases = lexicon.qualifier_phrases
    vague_phrases = lexicon.vague_phrases
    i = 0
    while i < len(tokens):
        lower = tokens[i].lower
        if i in masked or not (
            "0" <= lower[0] <= "9"
            or lower in qualifier_phrases
            or lower in number_words
            or lower in vague_phrases
            or lower in _JOINERS
        ):
            # Most tokens open no phrase: only a digit or a word of the tables above can.
            i += 1
            continue
        qualifier, q_first = "exact", i
        for parts, meaning in qualifier_phrases.get(tokens[i].lower, ()):
            if _at(tokens, i, parts):
                qualifier = meaning
                i += len(parts)
                break
        if i >= len(tokens) or i in masked:
            i = q_first + 1
            continue
        tok = tokens[i]
        value = _digits(tok.text)
        if value is not None:
            out.append(Quantity(value, qualifier, q_first, i))
            i += 1
            continue
        # Number words: take the longest run that parses ("twenty - four" included).
        j, best_end, best_value = i, -1, None
        run: list[str] = []
        while j < len(tokens) and (tokens[j].lower in number_words or tokens[j].lower in _JOINERS):
            if tokens[j].lower != "-":
                run.append(tokens[j].lower)
            parsed = words_to_int(run, lexicon)
            if parsed is not None:
                best_end, best_value = j, parsed
            j += 1
        if best_value is not None:
            out.append(Quantity(best_value, qualifier, q_first, best_end))
            i = best_end + 1
            continue
        vague = _vague(tokens, i, lexicon)
        if vague is not None:
            value, end, word = vague
            out.append(Quantity(value, word if qualifier == "exact" else qualifier, q_first, end))
            i = end + 1
            continue
        i = q_first + 1
    return out


def _at(tokens: list[Token], i: int, parts: tuple[str, ...]) -> bool:
    return all(i + k < len(tokens) and tokens[i + k].lower == w for k, w in enumerate(parts))


def _vague(tokens: list[Token], i: int, lexicon: Lexicon) -> tuple[int, int, str] | None:
    for parts, value in lexicon.vague_phrases.get(tokens[i].lower, ()):
        if _at(tokens, i, parts):
            phrase = " ".join(parts)
            end = i + len(parts) - 1
            if end + 1 < len(tokens) and tokens[end + 1].lower == "of":
                end += 1
            return value, end, phrase
    return None
