"""Words of Arabic, Persian, Russian and French text as the lexicons match them.

``normalize`` folds the forms writers use interchangeably: Arabic hamza and alef forms, alef
maqsura and yaa, taa marbuta and haa, Persian kaf and yeh and their Arabic twins, diacritics
and tatweel, the zero-width non-joiner, Latin and Cyrillic accents (ё → е), letter case, and
Arabic-Indic and Persian digits to ASCII. A phrase table finds the lexicon's phrases among a
sentence's tokens, letting an Arabic word carry its clitics (و ف ب ل ك and the article) and a
lexicon word ending in ``*`` stand for every word it begins (Russian and French endings).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, NamedTuple, TypeVar

_V = TypeVar("_V")

_LETTERS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ؤ": "و",
        "ئ": "ي",
        "ى": "ي",
        "ی": "ي",
        "ي": "ي",
        "ک": "ك",
        "ة": "ه",
        "ۀ": "ه",
        "ـ": None,
        "\u200c": None,
        "\u200d": None,
        "ё": "е",
        "Ё": "е",
        "’": "'",
    }
)
_MARKS = "\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c\u200d"
_TOKEN = re.compile(rf"\d+|(?:[^\W\d_]|[{_MARKS}])+")
# A lexicon word: a token, maybe ending in the stem mark.
_PHRASE_WORD = re.compile(rf"(?:{_TOKEN.pattern})\*?")
# The Arabic conjunctions, prepositions and article that are written joined to the next word.
_CONJUNCTIONS = ("و", "ف")
_PREPOSITIONS = ("ب", "ل", "ك")
_ARTICLE = "ال"


@lru_cache(maxsize=65536)
def normalize(word: str) -> str:
    """A word (or phrase) as matched: see the module's docstring."""
    if word.isascii():
        return word.lower()
    text = word.translate(_LETTERS)
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    out = []
    for ch in kept:
        if ch.isdigit() and not ch.isascii():
            out.append(str(unicodedata.digit(ch)))
        else:
            out.append(ch)
    return "".join(out).lower()


class Token(NamedTuple):
    text: str
    start: int
    end: int
    norm: str


def tokenize(text: str) -> list[Token]:
    return [Token(m.group(), m.start(), m.end(), normalize(m.group())) for m in _TOKEN.finditer(text)]


@lru_cache(maxsize=65536)
def variants(norm: str) -> tuple[str, ...]:
    """The word and the word without the clitics an Arabic-script word may begin with."""
    if not norm or not ("\u0600" <= norm[0] <= "\u06ff"):
        return (norm,)
    found = [norm]
    stems = [norm]
    if norm[0] in _CONJUNCTIONS and len(norm) > 2:
        stems.append(norm[1:])
    for stem in list(stems):
        if stem[:1] in _PREPOSITIONS and len(stem) > 2:
            rest = stem[1:]
            # "للتنظيم": the preposition swallows the article's alef.
            stems.append(_ARTICLE + rest[1:] if stem.startswith("لل") else rest)
    for stem in stems:
        if stem.startswith(_ARTICLE) and len(stem) > 3:
            found.append(stem[2:])
        found.append(stem)
    return tuple(dict.fromkeys(found))


@dataclass(frozen=True)
class Match(Generic[_V]):
    first: int
    last: int
    value: _V
    phrase: str


class PhraseTable(Generic[_V]):
    """Phrases (normalised, space-separated words) mapped to values, found among tokens."""

    def __init__(self, items: Iterable[tuple[str, _V]]) -> None:
        self._exact: dict[str, list[tuple[tuple[str, ...], _V, str]]] = {}
        self._stems: list[tuple[str, tuple[str, ...], _V, str]] = []
        for phrase, value in items:
            words = tuple(normalize(w) for w in _PHRASE_WORD.findall(phrase))
            if not words:
                continue
            if words[0].endswith("*"):
                self._stems.append((words[0][:-1], words, value, phrase))
            else:
                self._exact.setdefault(words[0], []).append((words, value, phrase))
        for entries in self._exact.values():
            entries.sort(key=lambda e: -len(e[0]))
        self._stems.sort(key=lambda e: (-len(e[1]), -len(e[0])))

    def at(self, tokens: list[Token], i: int) -> Match[_V] | None:
        """The longest phrase starting at token ``i``."""
        best: Match[_V] | None = None
        for form in variants(tokens[i].norm):
            for words, value, phrase in self._exact.get(form, ()):
                if _rest(tokens, i, words) and (best is None or len(words) - 1 > best.last - best.first):
                    best = Match(i, i + len(words) - 1, value, phrase)
            for stem, words, value, phrase in self._stems:
                if (
                    form.startswith(stem)
                    and _rest(tokens, i, words)
                    and (best is None or len(words) - 1 > best.last - best.first)
                ):
                    best = Match(i, i + len(words) - 1, value, phrase)
        return best

    def find(self, tokens: list[Token]) -> Iterator[Match[_V]]:
        """Every phrase, left to right, without overlaps."""
        i = 0
        while i < len(tokens):
            found = self.at(tokens, i)
            if found is None:
                i += 1
                continue
            yield found
            i = found.last + 1


def _rest(tokens: list[Token], i: int, words: tuple[str, ...]) -> bool:
    for k, word in enumerate(words[1:], start=1):
        if i + k >= len(tokens):
            return False
        forms = variants(tokens[i + k].norm)
        if word.endswith("*"):
            if not any(f.startswith(word[:-1]) for f in forms):
                return False
        elif word not in forms:
            return False
    return True
